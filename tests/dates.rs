//! Time in the org, end to end through the binary: `start` and `end` on
//! people, `--as-of`, leavers and future hires, suppressions and baseline
//! entries that expire. Every run passes `--as-of`, so these tests give the
//! same result on any day.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{json, run_in, stdout, temp_dir};

fn dir(name: &str) -> PathBuf {
    temp_dir("dates", name)
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `check --no-config --format json --as-of DATE org.toml` in `dir`.
fn check_at(dir: &Path, as_of: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--no-config", "--format", "json", "--as-of", as_of];
    args.extend_from_slice(extra);
    args.push("org.toml");
    let out = run_in(dir, &args);
    (code(&out), json(&out))
}

/// The diagnostics of one rule.
fn of_rule<'a>(doc: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn rules(doc: &serde_json::Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["rule"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// Ada at the top with eight reports, one of whom (grace, a manager of
/// two) has her last day on 2027-03-31.
const LEAVER_ORG: &str = r#"[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada"

[people.grace]
name = "Grace"
reports-to = "ada"
end = 2027-03-31

[people.linus]
name = "Linus"
reports-to = "grace"

[people.ken]
name = "Ken"
reports-to = "grace"

[people.p1]
name = "P1"
reports-to = "ada"

[people.p2]
name = "P2"
reports-to = "ada"

[people.p3]
name = "P3"
reports-to = "ada"

[people.p4]
name = "P4"
reports-to = "ada"

[people.p5]
name = "P5"
reports-to = "ada"

[people.p6]
name = "P6"
reports-to = "ada"

[people.p7]
name = "P7"
reports-to = "ada"

[people.p8]
name = "P8"
reports-to = "ada"
"#;

#[test]
fn a_leaver_is_in_the_org_through_the_end_date_and_gone_the_day_after() {
    let d = dir("leaver");
    write(&d.join("org.toml"), LEAVER_ORG);
    // The day before and the day of `end`: grace is in the org, and ada
    // has 9 direct reports, one more than `ceo-span-of-control` allows.
    for as_of in ["2027-03-30", "2027-03-31"] {
        let (_, doc) = check_at(&d, as_of, &[]);
        assert!(
            of_rule(&doc, "reports-to-leaver").is_empty(),
            "{as_of}: {doc}"
        );
        assert_eq!(
            of_rule(&doc, "ceo-span-of-control").len(),
            1,
            "{as_of}: {doc}"
        );
    }
    // The day after: grace has left. She is not counted (ada has 8), and
    // both her reports are told, with the end date and ada as the fix.
    let (exit, doc) = check_at(&d, "2027-04-01", &[]);
    assert_eq!(exit, 1);
    assert!(of_rule(&doc, "ceo-span-of-control").is_empty(), "{doc}");
    let leaver = of_rule(&doc, "reports-to-leaver");
    assert_eq!(leaver.len(), 2, "{doc}");
    for d in &leaver {
        assert_eq!(d["severity"], "error");
        assert!(
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("`grace`") && m.contains("2027-03-31")),
            "{d}"
        );
        assert_eq!(d["fix"]["safety"], "unsafe");
        assert_eq!(d["fix"]["edits"][0]["replacement"], "\"ada\"");
    }
    // She is not a manager either: no span-of-control about her.
    assert!(
        of_rule(&doc, "span-of-control")
            .iter()
            .all(|d| d["entity"]["id"] != "grace"),
        "{doc}"
    );
}

