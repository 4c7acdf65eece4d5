//! The change, entity by entity: who and which teams were added, removed,
//! renamed, moved or changed, and the facts a reviewer weighs before and
//! after (headcount per function, each executive's organisation, the R&D
//! organisation, spans that crossed a threshold, the deepest layer).

use serde::Serialize;

use super::facts::{Fact, FactParams};
use crate::model::Model;
use crate::org::{Entity, Reference};
use crate::templates::change::Pairing;

/// An entity added or removed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Named {
    /// The org's root file.
    pub org: String,
    /// The id.
    pub id: String,
    /// The name (the id when it has none).
    pub name: String,
}

/// An id renamed (same name and title).
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Renamed {
    /// The org's root file.
    pub org: String,
    /// The id at BASE.
    pub from: String,
    /// The id at HEAD.
    pub to: String,
}

/// A person who reports to someone else (ids at HEAD).
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moved {
    /// The org's root file.
    pub org: String,
    /// The person's id at HEAD.
    pub id: String,
    /// The manager at BASE (its id at HEAD when renamed); `None`: nobody.
    pub from: Option<String>,
    /// The manager at HEAD; `None`: nobody.
    pub to: Option<String>,
}

/// A field whose value changed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Changed {
    /// The org's root file.
    pub org: String,
    /// The entity's id at HEAD.
    pub id: String,
    /// The field (`function`, `title`, `roles`; `lead`, `members`,
    /// `headcount`).
    pub field: String,
    /// Its value at BASE; `None`: not set.
    pub before: Option<String>,
    /// Its value at HEAD; `None`: not set.
    pub after: Option<String>,
}

/// The changes of one kind of entity.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EntityChanges {
    /// At HEAD only.
    pub added: Vec<Named>,
    /// At BASE only.
    pub removed: Vec<Named>,
    /// An id removed and one added for the same entity.
    pub renamed: Vec<Renamed>,
    /// People whose manager changed (teams: always empty; a team's lead
    /// is a `changed` field).
    pub moved: Vec<Moved>,
    /// Fields that changed.
    pub changed: Vec<Changed>,
}

/// Everything that changed, every list sorted.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Changes {
    /// People.
    pub people: EntityChanges,
    /// Teams.
    pub teams: EntityChanges,
    /// Facts whose value changed.
    pub facts: Vec<Fact>,
}

impl Changes {
    /// Sorts every list.
    pub fn sort(&mut self) {
        for kind in [&mut self.people, &mut self.teams] {
            kind.added.sort();
            kind.removed.sort();
            kind.renamed.sort();
            kind.moved.sort();
            kind.changed.sort();
        }
        self.facts.sort();
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        [&self.people, &self.teams].iter().all(|k| {
            k.added.is_empty()
                && k.removed.is_empty()
                && k.renamed.is_empty()
                && k.moved.is_empty()
                && k.changed.is_empty()
        }) && self.facts.is_empty()
    }
}

fn named(org: &str, entity: &Entity) -> Named {
    Named {
        org: org.to_owned(),
        id: entity.id.clone(),
        name: entity.name().to_owned(),
    }
}

