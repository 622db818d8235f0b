//! The marks a report's structure shows: a paragraph's numbering («1.1.», «1)», «II.», «-»),
//! the headings that open its conclusions, levels and recommendations, the organizations a
//! sentence names, and the columns of a recommendations table.

use super::model::ConclusionLevel;
use crate::text::fold;

/// The numbering a paragraph starts with: «1.», «1.1.», «1)», «II.», «а)», «-».
pub(super) fn split_number(text: &str) -> (Option<String>, &str) {
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '–', '—', '•', '·']) {
        return (Some("-".into()), rest.trim_start());
    }
    let end = t.find(char::is_whitespace).unwrap_or(t.len());
    let word = &t[..end];
    let bare = word.trim_end_matches(['.', ')']);
    let closed = word.len() > bare.len();
    let arabic = !bare.is_empty()
        && bare.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    let roman = !bare.is_empty() && bare.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) && closed;
    let letter = bare.chars().count() == 1 && bare.chars().all(char::is_lowercase) && word.ends_with(')');
    if (arabic && (closed || bare.contains('.'))) || roman || letter {
        return (Some(bare.to_owned()), t[end..].trim_start());
    }
    (None, t)
}

pub(super) fn roman(text: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        _ => None,
    };
    let digits: Vec<u32> = text.chars().map(value).collect::<Option<_>>()?;
    Some(digits.iter().enumerate().fold(0i64, |sum, (i, &d)| {
        if digits.get(i + 1).is_some_and(|&n| n > d) { sum - i64::from(d) } else { sum + i64::from(d) }
    }) as u32)
}

/// The level a heading names: «1. На муниципальном уровне:», «Уровень образовательных
/// организаций», «На уровне школ».
pub(super) fn level_of(text: &str) -> Option<ConclusionLevel> {
    let folded = fold(text);
    if folded.chars().count() > 100 || !folded.contains("уров") {
        return None;
    }
    // Schools first: «уровень муниципальных образовательных организаций» is the school level.
    if ["школьн", "образовательных организаций", "уровне оо", "уровень оо", "школ"].iter().any(|w| folded.contains(w))
    {
        Some(ConclusionLevel::School)
    } else if folded.contains("муниципал") || folded.contains("района") || folded.contains("округа")
    {
        Some(ConclusionLevel::Municipal)
    } else {
        None
    }
}

pub(super) fn starts_conclusions(text: &str) -> bool {
    let folded = fold(text);
    // «Выводы:», «Выводы по итогам мониторинга», «Заключение:».
    (folded.contains("вывод") || folded.starts_with("заключени"))
        && (folded.ends_with(':') || folded.chars().count() <= 120)
}

/// «Рекомендации:», «Рекомендовано руководителям ОО:», «Предложения:»; the addressee it names.
pub(super) fn starts_recommendations(text: &str) -> Option<Option<String>> {
    let folded = fold(text);
    let first = folded.split(' ').next().unwrap_or_default();
    let opens = ["рекомендац", "рекомендовано", "рекомендуется", "рекомендовать", "предложени"]
        .iter()
        .any(|w| first.starts_with(w))
        || folded.contains("следующие рекомендации");
    if !opens || folded.chars().count() > 160 {
        return None;
    }
    let rest = text.trim().split_once(char::is_whitespace).map_or("", |x| x.1).trim().trim_end_matches(':');
    let addressee = (!rest.is_empty() && !fold(rest).starts_with("по ") && !fold(rest).contains("следующ"))
        .then(|| rest.trim().to_owned());
    Some(addressee)
}

/// Abbreviations that start an organization's name in prose.
const ORGANIZATION_STARTS: [&str; 9] = ["МБОУ", "МКОУ", "МАОУ", "МОУ", "МОБУ", "ГБОУ", "ГКОУ", "ЧОУ", "МБОШИ"];

/// The organizations a paragraph names: «МБОУ-Богородицкая СОШ, МБОУ «Юрьевская СОШ» и …».
pub(super) fn organizations_in(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let starts = |w: &str| {
        let w = w.trim_start_matches(['(', '«', '"']);
        ORGANIZATION_STARTS.iter().any(|p| w.starts_with(p))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !starts(words[i]) {
            i += 1;
            continue;
        }
        let mut name: Vec<&str> = Vec::new();
        let mut j = i;
        while j < words.len() && name.len() < 12 {
            let w = words[j];
            if j > i && (starts(w) || w == "и") {
                break;
            }
            name.push(w);
            j += 1;
            if w.ends_with([',', ';', ':', ')']) {
                break;
            }
        }
        let joined = name.join(" ");
        let joined = joined.trim_start_matches('(').trim_end_matches([',', ';', ':', ')', '.']).trim();
        if joined.chars().count() > 4 {
            out.push(joined.to_owned());
        }
        i = j.max(i + 1);
    }
    out
}

/// A column of a recommendations table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Number,
    Text,
    Addressee,
    Due,
    Codes,
}

pub(super) fn column_of(header: &str) -> Option<Column> {
    let folded = fold(header);
    if folded.starts_with('№') || folded == "n" || folded.starts_with("n п") || folded.starts_with("номер") {
        Some(Column::Number)
    } else if folded.contains("срок") {
        Some(Column::Due)
    } else if folded.contains("параметр") || folded.starts_with("код") {
        Some(Column::Codes)
    } else if ["адресат", "кому", "ответствен", "исполнител"].iter().any(|w| folded.contains(w))
    {
        Some(Column::Addressee)
    } else if ["рекомендац", "содержание", "мероприят", "предложени"].iter().any(|w| folded.contains(w))
    {
        Some(Column::Text)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_as_reports_write_it() {
        assert_eq!(split_number("1.1. Осуществляется"), (Some("1.1".into()), "Осуществляется"));
        assert_eq!(split_number("2) Проведена"), (Some("2".into()), "Проведена"));
        assert_eq!(split_number("II. Школьный уровень"), (Some("II".into()), "Школьный уровень"));
        assert_eq!(split_number("- создать"), (Some("-".into()), "создать"));
        assert_eq!(split_number("2023 год"), (None, "2023 год"));
        assert_eq!(roman("IV"), Some(4));
        assert_eq!(level_of("На муниципальном уровне:"), Some(ConclusionLevel::Municipal));
        assert_eq!(level_of("Уровень образовательных организаций"), Some(ConclusionLevel::School));
        assert_eq!(
            organizations_in(
                "вошли: МБОУ-Богородицкая СОШ, МБОУ-Красноярбинская СОШ им. П. И. Бровичева, МБОУ-Юрьевская СОШ."
            ),
            ["МБОУ-Богородицкая СОШ", "МБОУ-Красноярбинская СОШ им. П. И. Бровичева", "МБОУ-Юрьевская СОШ"]
        );
    }
}
