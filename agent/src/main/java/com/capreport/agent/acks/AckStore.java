package com.capreport.agent.acks;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.model.Ack;
import com.capreport.model.AckTarget;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Acknowledgements under {@code {prefix}/acks/}, one key per target ({@link Ack#idFor}). Adding
 * one is a plain put (the newest admin's word replaces the older one); removing one that is no
 * longer due (expired, or resolved) is a compare-and-delete on the mod revision it was read at,
 * so a fresh ack another admin wrote in between is never deleted. The client is borrowed.
 */
public final class AckStore {
    private final KV kv;
    private final KeyLayout layout;
    private final Duration timeout;

    public AckStore(Client client, KeyLayout layout, Duration timeout) {
        this.kv = client.getKVClient();
        this.layout = layout;
        this.timeout = timeout;
    }

    public String key(AckTarget target) {
        return layout.ack(Ack.idFor(target));
    }

    public AckWrite put(Ack ack) throws EtcdUnavailableException, InterruptedException {
        String key = key(ack.target());
        try {
            var r = EtcdClients.await(kv.put(EtcdClients.bytes(key), ByteSequence.from(Json.encode(ack))), timeout,
                    "acknowledge " + ack.target().wire() + " at " + key);
            return new AckWrite.Written(key, r.getHeader().getRevision());
        } catch (EtcdUnavailableException e) {
            return refusedOrThrow(key, e);
        }
    }

    /** Removes the target's ack whatever it says (the admin un-acknowledges). */
    public AckWrite remove(AckTarget target) throws EtcdUnavailableException, InterruptedException {
        return removeIf(target, a -> true);
    }

    /**
     * Removes the target's ack only if, as read now, it is still one that {@code due} says may go
     * (e.g. expired at {@code now}), in a transaction on the mod revision it was read at.
     */
    public AckWrite removeIf(AckTarget target, Predicate<Ack> due) throws EtcdUnavailableException,
            InterruptedException {
        String key = key(target);
        ByteSequence k = EtcdClients.bytes(key);
        try {
            GetResponse g = EtcdClients.await(kv.get(k), timeout, "read " + key);
            if (g.getKvs().isEmpty()) {
                return new AckWrite.Unchanged(key);
            }
            KeyValue kvv = g.getKvs().get(0);
            Estate.Parsed parsed = Estate.parse(key, kvv.getValue().getBytes(), layout);
            if (parsed instanceof Estate.AckEntry a && !due.test(a.ack())) {
                return new AckWrite.Unchanged(key);
            }
            TxnResponse r = EtcdClients.await(kv.txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(kvv.getModRevision())))
                    .Then(Op.delete(k, DeleteOption.DEFAULT))
                    .commit(), timeout, "remove " + key);
            return r.isSucceeded() ? new AckWrite.Written(key, r.getHeader().getRevision()) : new AckWrite.Unchanged(key);
        } catch (EtcdUnavailableException e) {
            return refusedOrThrow(key, e);
        }
    }

    /** Removes the target's ack if it has expired at {@code now}. */
    public AckWrite removeExpired(AckTarget target, Instant now) throws EtcdUnavailableException,
            InterruptedException {
        return removeIf(target, a -> !a.activeAt(now));
    }

    private static AckWrite refusedOrThrow(String key, EtcdUnavailableException e) throws EtcdUnavailableException {
        if (e.failure() == com.capreport.agent.etcd.EtcdFailure.PERMISSION) {
            return new AckWrite.Refused(key, "etcd refused the write to " + key.substring(0, key.lastIndexOf('/') + 1)
                    + ": this etcd user may read acknowledgements but not add or remove them (see docs/security.md)");
        }
        throw e;
    }
}
