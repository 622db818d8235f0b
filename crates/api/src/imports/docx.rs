//! The tables of a Word document (DOCX), read as the document holds them: paragraphs of a cell
//! as its lines (list paragraphs as «- item»), horizontally merged cells padded so that columns
//! stay in place, vertically merged cells repeated down the rows they span — unless the first
//! column is merged too, when the rows are one record broken over several and the later rows
//! stay empty for the reader to join. The archive is bounded before anything is inflated, and
//! the part is read as a stream: memory follows what the document really holds.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::decode::{TableLimits, TableProblem, too_many_rows};

fn unreadable(e: &dyn std::fmt::Display) -> TableProblem {
    TableProblem::Unreadable(format!("not a readable DOCX file: {e}"))
}

/// A cell as the document marks it.
#[derive(Debug, Default)]
struct Cell {
    text: String,
    span: usize,
    /// `Some(false)` starts a vertical merge, `Some(true)` continues one.
    merge: Option<bool>,
}

/// A top-level table with the paragraphs above it: the document's head and those between it
/// and the table before it. A plan writes its title and the stamp of its order there.
#[derive(Debug, Default)]
pub struct DocumentTable {
    pub preamble: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The paragraphs kept before a table: a title block is a few lines, and a long text between
/// two tables is not one.
const MAX_PREAMBLE_PARAGRAPHS: usize = 40;

/// What a paragraph above a table keeps: a title's length many times over.
const MAX_PARAGRAPH_BYTES: usize = 4_096;

/// Reads every top-level table of the document, in order.
pub(super) fn docx_tables(bytes: &[u8], limits: TableLimits) -> Result<Vec<Vec<Vec<String>>>, TableProblem> {
    Ok(docx_document(bytes, limits)?.into_iter().map(|t| t.rows).collect())
}

/// Reads every top-level table of the document with the paragraphs above it.
pub(super) fn docx_document(bytes: &[u8], limits: TableLimits) -> Result<Vec<DocumentTable>, TableProblem> {
    let mut tables: Vec<DocumentTable> = Vec::new();
    let mut paragraphs: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    let mut head: Vec<String> = Vec::new();
    for part in docx_parts(bytes, limits, MAX_PARAGRAPH_BYTES)? {
        match part {
            Part::Paragraph { mut text, .. } => {
                if paragraphs.len() == MAX_PREAMBLE_PARAGRAPHS {
                    paragraphs.pop_front();
                }
                text.truncate(text.floor_char_boundary(MAX_PARAGRAPH_BYTES));
                paragraphs.push_back(text);
            }
            Part::Table(rows) => {
                // The document's head (title, approval stamp) stands before its first table;
                // each later table also keeps the paragraphs since the one before.
                let since: Vec<String> = std::mem::take(&mut paragraphs).into_iter().collect();
                if tables.is_empty() {
                    head.clone_from(&since);
                }
                let preamble = if tables.is_empty() { since } else { head.iter().cloned().chain(since).collect() };
                tables.push(DocumentTable { preamble, rows });
            }
        }
    }
    if tables.is_empty() {
        return Err(TableProblem::Unreadable("the DOCX document holds no table".into()));
    }
    Ok(tables)
}

/// A top-level part of the document, in order.
#[derive(Debug)]
pub(super) enum Part {
    /// A paragraph with the list it is an item of: (numbering id, level); `cut` when it ran
    /// past the bytes kept.
    Paragraph {
        text: String,
        list: Option<(u32, u8)>,
        cut: bool,
    },
    Table(Vec<Vec<String>>),
}

/// Reads the document's top-level paragraphs and tables in order; each paragraph keeps at most
/// `max_paragraph_bytes`, and there are at most as many as a table may have rows.
pub(super) fn docx_parts(
    bytes: &[u8],
    limits: TableLimits,
    max_paragraph_bytes: usize,
) -> Result<Vec<Part>, TableProblem> {
    let xml = document_part(bytes, limits)?;
    let text = std::str::from_utf8(&xml).map_err(|e| unreadable(&e))?;
    let mut reader = Reader::from_str(text);
    let mut parts: Vec<Part> = Vec::new();
    let mut paragraph = String::new();
    let mut list: (Option<u32>, u8) = (None, 0);
    let mut cut_paragraph = false;
    let mut depth = 0usize;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Option<Cell> = None;
    let (mut in_text, mut paragraph_started) = (false, false);
    let mut held_rows = 0usize;
    let mut held_cells = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            TableProblem::Unreadable(format!(
                "not a readable DOCX file: word/document.xml at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => depth += 1,
                "tr" if depth == 1 => row.clear(),
                "tc" if depth == 1 => cell = Some(Cell { span: 1, ..Cell::default() }),
                "p" => paragraph_started = true,
                "numPr" => list_item(cell.as_mut(), paragraph_started),
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) if depth == 0 && matches!(e.local_name().as_ref(), "numId" | "ilvl") => {
                let value: Option<u32> = attribute(&e, "val").and_then(|v| v.parse().ok());
                if e.local_name().as_ref() == "numId" {
                    list.0 = value.filter(|v| *v != 0);
                } else {
                    list.1 = value.and_then(|v| u8::try_from(v).ok()).unwrap_or(0).min(8);
                }
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                "gridSpan" if depth == 1 => {
                    if let Some(c) = cell.as_mut() {
                        c.span = attribute(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                    }
                }
                "gridBefore" if depth == 1 && cell.is_none() => {
                    let before: usize = attribute(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
                    row.extend((0..before).map(|_| Cell { span: 1, ..Cell::default() }));
                }
                "vMerge" if depth == 1 => {
                    if let Some(c) = cell.as_mut() {
                        c.merge = Some(attribute(&e, "val").as_deref() != Some("restart"));
                    }
                }
                "numPr" => list_item(cell.as_mut(), paragraph_started),
                "tab" | "br" | "cr" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push(if e.local_name().as_ref() == "tab" { ' ' } else { '\n' });
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "tbl" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        parts.push(Part::Table(resolve_merges(std::mem::take(&mut rows))));
                    }
                }
                "tr" if depth == 1 => {
                    held_rows += 1;
                    if held_rows > limits.max_rows {
                        return Err(too_many_rows(held_rows, limits));
                    }
                    rows.push(std::mem::take(&mut row));
                }
                "tc" if depth == 1 => {
                    if let Some(c) = cell.take() {
                        held_cells += c.span;
                        if row.len() + c.span > limits.max_columns || held_cells > limits.max_cells {
                            return Err(TableProblem::TooLarge(format!(
                                "a table holds more than {} columns or {} cells",
                                limits.max_columns, limits.max_cells
                            )));
                        }
                        let span = c.span;
                        row.push(c);
                        row.extend((1..span).map(|_| Cell { span: 1, ..Cell::default() }));
                    }
                }
                "p" => {
                    paragraph_started = false;
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\n');
                    } else if depth == 0 {
                        let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
                        paragraph.clear();
                        let numbered = list.0.map(|id| (id, list.1));
                        list = (None, 0);
                        let cut = std::mem::take(&mut cut_paragraph);
                        if !text.is_empty() {
                            held_rows += 1;
                            if held_rows > limits.max_rows {
                                return Err(too_many_rows(held_rows, limits));
                            }
                            parts.push(Part::Paragraph { text, list: numbered, cut });
                        }
                    }
                }
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                } else if depth == 0 {
                    let text = t.xml10_content();
                    cut_paragraph |= paragraph.len() + text.len() > max_paragraph_bytes;
                    if paragraph.len() < max_paragraph_bytes {
                        paragraph.push_str(&text);
                    }
                }
            }
            Event::GeneralRef(r) if in_text => {
                let resolved = match r.resolve_char_ref().map_err(|e| unreadable(&e))? {
                    Some(ch) => Some(ch.to_string()),
                    None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(str::to_owned),
                };
                if let (Some(c), Some(text)) = (cell.as_mut(), &resolved) {
                    c.text.push_str(text);
                } else if let (true, Some(text)) = (depth == 0, &resolved) {
                    paragraph.push_str(text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(parts)
}

/// A vertically merged cell holds one value for every row it spans, unless the first column is
/// merged too: then the rows are one record, and the later ones stay empty.
fn resolve_merges(rows: Vec<Vec<Cell>>) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::with_capacity(rows.len());
    for row in rows {
        let record_continues = row.first().is_some_and(|c| c.merge == Some(true));
        let texts: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(column, c)| {
                let own = c.text.trim_end_matches('\n').to_owned();
                match (c.merge, record_continues) {
                    (Some(true), false) => out.last().and_then(|above| above.get(column)).cloned().unwrap_or_default(),
                    (Some(true), true) => String::new(),
                    _ => own,
                }
            })
            .collect();
        out.push(texts);
    }
    out
}

/// A paragraph with list numbering starts with «- », as the table readers expect an item.
fn list_item(cell: Option<&mut Cell>, paragraph_started: bool) {
    if let Some(c) = cell
        && paragraph_started
    {
        c.text.push_str("- ");
    }
}

pub(super) fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The document part, inflated within the cap.
fn document_part(bytes: &[u8], limits: TableLimits) -> Result<Vec<u8>, TableProblem> {
    optional_part(bytes, "word/document.xml", limits)?
        .ok_or_else(|| TableProblem::Unreadable("not a readable DOCX file: it has no word/document.xml".into()))
}

/// A part of the archive, inflated within the cap: its declared size first, then the real
/// one; `None` when the archive has no such part.
pub(super) fn optional_part(bytes: &[u8], name: &str, limits: TableLimits) -> Result<Option<Vec<u8>>, TableProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let too_large = || {
        TableProblem::TooLarge(format!(
            "the DOCX document unpacks beyond {} bytes; at most that is accepted",
            limits.max_unpacked_bytes
        ))
    };
    let Ok(mut part) = archive.by_name(name) else { return Ok(None) };
    if part.size() > limits.max_unpacked_bytes {
        return Err(too_large());
    }
    let mut xml = Vec::new();
    (&mut part).take(limits.max_unpacked_bytes + 1).read_to_end(&mut xml).map_err(|e| unreadable(&e))?;
    if xml.len() as u64 > limits.max_unpacked_bytes {
        return Err(too_large());
    }
    Ok(Some(xml))
}
