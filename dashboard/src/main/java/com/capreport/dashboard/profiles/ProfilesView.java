package com.capreport.dashboard.profiles;

import com.capreport.dashboard.common.Columns;
import com.capreport.dashboard.common.Filterable;
import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.match.Cell;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.TextFields;

/**
 * The profiles table (live match count with a word, icon and colour per standing; the blocker),
 * and on the right either the selected profile's details (ranked matches, failing pools with
 * reasons, suggestions) or the editor.
 */
public final class ProfilesView extends BorderPane implements Filterable {
    private final ProfilesViewModel vm;
    private final ProfileEditorViewModel editor;
    private final TableView<ProfileRow> table = new TableView<>();
    private final ProfileEditorView editorView;
    private final TextField filter = Filterable.clearOnEscape(TextFields.createClearableTextField());

    public ProfilesView(ProfilesViewModel vm, ProfileEditorViewModel editor) {
        this.vm = vm;
        this.editor = editor;
        setId("profilesView");
        getStyleClass().add("profiles-view");

        Button create = new Button("New profile…");
        create.setId("newProfile");
        create.setOnAction(e -> editor.openNew());
        // Browsing a snapshot file: nothing new is written to etcd (an open draft stays, its Save is off).
        create.disableProperty().bind(editor.readOnly());
        Button edit = new Button("Edit…");
        edit.setId("editProfile");
        edit.disableProperty().bind(vm.selected().isNull().or(editor.readOnly()));
        edit.setOnAction(e -> editSelected());
        Label summary = new Label();
        summary.setId("profilesSummary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(Bindings.createStringBinding(() -> ProfileTexts.plural(vm.count().get(),
                "profile", "profiles") + (vm.atRisk().get() == 0 ? "" : " · " + vm.atRisk().get() + " at risk: "
                + vm.atRiskNames().get()) + " · " + vm.syncTime().get(), vm.count(), vm.atRisk(), vm.atRiskNames(),
                vm.syncTime()));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        filter.setId("profileFilter");
        filter.setPromptText("Filter profiles (Ctrl+F): name, id, description, blocker…");
        filter.setPrefWidth(300);
        HBox bar = new HBox(8, create, edit, filter, spring, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("filter-bar");

        buildTable();
        VBox details = details();
        editorView = new ProfileEditorView(editor);
        StackPane right = new StackPane(details, editorView);
        right.setMinWidth(420);
        details.visibleProperty().bind(editor.mode().isEqualTo(ProfileEditorViewModel.Mode.CLOSED));
        editorView.visibleProperty().bind(details.visibleProperty().not());
        // The editor and details give way before the table's columns do (their minimums), never over them.
        table.minWidthProperty().bind(Bindings.createDoubleBinding(() -> table.getVisibleLeafColumns().stream()
                .mapToDouble(TableColumn::getMinWidth).sum() + 20, table.getVisibleLeafColumns()));
        SplitPane split = new SplitPane(table, right);
        split.setDividerPositions(0.44);
        setTop(bar);
        setCenter(split);
        editorView.setOnDelete(this::confirmDelete);
    }

    private void editSelected() {
        ProfileRow r = vm.selected().get();
        if (r != null) {
            editor.openEdit(r.id());
        }
    }

    private void confirmDelete() {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Delete profile " + editor.id().get()
                + " from etcd? Pools are not affected.", ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText(null);
        a.initOwner(getScene() == null ? null : getScene().getWindow());
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> editor.delete());
    }

    @Override
    public TextField filterField() {
        return filter;
    }

    public TableView<ProfileRow> table() {
        return table;
    }

    public ProfileEditorView editorView() {
        return editorView;
    }

    static Tone tone(ProfileRow.Standing s) {
        return switch (s) {
            case OK -> Tone.OK;
            case BELOW -> Tone.WARNING;
            case ZERO, INVALID -> Tone.ERROR;
        };
    }

    /** Invalid and unmet profiles first, then those below their threshold, then those met. */
    static int severityRank(ProfileRow.Standing s) {
        return switch (s) {
            case INVALID, ZERO -> 0;
            case BELOW -> 1;
            case OK -> 2;
        };
    }

    static Tone tone(Cell c) {
        return switch (c) {
            case MATCH -> Tone.OK;
            case FAILS -> Tone.ERROR;
            case STALE -> Tone.STALE;
        };
    }

    private void buildTable() {
        table.setId("profilesTable");
        // Filtered here, in the view: what is typed only narrows what is shown, the view-model's rows stay whole.
        javafx.collections.transformation.FilteredList<ProfileRow> shown = new javafx.collections.transformation
                .FilteredList<>(vm.rows());
        shown.predicateProperty().bind(Bindings.createObjectBinding(() -> {
            String q = filter.getText() == null ? "" : filter.getText().strip().toLowerCase(java.util.Locale.ROOT);
            return q.isEmpty() ? r -> true : r -> (r.profile().name() + "\n" + r.id() + "\n"
                    + r.profile().description() + "\n" + r.blockerText()).toLowerCase(java.util.Locale.ROOT).contains(q);
        }, filter.textProperty()));
        javafx.collections.transformation.SortedList<ProfileRow> sorted = new javafx.collections.transformation
                .SortedList<>(shown);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(new Label("No profiles in etcd yet: New profile… or capreport profiles apply -f FILE"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ProfileRow, String> name = text("Profile", r -> r.profile().name(), 130);
        name.setMinWidth(110);
        TableColumn<ProfileRow, String> type = text("Type", r -> r.profile().storageType() == null ? "any"
                : r.profile().storageType(), 55);
        type.setMinWidth(50);
        type.setMaxWidth(60);
        TableColumn<ProfileRow, ProfileRow> matches = new TableColumn<>("Matching pools");
        matches.setId("matchColumn");
        matches.setPrefWidth(125);
        matches.setMinWidth(110);
        matches.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        // Worst first: invalid or no pool, then below the threshold, then met; fewer matches first within each.
        matches.setComparator(java.util.Comparator.comparingInt((ProfileRow r) -> severityRank(r.standing()))
                .thenComparingInt(ProfileRow::matches));
        matches.setCellFactory(c -> new TableCell<>() {
            private final Label badge = StatusBadge.label(Tone.OK, "");
            private final Tooltip tip = new Tooltip();

            {
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(ProfileRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                StatusBadge.update(badge, tone(r.standing()), r.matchText());
                tip.setText(r.matches() + " matching, notification below " + r.threshold()
                        + (r.report().staleCount() > 0 ? "; " + r.report().staleCount() + " stale pools not counted until they report again" : ""));
                setTooltip(tip);
                setGraphic(badge);
            }
        });
        // The blocker is the answer to "why": it wraps (the row grows) rather than end in "…".
        TableColumn<ProfileRow, String> blocker = new TableColumn<>("Blocker");
        blocker.setPrefWidth(220);
        blocker.setMinWidth(150);
        blocker.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().blockerText()));
        blocker.setCellFactory(c -> new com.capreport.dashboard.common.WrappingCell<>());
        table.getColumns().addAll(List.of(name, type, matches, blocker));
        table.getSortOrder().setAll(List.of(matches, name));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.select(b.id());
            }
        });
        // Rows are new objects per hand-off, and the selection may come from the view-model (a
        // notification, a test): keep the table's selection on the selected profile.
        vm.rows().addListener((ListChangeListener<ProfileRow>) c -> followSelection());
        vm.selected().addListener((o, a, b) -> followSelection());
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                editSelected();
            }
        });
    }

    private void followSelection() {
        ProfileRow s = vm.selected().get();
        ProfileRow shown = table.getSelectionModel().getSelectedItem();
        if (s == null || shown == s) {
            return;
        }
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).id().equals(s.id())) {
                table.getSelectionModel().select(i);
                return;
            }
        }
    }

    private static <S> TableColumn<S, String> text(String title, Function<S, String> f, double width) {
        return Columns.text(title, f, width, 16);
    }

    private VBox details() {
        Label title = new Label();
        title.setId("profileTitle");
        title.getStyleClass().add("details-title");
        title.textProperty().bind(vm.title());
        Label description = new Label();
        description.getStyleClass().add("muted");
        description.setWrapText(true);
        description.textProperty().bind(vm.description());
        description.managedProperty().bind(vm.description().isNotEmpty());
        description.visibleProperty().bind(description.managedProperty());
        Label summary = StatusBadge.label(Tone.OK, "");
        summary.setId("profileStanding");
        Runnable standing = () -> {
            ProfileRow r = vm.selected().get();
            summary.setVisible(r != null);
            if (r != null) {
                StatusBadge.update(summary, tone(r.standing()), vm.summary().get());
            }
        };
        vm.summary().addListener((o, a, b) -> standing.run());
        vm.selected().addListener((o, a, b) -> standing.run());
        standing.run();

        VBox reqs = new VBox(2);
        reqs.setId("profileRequirements");
        vm.requirements().addListener((ListChangeListener<String>) c -> fillMono(reqs, vm.requirements()));
        Label blocker = new Label();
        blocker.setId("profileBlocker");
        blocker.getStyleClass().add("blocker");
        blocker.setWrapText(true);
        blocker.setMinHeight(Region.USE_PREF_SIZE);
        blocker.textProperty().bind(vm.blocker());
        blocker.managedProperty().bind(vm.blocker().isNotEmpty());
        blocker.visibleProperty().bind(blocker.managedProperty());
        VBox suggestions = new VBox(2);
        suggestions.setId("profileSuggestions");
        vm.suggestions().addListener((ListChangeListener<String>) c -> {
            suggestions.getChildren().clear();
            for (String s : vm.suggestions()) {
                Label l = new Label("→ " + s);
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                l.getStyleClass().add("suggestion");
                suggestions.getChildren().add(l);
            }
        });
        suggestions.managedProperty().bind(Bindings.isNotEmpty(vm.suggestions()));
        suggestions.visibleProperty().bind(suggestions.managedProperty());
        VBox unsatisfied = new VBox(2);
        unsatisfied.setId("profileUnsatisfied");
        vm.unsatisfied().addListener((ListChangeListener<String>) c -> {
            unsatisfied.getChildren().clear();
            for (String s : vm.unsatisfied()) {
                Label l = new Label(s);
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                l.getStyleClass().add(s.startsWith("•") ? "suggestion" : "blocker");
                unsatisfied.getChildren().add(l);
            }
        });
        unsatisfied.managedProperty().bind(Bindings.isNotEmpty(vm.unsatisfied()));
        unsatisfied.visibleProperty().bind(unsatisfied.managedProperty());

        TableView<ProfilesViewModel.MatchRow> matches = new TableView<>(vm.matches());
        matches.setId("profileMatches");
        Label noMatches = new Label();
        noMatches.textProperty().bind(vm.noMatchesText());
        matches.setPlaceholder(noMatches);
        matches.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ProfilesViewModel.MatchRow, String> rank = text("#", r -> String.valueOf(r.rank()), 34);
        rank.setMaxWidth(40);
        TableColumn<ProfilesViewModel.MatchRow, String> free = text("Free", r -> Formats.bytes(
                r.pool().freeCapacityBytes()), 70);
        free.getStyleClass().add("numeric");
        free.setMaxWidth(90);
        TableColumn<ProfilesViewModel.MatchRow, String> total = text("Total", r -> Formats.bytes(
                r.pool().totalCapacityBytes()), 70);
        total.getStyleClass().add("numeric");
        total.setMaxWidth(90);
        matches.getColumns().addAll(List.of(rank, text("Pool (dock/backend/name)",
                ProfilesViewModel.MatchRow::where, 200), free, total));

        TableView<ProfilesViewModel.GapRow> gaps = new TableView<>(vm.nonMatches());
        gaps.setId("profileNonMatches");
        Label noGaps = new Label();
        noGaps.textProperty().bind(vm.noGapsText());
        gaps.setPlaceholder(noGaps);
        gaps.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ProfilesViewModel.GapRow, ProfilesViewModel.GapRow> verdict = new TableColumn<>("Verdict");
        verdict.setPrefWidth(80);
        verdict.setMinWidth(78);
        verdict.setMaxWidth(90);
        verdict.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        verdict.setCellFactory(c -> new TableCell<>() {
            private final Label badge = StatusBadge.label(Tone.ERROR, "");

            {
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(ProfilesViewModel.GapRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                StatusBadge.update(badge, tone(r.nonMatch().cell()), GapMatrixViewModel.word(r.nonMatch().cell()));
                setGraphic(badge);
            }
        });
        TableColumn<ProfilesViewModel.GapRow, String> reasons = new TableColumn<>("Reasons");
        reasons.setPrefWidth(340);
        reasons.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().reasonLines()));
        reasons.setCellFactory(c -> new com.capreport.dashboard.common.WrappingCell<>());
        gaps.getColumns().addAll(List.of(text("Pool", ProfilesViewModel.GapRow::where, 150), verdict, reasons));

        Label matchesTitle = section("");
        matchesTitle.textProperty().bind(Bindings.createStringBinding(() -> "Matching pools, most free capacity first ("
                + vm.matches().size() + ")", vm.matches()));
        Label gapsTitle = section("");
        gapsTitle.textProperty().bind(Bindings.createStringBinding(() -> "Pools that do not match ("
                + vm.nonMatches().size() + ")", vm.nonMatches()));
        VBox top = new VBox(4, matchesTitle, matches);
        VBox bottom = new VBox(4, gapsTitle, gaps);
        VBox.setVgrow(matches, Priority.ALWAYS);
        VBox.setVgrow(gaps, Priority.ALWAYS);
        SplitPane lists = new SplitPane(top, bottom);
        lists.setOrientation(Orientation.VERTICAL);
        lists.setDividerPositions(0.45);
        lists.getStyleClass().add("plain-split");
        VBox.setVgrow(lists, Priority.ALWAYS);
        // An invalid profile is matched against nothing: no list claims every pool or no pool serves it.
        lists.managedProperty().bind(vm.invalid().not());
        lists.visibleProperty().bind(lists.managedProperty());

        Label reqTitle = section("Requirements");
        VBox body = new VBox(6, summary, reqTitle, reqs, blocker, unsatisfied, suggestions, lists);
        VBox.setVgrow(body, Priority.ALWAYS);
        // Nothing selected (no profiles yet): only the title, which says what to do.
        body.visibleProperty().bind(vm.selected().isNotNull());
        VBox box = new VBox(6, title, description, body);
        box.setId("profileDetails");
        box.getStyleClass().add("details");
        box.setPadding(new Insets(8));
        return box;
    }

    static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static void fillMono(VBox box, List<String> lines) {
        box.getChildren().clear();
        if (lines.isEmpty()) {
            Label none = new Label("none: every usable pool matches");
            none.getStyleClass().add("muted");
            box.getChildren().add(none);
        }
        for (String s : lines) {
            Label l = new Label(s);
            l.getStyleClass().add("mono");
            box.getChildren().add(l);
        }
    }
}
