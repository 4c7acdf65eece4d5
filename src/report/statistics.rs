//! `--statistics`: how many diagnostics of each rule and severity, instead
//! of the diagnostics (as ruff's `--statistics`).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::escape::controls;
use crate::Report;
use crate::diagnostic::{FixSafety, Severity};

/// One row: a rule at one severity.
#[derive(Debug, Default)]
struct Row {
    count: usize,
    fixable: usize,
}

/// The rows, most frequent first, then by rule id and severity.
fn rows(report: &Report) -> Vec<((&str, Severity), Row)> {
    let mut rows: BTreeMap<(&str, Severity), Row> = BTreeMap::new();
    for (_, d) in report.diagnostics() {
        let row = rows.entry((d.rule.as_str(), d.severity)).or_default();
        row.count += 1;
        row.fixable += usize::from(d.fix.as_ref().is_some_and(|f| f.safety == FixSafety::Safe));
    }
    let mut rows: Vec<_> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// A table: count, fixable (with `--fix`), severity, rule.
pub fn write_text(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let rows = rows(report);
    let width = rows
        .iter()
        .map(|(_, r)| r.count.to_string().len())
        .max()
        .unwrap_or(1)
        .max("count".len());
    writeln!(out, "{:>width$}  fixable  severity  rule", "count")?;
    for ((rule, severity), row) in &rows {
        writeln!(
            out,
            "{:>width$}  {:>7}  {:<8}  {}",
            row.count,
            row.fixable,
            severity.to_string(),
            controls(rule)
        )?;
    }
    super::human::write_summary(out, report)
}

/// The same as a JSON array of `{"rule", "severity", "count", "fixable"}`.
pub fn write_json(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let rows: Vec<serde_json::Value> = rows(report)
        .into_iter()
        .map(|((rule, severity), row)| {
            serde_json::json!({
                "rule": rule,
                "severity": severity.to_string(),
                "count": row.count,
                "fixable": row.fixable,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}
