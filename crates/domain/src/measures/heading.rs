//! The lines above a roadmap's table: the paragraphs before it in a Word document, the rows
//! above its header in a sheet. They hold its title («ДОРОЖНАЯ КАРТА по повышению качества
//! образования … на 2024/2025 учебный год») and the stamp of the order that approved it
//! («УТВЕРЖДЕНА приказом управления образования от 12.01.2024 № 15»), however the lines are
//! broken.

use super::model::TitleSource;
use crate::core::acts::{approval, is_act, school_year};
use crate::core::document::SourceDocument;
use crate::core::import::Issue;
use crate::core::period::Period;
use crate::schools::{Municipality, Name};
use crate::text::{fold, tidy};

/// What the lines say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heading {
    pub title: Option<String>,
    pub approval: Option<SourceDocument>,
    /// The school year the title names, by the year it starts in: «на 2024/2025 учебный год».
    pub school_year: Option<i32>,
}

/// How a roadmap's title starts, folded.
const TITLE_STARTS: [&str; 9] = [
    "дорожная карта",
    "план мероприятий",
    "план работы",
    "план-график",
    "план по",
    "комплекс мер",
    "комплексный план",
    "перечень мероприятий",
    "программа",
];

/// The longest title kept: a name's limit.
const MAX_TITLE_CHARS: usize = 500;

/// Reads the lines above a table. Linear in their length.
pub fn read_heading(lines: &[String]) -> Heading {
    let mut heading = Heading::default();
    let mut title: Vec<&str> = Vec::new();
    let mut stamp = String::new();
    for line in lines {
        let folded = fold(line);
        if !title.is_empty() && (is_section(&folded) || title.len() == MAX_TITLE_LINES) {
            break;
        }
        let is_stamp = folded.starts_with("утвержд")
            || folded.starts_with("приложение")
            || folded.starts_with("введен")
            || (!stamp.is_empty() && title.is_empty() && (folded.starts_with("от ") || is_act(&folded)));
        if title.is_empty() && is_stamp {
            stamp.push(' ');
            stamp.push_str(line);
        } else if title.is_empty() && TITLE_STARTS.iter().any(|s| folded.starts_with(s)) {
            title.push(line);
        } else if !title.is_empty() && !is_stamp && !folded.starts_with("согласован") {
            // A title broken over paragraphs: «ДОРОЖНАЯ КАРТА» / «по повышению …» / «на 2024 год».
            title.push(line);
        } else if !title.is_empty() {
            break;
        }
    }
    if !title.is_empty() {
        let joined = tidy(&title.join(" "));
        heading.school_year = school_year(&joined);
        heading.title = Some(match joined.char_indices().nth(MAX_TITLE_CHARS) {
            Some((cut, _)) => joined[..cut].trim_end().to_owned(),
            None => joined,
        });
    }
    heading.approval = approval(&tidy(&stamp));
    heading
}

/// The lines a title is broken over, at most.
const MAX_TITLE_LINES: usize = 4;

/// A numbered section that follows the title: «I. Результаты входного аудита», «2. Мероприятия».
fn is_section(folded: &str) -> bool {
    let first = folded.split(' ').next().unwrap_or_default();
    let number = first.trim_end_matches('.');
    first.ends_with('.')
        && !number.is_empty()
        && (number.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            || number.split('.').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

/// The roadmap's title: the request's, else the document's, else the file's name, else one
/// Opora makes and says so.
pub(super) fn roadmap_title(
    requested: Option<Name>,
    heading: &Heading,
    file_name: Option<&str>,
    municipality: &Municipality,
    period: Period,
    warnings: &mut Vec<Issue>,
) -> (String, TitleSource) {
    if let Some(title) = requested {
        return (title.to_string(), TitleSource::Request);
    }
    if let Some(title) = heading.title.as_deref().and_then(|t| Name::parse(t).ok()) {
        return (title.to_string(), TitleSource::Document);
    }
    let stem = file_name
        .map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f))
        .map(|f| f.rsplit_once('.').map_or(f, |(stem, _)| stem))
        .and_then(|f| Name::parse(&f.replace('_', " ")).ok());
    if let Some(stem) = stem {
        let message = "no title above the table and none in the request: the file's name is the title";
        warnings.push(Issue::document(&stem.to_string(), "title_from_file_name", message));
        return (stem.to_string(), TitleSource::FileName);
    }
    let title = format!("Дорожная карта: {} на {period}", municipality.name);
    let message = "no title above the table, in the request or in a file name: Opora titled the roadmap, and its \
                   titleSource says so";
    warnings.push(Issue::document(&title, "no_title", message));
    (title, TitleSource::Generated)
}

