//! Opaque pagination cursors. Clients pass them back unchanged; the format may change.

use opora_domain::{PageRequest, ValidationErrors};
use uuid::Uuid;

/// A version mark, then the last item's id: a shape the OpenAPI document can state as a
/// pattern (`^c1_[0-9a-f]{32}$`), so that generated clients and fuzzers send only cursors
/// the server reads. Any such cursor is a valid position: pages are keyed by id.
const PREFIX: &str = "c1_";

pub(crate) fn encode(id: Uuid) -> String {
    format!("{PREFIX}{}", id.simple())
}

fn decode(cursor: &str) -> Option<Uuid> {
    let hex = cursor.strip_prefix(PREFIX)?;
    (hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| Uuid::try_parse(hex).ok())
        .flatten()
}

/// Builds a page request from the client's `limit` and `cursor`, reporting both at once.
pub(crate) fn page_request(limit: Option<i64>, cursor: Option<&str>) -> Result<PageRequest, ValidationErrors> {
    let after = cursor.map(|c| decode(c).ok_or(c));
    let page = PageRequest::parse(limit, after.and_then(Result::ok));
    let mut errors = page.as_ref().err().cloned().unwrap_or_default();
    if let Some(Err(bad)) = after {
        errors.push("cursor", "invalid_cursor", format!("'{bad}' is not a cursor this API issued"));
    }
    match page {
        Ok(page) if errors.is_empty() => Ok(page),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips() {
        let id = Uuid::now_v7();
        assert_eq!(page_request(Some(5), Some(&encode(id))).unwrap().after(), Some(id));
    }

    #[test]
    fn a_forged_cursor_and_a_bad_limit_are_reported_together() {
        let errors = page_request(Some(0), Some("not-a-cursor")).unwrap_err();
        let fields: Vec<&str> = errors.errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["limit", "cursor"]);
    }
}
