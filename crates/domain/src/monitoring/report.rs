//! A monitoring report read from its paragraphs, numbered lists and tables: the head (title,
//! place, date), the body (the order that started it, the documents it cites, the window, the
//! period, the schools), the conclusions by level, the recommendations by addressee, and the
//! signature. Reports differ in their words and numbering; every doubt is a warning that names
//! its paragraph, and nothing is read that the text does not say.

use chrono::NaiveDate;

use super::marks::{
    Column, column_of, level_of, organizations_in, roman, split_number, starts_conclusions, starts_recommendations,
};
use super::model::{CitationRole, CitedFigure, ConclusionLevel, Wording};
use super::phrases::{
    calendar_year, codes_in, due_in, figures, names_position, person_name, place_and_date, window, year_of,
};
use crate::core::acts::{cited_acts, school_year};
use crate::core::document::SourceDocument;
use crate::core::import::Issue;
use crate::text::{fold, tidy};

/// A part of the document in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph; `number` is the list numbering Word shows before it («1.», «1.1.», «-»).
    Paragraph {
        text: String,
        number: Option<String>,
    },
    Table(Vec<Vec<String>>),
}

/// A document the body cites, with what it is cited for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadCitation {
    pub paragraph: u32,
    pub kind: &'static str,
    pub role: Option<CitationRole>,
    pub starts_monitoring: bool,
    pub document: SourceDocument,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadConclusion {
    pub paragraph: u32,
    pub number: String,
    pub level: ConclusionLevel,
    pub text: String,
    pub codes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRecommendation {
    /// The paragraph it is, or the one its table follows.
    pub paragraph: u32,
    /// Its table and row, from 1, when a table holds it.
    pub table_row: Option<(u32, u32)>,
    pub number: String,
    /// The addressee as written: a role («Руководителям ОО») or organizations' names.
    pub addressee: Option<String>,
    pub text: String,
    pub due: Option<String>,
    pub codes: Option<String>,
}

/// What a report says, before its names are resolved.
#[derive(Debug, Clone, Default)]
pub struct ReportReading {
    pub title: Option<String>,
    pub place: Option<String>,
    pub report_date: Option<NaiveDate>,
    pub citations: Vec<ReadCitation>,
    pub window: Option<(NaiveDate, NaiveDate)>,
    pub academic_year: Option<i32>,
    pub calendar_year: Option<i32>,
    pub signatory: Option<(Option<String>, Option<String>)>,
    /// Organizations the body names, with their paragraph.
    pub scope: Vec<(u32, String)>,
    pub conclusions: Vec<ReadConclusion>,
    pub recommendations: Vec<ReadRecommendation>,
    pub figures: Vec<CitedFigure>,
    pub wording: Option<Wording>,
    pub warnings: Vec<Issue>,
}

/// A warning at a paragraph: its number is the row, and the message names it.
pub(super) fn at_paragraph(paragraph: u32, text: &str, code: &'static str, message: impl std::fmt::Display) -> Issue {
    let mut issue = Issue::document(text, code, format!("paragraph {paragraph}: {message}"));
    issue.row = paragraph;
    issue
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Head,
    Body,
    Conclusions,
    Recommendations,
    Tail,
}

struct Reader {
    out: ReportReading,
    section: Section,
    paragraph: u32,
    level: Option<(ConclusionLevel, u32)>,
    levels_seen: u32,
    addressee: Option<String>,
    title: Vec<String>,
    table: u32,
    pending_position: Option<(u32, String)>,
}

/// Reads the blocks of a report. Linear in their text.
pub fn read_report(blocks: &[Block]) -> ReportReading {
    let mut r = Reader {
        out: ReportReading::default(),
        section: Section::Head,
        paragraph: 0,
        level: None,
        levels_seen: 0,
        addressee: None,
        title: Vec::new(),
        table: 0,
        pending_position: None,
    };
    for block in blocks {
        match block {
            Block::Paragraph { text, number } => {
                let text = tidy(text);
                if text.is_empty() && number.is_none() {
                    continue;
                }
                r.paragraph += 1;
                let line = match number {
                    Some(n) if n == "-" => format!("- {text}"),
                    Some(n) => format!("{n} {text}"),
                    None => text,
                };
                r.paragraph_read(&line);
            }
            Block::Table(rows) => {
                r.table += 1;
                r.table_read(rows);
            }
        }
    }
    let pending = r.pending_position.take();
    r.unread_position(pending);
    if !r.title.is_empty() {
        r.out.title = Some(r.title.join(" "));
    }
    r.out
}

impl Reader {
    fn warn(&mut self, text: &str, code: &'static str, message: impl std::fmt::Display) {
        self.out.warnings.push(at_paragraph(self.paragraph, text, code, message));
    }

    fn paragraph_read(&mut self, line: &str) {
        let p = self.paragraph;
        let folded = fold(line);
        if folded.contains("не дословно") || folded.contains("в изложении") || folded.contains("в кратком изложении")
        {
            self.out.wording = Some(Wording::Summary);
            return;
        }
        if matches!(self.section, Section::Head | Section::Body) {
            let (place, date) = place_and_date(line);
            if place.is_some() || date.is_some() {
                if let Some(place) = place {
                    self.out.place.get_or_insert(place);
                }
                if let Some(date) = date {
                    self.out.report_date.get_or_insert(date);
                }
                self.section = Section::Body;
                return;
            }
        }
        for f in figures(line) {
            let figure = CitedFigure {
                text: f.text,
                value: f.value,
                unit: f.unit,
                sentence: f.sentence,
                paragraph: Some(p),
                agreement: None,
            };
            self.out.figures.push(figure);
        }
        if self.section != Section::Tail
            && self.section != Section::Head
            && let Some(addressee) = starts_recommendations(line)
        {
            self.section = Section::Recommendations;
            self.addressee = addressee;
            return;
        }
        if matches!(self.section, Section::Head | Section::Body) && starts_conclusions(line) {
            self.section = Section::Conclusions;
            return;
        }
        if matches!(self.section, Section::Conclusions | Section::Recommendations | Section::Tail)
            && self.signature(line)
        {
            return;
        }
        match self.section {
            Section::Head => {
                let long = line.chars().count() > 300 || !cited_acts(line).is_empty();
                if long || self.title.len() == 4 {
                    self.section = Section::Body;
                    self.body(line);
                } else {
                    self.title.push(line.to_owned());
                }
            }
            Section::Body => {
                if split_number(line).0.is_some_and(|n| n != "-") {
                    self.warn(
                        line,
                        "paragraph_not_read",
                        "a numbered item before any «Выводы» or «Рекомендации» heading is read as context only",
                    );
                }
                self.body(line);
            }
            Section::Conclusions => self.conclusion(line),
            Section::Recommendations => self.recommendation(line),
            Section::Tail => self.warn(line, "paragraph_not_read", "a paragraph after the signature is not read"),
        }
    }

    /// Facts the body states: the documents it cites, the window, the period, the schools.
    fn body(&mut self, line: &str) {
        let p = self.paragraph;
        let folded = fold(line);
        let acts = cited_acts(line);
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut before_from = 0;
        for act in acts {
            let context = fold(&words[before_from..act.word.min(words.len())].join(" "));
            before_from = act.word;
            // «На основании приказа … проведен мониторинг», «Основание: приказ … от … № …».
            let grounds = context.trim_start().starts_with("основание")
                || folded.contains("мониторинг") && (context.contains("основани") || context.contains("соответствии"));
            let starts = self.out.citations.iter().all(|c| !c.starts_monitoring)
                && act.kind == "order"
                && grounds
                && !context.contains("перечен")
                && !context.contains("утвержден");
            let names = |words: &[&str]| words.iter().any(|w| context.contains(w));
            let role = if starts {
                None
            } else if names(&["план", "дорожн", "программ"]) {
                Some(CitationRole::ApprovesPlan)
            } else if names(&["перечен", "список", "списк", "шнор"]) || names(&["низк"]) && names(&["результат"])
            {
                Some(CitationRole::DecidesList)
            } else {
                Some(CitationRole::Other)
            };
            self.out.citations.push(ReadCitation {
                paragraph: p,
                kind: act.kind,
                role,
                starts_monitoring: starts,
                document: act.document,
            });
        }
        if self.out.window.is_none()
            && let Some(w) = window(line, year_of(self.out.report_date))
        {
            self.out.window = Some(w);
        }
        if self.out.academic_year.is_none() {
            self.out.academic_year = school_year(line);
        }
        if self.out.calendar_year.is_none() {
            self.out.calendar_year = calendar_year(line);
        }
        for name in organizations_in(line) {
            self.out.scope.push((p, name));
        }
    }

    fn conclusion(&mut self, line: &str) {
        let p = self.paragraph;
        let (number, rest) = split_number(line);
        if let Some(level) = level_of(rest) {
            let written = number.as_deref().and_then(|n| n.parse::<u32>().ok().or_else(|| roman(n)));
            self.levels_seen += 1;
            self.level = Some((level, written.unwrap_or(self.levels_seen)));
            return;
        }
        if number.is_none() && rest.ends_with(':') {
            self.warn(line, "paragraph_not_read", "a heading in the conclusions that names no level");
            return;
        }
        let (level, lead) = match self.level {
            Some(l) => l,
            None => {
                if !self.out.warnings.iter().any(|w| w.code == "conclusion_level_unstated") {
                    self.warn(
                        line,
                        "conclusion_level_unstated",
                        "the conclusions name no level (municipal, school): their level stays unstated",
                    );
                }
                self.level = Some((ConclusionLevel::Unstated, 1));
                (ConclusionLevel::Unstated, 1)
            }
        };
        let Some(written) = number else {
            // An unnumbered paragraph continues the conclusion above it.
            if let Some(last) = self.out.conclusions.last_mut() {
                // Appended in place: a long run of continuation paragraphs stays linear.
                last.text.push(' ');
                last.text.push_str(rest);
                if last.codes.is_none() {
                    last.codes = codes_in(rest);
                }
                return;
            }
            self.warn(line, "paragraph_not_read", "a paragraph in the conclusions before the first numbered one");
            return;
        };
        let index = self.out.conclusions.iter().filter(|c| c.level == level).count() + 1;
        let number = format!("{lead}.{index}");
        if written != number {
            self.warn(
                line,
                "conclusion_renumbered",
                format!("the conclusion numbered «{written}» is held as {number}"),
            );
        }
        self.out.conclusions.push(ReadConclusion {
            paragraph: p,
            number,
            level,
            text: rest.to_owned(),
            codes: codes_in(rest),
        });
    }

    fn recommendation(&mut self, line: &str) {
        let p = self.paragraph;
        let (number, rest) = split_number(line);
        let Some(written) = number else {
            if rest.ends_with(':') && rest.chars().count() <= 200 {
                self.addressee = Some(rest.trim_end_matches(':').trim().to_owned());
                return;
            }
            if let Some(last) = self.out.recommendations.last_mut() {
                last.text.push(' ');
                last.text.push_str(rest);
                return;
            }
            self.warn(
                line,
                "paragraph_not_read",
                "a paragraph in the recommendations that is neither an addressee nor an item",
            );
            return;
        };
        let index = self.out.recommendations.len() + 1;
        let number = if written == "-" || written.chars().all(char::is_alphabetic) {
            self.warn(
                line,
                "recommendation_renumbered",
                format!("an item marked «{written}» is held as number {index}"),
            );
            index.to_string()
        } else if self.out.recommendations.iter().any(|r| r.number == written) {
            // Numbered anew in each addressee's block: «1.» under each.
            self.warn(
                line,
                "recommendation_renumbered",
                format!("recommendation «{written}» appears again (numbered per addressee): held as {index}"),
            );
            index.to_string()
        } else {
            written
        };
        let (mut text, mut addressee) = (rest.to_owned(), self.addressee.clone());
        if addressee.is_none()
            && let Some((head, tail)) = rest.split_once(':')
            && head.chars().count() <= 120
            && !head.split_whitespace().any(|w| fold(w).ends_with("ть") || fold(w).ends_with("ться"))
        {
            addressee = Some(head.trim().to_owned());
            text = tail.trim().to_owned();
        }
        let (due, text) = match due_in(&text) {
            Some((due, kept)) => (Some(due), kept),
            None => (None, text),
        };
        if addressee.is_none() {
            self.warn(line, "no_addressee", format!("recommendation {number} names no addressee"));
        }
        self.out.recommendations.push(ReadRecommendation {
            paragraph: p,
            table_row: None,
            number,
            addressee,
            codes: codes_in(&text),
            text,
            due,
        });
    }

    /// A signature ends the recommendations: a position and a name on one line, or a name under
    /// a position line. A position line waits for the name; without one it is reported.
    fn signature(&mut self, line: &str) -> bool {
        let pending = self.pending_position.take();
        if split_number(line).0.is_some() || line.chars().count() > 150 {
            self.unread_position(pending);
            return false;
        }
        if fold(line).starts_with("исп") {
            return true;
        }
        if let Some((name, before)) = person_name(line) {
            // «Начальник управления образования ________ О.В. Кузнецова»: the line signed on.
            let before = before.trim_end_matches(['_', ' ']);
            let position =
                if names_position(before) { Some(tidy(before)) } else { pending.as_ref().map(|(_, p)| p.clone()) };
            if position.is_some() || self.section == Section::Tail {
                self.out.signatory = Some((position, Some(name)));
                self.section = Section::Tail;
                return true;
            }
        }
        self.unread_position(pending);
        if names_position(line) && !line.trim_end().ends_with(':') && line.chars().count() <= 120 {
            self.pending_position = Some((self.paragraph, line.trim().to_owned()));
            return true;
        }
        false
    }

    fn unread_position(&mut self, pending: Option<(u32, String)>) {
        if let Some((p, text)) = pending {
            self.out.warnings.push(at_paragraph(p, &text, "paragraph_not_read", "a position with no name under it"));
        }
    }

    fn table_read(&mut self, rows: &[Vec<String>]) {
        let header_at = rows.iter().take(3).position(|row| {
            row.iter().filter_map(|c| column_of(c)).any(|c| c == Column::Text)
                && row.iter().filter_map(|c| column_of(c)).count() >= 2
        });
        let Some(header_at) = header_at else {
            let n = self.table;
            self.out.warnings.push(at_paragraph(
                self.paragraph,
                "",
                "table_not_read",
                format!("table {n} has no header of recommendations (№, рекомендация, адресат, срок) and is not read"),
            ));
            return;
        };
        let columns: Vec<Option<Column>> = rows[header_at].iter().map(|c| column_of(c)).collect();
        for (i, c) in columns.iter().enumerate() {
            if c.is_none() && !rows[header_at][i].trim().is_empty() {
                let header = rows[header_at][i].clone();
                self.out.warnings.push(at_paragraph(
                    self.paragraph,
                    &header,
                    "column_not_read",
                    format!("table {}, column {}: «{header}» is not a column Opora reads", self.table, i + 1),
                ));
            }
        }
        self.section = Section::Recommendations;
        let cell = |row: &Vec<String>, want: Column| {
            columns
                .iter()
                .position(|c| *c == Some(want))
                .and_then(|i| row.get(i))
                .map(|t| tidy(t))
                .filter(|t| !t.is_empty())
        };
        for (k, row) in rows.iter().enumerate().skip(header_at + 1) {
            let Some(text) = cell(row, Column::Text) else { continue };
            // A row of column numbers under the header: «1 2 3 4».
            if text.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let index = self.out.recommendations.len() + 1;
            let number = cell(row, Column::Number).map(|n| n.trim_end_matches('.').to_owned());
            let number = number.unwrap_or_else(|| index.to_string());
            let addressee = cell(row, Column::Addressee).or_else(|| self.addressee.clone());
            if addressee.is_none() {
                self.out.warnings.push(at_paragraph(
                    self.paragraph,
                    &text,
                    "no_addressee",
                    format!("table {}, row {}: recommendation {number} names no addressee", self.table, k + 1),
                ));
            }
            self.out.recommendations.push(ReadRecommendation {
                paragraph: self.paragraph,
                table_row: Some((self.table, u32::try_from(k + 1).unwrap_or(u32::MAX))),
                number,
                addressee,
                codes: cell(row, Column::Codes).or_else(|| codes_in(&text)),
                due: cell(row, Column::Due),
                text,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any paragraphs, numbered or not, and any table are read or reported, never a panic:
        /// letters whose lower case changes length, quotes, dates, codes and signature words.
        #[test]
        fn any_document_is_read_without_a_panic(
            paragraphs in prop::collection::vec(
                ("(?s)(Выводы:|Рекомендации:|срок[:–]? |СРОК|параметр[аы]? |1\\.1–5\\.3|с 20\\.05 по |г\\. |МБОУ «|Начальник |И\\.О\\. Фамилия|№ |от 01\\.02\\.2024 |приказ[ау]? |83,5 %|\\d{1,4}|[İẞKΣσς«»\"()\\.,;:–—_ a-zа-яА-ЯёЁ0-9]){0,12}",
                 prop::option::of("[-1-9.)IVа]{1,4}")),
                0..24,
            ),
            cells in prop::collection::vec(prop::collection::vec("[№а-яА-Я0-9 .,()–]{0,12}", 0..5), 0..4),
        ) {
            let mut blocks: Vec<Block> =
                paragraphs.into_iter().map(|(text, number)| Block::Paragraph { text, number }).collect();
            blocks.insert(blocks.len() / 2, Block::Table(cells));
            let reading = read_report(&blocks);
            prop_assert!(reading.warnings.iter().all(|w| w.row as usize <= blocks.len()));
        }
    }

    fn p(text: &str) -> Block {
        Block::Paragraph { text: text.into(), number: None }
    }

    fn codes(reading: &ReportReading) -> Vec<(u32, &'static str)> {
        reading.warnings.iter().map(|w| (w.row, w.code)).collect()
    }

    #[test]
    fn conclusions_without_levels_and_bulleted_recommendations_are_read_with_each_doubt_placed() {
        let reading = read_report(&[
            p("Справка о мониторинге на 2024 год"),
            p("Выводы:"),
            p("1. Работа организована."),
            p("продолжение первого вывода"),
            p("Прочее:"),
            Block::Table(vec![vec!["Школа".into(), "Баллы".into()], vec!["СОШ № 1".into(), "12".into()]]),
            p("Рекомендации:"),
            Block::Paragraph { text: "провести семинар".into(), number: Some("-".into()) },
            p("Примечание: тексты приведены в изложении."),
            p("Начальник отдела"),
        ]);
        assert_eq!(reading.title.as_deref(), Some("Справка о мониторинге на 2024 год"));
        assert_eq!(reading.conclusions.len(), 1);
        assert_eq!(reading.conclusions[0].level, ConclusionLevel::Unstated);
        assert_eq!(reading.conclusions[0].text, "Работа организована. продолжение первого вывода");
        assert_eq!(reading.recommendations.len(), 1);
        assert_eq!((reading.recommendations[0].number.as_str(), &reading.recommendations[0].addressee), ("1", &None));
        assert_eq!(reading.wording, Some(Wording::Summary));
        assert_eq!(reading.signatory, None, "a position with no name under it signs nothing");
        assert_eq!(
            codes(&reading),
            [
                (3, "conclusion_level_unstated"),
                (3, "conclusion_renumbered"),
                (5, "paragraph_not_read"),
                (5, "table_not_read"),
                (7, "recommendation_renumbered"),
                (7, "no_addressee"),
                (9, "paragraph_not_read"),
            ]
        );
    }

    #[test]
    fn a_recommendations_table_reports_the_columns_it_does_not_read() {
        let reading = read_report(&[
            p("Рекомендации"),
            Block::Table(vec![
                vec!["№".into(), "Рекомендация".into(), "Исполнитель".into(), "Отметка".into()],
                vec!["1".into(), "2".into(), "3".into(), "4".into()],
                vec!["1.".into(), "Провести семинар (параметр 2.1)".into(), "ИМЦ".into(), "".into()],
            ]),
        ]);
        assert_eq!(reading.recommendations.len(), 1, "the row of column numbers is not a recommendation");
        let r = &reading.recommendations[0];
        assert_eq!((r.number.as_str(), r.addressee.as_deref(), r.codes.as_deref()), ("1", Some("ИМЦ"), Some("2.1")));
        assert_eq!(r.table_row, Some((1, 3)));
        assert_eq!(codes(&reading), [(1, "column_not_read")]);
    }
}
