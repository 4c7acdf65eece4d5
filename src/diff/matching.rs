//! New, fixed and unchanged diagnostics: matched by their baseline
//! identity (rule, entity, key, within one org), never by line or message,
//! so that a file reshuffled by the change, or a ratio that moves from
//! 14.2 to 14.5, does not turn an old problem into a fixed one and a new
//! one. Several diagnostics of one identity are matched by count.

use std::collections::HashMap;

use crate::FileReport;
use crate::diagnostic::{Diagnostic, EntityRef};

/// The diagnostics of one org, split three ways.
#[derive(Debug, Default)]
pub struct Split {
    /// At HEAD and not at BASE, per HEAD file (files without any left out).
    pub new: Vec<FileReport>,
    /// At BASE and not at HEAD, per BASE file.
    pub fixed: Vec<FileReport>,
    /// At both.
    pub unchanged: usize,
}

type Identity = (String, Option<EntityRef>, String);

fn identity(d: &Diagnostic) -> Identity {
    (d.rule.clone(), d.entity.clone(), d.key.clone())
}

/// Splits the diagnostics of one org at BASE and HEAD. Run failures
/// (unreadable files) are neither: they are reported as failures.
pub fn split(base: Vec<FileReport>, head: Vec<FileReport>) -> Split {
    let countable = |d: &Diagnostic| !crate::ids::is_run_failure(&d.rule);
    let mut at_base: HashMap<Identity, usize> = HashMap::new();
    for d in base
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| countable(d))
    {
        *at_base.entry(identity(d)).or_default() += 1;
    }
    let mut at_head: HashMap<Identity, usize> = HashMap::new();
    for d in head
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| countable(d))
    {
        *at_head.entry(identity(d)).or_default() += 1;
    }
    let mut split = Split::default();
    // The first `n` of an identity at one side are matched with the other
    // side's: the rest are new (or fixed).
    let keep = |reports: Vec<FileReport>, other: &HashMap<Identity, usize>| {
        let mut seen: HashMap<Identity, usize> = HashMap::new();
        let mut matched = 0;
        let mut out = Vec::new();
        for mut file in reports {
            file.diagnostics.retain(|d| {
                if !countable(d) {
                    return false;
                }
                let id = identity(d);
                let n = seen.entry(id.clone()).or_default();
                *n += 1;
                if *n <= other.get(&id).copied().unwrap_or(0) {
                    matched += 1;
                    false
                } else {
                    true
                }
            });
            if !file.diagnostics.is_empty() {
                out.push(file);
            }
        }
        (out, matched)
    };
    let (new, unchanged) = keep(head, &at_base);
    let (fixed, _) = keep(base, &at_head);
    split.new = new;
    split.fixed = fixed;
    split.unchanged = unchanged;
    split
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{EntityKind, Severity};
    use crate::source::SourceFile;
    use std::sync::Arc;

    fn report(path: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            source: Arc::new(SourceFile::new(path, String::new())),
            diagnostics,
            omitted: 0,
            org: None,
        }
    }

    fn about(rule: &str, id: &str, message: &str, at: usize) -> Diagnostic {
        Diagnostic::at(rule, Severity::Warning, at..at + 1, "here", message).about(Some(
            EntityRef {
                kind: EntityKind::Person,
                id: id.to_owned(),
            },
        ))
    }

    #[test]
    fn matches_by_identity_not_by_line_or_message() {
        let base = vec![report(
            "org.toml",
            vec![
                about("span-of-control", "ada", "ada has 13", 10),
                about("max-layers", "bob", "deep", 20),
            ],
        )];
        let head = vec![report(
            "org.toml",
            vec![
                about("span-of-control", "ada", "ada has 14", 99),
                about("max-layers", "eve", "deep", 5),
            ],
        )];
        let split = split(base, head);
        assert_eq!(split.unchanged, 1);
        let new: Vec<_> = split.new.iter().flat_map(|f| &f.diagnostics).collect();
        let fixed: Vec<_> = split.fixed.iter().flat_map(|f| &f.diagnostics).collect();
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].entity.as_ref().unwrap().id, "eve");
        assert_eq!(fixed.len(), 1);
        assert_eq!(fixed[0].entity.as_ref().unwrap().id, "bob");
    }

    #[test]
    fn one_identity_is_matched_by_count() {
        let org = |n| {
            let d = Diagnostic::unlocated("root-count", Severity::Error, "two roots");
            report("org.toml", vec![d; n])
        };
        let split = split(vec![org(1)], vec![org(3)]);
        assert_eq!(split.unchanged, 1);
        assert_eq!(split.new[0].diagnostics.len(), 2);
        assert!(split.fixed.is_empty());
    }
}
