//! `orglint check`: lint every input, fix it when asked, apply or write
//! baselines.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::inputs::{Input, inputs, read};
use super::linters::{ConfigChoice, Linters, check_flags, config_for};
use super::{UsageError, io_failure};
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::display_path;
use crate::linter::Flag;
use crate::load::FsSource;
use crate::source::SourceFile;
use crate::{FileReport, Linter, Report};

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

/// A file that `--fix` read: where to write it back, and what it held.
struct Target {
    path: PathBuf,
    stamp: crate::files::Stamp,
}

/// What linting (and fixing) one input gave.
struct Outcome {
    /// The reports of the org's files (one for an org of one file).
    files: Vec<FileReport>,
    /// How many files were read.
    read: usize,
    /// `--diff`: one unified diff per changed file.
    diffs: Vec<String>,
    stdout: Option<Vec<u8>>,
    /// How many files were written.
    fixed: usize,
    /// The input is a fragment of this root's org, linted instead.
    root: Option<PathBuf>,
    /// The fragments of the org linted, so that none is also linted as an
    /// org of its own.
    fragments: Vec<PathBuf>,
}

impl Outcome {
    fn of(file: FileReport) -> Outcome {
        Outcome {
            files: vec![file],
            ..Outcome::empty()
        }
    }

    fn empty() -> Outcome {
        Outcome {
            files: Vec::new(),
            read: 1,
            diffs: Vec::new(),
            stdout: None,
            fixed: 0,
            root: None,
            fragments: Vec::new(),
        }
    }
}

/// Lints the org whose root (or only) file is `bytes`, read from `path`
/// (the name standard input stands for, if any), fragments read from
/// `files`. A file without `[org]` that a root includes is not linted: the
/// outcome names that root.
fn lint_org(
    linter: &Linter,
    name: String,
    path: Option<&Path>,
    bytes: Vec<u8>,
    files: &dyn crate::load::FileSource,
    redirect: bool,
) -> Outcome {
    use crate::load::{Role, root};
    let source = match SourceFile::decode(name.clone(), bytes) {
        Ok(source) => source,
        Err((source, err)) => {
            if redirect
                && let Some(path) = path
                && let root::Found::Including(root) = root::find(path, files)
            {
                return Outcome {
                    root: Some(root),
                    ..Outcome::empty()
                };
            }
            return Outcome::of(undecodable(source, err));
        }
    };
    let at = path.map_or_else(|| PathBuf::from(&name), Path::to_path_buf);
    let mut org = linter.load(source, &at, files);
    let mut nearby = None;
    if redirect
        && org.role != Role::Root
        && let Some(path) = path
    {
        match root::find(path, files) {
            root::Found::Including(root) => {
                return Outcome {
                    root: Some(root),
                    ..Outcome::empty()
                };
            }
            root::Found::Nearby(root) => nearby = Some(root),
            root::Found::Nothing => {}
        }
    }
    let (mut diagnostics, omitted, model) = linter.lint_loaded(&mut org);
    if let Some(model) = model {
        crate::linter::drop_aside(model);
    }
    if let Some(root) = nearby {
        name_nearby_root(&mut diagnostics, &root);
    }
    let mut reports = org.split(diagnostics, omitted);
    for (name, reason) in std::mem::take(&mut org.failures) {
        reports.push(io_failure(
            name.clone(),
            format!("cannot read `{name}`: {reason}"),
            Some("check the path and its permissions"),
        ));
    }
    Outcome {
        files: reports,
        read: org.parts.len(),
        fragments: org.fragments().map(Path::to_path_buf).collect(),
        ..Outcome::empty()
    }
}

/// A file without `[org]` near a root that does not include it: its
/// missing-`[org]` diagnostic names the root.
pub(crate) fn name_nearby_root(diagnostics: &mut [Diagnostic], root: &Path) {
    let root = display_path(root);
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.rule == crate::ids::INVALID_FIELD && d.key == "org" && d.span.is_none())
    {
        d.help = Some(format!(
            "`{root}` is the root of an org of many files, but none of its `include` patterns matches this file: add one there, or add an `[org]` table here"
        ));
    }
}

