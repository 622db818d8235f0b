//! The zoo: tables and documents written as other municipalities write them (their headers,
//! column order, title blocks, merged headers, Roman quarters, their own indicator names), made
//! by us in `tests/fixtures/zoo` (the Word and Excel files by its `build.py`). Each is imported
//! through the API and its reading checked against what the document says, counted by hand.

mod audits;
mod indicators;
mod lists;
mod monitoring;
mod roadmaps;

use opora_tests::{Territory, TestApp, create_territory};
use serde_json::Value;

const TSV: &str = "text/tab-separated-values";
const CSV: &str = "text/csv";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A zoo document's bytes.
macro_rules! document {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/zoo/", $name)).to_vec()
    };
}
use document;

struct Zoo {
    app: TestApp,
    t: Territory,
}

async fn zoo() -> Zoo {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    Zoo { app, t }
}

/// An answer's issues (or warnings) as (row, column, code).
fn places(issues: &Value) -> Vec<(i64, String, String)> {
    issues
        .as_array()
        .unwrap_or_else(|| panic!("no issues in {issues}"))
        .iter()
        .map(|i| {
            let row = i["row"].as_i64().unwrap();
            (row, i["column"].as_str().unwrap().to_owned(), i["code"].as_str().unwrap().to_owned())
        })
        .collect()
}
