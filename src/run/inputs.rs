//! The inputs of a run: the paths given, the org files found in folders,
//! and reading each one.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::files::{display_path, io_reason};

/// One input of a run.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Input {
    /// Standard input.
    Stdin,
    /// A file, given or found under a given folder.
    File(PathBuf),
}

pub use crate::load::is_org_file;

/// The org files under `dir`: hidden files included except `.git/`,
/// `.gitignore` and `.ignore` honoured even outside a git repository,
/// symlinks not followed, sorted.
fn walk(dir: &Path, failures: &mut Vec<(String, String)>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .parents(true)
        .ignore(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_org_file(&entry.file_name().to_string_lossy()) {
                    found.push(entry.into_path());
                }
            }
            Err(err) => failures.push((display_path(dir), err.to_string())),
        }
    }
    found.sort();
    found
}

/// The files to lint for the paths given (`.` when none).
pub(super) fn inputs(
    paths: &[PathBuf],
    failures: &mut Vec<(String, String)>,
) -> (Vec<Input>, bool) {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Vec::new();
    let mut searched_folder = false;
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            searched_folder = true;
            inputs.extend(walk(path, failures).into_iter().map(Input::File));
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    // `x`, `./x` and `/abs/x` are one file: linted once, reported under
    // the first spelling.
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| {
        seen.insert(match i {
            Input::File(path) => Input::File(path.canonicalize().unwrap_or_else(|_| path.clone())),
            Input::Stdin => Input::Stdin,
        })
    });
    (inputs, searched_folder)
}

/// Reads a path (or standard input for `-`).
pub(super) fn read(path: &Path, stdin_name: &str) -> Result<(String, Vec<u8>), (String, String)> {
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
