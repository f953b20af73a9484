package com.capreport.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A listing larger than one page: every key once, all at the first page's revision, with the
 * project's client (64 MiB messages) and with a plain client whose 4 MiB limit a page of 5,000
 * pool documents exceeds (the reader falls back to smaller pages).
 */
class EstateReaderIT {

    @Test
    void listsMorePagesThanOneWithEveryKeyOnceAtOneRevision() throws Exception {
        KeyLayout layout = new KeyLayout(TestEtcd.uniquePrefix("reader-pages"));
        Client client = TestEtcd.client();
        int n = 2 * EstateReader.PAGE + 7;
        byte[] value = ("{\"id\":\"x\",\"pad\":\"" + "p".repeat(900) + "\"}").getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<?>> txns = new ArrayList<>();
        for (int i = 0; i < n; i += 100) {
            List<Op> ops = new ArrayList<>();
            for (int k = i; k < Math.min(n, i + 100); k++) {
                ops.add(Op.put(EtcdClients.bytes(layout.pool(String.format("node-%05d", k / 10), "pool-" + k)),
                        ByteSequence.from(value), PutOption.DEFAULT));
            }
            txns.add(client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit());
        }
        CompletableFuture.allOf(txns.toArray(CompletableFuture[]::new)).get();

        long now = client.getKVClient().get(EtcdClients.bytes(layout.root())).get().getHeader().getRevision();

        try (Client ours = EtcdClients.connect(EtcdConnection.plain(List.of(TestEtcd.endpoint()), layout.prefix()))) {
            for (Client c : List.of(ours, client)) {
                EstateReader.Listing l = EstateReader.list(c, layout, Duration.ofSeconds(30));
                assertThat(l.entries()).hasSize(n);
                assertThat(l.entries().keySet()).allMatch(k -> k.startsWith(layout.root()));
                assertThat(l.revision()).isEqualTo(now);
            }
        }
    }
}
