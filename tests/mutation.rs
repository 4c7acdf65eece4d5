//! The stable stand-in for fuzzing, run by every `cargo test`: seeded byte
//! mutations of the fixtures, the toml-test corpus, configs and packs. Every
//! case must finish without a panic, in every output format and through
//! the fix pipeline.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use orglint::parse::node::Problems;
use orglint::parse::tree;
use orglint::report::{self, Format, Style};
use orglint::{Linter, Report, SourceFile};
use toml::de::{DeTable, DeValue};

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
                group: true,
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

/// The tree as text: every key and value with its span, in table order.
fn dump_tree(table: &tree::Table<'_>, out: &mut String) {
    for (k, v) in &table.entries {
        out.push_str(&format!("{:?}@{:?}=", k.name(), k.span()));
        dump_tree_value(v, out);
    }
}

fn dump_tree_value(v: &tree::Val<'_>, out: &mut String) {
    out.push_str(&format!("@{:?}", v.span()));
    match &v.kind {
        tree::Kind::String(s) => out.push_str(&format!("s{s:?};")),
        tree::Kind::Integer(i) => out.push_str(&format!("i{i};")),
        tree::Kind::Float(f) => out.push_str(&format!("f{f:?};")),
        tree::Kind::Boolean(b) => out.push_str(&format!("b{b};")),
        tree::Kind::Datetime(_) => out.push_str("d;"),
        tree::Kind::Array(items, _) => {
            out.push('[');
            items.iter().for_each(|i| dump_tree_value(i, out));
            out.push(']');
        }
        tree::Kind::Table(t) => {
            out.push('{');
            dump_tree(t, out);
            out.push('}');
        }
    }
}

/// `toml`'s own tree in the same form; floats and integers as orglint
/// reads them.
fn dump_de(table: &DeTable<'_>, out: &mut String) {
    for (k, v) in table.iter() {
        out.push_str(&format!("{:?}@{:?}=", k.get_ref(), k.span()));
        dump_de_value(v, out);
    }
}

fn dump_de_value(v: &toml::Spanned<DeValue<'_>>, out: &mut String) {
    out.push_str(&format!("@{:?}", v.span()));
    match v.get_ref() {
        DeValue::String(s) => out.push_str(&format!("s{s:?};")),
        DeValue::Integer(i) => {
            let n = i64::from_str_radix(i.as_str(), i.radix()).unwrap_or_default();
            out.push_str(&format!("i{n};"));
        }
        DeValue::Float(f) => {
            let x: f64 = f.as_str().parse().unwrap_or_default();
            out.push_str(&format!("f{x:?};"));
        }
        DeValue::Boolean(b) => out.push_str(&format!("b{b};")),
        DeValue::Datetime(_) => out.push_str("d;"),
        DeValue::Array(items) => {
            out.push('[');
            items.iter().for_each(|i| dump_de_value(i, out));
            out.push(']');
        }
        DeValue::Table(t) => {
            out.push('{');
            dump_de(t, out);
            out.push('}');
        }
    }
}

/// The first integer or float that does not fit (`toml` checks them only
/// when deserializing into types; TOML and orglint reject the file).
fn first_bad_number(table: &DeTable<'_>) -> Option<(std::ops::Range<usize>, &'static str)> {
    fn visit(
        v: &toml::Spanned<DeValue<'_>>,
        first: &mut Option<(std::ops::Range<usize>, &'static str)>,
    ) {
        let bad = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .is_err()
                .then_some("integer"),
            // As `toml` converts it: a finite literal that parses as
            // infinity (`1e400`) does not fit.
            DeValue::Float(f) => f
                .as_str()
                .parse::<f64>()
                .map_or(true, |x| x.is_infinite() && !f.as_str().contains("inf"))
                .then_some("float"),
            DeValue::Array(items) => {
                items.iter().for_each(|i| visit(i, first));
                None
            }
            DeValue::Table(t) => {
                t.values().for_each(|i| visit(i, first));
                None
            }
            _ => None,
        };
        if let Some(what) = bad
            && first.as_ref().is_none_or(|(s, _)| v.span().start < s.start)
        {
            *first = Some((v.span(), what));
        }
    }
    let mut first = None;
    table.values().for_each(|v| visit(v, &mut first));
    first
}

/// What `toml` makes of a text: the tree, or the first error's message and
/// span (`None` where `toml` gives none: a key nested too deep), integers
/// and floats that do not fit last.
fn reference(text: &str) -> Result<String, (String, Option<std::ops::Range<usize>>)> {
    match DeTable::parse(text) {
        Ok(root) => {
            if let Some((span, what)) = first_bad_number(root.get_ref()) {
                return Err((format!("invalid {what}"), Some(span)));
            }
            let mut out = String::new();
            dump_de(root.get_ref(), &mut out);
            Ok(out)
        }
        Err(e) => Err((e.message().to_owned(), e.span())),
    }
}

fn ours(text: &str) -> Result<String, (String, Option<std::ops::Range<usize>>)> {
    match tree::parse(text) {
        Ok(root) => {
            let mut out = String::new();
            dump_tree(&root, &mut out);
            Ok(out)
        }
        Err(err) => Err((err.message, err.span)),
    }
}

