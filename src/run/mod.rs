//! Running `check` over paths: reading files, linting each, collecting the
//! report. Nothing here prints.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Level;
use crate::linter::Flag;
use crate::parse::node::Problems;

use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{display_path, io_reason};
use crate::source::SourceFile;
use crate::{FileReport, Linter, Report};

/// Which configuration applies.
#[derive(Clone, Debug, Default)]
pub enum ConfigChoice {
    /// The nearest `orglint.toml` of each file.
    #[default]
    Discover,
    /// This file for every file.
    Path(PathBuf),
    /// None: built-in defaults.
    Off,
}

/// What `orglint check` was asked to do.
#[derive(Debug, Default)]
pub struct CheckOptions {
    /// Files to lint; `-` is standard input.
    pub paths: Vec<PathBuf>,
    /// The name standard input is reported as.
    pub stdin_filename: Option<String>,
    /// The configuration.
    pub config: ConfigChoice,
    /// `-A`/`-W`/`-D` in command-line order.
    pub flags: Vec<Flag>,
    /// Apply fixes in place (`--fix`).
    pub fix: bool,
    /// Print fixes as a unified diff, change nothing (`--diff`).
    pub diff: bool,
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// Hide the diagnostics recorded in this baseline.
    pub baseline: Option<PathBuf>,
    /// Record today's diagnostics in this baseline.
    pub write_baseline: Option<PathBuf>,
}

/// What linting (and fixing) one input gave.
struct Outcome {
    file: FileReport,
    diff: Option<String>,
    stdout: Option<Vec<u8>>,
    fixed: bool,
}

/// Lints one input; with `--fix`/`--diff`, fixes it first and reports what
/// is left.
fn process(
    linter: &Linter,
    name: String,
    bytes: Vec<u8>,
    options: &CheckOptions,
    stdin: bool,
) -> Outcome {
    let plain = |bytes| Outcome {
        file: lint_bytes(linter, name.clone(), bytes),
        diff: None,
        stdout: None,
        fixed: false,
    };
    if !options.fix && !options.diff {
        return plain(bytes);
    }
    let source = match SourceFile::decode(name.clone(), bytes.clone()) {
        Ok(source) => source,
        Err(_) => {
            let mut outcome = plain(bytes.clone());
            if stdin && options.fix {
                outcome.stdout = Some(bytes);
            }
            return outcome;
        }
    };
    let fixed = match crate::fix::fix_text(linter, &source, options.unsafe_fixes) {
        Ok(fixed) => fixed,
        Err(err) => {
            let mut outcome = plain(bytes.clone());
            outcome.file.diagnostics.push(
                Diagnostic::unlocated(crate::ids::FIX_ERROR, Severity::Error, err.to_string())
                    .with_help("fix these by hand, then run `--fix` again"),
            );
            if stdin && options.fix {
                outcome.stdout = Some(bytes);
            }
            return outcome;
        }
    };
    let new_bytes = crate::fix::with_bom(&source, &fixed.text);
    // Report what is left in the fixed text: the fix loop linted it last.
    let fixed_source =
        SourceFile::decode(name.clone(), new_bytes.clone()).unwrap_or_else(|(s, _)| s);
    let mut outcome = Outcome {
        file: FileReport {
            source: Arc::new(fixed_source),
            diagnostics: fixed.diagnostics.clone(),
        },
        diff: None,
        stdout: None,
        fixed: false,
    };
    if options.diff {
        if fixed.changed {
            outcome.diff = Some(crate::fix::unified_diff(&name, source.text(), &fixed.text));
        }
    } else if stdin {
        outcome.stdout = Some(new_bytes);
        outcome.fixed = fixed.changed;
    } else if fixed.changed {
        match crate::files::write_atomic(Path::new(&name), &new_bytes) {
            Ok(()) => outcome.fixed = true,
            Err(err) => outcome.file.diagnostics.push(
                Diagnostic::unlocated(
                    crate::ids::IO_ERROR,
                    Severity::Error,
                    format!("cannot write the fixed `{name}`: {err}"),
                )
                .with_help("check the file's permissions"),
            ),
        }
    }
    outcome
}

/// A problem with the command line itself (exit code 2, nothing linted).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    /// What is wrong.
    pub message: String,
}

/// Linters by configuration file, built once each.
#[derive(Default)]
pub struct Linters {
    by_config: HashMap<Option<PathBuf>, Arc<Linter>>,
    /// Config and pack problems, every one of them.
    pub problems: Problems,
}

