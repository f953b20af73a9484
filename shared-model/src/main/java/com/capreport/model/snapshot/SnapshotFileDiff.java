package com.capreport.model.snapshot;

import com.capreport.model.Json;
import com.capreport.model.ModelParseException;
import com.capreport.model.PoolSpec;
import com.capreport.model.Snapshot;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SnapshotDiff} of two snapshot files, bounded by the number of pools rather than the size
 * of the files: the older file is streamed once and each pool kept as its name, a 128-bit digest
 * of its encoding and where its bytes are in the file (about 300 bytes a pool instead of a
 * decoded tree); the newer file is streamed against that, and only a pool whose digest differs
 * is read back from the older file and compared in full. Two 200 MB snapshots diff in a few
 * hundred MB of heap (docs/performance.md). The result equals {@link SnapshotDiff#between}.
 */
public final class SnapshotFileDiff {
    private SnapshotFileDiff() {
    }

    /** One pool of the older file: its bytes there (or, for a pipe, its encoding) and its digest. */
    private static final class Old {
        final SnapshotDiff.PoolRef ref;
        final long start;
        final int length;
        final byte[] encoded;
        final long digestHigh;
        final long digestLow;
        boolean seen;

        Old(SnapshotDiff.PoolRef ref, long start, int length, byte[] encoded, long high, long low) {
            this.ref = ref;
            this.start = start;
            this.length = length;
            this.encoded = encoded;
            this.digestHigh = high;
            this.digestLow = low;
        }
    }

    /** The diff, and each file's snapshot without its pools (source, time, docks, profiles). */
    public record Result(Snapshot older, Snapshot newer, SnapshotDiff diff) {
    }

    /**
     * Diffs two snapshot files.
     *
     * @throws ModelParseException when a file is not a snapshot (one line naming the file, as {@link Snapshots#read})
     * @throws IOException when a file cannot be read
     */
    public static Result between(Path older, Path newer) throws ModelParseException, IOException {
        MessageDigest sha = sha256();
        // A regular file is read back by position; a pipe (diff <(…) <(…)) cannot be, so its pools keep their encoding.
        boolean seekable = Files.isRegularFile(older);
        Map<String, Old> before = new HashMap<>();
        Snapshot a;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(older), 1 << 16)) {
            a = SnapshotScan.scan(in, older.toString(), (i, p, start, end) -> {
                byte[] enc = Json.encode(p);
                byte[] d = sha.digest(enc);
                Old o = new Old(SnapshotDiff.PoolRef.of(p), start, Math.toIntExact(end - start), seekable ? null : enc,
                        ByteBuffer.wrap(d).getLong(0), ByteBuffer.wrap(d).getLong(8));
                if (before.put(p.id(), o) != null) {
                    throw duplicate(older, i, p);
                }
            });
        }
        if (needsTheWholeEstate(a)) {
            return inMemory(older, newer);
        }
        Map<String, SnapshotDiff.PoolRef> names = new HashMap<>();
        List<SnapshotDiff.PoolRef> added = new ArrayList<>();
        List<SnapshotDiff.PoolChange> changed = new ArrayList<>();
        Snapshot b;
        try (FileChannel oldFile = seekable ? FileChannel.open(older, StandardOpenOption.READ) : null;
             InputStream in = new BufferedInputStream(Files.newInputStream(newer), 1 << 16)) {
            b = SnapshotScan.scan(in, newer.toString(), (i, p, start, end) -> {
                SnapshotDiff.PoolRef ref = SnapshotDiff.PoolRef.of(p);
                if (names.put(p.id(), ref) != null) {
                    throw duplicate(newer, i, p);
                }
                Old o = before.get(p.id());
                if (o == null) {
                    added.add(ref);
                    return;
                }
                o.seen = true;
                byte[] d = sha.digest(Json.encode(p));
                if (ByteBuffer.wrap(d).getLong(0) == o.digestHigh && ByteBuffer.wrap(d).getLong(8) == o.digestLow) {
                    return;
                }
                PoolSpec old = readBack(o, oldFile, older);
                if (!old.equals(p)) {
                    List<SnapshotDiff.ValueChange> c = SnapshotDiff.changes(old, p);
                    if (!c.isEmpty()) {
                        changed.add(new SnapshotDiff.PoolChange(ref, c));
                    }
                }
            });
        }
        if (needsTheWholeEstate(b)) {
            return inMemory(older, newer);
        }
        List<SnapshotDiff.PoolRef> removed = new ArrayList<>();
        for (Map.Entry<String, Old> e : before.entrySet()) {
            if (!e.getValue().seen) {
                removed.add(e.getValue().ref);
            }
            // The older file's names serve the profile lines for pools that are gone; the newer one's win.
            names.putIfAbsent(e.getKey(), e.getValue().ref);
        }
        Comparator<SnapshotDiff.PoolRef> byId = Comparator.comparing(SnapshotDiff.PoolRef::id);
        added.sort(byId);
        removed.sort(byId);
        changed.sort(Comparator.comparing(c -> c.pool().id()));
        return new Result(a, b, new SnapshotDiff(added, removed, changed, SnapshotDiff.docks(a, b),
                SnapshotDiff.profiles(a, b, names)));
    }

    /** A hand-made file with profiles but no recorded matches: matching it needs every pool in memory. */
    private static boolean needsTheWholeEstate(Snapshot header) {
        return header.matches().isEmpty() && !header.profiles().isEmpty();
    }

    private static Result inMemory(Path older, Path newer) throws ModelParseException, IOException {
        Snapshot a = Snapshots.read(Files.readAllBytes(older), older.toString());
        Snapshot b = Snapshots.read(Files.readAllBytes(newer), newer.toString());
        return new Result(a, b, SnapshotDiff.between(a, b));
    }

    private static PoolSpec readBack(Old o, FileChannel file, Path older) throws ModelParseException {
        byte[] bytes = o.encoded;
        if (bytes == null) {
            ByteBuffer buf = ByteBuffer.allocate(o.length);
            try {
                while (buf.hasRemaining()) {
                    if (file.read(buf, o.start + buf.position()) < 0) {
                        throw new ModelParseException(older + ": changed while it was being read (it is shorter now)");
                    }
                }
            } catch (IOException e) {
                throw new ModelParseException(older + ": cannot read it again: " + e.getMessage(), e);
            }
            bytes = buf.array();
        }
        return Json.decode(bytes, PoolSpec.class, older + ": pool " + o.ref.id());
    }

    private static ModelParseException duplicate(Path file, int i, PoolSpec p) {
        return new ModelParseException(file + ": pools[" + i + "]: pool id " + p.id() + " appears twice");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
