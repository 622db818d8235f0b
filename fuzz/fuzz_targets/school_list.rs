//! A cell of the audit table's organization column: «СОШ № 2, 9, 10, 14, ООШ № 11», ranges,
//! «все ОО», anything.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = opora_domain::factors::parse_school_list(text);
});
