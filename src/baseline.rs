//! Baselines: today's diagnostics recorded by rule, file, entity and key
//! (not by line, so unrelated edits keep them valid), hidden in later runs
//! so that only new problems are reported. An entry also records the value
//! its rule measured (a span of control, a size, a ratio), so that a problem
//! that got worse on the same entity is reported again.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Measured};
use crate::{FileReport, Report};

/// The baseline file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

/// One recorded diagnostic kind, with how many there were.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    file: String,
    entity: Option<EntityJson>,
    key: String,
    count: usize,
    /// The measured value (the worst of the entry's diagnostics), for rules
    /// that measure one; absent in baselines written before it existed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_as_integer"
    )]
    value: Option<f64>,
    /// From this date on (`YYYY-MM-DD`) the entry hides nothing: an
    /// exception granted for a while. Absent: it never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<String>,
}

/// Writes `14`, not `14.0`, for a whole value: what a reader expects of a
/// headcount or a span of control.
fn whole_as_integer<S: serde::Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        #[allow(clippy::cast_possible_truncation)]
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => s.serialize_i64(*v as i64),
        Some(v) => s.serialize_f64(*v),
        None => s.serialize_none(),
    }
}

/// The entity of a baseline entry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(deny_unknown_fields)]
pub struct EntityJson {
    /// `person` or `team`.
    pub kind: String,
    /// Its id.
    pub id: String,
}

type Key = (String, String, Option<EntityJson>, String);

/// A baseline entry that no longer occurs (or fewer times than recorded).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct GoneEntry {
    /// The rule id.
    pub rule: String,
    /// The file, relative to the baseline's folder.
    pub file: String,
    /// The entity, if the entry is about one.
    pub entity: Option<EntityJson>,
    /// The baseline key.
    pub key: String,
    /// How many of the recorded diagnostics no longer occur.
    pub count: usize,
}

/// What applying a baseline did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Diagnostics hidden.
    pub hidden: usize,
    /// Diagnostics that entries past their `until` would have hidden and
    /// no longer do.
    pub expired: usize,
    /// Entries of the linted files that no longer occur, in key order.
    pub gone: Vec<GoneEntry>,
}

/// A recorded count and the worst value measured.
type Recorded = (usize, Option<f64>);

/// A loaded baseline.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    counts: BTreeMap<Key, Recorded>,
    /// Entries with an `until`, by the date they stop hiding.
    expiring: Vec<(Date, Key, Recorded)>,
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

/// The identity of a diagnostic in a baseline: never its message, so that
/// rewording a message keeps baselines valid.
fn key(dir: &Path, file: &FileReport, d: &Diagnostic) -> Key {
    let path = identity(dir, file);
    (
        d.rule.clone(),
        path,
        d.entity.as_ref().map(|e| EntityJson {
            kind: e.kind.as_str().to_owned(),
            id: e.id.clone(),
        }),
        d.key.clone(),
    )
}

/// The file part of a baseline key: the org's root file relative to the
/// baseline's folder (standard input as named).
fn identity(dir: &Path, file: &FileReport) -> String {
    let path = file.identity();
    if path.starts_with('<') {
        path.to_owned()
    } else {
        relative(Path::new(path), dir)
    }
}

/// The key that older baselines gave an org-level diagnostic: its message.
/// Still matched, so that those baselines keep working.
fn legacy_key(mut key: Key, d: &Diagnostic) -> Option<Key> {
    (d.entity.is_none() && d.key != d.message).then(|| {
        key.3 = d.message.clone();
        key
    })
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

impl Baseline {
    /// Reads a baseline file; the error is the reason, without the path
    /// (the caller names the file).
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| crate::files::io_reason(&e))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("it is not a valid baseline file: {e}"))?;
        if file.version != 1 {
            return Err(format!(
                "it is a baseline of version {}; this orglint reads version 1",
                file.version
            ));
        }
        let mut counts: BTreeMap<Key, Recorded> = BTreeMap::new();
        let mut expiring = Vec::new();
        for (i, e) in file.entries.into_iter().enumerate() {
            let key = (e.rule, e.file, e.entity, e.key);
            if let Some(until) = &e.until {
                let until = Date::parse(until).map_err(|why| {
                    format!(
                        "it is not a valid baseline file: the `until` of entry {}: {why}",
                        i + 1
                    )
                })?;
                expiring.push((until, key, (e.count, e.value)));
                continue;
            }
            // Counts come from the file: they saturate rather than wrap.
            let slot = counts.entry(key).or_insert((0, None));
            slot.0 = e.count.saturating_add(slot.0);
            slot.1 = slot.1.or(e.value);
        }
        Ok(Baseline {
            dir: folder_of(path),
            counts,
            expiring,
        })
    }

    /// Hides the recorded diagnostics of these files, but those whose
    /// measured value is worse than the recorded one; returns how many were
    /// hidden and the entries of these files that no longer occur.
    /// Entries whose `until` is on or before `as_of` hide nothing; the
    /// diagnostics they would have hidden are counted in
    /// [`Applied::expired`].
    pub fn apply<'a>(
        &self,
        files: impl Iterator<Item = &'a mut FileReport>,
        as_of: Date,
    ) -> Applied {
        let mut left = self.counts.clone();
        let mut lapsed: BTreeMap<Key, usize> = BTreeMap::new();
        for (until, key, (count, value)) in &self.expiring {
            if *until <= as_of {
                let slot = lapsed.entry(key.clone()).or_default();
                *slot = slot.saturating_add(*count);
            } else {
                let slot = left.entry(key.clone()).or_insert((0, None));
                slot.0 = count.saturating_add(slot.0);
                slot.1 = slot.1.or(*value);
            }
        }
        let mut expired = 0;
        let mut hidden = 0;
        let mut linted = std::collections::HashSet::new();
        for file in files {
            let dir = &self.dir;
            linted.insert(identity(dir, file));
            let mut keep = Vec::with_capacity(file.diagnostics.len());
            for mut d in std::mem::take(&mut file.diagnostics) {
                if recordable(&d) {
                    let current = key(dir, file, &d);
                    let legacy = legacy_key(current.clone(), &d);
                    let slot = [Some(current), legacy]
                        .into_iter()
                        .flatten()
                        .find(|k| left.get(k).is_some_and(|(n, _)| *n > 0));
                    if let Some((n, recorded)) = slot.and_then(|k| left.get_mut(&k)) {
                        *n -= 1;
                        match (d.measured, *recorded) {
                            // Worse than recorded: a new problem on an old
                            // entity, reported with what was recorded.
                            (Some(m), Some(was)) if m.worse_than(was) => {
                                let note = format!(
                                    "the baseline recorded `{}` here",
                                    crate::templates::number_text(was)
                                );
                                d.help = Some(match d.help.take() {
                                    Some(help) => format!("{help}; {note}"),
                                    None => note,
                                });
                            }
                            _ => {
                                hidden += 1;
                                continue;
                            }
                        }
                    } else if let Some(n) = lapsed.get_mut(&key(dir, file, &d)).filter(|n| **n > 0)
                    {
                        // An expired entry: the diagnostic is shown again.
                        *n -= 1;
                        expired += 1;
                    }
                }
                keep.push(d);
            }
            file.diagnostics = keep;
        }
        let gone = left
            .into_iter()
            .chain(lapsed.into_iter().map(|(k, n)| (k, (n, None))))
            .filter(|(k, (n, _))| *n > 0 && linted.contains(&k.1))
            .map(|((rule, file, entity, key), (count, _))| GoneEntry {
                rule,
                file,
                entity,
                key,
                count,
            })
            .collect();
        Applied {
            hidden,
            expired,
            gone,
        }
    }
}

