//! The binary end to end: exit codes, formats, standard input, config and
//! severity flags, `rules` and `explain`.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn orglint() -> Command {
    common::orglint_in(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn run(args: &[&str]) -> Output {
    orglint()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run orglint: {e}"))
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = orglint()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run orglint: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_bytes());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("orglint did not finish: {e}"))
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

use common::{json, stdout};

fn temp_dir(name: &str) -> PathBuf {
    common::temp_dir("cli", name)
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

const CLEAN: &str = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n";

#[test]
fn clean_file_exits_0() {
    let out = run_stdin(&["check", "--no-config", "-"], CLEAN);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("0 errors, 0 warnings in 1 file"));
}

#[test]
fn errors_exit_1_and_warnings_do_not() {
    let bad = format!("{CLEAN}\n[people.bob]\nname = \"Bob\"\nreports-to = \"adaa\"\n");
    assert_eq!(code(&run_stdin(&["check", "--no-config", "-"], &bad)), 1);
    let warning = format!("{CLEAN}title = \"x\"\nnick = \"y\"\n");
    let out = run_stdin(&["check", "--no-config", "-"], &warning);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("unknown-field"));
    // -D warnings makes it fail, and reports it as an error everywhere.
    let out = run_stdin(
        &[
            "check",
            "--no-config",
            "-D",
            "warnings",
            "--format",
            "json",
            "-",
        ],
        &warning,
    );
    assert_eq!(code(&out), 1);
    assert_eq!(json(&out)["diagnostics"][0]["severity"], "error");
}

#[test]
fn missing_path_exits_2_and_other_files_are_still_linted() {
    let out = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "no/such/file.org.toml",
        "examples/acme.org.toml",
    ]);
    assert_eq!(code(&out), 2);
    let doc = json(&out);
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.contains(&"io-error"), "{rules:?}");
    assert!(rules.contains(&"single-accountable-rd-exec"), "{rules:?}");
    assert_eq!(doc["summary"]["files"], 1);
}

#[test]
fn json_contract_fields_and_positions() {
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n[people.linus]\nname = \"Linus\"\nreports-to = \"adda\"\n";
    let out = run_stdin(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--stdin-filename",
            "org.toml",
            "-",
        ],
        text,
    );
    let doc = json(&out);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["files"], 1);
    assert_eq!(doc["summary"]["errors"], 1);
    // `fixable` counts safe fixes; a reference fix is unsafe.
    assert_eq!(doc["summary"]["fixable"], 0);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "unknown-reference");
    assert_eq!(d["file"], "org.toml");
    assert_eq!(d["line"], 10);
    assert_eq!(d["column"], 14);
    assert_eq!(d["end_line"], 10);
    assert_eq!(d["end_column"], 20);
    assert_eq!(d["entity"]["kind"], "person");
    assert_eq!(d["entity"]["id"], "linus");
    assert_eq!(d["help"], "did you mean `ada`?");
    assert_eq!(d["fix"]["safety"], "unsafe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "\"ada\"");
    assert_eq!(d["labels"][0]["message"], "no person `adda`");
}

#[test]
fn root_count_names_the_missing_top_of_the_chain_not_a_loop() {
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\nreports-to = \"board\"\n\n[people.grace]\nname = \"Grace\"\nreports-to = \"ada\"\n\n[people.ken]\nname = \"Ken\"\nreports-to = \"sam\"\n";
    let doc = json(&run_stdin(
        &["check", "--no-config", "--format", "json", "-"],
        text,
    ));
    let roots: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "root-count")
        .collect();
    assert_eq!(roots.len(), 1, "{doc}");
    let d = roots[0];
    assert_eq!(
        d["message"],
        "the org has no root: the 2 chains at the top end at `board` and `sam`, which are not people in this org"
    );
    assert!(!d["message"].as_str().unwrap_or("").contains("loop"));
    assert!(d["entity"].is_null());
    // At the first chain top's `reports-to` value, a label on the other.
    assert_eq!(
        (d["line"].clone(), d["column"].clone()),
        (7.into(), 14.into())
    );
    assert_eq!(d["labels"][1]["line"], 15);
    assert_eq!(
        d["labels"][1]["message"],
        "`ken` reports to `sam`, which is not in the org either"
    );
    // One chain top: the help says which `reports-to` to remove.
    let one = text.replace("reports-to = \"sam\"", "reports-to = \"grace\"");
    let doc = json(&run_stdin(
        &["check", "--no-config", "--format", "json", "-"],
        &one,
    ));
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "root-count");
    assert_eq!(
        d["message"],
        "the org has no root: the chain at the top ends at `board`, which is not a person in this org"
    );
    assert_eq!(
        d["help"],
        "if `ada` is at the top of the org, remove this `reports-to`"
    );
    // Everyone on a loop: still no location, and a loop it is.
    let looped = one.replace("reports-to = \"board\"", "reports-to = \"ken\"");
    let doc = json(&run_stdin(
        &["check", "--no-config", "--format", "json", "-"],
        &looped,
    ));
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "root-count");
    assert!(d["line"].is_null());
    assert!(d["message"].as_str().unwrap_or("").contains("loops"), "{d}");
}

