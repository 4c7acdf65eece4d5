//! Applying fixes: byte splices into the original text at the diagnostics'
//! spans, never a re-serialisation, so comments, key order, quoting, CRLF,
//! a BOM and a missing final newline stay exactly as they were outside the
//! edited ranges. Fixing loops until nothing is left to fix, at most
//! [`MAX_PASSES`] passes.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Edit, FixSafety};
use crate::linter::Linter;
use crate::source::SourceFile;

/// Passes before giving up on fixes that do not converge.
pub const MAX_PASSES: usize = 10;

/// Why fixing a file was given up (nothing is written).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    /// Fixes were still being produced after [`MAX_PASSES`] passes.
    #[error("the fixes of {} do not converge after {MAX_PASSES} passes; nothing was written", rules_list(.0))]
    NoConvergence(Vec<String>),
    /// A fix produced text that is not valid TOML.
    #[error("the fixes of {rules} produce invalid TOML ({why}); nothing was written", rules = rules_list(.0), why = .1)]
    InvalidResult(Vec<String>, String),
}

fn rules_list(rules: &[String]) -> String {
    rules
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The outcome of fixing one file's text.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed text, without BOM (the caller adds it back).
    pub text: String,
    /// Whether anything changed.
    pub changed: bool,
    /// The rules whose fixes were applied.
    pub rules: BTreeSet<String>,
    /// The diagnostics of the fixed text (the last lint of the loop), so
    /// that reporting what is left needs no further lint.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics of the fixed text left out past the bound on each rule.
    pub omitted: usize,
}

/// Whether a diagnostic's fix may be applied.
fn applicable(d: &Diagnostic, unsafe_fixes: bool) -> bool {
    d.fix
        .as_ref()
        .is_some_and(|f| !f.edits.is_empty() && (f.safety == FixSafety::Safe || unsafe_fixes))
}

/// Applies non-overlapping fixes (the first by position wins; the others
/// wait for the next pass) and returns the new text.
pub fn apply_once(
    text: &str,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
    rules: &mut BTreeSet<String>,
) -> Option<String> {
    let mut fixes: Vec<(&Diagnostic, Vec<&Edit>)> = diagnostics
        .iter()
        .filter(|d| applicable(d, unsafe_fixes))
        .filter_map(|d| {
            let mut edits: Vec<&Edit> = d.fix.as_ref()?.edits.iter().collect();
            edits.sort_by_key(|e| (e.span.start, e.span.end));
            Some((d, edits))
        })
        .collect();
    fixes.sort_by_key(|(_, edits)| edits.first().map(|e| (e.span.start, e.span.end)));
    let mut taken: Vec<&Edit> = Vec::new();
    for (d, edits) in fixes {
        let overlaps = edits.iter().any(|e| {
            e.span.end > text.len()
                || !text.is_char_boundary(e.span.start)
                || !text.is_char_boundary(e.span.end)
                || taken
                    .iter()
                    .any(|t| e.span.start < t.span.end && t.span.start < e.span.end)
        });
        if !overlaps {
            rules.insert(d.rule.clone());
            taken.extend(edits);
        }
    }
    if taken.is_empty() {
        return None;
    }
    taken.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in taken {
        out.push_str(text.get(at..edit.span.start)?);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// Fixes a file's text with `linter`: passes until no fix applies. A file
/// that is not valid TOML has no fixes and comes back unchanged.
pub fn fix_text(
    linter: &Linter,
    source: &SourceFile,
    unsafe_fixes: bool,
) -> Result<Fixed, FixError> {
    let mut text = source.text().to_owned();
    let mut rules = BTreeSet::new();
    let (mut diagnostics, mut omitted) = linter.lint_counted(source);
    for _ in 0..MAX_PASSES {
        let mut pass_rules = BTreeSet::new();
        let Some(next) = apply_once(&text, &diagnostics, unsafe_fixes, &mut pass_rules) else {
            return Ok(Fixed {
                changed: text != source.text(),
                text,
                rules,
                diagnostics,
                omitted,
            });
        };
        rules.extend(pass_rules.iter().cloned());
        let current = SourceFile::new(source.path.clone(), next.clone());
        (diagnostics, omitted) = linter.lint_counted(&current);
        if let Some(syntax) = diagnostics
            .iter()
            .find(|d| d.rule == crate::ids::TOML_SYNTAX)
        {
            return Err(FixError::InvalidResult(
                pass_rules.into_iter().collect(),
                syntax.message.clone(),
            ));
        }
        text = next;
    }
    let still: BTreeSet<String> = diagnostics
        .iter()
        .filter(|d| applicable(d, unsafe_fixes))
        .map(|d| d.rule.clone())
        .collect();
    if still.is_empty() {
        Ok(Fixed {
            changed: text != source.text(),
            text,
            rules,
            diagnostics,
            omitted,
        })
    } else {
        Err(FixError::NoConvergence(still.into_iter().collect()))
    }
}

/// The text as it goes back to disk: the BOM restored.
pub fn with_bom(source: &SourceFile, text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if source.has_bom() {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// A unified diff of two texts, labelled with the file's path.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
