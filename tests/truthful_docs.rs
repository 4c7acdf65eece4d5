//! Text the binary writes about itself says what the binary does: the
//! starter `orglint.toml`'s defaults, `explain`'s config hint, the man page.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

use common::{run_in, stdout};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The starter's convention: `# key = value` (one `#`, one space, a bare or
/// quoted key) shows a default; anything else is prose or an example.
fn default_line(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("# ")?;
    let key_end = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.find('"')? + 2
    } else {
        rest.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))?
    };
    let key = &rest[..key_end];
    let first = key.chars().next()?;
    (first.is_ascii_lowercase() || first == '"')
        .then_some(rest)
        .filter(|r| r[key_end..].starts_with(" = "))
}

fn uncomment_defaults(text: &str) -> (String, Vec<String>) {
    let mut lines = Vec::new();
    let mut uncommented = Vec::new();
    for line in text.lines() {
        match default_line(line) {
            Some(setting) => {
                uncommented.push(setting.to_owned());
                lines.push(setting.to_owned());
            }
            None => lines.push(line.to_owned()),
        }
    }
    (lines.join("\n") + "\n", uncommented)
}

/// The diagnostics of `check --format json`, with the config given.
fn diagnostics(config: &Path, targets: &[String]) -> serde_json::Value {
    let config_arg = config.to_string_lossy().into_owned();
    let mut args = vec!["check", "--format", "json", "--config", &config_arg];
    args.extend(targets.iter().map(String::as_str));
    let out = run_in(&repo(), &args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{targets:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&out)));
    // A param set in the config adds a label there ("`max = 8` set in
    // orglint.toml"): a pointer to the setting, not a change of verdict.
    let config = config.to_string_lossy();
    for d in doc["diagnostics"].as_array_mut().into_iter().flatten() {
        if let Some(labels) = d["labels"].as_array_mut() {
            labels.retain(|l| l["file"].as_str() != Some(&config));
        }
    }
    doc["diagnostics"].take()
}

