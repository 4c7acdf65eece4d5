//! The version-1 JSON document of `orglint diff` (docs/json-output.md):
//! the summary, the change entity by entity, the facts, and the new and
//! fixed diagnostics, each written as `check` writes one. Every list is
//! sorted.

use std::io::{self, Write};

use serde::Serialize;

use crate::FileReport;
use crate::diff::{Changes, DiffReport};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    changes: &'a Changes,
    diagnostics: Diagnostics,
}

#[derive(Serialize)]
struct Summary {
    new: usize,
    fixed: usize,
    unchanged: usize,
    orgs: usize,
}

#[derive(Serialize)]
struct Diagnostics {
    new: Vec<serde_json::Value>,
    fixed: Vec<serde_json::Value>,
}

/// Every diagnostic of `files`, in file and then output order, run
/// failures included.
fn listed(files: &[FileReport]) -> Vec<serde_json::Value> {
    let mut files: Vec<&FileReport> = files.iter().collect();
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    files
        .into_iter()
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .map(move |d| super::json::diagnostic_value(f, d))
        })
        .collect()
}

/// Writes the diff as one JSON object.
pub fn write(out: &mut dyn Write, report: &DiffReport) -> io::Result<()> {
    let mut new = report.new.iter().collect::<Vec<_>>();
    new.extend(report.failures.iter());
    let new: Vec<FileReport> = new
        .into_iter()
        .map(|f| FileReport {
            source: f.source.clone(),
            diagnostics: f.diagnostics.clone(),
            omitted: 0,
            org: f.org.clone(),
        })
        .collect();
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
            new: listed(&new),
            fixed: listed(&report.fixed),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
