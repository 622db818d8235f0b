//! The phrases a monitoring report states its facts in: a place and a date on their own line,
//! the monitoring window («с 20.05 по 14.06»), the period («на 2023 год»), a due («Срок: до
//! 01.09.2024»), the codes a sentence names («по параметрам 1.1–5.3»), a signature («Начальник
//! отдела образования И.О. Фамилия»), the figures a sentence cites («198 педагогов», «83,5 %»).
//! Each reader is linear in its text and returns nothing rather than a guess.

use chrono::{Datelike, NaiveDate};

use crate::core::acts::date;
use crate::core::schedule::month_of;
use crate::text::fold;

/// How a settlement is written before its name: «пгт. Хотынец», «г. Северск», «с. Кривошеино».
const SETTLEMENTS: [&str; 12] =
    ["пгт", "г.", "г ", "с.", "с ", "п.", "пос.", "р.п.", "рп.", "ст-ца", "станица", "село"];

/// The whole line as a date: «29 декабря 2023 года», «29.12.2023 г.», «"29" декабря 2023 г.».
pub(super) fn date_line(text: &str) -> Option<NaiveDate> {
    let folded = fold(text).replace(['«', '»', '"'], "");
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let used = if words.first().is_some_and(|w| w.contains('.')) { 1 } else { 3 };
    let rest = &words[used.min(words.len())..];
    let tail_ok = rest.iter().all(|w| matches!(w.trim_end_matches('.'), "г" | "года" | "год"));
    if !tail_ok {
        return None;
    }
    date(&words)
}

/// A line that names a settlement and nothing long: «пгт. Хотынец».
pub(super) fn place_line(text: &str) -> Option<String> {
    let folded = fold(text);
    if text.chars().count() > 60 || text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let prefix = SETTLEMENTS.iter().find(|s| folded.starts_with(*s))?;
    // The settlement's name follows, capitalised: «с. Кривошеино», never «С 20 мая по».
    let name = text.trim_start().get(prefix.len()..)?.trim_start_matches(['.', ' ']);
    name.starts_with(char::is_uppercase).then(|| text.trim().trim_end_matches(',').to_owned())
}

