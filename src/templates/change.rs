//! Two-sided templates: checks over a change of the org, BASE against
//! HEAD, for the rules that run only in `orglint diff` (the built-in
//! `change` pack). They see both models and which person of one is which
//! of the other ([`Pairing`]: the same id, or a rename). Their findings are
//! about HEAD, so that they are located, suppressed and baselined in HEAD's
//! text like every other diagnostic.

use foldhash::HashMap;

use super::{Finding, growth, holder_changed, left_subtree, removal};
use crate::model::{EntityId, Model};
use crate::org::Entity;

/// Which person (and team) of BASE is which of HEAD.
#[derive(Debug, Default)]
pub struct Pairing {
    /// For each person of BASE, the person of HEAD (same id, or renamed).
    pub people: Vec<Option<usize>>,
    /// For each person of HEAD, the person of BASE.
    pub people_back: Vec<Option<usize>>,
    /// For each team of BASE, the team of HEAD.
    pub teams: Vec<Option<usize>>,
    /// For each team of HEAD, the team of BASE.
    pub teams_back: Vec<Option<usize>>,
    /// Renamed people: (BASE index, HEAD index), in BASE id order.
    pub renamed_people: Vec<(usize, usize)>,
    /// Renamed teams, likewise.
    pub renamed_teams: Vec<(usize, usize)>,
}

/// What tells a renamed entity: its name and title (a team's name and
/// function).
fn signature(entity: &Entity, field: &str) -> (String, String) {
    (
        entity.str_value("name").unwrap_or_default().to_owned(),
        entity.str_value(field).unwrap_or_default().to_owned(),
    )
}

fn link(forward: &mut [Option<usize>], back: &mut [Option<usize>], i: usize, j: usize) {
    if let Some(slot) = forward.get_mut(i) {
        *slot = Some(j);
    }
    if let Some(slot) = back.get_mut(j) {
        *slot = Some(i);
    }
}

/// Forward and back indices, and the renamed pairs.
type Paired = (Vec<Option<usize>>, Vec<Option<usize>>, Vec<(usize, usize)>);

/// Pairs entities of one kind: by id, then the ids removed and added with
/// the same signature, when exactly one such pair exists.
fn pair_kind<'a>(base: &'a [&'a Entity], head: &'a [&'a Entity], field: &str) -> Paired {
    let mut forward = vec![None; base.len()];
    let mut back = vec![None; head.len()];
    let by_id: HashMap<&str, usize> = head
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    for (i, e) in base.iter().enumerate() {
        if let Some(&j) = by_id.get(e.id.as_str()) {
            link(&mut forward, &mut back, i, j);
        }
    }
    // Only signatures with a name: an entity without one tells nothing.
    let mut removed: HashMap<(String, String), Vec<usize>> = HashMap::default();
    for (i, e) in base.iter().enumerate() {
        if forward.get(i).is_some_and(Option::is_none) && e.str_value("name").is_some() {
            removed.entry(signature(e, field)).or_default().push(i);
        }
    }
    let mut added: HashMap<(String, String), Vec<usize>> = HashMap::default();
    for (j, e) in head.iter().enumerate() {
        if back.get(j).is_some_and(Option::is_none) && e.str_value("name").is_some() {
            added.entry(signature(e, field)).or_default().push(j);
        }
    }
    let mut renamed = Vec::new();
    for (sig, from) in &removed {
        if let ([i], Some([j])) = (from.as_slice(), added.get(sig).map(Vec::as_slice)) {
            link(&mut forward, &mut back, *i, *j);
            renamed.push((*i, *j));
        }
    }
    renamed.sort_unstable();
    (forward, back, renamed)
}

fn people(m: &Model) -> Vec<&Entity> {
    m.org.people.iter().map(|p| &p.entity).collect()
}

fn teams(m: &Model) -> Vec<&Entity> {
    m.org.teams.iter().map(|t| &t.entity).collect()
}

/// Pairs the people and teams of two models.
pub fn pair(base: &Model, head: &Model) -> Pairing {
    let (base_people, head_people) = (people(base), people(head));
    let (p, pb, pr) = pair_kind(&base_people, &head_people, "title");
    let (base_teams, head_teams) = (teams(base), teams(head));
    let (t, tb, tr) = pair_kind(&base_teams, &head_teams, "function");
    Pairing {
        people: p,
        people_back: pb,
        teams: t,
        teams_back: tb,
        renamed_people: pr,
        renamed_teams: tr,
    }
}

/// What a two-sided template sees.
pub struct ChangeContext<'a> {
    /// The org at BASE.
    pub base: &'a Model,
    /// The org at HEAD: findings are about it.
    pub head: &'a Model,
    /// Which entity of one side is which of the other.
    pub pairing: &'a Pairing,
    /// The entities of BASE the rule's selector matches.
    pub selected: Vec<EntityId>,
}

