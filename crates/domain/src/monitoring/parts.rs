//! The parts of a campaign checked one by one: conclusions numbered by level, recommendation
//! numbers, the codes a text names and the dues written as text.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::model::{Conclusion, ConclusionLevel};
use super::service::{ConclusionDraft, MonitoringService};
use crate::core::code::CodeExpr;
use crate::core::import::Issue;
use crate::core::period::Period;
use crate::core::schedule::{Schedule, ScheduleKind, ScheduleNote, Slot};
use crate::core::validation::ValidationErrors;

/// «1.2» → (1, 2).
pub(super) fn conclusion_number(text: &str) -> Option<(u8, u16)> {
    let (level, index) = text.trim().trim_end_matches('.').split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    (digits(level) && digits(index)).then(|| Some((level.parse().ok()?, index.parse().ok()?))).flatten()
}

/// «1», «1.», «10» → the number as written, without the dot.
pub(super) fn recommendation_number(text: &str) -> Option<String> {
    let n = text.trim().trim_end_matches('.');
    (!n.is_empty() && n.len() <= 8 && n.chars().all(|c| c.is_ascii_digit() || c == '.')).then(|| n.to_owned())
}

/// Conclusions numbered «level.index»: each level keeps one leading number, levels differ, and
/// a number appears once.
pub(super) fn conclusions(
    drafts: &[ConclusionDraft],
    errors: &mut ValidationErrors,
    read_as: &mut Vec<Issue>,
) -> Vec<Conclusion> {
    if drafts.len() > MonitoringService::MAX_CONCLUSIONS {
        errors.push("conclusions", "too_long", format!("lists more than {}", MonitoringService::MAX_CONCLUSIONS));
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut leads: Vec<(ConclusionLevel, u8)> = Vec::new();
    for (i, c) in drafts.iter().enumerate() {
        let field = |part: &str| format!("conclusions[{i}].{part}");
        let level = ConclusionLevel::from_code(&c.level);
        if level.is_none() {
            errors.push(
                field("level"),
                "invalid_format",
                format!("'{}' is not municipal, school or unstated", c.level),
            );
        }
        let number = conclusion_number(&c.number);
        match number {
            None => errors.push(field("number"), "invalid_format", format!("'{}' is not numbered as «1.1»", c.number)),
            Some(n) if !seen.insert(n) => {
                errors.push(field("number"), "duplicate", format!("{} is listed twice", c.number));
            }
            Some((lead, _)) => {
                if let Some(level) = level {
                    match leads.iter().find(|(l, n)| *l == level || *n == lead) {
                        Some((l, n)) if *l != level || *n != lead => errors.push(
                            field("number"),
                            "invalid_format",
                            format!(
                                "{} does not follow its level's numbering ({} conclusions are {n}.x)",
                                c.number,
                                l.code()
                            ),
                        ),
                        Some(_) => {}
                        None => leads.push((level, lead)),
                    }
                }
            }
        }
        let text = errors.long_text(&field("text"), &c.text);
        let what = format!("conclusion {}", c.number.trim());
        let parameters = codes(c.parameters.as_deref(), &what, &field("parameters"), errors, read_as);
        if let (Some((lead, index)), Some(level), Some(text)) = (number, level, text) {
            out.push(Conclusion {
                number: format!("{lead}.{index}"),
                level,
                text,
                parameters_text: parameters.as_ref().map(|(t, _)| t.clone()),
                parameters: parameters.map(|(_, e)| e),
            });
        }
    }
    out
}

/// Codes as written, read; how they were read is a warning that names `what` they belong to.
pub(super) fn codes(
    text: Option<&str>,
    what: &str,
    field: &str,
    errors: &mut ValidationErrors,
    read_as: &mut Vec<Issue>,
) -> Option<(String, CodeExpr)> {
    let p = text.map(str::trim).filter(|p| !p.is_empty())?;
    match CodeExpr::parse(p) {
        Ok((expr, notes)) => {
            for note in notes {
                let (code, text, message) = note.warning();
                read_as.push(Issue::document(text, code, format!("{}: {message}", what.trim())));
            }
            Some((p.to_owned(), expr))
        }
        Err(e) => {
            errors.push(field, "invalid_format", e.to_string());
            None
        }
    }
}

/// A due written as text, read by the schedule grammar within the campaign's period: kept as
/// written, with its kind, and the day when it names one deadline. What the grammar cannot read
/// is a warning.
pub(super) fn due(
    text: &str,
    period: Option<Period>,
    number: &str,
    read_as: &mut Vec<Issue>,
) -> (String, ScheduleKind, Option<NaiveDate>) {
    let Some(period) = period else { return (text.to_owned(), ScheduleKind::Unread, None) };
    match Schedule::parse(text, period) {
        Ok((schedule, notes)) => {
            for note in notes {
                if let ScheduleNote::Unread(why) = note {
                    let message =
                        format!("recommendation {}: the due «{text}» is kept as written: {why}", number.trim());
                    read_as.push(Issue::document(text, "due_kept_as_written", message));
                }
            }
            let day = match (schedule.kind(), schedule.occurrences()) {
                (ScheduleKind::Deadline, [Slot::Day(d)]) => Some(*d),
                _ => None,
            };
            (text.to_owned(), schedule.kind(), day)
        }
        Err(_) => (text.to_owned(), ScheduleKind::Unread, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(number: &str, level: &str) -> ConclusionDraft {
        ConclusionDraft {
            number: number.into(),
            level: level.into(),
            text: "Организована работа".into(),
            parameters: None,
        }
    }

    #[test]
    fn conclusions_are_numbered_by_level() {
        let mut errors = ValidationErrors::new();
        let read = conclusions(
            &[draft("1.1", "municipal"), draft("1.2.", "municipal"), draft("2.1", "school")],
            &mut errors,
            &mut Vec::new(),
        );
        assert!(errors.is_empty(), "{errors}");
        assert_eq!(read.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(), ["1.1", "1.2", "2.1"]);

        for bad in [
            vec![draft("1.1", "municipal"), draft("1.1", "municipal")],
            vec![draft("1.1", "municipal"), draft("1.2", "school")],
            vec![draft("1.1", "municipal"), draft("2.1", "municipal")],
            vec![draft("один", "municipal")],
            vec![draft("1.1", "federal")],
        ] {
            let mut errors = ValidationErrors::new();
            conclusions(&bad, &mut errors, &mut Vec::new());
            assert!(!errors.is_empty(), "{bad:?}");
        }
    }
}
