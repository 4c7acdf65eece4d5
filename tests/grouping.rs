//! Readable at scale: diagnostics with one cause are one entry in `human`
//! and `short`, `--no-group` lists each, `--statistics` counts them, and
//! JSON keeps one record per diagnostic with its `group`.

mod common;

use std::path::PathBuf;

fn stand_in(name: &str) -> PathBuf {
    let dir = common::temp_dir("grouping", name);
    std::fs::write(dir.join("org.toml"), common::export_stand_in()).unwrap();
    dir
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_real_orgs_first_screen_is_one_entry_per_cause() {
    let dir = stand_in("first-screen");
    let human = common::run_in(&dir, &["check", "--no-config", "--color", "never"]);
    let human = common::stdout(&human);
    let short = common::stdout(&common::run_in(
        &dir,
        &["check", "--no-config", "--format", "short"],
    ));
    // The first screen: 40 lines a person can act on.
    insta::assert_snapshot!("stand-in.human.first-screen", first_lines(&human, 40));
    insta::assert_snapshot!("stand-in.short.first-screen", first_lines(&short, 40));
    // `email` on 1,300 people is one entry.
    assert_eq!(short.matches("unknown-field").count(), 1, "{short}");
    assert!(short.contains("(and 1299 more)"), "{short}");
    // One entry per missing manager: 140, not 712.
    assert_eq!(short.matches("[unknown-reference]").count(), 140);
    assert!(short.contains("names `gone-000`, which is not a person in this org (and 16 more)"));
    // The design VP and the 71 designers below are one entry.
    let design: Vec<&str> = short
        .lines()
        .filter(|l| l.contains("[design-and-data-included]"))
        .collect();
    assert_eq!(design.len(), 1, "{design:?}");
    assert!(
        design[0].contains("ux-vp") && design[0].contains("(and 71 more)"),
        "{design:?}"
    );
    // The summary still counts every diagnostic.
    let json = common::check_json(&dir, &["--no-config"]).1;
    let total = json["diagnostics"].as_array().unwrap().len();
    assert!(total > 2_000, "{total}");
    let summary = short.lines().last().unwrap();
    let errors = json["summary"]["errors"].as_u64().unwrap();
    assert!(
        summary.starts_with(&format!("{errors} errors")),
        "{summary}"
    );
}

#[test]
fn no_group_lists_every_diagnostic_and_json_carries_the_group() {
    let dir = stand_in("no-group");
    let short = common::stdout(&common::run_in(
        &dir,
        &["check", "--no-config", "--format", "short", "--no-group"],
    ));
    // Each diagnostic on its own line, up to the cap of 1,000.
    assert!(short.matches("[unknown-field]").count() > 1);
    assert!(short.contains("\n... and "), "{short}");
    assert_eq!(short.lines().filter(|l| l.contains("]: ")).count(), 1_000);
    let json = common::check_json(&dir, &["--no-config"]).1;
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let gone: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["group"] == "unknown-reference:gone-000")
        .collect();
    assert_eq!(gone.len(), 17);
    let designers = diagnostics
        .iter()
        .filter(|d| d["group"] == "design-and-data-included:ux-vp")
        .count();
    assert_eq!(designers, 72);
    assert!(diagnostics.iter().any(|d| d["group"].is_null()));
}

#[test]
fn statistics_count_per_rule_and_severity() {
    let dir = stand_in("statistics");
    let out = common::run_in(&dir, &["check", "--no-config", "--statistics"]);
    assert_eq!(out.status.code(), Some(1));
    let text = common::stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("count  fixable  severity  rule"));
    assert_eq!(
        lines.next(),
        Some(" 1300        0  warning   unknown-field")
    );
    assert!(
        text.contains("  712        0  error     unknown-reference\n"),
        "{text}"
    );
    let json = common::run_in(
        &dir,
        &["check", "--no-config", "--statistics", "--format", "json"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows[0]["rule"], "unknown-field");
    assert_eq!(rows[0]["count"], 1300);
    let total: u64 = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    let all = common::check_json(&dir, &["--no-config"]).1;
    assert_eq!(total as usize, all["diagnostics"].as_array().unwrap().len());
}
