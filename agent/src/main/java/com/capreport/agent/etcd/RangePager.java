package com.capreport.agent.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads every key under a prefix at one revision, in pages bounded by keys and by bytes, so that no
 * value someone else wrote can make a reader fail: pages shrink to fit what came before (a page
 * aims at {@link #TARGET_PAGE_BYTES}), a page that is still too large for gRPC is retried smaller
 * down to one key, and a single value larger than the client accepts is skipped and named. Values
 * above {@code maxValueBytes} are handed on without their bytes (as {@link Item#oversized()}).
 */
public final class RangePager {
    /** What a page aims at: well below the client's inbound limit ({@link EtcdClients#MAX_INBOUND_BYTES}). */
    public static final long TARGET_PAGE_BYTES = 16L * 1024 * 1024;

    private RangePager() {
    }

    /**
     * One key. {@code value} is null when it was not read: larger than {@code maxValueBytes}
     * ({@code bytes} says how large), or larger than a gRPC message may be ({@code bytes} is -1).
     */
    public record Item(String key, byte[] value, long modRevision, long bytes) {
        public boolean oversized() {
            return value == null;
        }
    }

    /** Lists {@code prefix} at one revision; returns that revision. */
    public static long list(Client client, String prefix, int maxKeys, long maxValueBytes, Duration timeout,
                            String what, Consumer<Item> sink) throws EtcdUnavailableException, InterruptedException {
        ByteSequence end = prefixEnd(prefix);
        ByteSequence from = EtcdClients.bytes(prefix);
        long revision = 0;
        int page = maxKeys;
        while (true) {
            GetOption.Builder opt = GetOption.builder().withRange(end).withLimit(page);
            if (revision != 0) {
                opt.withRevision(revision); // every page from the first page's revision: one consistent moment
            }
            GetResponse r;
            try {
                r = EtcdClients.await(client.getKVClient().get(from, opt.build()), timeout, what);
            } catch (EtcdUnavailableException e) {
                if (e.failure() != EtcdFailure.TOO_LARGE) {
                    throw e;
                }
                if (page > 1) {
                    page = Math.max(1, page / 4);
                    continue;
                }
                // One value alone is larger than a gRPC message may be: name it and step over it.
                GetOption keyOnly = GetOption.builder().withRange(end).withLimit(1).withKeysOnly(true)
                        .withRevision(revision).build();
                GetResponse k = EtcdClients.await(client.getKVClient().get(from, keyOnly), timeout, what);
                if (revision == 0) {
                    revision = k.getHeader().getRevision();
                }
                if (k.getKvs().isEmpty()) {
                    break;
                }
                KeyValue kv = k.getKvs().get(0);
                sink.accept(new Item(kv.getKey().toString(StandardCharsets.UTF_8), null, kv.getModRevision(), -1));
                from = after(kv);
                continue;
            }
            if (revision == 0) {
                revision = r.getHeader().getRevision();
            }
            KeyValue last = null;
            long bytes = 0;
            for (KeyValue kv : r.getKvs()) {
                long size = kv.getValue().size();
                bytes += size + kv.getKey().size();
                String key = kv.getKey().toString(StandardCharsets.UTF_8);
                sink.accept(size > maxValueBytes ? new Item(key, null, kv.getModRevision(), size)
                        : new Item(key, kv.getValue().getBytes(), kv.getModRevision(), size));
                last = kv;
            }
            if (!r.isMore() || last == null) {
                break;
            }
            from = after(last);
            // The next page sized by what this one weighed per key: large values mean fewer keys.
            long perKey = Math.max(1, bytes / r.getKvs().size());
            page = (int) Math.max(1, Math.min(maxKeys, TARGET_PAGE_BYTES / perKey));
        }
        return revision;
    }

    private static ByteSequence after(KeyValue kv) {
        byte[] k = kv.getKey().getBytes();
        return ByteSequence.from(Arrays.copyOf(k, k.length + 1)); // the next key after this one
    }

    /** The end of a prefix range: the prefix with its last byte incremented. */
    static ByteSequence prefixEnd(String prefix) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(b, i + 1);
                end[i]++;
                return ByteSequence.from(end);
            }
        }
        return ByteSequence.from(new byte[] {0});
    }
}
