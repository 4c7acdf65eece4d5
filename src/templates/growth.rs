//! `growth` (two-sided): a manager's direct reports grow by at most
//! `max-growth` in one change.

use super::Finding;
use super::change::{ChangeContext, ChangeInfo, ChangeTemplate};
use super::params::Reader;
use crate::model::EntityId;

pub const INFO: ChangeInfo = ChangeInfo {
    name: "growth",
    summary: "each person of HEAD who was in BASE has at most `max-growth` more direct reports than at BASE",
    params: &["max-growth"],
    param_docs: &[(
        "max-growth",
        "an integer, default 5: how many direct reports one change may add to a manager",
    )],
    placeholders: &["before", "after", "growth", "max-growth"],
    placeholder_docs: &[
        ("before", "the direct reports at BASE"),
        ("after", "the direct reports at HEAD"),
        ("growth", "`after` minus `before`"),
        ("max-growth", "the param"),
    ],
    about_entity: true,
    takes_select: false,
    message: "`{id}` goes from {before} to {after} direct reports in one change, {growth} more (at most {max-growth})",
    help: "check that `{id}` can take on {growth} more people at once, or move some of them under another manager",
    defaults: &[("max-growth", "5")],
    build,
};

#[derive(Debug)]
struct Growth {
    max: u64,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn ChangeTemplate>> {
    let max = r.integer("max-growth", 0, Some(5))?;
    Some(Box::new(Growth {
        max: u64::try_from(max).unwrap_or(0),
    }))
}

impl ChangeTemplate for Growth {
    fn check(&self, cx: &ChangeContext<'_>, out: &mut Vec<Finding>) {
        for (q, p) in cx.pairing.people_back.iter().enumerate() {
            let Some(p) = p else { continue };
            let before = cx.base.direct_reports.get(*p).copied().unwrap_or(0);
            let after = cx.head.direct_reports.get(q).copied().unwrap_or(0);
            let growth = after.saturating_sub(before);
            if growth <= self.max {
                continue;
            }
            let id = EntityId::Person(q);
            out.push(Finding {
                entity: Some(id),
                span: Some(cx.head.entity(id).header.clone()),
                label: format!("{growth} more direct reports"),
                vars: vec![
                    ("before", before.to_string()),
                    ("after", after.to_string()),
                    ("growth", growth.to_string()),
                    ("max-growth", self.max.to_string()),
                ],
                measured: Some(crate::diagnostic::Measured {
                    value: growth as f64,
                    higher_is_worse: true,
                }),
                ..Finding::default()
            });
        }
    }
}
