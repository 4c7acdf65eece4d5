//! `orglint test`: rule tests. Fixture files say in comments which
//! diagnostics they expect (see [`expect`]); every diagnostic of the
//! run, under the configuration `check` would use, is compared.

pub mod expect;
pub mod report;

use std::path::PathBuf;

use self::expect::{BadExpectation, Expected};
use crate::run::{CheckOptions, ConfigChoice, UsageError, check};
use crate::{FileReport, Report};

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

/// The outcome of `orglint test`.
#[derive(Debug, Default)]
pub struct TestReport {
    /// One entry per fixture, in path order.
    pub files: Vec<FileOutcome>,
    /// Config, pack or read failures: the run failed (exit 2).
    pub failures: Report,
}

impl TestReport {
    /// 0 all matched, 1 some did not, 2 a malformed expectation or a run
    /// failure.
    pub fn exit_code(&self) -> u8 {
        if self.failures.run_failed || self.files.iter().any(|f| f.malformed.is_some()) {
            2
        } else if self.files.iter().all(FileOutcome::passed) {
            0
        } else {
            1
        }
    }
}

/// The fixture files under the paths: folders give every `*.toml` below
/// them except `orglint.toml`.
fn fixtures(paths: &[PathBuf]) -> Vec<PathBuf> {
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
                && name != crate::config::FILE_NAME
            {
                out.push(entry.into_path());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Compares one linted fixture with its expectation comments.
pub fn compare(file: &FileReport) -> FileOutcome {
    let mut outcome = FileOutcome {
        path: file.source.path.clone(),
        missing: Vec::new(),
        unexpected: Vec::new(),
        malformed: None,
    };
    let expected = match expect::expectations(&file.source) {
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

/// Runs the rule tests under `paths`.
pub fn run(paths: &[PathBuf], config: ConfigChoice) -> Result<TestReport, UsageError> {
    let files = fixtures(paths);
    let report = check(&CheckOptions {
        paths: files,
        config,
        ..CheckOptions::default()
    })?;
    let mut out = TestReport::default();
    for file in report.files {
        if file
            .diagnostics
            .iter()
            .any(|d| crate::ids::is_run_failure(&d.rule))
        {
            out.failures.run_failed = true;
            out.failures.files.push(file);
        } else {
            out.files.push(compare(&file));
        }
    }
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out.failures.run_failed |= report.run_failed;
    Ok(out)
}
