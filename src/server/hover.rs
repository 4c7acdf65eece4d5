//! Hover: the person an id names (name, title, function, manager chain,
//! direct reports), a team, or `orglint explain` of a rule named in a
//! suppression comment.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range, Uri};

use crate::model::{Absence, EntityId};
use crate::org::Reference;

use super::navigate::{Hit, Nav, locate};
use super::position::{LineIndex, path_of};
use super::state::State;

impl Nav {
    /// The hover text of a person.
    pub fn person_hover(&self, id: &str) -> Option<String> {
        let person = self.person(id)?;
        let entity = &person.entity;
        let model = &self.model;
        let mut lines = vec![format!("**{}** (`{}`)", entity.name(), entity.id)];
        if let Some(title) = entity.str_value("title") {
            lines.push(format!("title: {title}"));
        }
        let index = model.person_index(id);
        let function = index
            .and_then(|p| model.function(EntityId::Person(p)))
            .or_else(|| entity.str_value("function"));
        if let Some(function) = function {
            lines.push(format!("function: {function}"));
        }
        if let Some((_, absence)) = model.absent.iter().find(|(p, _)| p.entity.id == id) {
            lines.push(match absence {
                Absence::Left(date) => format!("left: {date} (not in the org)"),
                Absence::NotStarted(date) => format!("starts: {date} (not in the org yet)"),
            });
        }
        let Some(p) = index else {
            return Some(lines.join("  \n"));
        };
        let mut chain = Vec::new();
        let mut at = model.parent.get(p).copied().flatten();
        while let Some(q) = at {
            if chain.len() >= model.org.people.len() || chain.contains(&q) {
                chain.push(usize::MAX);
                break;
            }
            chain.push(q);
            at = model.parent.get(q).copied().flatten();
        }
        if !chain.is_empty() {
            let names: Vec<String> = chain
                .iter()
                .map(|&q| {
                    if q == usize::MAX {
                        "(a loop)".to_owned()
                    } else {
                        model.person_label(q)
                    }
                })
                .collect();
            lines.push(format!("reports to: {}", names.join(" → ")));
        } else if let Reference::Named { id: manager, .. } = &person.reports_to {
            lines.push(format!("reports to: `{manager}` (not in the org)"));
        } else {
            lines.push("reports to: nobody (a root)".to_owned());
        }
        let reports: Vec<usize> = (0..model.org.people.len())
            .filter(|&q| model.parent.get(q).copied().flatten() == Some(p))
            .collect();
        let count = model.direct_reports.get(p).copied().unwrap_or(0);
        if count > 0 {
            let mut names: Vec<String> = reports
                .iter()
                .take(20)
                .map(|&q| model.person_label(q))
                .collect();
            if reports.len() > 20 {
                names.push(format!("and {} more", reports.len() - 20));
            }
            let listed = if names.is_empty() {
                "unlisted team members".to_owned()
            } else {
                names.join(", ")
            };
            lines.push(format!("direct reports ({count}): {listed}"));
        } else {
            lines.push("direct reports: none".to_owned());
        }
        Some(lines.join("  \n"))
    }
}

/// Hover: the person an id names, or `orglint explain` of a rule named in
/// a suppression comment.
pub fn hover(state: &State, uri: &Uri, position: Position) -> Option<Hover> {
    if let Some(hover) = rule_hover(state, uri, position) {
        return Some(hover);
    }
    let (nav, offset) = locate(state, uri, position)?;
    let hit = nav.at(offset)?;
    let (id, span) = hit.parts();
    let text = match &hit {
        Hit::Team(id, _) => {
            let team = nav.model.org.teams.iter().find(|t| &t.entity.id == id)?;
            let lead = match &team.lead {
                Reference::Named { id, .. } => nav.person(id).map_or_else(
                    || format!("`{id}`"),
                    |p| format!("{} (`{id}`)", p.entity.name()),
                ),
                _ => "none".to_owned(),
            };
            format!(
                "**{}** (team `{id}`)  \nlead: {lead}  \nmembers listed: {}",
                team.entity.name(),
                team.members.len()
            )
        }
        _ => nav
            .person_hover(id)
            .unwrap_or_else(|| format!("`{id}`: no such person")),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: nav.location(span).map(|l| l.range),
    })
}

/// The rule id under the cursor in a `# orglint: allow(...)` comment.
pub fn rule_at(line: &str, column: usize) -> Option<(String, std::ops::Range<usize>)> {
    let comment = line.find('#')?;
    let rest = line.get(comment..)?;
    let prefix = rest.find("orglint:")?;
    let allow = rest.get(prefix..)?.find("allow(")?;
    let open = comment + prefix + allow + "allow(".len();
    let close = line.get(open..)?.find(')').map_or(line.len(), |c| open + c);
    if column < open || column > close {
        return None;
    }
    let is_id = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.');
    let before = line.get(open..column)?;
    let start = before
        .rfind(|c: char| !is_id(c))
        .map_or(open, |i| open + i + 1);
    let after = line.get(column..close)?;
    let end = after
        .find(|c: char| !is_id(c))
        .map_or(close, |i| column + i);
    let id = line.get(start..end)?;
    (!id.is_empty()).then(|| (id.to_owned(), start..end))
}

fn rule_hover(state: &State, uri: &Uri, position: Position) -> Option<Hover> {
    let path = path_of(uri)?;
    let text = state.text_of(&path)?;
    let line = text.lines().nth(position.line as usize)?;
    let index = LineIndex::new(line, false);
    let column = index.offset(line, Position::new(0, position.character));
    let (id, span) = rule_at(line, column)?;
    let linter = state.org_of(&path).and_then(|o| o.linter.clone())?;
    let known = linter.known.iter().find(|k| k.def.id == id)?;
    let mut explained = Vec::new();
    crate::report::catalog::write_explain(&mut explained, known).ok()?;
    let range = Range::new(
        Position::new(position.line, index.position(line, span.start).character),
        Position::new(position.line, index.position(line, span.end).character),
    );
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: format!(
                "```text\n{}\n```",
                String::from_utf8_lossy(&explained).trim_end()
            ),
        }),
        range: Some(range),
    })
}
