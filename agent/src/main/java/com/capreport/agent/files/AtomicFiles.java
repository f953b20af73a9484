package com.capreport.agent.files;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old file or the whole new one, never half of it:
 * a temporary file in the same directory (same file system, so the rename is atomic), flushed to
 * disk, then renamed over the target. A failure at any point leaves the target as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What is written into the file (UTF-8, buffered). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * The target cannot be written at all (its directory is missing, or it is a directory): the
     * caller's input is wrong, nothing was attempted. The message is one sentence naming the target.
     */
    public static final class BadTargetException extends IOException {
        private static final long serialVersionUID = 1L;

        BadTargetException(String message) {
            super(message);
        }
    }

    /**
     * Writes {@code target} atomically.
     *
     * @throws BadTargetException when the target's directory does not exist or the target is a directory
     * @throws IOException when writing failed: the message is one sentence naming the target and saying
     *         that the old file, if any, is unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadTargetException(target + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new BadTargetException(target + ": is a directory; give a file name");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
                content.writeTo(w);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            // The temporary file is created 0600; a replaced export keeps the permissions it had.
            if (Files.exists(abs) && Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(abs));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | UncheckedIOException e) {
            throw new IOException(target + ": cannot write: " + cause(e)
                    + " (nothing was written; the old file, if any, is unchanged)", e);
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

    /** The reason in words: NIO's messages are often just a path ("AccessDeniedException: /dir/x"). */
    private static String cause(Exception e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String msg = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + msg;
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + msg;
        }
        if (t instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + (fse.getFile() == null ? "" : " (" + fse.getFile() + ")");
        }
        return msg.isEmpty() ? t.getClass().getSimpleName() : msg;
    }
}
