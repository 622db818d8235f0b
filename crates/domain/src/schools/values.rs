//! Values with rules, each built only by its parser.

use std::fmt;

use crate::core::validation::Coded;
use crate::text::tidy;

/// Why a value did not parse. The message names the rule and the offending text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters, got {len}")]
    TooLong { max: usize, len: usize },
    #[error("must not contain control characters")]
    ControlCharacter,
    #[error("{what} must be {rule}, got '{text}'")]
    Format { what: &'static str, rule: &'static str, text: String },
    #[error("{what} '{text}' fails its check digit")]
    CheckDigit { what: &'static str, text: String },
}

impl Coded for ValueError {
    fn code(&self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::TooLong { .. } => "too_long",
            Self::ControlCharacter | Self::Format { .. } => "invalid_format",
            Self::CheckDigit { .. } => "invalid_check_digit",
        }
    }
}

fn format_error(what: &'static str, rule: &'static str, text: &str) -> ValueError {
    ValueError::Format { what, rule, text: text.to_owned() }
}

/// A human-readable name: trimmed, inner whitespace collapsed, 1 to 500 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 500;

    pub fn parse(text: &str) -> Result<Self, ValueError> {
        if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(ValueError::ControlCharacter);
        }
        let tidy = tidy(text);
        let len = tidy.chars().count();
        match len {
            0 => Err(ValueError::Empty),
            n if n > Self::MAX_CHARS => Err(ValueError::TooLong { max: Self::MAX_CHARS, len: n }),
            _ => Ok(Self(tidy)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn digits_only(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn digits(text: &str) -> Vec<u32> {
    text.bytes().map(|b| u32::from(b - b'0')).collect()
}

/// The code of a subject of the Russian Federation as used in statistics and ФИС ОКО logins
/// (Тверская область 69, Краснодарский край 23, Орловская область 57), kept as two digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RegionCode(u8);

impl RegionCode {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ValueError::Empty);
        }
        match text.parse::<u8>() {
            Ok(n) if digits_only(text) && text.len() <= 2 && (1..=99).contains(&n) => Ok(Self(n)),
            _ => Err(format_error("region code", "a number from 01 to 99", text)),
        }
    }

    pub fn as_string(&self) -> String {
        format!("{:02}", self.0)
    }
}

/// An OKTMO code: 8 digits for a municipality (11 for a settlement).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Oktmo(String);

