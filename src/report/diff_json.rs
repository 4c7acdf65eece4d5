//! The version-1 JSON document of `orglint diff` (docs/json-output.md):
//! the summary, the change entity by entity, the facts, and the new and
//! fixed diagnostics, each written as `check` writes one. Every list is
//! sorted.

use std::io::{self, Write};

use serde::Serialize;

use super::json::DiagnosticList;
use crate::FileReport;
use crate::diff::{Changes, DiffReport};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    changes: &'a Changes,
    diagnostics: Diagnostics<'a>,
}

#[derive(Serialize)]
struct Summary {
    new: usize,
    fixed: usize,
    unchanged: usize,
    orgs: usize,
}

#[derive(Serialize)]
struct Diagnostics<'a> {
    new: DiagnosticList<'a>,
    fixed: DiagnosticList<'a>,
}

/// Every diagnostic of `files`, in file and then output order, run
/// failures included.
fn listed<'a>(files: impl Iterator<Item = &'a FileReport>) -> DiagnosticList<'a> {
    let mut files: Vec<&FileReport> = files.collect();
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    DiagnosticList(
        files
            .into_iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
            .collect(),
    )
}

/// Writes the diff as one JSON object.
pub fn write(out: &mut dyn Write, report: &DiffReport) -> io::Result<()> {
    let document = Document {
        version: 1,
        summary: Summary {
            new: report.new_count(),
            fixed: report.fixed_count(),
            unchanged: report.unchanged,
            orgs: report.orgs,
        },
        changes: &report.changes,
        diagnostics: Diagnostics {
            new: listed(report.new.iter().chain(&report.failures)),
            fixed: listed(report.fixed.iter()),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
