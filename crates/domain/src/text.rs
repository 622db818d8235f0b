//! Text normalisation shared by names, search and reference matching.

/// At most `max` characters of `text`, with «…» where it was cut. What a report quotes of a cell
/// is bounded this way, so that a cell naming a school a hundred thousand times costs its size
/// once, not once per reference.
pub fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Folds text for comparison: lower case, `ё` as `е`, quotes dropped, runs of whitespace as one
/// space. Word tables write the same name with «», "", or no quotes at all.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        let ch = match ch {
            'ё' | 'Ё' => 'е',
            '«' | '»' | '"' | '“' | '”' | '„' | '\'' | '`' => ' ',
            c => c,
        };
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(ch.to_lowercase());
    }
    out
}

/// Trims and collapses inner whitespace, keeping case and quotes: how a name is stored.
pub fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_quotes_yo_and_spacing() {
        assert_eq!(fold("  МОУ «Заволжская  СОШ» "), "моу заволжская сош");
        assert_eq!(fold("Алёшинская"), "алешинская");
    }

    #[test]
    fn tidying_keeps_case_and_quotes() {
        assert_eq!(tidy(" МОУ  «Некрасовская\tСОШ» "), "МОУ «Некрасовская СОШ»");
    }
}
