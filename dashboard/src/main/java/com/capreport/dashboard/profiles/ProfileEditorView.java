package com.capreport.dashboard.profiles;

import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.match.Finding;
import com.capreport.model.match.Operator;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
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
 * capabilities pools report, operator picker, value), the live preview, findings, and Save /
 * Reload / Delete / Close. Lays out and binds only; {@link ProfileEditorViewModel} decides.
 */
public final class ProfileEditorView extends ScrollPane {
    private final ProfileEditorViewModel vm;
    private static final javafx.css.PseudoClass ERROR = javafx.css.PseudoClass.getPseudoClass("error");
    private final VBox rows = new VBox(6);
    private final Map<RequirementRow, Region> rowNodes = new HashMap<>();
    private final Button delete = new Button("Delete…");
    private Runnable onDelete = () -> { };

    ProfileEditorView(ProfileEditorViewModel vm) {
        this.vm = vm;
        setId("profileEditor");
        setFitToWidth(true);
        getStyleClass().add("editor-scroll");

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
                blocking, readOnly, message, buttons);
        box.setPadding(new Insets(8, 10, 10, 10));
        box.getStyleClass().add("details");
        setContent(box);
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
        SearchableComboBox<String> path = new SearchableComboBox<>(vm.paths());
        path.getStyleClass().add("req-path");
        path.setPromptText("capability path…");
        path.setMaxWidth(Double.MAX_VALUE);
        path.setMinWidth(200);
        path.valueProperty().bindBidirectional(r.path());
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

        ComboBox<Operator> op = new ComboBox<>(r.operators());
        op.getStyleClass().add("req-operator");
        op.setPrefWidth(96);
        op.setMinWidth(96);
        op.valueProperty().bindBidirectional(r.operator());
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
