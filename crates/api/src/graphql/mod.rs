//! GraphQL at `/graphql`: the schema, the endpoint and its limits. Resolvers call the same
//! services as REST and map errors through the same table.

mod access;
pub(crate) mod capped;
mod dashboards;
pub(crate) mod explorer;
mod factors;
mod guard;
mod indicators;
mod lists;
mod loaders;
mod measures;
mod monitoring;
mod nested;
mod query;
mod territory;

use async_graphql::{
    BatchRequest, BatchResponse, EmptyMutation, EmptySubscription, ErrorExtensionValues, Schema, ServerError,
};
use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

pub(crate) use query::QueryRoot;

use crate::auth::authenticate;
use crate::problem::{ApiError, ErrorCode};
use crate::state::{AppState, GraphqlLimits};

pub(crate) type OporaSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// The schema with its depth and complexity limits.
pub(crate) fn schema(limits: GraphqlLimits) -> OporaSchema {
    Schema::build(QueryRoot::default(), EmptyMutation, EmptySubscription)
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .finish()
}

/// How deep an introspection-only document may nest. The standard introspection query of
/// GraphiQL, Apollo and the code generators nests `ofType` nine levels under `fields` and
/// `args`, deeper than any data query needs; it reads the schema, never data, and its
/// fan-out is bounded by the expansion check all the same.
const INTROSPECTION_DEPTH: usize = 24;

/// The schema for data queries, and the same schema with room for the standard
/// introspection query.
#[derive(Clone)]
pub(crate) struct Schemas {
    data: OporaSchema,
    introspection: OporaSchema,
}

pub(crate) fn schemas(limits: GraphqlLimits) -> Schemas {
    let introspection = GraphqlLimits { max_depth: limits.max_depth.max(INTROSPECTION_DEPTH), ..limits };
    Schemas { data: schema(limits), introspection: schema(introspection) }
}

/// Whether every operation of the document asks only for `__schema`, `__type` or `__typename`.
fn only_introspection(request: &mut async_graphql::Request) -> bool {
    use async_graphql::parser::types::Selection;
    request.parsed_query().is_ok_and(|doc| {
        doc.operations.iter().all(|(_, operation)| {
            operation
                .node
                .selection_set
                .node
                .items
                .iter()
                .all(|item| matches!(&item.node, Selection::Field(field) if field.node.name.node.starts_with("__")))
        })
    })
}

/// The cost of a list field: its selection, once per item it may return.
pub(crate) fn list_cost(first: Option<i32>, default: usize, child_complexity: usize) -> usize {
    let items = first.map_or(default, |n| usize::try_from(n).unwrap_or(0).clamp(1, MAX_PAGE));
    items.saturating_mul(child_complexity.max(1))
}

const MAX_PAGE: usize = opora_domain::PageRequest::MAX_LIMIT as usize;
const DEFAULT_PAGE: usize = opora_domain::PageRequest::DEFAULT_LIMIT as usize;

/// Maps any error that converts to an [`ApiError`] onto a GraphQL error with the same code.
/// The capabilities' services, from the state every operation carries.
pub(crate) fn capabilities<'a>(ctx: &async_graphql::Context<'a>) -> &'a opora_domain::Capabilities {
    &ctx.data_unchecked::<AppState>().capabilities
}

/// The combined views' service, over the read replica when one is configured.
pub(crate) fn insights<'a>(ctx: &async_graphql::Context<'a>) -> &'a opora_domain::insights::InsightsService {
    &ctx.data_unchecked::<AppState>().insights
}

/// The combined views with their cache and rendering, over the read replica when one is configured.
pub(crate) fn dashboards(ctx: &async_graphql::Context<'_>) -> crate::dashboards::Dashboards {
    crate::dashboards::Dashboards::new(ctx.data_unchecked::<AppState>())
}

pub(crate) fn gql(error: impl Into<ApiError>) -> async_graphql::Error {
    error.into().into_graphql()
}

