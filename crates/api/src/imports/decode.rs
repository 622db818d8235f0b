//! Uploaded bytes to rows of cells.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

/// Caps that protect the parser from oversized or hostile files.
#[derive(Debug, Clone, Copy)]
pub struct TableLimits {
    /// Largest total uncompressed size of an XLSX archive.
    pub max_unpacked_bytes: u64,
    pub max_rows: usize,
}

impl Default for TableLimits {
    fn default() -> Self {
        Self { max_unpacked_bytes: 64 * 1024 * 1024, max_rows: 20_000 }
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

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
        "text/tab-separated-values" | "text/tsv" => delimited(&text(bytes, charset.as_deref())?, Some(b'\t'))?,
        "text/csv" => delimited(&text(bytes, charset.as_deref())?, None)?,
        other => {
            return Err(TableProblem::UnsupportedType(format!(
                "'{other}' is not a table; send text/tab-separated-values, text/csv (charset=utf-8 or windows-1251) or {XLSX}"
            )));
        }
    };
    if rows.len() > limits.max_rows {
        return Err(TableProblem::TooLarge(format!(
            "the table has {} rows; at most {} are accepted",
            rows.len(),
            limits.max_rows
        )));
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

fn delimited(text: &str, delimiter: Option<u8>) -> Result<Vec<Vec<String>>, TableProblem> {
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
    for record in reader.records() {
        let record = record.map_err(|e| TableProblem::Unreadable(format!("row {}: {e}", rows.len() + 1)))?;
        // The reader skips blank lines; empty rows keep each row at its line of the file, so
        // that reports point at the right line.
        // The byte offset is exact where the reader's line count is not.
        let line = record.position().map_or(rows.len() + 1, |p| {
            // The reported offset is where the previous record ended; blank lines follow it.
            let mut byte = usize::try_from(p.byte()).unwrap_or(usize::MAX).min(text.len());
            while byte < text.len() && matches!(text.as_bytes()[byte], b'\n' | b'\r') {
                byte += 1;
            }
            text.as_bytes()[..byte].iter().filter(|b| **b == b'\n').count() + 1
        });
        while rows.len() + 1 < line {
            rows.push(Vec::new());
        }
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

/// Checks the archive's declared sizes before any part is inflated, then reads the first sheet.
fn xlsx(bytes: &[u8], limits: TableLimits) -> Result<Vec<Vec<String>>, TableProblem> {
    let unreadable = |e: &dyn std::fmt::Display| TableProblem::Unreadable(format!("not a readable XLSX file: {e}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut unpacked: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| unreadable(&e))?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > limits.max_unpacked_bytes {
        return Err(TableProblem::TooLarge(format!(
            "the XLSX file unpacks to {unpacked} bytes; at most {} are accepted",
            limits.max_unpacked_bytes
        )));
    }
    // Declared sizes can lie; the sheet is read through a bounded reader as well.
    let mut sheet_bytes = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| unreadable(&e))?;
        let read = (&mut entry)
            .take(limits.max_unpacked_bytes + 1)
            .read_to_end(&mut sheet_bytes)
            .map_err(|e| unreadable(&e))?;
        if read as u64 > limits.max_unpacked_bytes {
            return Err(TableProblem::TooLarge("the XLSX file unpacks beyond the accepted size".into()));
        }
        sheet_bytes.clear();
    }
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| TableProblem::Unreadable("the XLSX file has no sheet".into()))?
        .map_err(|e| unreadable(&e))?;
    if range.height() > limits.max_rows {
        return Err(TableProblem::TooLarge(format!(
            "the sheet has {} rows; at most {} are accepted",
            range.height(),
            limits.max_rows
        )));
    }
    // Keep the file's row numbers: the sheet may start below row 1.
    let offset = range.start().map_or(0, |(row, _)| row as usize);
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); offset];
    rows.extend(range.rows().map(|row| {
        row.iter()
            .map(|cell| match cell {
                Data::Empty => String::new(),
                Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                other => other.to_string(),
            })
            .collect()
    }));
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
    fn a_zip_bomb_is_refused_before_it_is_inflated() {
        let mut buffer = Cursor::new(Vec::new());
        {
            let mut writer = zip::ZipWriter::new(&mut buffer);
            let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            writer.start_file("xl/worksheets/sheet1.xml", options).unwrap();
            let zeros = vec![0u8; 1024 * 1024];
            for _ in 0..80 {
                std::io::Write::write_all(&mut writer, &zeros).unwrap();
            }
            writer.finish().unwrap();
        }
        let bytes = buffer.into_inner();
        assert!(bytes.len() < 1024 * 1024, "the archive itself is small");
        let problem = decode_table(&bytes, XLSX, TableLimits::default()).unwrap_err();
        assert!(matches!(problem, TableProblem::TooLarge(_)), "{problem}");
    }

    /// A minimal workbook with inline strings, as spreadsheet programs write them.
    fn workbook(rows: &[&[&str]]) -> Vec<u8> {
        use std::io::Write;
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for (r, row) in rows.iter().enumerate() {
            sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, cell) in row.iter().enumerate() {
                let column = char::from(b'A' + c as u8);
                sheet.push_str(&format!(r#"<c r="{column}{}" t="inlineStr"><is><t>{cell}</t></is></c>"#, r + 1));
            }
            sheet.push_str("</row>");
        }
        sheet.push_str("</sheetData></worksheet>");
        let files = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
            ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Аудит" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned()),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        let mut buffer = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut buffer);
        for (name, body) in files {
            writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(body.as_bytes()).unwrap();
        }
        writer.finish().unwrap();
        buffer.into_inner()
    }

    #[test]
    fn an_xlsx_sheet_is_read_cell_by_cell() {
        let bytes = workbook(&[
            &["№", "фактор", "параметр", "код", "ОО"],
            &["1", "Кадры", "Дефицит", "1.1.", "СОШ №2, 9, ООШ №11"],
        ]);
        let rows = decode_table(&bytes, XLSX, TableLimits::default()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1], ["1", "Кадры", "Дефицит", "1.1.", "СОШ №2, 9, ООШ №11"]);
    }

    #[test]
    fn other_types_are_refused() {
        assert!(matches!(
            decode_table(b"{}", "application/json", TableLimits::default()),
            Err(TableProblem::UnsupportedType(_))
        ));
    }
}
