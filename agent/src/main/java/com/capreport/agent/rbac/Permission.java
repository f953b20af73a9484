package com.capreport.agent.rbac;

/**
 * One key permission of an etcd role: a type on a key range. {@code rangeEnd} is etcd's: empty for
 * the single key, the prefix end for a prefix, {@code "\0"} for "this key and every key after it".
 */
public record Permission(Type type, String key, String rangeEnd) {
    /** etcd's permission types, named as etcdctl spells them. */
    public enum Type {
        READ("read"), WRITE("write"), READWRITE("readwrite");

        private final String word;

        Type(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public Permission {
        if (type == null || key == null || key.isEmpty() || rangeEnd == null) {
            throw new IllegalArgumentException("a permission needs a type and a key");
        }
    }

    /** Every key starting with {@code prefix}, as {@code etcdctl role grant-permission --prefix=true}. */
    public static Permission prefix(Type type, String prefix) {
        return new Permission(type, prefix, prefixEnd(prefix));
    }

    /** The range, without the type: etcd keys a role's permissions by it (a grant on it replaces the type). */
    public Range range() {
        return new Range(key, rangeEnd);
    }

    /** A key range of etcd. */
    public record Range(String key, String rangeEnd) {
        public boolean isPrefix() {
            return !rangeEnd.isEmpty() && rangeEnd.equals(prefixEnd(key));
        }

        public boolean isFromKey() {
            return rangeEnd.equals("\0");
        }

        /** "prefix /capreport/v1/docks/a/", "key /x", "keys from /x", "[/a, /b)". */
        public String describe() {
            if (rangeEnd.isEmpty()) {
                return "key " + key;
            }
            if (isPrefix()) {
                return "prefix " + key;
            }
            if (isFromKey()) {
                return "keys from " + key;
            }
            return "[" + key + ", " + rangeEnd + ")";
        }
    }

    /** "readwrite on prefix /capreport/v1/docks/a/". */
    public String describe() {
        return type.word() + " on " + range().describe();
    }

    /**
     * The smallest key after every key starting with {@code prefix} (etcd's and jetcd's prefix end):
     * the prefix with its last byte below 0xff incremented and anything after it dropped.
     */
    static String prefixEnd(String prefix) {
        byte[] b = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = b.length - 1; i >= 0; i--) {
            if ((b[i] & 0xff) != 0xff) {
                byte[] end = java.util.Arrays.copyOf(b, i + 1);
                end[i]++;
                return new String(end, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return "\0";
    }
}