/// `POST /graphql`. The caller is authenticated before the body is read; the body is read here,
/// bounded by the same limit as every other body (the stock extractor streams it and would
/// bypass axum's limit); each operation passes the guards before the engine parses it.
pub(crate) async fn execute(
    State(state): State<AppState>,
    Extension(schemas): Extension<Schemas>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let actor = match authenticate(&state, &headers).await {
        Ok(actor) => actor,
        Err(error) => return Ok(refused_caller(error)),
    };
    let limit = state.config.max_body_bytes;
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::new(ErrorCode::PayloadTooLarge, format!("the request body exceeds {limit} bytes")))?;
    let batch: BatchRequest = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::new(ErrorCode::MalformedRequest, format!("not a GraphQL request: {e}")))?;
    let limits = state.config.graphql;
    let (requests, single) = match batch {
        BatchRequest::Single(request) => (vec![request], true),
        BatchRequest::Batch(list) => (list, false),
    };
    if requests.len() > limits.max_batch {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the batch holds {} operations; at most {} are accepted", requests.len(), limits.max_batch),
        ));
    }
    let loaders = std::sync::Arc::new(loaders::Loaders::new(&state.capabilities.territory, &actor));
    let mut responses = Vec::with_capacity(requests.len());
    for mut request in requests {
        if let Err(refused) = check(&mut request, limits) {
            responses.push(async_graphql::Response::from_errors(vec![refused_error(refused)]));
            continue;
        }
        let schema = if only_introspection(&mut request) { &schemas.introspection } else { &schemas.data };
        let request = request.data(actor.clone()).data(state.clone()).data(loaders.clone());
        responses.push(with_codes(schema.execute(request).await));
    }
    // A single operation that could not run at all (it did not parse, validate or fit the
    // limits) is a bad request, as GraphQL over HTTP answers it; one that ran is 200, with
    // whatever errors its fields raised.
    let mut status = axum::http::StatusCode::OK;
    let response = if single {
        let response = responses.pop().unwrap_or_default();
        if matches!(response.data, async_graphql::Value::Null) && !response.errors.is_empty() && !ran(&response) {
            status = axum::http::StatusCode::BAD_REQUEST;
        }
        BatchResponse::Single(response)
    } else {
        BatchResponse::Batch(responses)
    };
    let mut body = serde_json::to_vec(&response).map_err(ApiError::internal)?;
    if body.len() > limits.max_response_bytes {
        let error = ServerError::new(
            format!(
                "the response would be {} bytes; at most {} are sent: ask for fewer items or fields",
                body.len(),
                limits.max_response_bytes
            ),
            None,
        );
        body =
            serde_json::to_vec(&async_graphql::Response::from_errors(vec![coded(error, ErrorCode::ResponseTooLarge)]))
                .map_err(ApiError::internal)?;
    }
    Ok((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Whether an answer without data comes from an operation that ran: its errors have a path.
fn ran(response: &async_graphql::Response) -> bool {
    response.errors.iter().any(|e| !e.path.is_empty())
}

/// A caller whose token was refused gets a GraphQL error document, which GraphQL clients
/// can read, with the HTTP status and `WWW-Authenticate` of the REST answer.
fn refused_caller(error: ApiError) -> Response {
    let (code, detail) = (error.code, error.detail.clone());
    let (parts, _) = error.into_response().into_parts();
    let body = async_graphql::Response::from_errors(vec![coded(ServerError::new(detail, None), code)]);
    let mut answer = (parts.status, axum::Json(body)).into_response();
    answer.extensions_mut().extend(parts.extensions);
    if let Some(challenge) = parts.headers.get(header::WWW_AUTHENTICATE) {
        answer.headers_mut().insert(header::WWW_AUTHENTICATE, challenge.clone());
    }
    answer
}

/// The nesting and fragment-expansion checks; the parsed document is kept for the engine.
fn check(request: &mut async_graphql::Request, limits: GraphqlLimits) -> Result<(), guard::Refused> {
    guard::check_nesting(&request.query, limits.max_nesting)?;
    match request.parsed_query() {
        Ok(doc) => guard::check_expansion(doc, limits.max_selections),
        // The engine reports the syntax error with its position.
        Err(_) => Ok(()),
    }
}

/// Gives every error the engine raised itself a `code`, as resolvers' errors have: limits are
/// `query_too_complex`; a document that does not parse or validate is `malformed_request`.
fn with_codes(mut response: async_graphql::Response) -> async_graphql::Response {
    let request_failed = matches!(response.data, async_graphql::Value::Null);
    for error in &mut response.errors {
        let has_code = error.extensions.as_ref().is_some_and(|e| e.get("code").is_some());
        if has_code {
            continue;
        }
        let code = if error.message.contains("too complex") || error.message.contains("nested too deep") {
            ErrorCode::QueryTooComplex
        } else if request_failed {
            ErrorCode::MalformedRequest
        } else {
            ErrorCode::Internal
        };
        error.extensions.get_or_insert_with(ErrorExtensionValues::default).set("code", code.as_str());
    }
    response
}

fn refused_error(refused: guard::Refused) -> ServerError {
    coded(ServerError::new(refused.0, None), ErrorCode::QueryTooComplex)
}

fn coded(mut error: ServerError, code: ErrorCode) -> ServerError {
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code.as_str());
    error.extensions = Some(extensions);
    error
}
