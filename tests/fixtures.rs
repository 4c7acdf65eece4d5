//! Every fixture under `fixtures/<rule-id>/` is linted with the built-in
//! defaults; its expectation comments must match the diagnostics exactly,
//! and its human and JSON output are snapshot-tested (reviewed, never
//! accepted blindly; CI fails on a changed snapshot).

use std::path::{Path, PathBuf};

use orglint::report::{self, Format, Style};
use orglint::{Linter, Report};

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        if dir.path().is_dir() {
            for file in std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                // A folder is an org of many files: its root is `org.toml`.
                // `NAME.base.toml` is the BASE of the fixture `NAME.toml`
                // of a rule over a change, not a fixture of its own.
                let base = file
                    .file_name()
                    .to_string_lossy()
                    .ends_with(orglint::testing::BASE_SUFFIX);
                if !base && file.path().extension().is_some_and(|e| e == "toml")
                    || file.path().join("org.toml").is_file()
                {
                    files.push(file.path());
                }
            }
        }
    }
    files.sort();
    files
}

/// `fixtures/span-of-control/fail.toml`, with `/` on every platform.
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The date every fixture is linted at (`orglint test --as-of 2027-04-01`):
/// the date fixtures write their `start`, `end` and `until` around.
const AS_OF: &str = "2027-04-01";

fn linter() -> Linter {
    let mut linter = Linter::default();
    linter.as_of = orglint::dates::Date::parse(AS_OF).unwrap_or_else(|e| panic!("{e}"));
    linter
}

fn lint(path: &Path) -> Report {
    if path.is_dir() {
        let options = orglint::run::CheckOptions {
            paths: vec![PathBuf::from(relative(&path.join("org.toml")))],
            config: orglint::run::ConfigChoice::Off,
            as_of: orglint::dates::Date::parse(AS_OF).ok(),
            ..Default::default()
        };
        return orglint::run::check(&options).unwrap_or_default();
    }
    let linter = linter();
    if let Some(base) = orglint::testing::change_base(path) {
        let file = orglint::testing::lint_change_files(&linter, &base, path, relative(path));
        return Report {
            files: vec![file],
            files_read: 1,
            ..Default::default()
        };
    }
    let bytes = std::fs::read(path).unwrap_or_default();
    let file = orglint::run::lint_bytes(&linter, relative(path), bytes);
    Report {
        files: vec![file],
        files_read: 1,
        ..Default::default()
    }
}

fn render(report: &Report, format: Format) -> String {
    let mut out = Vec::new();
    let style = Style {
        color: false,
        quiet: false,
        group: true,
    };
    if let Err(err) = report::write(&mut out, report, format, style) {
        return format!("rendering failed: {err}");
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let files = fixture_files();
    let linter = linter();
    let mut problems = Vec::new();
    for known in &linter.known {
        let id = &known.def.id;
        let in_dir: Vec<&PathBuf> = files
            .iter()
            .filter(|f| {
                f.parent()
                    .and_then(|p| p.file_name())
                    .is_some_and(|n| n == id.as_str())
            })
            .collect();
        let fires = in_dir
            .iter()
            .any(|f| lint(f).diagnostics().any(|(_, d)| &d.rule == id));
        let silent = in_dir
            .iter()
            .any(|f| !lint(f).diagnostics().any(|(_, d)| &d.rule == id));
        if !fires {
            problems.push(format!("fixtures/{id}/ has no file where `{id}` fires"));
        }
        if !silent {
            problems.push(format!(
                "fixtures/{id}/ has no file where `{id}` stays silent"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fixtures_match_their_expectation_comments() {
    // The same comparison as `orglint test`.
    let mut problems = Vec::new();
    for path in fixture_files() {
        let report = lint(&path);
        for (name, outcome) in outcomes(&path, &report) {
            for line in outcome_problems(&name, outcome) {
                problems.push(line);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each file of a fixture with what its expectations found: the one file,
/// or every file of an org of many files (those without diagnostics too).
fn outcomes(path: &Path, report: &Report) -> Vec<(String, orglint::testing::FileOutcome)> {
    if !path.is_dir() {
        return report
            .files
            .first()
            .map(|f| (relative(path), orglint::testing::compare(f)))
            .into_iter()
            .collect();
    }
    let mut files = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else if entry.path().extension().is_some_and(|e| e == "toml") {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let name = relative(&file);
            let outcome = match report.files.iter().find(|f| f.source.path == name) {
                Some(f) => orglint::testing::compare(f),
                None => orglint::testing::compare(&orglint::FileReport {
                    source: std::sync::Arc::new(orglint::SourceFile::new(
                        name.clone(),
                        std::fs::read_to_string(&file).unwrap_or_default(),
                    )),
                    diagnostics: Vec::new(),
                    omitted: 0,
                    org: None,
                }),
            };
            (name, outcome)
        })
        .collect()
}

fn outcome_problems(name: &str, outcome: orglint::testing::FileOutcome) -> Vec<String> {
    let mut problems = Vec::new();
    {
        let path = name;
        let relative = |p: &str| p.to_owned();
        if let Some(bad) = &outcome.malformed {
            problems.push(format!("{}:{}: {}", relative(path), bad.line, bad.message));
        }
        for m in outcome.missing {
            problems.push(format!(
                "{}:{}: expected `{}`, not reported",
                relative(path),
                m.line.unwrap_or(0),
                m.rule
            ));
        }
        for (u, message) in outcome.unexpected {
            problems.push(format!(
                "{}:{}: unexpected `{}`: {message}",
                relative(path),
                u.line.unwrap_or(0),
                u.rule
            ));
        }
    }
    problems
}

#[test]
fn fixture_output_snapshots() {
    for path in fixture_files() {
        let report = lint(&path);
        let name = relative(&path)
            .trim_start_matches("fixtures/")
            .trim_end_matches(".toml")
            .replace('/', "__");
        insta::assert_snapshot!(format!("{name}.human"), render(&report, Format::Human));
        insta::assert_snapshot!(format!("{name}.json"), render(&report, Format::Json));
    }
}