/// Whether two values are the same, wherever they are written (list
/// items carry their spans).
fn same(a: Option<&crate::org::Value>, b: Option<&crate::org::Value>) -> bool {
    use crate::org::Value;
    match (a, b) {
        (Some(Value::List(x)), Some(Value::List(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(i, j)| i.value == j.value)
        }
        (a, b) => a == b,
    }
}

fn field_text(entity: &Entity, key: &str) -> Option<String> {
    entity.value(key).map(crate::org::Value::display)
}

/// Adds what changed in one org from `base` to `head` to `out`.
pub fn compute(
    org: &str,
    base: &Model,
    head: &Model,
    pairing: &Pairing,
    params: &FactParams,
    out: &mut Changes,
) {
    people(org, base, head, pairing, &mut out.people);
    teams(org, base, head, pairing, &mut out.teams);
    super::facts::facts(org, base, head, pairing, params, &mut out.facts);
}

fn people(org: &str, base: &Model, head: &Model, pairing: &Pairing, out: &mut EntityChanges) {
    let head_id = |q: usize| head.person(q).entity.id.clone();
    for (p, paired) in pairing.people.iter().enumerate() {
        let was = &base.person(p).entity;
        let Some(q) = *paired else {
            out.removed.push(named(org, was));
            continue;
        };
        let is = &head.person(q).entity;
        let was_manager = base.parent.get(p).copied().flatten();
        let is_manager = head.parent.get(q).copied().flatten();
        // The common case, the same manager (or the same person): compared
        // by index, without naming anyone.
        let paired_manager = was_manager.and_then(|m| pairing.people.get(m).copied().flatten());
        let unmoved = match (was_manager, is_manager) {
            (Some(_), Some(n)) => paired_manager == Some(n),
            (None, None) => base.person(p).reports_to == head.person(q).reports_to,
            _ => false,
        };
        if !unmoved {
            // The manager at BASE, as HEAD names them.
            let before = was_manager
                .map(|m| paired_manager.map_or_else(|| base.person(m).entity.id.clone(), head_id))
                .or_else(|| unresolved(&base.person(p).reports_to));
            let after = is_manager
                .map(head_id)
                .or_else(|| unresolved(&head.person(q).reports_to));
            if before != after {
                out.moved.push(Moved {
                    org: org.to_owned(),
                    id: is.id.clone(),
                    from: before,
                    to: after,
                });
            }
        }
        for field in ["function", "title", "roles"] {
            if !same(was.value(field), is.value(field)) {
                push_changed(
                    org,
                    is,
                    field,
                    field_text(was, field),
                    field_text(is, field),
                    out,
                );
            }
        }
    }
    for (q, paired) in pairing.people_back.iter().enumerate() {
        if paired.is_none() {
            out.added.push(named(org, &head.person(q).entity));
        }
    }
    for &(p, q) in &pairing.renamed_people {
        out.renamed.push(Renamed {
            org: org.to_owned(),
            from: base.person(p).entity.id.clone(),
            to: head.person(q).entity.id.clone(),
        });
    }
}

/// A `reports-to` that names nobody in the model: the id as written.
fn unresolved(reference: &Reference) -> Option<String> {
    match reference {
        Reference::Named { id, .. } => Some(id.clone()),
        _ => None,
    }
}

fn push_changed(
    org: &str,
    is: &Entity,
    field: &str,
    before: Option<String>,
    after: Option<String>,
    out: &mut EntityChanges,
) {
    if before != after {
        out.changed.push(Changed {
            org: org.to_owned(),
            id: is.id.clone(),
            field: field.to_owned(),
            before,
            after,
        });
    }
}

fn teams(org: &str, base: &Model, head: &Model, pairing: &Pairing, out: &mut EntityChanges) {
    // A person of BASE named as HEAD names them.
    let as_head = |id: &str| -> String {
        base.person_index(id)
            .and_then(|p| pairing.people.get(p).copied().flatten())
            .map_or_else(|| id.to_owned(), |q| head.person(q).entity.id.clone())
    };
    for (t, paired) in pairing.teams.iter().enumerate() {
        let was_team = base.team(t);
        let Some(u) = *paired else {
            out.removed.push(named(org, &was_team.entity));
            continue;
        };
        let is_team = head.team(u);
        let (was, is) = (&was_team.entity, &is_team.entity);
        let lead = |r: &Reference| match r {
            Reference::Named { id, .. } => Some(id.clone()),
            _ => None,
        };
        let lead_before = lead(&was_team.lead).map(|id| as_head(&id));
        push_changed(org, is, "lead", lead_before, lead(&is_team.lead), out);
        push_changed(
            org,
            is,
            "function",
            field_text(was, "function"),
            field_text(is, "function"),
            out,
        );
        // The common case, the same ids in the same order, costs no copy.
        let unchanged = pairing.renamed_people.is_empty()
            && was_team.members.len() == is_team.members.len()
            && was_team
                .members
                .iter()
                .zip(&is_team.members)
                .all(|(a, b)| a.0 == b.0);
        if !unchanged {
            let members = |list: Vec<String>| -> Option<String> {
                let mut list = list;
                list.sort();
                (!list.is_empty()).then(|| list.join(", "))
            };
            let before = members(was_team.members.iter().map(|(m, _)| as_head(m)).collect());
            let after = members(is_team.members.iter().map(|(m, _)| m.clone()).collect());
            push_changed(org, is, "members", before, after, out);
        }
        let count = |h: Option<u64>| h.map(|h| h.to_string());
        push_changed(
            org,
            is,
            "headcount",
            count(was_team.headcount),
            count(is_team.headcount),
            out,
        );
    }
    for (u, paired) in pairing.teams_back.iter().enumerate() {
        if paired.is_none() {
            out.added.push(named(org, &head.team(u).entity));
        }
    }
    for &(t, u) in &pairing.renamed_teams {
        out.renamed.push(Renamed {
            org: org.to_owned(),
            from: base.team(t).entity.id.clone(),
            to: head.team(u).entity.id.clone(),
        });
    }
}
