//! `span-of-control`: managers' direct reports must be in range.

use super::{Context, Finding, Info, Template};
use crate::rules::params::{Bounds, Reader};

pub const INFO: Info = Info {
    name: "span-of-control",
    summary: "each selected person with at least one direct report has between `min` and `max` of them; people without reports and teams are skipped",
    params: &["min", "max"],
    param_docs: &[
        (
            "min",
            "inclusive lower bound, a number; at least one of `min` and `max`, and `min <= max`",
        ),
        ("max", "inclusive upper bound, a number"),
    ],
    placeholders: &["count", "min", "max"],
    placeholder_docs: &[
        ("count", "the number of direct reports"),
        ("min", "`min`, `none` when unset"),
        ("max", "`max`, `none` when unset"),
    ],
    about_entity: true,
    takes_select: true,
    message: "`{id}` has {count} direct reports, outside {min}..{max}",
    help: "rebalance the reporting lines under `{id}`",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct SpanOfControl {
    bounds: Bounds,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    Some(Box::new(SpanOfControl { bounds: r.bounds() }))
}

impl Template for SpanOfControl {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for &id in cx.selected.iter() {
            let Some(count) = cx.model.direct_reports(id) else {
                continue;
            };
            if count == 0 || self.bounds.contains(count as f64) {
                continue;
            }
            let mut vars = vec![("count", count.to_string())];
            vars.extend(self.bounds.vars());
            out.push(Finding {
                entity: Some(id),
                span: Some(cx.model.entity(id).header.clone()),
                label: format!("{count} direct reports"),
                vars,
                ..Finding::default()
            });
        }
    }
}
