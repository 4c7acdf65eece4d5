//! Reads a folder of one YAML file per person (GitLab's layout: one
//! sub-folder per first letter). The id is the file's name; the keys are
//! read from the parser's events, never from a loaded document, and an
//! alias is refused: no file can expand to billions of values (a "YAML
//! bomb"), and memory stays proportional to the files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::mapping::{Columns, Mapping};
use super::text::{header_key, strip_html};
use super::yaml_events::{Entries, Value, keys};
use super::{Record, Scanned};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::BAD_ROW;
use crate::source::{SourceFile, Span};

/// The largest file of one person read: far above any real one.
const MAX_FILE: u64 = 1 << 20;
/// How deep sub-folders are searched.
const MAX_DEPTH: usize = 16;

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yml" || e == "yaml")
}

/// The YAML files below `dir`, sorted by path; how many other files.
fn files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>, skipped: &mut usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() && depth < MAX_DEPTH => files(&path, depth + 1, out, skipped),
            Ok(t) if t.is_file() && is_yaml(&path) => out.push(path),
            _ => *skipped += 1,
        }
    }
}

/// Reads every YAML file below `dir`.
pub(crate) fn read(dir: &Path, columns: &Columns, mapping: &Mapping) -> Scanned {
    let mut scanned = Scanned {
        unit: "file",
        stem: dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Imported org".to_owned()),
        fields: mapping.fields.iter().map(|(k, _)| k.clone()).collect(),
        ..Default::default()
    };
    if !mapping.fields.iter().any(|(k, _)| k == "email") {
        scanned.fields.push("email".to_owned());
    }
    let shown = crate::files::display_path(dir);
    let fatal = |scanned: &mut Scanned, message: String, help: &str| {
        scanned
            .sources
            .push(Arc::new(SourceFile::new(shown.clone(), String::new())));
        let d =
            Diagnostic::unlocated(crate::ids::IO_ERROR, Severity::Error, message).with_help(help);
        scanned.push(scanned.sources.len() - 1, d);
        scanned.fatal = true;
    };
    if !dir.is_dir() {
        let why = if dir.exists() {
            "it is not a folder"
        } else {
            "no such folder"
        };
        fatal(
            &mut scanned,
            format!("cannot read `{shown}`: {why}"),
            "`orglint import yaml` reads a folder of one YAML file per person; `orglint import csv` reads a file",
        );
        return scanned;
    }
    let mut paths = Vec::new();
    files(dir, 0, &mut paths, &mut scanned.skipped);
    paths.sort();
    if paths.is_empty() {
        fatal(
            &mut scanned,
            format!("no `*.yml` or `*.yaml` file in `{shown}`"),
            "name the folder that holds one YAML file per person",
        );
        return scanned;
    }
    for path in paths {
        read_file(&path, columns, mapping, &mut scanned);
    }
    scanned
}

fn read_file(path: &Path, columns: &Columns, mapping: &Mapping, scanned: &mut Scanned) {
    use std::io::Read;
    let shown = crate::files::display_path(path);
    let file = scanned.sources.len();
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes));
    let bad = |scanned: &mut Scanned, span: Span, label: &str, message: String, help: &str| {
        let d = Diagnostic::at(BAD_ROW, Severity::Error, span, label, message).with_help(help);
        scanned.push(file, d);
    };
    if let Err(err) = read {
        scanned
            .sources
            .push(Arc::new(SourceFile::new(shown.clone(), String::new())));
        let d = Diagnostic::unlocated(
            BAD_ROW,
            Severity::Error,
            format!(
                "cannot read `{shown}`: {}; it is skipped",
                crate::files::io_reason(&err)
            ),
        );
        scanned.push(file, d);
        return;
    }
    if bytes.len() as u64 > MAX_FILE {
        scanned
            .sources
            .push(Arc::new(SourceFile::new(shown, String::new())));
        let d = Diagnostic::unlocated(
            BAD_ROW,
            Severity::Error,
            "the file is larger than 1 MiB, which no person's file is; it is skipped".to_owned(),
        );
        scanned.push(file, d);
        return;
    }
    let source = match SourceFile::decode(shown, bytes) {
        Ok(source) => Arc::new(source),
        Err((source, err)) => {
            let offset = source.original_offset(err.span.start);
            scanned.sources.push(Arc::new(source));
            bad(
                scanned,
                err.span,
                "not UTF-8",
                format!(
                    "{} at byte offset {offset}; the file is skipped",
                    err.message
                ),
                "save the file as UTF-8",
            );
            return;
        }
    };
    scanned.sources.push(source.clone());
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match keys(&source) {
        Ok((entries, start)) => {
            let record = record(
                file,
                &source,
                id,
                start,
                &entries,
                columns,
                mapping,
                &scanned.fields,
            );
            scanned.records.push(record);
        }
        Err((span, label, message, help)) => bad(scanned, span, label, message, help),
    }
}

/// A scalar that says something (not empty, not YAML's null).
fn text(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty() && v != "~" && v != "null").then_some(v)
}

#[allow(clippy::too_many_arguments)]
fn record(
    file: usize,
    source: &SourceFile,
    id: String,
    start: Span,
    entries: &Entries,
    columns: &Columns,
    mapping: &Mapping,
    fields: &[String],
) -> Record {
    let find = |field: &str, defaults: &[&str]| -> Option<&(String, Span, Value)> {
        let wanted: Vec<String> = match columns.get(field) {
            Some(key) => vec![header_key(key)],
            None => defaults.iter().map(|d| header_key(d)).collect(),
        };
        wanted
            .iter()
            .find_map(|w| entries.iter().find(|(k, _, _)| header_key(k) == *w))
    };
    let scalar = |field: &str, defaults: &[&str]| match find(field, defaults) {
        Some((_, _, Value::Scalar(v, s))) => text(v).map(|t| (t.to_owned(), s.clone())),
        _ => None,
    };
    let (id, id_span) = match scalar("id", &[]) {
        Some((v, s)) => (v, s),
        None => (id, start.clone()),
    };
    let name = scalar("name", &["name"]).map(|(n, _)| n).or_else(|| {
        let first = scalar("preferred-name", &[]).or_else(|| scalar("first-name", &[]));
        let parts: Vec<String> = first
            .into_iter()
            .chain(scalar("last-name", &[]))
            .map(|(p, _)| p)
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    let departments = match find("department", &["departments", "department"]) {
        Some((_, _, Value::List(items))) => items
            .iter()
            .filter_map(|(v, s)| text(v).map(|t| (strip_html(t), s.clone())))
            .collect(),
        Some((_, _, Value::Scalar(v, s))) => text(v)
            .map(|t| (strip_html(t), s.clone()))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    let extra = fields
        .iter()
        .enumerate()
        .filter_map(|(k, field)| {
            let key = mapping
                .fields
                .iter()
                .find(|(f, _)| f == field)
                .map_or(field.as_str(), |(_, c)| c.as_str());
            let found = if field == "email" && !mapping.fields.iter().any(|(f, _)| f == "email") {
                scalar("email", &["email"])
            } else {
                scalar(key, &[key])
            };
            found.map(|(v, _)| (k, v))
        })
        .collect();
    Record {
        file,
        line: source.position(start.start).line,
        id,
        id_span,
        name,
        title: scalar("title", &["role", "title", "job_title"])
            .map(|(t, _)| strip_html(&t))
            .filter(|t| !t.is_empty()),
        manager: scalar("manager", &["reports_to", "manager"]),
        departments,
        extra,
    }
}
