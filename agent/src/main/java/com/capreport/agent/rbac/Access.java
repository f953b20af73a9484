package com.capreport.agent.rbac;

import com.capreport.model.KeyLayout;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one component's etcd user may do: the user, the role holding its permissions (named like
 * the user: one role per user, so changing one component never widens another) and exactly the
 * permissions that component needs under the key layout.
 */
public record Access(String user, String role, List<Permission> permissions, String summary) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    /** What {@link #nameProblem} accepts, for messages. */
    public static final String NAME_RULE = "1-128 characters of A-Z a-z 0-9 . _ : @ -";
    /** The default user of a dock: {@code capreport-dock-ID}. */
    public static final String DOCK_USER_PREFIX = "capreport-dock-";

    public Access {
        permissions = List.copyOf(permissions);
    }

    /**
     * An agent: readwrite under its own {@code {prefix}/docks/ID/} and nothing else. That is all the
     * agent touches (its spec, alive key, loops, pools and proof of life live there; leases need no
     * key permission); it reads no profile and no other dock.
     */
    public static Access dock(KeyLayout layout, String dockId, String user) {
        return new Access(user, user, List.of(Permission.prefix(Permission.Type.READWRITE, layout.dockPrefix(dockId))),
                "dock " + dockId);
    }

    /** The dashboard and the CLI: read everything under the prefix; with {@code acks}, also add and remove acknowledgements. */
    public static Access reader(KeyLayout layout, String user, boolean acks) {
        Permission read = Permission.prefix(Permission.Type.READ, layout.root());
        return new Access(user, user, acks ? List.of(read, Permission.prefix(Permission.Type.READWRITE,
                layout.acksPrefix())) : List.of(read), acks ? "reader (with acknowledgements)" : "reader");
    }

    /** An admin who writes service profiles: read everything, readwrite profiles and acknowledgements. */
    public static Access profileAdmin(KeyLayout layout, String user) {
        return new Access(user, user, List.of(Permission.prefix(Permission.Type.READ, layout.root()),
                Permission.prefix(Permission.Type.READWRITE, layout.profilesPrefix()),
                Permission.prefix(Permission.Type.READWRITE, layout.acksPrefix())), "profile admin");
    }

    /**
     * Why a user or role name cannot be used, or empty. {@code root} is refused: it is etcd's
     * administrator, whose role etcd itself defines; confining it would lock the admin out.
     */
    public static java.util.Optional<String> nameProblem(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            return java.util.Optional.of("'" + name + "' is not a user name capreport manages (" + NAME_RULE + ")");
        }
        if (name.equals("root")) {
            return java.util.Optional.of("'root' is etcd's administrator (user and role root): capreport admin "
                    + "never changes it; pick a name for the component");
        }
        return java.util.Optional.empty();
    }
}
