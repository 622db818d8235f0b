//! Errors shared by every aggregate: field validation and opaque storage failures.

use std::fmt;

/// One rejected input field: where (`field`, a camelCase path as the client wrote it), a stable
/// machine `code` and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

/// Every field error of one input, collected so that a client fixes them all in one round.
/// The longest free text a record holds: a measure's title, a conclusion, a note.
pub const MAX_TEXT_CHARS: usize = 4_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), code, message: message.into() });
    }

    /// Runs a parser and records its error under `field`; returns the value when it parsed.
    pub fn check<T, E: fmt::Display + Coded>(&mut self, field: &str, parsed: Result<T, E>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(field, error.code(), error.to_string());
                None
            }
        }
    }

    /// A free text (a goal, a conclusion, a note): not empty, at most [`MAX_TEXT_CHARS`]
    /// characters, no control characters but line breaks. Returns it trimmed.
    pub fn long_text(&mut self, field: &str, text: &str) -> Option<String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            self.push(field, "required", "must not be empty");
            return None;
        }
        if trimmed.chars().count() > MAX_TEXT_CHARS {
            self.push(field, "too_long", format!("is longer than {MAX_TEXT_CHARS} characters"));
            return None;
        }
        if trimmed.chars().any(|c| c.is_control() && c != '\n') {
            self.push(field, "invalid_format", "holds control characters");
            return None;
        }
        Some(trimmed.to_owned())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        if self.0.is_empty() { Ok(value()) } else { Err(self) }
    }

    pub fn single(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.push(field, code, message);
        errors
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

/// A parser error with a stable machine code.
pub trait Coded {
    fn code(&self) -> &'static str;
}

/// What a repository can report. The domain never sees driver errors: adapters map named
/// constraints onto these variants and keep anything else opaque.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint rejected the write; `field` names the input field it guards.
    #[error("another record already has this {field}")]
    Duplicate { field: &'static str },
    /// A restricting foreign key rejected a delete: something still refers to the record.
    #[error("the record is still referred to")]
    Referenced,
    /// The record changed after the revision the write expected.
    #[error("the record changed after the revision the write expected")]
    Stale,
    /// The store could not be reached (connection refused, pool timed out).
    #[error("the database is unavailable")]
    Unavailable,
    /// Anything else; the text is for the server log only.
    #[error("storage failure: {0}")]
    Internal(String),
}
