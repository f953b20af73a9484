package com.capreport.dashboard.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes a node (a view, or the whole scene root) to a PNG file. FX thread only. */
public final class PngExport {
    private PngExport() {
    }

    public static void write(Node node, Path file) throws IOException {
        WritableImage img = node.snapshot(null, null);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (!ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }
}
