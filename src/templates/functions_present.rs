//! `functions-present`: each listed function must have people.

use super::params::Reader;
use super::{Context, Finding, Info, Template};

pub const INFO: Info = Info {
    name: "functions-present",
    summary: "each listed function has people (its function size is not 0); one diagnostic per empty function, about the org, at the `[org]` header",
    params: &["functions"],
    param_docs: &[(
        "functions",
        "required; a list of functions, each in the vocabulary",
    )],
    placeholders: &["function"],
    placeholder_docs: &[("function", "the function nobody works in")],
    about_entity: false,
    takes_select: false,
    message: "nobody works in {function}",
    help: "give {function} a home in the org",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct FunctionsPresent {
    functions: Vec<String>,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    Some(Box::new(FunctionsPresent {
        functions: r.functions("functions")?,
    }))
}

impl Template for FunctionsPresent {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for function in &self.functions {
            if cx.model.function_size(function) == 0 {
                cx.emit(out, || Finding {
                    span: cx.org_span(),
                    label: format!("no {function}"),
                    vars: vec![("function", function.clone())],
                    key: function.clone(),
                    ..Finding::default()
                });
            }
        }
    }
}
