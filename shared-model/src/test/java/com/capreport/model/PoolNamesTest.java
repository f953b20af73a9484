package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolNamesTest {
    static PoolSpec pool(String name) {
        return new PoolSpec("id", null, null, name, "file", "", PoolStatus.AVAILABLE, "", 1, 1, "demo-node", "local-fs",
                "filesystem", name, 1L << 30, 1L << 30, Map.of(), Map.of());
    }

    @Test
    void thePoolOnTheRootIsNotDockSlashSlash() {
        assertThat(PoolNames.of(pool("/"))).isEqualTo("demo-node:/");
        assertThat(PoolNames.withBackend(pool("/"))).isEqualTo("demo-node/local-fs:/");
        assertThat(PoolNames.of(pool("/")).contains("//")).isFalse();
    }

    @Test
    void anyOtherNameIsJoinedWithASlash() {
        assertThat(PoolNames.of(pool("vg-gold"))).isEqualTo("demo-node/vg-gold");
        assertThat(PoolNames.withBackend(pool("exports"))).isEqualTo("demo-node/local-fs/exports");
    }
}