#[test]
fn the_unsafe_fix_moves_the_reports_to_the_leavers_manager() {
    let d = dir("leaver-fix");
    write(&d.join("org.toml"), LEAVER_ORG);
    let out = run_in(
        &d,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2027-04-01",
            "--fix",
            "org.toml",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = std::fs::read_to_string(d.join("org.toml")).unwrap_or_default();
    assert_eq!(
        text, LEAVER_ORG,
        "a safe-only --fix must not touch reporting lines"
    );
    let out = run_in(
        &d,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2027-04-01",
            "--fix",
            "--unsafe-fixes",
            "org.toml",
        ],
    );
    let text = std::fs::read_to_string(d.join("org.toml")).unwrap_or_default();
    assert_eq!(text.matches("reports-to = \"grace\"").count(), 0, "{text}");
    assert_eq!(text.matches("reports-to = \"ada\"").count(), 11, "{text}");
    assert!(
        !stdout(&out).contains("reports-to-leaver"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_leaver_at_the_top_is_not_a_root() {
    let d = dir("root");
    // Two people without `reports-to`: a second root, until she leaves.
    write(
        &d.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n[people.old]\nname = \"Old\"\nend = 2027-03-31\n\n[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n",
    );
    let (_, doc) = check_at(&d, "2027-03-31", &[]);
    assert_eq!(of_rule(&doc, "root-count").len(), 1, "{doc}");
    let (exit, doc) = check_at(&d, "2027-04-01", &[]);
    assert_eq!(rules(&doc), Vec::<String>::new(), "{doc}");
    assert_eq!(exit, 0);
}

#[test]
fn leavers_in_teams_and_future_hires() {
    let d = dir("teams");
    write(
        &d.join("org.toml"),
        r#"[org]
name = "A"
structure = "split"

[people.ada]
name = "Ada"

[people.bob]
name = "Bob"
reports-to = "ada"

[people.mia]
name = "Mia"
reports-to = "ada"
end = 2027-03-31

[people.zoe]
name = "Zoe"
reports-to = "ada"
start = 2027-04-02

[people.yan]
name = "Yan"
reports-to = "zoe"

[teams.web]
name = "Web"
function = "engineering"
lead = "mia"
members = ["bob", "mia", "zoe"]
headcount = 5
"#,
    );
    let (_, doc) = check_at(&d, "2027-04-01", &[]);
    let team = of_rule(&doc, "leaver-in-team");
    assert_eq!(team.len(), 2, "lead and members: {doc}");
    assert!(
        team.iter()
            .all(|d| d["entity"]["id"] == "web" && d["severity"] == "error")
    );
    let future = of_rule(&doc, "reports-to-future");
    assert_eq!(future.len(), 1, "{doc}");
    assert_eq!(future[0]["severity"], "warning");
    assert_eq!(future[0]["entity"]["id"], "yan");
    assert!(
        future[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("2027-04-02"))
    );
    // On her start date zoe is in the org; mia is still in it on 2027-03-31.
    let (exit, doc) = check_at(&d, "2027-04-02", &[]);
    assert!(of_rule(&doc, "reports-to-future").is_empty(), "{doc}");
    assert_eq!(of_rule(&doc, "leaver-in-team").len(), 2, "{doc}");
    assert_eq!(exit, 1);
    let (_, doc) = check_at(&d, "2027-03-31", &[]);
    assert!(of_rule(&doc, "leaver-in-team").is_empty(), "{doc}");
}

const EXPIRING: &str = r#"[org]
name = "A"
structure = "split"

[people.ada]
name = "Ada"

[people.grace] # orglint: allow(span-of-control) -- hiring, until 2027-03-31
name = "Grace"
reports-to = "ada"

[people.linus]
name = "Linus"
reports-to = "grace"
"#;

#[test]
fn an_expiring_suppression_holds_the_day_before_and_expires_on_its_date() {
    let d = dir("suppression");
    write(&d.join("org.toml"), EXPIRING);
    let (exit, doc) = check_at(&d, "2027-03-30", &[]);
    assert_eq!((exit, rules(&doc)), (0, Vec::<String>::new()), "{doc}");
    for as_of in ["2027-03-31", "2027-04-01"] {
        let (exit, doc) = check_at(&d, as_of, &[]);
        assert_eq!(exit, 0, "warnings only");
        assert_eq!(
            rules(&doc),
            vec!["span-of-control", "expired-suppression"],
            "{as_of}: {doc}"
        );
        let expired = &of_rule(&doc, "expired-suppression")[0];
        assert_eq!(expired["line"], 8);
        assert!(
            expired["message"]
                .as_str()
                .is_some_and(|m| m.contains("expired on 2027-03-31")),
            "{expired}"
        );
    }
    // Under `-D warnings` the day after fails the run.
    let (exit, _) = check_at(&d, "2027-04-01", &["-D", "warnings"]);
    assert_eq!(exit, 1);
}

#[test]
fn a_bad_until_in_a_suppression_is_invalid_and_shows_the_form() {
    let d = dir("bad-until");
    for (until, why) in [
        (
            "hiring, until 2027-02-30",
            "`until 2027-02-30` is not a date",
        ),
        ("hiring until 2027-03-31", "must follow a comma"),
        (
            "hiring, until 31.03.2027",
            "`until 31.03.2027` is not a date",
        ),
    ] {
        write(
            &d.join("org.toml"),
            &EXPIRING.replace("hiring, until 2027-03-31", until),
        );
        let (_, doc) = check_at(&d, "2027-01-01", &[]);
        let invalid = of_rule(&doc, "invalid-suppression");
        assert_eq!(invalid.len(), 1, "{until}: {doc}");
        let message = invalid[0]["message"].as_str().unwrap_or("");
        assert!(
            message.contains(why) && message.contains(", until YYYY-MM-DD"),
            "{message}"
        );
        // It suppresses nothing.
        assert_eq!(of_rule(&doc, "span-of-control").len(), 1, "{doc}");
    }
    // `until` in prose is a reason, not a date.
    write(
        &d.join("org.toml"),
        &EXPIRING.replace("hiring, until 2027-03-31", "interim, until Q3"),
    );
    let (exit, doc) = check_at(&d, "2027-01-01", &[]);
    assert_eq!((exit, rules(&doc)), (0, Vec::<String>::new()), "{doc}");
}

#[test]
fn a_baseline_entry_with_until_hides_its_diagnostic_until_that_date() {
    let d = dir("baseline");
    write(
        &d.join("org.toml"),
        &EXPIRING.replace(
            " # orglint: allow(span-of-control) -- hiring, until 2027-03-31",
            "",
        ),
    );
    let out = run_in(
        &d,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2027-03-01",
            "--write-baseline",
            "baseline.json",
            "--until",
            "2027-04-01",
            "org.toml",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("baseline.json")).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    let entries = written["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 1, "{written}");
    assert_eq!(entries[0]["until"], "2027-04-01");
    // The day before: hidden.
    let (exit, doc) = check_at(&d, "2027-03-31", &["--baseline", "baseline.json"]);
    assert_eq!(exit, 0);
    assert_eq!(rules(&doc), Vec::<String>::new(), "{doc}");
    assert_eq!(doc["summary"]["baselined"], 1);
    assert_eq!(doc["summary"]["baseline_expired"], 0);
    // The day of and the day after: shown again, and counted.
    for as_of in ["2027-04-01", "2027-04-02"] {
        let (_, doc) = check_at(&d, as_of, &["--baseline", "baseline.json"]);
        assert_eq!(rules(&doc), vec!["span-of-control"], "{as_of}: {doc}");
        assert_eq!(doc["summary"]["baselined"], 0);
        assert_eq!(doc["summary"]["baseline_expired"], 1, "{doc}");
        assert_eq!(doc["summary"]["baseline_gone"], 0, "{doc}");
    }
    let out = run_in(
        &d,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2027-04-02",
            "--baseline",
            "baseline.json",
            "org.toml",
        ],
    );
    assert!(
        stdout(&out).contains("0 hidden by the baseline, 0 baseline entries gone, 1 diagnostic no longer hidden (baseline entries past `until`)"),
        "{}",
        stdout(&out)
    );
    // An entry without `until` never expires.
    let out = run_in(
        &d,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2027-03-01",
            "--write-baseline",
            "forever.json",
            "org.toml",
        ],
    );
    assert_eq!(code(&out), 0);
    assert!(
        !std::fs::read_to_string(d.join("forever.json"))
            .unwrap_or_default()
            .contains("until")
    );
    let (_, doc) = check_at(&d, "2099-01-01", &["--baseline", "forever.json"]);
    assert_eq!(doc["summary"]["baselined"], 1, "{doc}");
    // A baseline whose `until` is not a date is refused, with the form.
    write(
        &d.join("bad.json"),
        &std::fs::read_to_string(d.join("baseline.json"))
            .unwrap_or_default()
            .replace("2027-04-01", "2027-02-30"),
    );
    let out = run_in(
        &d,
        &[
            "check",
            "--no-config",
            "--as-of",
            "2027-03-01",
            "--baseline",
            "bad.json",
            "org.toml",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).contains("YYYY-MM-DD"), "{}", stdout(&out));
}

#[test]
fn bad_dates_on_the_command_line_exit_2_with_the_form() {
    let d = dir("args");
    write(&d.join("org.toml"), EXPIRING);
    for args in [
        vec!["check", "--as-of", "2027-02-30", "org.toml"],
        vec!["check", "--as-of", "2027-3-31", "org.toml"],
        vec!["check", "--as-of", "tomorrow", "org.toml"],
        vec!["check", "--as-of", "2027-03-31T00:00:00", "org.toml"],
        vec!["test", "--as-of", "31/03/2027", "org.toml"],
        vec!["graph", "--as-of", "2027-13-01", "org.toml"],
        vec![
            "check",
            "--write-baseline",
            "b.json",
            "--until",
            "2027-02-29",
            "org.toml",
        ],
    ] {
        let out = run_in(&d, &args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            stderr(&out).contains("expected a date as YYYY-MM-DD, such as `2027-03-31`"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // `--until` goes with `--write-baseline`, and must be after the as-of date.
    let out = run_in(&d, &["check", "--until", "2027-04-01", "org.toml"]);
    assert_eq!(code(&out), 2);
    let out = run_in(
        &d,
        &[
            "check",
            "--as-of",
            "2027-04-01",
            "--write-baseline",
            "b.json",
            "--until",
            "2027-04-01",
            "org.toml",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not after the as-of date"),
        "{}",
        stderr(&out)
    );
    assert!(!d.join("b.json").exists());
}

#[test]
fn bad_dates_in_the_file_are_located_diagnostics() {
    let d = dir("file");
    let org = |person: &str| {
        format!(
            "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n{person}\n"
        )
    };
    // Not a day of the calendar: not valid TOML.
    write(&d.join("org.toml"), &org("end = 2027-02-30"));
    let (exit, doc) = check_at(&d, "2027-01-01", &[]);
    assert_eq!(exit, 1);
    let syntax = of_rule(&doc, "toml-syntax");
    assert_eq!(syntax.len(), 1, "{doc}");
    assert_eq!(
        (syntax[0]["line"].as_u64(), syntax[0]["column"].as_u64()),
        (Some(7), Some(7))
    );
    for (value, found) in [
        ("2027-03-31T09:00:00", "not a datetime"),
        ("2027-03-31T09:00:00+02:00", "not a datetime with an offset"),
        ("09:00:00", "not a time"),
        ("\"2027-03-31\"", "not a string"),
        ("20270331", "not an integer"),
    ] {
        write(&d.join("org.toml"), &org(&format!("start = {value}")));
        let (exit, doc) = check_at(&d, "2027-01-01", &[]);
        assert_eq!(exit, 1);
        let invalid = of_rule(&doc, "invalid-field");
        assert_eq!(invalid.len(), 1, "{value}: {doc}");
        assert_eq!(invalid[0]["line"], 7);
        assert!(
            invalid[0]["message"]
                .as_str()
                .is_some_and(|m| m.contains(found)),
            "{value}: {}",
            invalid[0]
        );
    }
    // `end` before `start`: the end is ignored, the person stays.
    write(
        &d.join("org.toml"),
        &org("start = 2027-03-01\nend = 2027-01-31"),
    );
    let (_, doc) = check_at(&d, "2027-06-01", &[]);
    let invalid = of_rule(&doc, "invalid-field");
    assert_eq!(invalid.len(), 1, "{doc}");
    assert_eq!(invalid[0]["line"], 8);
    assert_eq!(invalid[0]["labels"][1]["line"], 7);
    assert!(
        of_rule(&doc, "root-count").is_empty(),
        "ada is still the root: {doc}"
    );
}

#[test]
fn test_and_graph_take_the_as_of_date() {
    let d = dir("commands");
    write(&d.join("org.toml"), LEAVER_ORG);
    let out = run_in(
        &d,
        &["graph", "--no-config", "--as-of", "2027-03-31", "org.toml"],
    );
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Grace"), "{}", stdout(&out));
    let out = run_in(
        &d,
        &["graph", "--no-config", "--as-of", "2027-04-01", "org.toml"],
    );
    assert_eq!(code(&out), 0);
    assert!(
        !stdout(&out).contains("Grace"),
        "a leaver is not drawn: {}",
        stdout(&out)
    );
    write(
        &d.join("fixture.toml"),
        &LEAVER_ORG
            .replace(
                "[people.linus]\nname = \"Linus\"\nreports-to = \"grace\"",
                "[people.linus]\nname = \"Linus\"\nreports-to = \"grace\" # expect: reports-to-leaver",
            )
            .replace(
                "[people.ken]\nname = \"Ken\"\nreports-to = \"grace\"",
                "[people.ken]\nname = \"Ken\"\nreports-to = \"grace\" # expect: reports-to-leaver",
            ),
    );
    let out = run_in(
        &d,
        &[
            "test",
            "--no-config",
            "--as-of",
            "2027-04-01",
            "fixture.toml",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = run_in(
        &d,
        &[
            "test",
            "--no-config",
            "--as-of",
            "2027-03-31",
            "fixture.toml",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stdout(&out));
}

#[test]
fn start_and_end_declared_as_custom_fields_are_a_warning_not_an_error() {
    let d = dir("config");
    write(
        &d.join("orglint.toml"),
        "[vocabulary]\nperson-fields = [\"email\", \"start\", \"end\", \"dotted-to\", \"interim\", \"interim-since\"]\n",
    );
    write(
        &d.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\nemail = \"ada@example.com\"\nstart = 2020-01-06\n",
    );
    let out = run_in(&d, &["check", "--as-of", "2027-01-01", "org.toml"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let err = stderr(&out);
    // Keys built in since formats 1.2 (dates) and 1.3 (dotted lines and
    // interim roles) alike.
    for key in [
        "`start`",
        "`end`",
        "`dotted-to`",
        "`interim`",
        "`interim-since`",
    ] {
        assert!(
            err.contains(&format!(
                "orglint.toml:2: {key} in `[vocabulary] person-fields` is now a built-in key"
            )),
            "{err}"
        );
    }
    assert!(err.starts_with("warning: "), "{err}");
    // It is the built-in key now: a string is not a date.
    write(
        &d.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\nstart = \"Jan 2020\"\n",
    );
    let out = run_in(
        &d,
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2027-01-01",
            "org.toml",
        ],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(of_rule(&json(&out), "invalid-field").len(), 1);
}

#[test]
fn explain_shows_the_date_an_example_is_linted_at() {
    let d = dir("explain");
    let out = run_in(&d, &["explain", "reports-to-leaver"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("Fails on (as of 2027-04-01):"), "{text}");
    assert!(text.contains("end = 2027-03-31"), "{text}");
}

#[test]
fn the_readme_shows_the_example_as_it_is_linted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    let command =
        "$ orglint check --as-of 2027-04-01 --format short examples/acme-changes.org.toml\n";
    let shown = readme
        .split(command)
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("the README does not show `{}`", command.trim()));
    let out = run_in(
        root,
        &[
            "check",
            "--as-of",
            "2027-04-01",
            "--format",
            "short",
            "examples/acme-changes.org.toml",
        ],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), shown);
    // The day before, only the data team is reported.
    let out = run_in(
        root,
        &[
            "check",
            "--as-of",
            "2027-03-31",
            "--format",
            "short",
            "examples/acme-changes.org.toml",
        ],
    );
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.contains("warning[reports-to-future]: team `data`"),
        "{text}"
    );
}

#[test]
fn a_leavers_own_table_is_still_linted_and_suppressible() {
    let d = dir("leaver-table");
    write(
        &d.join("org.toml"),
        r#"[org]
name = "A"
structure = "split"

[people.ada]
name = "Ada"

[people.bob]
name = "Bob"
reports-to = "ada"

# orglint: allow(unknown-role) -- the title of the old org chart
[people.old]
name = "Old"
reports-to = "adda"
roles = ["founder"]
end = 2026-12-31
"#,
    );
    let (_, doc) = check_at(&d, "2027-04-01", &[]);
    // The typo in her `reports-to` is reported; the suppression above her
    // table still binds to her, so it is used and not reported.
    assert_eq!(rules(&doc), vec!["unknown-reference"], "{doc}");
    assert_eq!(of_rule(&doc, "unknown-reference")[0]["entity"]["id"], "old");
}
