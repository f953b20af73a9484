package com.capreport.dashboard.profiles;

import com.capreport.model.match.CapabilityCatalog;
import com.capreport.model.match.Operator;
import com.capreport.model.match.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One requirement line of the editor: a capability path, an operator and a value. The operators
 * offered are those the matcher says apply to the types pools report for the path; the hint shows
 * those types and sample values.
 */
public final class RequirementRow {
    private final StringProperty path = new SimpleStringProperty("");
    private final ObjectProperty<Operator> operator = new SimpleObjectProperty<>(bare());
    private final StringProperty value = new SimpleStringProperty("");
    private final ObservableList<Operator> operators = FXCollections.observableArrayList(Operator.values());
    private final ObservableList<Operator> operatorsView = FXCollections.unmodifiableObservableList(operators);
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper error = new javafx.beans.property.ReadOnlyBooleanWrapper();
    /** As loaded from the stored profile: while path, operator and value still read so, they are written back verbatim. */
    private final String loadedPath;
    private final String loadedExpression;
    private final Operator loadedOperator;
    private final String loadedValue;

    RequirementRow(String path, String expression) {
        this.path.set(path);
        Operator op = bare();
        String rest = expression == null ? "" : expression.trim();
        // Longest token first: "s>=" before "s>", "<all-in>" before "<in>" would not collide, ">=" before "=".
        List<Operator> byLength = new ArrayList<>(Arrays.asList(Operator.values()));
        byLength.sort(Comparator.comparingInt((Operator o) -> o.token().length()).reversed());
        for (Operator o : byLength) {
            String t = o.token();
            if (!t.isEmpty() && rest.startsWith(t) && (rest.length() == t.length()
                    || Character.isWhitespace(rest.charAt(t.length())))) {
                op = o;
                rest = rest.substring(t.length()).trim();
                break;
            }
        }
        this.operator.set(op);
        this.value.set(rest);
        this.loadedPath = path;
        this.loadedExpression = expression;
        this.loadedOperator = op;
        this.loadedValue = rest;
    }

    static Operator bare() {
        return Arrays.stream(Operator.values()).filter(o -> o.token().isEmpty()).findFirst()
                .orElse(Operator.values()[0]);
    }

    /** The expression as stored in the profile: "{@code >= 5000}", "{@code <in> Thin}", or a bare value. */
    public String expression() {
        // A loaded line nobody touched keeps its stored text ("<in>  Thin" stays so): a form round-trips.
        if (loadedExpression != null && operator.get() == loadedOperator && loadedValue.equals(value.get())) {
            return loadedExpression;
        }
        String v = value.get() == null ? "" : value.get().trim();
        Operator o = operator.get() == null ? bare() : operator.get();
        return o.token().isEmpty() ? v : (o.token() + " " + v).trim();
    }

    /** The path as it goes into the profile: the stored text while unchanged, else trimmed. */
    String pathText() {
        String p = path.get() == null ? "" : path.get();
        return loadedPath != null && p.equals(loadedPath) ? loadedPath : p.trim();
    }

    /** Re-reads what pools report for the path: offered operators and the hint. */
    void describe(CapabilityCatalog catalog) {
        String p = path.get() == null ? "" : path.get().trim();
        Optional<CapabilityCatalog.Entry> e = p.isEmpty() ? Optional.empty() : catalog.entry(p);
        Set<ValueType> types = EnumSet.noneOf(ValueType.class);
        e.ifPresent(x -> types.addAll(x.types()));
        types.remove(ValueType.NULL); // "MaxIOPS": null says nothing about what the operator may be
        List<Operator> ok = Arrays.stream(Operator.values())
                .filter(o -> types.isEmpty() || types.stream().anyMatch(o::applicableTo)).collect(Collectors.toList());
        Operator current = operator.get();
        if (current != null && !ok.contains(current)) {
            ok.add(current); // a loaded profile keeps its operator; validation says why it is wrong
        }
        if (!ok.equals(operators)) {
            operators.setAll(ok);
        }
        if (p.isEmpty()) {
            hint.set("");
        } else if (e.isEmpty()) {
            hint.set("no pool reports this path");
        } else {
            CapabilityCatalog.Entry x = e.get();
            hint.set(x.types().stream().map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("/"))
                    + " · " + ProfileTexts.plural(x.pools(), "pool", "pools")
                    + (x.samples().isEmpty() ? "" : " · e.g. " + String.join(", ", x.shownSamples())));
        }
    }

    public StringProperty path() {
        return path;
    }

    public ObjectProperty<Operator> operator() {
        return operator;
    }

    public StringProperty value() {
        return value;
    }

    /** Operators that apply to what pools report for the path (all, for a path nobody reports). */
    public ObservableList<Operator> operators() {
        return operatorsView;
    }

    /** The validator's findings for this line's path, one per line; {@code error} when one blocks Save. */
    void problems(List<com.capreport.model.match.Finding> findings) {
        problem.set(findings.stream().map(com.capreport.model.match.Finding::message)
                .collect(Collectors.joining("\n")));
        error.set(findings.stream().anyMatch(f -> f.severity() == com.capreport.model.match.Finding.Severity.ERROR));
    }

    public ReadOnlyStringProperty problem() {
        return problem.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty error() {
        return error.getReadOnlyProperty();
    }

    /** "number · 4 pools · e.g. 3000, 5000". */
    public ReadOnlyStringProperty hint() {
        return hint.getReadOnlyProperty();
    }
}
