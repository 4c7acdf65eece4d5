//! `--fix` and `--diff`: fixing one file, or an org of many files with
//! every changed file written at once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::check::CheckOptions;
use super::io_failure;
use super::orgs::{Outcome, lint_org};
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::display_path;
use crate::load::FsSource;
use crate::source::SourceFile;
use crate::{FileReport, Linter};

/// A file that `--fix` read: where to write it back, and what it held.
pub(super) struct Target {
    pub(super) path: PathBuf,
    pub(super) stamp: crate::files::Stamp,
}

/// Lints one input; with `--fix`/`--diff`, fixes it first and reports what
/// is left.
pub(super) fn process(
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
pub(super) struct Stamping {
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
pub(super) fn fix_many(
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
pub(super) enum FixFrom<'a> {
    /// The file system: changed files are written back.
    Disk(&'a Stamping),
    /// Standard input stands in for this fragment: its fixed text is
    /// printed, nothing is written.
    StandIn(&'a Path, &'a dyn crate::load::FileSource),
}

/// Reads a file that `--fix` may write back. `Err` is the outcome of a
/// file refused before reading (a FIFO, `/dev/stdin`).
#[allow(clippy::type_complexity)]
pub(super) fn read_to_fix(
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

/// Fixes the org of a root found for a fragment that was given
/// (`--fix`, `--diff`); standard input, when it stands in for a fragment,
/// gets its fixed text back and nothing is written.
pub(super) fn fix_root(
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
