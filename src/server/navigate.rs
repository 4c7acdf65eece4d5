//! Navigation: go to definition, find references and hover, from the
//! model of the org's last valid text.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{Location, Position, Uri};

use crate::model::Model;
use crate::org::{Person, Reference, Value};
use crate::source::{SourceFile, Span};

use super::position::{LineIndex, path_of, uri_of};
use super::state::State;

/// What navigation needs of a linted org: its model and where each file
/// is in the joined text the model's spans point into.
#[derive(Debug)]
pub struct Nav {
    /// The model of the org's last text that was valid TOML throughout.
    pub model: Model,
    /// The joined text of that org.
    pub text: Arc<SourceFile>,
    /// Each file and its range in the joined text, the root first.
    pub parts: Vec<(PathBuf, std::ops::Range<usize>)>,
}

/// What is at a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hit {
    /// An id named by `reports-to`, `lead` or `members`.
    Reference(String, Span),
    /// A person's header.
    Person(String, Span),
    /// A team's header.
    Team(String, Span),
}

impl Hit {
    /// The id and where it is.
    pub fn parts(&self) -> (&str, &Span) {
        match self {
            Hit::Reference(id, span) | Hit::Person(id, span) | Hit::Team(id, span) => (id, span),
        }
    }
}

impl Nav {
    /// The offset in the joined text of an offset of a file.
    pub fn joined(&self, path: &Path, local: usize) -> Option<usize> {
        let (_, range) = self.parts.iter().find(|(p, _)| p == path)?;
        let at = range.start.checked_add(local)?;
        (at <= range.end).then_some(at)
    }

    /// A span of the joined text as a file, a span in it and its text.
    pub fn located(&self, span: &Span) -> Option<(&Path, Span, &str)> {
        let (path, range) = self
            .parts
            .iter()
            .find(|(_, r)| r.start <= span.start && span.start <= r.end)?;
        let text = self.text.text().get(range.clone())?;
        let local = span.start - range.start..span.end.saturating_sub(range.start).min(text.len());
        Some((path, local, text))
    }

    /// A span of the joined text as an LSP location.
    pub fn location(&self, span: &Span) -> Option<Location> {
        let (path, local, text) = self.located(span)?;
        let index = LineIndex::new(text, false);
        Some(Location {
            uri: uri_of(path)?,
            range: index.range(text, &local),
        })
    }

    /// Every person of the file: those in the org on the as-of date and
    /// those who are not (leavers, people not started yet).
    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.model
            .org
            .people
            .iter()
            .chain(self.model.absent.iter().map(|(p, _)| p))
    }

    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people().find(|p| p.entity.id == id)
    }

    /// Where `reports-to`, `lead` and `members` name this id, in the joined
    /// text, in text order.
    pub fn references(&self, id: &str) -> Vec<Span> {
        let mut found = Vec::new();
        for person in self.people() {
            if let Reference::Named { id: named, span } = &person.reports_to
                && named == id
            {
                found.push(span.clone());
            }
        }
        for team in &self.model.org.teams {
            if let Reference::Named { id: named, span } = &team.lead
                && named == id
            {
                found.push(span.clone());
            }
            if let Some(Value::List(items)) = team.entity.value("members") {
                for item in items {
                    if item.value.as_str() == Some(id) {
                        found.push(item.span.clone());
                    }
                }
            }
        }
        found.sort_by_key(|s| s.start);
        found
    }

    /// What is at an offset of the joined text.
    pub fn at(&self, offset: usize) -> Option<Hit> {
        let inside = |s: &Span| s.start <= offset && offset <= s.end;
        for person in self.people() {
            if let Reference::Named { id, span } = &person.reports_to
                && inside(span)
            {
                return Some(Hit::Reference(id.clone(), span.clone()));
            }
        }
        for team in &self.model.org.teams {
            if let Reference::Named { id, span } = &team.lead
                && inside(span)
            {
                return Some(Hit::Reference(id.clone(), span.clone()));
            }
            if let Some(Value::List(items)) = team.entity.value("members") {
                for item in items.iter().filter(|i| inside(&i.span)) {
                    if let Some(id) = item.value.as_str() {
                        return Some(Hit::Reference(id.to_owned(), item.span.clone()));
                    }
                }
            }
        }
        if let Some(p) = self.people().find(|p| inside(&p.entity.header)) {
            return Some(Hit::Person(p.entity.id.clone(), p.entity.header.clone()));
        }
        let team = self
            .model
            .org
            .teams
            .iter()
            .find(|t| inside(&t.entity.header))?;
        Some(Hit::Team(
            team.entity.id.clone(),
            team.entity.header.clone(),
        ))
    }

    /// Where the id itself is written in an entity's header
    /// (`[people.ada]`, `ada = { ... }`, `ada.name = ...`), quotes included.
    pub fn id_in_header(&self, header: &Span, id: &str) -> Option<Span> {
        let text = self.text.text().get(header.clone())?;
        let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        let mut best = None;
        for (at, _) in text.match_indices(id) {
            let end = at + id.len();
            let before = text.get(..at).and_then(|t| t.chars().next_back());
            let after = text.get(end..).and_then(|t| t.chars().next());
            if before.is_some_and(bare) || after.is_some_and(bare) {
                continue;
            }
            let quoted = matches!(
                (before, after),
                (Some('"'), Some('"')) | (Some('\''), Some('\''))
            );
            best = Some(if quoted {
                header.start + at - 1..header.start + end + 1
            } else {
                header.start + at..header.start + end
            });
            // The id is the last key of a header: `[people.people]`.
            if text.starts_with('[') {
                continue;
            }
            break;
        }
        best
    }
}

/// The org's navigation data and the joined offset of a position.
pub(super) fn locate(state: &State, uri: &Uri, position: Position) -> Option<(Arc<Nav>, usize)> {
    let path = path_of(uri)?;
    let nav = state.org_of(&path)?.nav.clone()?;
    let text = state.text_of(&path)?;
    let bom = text.starts_with('\u{feff}');
    let text = text.trim_start_matches('\u{feff}');
    let local = LineIndex::new(text, bom).offset(text, position);
    let joined = nav.joined(&path, local)?;
    Some((nav, joined))
}

/// Go to definition: the table of the person (or team) an id names.
pub fn definition(state: &State, uri: &Uri, position: Position) -> Option<Location> {
    let (nav, offset) = locate(state, uri, position)?;
    match nav.at(offset)? {
        Hit::Reference(id, _) | Hit::Person(id, _) => {
            let person = nav.person(&id)?;
            nav.location(&person.entity.header)
        }
        Hit::Team(_, span) => nav.location(&span),
    }
}

/// Find references: every `reports-to`, `lead` and `members` naming the
/// person at the position (a header or a reference), with the header when
/// asked.
pub fn references(
    state: &State,
    uri: &Uri,
    position: Position,
    declaration: bool,
) -> Vec<Location> {
    let Some((nav, offset)) = locate(state, uri, position) else {
        return Vec::new();
    };
    let Some(Hit::Reference(id, _) | Hit::Person(id, _)) = nav.at(offset) else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    if declaration && let Some(person) = nav.person(&id) {
        spans.push(person.entity.header.clone());
    }
    spans.extend(nav.references(&id));
    spans.iter().filter_map(|s| nav.location(s)).collect()
}