impl Linters {
    /// The linter for a config path (or none), built on first use.
    pub fn get(&mut self, config: Option<&Path>, flags: &[Flag]) -> Option<Arc<Linter>> {
        let key = config.map(Path::to_path_buf);
        if let Some(linter) = self.by_config.get(&key) {
            return Some(linter.clone());
        }
        let mut problems = Problems::default();
        let parsed = match config {
            Some(path) => match crate::config::load(path, &mut problems) {
                Some(parsed) => Some(parsed),
                None => {
                    self.problems.diagnostics.extend(problems.diagnostics);
                    return None;
                }
            },
            None => None,
        };
        // A config with problems is still checked against the rules, so
        // that every problem is reported in one run.
        match Linter::new(parsed.as_ref(), flags) {
            Ok(linter) if problems.is_empty() => {
                let linter = Arc::new(linter);
                self.by_config.insert(key, linter.clone());
                Some(linter)
            }
            Ok(_) => {
                self.problems.diagnostics.extend(problems.diagnostics);
                None
            }
            Err(found) => {
                self.problems.diagnostics.extend(problems.diagnostics);
                self.problems.diagnostics.extend(found.diagnostics);
                None
            }
        }
    }

    /// Every linter built so far.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Linter>> {
        self.by_config.values()
    }
}

/// The config path that applies to files in `dir`.
pub fn config_for(choice: &ConfigChoice, dir: &Path) -> Option<PathBuf> {
    match choice {
        ConfigChoice::Discover => crate::config::discover(dir),
        ConfigChoice::Path(p) => Some(p.clone()),
        ConfigChoice::Off => None,
    }
}

/// Checks `-A`/`-W`/`-D` targets against the loaded rules.
pub fn check_flags(flags: &[Flag], linters: &Linters) -> Result<(), UsageError> {
    for flag in flags {
        if flag.target == "warnings" {
            if flag.level != Level::On(Severity::Error) {
                return Err(UsageError {
                    message: "`warnings` goes with `-D` only (`-D warnings` turns every warning into an error)".to_owned(),
                });
            }
            continue;
        }
        if crate::linter::LOCKED.contains(&flag.target.as_str()) {
            return Err(UsageError {
                message: format!("`{}` cannot be turned off or change severity", flag.target),
            });
        }
        if !linters.all().any(|l| l.knows(&flag.target)) {
            let names: Vec<String> = linters
                .all()
                .flat_map(|l| {
                    l.known
                        .iter()
                        .map(|k| k.def.id.clone())
                        .chain(l.packs.iter().map(|p| p.0.clone()))
                })
                .collect();
            let hint = crate::suggest::hint(&flag.target, names.iter().map(String::as_str))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(UsageError {
                message: format!("unknown rule or pack `{}`{hint}", flag.target),
            });
        }
    }
    Ok(())
}

/// Reads a path (or standard input for `-`).
fn read(path: &Path, stdin_name: &str) -> Result<(String, Vec<u8>), (String, String)> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        return match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => Ok((stdin_name.to_owned(), bytes)),
            Err(err) => Err((stdin_name.to_owned(), err.to_string())),
        };
    }
    let name = display_path(path);
    if path.is_dir() {
        return Err((name, "it is a folder; name org files".to_owned()));
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok((name, bytes)),
        Err(err) => Err((name, io_reason(&err))),
    }
}

/// Lints one file's bytes: undecodable text is a `toml-syntax` error.
pub fn lint_bytes(linter: &Linter, name: String, bytes: Vec<u8>) -> FileReport {
    match SourceFile::decode(name, bytes) {
        Ok(source) => {
            let diagnostics = linter.lint(&source);
            FileReport {
                source: Arc::new(source),
                diagnostics,
            }
        }
        Err((source, err)) => {
            let diagnostic = Diagnostic::at(
                crate::ids::TOML_SYNTAX,
                Severity::Error,
                err.span,
                "not UTF-8",
                err.message,
            )
            .with_help("save the file as UTF-8");
            FileReport {
                source: Arc::new(source),
                diagnostics: vec![diagnostic],
            }
        }
    }
}

/// One input of a run.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Input {
    /// Standard input.
    Stdin,
    /// A file, given or found under a given folder.
    File(PathBuf),
}

/// Whether a file found in a folder is an org file.
pub fn is_org_file(name: &str) -> bool {
    name == "org.toml" || (name.ends_with(".org.toml") && name.len() > ".org.toml".len())
}

/// The org files under `dir`: hidden files included except `.git/`,
/// `.gitignore` and `.ignore` honoured even outside a git repository,
/// symlinks not followed, sorted.
fn walk(dir: &Path, failures: &mut Vec<(String, String)>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .parents(true)
        .ignore(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_org_file(&entry.file_name().to_string_lossy()) {
                    found.push(entry.into_path());
                }
            }
            Err(err) => failures.push((display_path(dir), err.to_string())),
        }
    }
    found.sort();
    found
}

