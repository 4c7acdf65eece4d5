//! `range`: a numeric field, or a derived size, must be in range.

use super::params::{Bounds, Reader};
use super::{Context, Finding, Info, Template, number_text};
use crate::model::field_value;

pub const INFO: Info = Info {
    name: "range",
    summary: "the numeric value of each selected entity is within `min`..`max`; a missing or non-numeric value is skipped",
    params: &["field", "min", "max"],
    param_docs: &[
        (
            "field",
            "required; a built-in or declared field of the selected kinds, or a derived fact: `size` (a team's size), `direct-reports` or `depth`",
        ),
        (
            "min",
            "inclusive lower bound, a number; at least one of `min` and `max`, and `min <= max`",
        ),
        ("max", "inclusive upper bound, a number"),
    ],
    placeholders: &["field", "value", "min", "max", "range"],
    placeholder_docs: &[
        ("field", "the field"),
        ("value", "the value found"),
        ("min", "`min`, `none` when unset"),
        ("max", "`max`, `none` when unset"),
        (
            "range",
            "`min` and `max` in words: `exactly 1`, `at least 2`, `at most 8`, `between 2 and 12`",
        ),
    ],
    about_entity: true,
    takes_select: true,
    message: "`{field}` of {kind} `{id}` is {value}, expected {range}",
    help: "make `{field}` {range}",
    defaults: &[],
    build,
};

const DERIVED: &[&str] = &["size", "direct-reports", "depth"];

#[derive(Debug)]
struct Range {
    field: String,
    bounds: Bounds,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let field = r.field("field", DERIVED);
    let bounds = r.bounds();
    Some(Box::new(Range {
        field: field?,
        bounds,
    }))
}

impl Template for Range {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        for &id in cx.selected.iter() {
            let entity = model.entity(id);
            let (value, span) = match self.field.as_str() {
                "size" => {
                    let span = ["headcount", "members"]
                        .iter()
                        .find_map(|k| entity.field(k).map(|f| f.span.clone()))
                        .unwrap_or_else(|| entity.header.clone());
                    (model.team_size(id).map(|s| s as f64), span)
                }
                "direct-reports" => (
                    model.direct_reports(id).map(|d| d as f64),
                    entity.header.clone(),
                ),
                "depth" => (
                    model.depth(id).map(|d| d as f64),
                    super::reporting_span(model, id),
                ),
                field => (
                    field_value(entity, field).and_then(|v| v.as_f64()),
                    entity.span_of(field),
                ),
            };
            let Some(value) = value else { continue };
            if self.bounds.contains(value) {
                continue;
            }
            let mut vars = vec![("field", self.field.clone()), ("value", number_text(value))];
            vars.extend(self.bounds.vars());
            cx.emit(out, || Finding {
                entity: Some(id),
                span: Some(span),
                label: format!("{} {}", self.field, number_text(value)),
                vars,
                measured: Some(self.bounds.measure(value)),
                ..Finding::default()
            });
        }
    }
}
