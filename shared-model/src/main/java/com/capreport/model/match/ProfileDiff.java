package com.capreport.model.match;

import com.capreport.model.ProfileSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a write of {@code after} changes against the stored {@code before}: the profile's fields
 * and each requirement (added, removed, changed), in the order of the new profile. Expressions are
 * compared as stored text, so a requirement is "unchanged" only when its bytes are.
 */
public record ProfileDiff(List<FieldChange> fields, List<RequirementChange> requirements) {
    public ProfileDiff {
        fields = List.copyOf(fields);
        requirements = List.copyOf(requirements);
    }

    /** The profile fields besides the requirements. */
    public enum Field { NAME, DESCRIPTION, STORAGE_TYPE, MIN_MATCHES }

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** {@code before}/{@code after} as stored; null where unset. */
    public record FieldChange(Field field, String before, String after) {
    }

    /** {@code before} is null when added, {@code after} when removed. */
    public record RequirementChange(Kind kind, String path, String before, String after) {
    }

    /** Every change from {@code before} (null: nothing stored yet, all requirements are added) to {@code after}. */
    public static ProfileDiff between(ProfileSpec before, ProfileSpec after) {
        List<FieldChange> fields = new ArrayList<>();
        List<RequirementChange> reqs = new ArrayList<>();
        Map<String, String> old = before == null ? Map.of() : before.requirements();
        if (before != null) {
            field(fields, Field.NAME, before.name(), after.name());
            field(fields, Field.DESCRIPTION, before.description(), after.description());
            field(fields, Field.STORAGE_TYPE, before.storageType(), after.storageType());
            field(fields, Field.MIN_MATCHES, before.minMatches() == null ? null : before.minMatches().toString(),
                    after.minMatches() == null ? null : after.minMatches().toString());
        }
        after.requirements().forEach((path, expr) -> {
            String was = old.get(path);
            if (was == null) {
                reqs.add(new RequirementChange(Kind.ADDED, path, null, expr));
            } else if (!was.equals(expr)) {
                reqs.add(new RequirementChange(Kind.CHANGED, path, was, expr));
            }
        });
        old.forEach((path, expr) -> {
            if (!after.requirements().containsKey(path)) {
                reqs.add(new RequirementChange(Kind.REMOVED, path, expr, null));
            }
        });
        return new ProfileDiff(fields, reqs);
    }

    private static void field(List<FieldChange> out, Field f, String before, String after) {
        if (!Objects.equals(before, after)) {
            out.add(new FieldChange(f, before, after));
        }
    }

    public boolean isEmpty() {
        return fields.isEmpty() && requirements.isEmpty();
    }

    /**
     * Requirements this change turns into a bare value on a path pools report only as a number
     * ({@code freeCapacity: 600 GiB}): compared as text, such a value matches nothing, which is
     * almost always a lost operator rather than the admin's intent.
     */
    public List<RequirementChange> bareOnNumbers(CapabilityCatalog catalog) {
        List<RequirementChange> out = new ArrayList<>();
        for (RequirementChange c : requirements) {
            if (c.kind() == Kind.REMOVED || !bare(c.path(), c.after()) || (c.before() != null && bare(c.path(), c.before()))) {
                continue;
            }
            Optional<CapabilityCatalog.Entry> e = catalog.entry(c.path());
            Set<ValueType> types = e.map(x -> (Set<ValueType>) EnumSet.copyOf(x.types()))
                    .orElse(EnumSet.noneOf(ValueType.class));
            types.remove(ValueType.NULL);
            if (!types.isEmpty() && types.equals(EnumSet.of(ValueType.NUMBER))) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean bare(String path, String expression) {
        try {
            return Requirement.parse(path, expression).operator() == Operator.VALUE;
        } catch (RequirementSyntaxException e) {
            return false; // the validator reports it; it is no bare value
        }
    }
}
