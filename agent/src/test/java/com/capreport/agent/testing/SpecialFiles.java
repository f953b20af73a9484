package com.capreport.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Device nodes and FIFOs made in a test's own temp directory (tests run as root), so that no
 * test ever writes to the machine's real {@code /dev/null}: {@code c 1 3} behaves as a null
 * device, {@code c 1 7} as a full one (every write fails with "No space left on device").
 */
public final class SpecialFiles {
    private SpecialFiles() {
    }

    public static Path nullDevice(Path file) throws IOException, InterruptedException {
        return run(file, "mknod", file.toString(), "c", "1", "3");
    }

    public static Path fullDevice(Path file) throws IOException, InterruptedException {
        return run(file, "mknod", file.toString(), "c", "1", "7");
    }

    public static Path fifo(Path file) throws IOException, InterruptedException {
        return run(file, "mkfifo", file.toString());
    }

    /** The file type bits of {@code stat}: "character device", "fifo", "regular file", "symbolic link", … */
    public static String type(Path file) throws IOException {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return switch (mode & 0170000) {
            case 0020000 -> "character device";
            case 0010000 -> "fifo";
            case 0100000 -> "regular file";
            case 0120000 -> "symbolic link";
            case 0040000 -> "directory";
            default -> "other";
        };
    }

    private static Path run(Path file, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: "
                    + new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return file;
    }
}