fn same_as_toml(text: &str) -> Result<(), String> {
    if text.starts_with('\u{feff}') {
        return Ok(()); // a second BOM: checked before either parser runs
    }
    let (want, got) = (reference(text), ours(text));
    let same = match (&want, &got) {
        // orglint locates what `toml` leaves unlocated
        (Err((m, None)), Err((n, Some(_)))) => m == n,
        _ => want == got,
    };
    if same {
        Ok(())
    } else {
        Err(format!("{text:?}\n  toml:    {want:?}\n  orglint: {got:?}"))
    }
}

/// orglint's own TOML tree (`parse::tree`) accepts and rejects what `toml`
/// does, with the same first error, and builds the same keys, values and
/// spans: on every corpus file and on 20,000 seeded mutations of them.
#[test]
fn the_tree_builder_matches_toml() {
    let corpus = corpus();
    let mut rng = common::Rng(0x7ee5_eed5);
    let mut differences = Vec::new();
    for bytes in &corpus {
        if let Ok(text) = std::str::from_utf8(bytes)
            && let Err(d) = same_as_toml(text)
        {
            differences.push(d);
        }
    }
    let mut cases = 0;
    while cases < 20_000 {
        let input = &corpus[rng.below(corpus.len())];
        let bytes = mutate(&mut rng, input);
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        cases += 1;
        if let Err(d) = same_as_toml(&text) {
            differences.push(d);
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences, first ones:\n{}",
        differences.len(),
        differences
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Floats out of range are rejected as `toml` rejects them (it gave 1e400
/// as infinity once); `inf` itself is a float.
#[test]
fn floats_out_of_range_are_rejected_like_toml() {
    for text in ["a = 1e400\n", "a = -1e400\n", "a = [1.0, 9e999]\n"] {
        assert!(toml::from_str::<toml::Table>(text).is_err(), "{text}");
        let ours = ours(text);
        assert!(
            matches!(&ours, Err((_, Some(_)))),
            "{text:?} is accepted: {ours:?}"
        );
        if let Err(difference) = same_as_toml(text) {
            panic!("{difference}");
        }
    }
    for text in [
        "a = inf\n",
        "a = -inf\n",
        "a = nan\n",
        "a = 1e300\n",
        "a = 1e-400\n",
    ] {
        assert!(toml::from_str::<toml::Table>(text).is_ok(), "{text}");
        assert!(ours(text).is_ok(), "{text}");
        if let Err(difference) = same_as_toml(text) {
            panic!("{difference}");
        }
    }
}

/// Large tables are sorted through key prefixes: ids that share long
/// prefixes, in shuffled order, with quoted and escaped ones among them.
#[test]
fn the_tree_builder_sorts_large_tables_like_toml() {
    let mut rng = common::Rng(0x0005_eed0_f1d5);
    let mut ids: Vec<String> = (0..3_000)
        .map(|i| match i % 4 {
            0 => format!("person-number-{i}"),
            1 => format!("person-{}", rng.below(1_000_000)),
            2 => format!("\"p\\u00e9rson-{i}\""),
            _ => format!("p{i}"),
        })
        .collect();
    ids.sort();
    ids.dedup();
    for i in (1..ids.len()).rev() {
        ids.swap(i, rng.below(i + 1));
    }
    let mut text = String::from("[org]\nname = \"x\"\n");
    for id in &ids {
        text.push_str(&format!("[people.{id}]\nname = \"n\"\n"));
    }
    same_as_toml(&text).unwrap_or_else(|d| panic!("{}", &d[d.len().saturating_sub(600)..]));
    let root = tree::parse(&text).unwrap_or_else(|e| panic!("{}", e.message));
    let people = root
        .entries
        .iter()
        .find(|(k, _)| k.name() == "people")
        .map(|(_, v)| match &v.kind {
            tree::Kind::Table(t) => t.entries.len(),
            _ => 0,
        });
    assert_eq!(people, Some(ids.len()));
}

/// Tables that only dotted headers created, taken over later by their own
/// header, in a table large enough to be indexed; then a duplicate.
#[test]
fn the_tree_builder_takes_over_implicit_tables_in_large_tables() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!("[t.k{i}.sub]\na = {i}\n"));
    }
    for j in (0..40).rev().step_by(3) {
        text.push_str(&format!("[t.k{j}]\nb = {j}\n"));
    }
    same_as_toml(&text).unwrap_or_else(|d| panic!("{d}"));
    text.push_str("[t.k3]\nc = 1\n");
    same_as_toml(&text).unwrap_or_else(|d| panic!("{d}"));
    assert!(tree::parse(&text).is_err(), "`[t.k3]` is written twice");
}

/// A key nested past the limit: `toml` says "recursion limit" without a
/// place; orglint says the same, at the first segment past the limit.
#[test]
fn the_tree_builder_locates_keys_nested_too_deep() {
    for text in [
        format!("{} = 1\n", vec!["ab"; 90].join(".")),
        format!("x = 1\n[{}]\n", vec!["ab"; 90].join(".")),
        format!("t = {{ {} = 1 }}\n", vec!["ab"; 90].join(".")),
    ] {
        same_as_toml(&text).unwrap_or_else(|d| panic!("{d}"));
        let err = tree::parse(&text)
            .err()
            .unwrap_or_else(|| panic!("{text} parsed"));
        let span = err.span.unwrap_or_else(|| panic!("{text}: no span"));
        let segment = text.find('a').unwrap_or(0) + 80 * 3;
        assert_eq!(span, segment..segment + 2, "{text}");
    }
}
