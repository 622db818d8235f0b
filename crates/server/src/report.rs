//! How `opora import …` tells an operator what a table held: each issue on its own line with
//! its row and column, warnings on stdout and errors on stderr.

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
