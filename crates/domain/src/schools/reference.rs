//! Parsing of a single human reference to an organization, as tables write it: «МБОУ СОШ № 7»,
//! «СОШ№7», «МАОУ-СОШ №1», «ООШ №11», «Заволжская СОШ им. П.П. Смирнова», «РВСОШ», «МКУО ЦОКО».
//! Lists and ranges («СОШ № 1, 2, 4», «СОШ № 1-14») name several organizations and are refused
//! here; the audit import reads them.

use std::fmt;

use super::kinds::OrganizationKind;
use super::values::LegalForm;
use crate::core::validation::Coded;
use crate::text::fold;

/// Why a text is not a reference to exactly one organization.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("the reference is empty")]
    Empty,
    /// Longer than any name: refused before it is read, and never echoed whole.
    #[error("the reference has {len} characters; a reference to one organization has at most {max}")]
    TooLong { len: usize, max: usize },
    #[error("'{text}' names several organizations (a list); one organization is expected here")]
    List { text: String },
    #[error("'{text}' names a range of schools; one organization is expected here")]
    Range { text: String },
    #[error("'{text}' is a generic term, not a particular organization")]
    Generic { text: String },
    #[error("'{text}' has no number or name that tells which {what} is meant")]
    Incomplete { text: String, what: &'static str },
    #[error("'{token}' in '{text}' is not a school number")]
    BadNumber { text: String, token: String },
}

impl Coded for ReferenceError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty_reference",
            Self::TooLong { .. } => "reference_too_long",
            Self::List { .. } => "reference_is_a_list",
            Self::Range { .. } => "reference_is_a_range",
            Self::Generic { .. } => "generic_reference",
            Self::Incomplete { .. } => "incomplete_reference",
            Self::BadNumber { .. } => "invalid_school_number",
        }
    }
}

/// A parsed single reference. It keeps the original text next to what was read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolRef {
    original: String,
    legal_form: Option<String>,
    kind: Option<OrganizationKind>,
    /// «школа» without a type: any kind of school.
    any_school: bool,
    number: Option<u16>,
    words: Vec<String>,
    honorary: Option<String>,
}

/// Words that mark a kind of organization, folded.
fn kind_of_word(word: &str) -> Option<OrganizationKind> {
    use OrganizationKind::*;
    Some(match word {
        "сош" => SecondarySchool,
        "оош" => BasicSchool,
        "нош" => PrimarySchool,
        "всош" | "в(с)ош" | "(в)сош" | "восш" => EveningSchool,
        "лицей" | "лицея" | "лицее" => Lyceum,
        "гимназия" | "гимназии" => Gymnasium,
        "д/с" | "сад" | "дс" => Kindergarten,
        "цоко" | "имц" | "тмс" | "ммс" | "ммц" | "рмк" => MethodologicalService,
        _ => return None,
    })
}

const SCHOOL_WORDS: &[&str] = &["школа", "школы", "школе", "школу", "школой"];
const AUTHORITY_HEADS: &[&str] = &[
    "управление",
    "управления",
    "отдел",
    "отдела",
    "департамент",
    "департамента",
    "комитет",
    "комитета",
    "министерство",
    "министерства",
];
const AUTHORITY_ABBREVIATIONS: &[&str] = &["уо", "ууо"];
/// Methodological bodies keep their abbreviation as a word too, so «ЦОКО» never matches an «ИМЦ».
const SERVICE_WORDS: &[&str] = &["цоко", "имц", "тмс", "ммс", "ммц", "рмк"];

