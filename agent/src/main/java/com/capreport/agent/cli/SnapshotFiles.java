package com.capreport.agent.cli;

import com.capreport.agent.files.AtomicFiles;
import com.capreport.model.ModelParseException;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.SnapshotFileDiff;
import com.capreport.model.snapshot.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
        return s;
    }

    /** Both files streamed (see {@link SnapshotFileDiff}), with the one-line errors of {@link #read}. */
    static SnapshotFileDiff.Result diff(Path older, Path newer) {
        for (Path f : new Path[] {older, newer}) {
            if (!Files.exists(f)) {
                throw new CliException(ExitCodes.USAGE, f + ": file not found");
            }
            if (Files.isDirectory(f)) {
                throw new CliException(ExitCodes.USAGE, f + ": is a directory, expected a snapshot file");
            }
        }
        try {
            return SnapshotFileDiff.between(older, newer);
        } catch (ModelParseException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage().replaceAll("\\s+", " "));
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, e.getFile() + ": file not found");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Writes {@code target} through the one shared writer ({@link AtomicFiles}: atomic over a regular
     * file, a stream into a device or FIFO); a bad target is a usage error, a failed write exit 4.
     */
    static void writeAtomically(Path target, AtomicFiles.Content content) {
        try {
            AtomicFiles.write(target, content);
        } catch (AtomicFiles.BadTargetException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } catch (IOException e) {
            throw new CliException(ExitCodes.OUTPUT, e.getMessage());
        }
    }
}
