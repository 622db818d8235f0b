//! Indicator tables as municipalities keep them: long (a row per organization, indicator and
//! period) or wide (a row per organization, a column per indicator). Columns are found by their
//! titles; every cell that does not read is an issue with its row and column.

use super::model::{Indicator, IndicatorCode};
use super::period::ObservationPeriod;
use crate::core::import::Issue;
use crate::text::fold;

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

const SUBJECT: [&str; 8] = [
    "организация",
    "оо",
    "образовательная организация",
    "наименование оо",
    "школа",
    "территория",
    "субъект",
    "организация / территория",
];
const INDICATOR: [&str; 3] = ["показатель", "код показателя", "индикатор"];
const PERIOD: [&str; 3] = ["период", "год", "учебный год"];
const VALUE: [&str; 1] = ["значение"];
const SOURCE: [&str; 1] = ["источник"];

fn find(header: &[String], titles: &[&str]) -> Option<usize> {
    header.iter().position(|h| titles.contains(&fold(h).as_str()))
}

/// The largest value a count or a percentage of this field takes.
const MAX_VALUE: f64 = 1e12;

/// «13», «13,5», «1 234», «75%», «да»/«нет».
pub fn parse_value(text: &str) -> Result<f64, (&'static str, String)> {
    let t = fold(text);
    match t.as_str() {
        "да" | "есть" => return Ok(1.0),
        "нет" => return Ok(0.0),
        _ => {}
    }
    let digits: String = t
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let shaped = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && digits.len() <= 20;
    let value: f64 = if shaped {
        digits.parse().map_err(|_| ("invalid_value", format!("'{text}' is not a number")))?
    } else {
        return Err(("invalid_value", format!("'{}' is not a number", text.chars().take(40).collect::<String>())));
    };
    if !value.is_finite() || value < 0.0 {
        return Err(("out_of_range", format!("{value} is negative")));
    }
    if value > MAX_VALUE {
        return Err(("out_of_range", format!("{value} is larger than any count of this field")));
    }
    Ok(value)
}

/// The indicator a wide table's column title names: its code or its name.
fn indicator_of<'a>(title: &str, catalogue: &'a [Indicator]) -> Option<&'a Indicator> {
    let folded = fold(title);
    catalogue.iter().find(|i| i.code.as_str() == title.trim() || fold(&i.name) == folded)
}

/// Reads a table. `period` applies to rows that have no period column.
pub fn read_indicator_table(
    rows: &[Vec<String>],
    first_row: u32,
    catalogue: &[Indicator],
    period: Option<ObservationPeriod>,
) -> IndicatorTable {
    let mut table = IndicatorTable::default();
    let Some(header) = rows.first() else {
        table.errors.push(Issue::new(first_row, 0, "", "empty_table", "the table has no header row"));
        return table;
    };
    let Some(subject) = find(header, &SUBJECT) else {
        let message = "no column «Организация» (or «ОО», «Территория»): whom each row is of";
        table.errors.push(Issue::new(first_row, 0, "", "missing_column", message));
        return table;
    };
    let period_column = find(header, &PERIOD);
    if period_column.is_none() && period.is_none() {
        let message = "no column «Период» and no period given for the whole table";
        table.errors.push(Issue::new(first_row, 0, "", "missing_column", message));
        return table;
    }
    let source_column = find(header, &SOURCE);
    let long = find(header, &INDICATOR).zip(find(header, &VALUE));
    // In a wide table every other column must name an indicator.
    let mut wide: Vec<(usize, &Indicator)> = Vec::new();
    if long.is_none() {
        for (i, title) in header.iter().enumerate() {
            if [Some(subject), period_column, source_column].contains(&Some(i)) || title.trim().is_empty() {
                continue;
            }
            match indicator_of(title, catalogue) {
                Some(indicator) => wide.push((i, indicator)),
                None => table.errors.push(Issue::new(
                    first_row,
                    i,
                    title,
                    "unknown_indicator",
                    "the column names no indicator of the catalogue (by code or by name)",
                )),
            }
        }
        if wide.is_empty() && table.errors.is_empty() {
            let message = "neither «Показатель» and «Значение» columns nor a column per indicator";
            table.errors.push(Issue::new(first_row, 0, "", "missing_column", message));
        }
    }
    for (index, cells) in rows.iter().enumerate().skip(1) {
        let row = first_row + u32::try_from(index).unwrap_or(u32::MAX - first_row);
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
        if cells.iter().all(|c| c.trim().is_empty()) {
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
        let push =
            |column: usize, indicator: IndicatorCode, text: &str, table: &mut IndicatorTable| match parse_value(text) {
                Ok(value) => {
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
                }
                Err((code, message)) => table.errors.push(Issue::new(row, column, text, code, message)),
            };
        match long {
            Some((indicator_column, value_column)) => {
                let text = cell(indicator_column);
                match catalogue
                    .iter()
                    .find(|i| i.code.as_str() == text.trim())
                    .or_else(|| indicator_of(text, catalogue))
                {
                    Some(i) => push(value_column, i.code.clone(), cell(value_column), &mut table),
                    None => table.errors.push(Issue::new(
                        row,
                        indicator_column,
                        text,
                        "unknown_indicator",
                        "names no indicator of the catalogue (by code or by name)",
                    )),
                }
            }
            None => {
                for (column, indicator) in &wide {
                    // An empty cell of a wide table is a value not reported.
                    if !cell(*column).trim().is_empty() {
                        push(*column, indicator.code.clone(), cell(*column), &mut table);
                    }
                }
            }
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_tables_write_them() {
        for (text, value) in [("13", 13.0), ("13,5", 13.5), ("1 234", 1234.0), ("75%", 75.0), ("да", 1.0), ("нет", 0.0)]
        {
            assert_eq!(parse_value(text), Ok(value), "{text}");
        }
        for bad in ["", "-3", "много", "1e400", "NaN", "inf", "1.2.3", "99999999999999999999"] {
            assert!(parse_value(bad).is_err(), "{bad}");
        }
    }
}