impl Oktmo {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let text = text.trim();
        if digits_only(text) && (text.len() == 8 || text.len() == 11) {
            Ok(Self(text.to_owned()))
        } else {
            Err(format_error("OKTMO", "8 or 11 digits", text))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The organisational and legal form as Russian documents abbreviate it (МОУ, МБОУ, МАОУ, МКОУ,
/// МКУ, ГБУ, …): Cyrillic capitals, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegalForm(String);

impl LegalForm {
    /// The forms the seeds and the federal registers use; others parse too, but only these are
    /// recognised inside a free-text school reference.
    pub const KNOWN: &'static [&'static str] = &[
        "МОУ",
        "МБОУ",
        "МАОУ",
        "МКОУ",
        "МКУ",
        "МКУО",
        "МДОУ",
        "МБДОУ",
        "МАДОУ",
        "МКДОУ",
        "МБУ",
        "МАУ",
        "МУ",
        "ГБУ",
        "ГБОУ",
        "ГАОУ",
        "ГКОУ",
        "ГКУ",
        "ЧОУ",
        "АНО",
        "МБУДО",
        "МАУДО",
    ];

    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let upper = text.trim().to_uppercase();
        let len = upper.chars().count();
        let cyrillic = upper.chars().all(|c| ('А'..='Я').contains(&c) || c == 'Ё');
        if (2..=12).contains(&len) && cyrillic {
            Ok(Self(upper))
        } else {
            Err(format_error("legal form", "an abbreviation in Cyrillic capitals such as МБОУ", text.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `text` (upper case) is a legal form the registry knows: МБОУ, МАОУ, МКУ, …
    pub fn is_known(text: &str) -> bool {
        Self::KNOWN.contains(&text)
    }
}

/// A school's number (the «7» of «СОШ № 7»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchoolNumber(u16);

impl SchoolNumber {
    pub fn new(n: i64) -> Result<Self, ValueError> {
        u16::try_from(n)
            .ok()
            .filter(|n| (1..=9999).contains(n))
            .map(Self)
            .ok_or_else(|| format_error("school number", "a whole number from 1 to 9999", &n.to_string()))
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

/// The taxpayer number (ИНН) of a legal entity: 10 digits with a check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Inn(String);

impl Inn {
    const WEIGHTS: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];

    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let text = text.trim();
        if !(digits_only(text) && text.len() == 10) {
            return Err(format_error("INN", "10 digits (a legal entity's ИНН)", text));
        }
        let d = digits(text);
        let sum: u32 = Self::WEIGHTS.iter().zip(&d).map(|(w, d)| w * d).sum();
        if sum % 11 % 10 == d[9] {
            Ok(Self(text.to_owned()))
        } else {
            Err(ValueError::CheckDigit { what: "INN", text: text.to_owned() })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The primary state registration number (ОГРН): 13 digits with a check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ogrn(String);

impl Ogrn {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let text = text.trim();
        if !(digits_only(text) && text.len() == 13) {
            return Err(format_error("OGRN", "13 digits", text));
        }
        let body: u64 = text[..12].parse().map_err(|_| format_error("OGRN", "13 digits", text))?;
        if (body % 11 % 10) as u32 == digits(&text[12..])[0] {
            Ok(Self(text.to_owned()))
        } else {
            Err(ValueError::CheckDigit { what: "OGRN", text: text.to_owned() })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A school's login in ФИС ОКО, the federal assessment system: `sch` and six digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FisOkoLogin(String);

impl FisOkoLogin {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let lower = text.trim().to_ascii_lowercase();
        match lower.strip_prefix("sch") {
            Some(rest) if rest.len() == 6 && digits_only(rest) => Ok(Self(lower)),
            _ => Err(format_error("FIS OKO login", "'sch' followed by six digits, like sch690123", text.trim())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Appends the check digit to nine digits, the way the tax service issues a legal entity's ИНН.
    fn with_inn_check(nine: &str) -> String {
        let d = digits(nine);
        let sum: u32 = Inn::WEIGHTS.iter().zip(&d).map(|(w, d)| w * d).sum();
        format!("{nine}{}", sum % 11 % 10)
    }

    #[test]
    fn a_name_is_trimmed_and_collapsed() {
        assert_eq!(Name::parse("  Северский   район ").unwrap().as_str(), "Северский район");
    }

    #[test]
    fn an_empty_or_overlong_name_is_rejected() {
        assert_eq!(Name::parse("  "), Err(ValueError::Empty));
        assert!(matches!(Name::parse(&"я".repeat(501)), Err(ValueError::TooLong { .. })));
        assert_eq!(Name::parse("a\u{0}b"), Err(ValueError::ControlCharacter));
    }

    #[test]
    fn region_codes_of_the_seed_regions_parse_to_two_digits() {
        assert_eq!(RegionCode::parse("69").unwrap().as_string(), "69");
        assert_eq!(RegionCode::parse("23").unwrap().as_string(), "23");
        assert_eq!(RegionCode::parse("7").unwrap().as_string(), "07");
        for bad in ["0", "100", "6a", "", "-1", "+5"] {
            assert!(RegionCode::parse(bad).is_err(), "{bad} must be rejected");
        }
    }

    #[test]
    fn legal_forms_are_cyrillic_capitals() {
        assert_eq!(LegalForm::parse("мбоу").unwrap().as_str(), "МБОУ");
        assert!(LegalForm::parse("MBOU").is_err());
        assert!(LegalForm::parse("М").is_err());
    }

    #[test]
    fn an_inn_with_a_wrong_check_digit_is_rejected() {
        let valid = with_inn_check("690123456");
        assert!(Inn::parse(&valid).is_ok());
        let last = valid.as_bytes()[9] - b'0';
        let wrong = format!("{}{}", &valid[..9], (last + 1) % 10);
        assert!(matches!(Inn::parse(&wrong), Err(ValueError::CheckDigit { .. })));
        assert!(matches!(Inn::parse("12345"), Err(ValueError::Format { .. })));
    }

    #[test]
    fn an_ogrn_is_checked_modulo_eleven() {
        let body = 102690123456_u64;
        let valid = format!("{body}{}", body % 11 % 10);
        assert!(Ogrn::parse(&valid).is_ok());
        let wrong = format!("{body}{}", (body % 11 % 10 + 1) % 10);
        assert!(matches!(Ogrn::parse(&wrong), Err(ValueError::CheckDigit { .. })));
    }

    #[test]
    fn fis_oko_logins_are_sch_and_six_digits() {
        assert_eq!(FisOkoLogin::parse(" SCH690123 ").unwrap().as_str(), "sch690123");
        assert!(FisOkoLogin::parse("sch69012").is_err());
        assert!(FisOkoLogin::parse("school690123").is_err());
    }

    #[test]
    fn oktmo_has_eight_or_eleven_digits() {
        assert!(Oktmo::parse("03619000").is_ok());
        assert!(Oktmo::parse("03619000101").is_ok());
        assert!(Oktmo::parse("0361900").is_err());
    }

    #[test]
    fn school_numbers_are_positive_and_bounded() {
        assert_eq!(SchoolNumber::new(7).unwrap().get(), 7);
        assert!(SchoolNumber::new(0).is_err());
        assert!(SchoolNumber::new(10_000).is_err());
    }

    proptest! {
        #[test]
        fn every_inn_built_with_its_check_digit_parses(nine in "[0-9]{9}") {
            prop_assert!(Inn::parse(&with_inn_check(&nine)).is_ok());
        }

        #[test]
        fn name_parsing_never_panics_and_is_idempotent(text in "\\PC{0,80}") {
            if let Ok(name) = Name::parse(&text) {
                prop_assert_eq!(Name::parse(name.as_str()).unwrap(), name);
            }
        }
    }
}
