//! A note's document: the small Markdown a note is written in (headings, paragraphs, lists,
//! tables, a right-aligned approval block, bold text and links) read once into blocks, and the
//! blocks rendered as HTML or as a Word document with real tables and styles. The Markdown stays
//! the one source, so that the three formats cannot say different things.

use std::fmt::Write as _;
use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Pic, RunFonts, SpecialIndentType, Style, StyleType, Table,
    TableCell, TableLayoutType, TableRow, WidthType,
};

use super::charts::Chart;

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
    /// `![caption](call)`: a chart of the note, by the call that draws it.
    Figure {
        caption: String,
        href: String,
    },
}

/// The chart a figure's call names: `…/charts/lists.svg?…` is `lists`.
fn chart_of<'a>(charts: &'a [Chart], href: &str) -> Option<&'a Chart> {
    let name = href.split('?').next()?.rsplit_once("/charts/")?.1.strip_suffix(".svg")?;
    charts.iter().find(|c| c.name == name)
}

/// Data as Markdown text: what a name, a title or a signature holds is printed as it is, never
/// read as markup. Every character Markdown (CommonMark with GFM tables) could read as a link,
/// emphasis, raw HTML or a cell border is escaped with a backslash, a leading character that
/// would start a block is escaped too, and line breaks become spaces, so a value never leaves
/// its line, its cell or its sentence.
pub(crate) fn text(value: &str) -> String {
    escaped(value, true)
}

/// [`text`] for a value inside a line's own markup (a figure between `[` and `]`), where no
/// block can start: «4.4, 5.4» stays as written.
pub(crate) fn inline_text(value: &str) -> String {
    escaped(value, false)
}

fn escaped(value: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    let mut leading = line_start;
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if leading => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => {
                out.push(c);
                // «1. …» at the start of a line would open a numbered list.
                if leading && c.is_ascii_digit() {
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        out.push(d);
                    }
                    if let Some(p) = chars.next_if(|p| matches!(p, '.' | ')')) {
                        out.push('\\');
                        out.push(p);
                    }
                }
            }
        }
        leading = false;
    }
    out
}

/// The only links a note carries are the API calls it builds itself: a relative path under
/// `/api/v1/` of plain URL characters. Anything else between `](` and `)` is not a link.
fn api_call(href: &str) -> bool {
    href.starts_with("/api/v1/") && href.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.~?=&,%".contains(&b))
}

/// A `[text](href)` at the start of `rest`: its text, unescaped, its href, and the bytes read.
fn link(rest: &str) -> Option<(String, String, usize)> {
    let mut label = String::new();
    let mut chars = rest.char_indices().skip(1);
    let close = loop {
        let (i, c) = chars.next()?;
        match c {
            '\\' => match chars.next() {
                Some((_, e)) if e.is_ascii_punctuation() => label.push(e),
                Some((_, e)) => {
                    label.push('\\');
                    label.push(e);
                }
                None => return None,
            },
            '[' => return None,
            ']' => break i,
            c => label.push(c),
        }
    };
    let after = &rest[close + 1..];
    let href_len = after.strip_prefix('(')?.find(')')?;
    let href = &after[1..=href_len];
    api_call(href).then(|| (label, href.to_owned(), close + 1 + href_len + 2))
}

/// `[text](href)` as links (API calls only), `**text**` as bold, a backslash-escaped character
/// as itself, the rest as text. One pass over the line.
fn spans(line: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut bold = false;
    let flush = |out: &mut Vec<Span>, text: &mut String, bold: bool| {
        if !text.is_empty() {
            let t = std::mem::take(text);
            out.push(if bold { Span::Bold(t) } else { Span::Text(t) });
        }
    };
    let mut i = 0;
    while let Some(c) = line[i..].chars().next() {
        let rest = &line[i..];
        if c == '\\' {
            if let Some(e) = rest[1..].chars().next().filter(char::is_ascii_punctuation) {
                text.push(e);
                i += 2;
                continue;
            }
        } else if rest.starts_with("**") {
            flush(&mut out, &mut text, bold);
            bold = !bold;
            i += 2;
            continue;
        } else if c == '['
            && let Some((label, href, read)) = link(rest)
        {
            flush(&mut out, &mut text, bold);
            out.push(Span::Link { text: label, href });
            i += read;
            continue;
        }
        text.push(c);
        i += c.len_utf8();
    }
    flush(&mut out, &mut text, bold);
    out
}