#[test]
fn uncommenting_the_starter_configs_defaults_changes_no_diagnostic() {
    let dir = common::temp_dir("docs", "init-defaults");
    let out = run_in(&dir, &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let starter = read(&dir.join("orglint.toml"));
    let (uncommented, settings) = uncomment_defaults(&starter);
    // Every configurable rule is listed with its own default severity.
    let rules = run_in(&repo(), &["rules", "--no-config", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&rules.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&rules)));
    let locked = [
        "toml-syntax",
        "invalid-field",
        "unknown-reference",
        "reporting-cycle",
        "root-count",
        "duplicate-id",
    ];
    let mut missing = Vec::new();
    for rule in rules.as_array().into_iter().flatten() {
        let id = rule["id"].as_str().unwrap_or_default();
        let severity = rule["severity"].as_str().unwrap_or_default();
        if locked.contains(&id) {
            continue;
        }
        let listed = settings.iter().any(|s| {
            s == &format!("{id} = \"{severity}\"")
                || s.starts_with(&format!("{id} = {{ severity = \"{severity}\""))
        });
        if !listed {
            missing.push(id.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "not in the starter with their default severity: {missing:?}\n{starter}"
    );
    for key in [
        "packs",
        "functions",
        "roles",
        "person-fields",
        "team-fields",
    ] {
        assert!(
            settings.iter().any(|s| s.starts_with(&format!("{key} = "))),
            "{key} is not shown with its default\n{starter}"
        );
    }

    let commented_config = dir.join("commented.toml");
    let uncommented_config = dir.join("uncommented.toml");
    write(&commented_config, &starter);
    write(&uncommented_config, &uncommented);
    let fixtures: Vec<String> = common::toml_files(&repo().join("fixtures"))
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let starter_org = vec![dir.join("org.toml").to_string_lossy().into_owned()];
    let acme = vec!["examples/acme.org.toml".to_owned()];
    for targets in [&starter_org, &acme, &fixtures] {
        let before = diagnostics(&commented_config, targets);
        let after = diagnostics(&uncommented_config, targets);
        assert_eq!(
            before, after,
            "uncommenting the defaults changed the diagnostics of {targets:?}:\n{uncommented}"
        );
        if targets != &starter_org {
            // The comparison means something only where rules fire.
            assert!(
                before.as_array().is_some_and(|a| a.len() > 5),
                "{targets:?}: {before}"
            );
        }
    }
}

const EMAIL_PACK: &str = r#"[pack]
name = "acme"
summary = "Acme's own rules"

[[rule]]
id = "acme/email-domain"
summary = "Work emails are on acme.com"
severity = "warning"
template = "pattern"
select = { kind = "person" }
params = { field = "email", regex = "@acme\\.com$" }

[[rule.example]]
expect = "fail"
org = '''
[org]
name = "Acme"

[people.ada]
name = "Ada"
email = "ada@gmail.com"
'''

[[rule.example]]
expect = "pass"
org = '''
[org]
name = "Acme"

[people.ada]
name = "Ada"
email = "ada@acme.com"
'''
"#;

#[test]
fn explain_suggests_a_valid_rules_key_for_a_user_rule() {
    let dir = common::temp_dir("docs", "explain-user-rule");
    write(&dir.join("acme.toml"), EMAIL_PACK);
    let base = "packs = [\"acme.toml\"]\n\n[vocabulary]\nperson-fields = [\"email\"]\n";
    write(&dir.join("orglint.toml"), base);
    let out = run_in(&dir, &["explain", "acme/email-domain"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let hint = text
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("set params in orglint.toml: [rules] ")
        })
        .unwrap_or_else(|| panic!("no config hint:\n{text}"));
    assert_eq!(hint, "\"acme/email-domain\" = { ... }");
    // What explain suggests is a key the config accepts.
    let entry = hint.replace("{ ... }", "{ severity = \"error\" }");
    write(
        &dir.join("orglint.toml"),
        &format!("{base}\n[rules]\n{entry}\n"),
    );
    write(
        &dir.join("org.toml"),
        "[org]\nname = \"Acme\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\nemail = \"ada@gmail.com\"\n",
    );
    let out = run_in(&dir, &["check", "--format", "short"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("error[acme/email-domain]"),
        "{}",
        stdout(&out)
    );
    // A built-in id stays bare.
    let out = run_in(&dir, &["explain", "span-of-control"]);
    assert!(
        stdout(&out).contains("[rules] span-of-control = { ... }"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn explain_says_which_structures_a_rule_runs_on() {
    let repo = repo();
    let out = run_in(
        &repo,
        &["explain", "--no-config", "single-accountable-rd-exec"],
    );
    assert!(
        stdout(&out).contains(
            "runs on:  orgs with `structure = \"cpto\"` only; a `\"split\"` org skips it"
        ),
        "{}",
        stdout(&out)
    );
    let out = run_in(
        &repo,
        &["explain", "--no-config", "design-and-data-included"],
    );
    assert!(
        stdout(&out).contains("runs on:  every org, `structure = \"cpto\"` or `\"split\"`"),
        "{}",
        stdout(&out)
    );
}

/// The ```toml block of `doc` that contains `marker`.
fn toml_block(doc: &str, marker: &str) -> String {
    let text = read(&repo().join(doc));
    text.split("```toml\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .find(|block| block.contains(marker))
        .unwrap_or_else(|| panic!("{doc} has no toml block with {marker}"))
        .to_owned()
}

#[test]
fn the_readmes_config_example_is_valid_with_its_quoted_user_rule() {
    let config = toml_block("README.md", "\n[rules]\n");
    assert!(
        config.contains("\n\"acme/email-domain\" = "),
        "the README's [rules] example does not show a quoted user rule id:\n{config}"
    );
    let readme = read(&repo().join("README.md"));
    assert!(
        readme.contains("write them in quotes"),
        "the README does not say that user rule ids need quotes"
    );
    // The README's own pack, and its config with only that pack.
    let pack = toml_block("README.md", "# acme.toml\n");
    let dir = common::temp_dir("docs", "readme-config");
    write(&dir.join("acme.toml"), &pack);
    let config: String = config
        .lines()
        .map(|l| {
            if l.starts_with("packs = ") {
                "packs = [\"acme.toml\"]"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    write(&dir.join("orglint.toml"), &config);
    write(
        &dir.join("org.toml"),
        "[org]\nname = \"Acme\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\nroles = [\"general-counsel\"]\nemail = \"ada@acme.com\"\n",
    );
    let out = run_in(&dir, &["check", "--format", "short"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}\n{config}",
        stdout(&out),
        stderr(&out)
    );
    // Unquoted, as explain used to suggest, the same config is not TOML.
    write(
        &dir.join("orglint.toml"),
        &config.replace("\"acme/email-domain\" = ", "acme/email-domain = "),
    );
    let out = run_in(&dir, &["check", "--format", "short"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
}

#[test]
fn the_split_table_of_the_format_docs_agrees_with_the_rules() {
    let doc = read(&repo().join("docs/org-format.md"));
    let section = doc
        .split("### What `structure = \"split\"` changes")
        .nth(1)
        .and_then(|rest| rest.split("\n#").next())
        .unwrap_or_else(|| panic!("docs/org-format.md has no section on `split`"));
    let rules = run_in(&repo(), &["rules", "--no-config", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_slice(&rules.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&rules)));
    let cpto: Vec<&str> = rules
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["pack"] == "cpto")
        .filter_map(|r| r["id"].as_str())
        .collect();
    let mut seen = Vec::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let mut cells = row.split('|').skip(1);
        let (ids, verdict) = (cells.next().unwrap_or(""), cells.next().unwrap_or(""));
        let skipped = verdict.trim().starts_with("skipped");
        for id in ids.split('`').skip(1).step_by(2) {
            seen.push(id.to_owned());
            let out = run_in(&repo(), &["explain", "--no-config", id]);
            let runs_on = stdout(&out)
                .lines()
                .find(|l| l.starts_with("runs on:"))
                .map(str::to_owned)
                .unwrap_or_else(|| panic!("explain {id} says nothing about structures"));
            assert_eq!(
                runs_on.contains("a `\"split\"` org skips it"),
                skipped,
                "docs/org-format.md says `{id}` is {verdict:?} on a split org; explain: {runs_on}"
            );
        }
    }
    for id in cpto {
        assert!(
            seen.iter().any(|s| s == id),
            "docs/org-format.md does not say what `{id}` does on a split org"
        );
    }
}

/// The long options (`--format`) and short ones (`-A`) that `help` lists.
fn options_in_help(help: &str) -> Vec<String> {
    let mut options = Vec::new();
    for line in help.lines().map(str::trim_start) {
        if !line.starts_with('-') {
            continue;
        }
        for word in line.split([' ', ',', '=', '<', '[']) {
            let name_end = word
                .trim_start_matches('-')
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(word.len(), |i| {
                    i + word.len() - word.trim_start_matches('-').len()
                });
            let option = &word[..name_end];
            if option.starts_with('-') && option.len() > 1 && !options.iter().any(|o| o == option) {
                options.push(option.to_owned());
            }
        }
    }
    options
}

#[test]
fn the_man_page_documents_every_command_and_option() {
    let repo = repo();
    let help = stdout(&run_in(&repo, &["--help"]));
    let commands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(
        commands.iter().any(|c| c == "manpage"),
        "`manpage` is not in --help:\n{help}"
    );
    let out = run_in(&repo, &["manpage"]);
    assert_eq!(out.status.code(), Some(0));
    // roff writes `-` as `\-`.
    let page = stdout(&out).replace("\\-", "-");
    assert!(
        page.starts_with(".ie ") && page.contains(".TH orglint 1"),
        "{page}"
    );
    for option in [
        "--format",
        "--fix",
        "--baseline",
        "--write-baseline",
        "--unsafe-fixes",
    ] {
        assert!(page.contains(&format!("\\fB{option}\\fR")), "{option}");
    }
    for command in &commands {
        let heading = format!(".SS \"orglint {command}\"\n");
        let section = page
            .split(&heading)
            .nth(1)
            .unwrap_or_else(|| panic!("no section for `orglint {command}`"));
        let section = section.split("\n.S").next().unwrap_or_default();
        if command == "help" {
            continue;
        }
        let sub_help = stdout(&run_in(&repo, &[command, "--help"]));
        let options = options_in_help(&sub_help);
        assert!(
            options.iter().any(|o| o == "--help"),
            "{command}: {options:?}"
        );
        if command == "check" {
            assert_eq!(options.len(), 22, "{options:?}");
        }
        for option in options {
            assert!(
                section.contains(&format!("\\fB{option}\\fR")),
                "the man page's `orglint {command}` does not document {option}:\n{section}"
            );
        }
        // No page of its own is promised: only this one is generated.
        for reference in [
            format!("orglint-{command}("),
            format!("orglint-{command}\\("),
        ] {
            assert!(!page.contains(&reference), "{reference}");
        }
    }
    assert!(commands.len() >= 9, "{commands:?}");
}
