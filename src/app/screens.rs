//! The routes' screens, each area loaded when it is first opened.
//!
//! The release build (`cargo xtask build`, with `--cfg switchboard_split`)
//! splits the wasm by area: a first visit fetches the shell and the area it
//! shows, not the whole console. Other builds (`trunk serve`, the
//! component tests) keep one wasm, with the same routes.

use crate::api::use_api;
use crate::pages::{apps, connections, customers, instances, settings};
use crate::ui::{use_page_title, ErrorPanel, ErrorReport};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

/// Declares each route's screen: which area shows it, how, and the reads it
/// starts as it opens, while the area's code loads rather than after.
macro_rules! screens {
    ($($route:ident => $area:ident($screen:expr) $(reading $reads:path)?;)*) => {$(
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $(use_api().read_early(untrack($reads));)?
                $route
            }

            async fn view(_: Self) -> AnyView {
                #[cfg(switchboard_split)]
                let loaded = $area($screen).await;
                #[cfg(not(switchboard_split))]
                let loaded = $area($screen);
                loaded.unwrap_or_else(|_| view! { <ScreenLoadFailed/> }.into_any())
            }
        }
    )*};
}

// The entry screens, and a customer's sections and instances (the first
// click into the instances area loads its code, and a link may lead straight
// to an instance or a run), start their first reads; the others are opened
// from a screen of their own area, whose code is already there.
screens! {
    CustomerListScreen => customers_area(CustomersScreen::List)
        reading customers::customer_list_reads;
    CustomerScreen => customers_area(CustomersScreen::Customer)
        reading customers::customer_page_reads;
    CustomerOverviewScreen => customers_area(CustomersScreen::Overview)
        reading customers::customer_overview_reads;
    CustomerConnectionsScreen => customers_area(CustomersScreen::Connections);
    InstanceSectionScreen => instances_area(InstancesScreen::Section)
        reading instances::instance_section_reads;
    InstanceScreen => instances_area(InstancesScreen::Instance)
        reading instances::instance_page_reads;
    FlowRunScreen => instances_area(InstancesScreen::FlowRun)
        reading instances::flow_run_page_reads;
    ConnectionListScreen => connections_area(ConnectionsScreen::List)
        reading connections::connection_list_reads;
    ConnectCompleteScreen => connections_area(ConnectionsScreen::Complete);
    ConnectionScreen => connections_area(ConnectionsScreen::Connection);
    AppListScreen => apps_area(AppsScreen::List)
        reading apps::app_list_reads;
    AppScreen => apps_area(AppsScreen::App)
        reading apps::app_page_reads;
    EngineSettingsScreen => settings_area(SettingsScreen::Engine);
    GeneralSettingsScreen => settings_area(SettingsScreen::General)
        reading settings::general_settings_reads;
    TestingSettingsScreen => settings_area(SettingsScreen::Testing);
}

/// Declares an area (a folder of `src/pages`): the split point whose piece of
/// wasm holds its screens. One piece per area, not per screen: each split
/// adds pieces for the code it shares with the others, and more pieces cost
/// a first visit more requests and the whole console more bytes (measured:
/// six splits fetched 35 files on a first visit, and still no faster).
macro_rules! area {
    ($name:ident($screen:ident: $kind:ident) { $($variant:ident => $page:expr,)* }) => {
        enum $kind {
            $($variant,)*
        }

        // `fallible`: a piece that cannot be fetched (offline, a redeploy in
        // between) becomes a message, not a panic.
        #[cfg_attr(
            switchboard_split,
            leptos::wasm_split::wasm_split($name, fallible, wasm_split_path = ::leptos::wasm_split)
        )]
        fn $name($screen: $kind) -> Result<AnyView, SplitLoaderError> {
            Ok(match $screen {
                $($kind::$variant => $page().into_any(),)*
            })
        }
    };
}

area!(customers_area(screen: CustomersScreen) {
    List => customers::CustomerList,
    Customer => customers::CustomerPage,
    Overview => customers::CustomerOverview,
    Connections => customers::CustomerConnectionsSection,
});
area!(instances_area(screen: InstancesScreen) {
    Section => instances::InstanceSection,
    Instance => instances::InstancePage,
    FlowRun => instances::FlowRunPage,
});
area!(connections_area(screen: ConnectionsScreen) {
    List => connections::ConnectionList,
    Complete => connections::ConnectComplete,
    Connection => connections::ConnectionPage,
});
area!(apps_area(screen: AppsScreen) {
    List => apps::AppList,
    App => apps::AppPage,
});
area!(settings_area(screen: SettingsScreen) {
    Engine => settings::EngineSettings,
    General => settings::GeneralSettings,
    Testing => settings::TestingSettings,
});

/// Shown when a screen's code could not be fetched. Reloading fetches it
/// again: a failed fetch is not remembered.
#[component]
fn ScreenLoadFailed() -> impl IntoView {
    use_page_title(|| "Screen not loaded".to_owned());
    let reload = Callback::new(|()| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    view! {
        <section class="page">
            <ErrorPanel
                error=ErrorReport {
                    title: "This screen could not be loaded".to_owned(),
                    detail: "The console could not fetch this part of itself. Check your \
                             connection, then retry."
                        .to_owned(),
                    retryable: true,
                }
                retry=reload
            />
        </section>
    }
}