/// A table row's cells: split at the borders, never at an escaped `\|` a value holds.
fn cells(line: &str) -> Vec<Vec<Span>> {
    let inner = line.trim().strip_prefix('|').unwrap_or(line.trim());
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cell.push(c);
                if let Some(e) = chars.next() {
                    cell.push(e);
                }
            }
            '|' => out.push(spans(std::mem::take(&mut cell).trim())),
            c => cell.push(c),
        }
    }
    if !cell.trim().is_empty() {
        out.push(spans(cell.trim()));
    }
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
        } else if let Some((caption, href, read)) = line.strip_prefix('!').and_then(link)
            && read == line.len() - 1
        {
            out.push(Block::Figure { caption, href });
        } else if line.starts_with("| ---") {
        } else if line.starts_with('|') {
            let row = cells(line);
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

/// The note as an HTML page, every text escaped, its charts drawn in place.
pub(crate) fn html(markdown: &str, title: &str, charts: &[Chart]) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>{}</style></head><body>\n",
        escape(title),
        crate::security::NOTE_STYLE
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
            Block::Figure { caption, href } => {
                let picture = chart_of(charts, &href).map(Chart::svg).unwrap_or_default();
                let _ = writeln!(html, "<figure>{picture}<figcaption>{}</figcaption></figure>", escape(&caption));
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
        .add_style(Style::new("Caption", StyleType::Paragraph).name("Caption").size(TABLE).italic())
}

/// The note as a Word document (`.docx`): a title, sections as Heading 1, lists, the approval
/// block to the right, and tables with a bold header row, rows kept whole across pages.
pub(crate) fn docx(markdown: &str, charts: &[Chart]) -> Result<Vec<u8>, String> {
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
            Block::Figure { caption, href } => {
                if let Some(chart) = chart_of(charts, &href) {
                    let (png, width, height) = chart.png()?;
                    // The text width (16.5 cm) in EMU, the height in proportion.
                    let across = 5_940_000_u64;
                    let down = across * u64::from(height) / u64::from(width.max(1));
                    let pic = Pic::new_with_dimensions(png, width, height)
                        .size(across as u32, u32::try_from(down).unwrap_or(u32::MAX));
                    let p = Paragraph::new().align(AlignmentType::Center);
                    doc = doc.add_paragraph(p.add_run(docx_rs::Run::new().add_image(pic)));
                }
                let p = Paragraph::new().style("Caption").align(AlignmentType::Center);
                doc = doc.add_paragraph(runs(p, &[Span::Text(caption)], TABLE, false));
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

    const NOTE: &str = "# Справка\n\n> Утверждаю\n> **Руководитель**\n\nТекст с [8](/api/v1/x) и <b>.\n\n- один\n- два\n\n| Год | Число |\n| --- | --- |\n| 2020 | [8](/api/v1/l) |\n";

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
            matches!(&b[4], Block::Table(rows) if rows.len() == 2 && rows[1][1] == vec![Span::Link { text: "8".into(), href: "/api/v1/l".into() }])
        );
    }

    #[test]
    fn html_escapes_text_and_links_figures() {
        let page = html(NOTE, "<t>", &[]);
        assert!(page.contains("<title>&lt;t&gt;</title>"));
        assert!(page.contains("<a href=\"/api/v1/x\">8</a> и &lt;b&gt;."));
        assert!(page.contains("<td><a href=\"/api/v1/l\">8</a></td>"));
    }

    /// What a municipality could type into a name, a title or a signature.
    const HOSTILE: [&str; 6] = [
        "[Открыть отчёт](javascript:fetch('//x'))",
        "МБОУ СОШ [№ 2](javascript:alert(1))",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "**жирный** | ячейка \\| `код` # ~~зачёркнуто~~ &amp;",
        "- 1. > # строка\nвторая [x](/api/v1/regions)",
    ];

    #[test]
    fn data_escaped_as_text_reads_back_as_the_same_text_and_nothing_else() {
        for value in HOSTILE {
            let line = format!("До {} после", text(value));
            let read = spans(&line);
            let expected = format!("До {} после", value.replace('\n', " "));
            assert_eq!(read, vec![Span::Text(expected)], "{value}");
            // Inside a table cell it stays one cell, and at the start of a line it opens no block.
            let row = format!("| {} | [8](/api/v1/x) |", text(value));
            assert_eq!(cells(&row).len(), 2, "{value}");
            assert!(matches!(&blocks(&text(value))[..], [Block::Paragraph(_)]), "{value}");
        }
    }

    #[test]
    fn a_value_inside_a_figure_keeps_its_leading_number_as_written() {
        assert_eq!(inline_text("4.4, 5.4"), "4.4, 5.4");
        assert_eq!(text("4.4, 5.4"), "4\\.4, 5.4");
        assert_eq!(
            spans(&format!("[{}](/api/v1/x)", inline_text("4.4 <b>"))),
            vec![Span::Link { text: "4.4 <b>".into(), href: "/api/v1/x".into() }]
        );
    }

    #[test]
    fn only_the_api_calls_a_note_builds_are_links() {
        for href in ["javascript:alert(1)", "//evil.example/x", "https://evil.example", "/api/v1/x\"onmouseover=\"y"] {
            let read = spans(&format!("[a]({href})"));
            assert!(read.iter().all(|s| !matches!(s, Span::Link { .. })), "{href}: {read:?}");
        }
        assert_eq!(
            spans("[8](/api/v1/municipalities/1/lists?year=2020&kind=shnor)"),
            vec![Span::Link { text: "8".into(), href: "/api/v1/municipalities/1/lists?year=2020&kind=shnor".into() }]
        );
    }

    #[test]
    fn hostile_data_is_inert_in_html_and_word() {
        let mut note = String::from("# Справка\n\n");
        for value in HOSTILE {
            note.push_str(&format!("> {}\n", text(value)));
        }
        for value in HOSTILE {
            note.push_str(&format!("\n- {} [3](/api/v1/x)\n\n| № | {} |\n| --- | --- |\n", text(value), text(value)));
        }
        let page = html(&note, "t", &[]);
        for needle in ["<script", "<img", "href=\"javascript", "<strong>жирный"] {
            assert!(!page.contains(needle), "{needle} in {page}");
        }
        assert!(page.contains("&lt;script&gt;") && page.contains("<a href=\"/api/v1/x\">3</a>"));
        let links: Vec<&str> = page.split("<a href=\"").skip(1).collect();
        assert!(links.iter().all(|l| l.starts_with("/api/v1/x\"")), "{links:?}");
        let bytes = docx(&note, &[]).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{xml}");
        assert!(!xml.contains("<w:hyperlink"));
        let mut relations = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/_rels/document.xml.rels").unwrap(), &mut relations)
            .unwrap();
        assert!(!relations.contains("javascript") && !relations.contains("External"), "{relations}");
    }

    #[test]
    fn the_word_document_is_a_zip_with_a_real_table() {
        let bytes = docx(NOTE, &[]).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("<w:tbl>"), "{xml}");
        assert!(xml.contains("Утверждаю"));
    }

    #[test]
    fn a_figure_is_the_chart_its_call_names_as_svg_in_html_and_a_picture_in_word() {
        use super::super::charts::Bar;
        let chart = Chart {
            name: "lists".into(),
            title: "Количество ОО".into(),
            bars: vec![Bar { label: "2024 год".into(), value: 1.0, note: None }],
        };
        let note = "Текст.\n\n![Количество ОО](/api/v1/municipalities/m/charts/lists.svg?from=2020&to=2024)\n";
        assert_eq!(
            blocks(note)[1],
            Block::Figure {
                caption: "Количество ОО".into(),
                href: "/api/v1/municipalities/m/charts/lists.svg?from=2020&to=2024".into()
            }
        );
        let page = html(note, "t", std::slice::from_ref(&chart));
        assert!(page.contains("<figure><svg") && page.contains("2024 год\n</text>"), "{page}");
        // A call naming no chart of the note draws nothing, and keeps its caption.
        let other = html(&note.replace("lists", "unknown"), "t", std::slice::from_ref(&chart));
        assert!(!other.contains("<svg") && other.contains("<figcaption>Количество ОО</figcaption>"));
        let bytes = docx(note, &[chart]).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let media: Vec<String> = archive
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
            .map(|n| n.into_owned())
            .collect();
        assert_eq!(media.len(), 1, "{media:?}");
        let mut png = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name(&media[0]).unwrap(), &mut png).unwrap();
        assert!(png.starts_with(&[137, 80, 78, 71]), "a PNG");
    }
}
