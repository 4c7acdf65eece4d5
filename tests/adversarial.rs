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
fn a_hundred_thousand_problems_keep_ten_thousand_and_are_capped_for_humans() {
    let mut text =
        String::from("[org]\nname = \"A\"\nstructure = \"split\"\n[people.a]\nname = \"A\"\n");
    for i in 0..100_000 {
        text.push_str(&format!("k{i} = {i}\n"));
    }
    let report = lint_text(text);
    // At most 10,000 of one rule are kept, the first in the file; the rest
    // are counted.
    assert_eq!(report.count(Severity::Warning), 10_000);
    assert_eq!(report.omitted(), 90_000);
    let last = report.files[0]
        .diagnostics
        .last()
        .map(|d| d.message.clone());
    assert_eq!(last.as_deref(), Some("unknown field `k9999` in person `a`"));
    let out = human(&report);
    assert!(
        out.contains("... and 9900 more diagnostics"),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    assert!(
        out.contains(
            "; 90000 more diagnostics not kept (at most 10000 of one rule, 100000 in all, in one org)"
        ),
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
                    .map(|d| (d.labels.len(), d.labels_omitted)),
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
        Some((1_000, 99_000)),
        "1,000 people on the loop are labelled, the rest counted"
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
    let (diagnostics, omitted) = linter.lint_counted(&SourceFile::new("org.toml", text));
    // 500,000 findings: 100,000 kept for the org in all, the rest counted.
    let kept = diagnostics
        .iter()
        .filter(|d| d.rule.starts_with("big/"))
        .count();
    assert_eq!(kept + omitted, 500_000);
    assert_eq!(diagnostics.len(), 100_000);
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

/// Runs the orglint binary; returns stdout.
fn orglint(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orglint"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run orglint: {e}"));
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text:.300}"))
}

#[test]
fn a_long_id_is_invalid_and_its_near_miss_costs_no_edit_distance() {
    // 20,000 characters: the edit distance to the near miss alone was
    // 400 million steps (29 s at 100,000 characters in a release build).
    let long = "a".repeat(20_000);
    let text = format!(
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.{long}]\nname = \"A\"\n[people.b]\nname = \"B\"\nreports-to = \"{long}b\"\n"
    );
    let start = std::time::Instant::now();
    let report = lint_text(text);
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    let messages: Vec<(&str, &str)> = report
        .diagnostics()
        .map(|(_, d)| (d.rule.as_str(), d.message.as_str()))
        .collect();
    assert!(
        messages.iter().any(|(rule, m)| *rule == "invalid-field"
            && m.ends_with("is 20000 characters long, above the limit of 200")),
        "{messages:?}"
    );
    let reference = report
        .diagnostics()
        .find(|(_, d)| d.rule == "unknown-reference")
        .map(|(_, d)| d.help.clone().unwrap_or_default())
        .unwrap_or_default();
    assert!(!reference.contains("did you mean"), "{reference}");
}

#[test]
fn ids_of_two_hundred_characters_are_valid_and_longer_ones_are_not() {
    let check = |len: usize| -> Vec<String> {
        let id = "a".repeat(len);
        let text = format!(
            "[org]\nname = \"A\"\nstructure = \"split\"\n[people.{id}]\nname = \"A\"\n[teams.t]\nname = \"T\"\nfunction = \"engineering\"\nlead = \"{id}\"\n"
        );
        lint_text(text)
            .diagnostics()
            .filter(|(_, d)| d.rule == "invalid-field")
            .map(|(_, d)| d.message.clone())
            .collect()
    };
    assert_eq!(check(200), Vec::<String>::new());
    let long = check(201);
    assert_eq!(long.len(), 1, "{long:?}");
    assert!(long[0].starts_with("person id `aaaa"), "{long:?}");
    assert!(long[0].ends_with("is 201 characters long, above the limit of 200"));
}

#[test]
fn headcounts_above_ten_million_are_invalid_and_sums_cannot_wrap() {
    let team = |id: &str, headcount: &str| {
        format!(
            "[teams.{id}]\nname = \"T\"\nfunction = \"engineering\"\nlead = \"ada\"\nheadcount = {headcount}\n"
        )
    };
    let mut text =
        String::from("[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n");
    for id in ["a", "b", "c"] {
        text.push_str(&team(id, &i64::MAX.to_string()));
    }
    text.push_str(&team("d", "10000000"));
    text.push_str(&team("e", "10000000"));
    let source = SourceFile::new("org.toml", text);
    let (diagnostics, model) = Linter::default().lint_with_model(&source);
    let too_large: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.rule == "invalid-field")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        too_large,
        vec!["`headcount` is 9223372036854775807, above the limit of 10000000"; 3]
    );
    let model = model.unwrap_or_else(|| panic!("no model"));
    // The three are treated as absent: only the two valid teams count.
    assert_eq!(model.direct_reports, vec![20_000_000]);
    assert_eq!(model.org_size, 20_000_001);
}

