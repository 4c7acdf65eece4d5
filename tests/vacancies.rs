//! Open positions, dotted lines and interim roles (format 1.3), end to end
//! through the CLI: what each new key and param changes, every bad input of
//! the format located and never a panic, and the interim rule measured to a
//! fixed day so that no test depends on today's date.

mod common;

use std::path::Path;

use common::{check_json, run_in, stdout, temp_dir};

/// Writes `org.toml` (and `orglint.toml` when given) into a fresh folder.
fn org_dir(name: &str, org: &str, config: Option<&str>) -> std::path::PathBuf {
    let dir = temp_dir("vacancies", name);
    std::fs::write(dir.join("org.toml"), org).expect("write org");
    if let Some(config) = config {
        std::fs::write(dir.join("orglint.toml"), config).expect("write config");
    }
    dir
}

/// `(rule, message)` of every diagnostic.
fn found(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn messages_of(doc: &serde_json::Value, rule: &str) -> Vec<String> {
    found(doc)
        .into_iter()
        .filter(|(r, _)| r == rule)
        .map(|(_, m)| m)
        .collect()
}

/// Grace manages 3 people and 5 open positions (the issue's example).
const HIRING: &str = r#"[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada Lovelace"

[people.grace]
name = "Grace Hopper"
reports-to = "ada"

[people.a]
name = "A"
reports-to = "grace"
function = "engineering"

[people.b]
name = "B"
reports-to = "grace"
function = "engineering"

[people.c]
name = "C"
reports-to = "grace"
function = "product"

[vacancies.v1]
title = "Engineer"
reports-to = "grace"
function = "engineering"

[vacancies.v2]
title = "Engineer"
reports-to = "grace"
function = "engineering"

[vacancies.v3]
title = "Engineer"
reports-to = "grace"
function = "engineering"

[vacancies.v4]
title = "Engineer"
reports-to = "grace"
function = "engineering"

[vacancies.v5]
title = "Engineer"
reports-to = "grace"
function = "engineering"
"#;

#[test]
fn vacancies_count_for_spans_unless_count_vacancies_is_false() {
    // At most 7 reports: 3 people pass, 3 people and 5 open positions do not.
    let config = "[rules]\nspan-of-control = { max = 7 }\n";
    let dir = org_dir("span-default", HIRING, Some(config));
    let (code, doc) = check_json(&dir, &["org.toml"]);
    assert_eq!(code, 0, "warnings only: {doc}");
    assert_eq!(
        messages_of(&doc, "span-of-control"),
        ["`grace` has 8 direct reports, 5 of them open positions, expected between 2 and 7"]
    );

    let config = "[rules]\nspan-of-control = { max = 7, count-vacancies = false }\n";
    let dir = org_dir("span-people", HIRING, Some(config));
    let (_, doc) = check_json(&dir, &["org.toml"]);
    assert!(messages_of(&doc, "span-of-control").is_empty(), "{doc}");
}

#[test]
fn count_vacancies_on_the_ceo_rule() {
    // Ada: grace and 8 open positions = 9, one over the CEO's maximum of 8.
    let mut org = String::from(
        "[org]\nname = \"Acme\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n[people.grace]\nname = \"Grace\"\nreports-to = \"ada\"\n",
    );
    for i in 0..8 {
        org.push_str(&format!(
            "\n[vacancies.exec-{i}]\ntitle = \"Executive\"\nreports-to = \"ada\"\n"
        ));
    }
    let dir = org_dir("ceo-default", &org, None);
    let (_, doc) = check_json(&dir, &["org.toml", "--no-config"]);
    assert_eq!(
        messages_of(&doc, "ceo-span-of-control"),
        ["`ada` has 9 direct reports, 8 of them open positions, expected at most 8"]
    );
    let config = "[rules]\nceo-span-of-control = { count-vacancies = false }\n";
    let dir = org_dir("ceo-people", &org, Some(config));
    let (_, doc) = check_json(&dir, &["org.toml"]);
    assert!(messages_of(&doc, "ceo-span-of-control").is_empty(), "{doc}");
}

/// 16 engineers and 1 product person, 3 open product positions: the ratio
/// is 16 counting people, 4 counting the plan.
const RATIO: &str = r#"[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada"

[people.pam]
name = "Pam"
reports-to = "ada"
function = "product"

[people.eve]
name = "Eve"
reports-to = "ada"
function = "engineering"

[people.ian]
name = "Ian"
reports-to = "eve"
function = "engineering"

[teams.web]
name = "Web"
function = "engineering"
lead = "eve"
headcount = 7

[teams.api]
name = "API"
function = "engineering"
lead = "ian"
headcount = 7

[vacancies.pm-1]
title = "Product Manager"
reports-to = "ada"
function = "product"

[vacancies.pm-2]
title = "Product Manager"
reports-to = "ada"
function = "product"

[vacancies.pm-3]
title = "Product Manager"
reports-to = "pam"
team = "product-team"

[teams.product-team]
name = "Product"
function = "product"
lead = "pam"
members = ["pam"]
"#;

#[test]
fn ratios_count_people_unless_planned() {
    // Org size 19 people: the rule's `min-headcount` (20) would skip it, and
    // open positions do not count there: lower it to see the ratio.
    let people_only = "[rules]\neng-product-ratio = { min = 4, max = 12 }\n";
    let dir = org_dir("ratio-people", RATIO, Some(people_only));
    let (_, doc) = check_json(&dir, &["org.toml"]);
    assert!(
        messages_of(&doc, "eng-product-ratio").is_empty(),
        "18 people: the `min-headcount` of 20 counts people only: {doc}"
    );

    let mut bigger = RATIO.to_owned();
    bigger.push_str("\n[people.zed]\nname = \"Zed\"\nreports-to = \"ada\"\nfunction = \"sales\"\n\n[people.yan]\nname = \"Yan\"\nreports-to = \"ada\"\nfunction = \"sales\"\n");
    let dir = org_dir("ratio-people-20", &bigger, None);
    let (_, doc) = check_json(&dir, &["org.toml", "--no-config"]);
    assert_eq!(
        messages_of(&doc, "eng-product-ratio"),
        ["`engineering` / `product` is 16, expected between 4 and 12 engineers per product person"]
    );

    // The third open position is in product through its team.
    let dir = org_dir(
        "ratio-planned",
        &bigger,
        Some("[rules]\neng-product-ratio = { planned = true }\n"),
    );
    let (_, doc) = check_json(&dir, &["org.toml"]);
    assert!(
        messages_of(&doc, "eng-product-ratio").is_empty(),
        "16 / (1 + 3) = 4, the minimum: {doc}"
    );

    // design-coverage takes `planned` too: 1 open design position against
    // 16 engineers is 0.0625 planned, 0 counting people.
    bigger.push_str(
        "\n[vacancies.designer]\ntitle = \"Designer\"\nreports-to = \"ada\"\nfunction = \"design\"\n",
    );
    for (name, planned, fires) in [
        ("coverage-now", false, true),
        ("coverage-plan", true, false),
    ] {
        let mut org = bigger.clone();
        for i in 0..5 {
            org.push_str(&format!(
                "\n[people.s{i}]\nname = \"S\"\nreports-to = \"zed\"\nfunction = \"sales\"\n"
            ));
        }
        let config = format!("[rules]\ndesign-coverage = {{ planned = {planned} }}\n");
        let dir = org_dir(name, &org, Some(&config));
        let (_, doc) = check_json(&dir, &["org.toml"]);
        assert_eq!(
            !messages_of(&doc, "design-coverage").is_empty(),
            fires,
            "planned = {planned}: {doc}"
        );
    }
}

/// An org whose CEO is the interim CTO since `since`, its rule measured to
/// `as-of`.
fn interim_org(since: &str) -> String {
    format!(
        r#"[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada Lovelace"
roles = ["ceo"]
background = ["engineering"]
interim = ["cto"]
interim-since = {since}

[people.pat]
name = "Pat Chen"
reports-to = "ada"
roles = ["cpo"]
"#
    )
}

#[test]
fn interim_rd_exec_fires_from_day_181_to_a_fixed_as_of() {
    // 2026-01-01 to 2026-06-30 is 180 days: the maximum.
    let config = "[rules]\ninterim-rd-exec = { as-of = \"2026-06-30\" }\n";
    for (name, since, fires) in [
        ("day-180", "2026-01-01", false),
        ("day-181", "2025-12-31", true),
        ("future", "2026-07-01", false),
    ] {
        let dir = org_dir(name, &interim_org(since), Some(config));
        let (_, doc) = check_json(&dir, &["org.toml"]);
        let messages = messages_of(&doc, "interim-rd-exec");
        assert_eq!(!messages.is_empty(), fires, "{name}: {doc}");
        if fires {
            assert_eq!(
                messages,
                [format!(
                    "`ada` has held `cto` on an interim basis since {since}, for more than 180 days"
                )]
            );
        }
    }
    // `max-days` moves the boundary.
    let config = "[rules]\ninterim-rd-exec = { as-of = \"2026-06-30\", max-days = 181 }\n";
    let dir = org_dir("day-181-allowed", &interim_org("2025-12-31"), Some(config));
    let (_, doc) = check_json(&dir, &["org.toml"]);
    assert!(messages_of(&doc, "interim-rd-exec").is_empty(), "{doc}");
}

#[test]
fn an_interim_holder_holds_the_role_for_every_rule() {
    // Ada is the interim CPTO of a cpto org: `cpto-declared` is satisfied,
    // and the CPTO rules check her.
    let org = r#"[org]
name = "Acme"

[people.ada]
name = "Ada Lovelace"
roles = ["ceo"]
interim = ["cpto"]
interim-since = 2026-05-01

[people.bob]
name = "Bob"
reports-to = "ada"
"#;
    let config = "[rules]\ninterim-rd-exec = { as-of = \"2026-06-30\" }\n";
    let dir = org_dir("interim-cpto", org, Some(config));
    let (_, doc) = check_json(&dir, &["org.toml"]);
    let rules: Vec<String> = found(&doc).into_iter().map(|(r, _)| r).collect();
    assert!(!rules.contains(&"cpto-declared".to_owned()), "{doc}");
    for rule in [
        "rd-exec-technical-depth",
        "rd-exec-product-sense",
        "rd-exec-on-call",
        "rd-exec-accountability",
    ] {
        assert!(rules.contains(&rule.to_owned()), "{rule}: {doc}");
    }
    // An open CPTO position is no holder.
    let open = "[org]\nname = \"Acme\"\n\n[people.ada]\nname = \"Ada\"\nroles = [\"ceo\"]\n\n[vacancies.cpto]\ntitle = \"CPTO\"\nreports-to = \"ada\"\n";
    let dir = org_dir("open-cpto", open, None);
    let (_, doc) = check_json(&dir, &["org.toml", "--no-config"]);
    assert_eq!(messages_of(&doc, "cpto-declared").len(), 1, "{doc}");
}

#[test]
fn dotted_lines_are_references_but_never_reporting_lines() {
    // A dotted-line loop is no reporting cycle, adds no report and no depth.
    let org = r#"[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada"

[people.grace]
name = "Grace"
reports-to = "ada"
dotted-to = ["tom"]

[people.tom]
name = "Tom"
reports-to = "ada"
dotted-to = ["grace", "gracee"]
"#;
    let dir = org_dir("dotted", org, None);
    let (code, doc) = check_json(&dir, &["org.toml", "--no-config"]);
    assert_eq!(code, 1, "{doc}");
    assert_eq!(
        found(&doc),
        [(
            "unknown-reference".to_owned(),
            "`dotted-to` names `gracee`, which is not a person in this org".to_owned()
        )]
    );
    let d = &doc["diagnostics"][0];
    assert_eq!(d["help"], "did you mean `grace`?");
    assert_eq!(d["fix"]["safety"], "unsafe");
}

#[test]
fn vacancy_diagnostics_are_about_the_vacancy_and_can_be_suppressed() {
    let org = r#"[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada"

# orglint: allow(unknown-field) -- the ATS id, until it has a home
[vacancies.eng-1]
title = "Engineer"
reports-to = "ada"
ats-id = 42

[vacancies.eng-2]
title = "Engineer"
reports-to = "ada"
req = "R-7"
"#;
    let dir = org_dir("suppress", org, None);
    let (_, doc) = check_json(&dir, &["org.toml", "--no-config"]);
    let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(diagnostics.len(), 1, "{doc}");
    assert_eq!(diagnostics[0]["rule"], "unknown-field");
    assert_eq!(
        diagnostics[0]["entity"],
        serde_json::json!({ "kind": "vacancy", "id": "eng-2" })
    );
    assert_eq!(
        diagnostics[0]["help"],
        "known vacancy fields: title, reports-to, function, team, opens; vacancies have no custom fields"
    );
}

#[test]
fn the_vacancy_with_reports_fix_moves_the_report_to_the_hiring_manager() {
    let org = "[org]\nname = \"Acme\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n[vacancies.vp]\ntitle = \"VP\"\nreports-to = \"ada\"\n\n[people.bob]\nname = \"Bob\"\nreports-to = \"vp\"\n";
    let dir = org_dir("fix", org, None);
    let out = run_in(&dir, &["check", "--no-config", "--fix", "org.toml"]);
    assert_eq!(out.status.code(), Some(1), "an unsafe fix waits");
    let out = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "org.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = std::fs::read_to_string(dir.join("org.toml")).expect("read");
    assert!(
        text.ends_with("[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n"),
        "{text}"
    );
}

#[test]
fn every_bad_input_of_the_issue_is_located_and_never_a_panic() {
    let org = r#"[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada"
interim = ["ctoo", 3]
interim-since = "last spring"

[people.bob]
name = "Bob"
reports-to = "ada"
dotted-to = "ada"
interim-since = 2026-01-01T00:00:00Z

[people.cy]
name = "Cy"
reports-to = "ada"
interim = ["cmo"]
interim-since = 20260101
dotted-to = ["eng", "bob"]

[teams.eng]
name = "Eng"
function = "engineering"
lead = "ada"

[vacancies.bob]
title = "Engineer"
reports-to = "ada"

[vacancies]
eng-2 = "not a table"

[vacancies.eng-3]
title = 3
reports-to = ["ada"]
team = 4
opens = true
function = "enginering"
"#;
    let dir = org_dir("bad", org, None);
    let (code, doc) = check_json(&dir, &["org.toml", "--no-config"]);
    assert_eq!(code, 1, "{doc}");
    let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    for d in &diagnostics {
        assert!(d["line"].is_u64(), "unlocated: {d}");
    }
    let located = |rule: &str, line: u64| {
        diagnostics
            .iter()
            .any(|d| d["rule"] == rule && d["line"] == line)
    };
    // `interim` naming an unknown role; a list with a number is ignored whole.
    assert!(!located("unknown-role", 7), "the list is ignored: {doc}");
    assert!(located("invalid-field", 7), "{doc}");
    // `interim-since` that is not a date, in three ways.
    assert!(located("invalid-field", 8), "{doc}");
    assert!(located("invalid-field", 14), "{doc}");
    assert!(located("invalid-field", 20), "{doc}");
    // `dotted-to` must be a list.
    assert!(located("invalid-field", 13), "{doc}");
    // A dotted line to a team.
    assert!(located("unknown-reference", 21), "{doc}");
    // A vacancy id that collides with a person.
    assert!(located("duplicate-id", 28), "{doc}");
    // A vacancy that is not a table, and one with every value wrong.
    assert!(located("invalid-field", 33), "{doc}");
    for line in [36, 37, 38, 39] {
        assert!(located("invalid-field", line), "line {line}: {doc}");
    }
    assert!(located("unknown-function", 40), "{doc}");

    // `interim` naming an unknown role, on its own.
    let org = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\ninterim = [\"ctoo\"]\n";
    let dir = org_dir("bad-role", org, None);
    let (_, doc) = check_json(&dir, &["org.toml", "--no-config"]);
    assert_eq!(
        found(&doc),
        [("unknown-role".to_owned(), "unknown role `ctoo`".to_owned())]
    );
    assert_eq!(doc["diagnostics"][0]["line"], 7);
}

#[test]
fn an_interim_as_of_that_is_not_a_date_is_a_config_error() {
    let config = "[rules]\ninterim-rd-exec = { as-of = \"2026-02-30\" }\n";
    let dir = org_dir("bad-as-of", &interim_org("2026-01-01"), Some(config));
    let out = run_in(&dir, &["check", "org.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out) + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("`as-of` must be a date `\"YYYY-MM-DD\"`, not `2026-02-30`"),
        "{text}"
    );
}

#[test]
fn graph_draws_vacancies_and_dotted_lines_dashed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run_in(
        dir,
        &["graph", "--no-config", "fixtures/dotted-line/fail.toml"],
    );
    let mermaid = stdout(&out);
    let out = run_in(
        dir,
        &[
            "graph",
            "--no-config",
            "--format",
            "dot",
            "fixtures/dotted-line/fail.toml",
        ],
    );
    let dot = stdout(&out);
    // Ada (p0) hires for the head of data (v0), dashed in both languages.
    assert!(mermaid.contains("    p0 -.-> v0\n"), "{mermaid}");
    assert!(
        mermaid.contains("    style v0 stroke-dasharray:5 4\n"),
        "{mermaid}"
    );
    assert!(dot.contains("    p0 -> v0 [style=dashed];\n"), "{dot}");
    assert!(dot.contains("style=\"rounded,dashed,filled\""), "{dot}");
    // The meaningless dotted lines are warnings and not drawn.
    assert!(!mermaid.contains("dotted line"), "{mermaid}");

    let out = run_in(
        dir,
        &["graph", "--no-config", "fixtures/dotted-line/pass.toml"],
    );
    let mermaid = stdout(&out);
    let out = run_in(
        dir,
        &[
            "graph",
            "--no-config",
            "--format",
            "dot",
            "fixtures/dotted-line/pass.toml",
        ],
    );
    let dot = stdout(&out);
    // dina (p1) has dotted lines to tom (p4) and ada (p0).
    assert!(
        mermaid.contains("    p1 -. dotted line .-> p4\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("    p1 -. dotted line .-> p0\n"),
        "{mermaid}"
    );
    assert!(
        dot.contains(
            "    p1 -> p4 [style=dashed, constraint=false, label=\"dotted line\", fontsize=9];\n"
        ),
        "{dot}"
    );
    // A solid line per reporting line only: dina still reports to grace.
    assert!(mermaid.contains("    p2 --> p1\n"), "{mermaid}");
}

#[test]
fn only_problems_draws_a_flagged_vacancy_and_its_manager() {
    let org = "[org]\nname = \"Acme\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n\n[people.cy]\nname = \"Cy\"\nreports-to = \"bob\"\n\n[vacancies.eng]\ntitle = \"Engineer\"\nreports-to = \"bob\"\nreq = 7\n\n[vacancies.ops]\ntitle = \"Ops\"\nreports-to = \"ada\"\n";
    let dir = org_dir("only-problems", org, None);
    let out = run_in(
        &dir,
        &["graph", "--no-config", "--only-problems", "org.toml"],
    );
    let mermaid = stdout(&out);
    // The flagged vacancy (v0) and the chain above it; not cy, not ops.
    for line in ["    p0 --> p1\n", "    p1 -.-> v0\n"] {
        assert!(mermaid.contains(line), "{line}: {mermaid}");
    }
    assert!(mermaid.contains("unknown-field"), "{mermaid}");
    assert!(
        !mermaid.contains("p2[") && !mermaid.contains("v1["),
        "{mermaid}"
    );
}
