//! `count`: the number of selected entities must be in range.

use super::params::{Bounds, Reader};
use super::{Context, Finding, Info, Template};
use crate::diagnostic::{EntityKind, Label};

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
    placeholders: &["count", "entities", "min", "max", "range"],
    placeholder_docs: &[
        ("count", "how many entities the selector matched"),
        (
            "entities",
            "that count with its noun: `1 person`, `3 teams`, `0 entities`",
        ),
        ("min", "`min`, `none` when unset"),
        ("max", "`max`, `none` when unset"),
        (
            "range",
            "`min` and `max` in words: `exactly 1`, `at least 2`, `at most 8`, `between 2 and 12`",
        ),
    ],
    about_entity: false,
    takes_select: true,
    message: "the selector matches {entities}, expected {range}",
    help: "change the org so that the selector matches {range}",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct Count {
    bounds: Bounds,
    /// What is counted, by the kinds the selector can match.
    noun: &'static str,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let noun = match r.kinds {
        [EntityKind::Person] => "person",
        [EntityKind::Team] => "team",
        _ => "entity",
    };
    Some(Box::new(Count {
        bounds: r.bounds(),
        noun,
    }))
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
        let mut vars = vec![
            ("count", count.to_string()),
            ("entities", crate::text::plural(count, self.noun)),
        ];
        vars.extend(self.bounds.vars());
        cx.emit(out, || Finding {
            span: cx.org_span(),
            label: format!("{count} found"),
            vars,
            labels,
            // One diagnostic per rule: the rule id in the baseline entry is
            // enough, and the message may change with the count.
            key: "count".to_owned(),
            measured: Some(self.bounds.measure(count as f64)),
            ..Finding::default()
        });
    }
}
