//! The toml-test corpus (tests/data/toml-test): every invalid file gives
//! exactly one located `toml-syntax` diagnostic and exit code 1, never a
//! panic; every valid file parses (it may fail org checks).

mod common;

use std::path::{Path, PathBuf};

use orglint::{Linter, Report};

/// Invalid under TOML 1.0, valid under TOML 1.1, which orglint reads.
const VALID_IN_TOML_1_1: &[&str] = &[
    "invalid/datetime/no-secs.toml",
    "invalid/local-datetime/no-secs.toml",
    "invalid/local-time/no-secs.toml",
    "invalid/string/basic-byte-escapes.toml",
    "invalid/inline-table/trailing-comma.toml",
    "invalid/inline-table/linebreak-01.toml",
    "invalid/inline-table/linebreak-02.toml",
    "invalid/inline-table/linebreak-03.toml",
    "invalid/inline-table/linebreak-04.toml",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/toml-test")
}

fn files(dir: &str) -> Vec<PathBuf> {
    common::toml_files(&root().join(dir))
}

fn relative(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn lint(linter: &Linter, p: &Path) -> Report {
    let bytes = std::fs::read(p).unwrap_or_default();
    let file = orglint::run::lint_bytes(linter, relative(p), bytes);
    Report {
        files: vec![file],
        files_read: 1,
        ..Default::default()
    }
}

#[test]
fn invalid_files_give_one_located_toml_syntax_error() {
    let linter = Linter::default();
    let invalid = files("invalid");
    assert_eq!(invalid.len(), 499, "the corpus is incomplete");
    let mut problems = Vec::new();
    for p in &invalid {
        let name = relative(p);
        let report = lint(&linter, p);
        let syntax: Vec<_> = report
            .diagnostics()
            .filter(|(_, d)| d.rule == "toml-syntax")
            .collect();
        if VALID_IN_TOML_1_1.contains(&name.as_str()) {
            if !syntax.is_empty() {
                problems.push(format!("{name}: valid in TOML 1.1 but rejected"));
            }
            continue;
        }
        let all = report.diagnostics().count();
        match syntax.as_slice() {
            [(_, d)] if d.span.is_some() && all == 1 && report.exit_code() == 1 => {}
            _ => problems.push(format!(
                "{name}: {} toml-syntax of {all} diagnostics, exit {}",
                syntax.len(),
                report.exit_code()
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn valid_files_parse() {
    let linter = Linter::default();
    let valid = files("valid");
    assert_eq!(valid.len(), 210, "the corpus is incomplete");
    let rejected: Vec<String> = valid
        .iter()
        .filter(|p| {
            lint(&linter, p)
                .diagnostics()
                .any(|(_, d)| d.rule == "toml-syntax")
        })
        .map(|p| relative(p))
        .collect();
    assert!(rejected.is_empty(), "valid TOML rejected: {rejected:?}");
}