#[test]
fn unknown_reference_help_writes_valid_toml() {
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n[people.ken]\nname = \"Ken\"\nreports-to = \"j.smith\"\n\n[people.jo]\nname = \"Jo\"\nreports-to = \"josé\"\n\n[people.tim]\nname = \"Tim\"\nreports-to = \"tom\"\n";
    let doc = json(&run_stdin(
        &["check", "--no-config", "--format", "json", "-"],
        text,
    ));
    let help = |holder: &str| {
        doc["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["rule"] == "unknown-reference" && d["entity"]["id"] == holder)
            .map(|d| d["help"].as_str().unwrap_or("").to_owned())
            .unwrap_or_default()
    };
    assert_eq!(
        help("ken"),
        "add a `[people.\"j.smith\"]` table, or name an existing person"
    );
    assert_eq!(
        help("jo"),
        "`josé` cannot be a person id (ids match `^[a-z0-9][a-z0-9._-]*$`): name an existing person by id"
    );
    assert_eq!(
        help("tim"),
        "add a `[people.tom]` table, or name an existing person"
    );
}

#[test]
fn output_is_deterministic() {
    let a = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "examples/acme.org.toml",
    ]);
    let b = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "examples/acme.org.toml",
    ]);
    assert_eq!(a.stdout, b.stdout);
    assert!(!a.stdout.is_empty());
}

#[test]
fn short_format_and_missing_locations() {
    let out = run_stdin(
        &["check", "--no-config", "--format", "short", "-q", "-"],
        "",
    );
    let text = stdout(&out);
    assert!(
        text.contains("<stdin>:1:1: error[invalid-field]: the file has no `[org]` table"),
        "{text}"
    );
    assert!(text.contains("<stdin>:1:1: error[root-count]"), "{text}");
    assert!(!text.contains("in 1 file"), "-q prints no summary: {text}");
    assert_eq!(code(&out), 1);
}

#[test]
fn color_follows_flags_and_no_color() {
    let bad = "[org]\nname = 1\n";
    let plain = run_stdin(&["check", "--no-config", "-"], bad);
    assert!(
        !stdout(&plain).contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    let forced = run_stdin(&["check", "--no-config", "--color", "always", "-"], bad);
    assert!(stdout(&forced).contains('\u{1b}'));
    let mut cmd = orglint();
    cmd.env("CLICOLOR_FORCE", "1")
        .args(["check", "--no-config", "-"])
        .stdin(Stdio::null());
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        stdout(&out).contains('\u{1b}') || stdout(&out).is_empty() || !stdout(&out).contains("×")
    );
}

#[test]
fn invalid_utf8_is_located() {
    let dir = temp_dir("utf8");
    let path = dir.join("org.toml");
    std::fs::write(&path, b"[org]\nname = \"A\xff\"\n").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        &path.to_string_lossy(),
    ]);
    assert_eq!(code(&out), 1);
    let d = &json(&out)["diagnostics"][0];
    assert_eq!(d["rule"], "toml-syntax");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 10);
}

