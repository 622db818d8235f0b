//! Audience kinds recognised in the words roadmaps use: «Администрация ОО», «Руководители,
//! заместители руководителей ОО», «Учителя ОО со стажем работы менее 5 лет», «Обучающиеся 11
//! классов», «Педагоги-психологи». The text itself is always kept.

use super::model::AudienceKind;

const STEMS: [(&str, AudienceKind); 17] = [
    ("администрац", AudienceKind::Administration),
    ("руководител", AudienceKind::Administration),
    ("заместител", AudienceKind::Administration),
    ("директор", AudienceKind::Administration),
    ("учител", AudienceKind::Teachers),
    ("педагог", AudienceKind::Teachers),
    ("начинающ", AudienceKind::YoungTeachers),
    ("молод", AudienceKind::YoungTeachers),
    ("обучающ", AudienceKind::Students),
    ("учащ", AudienceKind::Students),
    ("школьник", AudienceKind::Students),
    ("овз", AudienceKind::StudentsWithDisabilities),
    ("психолог", AudienceKind::Psychologists),
    ("специалист", AudienceKind::Specialists),
    ("родител", AudienceKind::Parents),
    ("члены швр", AudienceKind::Specialists),
    ("оо", AudienceKind::Schools),
];

/// The kinds the text names, in the order of [`AudienceKind::ALL`], and the grades it names
/// («11 классов», «5-9 классы»).
pub fn audience_kinds(text: &str) -> (Vec<AudienceKind>, Vec<u8>) {
    let folded = crate::text::fold(text);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut found: Vec<AudienceKind> = Vec::new();
    for (stem, kind) in STEMS {
        let hit = if stem.contains(' ') {
            folded.contains(stem)
        } else if stem == "оо" {
            // «ОО» alone names the schools as a whole («ОО» in seed 001's measure 41).
            words.len() == 1 && words[0] == "оо"
        } else {
            words.iter().any(|w| w.starts_with(stem))
        };
        if hit && !found.contains(&kind) {
            found.push(kind);
        }
    }
    // «со стажем работы менее 5 лет» is how seed 001 says young teachers.
    if folded.contains("стаж") && folded.contains("менее") && !found.contains(&AudienceKind::YoungTeachers) {
        found.push(AudienceKind::YoungTeachers);
    }
    if found.contains(&AudienceKind::StudentsWithDisabilities) && !found.contains(&AudienceKind::Students) {
        found.push(AudienceKind::Students);
    }
    found.sort_by_key(|k| AudienceKind::ALL.iter().position(|a| a == k));
    (found, grades(&folded))
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
}
