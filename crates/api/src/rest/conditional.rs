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

/// The longest `If-Match` read: a few tags, with room to spare.
pub(crate) const MAX_IF_MATCH: usize = 256;

/// RFC 9110's `If-Match` as the contract declares it: `*`, or a list of entity tags.
pub(crate) const IF_MATCH_PATTERN: &str = r#"^(\*|(W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*)$"#;

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
        match parse(value.to_str().unwrap_or_default()) {
            Condition::Any => Ok(Self(None)),
            Condition::At(revision) => Ok(Self(Some(revision))),
            // Refused by the store, after the body and the caller's rights are checked.
            Condition::Never => Ok(Self(Some(Revision::NONE))),
            Condition::Malformed => Err(ApiError::new(
                ErrorCode::MalformedRequest,
                format!(
                    "If-Match is not `*` or a list of entity tags such as \"3\" (at most {MAX_IF_MATCH} characters)"
                ),
            )),
        }
    }
}

/// What an `If-Match` value asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Condition {
    /// `*`: the record as it is.
    Any,
    /// One strong tag of digits: `"3"`.
    At(Revision),
    /// Well-formed, but no revision of ours: a weak tag (never equal under the strong
    /// comparison `If-Match` makes) or another server's tag. A list of several is refused too,
    /// more strictly than RFC 9110 asks: a write is checked against the one revision its
    /// caller read, and a client that read one record holds one tag of it.
    Never,
    /// Not RFC 9110's syntax: refused as a bad request, not as a stale one.
    Malformed,
}

fn parse(text: &str) -> Condition {
    let text = text.trim();
    if text == "*" {
        return Condition::Any;
    }
    if text.is_empty() || text.len() > MAX_IF_MATCH {
        return Condition::Malformed;
    }
    let mut tags = Vec::new();
    for element in text.split(',').map(str::trim) {
        let (weak, opaque) = match element.strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, element),
        };
        let Some(inner) = opaque.strip_prefix('"').and_then(|o| o.strip_suffix('"')) else {
            return Condition::Malformed;
        };
        // etagc: any visible character but the double quote.
        if !inner.bytes().all(|b| b == 0x21 || (0x23..=0x7e).contains(&b)) {
            return Condition::Malformed;
        }
        tags.push((weak, inner));
    }
    match tags.as_slice() {
        [(false, digits)] if !digits.is_empty() && digits.len() <= 20 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse().map_or(Condition::Never, |n| Condition::At(Revision::new(n)))
        }
        _ => Condition::Never,
    }
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
        Ok(Self(state.capabilities.access.revision(entity, id).await?, view))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_strong_tag_of_digits_names_a_revision() {
        assert_eq!(parse("\"3\""), Condition::At(Revision::new(3)));
        assert_eq!(parse(" \"0\" "), Condition::At(Revision::new(0)));
        assert_eq!(parse("*"), Condition::Any);
        for never in ["W/\"3\"", "\"3\", \"4\"", "\"\"", "\"-1\"", "\"3a\"", "\"123456789012345678901\""] {
            assert_eq!(parse(never), Condition::Never, "{never}");
        }
        for malformed in ["", "3", "\"3", "\"3\" OR 1=1", "\"a b\"", "W/3", "\"3\",", &"\"1\",".repeat(100)] {
            assert_eq!(parse(malformed), Condition::Malformed, "{malformed}");
        }
    }

    #[test]
    fn the_declared_pattern_and_the_parser_agree() {
        let pattern = regex::Regex::new(IF_MATCH_PATTERN).unwrap();
        for text in [
            "*",
            "\"3\"",
            "W/\"3\"",
            "\"3\", \"4\"",
            "\"3\",W/\"x\"",
            "\"\"",
            "3",
            "\"3\" OR 1=1",
            "",
            "\"a b\"",
            "W/3",
        ] {
            assert_eq!(pattern.is_match(text), parse(text) != Condition::Malformed, "{text}");
        }
    }

    #[test]
    fn the_tag_is_the_revision_quoted() {
        assert_eq!(tag(Revision::new(12)), "\"12\"");
    }
}
