//! `removal` (two-sided): too many people removed in one change, from the
//! whole org or from one function.

use super::Finding;
use super::change::{ChangeContext, ChangeInfo, ChangeTemplate};
use super::params::Reader;
use crate::model::EntityId;

pub const INFO: ChangeInfo = ChangeInfo {
    name: "removal",
    summary: "the people of BASE who are not in HEAD (renamed ids are not removed) are at most `max-percent` % and `max-people` of the org, and at most `max-function-percent` % of each function",
    params: &["max-percent", "max-people", "max-function-percent"],
    param_docs: &[
        (
            "max-percent",
            "a number, default 10: the most of the org's people, in %, one change may remove",
        ),
        (
            "max-people",
            "an integer, default 50: the most people one change may remove",
        ),
        (
            "max-function-percent",
            "a number, default 25: the most of one function's people, in %, one change may remove",
        ),
    ],
    placeholders: &["removed", "total", "percent", "scope", "limit"],
    placeholder_docs: &[
        ("removed", "how many people were removed"),
        (
            "total",
            "how many people there were at BASE (in the org, or in the function)",
        ),
        (
            "percent",
            "`removed` as a share of `total`, in %, rounded to one decimal",
        ),
        (
            "scope",
            "`the org`, or the function as `` the function `design` ``",
        ),
        ("limit", "the bound broken: `10 %`, `50 people`"),
    ],
    about_entity: false,
    takes_select: false,
    message: "{removed} of {total} people ({percent} %) of {scope} are removed, more than {limit}",
    help: "split the change into smaller steps, or suppress it above `[org]` with a reason if it is deliberate",
    defaults: &[
        ("max-percent", "10"),
        ("max-people", "50"),
        ("max-function-percent", "25"),
    ],
    build,
};

#[derive(Debug)]
struct Removal {
    max_percent: f64,
    max_people: u64,
    max_function_percent: f64,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn ChangeTemplate>> {
    let number =
        |r: &mut Reader<'_>, key: &str, default: f64| r.num(key).map_or(default, |n| n.value);
    let max_percent = number(r, "max-percent", 10.0);
    let max_function_percent = number(r, "max-function-percent", 25.0);
    let max_people = r.integer("max-people", 0, Some(50))?;
    Some(Box::new(Removal {
        max_percent,
        max_people: u64::try_from(max_people).unwrap_or(0),
        max_function_percent,
    }))
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn one_decimal(value: f64) -> String {
    super::number_text((value * 10.0).round() / 10.0)
}

impl ChangeTemplate for Removal {
    fn check(&self, cx: &ChangeContext<'_>, out: &mut Vec<Finding>) {
        let base = cx.base;
        let total = base.org.people.len() as u64;
        let mut removed = 0u64;
        // (people, removed) per function of BASE, in name order.
        let mut functions: std::collections::BTreeMap<&str, (u64, u64)> = Default::default();
        for (p, paired) in cx.pairing.people.iter().enumerate() {
            let gone = paired.is_none();
            removed += u64::from(gone);
            if let Some(f) = base.function(EntityId::Person(p)) {
                let slot = functions.entry(f).or_default();
                slot.0 += 1;
                slot.1 += u64::from(gone);
            }
        }
        let mut emit = |removed: u64, total: u64, scope: String, limit: String, key: String| {
            let share = percent(removed, total);
            out.push(Finding {
                span: cx.org_span(),
                label: format!("{} removed", crate::text::plural(removed, "person")),
                vars: vec![
                    ("removed", removed.to_string()),
                    ("total", total.to_string()),
                    ("percent", one_decimal(share)),
                    ("scope", scope),
                    ("limit", limit),
                ],
                key,
                measured: Some(crate::diagnostic::Measured {
                    value: removed as f64,
                    higher_is_worse: true,
                }),
                ..Finding::default()
            });
        };
        if removed > self.max_people {
            emit(
                removed,
                total,
                "the org".to_owned(),
                crate::text::plural(self.max_people, "person"),
                "people".to_owned(),
            );
        } else if percent(removed, total) > self.max_percent {
            emit(
                removed,
                total,
                "the org".to_owned(),
                format!("{} %", super::number_text(self.max_percent)),
                "percent".to_owned(),
            );
        }
        for (f, (size, gone)) in functions {
            if gone > 0 && percent(gone, size) > self.max_function_percent {
                emit(
                    gone,
                    size,
                    format!("the function {}", crate::diagnostic::code(f)),
                    format!("{} %", super::number_text(self.max_function_percent)),
                    format!("function:{f}"),
                );
            }
        }
    }
}