/// The approving order: the request's, else the stamp above the table. A stamp that disagrees
/// with the request, and a roadmap approved by nothing either names, are reported.
pub(super) fn roadmap_approval(
    requested: Option<SourceDocument>,
    stamp: Option<SourceDocument>,
    warnings: &mut Vec<Issue>,
) -> Option<SourceDocument> {
    let describe = |d: &SourceDocument| {
        format!(
            "{} от {} № {}",
            d.issuer.as_deref().unwrap_or("—"),
            d.date.map_or_else(|| "—".to_owned(), |d| d.format("%d.%m.%Y").to_string()),
            d.number.as_deref().unwrap_or("—")
        )
    };
    match (requested, stamp) {
        (Some(requested), Some(stamp)) => {
            if (requested.number.is_some() && requested.number != stamp.number)
                || (requested.date.is_some() && requested.date != stamp.date)
            {
                let message = format!(
                    "the document says it was approved by {}, the request by {}: the request's is kept",
                    describe(&stamp),
                    describe(&requested)
                );
                warnings.push(Issue::document(&describe(&stamp), "approval_differs", message));
            }
            Some(requested)
        }
        (Some(requested), None) => Some(requested),
        (None, Some(stamp)) => Some(stamp),
        (None, None) => {
            let message = "no approving order above the table (УТВЕРЖДЕНА приказом … от … № …) and none in the request";
            warnings.push(Issue::document("", "no_approval", message));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn a_stamp_and_a_title_broken_over_paragraphs() {
        let heading = read_heading(&lines(
            "УТВЕРЖДЕНА\nприказом управления образования администрации Приозёрного района\nот 12.01.2024 № 15-од\nДОРОЖНАЯ КАРТА\nпо повышению качества образования в школах с низкими результатами обучения\nна 2024/2025 учебный год",
        ));
        assert_eq!(
            heading.title.as_deref(),
            Some(
                "ДОРОЖНАЯ КАРТА по повышению качества образования в школах с низкими результатами обучения на 2024/2025 учебный год"
            )
        );
        assert_eq!(heading.school_year, Some(2024));
        let approval = heading.approval.unwrap();
        assert_eq!(approval.issuer.as_deref(), Some("управления образования администрации Приозёрного района"));
        assert_eq!(approval.number.as_deref(), Some("15-од"));
        assert_eq!(approval.date, NaiveDate::from_ymd_opt(2024, 1, 12));
    }

    #[test]
    fn stamps_as_other_documents_write_them() {
        for (stamp, issuer, number, date) in [
            (
                "Приложение к приказу отдела образования от 15.02.2024 г. № 45",
                Some("отдела образования"),
                "45",
                (2024, 2, 15),
            ),
            (
                "Приложение № 2 к приказу министерства образования и науки Краснодарского края от 13 ноября 2015 г. N 5976",
                Some("министерства образования и науки Краснодарского края"),
                "5976",
                (2015, 11, 13),
            ),
            ("введено в действие приказом от 27.08.2021 г. № 126/А", None, "126/А", (2021, 8, 27)),
            ("Утверждена приказом МКУО ЦОКО от 01.03.2023 №4", Some("МКУО ЦОКО"), "4", (2023, 3, 1)),
            (
                "УТВЕРЖДЕНО постановлением администрации района от «20» марта 2024 года № 310",
                Some("администрации района"),
                "310",
                (2024, 3, 20),
            ),
        ] {
            let heading =
                read_heading(&lines(&format!("{stamp}\nПлан мероприятий по профилактике учебной неуспешности")));
            let approval = heading.approval.unwrap_or_else(|| panic!("{stamp}"));
            assert_eq!(approval.issuer.as_deref(), issuer, "{stamp}");
            assert_eq!(approval.number.as_deref(), Some(number), "{stamp}");
            assert_eq!(approval.date, NaiveDate::from_ymd_opt(date.0, date.1, date.2), "{stamp}");
            assert_eq!(heading.title.as_deref(), Some("План мероприятий по профилактике учебной неуспешности"));
        }
    }

    #[test]
    fn seed_001s_head_and_the_section_after_its_title() {
        let heading = read_heading(&lines(
            "Приложение\nУТВЕРЖДЕНА приказом МКУО ЦОКО от 1 марта 2023 года №4\nДорожная карта по профилактике учебной неуспешности в муниципальном образовании Калининский район на 2023 -2024 гг.\nI. Результаты входного аудита\nII. Дорожная карта",
        ));
        assert_eq!(
            heading.title.as_deref(),
            Some(
                "Дорожная карта по профилактике учебной неуспешности в муниципальном образовании Калининский район на 2023 -2024 гг."
            )
        );
        let approval = heading.approval.unwrap();
        assert_eq!((approval.issuer.as_deref(), approval.number.as_deref()), (Some("МКУО ЦОКО"), Some("4")));
        assert_eq!(approval.date, NaiveDate::from_ymd_opt(2023, 3, 1));
        assert_eq!(heading.school_year, None);
    }

    #[test]
    fn nothing_above_the_table_reads_as_nothing() {
        assert_eq!(read_heading(&[]), Heading::default());
        let heading = read_heading(&lines("УТВЕРЖДАЮ\nДиректор МБОУ СОШ № 10\n_________ Н.И. Покусаева"));
        assert_eq!(heading, Heading::default(), "a signature block is not an approving order");
    }

    proptest::proptest! {
        #[test]
        fn any_lines_read_without_panicking_and_a_title_stays_a_name(
            lines in proptest::collection::vec("\\PC{0,120}", 0..8)
        ) {
            let heading = read_heading(&lines);
            if let Some(title) = heading.title {
                proptest::prop_assert!(title.chars().count() <= MAX_TITLE_CHARS);
            }
        }
    }

    #[test]
    fn school_years_in_titles() {
        for (title, year) in [
            ("План на 2024/2025 учебный год", Some(2024)),
            ("План на 2024-2025 уч. г.", Some(2024)),
            ("План на 2024/25 учебный год", Some(2024)),
            ("План на 2024 - 2026 годы", None),
            ("План на 2024 год", None),
        ] {
            assert_eq!(school_year(title), year, "{title}");
        }
    }
}
