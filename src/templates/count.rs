//! `count`: the number of selected entities must be in range.

use super::{Context, Finding, Info, Template};
use crate::diagnostic::Label;
use crate::rules::params::{Bounds, Reader};

pub const INFO: Info = Info {
    name: "count",
    summary: "the number of selected entities is within `min`..`max`; one diagnostic about the org, at the `[org]` header, with a label on every selected entity",
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
        ("count", "how many entities the selector matched"),
        ("min", "`min`, `none` when unset"),
        ("max", "`max`, `none` when unset"),
    ],
    about_entity: false,
    takes_select: true,
    message: "{count} entities match, expected {min}..{max}",
    help: "change the org so that between {min} and {max} entities match",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct Count {
    bounds: Bounds,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    Some(Box::new(Count { bounds: r.bounds() }))
}

impl Template for Count {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let count = cx.selected.len();
        if self.bounds.contains(count as f64) {
            return;
        }
        let mut labels: Vec<Label> = cx
            .selected
            .iter()
            .map(|&id| Label::new(cx.model.entity(id).header.clone(), "counted here"))
            .collect();
        labels.sort_by_key(|l| l.span.start);
        let mut vars = vec![("count", count.to_string())];
        vars.extend(self.bounds.vars());
        out.push(Finding {
            span: cx.org_span(),
            label: format!("{count} found"),
            vars,
            labels,
            ..Finding::default()
        });
    }
}
