//! One reference to an organization as documents write it: «МБОУ СОШ № 7 им. …», «ЦОКО», …
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(reference) = opora_domain::schools::SchoolRef::parse(text) {
        // Whatever parsed prints and parses again.
        let _ = opora_domain::schools::SchoolRef::parse(&reference.to_string());
    }
});
