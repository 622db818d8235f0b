//! Reading a roadmap table as municipalities write it. Columns are found by their titles, so
//! one reader takes seed 001's (№, Мероприятие, Форма, Код параметра, Контингент, Место
//! проведения, Дата проведения, Ответственные) and seed 004's Table 1 (Направления, Формы,
//! Место проведения, Дата проведения). A row with no number continues the measure above (a row
//! broken across pages); a header repeated on a new page, and a row of column numbers, are
//! skipped.

use crate::core::code::CodeExpr;
use crate::core::import::Issue;
use crate::core::markup::plain;
use crate::core::period::Period;
use crate::core::schedule::{Schedule, ScheduleNote};
use crate::core::validation::Coded;
use crate::text::fold;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Number,
    Direction,
    Title,
    Form,
    Targets,
    Audience,
    Venues,
    Schedule,
    Responsible,
}

/// The column a header title names, by the header vocabulary (`core/headers.tsv`).
fn column_of(title: &str) -> Option<Column> {
    let key = crate::core::headers::header_key(title);
    // «Код параметра», «Параметр риска (код)», «Коды параметров»: a column of codes by any name.
    if key.split(' ').any(|w| matches!(w, "код" | "коды" | "кодов")) {
        return Some(Column::Targets);
    }
    Some(match crate::core::headers::column("roadmap", title)? {
        "number" => Column::Number,
        "direction" => Column::Direction,
        "title" => Column::Title,
        "form" => Column::Form,
        "audience" => Column::Audience,
        "venues" => Column::Venues,
        "schedule" => Column::Schedule,
        "responsible" => Column::Responsible,
        _ => return None,
    })
}

/// Says what the reader leaves aside: every titled column it does not read (an unknown title,
/// or a second column of one kind), and a missing column of codes, without which a measure
/// targets nothing and the roadmap's coverage of its audit cannot be computed.
fn report_columns(header: &[String], columns: &[(Column, usize)], row: u32, table: &mut RoadmapTable) {
    for (index, title) in header.iter().enumerate() {
        let title = plain(title);
        if title.is_empty() || columns.iter().any(|(_, i)| *i == index) {
            continue;
        }
        let message = format!("the column «{title}» is not one a roadmap is read from; its cells are not read");
        table.warnings.push(Issue::new(row, index, &title, "column_ignored", message));
    }
    if !columns.iter().any(|(c, _)| *c == Column::Targets) {
        let message = "no column of parameter codes (Код параметра, Параметр риска (код), …): the measures target \
                       no parameter, and the roadmap's coverage of its audit cannot be computed";
        table.warnings.push(Issue::new(row, 0, "", "no_targets_column", message));
    }
}

/// A measure read from the table, its cells as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableMeasure {
    pub row: u32,
    pub rows: Vec<u32>,
    pub number: String,
    pub direction: Option<String>,
    pub title: String,
    pub form: Option<String>,
    pub targets_text: Option<String>,
    pub targets: Option<CodeExpr>,
    pub audience: Option<String>,
    pub venues: Option<String>,
    pub schedule: Option<Schedule>,
    pub responsible: Option<String>,
}

/// The table, read, with everything worth reporting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoadmapTable {
    pub measures: Vec<TableMeasure>,
    /// The 0-based column of each field, for issues about a measure.
    pub columns: Vec<(Column, usize)>,
    pub warnings: Vec<Issue>,
    pub errors: Vec<Issue>,
    /// The rows above the header, each as one line: a title, an approval stamp.
    pub preamble: Vec<String>,
}

impl RoadmapTable {
    pub fn column(&self, column: Column) -> usize {
        self.columns.iter().find(|(c, _)| *c == column).map_or(0, |(_, i)| *i)
    }
}

/// The cells of one measure before they are read, joined over its physical rows.
#[derive(Debug, Default)]
struct Raw {
    row: u32,
    rows: Vec<u32>,
    number: String,
    direction: Option<String>,
    cells: Vec<(Column, String)>,
}

fn cell(row: &[String], column: usize) -> String {
    row.get(column).map_or_else(String::new, |c| plain(c))
}

/// Which header a row is, if it is one: its columns.
fn header(row: &[String]) -> Option<Vec<(Column, usize)>> {
    let mut columns: Vec<(Column, usize)> = Vec::new();
    for (index, text) in row.iter().enumerate() {
        if let Some(column) = column_of(text)
            && !columns.iter().any(|(c, _)| *c == column)
        {
            columns.push((column, index));
        }
    }
    let has = |c: Column| columns.iter().any(|(x, _)| *x == c);
    let what = has(Column::Title) || has(Column::Form);
    let when_or_where = has(Column::Schedule) || has(Column::Venues);
    (what && when_or_where && columns.len() >= 3).then_some(columns)
}

