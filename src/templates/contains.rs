//! `contains`: a list field must hold all of (or any of) some values.

use super::params::Reader;
use super::{Context, Finding, Info, Template, elements};
use crate::model::field_value;
use crate::org::Value;

pub const INFO: Info = Info {
    name: "contains",
    summary: "the list field of each selected entity holds all of (`all-of`) or at least one of (`any-of`) some values; a scalar counts as a one-element list, a missing field as an empty one",
    params: &["field", "all-of", "any-of"],
    param_docs: &[
        (
            "field",
            "required; a built-in or declared field of the selected kinds, usually a list",
        ),
        (
            "all-of",
            "a list of values that must all be there; exactly one of `all-of` and `any-of`",
        ),
        (
            "any-of",
            "a list of values of which at least one must be there; exactly one of `all-of` and `any-of`",
        ),
    ],
    placeholders: &["field", "expected", "actual"],
    placeholder_docs: &[
        ("field", "the field"),
        (
            "expected",
            "the values that are lacking, joined with commas (`all-of`) or with \"or\" (`any-of`)",
        ),
        (
            "actual",
            "the values found, joined with `, `; `none` when there are none",
        ),
    ],
    about_entity: true,
    takes_select: true,
    message: "`{field}` of {kind} `{id}` is {actual}, which lacks {expected}",
    help: "add {expected} to `{field}`",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct Contains {
    field: String,
    expected: Vec<Value>,
    all: bool,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let field = r.field("field", &[]);
    if !r.exactly_one("all-of", "any-of") {
        return None;
    }
    let all = r.has("all-of");
    let expected = r.values(if all { "all-of" } else { "any-of" })?;
    Some(Box::new(Contains {
        field: field?,
        expected,
        all,
    }))
}

impl Template for Contains {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for &id in cx.selected.iter() {
            let entity = cx.model.entity(id);
            let span = entity.span_of(&self.field);
            let actual: Vec<Value> = field_value(entity, &self.field)
                .map(|v| elements(&v, &span).into_iter().map(|(v, _)| v).collect())
                .unwrap_or_default();
            let has = |v: &Value| actual.contains(v);
            let lacking: Vec<String> = if self.all {
                self.expected
                    .iter()
                    .filter(|v| !has(v))
                    .map(Value::display)
                    .collect()
            } else if self.expected.iter().any(has) {
                Vec::new()
            } else {
                self.expected.iter().map(Value::display).collect()
            };
            if lacking.is_empty() {
                continue;
            }
            let shown = if actual.is_empty() {
                "none".to_owned()
            } else {
                actual
                    .iter()
                    .map(Value::display)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let joiner = if self.all { ", " } else { " or " };
            cx.emit(out, || Finding {
                entity: Some(id),
                span: Some(span),
                label: format!("no {}", lacking.join(joiner)),
                vars: vec![
                    ("field", self.field.clone()),
                    ("expected", lacking.join(joiner)),
                    ("actual", shown),
                ],
                ..Finding::default()
            });
        }
    }
}
