//! Hostile and unusual input: orglint stays fast, bounded and located, and
//! never panics.

mod common;

use orglint::report::{self, Format, Style};
use orglint::{Linter, Report, Severity, SourceFile};

fn lint_text(text: String) -> Report {
    let linter = Linter::default();
    let file = orglint::run::lint_bytes(&linter, "org.toml".to_owned(), text.into_bytes());
    Report {
        files: vec![file],
        files_read: 1,
        ..Default::default()
    }
}

fn human(report: &Report) -> String {
    let mut out = Vec::new();
    let style = Style {
        color: false,
        quiet: false,
        group: true,
    };
    if let Err(err) = report::write(&mut out, report, Format::Human, style) {
        panic!("rendering failed: {err}");
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_hundred_thousand_problems_are_all_in_json_and_capped_for_humans() {
    let mut text =
        String::from("[org]\nname = \"A\"\nstructure = \"split\"\n[people.a]\nname = \"A\"\n");
    for i in 0..100_000 {
        text.push_str(&format!("k{i} = {i}\n"));
    }
    let report = lint_text(text);
    assert_eq!(report.count(Severity::Warning), 100_000);
    let out = human(&report);
    assert!(
        out.contains("... and 99900 more diagnostics"),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    assert!(
        out.len() < 100_000,
        "human output is bounded: {} bytes",
        out.len()
    );
}

#[test]
fn an_enormous_line_gives_a_short_located_diagnostic() {
    let padding = "x".repeat(1_000_000);
    // The wrong value sits past column 65,535, where miette itself would panic.
    let text = format!(
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people]\na = {{ name = \"{padding}\", on-call = 3 }}\n"
    );
    let report = lint_text(text);
    let (_, d) = report
        .diagnostics()
        .find(|(_, d)| d.rule == "invalid-field")
        .unwrap_or_else(|| panic!("no invalid-field"));
    let position = report.files[0]
        .source
        .position(d.span.clone().unwrap_or_default().start);
    assert_eq!(position.line, 5);
    assert!(position.column > 1_000_000);
    let out = human(&report);
    assert!(
        out.len() < 5_000,
        "the excerpt is clipped: {} bytes",
        out.len()
    );
    assert!(
        out.contains("`on-call` must be `true` or `false`, not an integer"),
        "{out}"
    );
}

#[test]
fn long_values_are_cut_in_messages() {
    let long = "y".repeat(500);
    let text = format!(
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.a]\nname = \"A\"\nfunction = \"{long}\"\n"
    );
    let report = lint_text(text);
    let (_, d) = report
        .diagnostics()
        .find(|(_, d)| d.rule == "unknown-function")
        .unwrap_or_else(|| panic!("no diagnostic"));
    assert!(d.message.len() < 120, "{}", d.message);
    assert!(d.message.contains("..."));
}

#[test]
fn a_key_nested_a_hundred_thousand_deep_is_one_located_syntax_error() {
    for text in [
        format!("a{} = 1\n", ".a".repeat(99_999)),
        format!("[{}]\n", vec!["a"; 100_000].join(".")),
    ] {
        let report = lint_text(text);
        let all: Vec<_> = report.diagnostics().collect();
        assert_eq!(all.len(), 1);
        let (file, d) = all[0];
        assert_eq!(d.rule, "toml-syntax");
        let position = file
            .source
            .position(d.span.clone().unwrap_or_default().start);
        assert_eq!(position.line, 1);
        assert!(
            position.column > 80,
            "points at the segment past the limit: {position:?}"
        );
        assert!(human(&report).len() < 2_000);
    }
}

#[test]
fn crlf_and_bom_keep_positions_right() {
    let text = "\u{feff}[org]\r\nname = \"A\"\r\nstructure = \"split\"\r\n\r\n[people.ada]\r\nname = \"Ada\"\r\nroles = [\"ceoo\"]\r\n";
    let report = lint_text(text.to_owned());
    let (file, d) = report
        .diagnostics()
        .next()
        .unwrap_or_else(|| panic!("no diagnostic"));
    assert_eq!(d.rule, "unknown-role");
    let start = file
        .source
        .position(d.span.clone().unwrap_or_default().start);
    let end = file.source.position(d.span.clone().unwrap_or_default().end);
    assert_eq!((start.line, start.column, end.column), (7, 10, 16));
}

#[test]
fn a_deep_chain_and_a_long_cycle_need_no_stack() {
    // 256 KiB of stack: any recursion over the chain would overflow it.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let text = common::chain_and_loop_org("p", 1_000_000, 100_000);
            let source = SourceFile::new("org.toml", text);
            let diagnostics = Linter::default().lint(&source);
            let cycles = diagnostics
                .iter()
                .filter(|d| d.rule == "reporting-cycle")
                .count();
            let layers = diagnostics
                .iter()
                .filter(|d| d.rule == "max-layers")
                .count();
            (
                cycles,
                layers,
                diagnostics
                    .iter()
                    .find(|d| d.rule == "reporting-cycle")
                    .map(|d| d.labels.len()),
            )
        })
        .unwrap_or_else(|e| panic!("cannot start thread: {e}"));
    let (cycles, layers, labels) = handle
        .join()
        .unwrap_or_else(|_| panic!("the check overflowed its stack or panicked"));
    assert_eq!(cycles, 1);
    assert_eq!(
        layers, 1,
        "max-layers fires once, on the first person too deep"
    );
    assert_eq!(
        labels,
        Some(100_000),
        "every person on the loop is labelled"
    );
}

#[test]
fn odd_bytes_are_located_syntax_errors() {
    for (bytes, line) in [
        (b"\xff\xfe[\x00o\x00r\x00g\x00]\x00".to_vec(), 1),
        (b"[org]\nname = \"A\0\"\n".to_vec(), 2),
        (b"[org]\nname = \"\xc3\x28\"\n".to_vec(), 2),
    ] {
        let linter = Linter::default();
        let file = orglint::run::lint_bytes(&linter, "org.toml".to_owned(), bytes);
        assert_eq!(file.diagnostics.len(), 1, "{:?}", file.diagnostics);
        let d = &file.diagnostics[0];
        assert_eq!(d.rule, "toml-syntax");
        assert_eq!(
            file.source
                .position(d.span.clone().unwrap_or_default().start)
                .line,
            line
        );
    }
}

#[test]
fn a_team_of_a_million_members_and_a_ten_megabyte_string() {
    let mut text = String::from(
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n[teams.huge]\nname = \"Huge\"\nfunction = \"engineering\"\nlead = \"ada\"\nmembers = [",
    );
    for i in 0..1_000_000 {
        text.push_str(if i % 2 == 0 {
            "\"ada\","
        } else {
            "\"nobody\","
        });
    }
    text.push_str("]\n[people.bob]\nname = \"");
    text.push_str(&"b".repeat(10_000_000));
    text.push_str("\"\nreports-to = \"ada\"\n");
    let report = lint_text(text);
    let rules: Vec<&str> = report.diagnostics().map(|(_, d)| d.rule.as_str()).collect();
    // one duplicate per repeated id, one unknown reference per unknown id
    assert_eq!(
        rules.iter().filter(|r| **r == "invalid-field").count(),
        2,
        "{rules:?}"
    );
    assert_eq!(
        rules.iter().filter(|r| **r == "unknown-reference").count(),
        1,
        "{rules:?}"
    );
    assert!(human(&report).len() < 20_000);
}

#[test]
fn ten_thousand_rules_that_select_everything_stay_linear() {
    let dir = std::env::temp_dir().join(format!("orglint-adv-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut pack = String::from("[pack]\nname = \"big\"\nsummary = \"many rules\"\n");
    for i in 0..10_000 {
        pack.push_str(&format!(
            "[[rule]]\nid = \"big/r{i}\"\nsummary = \"s\"\nseverity = \"info\"\ntemplate = \"required\"\nparams = {{ fields = [\"title\"] }}\n"
        ));
    }
    std::fs::write(dir.join("big.toml"), pack).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("orglint.toml"), "packs = [\"big.toml\"]\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut problems = orglint::parse::node::Problems::default();
    let config = orglint::config::load(&dir.join("orglint.toml"), &mut problems)
        .unwrap_or_else(|| panic!("{problems:?}"));
    let linter =
        Linter::new(Some(&config), &[]).unwrap_or_else(|p| panic!("{:?}", p.diagnostics.first()));
    let mut text =
        String::from("[org]\nname = \"A\"\nstructure = \"split\"\n[people.p0]\nname = \"P\"\n");
    for i in 1..50 {
        text.push_str(&format!(
            "[people.p{i}]\nname = \"P\"\nreports-to = \"p0\"\n"
        ));
    }
    let diagnostics = linter.lint(&SourceFile::new("org.toml", text));
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d.rule.starts_with("big/"))
            .count(),
        500_000
    );
}

