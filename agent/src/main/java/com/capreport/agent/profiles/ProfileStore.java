package com.capreport.agent.profiles;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.ProfileSpec;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The profiles under {@code {prefix}/profiles/}. Every write is a compare-and-swap on the key:
 * create only if the key does not exist, update and delete only at the revision the admin read.
 * A refused swap comes back as {@link ProfileWrite.Conflict} with the key's current revision, read
 * in the same transaction, so the message says exactly what changed. The client is borrowed: the
 * caller closes it.
 */
public final class ProfileStore {
    private final KV kv;
    private final KeyLayout layout;
    private final Duration timeout;

    public ProfileStore(Client client, KeyLayout layout, Duration timeout) {
        this.kv = client.getKVClient();
        this.layout = layout;
        this.timeout = timeout;
    }

    /** Every profile key at one revision: the readable profiles (by id) and the unreadable values. */
    public record Listing(long revision, List<StoredProfile> profiles, List<Lookup.Unreadable> unreadable) {
        public Listing {
            profiles = List.copyOf(profiles);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** One profile key: a profile, no key, or a value someone wrote that is not a profile. */
    public sealed interface Lookup permits Lookup.Found, Lookup.Absent, Lookup.Unreadable {
        record Found(StoredProfile stored) implements Lookup {
        }

        record Absent(String id) implements Lookup {
        }

        /** Kept apart from "absent": such a key still holds a revision that updates must name. */
        record Unreadable(String key, String error, long revision) implements Lookup {
        }
    }

    public Listing list() throws EtcdUnavailableException, InterruptedException {
        // One range read: profiles are admin-written and few (hundreds), far below gRPC's message limit.
        ByteSequence from = EtcdClients.bytes(layout.profilesPrefix());
        GetResponse r = EtcdClients.await(kv.get(from, GetOption.builder().isPrefix(true)
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build()),
                timeout, "list " + layout.profilesPrefix());
        List<StoredProfile> profiles = new ArrayList<>();
        List<Lookup.Unreadable> unreadable = new ArrayList<>();
        for (KeyValue k : r.getKvs()) {
            Lookup l = parse(k);
            if (l instanceof Lookup.Found f) {
                profiles.add(f.stored());
            } else if (l instanceof Lookup.Unreadable u) {
                unreadable.add(u);
            }
        }
        return new Listing(r.getHeader().getRevision(), profiles, unreadable);
    }

    public Lookup get(String id) throws EtcdUnavailableException, InterruptedException {
        String key = layout.profile(id);
        GetResponse r = EtcdClients.await(kv.get(EtcdClients.bytes(key)), timeout, "read " + key);
        return r.getKvs().isEmpty() ? new Lookup.Absent(id) : parse(r.getKvs().get(0));
    }

    /** Creates the profile only if no key holds its id (etcd's {@code version == 0}). */
    public ProfileWrite create(ProfileSpec profile) throws EtcdUnavailableException, InterruptedException {
        return swap(profile.id(), CmpTarget.version(0), 0, Op.put(key(profile.id()), value(profile), PutOption.DEFAULT),
                "create");
    }

    /** Replaces the profile only if its key is still at {@code expectedRevision}. */
    public ProfileWrite update(ProfileSpec profile, long expectedRevision)
            throws EtcdUnavailableException, InterruptedException {
        requirePositive(expectedRevision);
        return swap(profile.id(), CmpTarget.modRevision(expectedRevision), expectedRevision,
                Op.put(key(profile.id()), value(profile), PutOption.DEFAULT), "update");
    }

    /** Deletes the profile only if its key is still at {@code expectedRevision}. */
    public ProfileWrite delete(String id, long expectedRevision) throws EtcdUnavailableException, InterruptedException {
        requirePositive(expectedRevision);
        return swap(id, CmpTarget.modRevision(expectedRevision), expectedRevision,
                Op.delete(key(id), DeleteOption.DEFAULT), "delete");
    }

    /** Deletes whatever the key holds, readable or not; for the admin who says so explicitly. */
    public ProfileWrite deleteUnconditionally(String id) throws EtcdUnavailableException, InterruptedException {
        DeleteResponse r = EtcdClients.await(kv.delete(key(id)), timeout, "delete " + layout.profile(id));
        return r.getDeleted() == 0 ? new ProfileWrite.Missing(id) : new ProfileWrite.Written(id,
                r.getHeader().getRevision());
    }

    private ProfileWrite swap(String id, CmpTarget<?> expected, long expectedRevision, Op then, String what)
            throws EtcdUnavailableException, InterruptedException {
        ByteSequence key = key(id);
        // Else reads the key in the same transaction: the conflict names the revision that won, not a later one.
        TxnResponse r = EtcdClients.await(kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, expected))
                .Then(then)
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit(), timeout, what + " " + layout.profile(id));
        if (r.isSucceeded()) {
            return new ProfileWrite.Written(id, r.getHeader().getRevision());
        }
        List<KeyValue> now = r.getGetResponses().isEmpty() ? List.of() : r.getGetResponses().get(0).getKvs();
        if (now.isEmpty() && expectedRevision == 0) {
            throw new IllegalStateException("etcd refused to create " + layout.profile(id) + " but holds no such key");
        }
        return new ProfileWrite.Conflict(id, expectedRevision, now.isEmpty() ? 0 : now.get(0).getModRevision());
    }

    private Lookup parse(KeyValue k) {
        String key = k.getKey().toString(StandardCharsets.UTF_8);
        // The same parsing as the estate readers, so the CLI and the dashboard agree on what is a profile.
        Estate.Parsed parsed = Estate.parse(key, k.getValue().getBytes(), layout);
        if (parsed instanceof Estate.ProfileEntry p) {
            return new Lookup.Found(new StoredProfile(p.profile(), k.getModRevision(), k.getCreateRevision(),
                    k.getVersion()));
        }
        String error = parsed instanceof Estate.Bad b ? b.invalid().error() : key + ": not a profile key";
        return new Lookup.Unreadable(key, error, k.getModRevision());
    }

    private ByteSequence key(String id) {
        if (!KeyLayout.isValidSegment(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a profile id (" + KeyLayout.SEGMENT_RULE + ")");
        }
        return EtcdClients.bytes(layout.profile(id));
    }

    private static ByteSequence value(ProfileSpec p) {
        return ByteSequence.from(Json.encode(p));
    }

    private static void requirePositive(long revision) {
        if (revision <= 0) {
            throw new IllegalArgumentException("an etcd revision is positive, found " + revision);
        }
    }
}