/// A place and a date on one line, in either order: «пгт. Хотынец 29 декабря 2023 года»,
/// «29.12.2023 г. с. Кривошеино».
pub(super) fn place_and_date(text: &str) -> (Option<String>, Option<NaiveDate>) {
    if let Some(d) = date_line(text) {
        return (None, Some(d));
    }
    if let Some(p) = place_line(text)
        && !text.chars().any(|c| c.is_ascii_digit())
    {
        return (Some(p), None);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 12 {
        return (None, None);
    }
    // The longest date first: «17.06.2024 г. с. Кривошеино» keeps «г.» with the date.
    for cut in (1..words.len()).rev() {
        let (head, tail) = (words[..cut].join(" "), words[cut..].join(" "));
        if let (Some(p), Some(d)) = (place_line(&head), date_line(&tail)) {
            return (Some(p), Some(d));
        }
        if let (Some(d), Some(p)) = (date_line(&head), place_line(&tail)) {
            return (Some(p), Some(d));
        }
    }
    (None, None)
}

/// A day with or without its year: «20.05», «20.05.2024», «20 мая», «20 мая 2024 года».
fn day(words: &[&str]) -> Option<(u32, u32, Option<i32>, usize)> {
    let first = words.first()?.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let first = first.trim_end_matches('.');
    let parts: Vec<&str> = first.split('.').collect();
    match parts[..] {
        [d, m] => Some((d.parse().ok()?, m.parse().ok()?, None, 1)),
        [d, m, y] => {
            let y: i32 = y.trim_end_matches('г').parse().ok()?;
            Some((d.parse().ok()?, m.parse().ok()?, Some(if y < 100 { 2000 + y } else { y }), 1))
        }
        [d] => {
            let d: u32 = d.parse().ok()?;
            let m = month_of(words.get(1)?.trim_matches(|c: char| !c.is_alphanumeric()))?;
            let y = words.get(2).and_then(|w| w.trim_matches(|c: char| !c.is_ascii_digit()).parse::<i32>().ok());
            let y = y.filter(|y| (1990..=2100).contains(y));
            Some((d, m, y, if y.is_some() { 3 } else { 2 }))
        }
        _ => None,
    }
}

/// The monitoring window: «в период с 20.05 по 14.06», «с 20 мая по 14 июня 2024 года». A day
/// without a year takes the other end's, else `year`.
pub(super) fn window(text: &str, year: Option<i32>) -> Option<(NaiveDate, NaiveDate)> {
    let folded = fold(text);
    // «Сроки проведения мониторинга: 01.04.2024 – 30.04.2024»: two dated days and a dash, in a
    // sentence about the monitoring's time.
    if ["срок", "период", "мониторинг"].iter().any(|w| folded.contains(w)) {
        let spaced = folded.replace(['–', '—'], " – ").replace(" - ", " – ");
        let words: Vec<&str> = spaced.split_whitespace().collect();
        let dated = words.windows(3).find_map(|w| {
            let (d1, m1, y1, _) = day(&w[..1])?;
            let (d2, m2, y2, _) = day(&w[2..])?;
            (w[1] == "–").then_some(())?;
            let (from, to) = (NaiveDate::from_ymd_opt(y1?, m1, d1)?, NaiveDate::from_ymd_opt(y2?, m2, d2)?);
            (from <= to && (to - from).num_days() <= 366).then_some((from, to))
        });
        if dated.is_some() {
            return dated;
        }
    }
    let words: Vec<&str> = folded.split(' ').collect();
    (0..words.len()).find_map(|i| {
        if words[i] != "с" {
            return None;
        }
        let (d1, m1, y1, used) = day(&words[i + 1..])?;
        let at = i + 1 + used;
        if words.get(at).copied() != Some("по") {
            return None;
        }
        let (d2, m2, y2, _) = day(&words[at + 1..])?;
        let y2 = y2.or(y1).or(year)?;
        // A window over the new year («с 20.12 по 14.01.2024») starts the year before.
        let y1 = y1.unwrap_or(if (m1, d1) > (m2, d2) { y2 - 1 } else { y2 });
        let (from, to) = (NaiveDate::from_ymd_opt(y1, m1, d1)?, NaiveDate::from_ymd_opt(y2, m2, d2)?);
        (from <= to && (to - from).num_days() <= 366).then_some((from, to))
    })
}

/// The calendar year a text is «на 2023 год», «за 2023 год», «в 2023 году» about.
pub(super) fn calendar_year(text: &str) -> Option<i32> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').collect();
    words.windows(3).find_map(|w| {
        let year: i32 = w[1].parse().ok()?;
        (matches!(w[0], "на" | "за" | "в") && w[2].starts_with("год") && (1990..=2100).contains(&year)).then_some(year)
    })
}

