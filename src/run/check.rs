//! `orglint check`: lint every input, fix it when asked, apply or write
//! baselines. Which orgs the inputs make is in [`super::orgs`], fixing in
//! [`super::fixing`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::fixing::{process, read_to_fix};
use super::inputs::{Input, inputs, read};
use super::linters::{ConfigChoice, Linters, check_flags, config_for};
use super::orgs::{Linted, drop_fragments, lint_roots};
use super::{UsageError, io_failure};
use crate::files::display_path;
use crate::linter::Flag;
use crate::{Linter, Report};

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
    /// The date to lint at (`--as-of`); `None`: today.
    pub as_of: Option<crate::dates::Date>,
    /// With `write_baseline`: the date from which every entry written
    /// stops hiding its diagnostic (`--until`).
    pub until: Option<crate::dates::Date>,
}

impl CheckOptions {
    /// The name standard input is reported as.
    fn stdin_name(&self) -> &str {
        self.stdin_filename.as_deref().unwrap_or("<stdin>")
    }

    /// Options that contradict each other, before anything is read.
    fn validate(&self, as_of: crate::dates::Date) -> Result<(), UsageError> {
        if self.unsafe_fixes && !self.fix && !self.diff {
            return Err(UsageError {
                message: "`--unsafe-fixes` goes with `--fix` or `--diff`".to_owned(),
            });
        }
        if let Some(until) = self.until {
            if self.write_baseline.is_none() {
                return Err(UsageError {
                    message: "`--until` goes with `--write-baseline`".to_owned(),
                });
            }
            if until <= as_of {
                return Err(UsageError {
                    message: format!(
                        "`--until {until}` is not after the as-of date ({as_of}): the entries would hide nothing"
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Lints every path and returns the report: files in the order given,
/// files found in a folder sorted by path. Files are linted in parallel.
pub fn check(options: &CheckOptions) -> Result<Report, UsageError> {
    // The clock is read once for the whole run.
    let as_of = options.as_of.unwrap_or_else(crate::dates::today);
    options.validate(as_of)?;
    let mut failures = Vec::new();
    let (inputs, searched_folder) = inputs(&options.paths, &mut failures);
    // Configs are loaded before any file is linted, so that an invalid one
    // stops the run.
    let mut linters = Linters::default();
    linters.as_of = Some(as_of);
    let plan = plan(options, &inputs, &mut linters);
    if !linters.problems.is_empty() {
        return Ok(linters.problems_report());
    }
    check_flags(&options.flags, &linters)?;
    let mut report = Report {
        rules: linters.rule_metadata(),
        config_warnings: linters.config_warnings(),
        no_files_found: searched_folder && inputs.is_empty(),
        diff_mode: options.diff,
        ..Report::default()
    };
    let file_baselines = lint_all(options, plan, &mut linters, &mut report, &mut failures);
    if options.write_baseline.is_none() {
        apply_baselines(options, as_of, &file_baselines, &mut report);
    }
    for (name, reason) in failures {
        report.run_failed = true;
        report.files.push(io_failure(
            name.clone(),
            format!("cannot read `{name}`: {reason}"),
            Some("check the path and its permissions"),
        ));
    }
    if let Some(path) = &options.write_baseline
        && !report.run_failed
    {
        match crate::baseline::write(path, &report, options.until) {
            Ok(entries) => report.baseline_written = Some(entries),
            Err(err) => {
                report.run_failed = true;
                report.files.push(io_failure(
                    display_path(path),
                    format!("cannot write the baseline: {err}"),
                    None,
                ));
            }
        }
    }
    Ok(report)
}

/// The linter of each input: its folder's configuration, discovered once
/// per folder.
fn plan<'a>(
    options: &CheckOptions,
    inputs: &'a [Input],
    linters: &mut Linters,
) -> Vec<(&'a Input, Option<Arc<Linter>>)> {
    let cwd = PathBuf::from(".");
    let folder = |path: Option<&Path>| {
        path.and_then(Path::parent)
            .map(Path::to_path_buf)
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| cwd.clone())
    };
    let mut discovered: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut plan = Vec::with_capacity(inputs.len());
    for input in inputs {
        let dir = match input {
            Input::Stdin => folder(options.stdin_filename.as_deref().map(Path::new)),
            Input::File(path) => folder(Some(path)),
        };
        let config = discovered
            .entry(dir.clone())
            .or_insert_with(|| config_for(&options.config, &dir))
            .clone();
        plan.push((input, linters.get(config.as_deref(), &options.flags)));
    }
    if inputs.is_empty() {
        // Nothing to lint, but a broken config is still reported.
        linters.get(config_for(&options.config, &cwd).as_deref(), &options.flags);
    }
    plan
}

/// Lints (and fixes) every planned input into `report`; returns the
/// baseline each reported file's configuration names, in report order.
fn lint_all<'a>(
    options: &CheckOptions,
    plan: Vec<(&'a Input, Option<Arc<Linter>>)>,
    linters: &mut Linters,
    report: &mut Report,
    failures: &mut Vec<(String, String)>,
) -> Vec<Option<PathBuf>> {
    use rayon::prelude::*;

    let stdin_name = options.stdin_name();
    let stdin_path = options.stdin_filename.as_deref().map(Path::new);
    // Standard input, kept for the org it may be a fragment of.
    let stdin_bytes = std::sync::Mutex::new(None::<Vec<u8>>);
    let one = |(input, linter): (&'a Input, Option<Arc<Linter>>)| -> Option<Linted<'a>> {
        let linter = linter?;
        let read = match input {
            Input::Stdin => read(Path::new("-"), stdin_name).map(|(n, b)| (n, b, None)),
            Input::File(path) if options.fix => match read_to_fix(path) {
                Ok(read) => read,
                Err(refused) => {
                    return Some((input, Ok((refused, linter.baseline.clone()))));
                }
            },
            Input::File(path) => read(path, stdin_name).map(|(n, b)| (n, b, None)),
        };
        let stdin = *input == Input::Stdin;
        let path = match input {
            Input::Stdin => stdin_path,
            Input::File(path) => Some(path.as_path()),
        };
        Some((
            input,
            read.map(|(name, bytes, target)| {
                if stdin
                    && options.stdin_filename.is_some()
                    && let Ok(mut kept) = stdin_bytes.lock()
                {
                    *kept = Some(bytes.clone());
                }
                (
                    process(&linter, name, path, bytes, options, stdin, target.as_ref()),
                    linter.baseline.clone(),
                )
            }),
        ))
    };
    // A pre-commit hook names a few files: starting a thread pool would cost
    // more than it saves.
    let mut results: Vec<_> = if plan.len() < 4 {
        plan.into_iter().filter_map(one).collect()
    } else {
        plan.into_par_iter().filter_map(one).collect()
    };
    let stand_in = stdin_bytes
        .into_inner()
        .ok()
        .flatten()
        .zip(stdin_path)
        .map(|(bytes, path)| (path.to_path_buf(), bytes));
    lint_roots(options, linters, &mut results, stand_in);
    drop_fragments(&mut results);
    let mut file_baselines = Vec::new();
    for (_, result) in results {
        match result {
            Ok((outcome, config_baseline)) => {
                report.files_read += outcome.read;
                report.fixed_files += outcome.fixed;
                report.diffs.extend(outcome.diffs);
                if outcome.stdout.is_some() {
                    report.fixed_stdout = outcome.stdout;
                }
                for file in outcome.files {
                    if file
                        .diagnostics
                        .iter()
                        .any(|d| crate::ids::is_run_failure(&d.rule))
                    {
                        report.run_failed = true;
                    }
                    report.files.push(file);
                    file_baselines.push(config_baseline.clone());
                }
            }
            Err((name, reason)) => failures.push((name, reason)),
        }
    }
    file_baselines
}

/// Hides what the baselines record: the one named on the command line, else
/// each file's configuration's.
fn apply_baselines(
    options: &CheckOptions,
    as_of: crate::dates::Date,
    file_baselines: &[Option<PathBuf>],
    report: &mut Report,
) {
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
                    .zip(file_baselines)
                    .filter(|(_, b)| options.baseline.is_some() || b.as_ref() == Some(&path))
                    .map(|(f, _)| f);
                let applied = baseline.apply(files, as_of);
                report.baselined = report.baselined.saturating_add(applied.hidden);
                report.baseline_expired = report.baseline_expired.saturating_add(applied.expired);
                report.baseline_gone = applied
                    .gone
                    .iter()
                    .fold(report.baseline_gone, |sum, g| sum.saturating_add(g.count));
                report.baseline_gone_entries.extend(applied.gone);
                report.baseline_used = true;
            }
            Err(reason) => {
                let name = display_path(&path);
                report.run_failed = true;
                report.files.push(io_failure(
                    name.clone(),
                    format!("cannot read the baseline `{name}`: {reason}"),
                    Some("check the `--baseline` path, or the `baseline` key of `orglint.toml`"),
                ));
            }
        }
    }
}
