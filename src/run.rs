//! Running `check` over paths: reading files, linting each, collecting the
//! report. Nothing here prints.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Level;
use crate::linter::Flag;
use crate::rules::node::Problems;

use crate::diagnostic::{Diagnostic, Severity};
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

/// A path as reported: as given, without a leading `./`.
pub fn display_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
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
                "toml-syntax",
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

/// Lints every path and returns the report, files in the order given.
pub fn check(options: &CheckOptions) -> Result<Report, UsageError> {
    let stdin_name = options
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".to_owned());
    let cwd = PathBuf::from(".");
    let mut linters = Linters::default();
    // Which config each path uses; configs are loaded before any file is
    // linted, so that an invalid one stops the run.
    let mut plan = Vec::with_capacity(options.paths.len());
    for path in &options.paths {
        let dir = if path.as_os_str() == "-" {
            options
                .stdin_filename
                .as_ref()
                .and_then(|n| Path::new(n).parent().map(Path::to_path_buf))
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or_else(|| cwd.clone())
        } else {
            path.parent()
                .map(Path::to_path_buf)
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or_else(|| cwd.clone())
        };
        let config = config_for(&options.config, &dir);
        let linter = linters.get(config.as_deref(), &options.flags);
        plan.push((path, linter));
    }
    if options.paths.is_empty() {
        linters.get(config_for(&options.config, &cwd).as_deref(), &options.flags);
    }
    let mut report = Report::default();
    if !linters.problems.is_empty() {
        report.run_failed = true;
        let mut by_file: Vec<FileReport> = Vec::new();
        for (file, diagnostic) in std::mem::take(&mut linters.problems.diagnostics) {
            match by_file
                .iter_mut()
                .find(|f| Arc::ptr_eq(&f.source, &file) || f.source.path == file.path)
            {
                Some(f) => f.diagnostics.push(diagnostic),
                None => by_file.push(FileReport {
                    source: file,
                    diagnostics: vec![diagnostic],
                }),
            }
        }
        for f in &mut by_file {
            crate::sort_diagnostics(&mut f.diagnostics);
        }
        report.files = by_file;
        return Ok(report);
    }
    check_flags(&options.flags, &linters)?;
    for (path, linter) in plan {
        let Some(linter) = linter else { continue };
        match read(path, &stdin_name) {
            Ok((name, bytes)) => {
                report.files_read += 1;
                report.files.push(lint_bytes(&linter, name, bytes));
            }
            Err((name, reason)) => {
                report.run_failed = true;
                report.files.push(FileReport {
                    source: Arc::new(SourceFile::new(name.clone(), String::new())),
                    diagnostics: vec![
                        Diagnostic::unlocated(
                            "io-error",
                            Severity::Error,
                            format!("cannot read `{name}`: {reason}"),
                        )
                        .with_help("check the path and its permissions"),
                    ],
                });
            }
        }
    }
    Ok(report)
}
