//! `orglint diff --format markdown`: a pull-request comment or a job
//! summary. A short table of the change and the new problems, the details
//! in `<details>` blocks. Every value that comes from the org (ids, names,
//! titles, paths, messages) is escaped, so that a pull request cannot
//! inject Markdown or HTML (a link, an image, a mention, a closing tag);
//! the whole stays under GitHub's 65,536-character limit on a comment,
//! with a line saying what was left out.

use std::io::{self, Write};

use crate::diagnostic::Severity;
use crate::diff::DiffReport;
use crate::diff::changes::EntityChanges;

/// GitHub's limit on a comment (and a job summary step), in characters.
pub const LIMIT: usize = 65_536;

/// Room kept for the closing line that says what was left out.
const RESERVE: usize = 600;

/// How many new problems the summary table lists; the rest are in a
/// `<details>` block.
const SHORT_LIST: usize = 10;

/// `text` safe in a Markdown table cell: ASCII punctuation escaped with a
/// backslash, `<`, `>`, `&`, `@` and `#` as character references (no tag,
/// no mention, no issue link), line breaks and controls as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("&#64;"),
            '#' => out.push_str("&#35;"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` as inline code when it is safe as one (no backtick, no line
/// break), else escaped.
fn code(text: &str) -> String {
    if text.is_empty()
        || text.contains(['`', '\n', '\r', '|'])
        || text.chars().any(char::is_control)
    {
        escape(text)
    } else {
        format!("`{text}`")
    }
}

fn opt(value: Option<&String>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| code(v))
}

/// The document, built section by section within the limit.
struct Doc {
    text: String,
    /// `text`'s length in characters, kept as it grows.
    chars: usize,
    left_out: Vec<String>,
}

impl Doc {
    fn room(&self) -> usize {
        LIMIT.saturating_sub(RESERVE).saturating_sub(self.chars)
    }

    fn push(&mut self, text: &str) -> bool {
        let n = text.chars().count();
        if n > self.room() {
            return false;
        }
        self.text.push_str(text);
        self.chars += n;
        true
    }

    /// A table in a `<details>` block, as many rows as fit.
    fn details(&mut self, summary: &str, header: &str, rows: Vec<String>) {
        if rows.is_empty() {
            return;
        }
        let total = rows.len();
        let open = format!("<details><summary>{summary} ({total})</summary>\n\n{header}");
        let close = "\n</details>\n\n";
        if open.chars().count() + close.len() > self.room() {
            self.left_out.push(format!("{summary} ({total})"));
            return;
        }
        self.push(&open);
        let mut shown = 0;
        for row in rows {
            if row.chars().count() + close.len() > self.room() {
                break;
            }
            self.push(&row);
            shown += 1;
        }
        self.push(close);
        if shown < total {
            self.left_out
                .push(format!("{} of {summary}", total - shown));
        }
    }
}

fn counts(kind: &EntityChanges) -> [usize; 5] {
    [
        kind.added.len(),
        kind.removed.len(),
        kind.renamed.len(),
        kind.moved.len(),
        kind.changed.len(),
    ]
}

/// Writes the diff as Markdown.
pub fn write(out: &mut dyn Write, report: &DiffReport) -> io::Result<()> {
    let mut doc = Doc {
        text: String::new(),
        chars: 0,
        left_out: Vec::new(),
    };
    let new = report.new_count();
    let new_errors = report
        .new
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .count();
    doc.push(&format!(
        "## orglint diff {} → {}\n\n",
        code(&report.base),
        code(&report.head)
    ));
    let verdict = if new_errors > 0 {
        "❌"
    } else if new > 0 {
        "⚠️"
    } else {
        "✅"
    };
    doc.push(&format!(
        "{verdict} **{} new** ({}), **{} fixed**, {} unchanged in {}.\n\n",
        new,
        crate::text::plural(new_errors, "error"),
        report.fixed_count(),
        report.unchanged,
        crate::text::plural(report.orgs, "org"),
    ));
    for failure in report.failures.iter().flat_map(|f| {
        f.diagnostics
            .iter()
            .map(move |d| format!("- ⛔ {}: {}\n", code(&f.source.path), escape(&d.message)))
    }) {
        doc.push(&failure);
    }
    let (people, teams) = (
        counts(&report.changes.people),
        counts(&report.changes.teams),
    );
    if report.changes.is_empty() {
        doc.push("No person or team changed.\n\n");
    } else {
        doc.push("| | added | removed | renamed | moved | changed |\n|---|---|---|---|---|---|\n");
        for (what, c) in [("people", people), ("teams", teams)] {
            doc.push(&format!(
                "| {what} | {} | {} | {} | {} | {} |\n",
                c[0], c[1], c[2], c[3], c[4]
            ));
        }
        doc.push("\n");
    }
    let rows: Vec<_> = report
        .new
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
        .collect();
    let row = |(f, d): &(&crate::FileReport, &crate::Diagnostic)| {
        let line = d
            .span
            .as_ref()
            .map(|s| format!(":{}", f.source.position(s.start).line))
            .unwrap_or_default();
        format!(
            "| {} | {} | {} | {} |\n",
            d.severity,
            code(&d.rule),
            code(&format!("{}{line}", f.source.path)),
            escape(&d.message)
        )
    };
    if !rows.is_empty() {
        doc.push("### New problems\n\n| severity | rule | where | message |\n|---|---|---|---|\n");
        for r in rows.iter().take(SHORT_LIST) {
            if !doc.push(&row(r)) {
                doc.left_out.push("some new problems".to_owned());
                break;
            }
        }
        doc.push("\n");
    }
    details(&mut doc, report, &rows, &row);
    let mut text = doc.text;
    if !doc.left_out.is_empty() {
        text.push_str(&format!(
            "_Left out to stay under GitHub's 65,536-character limit: {}. `orglint diff --format json` lists everything._\n",
            doc.left_out.join(", ")
        ));
    }
    out.write_all(text.as_bytes())
}

