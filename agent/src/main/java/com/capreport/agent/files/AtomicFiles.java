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
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes a file so that readers see either the old file or the whole new one, never half of it:
 * a temporary file in the same directory (same file system, so the rename is atomic), flushed to
 * disk, then renamed over the target. A failure at any point leaves the target as it was.
 *
 * <p>Only what the caller owns is replaced (issue 13): the rename happens over a regular file or
 * over nothing. A character device or a FIFO ({@code -o /dev/stdout}, {@code -o /dev/null}, a
 * named pipe) is written through as a stream and stays what it is; a block device, a socket or
 * anything else special is refused. A symbolic link is resolved on purpose: its final target is
 * what gets replaced (atomically, if it is a regular file), and the link stays a link; a link
 * whose target does not exist is refused rather than followed into a file nobody named.
 */
public final class AtomicFiles {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private AtomicFiles() {
    }

    /** What is written into the file (UTF-8, buffered). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * The target cannot be written at all (its directory is missing, it is a directory, a block
     * device or socket, or a dangling symbolic link): the caller's input is wrong, nothing was
     * attempted. The message is one sentence naming the target.
     */
    public static final class BadTargetException extends IOException {
        private static final long serialVersionUID = 1L;

        BadTargetException(String message) {
            super(message);
        }
    }

    /** What a path is, decided once before anything is written. */
    private enum Kind { ABSENT, REGULAR, DIRECTORY, STREAM, REFUSED }

    /**
     * Writes {@code target}: atomically for a regular file (or a new one), as a stream for a
     * character device or FIFO; a symbolic link is followed to its existing target.
     *
     * @throws BadTargetException when the target cannot be written at all (see the class comment)
     * @throws IOException when writing failed: the message is one sentence naming the target and saying
     *         what became of it
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isSymbolicLink(abs)) {
            try {
                abs = abs.toRealPath();
            } catch (NoSuchFileException e) {
                throw new BadTargetException(target + ": is a symbolic link to " + linkTarget(abs)
                        + ", which does not exist; give the file itself, or create it first");
            } catch (IOException e) {
                throw new BadTargetException(target + ": is a symbolic link that cannot be resolved (" + cause(e)
                        + "); give the file itself");
            }
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadTargetException(target + ": directory " + dir + " does not exist");
        }
        switch (kind(abs)) {
            case DIRECTORY -> throw new BadTargetException(target + ": is a directory; give a file name");
            case REFUSED -> throw new BadTargetException(target + ": is " + special(abs)
                    + "; capreport writes only regular files, character devices and FIFOs");
            case STREAM -> stream(target, abs, content);
            case ABSENT, REGULAR -> replace(target, abs, dir, content);
        }
    }

    private static Kind kind(Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Kind.ABSENT;
        }
        if (a.isRegularFile()) {
            return Kind.REGULAR;
        }
        if (a.isDirectory()) {
            return Kind.DIRECTORY;
        }
        int type = mode(p) & S_IFMT;
        return type == S_IFCHR || type == S_IFIFO ? Kind.STREAM : Kind.REFUSED;
    }

    /** The POSIX file mode, or 0 where the platform does not say (then a special file is refused). */
    private static int mode(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return 0;
        }
    }

    private static String special(Path p) {
        return switch (mode(p) & S_IFMT) {
            case S_IFBLK -> "a block device (writing a stream onto it would destroy what it holds)";
            case S_IFSOCK -> "a socket";
            default -> "a special file";
        };
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a missing file";
        }
    }

    /** A device or FIFO: opened for writing as it is (never created, truncated or renamed over). */
    private static void stream(Path target, Path abs, Content content) throws IOException {
        try (OutputStream os = Files.newOutputStream(abs, StandardOpenOption.WRITE);
             Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
            content.writeTo(w);
        } catch (IOException | UncheckedIOException e) {
            throw new IOException(target + ": cannot write: " + cause(e)
                    + " (a device or FIFO is written as a stream: what it received may be incomplete)", e);
        }
    }

    private static void replace(Path target, Path abs, Path dir, Content content) throws IOException {
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
        if (t instanceof NoSuchFileException) {
            return "no such file or directory: " + msg;
        }
        if (t instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + (fse.getFile() == null ? "" : " (" + fse.getFile() + ")");
        }
        return msg.isEmpty() ? t.getClass().getSimpleName() : msg;
    }
}
