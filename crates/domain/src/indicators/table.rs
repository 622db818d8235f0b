//! Indicator tables as municipalities keep them: long (a row per organization, indicator and
//! period) or wide (a row per organization, a column per indicator). The header may stand below
//! title rows and over two rows (a merged group over its leaves); columns are found by the
//! header vocabulary, indicators by code, name or alias. Every cell that does not read is an
//! issue with its row and column; what is kept as no data says so.

use super::aliases::names_in;
use super::model::{Indicator, IndicatorCode};
use super::period::ObservationPeriod;
use crate::core::headers::{column, header_key, two_row_header};
use crate::core::import::Issue;
use crate::schools::RegionId;

/// One value read from a table, its subject still as written.
#[derive(Debug, Clone, PartialEq)]
pub struct TableValue {
    pub row: u32,
    /// 0-based column of the value.
    pub column: usize,
    /// 0-based column of the subject.
    pub subject_column: usize,
    /// The organization as written; empty, the municipality's name or «итого» for the
    /// municipality itself.
    pub subject: String,
    pub indicator: IndicatorCode,
    pub period: ObservationPeriod,
    pub value: f64,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorTable {
    pub values: Vec<TableValue>,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

/// The largest value a count or a percentage of this field takes.
const MAX_VALUE: f64 = 1e12;

/// Rows a header is looked for in: title rows and a blank row or two stand above it.
const MAX_HEADER_ROW: usize = 30;

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Value(f64),
    /// A number written with its unit: «12 чел.», «83,5 %».
    WithUnit(f64),
    /// «—», «-», «нет», «н/д»: the table says there is no figure.
    NoData,
    /// Nothing written.
    Blank,
}

/// «13», «13,5», «1 234», «75%» (with a unit), «—» (no data).
pub fn parse_value(text: &str) -> Result<Cell, (&'static str, String)> {
    let t = crate::text::fold(text);
    if t.is_empty() {
        return Ok(Cell::Blank);
    }
    if matches!(t.as_str(), "-" | "–" | "—" | "нет" | "н/д" | "нет данных" | "х" | "x") {
        return Ok(Cell::NoData);
    }
    let number_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | ' ' | '\u{a0}')))
        .map_or(t.len(), |(i, _)| i);
    let (number, unit) = t.split_at(number_end);
    let digits: String =
        number.chars().filter(|c| !c.is_whitespace()).map(|c| if c == ',' { '.' } else { c }).collect();
    let unit = unit.trim();
    let known_unit = unit.is_empty()
        || matches!(
            unit.trim_end_matches('.'),
            "%" | "чел" | "человек" | "ед" | "шт" | "руб" | "пар" | "ч" | "час" | "часов"
        );
    let shaped = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && digits.len() <= 20
        && known_unit;
    if !shaped {
        return Err(("invalid_value", format!("'{}' is not a number", text.chars().take(40).collect::<String>())));
    }
    let value: f64 = digits.parse().map_err(|_| ("invalid_value", format!("'{text}' is not a number")))?;
    if !value.is_finite() || value < 0.0 {
        return Err(("out_of_range", format!("{value} is negative")));
    }
    if value > MAX_VALUE {
        return Err(("out_of_range", format!("{value} is larger than any count of this field")));
    }
    Ok(if unit.is_empty() { Cell::Value(value) } else { Cell::WithUnit(value) })
}

/// The indicator a name (a column title, a cell of the indicator column) names in a region's
/// import: by code, name or alias, folded.
fn indicator_of<'a>(name: &str, catalogue: &'a [Indicator], region: Option<RegionId>) -> Option<&'a Indicator> {
    let key = header_key(name);
    catalogue.iter().find(|i| i.code.as_str() == name.trim() || names_in(i, region).contains(&key))
}

/// The catalogue's indicators whose names share the most words with `name`: what a person
/// probably meant, for the message.
fn closest(name: &str, catalogue: &[Indicator]) -> Vec<String> {
    let stems = |text: &str| -> Vec<String> {
        header_key(text).split(' ').filter(|w| w.chars().count() > 2).map(|w| w.chars().take(5).collect()).collect()
    };
    let wanted = stems(name);
    let mut scored: Vec<(usize, &Indicator)> = catalogue
        .iter()
        .map(|i| (stems(&i.name).iter().filter(|s| wanted.contains(s)).count(), i))
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.code.cmp(&b.1.code)));
    scored.into_iter().take(3).map(|(_, i)| format!("{} «{}»", i.code, i.name)).collect()
}

