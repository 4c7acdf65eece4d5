//! `unique`: no value of a field may be held by two selected entities.

use std::collections::HashMap;

use super::params::Reader;
use super::{Context, Finding, Info, Template, elements};
use crate::diagnostic::Label;
use crate::model::{EntityId, field_value};
use crate::source::Span;

pub const INFO: Info = Info {
    name: "unique",
    summary: "no value of the field is held by two selected entities (each element of a list is a value; a value repeated within one entity counts once); one diagnostic per repeated value, at its first holder, with a label on each other holder",
    params: &["field"],
    param_docs: &[(
        "field",
        "required; a built-in or declared field of the selected kinds",
    )],
    placeholders: &["field", "value", "count"],
    placeholder_docs: &[
        ("field", "the field"),
        ("value", "the repeated value"),
        ("count", "how many entities hold it"),
    ],
    about_entity: false,
    takes_select: true,
    message: "`{value}` is the `{field}` of {count} entities",
    help: "keep `{value}` on one of them only",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct Unique {
    field: String,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    Some(Box::new(Unique {
        field: r.field("field", &[])?,
    }))
}

impl Template for Unique {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        // value -> holders (entity, span of the value in it), one per entity
        let mut holders: HashMap<String, Vec<(EntityId, Span)>> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for &id in cx.selected.iter() {
            let entity = model.entity(id);
            let Some(value) = field_value(entity, &self.field) else {
                continue;
            };
            let span = entity.span_of(&self.field);
            for (element, element_span) in elements(&value, &span) {
                let text = element.display();
                let list = holders.entry(text.clone()).or_default();
                if list.last().is_some_and(|(last, _)| *last == id) {
                    continue;
                }
                if list.is_empty() {
                    order.push(text);
                }
                list.push((id, element_span));
            }
        }
        for value in order {
            let Some(mut list) = holders.remove(&value) else {
                continue;
            };
            if list.len() < 2 {
                continue;
            }
            list.sort_by_key(|(_, span)| span.start);
            let Some((first, first_span)) = list.first().cloned() else {
                continue;
            };
            let first_entity = model.entity(first);
            let labels = list
                .iter()
                .skip(1)
                .map(|(id, span)| {
                    let e = model.entity(*id);
                    Label::new(
                        span.clone(),
                        format!("also on {} `{}`", e.kind.as_str(), e.id),
                    )
                })
                .collect();
            cx.emit(out, || Finding {
                span: Some(first_span),
                label: format!("on {} `{}`", first_entity.kind.as_str(), first_entity.id),
                vars: vec![
                    ("field", self.field.clone()),
                    ("value", value.clone()),
                    ("count", list.len().to_string()),
                ],
                labels,
                key: format!("{}:{value}", self.field),
                ..Finding::default()
            });
        }
    }
}
