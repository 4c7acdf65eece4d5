//! `left-subtree` (two-sided): the selected people who rolled up to the
//! `target` at BASE roll up to it at HEAD too.

use super::Finding;
use super::change::{ChangeContext, ChangeInfo, ChangeTemplate};
use super::params::Reader;
use super::selector::Selector;
use crate::diagnostic::Group;
use crate::model::{EntityId, Model};

pub const INFO: ChangeInfo = ChangeInfo {
    name: "left-subtree",
    summary: "each selected person of BASE (matched at BASE) who rolled up to someone matching `target` at BASE, and is still in HEAD, rolls up to someone matching `target` at HEAD",
    params: &["target"],
    param_docs: &[(
        "target",
        "required; a selector table, with the same keys as `select`, for the leadership the people must stay under",
    )],
    placeholders: &["target", "before", "after"],
    placeholder_docs: &[
        (
            "target",
            "the target selector, its keys as `key in a, b`, joined with \"and\"",
        ),
        (
            "before",
            "the person's leader at level 1 at BASE, as `Name (id)`",
        ),
        (
            "after",
            "the person's leader at level 1 at HEAD, as `Name (id)`, `none` when there is none",
        ),
    ],
    about_entity: true,
    takes_select: true,
    message: "`{id}` no longer rolls up to anyone with {target}: {before} before, {after} now",
    help: "move `{id}` back under someone with {target}",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct LeftSubtree {
    target: Selector,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn ChangeTemplate>> {
    Some(Box::new(LeftSubtree {
        target: r.selector("target")?,
    }))
}

fn leader(model: &Model, leaders: &[Option<usize>], p: usize) -> String {
    model
        .leader_of(leaders, EntityId::Person(p))
        .map_or("none".to_owned(), |l| model.person_label(l))
}

impl ChangeTemplate for LeftSubtree {
    fn check(&self, cx: &ChangeContext<'_>, out: &mut Vec<Finding>) {
        let (base, head) = (cx.base, cx.head);
        let under = |m: &Model| m.rolls_up(|p| self.target.matches(m, EntityId::Person(p)));
        let (was, is) = (under(base), under(head));
        let mut failing = vec![false; head.org.people.len()];
        let mut found = Vec::new();
        for &id in &cx.selected {
            let EntityId::Person(p) = id else { continue };
            let Some(Some(q)) = cx.pairing.people.get(p) else {
                continue; // removed: `mass-removal` counts them
            };
            if !was.get(p).copied().unwrap_or(false)
                || head.depth.get(*q).copied().flatten().is_none()
                || is.get(*q).copied().unwrap_or(false)
            {
                continue;
            }
            if let Some(slot) = failing.get_mut(*q) {
                *slot = true;
            }
            found.push((p, *q));
        }
        if found.is_empty() {
            return;
        }
        // One cause per moved branch: the topmost person who left, for
        // everyone below them who left too.
        let mut top: Vec<usize> = (0..head.org.people.len()).collect();
        for &p in &head.top_down {
            if !failing.get(p).copied().unwrap_or(false) {
                continue;
            }
            if let Some(Some(parent)) = head.parent.get(p)
                && failing.get(*parent).copied().unwrap_or(false)
            {
                let parent_top = top.get(*parent).copied().unwrap_or(*parent);
                if let Some(slot) = top.get_mut(p) {
                    *slot = parent_top;
                }
            }
        }
        let (before, after) = (base.leaders_at(1), head.leaders_at(1));
        for (p, q) in found {
            let id = EntityId::Person(q);
            let top_id = &head.person(top.get(q).copied().unwrap_or(q)).entity.id;
            let now = leader(head, &after, q);
            out.push(Finding {
                entity: Some(id),
                span: Some(super::reporting_span(head, id)),
                label: format!("rolls up to {now} now"),
                vars: vec![
                    ("target", self.target.display.clone()),
                    ("before", leader(base, &before, p)),
                    ("after", now),
                ],
                group: Some(Group {
                    key: top_id.clone(),
                    noun: "person",
                    suffix: format!("at or below {}", crate::diagnostic::code(top_id)),
                }),
                ..Finding::default()
            });
        }
    }
}
