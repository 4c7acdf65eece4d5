//! `ratio`: size(numerator) / size(denominator) must be in range.

use super::params::{Bounds, Reader};
use super::{Context, Finding, Info, Template, and_list, number_text};

pub const INFO: Info = Info {
    name: "ratio",
    summary: "size(`numerator`) / size(`denominator`) is within `min`..`max`; one diagnostic about the org, at the `[org]` header; a zero denominator with a non-zero numerator is infinite, and both zero is not checked; sizes count people, and open positions too with `planned = true`",
    params: &["numerator", "denominator", "min", "max", "planned"],
    param_docs: &[
        (
            "numerator",
            "required; a list of functions, each in the vocabulary, whose sizes are added",
        ),
        (
            "denominator",
            "required; a list of functions, each in the vocabulary, whose sizes are added",
        ),
        (
            "min",
            "inclusive lower bound, a number; at least one of `min` and `max`, and `min <= max`",
        ),
        ("max", "inclusive upper bound, a number"),
        (
            "planned",
            "a boolean, default `false`: when `true`, each function's size also counts its open positions (vacancies), so the ratio is the one the org is hiring towards",
        ),
    ],
    placeholders: &[
        "ratio",
        "numerator",
        "denominator",
        "min",
        "max",
        "numerator-size",
        "denominator-size",
        "range",
        "outcome",
    ],
    placeholder_docs: &[
        (
            "ratio",
            "the ratio, at most 2 decimals with trailing zeros trimmed, or `infinite`",
        ),
        ("numerator", "the numerator's functions, joined with `, `"),
        (
            "denominator",
            "the denominator's functions, joined with `, `",
        ),
        ("min", "`min`, `none` when unset"),
        ("max", "`max`, `none` when unset"),
        (
            "numerator-size",
            "the size of the numerator's functions together",
        ),
        (
            "denominator-size",
            "the size of the denominator's functions together",
        ),
        (
            "range",
            "`min` and `max` in words: `exactly 1`, `at least 2`, `at most 8`, `between 2 and 12`",
        ),
        (
            "outcome",
            "the sizes in words: `there are 20 people in `engineering` and 3 in `product``, or `... but none in ...` when the denominator is empty",
        ),
    ],
    about_entity: false,
    takes_select: false,
    message: "{outcome}; the ratio must be {range}",
    help: "rebalance {numerator} and {denominator}",
    defaults: &[("planned", "false")],
    build,
};

#[derive(Debug)]
struct Ratio {
    numerator: Vec<String>,
    denominator: Vec<String>,
    bounds: Bounds,
    planned: bool,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let numerator = r.functions("numerator");
    let denominator = r.functions("denominator");
    let bounds = r.bounds();
    let planned = r.boolean("planned", false);
    Some(Box::new(Ratio {
        numerator: numerator?,
        denominator: denominator?,
        bounds,
        planned,
    }))
}

impl Template for Ratio {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let size = |functions: &[String]| -> u64 {
            functions.iter().fold(0u64, |sum, f| {
                let open = if self.planned {
                    cx.model.open_in_function(f)
                } else {
                    0
                };
                sum.saturating_add(cx.model.function_size(f))
                    .saturating_add(open)
            })
        };
        let (n, d) = (size(&self.numerator), size(&self.denominator));
        if n == 0 && d == 0 {
            return;
        }
        let ratio = if d == 0 {
            f64::INFINITY
        } else {
            n as f64 / d as f64
        };
        if self.bounds.contains(ratio) {
            return;
        }
        let shown = if ratio.is_infinite() {
            "infinite".to_owned()
        } else {
            number_text((ratio * 100.0).round() / 100.0)
        };
        let (numerator, denominator) = (and_codes(&self.numerator), and_codes(&self.denominator));
        // An infinite ratio is no number a reader can weigh: say what the
        // sizes are instead.
        let outcome = if d == 0 {
            format!(
                "there {} in {numerator} but none in {denominator}",
                if n == 1 {
                    "is 1 person".to_owned()
                } else {
                    format!("are {}", crate::text::plural(n, "person"))
                },
            )
        } else {
            format!(
                "{} / {} is {shown}",
                sum_codes(&self.numerator),
                sum_codes(&self.denominator)
            )
        };
        let mut vars = vec![
            ("outcome", outcome),
            ("ratio", shown.clone()),
            ("numerator", self.numerator.join(", ")),
            ("denominator", self.denominator.join(", ")),
            ("numerator-size", n.to_string()),
            ("denominator-size", d.to_string()),
        ];
        vars.extend(self.bounds.vars());
        cx.emit(out, || Finding {
            span: cx.org_span(),
            label: format!("ratio {shown}"),
            vars,
            key: format!(
                "ratio:{}/{}",
                self.numerator.join("+"),
                self.denominator.join("+")
            ),
            measured: Some(self.bounds.measure(ratio)),
            ..Finding::default()
        });
    }
}

/// `` `design` and `data` ``: function names in backticks.
fn and_codes(functions: &[String]) -> String {
    let codes: Vec<String> = functions
        .iter()
        .map(|f| crate::diagnostic::code(f))
        .collect();
    and_list(&codes)
}

/// `` `engineering` ``, or `` (`design` + `data`) `` for a sum of functions.
fn sum_codes(functions: &[String]) -> String {
    match functions {
        [one] => crate::diagnostic::code(one),
        many => format!(
            "({})",
            many.iter()
                .map(|f| crate::diagnostic::code(f))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
    }
}