#[test]
fn baseline_counts_saturate() {
    let dir = common::temp_dir("adv", "baseline-counts");
    let org = dir.join("org.toml");
    std::fs::write(
        &org,
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let entry = |key: &str| {
        format!(
            "{{ \"rule\": \"span-of-control\", \"file\": \"org.toml\", \"entity\": null, \"key\": \"{key}\", \"count\": {} }}",
            u64::MAX
        )
    };
    let baseline = dir.join("baseline.json");
    std::fs::write(
        &baseline,
        format!(
            "{{ \"version\": 1, \"entries\": [ {}, {}, {} ] }}",
            entry("x"),
            entry("x"),
            entry("y")
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let org = org.to_string_lossy().into_owned();
    let baseline = baseline.to_string_lossy().into_owned();
    let out = json(&orglint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--baseline",
        &baseline,
        &org,
    ]));
    assert_eq!(
        out["summary"]["baseline_gone"],
        serde_json::json!(u64::MAX),
        "{out}"
    );
    let human = orglint(&["check", "--no-config", "--baseline", &baseline, &org]);
    assert!(
        human.contains(&format!("{} baseline entries gone", u64::MAX)),
        "{human}"
    );
}

#[test]
fn a_long_loop_keeps_a_thousand_labels_in_every_format() {
    let dir = common::temp_dir("adv", "long-loop");
    let org = dir.join("org.toml");
    std::fs::write(&org, common::chain_and_loop_org("p", 1, 5_000))
        .unwrap_or_else(|e| panic!("{e}"));
    let org = org.to_string_lossy().into_owned();
    let run = |format: &str| orglint(&["check", "--no-config", "--format", format, &org]);

    let out = json(&run("json"));
    let cycle = out["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["rule"] == "reporting-cycle"))
        .cloned()
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(cycle["labels"].as_array().map(Vec::len), Some(1_000));
    assert_eq!(cycle["labels_omitted"], 4_000);
    assert!(
        out["summary"].get("omitted").is_none(),
        "{}",
        out["summary"]
    );
    // Diagnostics with every label kept say nothing about omitted labels.
    assert!(out["diagnostics"].as_array().is_some_and(|ds| {
        ds.iter()
            .filter(|d| d.get("labels_omitted").is_some())
            .count()
            == 1
    }));

    let sarif = json(&run("sarif"));
    let result = sarif["runs"][0]["results"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["ruleId"] == "reporting-cycle"))
        .cloned()
        .unwrap_or_else(|| panic!("{sarif}"));
    assert_eq!(
        result["relatedLocations"].as_array().map(Vec::len),
        Some(999)
    );
    let text = result["message"]["text"].as_str().unwrap_or_default();
    assert!(
        text.ends_with("\n(4000 more related locations not listed)"),
        "{text}"
    );

    let human = run("human");
    assert!(
        human.contains("and 4990 more labels (4000 not kept in any format)"),
        "{human}"
    );
}

#[test]
fn json_and_sarif_say_how_many_diagnostics_were_not_kept() {
    let dir = common::temp_dir("adv", "omitted");
    let org = dir.join("org.toml");
    let mut text =
        String::from("[org]\nname = \"A\"\nstructure = \"split\"\n[people.a]\nname = \"A\"\n");
    for i in 0..10_005 {
        text.push_str(&format!("k{i} = {i}\n"));
    }
    std::fs::write(&org, text).unwrap_or_else(|e| panic!("{e}"));
    let org = org.to_string_lossy().into_owned();
    let out = json(&orglint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        &org,
    ]));
    assert_eq!(out["summary"]["omitted"], 5, "{}", out["summary"]);
    assert_eq!(out["summary"]["warnings"], 10_000);
    assert_eq!(out["diagnostics"].as_array().map(Vec::len), Some(10_000));
    let sarif = json(&orglint(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        &org,
    ]));
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(10_000)
    );
    let short = orglint(&["check", "--no-config", "--format", "short", &org]);
    assert!(
        short.ends_with(
            "; 5 more diagnostics not kept (at most 10000 of one rule, 100000 in all, in one org)\n"
        ),
        "{}",
        &short[short.len().saturating_sub(300)..]
    );
}

#[test]
fn a_suppression_of_a_rule_cut_short_is_not_unused() {
    let mut text =
        String::from("[org]\nname = \"A\"\nstructure = \"split\"\n[people.a]\nname = \"A\"\n");
    for i in 0..10_010 {
        text.push_str(&format!("k{i} = {i}\n"));
    }
    // The last unknown field is past the bound: its diagnostic is not
    // kept, and the suppression naming it is not reported unused.
    text.push_str("z = 1 # orglint: allow(unknown-field) -- testing\n");
    let report = lint_text(text);
    let rules: Vec<&str> = report.diagnostics().map(|(_, d)| d.rule.as_str()).collect();
    assert!(
        !rules.contains(&"unused-suppression"),
        "unused-suppression reported"
    );
    assert_eq!(rules.len(), 10_000);
}