/// The files to lint for the paths given (`.` when none).
fn inputs(paths: &[PathBuf], failures: &mut Vec<(String, String)>) -> (Vec<Input>, bool) {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Vec::new();
    let mut searched_folder = false;
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            searched_folder = true;
            inputs.extend(walk(path, failures).into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| seen.insert(i.clone()));
    (inputs, searched_folder)
}

/// Lints every path and returns the report: files in the order given,
/// files found in a folder sorted by path. Files are linted in parallel.
pub fn check(options: &CheckOptions) -> Result<Report, UsageError> {
    use rayon::prelude::*;

    let stdin_name = options
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".to_owned());
    let cwd = PathBuf::from(".");
    let mut failures = Vec::new();
    let (inputs, searched_folder) = inputs(&options.paths, &mut failures);
    let mut linters = Linters::default();
    let mut discovered: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    // Configs are loaded before any file is linted, so that an invalid one
    // stops the run.
    let mut plan = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let dir = match input {
            Input::Stdin => options
                .stdin_filename
                .as_ref()
                .and_then(|n| Path::new(n).parent().map(Path::to_path_buf))
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or_else(|| cwd.clone()),
            Input::File(path) => path
                .parent()
                .map(Path::to_path_buf)
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or_else(|| cwd.clone()),
        };
        let config = discovered
            .entry(dir.clone())
            .or_insert_with(|| config_for(&options.config, &dir))
            .clone();
        let linter = linters.get(config.as_deref(), &options.flags);
        plan.push((input, linter));
    }
    if inputs.is_empty() {
        linters.get(config_for(&options.config, &cwd).as_deref(), &options.flags);
    }
    let mut report = Report::default();
    if !linters.problems.is_empty() {
        return Ok(problems_report(&mut linters));
    }
    check_flags(&options.flags, &linters)?;
    report.rules = rule_metadata(&linters);
    report.no_files_found = searched_folder && inputs.is_empty();
    let one = |(input, linter): (&Input, Option<Arc<Linter>>)| {
        let linter = linter?;
        let read = match input {
            Input::Stdin => read(Path::new("-"), &stdin_name),
            Input::File(path) => read(path, &stdin_name),
        };
        let stdin = *input == Input::Stdin;
        Some(read.map(|(name, bytes)| {
            (
                process(&linter, name, bytes, options, stdin),
                linter.baseline.clone(),
            )
        }))
    };
    // A pre-commit hook names a few files: starting a thread pool would cost
    // more than it saves.
    let results: Vec<_> = if plan.len() < 4 {
        plan.into_iter().filter_map(one).collect()
    } else {
        plan.into_par_iter().filter_map(one).collect()
    };
    let mut file_baselines: Vec<Option<PathBuf>> = Vec::new();
    for result in results {
        match result {
            Ok((outcome, config_baseline)) => {
                report.files_read += 1;
                report.fixed_files += usize::from(outcome.fixed);
                report.diffs.extend(outcome.diff);
                if outcome.stdout.is_some() {
                    report.fixed_stdout = outcome.stdout;
                }
                if outcome
                    .file
                    .diagnostics
                    .iter()
                    .any(|d| crate::ids::is_run_failure(&d.rule))
                {
                    report.run_failed = true;
                }
                report.files.push(outcome.file);
                file_baselines.push(config_baseline);
            }
            Err((name, reason)) => failures.push((name, reason)),
        }
    }
    // Baselines: the one named on the command line, else each file's
    // config's. Writing a baseline records everything.
    let mut summary = (0, 0);
    if options.write_baseline.is_none() {
        let mut paths: Vec<PathBuf> = match &options.baseline {
            Some(path) => vec![path.clone()],
            None => file_baselines.iter().flatten().cloned().collect(),
        };
        paths.sort();
        paths.dedup();
        for path in paths {
            match crate::baseline::Baseline::load(&path) {
                Ok(baseline) => {
                    let files = report
                        .files
                        .iter_mut()
                        .zip(&file_baselines)
                        .filter(|(_, b)| options.baseline.is_some() || b.as_ref() == Some(&path))
                        .map(|(f, _)| f);
                    let (hidden, gone) = baseline.apply(files);
                    summary = (summary.0 + hidden, summary.1 + gone);
                    report.baseline_used = true;
                }
                Err(message) => failures.push((display_path(&path), message)),
            }
        }
    }
    report.baselined = summary.0;
    report.baseline_gone = summary.1;
    for (name, reason) in failures {
        report.run_failed = true;
        report.files.push(FileReport {
            source: Arc::new(SourceFile::new(name.clone(), String::new())),
            diagnostics: vec![
                Diagnostic::unlocated(
                    crate::ids::IO_ERROR,
                    Severity::Error,
                    format!("cannot read `{name}`: {reason}"),
                )
                .with_help("check the path and its permissions"),
            ],
        });
    }
    if let Some(path) = &options.write_baseline
        && !report.run_failed
    {
        match crate::baseline::write(path, &report) {
            Ok(entries) => report.baseline_written = Some(entries),
            Err(err) => {
                report.run_failed = true;
                report.files.push(FileReport {
                    source: Arc::new(SourceFile::new(display_path(path), String::new())),
                    diagnostics: vec![Diagnostic::unlocated(
                        crate::ids::IO_ERROR,
                        Severity::Error,
                        format!("cannot write the baseline: {err}"),
                    )],
                });
            }
        }
    }
    Ok(report)
}

