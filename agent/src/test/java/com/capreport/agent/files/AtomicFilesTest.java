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
}
