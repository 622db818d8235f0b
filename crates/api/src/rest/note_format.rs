//! The formats a note is answered in, and the answer: Markdown, HTML or a Word document, the
//! last two rendered from the Markdown off the async workers, within the request deadline.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use opora_domain::ValidationErrors;

use crate::dashboards::charts::Chart;
use crate::dashboards::document;
use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoteFormat {
    Markdown,
    Html,
    Docx,
}

impl NoteFormat {
    /// `md` (the default), `html` or `docx`.
    pub(crate) fn parse(text: Option<&str>) -> Result<Self, ValidationErrors> {
        match text.unwrap_or("md") {
            "md" => Ok(Self::Markdown),
            "html" => Ok(Self::Html),
            "docx" => Ok(Self::Docx),
            other => {
                Err(ValidationErrors::single("format", "invalid_format", format!("'{other}' is not md, html or docx")))
            }
        }
    }

    /// The note in this format; `file` names the Word document a browser saves.
    pub(crate) async fn respond(
        self,
        state: &AppState,
        markdown: String,
        charts: Vec<Chart>,
        title: &'static str,
        file: &str,
    ) -> Result<Response, ApiError> {
        let markdown_type = "text/markdown; charset=utf-8";
        if self == Self::Markdown {
            return Ok(([(header::CONTENT_TYPE, markdown_type)], markdown).into_response());
        }
        let deadline = state.config.request_timeout;
        let rendering = tokio::task::spawn_blocking(move || match self {
            Self::Html => Ok(document::html(&markdown, title, &charts).into_bytes()),
            _ => document::docx(&markdown, &charts),
        });
        let bytes = tokio::time::timeout(deadline, rendering)
            .await
            .map_err(|_| {
                ApiError::new(ErrorCode::RequestTimeout, format!("the note was not written within {deadline:?}"))
            })?
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)?;
        Ok(match self {
            Self::Html => (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                    (header::CONTENT_SECURITY_POLICY, crate::security::NOTE_POLICY.clone()),
                ],
                bytes,
            )
                .into_response(),
            _ => (
                [
                    (header::CONTENT_TYPE, DOCX.to_owned()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}.docx\"")),
                ],
                bytes,
            )
                .into_response(),
        })
    }
}
