//! The one place where a request's headers become the caller, for REST and GraphQL alike.

use axum::http::{HeaderMap, header};
use chrono::{DateTime, Utc};
use opora_domain::ServiceError;
use opora_domain::access::{Actor, Principal, PrincipalId, Role, ScopeRef};

use super::tokens::{TokenKind, Verified};
use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;

fn invalid(reason: &str) -> ApiError {
    // The reason goes to the log; the client learns nothing about why.
    tracing::info!(%reason, "access token refused");
    ApiError::new(ErrorCode::Unauthorized, "The access token is missing, malformed, expired or no longer valid.")
}

fn unavailable(error: ServiceError) -> ApiError {
    match error {
        ServiceError::Unavailable => ApiError::new(ErrorCode::DatabaseUnavailable, "The database is unavailable."),
        other => ApiError::internal(other),
    }
}

/// The caller of a request: anonymous without an `Authorization` header, else the principal
/// of a valid bearer token. Revoked tokens and deactivated principals are refused.
pub(crate) async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Actor, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Actor::anonymous(state.auth.public_read));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .ok_or_else(|| invalid("not a bearer token"))?;
    let verified = state.auth.verify(token.trim()).map_err(|e| invalid(&e.0))?;
    if let Some(jti) = verified.jti()
        && state.capabilities.access.is_revoked(jti).await.map_err(unavailable)?
    {
        return Err(invalid("revoked"));
    }
    let (principal, role, scope) = match verified {
        Verified::Local(claims) => {
            let id = || claims.sub.parse().ok().map(PrincipalId::from_uuid).ok_or(());
            let issued_at = issued_at(claims.iat, &claims.jti);
            match claims.kind {
                TokenKind::User => {
                    let id = id().map_err(|()| invalid("malformed subject"))?;
                    return stored(state, Principal::User(id), issued_at).await;
                }
                TokenKind::Client => {
                    let id = id().map_err(|()| invalid("malformed subject"))?;
                    return stored(state, Principal::Client(id), issued_at).await;
                }
                TokenKind::Operator => (Principal::Operator(claims.sub), Some(claims.role), Some(claims.scope)),
            }
        }
        Verified::External { sub, role, scope, .. } => (Principal::External(sub), role, scope),
    };
    let role = role.as_deref().and_then(Role::from_code).ok_or_else(|| invalid("no known role in the token"))?;
    let scope = scope.as_deref().and_then(ScopeRef::parse).ok_or_else(|| invalid("no valid scope in the token"))?;
    let scope = state
        .capabilities
        .access
        .resolve_scope(scope)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| invalid("unknown scope"))?;
    Ok(Actor::new(principal, role, scope))
}

/// When a token was issued, to the millisecond: this server's token ids are UUIDv7, which
/// carry it; `iat` has whole seconds only, too coarse to tell a token issued just before a
/// reactivation from one issued just after.
fn issued_at(iat: u64, jti: &str) -> DateTime<Utc> {
    let precise = uuid::Uuid::parse_str(jti).ok().and_then(|id| id.get_timestamp()).and_then(|t| {
        let (seconds, nanos) = t.to_unix();
        DateTime::from_timestamp(i64::try_from(seconds).ok()?, nanos)
    });
    precise.unwrap_or_else(|| DateTime::from_timestamp(i64::try_from(iat).unwrap_or(0), 0).unwrap_or_default())
}

/// A user or client: role and scope are read from the store, so a deactivation or a change of
/// role applies to tokens already issued.
async fn stored(state: &AppState, principal: Principal, issued_at: DateTime<Utc>) -> Result<Actor, ApiError> {
    state
        .capabilities
        .access
        .actor_for(&principal, issued_at)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| invalid("principal gone or deactivated"))
}
