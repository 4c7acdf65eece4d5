//! `pattern`: a field (each element of a list) must match a regex, or must
//! not with `match = false`.

use regex::Regex;

use super::params::Reader;
use super::{Context, Finding, Info, Template, elements};
use crate::model::field_value;
use crate::org::Value;

pub const INFO: Info = Info {
    name: "pattern",
    summary: "the field of each selected entity (each element, for a list) matches a regex, or with `match = false` does not; a missing field is skipped; one diagnostic per entity, for the first failing element",
    params: &["field", "regex", "match"],
    param_docs: &[
        (
            "field",
            "required; a built-in or declared field of the selected kinds; non-string values are matched as they are displayed",
        ),
        (
            "regex",
            "required; a regex in the syntax of the Rust `regex` crate, searched unanchored (write `^...$` to anchor), at most 1,000 bytes",
        ),
        (
            "match",
            "a boolean; `false` reports the values that do match instead",
        ),
    ],
    placeholders: &["field", "value", "regex"],
    placeholder_docs: &[
        ("field", "the field"),
        ("value", "the first failing value"),
        ("regex", "the regex as written"),
    ],
    about_entity: true,
    takes_select: true,
    message: "`{field}` of {kind} `{id}` is `{value}`, which does not fit `{regex}`",
    help: "change `{field}` so that it fits `{regex}`",
    defaults: &[("match", "true")],
    build,
};

#[derive(Debug)]
struct Pattern {
    field: String,
    regex: Regex,
    source: String,
    want: bool,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let field = r.field("field", &[]);
    let regex = r.regex("regex");
    let want = r.boolean("match", true);
    let (regex, source) = regex?;
    Some(Box::new(Pattern {
        field: field?,
        regex,
        source,
        want,
    }))
}

impl Template for Pattern {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for &id in cx.selected.iter() {
            let entity = cx.model.entity(id);
            let Some(value) = field_value(entity, &self.field) else {
                continue;
            };
            let span = entity.span_of(&self.field);
            let failing = elements(&value, &span).into_iter().find(|(v, _)| {
                let text = match v {
                    Value::Str(s) => s.clone(),
                    other => other.display(),
                };
                self.regex.is_match(&text) != self.want
            });
            if let Some((v, span)) = failing {
                let verb = if self.want {
                    "does not match"
                } else {
                    "matches"
                };
                cx.emit(out, || Finding {
                    entity: Some(id),
                    span: Some(span),
                    label: format!("{verb} `{}`", crate::diagnostic::clip(&self.source, 60)),
                    vars: vec![
                        ("field", self.field.clone()),
                        ("value", v.display()),
                        ("regex", self.source.clone()),
                    ],
                    ..Finding::default()
                });
            }
        }
    }
}