fn unknown_message(name: &str, catalogue: &[Indicator]) -> String {
    let candidates = closest(name, catalogue);
    if candidates.is_empty() {
        format!("«{name}» names no indicator of the catalogue (by code, name or alias)")
    } else {
        format!(
            "«{name}» names no indicator of the catalogue (by code, name or alias); closest: {}. An alias makes it \
             one (PATCH /api/v1/indicators/{{code}})",
            candidates.join(", ")
        )
    }
}

/// The header, found: its row (0-based), how many rows it spans, and its cells with the group
/// each stands under.
struct Header {
    at: usize,
    height: usize,
    cells: Vec<String>,
    groups: Vec<Option<String>>,
}

/// A leaf read under its group: «всего» under «Обучающиеся» is «Обучающиеся»; «из них 5–9
/// классов» is «Обучающиеся 5–9 классов».
fn grouped_name(group: &str, leaf: &str) -> String {
    let key = header_key(leaf);
    if matches!(key.as_str(), "всего" | "итого" | "всего чел") {
        return group.to_owned();
    }
    let rest =
        ["из них ", "в том числе ", "в т ч ", "из них: "].iter().find_map(|p| key.strip_prefix(p)).unwrap_or(&key);
    format!("{group} {rest}")
}

/// How many of a header's cells name something the reader knows.
fn known(cells: &[String], groups: &[Option<String>], catalogue: &[Indicator], region: Option<RegionId>) -> usize {
    cells
        .iter()
        .zip(groups)
        .filter(|(c, g)| {
            column("indicators", c).is_some()
                || indicator_of(c, catalogue, region).is_some()
                || g.as_ref().is_some_and(|g| {
                    indicator_of(&grouped_name(g, c), catalogue, region).is_some()
                        || indicator_of(&format!("{g} {c}"), catalogue, region).is_some()
                })
        })
        .count()
}

fn find_header(rows: &[Vec<String>], catalogue: &[Indicator], region: Option<RegionId>) -> Option<Header> {
    for (at, row) in rows.iter().enumerate().take(MAX_HEADER_ROW) {
        if !row.iter().any(|c| column("indicators", c) == Some("subject")) {
            continue;
        }
        let single = Header { at, height: 1, cells: row.clone(), groups: vec![None; row.len()] };
        let Some(next) = rows.get(at + 1).filter(|_| row.iter().filter(|c| !c.trim().is_empty()).count() > 1) else {
            return Some(single);
        };
        let (cells, groups) = two_row_header(row, next);
        let double = Header { at, height: 2, cells, groups };
        // The header spans two rows when the second names more than the first alone does.
        let better = known(&double.cells, &double.groups, catalogue, region)
            > known(&single.cells, &single.groups, catalogue, region);
        return Some(if better { double } else { single });
    }
    None
}

