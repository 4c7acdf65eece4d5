//! Running `check` over paths: reading files, linting each, collecting the
//! report. Nothing here prints.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::{FileReport, Linter, Report};

/// What `orglint check` was asked to do.
#[derive(Debug, Default)]
pub struct CheckOptions {
    /// Files to lint; `-` is standard input.
    pub paths: Vec<PathBuf>,
    /// The name standard input is reported as.
    pub stdin_filename: Option<String>,
}

/// Reads a path (or standard input for `-`).
fn read(path: &PathBuf, stdin_name: &str) -> Result<(String, Vec<u8>), (String, String)> {
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
            let diagnostic = Diagnostic::at("toml-syntax", Severity::Error, err.span, "not UTF-8", err.message)
                .with_help("save the file as UTF-8");
            FileReport {
                source: Arc::new(source),
                diagnostics: vec![diagnostic],
            }
        }
    }
}

/// Lints every path and returns the report, files in the order given.
pub fn check(options: &CheckOptions) -> Report {
    let linter = Linter::default();
    let stdin_name = options.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_owned());
    let mut report = Report::default();
    for path in &options.paths {
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
                        Diagnostic::unlocated("io-error", Severity::Error, format!("cannot read `{name}`: {reason}"))
                            .with_help("check the path and its permissions"),
                    ],
                });
            }
        }
    }
    report
}
