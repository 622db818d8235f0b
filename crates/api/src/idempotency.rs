//! `Idempotency-Key` on writes: the first answer to a key is kept and repeated to every later
//! or concurrent request with the same key and the same request; a key reused for another
//! request is refused. Without the header a write runs as it is. Imports call [`once`]
//! themselves, after they have authorized the target and before the upload is decoded; every
//! other `POST` of the API goes through [`on_post`].

use std::future::Future;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use opora_domain::core::idempotency::{Claim, IdempotencyKey, StoredAnswer};
use opora_domain::{Actor, ValidationErrors};
use sha2::{Digest, Sha256};

use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;

pub(crate) const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// `POST`s that keep their own keys (imports: authorized before the body is read) or that are
/// no write of data (the OAuth endpoints, GraphQL).
const OWN_HANDLING: [&str; 2] = ["/api/v1/imports/", "/api/v1/auth/"];

/// `Idempotency-Key` on every other `POST` of the API: the caller is authenticated first (an
/// anonymous request goes on to its 401 and keeps nothing), then the body, bounded as every
/// body is, is read once and the write runs under the key.
pub(crate) async fn on_post(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if request.method() != Method::POST
        || !request.headers().contains_key(IDEMPOTENCY_KEY)
        || !path.starts_with("/api/v1/")
        || OWN_HANDLING.iter().any(|p| path.starts_with(p))
    {
        return next.run(request).await;
    }
    let actor = match crate::auth::authenticate(&state, request.headers()).await {
        // A caller that may not write at all is refused by the handler; it keeps no key.
        Ok(actor) if actor.may_call(false).is_ok() => actor,
        Ok(_) => return next.run(request).await,
        Err(refused) => return refused.into_response(),
    };
    let (parts, body) = request.into_parts();
    let bytes = match crate::imports::read_body(&state, body).await {
        Ok(bytes) => bytes,
        Err(too_large) => return too_large.into_response(),
    };
    let replayed = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
    once(&state, &actor, &parts.headers, &parts.uri, &bytes, || next.run(replayed))
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// How often a request that found its key pending looks again.
const POLL: Duration = Duration::from_millis(50);

/// Runs `write` once per key: the first request under a key runs it and keeps its answer;
/// the others wait for that answer (within the request deadline) and repeat it.
pub(crate) async fn once<F, Fut>(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
    write: F,
) -> Result<Response, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Response>,
{
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(write().await);
    };
    let key = value
        .to_str()
        .map_err(|_| "not ASCII".to_owned())
        .and_then(|v| IdempotencyKey::parse(&actor.subject(), v))
        .map_err(|message| ApiError::from(ValidationErrors::single("Idempotency-Key", "invalid_format", message)))?;
    let fingerprint = fingerprint(headers, uri, body);
    let timeout = state.config.request_timeout;
    let stale_after = i64::try_from(timeout.as_secs().saturating_mul(2)).unwrap_or(i64::MAX);
    let deadline = Instant::now() + timeout.saturating_sub(Duration::from_secs(1));
    loop {
        match state.idempotency.claim(&key, &fingerprint, stale_after).await? {
            Claim::Owner => return Ok(run(state, &key, write).await),
            Claim::Answered(answer) => return Ok(replay(answer)),
            Claim::OtherRequest => {
                return Err(ApiError::new(
                    ErrorCode::IdempotencyKeyReused,
                    "this Idempotency-Key came with another request; use a new key for a new request",
                ));
            }
            Claim::Pending if Instant::now() < deadline => tokio::time::sleep(POLL).await,
            Claim::Pending => {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    "a request with this Idempotency-Key is still running; retry later",
                ));
            }
        }
    }
}

/// What makes two requests the same: path and query, content type and body.
fn fingerprint(headers: &HeaderMap, uri: &Uri, body: &[u8]) -> String {
    let content_type = headers.get(header::CONTENT_TYPE).map(HeaderValue::as_bytes).unwrap_or_default();
    let mut hash = Sha256::new();
    for part in [uri.path().as_bytes(), uri.query().unwrap_or_default().as_bytes(), content_type, body] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    format!("{:x}", hash.finalize())
}

/// Runs the write and keeps its answer. A server error is not kept: the key is freed, so
/// that a retry runs again once the fault is gone.
async fn run<F, Fut>(state: &AppState, key: &IdempotencyKey, write: F) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Response>,
{
    let response = write().await;
    let status = response.status();
    if status.is_server_error() {
        if let Err(e) = state.idempotency.release(key).await {
            tracing::warn!(error = %e, "could not free an idempotency key");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return ApiError::internal("an answer could not be read back").into_response();
    };
    let answer = StoredAnswer {
        status: status.as_u16(),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json")
            .to_owned(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    if let Err(e) = state.idempotency.answer(key, &answer).await {
        tracing::warn!(error = %e, "could not keep the answer to an idempotency key");
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn replay(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    if let Ok(value) = HeaderValue::from_str(&answer.content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}
