//! miette's graphical report, one diagnostic after another, then a summary.

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use super::escape::controls;
use super::excerpt::Excerpt;
use super::{HUMAN_LIMIT, Style, plural};
use crate::diagnostic::{Diagnostic, Severity};
use crate::{FileReport, Report};

/// What miette writes above a related diagnostic of severity advice
/// (user text never starts a line: newlines in it are escaped).
const RELATED_HEAD: &str = "\nAdvice: ";

/// That line and the blank line above it, with any colour codes.
fn related_head() -> Option<&'static regex::Regex> {
    static HEAD: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    HEAD.get_or_init(|| regex::Regex::new(r"\n\nAdvice: (?:\x1b\[[0-9;]*m)*\n").ok())
        .as_ref()
}

/// At most this many other files get an excerpt of their labels.
const OTHER_FILES_LIMIT: usize = 3;

/// At most this many labels are drawn per diagnostic.
const LABEL_LIMIT: usize = 10;

/// One diagnostic as miette sees it.
struct Rendered {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    excerpt: Excerpt,
    /// Labels in other files: one excerpt per file, drawn below.
    related: Vec<Rendered>,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.labels.is_empty() {
            None
        } else {
            Some(&self.excerpt)
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

fn rendered(file: &FileReport, d: &Diagnostic) -> Rendered {
    // Labels into other files are listed in the help instead.
    let (own, other): (Vec<_>, Vec<_>) = d.labels.iter().partition(|l| l.file.is_none());
    let shown: Vec<_> = own.iter().take(LABEL_LIMIT).collect();
    let spans: Vec<_> = shown.iter().map(|l| l.span.clone()).collect();
    let (excerpt, mapped) = Excerpt::new(&file.source, &spans);
    let labels = shown
        .iter()
        .zip(mapped)
        .enumerate()
        .map(|(i, (label, span))| {
            let text = Some(crate::diagnostic::clip(&controls(&label.message), 100));
            if i == 0 && d.span.is_some() {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            }
        })
        .collect();
    let mut help = d.help.as_deref().map(|h| controls(h).into_owned());
    let mut notes = Vec::new();
    if d.labels_omitted > 0 {
        let more = own.len().saturating_sub(LABEL_LIMIT) + d.labels_omitted;
        notes.push(format!(
            "and {more} more labels ({} not kept in any format)",
            d.labels_omitted
        ));
    } else if own.len() > LABEL_LIMIT {
        notes.push(format!(
            "and {} more labels (see --format json)",
            own.len() - LABEL_LIMIT
        ));
    }
    let related = in_other_files(&other);
    let drawn: usize = related.iter().map(|r| r.labels.len()).sum();
    let undrawn = other.iter().filter(|l| l.file.is_some()).count() - drawn;
    if undrawn > 0 {
        notes.push(format!(
            "and {} in other files (see --format json)",
            plural(undrawn, "more label")
        ));
    }
    if let Some(fix) = &d.fix {
        let how = match fix.safety {
            crate::diagnostic::FixSafety::Safe => "--fix",
            crate::diagnostic::FixSafety::Unsafe => "--fix --unsafe-fixes",
        };
        notes.push(format!("fixable with `{how}`: {}", controls(&fix.message)));
    }
    if !notes.is_empty() {
        let joined = notes.join("\n");
        help = Some(match help {
            Some(h) => format!("{h}\n{joined}"),
            None => joined,
        });
    }
    let message = if d.span.is_none() {
        format!("{}: {}", controls(&file.source.path), controls(&d.message))
    } else {
        controls(&d.message).into_owned()
    };
    Rendered {
        message,
        code: controls(&d.rule).into_owned(),
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help,
        labels,
        excerpt,
        related,
    }
}

/// The labels in other files (a fragment of the same org, `orglint.toml`),
/// one excerpt per file in the order they first appear.
fn in_other_files(labels: &[&crate::diagnostic::Label]) -> Vec<Rendered> {
    let mut files: Vec<(
        &std::sync::Arc<crate::SourceFile>,
        Vec<&crate::diagnostic::Label>,
    )> = Vec::new();
    for label in labels {
        let Some(file) = &label.file else { continue };
        match files
            .iter_mut()
            .find(|(f, _)| std::sync::Arc::ptr_eq(f, file) || f.path == file.path)
        {
            Some((_, list)) => list.push(label),
            None => files.push((file, vec![label])),
        }
    }
    files
        .into_iter()
        .take(OTHER_FILES_LIMIT)
        .map(|(file, list)| {
            let shown: Vec<_> = list.iter().take(LABEL_LIMIT).collect();
            let spans: Vec<_> = shown.iter().map(|l| l.span.clone()).collect();
            let (excerpt, mapped) = Excerpt::new(file, &spans);
            let labels = shown
                .iter()
                .zip(mapped)
                .map(|(label, span)| {
                    let text = Some(crate::diagnostic::clip(&controls(&label.message), 100));
                    LabeledSpan::new_with_span(text, span)
                })
                .collect();
            Rendered {
                message: format!("in {}", controls(&file.path)),
                code: String::new(),
                severity: miette::Severity::Advice,
                help: None,
                labels,
                excerpt,
                related: Vec::new(),
            }
        })
        .collect()
}

/// Writes at most [`HUMAN_LIMIT`] diagnostics (and every run failure past
/// it), then the summary.
pub fn write(out: &mut dyn Write, report: &Report, style: Style) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut shown = 0;
    let mut omitted = 0;
    // A group of diagnostics with one cause is one entry for the cap.
    for entry in super::group::entries(report, style.group) {
        // Run failures are printed whatever the cap: they say why the
        // run failed.
        if shown >= HUMAN_LIMIT && !crate::ids::is_run_failure(&entry.first.rule) {
            omitted += 1 + entry.more();
            continue;
        }
        shown += 1;
        let mut text = String::new();
        handler
            .render_report(&mut text, &rendered(entry.file, &entry.merged()))
            .map_err(|_| io::Error::other("rendering a diagnostic failed"))?;
        // miette heads each excerpt of another file with its severity
        // alone on a line; the `☞ in FILE` line below it says it all.
        if text.contains(RELATED_HEAD)
            && let Some(head) = related_head()
        {
            text = head.replace_all(&text, "\n").into_owned();
        }
        writeln!(out, "{text}")?;
    }
    if omitted > 0 {
        writeln!(
            out,
            "... and {} more diagnostics (use --format json for all)\n",
            omitted
        )?;
    }
    if !style.quiet {
        write_summary(out, report)?;
    }
    Ok(())
}

/// `3 errors, 1 warning in 2 files (1 fixable with --fix)`.
pub fn write_summary(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let infos = report.count(Severity::Info);
    let mut parts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if infos > 0 {
        parts.push(plural(infos, "info"));
    }
    let mut line = format!(
        "{} in {}",
        parts.join(", "),
        plural(report.files_read, "file")
    );
    let fixable = report.fixable();
    if fixable > 0 {
        line.push_str(&format!(" ({fixable} fixable with --fix)"));
    }
    if report.fixed_files > 0 {
        line.push_str(&format!("; fixed {}", plural(report.fixed_files, "file")));
    }
    if report.baseline_used {
        line.push_str(&format!(
            "; {} hidden by the baseline, {} gone",
            report.baselined,
            plural(report.baseline_gone, "baseline entry")
        ));
        if report.baseline_expired > 0 {
            line.push_str(&format!(
                ", {} no longer hidden (baseline entries past `until`)",
                plural(report.baseline_expired, "diagnostic")
            ));
        }
    }
    let omitted = report.omitted();
    if omitted > 0 {
        line.push_str(&format!(
            "; {} not kept (at most {} of one rule, {} in all, in one org)",
            plural(omitted, "more diagnostic"),
            crate::linter::MAX_PER_RULE,
            crate::linter::MAX_PER_ORG
        ));
    }
    writeln!(out, "{line}")?;
    write_gone(out, report)
}

/// At most this many gone baseline entries are named.
const GONE_LIMIT: usize = 10;

/// Names the baseline entries that no longer occur, so that the reader
/// knows what was fixed and that the baseline can shrink.
fn write_gone(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let gone = &report.baseline_gone_entries;
    if gone.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "no longer found (re-record the baseline with --write-baseline to drop them):"
    )?;
    for entry in gone.iter().take(GONE_LIMIT) {
        let mut line = format!("  {}", entry.rule);
        match &entry.entity {
            Some(e) => line.push_str(&format!(
                " on {} {}",
                e.kind,
                crate::diagnostic::code(&e.id)
            )),
            None if !entry.key.is_empty() => {
                line.push_str(&format!(" ({})", crate::diagnostic::clip(&entry.key, 60)));
            }
            None => {}
        }
        line.push_str(&format!(" in {}", crate::diagnostic::code(&entry.file)));
        if entry.count > 1 {
            line.push_str(&format!(" ({} times)", entry.count));
        }
        writeln!(out, "{line}")?;
    }
    if gone.len() > GONE_LIMIT {
        writeln!(out, "  and {} more", gone.len() - GONE_LIMIT)?;
    }
    Ok(())
}
