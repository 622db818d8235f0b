//! What every table import reports: a problem with its place in the file. The resolution of
//! the school references a table's cells hold is the registry's (`schools::resolver`).

/// A warning or an error, with the place it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based row of the file.
    pub row: u32,
    /// Spreadsheet letter of the column (A…Z), or empty for a whole row.
    pub column: String,
    /// The cell's text as written.
    pub text: String,
    pub code: &'static str,
    pub message: String,
}

impl Issue {
    /// How much of the cell an issue quotes: enough to find it, never the whole of a huge cell.
    pub const MAX_TEXT_CHARS: usize = 300;

    /// An issue at `row` and the 0-based `column`.
    pub fn new(row: u32, column: usize, text: &str, code: &'static str, message: impl Into<String>) -> Self {
        let letter = char::from(b'A' + u8::try_from(column).unwrap_or(25).min(25));
        let text = crate::text::excerpt(text, Self::MAX_TEXT_CHARS);
        Self { row, column: letter.to_string(), text, code, message: message.into() }
    }

    /// An issue about the document as a whole, or the lines above its table: row 0, no column.
    pub fn document(text: &str, code: &'static str, message: impl Into<String>) -> Self {
        let text = crate::text::excerpt(text, Self::MAX_TEXT_CHARS);
        Self { row: 0, column: String::new(), text, code, message: message.into() }
    }
}
