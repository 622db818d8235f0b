//! A schedule cell cut into tokens: words (lower case, ё as е), numbers with their digit
//! count, dates, Roman numerals, dashes and breaks. One pass over the characters.

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Word(String),
    /// Digits as written, with their count: «2024» is a year, «15» a day, «4» a quarter.
    Number(u32, usize),
    /// «15.04», «15.04.2024», «22.04.».
    Date(u32, u32, Option<i32>),
    Roman(u8),
    Dash,
    Slash,
    /// A comma, a semicolon, a bracket: it ends what precedes it and reads as nothing.
    Break,
    /// A character no schedule writes.
    Other(char),
}

pub(super) fn lex(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() && *i - start < 9 {
            *i += 1;
        }
        let text: String = chars[start..*i].iter().collect();
        (text.parse::<u32>().unwrap_or(u32::MAX), *i - start)
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let (first, len) = digits(&mut i);
            let followed_by_digit =
                |i: usize| chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if len <= 2 && followed_by_digit(i) {
                i += 1;
                let (month, month_len) = digits(&mut i);
                let year = if month_len <= 2 && followed_by_digit(i) {
                    i += 1;
                    let (year, year_len) = digits(&mut i);
                    match year_len {
                        2 => Some(2000 + year as i32),
                        4 => Some(year as i32),
                        _ => {
                            tokens.push(Token::Other('.'));
                            None
                        }
                    }
                } else {
                    None
                };
                tokens.push(if month_len <= 2 { Token::Date(first, month, year) } else { Token::Other('.') });
            } else {
                tokens.push(Token::Number(first, len));
            }
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase().replace('ё', "е");
            tokens.push(match word.as_str() {
                "i" => Token::Roman(1),
                "ii" => Token::Roman(2),
                "iii" => Token::Roman(3),
                "iv" => Token::Roman(4),
                _ => Token::Word(word),
            });
            continue;
        }
        i += 1;
        match c {
            '-' | '–' | '—' | '−' | '‑' | '‐' | '‒' => tokens.push(Token::Dash),
            '/' => tokens.push(Token::Slash),
            ',' | ';' | '(' | ')' | '«' | '»' | '"' | '“' | '”' | ':' | '\n' => tokens.push(Token::Break),
            '.' => {}
            c if c.is_whitespace() => {}
            c => tokens.push(Token::Other(c)),
        }
    }
    tokens
}

/// The month a word names, in any case form: «март», «марта», «марте», «мар».
pub(crate) fn month_of(word: &str) -> Option<u32> {
    const STEMS: [(&str, u32); 12] = [
        ("январ", 1),
        ("феврал", 2),
        ("март", 3),
        ("апрел", 4),
        ("ма", 5),
        ("июн", 6),
        ("июл", 7),
        ("август", 8),
        ("сентябр", 9),
        ("октябр", 10),
        ("ноябр", 11),
        ("декабр", 12),
    ];
    const SHORT: [(&str, u32); 14] = [
        ("янв", 1),
        ("фев", 2),
        ("февр", 2),
        ("мар", 3),
        ("апр", 4),
        ("июн", 6),
        ("июл", 7),
        ("авг", 8),
        ("сен", 9),
        ("сент", 9),
        ("окт", 10),
        ("ноя", 11),
        ("нояб", 11),
        ("дек", 12),
    ];
    if let Some(&(_, m)) = SHORT.iter().find(|(w, _)| *w == word) {
        return Some(m);
    }
    // «май», «мая», «мае»; but not «мастер-класс», «марафон» or «сентябрьский».
    if matches!(word, "май" | "мая" | "мае") {
        return Some(5);
    }
    const ENDINGS: [&str; 10] = ["", "а", "е", "у", "ь", "я", "ю", "ем", "ом", "ём"];
    STEMS
        .iter()
        .filter(|(stem, _)| *stem != "ма")
        .find(|(stem, _)| word.strip_prefix(stem).is_some_and(|rest| ENDINGS.contains(&rest)))
        .map(|&(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn tokens_of_a_cell() {
        assert_eq!(
            lex("05.09 – 23.09.2024, I кв. 2024г"),
            vec![
                Token::Date(5, 9, None),
                Token::Dash,
                Token::Date(23, 9, Some(2024)),
                Token::Break,
                Token::Roman(1),
                Token::Word("кв".into()),
                Token::Number(2024, 4),
                Token::Word("г".into()),
            ]
        );
        assert_eq!(lex("22.04. (пт)")[0], Token::Date(22, 4, None));
        assert_eq!(lex("15.04.24")[0], Token::Date(15, 4, Some(2024)));
    }

    #[test]
    fn month_words_and_what_only_looks_like_them() {
        for (word, month) in [("января", 1), ("мая", 5), ("сентябре", 9), ("дек", 12), ("марта", 3), ("август", 8)]
        {
            assert_eq!(month_of(word), Some(month), "{word}");
        }
        for word in ["марафон", "мастер", "майский", "сентябрьский", "апрелевка"]
        {
            assert_eq!(month_of(word), None, "{word}");
        }
    }
}
