package com.capreport.agent.cli;

import com.capreport.model.ModelParseException;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.Snapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Snapshot files for the CLI: read with one-line errors, written atomically. */
final class SnapshotFiles {
    private SnapshotFiles() {
    }

    static Snapshot read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, file + ": file not found");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, file + ": cannot read: " + e.getMessage());
        }
        Snapshot s;
        try {
            // The snapshot reader of the model: schema version and corruption errors name the file and position.
            s = Snapshots.read(bytes, file.toString());
        } catch (ModelParseException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage().replaceAll("\\s+", " "));
        }
        for (int i = 0; i < s.docks().size(); i++) {
            if (s.docks().get(i).spec() == null) {
                throw new CliException(ExitCodes.USAGE, file + ": docks[" + i + "]: the dock has no spec (expected a "
                        + "snapshot as written by capreport export)");
            }
        }
        return s;
    }

    /** What an export writes into the file. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes {@code target} atomically: a temporary file in the same directory, flushed to disk,
     * then renamed over the target. A failure at any point leaves the target as it was.
     */
    static void writeAtomically(Path target, Content content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.USAGE, target + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new CliException(ExitCodes.USAGE, target + ": is a directory; give a file name");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
                content.writeTo(w);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CliException(ExitCodes.PROBLEM, target + ": cannot write: " + e.getMessage()
                    + " (nothing was written; the old file, if any, is unchanged)");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with a dot and ends in .tmp
                }
            }
        }
    }
}