/// The text in lower case wherever that keeps every byte where it is, so that a place found in
/// it is the same place in the text: a letter whose lower case is longer or shorter stays as it
/// is (and is not a letter these readers look for).
fn lower_in_place(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// The due a recommendation states in its text, and the text without it: «…; срок – до
/// 01.09.2024», «… (срок исполнения: ежеквартально)», «Срок: в течение 2024/2025 учебного года».
pub(super) fn due_in(text: &str) -> Option<(String, String)> {
    marked_due(text).or_else(|| trailing_deadline(text))
}

/// A deadline that ends the text without the word «срок»: «… провести семинар до 01.09.2024.»
fn trailing_deadline(text: &str) -> Option<(String, String)> {
    let trimmed = text.trim_end().trim_end_matches(['.', ';']);
    let at = trimmed.rfind(" до ").or_else(|| trimmed.rfind(" не позднее "))?;
    let due = trimmed[at..].trim();
    let date_part = due.split_once(' ').map_or("", |(_, d)| d).trim_start_matches("позднее ").trim();
    let day = date_part.trim_end_matches(['г', '.', ' ']);
    let parts: Vec<&str> = day.split('.').collect();
    let dated = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !dated {
        return None;
    }
    let kept = format!("{}.", trimmed[..at].trim_end().trim_end_matches([',', ';']));
    Some((due.to_owned(), kept))
}

fn marked_due(text: &str) -> Option<(String, String)> {
    let lower = lower_in_place(text);
    let at = lower
        .match_indices("срок")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || lower[..i].ends_with([' ', '(', ';', ',', '.', '\n', '–', '—', '-']))?;
    let after = &text[at..];
    // Skip the word and «исполнения»/«выполнения», then the mark that introduces the due.
    let mut rest = after.split_once(char::is_whitespace).map_or("", |(_, r)| r).trim_start();
    if rest.starts_with(':') || rest.starts_with('–') || rest.starts_with('—') || rest.starts_with('-') {
        rest = rest[rest.chars().next().map_or(0, char::len_utf8)..].trim_start();
    } else {
        let first = rest.split_whitespace().next().unwrap_or_default().to_lowercase();
        if first.starts_with("исполнени") || first.starts_with("выполнени") || first.starts_with("реализаци")
        {
            rest = rest.split_once(char::is_whitespace).map_or("", |(_, r)| r).trim_start();
            rest = rest.trim_start_matches([':', '–', '—', '-']).trim_start();
        } else if !rest.is_empty() && !after[..after.len() - rest.len()].contains(':') {
            // «срок» inside a sentence («в установленный срок») is not a due.
            let word = after.split_whitespace().next().unwrap_or_default();
            if !word.ends_with(':') {
                return None;
            }
        }
    }
    let end = rest.find(')').unwrap_or(rest.len());
    let due = rest[..end].trim().trim_end_matches(['.', ';', ',']).trim();
    if due.is_empty() {
        return None;
    }
    let mut before = text[..at].trim_end();
    before = before.strip_suffix('(').unwrap_or(before).trim_end();
    let after_due = rest[end..].trim_start_matches(')').trim();
    let glue = if after_due.is_empty() || after_due.starts_with(['.', ';', ',']) { "" } else { " " };
    let kept = format!("{before}{glue}{after_due}");
    let kept = kept.trim().trim_end_matches([';', ',', '–', '—']).trim();
    let kept = if kept.ends_with('.') || kept.is_empty() { kept.to_owned() } else { format!("{kept}.") };
    Some((due.to_owned(), kept))
}

/// The codes a sentence names after «параметр…» or «код…»: «по всем параметрам (1.1–5.3)»,
/// «(параметры 1.1, 2.3)», «по параметру 3.2». The expression as written, for the code reader.
pub(super) fn codes_in(text: &str) -> Option<String> {
    let lower = lower_in_place(text);
    let at = ["параметр", "код"].iter().filter_map(|w| lower.find(w)).min()?;
    let after = &text[at..];
    let start = after.find(|c: char| c.is_ascii_digit())?;
    // The digits must follow closely: «параметрам (1.1–5.3)», not a figure further on.
    if after[..start].chars().count() > 24 || after[..start].contains(['.', ';']) && !after[..start].contains('(') {
        return None;
    }
    let run: String = after[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '–' | '—' | '-' | 'и'))
        .collect();
    let run = run.trim_end_matches(|c: char| !c.is_ascii_digit()).trim();
    (run.contains('.') && !run.is_empty()).then(|| run.to_owned())
}

/// Words that name a position in a signature.
const POSITIONS: [&str; 12] = [
    "начальник",
    "заведующ",
    "директор",
    "руководител",
    "заместител",
    "и.о.",
    "и. о.",
    "председател",
    "специалист",
    "методист",
    "глава",
    "консультант",
];

/// Whether a line names a position: «Начальник отдела образования».
pub(super) fn names_position(text: &str) -> bool {
    let folded = fold(text);
    POSITIONS.iter().any(|p| folded.starts_with(p) || folded.contains(&format!(" {p}")))
}

