//! Reading uploaded tables: CSV and TSV in UTF-8 or Windows-1251, and XLSX, bounded before
//! they are parsed. Used by the import endpoints and by `opora import` alike.

mod decode;

pub use decode::{TableLimits, TableProblem, decode_table};
