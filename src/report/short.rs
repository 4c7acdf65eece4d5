//! `file:line:col: severity[rule]: message`, for editors and grep.

use std::io::{self, Write};

use super::escape::controls;
use super::{SHORT_LIMIT, Style};
use crate::Report;

/// Writes one line per diagnostic (at most [`SHORT_LIMIT`], and every run
/// failure past it), then how many were left out.
pub fn write(out: &mut dyn Write, report: &Report, style: Style) -> io::Result<()> {
    let mut shown = 0;
    let mut omitted = 0;
    // A group of diagnostics with one cause is one line: its first.
    for entry in super::group::entries(report, style.group) {
        let (file, diagnostic) = (entry.file, entry.first);
        // Run failures are printed whatever the cap: they say why the
        // run failed.
        if shown >= SHORT_LIMIT && !crate::ids::is_run_failure(&diagnostic.rule) {
            omitted += 1 + entry.more();
            continue;
        }
        shown += 1;
        let more = match entry.more() {
            0 => String::new(),
            n => format!(" (and {n} more)"),
        };
        let position = diagnostic
            .span
            .as_ref()
            .map(|s| file.source.position(s.start));
        let (line, column) = position.map_or((1, 1), |p| (p.line, p.column));
        writeln!(
            out,
            "{}:{line}:{column}: {}[{}]: {}{more}",
            controls(&file.source.path),
            diagnostic.severity,
            controls(&diagnostic.rule),
            controls(&diagnostic.message)
        )?;
    }
    if omitted > 0 {
        writeln!(
            out,
            "... and {} more diagnostics (use --format json for all)",
            omitted
        )?;
    }
    if !style.quiet {
        super::human::write_summary(out, report)?;
    }
    Ok(())
}
