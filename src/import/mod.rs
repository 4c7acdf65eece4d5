//! `orglint import`: turns an HR export (a CSV or TSV file, or a folder of
//! one YAML file per person) into an org file. What cannot be mapped is a
//! diagnostic located in the export itself, so that the report module shows
//! it with an excerpt of the row or file, as it shows problems of org files.

mod build;
mod builtin;
mod columns;
mod csv;
mod departments;
pub mod mapping;
mod starter;
mod text;
mod write;
mod yaml;
mod yaml_events;

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};
use crate::ids;
use crate::source::{SourceFile, Span};
use crate::{FileReport, Report};

pub use mapping::STARTER as STARTER_MAPPING;

/// What to import.
#[derive(Clone, Debug)]
pub enum Input {
    /// A CSV or TSV file; `-` reads standard input.
    Csv(PathBuf),
    /// A folder of one YAML file per person, searched recursively.
    Yaml(PathBuf),
}

/// Where the org goes.
#[derive(Clone, Debug)]
pub enum Output {
    /// One org file on standard output.
    Stdout,
    /// One org file.
    File(PathBuf),
    /// A root `org.toml` and one fragment per person under `people/`.
    Split(PathBuf),
}

/// Everything `orglint import` is told.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The export.
    pub input: Input,
    /// A mapping file (`--mapping`).
    pub mapping: Option<PathBuf>,
    /// `--column field=Header` overrides, as typed.
    pub columns: Vec<String>,
    /// Where to write.
    pub output: Output,
    /// Replace existing files.
    pub force: bool,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Imported {
    /// The diagnostics, in the files of the export (and of the mapping).
    pub report: Report,
    /// The org's text, when it goes to standard output.
    pub stdout: Option<String>,
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// How many people the org has.
    pub people: usize,
    /// Whether anything was written (or printed).
    pub wrote: bool,
}

impl Imported {
    /// 0: written without errors in the data; 1: written, with errors in
    /// the data; 2: nothing could be written.
    pub fn exit_code(&self) -> u8 {
        if !self.wrote || self.report.run_failed {
            2
        } else {
            u8::from(self.report.count(Severity::Error) > 0)
        }
    }
}

/// One person as read from the export, before ids are rewritten.
#[derive(Clone, Debug, Default)]
pub(crate) struct Record {
    /// Index of its file in [`Scanned::sources`].
    pub file: usize,
    /// 1-based line where the row or the file's mapping starts.
    pub line: usize,
    /// The id as written, trimmed.
    pub id: String,
    /// Where the id is (the file name's stem has no span: the mapping's start).
    pub id_span: Span,
    pub name: Option<String>,
    pub title: Option<String>,
    /// The manager's id as written, and where.
    pub manager: Option<(String, Span)>,
    /// Department tags, each with where it is written.
    pub departments: Vec<(String, Span)>,
    /// Custom fields, by index into the mapping's fields.
    pub extra: Vec<(usize, String)>,
}

/// What a reader found in the export.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    pub sources: Vec<Arc<SourceFile>>,
    pub records: Vec<Record>,
    /// Diagnostics with the index of their file.
    pub diagnostics: Vec<(usize, Diagnostic)>,
    /// Nothing can be imported (no header, not UTF-8, an unreadable path).
    pub fatal: bool,
    /// The export's name, for `[org] name` when the mapping gives none.
    pub stem: String,
    /// Files of the folder that are not YAML and were left alone.
    pub skipped: usize,
    /// The keys of the custom fields, in the order of [`Record::extra`].
    pub fields: Vec<String>,
    /// What one record is read from: `row` or `file`.
    pub unit: &'static str,
}

impl Scanned {
    pub(crate) fn push(&mut self, file: usize, diagnostic: Diagnostic) {
        self.diagnostics.push((file, diagnostic));
    }
}

