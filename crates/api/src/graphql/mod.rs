//! GraphQL at `/graphql`: the schema, the endpoint and its limits. Resolvers call the same
//! services as REST and map errors through the same table.

mod loaders;
mod nested;
mod query;

use async_graphql::http::GraphiQLSource;
use async_graphql::{BatchRequest, EmptyMutation, EmptySubscription, Schema};
use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};

pub(crate) use query::QueryRoot;

use crate::auth::authenticate;
use crate::problem::{ApiError, ErrorCode};
use crate::state::{AppState, GraphqlLimits};

pub(crate) type OporaSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// The schema with its depth and complexity limits.
pub(crate) fn schema(limits: GraphqlLimits) -> OporaSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .finish()
}

/// Maps any error that converts to an [`ApiError`] onto a GraphQL error with the same code.
pub(crate) fn gql(error: impl Into<ApiError>) -> async_graphql::Error {
    error.into().into_graphql()
}

/// `GET /graphql`: an explorer page.
pub(crate) async fn explorer() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").title("Opora GraphQL").finish())
}

/// `POST /graphql`. The body is read here, bounded by the same limit as every other body: the
/// stock extractor streams it and would bypass axum's limit.
pub(crate) async fn execute(
    State(state): State<AppState>,
    Extension(schema): Extension<OporaSchema>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let limit = state.config.max_body_bytes;
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::new(ErrorCode::PayloadTooLarge, format!("the request body exceeds {limit} bytes")))?;
    let batch: BatchRequest = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::new(ErrorCode::MalformedRequest, format!("not a GraphQL request: {e}")))?;
    let operations = match &batch {
        BatchRequest::Single(_) => 1,
        BatchRequest::Batch(list) => list.len(),
    };
    let max = state.config.graphql.max_batch;
    if operations > max {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the batch holds {operations} operations; at most {max} are accepted"),
        ));
    }
    let actor = authenticate(&state, &headers).await?;
    let loaders = std::sync::Arc::new(loaders::Loaders::new(&state.territory, &actor));
    let batch = batch
        .data(actor)
        .data(state.territory.clone())
        .data(state.factors.clone())
        .data(state.lists.clone())
        .data(loaders);
    let response = schema.execute_batch(batch).await;
    let body = serde_json::to_vec(&response).map_err(ApiError::internal)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
