//! Applying fixes: byte splices into the original text at the diagnostics'
//! spans, never a re-serialisation, so comments, key order, quoting, CRLF,
//! a BOM and a missing final newline stay exactly as they were outside the
//! edited ranges. Fixing loops until nothing is left to fix, at most
//! [`MAX_PASSES`] passes.

mod org;

use std::collections::{BTreeMap, BTreeSet};

pub use org::{FixedOrg, FixedPart, fix_org};

use crate::diagnostic::{Diagnostic, Edit, FixSafety};
use crate::linter::Linter;
use crate::model::Model;
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
    /// A fix would remove people or teams from the org (the rules, then
    /// the entities lost, as `person `bob``).
    #[error("the fixes of {rules} would remove {lost} from the org; nothing was written", rules = rules_list(.0), lost = .1.join(", "))]
    RemovesEntities(Vec<String>, Vec<String>),
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

/// Whether `edit` overlaps an edit taken already. `taken` holds ranges
/// that do not overlap, so sorted by start their ends rise too: the last
/// one that starts before `edit` ends is the only one to ask.
fn overlaps_taken(taken: &BTreeMap<(usize, usize), usize>, edit: &Edit) -> bool {
    let (start, end) = (edit.span.start, edit.span.end);
    // Two insertions at one place would have no order.
    taken.contains_key(&(start, end))
        || taken
            .range(..(end, 0))
            .next_back()
            .is_some_and(|(&(s, e), _)| s < end && start < e)
}

/// Applies non-overlapping fixes (the first by position wins; the others
/// wait for the next pass) and returns the new text. In O(n log n) of the
/// fixes, and the text built in one pass: a file with 100,000 fixes costs
/// about what linting it does.
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
    // Edits taken, by range, to their place in `order`.
    let mut taken: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut order: Vec<&Edit> = Vec::new();
    for (d, edits) in fixes {
        let valid = edits.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        // A fix's own edits must not overlap either (sorted: neighbours).
        let apart = edits.windows(2).all(|w| {
            w.first()
                .zip(w.get(1))
                .is_some_and(|(a, b)| a.span.end <= b.span.start)
        });
        if valid && apart && !edits.iter().any(|e| overlaps_taken(&taken, e)) {
            rules.insert(d.rule.clone());
            for edit in edits {
                taken.insert((edit.span.start, edit.span.end), order.len());
                order.push(edit);
            }
        }
    }
    if order.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &i in taken.values() {
        let edit = order.get(i)?;
        out.push_str(text.get(at..edit.span.start)?);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// The people and teams of an org, by id, sorted: what no fix may remove.
#[derive(Debug, Default)]
struct Entities {
    people: Vec<String>,
    teams: Vec<String>,
}

impl Entities {
    fn of(model: &Model) -> Entities {
        let mut people: Vec<String> = model
            .org
            .people
            .iter()
            .map(|p| p.entity.id.clone())
            .collect();
        let mut teams: Vec<String> = model
            .org
            .teams
            .iter()
            .map(|t| t.entity.id.clone())
            .collect();
        people.sort_unstable();
        teams.sort_unstable();
        Entities { people, teams }
    }

    /// What `self` has and `after` lost, as `person `bob``, at most five.
    fn lost_in(&self, after: &Entities) -> Vec<String> {
        let gone = |before: &[String], after: &[String], kind: &str| -> Vec<String> {
            before
                .iter()
                .filter(|id| after.binary_search(id).is_err())
                .map(|id| format!("{kind} {}", crate::diagnostic::code(id)))
                .collect()
        };
        let mut lost = gone(&self.people, &after.people, "person");
        lost.extend(gone(&self.teams, &after.teams, "team"));
        lost.truncate(5);
        lost
    }
}

/// Lints for the fix loop: the diagnostics, the org's entities and whether
/// the did-you-mean budget ran out.
fn lint(linter: &Linter, source: &SourceFile) -> (Vec<Diagnostic>, Entities, bool, usize) {
    let (diagnostics, kept, omitted) =
        linter.lint_keeping(source, |m| (Entities::of(m), m.suggestions_cut));
    let (entities, cut) = kept.unwrap_or_default();
    (diagnostics, entities, cut, omitted)
}

/// Fixes a file's text with `linter`: passes until no fix applies. A file
/// that is not valid TOML has no fixes and comes back unchanged. A pass
/// whose text is not valid TOML, or has fewer people or teams, is refused.
pub fn fix_text(
    linter: &Linter,
    source: &SourceFile,
    unsafe_fixes: bool,
) -> Result<Fixed, FixError> {
    let mut text = source.text().to_owned();
    let mut rules = BTreeSet::new();
    let (mut diagnostics, mut entities, mut cut, mut omitted) = lint(linter, source);
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
        let current = SourceFile::new(source.path.clone(), next);
        let (after, after_entities, after_cut, after_omitted) = lint(linter, &current);
        if let Some(syntax) = after.iter().find(|d| d.rule == crate::ids::TOML_SYNTAX) {
            return Err(FixError::InvalidResult(
                pass_rules.into_iter().collect(),
                syntax.message.clone(),
            ));
        }
        let lost = entities.lost_in(&after_entities);
        if !lost.is_empty() {
            return Err(FixError::RemovesEntities(
                pass_rules.into_iter().collect(),
                lost,
            ));
        }
        (diagnostics, entities, cut, omitted) = (after, after_entities, after_cut, after_omitted);
        text = current.text().to_owned();
    }
    let still: BTreeSet<String> = diagnostics
        .iter()
        .filter(|d| applicable(d, unsafe_fixes))
        .map(|d| d.rule.clone())
        .collect();
    // Fixes still coming because each pass may only suggest so many ids
    // are progress, not a loop: keep what was fixed, the next run does the
    // rest.
    if still.is_empty() || cut {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain of `n` people, each naming their manager with a typo
    /// (`q7` for `p7`) that only they make: one unsafe fix each.
    fn chain_of_typos(n: usize) -> String {
        let mut text = String::from(
            "[org]\nname = \"A\"\nstructure = \"split\"\n[people.root]\nname = \"R\"\n",
        );
        for i in 0..n {
            let manager = if i == 0 {
                "root".to_owned()
            } else {
                format!("q{}", i - 1)
            };
            text.push_str(&format!(
                "[people.p{i}]\nname = \"P\"\nreports-to = \"{manager}\"\n"
            ));
        }
        text
    }

    #[test]
    fn fixes_held_back_by_the_suggestion_budget_are_progress_not_a_loop() {
        // 2,001 people: the test budget (20,000 units of edit-distance
        // work) suggests a few ids a pass, so ten passes fix some of the
        // 1,999 typos and more are still pending.
        let text = chain_of_typos(2_000);
        let linter = Linter::default();
        let fixed = match fix_text(&linter, &SourceFile::new("org.toml", text), true) {
            Ok(fixed) => fixed,
            Err(err) => panic!("a false fix error: {err}"),
        };
        assert!(fixed.changed);
        let left = fixed
            .diagnostics
            .iter()
            .filter(|d| d.rule == crate::ids::UNKNOWN_REFERENCE)
            .count();
        assert!(left > 0 && left < 1_999, "{left} typos left");
        assert!(fixed.text.contains("reports-to = \"p0\""));
    }
}