type Row<'a> = (&'a crate::FileReport, &'a crate::Diagnostic);

fn details(doc: &mut Doc, report: &DiffReport, rows: &[Row<'_>], row: &dyn Fn(&Row<'_>) -> String) {
    let changes = &report.changes;
    if rows.len() > SHORT_LIST {
        let header = "| severity | rule | where | message |\n|---|---|---|---|\n";
        doc.details("All new problems", header, rows.iter().map(row).collect());
    }
    for (kind, list) in [("People", &changes.people), ("Teams", &changes.teams)] {
        let named = |l: &[crate::diff::changes::Named]| -> Vec<String> {
            l.iter()
                .map(|n| {
                    format!(
                        "| {} | {} | {} |\n",
                        code(&n.org),
                        code(&n.id),
                        escape(&n.name)
                    )
                })
                .collect()
        };
        let header = "| org | id | name |\n|---|---|---|\n";
        doc.details(&format!("{kind} added"), header, named(&list.added));
        doc.details(&format!("{kind} removed"), header, named(&list.removed));
        doc.details(
            &format!("{kind} renamed"),
            "| org | from | to |\n|---|---|---|\n",
            list.renamed
                .iter()
                .map(|r| {
                    format!(
                        "| {} | {} | {} |\n",
                        code(&r.org),
                        code(&r.from),
                        code(&r.to)
                    )
                })
                .collect(),
        );
        doc.details(
            &format!("{kind} moved"),
            "| org | id | from | to |\n|---|---|---|---|\n",
            list.moved
                .iter()
                .map(|m| {
                    format!(
                        "| {} | {} | {} | {} |\n",
                        code(&m.org),
                        code(&m.id),
                        opt(m.from.as_ref()),
                        opt(m.to.as_ref())
                    )
                })
                .collect(),
        );
        doc.details(
            &format!("{kind} changed"),
            "| org | id | field | before | after |\n|---|---|---|---|---|\n",
            list.changed
                .iter()
                .map(|c| {
                    format!(
                        "| {} | {} | {} | {} | {} |\n",
                        code(&c.org),
                        code(&c.id),
                        c.field,
                        opt(c.before.as_ref()),
                        opt(c.after.as_ref())
                    )
                })
                .collect(),
        );
    }
    doc.details(
        "Facts",
        "| org | fact | before | after |\n|---|---|---|---|\n",
        changes
            .facts
            .iter()
            .map(|f| {
                format!(
                    "| {} | {} | {} | {} |\n",
                    code(&f.org),
                    code(&f.fact),
                    f.before,
                    f.after
                )
            })
            .collect(),
    );
    let fixed: Vec<String> = report
        .fixed
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
        .map(|r| row(&r))
        .collect();
    doc.details(
        "Fixed problems (at the base)",
        "| severity | rule | where | message |\n|---|---|---|---|\n",
        fixed,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_from_the_org_becomes_markup() {
        let hostile = "<img src=x onerror=alert(1)> [x](http://e) **b** @octocat #12 | `c`\n# h";
        let escaped = escape(hostile);
        assert!(!escaped.contains('<') && !escaped.contains('\n'));
        assert!(!escaped.contains("@octocat") && !escaped.contains("#12"));
        assert!(escaped.contains("\\[x\\]") && escaped.contains("\\|"));
        assert_eq!(code("ada"), "`ada`");
        assert!(!code("a`b").contains('`') || code("a`b").contains("\\`"));
    }
}
