//! Suppression comments: `# orglint: allow(RULE, ...) -- REASON` above an
//! entity's header (every diagnostic about that entity; above `[org]`, every
//! diagnostic about no entity) or at the end of a line (diagnostics whose
//! primary location starts on that line). Comments are found with the TOML
//! lexer, so text inside strings is never a suppression.

use std::collections::HashMap;

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, EntityRef, Severity, code};
use crate::model::Model;
use crate::source::{SourceFile, Span};

/// What a suppression applies to.
#[derive(Clone, Debug, PartialEq)]
enum Scope {
    /// Diagnostics about this entity.
    Entity(EntityRef),
    /// Diagnostics about no entity (a comment above `[org]`).
    Org,
    /// Diagnostics whose primary location starts on this 0-based line.
    Line(usize),
    /// A comment that binds to nothing: it can only be unused.
    Nothing,
}

/// One rule named in one suppression comment.
#[derive(Debug)]
struct Allowed {
    rule: String,
    span: Span,
    used: bool,
}

#[derive(Debug)]
struct Suppression {
    scope: Scope,
    rules: Vec<Allowed>,
}

/// The rules a suppression may name, and which of them are off.
pub struct RuleNames<'a> {
    /// Every known rule id.
    pub known: &'a [&'a str],
    /// Whether a rule id is known (without scanning `known`).
    pub is_known: &'a dyn Fn(&str) -> bool,
    /// Rules that are off (a suppression of them is never unused).
    pub off: &'a dyn Fn(&str) -> bool,
    /// Rules that cannot be turned off, so cannot be suppressed either.
    pub locked: &'a [&'a str],
    /// Effective severity of `invalid-suppression` / `unused-suppression`
    /// (`None`: off).
    pub severity: &'a dyn Fn(&str) -> Option<Severity>,
}

const PREFIX: &str = "orglint:";

/// A suppression's rules with their spans, and its `until` date.
type Allow = (Vec<(String, Span)>, Option<Date>);

/// Parses `allow(a, b) -- reason[, until YYYY-MM-DD]` after the prefix;
/// `Err` says what is wrong.
fn parse_allow(body: &str, body_start: usize) -> Result<Allow, String> {
    let rest = body.trim_start();
    let offset = body_start + (body.len() - rest.len());
    let Some(inner) = rest.strip_prefix("allow(") else {
        return Err("a suppression reads `# orglint: allow(RULE, ...) -- REASON`".to_owned());
    };
    let Some(close) = inner.find(')') else {
        return Err("`allow(` is not closed".to_owned());
    };
    let list = inner.get(..close).unwrap_or_default();
    let mut rules = Vec::new();
    let mut position = offset + "allow(".len();
    for part in list.split(',') {
        let name = part.trim();
        let lead = part.len() - part.trim_start().len();
        if name.is_empty() {
            return Err("an empty rule name in `allow(...)`".to_owned());
        }
        rules.push((
            name.to_owned(),
            position + lead..position + lead + name.len(),
        ));
        position += part.len() + 1;
    }
    let after = inner.get(close + 1..).unwrap_or_default().trim_start();
    let Some(reason) = after.strip_prefix("--") else {
        return Err("a suppression needs a reason: `-- why this is deliberate`".to_owned());
    };
    if reason.trim().is_empty() {
        return Err("the reason after `--` is empty".to_owned());
    }
    Ok((rules, until(reason)?))
}

/// The `until` date a reason ends with (`-- flat until the re-org, until
/// 2027-03-31`). Only a last word that starts with a digit after `until`
/// is taken for a date: `until Q3` and `until the re-org` are prose.
fn until(reason: &str) -> Result<Option<Date>, String> {
    let reason = reason.trim_end();
    let Some(at) = reason.rfind("until ") else {
        return Ok(None);
    };
    let before = reason.get(..at).unwrap_or_default();
    let tail = reason.get(at + "until ".len()..).unwrap_or_default().trim();
    let word_start = before.is_empty() || before.ends_with([' ', ',', '\t']);
    if !word_start
        || tail.contains(char::is_whitespace)
        || !tail.starts_with(|c: char| c.is_ascii_digit())
    {
        return Ok(None);
    }
    let expected = "end the reason with `, until YYYY-MM-DD`, such as `-- the team is hiring, until 2027-03-31`";
    let Some(before) = before.trim_end().strip_suffix(',') else {
        return Err(format!("`until {tail}` must follow a comma: {expected}"));
    };
    if before.trim().is_empty() {
        return Err(format!(
            "the reason before `, until {tail}` is empty: {expected}"
        ));
    }
    match Date::parse(tail) {
        Ok(date) => Ok(Some(date)),
        Err(_) => Err(format!("`until {tail}` is not a date: {expected}")),
    }
}

