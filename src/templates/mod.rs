//! The native check templates. Each policy rule of a pack instantiates one
//! of them with a selector, params, a message and a help text. One template
//! per file; [`TEMPLATES`] lists them.

pub mod change;
mod contains;
mod count;
mod equals;
mod functions_present;
mod growth;
mod holder_changed;
mod interim_duration;
mod left_subtree;
mod max_depth;
pub mod params;
mod pattern;
mod range;
mod ratio;
mod removal;
mod required;
mod rolls_up_to;
pub mod selector;
mod single_leader;
mod span_of_control;
mod unique;

use self::params::Reader;
use crate::diagnostic::Label;
use crate::model::{EntityId, Model};
use crate::org::{Reference, Value};
use crate::source::Span;

/// A built check: runs over the selected entities of one model.
pub trait Template: Send + Sync + std::fmt::Debug {
    /// Appends a finding for every problem.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// What a template sees.
pub struct Context<'a> {
    /// The org.
    pub model: &'a Model,
    /// The entities the rule's selector matches, people then teams, each in
    /// id order (empty for templates that take no selector).
    pub selected: std::sync::Arc<Vec<EntityId>>,
    /// No finding of this run is kept (the bounds on diagnostics are
    /// reached): findings are only counted, never built, so that a rule
    /// firing on 100,000 people costs no allocation per person.
    pub count_only: bool,
    /// How many findings were counted instead of built.
    pub counted: std::cell::Cell<usize>,
}

impl Context<'_> {
    /// Adds the finding `make` builds, or only counts it when no finding
    /// is kept.
    pub fn emit(&self, out: &mut Vec<Finding>, make: impl FnOnce() -> Finding) {
        if self.count_only {
            self.counted.set(self.counted.get().saturating_add(1));
        } else {
            out.push(make());
        }
    }

    /// Where org-level findings point: the `[org]` header.
    pub fn org_span(&self) -> Option<Span> {
        self.model.org.section.header.clone()
    }
}

/// One problem found by a template; the engine turns it into a diagnostic.
#[derive(Debug, Default)]
pub struct Finding {
    /// The entity it is about, if any.
    pub entity: Option<EntityId>,
    /// The primary location.
    pub span: Option<Span>,
    /// The primary label.
    pub label: String,
    /// Placeholder values.
    pub vars: Vec<(&'static str, String)>,
    /// Secondary labels.
    pub labels: Vec<Label>,
    /// The baseline key: tells apart several findings about one entity;
    /// for org-level findings, what the rule measures (never the message).
    pub key: String,
    /// The cause it shares with other findings of the rule, if any.
    pub group: Option<crate::diagnostic::Group>,
    /// The value measured, for templates that measure one against bounds.
    pub measured: Option<crate::diagnostic::Measured>,
}

/// A template's description: its params, placeholders and defaults. `T`
/// is what it builds: a [`Template`], or a two-sided
/// [`change::ChangeTemplate`] ([`change::ChangeInfo`]).
pub struct Info<T: ?Sized + 'static = dyn Template> {
    /// The name rules use in `template = "..."`.
    pub name: &'static str,
    /// What it checks, in one line (the template reference in
    /// `docs/rules.md` is generated from these docs).
    pub summary: &'static str,
    /// The params it takes.
    pub params: &'static [&'static str],
    /// One line per param, in the order of `params`: its type and meaning.
    pub param_docs: &'static [(&'static str, &'static str)],
    /// Its own placeholders.
    pub placeholders: &'static [&'static str],
    /// One line per placeholder, in the order of `placeholders`: its value.
    pub placeholder_docs: &'static [(&'static str, &'static str)],
    /// Whether diagnostics are about the selected entity (so `{id}`,
    /// `{name}`, `{kind}`, `{function}` are available).
    pub about_entity: bool,
    /// Whether it takes a `select`.
    pub takes_select: bool,
    /// Default message.
    pub message: &'static str,
    /// Default help.
    pub help: &'static str,
    /// Params that have a default, with it.
    pub defaults: &'static [(&'static str, &'static str)],
    /// Builds it from params; problems are recorded in the reader.
    pub build: fn(&mut Reader<'_>) -> Option<Box<T>>,
}

impl<T: ?Sized> std::fmt::Debug for Info<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Every template.
pub const TEMPLATES: &[Info] = &[
    required::INFO,
    equals::INFO,
    contains::INFO,
    pattern::INFO,
    count::INFO,
    functions_present::INFO,
    rolls_up_to::INFO,
    single_leader::INFO,
    span_of_control::INFO,
    ratio::INFO,
    range::INFO,
    max_depth::INFO,
    unique::INFO,
    interim_duration::INFO,
];

/// The cause the diagnostics of a template's rules share, by which `human`
/// and `short` show them as one entry.
pub fn grouping(name: &str) -> Option<&'static str> {
    match name {
        "rolls-up-to" => Some(
            "the topmost entity where the problem starts: it and everyone below it who fails too are one entry",
        ),
        _ => None,
    }
}

/// The template named `name`.
pub fn info(name: &str) -> Option<&'static Info> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// Where the reporting line of an entity is written: a person's
/// `reports-to`, a team's `lead`; else its header.
pub fn reporting_span(model: &Model, id: EntityId) -> Span {
    let reference = match id {
        EntityId::Person(p) => &model.person(p).reports_to,
        EntityId::Team(t) => &model.team(t).lead,
    };
    match reference {
        Reference::Named { span, .. } => span.clone(),
        _ => model.entity(id).header.clone(),
    }
}

/// The elements of a value: a list's items with their spans, or the value
/// itself at `span`.
pub fn elements(value: &Value, span: &Span) -> Vec<(Value, Span)> {
    match value {
        Value::List(items) => items
            .iter()
            .map(|i| (i.value.clone(), i.span.clone()))
            .collect(),
        other => vec![(other.clone(), span.clone())],
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A number for a placeholder: integers without a fraction.
pub fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::TEMPLATES;

    /// The generated reference documents every param and placeholder a
    /// template takes, and nothing else.
    #[test]
    fn every_param_and_placeholder_has_one_doc() {
        for t in TEMPLATES {
            let documented: Vec<&str> = t.param_docs.iter().map(|(n, _)| *n).collect();
            assert_eq!(documented, t.params, "param docs of `{}`", t.name);
            let documented: Vec<&str> = t.placeholder_docs.iter().map(|(n, _)| *n).collect();
            assert_eq!(
                documented, t.placeholders,
                "placeholder docs of `{}`",
                t.name
            );
            for (name, doc) in t.param_docs.iter().chain(t.placeholder_docs) {
                assert!(
                    !doc.is_empty() && !doc.contains('|') && !doc.contains('\n'),
                    "the doc of `{name}` in `{}` is not one table cell",
                    t.name
                );
            }
            assert!(!t.summary.is_empty() && !t.summary.contains('\n'));
        }
    }
}
