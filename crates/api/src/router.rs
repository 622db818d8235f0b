//! The whole HTTP application: routes, documentation and the middleware stack.

use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router, middleware};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa_swagger_ui::SwaggerUi;

use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::{graphql, idempotency, rest, security, telemetry};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Builds the application router.
pub fn router(state: AppState) -> Router {
    let schemas = graphql::schemas(state.config.graphql);
    let (api, openapi) = rest::api();
    let app = Router::new()
        .merge(api)
        .route("/graphql", get(graphql::explorer::page).post(graphql::execute))
        .route("/graphql/assets/{file}", get(graphql::explorer::asset))
        .route("/metrics", get(telemetry::metrics))
        .merge(SwaggerUi::new("/docs").url("/api/v1/openapi.json", openapi))
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(Extension(schemas))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), idempotency::on_post))
        .layer(middleware::from_fn_with_state(state.clone(), telemetry::limit_body))
        .layer(middleware::from_fn_with_state(state.clone(), telemetry::timeout));

    app.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|request: &axum::http::Request<_>| {
                        let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                        tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
                    })
                    // Server errors are logged once, with their cause, by `telemetry::observe`.
                    .on_failure(()),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CatchPanicLayer::custom(|_| ApiError::internal("a handler panicked").into_response()))
            .layer(middleware::from_fn_with_state(state.clone(), telemetry::observe))
            .layer(middleware::from_fn(security::headers)),
    )
    .with_state(state)
}

async fn route_not_found(uri: axum::http::Uri) -> Response {
    ApiError::new(ErrorCode::RouteNotFound, format!("no endpoint at {}", uri.path())).into_response()
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    ApiError::new(ErrorCode::MethodNotAllowed, format!("{method} is not allowed on {}", uri.path())).into_response()
}