/// Brings the spellings of one reference to one shape: «№» stands alone, a hyphen between two
/// numbers is a range, any other hyphen or dash separates words («МБОУ-Богородицкая СОШ»).
fn normalise(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &ch) in chars.iter().enumerate() {
        match ch {
            '№' => out.push_str(" № "),
            ',' | ';' => {
                out.push(' ');
                out.push(',');
                out.push(' ');
            }
            '-' | '–' | '—' => {
                let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
                let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                if before.is_some_and(char::is_ascii_digit) && after.is_some_and(char::is_ascii_digit) {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('-');
                } else {
                    out.push(' ');
                }
            }
            c if c.is_whitespace() => {
                // Drop the space after a range hyphen: «1 - 14» reads as «1-14».
                if !out.ends_with('-') {
                    out.push(' ');
                }
            }
            // «СОШ1» is «СОШ 1».
            c if c.is_ascii_digit() && out.chars().next_back().is_some_and(char::is_alphabetic) => {
                out.push(' ');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Splits off the honorary name: everything after «им.» or «имени».
fn split_honorary(text: &str) -> (String, Option<String>) {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').collect();
    for (i, word) in words.iter().enumerate() {
        let is_marker = *word == "имени" || *word == "им" || word.starts_with("им.");
        if is_marker && i > 0 {
            let mut rest: Vec<&str> = Vec::new();
            let tail = word.trim_start_matches("имени").trim_start_matches("им").trim_start_matches('.');
            if !tail.is_empty() {
                rest.push(tail);
            }
            rest.extend(&words[i + 1..]);
            let honorary = honorary_key(&rest.join(" "));
            return (words[..i].join(" "), (!honorary.is_empty()).then_some(honorary));
        }
    }
    (folded, None)
}

/// «П.П. Смирнова», «П. И. Бровичева» and «П.П.Смирнова» compare as the same key.
pub(crate) fn honorary_key(text: &str) -> String {
    fold(text)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '.')
        .collect::<String>()
        .replace('.', ". ")
        .trim()
        .to_owned()
}

fn trim_punctuation(token: &str) -> &str {
    token.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?' | '(' | ')') && c != '/')
}

impl SchoolRef {
    /// The longest reference read: as long as the longest name.
    pub const MAX_CHARS: usize = crate::schools::Name::MAX_CHARS;

    pub fn parse(text: &str) -> Result<Self, ReferenceError> {
        let len = text.trim().chars().count();
        if len > Self::MAX_CHARS {
            return Err(ReferenceError::TooLong { len, max: Self::MAX_CHARS });
        }
        let original = text.trim().to_owned();
        if original.is_empty() {
            return Err(ReferenceError::Empty);
        }
        let (main, honorary) = split_honorary(&normalise(&original));
        let tokens: Vec<&str> = main.split(' ').map(trim_punctuation).filter(|t| !t.is_empty()).collect();

        let mut reference = Self {
            original: original.clone(),
            legal_form: None,
            kind: None,
            any_school: false,
            number: None,
            words: Vec::new(),
            honorary,
        };
        let mut after_comma = false;
        for (i, token) in tokens.iter().copied().enumerate() {
            if token == "," {
                after_comma = true;
                continue;
            }
            let comma_before = std::mem::take(&mut after_comma);
            if token == "№" {
                continue;
            }
            if token.starts_with(|c: char| c.is_ascii_digit()) {
                if token.contains('-') {
                    return Err(ReferenceError::Range { text: original });
                }
                if reference.number.is_some() || comma_before {
                    return Err(ReferenceError::List { text: original });
                }
                let number = token.parse::<u16>().ok().filter(|n| *n > 0);
                match number {
                    Some(n) => reference.number = Some(n),
                    None => return Err(ReferenceError::BadNumber { text: original, token: token.to_owned() }),
                }
                continue;
            }
            let upper = token.to_uppercase();
            if reference.legal_form.is_none() && LegalForm::is_known(&upper) {
                if upper.contains("ДОУ") && reference.kind.is_none() {
                    reference.kind = Some(OrganizationKind::Kindergarten);
                }
                reference.legal_form = Some(upper);
                continue;
            }
            if token == "оо" && tokens.len() == 1 {
                return Err(ReferenceError::Generic { text: original });
            }
            if SCHOOL_WORDS.contains(&token) {
                reference.any_school = true;
                continue;
            }
            if token == "детский" && tokens.get(i + 1) == Some(&"сад") {
                continue;
            }
            if AUTHORITY_HEADS.contains(&token) && tokens.get(i + 1).is_some_and(|n| n.starts_with("образовани"))
            {
                reference.kind = Some(OrganizationKind::EducationAuthority);
                continue;
            }
            if token.starts_with("образовани") && reference.kind == Some(OrganizationKind::EducationAuthority)
            {
                continue;
            }
            if AUTHORITY_ABBREVIATIONS.contains(&token) {
                reference.kind = Some(OrganizationKind::EducationAuthority);
                continue;
            }
            if let Some(kind) = kind_of_word(token) {
                reference.kind = Some(kind);
                if SERVICE_WORDS.contains(&token) {
                    reference.words.push(token.to_owned());
                }
                continue;
            }
            reference.words.push(token.to_owned());
        }

        let identifies = reference.number.is_some() || !reference.words.is_empty() || reference.honorary.is_some();
        let names_a_unique_body = reference.kind.is_some_and(|k| !k.is_school() && k != OrganizationKind::Kindergarten);
        if !identifies && !names_a_unique_body {
            let what = reference.kind.map_or("organization", OrganizationKind::label);
            return Err(ReferenceError::Incomplete { text: original, what });
        }
        Ok(reference)
    }

    pub fn original(&self) -> &str {
        &self.original
    }

    pub fn legal_form(&self) -> Option<&str> {
        self.legal_form.as_deref()
    }

    pub fn kind(&self) -> Option<OrganizationKind> {
        self.kind
    }

    /// True when the text said «школа» without a type.
    pub fn any_school(&self) -> bool {
        self.any_school
    }

    pub fn number(&self) -> Option<u16> {
        self.number
    }

    /// The remaining words, folded: place names, proper names, abbreviations.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The honorary name, folded to a comparison key («п. п. смирнова»).
    pub fn honorary(&self) -> Option<&str> {
        self.honorary.as_deref()
    }
}

/// Writes a reference the way the regional tables do: «МБОУ СОШ № 7».
impl fmt::Display for SchoolRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use OrganizationKind::*;

    fn parsed(text: &str) -> SchoolRef {
        SchoolRef::parse(text).unwrap_or_else(|e| panic!("'{text}' should parse: {e}"))
    }

    #[test]
    fn numbered_references_are_read_in_every_spelling_of_the_seeds() {
        for (text, form, kind, number) in [
            ("МБОУ СОШ № 7", Some("МБОУ"), SecondarySchool, 7),
            ("МАОУ СОШ№1", Some("МАОУ"), SecondarySchool, 1),
            ("МАОУ-СОШ №1", Some("МАОУ"), SecondarySchool, 1),
            ("СОШ№4", None, SecondarySchool, 4),
            ("ООШ №11", None, BasicSchool, 11),
            ("МБОУ ООШ №8", Some("МБОУ"), BasicSchool, 8),
            ("СОШ 12", None, SecondarySchool, 12),
        ] {
            let r = parsed(text);
            assert_eq!((r.legal_form(), r.kind(), r.number()), (form, Some(kind), Some(number)), "{text}");
        }
    }

    #[test]
    fn named_references_keep_their_words_and_honorary_name() {
        let r = parsed("МОУ Заволжская СОШ им.П.П.Смирнова»");
        assert_eq!(r.legal_form(), Some("МОУ"));
        assert_eq!(r.kind(), Some(SecondarySchool));
        assert_eq!(r.words(), ["заволжская"]);
        assert_eq!(r.honorary(), Some("п. п. смирнова"));
        assert_eq!(parsed("Заволжская СОШ им. П.П. Смирнова").honorary(), r.honorary());

        let r = parsed("МБОУ-Красноярбинская СОШ им. П. И. Бровичева");
        assert_eq!(r.words(), ["красноярбинская"]);
        assert_eq!(r.honorary(), Some("п. и. бровичева"));
    }

    #[test]
    fn kindergartens_and_bodies_are_recognised() {
        let r = parsed("МДОУ «Чуприяновский детский сад «Огонек»");
        assert_eq!(r.kind(), Some(Kindergarten));
        assert_eq!(r.words(), ["чуприяновский", "огонек"]);

        assert_eq!(parsed("МКУО ЦОКО").kind(), Some(MethodologicalService));
        assert_eq!(parsed("МКУО ЦОКО").words(), ["цоко"]);
        assert_eq!(parsed("отдел образования").kind(), Some(EducationAuthority));
        let r = parsed("Департамент образования Орловской области");
        assert_eq!(r.kind(), Some(EducationAuthority));
        assert_eq!(r.words(), ["орловской", "области"]);
        assert_eq!(parsed("Никулинской школы").words(), ["никулинской"]);
        assert!(parsed("Никулинской школы").any_school());
    }

    #[test]
    fn an_unknown_abbreviation_is_kept_as_a_word() {
        assert_eq!(parsed("РВСОШ").words(), ["рвсош"]);
        assert_eq!(parsed("РВСОШ").kind(), None);
    }

    #[test]
    fn lists_and_ranges_are_refused_with_their_own_error() {
        assert!(matches!(SchoolRef::parse("СОШ № 1, 2, 4, 5"), Err(ReferenceError::List { .. })));
        assert!(matches!(SchoolRef::parse("СОШ №2, 9, 10, 14, ООШ №11"), Err(ReferenceError::List { .. })));
        assert!(matches!(SchoolRef::parse("СОШ № 1-14"), Err(ReferenceError::Range { .. })));
        assert!(matches!(SchoolRef::parse("СОШ № 1 -14"), Err(ReferenceError::Range { .. })));
    }

    #[test]
    fn empty_generic_and_incomplete_references_are_precise_errors() {
        assert_eq!(SchoolRef::parse("  "), Err(ReferenceError::Empty));
        assert!(matches!(SchoolRef::parse("ОО"), Err(ReferenceError::Generic { .. })));
        let err = SchoolRef::parse("МБОУ СОШ").unwrap_err();
        assert_eq!(err.to_string(), "'МБОУ СОШ' has no number or name that tells which СОШ is meant");
        assert!(matches!(SchoolRef::parse("СОШ № 0"), Err(ReferenceError::BadNumber { .. })));
    }

    proptest! {
        #[test]
        fn a_reference_written_like_the_tables_parses_back(
            form in proptest::sample::select(vec!["", "МОУ", "МБОУ", "МАОУ", "МКОУ"]),
            kind in proptest::sample::select(vec![SecondarySchool, BasicSchool, PrimarySchool]),
            number in 1u16..=999,
            sign in proptest::sample::select(vec!["№ ", "№", " № ", ""]),
        ) {
            let text = format!("{form} {}{sign}{number}", kind.label()).replace("  ", " ");
            let r = SchoolRef::parse(&text).unwrap();
            prop_assert_eq!(r.kind(), Some(kind));
            prop_assert_eq!(r.number(), Some(number));
            prop_assert_eq!(r.legal_form(), (!form.is_empty()).then_some(form));
            prop_assert!(r.words().is_empty());
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,60}") {
            let _ = SchoolRef::parse(&text);
        }
    }
}
