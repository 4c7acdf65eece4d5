//! The facts a reviewer weighs, before and after a change: headcount per
//! function, each executive's organisation, the R&D organisation, spans
//! that crossed a bound of `span-of-control`, the deepest layer.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Model;
use crate::templates::change::{Pairing, has_role};

/// A number before and after.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fact {
    /// The org's root file.
    pub org: String,
    /// What is counted: `people`, `function:<f>`, `organisation:<id>`,
    /// `rd-organisation`, `span:<id>`, `deepest-layer`.
    pub fact: String,
    /// At BASE.
    pub before: u64,
    /// At HEAD.
    pub after: u64,
}

/// The thresholds the facts use, from HEAD's configuration.
#[derive(Clone, Debug)]
pub struct FactParams {
    /// The span of control rule's bounds: a span that crosses one is a
    /// fact.
    pub span_min: Option<f64>,
    /// Likewise.
    pub span_max: Option<f64>,
    /// The roles of the R&D leadership.
    pub rd_roles: Vec<String>,
}

impl FactParams {
    /// The bounds of `span-of-control` as `linter` has them.
    pub fn of(linter: Option<&crate::Linter>) -> FactParams {
        let param = |key: &str| -> Option<f64> {
            linter?
                .known
                .iter()
                .find(|k| k.def.id == "span-of-control" && k.severity.is_some())?
                .params
                .iter()
                .find(|p| p.key == key)?
                .value
                .parse()
                .ok()
        };
        FactParams {
            span_min: param("min"),
            span_max: param("max"),
            rd_roles: ["cpto", "cpo", "cto"].map(str::to_owned).to_vec(),
        }
    }
}

/// The numbers of one side, by fact name (people ids as HEAD names them).
fn side_facts(
    model: &Model,
    name_of: &dyn Fn(usize) -> String,
    params: &FactParams,
) -> BTreeMap<String, u64> {
    let mut facts = BTreeMap::new();
    facts.insert("people".to_owned(), model.org.people.len() as u64);
    for (function, size) in &model.function_size {
        facts.insert(format!("function:{function}"), *size);
    }
    let leaders = model.leaders_at(1);
    let mut organisation: BTreeMap<usize, u64> = BTreeMap::new();
    for &p in &model.top_down {
        if model.depth.get(p).copied().flatten().unwrap_or(0) >= 2
            && let Some(Some(l)) = leaders.get(p)
        {
            *organisation.entry(*l).or_default() += 1;
        }
    }
    for (leader, size) in organisation {
        facts.insert(format!("organisation:{}", name_of(leader)), size);
    }
    let rd = model.rolls_up(|p| params.rd_roles.iter().any(|r| has_role(model, p, r)));
    facts.insert(
        "rd-organisation".to_owned(),
        rd.iter().filter(|&&b| b).count() as u64,
    );
    let deepest = model
        .depth
        .iter()
        .flatten()
        .max()
        .map_or(0, |d| *d as u64 + 1);
    facts.insert("deepest-layer".to_owned(), deepest);
    facts
}

pub fn facts(
    org: &str,
    base: &Model,
    head: &Model,
    pairing: &Pairing,
    params: &FactParams,
    out: &mut Vec<Fact>,
) {
    let head_name = |q: usize| head.person(q).entity.id.clone();
    let base_name = |p: usize| {
        pairing
            .people
            .get(p)
            .copied()
            .flatten()
            .map_or_else(|| base.person(p).entity.id.clone(), head_name)
    };
    let before = side_facts(base, &base_name, params);
    let after = side_facts(head, &head_name, params);
    let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for key in keys {
        let (b, a) = (
            before.get(key).copied().unwrap_or(0),
            after.get(key).copied().unwrap_or(0),
        );
        if b != a {
            out.push(Fact {
                org: org.to_owned(),
                fact: key.clone(),
                before: b,
                after: a,
            });
        }
    }
    // Spans that crossed a bound of `span-of-control`.
    let outside = |n: u64| {
        n > 0
            && (params.span_min.is_some_and(|m| (n as f64) < m)
                || params.span_max.is_some_and(|m| (n as f64) > m))
    };
    for (q, p) in pairing.people_back.iter().enumerate() {
        let b = p
            .and_then(|p| base.direct_reports.get(p).copied())
            .unwrap_or(0);
        let a = head.direct_reports.get(q).copied().unwrap_or(0);
        if b != a && outside(b) != outside(a) {
            out.push(Fact {
                org: org.to_owned(),
                fact: format!("span:{}", head_name(q)),
                before: b,
                after: a,
            });
        }
    }
}
