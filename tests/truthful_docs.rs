//! Text the binary writes about itself says what the binary does: the
//! starter `orglint.toml`'s defaults, `explain`'s config hint, the man page.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn orglint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orglint"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    orglint(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run orglint: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

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