/// A person's name as signatures write it: «И.О. Фамилия», «И. О. Фамилия», «Фамилия И.О.».
/// Returns the name and the text before it.
pub(super) fn person_name(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let initial = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        let dots = w.matches('.').count();
        !letters.is_empty() && letters.len() <= 2 && dots == letters.len() && letters.iter().all(|c| c.is_uppercase())
    };
    let surname = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && w.chars().count() >= 3
            && w.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
    };
    let n = words.len();
    // The name ends the line.
    for take in [3usize, 2] {
        if n < take {
            continue;
        }
        let tail = &words[n - take..];
        let found = match take {
            3 => {
                (initial(tail[0]) && initial(tail[1]) && surname(tail[2]))
                    || (surname(tail[0]) && initial(tail[1]) && initial(tail[2]))
            }
            _ => (initial(tail[0]) && surname(tail[1])) || (surname(tail[0]) && initial(tail[1])),
        };
        if found {
            return Some((tail.join(" "), words[..n - take].join(" ")));
        }
    }
    None
}

/// The words a figure counts, as stems: «198 педагогов», «12 школ».
const COUNTED: [&str; 14] = [
    "педагог",
    "учител",
    "обучающ",
    "учащ",
    "ученик",
    "школ",
    "оо",
    "организаци",
    "человек",
    "участник",
    "выпускник",
    "руководител",
    "мероприяти",
    "урок",
];

/// A figure a sentence cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Figure {
    pub text: String,
    pub value: String,
    pub unit: String,
    pub sentence: String,
}

/// The figures a paragraph cites: a share («83,5 %», «83,5 процента») or a count of people or
/// schools («198 педагогов»), each with its sentence. Numbers of documents, dates, codes and
/// years are not figures.
pub(super) fn figures(paragraph: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    for sentence in sentences(paragraph) {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let raw = w.trim_start_matches(['(', '«']);
            let digits_end = raw.find(|c: char| !(c.is_ascii_digit() || c == ',')).unwrap_or(raw.len());
            let number = raw[..digits_end].trim_end_matches(',');
            if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) || number.matches(',').count() > 1
            {
                continue;
            }
            if i > 0 && (words[i - 1].ends_with('№') || words[i - 1] == "№" || fold(words[i - 1]) == "от") {
                continue;
            }
            let tail = &raw[digits_end..];
            let next = words.get(i + 1).copied().unwrap_or_default();
            let (unit, text) = if tail.starts_with('%') {
                ("%".to_owned(), raw.trim_end_matches([',', ';', '.', ')']).to_owned())
            } else if tail.is_empty() && (next.starts_with('%') || fold(next).starts_with("процент")) {
                ("%".to_owned(), format!("{number} {}", next.trim_end_matches([',', ';', '.', ')'])))
            } else if tail.is_empty()
                && let folded = fold(next)
                && COUNTED.iter().any(|c| folded.starts_with(c))
                && !number.contains(',')
            {
                let word = next.trim_end_matches([',', ';', '.', ')', ':']).to_owned();
                (word.clone(), format!("{number} {word}"))
            } else {
                continue;
            };
            let year_like = number.len() == 4 && unit != "%";
            if year_like {
                continue;
            }
            out.push(Figure { text, value: number.replace(',', "."), unit, sentence: sentence.to_owned() });
        }
    }
    out
}

