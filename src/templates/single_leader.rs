//! `single-leader`: the selected entities must share one leader at a level.

use std::collections::{BTreeMap, BTreeSet};

use super::params::Reader;
use super::{Context, Finding, Info, Template, and_list};
use crate::diagnostic::Label;

pub const INFO: Info = Info {
    name: "single-leader",
    summary: "the selected entities roll up to one leader at `level`; one diagnostic about the org, at the `[org]` header, with a label on each leader naming the functions under it",
    params: &["level"],
    param_docs: &[(
        "level",
        "an integer >= 1: the level of the leader (1: the people who report to the root)",
    )],
    placeholders: &["count", "leaders"],
    placeholder_docs: &[
        ("count", "how many different leaders"),
        (
            "leaders",
            "the leaders as `Name (id)`, joined with `, `, in file order",
        ),
    ],
    about_entity: false,
    takes_select: true,
    message: "the selected entities roll up to {count} different leaders: {leaders}",
    help: "put them under one leader",
    defaults: &[("level", "1")],
    build,
};

#[derive(Debug)]
struct SingleLeader {
    level: usize,
}

fn build(r: &mut Reader<'_>) -> Option<Box<dyn Template>> {
    let level = r.integer("level", 1, Some(1))?;
    Some(Box::new(SingleLeader {
        level: usize::try_from(level).ok()?,
    }))
}

impl Template for SingleLeader {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let model = cx.model;
        let leaders = model.leaders_at(self.level);
        let mut groups: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for &id in cx.selected.iter() {
            if let Some(leader) = model.leader_of(&leaders, id) {
                let function = model.function(id).unwrap_or("no function").to_owned();
                groups.entry(leader).or_default().insert(function);
            }
        }
        if groups.len() < 2 {
            return;
        }
        let mut ordered: Vec<(usize, BTreeSet<String>)> = groups.into_iter().collect();
        ordered.sort_by_key(|(leader, _)| model.person(*leader).entity.header.start);
        let labels: Vec<Label> = ordered
            .iter()
            .map(|(leader, functions)| {
                let functions: Vec<String> = functions.iter().cloned().collect();
                let verb = if functions.len() == 1 {
                    "rolls"
                } else {
                    "roll"
                };
                Label::new(
                    model.person(*leader).entity.header.clone(),
                    format!(
                        "{} {verb} up to {}",
                        and_list(&functions),
                        model.person_label(*leader)
                    ),
                )
            })
            .collect();
        let names: Vec<String> = ordered
            .iter()
            .map(|(l, _)| model.person_label(*l))
            .collect();
        cx.emit(out, || Finding {
            span: cx.org_span(),
            label: format!("{} leaders", ordered.len()),
            vars: vec![
                ("count", ordered.len().to_string()),
                ("leaders", names.join(", ")),
            ],
            labels,
            key: format!("leaders:level-{}", self.level),
            ..Finding::default()
        });
    }
}
