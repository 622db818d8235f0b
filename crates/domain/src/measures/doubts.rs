//! What an import keeps as written and says so: each a warning at its cell. A code the audit's
//! catalogue does not hold, an audience part of no known kind, a venue or a responsible party
//! that is not an organization of the registry, and venues whose dates are not paired.

use super::model::Party;
use super::read_audience;
use super::table::{Column, RoadmapTable, TableMeasure};
use crate::core::code::{CodeExpr, CodeItem, ParameterCode};
use crate::core::import::Issue;

/// The doubts about one measure read from the table.
pub(super) fn doubts(
    m: &TableMeasure,
    table: &RoadmapTable,
    catalogue: Option<&[ParameterCode]>,
    venues: &[Party],
    responsible: &[Party],
) -> Vec<Issue> {
    let mut out = Vec::new();
    if let (Some(catalogue), Some(expr), Some(text)) = (catalogue, &m.targets, &m.targets_text) {
        let unknown = unknown_codes(expr, catalogue);
        if !unknown.is_empty() {
            // Kept as written: a code the catalogue does not hold targets nothing there.
            let message =
                format!("{} not in the audit's catalogue: kept as written, targets no parameter", unknown.join(", "));
            out.push(Issue::new(m.row, table.column(Column::Targets), text, "unknown_parameter_code", message));
        }
    }
    if let Some(text) = &m.audience {
        for part in read_audience(text).unclassified {
            let message = format!("«{part}» is not an audience kind Opora knows: kept as written, of kind other");
            out.push(Issue::new(m.row, table.column(Column::Audience), text, "unclassified_audience", message));
        }
    }
    for (parties, column, cell, what) in [
        (venues, Column::Venues, m.venues.as_deref(), "venue"),
        (responsible, Column::Responsible, m.responsible.as_deref(), "responsible party"),
    ] {
        for party in parties {
            if let Party::Named(name) = party {
                let message = format!("«{name}» is not an organization of the registry: kept as a named {what}");
                out.push(Issue::new(
                    m.row,
                    table.column(column),
                    cell.unwrap_or_default(),
                    "party_not_in_registry",
                    message,
                ));
            }
        }
    }
    let places = venues.iter().filter(|p| !matches!(p, Party::Schools)).count();
    if let Some(schedule) = &m.schedule
        && places > 1
        && schedule.occurrences().len() > 1
    {
        let message = format!(
            "{places} venues and {} dates: which date belongs to which venue is not written, so both are kept as written",
            schedule.occurrences().len()
        );
        let text = m.venues.as_deref().unwrap_or_default();
        out.push(Issue::new(m.row, table.column(Column::Venues), text, "venues_dates_unpaired", message));
    }
    out
}

/// The codes an expression names that the catalogue does not hold.
fn unknown_codes(expr: &CodeExpr, catalogue: &[ParameterCode]) -> Vec<String> {
    let CodeExpr::Items(items) = expr else { return Vec::new() };
    items
        .iter()
        .filter_map(|item| match item {
            CodeItem::Code(c) if !catalogue.contains(c) => Some(c.to_string()),
            CodeItem::Range(from, to) if !catalogue.contains(from) || !catalogue.contains(to) => {
                Some(format!("{from}-{to}"))
            }
            _ => None,
        })
        .collect()
}