/// Whether a row of the table names a roadmap's columns: how a Word document's roadmap is told
/// from its other tables (seed 001 holds the audit table first).
pub fn is_roadmap_table(rows: &[Vec<String>]) -> bool {
    rows.iter().any(|r| header(r).is_some())
}

/// Measures one roadmap may hold: numbers have at most four digits (seed 001 has 44 measures,
/// a region's plan a few hundred), and an unnumbered table is held to the same.
pub const MAX_MEASURES: usize = 9_999;

/// Reads the rows of a table (`first_row` is the file row of `rows[0]`) for a roadmap over
/// `period`.
pub fn read_roadmap_table(rows: &[Vec<String>], first_row: u32, period: Period) -> RoadmapTable {
    let mut table = RoadmapTable::default();
    let row_number = |offset: usize| first_row + u32::try_from(offset).unwrap_or(u32::MAX);
    // The header is a row, or two when a merged group stands over its leaves.
    let found = rows.iter().enumerate().find_map(|(i, r)| {
        let filled = r.iter().filter(|c| !c.trim().is_empty()).count();
        if filled == 0 {
            return None;
        }
        let single = header(r);
        // Two rows when the second names more columns: «Мероприятие» over «Наименование», «Форма».
        // A title line (one cell) above a header is not its upper row.
        let merged = rows.get(i + 1).filter(|_| filled > 1).map(|next| crate::core::headers::two_row_header(r, next).0);
        let double = merged.as_deref().and_then(header);
        match (single, double) {
            (Some(one), Some(two)) if two.len() > one.len() => merged.map(|m| (i, two, m, 2)),
            (Some(one), _) => Some((i, one, r.clone(), 1)),
            (None, Some(two)) => merged.map(|m| (i, two, m, 2)),
            (None, None) => None,
        }
    });
    let Some((start, columns, header_row, height)) = found else {
        table.errors.push(Issue::new(
            first_row,
            0,
            "",
            "no_header",
            "no row names the columns of a roadmap (№, Мероприятие or Формы, Место проведения, Дата проведения, …)",
        ));
        return table;
    };
    table.preamble = rows[..start]
        .iter()
        .map(|r| r.iter().map(|c| plain(c)).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    let header_texts: Vec<String> = header_row.iter().map(|c| fold(c)).collect();
    let at = |c: Column| columns.iter().find(|(x, _)| *x == c).map(|(_, i)| *i);
    report_columns(&header_row, &columns, row_number(start), &mut table);
    let numbered = at(Column::Number).is_some() && at(Column::Title).is_some();
    let mut raws: Vec<Raw> = Vec::new();
    let mut numbers: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (offset, cells) in rows.iter().enumerate().skip(start + height) {
        let row = row_number(offset);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // A header repeated at the top of a page, or the row of column numbers under it.
        let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
        let repeats = columns.iter().filter(|(_, i)| folded.get(*i) == header_texts.get(*i)).count();
        let numbering = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .all(|(i, c)| c.trim().trim_end_matches('.') == (i + 1).to_string());
        if repeats >= 2 || (numbering && cells.iter().filter(|c| !c.trim().is_empty()).count() >= 3) {
            continue;
        }
        let values: Vec<(Column, String)> = columns
            .iter()
            .filter(|(c, _)| !matches!(c, Column::Number | Column::Direction))
            .map(|(c, i)| (*c, cell(cells, *i)))
            .collect();
        let number = at(Column::Number).map(|i| cell(cells, i)).unwrap_or_default();
        let direction = at(Column::Direction).map(|i| cell(cells, i)).filter(|d| !d.is_empty());
        let continues = if numbered {
            number.is_empty()
        } else {
            // Seed 004's shape: a row with neither a direction nor a form carries the rest of
            // the cells above («Афипского» under «МАОУ лицей пгт»).
            direction.is_none() && at(Column::Form).is_some_and(|i| cell(cells, i).is_empty())
        };
        if continues {
            let Some(last) = raws.last_mut() else {
                let column = at(Column::Number).or(at(Column::Form)).unwrap_or(0);
                table.errors.push(Issue::new(row, column, "", "missing_number", "the first measure has no number"));
                continue;
            };
            for ((_, text), (_, value)) in last.cells.iter_mut().zip(&values) {
                if !value.is_empty() {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(value);
                }
            }
            last.rows.push(row);
            let message = format!("read as the rest of measure {} above (a row broken across pages)", last.number);
            let first_text = values.iter().map(|(_, v)| v.as_str()).find(|v| !v.is_empty()).unwrap_or("");
            table.warnings.push(Issue::new(row, at(Column::Number).unwrap_or(0), first_text, "row_continued", message));
            continue;
        }
        if raws.len() == MAX_MEASURES {
            let column = at(Column::Number).or(at(Column::Title)).unwrap_or(0);
            let message = format!("a roadmap holds at most {MAX_MEASURES} measures; this row starts one more");
            table.errors.push(Issue::new(row, column, &number, "too_many_measures", message));
            break;
        }
        let number = if numbered {
            let digits = number.trim_end_matches('.').trim();
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                let column = at(Column::Number).unwrap_or(0);
                let message = format!("'{number}' is not a measure number like 1 or 12.");
                table.errors.push(Issue::new(row, column, &number, "invalid_measure_number", message));
                continue;
            }
            if !numbers.insert(digits.to_owned()) {
                let column = at(Column::Number).unwrap_or(0);
                let message = format!("measure {digits} appears twice");
                table.errors.push(Issue::new(row, column, &number, "duplicate_measure_number", message));
                continue;
            }
            digits.to_owned()
        } else {
            (raws.len() + 1).to_string()
        };
        let direction = direction.or_else(|| raws.last().and_then(|r| r.direction.clone()));
        raws.push(Raw { row, rows: vec![row], number, direction, cells: values });
    }
    table.columns = columns.clone();
    for raw in raws {
        if let Some(measure) = read_measure(raw, &columns, period, numbered, &mut table) {
            table.measures.push(measure);
        }
    }
    // Issues in file order, whichever pass found them.
    table.errors.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    table.warnings.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    if table.measures.is_empty() && table.errors.is_empty() {
        table.errors.push(Issue::new(row_number(start), 0, "", "no_measures", "the table holds no measure"));
    }
    table
}

