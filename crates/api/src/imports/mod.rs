//! Reading uploaded tables: CSV and TSV in UTF-8 or Windows-1251, and XLSX, bounded before
//! they are parsed. Used by the import endpoints and by `opora import` alike.

mod decode;
mod docx;
mod numbering;
mod xlsx;

pub use decode::{TableLimits, TableProblem, decode_blocks, decode_document, decode_table, decode_tables};
pub use docx::DocumentTable;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use opora_domain::factors::{CatalogueDraft, OwnerRef};

use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;

/// An uploaded table, as the OpenAPI document describes it: the file's bytes.
#[derive(Debug, utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub(crate) struct TableFile(#[expect(dead_code, reason = "documents the body; the handler reads the bytes")] Vec<u8>);

/// Reads the upload, bounded by the body limit while it streams. Call it only once the caller
/// is known to be allowed the import: an upload is never read for someone who may not send it.
pub(crate) async fn read_body(state: &AppState, body: Body) -> Result<Bytes, ApiError> {
    let limit = state.config.max_body_bytes;
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::new(ErrorCode::PayloadTooLarge, format!("the request body exceeds {limit} bytes")))
}

/// Decodes an uploaded table by its `Content-Type` on a blocking thread, within the request
/// deadline, so that a large file never stalls the workers that answer other requests. Too
/// large is 413, unreadable is 422 with the place, not a table is 415.
pub(crate) async fn decode_upload(
    state: &AppState,
    headers: &HeaderMap,
    bytes: Bytes,
) -> Result<Vec<Vec<String>>, ApiError> {
    decode_off_workers(state, headers, bytes, decode_table).await
}

/// Decodes every table of an upload (a Word document holds several), as [`decode_upload`].
pub(crate) async fn decode_upload_tables(
    state: &AppState,
    headers: &HeaderMap,
    bytes: Bytes,
) -> Result<Vec<Vec<Vec<String>>>, ApiError> {
    decode_off_workers(state, headers, bytes, decode_tables).await
}

/// Decodes an upload's tables with the paragraphs above each, as [`decode_upload`].
pub(crate) async fn decode_upload_document(
    state: &AppState,
    headers: &HeaderMap,
    bytes: Bytes,
) -> Result<Vec<DocumentTable>, ApiError> {
    decode_off_workers(state, headers, bytes, decode_document).await
}

/// Decodes a Word document into its paragraphs and tables in order, as [`decode_upload`]; any
/// other type is 415.
pub(crate) async fn decode_upload_blocks(
    state: &AppState,
    headers: &HeaderMap,
    bytes: Bytes,
) -> Result<Vec<opora_domain::monitoring::Block>, ApiError> {
    decode_off_workers(state, headers, bytes, decode_blocks).await
}

/// The file name a `Content-Disposition` header gives an upload, if any.
pub(crate) fn upload_file_name(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_DISPOSITION)?.to_str().ok()?;
    let name = value
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("filename"))?
        .1;
    let name = name.trim().trim_matches('"').trim();
    (!name.is_empty()).then(|| name.to_owned())
}

async fn decode_off_workers<T: Send + 'static>(
    state: &AppState,
    headers: &HeaderMap,
    bytes: Bytes,
    decode: fn(&[u8], &str, TableLimits) -> Result<T, TableProblem>,
) -> Result<T, ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let deadline = state.config.request_timeout;
    let decoding = tokio::task::spawn_blocking(move || decode(&bytes, &content_type, TableLimits::default()));
    let decoded = tokio::time::timeout(deadline, decoding)
        .await
        .map_err(|_| ApiError::new(ErrorCode::RequestTimeout, format!("the table was not read within {deadline:?}")))?
        .map_err(ApiError::internal)?;
    decoded.map_err(|problem| match problem {
        TableProblem::TooLarge(m) => ApiError::new(ErrorCode::PayloadTooLarge, m),
        TableProblem::Unreadable(m) => ApiError::new(ErrorCode::ImportRejected, m),
        TableProblem::UnsupportedType(m) => ApiError::new(ErrorCode::UnsupportedMediaType, m),
    })
}

/// Reads a catalogue in the JSON of `POST /api/v1/catalogues` (the reference files), with
/// `owner` replacing the file's owner when given.
pub fn catalogue_draft(json: &[u8], owner: Option<OwnerRef>) -> Result<CatalogueDraft, String> {
    let input: crate::rest::CreateCatalogueIn =
        serde_json::from_slice(json).map_err(|e| format!("not a catalogue file: {e}"))?;
    let mut draft = match owner {
        // The file's owner is replaced, so it need not name one that exists here.
        Some(_) => input.draft_with_any_owner(),
        None => input.draft().map_err(|e| e.to_string())?,
    };
    if let Some(owner) = owner {
        draft.owner = owner;
    }
    Ok(draft)
}
