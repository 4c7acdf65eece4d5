//! `rolls-up-to`: each selected entity must have an ancestor-or-self that
//! matches a target selector.

use super::params::Reader;
use super::selector::Selector;
use super::{Context, Finding, Info, Template, reporting_span};
use crate::model::EntityId;

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
            let actual = model
                .leader_of(&leaders, id)
                .map_or("none".to_owned(), |l| model.person_label(l));
            out.push(Finding {
                entity: Some(id),
                span: Some(reporting_span(model, id)),
                label: format!("rolls up to {actual}"),
                vars: vec![("target", self.target.display.clone()), ("actual", actual)],
                ..Finding::default()
            });
        }
    }
}
