//! `span-of-control`: managers' direct reports must be in range.

use super::params::{Bounds, Reader};
use super::{Context, Finding, Info, Template};

pub const INFO: Info = Info {
    name: "span-of-control",
    summary: "each selected person with at least one direct report has between `min` and `max` of them; people without reports and teams are skipped; open positions count as direct reports unless `count-vacancies = false`",
    params: &["min", "max", "count-vacancies"],
    param_docs: &[
        (
            "min",
            "inclusive lower bound, a number; at least one of `min` and `max`, and `min <= max`",
        ),
        ("max", "inclusive upper bound, a number"),
        (
            "count-vacancies",
            "a boolean, default `true`: the vacancies that report to a person count among their direct reports",
        ),
    ],
    placeholders: &[
        "count",
        "direct-reports",
        "open-positions",
        "min",
        "max",
        "range",
        "remedy",
    ],
    placeholder_docs: &[
        (
            "count",
            "the number of direct reports, open positions included when they count",
        ),
        (
            "direct-reports",
            "that number in words: `1 direct report`, `13 direct reports`, `9 direct reports, 5 of them open positions`",
        ),
        (
            "open-positions",
            "how many of them are open positions (0 when `count-vacancies = false`)",
        ),
        ("min", "`min`, `none` when unset"),
        ("max", "`max`, `none` when unset"),
        (
            "range",
            "`min` and `max` in words: `exactly 1`, `at least 2`, `at most 8`, `between 2 and 12`",
        ),
        (
            "remedy",
            "what to do: give the manager more reports when there are too few, split them under a second manager when there are too many",
        ),
    ],
    about_entity: true,
    takes_select: true,
    message: "`{id}` has {direct-reports}, expected {range}",
    help: "{remedy}",
    defaults: &[("count-vacancies", "true")],
    build,
};

#[derive(Debug)]
struct SpanOfControl {
    bounds: Bounds,
    count_vacancies: bool,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    Some(Box::new(SpanOfControl {
        bounds: r.bounds(),
        count_vacancies: r.boolean("count-vacancies", true),
    }))
}

impl Template for SpanOfControl {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for &id in cx.selected.iter() {
            let Some(people) = cx.model.direct_reports(id) else {
                continue;
            };
            let open = if self.count_vacancies {
                cx.model.open_reports(id).unwrap_or(0)
            } else {
                0
            };
            let count = people.saturating_add(open);
            if count == 0 || self.bounds.contains(count as f64) {
                continue;
            }
            let mut reports = crate::text::plural(count, "direct report");
            match open {
                0 => {}
                1 if count == 1 => reports.push_str(", an open position"),
                1 => reports.push_str(", 1 of them an open position"),
                n if n == count => reports.push_str(", all open positions"),
                n => reports.push_str(&format!(", {n} of them open positions")),
            }
            let person = crate::diagnostic::code(&cx.model.entity(id).id);
            // Too few and too many call for opposite changes: the help
            // names the one that fits.
            let remedy = if self.bounds.min.is_some_and(|m| (count as f64) < m.value) {
                format!("give {person} more direct reports, or move them up to the next manager")
            } else {
                format!("split the direct reports of {person} under a second manager")
            };
            let mut vars = vec![
                ("count", count.to_string()),
                ("direct-reports", reports.clone()),
                ("open-positions", open.to_string()),
                ("remedy", remedy),
            ];
            vars.extend(self.bounds.vars());
            cx.emit(out, || Finding {
                entity: Some(id),
                span: Some(cx.model.entity(id).header.clone()),
                label: reports,
                vars,
                measured: Some(self.bounds.measure(count as f64)),
                ..Finding::default()
            });
        }
    }
}
