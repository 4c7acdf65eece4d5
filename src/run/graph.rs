//! `orglint graph`: lint one file and draw its chart.

use std::path::{Path, PathBuf};

use super::inputs::read;
use super::linters::{ConfigChoice, Linters, config_for};
use super::orgs::lint_bytes;
use crate::Report;
use crate::source::SourceFile;

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

impl GraphOutcome {
    /// The exit code: 0 drawn, 1 not valid TOML, 2 the run failed.
    pub fn exit_code(&self) -> u8 {
        match self {
            GraphOutcome::Drawn(_) => 0,
            GraphOutcome::Invalid(_) => 1,
            GraphOutcome::Failed(_) | GraphOutcome::Usage(_) => 2,
        }
    }
}

/// Draws the org chart of `file` under the configuration `check` would use.
/// The file is read, parsed and linted once.
pub fn graph(
    file: &Path,
    config: &ConfigChoice,
    options: &crate::graph::GraphOptions,
) -> GraphOutcome {
    graph_as_of(file, config, options, None)
}

/// [`graph`] with the org as it is on a date (`--as-of`; `None`: today):
/// people who have left or not started are not drawn.
pub fn graph_as_of(
    file: &Path,
    config: &ConfigChoice,
    options: &crate::graph::GraphOptions,
    as_of: Option<crate::dates::Date>,
) -> GraphOutcome {
    // A fragment of an org of many files draws the org its root makes,
    // under the root's configuration.
    let root = root_of(file);
    let file = root.as_deref().unwrap_or(file);
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut linters = Linters::default();
    linters.as_of = as_of;
    let Some(linter) = linters.get(config_for(config, &dir).as_deref(), &[]) else {
        return GraphOutcome::Failed(linters.problems_report());
    };
    let (name, bytes) = match read(file, "<stdin>") {
        Ok(read) => read,
        Err((name, reason)) => {
            return GraphOutcome::Failed(Report {
                run_failed: true,
                files: vec![super::io_failure(
                    name.clone(),
                    format!("cannot read `{name}`: {reason}"),
                    None,
                )],
                ..Report::default()
            });
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
    let mut org = linter.load(source, file, &crate::load::FsSource);
    let (diagnostics, omitted, model) = linter.lint_loaded(&mut org);
    let Some(model) = model else {
        return GraphOutcome::Invalid(Report {
            files: org.split(diagnostics, omitted),
            files_read: org.parts.len(),
            ..Report::default()
        });
    };
    match crate::graph::render(&model, &diagnostics, options) {
        Ok(chart) => GraphOutcome::Drawn(chart),
        Err(err) => GraphOutcome::Usage(err.to_string()),
    }
}

/// The root of the org `file` is a fragment of: `None` when it has `[org]`
/// itself, cannot be read, or no root includes it.
fn root_of(file: &Path) -> Option<PathBuf> {
    if file.as_os_str() == "-" {
        return None;
    }
    let bytes = std::fs::read(file).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let tree = crate::parse::parse_toml(text.trim_start_matches('\u{feff}')).ok();
    if tree.is_some_and(|t| t.entries.iter().any(|(k, _)| k.name() == "org")) {
        return None;
    }
    match crate::load::root::find(file, &crate::load::FsSource) {
        crate::load::root::Found::Including(root) => Some(root),
        _ => None,
    }
}
