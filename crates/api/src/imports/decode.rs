//! Uploaded bytes to rows of cells.

use super::docx::DocumentTable;
use super::xlsx::xlsx;

/// Caps that protect the parser from oversized or hostile files.
#[derive(Debug, Clone, Copy)]
pub struct TableLimits {
    /// Largest total uncompressed size of an XLSX archive.
    pub max_unpacked_bytes: u64,
    pub max_rows: usize,
    /// The widest row accepted: municipal tables have a handful of columns, a column per year
    /// at most.
    pub max_columns: usize,
    /// Cells held in memory, counting the empty ones that keep later cells at their column.
    pub max_cells: usize,
}

impl Default for TableLimits {
    fn default() -> Self {
        Self { max_unpacked_bytes: 32 * 1024 * 1024, max_rows: 20_000, max_columns: 256, max_cells: 1_000_000 }
    }
}

/// Why a file could not be read as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableProblem {
    /// Larger than a cap: answered 413.
    TooLarge(String),
    /// Not readable in the declared format: answered 422 with the place.
    Unreadable(String),
    /// A content type that is not a table.
    UnsupportedType(String),
}

impl std::fmt::Display for TableProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLarge(m) | Self::Unreadable(m) | Self::UnsupportedType(m) => f.write_str(m),
        }
    }
}

pub(super) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(super) const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Decodes `bytes` of `content_type` into its tables: every table of a Word document, or the
/// one table of any other format.
pub fn decode_tables(
    bytes: &[u8],
    content_type: &str,
    limits: TableLimits,
) -> Result<Vec<Vec<Vec<String>>>, TableProblem> {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if mime == DOCX {
        return super::docx::docx_tables(bytes, limits);
    }
    decode_table(bytes, content_type, limits).map(|table| vec![table])
}

/// Decodes an upload into its tables with the lines above each: a Word document's paragraphs
/// before its tables; a sheet's title rows stay in its rows, above its header.
pub fn decode_document(
    bytes: &[u8],
    content_type: &str,
    limits: TableLimits,
) -> Result<Vec<DocumentTable>, TableProblem> {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if mime == DOCX {
        return super::docx::docx_document(bytes, limits);
    }
    decode_table(bytes, content_type, limits).map(|rows| vec![DocumentTable { preamble: Vec::new(), rows }])
}

/// Decodes a Word document into its paragraphs and tables in order, its lists numbered as
/// Word shows them. Only a Word document has paragraphs: any other named type is refused.
pub fn decode_blocks(
    bytes: &[u8],
    content_type: &str,
    limits: TableLimits,
) -> Result<Vec<opora_domain::monitoring::Block>, TableProblem> {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    // Bytes of no named type are read as the Word document they must be, or refused as one.
    if mime != DOCX && mime != "application/octet-stream" {
        return Err(TableProblem::UnsupportedType(format!("'{mime}' is not a Word document; send {DOCX}")));
    }
    super::numbering::docx_blocks(bytes, limits)
}

/// Decodes `bytes` of `content_type` (with an optional `charset` parameter) into rows.
pub fn decode_table(bytes: &[u8], content_type: &str, limits: TableLimits) -> Result<Vec<Vec<String>>, TableProblem> {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase());
    let rows = match mime.as_str() {
        XLSX => xlsx(bytes, limits)?,
        "text/tab-separated-values" | "text/tsv" => delimited(&text(bytes, charset.as_deref())?, Some(b'\t'), limits)?,
        "text/csv" => delimited(&text(bytes, charset.as_deref())?, None, limits)?,
        other => {
            return Err(TableProblem::UnsupportedType(format!(
                "'{other}' is not a table; send text/tab-separated-values, text/csv (charset=utf-8 or windows-1251) or {XLSX}"
            )));
        }
    };
    if rows.len() > limits.max_rows {
        return Err(too_many_rows(rows.len(), limits));
    }
    Ok(rows)
}

/// UTF-8 unless Windows-1251 is declared. Invalid UTF-8 is reported with its place, never
/// replaced: a cp1251 file read as UTF-8 would turn every name into garbage.
fn text(bytes: &[u8], charset: Option<&str>) -> Result<String, TableProblem> {
    match charset {
        Some("windows-1251" | "cp1251" | "cp-1251") => {
            let (text, _, _) = encoding_rs::WINDOWS_1251.decode(bytes);
            Ok(text.into_owned())
        }
        None | Some("utf-8" | "utf8") => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            String::from_utf8(bytes.to_vec()).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
                TableProblem::Unreadable(format!(
                    "the file is not valid UTF-8 (line {line}, byte {at}); if it was saved in Windows-1251, send it with charset=windows-1251"
                ))
            })
        }
        Some(other) => {
            Err(TableProblem::UnsupportedType(format!("charset '{other}' is not supported; use utf-8 or windows-1251")))
        }
    }
}

pub(super) fn too_many_rows(rows: usize, limits: TableLimits) -> TableProblem {
    TableProblem::TooLarge(format!("the table has {rows} rows or more; at most {} are accepted", limits.max_rows))
}

