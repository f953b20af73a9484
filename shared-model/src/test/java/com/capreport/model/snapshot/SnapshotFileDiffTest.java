package com.capreport.model.snapshot;

import static com.capreport.model.snapshot.SnapshotsTest.GOLD;
import static com.capreport.model.snapshot.SnapshotsTest.estate;
import static com.capreport.model.snapshot.SnapshotsTest.pool;
import static com.capreport.model.snapshot.SnapshotsTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.capreport.model.ModelParseException;
import com.capreport.model.PoolSpec;
import com.capreport.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed diff of two files gives exactly the in-memory diff of the two snapshots. */
class SnapshotFileDiffTest {
    @TempDir
    Path dir;

    @Test
    void theStreamedDiffEqualsTheInMemoryDiff() throws Exception {
        List<PoolSpec> before = new ArrayList<>();
        List<PoolSpec> after = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            before.add(pool("node-" + i % 7, "vg" + i, 100 + i, "Thin", null));
            if (i % 10 == 3) {
                continue; // removed
            }
            after.add(i % 10 == 5 ? pool("node-" + i % 7, "vg" + i, 50 + i, "Fixed", "x") : before.get(i));
        }
        after.add(pool("node-9", "new", 700, "Thin", null));
        Snapshot a = snapshot(estate(before, Set.of(), List.of(GOLD)));
        Snapshot b = snapshot(estate(after, Set.of("node-2"), List.of(GOLD)));
        Path fa = Files.write(dir.resolve("a.json"), Snapshots.encode(a));
        Path fb = Files.write(dir.resolve("b.json"), Snapshots.encode(b));

        SnapshotFileDiff.Result r = SnapshotFileDiff.between(fa, fb);

        SnapshotDiff expected = SnapshotDiff.between(a, b);
        assertThat(r.diff()).isEqualTo(expected);
        assertThat(r.diff().poolsRemoved()).hasSize(5);
        assertThat(r.diff().poolsChanged()).hasSize(5);
        assertThat(r.diff().poolsAdded()).hasSize(1);
        assertThat(r.diff().docks()).isNotEmpty();
        assertThat(r.diff().profiles()).isNotEmpty();
        assertThat(DiffText.lines(r.diff())).isEqualTo(DiffText.lines(expected));
        assertThat(r.older().source()).isEqualTo(a.source());
        assertThat(SnapshotFileDiff.between(fa, fa).diff().identical()).isTrue();
        // Compact (not pretty) JSON with another field order is the same snapshot.
        Path compact = Files.write(dir.resolve("compact.json"), com.capreport.model.Json.encode(b));
        assertThat(SnapshotFileDiff.between(fa, compact).diff()).isEqualTo(expected);
    }

    @Test
    void aBrokenFileIsRefusedInOneLineLikeTheInMemoryReader() throws Exception {
        Snapshot a = snapshot(estate(List.of(pool("node-1", "vg0", 100, "Thin", null)), Set.of(), List.of(GOLD)));
        Path good = Files.write(dir.resolve("a.json"), Snapshots.encode(a));
        byte[] bytes = Snapshots.encode(a);
        Path truncated = Files.write(dir.resolve("t.json"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path newer = Files.writeString(dir.resolve("n.json"), "{\"schemaVersion\": 9, \"pools\": []}");
        Path none = Files.writeString(dir.resolve("x.json"), "{\"pools\": []}", StandardCharsets.UTF_8);
        String twice = new String(bytes, StandardCharsets.UTF_8).replaceFirst("\"pools\" : \\[",
                "\"pools\" : [ " + com.capreport.model.Json.encodeString(a.pools().get(0)) + ",");
        Path dup = Files.writeString(dir.resolve("d.json"), twice);

        assertThatThrownBy(() -> SnapshotFileDiff.between(good, truncated)).isInstanceOf(ModelParseException.class)
                .hasMessageStartingWith(truncated + ": not valid JSON (truncated or corrupt?)");
        assertThatThrownBy(() -> SnapshotFileDiff.between(newer, good)).hasMessageContaining("newer than this version");
        assertThatThrownBy(() -> SnapshotFileDiff.between(good, none)).hasMessageContaining("no integer 'schemaVersion'");
        assertThatThrownBy(() -> SnapshotFileDiff.between(dup, good)).hasMessageContaining("pools[1]: pool id ")
                .hasMessageContaining("appears twice");
    }
}
