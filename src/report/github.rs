//! GitHub Actions workflow commands, so a pull request shows each diagnostic
//! on the line it is about.

use std::io::{self, Write};

use super::SHORT_LIMIT;
use super::escape::controls;
use crate::Report;
use crate::diagnostic::Severity;

/// Escapes a command's message (`%`, `\r`, `\n`). Text from an input
/// goes through [`controls`] first, so that the only line breaks are
/// orglint's own and no line of the output starts with `::` but the
/// commands orglint writes.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes one `::error`/`::warning`/`::notice` command per diagnostic (at
/// most [`SHORT_LIMIT`] and every run failure past it, then a notice with
/// the count of the rest).
pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut shown = 0;
    let mut omitted = 0;
    for (file, d) in report.diagnostics() {
        // Run failures are printed whatever the cap: they say why the
        // run failed.
        if shown >= SHORT_LIMIT && !crate::ids::is_run_failure(&d.rule) {
            omitted += 1;
            continue;
        }
        shown += 1;
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = vec![format!(
            "file={}",
            escape_property(&controls(&file.source.path))
        )];
        match &d.span {
            Some(span) => {
                let start = file.source.position(span.start);
                let end = file.source.position(span.end);
                properties.push(format!("line={}", start.line));
                properties.push(format!("col={}", start.column));
                if start.line == end.line {
                    properties.push(format!("endLine={}", end.line));
                    properties.push(format!("endColumn={}", end.column));
                }
            }
            None => properties.push("line=1,col=1".to_owned()),
        }
        properties.push(format!("title={}", escape_property(&controls(&d.rule))));
        let mut message = controls(&d.message).into_owned();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(&controls(help));
        }
        writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        )?;
    }
    if omitted > 0 {
        writeln!(
            out,
            "::notice::{} more diagnostics were left out; use SARIF for large changes",
            omitted
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
