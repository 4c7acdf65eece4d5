//! Fixing an org of many files: the passes of [`super::fix_text`], each
//! linting the whole org (the root with its fragments, as edited so far)
//! and splicing into every file the fixes located in it. Nothing is
//! written here: the caller writes every changed file at once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Entities, FixError, MAX_PASSES, applicable, apply_once};
use crate::FileReport;
use crate::linter::Linter;
use crate::load::{FileSource, Overlay};
use crate::source::SourceFile;

/// One file of an org, before and after fixing.
#[derive(Debug, Clone)]
pub struct FixedPart {
    /// The path it was read from.
    pub path: PathBuf,
    /// The path as reported.
    pub name: String,
    /// Whether it started with a byte order mark (kept when written).
    pub bom: bool,
    /// Its text as read, without the BOM.
    pub original: String,
    /// Its fixed text, without the BOM.
    pub text: String,
}

impl FixedPart {
    /// Whether fixing changed it.
    pub fn changed(&self) -> bool {
        self.text != self.original
    }

    /// The fixed text as it goes back to disk: the BOM restored.
    pub fn bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.text.len() + 3);
        if self.bom {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(self.text.as_bytes());
        bytes
    }
}

/// The outcome of fixing an org of many files.
#[derive(Debug)]
pub struct FixedOrg {
    /// Its files, the root first.
    pub parts: Vec<FixedPart>,
    /// The rules whose fixes were applied.
    pub rules: BTreeSet<String>,
    /// What is left, per file (the last lint of the loop).
    pub reports: Vec<FileReport>,
    /// Files and folders that could not be read: (path, reason).
    pub failures: Vec<(String, String)>,
}

/// One lint of the org as edited so far.
struct Linted {
    reports: Vec<FileReport>,
    entities: Entities,
    cut: bool,
    failures: Vec<(String, String)>,
}

/// Lints the org of `parts` (the root first): the fragments as edited, in
/// place of what `files` holds.
fn lint(linter: &Linter, parts: &[FixedPart], files: &dyn FileSource) -> Option<Linted> {
    let (root, fragments) = parts.split_first()?;
    let mut edited = Overlay::new(files);
    for part in fragments {
        edited.insert(&part.path, part.text.clone().into_bytes());
    }
    let source = SourceFile::new(root.name.clone(), root.text.clone());
    let mut org = linter.load(source, &root.path, &edited);
    let (diagnostics, omitted, model) = linter.lint_loaded(&mut org);
    let (entities, cut) = model
        .as_ref()
        .map(|m| (Entities::of(m), m.suggestions_cut))
        .unwrap_or_default();
    if let Some(model) = model {
        crate::linter::drop_aside(model);
    }
    Some(Linted {
        reports: org.split(diagnostics, omitted),
        entities,
        cut,
        failures: std::mem::take(&mut org.failures),
    })
}

/// Fixes the org whose root file is `root` (read from `path`, fragments
/// from `files`): passes until no fix applies, each fix spliced into the
/// file that holds it. A pass that leaves a file that is not valid TOML,
/// or the org with fewer people or teams, is refused, as for one file.
pub fn fix_org(
    linter: &Linter,
    root: &SourceFile,
    path: &Path,
    files: &dyn FileSource,
    unsafe_fixes: bool,
) -> Result<FixedOrg, FixError> {
    let org = linter.load(
        SourceFile::new(root.path.clone(), root.text().to_owned()),
        path,
        files,
    );
    let mut parts: Vec<FixedPart> = org
        .parts
        .iter()
        .map(|p| {
            let text = org.text.text().get(p.range.clone()).unwrap_or_default();
            FixedPart {
                path: p.path.clone(),
                name: p.name.clone(),
                bom: if p.range.start == 0 {
                    root.has_bom()
                } else {
                    p.bom
                },
                original: text.to_owned(),
                text: text.to_owned(),
            }
        })
        .collect();
    drop(org);
    let done = |parts: Vec<FixedPart>, rules, linted: Linted| FixedOrg {
        parts,
        rules,
        reports: linted.reports,
        failures: linted.failures,
    };
    let mut rules = BTreeSet::new();
    let Some(mut linted) = lint(linter, &parts, files) else {
        return Ok(FixedOrg {
            parts,
            rules,
            reports: Vec::new(),
            failures: Vec::new(),
        });
    };
    for _ in 0..MAX_PASSES {
        let mut pass_rules = BTreeSet::new();
        let mut changed: BTreeSet<String> = BTreeSet::new();
        for report in &linted.reports {
            let Some(part) = parts.iter_mut().find(|p| p.name == report.source.path) else {
                continue;
            };
            if let Some(next) = apply_once(
                &part.text,
                &report.diagnostics,
                unsafe_fixes,
                &mut pass_rules,
            ) {
                part.text = next;
                changed.insert(part.name.clone());
            }
        }
        if changed.is_empty() {
            return Ok(done(parts, rules, linted));
        }
        rules.extend(pass_rules.iter().cloned());
        let Some(after) = lint(linter, &parts, files) else {
            break;
        };
        // A fragment that was broken before is no fix's doing.
        let syntax = after
            .reports
            .iter()
            .filter(|r| changed.contains(&r.source.path))
            .flat_map(|r| &r.diagnostics)
            .find(|d| d.rule == crate::ids::TOML_SYNTAX);
        if let Some(syntax) = syntax {
            return Err(FixError::InvalidResult(
                pass_rules.into_iter().collect(),
                syntax.message.clone(),
            ));
        }
        let lost = linted.entities.lost_in(&after.entities);
        if !lost.is_empty() {
            return Err(FixError::RemovesEntities(
                pass_rules.into_iter().collect(),
                lost,
            ));
        }
        linted = after;
    }
    let still: BTreeSet<String> = linted
        .reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| applicable(d, unsafe_fixes))
        .map(|d| d.rule.clone())
        .collect();
    if still.is_empty() || linted.cut {
        Ok(done(parts, rules, linted))
    } else {
        Err(FixError::NoConvergence(still.into_iter().collect()))
    }
}
