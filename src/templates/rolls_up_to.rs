//! `rolls-up-to`: each selected entity must have an ancestor-or-self that
//! matches a target selector.

use super::params::Reader;
use super::selector::Selector;
use super::{Context, Finding, Info, Template, reporting_span};
use crate::diagnostic::Group;
use crate::model::{EntityId, Model};

pub const INFO: Info = Info {
    name: "rolls-up-to",
    summary: "each selected entity, or one of its ancestors, matches the `target` selector; an entity whose chain to the root is broken is skipped",
    params: &["target"],
    param_docs: &[(
        "target",
        "required; a selector table, with the same keys as `select`, that the entity or one of its ancestors must match",
    )],
    placeholders: &["target", "actual"],
    placeholder_docs: &[
        (
            "target",
            "the target selector, its keys as `key in a, b`, joined with \"and\"",
        ),
        (
            "actual",
            "the entity's leader at level 1 as `Name (id)`, `none` when there is none",
        ),
    ],
    about_entity: true,
    takes_select: true,
    message: "{kind} `{id}` rolls up to {actual}, not to anyone with {target}",
    help: "move `{id}` under someone with {target}",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct RollsUpTo {
    target: Selector,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    Some(Box::new(RollsUpTo {
        target: r.selector("target")?,
    }))
}

impl Template for RollsUpTo {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        let rolls = model.rolls_up(|p| self.target.matches(model, EntityId::Person(p)));
        let leaders = model.leaders_at(1);
        let mut failing = Vec::new();
        for &id in cx.selected.iter() {
            let Some(anchor) = model.anchor(id) else {
                continue;
            };
            if model.depth(id).is_none() {
                continue; // a broken chain is reported by the structure rules
            }
            let own = matches!(id, EntityId::Team(_)) && self.target.matches(model, id);
            if own || rolls.get(anchor).copied().unwrap_or(false) {
                continue;
            }
            failing.push(id);
        }
        let tops = topmost(model, &failing);
        for &id in &failing {
            let actual = model
                .leader_of(&leaders, id)
                .map_or("none".to_owned(), |l| model.person_label(l));
            let top = tops(id);
            let top_id = &model.entity(top).id;
            cx.emit(out, || Finding {
                entity: Some(id),
                span: Some(reporting_span(model, id)),
                label: format!("rolls up to {actual}"),
                vars: vec![("target", self.target.display.clone()), ("actual", actual)],
                group: Some(Group {
                    key: top_id.clone(),
                    noun: "entity",
                    suffix: format!("at or below {}", crate::diagnostic::code(top_id)),
                }),
                ..Finding::default()
            });
        }
    }
}

/// For each failing entity, the topmost failing entity of its chain: where
/// the problem starts (a design VP under marketing, for the 71 people below
/// them), so that one cause is shown once.
fn topmost<'a>(model: &'a Model, failing: &[EntityId]) -> impl Fn(EntityId) -> EntityId + 'a {
    let people = model.org.people.len();
    let mut fails = vec![false; people];
    for id in failing {
        if let EntityId::Person(p) = id
            && let Some(slot) = fails.get_mut(*p)
        {
            *slot = true;
        }
    }
    // Parents come before their reports in `top_down`.
    let mut top: Vec<usize> = (0..people).collect();
    for &p in &model.top_down {
        if !fails.get(p).copied().unwrap_or(false) {
            continue;
        }
        if let Some(Some(parent)) = model.parent.get(p)
            && fails.get(*parent).copied().unwrap_or(false)
        {
            let parent_top = top.get(*parent).copied().unwrap_or(*parent);
            if let Some(slot) = top.get_mut(p) {
                *slot = parent_top;
            }
        }
    }
    move |id| match id {
        EntityId::Person(p) => EntityId::Person(top.get(p).copied().unwrap_or(p)),
        // A team starts its problem at its lead when the lead fails too.
        EntityId::Team(t) => match model.team_lead.get(t).copied().flatten() {
            Some(lead) if fails.get(lead).copied().unwrap_or(false) => {
                EntityId::Person(top.get(lead).copied().unwrap_or(lead))
            }
            _ => EntityId::Team(t),
        },
    }
}
