//! Acts as texts cite them: «приказом управления образования от 12.01.2024 № 15-од», «от 1
//! марта 2023 года №4», and the school years they name. Roadmap headings, monitoring reports and
//! any other document read here name the orders they rest on the same way.

use chrono::NaiveDate;

use super::document::SourceDocument;
use super::schedule::month_of;

/// The kinds of act that approve a plan, as stems: «приказом», «постановлением».
pub const ACTS: [&str; 4] = ["приказ", "постановлени", "распоряжени", "решени"];

pub fn is_act(folded: &str) -> bool {
    folded.split(' ').any(|w| ACTS.iter().any(|a| w.starts_with(a)))
}

/// «приказом управления образования администрации района от 12.01.2024 г. № 15-од».
pub fn approval(stamp: &str) -> Option<SourceDocument> {
    read_act(stamp, &ACTS)
}

/// The first act of one of `kinds` (stems) in `stamp`, with its issuer, number and date.
fn read_act(stamp: &str, kinds: &[&str]) -> Option<SourceDocument> {
    let lower = stamp.to_lowercase().replace('ё', "е");
    let words: Vec<&str> = stamp.split(' ').collect();
    let folded: Vec<&str> = lower.split(' ').collect();
    let act = folded
        .iter()
        .position(|w| kinds.iter().any(|a| w.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with(a)))?;
    let from = folded.iter().skip(act).position(|w| *w == "от").map(|p| p + act);
    // «Приложение № 2 к приказу … № 5976»: the order's number follows the act.
    let number_at = folded.iter().skip(act).position(|w| w.starts_with('№') || *w == "n").map(|p| p + act);
    let issuer_end = [from, number_at].into_iter().flatten().min().unwrap_or(words.len());
    let issuer = words[act + 1..issuer_end.max(act + 1)].join(" ");
    let issuer = issuer.trim_start_matches("по ").trim().trim_matches(',').trim();
    let date = from.and_then(|f| date(&folded[f + 1..]));
    let number = number_at.and_then(|n| {
        let inline = words[n].trim_start_matches(['№', 'N']);
        let text = if inline.is_empty() { words.get(n + 1).copied()? } else { inline };
        let text = text.trim_end_matches([',', ';', '.', ')', ':']);
        (!text.is_empty()).then(|| text.to_owned())
    });
    let document =
        SourceDocument { issuer: (!issuer.is_empty()).then(|| issuer.to_owned()), number, date, title: None };
    (document.number.is_some() || document.date.is_some()).then_some(document)
}

/// «12.01.2024», «12.01.2024г.», «12 января 2024 г.», «"12" января 2024».
pub fn date(words: &[&str]) -> Option<NaiveDate> {
    let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.').trim_end_matches('.').to_owned();
    let first = clean(words.first()?);
    let first = first.trim_end_matches('г').trim_end_matches('.');
    let numbers: Vec<&str> = first.split('.').collect();
    if let [d, m, y] = numbers[..] {
        let year: i32 = y.parse().ok()?;
        let year = if y.len() == 2 { 2000 + year } else { year };
        return NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?);
    }
    let day: u32 = first.parse().ok()?;
    let month = month_of(&clean(words.get(1)?))?;
    let year: i32 = clean(words.get(2)?).trim_end_matches('г').parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// «2024/2025 учебный год», «2024-2025 уч. г.», «2024/25 учебный год» → 2024.
pub fn school_year(title: &str) -> Option<i32> {
    let lower = title.to_lowercase();
    let trailing_digits = |text: &str| -> String {
        let mut digits: Vec<char> = text.chars().rev().take_while(char::is_ascii_digit).collect();
        digits.reverse();
        digits.into_iter().collect()
    };
    // Each word that starts with «уч» («учебный», «уч.»), preceded by the two years.
    lower.match_indices(" уч").find_map(|(at, _)| {
        let before = lower[..at].trim_end();
        let second = trailing_digits(before);
        let rest = before[..before.len() - second.len()].trim_end().strip_suffix(['/', '-', '–', '—'])?.trim_end();
        let first = trailing_digits(rest);
        if first.len() != 4 || !matches!(second.len(), 2 | 4) {
            return None;
        }
        let first: i32 = first.parse().ok()?;
        let second: i32 = second.parse().ok()?;
        let second = if second < 100 { first / 100 * 100 + second } else { second };
        (second == first + 1).then_some(first)
    })
}

