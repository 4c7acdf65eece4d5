//! `file:line:col: severity[rule]: message`, for editors and grep.

use std::io::{self, Write};

use super::{SHORT_LIMIT, Style};
use crate::Report;

/// Writes one line per diagnostic (at most [`SHORT_LIMIT`]), then how many
/// were left out.
pub fn write(out: &mut dyn Write, report: &Report, style: Style) -> io::Result<()> {
    let mut total = 0;
    for (file, diagnostic) in report.diagnostics() {
        total += 1;
        if total > SHORT_LIMIT {
            continue;
        }
        let position = diagnostic
            .span
            .as_ref()
            .map(|s| file.source.position(s.start));
        let (line, column) = position.map_or((1, 1), |p| (p.line, p.column));
        let message = diagnostic.message.replace(['\n', '\r'], " ");
        writeln!(
            out,
            "{}:{line}:{column}: {}[{}]: {message}",
            file.source.path, diagnostic.severity, diagnostic.rule
        )?;
    }
    if total > SHORT_LIMIT {
        writeln!(
            out,
            "... and {} more diagnostics (use --format json for all)",
            total - SHORT_LIMIT
        )?;
    }
    if !style.quiet {
        super::human::write_summary(out, report)?;
    }
    Ok(())
}
