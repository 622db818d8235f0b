//! Reading list tables as municipalities write them: the wide form of seed 004 (a column per
//! year, a school per cell) and a long form (year, school, level, kind, decision number, date).

use chrono::NaiveDate;

use super::model::{ListKind, ListLevel};
use crate::core::import::Issue;
use crate::core::year::Year;
use crate::text::fold;

/// One school named for one year, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableEntry {
    pub row: u32,
    pub column: usize,
    pub year: i32,
    pub reference: String,
    pub level: Option<ListLevel>,
    pub kind: Option<ListKind>,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub assessment_year: Option<i32>,
    /// A reason or risk profile the table gives for the school.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListTable {
    pub entries: Vec<TableEntry>,
    /// Years that have a column (wide form) even if no school is in it.
    pub years: Vec<i32>,
    pub warnings: Vec<Issue>,
    pub errors: Vec<Issue>,
}

/// «2020 год», «2023год», «2024 г.», «2022» → the year.
fn year_of(cell: &str) -> Option<i32> {
    let folded = fold(cell);
    let digits: String = folded.chars().take_while(char::is_ascii_digit).collect();
    let rest = folded[digits.len()..].trim().trim_end_matches('.');
    let year: i32 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    (Year::parse(year).is_ok() && matches!(rest, "" | "год" | "г" | "гг")).then_some(year)
}

fn level_of(cell: &str) -> Option<ListLevel> {
    let folded = fold(cell);
    ListLevel::from_code(&folded).or_else(|| match folded.as_str() {
        s if s.starts_with("федерал") => Some(ListLevel::Federal),
        s if s.starts_with("региональ") => Some(ListLevel::Regional),
        s if s.starts_with("муниципал") => Some(ListLevel::Municipal),
        _ => None,
    })
}

fn kind_of(cell: &str) -> Option<ListKind> {
    let folded = fold(cell);
    let written = match folded.as_str() {
        "шнор" => Some(ListKind::Shnor),
        "шнсу" => Some(ListKind::Shnsu),
        "группа риска" => Some(ListKind::RiskGroup),
        _ => None,
    };
    ListKind::from_code(&folded).or(written)
}

