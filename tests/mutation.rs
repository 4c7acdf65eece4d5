//! The stable stand-in for fuzzing, run by every `cargo test`: seeded byte
//! mutations of the fixtures, the toml-test corpus, configs and packs. Every
//! case must finish without a panic, in every output format and through
//! the fix pipeline.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use orglint::report::{self, Format, Style};
use orglint::rules::node::Problems;
use orglint::{Linter, Report, SourceFile};

const TOKENS: &[&[u8]] = &[
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b"\"",
    b"'",
    b"'''",
    b"\"\"\"",
    b"\n",
    b"\r\n",
    b"#",
    b".",
    b",",
    b"\\",
    b"\xff",
    b"\x00",
    b"\xef\xbb\xbf",
    b"reports-to = \"",
    b"[people.",
    b"[teams.",
    b"members = [",
    b"headcount = -",
    b"# orglint: allow(",
    b") -- why",
    b"# expect: ",
    b"1e999",
    b"0x",
    b"\xc3",
    b"\xe2\x82",
];

fn mutate(rng: &mut common::Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
            2 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(40)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            3 if !bytes.is_empty() => {
                // duplicate a chunk: repeated keys, tables, entities
                let start = rng.below(bytes.len());
                let end = (start + 1 + rng.below(200)).min(bytes.len());
                let chunk: Vec<u8> = bytes[start..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            4 => bytes.truncate(at),
            _ => {
                let b = rng.below(256) as u8;
                bytes.insert(at, b);
            }
        }
    }
    bytes
}

fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![
        root.join("fixtures"),
        root.join("examples"),
        root.join("tests/data/toml-test"),
    ];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out.sort();
    out
}

fn exercise(linter: &Linter, bytes: Vec<u8>) {
    let file = orglint::run::lint_bytes(linter, "org.toml".to_owned(), bytes.clone());
    let report = Report {
        files: vec![file],
        files_read: 1,
        ..Default::default()
    };
    let code = report.exit_code();
    assert!(code <= 2);
    for format in [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Sarif,
        Format::Github,
    ] {
        let mut out = Vec::new();
        let _ = report::write(
            &mut out,
            &report,
            format,
            Style {
                color: true,
                quiet: false,
            },
        );
        assert!(format == Format::Github || !out.is_empty());
    }
    if let Ok(source) = SourceFile::decode("org.toml", bytes) {
        check_fix_twice(linter, &source);
    }
}

/// A fix, then a second run on the bytes the first one writes: the second
/// changes nothing.
fn check_fix_twice(linter: &Linter, source: &SourceFile) {
    if let Ok(fixed) = orglint::fix::fix_text(linter, source, true) {
        let written = orglint::fix::with_bom(source, &fixed.text);
        let again = SourceFile::decode("org.toml", written).unwrap_or_else(|(s, _)| s);
        let second = orglint::fix::fix_text(linter, &again, true);
        assert!(
            second.is_ok_and(|a| !a.changed),
            "a second fix changed the text"
        );
    }
}

/// Inputs that once made a fuzz target fail, kept as regression tests.
#[test]
fn fuzz_regressions() {
    let linter = Linter::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if entry.path().extension().is_some_and(|e| e == "toml") {
            exercise(&linter, std::fs::read(entry.path()).unwrap_or_default());
            count += 1;
        }
    }
    assert!(count >= 1, "no regression inputs in {}", dir.display());
}

#[test]
fn ten_thousand_mutated_org_files_never_panic() {
    let linter = Linter::default();
    let corpus = corpus();
    assert!(corpus.len() > 700);
    let mut rng = common::Rng(0x5eed_1234_abcd_0001);
    let mut failures = Vec::new();
    for case in 0..10_000 {
        let seed = &corpus[rng.below(corpus.len())];
        let bytes = mutate(&mut rng, seed);
        let input = bytes.clone();
        if catch_unwind(AssertUnwindSafe(|| exercise(&linter, bytes))).is_err() {
            failures.push((case, String::from_utf8_lossy(&input).into_owned()));
            if failures.len() > 3 {
                break;
            }
        }
    }
    assert!(failures.is_empty(), "panics on: {failures:#?}");
}

#[test]
fn mutated_configs_and_packs_never_panic() {
    let config = b"packs = []\nbaseline = \"b.json\"\n[vocabulary]\nfunctions = [\"research-ops\"]\nperson-fields = [\"email\"]\n[rules]\nhygiene = \"warning\"\nspan-of-control = { severity = \"error\", max = 10, min = 3 }\nteam-size = \"off\"\n".to_vec();
    let pack = b"[pack]\nname = \"acme\"\nsummary = \"x\"\n\n[[rule]]\nid = \"acme/email\"\nsummary = \"s\"\nseverity = \"error\"\ntemplate = \"pattern\"\nselect = { kind = \"person\", depth = { min = 1 }, function = { matches = \"^eng\" } }\nparams = { field = \"name\", regex = \"^[A-Z]\" }\nmessage = \"{id} {value} {{x}}\"\nwhen = { structure = [\"cpto\"], min-headcount = 3 }\n\n[[rule]]\nid = \"acme/ratio\"\nsummary = \"s\"\nseverity = \"warning\"\ntemplate = \"ratio\"\nparams = { numerator = [\"engineering\"], denominator = [\"product\"], min = 1 }\n".to_vec();
    let org = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme.org.toml"))
        .unwrap_or_default();
    let mut rng = common::Rng(0xc0ff_ee00_1234_5678);
    let mut failures = Vec::new();
    for case in 0..3_000 {
        let (mutated_config, mutated_pack) = (mutate(&mut rng, &config), mutate(&mut rng, &pack));
        let (c, p) = (mutated_config.clone(), mutated_pack.clone());
        let org = org.clone();
        let result = catch_unwind(AssertUnwindSafe(move || {
            let mut problems = Problems::default();
            let source = SourceFile::decode("orglint.toml", c).unwrap_or_else(|(s, _)| s);
            let parsed =
                orglint::config::parse(Arc::new(source), std::env::temp_dir(), &mut problems);
            if let Ok(linter) = Linter::new(parsed.as_ref(), &[]) {
                let _ = linter.lint(&SourceFile::new(
                    "org.toml",
                    String::from_utf8_lossy(&org).into_owned(),
                ));
            }
            let source = SourceFile::decode("acme.toml", p).unwrap_or_else(|(s, _)| s);
            let pack = orglint::rules::pack::read_file_pack(Arc::new(source), &mut problems);
            for rule in pack.iter().flat_map(|p| p.rules.iter()) {
                let _ = orglint::rules::compile::compile(
                    rule,
                    &orglint::Vocabulary::default(),
                    &[],
                    None,
                    &mut problems,
                );
            }
            for (file, d) in &problems.diagnostics {
                assert!(
                    d.span.as_ref().is_none_or(|s| s.end <= file.text().len()),
                    "a span past the end"
                );
            }
        }));
        if result.is_err() {
            failures.push((
                case,
                String::from_utf8_lossy(&mutated_config).into_owned(),
                String::from_utf8_lossy(&mutated_pack).into_owned(),
            ));
            if failures.len() > 3 {
                break;
            }
        }
    }
    assert!(failures.is_empty(), "panics on: {failures:#?}");
}
