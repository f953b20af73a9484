package com.capreport.dashboard.profiles;

import com.capreport.model.PoolSpec;
import com.capreport.model.match.Reason;
import java.util.List;
import java.util.stream.Collectors;

/** Wording shared by the profile views: short paths, pool names, reason lists. */
final class ProfileTexts {
    private ProfileTexts() {
    }

    /** "extras.IOConnectivityLineOfService.MaxIOPS" → "MaxIOPS": the tail is what admins recognise. */
    static String shortPath(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /** "node-1/lvm-1/vg-gold": unique within an estate, unlike the name alone. */
    static String where(PoolSpec p) {
        return com.capreport.model.PoolNames.withBackend(p);
    }

    static String reasons(List<Reason> reasons) {
        return reasons.stream().map(Reason::message).collect(Collectors.joining("; "));
    }

    static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
