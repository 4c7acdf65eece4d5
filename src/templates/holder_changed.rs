//! `holder-changed` (two-sided): who holds a role changed, or nobody does
//! any more.

use super::Finding;
use super::change::{ChangeContext, ChangeInfo, ChangeTemplate, has_role};
use super::params::Reader;
use crate::model::Model;

pub const INFO: ChangeInfo = ChangeInfo {
    name: "holder-changed",
    summary: "for each role of `roles` that someone held at BASE, the same people (renamed ids are the same people) hold it at HEAD",
    params: &["roles"],
    param_docs: &[(
        "roles",
        "a list of roles, default `[\"ceo\", \"cpto\", \"cto\", \"cpo\"]`",
    )],
    placeholders: &["role", "before", "after"],
    placeholder_docs: &[
        ("role", "the role"),
        (
            "before",
            "who held it at BASE, as `Name (id)`, joined with \"and\"",
        ),
        (
            "after",
            "who holds it at HEAD, likewise; `nobody` when the role became vacant",
        ),
    ],
    about_entity: false,
    takes_select: false,
    message: "the `{role}` role changes hands: {before} before, {after} now",
    help: "make sure the change of `{role}` is intended and announced",
    defaults: &[("roles", "[\"ceo\", \"cpto\", \"cto\", \"cpo\"]")],
    build,
};

#[derive(Debug)]
struct HolderChanged {
    roles: Vec<String>,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn ChangeTemplate>> {
    let roles = if r.has("roles") {
        r.strings("roles")?.into_iter().map(|(s, _)| s).collect()
    } else {
        ["ceo", "cpto", "cto", "cpo"].map(str::to_owned).to_vec()
    };
    Some(Box::new(HolderChanged { roles }))
}

/// The people of `model` who hold `role`, in id order.
fn holders(model: &Model, role: &str) -> Vec<usize> {
    (0..model.org.people.len())
        .filter(|&p| has_role(model, p, role))
        .collect()
}

fn labels(model: &Model, people: &[usize]) -> String {
    if people.is_empty() {
        return "nobody".to_owned();
    }
    let names: Vec<String> = people.iter().map(|&p| model.person_label(p)).collect();
    super::and_list(&names)
}

impl ChangeTemplate for HolderChanged {
    fn check(&self, cx: &ChangeContext<'_>, out: &mut Vec<Finding>) {
        for role in &self.roles {
            let was = holders(cx.base, role);
            if was.is_empty() {
                continue;
            }
            let is = holders(cx.head, role);
            let mut mapped: Vec<Option<usize>> = was
                .iter()
                .map(|&p| cx.pairing.people.get(p).copied().flatten())
                .collect();
            mapped.sort_unstable();
            let same =
                mapped.len() == is.len() && mapped.iter().zip(&is).all(|(a, b)| *a == Some(*b));
            if same {
                continue;
            }
            let after = labels(cx.head, &is);
            let span = is
                .first()
                .map(|&p| cx.head.person(p).entity.header.clone())
                .or_else(|| cx.org_span());
            out.push(Finding {
                span,
                label: if is.is_empty() {
                    format!("nobody holds `{role}` now")
                } else {
                    format!("holds `{role}` now")
                },
                vars: vec![
                    ("role", role.clone()),
                    ("before", labels(cx.base, &was)),
                    ("after", after),
                ],
                key: format!("role:{role}"),
                ..Finding::default()
            });
        }
    }
}
