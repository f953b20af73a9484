package com.capreport.agent.profiles;

import com.capreport.model.ProfileSpec;

/**
 * A profile as etcd holds it. {@code revision} is the key's mod revision: the token an admin hands
 * back ({@code revision:} in the file, or {@code --if-revision}) to update or delete exactly what
 * they read.
 */
public record StoredProfile(ProfileSpec profile, long revision, long createRevision, long version) {
    public String id() {
        return profile.id();
    }
}
