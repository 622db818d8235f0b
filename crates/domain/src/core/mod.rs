//! The shared core every capability builds on and none of them owns: validation and service
//! errors, pagination, the vocabulary several capabilities speak (parameter codes, the approving
//! document), and the pieces of the import pipeline (issues with their place, the
//! resolution of a table's school references).

pub mod acts;
pub mod clock;
pub mod code;
pub mod document;
pub mod error;
pub mod headers;
pub mod idempotency;
pub mod import;
pub mod markup;
pub mod page;
pub mod period;
pub mod schedule;
pub mod validation;
pub mod version;
pub mod year;
