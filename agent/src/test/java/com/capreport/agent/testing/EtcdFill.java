package com.capreport.agent.testing;

import com.capreport.agent.etcd.EtcdAlarms;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.etcd.ManagedEtcd;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Drives a real etcd into its NOSPACE alarm and back out the way an operator would: an etcd with a
 * small {@code --quota-backend-bytes}, big values under a prefix of its own until a put is refused;
 * then delete them, compact, defragment and disarm.
 */
public final class EtcdFill {
    /** 16 MiB: filled by ~16 puts of 1 MiB (etcd's default request limit is 1.5 MiB). */
    public static final long QUOTA = 16L * 1024 * 1024;
    private static final Duration T = Duration.ofSeconds(10);

    private EtcdFill() {
    }

    /** An etcd of its own with a 16 MiB quota. */
    public static ManagedEtcd startSmall() throws IOException, InterruptedException {
        return ManagedEtcd.start(List.of("--quota-backend-bytes=" + QUOTA));
    }

    /** Puts 1 MiB values under {@code prefix} until etcd refuses one; returns that refusal. */
    public static EtcdUnavailableException fillUntilRefused(Client c, String prefix) throws InterruptedException {
        byte[] mib = new byte[1024 * 1024];
        for (int i = 0; i < 200; i++) {
            try {
                EtcdClients.await(c.getKVClient().put(EtcdClients.bytes(prefix + "/" + i), ByteSequence.from(mib)), T,
                        "fill " + prefix);
            } catch (EtcdUnavailableException e) {
                return e;
            }
        }
        throw new AssertionError("etcd took 200 MiB under a " + QUOTA + " byte quota");
    }

    /**
     * The recovery of docs/troubleshooting.md: delete what filled it, compact to the current revision,
     * defragment the member, disarm the alarm.
     */
    public static void recover(Client c, String endpoint, String prefix) throws Exception {
        EtcdClients.await(c.getKVClient().delete(EtcdClients.bytes(prefix + "/"), DeleteOption.builder().isPrefix(true)
                .build()), T, "delete the filler");
        long rev = EtcdClients.await(c.getKVClient().get(EtcdClients.bytes(prefix + "/"), GetOption.builder()
                .withCountOnly(true).build()), T, "revision").getHeader().getRevision();
        EtcdClients.await(c.getKVClient().compact(rev, CompactOption.builder().withCompactPhysical(true).build()), T,
                "compact");
        EtcdClients.await(c.getMaintenanceClient().defragmentMember(endpoint), Duration.ofSeconds(30), "defragment");
        int disarmed = EtcdAlarms.disarmNoSpace(c, T);
        if (disarmed == 0) {
            throw new AssertionError("no NOSPACE alarm to disarm");
        }
    }
}
