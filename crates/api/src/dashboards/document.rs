//! A note's document: the small Markdown a note is written in (headings, paragraphs, lists,
//! tables, a right-aligned approval block, bold text and links) read once into blocks, and the
//! blocks rendered as HTML or as a Word document with real tables and styles. The Markdown stays
//! the one source, so that the three formats cannot say different things.

use std::fmt::Write as _;
use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, RunFonts, SpecialIndentType, Style, StyleType, Table,
    TableCell, TableLayoutType, TableRow, WidthType,
};

/// A stretch of text in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Span {
    Text(String),
    Bold(String),
    /// A figure and the API call that gives it.
    Link {
        text: String,
        href: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// `#` is the title, `##` a section.
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    /// Consecutive `- ` lines.
    List(Vec<Vec<Span>>),
    /// Consecutive `|` lines; the first row is the header.
    Table(Vec<Vec<Vec<Span>>>),
    /// Consecutive `> ` lines: the approval block, set to the right.
    Aside(Vec<Vec<Span>>),
}

/// `[text](href)` as links, `**text**` as bold, the rest as text.
fn spans(line: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let text = |t: &str, out: &mut Vec<Span>| {
        for (i, part) in t.split("**").enumerate() {
            if !part.is_empty() {
                out.push(if i % 2 == 1 { Span::Bold(part.to_owned()) } else { Span::Text(part.to_owned()) });
            }
        }
    };
    let mut rest = line;
    while let Some(start) = rest.find('[') {
        let Some(mid) = rest[start..].find("](").map(|i| start + i) else { break };
        let Some(end) = rest[mid..].find(')').map(|i| mid + i) else { break };
        text(&rest[..start], &mut out);
        out.push(Span::Link { text: rest[start + 1..mid].to_owned(), href: rest[mid + 2..end].to_owned() });
        rest = &rest[end + 1..];
    }
    text(rest, &mut out);
    out
}

/// The note's blocks, in order; one pass over the lines.
pub(crate) fn blocks(markdown: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in markdown.lines() {
        let last = out.last_mut();
        if let Some(item) = line.strip_prefix("- ") {
            match last {
                Some(Block::List(items)) => items.push(spans(item)),
                _ => out.push(Block::List(vec![spans(item)])),
            }
        } else if let Some(aside) = line.strip_prefix("> ") {
            match last {
                Some(Block::Aside(lines)) => lines.push(spans(aside)),
                _ => out.push(Block::Aside(vec![spans(aside)])),
            }
        } else if line.starts_with("| ---") {
        } else if line.starts_with('|') {
            let row: Vec<Vec<Span>> = line.trim().trim_matches('|').split('|').map(|c| spans(c.trim())).collect();
            match last {
                Some(Block::Table(rows)) => rows.push(row),
                _ => out.push(Block::Table(vec![row])),
            }
        } else if let Some(h) = line.strip_prefix("## ") {
            out.push(Block::Heading { level: 2, spans: spans(h) });
        } else if let Some(h) = line.strip_prefix("# ") {
            out.push(Block::Heading { level: 1, spans: spans(h) });
        } else if !line.trim().is_empty() {
            out.push(Block::Paragraph(spans(line)));
        }
    }
    out
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn html_spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) => escape(t),
            Span::Bold(t) => format!("<strong>{}</strong>", escape(t)),
            Span::Link { text, href } => format!("<a href=\"{}\">{}</a>", escape(href), escape(text)),
        })
        .collect()
}

/// The note as an HTML page, every text escaped.
pub(crate) fn html(markdown: &str, title: &str) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>table{{border-collapse:collapse}}td,th{{border:1px solid #000;padding:2px 6px}}\
         .aside{{text-align:right}}</style></head><body>\n",
        escape(title)
    );
    for block in blocks(markdown) {
        match block {
            Block::Heading { level, spans } => {
                let _ = writeln!(html, "<h{level}>{}</h{level}>", html_spans(&spans));
            }
            Block::Paragraph(spans) => {
                let _ = writeln!(html, "<p>{}</p>", html_spans(&spans));
            }
            Block::List(items) => {
                html.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(html, "<li>{}</li>", html_spans(&item));
                }
                html.push_str("</ul>\n");
            }
            Block::Aside(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| html_spans(l)).collect();
                let _ = writeln!(html, "<p class=\"aside\">{}</p>", lines.join("<br>"));
            }
            Block::Table(rows) => {
                html.push_str("<table>\n");
                for (i, row) in rows.iter().enumerate() {
                    let tag = if i == 0 { "th" } else { "td" };
                    let cells: String = row.iter().map(|c| format!("<{tag}>{}</{tag}>", html_spans(c))).collect();
                    let _ = writeln!(html, "<tr>{cells}</tr>");
                }
                html.push_str("</table>\n");
            }
        }
    }
    html.push_str("</body></html>\n");
    html
}

/// Sizes are in half-points: 14 pt text, as Russian official documents are set.
const BODY: usize = 28;
const TABLE: usize = 24;