/// The report of a file that is not UTF-8.
fn undecodable(source: SourceFile, err: crate::source::DecodeError) -> FileReport {
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
        omitted: 0,
        org: None,
    }
}

/// Lints one input; with `--fix`/`--diff`, fixes it first and reports what
/// is left.
fn process(
    linter: &Linter,
    name: String,
    path: Option<&Path>,
    bytes: Vec<u8>,
    options: &CheckOptions,
    stdin: bool,
    target: Option<&Target>,
) -> Outcome {
    if !options.fix && !options.diff {
        return lint_org(linter, name, path, bytes, &FsSource, true);
    }
    let whole = |bytes: Vec<u8>| lint_org(linter, name.clone(), path, bytes, &FsSource, true);
    let source = match SourceFile::decode(name.clone(), bytes.clone()) {
        Ok(source) => source,
        Err(_) => {
            let mut outcome = whole(bytes.clone());
            if stdin && options.fix {
                outcome.stdout = Some(bytes);
            }
            return outcome;
        }
    };
    // An org of many files is fixed as one; a fragment given alone fixes
    // the org its root makes (linted in its place, `lint_roots`).
    let at = path.map_or_else(|| PathBuf::from(&name), Path::to_path_buf);
    let probe = linter.load(
        SourceFile::new(name.clone(), source.text().to_owned()),
        &at,
        &FsSource,
    );
    if probe.role != crate::load::Role::Root
        && let Some(path) = path
        && let crate::load::root::Found::Including(root) = crate::load::root::find(path, &FsSource)
    {
        return Outcome {
            root: Some(root),
            ..Outcome::empty()
        };
    }
    if probe.parts.len() > 1 {
        drop(probe);
        let stamps = Stamping::default();
        let root_read = target.map(|t| (bytes.as_slice(), t));
        return fix_many(
            linter,
            &source,
            &at,
            root_read,
            options,
            FixFrom::Disk(&stamps),
        );
    }
    drop(probe);
    let fixed = match crate::fix::fix_text(linter, &source, options.unsafe_fixes) {
        Ok(fixed) => fixed,
        Err(err) => {
            let mut outcome = whole(bytes.clone());
            if let Some(file) = outcome.files.first_mut() {
                file.diagnostics.push(
                    Diagnostic::unlocated(crate::ids::FIX_ERROR, Severity::Error, err.to_string())
                        .with_help("fix these by hand, then run `--fix` again"),
                );
            }
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
    let mut outcome = Outcome::of(FileReport {
        source: Arc::new(fixed_source),
        diagnostics: fixed.diagnostics.clone(),
        omitted: fixed.omitted,
        org: None,
    });
    if options.diff {
        if fixed.changed {
            outcome.diffs = vec![crate::fix::unified_diff(&name, source.text(), &fixed.text)];
        }
    } else if stdin {
        outcome.stdout = Some(new_bytes);
        outcome.fixed = usize::from(fixed.changed);
    } else if fixed.changed
        && let Some(target) = target
    {
        // The path that was read, never `name`: a display string drops a
        // leading `./` and replaces bytes that are not UTF-8.
        match crate::files::write_fixed(&target.path, &bytes, &target.stamp, &new_bytes) {
            Ok(()) => outcome.fixed = 1,
            Err(refused) => {
                // The file keeps its problems: report them, not the fixed
                // text's.
                outcome = whole(bytes);
                if let Some(file) = outcome.files.first_mut() {
                    file.diagnostics.push(
                        Diagnostic::unlocated(
                            crate::ids::IO_ERROR,
                            Severity::Error,
                            format!("cannot write the fixed `{name}`: {}", refused.reason),
                        )
                        .with_help(refused.help),
                    );
                }
            }
        }
    }
    outcome
}

/// The file system, keeping what each fragment held when it was read, so
/// that `--fix` writes back only files that did not change since.
#[derive(Default)]
struct Stamping {
    read: std::sync::Mutex<HashMap<PathBuf, (Vec<u8>, crate::files::Stamp)>>,
}

impl crate::load::FileSource for Stamping {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        match crate::files::read_to_fix(path) {
            Ok(Ok((bytes, stamp))) => {
                if let Ok(mut read) = self.read.lock() {
                    read.insert(path.to_path_buf(), (bytes.clone(), stamp));
                }
                Ok(bytes)
            }
            Ok(Err(refused)) => Err(refused.reason),
            Err(err) => Err(crate::files::io_reason(&err)),
        }
    }

    fn list(
        &self,
        dir: &Path,
        depth: Option<usize>,
        within: &Path,
    ) -> crate::load::source::Listing {
        FsSource.list(dir, depth, within)
    }

    fn is_file(&self, path: &Path) -> bool {
        FsSource.is_file(path)
    }
}

/// Fixes an org of many files (`--fix`, `--diff`): every file the fixes
/// touch is written at once, each byte-exact outside its edits; all
/// temporary files are written before the first rename, so a failure
/// before the renames changes nothing. With `stand_in`, standard input is
/// that fragment: its fixed text is printed and no file is written.
fn fix_many(
    linter: &Linter,
    root: &SourceFile,
    root_path: &Path,
    root_read: Option<(&[u8], &Target)>,
    options: &CheckOptions,
    from: FixFrom<'_>,
) -> Outcome {
    use crate::load::source::normal;
    let files: &dyn crate::load::FileSource = match from {
        FixFrom::Disk(stamps) => stamps,
        FixFrom::StandIn(_, files) => files,
    };
    let unfixed = |extra: Diagnostic| {
        let bytes = crate::fix::with_bom(root, root.text());
        let mut outcome = lint_org(
            linter,
            root.path.clone(),
            Some(root_path),
            bytes,
            files,
            false,
        );
        if let Some(file) = outcome.files.first_mut() {
            file.diagnostics.push(extra);
        }
        outcome
    };
    let fixed = match crate::fix::fix_org(linter, root, root_path, files, options.unsafe_fixes) {
        Ok(fixed) => fixed,
        Err(err) => {
            return unfixed(
                Diagnostic::unlocated(crate::ids::FIX_ERROR, Severity::Error, err.to_string())
                    .with_help("fix these by hand, then run `--fix` again"),
            );
        }
    };
    let mut outcome = Outcome {
        files: fixed.reports,
        read: fixed.parts.len(),
        fragments: fixed.parts.iter().skip(1).map(|p| p.path.clone()).collect(),
        ..Outcome::empty()
    };
    for (name, reason) in fixed.failures {
        outcome.files.push(io_failure(
            name.clone(),
            format!("cannot read `{name}`: {reason}"),
            Some("check the path and its permissions"),
        ));
    }
    let changed: Vec<&crate::fix::FixedPart> = fixed.parts.iter().filter(|p| p.changed()).collect();
    if options.diff {
        outcome.diffs = changed
            .iter()
            .map(|p| crate::fix::unified_diff(&p.name, &p.original, &p.text))
            .collect();
        return outcome;
    }
    let stamps = match from {
        FixFrom::Disk(stamps) => stamps,
        FixFrom::StandIn(stand_in, _) => {
            let target = normal(stand_in);
            let part = fixed.parts.iter().find(|p| normal(&p.path) == target);
            outcome.stdout = part.map(|p| p.bytes());
            outcome.fixed = part.map_or(0, |p| usize::from(p.changed()));
            return outcome;
        }
    };
    let stamps = stamps.read.lock().map(|r| r.clone()).unwrap_or_default();
    let new_bytes: Vec<Vec<u8>> = changed.iter().map(|p| p.bytes()).collect();
    let mut writes = Vec::with_capacity(changed.len());
    for (part, bytes) in changed.iter().zip(&new_bytes) {
        let read = if part.path.as_path() == root_path {
            root_read.map(|(original, target)| (original, &target.stamp))
        } else {
            stamps
                .get(&part.path)
                .map(|(original, stamp)| (original.as_slice(), stamp))
        };
        let Some((original, stamp)) = read else {
            return unfixed(Diagnostic::unlocated(
                crate::ids::FIX_ERROR,
                Severity::Error,
                format!(
                    "`{}` was not read as a file that can be fixed; nothing was written",
                    part.name
                ),
            ));
        };
        writes.push(crate::files::FixedFile {
            path: &part.path,
            original,
            stamp,
            bytes,
        });
    }
    match crate::files::write_all_fixed(&writes) {
        Ok(()) => outcome.fixed = writes.len(),
        Err((i, refused)) => {
            let name = changed.get(i).map_or("", |p| p.name.as_str());
            return unfixed(
                Diagnostic::unlocated(
                    crate::ids::IO_ERROR,
                    Severity::Error,
                    format!(
                        "cannot write the fixed `{name}`: {}; no file of the org was changed",
                        refused.reason
                    ),
                )
                .with_help(refused.help),
            );
        }
    }
    outcome
}

/// Where [`fix_many`] reads the org's fragments from.
enum FixFrom<'a> {
    /// The file system: changed files are written back.
    Disk(&'a Stamping),
    /// Standard input stands in for this fragment: its fixed text is
    /// printed, nothing is written.
    StandIn(&'a Path, &'a dyn crate::load::FileSource),
}

/// Reads a file that `--fix` may write back. `Err` is the outcome of a
/// file refused before reading (a FIFO, `/dev/stdin`).
#[allow(clippy::type_complexity)]
fn read_to_fix(
    path: &Path,
) -> Result<Result<(String, Vec<u8>, Option<Target>), (String, String)>, Outcome> {
    let name = display_path(path);
    match crate::files::read_to_fix(path) {
        Ok(Ok((bytes, stamp))) => Ok(Ok((
            name,
            bytes,
            Some(Target {
                path: path.to_path_buf(),
                stamp,
            }),
        ))),
        Ok(Err(refused)) => Err(Outcome::of(io_failure(
            name.clone(),
            format!("cannot fix `{name}`: {}", refused.reason),
            Some(refused.help),
        ))),
        Err(err) => Ok(Err((name, crate::files::io_reason(&err)))),
    }
}

/// Lints one file's bytes as an org of one file (its `include` patterns
/// are not followed): undecodable text is a `toml-syntax` error.
pub fn lint_bytes(linter: &Linter, name: String, bytes: Vec<u8>) -> FileReport {
    match SourceFile::decode(name, bytes) {
        Ok(source) => {
            let (diagnostics, omitted) = linter.lint_counted(&source);
            FileReport {
                source: Arc::new(source),
                diagnostics,
                omitted,
                org: None,
            }
        }
        Err((source, err)) => undecodable(source, err),
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

type Linted<'a> = (
    &'a Input,
    Result<(Outcome, Option<PathBuf>), (String, String)>,
);

/// Lints the orgs whose fragments were given instead of their roots, each
/// once, in place of the first of its fragments, under the configuration
/// its root's folder has. Standard input stands in for the fragment it is
/// named as (`--stdin-filename`).
fn lint_roots(
    options: &CheckOptions,
    linters: &mut Linters,
    results: &mut [Linted<'_>],
    stand_in: Option<(PathBuf, Vec<u8>)>,
) {
    use crate::load::source::normal;
    if !results
        .iter()
        .any(|(_, r)| r.as_ref().is_ok_and(|(o, _)| o.root.is_some()))
    {
        return;
    }
    let linted: std::collections::HashSet<PathBuf> = results
        .iter()
        .filter_map(|(input, r)| match (input, r) {
            (Input::File(path), Ok((o, _))) if o.root.is_none() => Some(normal(path)),
            _ => None,
        })
        .collect();
    let mut done: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for (_, result) in results.iter_mut() {
        let Ok((outcome, _)) = result else { continue };
        let Some(root) = outcome.root.clone() else {
            continue;
        };
        let key = normal(&root);
        if linted.contains(&key) || !done.insert(key) {
            // Its org is linted already: this fragment is reported there.
            *outcome = Outcome {
                read: 0,
                ..Outcome::empty()
            };
            continue;
        }
        let dir = root
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let Some(linter) =
            linters.get(config_for(&options.config, &dir).as_deref(), &options.flags)
        else {
            *outcome = Outcome {
                read: 0,
                ..Outcome::empty()
            };
            continue;
        };
        let name = display_path(&root);
        let mut files = crate::load::Overlay::new(&FsSource);
        if let Some((path, bytes)) = &stand_in {
            files.insert(path, bytes.clone());
        }
        let fixing = options.fix || options.diff;
        *result = match crate::load::FileSource::read(&files, &root) {
            Ok(bytes) if fixing => Ok((
                fix_root(
                    &linter,
                    name,
                    &root,
                    bytes,
                    options,
                    stand_in.as_ref(),
                    &files,
                ),
                linter.baseline.clone(),
            )),
            Ok(bytes) => Ok((
                lint_org(&linter, name, Some(&root), bytes, &files, false),
                linter.baseline.clone(),
            )),
            Err(reason) => Err((name, reason)),
        };
    }
}

/// Fixes the org of a root found for a fragment that was given
/// (`--fix`, `--diff`); standard input, when it stands in for a fragment,
/// gets its fixed text back and nothing is written.
fn fix_root(
    linter: &Linter,
    name: String,
    root: &Path,
    bytes: Vec<u8>,
    options: &CheckOptions,
    stand_in: Option<&(PathBuf, Vec<u8>)>,
    files: &dyn crate::load::FileSource,
) -> Outcome {
    let source = match SourceFile::decode(name.clone(), bytes.clone()) {
        Ok(source) => source,
        Err(_) => return lint_org(linter, name, Some(root), bytes, files, false),
    };
    if let Some((path, original)) = stand_in {
        let mut outcome = fix_many(
            linter,
            &source,
            root,
            None,
            options,
            FixFrom::StandIn(path, files),
        );
        if options.fix && outcome.stdout.is_none() {
            outcome.stdout = Some(original.clone());
        }
        return outcome;
    }
    let stamps = Stamping::default();
    match crate::files::read_to_fix(root) {
        Ok(Ok((read, stamp))) if read == bytes => {
            let target = Target {
                path: root.to_path_buf(),
                stamp,
            };
            fix_many(
                linter,
                &source,
                root,
                Some((&read, &target)),
                options,
                FixFrom::Disk(&stamps),
            )
        }
        _ => fix_many(linter, &source, root, None, options, FixFrom::Disk(&stamps)),
    }
}

/// Leaves out the orgs of files that another org includes: a fragment is
/// never also linted as an org of its own. (The org linted in a fragment's
/// place, [`lint_roots`], includes that fragment itself: it stays.)
fn drop_fragments(results: &mut Vec<Linted<'_>>) {
    use crate::load::source::normal;
    if results.len() < 2 {
        return;
    }
    let mut owner: HashMap<PathBuf, usize> = HashMap::new();
    for (i, (_, result)) in results.iter().enumerate() {
        if let Ok((outcome, _)) = result {
            for fragment in &outcome.fragments {
                owner.entry(normal(fragment)).or_insert(i);
            }
        }
    }
    if owner.is_empty() {
        return;
    }
    let mut i = 0;
    results.retain(|(input, _)| {
        let keep = match input {
            Input::File(path) => owner.get(&normal(path)).is_none_or(|&j| j == i),
            Input::Stdin => true,
        };
        i += 1;
        keep
    });
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
