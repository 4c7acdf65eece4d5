//! `span-of-control`: managers' direct reports must be in range.

use super::params::{Bounds, Reader};
use super::{Context, Finding, Info, Template};

pub const INFO: Info = Info {
    name: "span-of-control",
    summary: "each selected person with at least one direct report has between `min` and `max` of them; people without reports and teams are skipped",
    params: &["min", "max"],
    param_docs: &[
        (
            "min",
            "inclusive lower bound, a number; at least one of `min` and `max`, and `min <= max`",
        ),
        ("max", "inclusive upper bound, a number"),
    ],
    placeholders: &["count", "direct-reports", "min", "max", "range", "remedy"],
    placeholder_docs: &[
        ("count", "the number of direct reports"),
        (
            "direct-reports",
            "that number in words: `1 direct report`, `13 direct reports`",
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
    defaults: &[],
    build,
};

#[derive(Debug)]
struct SpanOfControl {
    bounds: Bounds,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    Some(Box::new(SpanOfControl { bounds: r.bounds() }))
}

impl Template for SpanOfControl {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for &id in cx.selected.iter() {
            let Some(count) = cx.model.direct_reports(id) else {
                continue;
            };
            if count == 0 || self.bounds.contains(count as f64) {
                continue;
            }
            let reports = crate::text::plural(count, "direct report");
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