/// Reads the joined cells of one measure.
fn read_measure(
    raw: Raw,
    columns: &[(Column, usize)],
    period: Period,
    numbered: bool,
    table: &mut RoadmapTable,
) -> Option<TableMeasure> {
    let at = |c: Column| columns.iter().find(|(x, _)| *x == c).map_or(0, |(_, i)| *i);
    let text = |c: Column| raw.cells.iter().find(|(x, _)| *x == c).map(|(_, t)| t.clone()).filter(|t| !t.is_empty());
    let row = raw.row;
    let mut ok = true;
    let form = text(Column::Form);
    let title = match (text(Column::Title), &form, numbered) {
        (Some(title), _, _) => title,
        // Seed 004's rows are named by their form.
        (None, Some(form), false) => form.clone(),
        _ => {
            let message = format!("measure {} has no title", raw.number);
            table.errors.push(Issue::new(row, at(Column::Title), "", "missing_title", message));
            return None;
        }
    };
    if title.chars().count() > MAX_TEXT_CHARS {
        let message = format!("the title is longer than {MAX_TEXT_CHARS} characters");
        table.errors.push(Issue::new(row, at(Column::Title), "", "too_long", message));
        ok = false;
    }
    let targets_text = text(Column::Targets);
    let targets = match &targets_text {
        None if columns.iter().any(|(c, _)| *c == Column::Targets) => {
            let message = "no parameter code: the measure targets no parameter";
            table.warnings.push(Issue::new(row, at(Column::Targets), "", "missing_parameter_code", message));
            None
        }
        None => None,
        Some(written) => match CodeExpr::parse(written) {
            Ok((expr, notes)) => {
                for note in notes {
                    let (code, text, message) = note.warning();
                    table.warnings.push(Issue::new(row, at(Column::Targets), text, code, message));
                }
                Some(expr)
            }
            Err(e) => {
                // The measure is still a measure: it keeps the cell as written and targets nothing.
                let message = format!("{e}: kept as written, the measure targets no parameter");
                table.warnings.push(Issue::new(row, at(Column::Targets), written, e.code(), message));
                None
            }
        },
    };
    let schedule = match text(Column::Schedule) {
        None => None,
        Some(written) => match Schedule::parse(&written, period) {
            Ok((schedule, notes)) => {
                for note in notes {
                    let (code, message) = match note {
                        ScheduleNote::OutsidePeriod(slot) => (
                            "outside_period",
                            format!("{slot} is outside the roadmap's period {period}; kept as written"),
                        ),
                        // Kept as written: the measure stays, and plans no date.
                        ScheduleNote::Unread(why) => (why.code(), format!("{why}: kept as written, plans no date")),
                    };
                    table.warnings.push(Issue::new(row, at(Column::Schedule), &written, code, message));
                }
                Some(schedule)
            }
            // Only a cell of markup with no text is refused by the grammar: it is an empty cell.
            Err(_) => None,
        },
    };
    ok.then(|| TableMeasure {
        row,
        rows: raw.rows,
        number: raw.number,
        direction: raw.direction,
        title,
        form,
        targets_text,
        targets,
        audience: text(Column::Audience),
        venues: text(Column::Venues),
        schedule,
        responsible: text(Column::Responsible),
    })
}

/// The longest text a measure's cell may hold.
pub(super) use crate::core::validation::MAX_TEXT_CHARS;

#[cfg(test)]
mod tests;
