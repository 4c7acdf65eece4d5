//! `ratio`: size(numerator) / size(denominator) must be in range.

use super::{Context, Finding, Info, Template, number_text};
use crate::rules::params::{Bounds, Reader};

pub const INFO: Info = Info {
    name: "ratio",
    summary: "size(`numerator`) / size(`denominator`) is within `min`..`max`; one diagnostic about the org, at the `[org]` header; a zero denominator with a non-zero numerator is infinite, and both zero is not checked",
    params: &["numerator", "denominator", "min", "max"],
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
    ],
    placeholders: &[
        "ratio",
        "numerator",
        "denominator",
        "min",
        "max",
        "numerator-size",
        "denominator-size",
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
    ],
    about_entity: false,
    takes_select: false,
    message: "{numerator} / {denominator} is {ratio} ({numerator-size} / {denominator-size}), outside {min}..{max}",
    help: "rebalance {numerator} and {denominator}",
    defaults: &[],
    build,
};

#[derive(Debug)]
struct Ratio {
    numerator: Vec<String>,
    denominator: Vec<String>,
    bounds: Bounds,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let numerator = r.functions("numerator");
    let denominator = r.functions("denominator");
    let bounds = r.bounds();
    Some(Box::new(Ratio {
        numerator: numerator?,
        denominator: denominator?,
        bounds,
    }))
}

impl Template for Ratio {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let size = |functions: &[String]| -> u64 {
            functions
                .iter()
                .fold(0u64, |sum, f| sum.saturating_add(cx.model.function_size(f)))
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
        let mut vars = vec![
            ("ratio", shown.clone()),
            ("numerator", self.numerator.join(", ")),
            ("denominator", self.denominator.join(", ")),
            ("numerator-size", n.to_string()),
            ("denominator-size", d.to_string()),
        ];
        vars.extend(self.bounds.vars());
        out.push(Finding {
            span: cx.org_span(),
            label: format!("ratio {shown}"),
            vars,
            ..Finding::default()
        });
    }
}