/// Writes the report's diagnostics as a baseline at `path`; returns the
/// number of entries.
/// `until`, when given, is written on every entry.
pub fn write(path: &Path, report: &Report, until: Option<Date>) -> std::io::Result<usize> {
    let dir = folder_of(path);
    let mut counts: BTreeMap<Key, (usize, Option<Measured>)> = BTreeMap::new();
    for (file, d) in report.diagnostics() {
        if recordable(d) {
            let slot = counts.entry(key(&dir, file, d)).or_insert((0, None));
            slot.0 += 1;
            // Several diagnostics under one key: the worst is recorded, so
            // that none of today's counts as worse tomorrow.
            if let Some(m) = d.measured.filter(|m| m.value.is_finite())
                && slot.1.is_none_or(|was| m.worse_than(was.value))
            {
                slot.1 = Some(m);
            }
        }
    }
    let entries: Vec<Entry> = counts
        .into_iter()
        .map(|((rule, file, entity, key), (count, measured))| Entry {
            rule,
            file,
            entity,
            key,
            count,
            value: measured.map(|m| m.value),
            until: until.map(|d| d.to_string()),
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

/// Records one more diagnostic of `file` in the baseline at `path`
/// (created when missing), keeping its other entries: an editor's "add to
/// baseline". The error says what is wrong, without the path.
pub fn add(path: &Path, file: &FileReport, d: &Diagnostic) -> Result<(), String> {
    let mut baseline = match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str::<BaselineFile>(&text)
            .map_err(|e| format!("it is not a valid baseline file: {e}"))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => BaselineFile {
            version: 1,
            entries: Vec::new(),
        },
        Err(e) => return Err(crate::files::io_reason(&e)),
    };
    if baseline.version != 1 {
        return Err(format!(
            "it is a baseline of version {}; this orglint writes version 1",
            baseline.version
        ));
    }
    if !recordable(d) {
        return Err("run failures are never baselined".to_owned());
    }
    let dir = folder_of(path);
    let (rule, file, entity, key) = key(&dir, file, d);
    let measured = d.measured.filter(|m| m.value.is_finite());
    let same = baseline.entries.iter_mut().find(|e| {
        e.until.is_none() && e.rule == rule && e.file == file && e.entity == entity && e.key == key
    });
    match same {
        Some(entry) => {
            entry.count = entry.count.saturating_add(1);
            if let Some(m) = measured
                && entry.value.is_none_or(|was| m.worse_than(was))
            {
                entry.value = Some(m.value);
            }
        }
        None => baseline.entries.push(Entry {
            rule,
            file,
            entity,
            key,
            count: 1,
            value: measured.map(|m| m.value),
            until: None,
        }),
    }
    // In the order `write` gives them, so that the file reads the same.
    baseline.entries.sort_by(|a, b| {
        (&a.rule, &a.file, &a.entity, &a.key).cmp(&(&b.rule, &b.file, &b.entity, &b.key))
    });
    let mut text = serde_json::to_string_pretty(&baseline).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::create_dir_all(&dir).map_err(|e| crate::files::io_reason(&e))?;
    crate::files::write_atomic(path, text.as_bytes()).map_err(|e| crate::files::io_reason(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worse_is_further_from_the_allowed_range() {
        let above = Measured {
            value: 14.0,
            higher_is_worse: true,
        };
        assert!(above.worse_than(13.0));
        assert!(!above.worse_than(14.0));
        assert!(!above.worse_than(15.0));
        let below = Measured {
            value: 0.1,
            higher_is_worse: false,
        };
        assert!(below.worse_than(0.2));
        assert!(!below.worse_than(0.1));
        assert!(!below.worse_than(0.05));
    }

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
