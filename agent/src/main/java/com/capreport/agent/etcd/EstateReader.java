package com.capreport.agent.etcd;

import com.capreport.model.Estate;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads everything under the prefix at one revision, in pages (a large estate does not fit in one
 * gRPC message), and parses it into an {@link Estate}.
 */
public final class EstateReader {
    /**
     * Keys per request: 5-10 MB with pool documents of ~1-2 KB (the client accepts 64 MiB). etcd 3.4
     * walks its index from a page's first key to the end of the range for every page, so larger
     * pages make a 100,000-pool listing several times faster (1,000-key pages: 5.9 s; 5,000: 1.7 s).
     */
    public static final int PAGE = 5000;

    private EstateReader() {
    }

    public static Estate read(Client client, KeyLayout layout, Duration timeout)
            throws EtcdUnavailableException, InterruptedException {
        Listing l = list(client, layout, timeout);
        return Estate.fromEntries(l.revision(), l.entries(), layout);
    }

    /** Every key/value under the prefix at one revision. */
    public record Listing(long revision, Map<String, byte[]> entries) {
    }

    public static Listing list(Client client, KeyLayout layout, Duration timeout)
            throws EtcdUnavailableException, InterruptedException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        ByteSequence end = prefixEnd(layout.root());
        ByteSequence from = EtcdClients.bytes(layout.root());
        long revision = 0;
        int page = PAGE;
        while (true) {
            GetOption.Builder opt = GetOption.builder().withRange(end).withLimit(page);
            if (revision != 0) {
                opt.withRevision(revision); // every page from the first page's revision: one consistent moment
            }
            GetResponse r;
            try {
                r = EtcdClients.await(client.getKVClient().get(from, opt.build()), timeout, "read " + layout.root());
            } catch (EtcdUnavailableException e) {
                // A client built with gRPC's 4 MiB default (not through EtcdClients.connect): smaller pages.
                if (page > 100 && e.failure() == EtcdFailure.TOO_LARGE) {
                    page = Math.max(100, page / 4);
                    continue;
                }
                throw e;
            }
            if (revision == 0) {
                revision = r.getHeader().getRevision();
            }
            KeyValue last = null;
            for (KeyValue kv : r.getKvs()) {
                entries.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes());
                last = kv;
            }
            if (!r.isMore() || last == null) {
                break;
            }
            byte[] k = last.getKey().getBytes();
            from = ByteSequence.from(Arrays.copyOf(k, k.length + 1)); // the next key after the last one
        }
        return new Listing(revision, entries);
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