fn delimited(text: &str, delimiter: Option<u8>, limits: TableLimits) -> Result<Vec<Vec<String>>, TableProblem> {
    let delimiter = delimiter.unwrap_or_else(|| {
        let first = text.lines().next().unwrap_or_default();
        if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' }
    });
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        // Tables cut from Word hold quotes inside cells; only CSV uses them for quoting.
        .quoting(delimiter != b'\t')
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells = 0usize;
    // Newlines are counted from where the previous record ended, never from the start of the
    // file, so that finding each record's line stays linear in the file.
    let (mut scanned, mut newlines) = (0usize, 0usize);
    let bytes = text.as_bytes();
    for record in reader.records() {
        let record = record.map_err(|e| TableProblem::Unreadable(format!("row {}: {e}", rows.len() + 1)))?;
        // The reader skips blank lines; empty rows keep each row at its line of the file, so
        // that reports point at the right line. The byte offset is exact where the reader's
        // line count is not.
        let line = record.position().map_or(rows.len() + 1, |p| {
            // The reported offset is where the previous record ended; blank lines follow it.
            let mut byte = usize::try_from(p.byte()).unwrap_or(usize::MAX).min(bytes.len());
            while byte < bytes.len() && matches!(bytes[byte], b'\n' | b'\r') {
                byte += 1;
            }
            if byte > scanned {
                newlines += bytes[scanned..byte].iter().filter(|b| **b == b'\n').count();
                scanned = byte;
            }
            newlines + 1
        });
        if line > limits.max_rows {
            return Err(too_many_rows(line, limits));
        }
        if record.len() > limits.max_columns {
            return Err(TableProblem::TooLarge(format!(
                "row {line} has {} cells; at most {} are accepted",
                record.len(),
                limits.max_columns
            )));
        }
        cells += record.len();
        if cells > limits.max_cells {
            return Err(TableProblem::TooLarge(format!("the table holds over {} cells", limits.max_cells)));
        }
        while rows.len() + 1 < line {
            rows.push(Vec::new());
        }
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1251_is_decoded_when_declared_and_reported_when_not() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("1\tКадры\tДефицит\t1.1\tСОШ № 2\n");
        let rows =
            decode_table(&bytes, "text/tab-separated-values; charset=windows-1251", TableLimits::default()).unwrap();
        assert_eq!(rows[0][1], "Кадры");
        let problem = decode_table(&bytes, "text/tab-separated-values", TableLimits::default()).unwrap_err();
        assert!(
            matches!(problem, TableProblem::Unreadable(ref m) if m.contains("line 1") && m.contains("windows-1251")),
            "{problem}"
        );
    }

    #[test]
    fn blank_lines_keep_the_rows_at_their_line_numbers() {
        let rows = decode_table(b"a\tb\n\n\nc\td\n", "text/tab-separated-values", TableLimits::default()).unwrap();
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[3], ["c", "d"]);
    }

    #[test]
    fn csv_with_semicolons_and_quotes_is_read() {
        let rows =
            decode_table("№;код;ОО\n1;1.1;\"СОШ № 2; 9\"\n".as_bytes(), "text/csv", TableLimits::default()).unwrap();
        assert_eq!(rows[1], ["1", "1.1", "СОШ № 2; 9"]);
    }

    #[test]
    fn a_table_over_the_row_cap_is_too_large() {
        let text = "a\n".repeat(11);
        let limits = TableLimits { max_rows: 10, ..TableLimits::default() };
        assert!(matches!(decode_table(text.as_bytes(), "text/csv", limits), Err(TableProblem::TooLarge(_))));
    }

    #[test]
    fn rows_after_quoted_line_breaks_and_blank_lines_keep_their_lines() {
        let text = "a,\"two\nlines\"\n\nb,c\n\n\nd,e\n";
        let rows = decode_table(text.as_bytes(), "text/csv", TableLimits::default()).unwrap();
        assert_eq!(rows[0], ["a", "two\nlines"]);
        assert_eq!(rows[3], ["b", "c"], "{rows:?}");
        assert_eq!(rows[6], ["d", "e"], "{rows:?}");
    }

    #[test]
    fn a_file_of_a_million_lines_is_refused_at_the_row_cap() {
        let text = "1\n".repeat(1_000_000);
        let problem = decode_table(text.as_bytes(), "text/csv", TableLimits::default()).unwrap_err();
        assert!(matches!(problem, TableProblem::TooLarge(ref m) if m.contains("20000")), "{problem}");
    }

    #[test]
    fn a_row_wider_than_the_cap_is_too_large() {
        let text = format!("{}\n", ",".repeat(300));
        let problem = decode_table(text.as_bytes(), "text/csv", TableLimits::default()).unwrap_err();
        assert!(matches!(problem, TableProblem::TooLarge(ref m) if m.contains("row 1")), "{problem}");
    }

    #[test]
    fn other_types_are_refused() {
        assert!(matches!(
            decode_table(b"{}", "application/json", TableLimits::default()),
            Err(TableProblem::UnsupportedType(_))
        ));
    }
}
