//! Parameter codes as tables write them: «1.1.», «1.4», « 1.1 » are one code; «1.2-1.3» and
//! «6.1-6.3» are ranges over a catalogue, «1.1–5.3» one across factors (every code between its
//! ends in catalogue order), «по всем параметрам (1.1–5.3)» the same in words; «все выявленные
//! параметры» selects every parameter the audit found.

use std::fmt;

use crate::core::validation::Coded;

/// A parameter's code: the factor number and the parameter's number within it (`1.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParameterCode {
    factor: u16,
    index: u16,
}

/// Why a code did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("'{0}' is not a parameter code like 1.1")]
    Malformed(String),
    #[error("the range '{0}' runs backwards")]
    BadRange(String),
    #[error("the code list is empty")]
    Empty,
}

impl Coded for CodeError {
    fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "invalid_parameter_code",
            Self::BadRange(_) => "invalid_code_range",
            Self::Empty => "required",
        }
    }
}

/// Something the parser accepted but a person should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeNote {
    /// «1.1.»: the trailing dot was dropped.
    TrailingDot(String),
    /// «1.1–5.3»: a range across factors, read as every code between its ends in catalogue
    /// order.
    AcrossFactors(String),
}

impl CodeNote {
    /// The note as a reader's warning: its code, the text it is about, and what was read.
    pub fn warning(&self) -> (&'static str, &str, String) {
        match self {
            Self::TrailingDot(text) => ("trailing_dot", text, format!("read as {}", text.trim_end_matches('.'))),
            Self::AcrossFactors(text) => (
                "range_across_factors",
                text,
                format!(
                    "'{text}' runs across factors: read as every parameter between its ends in the catalogue's order"
                ),
            ),
        }
    }
}

impl ParameterCode {
    pub fn new(factor: u16, index: u16) -> Self {
        Self { factor, index }
    }

    /// Parses one code, returning a note when the text needed tidying.
    pub fn parse_noted(text: &str) -> Result<(Self, Option<CodeNote>), CodeError> {
        let trimmed = text.trim();
        let (body, note) = match trimmed.strip_suffix('.') {
            Some(body) => (body.trim_end(), Some(CodeNote::TrailingDot(trimmed.to_owned()))),
            None => (trimmed, None),
        };
        let malformed = || CodeError::Malformed(trimmed.to_owned());
        let (factor, index) = body.split_once('.').ok_or_else(malformed)?;
        let number = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u16>().ok())
                .flatten()
                .filter(|n| *n > 0)
        };
        match (number(factor), number(index)) {
            (Some(factor), Some(index)) => Ok((Self { factor, index }, note)),
            _ => Err(malformed()),
        }
    }

    pub fn parse(text: &str) -> Result<Self, CodeError> {
        Self::parse_noted(text).map(|(code, _)| code)
    }

    pub fn factor(&self) -> u16 {
        self.factor
    }

    pub fn index(&self) -> u16 {
        self.index
    }
}

impl fmt::Display for ParameterCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.factor, self.index)
    }
}

/// One item of a code expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeItem {
    Code(ParameterCode),
    /// Both ends inclusive: within one factor, or across factors in catalogue order.
    Range(ParameterCode, ParameterCode),
}

/// What a roadmap measure targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeExpr {
    Items(Vec<CodeItem>),
    /// «все выявленные параметры»: every parameter the audit found somewhere.
    AllFound,
}

/// «все выявленные параметры» as plans write it: «все выявленные риски», «по всем выявленным
/// рискам», «все параметры риска», «все выявленные факторы риска»: every word one of these,
/// «все» or «всем» among them, and what is meant named by at least one other.
fn all_found(folded: &str) -> bool {
    let words: Vec<&str> = folded.trim_end_matches(['.', ';', ':']).split_whitespace().collect();
    let known = |w: &&str| {
        matches!(
            *w,
            "по" | "все"
                | "всем"
                | "выявленные"
                | "выявленным"
                | "параметры"
                | "параметрам"
                | "риски"
                | "рискам"
                | "риска"
                | "факторы"
                | "факторам"
        )
    };
    words.iter().all(known)
        && words.iter().any(|w| matches!(*w, "все" | "всем"))
        && words.iter().any(|w| !matches!(*w, "по" | "все" | "всем"))
}