#[test]
fn many_rules_and_config_entries_stay_linear() {
    // 20,000 rules, each also set in `[rules]` and suppressed by its own
    // comment above the person: each lookup was a scan of every rule or
    // every suppression, and each comment walked the whole block of
    // comments below it (54 s here in a debug build).
    let dir = common::temp_dir("adv", "many-rules");
    let n = 20_000;
    let mut pack = String::from("[pack]\nname = \"big\"\nsummary = \"many rules\"\n");
    let mut config = String::from("packs = [\"big.toml\"]\n[rules]\n");
    for i in 0..n {
        pack.push_str(&format!(
            "[[rule]]\nid = \"big/r{i}\"\nsummary = \"s\"\nseverity = \"info\"\ntemplate = \"required\"\nparams = {{ fields = [\"title\"] }}\n"
        ));
        config.push_str(&format!("\"big/r{i}\" = \"warning\"\n"));
    }
    std::fs::write(dir.join("big.toml"), pack).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("orglint.toml"), config).unwrap_or_else(|e| panic!("{e}"));
    let mut problems = orglint::parse::node::Problems::default();
    let config = orglint::config::load(&dir.join("orglint.toml"), &mut problems)
        .unwrap_or_else(|| panic!("{problems:?}"));
    let start = std::time::Instant::now();
    let linter =
        Linter::new(Some(&config), &[]).unwrap_or_else(|p| panic!("{:?}", p.diagnostics.first()));
    let mut text = String::from("[org]\nname = \"A\"\nstructure = \"split\"\n");
    for i in 0..n {
        text.push_str(&format!("# orglint: allow(big/r{i}) -- testing\n"));
    }
    text.push_str("[people.a]\nname = \"A\"\n[people.b]\nname = \"B\"\nreports-to = \"a\"\n");
    let diagnostics = linter.lint(&SourceFile::new("org.toml", text));
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
    // `a`'s diagnostics are suppressed (every suppression used), `b`'s are
    // not, at the severity `[rules]` gives.
    let left: Vec<&orglint::Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.rule.starts_with("big/"))
        .collect();
    assert_eq!(left.len(), n);
    assert!(
        left.iter()
            .all(|d| d.severity == Severity::Warning
                && d.entity.as_ref().is_some_and(|e| e.id == "b"))
    );
    assert!(!diagnostics.iter().any(|d| d.rule == "unused-suppression"));
}

/// Many rules that fire on everyone: at most 100,000 diagnostics are kept
/// for one org in all (10,000 per rule would still be 10 million for 1,000
/// rules), the rest counted; rules past the bound only count, building
/// nothing.
#[test]
fn an_org_keeps_at_most_a_hundred_thousand_diagnostics_in_all() {
    let dir = common::temp_dir("adversarial", "org-bound");
    let mut pack = String::from("[pack]\nname = \"big\"\nsummary = \"s\"\n");
    for i in 0..20 {
        pack.push_str(&format!(
            "[[rule]]\nid = \"big/r{i:02}\"\nsummary = \"s\"\nseverity = \"info\"\ntemplate = \"required\"\nparams = {{ fields = [\"title\"] }}\n"
        ));
    }
    std::fs::write(dir.join("big.toml"), pack).unwrap();
    std::fs::write(dir.join("orglint.toml"), "packs = [\"big.toml\"]\n").unwrap();
    let mut org = String::from(
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.p0]\nname = \"P\"\ntitle = \"T\"\n",
    );
    for i in 1..6_001 {
        org.push_str(&format!(
            "[people.p{i}]\nname = \"P\"\nreports-to = \"p0\"\n"
        ));
    }
    std::fs::write(dir.join("org.toml"), org).unwrap();
    // 20 rules x 6,000 people without a title: 120,000 findings, after
    // the few diagnostics of the built-in rules, which run first.
    let (code, doc) = common::check_json(&dir, &["org.toml"]);
    assert_eq!(code, 0);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 100_000);
    let mut per_rule = std::collections::BTreeMap::new();
    for d in diagnostics {
        *per_rule
            .entry(d["rule"].as_str().unwrap().to_owned())
            .or_insert(0) += 1;
    }
    let big: usize = per_rule
        .iter()
        .filter(|(r, _)| r.starts_with("big/"))
        .map(|(_, n)| n)
        .sum();
    let builtin = diagnostics.len() - big;
    assert!(builtin < 10, "{per_rule:?}");
    assert_eq!(doc["summary"]["omitted"], 120_000 + builtin - 100_000);
    // The first rules in order are kept whole, the 17th in part, the last
    // three not at all.
    assert_eq!(per_rule.get("big/r00"), Some(&6_000));
    assert_eq!(per_rule.get("big/r16"), Some(&(4_000 - builtin)));
    assert_eq!(per_rule.get("big/r17"), None);
}