/// «30.03.2023» or «2023-03-30».
fn date_of(cell: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(cell.trim(), "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(cell.trim(), "%Y-%m-%d"))
        .ok()
}

fn cell(row: &[String], column: usize) -> &str {
    row.get(column).map_or("", |c| c.trim())
}

/// Column positions of the long form, found by their headers.
struct LongColumns {
    year: usize,
    school: usize,
    level: Option<usize>,
    kind: Option<usize>,
    number: Option<usize>,
    date: Option<usize>,
    assessment_year: Option<usize>,
    reason: Option<usize>,
}

/// The long form's columns by the header vocabulary (`core/headers.tsv`).
fn long_columns(header: &[String]) -> Option<LongColumns> {
    let find = |name: &str| header.iter().position(|h| crate::core::headers::column("lists", h) == Some(name));
    Some(LongColumns {
        year: find("year")?,
        school: find("school")?,
        level: find("level"),
        kind: find("kind"),
        number: find("number"),
        date: find("date"),
        assessment_year: find("assessment_year"),
        reason: find("reason"),
    })
}

/// Every titled column a list reader does not read is reported with its header.
fn report_ignored(header: &[String], read: &[usize], row: u32, table: &mut ListTable) {
    for (index, title) in header.iter().enumerate() {
        let title = title.trim();
        if title.is_empty() || read.contains(&index) {
            continue;
        }
        let message = format!("the column «{title}» is not one a list is read from; its cells are not read");
        table.warnings.push(Issue::new(row, index, title, "column_ignored", message));
    }
}

/// Reads a list table in either form; `first_row` is the file row of `rows[0]`.
pub fn read_list_table(rows: &[Vec<String>], first_row: u32) -> ListTable {
    let mut table = ListTable::default();
    let row_number = |i: usize| first_row + u32::try_from(i).unwrap_or(u32::MAX);
    for (i, header) in rows.iter().enumerate() {
        if let Some(columns) = long_columns(header) {
            let c = &columns;
            let read: Vec<usize> =
                [Some(c.year), Some(c.school), c.level, c.kind, c.number, c.date, c.assessment_year, c.reason]
                    .into_iter()
                    .flatten()
                    .collect();
            report_ignored(header, &read, row_number(i), &mut table);
            read_long(&rows[i + 1..], row_number(i + 1), &columns, &mut table);
            return table;
        }
        let years: Vec<(usize, i32)> =
            header.iter().enumerate().filter_map(|(c, text)| year_of(text).map(|y| (c, y))).collect();
        if !years.is_empty() {
            // «№ п/п» and the like number the rows; anything else titled is reported.
            let read: Vec<usize> = years
                .iter()
                .map(|(c, _)| *c)
                .chain(
                    header
                        .iter()
                        .enumerate()
                        .filter(|(_, h)| {
                            matches!(
                                crate::core::headers::header_key(h).as_str(),
                                "№" | "n" | "№ п/п" | "n п/п" | "п/п"
                            )
                        })
                        .map(|(c, _)| c),
                )
                .collect();
            report_ignored(header, &read, row_number(i), &mut table);
            table.years = years.iter().map(|(_, y)| *y).collect();
            read_wide(&rows[i + 1..], row_number(i + 1), &years, &mut table);
            return table;
        }
    }
    table.errors.push(Issue::new(
        first_row,
        0,
        "",
        "no_list_header",
        "no row names years («2020 год», …) or the columns год and ОО",
    ));
    table
}

fn read_wide(rows: &[Vec<String>], first_row: u32, years: &[(usize, i32)], table: &mut ListTable) {
    for (offset, cells) in rows.iter().enumerate() {
        let row = first_row + u32::try_from(offset).unwrap_or(u32::MAX);
        for &(column, year) in years {
            let text = cell(cells, column);
            if text.is_empty() {
                continue;
            }
            table.entries.push(TableEntry {
                row,
                column,
                year,
                reference: text.to_owned(),
                level: None,
                kind: None,
                number: None,
                date: None,
                assessment_year: None,
                reason: None,
            });
        }
    }
}

fn read_long(rows: &[Vec<String>], first_row: u32, c: &LongColumns, table: &mut ListTable) {
    for (offset, cells) in rows.iter().enumerate() {
        let row = first_row + u32::try_from(offset).unwrap_or(u32::MAX);
        if cells.iter().all(|x| x.trim().is_empty()) {
            continue;
        }
        let year_text = cell(cells, c.year);
        let Some(year) = year_of(year_text) else {
            table.errors.push(Issue::new(row, c.year, year_text, "invalid_year", "not a year like 2023"));
            continue;
        };
        let school = cell(cells, c.school);
        if school.is_empty() {
            table.errors.push(Issue::new(row, c.school, school, "missing_school", "the row names no school"));
            continue;
        }
        let optional = |column: Option<usize>| column.map(|k| cell(cells, k)).filter(|t| !t.is_empty());
        let level = match optional(c.level) {
            Some(text) => match level_of(text) {
                Some(level) => Some(level),
                None => {
                    let column = c.level.unwrap_or_default();
                    table.errors.push(Issue::new(
                        row,
                        column,
                        text,
                        "invalid_level",
                        "not федеральный, региональный or муниципальный",
                    ));
                    continue;
                }
            },
            None => None,
        };
        let kind = match optional(c.kind) {
            Some(text) => match kind_of(text) {
                Some(kind) => Some(kind),
                None => {
                    let column = c.kind.unwrap_or_default();
                    table.errors.push(Issue::new(
                        row,
                        column,
                        text,
                        "invalid_list_kind",
                        "not ШНОР, ШНСУ or группа риска",
                    ));
                    continue;
                }
            },
            None => None,
        };
        let date = match optional(c.date) {
            Some(text) => match date_of(text) {
                Some(date) => Some(date),
                None => {
                    let column = c.date.unwrap_or_default();
                    table.errors.push(Issue::new(row, column, text, "invalid_date", "not a date like 30.03.2023"));
                    continue;
                }
            },
            None => None,
        };
        let number = optional(c.number).map(|n| n.trim_start_matches('№').trim().to_owned());
        let assessment_year = match optional(c.assessment_year) {
            Some(text) => match year_of(text) {
                Some(year) => Some(year),
                None => {
                    let column = c.assessment_year.unwrap_or_default();
                    table.errors.push(Issue::new(row, column, text, "invalid_year", "not a year like 2022"));
                    continue;
                }
            },
            None => None,
        };
        let reason = optional(c.reason).map(str::to_owned);
        table.entries.push(TableEntry {
            row,
            column: c.school,
            year,
            reference: school.to_owned(),
            level,
            kind,
            number,
            date,
            assessment_year,
            reason,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_004: &str = include_str!("../../../server/demo/lists-seversky.tsv");

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect()
    }

    #[test]
    fn the_wide_table_of_seed_004_gives_8_7_5_1_schools() {
        let table = read_list_table(&rows(SEED_004), 1);
        assert!(table.errors.is_empty(), "{:?}", table.errors);
        assert_eq!(table.years, [2020, 2022, 2023, 2024]);
        let count = |year| table.entries.iter().filter(|e| e.year == year).count();
        assert_eq!((count(2020), count(2022), count(2023), count(2024)), (8, 7, 5, 1));
        assert!(table.entries.iter().any(|e| e.year == 2020 && e.reference == "МАОУ лицей пгт Афипского"));
    }

    #[test]
    fn years_are_read_as_tables_write_them() {
        for (text, year) in [
            ("2020 год", Some(2020)),
            ("2023год", Some(2023)),
            ("2024 г.", Some(2024)),
            ("2022", Some(2022)),
            ("год", None),
            ("20", None),
            ("1", None),
        ] {
            assert_eq!(year_of(text), year, "{text}");
        }
    }

    #[test]
    fn the_long_form_keeps_the_reason_and_the_assessment_year() {
        let text = "Год\tОО\tГод оценки\tРисковый профиль\n2024\tМБОУ СОШ № 7\t2023\tВысокая доля обучающихся с рисками учебной неуспешности\n";
        let table = read_list_table(&rows(text), 1);
        assert_eq!(table.entries[0].assessment_year, Some(2023));
        assert_eq!(table.entries[0].reason.as_deref(), Some("Высокая доля обучающихся с рисками учебной неуспешности"));
    }

    #[test]
    fn the_long_form_reads_level_kind_and_decision() {
        let text = "Год\tОО\tУровень\tСписок\tНомер приказа\tДата\n2022\tМБОУ-Богородицкая СОШ\tфедеральный\tШНОР\t№ 513\t30.03.2023\n2022\tМБОУ-Юрьевская СОШ\tрегиональный\tШНОР\t513\t30.03.2023\n202x\tСОШ\t\t\t\t\n2022\tМБОУ-Юрьевская СОШ\tсельский\t\t\t\n";
        let table = read_list_table(&rows(text), 1);
        assert_eq!(table.entries.len(), 2);
        let first = &table.entries[0];
        assert_eq!(
            (first.level, first.kind, first.number.as_deref()),
            (Some(ListLevel::Federal), Some(ListKind::Shnor), Some("513"))
        );
        assert_eq!(first.date, NaiveDate::from_ymd_opt(2023, 3, 30));
        let errors: Vec<(u32, &str, &str)> = table.errors.iter().map(|e| (e.row, e.column.as_str(), e.code)).collect();
        assert_eq!(errors, [(4, "A", "invalid_year"), (5, "C", "invalid_level")]);
    }
}
