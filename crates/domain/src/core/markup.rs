//! Cells that carry markup from Word converters (`<p>…</p> <ul> -item; - item`), read as text
//! with their paragraphs as lines and their list items kept as «- item» lines. Linear in the
//! cell; anything that is not a tag is text.

/// The cell as plain text: lines trimmed, runs of spaces as one, empty lines dropped.
pub fn plain(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut in_list = 0usize;
    let mut rest = cell;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else { break };
        let tag = &rest[open + 1..close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let is_tag = !name.is_empty() && tag.chars().next().is_some_and(|c| c == '/' || c.is_ascii_alphabetic());
        if !is_tag {
            text(&mut out, &rest[..=open], in_list > 0);
            rest = &rest[open + 1..];
            continue;
        }
        text(&mut out, &rest[..open], in_list > 0);
        let closing = tag.starts_with('/');
        match name.as_str() {
            "ul" | "ol" if closing => {
                in_list = in_list.saturating_sub(1);
                out.push('\n');
            }
            "ul" | "ol" => {
                in_list += 1;
                out.push('\n');
            }
            "li" if !closing => out.push_str("\n- "),
            "p" | "br" | "div" | "li" | "tr" => out.push('\n'),
            _ => {}
        }
        rest = &rest[close + 1..];
    }
    text(&mut out, rest, in_list > 0);
    let mut lines = Vec::new();
    for line in out.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() && line != "-" {
            lines.push(line);
        }
    }
    lines.join("\n")
}

/// Appends a run of text, its entities decoded; inside a list, each «-» that opens an item
/// (at the start, or after a space or «;») starts a line.
fn text(out: &mut String, run: &str, in_list: bool) {
    let decoded = run
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    if !in_list {
        out.push_str(&decoded);
        return;
    }
    let mut previous = ' ';
    for ch in decoded.chars() {
        if ch == '-' && (previous.is_whitespace() || previous == ';') {
            out.push_str("\n- ");
        } else {
            out.push(ch);
        }
        previous = ch;
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn a_cell_without_markup_is_its_text_tidied() {
        assert_eq!(plain("  Районный   семинар "), "Районный семинар");
        assert_eq!(plain("a < b"), "a < b");
    }

    #[test]
    fn measure_19_keeps_its_list_items() {
        let cell = "<p>Сопровождение деятельности РМО:</p> <ul style=\"list-style-type: none\"> -собеседование с руководителями РМО о планировании эффективных форм повышения квалификации педагогов; - реализация плана через деятельность РМО ";
        assert_eq!(
            plain(cell),
            "Сопровождение деятельности РМО:\n- собеседование с руководителями РМО о планировании эффективных форм повышения квалификации педагогов;\n- реализация плана через деятельность РМО"
        );
    }

    #[test]
    fn paragraphs_become_lines_and_entities_are_decoded() {
        assert_eq!(
            plain("<p>Март, август, ноябрь 2023</p> <p>Январь,&nbsp;март 2024</p>"),
            "Март, август, ноябрь 2023\nЯнварь, март 2024"
        );
        assert_eq!(plain("<ol><li>один</li><li>два &amp; три</li></ol>"), "- один\n- два & три");
    }

    #[test]
    fn hyphenated_words_inside_a_list_stay_whole() {
        assert_eq!(
            plain("<ul>-семинар-практикум; - Учитель – учитель</ul>"),
            "- семинар-практикум;\n- Учитель – учитель"
        );
    }
}