#[test]
fn severity_flags_later_wins() {
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nroles = [\"cxo\"]\n";
    let rules = |args: &[&str]| -> Vec<(String, String)> {
        let mut all = vec!["check", "--no-config", "--format", "json"];
        all.extend_from_slice(args);
        all.push("-");
        let doc = json(&run_stdin(&all, text));
        doc["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap_or("").to_owned(),
                    d["severity"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        rules(&[]),
        vec![("unknown-role".to_owned(), "warning".to_owned())]
    );
    assert_eq!(
        rules(&["-D", "unknown-role"]),
        vec![("unknown-role".to_owned(), "error".to_owned())]
    );
    assert!(rules(&["-D", "unknown-role", "-A", "unknown-role"]).is_empty());
    assert!(rules(&["-A", "structure"]).is_empty());
    assert_eq!(rules(&["-A", "structure", "-W", "unknown-role"]).len(), 1);
}

#[test]
fn bad_flags_are_usage_errors() {
    for args in [
        vec![
            "check",
            "--no-config",
            "-A",
            "warnings",
            "examples/acme.org.toml",
        ],
        vec![
            "check",
            "--no-config",
            "-A",
            "root-count",
            "examples/acme.org.toml",
        ],
        vec![
            "check",
            "--no-config",
            "-D",
            "span-of-contrl",
            "examples/acme.org.toml",
        ],
        vec!["check", "--format", "xml", "examples/acme.org.toml"],
    ] {
        let out = run(&args);
        assert_eq!(code(&out), 2, "{args:?}");
    }
    let out = run(&[
        "check",
        "--no-config",
        "-D",
        "span-of-contrl",
        "examples/acme.org.toml",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `span-of-control`?"));
}

#[test]
fn config_is_discovered_and_applied() {
    let dir = temp_dir("config");
    write(
        &dir.join("orglint.toml"),
        "[vocabulary]\nroles = [\"cxo\"]\n\n[rules]\nhygiene = \"off\"\n",
    );
    write(
        &dir.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nroles = [\"cxo\"]\n",
    );
    let out = run(&[
        "check",
        "--format",
        "json",
        &dir.join("org.toml").to_string_lossy(),
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(json(&out)["diagnostics"].as_array().map(Vec::len), Some(0));
    // --no-config ignores it.
    let out = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        &dir.join("org.toml").to_string_lossy(),
    ]);
    assert_eq!(json(&out)["diagnostics"][0]["rule"], "unknown-role");
}

#[test]
fn config_errors_are_located_all_at_once_and_exit_2() {
    let dir = temp_dir("badconfig");
    write(
        &dir.join("orglint.toml"),
        "pack = []\n\n[rules]\nspan-of-contrl = \"error\"\nroot-count = \"off\"\nteam-size = { maxx = 3 }\n",
    );
    write(&dir.join("org.toml"), CLEAN);
    let out = run(&[
        "check",
        "--format",
        "json",
        &dir.join("org.toml").to_string_lossy(),
    ]);
    assert_eq!(code(&out), 2);
    let doc = json(&out);
    let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(
        diagnostics.iter().all(|d| d["rule"] == "config-error"),
        "{diagnostics:?}"
    );
    let helps: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(helps.iter().any(|h| h.contains("`packs`")), "{helps:?}");
    assert!(
        helps.iter().any(|h| h.contains("`span-of-control`")),
        "{helps:?}"
    );
    assert!(helps.iter().any(|h| h.contains("`max`")), "{helps:?}");
    assert_eq!(diagnostics.len(), 4, "{diagnostics:?}");
    assert!(diagnostics.iter().all(|d| d["line"].is_u64()));
}

#[test]
fn user_pack_from_readme_works() {
    let dir = temp_dir("pack");
    write(
        &dir.join("orglint.toml"),
        "packs = [\"acme.toml\"]\n\n[vocabulary]\nperson-fields = [\"email\"]\nroles = [\"general-counsel-deputy\"]\n",
    );
    write(
        &dir.join("acme.toml"),
        r#"[pack]
name = "acme"
summary = "Acme's own rules"

[[rule]]
id = "acme/email-domain"
summary = "Every person's email is at acme.com"
severity = "error"
template = "pattern"
select = { kind = "person" }
params = { field = "email", regex = '@acme\.com$' }
message = "`{id}` has the email `{value}`, not at acme.com"
help = "use the company address"

[[rule]]
id = "acme/small-teams"
summary = "No team bigger than 8"
severity = "warning"
template = "range"
select = { kind = "team" }
params = { field = "size", max = 8 }

[[rule]]
id = "acme/one-general-counsel"
summary = "Exactly one general counsel"
severity = "error"
template = "count"
select = { role = "general-counsel" }
params = { min = 1, max = 1 }
"#,
    );
    write(
        &dir.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nemail = \"ada@gmail.com\"\n[teams.t]\nname = \"T\"\nfunction = \"legal\"\nlead = \"ada\"\nheadcount = 9\n",
    );
    let out = run(&[
        "check",
        "--format",
        "json",
        &dir.join("org.toml").to_string_lossy(),
    ]);
    let doc = json(&out);
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.contains(&"acme/email-domain"), "{rules:?}");
    assert!(rules.contains(&"acme/small-teams"), "{rules:?}");
    assert!(rules.contains(&"acme/one-general-counsel"), "{rules:?}");
    assert_eq!(code(&out), 1);
    let listed = run(&[
        "rules",
        "--config",
        &dir.join("orglint.toml").to_string_lossy(),
    ]);
    assert!(stdout(&listed).contains("acme/email-domain"));
}

#[test]
fn pack_errors_point_into_the_pack() {
    let dir = temp_dir("badpack");
    write(&dir.join("orglint.toml"), "packs = [\"acme.toml\"]\n");
    write(
        &dir.join("acme.toml"),
        "[pack]\nname = \"acme\"\nsummary = \"x\"\n\n[[rule]]\nid = \"acme/x\"\nsummary = \"x\"\nseverity = \"error\"\ntemplate = \"patern\"\n\n[[rule]]\nid = \"acme/y\"\nsummary = \"y\"\nseverity = \"error\"\ntemplate = \"pattern\"\nparams = { field = \"name\", regex = \"a{5}{5}{5}{5}{5}{5}\" }\nmessage = \"{nope}\"\n",
    );
    write(&dir.join("org.toml"), CLEAN);
    let out = run(&[
        "check",
        "--format",
        "json",
        &dir.join("org.toml").to_string_lossy(),
    ]);
    assert_eq!(code(&out), 2);
    let doc = json(&out);
    let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(
        diagnostics.iter().all(|d| d["rule"] == "pack-error"
            && d["file"].as_str().is_some_and(|f| f.ends_with("acme.toml"))),
        "{diagnostics:?}"
    );
    let messages: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("unknown template")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("invalid regex")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("unknown placeholder")),
        "{messages:?}"
    );
}

/// How many rule files `rules/` holds (each pack's `pack.toml` aside): the
/// built-in rules that `rules` lists and SARIF describes.
fn built_in_rules() -> usize {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut n = 0;
    for pack in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(pack.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = file.file_name();
            if name != "pack.toml" && name.to_string_lossy().ends_with(".toml") {
                n += 1;
            }
        }
    }
    assert!(n >= 25, "{n} rule files");
    n
}

#[test]
fn rules_and_explain() {
    let out = run(&["rules", "--no-config", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let rows = json(&out);
    assert_eq!(rows.as_array().map(Vec::len), Some(built_in_rules()));
    let out = run(&["explain", "--no-config", "span-of-control"]);
    let text = stdout(&out);
    assert!(
        text.contains("span-of-control: Every manager below the top"),
        "{text}"
    );
    assert!(
        text.contains("Fails on:") && text.contains("Passes on:"),
        "{text}"
    );
    assert!(
        text.contains("params:   { min = 2, max = 12, count-vacancies = true }"),
        "{text}"
    );
    let out = run(&["explain", "--no-config", "span-of-contrl"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `span-of-control`?"));
}

#[test]
fn rules_and_explain_show_what_is_in_force_and_why() {
    let dir = temp_dir("in-force");
    write(
        &dir.join("orglint.toml"),
        "[rules]\nspan-of-control = { severity = \"off\", max = 8 }\ncpto = \"error\"\nteam-size = { max = 20 }\nceo-span-of-control = \"info\"\n",
    );
    let rules = common::run_in(&dir, &["rules", "--format", "json"]);
    assert_eq!(
        code(&rules),
        0,
        "{}",
        String::from_utf8_lossy(&rules.stderr)
    );
    let rows = json(&rules);
    let row = |id: &str| -> serde_json::Value {
        rows.as_array()
            .and_then(|rows| rows.iter().find(|r| r["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no {id}: {rows}"))
    };
    // The rule line wins over the pack-wide line, whatever their order.
    let ceo = row("ceo-span-of-control");
    assert_eq!(ceo["severity"], "warning", "the default stays: {ceo}");
    assert_eq!(ceo["effective"]["severity"], "info", "{ceo}");
    assert_eq!(ceo["effective"]["from"], "orglint.toml line 5", "{ceo}");
    assert_eq!(ceo["effective"]["kind"], "rule-line", "{ceo}");
    let rd = row("single-accountable-rd-exec");
    assert_eq!(rd["effective"]["severity"], "error", "{rd}");
    assert_eq!(
        rd["effective"]["from"], "orglint.toml line 3, pack-wide",
        "{rd}"
    );
    assert_eq!(rd["effective"]["kind"], "pack-line", "{rd}");
    let span = row("span-of-control");
    assert_eq!(span["enabled"], false);
    assert_eq!(span["effective"]["severity"], "off", "{span}");
    assert_eq!(
        span["effective"]["params"],
        serde_json::json!([
            { "name": "min", "value": "2", "from": "pack" },
            { "name": "max", "value": "8", "from": "orglint.toml line 2" },
            { "name": "count-vacancies", "value": "true", "from": "pack" },
        ])
    );
    let field = row("unknown-field");
    assert_eq!(field["effective"]["from"], "default", "{field}");
    assert_eq!(field["effective"]["kind"], "default", "{field}");

    let table = stdout(&common::run_in(&dir, &["rules"]));
    let header = table.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("RULE") && header.contains("  SEVERITY  FROM  "),
        "{table}"
    );
    let line = table
        .lines()
        .find(|l| l.starts_with("span-of-control "))
        .unwrap_or_default();
    assert!(
        line.contains("  off       orglint.toml line 2  "),
        "{table}"
    );

    let explain = stdout(&common::run_in(&dir, &["explain", "team-size"]));
    assert!(
        explain.contains("severity: warning (default)\n"),
        "{explain}"
    );
    assert!(
        explain.contains("in force: field = \"size\" (pack), max = 20 (orglint.toml line 4)\n"),
        "{explain}"
    );
    let explain = stdout(&common::run_in(&dir, &["explain", "span-of-control"]));
    assert!(
        explain.contains("severity: off (orglint.toml line 2; default warning)\n"),
        "{explain}"
    );
    let explain = stdout(&common::run_in(
        &dir,
        &["explain", "--no-config", "team-size"],
    ));
    assert!(
        explain.contains("in force: field = \"size\" (pack), max = 12 (pack)\n"),
        "{explain}"
    );

    // A template default the pack leaves alone is named as such.
    write(&dir.join("orglint.toml"), "packs = [\"acme.toml\"]\n");
    write(
        &dir.join("acme.toml"),
        "[pack]\nname = \"acme\"\nsummary = \"x\"\n\n[[rule]]\nid = \"acme/a-name\"\nsummary = \"x\"\nseverity = \"warning\"\ntemplate = \"pattern\"\nparams = { field = \"name\", regex = \"^A\" }\n",
    );
    let explain = common::run_in(&dir, &["explain", "acme/a-name"]);
    let text = stdout(&explain);
    assert!(
        text.contains("in force: field = \"name\" (pack), regex = \"^A\" (pack), match = true (template default)\n"),
        "{text}{}",
        String::from_utf8_lossy(&explain.stderr)
    );
}

#[test]
fn help_explains_exit_codes_and_version_works() {
    let out = run(&["check", "--help"]);
    assert!(stdout(&out).contains("Exit codes:"));
    let out = run(&["--version"]);
    assert!(stdout(&out).starts_with("orglint "));
    assert_eq!(code(&out), 0);
}

use common::sarif_validator;

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    let dir = temp_dir("sarif");
    write(
        &dir.join("orglint.toml"),
        "[rules]\nspan-of-contrl = \"off\"\n",
    );
    write(&dir.join("org.toml"), CLEAN);
    let failing = dir.join("org.toml").to_string_lossy().into_owned();
    for args in [
        vec![
            "check",
            "--no-config",
            "--format",
            "sarif",
            "examples/acme.org.toml",
            "fixtures/unknown-reference/fail.toml",
            "fixtures/root-count/fail-no-person.toml",
        ],
        vec![
            "check",
            "--no-config",
            "--format",
            "sarif",
            "examples/acme-fixed.org.toml",
            "no/such.org.toml",
        ],
        vec!["check", "--format", "sarif", failing.as_str()],
    ] {
        let out = run(&args);
        let log = json(&out);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    }
    let log = json(&run(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        "fixtures/unknown-reference/fail.toml",
    ]));
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "orglint");
    // The rules over a change (pack `change`) run only in `orglint diff`.
    let change_rules = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/change"))
        .map(|d| d.flatten().filter(|f| f.file_name() != "pack.toml").count())
        .unwrap_or(0);
    assert_eq!(change_rules, 4);
    assert_eq!(
        run0["tool"]["driver"]["rules"].as_array().map(Vec::len),
        Some(built_in_rules() - change_rules)
    );
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "unknown-reference");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/unknown-reference/fail.toml"
    );
    assert_eq!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "\"grace\""
    );
    assert!(result["partialFingerprints"]["orglint/v1"].is_string());
    let failed = json(&run(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        "no/such.org.toml",
    ]));
    assert_eq!(
        failed["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    assert_eq!(
        failed["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"],
        "io-error"
    );
}

