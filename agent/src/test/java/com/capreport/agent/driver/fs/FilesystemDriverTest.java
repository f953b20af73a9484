package com.capreport.agent.driver.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigNode;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverContext;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.driver.StorageDriver;
import com.capreport.agent.exec.CommandRunner;
import com.capreport.model.Extras;
import com.capreport.model.Json;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class FilesystemDriverTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Other processes write to the same file store while the test runs. */
    private static final long FREE_TOLERANCE = 256L << 20;

    @TempDir
    Path tmp;

    private Path a;
    private Path b;

    @BeforeEach
    void directories() throws IOException {
        a = Files.createDirectory(tmp.resolve("a"));
        b = Files.createDirectory(tmp.resolve("b"));
    }

    @Test
    void listsOneFilePoolPerPathWithTheFileStoresCapacity() throws Exception {
        StorageDriver driver = new FilesystemDriver("exports", List.of(a, b));

        List<DiscoveredPool> pools = driver.listPools(TIMEOUT);

        assertThat(driver.driverName()).isEqualTo("filesystem");
        assertThat(pools).extracting(DiscoveredPool::nativeId).containsExactly(a.toString(), b.toString());
        assertThat(pools).extracting(DiscoveredPool::name).containsExactly("a", "b");
        FileStore store = Files.getFileStore(a);
        for (DiscoveredPool p : pools) {
            assertThat(p.storageType()).isEqualTo("file");
            assertThat(p.status()).isEqualTo(store.isReadOnly() ? PoolStatus.DEGRADED : PoolStatus.AVAILABLE);
            assertThat(p.totalBytes()).isEqualTo(store.getTotalSpace()).isPositive();
            assertThat(p.freeBytes()).isCloseTo(store.getUsableSpace(), within(FREE_TOLERANCE))
                    .isBetween(0L, p.totalBytes());
            assertThat(p.description()).contains(p.nativeId());
        }
    }

    @Test
    void discoversTheFileSystemTypeUnderAdvanced() throws Exception {
        FileStore store = Files.getFileStore(a);

        DiscoveredPool pool = new FilesystemDriver("exports", List.of(a)).listPools(TIMEOUT).get(0);

        assertThat(Extras.lookup(pool.capabilities(), "advanced.fs.type"))
                .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(store.type()));
        assertThat(Extras.lookup(pool.capabilities(), "advanced.fs.readOnly"))
                .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(store.isReadOnly()));
        assertThat(store.type()).isNotBlank();
    }

    /**
     * The real statfs of a real directory (the temp dir and "/"), as {@code stat -f} prints it:
     * total = blocks, used = blocks − free, reserved = free − available, free to writers = available,
     * and the used percentage is df's Use% (used / (used + available)), not (total − available) / total.
     */
    @Test
    void reservedBlocksAreReportedAsReservedNotAsUsedAsStatfsAndDfSay() throws Exception {
        for (Path dir : List.of(a, Path.of("/"))) {
            DiscoveredPool pool = new FilesystemDriver("local-fs", List.of(dir)).listPools(TIMEOUT).get(0);
            String[] f = run("stat", "-f", "-c", "%S %b %f %a", dir.toString()).trim().split(" ");
            long block = Long.parseLong(f[0]);
            long total = Long.parseLong(f[1]) * block;
            long bfree = Long.parseLong(f[2]) * block;
            long bavail = Long.parseLong(f[3]) * block;
            @SuppressWarnings("unchecked")
            long reserved = ((Number) ((Map<String, Object>) pool.capabilities().get("advanced"))
                    .get("fs.reservedBytes")).longValue();

            assertThat(pool.totalBytes()).as(dir + " total").isEqualTo(total);
            assertThat(pool.freeBytes()).as(dir + " free to writers").isCloseTo(bavail, within(FREE_TOLERANCE));
            assertThat(reserved).as(dir + " reserved").isCloseTo(bfree - bavail, within(FREE_TOLERANCE));
            PoolSpec spec = new PoolSpec("id", null, null, "x", "file", "", PoolStatus.AVAILABLE, "", 0, 0, "d", "b",
                    "filesystem", "x", pool.totalBytes(), pool.freeBytes(), pool.capabilities(), Map.of());
            // df rounds Use% up; ours is rounded: the same within one point, on the same numbers.
            String pcent = run("df", "--output=pcent", dir.toString()).lines().skip(1).findFirst().orElseThrow()
                    .trim().replace("%", "");
            assertThat(spec.usedFraction() * 100).as(dir + " used %% against df's %s%%", pcent)
                    .isCloseTo(Double.parseDouble(pcent), within(1.0));
            assertThat(spec.usedBytes()).isCloseTo(total - bfree, within(2 * FREE_TOLERANCE));
        }
    }

    @Test
    void theSplitOfStatfsNumbersIsUsedReservedFree() {
        FilesystemDriver.Space s = FilesystemDriver.Space.of(1000, 600, 400);

        assertThat(s).isEqualTo(new FilesystemDriver.Space(1000, 400, 200, 400));
        // Nothing reserved (xfs, btrfs, tmpfs): bfree == bavail.
        assertThat(FilesystemDriver.Space.of(1000, 300, 300)).isEqualTo(new FilesystemDriver.Space(1000, 700, 0, 300));
        // Values read at slightly different moments never make a negative share.
        assertThat(FilesystemDriver.Space.of(1000, 300, 310)).isEqualTo(new FilesystemDriver.Space(1000, 700, 0, 300));
        assertThat(FilesystemDriver.Space.of(1000, 1200, 900)).isEqualTo(new FilesystemDriver.Space(1000, 0, 100, 900));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    @Test
    void missingPathIsLeftOutWhileTheOthersAreListed() throws Exception {
        Path gone = tmp.resolve("gone");

        List<DiscoveredPool> pools = new FilesystemDriver("exports", List.of(a, gone, b)).listPools(TIMEOUT);

        assertThat(pools).extracting(DiscoveredPool::nativeId).containsExactly(a.toString(), b.toString());
    }

    @Test
    void pathThatIsAFileIsLeftOut() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

        List<DiscoveredPool> pools = new FilesystemDriver("exports", List.of(file, a)).listPools(TIMEOUT);

        assertThat(pools).extracting(DiscoveredPool::nativeId).containsExactly(a.toString());
    }

    @Test
    void pathThatComesBackIsListedAgain() throws Exception {
        Path later = tmp.resolve("later");
        FilesystemDriver driver = new FilesystemDriver("exports", List.of(a, later));
        assertThat(driver.listPools(TIMEOUT)).hasSize(1);

        Files.createDirectory(later);

        assertThat(driver.listPools(TIMEOUT)).extracting(DiscoveredPool::nativeId)
                .containsExactly(a.toString(), later.toString());
    }

    @Test
    void allPathsMissingFailsTheBackendNamingThePaths() {
        Path gone1 = tmp.resolve("gone-1");
        Path gone2 = tmp.resolve("gone-2");
        FilesystemDriver driver = new FilesystemDriver("exports", List.of(gone1, gone2));

        DriverException e = catchThrowableOfType(DriverException.class, () -> driver.listPools(TIMEOUT));

        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .startsWith("exports: ")
                .contains(gone1.toString(), gone2.toString())
                .doesNotContain("\n");
    }

    @Test
    void factoryNormalisesPathsSoTheNativeIdIsStable() throws Exception {
        StorageDriver driver = factoryCreate("exports", a + "/", tmp + "/x/../b");

        assertThat(driver.listPools(TIMEOUT)).extracting(DiscoveredPool::nativeId)
                .containsExactly(a.toString(), b.toString());
    }

    @Test
    void factoryAcceptsASinglePathWrittenAsAValue() throws Exception {
        ObjectNode options = Json.mapper().createObjectNode().put("name", "exports").put("driver", "filesystem")
                .put("paths", a.toString());
        StorageDriver driver = new FilesystemDriver.Factory().create(context("exports", options));

        assertThat(driver.listPools(TIMEOUT)).extracting(DiscoveredPool::nativeId).containsExactly(a.toString());
    }

    @Test
    void factoryOptionKeysArePaths() {
        assertThat(new FilesystemDriver.Factory().optionKeys()).containsExactly("paths");
        assertThat(new FilesystemDriver.Factory().name()).isEqualTo("filesystem");
    }

    @Test
    void discoveredCapabilitiesOnlyContainAdvancedKeys() throws Exception {
        DiscoveredPool pool = new FilesystemDriver("exports", List.of(a)).listPools(TIMEOUT).get(0);

        assertThat(pool.capabilities()).containsOnlyKeys("advanced");
        @SuppressWarnings("unchecked")
        Map<String, Object> advanced = (Map<String, Object>) pool.capabilities().get("advanced");
        assertThat(advanced).containsKeys("fs.type", "fs.mountSource", "fs.readOnly", "fs.reservedBytes");
    }

    private static StorageDriver factoryCreate(String backend, String... paths) throws ConfigException {
        ObjectNode options = Json.mapper().createObjectNode().put("name", backend).put("driver", "filesystem");
        ArrayNode list = options.putArray("paths");
        for (String p : paths) {
            list.add(p);
        }
        return new FilesystemDriver.Factory().create(context(backend, options));
    }

    private static DriverContext context(String backend, ObjectNode options) {
        return new DriverContext(backend, new ConfigNode("agent.yaml", "backends[0]", options), new CommandRunner(),
                Clock.systemUTC());
    }
}
