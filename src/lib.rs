//! orglint: a linter for organizations described as code.
//!
//! An org file (TOML) lists people, teams and reporting lines. [`Linter::lint`]
//! parses it, builds the [`model::Model`] with every derived fact, runs the
//! structure rules and the policy rules of the configured packs, and returns
//! the diagnostics. The [`report`] module renders them.
//!
//! ```
//! use orglint::{Linter, SourceFile};
//!
//! let source = SourceFile::new("org.toml", r#"
//! [org]
//! name = "Acme"
//! structure = "split"
//!
//! [people.ada]
//! name = "Ada"
//!
//! [people.bob]
//! name = "Bob"
//! reports-to = "adda"
//! "#.to_owned());
//! let linter = Linter::default();
//! let diagnostics = linter.lint(&source);
//! let unknown: Vec<_> = diagnostics.iter().filter(|d| d.rule == "unknown-reference").collect();
//! assert_eq!(unknown.len(), 1);
//! assert_eq!(unknown[0].help.as_deref(), Some("did you mean `ada`?"));
//! ```

// A syntax error is returned as the one diagnostic of its file: boxing it
// would buy nothing on a path taken once per file.
#![allow(clippy::result_large_err)]
// No panics by construction: input never reaches an unwrap, expect, panic or
// unchecked index in library code (tests may use them).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod baseline;
pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod diff;
pub mod files;
pub mod fix;
pub mod graph;
pub mod ids;
pub mod import;
pub mod init;
pub mod linter;
pub mod load;
pub mod model;
pub mod org;
pub mod parse;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod server;
pub mod source;
pub mod split;
pub mod suggest;
pub mod suppress;
pub mod templates;
pub mod testing;
pub mod text;
pub mod vocabulary;

pub use diagnostic::{Diagnostic, EntityKind, EntityRef, Severity};
pub use linter::Linter;
pub use model::Model;
pub use source::SourceFile;
pub use vocabulary::Vocabulary;

use std::sync::Arc;

/// The diagnostics of one file.
#[derive(Debug)]
pub struct FileReport {
    /// The file (an org file, or the `orglint.toml` / pack a run error is in).
    pub source: Arc<SourceFile>,
    /// Its diagnostics, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics left out past the bound on each rule
    /// ([`linter::MAX_PER_RULE`]).
    pub omitted: usize,
    /// In an org of many files, the path of its root file: the identity of
    /// the org's diagnostics in baselines and SARIF fingerprints, so that
    /// moving a person from one fragment to another is not a new problem.
    pub org: Option<String>,
}

impl FileReport {
    /// The path that identifies this file's diagnostics in baselines and
    /// fingerprints: its org's root file, else its own path.
    pub fn identity(&self) -> &str {
        self.org.as_deref().unwrap_or(&self.source.path)
    }
}

/// The outcome of a run over one or more files.
#[derive(Debug, Default)]
pub struct Report {
    /// One entry per file with diagnostics or read, in output order.
    pub files: Vec<FileReport>,
    /// How many files were read.
    pub files_read: usize,
    /// Set when the run itself failed (exit code 2): a path that cannot be
    /// read, a bad configuration or rule pack.
    pub run_failed: bool,
    /// Every enabled rule, for formats that describe them (SARIF).
    pub rules: Vec<RuleMeta>,
    /// Folders were searched and no org file was found.
    pub no_files_found: bool,
    /// Files rewritten by `--fix`.
    pub fixed_files: usize,
    /// Unified diffs of `--diff`.
    pub diffs: Vec<String>,
    /// The fixed text of standard input (`--fix` with `-`).
    pub fixed_stdout: Option<Vec<u8>>,
    /// Whether a baseline was applied.
    pub baseline_used: bool,
    /// Diagnostics hidden by the baseline.
    pub baselined: usize,
    /// Baseline entries of the linted files that no longer occur.
    pub baseline_gone: usize,
    /// Those entries, named.
    pub baseline_gone_entries: Vec<baseline::GoneEntry>,
    /// Entries written by `--write-baseline`.
    pub baseline_written: Option<usize>,
    /// `--diff`: the outcome is the diff, not the diagnostics.
    pub diff_mode: bool,
    /// Diagnostics that baseline entries past their `until` no longer hid.
    pub baseline_expired: usize,
    /// Warnings about the configurations that did not stop the run.
    pub config_warnings: Vec<String>,
}

/// What output formats say about a rule.
#[derive(Clone, Debug)]
pub struct RuleMeta {
    /// The rule id.
    pub id: String,
    /// One line about it.
    pub summary: String,
    /// Why it exists.
    pub rationale: Option<String>,
    /// Its built-in default severity (its pack's), whatever configuration
    /// is in force: each result carries its effective level.
    pub severity: Severity,
}

impl Report {
    /// Every diagnostic with its file.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    /// How many diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|(_, d)| d.severity == severity)
            .count()
    }

    /// The process exit code, decided here only: 2 when the run failed;
    /// else 0 after writing a baseline; with `--diff`, 1 when there is a
    /// diff; else 1 when any diagnostic is an error, and 0.
    pub fn exit_code(&self) -> u8 {
        if self.run_failed {
            2
        } else if self.baseline_written.is_some() {
            0
        } else if self.diff_mode {
            u8::from(!self.diffs.is_empty())
        } else {
            u8::from(self.count(Severity::Error) > 0)
        }
    }

    /// How many diagnostics were left out past the bound on each rule.
    pub fn omitted(&self) -> usize {
        self.files
            .iter()
            .fold(0, |sum, f| sum.saturating_add(f.omitted))
    }

    /// How many diagnostics carry a safe fix.
    pub fn fixable(&self) -> usize {
        self.diagnostics()
            .filter(|(_, d)| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.safety == diagnostic::FixSafety::Safe)
            })
            .count()
    }
}

/// Sorts diagnostics as every output format lists them: by line and column
/// (a diagnostic without a location first), then rule id, then entity (none
/// first, then kind and id).
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let position = |d: &Diagnostic| d.span.as_ref().map(|s| s.start);
        position(a)
            .cmp(&position(b))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.entity.cmp(&b.entity))
    });
}