#[test]
fn fingerprints_survive_moving_a_table() {
    let a = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n[people.bob]\nname = \"Bob\"\nreports-to = \"zed\"\n";
    let b = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.bob]\nname = \"Bob\"\nreports-to = \"zed\"\n\n\n[people.ada]\nname = \"Ada\"\n";
    let print = |text: &str| {
        let log = json(&run_stdin(
            &[
                "check",
                "--no-config",
                "--format",
                "sarif",
                "--stdin-filename",
                "org.toml",
                "-",
            ],
            text,
        ));
        (
            log["runs"][0]["results"][0]["partialFingerprints"]["orglint/v1"].clone(),
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
                .clone(),
        )
    };
    let (fa, la) = print(a);
    let (fb, lb) = print(b);
    assert_eq!(fa, fb);
    assert_ne!(la, lb);
}

#[test]
fn github_annotations() {
    let out = run(&[
        "check",
        "--no-config",
        "--format",
        "github",
        "fixtures/unknown-reference/fail.toml",
    ]);
    let text = stdout(&out);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("::error file=fixtures/unknown-reference/fail.toml,line=15,col=14,endLine=15,endColumn=21,title=unknown-reference::"),
        "{first}"
    );
    assert!(first.contains("%0Ahelp: did you mean `grace`?"), "{first}");
    let out = run(&[
        "check",
        "--no-config",
        "--format",
        "github",
        "fixtures/root-count/fail-no-person.toml",
    ]);
    assert!(
        stdout(&out).contains("line=1,col=1,title=root-count::"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn folders_are_searched_honouring_ignore_files() {
    let dir = temp_dir("walk");
    for (path, text) in [
        ("org.toml", CLEAN),
        ("teams/a.org.toml", CLEAN),
        (".hidden/b.org.toml", CLEAN),
        ("ignored/c.org.toml", CLEAN),
        ("notes.toml", "not = [an org"),
        ("teams/readme.md", "x"),
    ] {
        let full = dir.join(path);
        let _ = std::fs::create_dir_all(full.parent().unwrap_or(&dir));
        write(&full, text);
    }
    write(&dir.join(".gitignore"), "ignored/\n");
    let _ = std::fs::remove_dir_all(dir.join(".git")); // not a git repository: .gitignore still counts
    write(&dir.join(".git"), ""); // but config discovery stops here
    let out = orglint()
        .current_dir(&dir)
        .args(["check", "--no-config", "--format", "json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let doc = json(&out);
    assert_eq!(doc["summary"]["files"], 3, "{}", stdout(&out));
    // An ignored file named on the command line is linted anyway.
    let out = orglint()
        .current_dir(&dir)
        .args([
            "check",
            "--no-config",
            "--format",
            "short",
            "ignored/c.org.toml",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(stdout(&out).contains("in 1 file"), "{}", stdout(&out));
    // A folder without org files: a warning, exit 0.
    let empty = temp_dir("walk-empty");
    let out = orglint()
        .current_dir(&empty)
        .args(["check", "--no-config"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&out), 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no org file"));
}

#[test]
fn nearest_config_applies_per_file() {
    let dir = temp_dir("nearest");
    write(
        &dir.join("orglint.toml"),
        "[rules]\nunknown-role = \"off\"\n",
    );
    write(
        &dir.join("sub/orglint.toml"),
        "[rules]\nunknown-role = \"error\"\n",
    );
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nroles = [\"cxo\"]\n";
    write(&dir.join("org.toml"), text);
    write(&dir.join("sub/org.toml"), text);
    let (_, doc) = common::check_json(&dir, &[]);
    assert_eq!(doc["summary"]["files"], 2);
    let d = doc["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["file"], "sub/org.toml");
    assert_eq!(d[0]["severity"], "error");
}

#[test]
fn rule_tests_pass_on_the_fixtures_and_report_mismatches() {
    let out = run(&["test", "--as-of", "2027-04-01", "fixtures"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(
        text.lines()
            .last()
            .is_some_and(|l| l.ends_with(" passed, 0 failed")),
        "{text}"
    );
    let dir = temp_dir("ruletest");
    write(
        &dir.join("good.toml"),
        &format!("{CLEAN}roles = [\"cxo\"] # expect: unknown-role\n"),
    );
    write(
        &dir.join("bad.toml"),
        &format!("# expect-file: root-count\n{CLEAN}roles = [\"cxo\"]\n"),
    );
    let out = orglint()
        .current_dir(&dir)
        .args(["test", "."])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("ok    good.toml"), "{text}");
    assert!(text.contains("FAIL  bad.toml"), "{text}");
    assert!(
        text.contains("bad.toml: expected `root-count` without a location, not reported"),
        "{text}"
    );
    assert!(
        text.contains("bad.toml:8: unexpected `unknown-role`: unknown role `cxo`"),
        "{text}"
    );
    assert!(text.contains("1 passed, 1 failed"), "{text}");
    write(&dir.join("bad.toml"), "[org]\nname = \"A\"\n# expect:\n");
    let out = orglint()
        .current_dir(&dir)
        .args(["test", "bad.toml"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&out), 2, "{}", stdout(&out));
}

/// A TOML document as JSON, dates and times as strings.
fn toml_as_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s),
        toml::Value::Integer(i) => serde_json::Value::from(i),
        toml::Value::Float(f) => serde_json::Value::from(f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => items.into_iter().map(toml_as_json).collect(),
        toml::Value::Table(t) => t.into_iter().map(|(k, v)| (k, toml_as_json(v))).collect(),
    }
}

#[test]
fn the_schema_accepts_valid_fixtures_and_rejects_broken_ones() {
    let out = run(&["schema", "--no-config"]);
    assert_eq!(code(&out), 0);
    let schema = json(&out);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the schema does not compile: {e}"));
    let structural = [
        "toml-syntax",
        "invalid-field",
        "unknown-field",
        "unknown-function",
        "unknown-role",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = vec![
        root.join("examples/acme.org.toml"),
        root.join("examples/acme-fixed.org.toml"),
    ];
    for dir in std::fs::read_dir(root.join("fixtures"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for f in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if f.path().extension().is_some_and(|e| e == "toml") {
                files.push(f.path());
            }
        }
    }
    let (mut valid, mut rejected) = (0, 0);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // A suppressed structural problem is still one for the schema.
        if text.contains("orglint: allow") {
            continue;
        }
        let Ok(value) = toml::from_str::<toml::Value>(&text) else {
            continue;
        };
        // As editors (taplo) validate TOML: a date is a string with
        // `format: date`.
        let value = toml_as_json(value);
        let report = run(&[
            "check",
            "--no-config",
            "--as-of",
            "2027-04-01",
            "--format",
            "json",
            &path.to_string_lossy(),
        ]);
        let doc = json(&report);
        let broken = doc["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| structural.contains(&d["rule"].as_str().unwrap_or("")))
            || references_break_the_id_pattern(&value);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        if broken {
            rejected += usize::from(!errors.is_empty());
        } else {
            assert!(
                errors.is_empty(),
                "{} is valid but the schema says: {errors:?}",
                path.display()
            );
            valid += 1;
        }
    }
    assert!(valid > 50, "{valid}");
    assert!(
        rejected > 5,
        "broken fixtures must fail the schema: {rejected}"
    );
    // Declared custom fields and vocabulary are merged in.
    let dir = temp_dir("schema");
    write(
        &dir.join("orglint.toml"),
        "[vocabulary]\nperson-fields = [\"email\"]\nfunctions = [\"research-ops\"]\n",
    );
    let out = orglint()
        .current_dir(&dir)
        .args(["schema"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let schema = json(&out);
    assert!(schema["definitions"]["person"]["properties"]["email"].is_object());
    assert!(
        schema["definitions"]["team"]["properties"]["function"]["enum"]
            .as_array()
            .is_some_and(|a| a.iter().any(|f| f == "research-ops"))
    );
}

#[test]
fn the_fragment_schema_accepts_the_split_example_and_refuses_org() {
    let compile = |args: &[&str]| {
        let out = run(args);
        assert_eq!(code(&out), 0);
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .build(&json(&out))
            .unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
    };
    let root_schema = compile(&["schema", "--no-config"]);
    let fragment_schema = compile(&["schema", "--no-config", "--fragment"]);
    let read = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        toml_as_json(toml::from_str::<toml::Value>(&text).unwrap_or_else(|e| panic!("{e}")))
    };
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/split");
    let root = read(&example.join("org.toml"));
    assert!(root_schema.is_valid(&root));
    assert!(
        !fragment_schema.is_valid(&root),
        "a fragment has no `[org]`"
    );
    let mut fragments = 0;
    for kind in ["people", "teams"] {
        for entry in std::fs::read_dir(example.join(kind)).unwrap().flatten() {
            let value = read(&entry.path());
            let errors: Vec<String> = fragment_schema
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", entry.path().display());
            assert!(
                !root_schema.is_valid(&value),
                "the root schema requires `[org]`"
            );
            fragments += 1;
        }
    }
    assert!(fragments >= 10, "{fragments}");
    // What a fragment may not hold, as `orglint check` says too.
    for text in [
        "[org]\nname = \"A\"\n",
        "[vacancies.v]\ntitle = \"T\"\nreports-to = \"ada\"\n",
        "[people.ada]\nname = \"Ada\"\nshoe-size = 3\n",
    ] {
        let value = toml_as_json(toml::from_str::<toml::Value>(text).unwrap());
        assert!(!fragment_schema.is_valid(&value), "{text}");
    }
}

/// Whether a `reports-to`, `lead` or `members` value could not be an id
/// (`"Maya Chen"`): orglint reports it as an `unknown-reference`, and the
/// schema, which knows the id pattern, rejects it.
fn references_break_the_id_pattern(org: &serde_json::Value) -> bool {
    let Ok(pattern) = regex::Regex::new("^[a-z0-9][a-z0-9._-]*$") else {
        return false;
    };
    let entities = ["people", "teams"]
        .iter()
        .filter_map(|kind| org[kind].as_object())
        .flat_map(|table| table.values());
    entities.into_iter().any(|entity| {
        let single = ["reports-to", "lead"]
            .iter()
            .filter_map(|key| entity[key].as_str());
        let members = entity["members"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m.as_str());
        single.chain(members).any(|id| !pattern.is_match(id))
    })
}

#[test]
fn init_writes_a_clean_starter_and_never_overwrites() {
    let dir = temp_dir("init");
    let out = orglint()
        .current_dir(&dir)
        .arg("init")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&out), 0);
    let (_, doc) = common::check_json(&dir, &[]);
    assert_eq!(code(&out), 0, "{doc}");
    assert_eq!(
        doc["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{doc}"
    );
    assert_eq!(doc["summary"]["files"], 1);
    write(&dir.join("org.toml"), "# mine\n");
    let out = orglint()
        .current_dir(&dir)
        .arg("init")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&out), 2);
    assert_eq!(
        std::fs::read_to_string(dir.join("org.toml")).unwrap_or_default(),
        "# mine\n"
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains("`org.toml` and `orglint.toml` already exist;"),
        "{err}"
    );
    std::fs::remove_file(dir.join("orglint.toml")).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint()
        .current_dir(&dir)
        .arg("init")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("`org.toml` already exists;"), "{err}");
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(code(&out), 0);
        assert!(stdout(&out).contains("orglint"), "{shell}");
    }
    let out = run(&["manpage"]);
    assert!(stdout(&out).contains(".TH orglint 1"));
}

#[test]
fn graph_command_draws_and_reports() {
    let out = run(&[
        "graph",
        "--no-config",
        "examples/acme.org.toml",
        "--depth",
        "1",
    ]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.starts_with("flowchart"), "{text}");
    assert!(text.contains("rd-exec-on-call"), "{text}");
    let out = run(&[
        "graph",
        "--no-config",
        "--format",
        "dot",
        "examples/acme.org.toml",
    ]);
    assert!(stdout(&out).starts_with("digraph"), "{}", stdout(&out));
    let out = run(&[
        "graph",
        "--no-config",
        "examples/acme.org.toml",
        "--root",
        "pryia",
    ]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `priya`?"));
    let out = run(&["graph", "--no-config", "fixtures/toml-syntax/fail.toml"]);
    assert_eq!(code(&out), 1);
    let out = run(&["graph", "--no-config", "no/such.toml"]);
    assert_eq!(code(&out), 2);
}

/// The first ```toml block of a Markdown file.
fn first_toml_block(path: &str) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_default();
    text.split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_documented_examples_are_clean() {
    for doc in ["README.md", "docs/org-format.md"] {
        let example = first_toml_block(doc);
        assert!(example.contains("[org]"), "{doc} has no example");
        let out = run_stdin(
            &["check", "--no-config", "--format", "short", "-q", "-"],
            &example,
        );
        assert_eq!(stdout(&out), "", "{doc}'s example is not clean");
        assert_eq!(code(&out), 0);
    }
}

#[test]
fn diagnostics_label_the_config_line_behind_them() {
    let dir = temp_dir("configlabel");
    write(
        &dir.join("orglint.toml"),
        "[rules]\nteam-size = { max = 3 }\n",
    );
    write(
        &dir.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n[teams.t]\nname = \"T\"\nfunction = \"legal\"\nlead = \"ada\"\nheadcount = 4\n",
    );
    let (_, doc) = common::check_json(&dir, &["org.toml"]);
    let labels = doc["diagnostics"][0]["labels"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let config = labels
        .iter()
        .find(|l| l["file"] == "orglint.toml")
        .unwrap_or_else(|| panic!("{labels:?}"));
    assert_eq!(config["message"], "`max = 3` set in orglint.toml");
    assert_eq!(
        (config["line"].as_u64(), config["column"].as_u64()),
        (Some(2), Some(15))
    );
}

/// A bad `orglint.toml` governing three org files is one problem, reported
/// once and counted once.
#[test]
fn a_config_problem_is_reported_once_for_many_org_files() {
    let dir = temp_dir("config-once");
    write(&dir.join(".git/HEAD"), "");
    write(&dir.join("orglint.toml"), "pakcs = []\n");
    for name in ["a.org.toml", "b.org.toml", "teams/c.org.toml"] {
        write(&dir.join(name), "[org]\nname = \"A\"\n");
    }
    let output = orglint()
        .current_dir(&dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    let doc = json(&output);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["rule"], "config-error");
    assert_eq!(doc["summary"]["errors"], 1);
    let human = orglint()
        .current_dir(&dir)
        .args(["check", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert_eq!(text.matches("unknown key `pakcs`").count(), 1, "{text}");
}

/// Pack paths are relative to the current folder in every format, like org
/// and config paths, so snapshots agree between machines.
#[test]
fn pack_paths_are_relative_in_every_format() {
    let dir = temp_dir("pack-relative");
    write(&dir.join(".git/HEAD"), "");
    write(&dir.join("orglint.toml"), "packs = [\"rules/acme.toml\"]\n");
    write(
        &dir.join("rules/acme.toml"),
        "[pack]\nname = \"acme\"\nsummary = \"x\"\n\n[[rule]]\nid = \"acme/x\"\nsummary = \"x\"\nseverity = \"error\"\ntemplate = \"nope\"\n",
    );
    write(&dir.join("org.toml"), "[org]\nname = \"A\"\n");
    let absolute = dir.canonicalize().unwrap().to_string_lossy().into_owned();
    let run_in = |format: &str| {
        let output = orglint()
            .current_dir(&dir)
            .args(["check", "--format", format])
            .output()
            .unwrap();
        assert_eq!(code(&output), 2, "{format}");
        stdout(&output)
    };
    let doc: serde_json::Value = serde_json::from_str(&run_in("json")).unwrap();
    assert_eq!(doc["diagnostics"][0]["rule"], "pack-error");
    assert_eq!(doc["diagnostics"][0]["file"], "rules/acme.toml");
    for format in ["json", "sarif", "short", "human", "github"] {
        let out = run_in(format);
        assert!(out.contains("rules/acme.toml"), "{format}: {out}");
        assert!(
            !out.contains(&absolute),
            "{format} names an absolute path: {out}"
        );
    }
}

#[test]
fn default_template_messages_read_as_english() {
    let dir = temp_dir("default-messages");
    write(&dir.join("orglint.toml"), "packs = [\"acme.toml\"]\n");
    write(
        &dir.join("acme.toml"),
        r#"[pack]
name = "acme"
summary = "s"

[[rule]]
id = "acme/small-teams"
summary = "s"
severity = "warning"
template = "range"
select = { kind = "team" }
params = { field = "size", max = 8 }

[[rule]]
id = "acme/one-general-counsel"
summary = "s"
severity = "warning"
template = "count"
select = { role = "general-counsel" }
params = { min = 1, max = 1 }

[[rule]]
id = "acme/two-teams"
summary = "s"
severity = "warning"
template = "count"
select = { kind = "team" }
params = { min = 2 }

[[rule]]
id = "acme/span"
summary = "s"
severity = "warning"
template = "span-of-control"
select = { id = "ada" }
params = { min = 2, max = 3 }

[[rule]]
id = "acme/near-the-top"
summary = "s"
severity = "warning"
template = "rolls-up-to"
select = { id = "bo" }
params = { target = { depth = { max = 0 }, function = "legal" } }

[[rule]]
id = "acme/sales-per-engineer"
summary = "s"
severity = "warning"
template = "ratio"
params = { numerator = ["sales"], denominator = ["engineering", "product"], max = 1 }
"#,
    );
    write(
        &dir.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nfunction = \"sales\"\n[people.bo]\nname = \"Bo\"\nreports-to = \"ada\"\nfunction = \"sales\"\n[teams.t]\nname = \"T\"\nfunction = \"sales\"\nlead = \"bo\"\nheadcount = 9\n",
    );
    let out = run(&[
        "check",
        "--format",
        "json",
        &dir.join("org.toml").to_string_lossy(),
    ]);
    let doc = json(&out);
    let said = |rule: &str| -> (String, String) {
        let d = doc["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule}: {doc}"));
        (
            d["message"].as_str().unwrap_or_default().to_owned(),
            d["help"].as_str().unwrap_or_default().to_owned(),
        )
    };
    assert_eq!(
        said("acme/small-teams"),
        (
            "`size` of team `t` is 9, expected at most 8".to_owned(),
            "make `size` at most 8".to_owned()
        )
    );
    assert_eq!(
        said("acme/one-general-counsel"),
        (
            "the selector matches 0 entities, expected exactly 1".to_owned(),
            "change the org so that the selector matches exactly 1".to_owned()
        )
    );
    assert_eq!(
        said("acme/two-teams").0,
        "the selector matches 1 team, expected at least 2"
    );
    assert_eq!(
        said("acme/span"),
        (
            "`ada` has 1 direct report, expected between 2 and 3".to_owned(),
            "give `ada` more direct reports, or move them up to the next manager".to_owned()
        )
    );
    assert_eq!(
        said("acme/near-the-top").1,
        "move `bo` under someone with depth at most 0 and function in legal"
    );
    assert_eq!(
        said("acme/sales-per-engineer").0,
        "there are 11 people in `sales` but none in `engineering` and `product`; the ratio must be at most 1"
    );
}

/// One LSP message as framed on the wire.
fn lsp(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

#[test]
fn server_exits_cleanly_on_shutdown_exit_and_at_the_end_of_input() {
    let initialize =
        lsp(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    let shutdown = lsp(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}"#);
    let exit = lsp(r#"{"jsonrpc":"2.0","method":"exit","params":null}"#);
    let out = run_stdin(&["server"], &format!("{initialize}{shutdown}{exit}"));
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(r#""name":"orglint""#), "{stdout}");
    assert!(stdout.contains(r#""id":2,"result":null"#), "{stdout}");
    // `exit` without `shutdown` first: 1, as the protocol says.
    let out = run_stdin(&["server"], &format!("{initialize}{exit}"));
    assert_eq!(code(&out), 1);
    // Standard input closed with no `exit`, or garbage: a clean stop.
    assert_eq!(code(&run_stdin(&["server"], &initialize)), 0);
    assert_eq!(
        code(&run_stdin(&["server"], "Content-Length: 5\r\n\r\n{bad}")),
        0
    );
}
