//! `equals`: a field must have one value (or one of several).

use super::params::Reader;
use super::{Context, Finding, Info, Template};
use crate::model::field_value;
use crate::org::Value;

pub const INFO: Info = Info {
    name: "equals",
    summary: "the field of each selected entity has the expected value, or one of the expected values; a missing field counts as different",
    params: &["field", "value", "one-of"],
    param_docs: &[
        (
            "field",
            "required; a built-in or declared field of the selected kinds, as written in the file (`on-call` defaults to false)",
        ),
        (
            "value",
            "the expected value: a string, number or boolean; exactly one of `value` and `one-of`",
        ),
        (
            "one-of",
            "a list of accepted values; exactly one of `value` and `one-of`",
        ),
    ],
    placeholders: &["field", "expected", "actual"],
    placeholder_docs: &[
        ("field", "the field"),
        ("expected", "the expected values, joined with `, `"),
        (
            "actual",
            "the value found, `none` when the field is missing",
        ),
    ],
    about_entity: true,
    takes_select: true,
    message: "`{field}` of {kind} `{id}` is {actual}, expected {expected}",
    help: "set `{field}` to {expected}",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct Equals {
    field: String,
    expected: Vec<Value>,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let field = r.field("field", &[]);
    if !r.exactly_one("value", "one-of") {
        return None;
    }
    let expected = match r.scalar("value") {
        Some(v) => vec![v],
        None => r.values("one-of")?,
    };
    Some(Box::new(Equals {
        field: field?,
        expected,
    }))
}

impl Template for Equals {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let expected: Vec<String> = self.expected.iter().map(Value::display).collect();
        for &id in cx.selected.iter() {
            let entity = cx.model.entity(id);
            let actual = field_value(entity, &self.field);
            if actual.as_deref().is_some_and(|a| self.expected.contains(a)) {
                continue;
            }
            let actual = actual.map_or("none".to_owned(), |a| a.display());
            cx.emit(out, || Finding {
                entity: Some(id),
                span: Some(entity.span_of(&self.field)),
                label: format!("`{}` is {actual}", self.field),
                vars: vec![
                    ("field", self.field.clone()),
                    ("expected", expected.join(", ")),
                    ("actual", actual),
                ],
                ..Finding::default()
            });
        }
    }
}
