//! Where a record comes from, as clients read it: the document that approved it, and the issues
//! an import found at a cell. Every capability's views carry them.

use opora_domain::Issue;
use opora_domain::core::document::SourceDocument;
use serde::Serialize;
use utoipa::ToSchema;

use super::scalars::Date;

/// An approving document: «приказ МКУО ЦОКО № 4 от 01.03.2023».
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "SourceDocument")]
pub(crate) struct SourceView {
    pub issuer: Option<String>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub title: Option<String>,
}

impl From<&SourceDocument> for SourceView {
    fn from(s: &SourceDocument) -> Self {
        Self {
            issuer: s.issuer.clone(),
            number: s.number.clone(),
            date: s.date.map(Into::into),
            title: s.title.clone(),
        }
    }
}

/// A warning or error of an import, with its place in the file.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IssueView {
    pub row: u32,
    /// Spreadsheet column letter.
    pub column: String,
    /// The cell's text as written.
    pub text: String,
    pub code: String,
    pub message: String,
}

impl From<Issue> for IssueView {
    fn from(i: Issue) -> Self {
        Self { row: i.row, column: i.column, text: i.text, code: i.code.to_owned(), message: i.message }
    }
}
