package com.capreport.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.Estate;
import com.capreport.model.KeyLayout;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EstateRenderingTest {
    private static final KeyLayout LAYOUT = new KeyLayout(KeyLayout.DEFAULT_PREFIX);

    @Test
    void everyInvalidLineNamesItsKey() {
        String stray = "/capreport/v1/docks/demo-node/mystery";
        String garbagePool = "/capreport/v1/docks/demo-node/pools/00000000-0000-0000-0000-000000000000";
        Estate e = Estate.fromEntries(1, Map.of(stray, "x".getBytes(StandardCharsets.UTF_8),
                garbagePool, "not json".getBytes(StandardCharsets.UTF_8)), LAYOUT);
        assertThat(e.invalid()).hasSize(2);

        String table = EstateRendering.poolsTable(e, Instant.parse("2026-12-07T16:00:00Z"));

        assertThat(table).contains("2 invalid entries (ignored):");
        assertThat(table.lines().filter(l -> l.startsWith("  "))).hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("  " + stray + ": not a key of the layout"))
                .anySatisfy(l -> assertThat(l).contains(garbagePool));
    }
}