#[test]
fn regexes_past_the_limits_are_pack_errors_and_realistic_ones_pass() {
    let check = |pattern: &str| -> bool {
        let pack = format!(
            "[pack]\nname = \"acme\"\nsummary = \"x\"\n[[rule]]\nid = \"acme/x\"\nsummary = \"x\"\nseverity = \"error\"\ntemplate = \"pattern\"\nparams = {{ field = \"name\", regex = '''{pattern}''' }}\n"
        );
        let mut problems = orglint::parse::node::Problems::default();
        let source = std::sync::Arc::new(SourceFile::new("acme.toml", pack));
        let Some(pack) = orglint::rules::pack::read_file_pack(source, &mut problems) else {
            return false;
        };
        pack.rules.iter().all(|r| {
            orglint::rules::compile::compile(
                r,
                &orglint::Vocabulary::default(),
                &[],
                None,
                &mut problems,
            )
            .is_some()
        }) && problems.is_empty()
    };
    assert!(check(r"(?i)^[a-z][a-z .'-]{1,80}$"));
    assert!(check(r"^\p{L}+$"));
    assert!(!check("a{5}{5}{5}{5}{5}{5}"));
    assert!(!check("a{5}{5}{5}{5}{5}{5}{5}"));
    assert!(!check(&"a".repeat(10_000)));
}