/// Reads a table. `period` applies to rows that have no period column; `region` decides which
/// aliases name indicators.
pub fn read_indicator_table(
    rows: &[Vec<String>],
    first_row: u32,
    catalogue: &[Indicator],
    region: Option<RegionId>,
    period: Option<ObservationPeriod>,
) -> IndicatorTable {
    let mut table = IndicatorTable::default();
    let row_number = |i: usize| first_row + u32::try_from(i).unwrap_or(u32::MAX - first_row);
    if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
        table.errors.push(Issue::new(first_row, 0, "", "empty_table", "the table has no header row"));
        return table;
    }
    let Some(header) = find_header(rows, catalogue, region) else {
        let message = format!(
            "no row in the first {MAX_HEADER_ROW} names a column «Организация» (or «ОО», «Наименование ОО», \
             «Территория»): whom each row is of"
        );
        table.errors.push(Issue::new(first_row, 0, "", "missing_column", message));
        return table;
    };
    let header_row = row_number(header.at);
    let find = |name: &str| header.cells.iter().position(|h| column("indicators", h) == Some(name));
    let subject = find("subject").unwrap_or_default();
    let period_column = find("period");
    if period_column.is_none() && period.is_none() {
        let message = "no column «Период» and no period given for the whole table";
        table.errors.push(Issue::new(header_row, 0, "", "missing_column", message));
        return table;
    }
    let source_column = find("source");
    let long = find("indicator").zip(find("value"));
    let read: Vec<usize> = [Some(subject), period_column, source_column, long.map(|l| l.0), long.map(|l| l.1)]
        .into_iter()
        .flatten()
        .collect();
    // In a wide table every other titled column names an indicator.
    let mut wide: Vec<(usize, &Indicator)> = Vec::new();
    for (i, title) in header.cells.iter().enumerate() {
        let title = title.trim();
        let numbering = matches!(header_key(title).as_str(), "№" | "n" | "№ п/п" | "n п/п" | "п/п");
        if read.contains(&i) || title.is_empty() || numbering {
            continue;
        }
        if long.is_some() {
            let message =
                format!("the column «{title}» is not one an indicator table is read from; its cells are not read");
            table.warnings.push(Issue::new(header_row, i, title, "column_ignored", message));
            continue;
        }
        let grouped = header.groups[i].as_ref().map(|g| (grouped_name(g, title), format!("{g} {title}")));
        match indicator_of(title, catalogue, region)
            .or_else(|| grouped.as_ref().and_then(|(g, _)| indicator_of(g, catalogue, region)))
            .or_else(|| grouped.as_ref().and_then(|(_, joined)| indicator_of(joined, catalogue, region)))
        {
            Some(indicator) => wide.push((i, indicator)),
            None => table.errors.push(Issue::new(
                header_row,
                i,
                title,
                "unknown_indicator",
                unknown_message(title, catalogue),
            )),
        }
    }
    if long.is_none() && wide.is_empty() && table.errors.is_empty() {
        let message = "neither «Показатель» and «Значение» columns nor a column per indicator";
        table.errors.push(Issue::new(header_row, 0, "", "missing_column", message));
    }
    let mut unknown_names: Vec<String> = Vec::new();
    for (index, cells) in rows.iter().enumerate().skip(header.at + header.height) {
        let row = row_number(index);
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // A header repeated on a new page.
        if header_key(cell(subject)) == header_key(&header.cells[subject]) {
            continue;
        }
        let row_period = match period_column {
            Some(c) if !cell(c).trim().is_empty() => match ObservationPeriod::parse(cell(c)) {
                Ok(p) => Some(p),
                Err(e) => {
                    table.errors.push(Issue::new(row, c, cell(c), "invalid_period", e.to_string()));
                    None
                }
            },
            Some(c) if period.is_none() => {
                table.errors.push(Issue::new(row, c, "", "required", "the period is empty"));
                None
            }
            _ => period,
        };
        let source = source_column.map(cell).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let push = |column: usize, indicator: IndicatorCode, text: &str, table: &mut IndicatorTable| {
            let value = match parse_value(text) {
                Ok(Cell::Value(v)) => v,
                Ok(Cell::WithUnit(v)) => {
                    table.warnings.push(Issue::new(row, column, text, "unit_in_value", format!("read as {v}")));
                    v
                }
                Ok(Cell::NoData) => {
                    let message = "read as no data: the table gives no figure here";
                    table.warnings.push(Issue::new(row, column, text, "no_data", message));
                    return;
                }
                Ok(Cell::Blank) => return,
                Err((code, message)) => {
                    table.errors.push(Issue::new(row, column, text, code, message));
                    return;
                }
            };
            if let Some(period) = row_period {
                table.values.push(TableValue {
                    row,
                    column,
                    subject_column: subject,
                    subject: cell(subject).trim().to_owned(),
                    indicator,
                    period,
                    value,
                    source: source.clone(),
                });
            }
        };
        match long {
            Some((indicator_column, value_column)) => {
                let text = cell(indicator_column);
                match indicator_of(text, catalogue, region) {
                    Some(i) => push(value_column, i.code.clone(), cell(value_column), &mut table),
                    // Each unknown name is reported once, at its first row.
                    None if unknown_names.contains(&header_key(text)) => {}
                    None => {
                        unknown_names.push(header_key(text));
                        let message = unknown_message(text.trim(), catalogue);
                        table.errors.push(Issue::new(row, indicator_column, text, "unknown_indicator", message));
                    }
                }
            }
            None => {
                for (column, indicator) in &wide {
                    push(*column, indicator.code.clone(), cell(*column), &mut table);
                }
            }
        }
    }
    table
}

#[cfg(test)]
mod tests;
