//! Reads a folder of one YAML file per person (GitLab's layout: one
//! sub-folder per first letter). The id is the file's name; the keys are
//! read from the parser's events, never from a loaded document, and an
//! alias is refused: no file can expand to billions of values (a "YAML
//! bomb"), and memory stays proportional to the files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use saphyr_parser::{Event, Parser, Span as YamlSpan};

use super::mapping::{Columns, Mapping};
use super::text::{header_key, strip_html};
use super::{Record, Scanned};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::BAD_ROW;
use crate::source::{Position, SourceFile, Span};

/// The largest file of one person read: far above any real one.
const MAX_FILE: u64 = 1 << 20;
/// How deep sub-folders are searched.
const MAX_DEPTH: usize = 16;

/// A value of a top-level key: a scalar, or a list of scalars.
enum Value {
    Scalar(String, Span),
    List(Vec<(String, Span)>),
    Other,
}

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

type Entries = Vec<(String, Span, Value)>;
type Refusal = (Span, &'static str, String, &'static str);

fn span(source: &SourceFile, s: &YamlSpan) -> Span {
    let at = |m: &saphyr_parser::Marker| {
        source.offset_of(Position {
            line: m.line(),
            column: m.col() + 1,
        })
    };
    let start = at(&s.start);
    start..at(&s.end).max(start)
}

/// The top-level keys of a file that holds one mapping, with their values.
fn keys(source: &SourceFile) -> Result<(Entries, Span), Refusal> {
    let mut parser = Parser::new_from_str(source.text());
    let not_mapping = |s: Span| {
        (
            s,
            "not a mapping",
            "the file is not a mapping of keys to values (one person); it is skipped".to_owned(),
            "a person's file holds `name:`, `reports_to:`, `role:` and so on",
        )
    };
    let mut next = || -> Result<(Event<'_>, Span), Refusal> {
        match parser.next_event() {
            Some(Ok((Event::Alias(_), s))) => {
                let s = span(source, &s);
                Err((s, "an alias", "the file uses an alias (`*name`); aliases are refused, so that no file expands to billions of values; it is skipped".to_owned(), "write the value out where the alias is"))
            }
            Some(Ok((event, s))) => Ok((event, span(source, &s))),
            Some(Err(err)) => {
                let m = err.marker();
                let at = source.offset_of(Position {
                    line: m.line(),
                    column: m.col() + 1,
                });
                Err((
                    at..at,
                    "here",
                    format!("the file is not valid YAML: {}; it is skipped", err.info()),
                    "fix the YAML syntax",
                ))
            }
            None => Err((
                0..0,
                "here",
                "the file ends early; it is skipped".to_owned(),
                "fix the YAML syntax",
            )),
        }
    };
    let mut start = 0..0;
    loop {
        match next()? {
            (Event::StreamStart | Event::DocumentStart(_) | Event::Nothing, _) => {}
            (Event::MappingStart(..), s) => {
                start = s;
                break;
            }
            (Event::StreamEnd, s) => return Err(not_mapping(s)),
            (_, s) => return Err(not_mapping(s)),
        }
    }
    let mut entries = Vec::new();
    loop {
        let (key, key_span) = match next()? {
            (Event::MappingEnd, _) => break,
            (Event::Scalar(k, ..), s) => (k.into_owned(), s),
            (_, s) => {
                skip(&mut next, 1)?;
                let _ = s;
                value(&mut next)?;
                continue;
            }
        };
        let v = value(&mut next)?;
        if entries.is_empty() {
            start = key_span.clone();
        }
        entries.push((key, key_span, v));
    }
    loop {
        match next()? {
            (Event::DocumentEnd | Event::Nothing, _) => {}
            (Event::StreamEnd, _) => return Ok((entries, start)),
            (_, s) => {
                return Err((
                    s,
                    "a second document",
                    "the file holds more than one document; it is skipped".to_owned(),
                    "keep one person per file",
                ));
            }
        }
    }
}

/// Skips the rest of a collection `depth` levels deep.
fn skip<'a>(
    next: &mut impl FnMut() -> Result<(Event<'a>, Span), Refusal>,
    mut depth: usize,
) -> Result<(), Refusal> {
    while depth > 0 {
        match next()?.0 {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth -= 1,
            Event::StreamEnd => return Ok(()),
            _ => {}
        }
    }
    Ok(())
}

fn value<'a>(
    next: &mut impl FnMut() -> Result<(Event<'a>, Span), Refusal>,
) -> Result<Value, Refusal> {
    Ok(match next()? {
        (Event::Scalar(v, ..), s) => Value::Scalar(v.into_owned(), s),
        (Event::SequenceStart(..), _) => {
            let mut items = Vec::new();
            loop {
                match next()? {
                    (Event::SequenceEnd, _) => break,
                    (Event::Scalar(v, ..), s) => items.push((v.into_owned(), s)),
                    (Event::MappingStart(..) | Event::SequenceStart(..), _) => skip(next, 1)?,
                    (Event::StreamEnd, _) => break,
                    _ => {}
                }
            }
            Value::List(items)
        }
        (Event::MappingStart(..), _) => {
            skip(next, 1)?;
            Value::Other
        }
        _ => Value::Other,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_mapping_is_a_person() {
        let file = SourceFile::new("a.yml", "- a\n- b\n".to_owned());
        assert!(keys(&file).is_err());
        let file = SourceFile::new(
            "a.yml",
            "name: Ada\ndepartments:\n  - R&D\n  - Eng\nmore: {a: [1, {b: 2}]}\n".to_owned(),
        );
        let (entries, _) = keys(&file).unwrap_or_default();
        assert_eq!(entries.len(), 3);
    }

    #[test]
    fn an_alias_is_refused() {
        let file = SourceFile::new("a.yml", "a: &a [x, x]\nb: [*a, *a]\n".to_owned());
        match keys(&file) {
            Err((span, ..)) => assert_eq!(&file.text()[span], "*a"),
            Ok(_) => panic!("an alias was accepted"),
        }
    }
}