impl CodeExpr {
    /// Parses «2.1., 2.2., 2.3., 2.4», «1.2-1.3», «4.1.-4.3», «1.1–5.3», «по всем параметрам
    /// (1.1–5.3)», «все выявленные параметры».
    pub fn parse(text: &str) -> Result<(Self, Vec<CodeNote>), CodeError> {
        let folded = crate::text::fold(text);
        if folded.is_empty() {
            return Err(CodeError::Empty);
        }
        // «по всем параметрам (1.1–5.3)»: the codes in brackets say which «all» is meant.
        if let Some((words, rest)) = folded.split_once('(')
            && let Some(codes) = rest.trim_end_matches(['.', ';']).trim_end().strip_suffix(')')
            && (words.trim().is_empty() || all_found(words))
        {
            return Self::parse(codes);
        }
        if all_found(&folded) {
            return Ok((Self::AllFound, Vec::new()));
        }
        let mut items = Vec::new();
        let mut notes = Vec::new();
        for part in folded.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
            let mut noted = |t: &str| -> Result<ParameterCode, CodeError> {
                let (code, note) = ParameterCode::parse_noted(t)?;
                notes.extend(note);
                Ok(code)
            };
            match part.split_once(['-', '–', '—']) {
                Some((from, to)) => {
                    let (from, to) = (noted(from)?, noted(to)?);
                    if from > to {
                        return Err(CodeError::BadRange(part.to_owned()));
                    }
                    if from.factor != to.factor {
                        notes.push(CodeNote::AcrossFactors(part.to_owned()));
                    }
                    items.push(CodeItem::Range(from, to));
                }
                None => items.push(CodeItem::Code(noted(part)?)),
            }
        }
        if items.is_empty() {
            return Err(CodeError::Empty);
        }
        Ok((Self::Items(items), notes))
    }

    /// The codes of `catalogue` the expression covers, in catalogue order. `found` is what the
    /// audit found, for «все выявленные параметры». A range whose ends the catalogue holds
    /// covers what lies between them in the catalogue; one it does not, what lies between them
    /// in code order.
    pub fn expand(&self, catalogue: &[ParameterCode], found: &[ParameterCode]) -> Vec<ParameterCode> {
        let at = |code: &ParameterCode| catalogue.iter().position(|c| c == code);
        let covered = |(position, code): &(usize, &ParameterCode)| match self {
            Self::AllFound => found.contains(code),
            Self::Items(items) => items.iter().any(|item| match item {
                CodeItem::Code(c) => c == *code,
                CodeItem::Range(from, to) => match (at(from), at(to)) {
                    (Some(first), Some(last)) => (first..=last).contains(position),
                    _ => *code >= from && *code <= to,
                },
            }),
        };
        catalogue.iter().enumerate().filter(covered).map(|(_, c)| *c).collect()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn code(text: &str) -> ParameterCode {
        ParameterCode::parse(text).unwrap()
    }

    #[test]
    fn a_trailing_dot_and_spaces_do_not_change_the_code() {
        assert_eq!(code("1.1."), code("1.1"));
        assert_eq!(code(" 1.1 "), ParameterCode::new(1, 1));
        let (_, note) = ParameterCode::parse_noted("7.2.").unwrap();
        assert_eq!(note, Some(CodeNote::TrailingDot("7.2.".into())));
        assert_eq!(ParameterCode::parse_noted("1.4").unwrap().1, None);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in ["", "1", "1.", "a.b", "1.1.1", "0.1", "1..2", "1,1"] {
            assert!(ParameterCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_code_expression_of_seed_001_parses() {
        let catalogue: Vec<ParameterCode> = [(1, 4), (2, 4), (3, 3), (4, 4), (5, 4), (6, 3), (7, 2)]
            .iter()
            .flat_map(|&(f, n)| (1..=n).map(move |i| ParameterCode::new(f, i)))
            .collect();
        assert_eq!(catalogue.len(), 24);
        let found = [code("1.1"), code("3.1")];
        for (text, expected) in [
            ("1.1.", vec!["1.1"]),
            ("1.1", vec!["1.1"]),
            ("1.3.", vec!["1.3"]),
            ("1.4", vec!["1.4"]),
            ("1.2-1.3", vec!["1.2", "1.3"]),
            ("1.2, 1.3", vec!["1.2", "1.3"]),
            ("2.1., 2.2., 2.3., 2.4", vec!["2.1", "2.2", "2.3", "2.4"]),
            ("2.1, 2.2, 2.3", vec!["2.1", "2.2", "2.3"]),
            ("2.3", vec!["2.3"]),
            ("3.1.", vec!["3.1"]),
            ("3.3", vec!["3.3"]),
            ("4.1, 4.2", vec!["4.1", "4.2"]),
            ("4.1.-4.3", vec!["4.1", "4.2", "4.3"]),
            ("5.1-5.3", vec!["5.1", "5.2", "5.3"]),
            ("6.1", vec!["6.1"]),
            ("6.1-6.3", vec!["6.1", "6.2", "6.3"]),
            ("7.2.", vec!["7.2"]),
            ("все выявленные параметры", vec!["1.1", "3.1"]),
        ] {
            let (expr, _) = CodeExpr::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let got: Vec<String> = expr.expand(&catalogue, &found).iter().map(ToString::to_string).collect();
            assert_eq!(got, expected, "{text}");
        }
    }

    #[test]
    fn every_found_parameter_is_read_in_the_words_plans_use() {
        for text in [
            "все выявленные параметры",
            "Все параметры",
            "все выявленные",
            "все выявленные риски",
            "По всем выявленным рискам",
            "все параметры риска",
            "по всем выявленным параметрам.",
            "Все выявленные факторы риска",
        ] {
            assert_eq!(CodeExpr::parse(text).map(|(e, _)| e), Ok(CodeExpr::AllFound), "{text}");
        }
        for text in ["все", "по плану", "все выявленные параметры, кроме 1.1", "риски"]
        {
            assert_ne!(CodeExpr::parse(text).map(|(e, _)| e), Ok(CodeExpr::AllFound), "{text}");
        }
    }

    #[test]
    fn backwards_ranges_are_refused() {
        assert!(matches!(CodeExpr::parse("1.3-1.2"), Err(CodeError::BadRange(_))));
        assert!(matches!(CodeExpr::parse("2.1-1.3"), Err(CodeError::BadRange(_))));
        assert!(matches!(CodeExpr::parse(" "), Err(CodeError::Empty)));
        assert!(matches!(CodeExpr::parse("по всем параметрам ()"), Err(CodeError::Empty)));
    }

    #[test]
    fn a_range_across_factors_is_every_code_between_its_ends_in_catalogue_order_and_says_so() {
        // Seed 001's catalogue: factor 5's codes written 7.x stand after 6.x.
        let catalogue: Vec<ParameterCode> = [(1, 4), (2, 4), (3, 3), (4, 4), (5, 4), (6, 3), (7, 2)]
            .iter()
            .flat_map(|&(f, n)| (1..=n).map(move |i| ParameterCode::new(f, i)))
            .collect();
        let (expr, notes) = CodeExpr::parse("по всем параметрам (1.1–5.3)").unwrap();
        assert_eq!(notes, [CodeNote::AcrossFactors("1.1–5.3".into())]);
        assert_eq!(notes[0].warning().0, "range_across_factors");
        let got = expr.expand(&catalogue, &[]);
        assert_eq!(got.len(), 4 + 4 + 3 + 4 + 3, "1.1 to 5.3: {got:?}");
        assert_eq!((got[0], got[got.len() - 1]), (code("1.1"), code("5.3")));
        // In the catalogue's order, not the codes': a catalogue that lists 3.x after 4.x.
        let shuffled = [code("1.1"), code("2.1"), code("4.1"), code("3.1"), code("4.2")];
        let (expr, _) = CodeExpr::parse("2.1-4.1").unwrap();
        assert_eq!(expr.expand(&shuffled, &[]), [code("2.1"), code("4.1")]);
        // Ends the catalogue does not hold: code order.
        let (expr, _) = CodeExpr::parse("1.5-4.1").unwrap();
        assert_eq!(expr.expand(&shuffled, &[]), [code("2.1"), code("4.1"), code("3.1")]);
        assert_eq!(CodeExpr::parse("(6.1-6.3)").unwrap().0, CodeExpr::parse("6.1-6.3").unwrap().0);
    }

    proptest! {
        #[test]
        fn a_written_code_parses_back(factor in 1u16..=99, index in 1u16..=99, dot in any::<bool>()) {
            let text = format!("{factor}.{index}{}", if dot { "." } else { "" });
            prop_assert_eq!(ParameterCode::parse(&text).unwrap(), ParameterCode::new(factor, index));
            prop_assert_eq!(ParameterCode::parse(&ParameterCode::new(factor, index).to_string()).unwrap(), ParameterCode::new(factor, index));
        }
    }
}
