//! `/api/v1/auth`: OAuth2 token issue (RFC 6749 §4.3 and §4.4), revocation (RFC 7009), and the
//! caller's own identity. The token response follows RFC 6749's snake_case field names.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opora_domain::access::{Principal, Scope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{TokenKind, Verdict, Verified};
use crate::extract::{ApiForm, ClientAddress, CurrentActor};
use crate::problem::{ApiError, ErrorCode, ProblemDetails};
use crate::state::AppState;
use crate::views::MeView;

/// The grants the token endpoint knows.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
#[expect(dead_code, reason = "documents the values of `grant_type`, which is read as text")]
pub(crate) enum GrantType {
    Password,
    ClientCredentials,
}

/// A token request, form-encoded.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct TokenRequest {
    /// `password` (users) or `client_credentials` (API clients); another answers 400
    /// `unsupported_grant_type`.
    #[schema(value_type = GrantType)]
    grant_type: String,
    /// The user's e-mail, with `password`.
    username: Option<String>,
    password: Option<String>,
    /// With `client_credentials`.
    client_id: Option<String>,
    client_secret: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenResponse {
    access_token: String,
    /// Always `Bearer`.
    token_type: &'static str,
    /// Seconds until the token expires.
    expires_in: u64,
}

/// A revocation request, form-encoded.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct RevokeRequest {
    /// The access token to revoke.
    token: String,
}

fn missing(field: &str) -> ApiError {
    ApiError::from(opora_domain::ValidationErrors::single(
        field,
        "required",
        format!("{field} is required for this grant type"),
    ))
    .with_oauth_error("invalid_request")
}

/// Issues an access token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", security(()),
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, body = TokenResponse),
        (status = 400, description = "Unknown grant type or missing field", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 401, description = "Invalid credentials", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn issue_token(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiForm(request): ApiForm<TokenRequest>,
) -> Result<Response, ApiError> {
    let principal = request.username.as_deref().or(request.client_id.as_deref()).unwrap_or_default();
    match state.limiter.check(address, principal) {
        Verdict::Proceed => {}
        Verdict::Slow(wait) => tokio::time::sleep(wait).await,
        Verdict::Refuse(wait) => {
            let seconds = wait.as_secs().max(1);
            let message = format!("too many token requests; retry in {seconds} s");
            return Err(ApiError::new(ErrorCode::TooManyRequests, message).with_retry_after(seconds));
        }
    }
    let (kind, sub, role, scope): (TokenKind, String, _, Scope) = match request.grant_type.as_str() {
        "password" => {
            let username = request.username.as_deref().ok_or_else(|| missing("username"))?;
            let password = request.password.as_deref().ok_or_else(|| missing("password"))?;
            let user = state
                .capabilities
                .access
                .authenticate_user(username, password)
                .await
                .map_err(|e| ApiError::from(e).with_oauth_error("invalid_grant"))?;
            (TokenKind::User, user.id.to_string(), user.role, user.scope)
        }
        "client_credentials" => {
            let client_id = request.client_id.as_deref().ok_or_else(|| missing("client_id"))?;
            let secret = request.client_secret.as_deref().ok_or_else(|| missing("client_secret"))?;
            let client = state
                .capabilities
                .access
                .authenticate_client(client_id, secret)
                .await
                .map_err(|e| ApiError::from(e).with_oauth_error("invalid_client"))?;
            (TokenKind::Client, client.id.to_string(), client.role, client.scope)
        }
        other => {
            return Err(ApiError::new(
                ErrorCode::UnsupportedGrantType,
                format!("grant_type '{other}' is not supported; use password or client_credentials"),
            )
            .with_oauth_error("unsupported_grant_type"));
        }
    };
    let (token, claims) = state.auth.issue(kind, &sub, role, &scope);
    let body = TokenResponse { access_token: token, token_type: "Bearer", expires_in: claims.exp - claims.iat };
    // Tokens must not be cached (RFC 6749 §5.1).
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// Revokes an access token until it expires. Callers revoke their own tokens, administrators
/// any. An invalid or unknown token is not an error (RFC 7009 §2.2).
#[utoipa::path(post, path = "/api/v1/auth/revoke", tag = "auth",
    request_body(content = RevokeRequest, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "Revoked, or nothing to revoke"),
        (status = 401, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiForm(request): ApiForm<RevokeRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Ok(verified) = state.auth.verify(&request.token) else {
        return Ok(Json(serde_json::json!({ "revoked": false })));
    };
    let Some(jti) = verified.jti() else {
        return Ok(Json(serde_json::json!({ "revoked": false })));
    };
    let subject = match &verified {
        Verified::Local(claims) => match claims.kind {
            TokenKind::User => format!("user:{}", claims.sub),
            TokenKind::Client => format!("client:{}", claims.sub),
            TokenKind::Operator => format!("operator:{}", claims.sub),
        },
        Verified::External { sub, .. } => format!("external:{sub}"),
    };
    let expires = chrono::DateTime::from_timestamp(verified.expires() as i64, 0).unwrap_or_else(chrono::Utc::now);
    state.capabilities.access.revoke(&actor, jti, &subject, expires).await?;
    Ok(Json(serde_json::json!({ "revoked": true })))
}

/// Who the caller is, its role and scope, and what it may do.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = MeView), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn me(CurrentActor(actor): CurrentActor) -> Result<Json<MeView>, ApiError> {
    if matches!(actor.principal, Principal::Anonymous) {
        return Err(ApiError::new(ErrorCode::Unauthorized, "No access token was given."));
    }
    MeView::of(&actor).map(Json).ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "No access token was given."))
}

/// Tokens and the caller: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(issue_token)).routes(routes!(revoke_token)).routes(routes!(me))
}
