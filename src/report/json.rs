//! The version-1 JSON output: a stable contract that users snapshot.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use crate::{FileReport, Report};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Diagnostics<'a>,
}

/// The diagnostics, serialized one by one as they are converted: the
/// document is never held whole in memory.
struct Diagnostics<'a>(&'a Report);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.diagnostics().map(|(f, d)| diagnostic(f, d)))
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_gone: Option<usize>,
    /// The entries counted in `baseline_gone`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_gone_entries: Option<Vec<crate::baseline::GoneEntry>>,
    /// Diagnostics shown again because their baseline entry's `until` came.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_expired: Option<usize>,
    /// Only when diagnostics were left out past the bound on each rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    omitted: Option<usize>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    entity: Option<Entity<'a>>,
    labels: Vec<JsonLabel<'a>>,
    /// Only when labels were left out past the bound on each diagnostic.
    #[serde(skip_serializing_if = "Option::is_none")]
    labels_omitted: Option<usize>,
    fix: Option<JsonFix<'a>>,
    /// The cause shared with other diagnostics (additive in version 1).
    group: Option<&'a str>,
}

#[derive(Serialize)]
struct Entity<'a> {
    kind: &'static str,
    id: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    safety: &'static str,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

/// 1-based start and exclusive end of a span.
fn range(source: &SourceFile, span: &Span) -> (usize, usize, usize, usize) {
    let start = source.position(span.start);
    let end = source.position(span.end);
    (start.line, start.column, end.line, end.column)
}

fn diagnostic<'a>(file: &'a FileReport, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let source = &file.source;
    let primary = d.span.as_ref().map(|s| range(source, s));
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        file: &source.path,
        line: primary.map(|p| p.0),
        column: primary.map(|p| p.1),
        end_line: primary.map(|p| p.2),
        end_column: primary.map(|p| p.3),
        entity: d.entity.as_ref().map(|e| Entity {
            kind: e.kind.as_str(),
            id: &e.id,
        }),
        labels: d
            .labels
            .iter()
            .map(|label| {
                let label_source = label.file.as_deref().unwrap_or(source);
                let (line, column, end_line, end_column) = range(label_source, &label.span);
                JsonLabel {
                    message: &label.message,
                    file: label.file.as_ref().map(|f| f.path.as_str()),
                    line,
                    column,
                    end_line,
                    end_column,
                }
            })
            .collect(),
        group: d.group.as_ref().map(|g| g.key.as_str()),
        labels_omitted: (d.labels_omitted > 0).then_some(d.labels_omitted),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            safety: fix.safety.as_str(),
            message: &fix.message,
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (line, column, end_line, end_column) = range(source, &edit.span);
                    JsonEdit {
                        line,
                        column,
                        end_line,
                        end_column,
                        replacement: &edit.replacement,
                    }
                })
                .collect(),
        }),
    }
}

/// Writes the whole report as one JSON object (never truncated), streamed.
pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let document = Document {
        version: 1,
        summary: Summary {
            files: report.files_read,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            fixable: report.fixable(),
            baselined: report.baseline_used.then_some(report.baselined),
            baseline_gone: report.baseline_used.then_some(report.baseline_gone),
            baseline_gone_entries: report
                .baseline_used
                .then(|| report.baseline_gone_entries.clone()),
            baseline_expired: report.baseline_used.then_some(report.baseline_expired),
            omitted: Some(report.omitted()).filter(|n| *n > 0),
        },
        diagnostics: Diagnostics(report),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// Diagnostics with their files, written as `check` writes each (for other
/// documents that list diagnostics, such as `orglint diff`'s).
pub struct DiagnosticList<'a>(pub Vec<(&'a FileReport, &'a Diagnostic)>);

impl Serialize for DiagnosticList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|(f, d)| diagnostic(f, d)))
    }
}
