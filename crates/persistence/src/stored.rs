//! How values every capability keeps are stored: a source document as JSON, a document's
//! fingerprint as its hash. Shared, so that no capability's module reads another's.

use opora_domain::core::document::SourceDocument;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The stored key of a document's fingerprint.
pub(crate) fn fingerprint_key(fingerprint: &str) -> String {
    Sha256::digest(fingerprint.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn source_json(source: Option<&SourceDocument>) -> Option<String> {
    source.map(|s| source_value(s).to_string())
}

pub(crate) fn source_value(s: &SourceDocument) -> Value {
    json!({ "issuer": s.issuer, "number": s.number, "date": s.date, "title": s.title })
}

pub(crate) fn source_from(text: Option<&str>) -> Option<SourceDocument> {
    let value: Value = serde_json::from_str(text?).ok()?;
    Some(source_from_value(&value))
}

pub(crate) fn source_from_value(value: &Value) -> SourceDocument {
    let text = |k: &str| value[k].as_str().map(str::to_owned);
    SourceDocument {
        issuer: text("issuer"),
        number: text("number"),
        date: value["date"].as_str().and_then(|d| d.parse().ok()),
        title: text("title"),
    }
}
