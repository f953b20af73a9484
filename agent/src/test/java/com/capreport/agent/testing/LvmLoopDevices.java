package com.capreport.agent.testing;

import com.capreport.agent.driver.DriverException;
import com.capreport.agent.exec.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real lvm2 volume groups on loop devices, metadata only ({@code global/activation=0}: the host
 * kernel has no device-mapper, so LVs can be created, extended and reported but never activated,
 * and thin pools cannot be made at all; see BACKENDS.md section 1).
 *
 * <p>Everything is isolated: lvm2 reads only the {@code lvm.conf} this harness writes into
 * {@link #systemDir()} (pass {@link #environment()} to whatever runs {@code vgs}), whose device
 * filter accepts only the loop devices this harness attached. Nothing under {@code /etc/lvm} is
 * read or written, and VGs of other tests on the same machine stay invisible.
 *
 * <p>{@link #close()} removes the VGs and PV labels (best effort: the metadata lives only on the
 * loop devices anyway), detaches every loop device attached to one of its files (also ones whose
 * {@code losetup} call failed half-way), and deletes its files. A shutdown hook closes it if a test
 * forgot to. It never installs packages: {@link #unavailableReason()} says why it cannot run here.
 *
 * <pre>{@code
 * Assumptions.assumeThat(LvmLoopDevices.unavailableReason()).isEmpty();
 * try (LvmLoopDevices lvm = LvmLoopDevices.create(tempDir)) {
 *     String a = lvm.addDisk("a", 64 << 20);
 *     lvm.createVg("vg1", a);
 *     lvm.createLv("vg1", "lv1", 8 << 20);
 *     String json = lvm.run("vgs", "--reportformat", "json", "--units", "b", "--nosuffix");
 * }
 * }</pre>
 */
public final class LvmLoopDevices implements AutoCloseable {
    /** Per command. lvm2 on loop devices answers in tens of milliseconds. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final String WHAT = "lvm-loop-devices";
    private static final String TEMPLATE = "/lvm/lvm.conf.template";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,62}");
    private static final Pattern LOOP_DEVICE = Pattern.compile("/dev/loop[0-9]+");
    private static final List<Path> SYSTEM_BIN = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"),
            Path.of("/bin"));

    private final Path root;
    private final Path systemDir;
    private final Path diskDir;
    private final CommandRunner runner;
    private final Map<String, Path> files = new LinkedHashMap<>();
    /** Attached loop device → disk name, in attach order. */
    private final Map<String, String> attached = new LinkedHashMap<>();
    private final Thread shutdownHook;
    private boolean closed;

    private LvmLoopDevices(Path root) {
        this.root = root;
        this.systemDir = root.resolve("system");
        this.diskDir = root.resolve("disks");
        this.runner = new CommandRunner(Map.of("LVM_SYSTEM_DIR", systemDir.toString(),
                "LVM_SUPPRESS_FD_WARNINGS", "1"));
        this.shutdownHook = new Thread(this::closeQuietly, "lvm-loop-devices-cleanup");
    }

    /**
     * Why metadata-only LVM on loop devices cannot run here (not Linux, not root, no loop devices,
     * lvm2 or losetup missing), for {@code Assumptions}; empty when it can.
     */
    public static Optional<String> unavailableReason() {
        return Availability.REASON;
    }

    /**
     * Makes an empty harness in a fresh folder under {@code tempDir} (several may share one
     * {@code tempDir}); {@link #close()} deletes that folder.
     *
     * @throws IllegalStateException when {@link #unavailableReason()} is not empty
     */
    public static LvmLoopDevices create(Path tempDir) throws IOException {
        unavailableReason().ifPresent(r -> {
            throw new IllegalStateException("LVM on loop devices is unavailable here: " + r);
        });
        LvmLoopDevices lvm = new LvmLoopDevices(Files.createTempDirectory(tempDir, "lvm-"));
        try {
            Files.createDirectories(lvm.systemDir.resolve("lock"));
            Files.createDirectories(lvm.diskDir);
            lvm.writeConfig();
        } catch (IOException | RuntimeException e) {
            lvm.closeQuietly();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(lvm.shutdownHook);
        return lvm;
    }

    /** The {@code LVM_SYSTEM_DIR} holding this harness's {@code lvm.conf}. */
    public Path systemDir() {
        return systemDir;
    }

    /** What a process needs in its environment to see this harness's VGs (and nothing else). */
    public Map<String, String> environment() {
        return Map.of("LVM_SYSTEM_DIR", systemDir.toString(), "LVM_SUPPRESS_FD_WARNINGS", "1");
    }

    /** The loop devices attached now, in attach order. */
    public synchronized List<String> devices() {
        return List.copyOf(attached.keySet());
    }

    /**
     * A sparse file of {@code bytes} attached to a free loop device, which the lvm filter then
     * accepts.
     *
     * @return the device, e.g. {@code /dev/loop3}
     */
    public synchronized String addDisk(String name, long bytes) {
        checkOpen();
        requireName("disk", name);
        if (bytes < (1 << 20)) {
            throw new IllegalArgumentException("disk " + name + ": " + bytes + " bytes is too small for a PV");
        }
        if (files.containsKey(name)) {
            throw new IllegalArgumentException("disk " + name + " exists already");
        }
        Path file = diskDir.resolve(name + ".img");
        files.put(name, file);
        try (RandomAccessFile f = new RandomAccessFile(Files.createFile(file).toFile(), "rw")) {
            f.setLength(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create disk file " + file, e);
        }
        String device = runTool("losetup", "--find", "--show", file.toString()).strip();
        if (!LOOP_DEVICE.matcher(device).matches()) {
            throw new IllegalStateException("losetup --find --show " + file + " printed '" + device
                    + "', not a loop device");
        }
        attached.put(device, name);
        writeConfig();
        return device;
    }

    /**
     * Runs an lvm2 command ({@code "vgs", "--reportformat", "json", …}) with this harness's
     * environment and {@link #COMMAND_TIMEOUT}.
     *
     * @return its stdout
     * @throws CommandFailedException when it exits non-zero or times out; the message has stderr
     */
    public String run(String... lvmCommand) {
        return runTool(lvmCommand);
    }

    /** Like {@link #run} but a non-zero exit is returned, not thrown (timeouts still throw). */
    public CommandRunner.Result runAllowingFailure(String... lvmCommand) {
        return exec(List.of(lvmCommand));
    }

    /** {@code vgcreate}: the devices become PVs of a new VG (4 MiB extents, 1 MiB metadata area). */
    public void createVg(String vg, String... devices) {
        requireName("volume group", vg);
        if (devices.length == 0) {
            throw new IllegalArgumentException("volume group " + vg + " needs at least one device");
        }
        List<String> cmd = new ArrayList<>(List.of("vgcreate", "-y", "--setautoactivation", "n", vg));
        cmd.addAll(Arrays.asList(devices));
        run(cmd.toArray(String[]::new));
    }

    /** A linear LV of {@code bytes} (rounded up to whole extents), not zeroed ({@code -Zn}: nothing is active). */
    public void createLv(String vg, String name, long bytes) {
        requireName("logical volume", name);
        run("lvcreate", "-y", "-Zn", "-L", bytes + "b", "-n", name, vg);
    }

    /** Grows an LV to {@code newBytes}; when the space after it is taken, it gets another segment. */
    public void extendLv(String vg, String name, long newBytes) {
        run("lvextend", "-L", newBytes + "b", vg + "/" + name);
    }

    /** {@code vgremove -ff}: the VG and its LVs go, the PVs stay (as orphans). */
    public void removeVg(String vg) {
        run("vgremove", "-ff", "-y", vg);
    }

    /**
     * Detaches a loop device this harness attached, so its PV goes missing: the VG turns partial
     * ({@code vg_attr} {@code wz-pn-}, {@code vg_missing_pv_count} 1, warnings on stderr). The
     * device also leaves the lvm filter, so a loop device that someone else attaches under the
     * same name is not mistaken for it. Its file stays until {@link #close()}.
     */
    public synchronized void detach(String device) {
        checkOpen();
        if (!attached.containsKey(device)) {
            throw new IllegalArgumentException(device + " is not attached by this harness (attached: "
                    + attached.keySet() + ")");
        }
        runTool("losetup", "-d", device);
        attached.remove(device);
        writeConfig();
    }

    /**
     * Removes VGs and PV labels (best effort), detaches every loop device attached to one of this
     * harness's files and deletes them. Idempotent.
     *
     * @throws IllegalStateException when a loop device could not be detached or a file not deleted
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Already shutting down (we are the hook), or the hook was never registered.
        }
        List<String> problems = new ArrayList<>();
        if (!attached.isEmpty()) {
            removeLvmMetadata();
        }
        for (String device : detachTargets()) {
            CommandRunner.Result r = execQuietly(List.of("losetup", "-d", device));
            if (r == null || r.exitCode() != 0) {
                problems.add("losetup -d " + device + (r == null ? " did not run" : ": " + r.stderr().strip()));
            }
        }
        attached.clear();
        List<String> still = detachTargets();
        if (!still.isEmpty()) {
            problems.add("still attached: " + still);
        }
        try {
            deleteTree(root);
        } catch (IOException | UncheckedIOException e) {
            problems.add("cannot delete " + root + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("LVM test cleanup incomplete: " + String.join("; ", problems));
        }
    }

    /** An lvm2 or losetup command that did not succeed. */
    public static final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;
        private final String stderr;

        CommandFailedException(String message, int exitCode, String stderr, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        /** The exit code; -1 when the command did not finish (timed out, could not start, interrupted). */
        public int exitCode() {
            return exitCode;
        }

        public String stderr() {
            return stderr;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println(WHAT + ": " + e.getMessage());
        }
    }

    /** VGs first (an exported one is imported so it can go), then PV labels. Failures only cost tidiness. */
    private void removeLvmMetadata() {
        CommandRunner.Result vgs = execQuietly(List.of("vgs", "--noheadings", "--foreign", "-o", "vg_name,vg_attr"));
        if (vgs != null) {
            for (String line : vgs.stdout().strip().split("\n")) {
                String[] cols = line.strip().split("\\s+");
                if (cols.length < 2) {
                    continue;
                }
                if (cols[1].length() > 2 && cols[1].charAt(2) == 'x') {
                    execQuietly(List.of("vgimport", cols[0]));
                }
                execQuietly(List.of("vgremove", "-ff", "-y", cols[0]));
            }
        }
        List<String> pvremove = new ArrayList<>(List.of("pvremove", "-ff", "-y"));
        pvremove.addAll(attached.keySet());
        execQuietly(pvremove);
    }

    /** Devices known attached plus any loop device that {@code losetup -j} finds on one of our files. */
    private List<String> detachTargets() {
        Set<String> devices = new LinkedHashSet<>(attached.keySet());
        for (Path file : files.values()) {
            CommandRunner.Result r = execQuietly(List.of("losetup", "-j", file.toString()));
            if (r == null) {
                continue;
            }
            for (String line : r.stdout().split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && LOOP_DEVICE.matcher(line.substring(0, colon)).matches()) {
                    devices.add(line.substring(0, colon));
                }
            }
        }
        return List.copyOf(devices);
    }

    private void writeConfig() {
        String filter = Stream.concat(attached.keySet().stream().map(d -> "\"a|^" + d + "$|\""),
                Stream.of("\"r|.*|\"")).collect(Collectors.joining(", "));
        String conf = template().replace("@FILTER@", filter)
                .replace("@LOCKING_DIR@", systemDir.resolve("lock").toString());
        try {
            Path tmp = systemDir.resolve("lvm.conf.tmp");
            Files.writeString(tmp, conf);
            Files.move(tmp, systemDir.resolve("lvm.conf"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + systemDir.resolve("lvm.conf"), e);
        }
    }

    private static String template() {
        try (InputStream in = LvmLoopDevices.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + TEMPLATE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String runTool(String... command) {
        CommandRunner.Result r = exec(List.of(command));
        if (r.exitCode() != 0) {
            throw new CommandFailedException(String.join(" ", command) + " exited " + r.exitCode()
                    + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()), r.exitCode(), r.stderr(), null);
        }
        return r.stdout();
    }

    private CommandRunner.Result exec(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, Availability.which(command.get(0)).map(Path::toString).orElse(command.get(0)));
        try {
            return runner.runAllowingFailure(WHAT, resolved, COMMAND_TIMEOUT);
        } catch (DriverException e) {
            throw new CommandFailedException(e.getMessage(), -1, "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(String.join(" ", command) + ": interrupted", -1, "", e);
        }
    }

    /** For cleanup: a failure is returned as null or a non-zero result, never thrown. */
    private CommandRunner.Result execQuietly(List<String> command) {
        try {
            return exec(command);
        } catch (CommandFailedException e) {
            return null;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("LvmLoopDevices is closed");
        }
    }

    private static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' must match " + NAME.pattern());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Checked once per JVM: the answer does not change while tests run. */
    private static final class Availability {
        static final Optional<String> REASON = probe();

        private Availability() {
        }

        static Optional<Path> which(String command) {
            if (command.contains("/")) {
                return Optional.of(Path.of(command));
            }
            List<Path> dirs = new ArrayList<>();
            String path = System.getenv("PATH");
            if (path != null) {
                for (String d : path.split(":")) {
                    if (!d.isEmpty()) {
                        dirs.add(Path.of(d));
                    }
                }
            }
            dirs.addAll(SYSTEM_BIN);
            return dirs.stream().map(d -> d.resolve(command)).filter(Files::isExecutable).findFirst();
        }

        private static Optional<String> probe() {
            String os = System.getProperty("os.name", "");
            if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
                return Optional.of("loop devices and lvm2 need Linux (os.name is " + os + ")");
            }
            Optional<String> uid = uid();
            if (uid.isEmpty() || !uid.get().equals("0")) {
                return Optional.of("losetup and lvm2 need root (uid is " + uid.orElse("unknown") + ")");
            }
            if (!Files.exists(Path.of("/dev/loop-control"))) {
                return Optional.of("no /dev/loop-control: this kernel or container has no loop devices");
            }
            if (which("losetup").isEmpty()) {
                return Optional.of("losetup is not installed (package util-linux or mount)");
            }
            if (which("lvm").isEmpty() || which("vgs").isEmpty()) {
                return Optional.of("lvm2 is not installed (apt-get install lvm2)");
            }
            try {
                CommandRunner.Result r = new CommandRunner().runAllowingFailure(WHAT,
                        List.of(which("losetup").get().toString(), "--find"), Duration.ofSeconds(10));
                if (r.exitCode() != 0) {
                    return Optional.of("losetup --find failed (no free loop device, or no permission): "
                            + r.stderr().strip());
                }
            } catch (DriverException e) {
                return Optional.of(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while probing for loop devices");
            }
            return Optional.empty();
        }

        private static Optional<String> uid() {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("Uid:")).map(l -> l.substring(4).strip().split("\\s+")[0])
                        .findFirst();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
