package com.capreport.model;

import java.util.regex.Pattern;

/**
 * The etcd key layout (DESIGN.md), in one place. Everything a dock writes lives under
 * {@code {prefix}/docks/{dockId}/} so etcd RBAC can confine a dock to it.
 */
public final class KeyLayout {
    public static final String DEFAULT_PREFIX = "/capreport/v1";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    public static final String SEGMENT_RULE = "1-128 characters of A-Z a-z 0-9 . _ : @ -";

    private final String prefix;

    public KeyLayout(String prefix) {
        this.prefix = normalize(prefix);
    }

    /** "/capreport/v1/" and "capreport/v1" both become "/capreport/v1". */
    public static String normalize(String prefix) {
        String p = prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p; // "" for the root: keys are then "/docks/…"
    }

    /** What {@link #prefixProblem} accepts, for messages and docs. */
    public static final String PREFIX_RULE = "a key path starting with '/' such as /capreport/v1: not '/' alone, "
            + "no empty segment ('//'), no '.' or '..' segment, no space or control character";

    /**
     * Why a prefix an admin wrote (option or config) cannot be used, or empty when it can. Checked at
     * the edge so that nothing is guessed: {@code ''}, {@code '/'} (the root: every reader would list
     * the whole key space and the bench would delete it) and control characters are refused, not
     * turned into the default. A trailing '/' is allowed and dropped.
     */
    public static java.util.Optional<String> prefixProblem(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return java.util.Optional.of("the prefix is empty; leave the option out for the default " + DEFAULT_PREFIX);
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return java.util.Optional.of(String.format("the prefix holds %s (U+%04X at position %d); %s",
                        Character.isISOControl(c) ? "a control character" : "a space", (int) c, i + 1, PREFIX_RULE));
            }
        }
        if (!prefix.startsWith("/")) {
            return java.util.Optional.of("'" + prefix + "' does not start with '/' (did you mean /" + prefix + "?)");
        }
        String p = prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return java.util.Optional.of("'" + prefix + "' is the root of etcd, which capreport does not use (every "
                    + "reader would list the whole key space); give a prefix such as " + DEFAULT_PREFIX);
        }
        for (String segment : p.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return java.util.Optional.of("'" + prefix + "' has an empty, '.' or '..' segment; " + PREFIX_RULE);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether a dock id, backend name or profile id can be one key segment. */
    public static boolean isValidSegment(String s) {
        return s != null && SEGMENT.matcher(s).matches() && !s.equals(".") && !s.equals("..");
    }

    public String prefix() {
        return prefix;
    }

    public String root() {
        return prefix + "/";
    }

    public String docksPrefix() {
        return prefix + "/docks/";
    }

    public String dockPrefix(String dockId) {
        return docksPrefix() + dockId + "/";
    }

    public String dockSpec(String dockId) {
        return dockPrefix(dockId) + "spec";
    }

    public String alive(String dockId) {
        return dockPrefix(dockId) + "alive";
    }

    /**
     * The dock's proof of life (DESIGN.md, second wave): a put RBAC checks, unlike the keep-alive of
     * the lease that holds {@code alive}.
     */
    public String proof(String dockId) {
        return dockPrefix(dockId) + "proof";
    }

    public String loopsPrefix(String dockId) {
        return dockPrefix(dockId) + "loops/";
    }

    public String loop(String dockId, String backend) {
        return loopsPrefix(dockId) + backend;
    }

    public String poolsPrefix(String dockId) {
        return dockPrefix(dockId) + "pools/";
    }

    public String pool(String dockId, String poolId) {
        return poolsPrefix(dockId) + poolId;
    }

    public String profilesPrefix() {
        return prefix + "/profiles/";
    }

    public String profile(String profileId) {
        return profilesPrefix() + profileId;
    }

    /** Acknowledgements shared by all admins (DESIGN.md, second wave): {@code {prefix}/acks/{id}}. */
    public String acksPrefix() {
        return prefix + "/acks/";
    }

    public String ack(String ackId) {
        return acksPrefix() + ackId;
    }

    /** What a key under the prefix is; anything else is {@link EtcdKey.Unknown}. */
    public EtcdKey parse(String key) {
        if (key.startsWith(acksPrefix())) {
            String id = key.substring(acksPrefix().length());
            return isValidSegment(id) ? new EtcdKey.Ack(id) : new EtcdKey.Unknown(key);
        }
        if (key.startsWith(profilesPrefix())) {
            String id = key.substring(profilesPrefix().length());
            return isValidSegment(id) ? new EtcdKey.Profile(id) : new EtcdKey.Unknown(key);
        }
        if (!key.startsWith(docksPrefix())) {
            return new EtcdKey.Unknown(key);
        }
        String[] parts = key.substring(docksPrefix().length()).split("/", -1);
        if (parts.length < 2 || !isValidSegment(parts[0])) {
            return new EtcdKey.Unknown(key);
        }
        String dock = parts[0];
        if (parts.length == 2 && parts[1].equals("spec")) {
            return new EtcdKey.Spec(dock);
        }
        if (parts.length == 2 && parts[1].equals("alive")) {
            return new EtcdKey.Alive(dock);
        }
        if (parts.length == 2 && parts[1].equals("proof")) {
            return new EtcdKey.Proof(dock);
        }
        if (parts.length == 3 && parts[1].equals("loops") && isValidSegment(parts[2])) {
            return new EtcdKey.Loop(dock, parts[2]);
        }
        if (parts.length == 3 && parts[1].equals("pools") && isValidSegment(parts[2])) {
            return new EtcdKey.Pool(dock, parts[2]);
        }
        return new EtcdKey.Unknown(key);
    }
}