/// The kinds of document a text cites, as stems, with the code each is held under.
pub const CITED_KINDS: [(&str, &str); 6] = [
    ("приказ", "order"),
    ("постановлени", "resolution"),
    ("распоряжени", "directive"),
    ("решени", "decision"),
    ("протокол", "protocol"),
    ("письм", "letter"),
];

/// A document a text cites: its kind's code, what the text gives of it, and the word it starts
/// at, so that a reader can look at the words before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedAct {
    pub kind: &'static str,
    pub document: SourceDocument,
    pub word: usize,
}

/// Every act `text` cites with a number or a date: «приказа отдела образования от 08.12.2023
/// года № 515», «протоколом заседания … от 12.03.2024 № 3», with the title in quotes that
/// follows its number. A word such as «решения» with neither is not a citation. Linear in
/// the text: each act is read within the words up to the next one.
pub fn cited_acts(text: &str) -> Vec<CitedAct> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let kind_of = |w: &str| {
        let w = w.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        CITED_KINDS.iter().find(|(stem, _)| w.starts_with(stem)).map(|(stem, code)| (*stem, *code))
    };
    let starts: Vec<(usize, &str, &str)> =
        words.iter().enumerate().filter_map(|(i, w)| kind_of(w).map(|(stem, code)| (i, stem, code))).collect();
    let mut out = Vec::new();
    for (k, &(at, stem, kind)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(words.len(), |next| next.0);
        let segment = words[at..end].join(" ");
        let Some(mut document) = read_act(&segment, &[stem]) else { continue };
        document.title = quoted_title(&segment, document.number.as_deref());
        out.push(CitedAct { kind, document, word: at });
    }
    out
}

/// The title in quotes right after an act's number: «№ 513 «Об утверждении …»».
fn quoted_title(segment: &str, number: Option<&str>) -> Option<String> {
    let number = number?;
    let after = segment.find(number).map(|i| &segment[i + number.len()..])?;
    let rest = after.trim_start();
    let inner = rest.strip_prefix('«').or_else(|| rest.strip_prefix('"'))?;
    // Quotes nest in Russian titles: «Об утверждении «дорожной карты»».
    let mut depth = 1usize;
    for (i, c) in inner.char_indices() {
        match c {
            '«' => depth += 1,
            '»' | '"' => {
                depth -= 1;
                if depth == 0 {
                    let title = inner[..i].trim();
                    return (!title.is_empty()).then(|| title.to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_acts_seed_003_cites() {
        let text = "На основании приказа отдела образования от 08.12.2023 года № 515 проведен мониторинг. \
                    В соответствии с приказом Департамента образования Орловской области от 30.03.2023 года № 513 \
                    «Об утверждении результатов мониторинга» определен перечень; принимаются управленческие решения.";
        let acts = cited_acts(text);
        assert_eq!(acts.len(), 2, "{acts:?}");
        assert_eq!(acts[0].document.issuer.as_deref(), Some("отдела образования"));
        assert_eq!(acts[0].document.number.as_deref(), Some("515"));
        assert_eq!(acts[0].document.date, NaiveDate::from_ymd_opt(2023, 12, 8));
        assert_eq!(acts[1].document.issuer.as_deref(), Some("Департамента образования Орловской области"));
        assert_eq!(acts[1].document.title.as_deref(), Some("Об утверждении результатов мониторинга"));
        assert_eq!(acts[1].kind, "order");
    }

    #[test]
    fn a_protocol_and_a_letter_as_other_reports_cite_them() {
        let acts = cited_acts(
            "рассмотрены на совещании (протокол от 12.03.2024 № 3), направлено письмо министерства от 5 апреля 2024 г. № 01-12/455",
        );
        assert_eq!(acts.iter().map(|a| a.kind).collect::<Vec<_>>(), ["protocol", "letter"]);
        assert_eq!(acts[0].document.number.as_deref(), Some("3"));
        assert_eq!(acts[1].document.number.as_deref(), Some("01-12/455"));
        assert_eq!(acts[1].document.date, NaiveDate::from_ymd_opt(2024, 4, 5));
    }
}
