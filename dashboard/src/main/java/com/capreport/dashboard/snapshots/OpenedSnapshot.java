package com.capreport.dashboard.snapshots;

import com.capreport.model.Estate;
import com.capreport.model.Snapshot;
import java.nio.file.Path;

/** A snapshot file being browsed: the file as read, and its estate as the views show it. */
public record OpenedSnapshot(Path file, Snapshot snapshot, Estate estate) {
    /** The file's name, as banners and messages show it. */
    public String name() {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    public long revision() {
        return snapshot.source() == null ? 0 : snapshot.source().revision();
    }
}
