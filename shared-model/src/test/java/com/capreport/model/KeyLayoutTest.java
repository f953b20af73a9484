package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyLayoutTest {
    private static final String DOCK = "node-a1";
    private static final String POOL = "1fdb2e74-4b36-517c-9ac3-35f735e97022";
    private final KeyLayout layout = new KeyLayout("/capreport/v1");

    @Test
    void buildsEveryKeyOfTheDesignLayoutUnderThePrefix() {
        assertThat(layout.prefix()).isEqualTo("/capreport/v1");
        assertThat(layout.root()).isEqualTo("/capreport/v1/");
        assertThat(layout.docksPrefix()).isEqualTo("/capreport/v1/docks/");
        assertThat(layout.dockPrefix(DOCK)).isEqualTo("/capreport/v1/docks/node-a1/");
        assertThat(layout.dockSpec(DOCK)).isEqualTo("/capreport/v1/docks/node-a1/spec");
        assertThat(layout.alive(DOCK)).isEqualTo("/capreport/v1/docks/node-a1/alive");
        assertThat(layout.loopsPrefix(DOCK)).isEqualTo("/capreport/v1/docks/node-a1/loops/");
        assertThat(layout.loop(DOCK, "lvm-1")).isEqualTo("/capreport/v1/docks/node-a1/loops/lvm-1");
        assertThat(layout.poolsPrefix(DOCK)).isEqualTo("/capreport/v1/docks/node-a1/pools/");
        assertThat(layout.pool(DOCK, POOL))
                .isEqualTo("/capreport/v1/docks/node-a1/pools/1fdb2e74-4b36-517c-9ac3-35f735e97022");
        assertThat(layout.profilesPrefix()).isEqualTo("/capreport/v1/profiles/");
        assertThat(layout.profile("gold-thin-iscsi")).isEqualTo("/capreport/v1/profiles/gold-thin-iscsi");
    }

    @Test
    void everythingADockWritesIsUnderItsOwnDockPrefix() {
        String own = layout.dockPrefix(DOCK);

        assertThat(layout.dockSpec(DOCK)).startsWith(own);
        assertThat(layout.alive(DOCK)).startsWith(own);
        assertThat(layout.loop(DOCK, "ceph-1")).startsWith(own);
        assertThat(layout.pool(DOCK, POOL)).startsWith(own);
        assertThat(layout.dockSpec("node-a10")).doesNotStartWith(own);
    }

    @ParameterizedTest
    @ValueSource(strings = {"capreport/v1/", "capreport/v1", "/capreport/v1/", "/capreport/v1//", "  /capreport/v1  "})
    void prefixIsNormalisedToALeadingSlashAndNoTrailingSlash(String written) {
        assertThat(KeyLayout.normalize(written)).isEqualTo("/capreport/v1");
        assertThat(new KeyLayout(written).dockSpec(DOCK)).isEqualTo("/capreport/v1/docks/node-a1/spec");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t"})
    void blankPrefixMeansTheDefault(String written) {
        assertThat(KeyLayout.normalize(written)).isEqualTo(KeyLayout.DEFAULT_PREFIX).isEqualTo("/capreport/v1");
        assertThat(new KeyLayout(written).prefix()).isEqualTo(KeyLayout.DEFAULT_PREFIX);
    }

    @Test
    void customPrefixIsUsedForEveryKey() {
        KeyLayout site = new KeyLayout("site-b/capreport/");

        assertThat(site.prefix()).isEqualTo("/site-b/capreport");
        assertThat(site.alive(DOCK)).isEqualTo("/site-b/capreport/docks/node-a1/alive");
        assertThat(site.profile("bronze")).isEqualTo("/site-b/capreport/profiles/bronze");
    }

    @Test
    void parsesADockSpecKey() {
        assertThat(layout.parse("/capreport/v1/docks/node-a1/spec")).isEqualTo(new EtcdKey.Spec(DOCK));
    }

    @Test
    void parsesAnAliveKey() {
        assertThat(layout.parse("/capreport/v1/docks/node-a1/alive")).isEqualTo(new EtcdKey.Alive(DOCK));
    }

    @Test
    void parsesALoopKey() {
        assertThat(layout.parse("/capreport/v1/docks/node-a1/loops/ceph-1"))
                .isEqualTo(new EtcdKey.Loop(DOCK, "ceph-1"));
    }

    @Test
    void parsesAPoolKey() {
        assertThat(layout.parse("/capreport/v1/docks/node-a1/pools/" + POOL))
                .isEqualTo(new EtcdKey.Pool(DOCK, POOL));
    }

    @Test
    void parsesAProfileKey() {
        assertThat(layout.parse("/capreport/v1/profiles/gold-thin-iscsi"))
                .isEqualTo(new EtcdKey.Profile("gold-thin-iscsi"));
    }

    @Test
    void everyBuiltKeyParsesBackToItsKind() {
        String dock = "stor_b.2:east@dc1";
        String backend = "ceph.rbd-ssd";

        assertThat(layout.parse(layout.dockSpec(dock))).isEqualTo(new EtcdKey.Spec(dock));
        assertThat(layout.parse(layout.alive(dock))).isEqualTo(new EtcdKey.Alive(dock));
        assertThat(layout.parse(layout.loop(dock, backend))).isEqualTo(new EtcdKey.Loop(dock, backend));
        assertThat(layout.parse(layout.pool(dock, POOL))).isEqualTo(new EtcdKey.Pool(dock, POOL));
        assertThat(layout.parse(layout.profile("silver"))).isEqualTo(new EtcdKey.Profile("silver"));
    }

    @Test
    void keysOfANormalisedCustomPrefixParse() {
        KeyLayout site = new KeyLayout("capreport/v1/");

        assertThat(site.parse("/capreport/v1/docks/node-a1/loops/lvm-1")).isEqualTo(new EtcdKey.Loop(DOCK, "lvm-1"));
        assertThat(site.parse("/capreport/v1/profiles/bronze")).isEqualTo(new EtcdKey.Profile("bronze"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // extra segments
        "/capreport/v1/docks/node-a1/spec/extra",
        "/capreport/v1/docks/node-a1/alive/x",
        "/capreport/v1/docks/node-a1/loops/lvm-1/extra",
        "/capreport/v1/docks/node-a1/pools/1fdb2e74-4b36-517c-9ac3-35f735e97022/extra",
        "/capreport/v1/docks/node-a1/spec/",
        // empty segments
        "/capreport/v1/docks//spec",
        "/capreport/v1/docks/node-a1//spec",
        "/capreport/v1/docks/node-a1/loops/",
        "/capreport/v1/docks/node-a1/pools/",
        "/capreport/v1/docks/node-a1/pools//x",
        "/capreport/v1/profiles/",
        "/capreport/v1/docks/node-a1/",
        // dot segments
        "/capreport/v1/docks/../spec",
        "/capreport/v1/docks/./alive",
        "/capreport/v1/docks/node-a1/pools/..",
        "/capreport/v1/docks/node-a1/loops/.",
        "/capreport/v1/profiles/..",
        // a profile id with a slash
        "/capreport/v1/profiles/gold/thin",
        "/capreport/v1/profiles/gold/",
        // under the prefix but not part of the layout
        "/capreport/v1/docks/node-a1",
        "/capreport/v1/docks/node-a1/status",
        "/capreport/v1/docks/node-a1/pools",
        "/capreport/v1/docks/node-a1/loops",
        "/capreport/v1/docks/node-a1/SPEC",
        "/capreport/v1/docks/node a1/spec",
        "/capreport/v1/docks/",
        "/capreport/v1/profiles",
        "/capreport/v1/settings/retention",
        "/capreport/v1/",
        "/capreport/v1",
        // outside the prefix
        "/capreport/v2/docks/node-a1/spec",
        "/capreport/v10/docks/node-a1/spec",
        "/capreport/v1x/profiles/gold",
        "capreport/v1/docks/node-a1/spec",
        "/other/docks/node-a1/spec",
        "/docks/node-a1/spec",
        ""
    })
    void malformedOrForeignKeysAreUnknown(String key) {
        assertThat(layout.parse(key)).isEqualTo(new EtcdKey.Unknown(key));
    }

    @Test
    void segmentLongerThan128CharactersIsUnknown() {
        String longId = "d".repeat(129);
        String key = "/capreport/v1/docks/" + longId + "/spec";

        assertThat(layout.parse(key)).isEqualTo(new EtcdKey.Unknown(key));
        assertThat(layout.parse("/capreport/v1/docks/" + "d".repeat(128) + "/spec"))
                .isEqualTo(new EtcdKey.Spec("d".repeat(128)));
    }

    @Test
    void keysOfAnotherPrefixAreUnknownToThisLayout() {
        KeyLayout site = new KeyLayout("/site-b/capreport");

        assertThat(site.parse(layout.dockSpec(DOCK))).isInstanceOf(EtcdKey.Unknown.class);
        assertThat(layout.parse(site.profile("gold"))).isInstanceOf(EtcdKey.Unknown.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-a1", "lvm-1", "ceph.rbd", "vg_data", "host:7443", "admin@dc1", "a", "..a", "a.."})
    void segmentsOfTheAllowedCharactersAreValid(String segment) {
        assertThat(KeyLayout.isValidSegment(segment)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", ".", "..", "a/b", "node a1", "pool#1", "päckchen", "a\nb"})
    void segmentsThatCannotBeOneKeySegmentAreInvalid(String segment) {
        assertThat(KeyLayout.isValidSegment(segment)).isFalse();
    }
}
