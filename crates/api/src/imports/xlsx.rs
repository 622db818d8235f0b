//! XLSX workbooks: the first sheet, read cell by cell with caps, so that memory follows what
//! the file really holds and never what it declares.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

use super::decode::{TableLimits, TableProblem, too_many_rows};

fn unreadable(e: &dyn std::fmt::Display) -> TableProblem {
    TableProblem::Unreadable(format!("not a readable XLSX file: {e}"))
}

/// Checks the archive before any part is parsed, then reads the first sheet's cells.
pub(super) fn xlsx(bytes: &[u8], limits: TableLimits) -> Result<Vec<Vec<String>>, TableProblem> {
    check_archive(bytes, limits)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let sheet = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| TableProblem::Unreadable("the XLSX file has no sheet".into()))?;
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(|e| unreadable(&e))?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Cells held, the empty ones that pad rows and columns included.
    let mut held = 0usize;
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let (row, column) = (row as usize, column as usize);
        // A sparse sheet (A1 and XFD1048576) is refused at its first far cell, before any
        // padding is allocated for it.
        if row >= limits.max_rows {
            return Err(too_many_rows(row + 1, limits));
        }
        if column >= limits.max_columns {
            return Err(TableProblem::TooLarge(format!(
                "row {} has a cell in column {}; at most {} columns are accepted",
                row + 1,
                column + 1,
                limits.max_columns
            )));
        }
        let text = match Data::from(cell.get_value().clone()) {
            Data::Empty => continue,
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            other => other.to_string(),
        };
        if rows.len() <= row {
            held += row + 1 - rows.len();
            rows.resize_with(row + 1, Vec::new);
        }
        let cells_of_row = &mut rows[row];
        if cells_of_row.len() <= column {
            held += column + 1 - cells_of_row.len();
            cells_of_row.resize_with(column + 1, String::new);
        }
        if held > limits.max_cells {
            return Err(TableProblem::TooLarge(format!("the sheet holds over {} cells", limits.max_cells)));
        }
        cells_of_row[column] = text;
    }
    Ok(rows)
}

/// Refuses an archive that would unpack beyond the cap (declared sizes first, then the real
/// ones through a bounded reader) or whose shared-strings table declares more strings than
/// its bytes could hold: the reader reserves room for the declared count up front.
fn check_archive(bytes: &[u8], limits: TableLimits) -> Result<(), TableProblem> {
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
    let mut part = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| unreadable(&e))?;
        let shared_strings =
            entry.name().map_err(|e| unreadable(&e))?.to_ascii_lowercase().ends_with("sharedstrings.xml");
        part.clear();
        let read = (&mut entry)
            .take(limits.max_unpacked_bytes.saturating_sub(total) + 1)
            .read_to_end(&mut part)
            .map_err(|e| unreadable(&e))?;
        total = total.saturating_add(read as u64);
        if total > limits.max_unpacked_bytes {
            return Err(TableProblem::TooLarge("the XLSX file unpacks beyond the accepted size".into()));
        }
        if shared_strings {
            check_shared_strings(&part)?;
        }
    }
    Ok(())
}

/// The smallest shared string, `<si/>`, takes five bytes.
const MIN_SHARED_STRING_BYTES: usize = 5;

fn check_shared_strings(xml: &[u8]) -> Result<(), TableProblem> {
    let declared = declared_count(xml, b"uniqueCount=").max(declared_count(xml, b" count="));
    let room = xml.len() / MIN_SHARED_STRING_BYTES;
    if declared.is_some_and(|n| n > room as u128) {
        return Err(TableProblem::Unreadable(format!(
            "not a readable XLSX file: the shared-strings table declares {} strings in {} bytes",
            declared.unwrap_or_default(),
            xml.len()
        )));
    }
    Ok(())
}

/// The number in `name"…"` within the root element's start tag, if it is there.
fn declared_count(xml: &[u8], name: &[u8]) -> Option<u128> {
    let root = xml.windows(4).position(|w| w == b"sst ").or_else(|| xml.windows(4).position(|w| w == b"sst\t"))?;
    let end = root + xml[root..].iter().position(|b| *b == b'>')?;
    let tag = &xml[root..end];
    let at = tag.windows(name.len()).position(|w| w == name)? + name.len();
    let value = tag.get(at + 1..)?;
    let digits: Vec<u8> = value.iter().copied().take_while(u8::is_ascii_digit).take(30).collect();
    // Anything unreadable as a count is left for the XML reader to judge.
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::super::decode::{XLSX, decode_table};
    use super::*;

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Аудит" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

    /// A workbook of the given sheet XML body (inside `<sheetData>`) and optional shared strings.
    fn workbook_of(sheet_data: &str, shared_strings: Option<&str>) -> Vec<u8> {
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
        );
        let mut files = vec![
            ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
            ("_rels/.rels", RELS.to_owned()),
            ("xl/workbook.xml", WORKBOOK.to_owned()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        if let Some(strings) = shared_strings {
            files.push(("xl/sharedStrings.xml", strings.to_owned()));
        }
        let mut buffer = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut buffer);
        for (name, body) in files {
            writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(body.as_bytes()).unwrap();
        }
        writer.finish().unwrap();
        buffer.into_inner()
    }

    /// A minimal workbook with inline strings, as spreadsheet programs write them.
    fn workbook(rows: &[&[&str]]) -> Vec<u8> {
        let mut data = String::new();
        for (r, row) in rows.iter().enumerate() {
            data.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, cell) in row.iter().enumerate() {
                let column = char::from(b'A' + c as u8);
                data.push_str(&format!(r#"<c r="{column}{}" t="inlineStr"><is><t>{cell}</t></is></c>"#, r + 1));
            }
            data.push_str("</row>");
        }
        workbook_of(&data, None)
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
    fn a_sheet_with_cells_at_a1_and_xfd1048576_is_too_large_before_it_is_spread_out() {
        let data = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>b</t></is></c></row>"#;
        let problem = decode_table(&workbook_of(data, None), XLSX, TableLimits::default()).unwrap_err();
        assert!(matches!(problem, TableProblem::TooLarge(ref m) if m.contains("1048576")), "{problem}");
    }

    #[test]
    fn a_cell_far_to_the_right_is_too_large() {
        let data = r#"<row r="1"><c r="XFD1" t="inlineStr"><is><t>b</t></is></c></row>"#;
        let problem = decode_table(&workbook_of(data, None), XLSX, TableLimits::default()).unwrap_err();
        assert!(matches!(problem, TableProblem::TooLarge(ref m) if m.contains("16384")), "{problem}");
    }

    #[test]
    fn a_shared_strings_table_that_declares_more_than_it_holds_is_unreadable() {
        let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="100000000000"><si><t>a</t></si></sst>"#;
        let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        let problem = decode_table(&workbook_of(data, Some(strings)), XLSX, TableLimits::default()).unwrap_err();
        assert!(matches!(problem, TableProblem::Unreadable(ref m) if m.contains("100000000000")), "{problem}");
    }

    #[test]
    fn shared_strings_are_read_when_their_count_is_true() {
        let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>Кадры</t></si><si><t>СОШ № 2</t></si></sst>"#;
        let data = r#"<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v></c><c r="D2" t="s"><v>1</v></c></row>"#;
        let rows = decode_table(&workbook_of(data, Some(strings)), XLSX, TableLimits::default()).unwrap();
        assert_eq!(rows, vec![vec![], vec!["1".to_owned(), "Кадры".into(), String::new(), "СОШ № 2".into()]]);
    }
}
