package com.capreport.agent.driver.lvm;

import static com.capreport.agent.driver.JsonOutput.decimal;
import static com.capreport.agent.driver.JsonOutput.number;
import static com.capreport.agent.driver.JsonOutput.text;

import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.driver.JsonOutput;
import com.capreport.model.PoolStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns {@code vgs} and {@code lvs} JSON reports (all values strings, sizes in bytes) into pools.
 * Pure: no commands are run here, so recorded real output can be fed in by tests.
 *
 * <ul>
 *   <li>Each volume group is a pool, {@code ProvisioningPolicy: [Fixed]}; a VG with a missing PV
 *       ({@code vg_attr} 4th letter {@code p}, or {@code vg_missing_pv_count > 0}) is degraded; an
 *       exported VG ({@code x}) cannot be used and is left out.</li>
 *   <li>Each thin pool is its own pool, {@code [Thin]}: size from {@code lv_size}, free from
 *       {@code data_percent}, over-commit (sum of its thin volumes' sizes / pool size) in
 *       {@code advanced}.</li>
 *   <li>Each VDO pool is its own pool, {@code [Thin]} and {@code IsSpaceEfficient: true}.</li>
 *   <li>RAID gives {@code RecoverableCapacitySourceCount} for a thin or VDO pool whose data sub-LV is
 *       RAID: raid1/mirror images − 1, raid4/5 → 1, raid6 → 2, raid10 → 1. Nothing is claimed for a
 *       linear data LV (it may sit on RAID that LVM cannot see) nor for a VG (the next LV's layout is
 *       the lvcreate caller's choice); the layouts in use are in {@code advanced.lvm.lvLayouts}.</li>
 * </ul>
 * LVs are de-duplicated by {@code lv_uuid}: asking for segment fields prints one row per segment.
 */
public final class LvmReport {
    private LvmReport() {
    }

    /** One logical volume, merged from its segment rows. */
    record Lv(String name, String vg, String uuid, long size, String attr, String poolLv, String segtype,
              int stripes, Optional<Double> dataPercent, Optional<Double> metadataPercent, String health,
              Set<String> segtypes) {
        boolean hidden() {
            return name.startsWith("[");
        }

        String bareName() {
            return name.replace("[", "").replace("]", "");
        }

        char type() {
            return attr.isEmpty() ? '-' : attr.charAt(0);
        }

        boolean isThinPool() {
            return segtype.equals("thin-pool") || type() == 't';
        }

        boolean isVdoPool() {
            return segtype.equals("vdo-pool") || type() == 'd';
        }

        boolean isThinVolume() {
            return segtype.equals("thin") || type() == 'V';
        }
    }

    public static List<DiscoveredPool> pools(String backend, String vgsOut, String lvsOut, Set<String> onlyVgs,
                                             boolean thinPools, Collection<String> notes) throws DriverException {
        return pools(backend, vgsOut, "", lvsOut, onlyVgs, thinPools, notes);
    }

    /**
     * As above, with what {@code vgs} printed on stderr: lvm2 names a missing PV only there ({@code
     * WARNING: VG partvg is missing PV X2aSUl-… (last written to /dev/loop9).}), and a degraded VG's
     * {@code statusReason} says which one.
     */
    public static List<DiscoveredPool> pools(String backend, String vgsOut, String vgsErr, String lvsOut,
                                             Set<String> onlyVgs, boolean thinPools, Collection<String> notes)
            throws DriverException {
        Map<String, List<String>> missingPvs = missingPvs(vgsErr);
        JsonNode vgs = section(backend, "vgs", vgsOut, "vg");
        Map<String, Lv> lvsByUuid = lvs(backend, section(backend, "lvs", lvsOut, "lv"));
        List<DiscoveredPool> out = new ArrayList<>();
        for (JsonNode vg : vgs) {
            String name = text(vg, "vg_name");
            if (name.isEmpty() || (!onlyVgs.isEmpty() && !onlyVgs.contains(name))) {
                continue;
            }
            String attr = text(vg, "vg_attr");
            if (attr.length() > 2 && attr.charAt(2) == 'x') {
                notes.add("volume group " + name + " is exported (vg_attr " + attr + "): not reported");
                continue;
            }
            List<Lv> lvs = lvsByUuid.values().stream().filter(l -> l.vg().equals(name)).toList();
            out.add(vgPool(backend, vg, name, attr, lvs, missingPvs.getOrDefault(name, List.of())));
            if (thinPools) {
                for (Lv lv : lvs) {
                    if (lv.isThinPool() && !lv.hidden()) {
                        out.add(thinPool(name, lv, lvs));
                    } else if (lv.isVdoPool() && !lv.hidden()) {
                        out.add(vdoPool(name, lv, lvs));
                    }
                }
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern MISSING_PV = java.util.regex.Pattern.compile(
            "VG (\\S+) is missing PV (\\S+)(?: \\(last written to ([^)]+)\\))?");

    /** VG name → "PV uuid, last written to /dev/x" for each missing PV the warnings name. */
    static Map<String, List<String>> missingPvs(String stderr) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        java.util.regex.Matcher m = MISSING_PV.matcher(stderr == null ? "" : stderr);
        while (m.find()) {
            String pv = m.group(2).replaceAll("\\.$", "");
            out.computeIfAbsent(m.group(1), x -> new ArrayList<>())
                    .add("PV " + pv + (m.group(3) == null ? "" : ", last written to " + m.group(3)));
        }
        return out;
    }

    private static JsonNode section(String backend, String command, String stdout, String kind) throws DriverException {
        JsonNode root = JsonOutput.parse(backend, command, stdout);
        JsonNode report = root.path("report");
        if (!report.isArray() || report.isEmpty() || !report.get(0).path(kind).isArray()) {
            throw new DriverException(backend + ": " + command + " JSON has no report[0]." + kind
                    + " list (is this lvm2 ≥ 2.02.158 with --reportformat json?)");
        }
        return report.get(0).get(kind);
    }

    private static Map<String, Lv> lvs(String backend, JsonNode rows) throws DriverException {
        Map<String, Lv> byUuid = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            String uuid = text(r, "lv_uuid");
            String key = uuid.isEmpty() ? text(r, "vg_name") + "/" + text(r, "lv_name") : uuid;
            Lv seen = byUuid.get(key);
            String segtype = text(r, "segtype");
            if (seen != null) {
                seen.segtypes().add(segtype);
                continue;
            }
            long size = number(r, "lv_size").orElseThrow(() -> new DriverException(backend + ": lvs row for "
                    + text(r, "vg_name") + "/" + text(r, "lv_name") + " has no lv_size"));
            for (String f : new String[] {"data_percent", "metadata_percent"}) {
                if (!text(r, f).isBlank() && decimal(r, f).isEmpty()) {
                    throw new DriverException(backend + ": lvs row for " + text(r, "vg_name") + "/" + text(r, "lv_name")
                            + " has an unreadable " + f + " '" + text(r, f) + "'");
                }
            }
            Set<String> segs = new LinkedHashSet<>();
            segs.add(segtype);
            byUuid.put(key, new Lv(text(r, "lv_name"), text(r, "vg_name"), uuid, size, text(r, "lv_attr"),
                    text(r, "pool_lv").replace("[", "").replace("]", ""), segtype,
                    number(r, "stripes").map(Long::intValue).orElse(0), decimal(r, "data_percent"),
                    decimal(r, "metadata_percent"), text(r, "lv_health_status"), segs));
        }
        return byUuid;
    }

    /** Copies that can be lost without losing data; empty when the layout does not say. */
    static Optional<Integer> redundancy(Lv lv) {
        String seg = lv.segtype().toLowerCase(Locale.ROOT);
        if (seg.equals("raid1") || seg.equals("mirror")) {
            return Optional.of(Math.max(1, (lv.stripes() > 0 ? lv.stripes() : 2) - 1));
        }
        if (seg.startsWith("raid10")) {
            return Optional.of(1);
        }
        if (seg.startsWith("raid6")) {
            return Optional.of(2);
        }
        if (seg.startsWith("raid4") || seg.startsWith("raid5")) {
            return Optional.of(1);
        }
        if (seg.equals("linear") || seg.equals("striped") || seg.equals("raid0") || seg.equals("raid0_meta")) {
            return Optional.of(0);
        }
        return Optional.empty();
    }

    /** A pool's data sub-LV ({@code [pool_tdata]}, {@code [vpool_vdata]}), whose layout is the pool's. */
    private static Optional<Lv> dataSubLv(Lv pool, List<Lv> lvs, String suffix) {
        String want = pool.bareName() + suffix;
        return lvs.stream().filter(l -> l.bareName().equals(want)).findFirst();
    }

    private static DiscoveredPool vgPool(String backend, JsonNode vg, String name, String attr, List<Lv> lvs,
                                         List<String> missingPvs) throws DriverException {
        long size = number(vg, "vg_size").orElseThrow(() -> new DriverException(backend + ": vgs row for " + name
                + " has no vg_size"));
        long free = number(vg, "vg_free").orElse(0L);
        long missing = number(vg, "vg_missing_pv_count").orElse(0L);
        boolean partial = (attr.length() > 3 && attr.charAt(3) == 'p') || missing > 0;

        // A VG hands out whatever layout each lvcreate asks for: the layouts of the LVs already in it
        // say nothing about the next one, so no redundancy is claimed for the VG (they go to advanced).
        Map<String, Object> dataStorage = new LinkedHashMap<>();
        dataStorage.put("ProvisioningPolicy", List.of("Fixed"));
        Set<String> layouts = new TreeSet<>();
        for (Lv lv : lvs) {
            if (!lv.hidden() && !lv.isThinVolume()) {
                layouts.add(lv.segtype());
            }
        }

        Map<String, Object> advanced = new LinkedHashMap<>();
        advanced.put("lvm.vgAttr", attr);
        advanced.put("lvm.vgUuid", text(vg, "vg_uuid"));
        number(vg, "pv_count").ifPresent(n -> advanced.put("lvm.pvCount", n));
        number(vg, "lv_count").ifPresent(n -> advanced.put("lvm.lvCount", n));
        advanced.put("lvm.missingPvCount", missing);
        if (!layouts.isEmpty()) {
            advanced.put("lvm.lvLayouts", List.copyOf(layouts));
        }
        String tags = text(vg, "vg_tags");
        if (!tags.isEmpty()) {
            advanced.put("lvm.tags", List.of(tags.split(",")));
        }
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("DataStorageLineOfService", dataStorage);
        caps.put("advanced", advanced);
        long pvs = number(vg, "pv_count").orElse(0L);
        long gone = Math.max(missing, missingPvs.size());
        String reason = !partial ? "" : (gone > 0 ? gone + (pvs > 0 ? " of " + pvs : "") + " physical volume"
                + (gone == 1 && pvs <= 1 ? "" : "s") + " missing" : "a physical volume is missing")
                + (missingPvs.isEmpty() ? "" : ": " + String.join("; ", missingPvs))
                + " (vg_attr " + attr + ", vg_missing_pv_count " + missing + ")";
        return new DiscoveredPool(name, name, "block", partial ? "volume group, a physical volume is missing"
                : "volume group", size, Math.min(free, size), partial ? PoolStatus.DEGRADED : PoolStatus.AVAILABLE, caps,
                reason);
    }

    private static DiscoveredPool thinPool(String vgName, Lv pool, List<Lv> lvs) {
        long virtual = lvs.stream().filter(l -> l.isThinVolume() && l.poolLv().equals(pool.bareName()))
                .mapToLong(Lv::size).sum();
        Map<String, Object> dataStorage = new LinkedHashMap<>();
        dataStorage.put("ProvisioningPolicy", List.of("Thin"));
        // Only a RAID data sub-LV is evidence of redundancy; linear here may still sit on a RAID
        // device LVM cannot see, so nothing is claimed for it.
        dataSubLv(pool, lvs, "_tdata").flatMap(LvmReport::redundancy).filter(r -> r > 0)
                .ifPresent(r -> dataStorage.put("RecoverableCapacitySourceCount", r));
        Map<String, Object> advanced = new LinkedHashMap<>();
        advanced.put("lvm.lvAttr", pool.attr());
        advanced.put("lvm.segtype", pool.segtype());
        advanced.put("lvm.virtualSizeBytes", virtual);
        advanced.put("lvm.overcommitRatio", pool.size() == 0 ? 0.0 : Math.round(100.0 * virtual / pool.size()) / 100.0);
        pool.dataPercent().ifPresent(p -> advanced.put("lvm.dataPercent", p));
        pool.metadataPercent().ifPresent(p -> advanced.put("lvm.metadataPercent", p));
        dataSubLv(pool, lvs, "_tdata").ifPresent(d -> advanced.put("lvm.dataLayout", d.segtype()));
        return usagePool(vgName, pool, dataStorage, advanced, "thin pool");
    }

    private static DiscoveredPool vdoPool(String vgName, Lv pool, List<Lv> lvs) {
        long virtual = lvs.stream().filter(l -> l.poolLv().equals(pool.bareName()) && !l.hidden())
                .mapToLong(Lv::size).sum();
        Map<String, Object> dataStorage = new LinkedHashMap<>();
        dataStorage.put("ProvisioningPolicy", List.of("Thin"));
        dataSubLv(pool, lvs, "_vdata").flatMap(LvmReport::redundancy).filter(r -> r > 0)
                .ifPresent(r -> dataStorage.put("RecoverableCapacitySourceCount", r));
        dataStorage.put("IsSpaceEfficient", true);
        Map<String, Object> advanced = new LinkedHashMap<>();
        advanced.put("lvm.lvAttr", pool.attr());
        advanced.put("lvm.segtype", pool.segtype());
        advanced.put("lvm.virtualSizeBytes", virtual);
        advanced.put("lvm.vdo", true);
        pool.dataPercent().ifPresent(p -> advanced.put("lvm.dataPercent", p));
        return usagePool(vgName, pool, dataStorage, advanced, "VDO pool");
    }

    /**
     * A pool LV's capacity: its size, and free from {@code data_percent}. An inactive pool reports
     * no usage: it is degraded with free 0, so nobody schedules on a guess.
     */
    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.2f%%", p);
    }

    private static DiscoveredPool usagePool(String vgName, Lv pool, Map<String, Object> dataStorage,
                                            Map<String, Object> advanced, String what) {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("DataStorageLineOfService", dataStorage);
        caps.put("advanced", advanced);
        String health = pool.health();
        // A thin pool whose metadata fills up turns read-only whatever its data space says.
        boolean metadataFull = pool.metadataPercent().map(m -> m >= 95.0).orElse(false);
        boolean unhealthy = !health.isEmpty() || metadataFull;
        if (!health.isEmpty()) {
            advanced.put("lvm.healthStatus", health);
        }
        if (metadataFull) {
            advanced.put("lvm.metadataNearlyFull", true);
        }
        String id = vgName + "/" + pool.bareName();
        if (pool.dataPercent().isEmpty()) {
            advanced.put("lvm.active", false);
            return new DiscoveredPool(id, id, "block", what + " (inactive: usage unknown)", pool.size(), 0,
                    PoolStatus.DEGRADED, caps, what + " is inactive: usage unknown, nothing counted free (lv_attr "
                            + pool.attr() + ")");
        }
        long used = Math.round(pool.size() * Math.min(100.0, pool.dataPercent().get()) / 100.0);
        List<String> why = new ArrayList<>();
        if (!health.isEmpty()) {
            why.add(switch (health) {
                case "out_of_data" -> what + " data space is full (lv_health_status out_of_data, data "
                        + percent(pool.dataPercent().get()) + ")";
                case "metadata_read_only" -> what + " metadata is read-only (lv_health_status metadata_read_only)";
                default -> what + " health: " + health + " (lv_health_status)";
            });
        }
        if (metadataFull) {
            why.add(what + " metadata " + percent(pool.metadataPercent().get())
                    + " full: the pool turns read-only when it fills (metadata_percent)");
        }
        return new DiscoveredPool(id, id, "block", what + " in " + vgName, pool.size(), Math.max(0, pool.size() - used),
                unhealthy ? PoolStatus.DEGRADED : PoolStatus.AVAILABLE, caps, String.join("; ", why));
    }
}
