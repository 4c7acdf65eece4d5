//! Diagnostics with one cause, shown as one entry by `human` and `short`:
//! one missing manager named by 17 people is one problem to fix, not 17.
//! JSON and SARIF keep one record per diagnostic, each with its `group`.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::text::plural;
use crate::{FileReport, Report};

/// How many members of a group get a label in `human` output.
const GROUP_LABELS: usize = 2;

/// One entry of the output: a diagnostic, or the diagnostics of one cause.
pub struct Entry<'a> {
    /// The file they are in.
    pub file: &'a FileReport,
    /// The diagnostic that stands for the entry (the first in output order).
    pub first: &'a Diagnostic,
    /// The others that share its cause.
    pub others: Vec<&'a Diagnostic>,
}

impl<'a> Entry<'a> {
    /// How many diagnostics beyond the first.
    pub fn more(&self) -> usize {
        self.others.len()
    }

    /// The entry as one diagnostic: the first, its message saying how many
    /// more share the cause, with the primary label of every member.
    pub fn merged(&self) -> std::borrow::Cow<'a, Diagnostic> {
        let first = self.first;
        let (Some(group), true) = (&first.group, self.more() > 0) else {
            return std::borrow::Cow::Borrowed(first);
        };
        let mut merged = first.clone();
        merged.message = format!(
            "{} (and {} {})",
            first.message,
            plural(self.more(), &format!("more {}", group.noun)),
            group.suffix
        );
        // The first few members point at where the cause shows; the message
        // counts the rest, so a screen holds several causes.
        merged.labels = std::iter::once(first)
            .chain(self.others.iter().copied())
            .take(GROUP_LABELS)
            .filter_map(|d| d.labels.first().cloned())
            .chain(first.labels.iter().skip(1).cloned())
            .collect();
        std::borrow::Cow::Owned(merged)
    }
}

/// The entries of a report in output order: with `grouped`, the
/// diagnostics of one file that share a group are one entry, placed where
/// the first of them is.
pub fn entries(report: &Report, grouped: bool) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for file in &report.files {
        let mut by_group: HashMap<&str, usize> = HashMap::new();
        for d in &file.diagnostics {
            if grouped && let Some(group) = &d.group {
                if let Some(&i) = by_group.get(group.key.as_str())
                    && let Some(entry) = entries.get_mut(i)
                {
                    entry.others.push(d);
                    continue;
                }
                by_group.insert(&group.key, entries.len());
            }
            entries.push(Entry {
                file,
                first: d,
                others: Vec::new(),
            });
        }
    }
    entries
}
