package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A profile with its requirements parsed once. A pool's result against it is a bit mask with one
 * bit per failing requirement, so a book of 100 profiles × 100,000 pools is 40 MB of ints, and
 * the reasons are only written out when someone asks for them.
 */
final class CompiledProfile {
    /**
     * More requirements than bits: a profile this large is an error, not a silent cut (documented in
     * docs/profiles.md; {@code storageType} counts as one when it is not among the requirements).
     */
    static final int MAX_REQUIREMENTS = 31;

    final ProfileSpec spec;
    final List<Requirement> requirements;
    final List<String> errors;

    private CompiledProfile(ProfileSpec spec, List<Requirement> requirements, List<String> errors) {
        this.spec = spec;
        this.requirements = List.copyOf(requirements);
        this.errors = List.copyOf(errors);
    }

    static CompiledProfile compile(ProfileSpec spec) {
        List<Requirement> reqs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (spec.storageType() != null && !spec.requirements().containsKey("storageType")) {
            try {
                reqs.add(Requirement.parse("storageType", spec.storageType()));
            } catch (RequirementSyntaxException e) {
                errors.add("storageType: " + e.getMessage());
            }
        }
        for (Map.Entry<String, String> e : spec.requirements().entrySet()) {
            try {
                reqs.add(Requirement.parse(e.getKey(), e.getValue()));
            } catch (RequirementSyntaxException ex) {
                errors.add(ex.getMessage());
            }
        }
        if (reqs.size() > MAX_REQUIREMENTS) {
            errors.add("profile " + spec.id() + " has " + reqs.size() + " requirements; at most "
                    + MAX_REQUIREMENTS + " are supported");
        }
        return new CompiledProfile(spec, errors.isEmpty() ? reqs : List.of(), errors);
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** Bit i set: requirement i fails for the pool. Zero: every requirement holds. */
    int failMask(PoolSpec pool) {
        int mask = 0;
        for (int i = 0; i < requirements.size(); i++) {
            Requirement r = requirements.get(i);
            Object v = r.valueIn(pool);
            if (v == Requirement.ABSENT || !r.satisfies(v)) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    /** One reason per failing requirement, in the profile's order. */
    List<Reason> reasons(PoolSpec pool, int mask) {
        List<Reason> out = new ArrayList<>(Integer.bitCount(mask));
        for (int i = 0; i < requirements.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(reason(requirements.get(i), pool));
            }
        }
        return out;
    }

    static Reason reason(Requirement r, PoolSpec pool) {
        Object v = r.valueIn(pool);
        if (v == Requirement.ABSENT) {
            return new Reason(r.path(), Reason.Kind.NOT_REPORTED, "does not report " + r.label());
        }
        Reason why = r.test(v);
        return why != null ? why : new Reason(r.path(), Reason.Kind.FAILS, r.label() + " fails " + r.shown());
    }
}
