//! Expectation comments in fixture files, for rule tests:
//! `# expect: RULE[, RULE...]` above a line (or at its end) expects one
//! diagnostic of each listed rule starting on that line; `# expect-file:
//! RULE` expects one without a location. A file without expectations
//! expects no diagnostics.

use crate::source::SourceFile;

/// One expected diagnostic: a rule and a 1-based line (`None`: no location).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Expected {
    /// The rule id.
    pub rule: String,
    /// The 1-based line, or `None` for `expect-file`.
    pub line: Option<usize>,
}

/// A malformed expectation comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadExpectation {
    /// 1-based line of the comment.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads the expectations of a file; `known` holds every rule id in force,
/// so that a misspelled one is malformed, with a did-you-mean, rather than
/// an expectation that can never be met.
pub fn expectations(source: &SourceFile, known: &[&str]) -> Result<Vec<Expected>, BadExpectation> {
    let text = source.text();
    let crate::source::Comments {
        comments,
        content_lines,
    } = source.comments(true);
    let mut expected = Vec::new();
    for crate::source::Comment { span, alone } in comments {
        let text_of = text.get(span.clone()).unwrap_or_default();
        let line = source.line_index(span.start);
        // An expectation may follow another comment on the same line
        // (`# orglint: allow(x) -- why # expect: unused-suppression`): it
        // then binds to that line.
        let mut segments = text_of.split('#').map(str::trim).filter(|s| !s.is_empty());
        let first = segments.next();
        let found = first
            .map(|s| (s, true))
            .into_iter()
            .chain(segments.map(|s| (s, false)))
            .find(|(s, _)| is_expectation(s));
        let Some((raw, leading)) = found else {
            continue;
        };
        if !raw.starts_with("expect:") && !raw.starts_with("expect-file:") {
            // `# expect northwind/x` would otherwise be a plain comment and
            // the file would pass while expecting nothing.
            return Err(BadExpectation {
                line: line + 1,
                message: format!(
                    "{} is not an expectation: write `# expect: RULE` or `# expect-file: RULE`, with the colon",
                    crate::diagnostic::code(&format!("# {raw}"))
                ),
            });
        }
        let (rules, target) = if let Some(rest) = raw.strip_prefix("expect-file:") {
            (rest, None)
        } else if let Some(rest) = raw.strip_prefix("expect:") {
            let target = if alone && leading {
                match content_lines.range(line + 1..).next() {
                    Some(l) => Some(l + 1),
                    None => {
                        return Err(BadExpectation {
                            line: line + 1,
                            message: "`# expect:` has no line below it to bind to".to_owned(),
                        });
                    }
                }
            } else {
                Some(line + 1)
            };
            (rest, target)
        } else {
            continue;
        };
        for rule in rules.split(',') {
            let rule = rule.trim();
            if rule.is_empty() {
                return Err(BadExpectation {
                    line: line + 1,
                    message: "an empty rule id in an expectation".to_owned(),
                });
            }
            if !known.contains(&rule) {
                let hint = match crate::suggest::hint(rule, known.iter().copied()) {
                    Some(s) => crate::suggest::did_you_mean(s),
                    None => "`orglint rules` lists the rules in force".to_owned(),
                };
                return Err(BadExpectation {
                    line: line + 1,
                    message: format!(
                        "unknown rule {} in an expectation; {hint}",
                        crate::diagnostic::code(rule)
                    ),
                });
            }
            expected.push(Expected {
                rule: rule.to_owned(),
                line: target,
            });
        }
    }
    expected.sort();
    Ok(expected)
}

/// Whether a comment segment is meant as an expectation: `expect` as a
/// word (`expect:`, `expect-file:`, and the malformed `expect x`), not
/// `expected` or `expectation`.
fn is_expectation(segment: &str) -> bool {
    segment
        .strip_prefix("expect")
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// Compares expectations with what was found: (missing, unexpected).
pub fn compare(
    mut expected: Vec<Expected>,
    mut found: Vec<Expected>,
) -> (Vec<Expected>, Vec<Expected>) {
    expected.sort();
    found.sort();
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < expected.len() || j < found.len() {
        match (expected.get(i), found.get(j)) {
            (Some(e), Some(f)) if e == f => {
                i += 1;
                j += 1;
            }
            (Some(e), Some(f)) if e < f => {
                missing.push(e.clone());
                i += 1;
            }
            (Some(_), Some(f)) => {
                unexpected.push(f.clone());
                j += 1;
            }
            (Some(e), None) => {
                missing.push(e.clone());
                i += 1;
            }
            (None, Some(f)) => {
                unexpected.push(f.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (missing, unexpected)
}
