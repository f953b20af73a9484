package com.capreport.agent;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.profiles.ProfileStore;
import com.capreport.agent.profiles.ProfileWrite;
import com.capreport.model.ProfileSpec;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's example profiles, written next to {@link DemoConfig}'s backends so that the Profiles,
 * Gap matrix and Attention views have something true to show on a first launch: one profile met,
 * one below its threshold, one no pool can serve. Each description starts with {@link #MARK}, so an
 * admin (and {@code capreport profiles list}) can tell them from their own.
 *
 * <p>Both demo bootstraps (the dashboard's {@code --demo} and {@code capreport demo --text}) call
 * {@link #apply}. It only ever creates ({@code version == 0}): a profile the admin edited or
 * replaced is never written over on the next start.
 */
public final class DemoProfiles {
    /** How a demo profile's description starts. */
    public static final String MARK = "Demo: ";

    private DemoProfiles() {
    }

    /** The examples, in the order they are applied. */
    public static List<ProfileSpec> profiles() {
        return List.of(
                // Met: vg-hdd, rbd-gold and rbd-ec have two recoverable sources and over 1 TiB free.
                new ProfileSpec("demo-replicated", "Replicated block", MARK + "block storage that survives the loss "
                        + "of a disk (two or more recoverable sources), at least 1 TiB free", "block", 2,
                        requirements("freeCapacity", ">= 1 TiB",
                                "extras.DataStorageLineOfService.RecoverableCapacitySourceCount", ">= 2")),
                // Below its threshold: only lvm-sim's vg-ssd/thin0 is thin and served over iSCSI.
                new ProfileSpec("demo-thin-iscsi", "Thin iSCSI", MARK + "thin-provisioned volumes over iSCSI; "
                        + "wants two pools to choose from", "block", 2,
                        requirements("extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin",
                                "extras.IOConnectivityLineOfService.AccessProtocol", "iSCSI")),
                // Unsatisfiable: no demo backend speaks NVMe over Fabrics.
                new ProfileSpec("demo-nvme-rack", "NVMe rack-safe", MARK + "NVMe over Fabrics with rack-level "
                        + "protection; no demo backend offers it", "block", null,
                        requirements("extras.IOConnectivityLineOfService.AccessProtocol", "NVMeOverFabrics",
                                "extras.DataProtectionLineOfService.RecoveryGeographicObjective", "Rack")));
    }

    /**
     * Creates each example that no key holds yet; returns what became of each write (a
     * {@link ProfileWrite.Conflict} means the key was already there and was left alone).
     */
    public static List<ProfileWrite> apply(ProfileStore store) throws EtcdUnavailableException, InterruptedException {
        List<ProfileWrite> out = new ArrayList<>();
        for (ProfileSpec p : profiles()) {
            out.add(store.create(p));
        }
        return out;
    }

    /** {@link #apply(ProfileStore)} over a client of its own, closed before it returns. */
    public static List<ProfileWrite> apply(EtcdConnection connection, Duration timeout)
            throws EtcdClients.SettingsException, EtcdUnavailableException, InterruptedException {
        try (Client client = EtcdClients.connect(connection)) {
            return apply(new ProfileStore(client, connection.layout(), timeout));
        }
    }

    private static Map<String, String> requirements(String... pathsAndExpressions) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndExpressions.length; i += 2) {
            m.put(pathsAndExpressions[i], pathsAndExpressions[i + 1]);
        }
        return m;
    }
}