fn runs(mut p: Paragraph, spans: &[Span], size: usize, bold: bool) -> Paragraph {
    for s in spans {
        let (text, strong) = match s {
            Span::Text(t) => (t.as_str(), bold),
            Span::Bold(t) => (t.as_str(), true),
            // A Word reader cannot follow the API's relative calls: the figure stays, as text.
            Span::Link { text, .. } => (text.as_str(), bold),
        };
        let run = docx_rs::Run::new().add_text(text).size(size);
        p = p.add_run(if strong { run.bold() } else { run });
    }
    p
}

fn styles(docx: Docx) -> Docx {
    let times = RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman").cs("Times New Roman");
    docx.default_fonts(times)
        .default_size(BODY)
        .page_margin(PageMargin::new().top(1134).bottom(1134).left(1701).right(850))
        .add_style(Style::new("Title", StyleType::Paragraph).name("Title").size(32).bold().align(AlignmentType::Center))
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(BODY)
                .bold()
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(240).after(120)),
        )
        .add_style(Style::new("TableText", StyleType::Paragraph).name("Table Text").size(TABLE))
        .add_style(Style::new("Approval", StyleType::Paragraph).name("Approval").align(AlignmentType::Right))
}

/// The note as a Word document (`.docx`): a title, sections as Heading 1, lists, the approval
/// block to the right, and tables with a bold header row, rows kept whole across pages.
pub(crate) fn docx(markdown: &str) -> Result<Vec<u8>, String> {
    let mut doc = styles(Docx::new());
    for block in blocks(markdown) {
        match block {
            Block::Heading { level, spans } => {
                let style = if level == 1 { "Title" } else { "Heading1" };
                let size = if level == 1 { 32 } else { BODY };
                doc = doc.add_paragraph(runs(Paragraph::new().style(style), &spans, size, true));
            }
            Block::Paragraph(spans) => {
                let p = Paragraph::new().align(AlignmentType::Both).indent(
                    None,
                    Some(SpecialIndentType::FirstLine(709)),
                    None,
                    None,
                );
                doc = doc.add_paragraph(runs(p, &spans, BODY, false));
            }
            Block::List(items) => {
                for item in items {
                    let p = Paragraph::new().indent(Some(709), None, None, None);
                    let mut spans = vec![Span::Text("– ".into())];
                    spans.extend(item);
                    doc = doc.add_paragraph(runs(p, &spans, BODY, false));
                }
            }
            Block::Aside(lines) => {
                for line in lines {
                    doc = doc.add_paragraph(runs(Paragraph::new().style("Approval"), &line, BODY, false));
                }
            }
            Block::Table(rows) => {
                let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
                // 16.5 cm of text width, in twips: a narrow «№» column, the others share the rest.
                let numbered = rows.first().and_then(|r| r.first()).is_some_and(|c| c == &[Span::Text("№".into())]);
                let first = if numbered && columns > 1 { 600 } else { 9355 / columns };
                let width = if numbered && columns > 1 { (9355 - first) / (columns - 1) } else { first };
                let grid: Vec<usize> = (0..columns).map(|c| if c == 0 { first } else { width }).collect();
                let rows = rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let cells = (0..columns)
                            .map(|c| {
                                let spans = row.get(c).map(Vec::as_slice).unwrap_or_default();
                                let p = runs(Paragraph::new().style("TableText"), spans, TABLE, i == 0);
                                TableCell::new().add_paragraph(p).width(grid[c], WidthType::Dxa)
                            })
                            .collect();
                        TableRow::new(cells).cant_split()
                    })
                    .collect();
                doc = doc
                    .add_table(Table::new(rows).layout(TableLayoutType::Fixed).set_grid(grid))
                    .add_paragraph(Paragraph::new());
            }
        }
    }
    let mut file = Cursor::new(Vec::new());
    doc.build().pack(&mut file).map_err(|e| format!("the document could not be written: {e}"))?;
    Ok(file.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "# Справка\n\n> Утверждаю\n> **Руководитель**\n\nТекст с [8](/api/v1/x) и <b>.\n\n- один\n- два\n\n| Год | Число |\n| --- | --- |\n| 2020 | [8](/l) |\n";

    #[test]
    fn the_markdown_reads_into_blocks_once() {
        let b = blocks(NOTE);
        assert_eq!(b.len(), 5);
        assert_eq!(
            b[1],
            Block::Aside(vec![vec![Span::Text("Утверждаю".into())], vec![Span::Bold("Руководитель".into())]])
        );
        assert!(matches!(&b[3], Block::List(items) if items.len() == 2));
        assert!(
            matches!(&b[4], Block::Table(rows) if rows.len() == 2 && rows[1][1] == vec![Span::Link { text: "8".into(), href: "/l".into() }])
        );
    }

    #[test]
    fn html_escapes_text_and_links_figures() {
        let page = html(NOTE, "<t>");
        assert!(page.contains("<title>&lt;t&gt;</title>"));
        assert!(page.contains("<a href=\"/api/v1/x\">8</a> и &lt;b&gt;."));
        assert!(page.contains("<td><a href=\"/l\">8</a></td>"));
    }

    #[test]
    fn the_word_document_is_a_zip_with_a_real_table() {
        let bytes = docx(NOTE).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("<w:tbl>"), "{xml}");
        assert!(xml.contains("Утверждаю"));
    }
}
