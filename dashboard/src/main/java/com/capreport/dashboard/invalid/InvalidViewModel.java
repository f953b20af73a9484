package com.capreport.dashboard.invalid;

import com.capreport.model.Estate;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Keys under the prefix whose values did not parse, with the parse error. */
public final class InvalidViewModel {
    private final ObservableList<Estate.InvalidEntry> entries = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would hold listeners only weakly and lose them to GC.
    private final ObservableList<Estate.InvalidEntry> entriesView = FXCollections.unmodifiableObservableList(entries);

    public void apply(Estate estate) {
        if (!entries.equals(estate.invalid())) {
            entries.setAll(estate.invalid());
        }
    }

    /**
     * What is wrong with the entry, for a column beside its key: the model's error names the key
     * first (for logs and the CLI, where it stands alone), which the table already shows.
     */
    public static String problem(Estate.InvalidEntry e) {
        String lead = e.key() + ": ";
        return e.error().startsWith(lead) ? e.error().substring(lead.length()) : e.error();
    }

    public ObservableList<Estate.InvalidEntry> entries() {
        return entriesView;
    }
}
