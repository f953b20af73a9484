/**
 * Service profiles in the dashboard: the profiles view (live match counts, ranked matches,
 * reasons, suggestions), the profile editor (path and operator pickers, live preview, validation,
 * compare-and-swap save), the gap matrix (pools × profiles) and the at-risk notifications.
 *
 * <p>Matching is never re-implemented here: {@link com.capreport.model.match.MatchBook} and
 * {@link com.capreport.model.match.Matcher} answer, on a worker thread ({@link MatchFeed}); etcd
 * writes go through the agent's profile store behind {@link ProfileRepository}. View-models do not
 * import {@code javafx.scene}.
 */
package com.capreport.dashboard.profiles;
