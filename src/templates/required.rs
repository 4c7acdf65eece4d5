//! `required`: each selected entity must have every listed field, not empty.

use super::params::Reader;
use super::{Context, Finding, Info, Template};
use crate::model::field_value;
use crate::org::Value;

pub const INFO: Info = Info {
    name: "required",
    summary: "every selected entity has each listed field, and not as an empty string or an empty list; one diagnostic per entity and missing field",
    params: &["fields"],
    param_docs: &[(
        "fields",
        "required; a list of field names (built-in or declared custom fields of the selected kinds)",
    )],
    placeholders: &["field"],
    placeholder_docs: &[("field", "the field that is missing or empty")],
    about_entity: true,
    takes_select: true,
    message: "{kind} `{id}` has no `{field}`",
    help: "add `{field}` to {kind} `{id}`",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct Required {
    fields: Vec<String>,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    Some(Box::new(Required {
        fields: r.fields("fields")?,
    }))
}

impl Template for Required {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for &id in cx.selected.iter() {
            let entity = cx.model.entity(id);
            for field in &self.fields {
                // `Some(empty)`: missing; the label is only written for a
                // finding that is kept.
                let missing = match field_value(entity, field).as_deref() {
                    None => Some(false),
                    Some(Value::Str(s)) if s.trim().is_empty() => Some(true),
                    Some(Value::List(items)) if items.is_empty() => Some(true),
                    Some(_) => None,
                };
                if let Some(empty) = missing {
                    cx.emit(out, || Finding {
                        entity: Some(id),
                        span: Some(entity.span_of(field)),
                        label: if empty {
                            "empty".to_owned()
                        } else {
                            format!("no `{field}`")
                        },
                        vars: vec![("field", field.clone())],
                        key: field.clone(),
                        ..Finding::default()
                    });
                }
            }
        }
    }
}
