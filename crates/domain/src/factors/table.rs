//! Reading the entry-audit table as seed 001 prints it: «№», factor name, parameter name,
//! parameter code, and the organizations where it shows. Factor names stand on the first row of
//! their factor only (merged cells); a long parameter name may run on into a row of its own;
//! the factor number may be wrong (seed 001 numbers factor 7 as «5»): the codes decide.

use super::school_list::{ListItem, parse_school_list};
use crate::core::code::{CodeNote, ParameterCode};
use crate::core::import::Issue;
use crate::core::validation::Coded;
use crate::schools::Name;

/// The columns of the table.
pub const COLUMNS: [&str; 5] = ["№", "наименование фактора", "параметры", "код параметра", "перечень ОО"];

/// A parameter row, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableParameter {
    pub row: u32,
    pub code: ParameterCode,
    pub name: String,
    pub schools: Vec<ListItem>,
    /// The school cell as written.
    pub schools_text: String,
}

/// The table, read, with everything worth reporting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditTable {
    pub factors: Vec<(u16, String)>,
    pub parameters: Vec<TableParameter>,
    pub warnings: Vec<Issue>,
    pub errors: Vec<Issue>,
}

fn cell(row: &[String], column: usize) -> &str {
    row.get(column).map_or("", |c| c.trim())
}

/// Where the table keeps each column: found by the header vocabulary (`core/headers.tsv`) in any
/// order, or seed 001's order when no row names them.
#[derive(Debug, Clone, Copy)]
struct Layout {
    number: Option<usize>,
    factor: Option<usize>,
    parameter: usize,
    code: usize,
    schools: usize,
}

const SEED_LAYOUT: Layout = Layout { number: Some(0), factor: Some(1), parameter: 2, code: 3, schools: 4 };

/// The first row that names the code, parameter and schools columns, with what it says.
fn layout(rows: &[Vec<String>], first_row: u32, table: &mut AuditTable) -> Layout {
    for (offset, cells) in rows.iter().enumerate().take(30) {
        let find = |name: &str| cells.iter().position(|h| crate::core::headers::column("audit", h) == Some(name));
        let (Some(parameter), Some(code), Some(schools)) = (find("parameter"), find("code"), find("schools")) else {
            continue;
        };
        let found = Layout { number: find("number"), factor: find("factor"), parameter, code, schools };
        let read = [found.number, found.factor, Some(parameter), Some(code), Some(schools)];
        let row = first_row + u32::try_from(offset).unwrap_or(u32::MAX);
        for (index, title) in cells.iter().enumerate() {
            if !title.trim().is_empty() && !read.contains(&Some(index)) {
                let message =
                    format!("the column «{}» is not one an audit is read from; its cells are not read", title.trim());
                table.warnings.push(Issue::new(row, index, title.trim(), "column_ignored", message));
            }
        }
        return found;
    }
    let message = "no row names the columns (Параметры, Код параметра, Перечень ОО): read in the order №, фактор, \
                   параметр, код, перечень ОО";
    table.warnings.push(Issue::new(first_row, 0, "", "no_header", message));
    SEED_LAYOUT
}

/// Reads the rows of a table (each a list of cells; `first_row` is the file row of `rows[0]`).
pub fn read_audit_table(rows: &[Vec<String>], first_row: u32) -> AuditTable {
    let mut table = AuditTable::default();
    let at = layout(rows, first_row, &mut table);
    let optional = |cells: &[String], column: Option<usize>| column.map_or("", |c| cell(cells, c)).to_owned();
    let mut started = false;
    let mut current_factor_name: Option<(u16, String)> = None;
    for (offset, cells) in rows.iter().enumerate() {
        let row = first_row + u32::try_from(offset).unwrap_or(u32::MAX);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (number, factor) = (optional(cells, at.number), optional(cells, at.factor));
        let (number, factor) = (number.as_str(), factor.as_str());
        let (name, code_text, schools) = (cell(cells, at.parameter), cell(cells, at.code), cell(cells, at.schools));
        let parsed = ParameterCode::parse_noted(code_text);
        if !started && parsed.is_err() {
            // A header row: titles, not data.
            continue;
        }
        started = true;
        if code_text.is_empty() {
            if !name.is_empty()
                && schools.is_empty()
                && number.is_empty()
                && let Some(last) = table.parameters.last_mut()
            {
                {
                    last.name = format!("{} {name}", last.name);
                    table.warnings.push(Issue::new(
                        row,
                        at.parameter,
                        name,
                        "name_continued",
                        format!("read as the rest of the name of parameter {} above", last.code),
                    ));
                    continue;
                }
            }
            table.errors.push(Issue::new(
                row,
                at.code,
                code_text,
                "missing_parameter_code",
                "the row has no parameter code",
            ));
            continue;
        }
        let (code, note) = match parsed {
            Ok(parsed) => parsed,
            Err(e) => {
                table.errors.push(Issue::new(row, at.code, code_text, e.code(), e.to_string()));
                continue;
            }
        };
        if let Some(CodeNote::TrailingDot(text)) = note {
            table.warnings.push(Issue::new(row, at.code, &text, "trailing_dot", format!("read as {code}")));
        }
        if table.parameters.iter().any(|p| p.code == code) {
            table.errors.push(Issue::new(
                row,
                at.code,
                code_text,
                "duplicate_parameter_code",
                format!("{code} appears twice"),
            ));
            continue;
        }
        if !number.is_empty() {
            let written = number.trim_end_matches('.').parse::<u16>().ok();
            if written != Some(code.factor()) {
                table.warnings.push(Issue::new(
                    row,
                    at.number.unwrap_or_default(),
                    number,
                    "factor_renumbered",
                    format!(
                        "the factor is numbered «{number}» but its parameter codes say {}; filed under factor {}",
                        code.factor(),
                        code.factor()
                    ),
                ));
            }
        }
        if !factor.is_empty() {
            current_factor_name = Some((code.factor(), factor.to_owned()));
        }
        match table.factors.iter().find(|(f, _)| *f == code.factor()) {
            Some(_) => {}
            None => match &current_factor_name {
                Some((f, factor_name)) if *f == code.factor() => table.factors.push((*f, factor_name.clone())),
                _ => table.errors.push(Issue::new(
                    row,
                    at.factor.unwrap_or(at.code),
                    factor,
                    "missing_factor_name",
                    format!("factor {} starts on this row without a name", code.factor()),
                )),
            },
        }
        if let Err(e) = Name::parse(name) {
            table.errors.push(Issue::new(
                row,
                at.parameter,
                name,
                "missing_parameter_name",
                format!("the parameter name {e}"),
            ));
        }
        let items = match parse_school_list(schools) {
            Ok(items) => items,
            Err(e) => {
                table.errors.push(Issue::new(row, at.schools, schools, e.code(), e.to_string()));
                Vec::new()
            }
        };
        table.parameters.push(TableParameter {
            row,
            code,
            name: name.to_owned(),
            schools: items,
            schools_text: schools.to_owned(),
        });
    }
    if table.parameters.is_empty() && table.errors.is_empty() {
        table.errors.push(Issue::new(first_row, 3, "", "no_parameters", "no row holds a parameter code in column D"));
    }
    table
}

#[cfg(test)]
mod tests;
