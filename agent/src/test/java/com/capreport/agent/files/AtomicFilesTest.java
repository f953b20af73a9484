package com.capreport.agent.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheWholeContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("estate.json");
        AtomicFiles.write(target, w -> w.write("{\"schemaVersion\":1}\n"));
        assertThat(target).hasContent("{\"schemaVersion\":1}");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAsItWasAndNoHalfFile() throws IOException {
        Path target = dir.resolve("estate.json");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, w -> {
            w.write("half of the new");
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).isNotInstanceOf(AtomicFiles.BadTargetException.class)
                .hasMessageContaining("estate.json: cannot write: disk full")
                .hasMessageContaining("the old file, if any, is unchanged");
        assertThat(target).hasContent("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aMissingDirectoryOrADirectoryTargetIsABadTarget() {
        assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("missing/estate.json"), w -> w.write("x")))
                .isInstanceOf(AtomicFiles.BadTargetException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> AtomicFiles.write(dir, w -> w.write("x")))
                .isInstanceOf(AtomicFiles.BadTargetException.class).hasMessageContaining("is a directory");
    }

    @Test
    void aCharacterDeviceIsWrittenAsAStreamAndStaysADevice() throws Exception {
        Path devNull = com.capreport.agent.testing.SpecialFiles.nullDevice(dir.resolve("null"));
        AtomicFiles.write(devNull, w -> w.write("discarded"));
        assertThat(com.capreport.agent.testing.SpecialFiles.type(devNull)).isEqualTo("character device");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(devNull);
        }
    }

    @Test
    void aFullDeviceFailsTheWriteWithItsReason() throws Exception {
        Path full = com.capreport.agent.testing.SpecialFiles.fullDevice(dir.resolve("full"));
        assertThatThrownBy(() -> AtomicFiles.write(full, w -> w.write("x".repeat(100_000))))
                .isInstanceOf(IOException.class).isNotInstanceOf(AtomicFiles.BadTargetException.class)
                .hasMessageContaining("No space left on device");
        assertThat(com.capreport.agent.testing.SpecialFiles.type(full)).isEqualTo("character device");
    }

    @Test
    void aBlockDeviceIsRefusedBeforeAnythingIsOpened() throws Exception {
        Path block = dir.resolve("disk");
        Process p = new ProcessBuilder("mknod", block.toString(), "b", "7", "250").start();
        assertThat(p.waitFor()).isZero();
        assertThatThrownBy(() -> AtomicFiles.write(block, w -> w.write("x")))
                .isInstanceOf(AtomicFiles.BadTargetException.class).hasMessageContaining("block device");
        assertThat(Files.isRegularFile(block)).isFalse();
    }

    @Test
    void aSymlinkChainIsFollowedToItsRegularTargetWhichIsReplaced() throws Exception {
        Path target = Files.writeString(dir.resolve("real.json"), "old");
        Path hop = Files.createSymbolicLink(dir.resolve("hop.json"), target);
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("hop.json"));
        AtomicFiles.write(link, w -> w.write("new"));
        assertThat(target).hasContent("new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(hop)).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(target, hop, link);
        }
    }

    @Test
    void aDanglingSymlinkIsABadTarget() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("nowhere.json"));
        assertThatThrownBy(() -> AtomicFiles.write(link, w -> w.write("x")))
                .isInstanceOf(AtomicFiles.BadTargetException.class).hasMessageContaining("does not exist");
        assertThat(Files.exists(dir.resolve("nowhere.json"))).isFalse();
    }
}
