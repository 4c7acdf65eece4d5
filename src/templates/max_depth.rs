//! `max-depth`: no selected entity may be deeper than `max`.

use super::params::Reader;
use super::{Context, Finding, Info, Template, reporting_span};

pub const INFO: Info = Info {
    name: "max-depth",
    summary: "no selected entity is deeper than `max`; a diagnostic for each one at depth exactly `max + 1`, not for those below it (they move with it)",
    params: &["max"],
    param_docs: &[(
        "max",
        "required; an integer >= 0, the deepest depth allowed (the root is at depth 0)",
    )],
    placeholders: &["depth", "max"],
    placeholder_docs: &[("depth", "the depth found, `max + 1`"), ("max", "`max`")],
    about_entity: true,
    takes_select: true,
    message: "{kind} `{id}` is at depth {depth}, deeper than {max}",
    help: "flatten the chain above `{id}`",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct MaxDepth {
    max: usize,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let max = r.integer("max", 0, None)?;
    Some(Box::new(MaxDepth {
        max: usize::try_from(max).ok()?,
    }))
}

impl Template for MaxDepth {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for &id in cx.selected.iter() {
            // Only the first layer too deep: its subtree moves with it.
            if cx.model.depth(id) != Some(self.max + 1) {
                continue;
            }
            cx.emit(out, || Finding {
                entity: Some(id),
                span: Some(reporting_span(cx.model, id)),
                label: format!("depth {}", self.max + 1),
                vars: vec![
                    ("depth", (self.max + 1).to_string()),
                    ("max", self.max.to_string()),
                ],
                ..Finding::default()
            });
        }
    }
}
