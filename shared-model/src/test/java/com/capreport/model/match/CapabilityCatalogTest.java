package com.capreport.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityCatalogTest {
    private final CapabilityCatalog catalog = CapabilityCatalog.of(List.of(
            Pools.pool("node-1", "lvm-1", "vg0", 500, Pools.extras("Thin", true, 2, "iSCSI", 5000, List.of("Rack"), "DC1")),
            Pools.pool("node-2", "ceph-1", "rbd", 2048, Pools.extras("Thin", true, 3, "RBD", null, List.of("Rack"), "DC2"))));

    @Test
    void capacitySamplesAreShownInBinaryUnitsAndBytesKeepTheReportedNumber() {
        assertThat(catalog.entry("freeCapacity").orElseThrow().samples()).containsExactly("500", "2048");
        assertThat(catalog.entry("freeCapacity").orElseThrow().shownSamples()).containsExactly("500 GiB", "2 TiB");
        assertThat(catalog.entry("freeCapacityBytes").orElseThrow().shownSamples())
                .containsExactly("500 GiB (536870912000)", "2 TiB (2199023255552)");
    }

    @Test
    void otherSamplesAreShownAsReported() {
        CapabilityCatalog.Entry e = catalog.entry("extras.advanced.maxIOPS").or(() -> catalog.entries().stream()
                .filter(x -> x.path().toLowerCase(java.util.Locale.ROOT).contains("iops")).findFirst()).orElseThrow();
        assertThat(e.shownSamples()).isEqualTo(e.samples());
        CapabilityCatalog.Entry name = catalog.entry("name").orElseThrow();
        assertThat(name.shownSamples()).containsExactly("vg0", "rbd");
    }
}
