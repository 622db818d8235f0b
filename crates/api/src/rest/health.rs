//! Liveness and readiness probes.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::problem::{ApiError, ErrorCode};
use crate::state::{AppState, NotReady};

/// The process is up.
#[utoipa::path(get, path = "/health/live", tag = "operations", security(()), responses((status = 200, description = "Alive")))]
pub(crate) async fn live() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// The process can serve requests: the database answers.
#[utoipa::path(
    get,
    path = "/health/ready",
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "Ready"),
        (status = 503, description = "The database does not answer, or every pooled connection is in use", body = crate::problem::ProblemDetails,
         content_type = "application/problem+json")
    )
)]
pub(crate) async fn ready(State(state): State<AppState>) -> Response {
    let check = tokio::time::timeout(std::time::Duration::from_secs(3), state.readiness.check()).await;
    match check {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({ "status": "ready" }))).into_response(),
        Ok(Err(NotReady::Unreachable(reason))) => {
            tracing::warn!(%reason, "not ready");
            ApiError::new(ErrorCode::DatabaseUnavailable, "The database does not answer.").into_response()
        }
        Ok(Err(NotReady::Busy { max })) => {
            tracing::warn!(max, "not ready: every pooled database connection is in use");
            let detail = format!(
                "The database answers, but all {max} pooled connections are in use: the load exceeds \
                 OPORA_DB_MAX_CONNECTIONS."
            );
            ApiError::new(ErrorCode::DatabaseUnavailable, detail).into_response()
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            ApiError::new(ErrorCode::DatabaseUnavailable, "The database did not answer in time.").into_response()
        }
    }
}

/// Health probes: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(live)).routes(routes!(ready))
}
