//! The resolution of the school references a table's cells hold, for every table import: each
//! reference read once, an error for each that does not resolve, a warning for each read with
//! an assumption, at the cell it came from.

use std::collections::HashMap;

use super::ids::OrganizationId;
use super::municipality::Municipality;
use super::organization::Organization;
use super::resolve::{Candidates, Reading as HowRead, Resolution, resolve_text};
use crate::core::import::Issue;
use crate::core::validation::Coded;

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
                    HowRead::Registered => Vec::new(),
                    HowRead::Parsed { differences } => differences.into_iter().map(|d| d.code()).collect(),
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
