//! Which root includes a file that has no `[org]`: `orglint check
//! people/ada.toml` lints the org that file belongs to.

use std::path::{Path, PathBuf};

use super::source::{FileSource, normal};

/// What the search for a file's root found.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// The nearest root whose `include` matches the file.
    Including(PathBuf),
    /// No root includes the file; this is the nearest root with `include`
    /// patterns (named in the file's diagnostics).
    Nearby(PathBuf),
    /// No root with `include` patterns above the file.
    Nothing,
}

/// How many folders up a root is looked for.
const MAX_LEVELS: usize = 64;

/// The `include` patterns of a root file's text, if it has any.
fn patterns(text: &str) -> Vec<String> {
    // Most org files have no `include`: they are not parsed at all.
    if !text.contains("include") {
        return Vec::new();
    }
    let Ok(tree) = crate::parse::parse_toml(text) else {
        return Vec::new();
    };
    let org = tree.entries.iter().find(|(k, _)| k.name() == "org");
    let Some((
        _,
        crate::parse::tree::Val {
            kind: crate::parse::tree::Kind::Table(org),
            ..
        },
    )) = org
    else {
        return Vec::new();
    };
    let include = org.entries.iter().find(|(k, _)| k.name() == "include");
    match include.map(|(_, v)| &v.kind) {
        Some(crate::parse::tree::Kind::Array(items, false)) => items
            .iter()
            .filter_map(|i| match &i.kind {
                crate::parse::tree::Kind::String(s) => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The next folder up, spelled relative when `dir` is.
fn up(dir: &Path) -> Option<PathBuf> {
    // The top of the file system has nothing above it.
    normal(dir).parent()?;
    let only_parents = dir
        .components()
        .all(|c| matches!(c, std::path::Component::ParentDir));
    if dir.as_os_str().is_empty() || dir == Path::new(".") || only_parents {
        Some(dir.join(".."))
    } else {
        dir.parent().map(Path::to_path_buf)
    }
}

/// Looks for the root that includes `file`, from the file's folder up to
/// the top of its repository (the first folder with `.git`) or of the file
/// system; in each folder, `org.toml` and `*.org.toml` in name order.
pub fn find(file: &Path, files: &dyn FileSource) -> Found {
    let target = normal(file);
    let mut nearby = None;
    let mut dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    for _ in 0..MAX_LEVELS {
        let at = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.clone()
        };
        let mut candidates: Vec<PathBuf> = files
            .list(&at, Some(1), &at)
            .files
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| super::is_org_file(&n.to_string_lossy()))
            })
            .collect();
        candidates.sort();
        let folder = normal(&at);
        for candidate in candidates {
            if normal(&candidate) == target {
                continue;
            }
            let Ok(bytes) = files.read(&candidate) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let patterns = patterns(text.trim_start_matches('\u{feff}'));
            if patterns.is_empty() {
                continue;
            }
            let Ok(rel) = target.strip_prefix(&folder) else {
                continue;
            };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            if patterns.iter().any(|p| super::include::matches(p, &rel)) {
                return Found::Including(strip_dot(&dir, &candidate));
            }
            nearby.get_or_insert_with(|| strip_dot(&dir, &candidate));
        }
        if files.is_file(&at.join(".git")) || at.join(".git").is_dir() {
            break;
        }
        match up(&dir) {
            Some(next) => dir = next,
            None => break,
        }
    }
    nearby.map_or(Found::Nothing, Found::Nearby)
}

/// A candidate listed from `.` is `./org.toml`: reported as `org.toml`.
fn strip_dot(dir: &Path, candidate: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() {
        candidate
            .strip_prefix(".")
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| candidate.to_path_buf())
    } else {
        candidate.to_path_buf()
    }
}
