package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a profile against what the estate reports before it is applied: syntax errors (with the
 * requirement and position), paths no pool reports (a warning naming close paths that exist),
 * and operators that cannot compare the reported type (an error: {@code >=} on a list).
 */
public final class ProfileValidator {
    private ProfileValidator() {
    }

    /**
     * What makes a stored profile unusable: the errors matching reports for it ({@link
     * ProfileReport#errors()}), which depend on the profile alone, not on the pools. Empty: usable.
     * Readers that list profiles without matching them ({@code profiles list}) mark a profile
     * invalid exactly when this is not empty, so a listing and a check never disagree.
     */
    public static List<String> errors(ProfileSpec profile) {
        return CompiledProfile.compile(profile).errors;
    }

    public static List<Finding> validate(ProfileSpec profile, Collection<PoolSpec> reportedPools) {
        return validate(profile, CapabilityCatalog.of(reportedPools), !reportedPools.isEmpty());
    }

    /** With a catalog built once (the editor re-validates on every keystroke). */
    public static List<Finding> validate(ProfileSpec profile, CapabilityCatalog catalog, boolean anyPools) {
        List<Finding> out = new ArrayList<>();
        if (profile.requirements().isEmpty() && profile.storageType() == null) {
            out.add(new Finding(Finding.Severity.WARNING, "requirements",
                    "the profile has no requirements: every live pool matches it"));
        }
        boolean implicitStorageType = profile.storageType() != null && !profile.requirements().containsKey("storageType");
        if (implicitStorageType) {
            try {
                Requirement.parse("storageType", profile.storageType());
            } catch (RequirementSyntaxException ex) {
                out.add(new Finding(Finding.Severity.ERROR, "storageType", ex.problem()));
            }
        }
        int count = profile.requirements().size() + (implicitStorageType ? 1 : 0);
        if (count > CompiledProfile.MAX_REQUIREMENTS) {
            // One error for the profile, not first a warning per requirement of a profile that is refused anyway.
            return List.of(new Finding(Finding.Severity.ERROR, "requirements", count + " requirements"
                    + (implicitStorageType ? " (storageType included)" : "") + "; a profile holds at most "
                    + CompiledProfile.MAX_REQUIREMENTS));
        }
        for (Map.Entry<String, String> e : profile.requirements().entrySet()) {
            String path = e.getKey();
            Requirement r;
            try {
                r = Requirement.parse(path, e.getValue());
            } catch (RequirementSyntaxException ex) {
                out.add(new Finding(Finding.Severity.ERROR, path == null ? "" : path, ex.problem()));
                continue;
            }
            lookalike(r).ifPresent(w -> out.add(new Finding(Finding.Severity.WARNING, path, w)));
            if (!e.getValue().equals(e.getValue().strip()) && r.operator() == Operator.VALUE) {
                out.add(new Finding(Finding.Severity.WARNING, path, "the value '" + e.getValue()
                        + "' has leading or trailing spaces, which must then be reported too"));
            }
            if (!anyPools) {
                continue;
            }
            Optional<CapabilityCatalog.Entry> entry = catalog.entry(path);
            if (entry.isEmpty()) {
                List<String> close = catalog.closeTo(path);
                out.add(new Finding(Finding.Severity.WARNING, path, "no pool reports " + path
                        + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")));
                continue;
            }
            Set<ValueType> types = EnumSet.copyOf(entry.get().types());
            types.remove(ValueType.NULL);
            Set<ValueType> fitting = types.stream().filter(r.operator()::applicableTo)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(ValueType.class)));
            String reported = types.stream().map(ValueType::words).collect(Collectors.joining(" or "));
            String op = r.operator() == Operator.VALUE ? "a bare value" : "'" + r.operator().token() + "'";
            if (!types.isEmpty() && fitting.isEmpty()) {
                out.add(new Finding(Finding.Severity.ERROR, path, op + " cannot apply to " + path
                        + ", which pools report as " + reported + "; use " + suggestOperators(types)));
            } else if (fitting.size() < types.size()) {
                out.add(new Finding(Finding.Severity.WARNING, path, "pools report " + path + " as " + reported
                        + "; " + op + " only compares " + fitting.stream().map(ValueType::words)
                        .collect(Collectors.joining(" or "))));
            } else if (r.operator().numeric() && types.equals(EnumSet.of(ValueType.TEXT))
                    && entry.get().samples().stream().allMatch(s -> Values.pythonFloat(s).isEmpty())) {
                out.add(new Finding(Finding.Severity.WARNING, path, op + " compares numbers, but pools report text such as '"
                        + entry.get().samples().get(0) + "'"));
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern GLUED = java.util.regex.Pattern.compile(
            "(<=|>=|==|!=|s==|s!=|s<=|s>=|s<|s>|=|<is>|<in>|<all-in>|<or>)(\\S+)");
    private static final java.util.regex.Pattern NUMBER_WITH_UNIT = java.util.regex.Pattern.compile(
            "\\s*[0-9.]+\\s*(B|KiB|MiB|GiB|TiB|PiB|EiB|KB|MB|GB|TB)\\s*", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** A bare value that was surely meant as an operator: it is compared as text and never matches a number. */
    private static Optional<String> lookalike(Requirement r) {
        if (r.operator() != Operator.VALUE) {
            return Optional.empty();
        }
        String e = r.expression().strip();
        java.util.regex.Matcher m = GLUED.matcher(e);
        if (m.matches()) {
            return Optional.of("'" + e + "' is compared as a bare value; put a space after the operator: '"
                    + m.group(1) + " " + m.group(2) + "'");
        }
        if (NUMBER_WITH_UNIT.matcher(e).matches()) {
            return Optional.of("'" + e + "' is compared as a bare value (text); for a capacity write e.g. '>= " + e + "'");
        }
        return Optional.empty();
    }

    private static String suggestOperators(Set<ValueType> types) {
        List<String> ops = new ArrayList<>();
        for (Operator o : Operator.values()) {
            if (types.stream().anyMatch(o::applicableTo)) {
                ops.add(o == Operator.VALUE ? "a bare value" : o.token());
            }
        }
        return String.join(", ", ops);
    }

    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
    }
}
