//! Bytes as a single-file rule pack, compiled and run.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use orglint::rules::Rule;
use orglint::parse::node::Problems;
use orglint::{Model, SourceFile, Vocabulary};

const ORG: &str = include_str!("../../examples/acme.org.toml");

fuzz_target!(|data: &[u8]| {
    let mut problems = Problems::default();
    let source = SourceFile::decode("acme.toml", data.to_vec()).unwrap_or_else(|(s, _)| s);
    let Some(pack) = orglint::rules::pack::read_file_pack(Arc::new(source), &mut problems) else { return };
    let vocabulary = Vocabulary::default();
    let Ok((org, mut diagnostics)) = orglint::parse::parse(ORG, &vocabulary) else { return };
    let model = Model::build(org, ORG, &mut diagnostics);
    for def in &pack.rules {
        if let Some(rule) = orglint::rules::compile::compile(def, &vocabulary, &[], None, &mut problems) {
            rule.check(&model, &mut diagnostics);
        }
    }
});
