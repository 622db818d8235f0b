//! Audience kinds read from the words roadmaps use: «Администрация ОО», «Руководители,
//! заместители руководителей ОО», «Учителя ОО со стажем работы менее 5 лет», «Обучающиеся 11
//! классов», «Педагоги-психологи». The text is always kept. Each part of the text (between
//! commas, semicolons and «и») is read by the nouns that head it, in the nominative: «родители
//! обучающихся» are parents, not students; «классные руководители» are teachers; a part with no
//! known head is kind `other`, never a guess.

use super::model::AudienceKind;
use crate::text::fold;

/// Phrases first: «классные руководители» before «руководители».
const PHRASES: [(&str, AudienceKind); 22] = [
    ("классные руководители", AudienceKind::Teachers),
    ("руководители шмо", AudienceKind::Teachers),
    ("руководители рмо", AudienceKind::Teachers),
    ("руководители мо", AudienceKind::Teachers),
    ("педагогические работники", AudienceKind::Teachers),
    ("педагогический коллектив", AudienceKind::Teachers),
    ("педагогические коллективы", AudienceKind::Teachers),
    ("молодые педагоги", AudienceKind::YoungTeachers),
    ("молодые учителя", AudienceKind::YoungTeachers),
    ("молодые специалисты", AudienceKind::YoungTeachers),
    ("начинающие педагоги", AudienceKind::YoungTeachers),
    ("начинающие учителя", AudienceKind::YoungTeachers),
    ("социальные педагоги", AudienceKind::Specialists),
    ("социальный педагог", AudienceKind::Specialists),
    ("члены швр", AudienceKind::Specialists),
    ("законные представители", AudienceKind::Parents),
    ("образовательные организации", AudienceKind::Schools),
    ("общеобразовательные организации", AudienceKind::Schools),
    ("управленческие команды", AudienceKind::Administration),
    ("управленческая команда", AudienceKind::Administration),
    ("дети с овз", AudienceKind::StudentsWithDisabilities),
    ("обучающиеся с овз", AudienceKind::StudentsWithDisabilities),
];

/// Head nouns, in the nominative.
const HEADS: [(&str, AudienceKind); 31] = [
    ("администрация", AudienceKind::Administration),
    ("руководители", AudienceKind::Administration),
    ("руководитель", AudienceKind::Administration),
    ("заместители", AudienceKind::Administration),
    ("заместитель", AudienceKind::Administration),
    ("директора", AudienceKind::Administration),
    ("директор", AudienceKind::Administration),
    ("учителя", AudienceKind::Teachers),
    ("учитель", AudienceKind::Teachers),
    ("учителя-предметники", AudienceKind::Teachers),
    ("педагоги", AudienceKind::Teachers),
    ("педагог", AudienceKind::Teachers),
    ("обучающиеся", AudienceKind::Students),
    ("учащиеся", AudienceKind::Students),
    ("школьники", AudienceKind::Students),
    ("ученики", AudienceKind::Students),
    ("педагоги-психологи", AudienceKind::Psychologists),
    ("педагог-психолог", AudienceKind::Psychologists),
    ("психологи", AudienceKind::Psychologists),
    ("психолог", AudienceKind::Psychologists),
    ("специалисты", AudienceKind::Specialists),
    ("специалист", AudienceKind::Specialists),
    ("методисты", AudienceKind::Specialists),
    ("логопеды", AudienceKind::Specialists),
    ("дефектологи", AudienceKind::Specialists),
    ("тьюторы", AudienceKind::Specialists),
    ("родители", AudienceKind::Parents),
    ("родитель", AudienceKind::Parents),
    ("оо", AudienceKind::Schools),
    ("школы", AudienceKind::Schools),
    ("овз", AudienceKind::StudentsWithDisabilities),
];

/// An audience text, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    /// The kinds it names, in the order of [`AudienceKind::ALL`]; `other` when a part names none.
    pub kinds: Vec<AudienceKind>,
    /// The grades it names: «11 классов», «5-9 классы».
    pub grades: Vec<u8>,
    /// The parts no kind was read from, as written.
    pub unclassified: Vec<String>,
}

/// The kinds the text names and the grades it names.
pub fn audience_kinds(text: &str) -> (Vec<AudienceKind>, Vec<u8>) {
    let audience = read_audience(text);
    (audience.kinds, audience.grades)
}

