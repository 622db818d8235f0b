//! The document that approves something: an order with its issuer, number and date.

use chrono::NaiveDate;

use super::validation::ValidationErrors;
use crate::schools::Name;

/// The document that approved a catalogue, a programme or a roadmap, or ordered an audit: «приказ МКУО ЦОКО от 01.03.2023 № 4».
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceDocument {
    pub issuer: Option<String>,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
}

impl SourceDocument {
    /// The document as a client wrote it, or `None` when nothing of it is given. Its texts
    /// follow the rules of a name (1 to 500 characters, no control characters), each reported
    /// under `field(part)`.
    pub fn parse(
        issuer: Option<&str>,
        number: Option<&str>,
        date: Option<NaiveDate>,
        title: Option<&str>,
        field: impl Fn(&str) -> String,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let mut text = |part: &str, value: Option<&str>| {
            let value = value.map(str::trim).filter(|v| !v.is_empty())?;
            errors.check(&field(part), Name::parse(value)).map(|n| n.to_string())
        };
        let document =
            Self { issuer: text("issuer", issuer), number: text("number", number), date, title: text("title", title) };
        (document != Self::default()).then_some(document)
    }
}
