//! Customer instances: the integration's flows, actions, data sources, ... deployed to one
//! customer. Every kind lives in the one `instances` table and shares listing, reading,
//! archiving, setup and reset; a [`Kind`] holds what differs (its own PATCH fields, what counts
//! as customized, its extra operations).

mod actions;
mod flows;
mod kinds;
mod links;
mod ops;
mod runs;
mod steps;
mod store;
mod subscriptions;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use serde_json::{Map, Value};

use crate::errors::{ApiError, ApiResult};
use crate::input::{JsonBody, QueryMap};
use crate::AppState;

pub use flows::is_trigger;
pub use kinds::FLOW;
pub use runs::NewRun;
pub use store::{NewInstance, Stored};

/// What sets one kind of instance apart.
pub struct Kind {
    /// The value of the `kind` column.
    pub tag: &'static str,
    pub plural: &'static str,
    /// The selector form's path (`/<singular>?id=`); `None` where the engine has none.
    pub singular: Option<&'static str>,
    /// The kind's name in messages, e.g. "Flow instance".
    pub noun: &'static str,
    /// Validates a PATCH body into changes; `None`: the kind has no PATCH.
    pub patch: Option<fn(&JsonBody, &Stored) -> ApiResult<Changes>>,
    /// Own fields a PATCH customizes: `reset` restores them and `isCustomized` compares them.
    pub customizable: &'static [&'static str],
    /// Whether `setup` and `reset` exist.
    pub setup: bool,
    /// Whether the kind has `state` (external event subscriptions have `status`) and
    /// `updatedAt`.
    pub has_state: bool,
}

/// A PATCH's validated changes.
#[derive(Default)]
pub struct Changes {
    pub name: Option<String>,
    pub own: Map<String, Value>,
}

/// The instance an operation addresses: the `{id}` path segment or, in the selector form,
/// the `id` query parameter.
pub struct Target(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Target {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let path =
            <Path<String> as axum::extract::OptionalFromRequestParts<S>>::from_request_parts(
                parts, state,
            )
            .await
            .map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
        if let Some(Path(id)) = path {
            return Ok(Target(id));
        }
        let QueryMap(query) = QueryMap::from_request_parts(parts, state).await?;
        match query.get("id").filter(|id| !id.is_empty()) {
            Some(id) => Ok(Target(id.clone())),
            None => Err(ApiError::invalid("id", "is required (?id=<instance id>)")),
        }
    }
}

/// Every kind's routes.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for kind in kinds::ALL {
        router = router.merge(kind_routes(kind));
    }
    router
        .merge(flows::routes())
        .merge(runs::routes())
        .merge(actions::routes())
        .merge(links::routes())
        .merge(subscriptions::routes())
}

/// The routes every kind shares, under `/<plural>/{id}` and, where the kind has one, the
/// selector form `/<singular>?id=`.
fn kind_routes(kind: &'static Kind) -> Router<AppState> {
    let mut one: MethodRouter<AppState> = get(move |s, p, t| ops::fetch(kind, s, p, t))
        .delete(move |s, p, t| ops::archive(kind, s, p, t, true));
    if kind.patch.is_some() {
        one = one.patch(move |s, p, t, b| ops::patch(kind, s, p, t, b));
    }
    let restore = post(move |s, p, t| ops::archive(kind, s, p, t, false));
    let mut router = Router::new()
        .route(
            &format!("/{}", kind.plural),
            get(move |s, p, q| ops::list(kind, s, p, q)),
        )
        .route(&format!("/{}/{{id}}", kind.plural), one.clone())
        .route(&format!("/{}/{{id}}/restore", kind.plural), restore.clone());
    let singular = kind.singular;
    if let Some(singular) = singular {
        router = router
            .route(&format!("/{singular}"), one)
            .route(&format!("/{singular}/restore"), restore);
    }
    if kind.setup {
        router = with_op(
            router,
            kind,
            "setup",
            post(move |s, p, t| ops::setup(kind, s, p, t)),
        );
        router = with_op(
            router,
            kind,
            "reset",
            post(move |s, p, t, b| ops::reset(kind, s, p, t, b)),
        );
    }
    router
}

/// Routes operation `op` of `kind` at `/<plural>/{id}/<op>` and `/<singular>/<op>?id=`.
pub fn with_op(
    router: Router<AppState>,
    kind: &Kind,
    op: &str,
    handler: MethodRouter<AppState>,
) -> Router<AppState> {
    let router = router.route(&format!("/{}/{{id}}/{op}", kind.plural), handler.clone());
    match kind.singular {
        Some(singular) => router.route(&format!("/{singular}/{op}"), handler),
        None => router,
    }
}
