//! `interim-duration`: a role held on an interim basis must not last.

use super::params::Reader;
use super::{Context, Finding, Info, Template, and_list};
use crate::dates::Date;
use crate::diagnostic::Label;
use crate::model::EntityId;

pub const INFO: Info = Info {
    name: "interim-duration",
    summary: "no selected person has held one of `roles` on an interim basis (`interim`) for more than `max-days` days since `interim-since`, measured to `as-of`; people without `interim-since` and teams are skipped",
    params: &["roles", "max-days", "as-of"],
    param_docs: &[
        (
            "roles",
            "required; a list of roles, each in the vocabulary, whose interim holding is measured",
        ),
        (
            "max-days",
            "an integer >= 0, default 180: the longest an interim arrangement may last",
        ),
        (
            "as-of",
            "a date as a string, `\"YYYY-MM-DD\"`: the day durations are measured to; default today (UTC)",
        ),
    ],
    placeholders: &["roles", "days", "since", "max-days", "as-of"],
    placeholder_docs: &[
        (
            "roles",
            "the roles of `roles` the person holds on an interim basis, in backticks: `` `cto` ``, `` `cpo` and `cto` ``",
        ),
        ("days", "how many days the arrangement has lasted"),
        ("since", "`interim-since`, `YYYY-MM-DD`"),
        ("max-days", "`max-days`"),
        ("as-of", "the day measured to, `YYYY-MM-DD`"),
    ],
    about_entity: true,
    takes_select: true,
    message: "`{id}` has held {roles} on an interim basis since {since}, for more than {max-days} days",
    help: "appoint a permanent holder, or move the role to `roles` if the arrangement is permanent",
    defaults: &[("max-days", "180")],
    build,
};

#[derive(Debug)]
struct InterimDuration {
    roles: Vec<String>,
    max_days: i64,
    as_of: Option<Date>,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let roles = r.roles("roles");
    let max_days = r.integer("max-days", 0, Some(180));
    let as_of = r.date("as-of");
    Some(Box::new(InterimDuration {
        roles: roles?,
        max_days: max_days?,
        as_of,
    }))
}

impl Template for InterimDuration {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // The run's as-of date (`--as-of`, else today), unless the rule
        // names its own.
        let as_of = self.as_of.unwrap_or(cx.model.as_of);
        for &id in cx.selected.iter() {
            let EntityId::Person(p) = id else {
                continue;
            };
            let person = cx.model.person(p);
            let Some(since) = person.interim_since else {
                continue;
            };
            let days = since.days_until(as_of);
            if days <= self.max_days {
                continue;
            }
            let Some(crate::org::Value::List(items)) = person.entity.value("interim") else {
                continue;
            };
            let held: Vec<&crate::org::Item> = items
                .iter()
                .filter(|i| {
                    i.value
                        .as_str()
                        .is_some_and(|r| self.roles.iter().any(|x| x == r))
                })
                .collect();
            if held.is_empty() {
                continue;
            }
            let mut names: Vec<String> = held
                .iter()
                .filter_map(|i| i.value.as_str())
                .map(crate::diagnostic::code)
                .collect();
            names.sort();
            let labels = held
                .iter()
                .map(|i| Label::new(i.span.clone(), "held on an interim basis"))
                .collect();
            cx.emit(out, || Finding {
                entity: Some(id),
                span: Some(person.entity.span_of("interim-since")),
                // Neither the label nor a measured value depends on the
                // day of the run: outputs and baselines stay put as days pass.
                label: format!("interim since {since}"),
                vars: vec![
                    ("roles", and_list(&names)),
                    ("days", days.to_string()),
                    ("since", since.to_string()),
                    ("max-days", self.max_days.to_string()),
                    ("as-of", as_of.to_string()),
                ],
                labels,
                ..Finding::default()
            });
        }
    }
}
