//! Any bytes, as CSV, TSV (UTF-8 or Windows-1251) or XLSX, then as an audit and a list table:
//! never a panic, and never more rows than the caps allow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opora_api::imports::{TableLimits, decode_table};

const TYPES: [&str; 5] = [
    "text/csv",
    "text/tab-separated-values",
    "text/tab-separated-values; charset=windows-1251",
    "text/csv; charset=utf-8",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let limits = TableLimits { max_rows: 2_000, max_cells: 50_000, ..TableLimits::default() };
    if let Ok(rows) = decode_table(bytes, TYPES[usize::from(selector) % TYPES.len()], limits) {
        assert!(rows.len() <= limits.max_rows);
        let _ = opora_domain::factors::read_audit_table(&rows, 1);
        let _ = opora_domain::lists::read_list_table(&rows, 1);
    }
});
