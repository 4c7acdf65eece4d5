//! Baselines: today's diagnostics recorded by rule, file, entity and key
//! (not by line, so unrelated edits keep them valid), hidden in later runs
//! so that only new problems are reported.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::{FileReport, Report};

/// The baseline file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

/// One recorded diagnostic kind, with how many there were.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    file: String,
    entity: Option<EntityJson>,
    key: String,
    count: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(deny_unknown_fields)]
struct EntityJson {
    kind: String,
    id: String,
}

type Key = (String, String, Option<EntityJson>, String);

/// A loaded baseline.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    counts: BTreeMap<Key, usize>,
}

/// Run failures are never baselined.
fn recordable(d: &Diagnostic) -> bool {
    !crate::ids::is_run_failure(&d.rule)
}

/// `path` relative to `base`, with `/`, lexically (both made absolute).
pub fn relative(path: &Path, base: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let normal = |p: PathBuf| -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                _ => {}
            }
        }
        parts
    };
    let (p, b) = (normal(absolute(path)), normal(absolute(base)));
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out: Vec<String> = std::iter::repeat_n("..".to_owned(), b.len() - common).collect();
    out.extend(p.into_iter().skip(common));
    out.join("/")
}

/// The identity of a diagnostic in a baseline.
fn key(dir: &Path, file: &FileReport, d: &Diagnostic) -> Key {
    let path = if file.source.path.starts_with('<') {
        file.source.path.clone()
    } else {
        relative(Path::new(&file.source.path), dir)
    };
    let key = if d.key.is_empty() && d.entity.is_none() {
        d.message.clone()
    } else {
        d.key.clone()
    };
    (
        d.rule.clone(),
        path,
        d.entity.as_ref().map(|e| EntityJson {
            kind: e.kind.as_str().to_owned(),
            id: e.id.clone(),
        }),
        key,
    )
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline `{}`: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "the baseline `{}` is not a valid baseline: {e}",
                path.display()
            )
        })?;
        if file.version != 1 {
            return Err(format!(
                "the baseline `{}` has version {}; this orglint reads version 1",
                path.display(),
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in file.entries {
            // Counts come from the file: they saturate rather than wrap.
            let count = counts.entry((e.rule, e.file, e.entity, e.key)).or_insert(0);
            *count = e.count.saturating_add(*count);
        }
        Ok(Baseline {
            dir: folder_of(path),
            counts,
        })
    }

    /// Hides the recorded diagnostics of these files; returns how many were
    /// hidden and how many entries of these files no longer occur.
    pub fn apply<'a>(&self, files: impl Iterator<Item = &'a mut FileReport>) -> (usize, usize) {
        let mut left = self.counts.clone();
        let mut hidden = 0;
        let mut linted = std::collections::HashSet::new();
        for file in files {
            let dir = &self.dir;
            linted.insert(if file.source.path.starts_with('<') {
                file.source.path.clone()
            } else {
                relative(Path::new(&file.source.path), dir)
            });
            let mut keep = Vec::with_capacity(file.diagnostics.len());
            for d in std::mem::take(&mut file.diagnostics) {
                if recordable(&d)
                    && let Some(n) = left.get_mut(&key(dir, file, &d)).filter(|n| **n > 0)
                {
                    *n -= 1;
                    hidden += 1;
                    continue;
                }
                keep.push(d);
            }
            file.diagnostics = keep;
        }
        let gone = left
            .iter()
            .filter(|(k, n)| **n > 0 && linted.contains(&k.1))
            .fold(0usize, |sum, (_, n)| sum.saturating_add(*n));
        (hidden, gone)
    }
}

/// Writes the report's diagnostics as a baseline at `path`; returns the
/// number of entries.
pub fn write(path: &Path, report: &Report) -> std::io::Result<usize> {
    let dir = folder_of(path);
    let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
    for (file, d) in report.diagnostics() {
        if recordable(d) {
            *counts.entry(key(&dir, file, d)).or_insert(0) += 1;
        }
    }
    let entries: Vec<Entry> = counts
        .into_iter()
        .map(|((rule, file, entity, key), count)| Entry {
            rule,
            file,
            entity,
            key,
            count,
        })
        .collect();
    let n = entries.len();
    let mut text = serde_json::to_string_pretty(&BaselineFile {
        version: 1,
        entries,
    })
    .map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::create_dir_all(&dir)?;
    crate::files::write_atomic(path, text.as_bytes())?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b/org.toml"), Path::new("/a")),
            "b/org.toml"
        );
        assert_eq!(
            relative(Path::new("/a/org.toml"), Path::new("/a/c")),
            "../org.toml"
        );
    }
}
