//! The orgs a check lints: one file, or a root with its fragments; a
//! fragment named on its own lints the org of the root that includes it,
//! and a fragment is never also linted as an org of its own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::check::CheckOptions;
use super::fixing::fix_root;
use super::inputs::Input;
use super::io_failure;
use super::linters::{Linters, config_for};
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::display_path;
use crate::load::FsSource;
use crate::source::SourceFile;
use crate::{FileReport, Linter};

/// What linting (and fixing) one input gave.
pub(super) struct Outcome {
    /// The reports of the org's files (one for an org of one file).
    pub(super) files: Vec<FileReport>,
    /// How many files were read.
    pub(super) read: usize,
    /// `--diff`: one unified diff per changed file.
    pub(super) diffs: Vec<String>,
    pub(super) stdout: Option<Vec<u8>>,
    /// How many files were written.
    pub(super) fixed: usize,
    /// The input is a fragment of this root's org, linted instead.
    pub(super) root: Option<PathBuf>,
    /// The fragments of the org linted, so that none is also linted as an
    /// org of its own.
    pub(super) fragments: Vec<PathBuf>,
}

impl Outcome {
    pub(super) fn of(file: FileReport) -> Outcome {
        Outcome {
            files: vec![file],
            read: 1,
            ..Outcome::empty()
        }
    }

    pub(super) fn empty() -> Outcome {
        Outcome {
            files: Vec::new(),
            read: 0,
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
pub(super) fn lint_org(
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
pub(super) fn undecodable(source: SourceFile, err: crate::source::DecodeError) -> FileReport {
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

pub(super) type Linted<'a> = (
    &'a Input,
    Result<(Outcome, Option<PathBuf>), (String, String)>,
);

/// Lints the orgs whose fragments were given instead of their roots, each
/// once, in place of the first of its fragments, under the configuration
/// its root's folder has. Standard input stands in for the fragment it is
/// named as (`--stdin-filename`).
pub(super) fn lint_roots(
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
            *outcome = Outcome::empty();
            continue;
        }
        let dir = root
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let Some(linter) =
            linters.get(config_for(&options.config, &dir).as_deref(), &options.flags)
        else {
            *outcome = Outcome::empty();
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

/// Leaves out the orgs of files that another org includes: a fragment is
/// never also linted as an org of its own. (The org linted in a fragment's
/// place, [`lint_roots`], includes that fragment itself: it stays.)
pub(super) fn drop_fragments(results: &mut Vec<Linted<'_>>) {
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
