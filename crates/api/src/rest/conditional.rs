//! Conditional writes (RFC 9110 §13): a record's read carries its revision as a strong entity
//! tag, and a PATCH or DELETE must send it back in `If-Match`, so that a change made from a
//! stale read is refused instead of silently undoing someone else's.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use opora_domain::core::version::Revision;
use serde::Serialize;
use uuid::Uuid;

use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;

/// The longest `If-Match` read: one tag of a 20-digit revision, with room to spare.
const MAX_IF_MATCH: usize = 64;

/// The revision a write expects: `None` for `If-Match: *`, a write to whatever revision the
/// record has.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IfMatch(pub Option<Revision>);

impl FromRequestParts<AppState> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Err(ApiError::new(
                ErrorCode::PreconditionRequired,
                "This change needs If-Match: the ETag of your last read of the record (GET it first), or * to \
                 change it whatever its revision.",
            ));
        };
        let text = value.to_str().unwrap_or_default().trim();
        if text == "*" {
            return Ok(Self(None));
        }
        parse(text).map(|r| Self(Some(r))).ok_or_else(|| {
            let shown: String = text.chars().take(MAX_IF_MATCH).collect();
            ApiError::new(
                ErrorCode::StaleVersion,
                format!(
                    "If-Match '{shown}' names no revision of this record: send the one strong ETag its read gave, \
                     such as \"3\""
                ),
            )
        })
    }
}

/// A strong tag of digits: `"3"`. Weak tags never match a strong comparison, and a list names
/// more than one revision, which no record is at.
fn parse(text: &str) -> Option<Revision> {
    let digits = text.strip_prefix('"')?.strip_suffix('"')?;
    if digits.is_empty() || digits.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(Revision::new)
}

/// The entity tag of a revision.
fn tag(revision: Revision) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{revision}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// A record's view with its revision in `ETag`.
pub(crate) struct Tagged<T>(pub Revision, pub T);

impl<T: Serialize> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        ([(header::ETAG, tag(self.0))], Json(self.1)).into_response()
    }
}

impl<T> Tagged<T> {
    /// `view` of the record `entity` `id` the caller has just read, with its revision.
    pub(crate) async fn of(state: &AppState, entity: &'static str, id: Uuid, view: T) -> Result<Self, ApiError> {
        Ok(Self(state.access.revision(entity, id).await?, view))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_strong_tag_of_digits_names_a_revision() {
        assert_eq!(parse("\"3\""), Some(Revision::new(3)));
        assert_eq!(parse("\"0\""), Some(Revision::new(0)));
        for other in ["3", "W/\"3\"", "\"3\", \"4\"", "\"\"", "\"-1\"", "\"3a\"", "\"123456789012345678901\""] {
            assert_eq!(parse(other), None, "{other}");
        }
    }

    #[test]
    fn the_tag_is_the_revision_quoted() {
        assert_eq!(tag(Revision::new(12)), "\"12\"");
    }
}
