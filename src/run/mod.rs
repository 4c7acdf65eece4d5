//! Orchestrating the commands that lint: which files, under which
//! configuration, what to do with the results. Nothing here prints; the
//! binary hands the [`crate::Report`] to [`crate::report`] and takes its exit code
//! from [`crate::Report::exit_code`].
//!
//! - `inputs`: the paths given, folders walked, files read;
//! - `linters`: configuration choice and one linter per `orglint.toml`;
//! - `check`: `orglint check` (plan, lint, baselines);
//! - `orgs`: which orgs the inputs make (roots, fragments, the root of a
//!   fragment given alone);
//! - `fixing`: `--fix` and `--diff`, one file or every file of an org;
//! - `graph`: `orglint graph`.

mod check;
mod fixing;
mod graph;
mod inputs;
mod linters;
mod orgs;

use std::sync::Arc;

pub use check::{CheckOptions, check};
pub use graph::{GraphOutcome, graph, graph_as_of};
pub use inputs::is_org_file;
pub use linters::{ConfigChoice, Linters, check_flags, config_for};
pub use orgs::lint_bytes;
pub(crate) use orgs::name_nearby_root;

use crate::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// A problem with the command line itself (exit code 2, nothing linted).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    /// What is wrong.
    pub message: String,
}

/// A report entry for a run failure about a path (`io-error`): the path as
/// an empty file, so every format can name it.
pub fn io_failure(name: String, message: String, help: Option<&str>) -> FileReport {
    let mut diagnostic = Diagnostic::unlocated(crate::ids::IO_ERROR, Severity::Error, message);
    diagnostic.help = help.map(str::to_owned);
    FileReport {
        source: Arc::new(SourceFile::new(name, String::new())),
        diagnostics: vec![diagnostic],
        omitted: 0,
        org: None,
    }
}
