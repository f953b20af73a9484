package com.capreport.dashboard.profiles;

import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.match.Finding;
import com.capreport.model.match.Operator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.Property;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.SearchableComboBox;

/**
 * The editor pane: profile fields, one line per requirement (searchable path picker over the
 * capabilities pools report, operator picker, value), the live preview, findings, the changes
 * against the stored revision, and — pinned below, never scrolled away — the status, the inline
 * Save confirmation and Save / Reload / Delete / Close. Lays out and binds only;
 * {@link ProfileEditorViewModel} decides.
 *
 * <p>The pickers are never bound both ways: a ComboBox clears or shifts its value when its item
 * list is replaced, and a two-way binding would write that into the draft (a reopened
 * {@code >= 500 GiB} came back as a bare {@code 500 GiB}). The model is the source of truth; see
 * {@link #follow}.
 */
public final class ProfileEditorView extends BorderPane {
    private final ProfileEditorViewModel vm;
    private static final javafx.css.PseudoClass ERROR = javafx.css.PseudoClass.getPseudoClass("error");
    private final VBox rows = new VBox(6);
    private final Map<RequirementRow, Region> rowNodes = new HashMap<>();
    private final Button delete = new Button("Delete…");
    private Runnable onDelete = () -> { };

    ProfileEditorView(ProfileEditorViewModel vm) {
        this.vm = vm;
        setId("profileEditor");
        ScrollPane scroll = new ScrollPane();
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("editor-scroll");

        Label title = new Label();
        title.getStyleClass().add("details-title");
        title.textProperty().bind(vm.title());

        TextField id = field("editorId", "gold (letters, digits, - _ .)");
        id.textProperty().bindBidirectional(vm.id());
        id.disableProperty().bind(vm.mode().isEqualTo(ProfileEditorViewModel.Mode.EDIT));
        TextField name = field("editorName", "Gold block storage");
        name.textProperty().bindBidirectional(vm.name());
        TextField description = field("editorDescription", "what users get");
        description.textProperty().bindBidirectional(vm.description());
        TextField type = field("editorStorageType", "any (block, file, object)");
        type.textProperty().bindBidirectional(vm.storageType());
        TextField min = field("editorMinMatches", "1");
        min.textProperty().bindBidirectional(vm.minMatches());
        min.setPrefColumnCount(5);
        min.setMaxWidth(80);
        Label minHint = new Label("notify when fewer pools match");
        minHint.getStyleClass().add("muted");
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(5);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(labels, fields);
        form.addRow(0, new Label("Id"), id);
        form.addRow(1, new Label("Name"), name);
        form.addRow(2, new Label("Description"), description);
        form.addRow(3, new Label("Storage type"), type);
        form.addRow(4, new Label("Min. matches"), new HBox(8, min, minHint));
        ((HBox) form.getChildren().get(form.getChildren().size() - 1)).setAlignment(Pos.CENTER_LEFT);

        Button add = new Button("+ Add requirement");
        add.setId("addRequirement");
        add.setOnAction(e -> vm.addRequirement());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox reqHeader = new HBox(8, ProfilesView.section("Requirements (all must hold)"), spring, add);
        reqHeader.setAlignment(Pos.CENTER_LEFT);
        rows.setId("requirementRows");
        vm.requirements().addListener((ListChangeListener<RequirementRow>) c -> rebuildRows());
        rebuildRows();

        Label preview = new Label();
        preview.setId("editorPreview");
        preview.getStyleClass().add("preview");
        preview.setWrapText(true);
        preview.setMaxWidth(Double.MAX_VALUE);
        preview.textProperty().bind(vm.preview());
        preview.setMinHeight(Region.USE_PREF_SIZE);

        VBox findings = new VBox(3);
        findings.setId("editorFindings");
        vm.unplacedFindings().addListener((ListChangeListener<Finding>) c -> {
            findings.getChildren().clear();
            for (Finding f : vm.unplacedFindings()) {
                Label l = StatusBadge.label(f.severity() == Finding.Severity.ERROR ? Tone.ERROR : Tone.WARNING, f.line());
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                findings.getChildren().add(l);
            }
        });

        Label blocking = StatusBadge.label(Tone.ERROR, "");
        blocking.setId("editorBlocking");
        blocking.textProperty().bind(vm.blocking());
        blocking.managedProperty().bind(vm.blocking().isNotEmpty());
        blocking.visibleProperty().bind(blocking.managedProperty());
        Label readOnly = StatusBadge.label(Tone.INFO, ProfileEditorViewModel.READ_ONLY);
        readOnly.setId("editorReadOnly");
        readOnly.setWrapText(true);
        readOnly.managedProperty().bind(vm.readOnly());
        readOnly.visibleProperty().bind(vm.readOnly());
        Label message = new Label();
        message.setId("editorMessage");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(vm.message());
        vm.messageTone().addListener((o, a, b) -> tone(message, b));
        tone(message, vm.messageTone().get());
        message.managedProperty().bind(vm.message().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        Label nothing = new Label();
        nothing.setId("editorNothingToSave");
        nothing.getStyleClass().add("muted");
        nothing.setWrapText(true);
        nothing.setMinHeight(Region.USE_PREF_SIZE);
        nothing.textProperty().bind(vm.nothingToSave());
        nothing.managedProperty().bind(vm.nothingToSave().isNotEmpty().and(vm.pendingReview().isNull()));
        nothing.visibleProperty().bind(nothing.managedProperty());

        VBox changes = new VBox(2);
        changes.setId("editorChanges");
        Label changesTitle = ProfilesView.section("");
        changesTitle.textProperty().bind(Bindings.concat("Changes against revision ", vm.openedRevision()));
        vm.review().addListener((o, a, r) -> showChanges(changes, changesTitle, r));
        VBox confirm = confirmation();

        Button save = new Button("Save");
        save.setId("editorSave");
        save.setDefaultButton(true);
        save.disableProperty().bind(vm.canSave().not());
        save.setOnAction(e -> vm.save());
        Button reload = new Button("Reload");
        reload.setId("editorReload");
        reload.setTooltip(new Tooltip("Read the stored profile again (replaces this draft)"));
        reload.disableProperty().bind(vm.busy().or(vm.canReload().not()));
        reload.setOnAction(e -> vm.reload());
        delete.setId("editorDelete");
        delete.visibleProperty().bind(vm.mode().isEqualTo(ProfileEditorViewModel.Mode.EDIT));
        delete.disableProperty().bind(vm.busy().or(vm.readOnly()));
        delete.setOnAction(e -> onDelete.run());
        Button close = new Button("Close");
        close.setId("editorClose");
        close.setCancelButton(true);
        close.setOnAction(e -> vm.close());
        Region spring2 = new Region();
        HBox.setHgrow(spring2, Priority.ALWAYS);
        HBox buttons = new HBox(8, save, reload, spring2, delete, close);
        buttons.setAlignment(Pos.CENTER_LEFT);

        VBox box = new VBox(8, title, form, reqHeader, rows, ProfilesView.section("Preview"), preview, findings,
                changes);
        box.setPadding(new Insets(8, 10, 10, 10));
        box.getStyleClass().add("details");
        scroll.setContent(box);
        // Status, confirmation and buttons stay in view however long the requirement list grows.
        VBox bottom = new VBox(6, blocking, readOnly, nothing, message, confirm, buttons);
        bottom.setPadding(new Insets(6, 10, 8, 10));
        bottom.getStyleClass().add("details");
        bottom.setStyle("-fx-border-color: #d0d7de transparent transparent transparent;");
        setCenter(scroll);
        setBottom(bottom);
    }

    private static void showChanges(VBox box, Label title, SaveReview r) {
        box.getChildren().clear();
        if (r == null || r.create() || r.unchanged()) {
            return;
        }
        box.getChildren().add(title);
        for (String line : r.changeLines()) {
            box.getChildren().add(wrapped(line, "mono"));
        }
        box.getChildren().add(wrapped(r.effect(), "muted"));
    }

    private static Label wrapped(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /** The inline "are you sure": inside the editor, never a window over it. */
    private VBox confirmation() {
        VBox panel = new VBox(4);
        panel.setId("saveConfirmation");
        panel.setPadding(new Insets(8));
        // Inline style, not dashboard.css: the one panel that uses it, and the stylesheet is shared.
        panel.setStyle("-fx-background-color: #fff4e5; -fx-border-color: #f0a030; -fx-border-radius: 3; "
                + "-fx-background-radius: 3;");
        Button anyway = new Button("Save anyway");
        anyway.setId("confirmSave");
        anyway.setOnAction(e -> vm.confirmSave());
        anyway.disableProperty().bind(vm.busy().or(vm.readOnly()));
        Button back = new Button("Back to editing");
        back.setId("backToEditing");
        back.setOnAction(e -> vm.backToEditing());
        HBox choice = new HBox(8, anyway, back);
        choice.setAlignment(Pos.CENTER_LEFT);
        vm.pendingReview().addListener((o, a, r) -> {
            panel.getChildren().clear();
            if (r == null) {
                return;
            }
            Label head = wrapped("Save " + r.spec().id() + "? " + r.effect() + ".", "details-title");
            panel.getChildren().add(head);
            for (String c : r.concerns()) {
                Label l = StatusBadge.label(Tone.WARNING, c);
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                panel.getChildren().add(l);
            }
            for (String line : r.changeLines()) {
                panel.getChildren().add(wrapped(line, "mono"));
            }
            panel.getChildren().add(choice);
        });
        panel.managedProperty().bind(vm.pendingReview().isNotNull());
        panel.visibleProperty().bind(panel.managedProperty());
        return panel;
    }

    /**
     * Shows {@code model} in {@code combo} over a copy of {@code source}. Model → combo always;
     * combo → model only for a value the combo did not get from a change of its items (replacing
     * the items makes a ComboBox clear or shift its value). A null from the combo is never a
     * choice: the model's value is put back.
     */
    private static <T> void follow(ComboBox<T> combo, ObservableList<T> source, Property<T> model) {
        ObservableList<T> items = FXCollections.observableArrayList(source);
        combo.setItems(items);
        boolean[] pushing = {false};
        Runnable push = () -> {
            pushing[0] = true;
            try {
                if (!items.equals(source)) {
                    items.setAll(source);
                }
                if (!Objects.equals(combo.getValue(), model.getValue())) {
                    combo.setValue(model.getValue());
                }
            } finally {
                pushing[0] = false;
            }
        };
        InvalidationListener sourceChanged = o -> push.run();
        // The source (the editor's path list) outlives a removed row: hold its listener from the combo.
        combo.getProperties().put(ProfileEditorView.class, sourceChanged);
        source.addListener(new WeakInvalidationListener(sourceChanged));
        model.addListener(o -> push.run());
        combo.valueProperty().addListener((o, a, b) -> {
            if (pushing[0]) {
                return;
            }
            if (b == null) {
                push.run();
            } else {
                model.setValue(b);
            }
        });
        push.run();
    }

    void setOnDelete(Runnable r) {
        onDelete = r;
    }

    private static void tone(Label l, ProfileEditorViewModel.Tone t) {
        l.getStyleClass().removeAll("message-info", "message-ok", "message-error");
        l.getStyleClass().add("message-" + t.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static TextField field(String id, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        return t;
    }

    private void rebuildRows() {
        // Rows keep their nodes (and so focus and an open picker) while others come and go.
        Map<RequirementRow, Region> keep = new HashMap<>();
        rows.getChildren().clear();
        int i = 0;
        for (RequirementRow r : vm.requirements()) {
            Region n = rowNodes.containsKey(r) ? rowNodes.get(r) : rowNode(r);
            n.setId("requirement-" + i++);
            keep.put(r, n);
            rows.getChildren().add(n);
        }
        rowNodes.clear();
        rowNodes.putAll(keep);
        if (vm.requirements().isEmpty()) {
            Label none = new Label("No requirements: every usable pool would match.");
            none.getStyleClass().add("muted");
            rows.getChildren().add(none);
        }
    }

    private Region rowNode(RequirementRow r) {
        SearchableComboBox<String> path = new SearchableComboBox<>();
        path.getStyleClass().add("req-path");
        path.setPromptText("capability path…");
        path.setMaxWidth(Double.MAX_VALUE);
        path.setMinWidth(200);
        follow(path, vm.paths(), r.path());
        // A long path or value is shortened on screen; the whole of it is one hover away.
        Tooltip pathTip = new Tooltip();
        pathTip.textProperty().bind(r.path());
        path.setTooltip(pathTip);
        // The list shows what pools report for each path, so the admin picks knowing the values.
        path.setCellFactory(l -> new ListCell<>() {
            private final Label main = new Label();
            private final Label sub = new Label();
            private final VBox box = new VBox(1, main, sub);

            {
                sub.getStyleClass().add("muted");
                sub.setStyle("-fx-font-size: 10px;");
            }

            @Override
            protected void updateItem(String p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                main.setText(p);
                sub.setText(vm.describePath(p));
                setText(null);
                setGraphic(box);
            }
        });
        HBox.setHgrow(path, Priority.ALWAYS);

        ComboBox<Operator> op = new ComboBox<>();
        op.getStyleClass().add("req-operator");
        op.setPrefWidth(96);
        op.setMinWidth(96);
        follow(op, r.operators(), r.operator());
        op.setConverter(new StringConverter<>() {
            @Override
            public String toString(Operator o) {
                return o == null ? "" : o.token().isEmpty() ? "(value)" : o.token();
            }

            @Override
            public Operator fromString(String s) {
                return null;
            }
        });
        op.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Operator o, boolean empty) {
                super.updateItem(o, empty);
                setText(empty || o == null ? null : (o.token().isEmpty() ? "(value)" : o.token()) + "   " + o.describe());
            }
        });

        TextField value = new TextField();
        value.getStyleClass().add("req-value");
        value.setPromptText("value");
        value.setPrefColumnCount(9);
        value.setMinWidth(90);
        value.textProperty().bindBidirectional(r.value());
        Tooltip valueTip = new Tooltip();
        valueTip.textProperty().bind(r.value());
        value.setTooltip(valueTip);

        Button remove = new Button("✕");
        remove.getStyleClass().add("req-remove");
        remove.setTooltip(new Tooltip("Remove this requirement"));
        remove.setOnAction(e -> vm.removeRequirement(r));
        HBox line = new HBox(6, path, op, value, remove);
        line.setAlignment(Pos.CENTER_LEFT);

        Label hint = new Label();
        hint.getStyleClass().addAll("muted", "req-hint");
        hint.textProperty().bind(r.hint());
        hint.managedProperty().bind(r.hint().isNotEmpty());
        hint.visibleProperty().bind(hint.managedProperty());
        hint.setPadding(new Insets(0, 0, 0, 4));
        Label expression = new Label();
        expression.getStyleClass().add("mono");
        expression.textProperty().bind(Bindings.createStringBinding(() -> r.path().get() == null
                || r.path().get().isEmpty() ? "" : "→ " + r.expression(), r.path(), r.operator(), r.value()));
        Region s = new Region();
        HBox.setHgrow(s, Priority.ALWAYS);
        HBox under = new HBox(8, hint, s, expression);
        // The finding sits on the line it is about, not only in the list below.
        Label problem = new Label();
        problem.getStyleClass().add("req-problem");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.textProperty().bind(r.problem());
        problem.managedProperty().bind(r.problem().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());
        r.error().addListener((o, a, b) -> problem.pseudoClassStateChanged(ERROR, b));
        VBox box = new VBox(2, line, under, problem);
        box.getStyleClass().add("req-row");
        r.error().addListener((o, a, b) -> box.pseudoClassStateChanged(ERROR, b));
        return box;
    }
}