impl ChangeContext<'_> {
    /// Where org-level findings point: HEAD's `[org]` header.
    pub fn org_span(&self) -> Option<crate::source::Span> {
        self.head.org.section.header.clone()
    }
}

/// A built two-sided check.
pub trait ChangeTemplate: Send + Sync + std::fmt::Debug {
    /// Appends a finding for every problem of the change.
    fn check(&self, cx: &ChangeContext<'_>, out: &mut Vec<Finding>);
}

/// A two-sided template's description, as [`super::Info`] describes the
/// others (`about_entity`: about an entity of HEAD; `select`: matched at
/// BASE).
pub type ChangeInfo = super::Info<dyn ChangeTemplate>;

/// Every two-sided template.
pub const CHANGE_TEMPLATES: &[ChangeInfo] = &[
    removal::INFO,
    left_subtree::INFO,
    holder_changed::INFO,
    growth::INFO,
];

/// The two-sided template named `name`.
pub fn info(name: &str) -> Option<&'static ChangeInfo> {
    CHANGE_TEMPLATES.iter().find(|t| t.name == name)
}

/// Whether a person of a model holds `role`.
pub fn has_role(model: &Model, p: usize, role: &str) -> bool {
    match model.person(p).entity.value("roles") {
        Some(crate::org::Value::List(items)) => {
            items.iter().any(|i| i.value.as_str() == Some(role))
        }
        _ => false,
    }
}

/// The org of a side where it does not exist (or is not valid TOML): no
/// one, so that everything of the other side is added or removed.
pub fn empty_model(as_of: crate::dates::Date) -> Model {
    Model::build_as_of(crate::org::ParsedOrg::default(), "", as_of, &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated reference documents every param and placeholder a
    /// two-sided template takes, and nothing else.
    #[test]
    fn every_param_and_placeholder_has_one_doc() {
        for t in CHANGE_TEMPLATES {
            let documented: Vec<&str> = t.param_docs.iter().map(|(n, _)| *n).collect();
            assert_eq!(documented, t.params, "param docs of `{}`", t.name);
            let documented: Vec<&str> = t.placeholder_docs.iter().map(|(n, _)| *n).collect();
            assert_eq!(
                documented, t.placeholders,
                "placeholder docs of `{}`",
                t.name
            );
            assert!(
                super::super::info(t.name).is_none(),
                "`{}` is two names",
                t.name
            );
        }
    }

    fn model(text: &str) -> Model {
        let (org, mut d) = crate::parse::parse(text, &crate::Vocabulary::default()).unwrap();
        Model::build(org, text, &mut d)
    }

    #[test]
    fn a_rename_needs_one_pair_of_the_same_name_and_title() {
        let base = model(
            "[people.a]\nname = \"Ann\"\n[people.b]\nname = \"Bo\"\n[people.c]\nname = \"Bo\"\n",
        );
        let head = model(
            "[people.x]\nname = \"Ann\"\n[people.y]\nname = \"Bo\"\n[people.z]\nname = \"Bo\"\n",
        );
        let pairing = pair(&base, &head);
        // Ann is renamed; the two Bos could be either: removed and added.
        assert_eq!(pairing.renamed_people, vec![(0, 0)]);
        assert_eq!(pairing.people, vec![Some(0), None, None]);
        assert_eq!(pairing.people_back, vec![Some(0), None, None]);
    }
}