/// Reads an audience text part by part.
pub fn read_audience(text: &str) -> Audience {
    let folded = fold(text);
    let mut audience = Audience { grades: grades(&folded), ..Audience::default() };
    let add = |kind: AudienceKind, found: &mut Vec<AudienceKind>| {
        if !found.contains(&kind) {
            found.push(kind);
        }
    };
    let mut found = Vec::new();
    for part in parts(text) {
        let words: Vec<String> = fold(&part)
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(|w| w.trim_matches('-').to_owned())
            .filter(|w| !w.is_empty())
            .collect();
        let joined = words.join(" ");
        let mut hit = false;
        let mut rest = format!(" {joined} ");
        for (phrase, kind) in PHRASES {
            let padded = format!(" {phrase} ");
            if rest.contains(&padded) {
                add(kind, &mut found);
                rest = rest.replace(&padded, " ");
                hit = true;
            }
        }
        for word in rest.split(' ').filter(|w| !w.is_empty()) {
            // «ОО» names the schools when it heads the part; in «Администрация ОО» it is whose.
            if matches!(word, "оо" | "школы") && words.first().is_some_and(|w| w != word) {
                continue;
            }
            if let Some((_, kind)) = HEADS.iter().find(|(head, _)| *head == word) {
                add(*kind, &mut found);
                hit = true;
            }
        }
        // «выпускники 9 классов» are students; «выпускники педагогических вузов» are not.
        if !hit && words.first().is_some_and(|w| w == "выпускники") && joined.contains("класс") {
            add(AudienceKind::Students, &mut found);
            hit = true;
        }
        // «со стажем работы менее 5 лет» is how seed 001 says young teachers.
        if joined.contains("стаж") && joined.contains("менее") {
            add(AudienceKind::YoungTeachers, &mut found);
        }
        // «4 классы», «11 класс»: grades alone are students.
        if !hit && words.iter().all(|w| w.bytes().all(|b| b.is_ascii_digit()) || w.starts_with("класс")) {
            add(AudienceKind::Students, &mut found);
            hit = true;
        }
        if !hit {
            audience.unclassified.push(part);
        }
    }
    if found.contains(&AudienceKind::StudentsWithDisabilities) {
        add(AudienceKind::Students, &mut found);
    }
    if !audience.unclassified.is_empty() {
        add(AudienceKind::Other, &mut found);
    }
    found.sort_by_key(|k| AudienceKind::ALL.iter().position(|a| a == k));
    audience.kinds = found;
    audience
}

/// The parts of an audience text: between commas, semicolons and lines, and at «и» unless what
/// follows is an abbreviation that completes the part before («специалисты УО и ТМС»).
fn parts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split([',', ';', '\n']) {
        let mut merged: Vec<String> = Vec::new();
        for piece in part.split(" и ").map(str::trim).filter(|p| !p.is_empty()) {
            let abbreviation = piece.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
            match merged.last_mut() {
                Some(last) if abbreviation => {
                    last.push_str(" и ");
                    last.push_str(piece);
                }
                _ => merged.push(piece.to_owned()),
            }
        }
        out.extend(merged);
    }
    out
}

/// «11 классов» → [11]; «5-9 классы» → [5, 6, 7, 8, 9]; «1 - 4 класс» → [1, 2, 3, 4].
fn grades(folded: &str) -> Vec<u8> {
    let Some(at) = folded.find("класс") else { return Vec::new() };
    let before = folded[..at].trim_end();
    let tail: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ' ' | ','))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut out = Vec::new();
    for part in tail.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let numbers: Vec<u8> = part
            .split(['-', '–'])
            .filter_map(|n| n.trim().parse::<u8>().ok())
            .filter(|n| (1..=11).contains(n))
            .collect();
        match numbers.as_slice() {
            [one] => out.push(*one),
            [from, to] if from <= to => out.extend(*from..=*to),
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use AudienceKind::*;

    #[test]
    fn the_audiences_of_seed_001_are_recognised() {
        for (text, kinds, grades) in [
            ("Администрация ОО", vec![Administration], vec![]),
            ("Руководители, заместители руководителей ОО", vec![Administration], vec![]),
            ("Учителя ОО со стажем работы менее 5 лет", vec![Teachers, YoungTeachers], vec![]),
            ("Обучающиеся 11 классов", vec![Students], vec![11]),
            ("Педагоги-психологи Учителя ОО", vec![Teachers, Psychologists], vec![]),
            ("Обучающиеся с ОВЗ", vec![Students, StudentsWithDisabilities], vec![]),
            ("педагоги ОО, специалисты УО и ТМС", vec![Teachers, Specialists], vec![]),
            ("ОО", vec![Schools], vec![]),
            ("обучающиеся 5-9 классов", vec![Students], vec![5, 6, 7, 8, 9]),
        ] {
            assert_eq!(audience_kinds(text), (kinds, grades), "{text}");
        }
    }

    #[test]
    fn other_municipalities_audiences_are_read_by_their_heads_or_kept_as_other() {
        for (text, kinds, unclassified) in [
            ("классные руководители", vec![Teachers], vec![]),
            ("родители обучающихся", vec![Parents], vec![]),
            ("Родители (законные представители) обучающихся", vec![Parents], vec![]),
            ("выпускники педагогических вузов", vec![Other], vec!["выпускники педагогических вузов"]),
            ("выпускники 9 классов", vec![Students], vec![]),
            ("Заместители директоров по УВР, руководители ШМО", vec![Administration, Teachers], vec![]),
            ("Молодые специалисты и наставники", vec![YoungTeachers, Other], vec!["наставники"]),
            ("Педагогические работники ОО", vec![Teachers], vec![]),
            ("ОО района", vec![Schools], vec![]),
            ("Учителя-предметники", vec![Teachers], vec![]),
            ("Социальные педагоги, педагоги-психологи", vec![Psychologists, Specialists], vec![]),
            ("4 классы", vec![Students], vec![]),
            ("Все участники образовательных отношений", vec![Other], vec!["Все участники образовательных отношений"]),
        ] {
            let audience = read_audience(text);
            assert_eq!(audience.kinds, kinds, "{text}");
            assert_eq!(audience.unclassified, unclassified, "{text}");
        }
    }
}