/// The report of a run stopped by config or pack problems: every problem,
/// grouped by the file it is in.
fn problems_report(linters: &mut Linters) -> Report {
    let mut report = Report {
        run_failed: true,
        ..Report::default()
    };
    for (file, diagnostic) in std::mem::take(&mut linters.problems.diagnostics) {
        match report
            .files
            .iter_mut()
            .find(|f| Arc::ptr_eq(&f.source, &file) || f.source.path == file.path)
        {
            Some(f) => f.diagnostics.push(diagnostic),
            None => report.files.push(FileReport {
                source: file,
                diagnostics: vec![diagnostic],
            }),
        }
    }
    for f in &mut report.files {
        crate::sort_diagnostics(&mut f.diagnostics);
    }
    report
}

/// Every enabled rule of the run's linters, for SARIF.
fn rule_metadata(linters: &Linters) -> Vec<crate::RuleMeta> {
    let mut rules: Vec<crate::RuleMeta> = Vec::new();
    for linter in linters.all() {
        for known in &linter.known {
            let Some(severity) = known.severity else {
                continue;
            };
            if rules.iter().any(|r| r.id == known.def.id) {
                continue;
            }
            rules.push(crate::RuleMeta {
                id: known.def.id.clone(),
                summary: known.def.summary.clone(),
                rationale: known.def.rationale().map(str::to_owned),
                severity,
            });
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    rules
}

/// What `orglint graph` produced.
#[derive(Debug)]
pub enum GraphOutcome {
    /// The chart text (exit 0).
    Drawn(String),
    /// The file is not valid TOML: its diagnostics (exit 1).
    Invalid(Report),
    /// The run failed: config, pack or read problems (exit 2).
    Failed(Report),
    /// A bad option, such as an unknown `--root` (exit 2).
    Usage(String),
}

/// Draws the org chart of `file` under the configuration `check` would use.
/// The file is read, parsed and linted once.
pub fn graph(
    file: &Path,
    config: &ConfigChoice,
    options: &crate::graph::GraphOptions,
) -> GraphOutcome {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut linters = Linters::default();
    let Some(linter) = linters.get(config_for(config, &dir).as_deref(), &[]) else {
        return GraphOutcome::Failed(problems_report(&mut linters));
    };
    let (name, bytes) = match read(file, "<stdin>") {
        Ok(read) => read,
        Err((name, reason)) => {
            let mut report = Report {
                run_failed: true,
                ..Report::default()
            };
            report.files.push(FileReport {
                source: Arc::new(SourceFile::new(name.clone(), String::new())),
                diagnostics: vec![Diagnostic::unlocated(
                    crate::ids::IO_ERROR,
                    Severity::Error,
                    format!("cannot read `{name}`: {reason}"),
                )],
            });
            return GraphOutcome::Failed(report);
        }
    };
    let source = match SourceFile::decode(name.clone(), bytes.clone()) {
        Ok(source) => source,
        Err(_) => {
            let file = lint_bytes(&linter, name, bytes);
            return GraphOutcome::Invalid(Report {
                files: vec![file],
                files_read: 1,
                ..Report::default()
            });
        }
    };
    let (diagnostics, model) = linter.lint_with_model(&source);
    let Some(model) = model else {
        let file = FileReport {
            source: Arc::new(source),
            diagnostics,
        };
        return GraphOutcome::Invalid(Report {
            files: vec![file],
            files_read: 1,
            ..Report::default()
        });
    };
    match crate::graph::render(&model, &diagnostics, options) {
        Ok(chart) => GraphOutcome::Drawn(chart),
        Err(err) => GraphOutcome::Usage(err.to_string()),
    }
}