/// A paragraph's sentences: split after «.», «!» or «?» followed by a capital letter.
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    for k in 0..chars.len() {
        let (i, c) = chars[k];
        if matches!(c, '.' | '!' | '?')
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_whitespace())
            && chars.get(k + 2).is_some_and(|(_, n)| n.is_uppercase())
            // «им. П. И. Бровичева», «С. Г.»: an initial before the dot does not end a sentence.
            && !(k >= 1 && chars[k - 1].1.is_uppercase() && (k < 2 || !chars[k - 2].1.is_alphabetic()))
        {
            out.push(paragraph[start..=i].trim());
            start = i + 1;
        }
    }
    let last = paragraph[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

/// The year a date falls in, for a window without one.
pub(super) fn year_of(date: Option<NaiveDate>) -> Option<i32> {
    date.map(|d| d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn places_and_dates_as_reports_write_them() {
        assert_eq!(place_and_date("пгт. Хотынец"), (Some("пгт. Хотынец".into()), None));
        assert_eq!(place_and_date("29 декабря 2023 года"), (None, Some(ymd(2023, 12, 29))));
        assert_eq!(place_and_date("«14» июня 2024 г."), (None, Some(ymd(2024, 6, 14))));
        assert_eq!(place_and_date("с. Кривошеино 17.06.2024"), (Some("с. Кривошеино".into()), Some(ymd(2024, 6, 17))));
        assert_eq!(
            place_and_date("17.06.2024 г. с. Кривошеино"),
            (Some("с. Кривошеино".into()), Some(ymd(2024, 6, 17)))
        );
        assert_eq!(place_and_date("Провести анализ результатов 29 декабря 2023 года"), (None, None));
        assert_eq!(place_and_date("С 20 мая по 14 июня 2024 года"), (None, None));
    }

    #[test]
    fn windows_periods_and_dues() {
        assert_eq!(
            window("Мониторинг проведен в период с 20.05 по 14.06.2024.", None),
            Some((ymd(2024, 5, 20), ymd(2024, 6, 14)))
        );
        assert_eq!(window("с 20 мая по 14 июня", Some(2024)), Some((ymd(2024, 5, 20), ymd(2024, 6, 14))));
        assert_eq!(window("с 20 мая по 14 июня", None), None);
        assert_eq!(calendar_year("План мероприятий на 2023 год"), Some(2023));
        assert_eq!(
            due_in("Провести семинар; срок – до 01.09.2024."),
            Some(("до 01.09.2024".into(), "Провести семинар.".into()))
        );
        assert_eq!(
            due_in("Обеспечить контроль (срок исполнения: ежеквартально)."),
            Some(("ежеквартально".into(), "Обеспечить контроль.".into()))
        );
        assert_eq!(due_in("Сдать отчеты в установленный срок."), None);
        assert_eq!(
            due_in("провести семинар для руководителей до 01.09.2024."),
            Some(("до 01.09.2024".into(), "провести семинар для руководителей.".into()))
        );
        assert_eq!(due_in("обеспечить работу до конца года."), None);
        assert_eq!(
            window("Сроки проведения мониторинга: 01.04.2024 – 30.04.2024.", None),
            Some((ymd(2024, 4, 1), ymd(2024, 4, 30)))
        );
        assert_eq!(window("Телефон 01.04.2024 – 30.04.2024", None), None);
        // A letter whose lower case is longer («İ») keeps every place where it was.
        assert_eq!(due_in("İİ ẞ; срок: до 01.09.2024").map(|d| d.0), Some("до 01.09.2024".into()));
        assert_eq!(codes_in("KİKİ параметры 1.1, 2.3").as_deref(), Some("1.1, 2.3"));
    }

    #[test]
    fn codes_names_and_figures() {
        assert_eq!(codes_in("по всем параметрам (1.1–5.3)").as_deref(), Some("1.1–5.3"));
        assert_eq!(codes_in("Усилить работу (параметры 1.1, 2.3).").as_deref(), Some("1.1, 2.3"));
        assert_eq!(codes_in("Организовать работу с 12 педагогами."), None);
        assert_eq!(
            person_name("Начальник отдела образования А.В. Петрова"),
            Some(("А.В. Петрова".into(), "Начальник отдела образования".into()))
        );
        assert_eq!(person_name("Сидоров И. П."), Some(("Сидоров И. П.".into(), String::new())));
        assert_eq!(person_name("Организована работа по повышению квалификации."), None);
        let found = figures(
            "Курсы прошли 198 педагогов. Доля обучающихся, успевающих на «4» и «5», составила 83,5 %. Приказ от 12.03.2024 № 45.",
        );
        assert_eq!(
            found.iter().map(|f| (f.value.as_str(), f.unit.as_str())).collect::<Vec<_>>(),
            [("198", "педагогов"), ("83.5", "%")]
        );
        assert_eq!(found[0].sentence, "Курсы прошли 198 педагогов.");
    }
}
