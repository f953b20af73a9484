package com.capreport.model.match;

import com.capreport.model.Estate;
import com.capreport.model.ProfileSpec;
import java.util.List;

/** One-shot matching: every given profile against every pool of an estate. */
public final class Matcher {
    private Matcher() {
    }

    /** Reports in the order of {@code profiles}; pools' standing comes from the estate's liveness. */
    public static List<ProfileReport> evaluate(List<ProfileSpec> profiles, Estate estate) {
        MatchBook book = new MatchBook();
        book.load(estate, profiles);
        return book.reports();
    }

    public static ProfileReport evaluate(ProfileSpec profile, Estate estate) {
        return evaluate(List.of(profile), estate).get(0);
    }
}
