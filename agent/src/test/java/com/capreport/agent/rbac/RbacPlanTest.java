package com.capreport.agent.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.capreport.model.KeyLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner's decisions that the IT does not reach cheaply, and the etcdctl rendering of each step. */
class RbacPlanTest {
    private static final KeyLayout LAYOUT = new KeyLayout("/capreport/v1");
    private static final Access DOCK = Access.dock(LAYOUT, "n1", "capreport-dock-n1");
    private static final Permission OWN = Permission.prefix(Permission.Type.READWRITE, "/capreport/v1/docks/n1/");

    @Test
    void theWantedStateIsNoStep() {
        RbacPlan.Current exact = new RbacPlan.Current(Optional.of(List.of(OWN)),
                Optional.of(List.of("capreport-dock-n1")), RbacPlan.Password.SAME);

        assertThat(RbacPlan.grant(DOCK, exact, Optional.of(Path.of("pw")))).isEmpty();
        assertThat(RbacPlan.grant(DOCK, new RbacPlan.Current(exact.role(), exact.userRoles(),
                RbacPlan.Password.NOT_GIVEN), Optional.empty())).isEmpty();
    }

    @Test
    void aWrongTypeOnTheRightRangeIsReplacedByAGrantNotRevokedFirst() {
        Permission readOnly = Permission.prefix(Permission.Type.READ, "/capreport/v1/docks/n1/");
        List<Step> steps = RbacPlan.grant(DOCK, new RbacPlan.Current(Optional.of(List.of(readOnly)),
                Optional.of(List.of("capreport-dock-n1")), RbacPlan.Password.NOT_GIVEN), Optional.empty());

        assertThat(steps).containsExactly(new Step.GrantPermission("capreport-dock-n1", OWN));
    }

    @Test
    void revocationsComeBeforeGrantsAndTheRoleBeforeTheUserHoldsIt() {
        Permission wide = Permission.prefix(Permission.Type.READWRITE, "/capreport/v1/");
        List<Step> steps = RbacPlan.grant(DOCK, new RbacPlan.Current(Optional.of(List.of(wide)),
                Optional.of(List.of("other")), RbacPlan.Password.DIFFERENT), Optional.of(Path.of("pw")));

        assertThat(steps).containsExactly(new Step.RevokePermission("capreport-dock-n1", wide),
                new Step.GrantPermission("capreport-dock-n1", OWN), new Step.SetPassword("capreport-dock-n1",
                        Path.of("pw"), true), new Step.RevokeRole("capreport-dock-n1", "other"),
                new Step.GrantRole("capreport-dock-n1", "capreport-dock-n1"));
    }

    @Test
    void withAuthenticationOffThePasswordIsSetSayingItCouldNotBeCompared() {
        List<Step> steps = RbacPlan.grant(DOCK, new RbacPlan.Current(Optional.of(List.of(OWN)),
                Optional.of(List.of("capreport-dock-n1")), RbacPlan.Password.UNKNOWN), Optional.of(Path.of("pw")));

        assertThat(steps).singleElement().satisfies(s -> assertThat(s.describe()).contains("could not be compared"));
    }

    @Test
    void aNewUserWithoutPasswordFileIsNotPlanned() {
        assertThatThrownBy(() -> RbacPlan.grant(DOCK, RbacPlan.Current.NOTHING, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revokeKeepsARoleOthersHold() {
        assertThat(RbacPlan.revoke("dash", true, true, List.of("bob"))).containsExactly(new Step.DeleteUser("dash"));
        assertThat(RbacPlan.revoke("dash", false, false, List.of())).isEmpty();
    }

    @Test
    void etcdctlLinesQuoteWhatTheShellWouldSplit() {
        assertThat(Etcdctl.line(new Step.AddUser("u", Path.of("/etc/capreport/my pw's")))).isEqualTo(
                "etcdctl user add u --interactive=false < '/etc/capreport/my pw'\\''s'");
        assertThat(Etcdctl.line(new Step.RevokePermission("r", new Permission(Permission.Type.READ, "/a", ""))))
                .isEqualTo("etcdctl role revoke-permission r /a");
        assertThat(Etcdctl.line(new Step.RevokePermission("r", new Permission(Permission.Type.READ, "/a", "/c"))))
                .isEqualTo("etcdctl role revoke-permission r /a /c");
        assertThat(Etcdctl.line(new Step.GrantPermission("r", new Permission(Permission.Type.WRITE, "/a", "\0"))))
                .isEqualTo("etcdctl role grant-permission r --from-key=true write /a");
    }

    @Test
    void prefixEndIsEtcds() {
        assertThat(Permission.prefixEnd("/capreport/v1/docks/n1/")).isEqualTo("/capreport/v1/docks/n10");
        assertThat(OWN.range().describe()).isEqualTo("prefix /capreport/v1/docks/n1/");
    }
}
