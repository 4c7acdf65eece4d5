//! `orglint diff --format human`: the change in a few lines, then the new
//! diagnostics and the fixed ones (located in BASE's text) with excerpts,
//! then a summary.

use std::io::{self, Write};

use super::escape::controls;
use super::{Style, plural};
use crate::diff::DiffReport;
use crate::diff::changes::EntityChanges;
use crate::{FileReport, Report};

fn line(out: &mut dyn Write, what: &str, kind: &EntityChanges) -> io::Result<()> {
    let parts: Vec<String> = [
        (kind.added.len(), "added"),
        (kind.removed.len(), "removed"),
        (kind.renamed.len(), "renamed"),
        (kind.moved.len(), "moved"),
        (kind.changed.len(), "changed"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, verb)| format!("{n} {verb}"))
    .collect();
    if parts.is_empty() {
        return Ok(());
    }
    writeln!(out, "{what}: {}", parts.join(", "))
}

/// At most this many lines of each list of the change are printed.
const LIST: usize = 20;

fn changes(out: &mut dyn Write, report: &DiffReport) -> io::Result<()> {
    let c = &report.changes;
    writeln!(
        out,
        "orglint diff {} -> {}",
        controls(&report.base),
        controls(&report.head)
    )?;
    writeln!(out)?;
    if c.is_empty() {
        writeln!(out, "no person or team changed")?;
    }
    line(out, "people", &c.people)?;
    line(out, "teams", &c.teams)?;
    let people = &c.people;
    let mut listed: Vec<String> = Vec::new();
    listed.extend(
        people
            .added
            .iter()
            .map(|n| format!("+ {} ({})", n.id, n.name)),
    );
    listed.extend(
        people
            .removed
            .iter()
            .map(|n| format!("- {} ({})", n.id, n.name)),
    );
    listed.extend(
        people
            .renamed
            .iter()
            .map(|r| format!("~ {} is now {}", r.from, r.to)),
    );
    listed.extend(people.moved.iter().map(|m| {
        format!(
            "> {}: {} -> {}",
            m.id,
            m.from.as_deref().unwrap_or("nobody"),
            m.to.as_deref().unwrap_or("nobody")
        )
    }));
    listed.extend(people.changed.iter().map(|ch| {
        format!(
            "* {} {}: {} -> {}",
            ch.id,
            ch.field,
            ch.before.as_deref().unwrap_or("none"),
            ch.after.as_deref().unwrap_or("none")
        )
    }));
    for entry in listed.iter().take(LIST) {
        writeln!(out, "  {}", controls(entry))?;
    }
    if listed.len() > LIST {
        writeln!(
            out,
            "  ... and {} more (use --format json for all)",
            listed.len() - LIST
        )?;
    }
    if !c.facts.is_empty() {
        writeln!(out)?;
        for f in c.facts.iter().take(LIST) {
            writeln!(out, "{}: {} -> {}", controls(&f.fact), f.before, f.after)?;
        }
        if c.facts.len() > LIST {
            writeln!(out, "... and {} more facts", c.facts.len() - LIST)?;
        }
    }
    writeln!(out)
}

fn as_report(files: &[FileReport]) -> Report {
    Report {
        files: files
            .iter()
            .map(|f| FileReport {
                source: f.source.clone(),
                diagnostics: f.diagnostics.clone(),
                omitted: 0,
                org: f.org.clone(),
            })
            .collect(),
        ..Report::default()
    }
}

/// Writes the diff for a terminal.
pub fn write(out: &mut dyn Write, report: &DiffReport, style: Style) -> io::Result<()> {
    changes(out, report)?;
    let quiet = Style {
        quiet: true,
        ..style
    };
    if !report.failures.is_empty() {
        super::human::write(out, &as_report(&report.failures), quiet)?;
    }
    if report.new_count() > 0 {
        writeln!(out, "new at {}:", controls(&report.head))?;
        super::human::write(out, &as_report(&report.new), quiet)?;
    }
    if report.fixed_count() > 0 {
        writeln!(out, "fixed (as they were at {}):", controls(&report.base))?;
        super::human::write(out, &as_report(&report.fixed), quiet)?;
    }
    if !style.quiet {
        writeln!(
            out,
            "{} new, {} fixed, {} unchanged in {}",
            plural(report.new_count(), "diagnostic"),
            report.fixed_count(),
            report.unchanged,
            plural(report.orgs, "org")
        )?;
    }
    Ok(())
}
