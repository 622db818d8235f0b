//! What every `opora import …` command shares: reading the file as the upload endpoints do,
//! and telling the operator what the table held — each issue on its own line with its row and
//! column, warnings on stdout and errors on stderr.

use std::path::Path;

use opora_domain::{Issue, ServiceError};

pub fn print_warnings(warnings: &[Issue]) {
    for w in warnings {
        println!("warning: row {}, column {}: {} ('{}')", w.row, w.column, w.message, w.text);
    }
}

/// The message the command exits with; a rejected table's errors are printed first.
pub fn failure(error: ServiceError) -> String {
    match error {
        ServiceError::Rejected { errors, .. } => {
            for e in &errors {
                eprintln!("error: row {}, column {}: {} ('{}')", e.row, e.column, e.message, e.text);
            }
            format!("{} error(s); nothing was imported", errors.len())
        }
        other => other.to_string(),
    }
}

/// Reads a TSV, CSV or XLSX file (by its extension) into rows, as the upload endpoints do.
pub fn read_table(file: &Path, encoding: &str) -> Result<Vec<Vec<String>>, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let content_type = match extension.as_str() {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
        "csv" => format!("text/csv; charset={encoding}"),
        _ => format!("text/tab-separated-values; charset={encoding}"),
    };
    opora_api::imports::decode_table(&bytes, &content_type, opora_api::imports::TableLimits::default())
        .map_err(|e| format!("{}: {e}", file.display()))
}
