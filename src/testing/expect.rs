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

/// Reads the expectations of a file.
pub fn expectations(source: &SourceFile) -> Result<Vec<Expected>, BadExpectation> {
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
            .find(|(s, _)| s.starts_with("expect:") || s.starts_with("expect-file:"));
        let Some((raw, leading)) = found else {
            continue;
        };
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
            expected.push(Expected {
                rule: rule.to_owned(),
                line: target,
            });
        }
    }
    expected.sort();
    Ok(expected)
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
