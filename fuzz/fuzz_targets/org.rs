//! Bytes -> parse -> model -> every rule -> every output format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orglint::report::{self, Format, Style};
use orglint::{Linter, Report};

fuzz_target!(|data: &[u8]| {
    let linter = Linter::default();
    let file = orglint::run::lint_bytes(&linter, "org.toml".to_owned(), data.to_vec());
    let report = Report { files: vec![file], files_read: 1, ..Default::default() };
    for format in [Format::Human, Format::Short, Format::Json, Format::Sarif, Format::Github] {
        let mut out = Vec::new();
        let _ = report::write(&mut out, &report, format, Style { color: true, quiet: false, group: true });
    }
});
