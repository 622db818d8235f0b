//! Helpers for request bodies.

use chrono::NaiveDate;
use opora_domain::ValidationErrors;
use opora_domain::factors::SourceDocument;
use serde::{Deserialize, Deserializer};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Reads a PATCH field that may be absent (leave), `null` (clear) or a value (set): with
/// `#[serde(default)]`, absence gives `None` and `null` gives `Some(None)`.
pub(crate) fn nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Reads a PATCH field that may be absent (leave) or a value (set), but never `null`: a
/// region's name cannot be cleared, and a `null` that would silently change nothing is refused.
pub(crate) fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// The document that approves a catalogue, a programme or a roadmap: «приказ МКУО ЦОКО от
/// 01.03.2023 № 4».
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SourceIn {
    pub(crate) issuer: Option<String>,
    pub(crate) number: Option<String>,
    pub(crate) date: Option<NaiveDate>,
    pub(crate) title: Option<String>,
}

impl SourceIn {
    /// The document, its texts checked as names and reported under `field.part`.
    pub(crate) fn parse(&self, field: &str, errors: &mut ValidationErrors) -> Option<SourceDocument> {
        SourceDocument::parse(
            self.issuer.as_deref(),
            self.number.as_deref(),
            self.date,
            self.title.as_deref(),
            |part| format!("{field}.{part}"),
            errors,
        )
    }
}

/// The document given as query parameters `{prefix}Issuer`, `{prefix}Number`, `{prefix}Date`
/// and `{prefix}Title` of an import, each error reported under its parameter's name.
pub(crate) fn document_params(
    prefix: &str,
    issuer: Option<&str>,
    number: Option<&str>,
    date: Option<NaiveDate>,
    title: Option<&str>,
) -> Result<Option<SourceDocument>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let field = |part: &str| format!("{prefix}{}{}", part[..1].to_uppercase(), &part[1..]);
    let document = SourceDocument::parse(issuer, number, date, title, field, &mut errors);
    errors.finish(|| document)
}

/// A page of a municipal listing: programmes, roadmaps, campaigns.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub(crate) limit: Option<i64>,
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    pub(crate) cursor: Option<String>,
    /// Those of one municipality.
    pub(crate) municipality_id: Option<Uuid>,
}

/// Why a document is withdrawn.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct WithdrawalQuery {
    /// Why it is withdrawn (1–2,000 characters).
    pub(crate) reason: String,
}

/// A page of versioned documents (roadmaps, audits): the current versions, or those current at a
/// moment.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct VersionedListQuery {
    #[param(minimum = 1, maximum = 500, example = 50)]
    pub(crate) limit: Option<i64>,
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    pub(crate) cursor: Option<String>,
    /// Those of one municipality.
    pub(crate) municipality_id: Option<Uuid>,
    /// The versions current at this moment (RFC 3339); the current ones when absent.
    pub(crate) as_of: Option<chrono::DateTime<chrono::Utc>>,
}
