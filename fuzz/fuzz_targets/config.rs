//! Bytes as `orglint.toml`, then a lint under that config.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use orglint::parse::node::Problems;
use orglint::{Linter, SourceFile};

const ORG: &str = include_str!("../../examples/acme.org.toml");

fuzz_target!(|data: &[u8]| {
    let mut problems = Problems::default();
    let source = SourceFile::decode("orglint.toml", data.to_vec()).unwrap_or_else(|(s, _)| s);
    let config = orglint::config::parse(Arc::new(source), std::env::temp_dir(), &mut problems);
    if let Ok(linter) = Linter::new(config.as_ref(), &[]) {
        let _ = linter.lint(&SourceFile::new("org.toml", ORG.to_owned()));
    }
});
