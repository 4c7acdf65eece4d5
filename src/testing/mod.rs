//! `orglint test`: rule tests. Fixture files say in comments which
//! diagnostics they expect (see [`expect`]); every diagnostic of the
//! run, under the configuration `check` would use, is compared.

pub mod examples;
pub mod expect;
pub mod report;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use self::examples::ExampleFailure;
use self::expect::{BadExpectation, Expected};
use crate::config::Level;
use crate::diagnostic::Severity;
use crate::linter::Flag;
use crate::run::{CheckOptions, ConfigChoice, Linters, UsageError, check, config_for};
use crate::{FileReport, Linter, Report, SourceFile};

/// The outcome for one fixture file.
#[derive(Debug)]
pub struct FileOutcome {
    /// The fixture.
    pub path: String,
    /// Expected but not reported.
    pub missing: Vec<Expected>,
    /// Reported but not expected, with the message.
    pub unexpected: Vec<(Expected, String)>,
    /// A malformed expectation comment.
    pub malformed: Option<BadExpectation>,
}

impl FileOutcome {
    /// Whether everything matched.
    pub fn passed(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty() && self.malformed.is_none()
    }
}

/// The examples of the rules written in one file of a user's pack.
#[derive(Debug)]
pub struct ExamplesOutcome {
    /// The rule file.
    pub path: String,
    /// How many examples it has.
    pub count: usize,
    /// Those that do not do what they say.
    pub failures: Vec<ExampleFailure>,
}

/// The outcome of `orglint test`.
#[derive(Debug, Default)]
pub struct TestReport {
    /// One entry per fixture, in path order.
    pub files: Vec<FileOutcome>,
    /// One entry per rule file of the packs of the configurations in
    /// force, in path order.
    pub examples: Vec<ExamplesOutcome>,
    /// Config, pack or read failures: the run failed (exit 2).
    pub failures: Report,
}

impl TestReport {
    /// 0 all matched, 1 some did not, 2 a malformed expectation or a run
    /// failure.
    pub fn exit_code(&self) -> u8 {
        if self.failures.run_failed || self.files.iter().any(|f| f.malformed.is_some()) {
            2
        } else if self.files.iter().all(FileOutcome::passed)
            && self.examples.iter().all(|e| e.failures.is_empty())
        {
            0
        } else {
            1
        }
    }
}

/// The configuration in force in each folder, discovered once per folder.
struct Configs<'c> {
    choice: &'c ConfigChoice,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
}

impl Configs<'_> {
    /// The configuration of the files in `dir` (`""` is the current folder).
    fn of(&mut self, dir: &Path) -> Option<PathBuf> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        self.by_dir
            .entry(dir.to_path_buf())
            .or_insert_with(|| config_for(self.choice, dir))
            .clone()
    }

    /// Every configuration found so far, sorted.
    fn used(&self) -> Vec<PathBuf> {
        let mut used: Vec<PathBuf> = self.by_dir.values().flatten().cloned().collect();
        used.sort();
        used.dedup();
        used
    }
}

/// What a fixture of a rule over a change is named after: `NAME.toml` is
/// HEAD, linted as a change from `NAME.base.toml` beside it.
pub const BASE_SUFFIX: &str = ".base.toml";

/// The BASE of a fixture of a rule over a change, when it has one.
pub fn change_base(head: &Path) -> Option<PathBuf> {
    let name = head.file_name()?.to_str()?;
    let stem = name.strip_suffix(".toml")?;
    let base = head.with_file_name(format!("{stem}{BASE_SUFFIX}"));
    base.is_file().then_some(base)
}

/// Lints the org file `head` as a change from the org file `base`, as
/// `orglint diff` does (the rules over a change run): HEAD's diagnostics,
/// reported as `name`.
pub fn lint_change_files(linter: &Linter, base: &Path, head: &Path, name: String) -> FileReport {
    let read = |path: &Path| match std::fs::read(path) {
        Ok(bytes) => SourceFile::decode(name.clone(), bytes).unwrap_or_else(|(source, _)| source),
        Err(_) => SourceFile::new(name.clone(), String::new()),
    };
    let none = crate::load::NoFiles;
    let mut base_org = linter.load(read(base), base, &none);
    let base_model = linter
        .lint_loaded(&mut base_org)
        .2
        .unwrap_or_else(|| crate::templates::change::empty_model(linter.as_of));
    let mut head_org = linter.load(read(head), head, &none);
    let (diagnostics, omitted, _, _) = linter.lint_change(&mut head_org, &base_model, linter.as_of);
    let mut reports = head_org.split(diagnostics, omitted);
    if reports.is_empty() {
        return FileReport {
            source: std::sync::Arc::new(SourceFile::new(name, String::new())),
            diagnostics: Vec::new(),
            omitted: 0,
            org: None,
        };
    }
    reports.swap_remove(0)
}