/// Applies the file's suppressions to `diagnostics` and adds
/// `invalid-suppression` and `unused-suppression` diagnostics.
pub fn apply(
    source: &SourceFile,
    model: &Model,
    names: &RuleNames<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !source.text().contains(PREFIX) {
        return; // the common case costs one scan
    }
    let mut extra = Vec::new();
    let mut suppressions = find(source, model, names, &mut extra);
    // The suppressions by scope and rule: each diagnostic is checked
    // against those that can apply to it, not against every suppression of
    // the file (keys are owned, so that the suppressions can be marked used).
    let mut by_line: HashMap<(usize, String), Vec<usize>> = HashMap::new();
    let mut by_entity: HashMap<(EntityRef, String), Vec<usize>> = HashMap::new();
    let mut org: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, suppression) in suppressions.iter().enumerate() {
        for allowed in &suppression.rules {
            let rule = allowed.rule.clone();
            let list = match &suppression.scope {
                Scope::Entity(e) => by_entity.entry((e.clone(), rule)).or_default(),
                Scope::Org => org.entry(rule).or_default(),
                Scope::Line(l) => by_line.entry((*l, rule)).or_default(),
                Scope::Nothing => continue,
            };
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    diagnostics.retain(|d| {
        let line = d.span.as_ref().map(|s| source.line_index(s.start));
        let on_line = line
            .and_then(|l| by_line.get(&(l, d.rule.clone())))
            .map_or(&[][..], Vec::as_slice);
        let in_scope = match &d.entity {
            Some(e) => by_entity.get(&(e.clone(), d.rule.clone())),
            None => org.get(&d.rule),
        }
        .map_or(&[][..], Vec::as_slice);
        // In file order, as a scan of every suppression would find them.
        let mut candidates: Vec<usize> = on_line.iter().chain(in_scope).copied().collect();
        candidates.sort_unstable();
        !candidates.iter().any(|&i| {
            suppressions
                .get_mut(i)
                .is_some_and(|s| s.suppresses(d, line))
        })
    });
    if let Some(severity) = (names.severity)(crate::ids::UNUSED_SUPPRESSION) {
        for suppression in &suppressions {
            for allowed in suppression
                .rules
                .iter()
                .filter(|a| !a.used && !(names.off)(&a.rule))
            {
                extra.push(
                    Diagnostic::at(
                        crate::ids::UNUSED_SUPPRESSION,
                        severity,
                        allowed.span.clone(),
                        "suppresses nothing",
                        format!("the suppression of {} suppresses nothing", code(&allowed.rule)),
                    )
                    .with_help("remove it: the problem it was for is gone, or it is not where the suppression applies")
                    .with_key(allowed.rule.clone()),
                );
            }
        }
    }
    diagnostics.extend(extra);
}

impl Suppression {
    /// Whether this suppression hides `d` (whose primary location starts on
    /// `line`); marks the rule used when it does.
    fn suppresses(&mut self, d: &Diagnostic, line: Option<usize>) -> bool {
        let applies = match &self.scope {
            Scope::Entity(e) => d.entity.as_ref() == Some(e),
            Scope::Org => d.entity.is_none(),
            Scope::Line(l) => line == Some(*l),
            Scope::Nothing => false,
        };
        match self.rules.iter_mut().find(|a| a.rule == d.rule) {
            Some(allowed) if applies => {
                allowed.used = true;
                true
            }
            _ => false,
        }
    }
}

/// The valid suppressions of the file, each bound to its scope; problems
/// with the others go to `extra` as `invalid-suppression`.
fn find(
    source: &SourceFile,
    model: &Model,
    names: &RuleNames<'_>,
    extra: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    let text = source.text();
    let comments = source.comments(false).comments;
    let comment_lines: std::collections::HashSet<usize> = comments
        .iter()
        .filter(|c| c.alone)
        .map(|c| source.line_index(c.span.start))
        .collect();
    // Entities by the line of their header, to bind comment blocks.
    let mut headers: std::collections::HashMap<usize, Scope> = std::collections::HashMap::new();
    if let Some(org) = &model.org.section.header {
        headers.insert(source.line_index(org.start), Scope::Org);
    }
    let vacancies = model.org.vacancies.iter().map(|v| &v.entity);
    for entity in model.entities().map(|id| model.entity(id)).chain(vacancies) {
        headers
            .entry(source.line_index(entity.header.start))
            .or_insert(Scope::Entity(entity.to_ref()));
    }
    // People of the file who are not in the org keep their suppressions.
    for (person, _) in &model.absent {
        headers
            .entry(source.line_index(person.entity.header.start))
            .or_insert(Scope::Entity(person.entity.to_ref()));
    }
    let invalid_severity = (names.severity)(crate::ids::INVALID_SUPPRESSION);
    let mut suppressions = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for crate::source::Comment { span, alone } in comments {
        let raw = text.get(span.clone()).unwrap_or_default();
        let body = raw.trim_start_matches('#').trim_start();
        let Some(after) = body.strip_prefix(PREFIX) else {
            continue;
        };
        let body_start = span.start + (raw.len() - after.len());
        let line = source.line_index(span.start);
        let scope = if alone {
            // The first line after the run of comments. The run found for
            // the previous comment is reused: a block of many comments is
            // walked once, not once per comment.
            let from = line + 1;
            let end = match run {
                Some((start, end)) if start <= from && from <= end => end,
                _ => {
                    let mut l = from;
                    while comment_lines.contains(&l) {
                        l += 1;
                    }
                    l
                }
            };
            run = Some((from, end));
            headers.get(&end).cloned().unwrap_or(Scope::Nothing)
        } else {
            Scope::Line(line)
        };
        let (rules, until) = match parse_allow(after, body_start) {
            Ok(allow) => allow,
            Err(why) => {
                if let Some(severity) = invalid_severity {
                    extra.push(
                        Diagnostic::at(crate::ids::INVALID_SUPPRESSION, severity, span.clone(), "invalid suppression", format!("invalid suppression: {why}"))
                            .with_help("write `# orglint: allow(RULE, ...) -- REASON`; it suppresses nothing until then")
                            .with_key(raw.trim()),
                    );
                }
                continue;
            }
        };
        if let Some(rules) = check_rules(rules, names, invalid_severity, extra) {
            match until {
                Some(until) if until <= model.as_of => {
                    // From its `until` on, an exception suppresses nothing
                    // and says so, whether or not its problem is still there.
                    if let Some(severity) = (names.severity)(crate::ids::EXPIRED_SUPPRESSION) {
                        let ids: Vec<&str> = rules.iter().map(|a| a.rule.as_str()).collect();
                        let shown: Vec<String> = ids.iter().map(|id| code(id)).collect();
                        extra.push(
                            Diagnostic::at(
                                crate::ids::EXPIRED_SUPPRESSION,
                                severity,
                                span.clone(),
                                format!("expired on {until}"),
                                format!(
                                    "the suppression of {} expired on {until}: it suppresses nothing since then",
                                    shown.join(", ")
                                ),
                            )
                            .with_help("fix what it excused, or, if the exception still holds, renew it with a later `until`")
                            .with_key(ids.join(",")),
                        );
                    }
                }
                _ => suppressions.push(Suppression { scope, rules }),
            }
        }
    }
    suppressions
}

/// The rules of one suppression, or `None` when one of them cannot be
/// suppressed (reported in `extra`): an invalid suppression suppresses
/// nothing.
fn check_rules(
    rules: Vec<(String, Span)>,
    names: &RuleNames<'_>,
    invalid_severity: Option<Severity>,
    extra: &mut Vec<Diagnostic>,
) -> Option<Vec<Allowed>> {
    let mut allowed = Vec::new();
    let mut valid = true;
    for (rule, rule_span) in rules {
        let problem = if names.locked.contains(&rule.as_str())
            || rule == crate::ids::INVALID_SUPPRESSION
            || rule == crate::ids::UNUSED_SUPPRESSION
            || rule == crate::ids::EXPIRED_SUPPRESSION
        {
            Some((format!("{} cannot be suppressed", code(&rule)), None))
        } else if !(names.is_known)(&rule) {
            let hint = crate::suggest::hint(&rule, names.known.iter().copied())
                .map(crate::suggest::did_you_mean);
            Some((
                format!("unknown rule {} in a suppression", code(&rule)),
                hint,
            ))
        } else {
            None
        };
        let Some((message, hint)) = problem else {
            allowed.push(Allowed {
                rule,
                span: rule_span,
                used: false,
            });
            continue;
        };
        valid = false;
        if let Some(severity) = invalid_severity {
            let mut d = Diagnostic::at(
                crate::ids::INVALID_SUPPRESSION,
                severity,
                rule_span.clone(),
                "here",
                message,
            )
            .with_key(rule.clone());
            d.help = Some(hint.unwrap_or_else(|| {
                "remove it from the suppression; it suppresses nothing until then".to_owned()
            }));
            extra.push(d);
        }
    }
    valid.then_some(allowed)
}
