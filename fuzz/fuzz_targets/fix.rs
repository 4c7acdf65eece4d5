//! Bytes -> the fix pipeline in memory: the fixed text parses and a second
//! fix changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orglint::{Linter, SourceFile};

fuzz_target!(|data: &[u8]| {
    let linter = Linter::default();
    let Ok(source) = SourceFile::decode("org.toml", data.to_vec()) else { return };
    if let Ok(fixed) = orglint::fix::fix_text(&linter, &source, true) {
        // What a second run reads: the bytes the first one writes.
        let written = orglint::fix::with_bom(&source, &fixed.text);
        let again = SourceFile::decode("org.toml", written).unwrap_or_else(|(s, _)| s);
        if fixed.changed {
            assert!(!linter.lint(&again).iter().any(|d| d.rule == "toml-syntax"), "the fixed text does not parse");
        }
        let second = orglint::fix::fix_text(&linter, &again, true);
        assert!(second.is_ok_and(|s| !s.changed), "a second fix changed the text");
    }
});
