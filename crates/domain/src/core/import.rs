//! Pieces every table import shares: a problem with its place in the file, and the resolution
//! of the school references a table's cells hold.

use std::collections::HashMap;

use super::validation::Coded;
use crate::schools::{Candidates, Municipality, Organization, OrganizationId, Resolution, resolve_text};

/// A warning or an error, with the place it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based row of the file.
    pub row: u32,
    /// Spreadsheet letter of the column (A…Z), or empty for a whole row.
    pub column: String,
    /// The cell's text as written.
    pub text: String,
    pub code: &'static str,
    pub message: String,
}

impl Issue {
    /// How much of the cell an issue quotes: enough to find it, never the whole of a huge cell.
    pub const MAX_TEXT_CHARS: usize = 300;

    /// An issue at `row` and the 0-based `column`.
    pub fn new(row: u32, column: usize, text: &str, code: &'static str, message: impl Into<String>) -> Self {
        let letter = char::from(b'A' + u8::try_from(column).unwrap_or(25).min(25));
        let text = crate::text::excerpt(text, Self::MAX_TEXT_CHARS);
        Self { row, column: letter.to_string(), text, code, message: message.into() }
    }

    /// An issue about the document as a whole, or the lines above its table: row 0, no column.
    pub fn document(text: &str, code: &'static str, message: impl Into<String>) -> Self {
        let text = crate::text::excerpt(text, Self::MAX_TEXT_CHARS);
        Self { row: 0, column: String::new(), text, code, message: message.into() }
    }
}

/// Where a reference was read: the cell's place and text, and the reference within it.
#[derive(Debug, Clone, Copy)]
pub struct CellReference<'a> {
    pub row: u32,
    /// 0-based.
    pub column: usize,
    pub cell: &'a str,
    pub reference: &'a str,
}

/// How a reference was read: the organization and what was assumed, or an issue's code and
/// message.
type Reading = Result<(OrganizationId, Option<String>, Vec<&'static str>), (&'static str, String)>;

/// Resolves a table's references against one municipality's organizations and its region's
/// bodies, collecting an error for each that does not resolve and a warning for each read
/// with an assumption. A reference repeated in the table is resolved once.
#[derive(Debug)]
pub struct ReferenceResolver<'a> {
    candidates: Candidates<'a>,
    municipality: &'a Municipality,
    seen: HashMap<String, Reading>,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl<'a> ReferenceResolver<'a> {
    pub fn new(candidates: &'a [Organization], municipality: &'a Municipality) -> Self {
        Self {
            candidates: Candidates::new(candidates),
            municipality,
            seen: HashMap::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The organization the reference names with what was assumed to read it, or `None` with
    /// an error recorded.
    pub fn resolve(&mut self, at: CellReference<'_>) -> Option<(OrganizationId, Option<String>)> {
        let outcome = match self.seen.get(at.reference) {
            Some(outcome) => outcome.clone(),
            None => {
                let outcome = self.read(at.reference);
                self.seen.insert(at.reference.to_owned(), outcome.clone());
                outcome
            }
        };
        let place = |code: &'static str, message: String| Issue::new(at.row, at.column, at.cell, code, message);
        match outcome {
            Ok((id, note, differences)) => {
                // One warning for each accepted difference, under its own code.
                let message = note.clone().unwrap_or_default();
                for code in &differences {
                    self.warnings.push(place(code, message.clone()));
                }
                if differences.is_empty() && note.is_some() {
                    self.warnings.push(place("read_with_assumption", message));
                }
                Some((id, note))
            }
            Err((code, message)) => {
                self.errors.push(place(code, message));
                None
            }
        }
    }

    fn read(&self, text: &str) -> Reading {
        let resolution =
            resolve_text(text, &self.candidates, self.municipality.id).map_err(|e| (e.code(), e.to_string()))?;
        match resolution {
            Resolution::Resolved { id, note, reading } => {
                let differences = match reading {
                    crate::schools::Reading::Registered => Vec::new(),
                    crate::schools::Reading::Parsed { differences } => {
                        differences.into_iter().map(|d| d.code()).collect()
                    }
                };
                Ok((id, note, differences))
            }
            Resolution::Ambiguous(ids) => Err((
                "ambiguous_reference",
                format!("'{text}' matches {} organizations of {}", ids.len(), self.municipality.name),
            )),
            Resolution::NotFound => {
                Err(("unknown_school", format!("'{text}' matches no organization of {}", self.municipality.name)))
            }
        }
    }
}
