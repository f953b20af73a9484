package com.capreport.agent.etcd;

import com.capreport.model.Estate;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads everything under the prefix in one request (one revision) and parses it into an {@link Estate}. */
public final class EstateReader {
    private EstateReader() {
    }

    public static Estate read(Client client, KeyLayout layout, Duration timeout)
            throws EtcdUnavailableException, InterruptedException {
        GetResponse r = EtcdClients.await(client.getKVClient().get(EtcdClients.bytes(layout.root()),
                GetOption.builder().isPrefix(true).build()), timeout, "read " + layout.root());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (KeyValue kv : r.getKvs()) {
            entries.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes());
        }
        return Estate.fromEntries(r.getHeader().getRevision(), entries, layout);
    }
}