/// The fixture files under the paths: folders give every `*.toml` below
/// them except `orglint.toml`. Rule packs are not fixtures: files with a
/// `[pack]` table, files of a folder with a `pack.toml`, and the files the
/// `packs` of a configuration in force name are left out.
fn fixtures(paths: &[PathBuf], configs: &mut Configs<'_>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .require_git(false)
            .follow_links(false)
            .build();
        for entry in walker.flatten() {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_some_and(|t| t.is_file())
                && name.ends_with(".toml")
                && !name.ends_with(BASE_SUFFIX)
                && name != crate::config::FILE_NAME
            {
                out.push(entry.into_path());
            }
        }
    }
    out.sort();
    out.dedup();
    let mut packs: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    out.retain(|file| {
        let dir = file.parent().unwrap_or(Path::new(""));
        let named = configs.of(dir).is_some_and(|config| {
            let listed = packs
                .entry(config.clone())
                .or_insert_with(|| pack_paths(&config));
            std::fs::canonicalize(file)
                .is_ok_and(|file| listed.iter().any(|pack| file.starts_with(pack)))
        });
        !named && !is_pack_file(file)
    });
    out
}

/// The `packs` of a configuration, canonical; none when it cannot be read
/// (the run reports why).
fn pack_paths(config: &Path) -> Vec<PathBuf> {
    let mut problems = crate::parse::node::Problems::default();
    crate::config::load(config, &mut problems)
        .map(|c| {
            c.packs
                .iter()
                .filter_map(|(p, _)| std::fs::canonicalize(p).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a file is part of a rule pack: a folder pack's file, or a
/// single-file pack (a top-level `[pack]` table, which no org file has).
fn is_pack_file(file: &Path) -> bool {
    if file
        .parent()
        .is_some_and(|dir| dir.join("pack.toml").is_file())
    {
        return true;
    }
    let Ok(text) = std::fs::read_to_string(file) else {
        return false;
    };
    crate::parse::parse_toml(&text)
        .is_ok_and(|table| table.entries.iter().any(|(k, _)| k.name() == "pack"))
}

/// Compares one linted fixture with its expectation comments, under the
/// built-in rules.
pub fn compare(file: &FileReport) -> FileOutcome {
    let builtin: Vec<&str> = crate::rules::pack::builtin()
        .0
        .iter()
        .flat_map(|p| p.rules.iter().map(|r| r.id.as_str()))
        .collect();
    compare_with(file, &builtin)
}

/// Compares one linted fixture with its expectation comments; `known` holds
/// the rule ids in force, for which an expectation may ask.
pub fn compare_with(file: &FileReport, known: &[&str]) -> FileOutcome {
    let mut outcome = FileOutcome {
        path: file.source.path.clone(),
        missing: Vec::new(),
        unexpected: Vec::new(),
        malformed: None,
    };
    let expected = match expect::expectations(&file.source, known) {
        Ok(e) => e,
        Err(bad) => {
            outcome.malformed = Some(bad);
            return outcome;
        }
    };
    let found: Vec<Expected> = file
        .diagnostics
        .iter()
        .map(|d| Expected {
            rule: d.rule.clone(),
            line: d.span.as_ref().map(|s| file.source.position(s.start).line),
        })
        .collect();
    let (missing, unexpected) = expect::compare(expected, found);
    outcome.missing = missing;
    for u in unexpected {
        let message = file
            .diagnostics
            .iter()
            .find(|d| {
                d.rule == u.rule
                    && d.span.as_ref().map(|s| file.source.position(s.start).line) == u.line
            })
            .map(|d| d.message.clone())
            .unwrap_or_default();
        outcome.unexpected.push((u, message));
    }
    outcome
}

/// Runs the rule tests under `paths` (no path: the current folder): the
/// fixtures, and the examples of the packs of the configurations in force.
pub fn run(paths: &[PathBuf], config: ConfigChoice) -> Result<TestReport, UsageError> {
    run_as_of(paths, config, None)
}

/// [`run`] with the fixtures linted as of a date (`--as-of`; `None`:
/// today).
pub fn run_as_of(
    paths: &[PathBuf],
    config: ConfigChoice,
    as_of: Option<crate::dates::Date>,
) -> Result<TestReport, UsageError> {
    let here = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &here[..] } else { paths };
    let mut configs = Configs {
        choice: &config,
        by_dir: HashMap::new(),
    };
    for path in paths {
        let dir = if path.is_dir() {
            path.as_path()
        } else {
            path.parent().unwrap_or(Path::new(""))
        };
        configs.of(dir);
    }
    let files = fixtures(paths, &mut configs);
    // `check` with no path lints the current folder: a folder of rule packs
    // alone has no fixture, not the org files next to it.
    let report = if files.is_empty() {
        Report::default()
    } else {
        check(&CheckOptions {
            paths: files.clone(),
            config: config.clone(),
            as_of,
            ..CheckOptions::default()
        })?
    };
    let mut out = TestReport::default();
    let mut linters = Linters::default();
    // A fragment of an org of many files is reported only when it has
    // diagnostics: its expectations are compared with none otherwise.
    let reported: std::collections::HashSet<String> =
        report.files.iter().map(|f| f.source.path.clone()).collect();
    let quiet: Vec<FileReport> = files
        .iter()
        .filter(|path| !reported.contains(&crate::files::display_path(path)))
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            Some(FileReport {
                source: std::sync::Arc::new(crate::SourceFile::new(
                    crate::files::display_path(path),
                    text,
                )),
                diagnostics: Vec::new(),
                omitted: 0,
                org: None,
            })
        })
        .collect();
    linters.as_of = as_of;
    for mut file in report.files.into_iter().chain(quiet) {
        if file
            .diagnostics
            .iter()
            .any(|d| crate::ids::is_run_failure(&d.rule))
        {
            out.failures.run_failed = true;
            out.failures.files.push(file);
            continue;
        }
        let dir = Path::new(&file.source.path)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let linter = linters.get(configs.of(&dir).as_deref(), &[]);
        if let (Some(linter), Some(base)) = (&linter, change_base(Path::new(&file.source.path))) {
            let head = PathBuf::from(&file.source.path);
            file = lint_change_files(linter, &base, &head, file.source.path.clone());
        }
        let outcome = match &linter {
            Some(linter) => {
                let known: Vec<&str> = linter.known.iter().map(|k| k.def.id.as_str()).collect();
                compare_with(&file, &known)
            }
            None => compare(&file),
        };
        out.files.push(outcome);
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out.failures.run_failed |= report.run_failed;
    if !out.failures.run_failed {
        out.examples = run_examples(&configs.used(), &mut linters);
        if !linters.problems.is_empty() {
            let problems = linters.problems_report();
            out.failures.run_failed = true;
            out.failures.files.extend(problems.files);
        }
    }
    Ok(out)
}

/// Runs the `[[example]]`s of every rule of the user's packs that the
/// configurations load, each rule on (an example says what the rule does,
/// whatever severity the configuration gives it).
fn run_examples(configs: &[PathBuf], linters: &mut Linters) -> Vec<ExamplesOutcome> {
    let builtin: HashSet<&str> = crate::rules::pack::builtin()
        .0
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let mut on = Linters::default();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut by_file: Vec<ExamplesOutcome> = Vec::new();
    for config in configs {
        let Some(linter) = linters.get(Some(config), &[]) else {
            continue;
        };
        let flags: Vec<Flag> = linter
            .packs
            .iter()
            .filter(|(name, _)| !builtin.contains(name.as_str()))
            .map(|(name, _)| Flag {
                level: Level::On(Severity::Warning),
                target: name.clone(),
            })
            .collect();
        if flags.is_empty() {
            continue;
        }
        let Some(linter) = on.get(Some(config), &flags) else {
            continue;
        };
        for known in &linter.known {
            let def = &known.def;
            if builtin.contains(def.pack.as_str())
                || !seen.insert((def.at.file.path.clone(), def.id.clone()))
            {
                continue;
            }
            let failures = examples::check(&linter, def);
            let count = def.examples().len();
            match by_file.iter_mut().find(|o| o.path == def.at.file.path) {
                Some(outcome) => {
                    outcome.count += count;
                    outcome.failures.extend(failures);
                }
                None => by_file.push(ExamplesOutcome {
                    path: def.at.file.path.clone(),
                    count,
                    failures,
                }),
            }
        }
    }
    by_file.retain(|o| o.count > 0);
    by_file.sort_by(|a, b| a.path.cmp(&b.path));
    by_file
}
