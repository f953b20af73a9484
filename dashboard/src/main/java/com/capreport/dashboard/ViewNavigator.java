package com.capreport.dashboard;

import com.capreport.dashboard.attention.Navigator;
import com.capreport.dashboard.docks.DocksView;
import com.capreport.dashboard.invalid.InvalidView;
import com.capreport.dashboard.pools.PoolRow;
import com.capreport.dashboard.pools.PoolsView;
import com.capreport.dashboard.pools.PoolsViewModel;
import com.capreport.dashboard.profiles.ProfilesViewModel;
import com.capreport.model.PoolStatus;
import com.capreport.model.attention.Target;
import java.util.Optional;

/** Where the Attention view's lines and the header's counts lead: a view, with the item selected. FX thread. */
final class ViewNavigator implements Navigator {
    private final MainView main;
    private final PoolsViewModel pools;
    private final PoolsView poolsView;
    private final DocksView docks;
    private final ProfilesViewModel profiles;
    private final InvalidView invalid;

    ViewNavigator(MainView main, PoolsViewModel pools, PoolsView poolsView, DocksView docks, ProfilesViewModel profiles,
                  InvalidView invalid) {
        this.main = main;
        this.pools = pools;
        this.poolsView = poolsView;
        this.docks = docks;
        this.profiles = profiles;
        this.invalid = invalid;
    }

    @Override
    public void open(Target target) {
        if (target instanceof Target.Pool p) {
            clearPoolFilters(PoolsViewModel.ALL);
            main.show(DashboardOptions.View.POOLS);
            Optional<PoolRow> row = pools.rows().stream().filter(r -> r.id().equals(p.poolId())).findFirst();
            row.ifPresent(r -> {
                pools.selected().set(r);
                poolsView.table().scrollTo(r);
            });
        } else if (target instanceof Target.Etcd) {
            main.show(DashboardOptions.View.DOCKS); // where "last seen alive" says what is known of each dock
        } else if (target instanceof Target.Dock d) {
            main.show(DashboardOptions.View.DOCKS);
            docks.select(d.dockId());
        } else if (target instanceof Target.Loop l) {
            main.show(DashboardOptions.View.DOCKS);
            docks.select(l.dockId() + "/" + l.backend());
        } else if (target instanceof Target.Profile p) {
            profiles.select(p.profileId());
            main.show(DashboardOptions.View.PROFILES);
        } else if (target instanceof Target.Entry e) {
            main.show(DashboardOptions.View.INVALID);
            invalid.select(e.key());
        }
    }

    @Override
    public void pools(PoolStatus status) {
        clearPoolFilters(status.wire());
        main.show(DashboardOptions.View.POOLS);
    }

    @Override
    public void invalidEntries() {
        main.show(DashboardOptions.View.INVALID);
    }

    private void clearPoolFilters(String status) {
        pools.textFilter().set("");
        pools.dockFilter().set(PoolsViewModel.ALL);
        pools.backendFilter().set(PoolsViewModel.ALL);
        pools.statusFilter().set(status);
    }
}