/// What `orglint explain` says about an import diagnostic: its severity,
/// summary and rationale.
pub fn explain(rule: &str) -> Option<(Severity, &'static str, &'static str)> {
    Some(match rule {
        ids::MISSING_MANAGER => (
            Severity::Warning,
            "a manager id that no row or file of the export has",
            "The org keeps the dangling `reports-to` (never resolved, never invented), so `orglint check` reports it as `unknown-reference` until the manager is added to the export or the rows are fixed. Reported once per missing id, with how many people report to it.",
        ),
        ids::UNMAPPED_DEPARTMENT => (
            Severity::Warning,
            "a department tag that maps to no function",
            "A department spelled like a known function maps to it; any other needs a rule in the mapping file (`orglint import mapping` prints a starter). Reported once per tag of the people left without a function, so that one mapping line fixes each.",
        ),
        ids::RENAMED_ID => (
            Severity::Info,
            "an id rewritten to match the id pattern",
            "Org ids match `^[a-z0-9][a-z0-9._-]*$`. Other ids are lower-cased, stripped of accents and their other characters turned into `-`; references to them are rewritten the same way, and a collision gets a numbered suffix.",
        ),
        ids::SELF_REPORT => (
            Severity::Error,
            "a person whose manager is that person",
            "HR systems often list the top of the org as its own manager. The person is written without `reports-to`, which makes them a root.",
        ),
        ids::DUPLICATE_ROW_ID => (
            Severity::Error,
            "a second row or file with an id already read",
            "Ids must be unique: the first row wins and the later one is skipped.",
        ),
        ids::MISSING_ROW_ID => (
            Severity::Error,
            "a row or file without an id",
            "A person without an id cannot be referenced: the row is skipped.",
        ),
        ids::VACANCY_ROW => (
            Severity::Info,
            "a row that is an open position, not a person",
            "HR exports list open requisitions as rows (`Vacant`, `TBH`, `Open Req`). A row whose name or title says so is written as `[vacancies.<id>]` (title, `reports-to`, `function`), so that it counts as an open position in spans of control and never as a person in sizes and ratios. In an org of many files (`--split`) vacancies stay in the root file.",
        ),
        ids::NAME_IS_TITLE => (
            Severity::Warning,
            "a person whose name is their job title",
            "A name that is the job title (`Head of Sales`) is a placeholder or a role account, not a person: the row is imported as a person, but the name should be fixed in the export, or the row removed if nobody holds the job.",
        ),
        ids::BAD_ROW => (
            Severity::Error,
            "a ragged or undecodable row, or a file that cannot be read",
            "A row with more or fewer cells than the header is skipped; a file that is not UTF-8, or a YAML file that is not one mapping, imports nothing.",
        ),
        _ => return None,
    })
}

/// Runs an import: reads, maps, writes, and reports what could not be mapped.
pub fn import(options: &ImportOptions) -> Imported {
    let mut imported = Imported::default();
    let mapping = match options.mapping.as_deref().map(mapping::load).transpose() {
        Ok(mapping) => mapping.unwrap_or_default(),
        Err(files) => {
            imported.report.files = files;
            imported.report.run_failed = true;
            return imported;
        }
    };
    let columns = match mapping::columns(&mapping, &options.columns) {
        Ok(columns) => columns,
        Err(message) => return failed(imported, "<command line>", message, None),
    };
    let mut scanned = match &options.input {
        Input::Csv(path) => csv::read(path, &columns, &mapping),
        Input::Yaml(dir) => yaml::read(dir, &columns, &mapping),
    };
    if scanned.records.is_empty() && !scanned.fatal {
        // An org without people helps no one: say so rather than write it.
        let d = Diagnostic::unlocated(
            ids::BAD_ROW,
            Severity::Error,
            format!(
                "no {} of the export could be read as a person; nothing was written",
                scanned.unit
            ),
        )
        .with_help("fix the problems above, or check that this is the export");
        scanned.push(0, d);
        scanned.fatal = true;
    }
    let mut org = build::build(&scanned, &mapping);
    imported.people = org.people.len();
    imported.report = report(&scanned, std::mem::take(&mut org.diagnostics));
    imported.report.files_read = scanned.sources.len();
    if scanned.fatal {
        imported.report.run_failed = true;
        return imported;
    }
    let name = write::Head {
        name: mapping.org_name.clone().unwrap_or(scanned.stem.clone()),
        structure: mapping.structure.clone(),
    };
    match write::write(&org, &name, &options.output, options.force) {
        Ok(done) => {
            imported.wrote = true;
            imported.stdout = done.stdout;
            imported.written = done.written;
        }
        Err((path, message, help)) => {
            let failure = failed(Imported::default(), &path, message, help);
            imported.report.files.extend(failure.report.files);
            imported.report.run_failed = true;
        }
    }
    imported
}

/// An import that failed before anything was read or written: one
/// `io-error` about `path`.
fn failed(mut imported: Imported, path: &str, message: String, help: Option<String>) -> Imported {
    let mut diagnostic = Diagnostic::unlocated(ids::IO_ERROR, Severity::Error, message);
    diagnostic.help = help;
    imported.report.files.push(FileReport {
        source: Arc::new(SourceFile::new(path, String::new())),
        diagnostics: vec![diagnostic],
        omitted: 0,
        org: None,
    });
    imported.report.run_failed = true;
    imported
}

/// The report: one entry per file of the export that has diagnostics, in
/// the order the files were read.
fn report(scanned: &Scanned, built: Vec<(usize, Diagnostic)>) -> Report {
    let mut per_file: Vec<Vec<Diagnostic>> = vec![Vec::new(); scanned.sources.len()];
    for (file, diagnostic) in scanned.diagnostics.iter().cloned().chain(built) {
        if let Some(list) = per_file.get_mut(file) {
            list.push(diagnostic);
        }
    }
    let files = scanned
        .sources
        .iter()
        .zip(per_file)
        .filter(|(_, d)| !d.is_empty())
        .map(|(source, mut diagnostics)| {
            crate::sort_diagnostics(&mut diagnostics);
            FileReport {
                source: source.clone(),
                diagnostics,
                omitted: 0,
                org: None,
            }
        })
        .collect();
    Report {
        files,
        ..Default::default()
    }
}
