//! Word's list numbering: a numbered paragraph holds no «1.1.» of its own, Word draws it from
//! `word/numbering.xml` (each list's levels: format, text such as «%1.%2.», start). The blocks
//! of a report carry the numbers as Word shows them, so that its reader sees what a person sees.
//! Without the part (or for a list it does not define), levels are numbered «1.», «1.1.».

use std::collections::HashMap;

use opora_domain::monitoring::Block;
use quick_xml::Reader;
use quick_xml::events::Event;

use super::decode::{TableLimits, TableProblem};
use super::docx::{Part, attribute, docx_parts, optional_part};

/// The longest paragraph a report's reader keeps: a long conclusion many times over.
const MAX_REPORT_PARAGRAPH_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

#[derive(Debug, Default)]
struct Numbering {
    lists: HashMap<u32, u32>,
    levels: HashMap<(u32, u8), Level>,
}

fn numbering(xml: &str) -> Result<Numbering, TableProblem> {
    let mut reader = Reader::from_str(xml);
    let mut out = Numbering::default();
    let (mut abstract_id, mut num_id, mut level): (Option<u32>, Option<u32>, Option<(u8, Level)>) = (None, None, None);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| TableProblem::Unreadable(format!("not a readable DOCX file: word/numbering.xml: {e}")))?;
        let (start, e) = match &event {
            Event::Start(e) => (true, e),
            Event::Empty(e) => (false, e),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some((ilvl, l))) = (abstract_id, level.take()) {
                            out.levels.insert((a, ilvl), l);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let value = |name: &str| attribute(e, name);
        match e.local_name().as_ref() {
            "abstractNum" if start => abstract_id = value("abstractNumId").and_then(|v| v.parse().ok()),
            "num" if start => num_id = value("numId").and_then(|v| v.parse().ok()),
            "abstractNumId" => {
                if let (Some(n), Some(a)) = (num_id, value("val").and_then(|v| v.parse().ok())) {
                    out.lists.insert(n, a);
                }
            }
            "lvl" if start => {
                let ilvl = value("ilvl").and_then(|v| v.parse::<u8>().ok()).unwrap_or(0).min(8);
                level = Some((ilvl, Level { format: "decimal".into(), text: String::new(), start: 1 }));
            }
            "start" => {
                if let Some((_, l)) = level.as_mut() {
                    l.start = value("val").and_then(|v| v.parse().ok()).unwrap_or(1).min(10_000);
                }
            }
            "numFmt" => {
                if let Some((_, l)) = level.as_mut() {
                    l.format = value("val").unwrap_or_default();
                }
            }
            "lvlText" => {
                if let Some((_, l)) = level.as_mut() {
                    l.text = value("val").unwrap_or_default().chars().take(32).collect();
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn render(format: &str, n: u32) -> String {
    let roman = |mut n: u32| {
        let mut out = String::new();
        for (value, digits) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
            while n >= value && out.len() < 16 {
                out.push_str(digits);
                n -= value;
            }
        }
        out
    };
    let letter = |n: u32| {
        const LETTERS: [char; 28] = [
            'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у', 'ф', 'х',
            'ц', 'ч', 'ш', 'щ', 'э', 'ю', 'я',
        ];
        LETTERS[(n.max(1) as usize - 1) % LETTERS.len()].to_string()
    };
    match format {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "russianLower" | "lowerLetter" => letter(n),
        "russianUpper" | "upperLetter" => letter(n).to_uppercase(),
        _ => n.to_string(),
    }
}

/// The document's paragraphs and tables as a report's blocks, numbered as Word shows them.
pub(super) fn docx_blocks(bytes: &[u8], limits: TableLimits) -> Result<Vec<Block>, TableProblem> {
    let parts = docx_parts(bytes, limits, MAX_REPORT_PARAGRAPH_BYTES)?;
    let numbering = match optional_part(bytes, "word/numbering.xml", limits)? {
        Some(xml) => numbering(std::str::from_utf8(&xml).map_err(|e| TableProblem::Unreadable(e.to_string()))?)?,
        None => Numbering::default(),
    };
    let mut counters: HashMap<u32, [u32; 9]> = HashMap::new();
    let mut blocks = Vec::with_capacity(parts.len());
    let mut paragraphs = 0usize;
    for part in parts {
        if let Part::Paragraph { cut, .. } = &part {
            paragraphs += 1;
            // A paragraph is never read in part: one this long is no report's.
            if *cut {
                return Err(TableProblem::TooLarge(format!(
                    "paragraph {paragraphs} is longer than {} KiB",
                    MAX_REPORT_PARAGRAPH_BYTES / 1024
                )));
            }
        }
        match part {
            Part::Table(rows) => blocks.push(Block::Table(rows)),
            Part::Paragraph { text, list: None, .. } => blocks.push(Block::Paragraph { text, number: None }),
            Part::Paragraph { text, list: Some((id, ilvl)), .. } => {
                let list = numbering.lists.get(&id).copied();
                let level_of = |l: u8| list.and_then(|a| numbering.levels.get(&(a, l))).cloned();
                let level = level_of(ilvl);
                if level.as_ref().is_some_and(|l| l.format == "bullet" || l.format == "none") {
                    blocks.push(Block::Paragraph { text, number: Some("-".into()) });
                    continue;
                }
                let counter = counters.entry(list.unwrap_or(id)).or_insert([0; 9]);
                let i = usize::from(ilvl);
                counter[i] = if counter[i] == 0 { level.as_ref().map_or(1, |l| l.start) } else { counter[i] + 1 };
                counter[i + 1..].iter_mut().for_each(|c| *c = 0);
                let number = match level.filter(|l| !l.text.is_empty()) {
                    Some(l) => {
                        let mut shown = l.text.clone();
                        for k in 0..=ilvl {
                            let format = level_of(k).map_or_else(|| "decimal".to_owned(), |l| l.format);
                            shown =
                                shown.replace(&format!("%{}", k + 1), &render(&format, counter[usize::from(k)].max(1)));
                        }
                        shown
                    }
                    None => format!(
                        "{}.",
                        counter[..=i].iter().map(|c| c.max(&1).to_string()).collect::<Vec<_>>().join(".")
                    ),
                };
                blocks.push(Block::Paragraph { text, number: Some(number) });
            }
        }
    }
    if blocks.is_empty() {
        return Err(TableProblem::Unreadable("the DOCX document holds no text".into()));
    }
    Ok(blocks)
}
