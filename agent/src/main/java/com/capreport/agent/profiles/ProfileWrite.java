package com.capreport.agent.profiles;

/**
 * What became of a write to a profile key. A refused compare-and-swap is an outcome, not an
 * exception: it is the normal result of two admins editing the same profile, and the admin must be
 * told who won and what to do.
 */
public sealed interface ProfileWrite permits ProfileWrite.Written, ProfileWrite.Conflict, ProfileWrite.Missing {

    /** The write (or delete) happened; {@code revision} is the etcd revision it happened at. */
    record Written(String id, long revision) implements ProfileWrite {
    }

    /**
     * The key was not at the revision the caller expected.
     *
     * @param expectedRevision the revision the caller read, 0 when it expected no profile (create)
     * @param currentRevision the key's revision now, 0 when the profile is gone
     */
    record Conflict(String id, long expectedRevision, long currentRevision) implements ProfileWrite {
        /** One line for the admin, saying what happened since they read the profile and what to do. */
        public String message() {
            if (expectedRevision == 0) {
                return "profile " + id + " already exists (revision " + currentRevision + "); run `capreport profiles "
                        + "show " + id + "`, edit that and re-apply, or use --if-revision " + currentRevision
                        + " to replace it";
            }
            if (currentRevision == 0) {
                return "profile " + id + " was deleted since you read it at revision " + expectedRevision
                        + "; remove the revision from the file to create it again";
            }
            return "profile " + id + " was changed at revision " + currentRevision + " since you read it at revision "
                    + expectedRevision + "; run `capreport profiles show " + id + "` and re-apply";
        }
    }

    /** Nothing to update or delete under this id. */
    record Missing(String id) implements ProfileWrite {
        public String message() {
            return "profile " + id + " does not exist (see `capreport profiles list`)";
        }
    }
}
