package com.capreport.dashboard.snapshots;

import java.io.File;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Where the view asks which file to use. The default shows the platform's file dialogs; a test
 * (which has no dialogs under Monocle) supplies the paths itself.
 */
@FunctionalInterface
public interface FileChoice {
    /** Why a file is asked for: the dialog's title, filters and save/open mode follow from it. */
    enum Purpose {
        EXPORT("Export snapshot"),
        OPEN("Open snapshot (read-only)"),
        COMPARE_WITH_LIVE("Compare a snapshot with the live estate"),
        COMPARE_OLDER("Compare two snapshots: the older one"),
        COMPARE_NEWER("Compare two snapshots: the newer one");

        private final String title;

        Purpose(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** The chosen file, or empty when the user cancelled. FX thread. */
    Optional<Path> choose(Purpose purpose, Window owner);

    /** The platform's file dialogs: JSON or CSV for an export (by filter or extension), JSON to open. */
    static FileChoice dialogs() {
        return (purpose, owner) -> {
            FileChooser fc = new FileChooser();
            fc.setTitle(purpose.title());
            FileChooser.ExtensionFilter json = new FileChooser.ExtensionFilter("Snapshot JSON (*.json)", "*.json");
            if (purpose == Purpose.EXPORT) {
                FileChooser.ExtensionFilter csv = new FileChooser.ExtensionFilter("Pools as CSV (*.csv)", "*.csv");
                fc.getExtensionFilters().addAll(json, csv);
                fc.setInitialFileName("capreport-snapshot-" + LocalDateTime.now()
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm", Locale.ROOT)) + ".json");
                File f = fc.showSaveDialog(owner);
                if (f == null) {
                    return Optional.empty();
                }
                String name = f.getName().toLowerCase(Locale.ROOT);
                // Some platforms' dialogs return the typed name without the chosen filter's extension.
                if (!name.endsWith(".json") && !name.endsWith(".csv")) {
                    f = new File(f.getParentFile(), f.getName() + (fc.getSelectedExtensionFilter() == csv ? ".csv" : ".json"));
                }
                return Optional.of(f.toPath());
            }
            fc.getExtensionFilters().addAll(json, new FileChooser.ExtensionFilter("All files", "*"));
            return Optional.ofNullable(fc.showOpenDialog(owner)).map(File::toPath);
        };
    }
}
