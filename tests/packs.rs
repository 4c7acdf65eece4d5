//! Rule-pack validation: every mistake is a located `pack-error` with the
//! closest valid name, all reported at once.

use std::sync::Arc;

use orglint::parse::node::Problems;
use orglint::{SourceFile, Vocabulary};

fn problems_of(pack: &str) -> Vec<(usize, String, Option<String>)> {
    let source = Arc::new(SourceFile::new("acme.toml", pack.to_owned()));
    let mut problems = Problems::default();
    if let Some(pack) = orglint::rules::pack::read_file_pack(source.clone(), &mut problems) {
        let mut seen = std::collections::HashSet::new();
        for rule in &pack.rules {
            if !seen.insert(rule.id.clone()) {
                problems.push(
                    &rule.at,
                    rule.span.clone(),
                    "duplicate",
                    format!("duplicate id `{}`", rule.id),
                    None,
                );
            }
            let _ = orglint::rules::compile::compile(
                rule,
                &Vocabulary::default(),
                &[],
                None,
                &mut problems,
            );
        }
    }
    problems
        .diagnostics
        .iter()
        .map(|(file, d)| {
            assert_eq!(d.rule, "pack-error");
            let line = d.span.as_ref().map_or(0, |s| file.position(s.start).line);
            (line, d.message.clone(), d.help.clone())
        })
        .collect()
}

const HEAD: &str = "[pack]\nname = \"acme\"\nsummary = \"x\"\n";

fn rule(id: &str, body: &str) -> String {
    format!("\n[[rule]]\nid = \"acme/{id}\"\nsummary = \"s\"\nseverity = \"warning\"\n{body}\n")
}

#[test]
fn every_mistake_is_located_with_a_suggestion() {
    let pack = [
        HEAD.to_owned(),
        rule("a", "template = \"range\"\nselect = { kindd = \"team\" }\nparams = { field = \"size\", max = 8 }"),
        rule("b", "template = \"range\"\nparams = { field = \"size\", maxx = 8 }"),
        rule("c", "template = \"count\"\nparams = { max = \"three\" }"),
        rule("d", "template = \"count\"\nparams = { max = 1 }\nmessage = \"{id} is one of {count}\""),
        rule("e", "template = \"ratio\"\nparams = { numerator = [\"enginering\"], denominator = [\"product\"], min = 5, max = 2 }"),
        rule("f", "template = \"span-of-control\"\nparams = { max = 3 }\nseverity2 = 1"),
        rule("f", "template = \"span-of-control\"\nparams = { max = 3 }"),
        rule("g", "template = \"equals\"\nparams = { field = \"on-call\", value = true, one-of = [true] }"),
    ]
    .concat();
    let found = problems_of(&pack);
    let text = format!("{found:#?}");
    let has = |needle: &str| {
        found.iter().any(|(line, m, h)| {
            *line > 0 && (m.contains(needle) || h.as_deref().is_some_and(|h| h.contains(needle)))
        })
    };
    assert!(has("did you mean `kind`?"), "unknown selector key: {text}");
    assert!(has("did you mean `max`?"), "unknown param: {text}");
    assert!(
        has("`max` must be a number, not a string"),
        "mistyped value: {text}"
    );
    assert!(
        has("diagnostics are about the org as a whole"),
        "entity placeholder in an org-level template: {text}"
    );
    assert!(
        has("did you mean `engineering`?"),
        "unknown function: {text}"
    );
    assert!(
        has("`min` (5) is greater than `max` (2)"),
        "min > max: {text}"
    );
    assert!(has("did you mean `severity`?"), "unknown rule key: {text}");
    assert!(has("duplicate id `acme/f`"), "duplicate id: {text}");
    assert!(
        has("takes exactly one of `value` and `one-of`"),
        "value and one-of: {text}"
    );
}

#[test]
fn ids_and_names_follow_the_rules() {
    let found = problems_of("[pack]\nname = \"hygiene\"\nsummary = \"x\"\n");
    assert!(
        found.iter().any(|(_, m, _)| m.contains("built-in pack")),
        "{found:?}"
    );
    let found = problems_of(&format!(
        "{HEAD}\n[[rule]]\nid = \"other/x\"\nsummary = \"s\"\nseverity = \"error\"\ntemplate = \"count\"\nparams = {{ max = 1 }}\n"
    ));
    assert!(
        found.iter().any(|(_, m, _)| m.contains("must be `acme/`")),
        "{found:?}"
    );
    let found = problems_of(&format!(
        "{HEAD}\n[[rule]]\nid = \"acme/x\"\nsummary = \"s\"\nseverity = \"error\"\ntemplate = \"native\"\n"
    ));
    assert!(
        found
            .iter()
            .any(|(_, m, _)| m.contains("`native` rules exist only")),
        "{found:?}"
    );
}

/// The help of the one problem of a pack with this rule body.
fn help_of(body: &str) -> String {
    let found = problems_of(&[HEAD.to_owned(), rule("a", body)].concat());
    assert_eq!(found.len(), 1, "{found:#?}");
    found
        .first()
        .and_then(|(_, _, help)| help.clone())
        .unwrap_or_default()
}

#[test]
fn unknown_field_help_lists_each_field_once_and_offers_the_vocabulary() {
    // Both kinds: `name` and `function` are fields of both, listed once.
    let help = help_of("template = \"required\"\nparams = { fields = [\"zzzzzzzz\"] }");
    assert!(help.starts_with("fields here: "), "{help}");
    let listed: Vec<&str> = help
        .trim_start_matches("fields here: ")
        .split(';')
        .next()
        .unwrap_or_default()
        .split(", ")
        .collect();
    let mut unique = listed.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(listed.len(), unique.len(), "{help}");
    assert!(listed.contains(&"name"), "{help}");
    assert!(
        help.contains("declare it in `orglint.toml` under `[vocabulary]`: `person-fields = [\"zzzzzzzz\"]` or `team-fields = [\"zzzzzzzz\"]`"),
        "{help}"
    );
    // A near miss gets both the suggestion and the declaration.
    let help = help_of(
        "template = \"required\"\nselect = { kind = \"person\" }\nparams = { fields = [\"titel\"] }",
    );
    assert!(
        help.starts_with("did you mean `title`? if `titel` is a field of your own"),
        "{help}"
    );
    assert!(help.contains("`person-fields = [\"titel\"]`"), "{help}");
    assert!(!help.contains("team-fields"), "{help}");
}

#[test]
fn infinite_bounds_are_named_as_written() {
    let found = problems_of(
        &[
            HEAD.to_owned(),
            rule("a", "template = \"count\"\nparams = { max = inf }"),
            rule(
                "b",
                "template = \"count\"\nselect = { depth = { min = nan } }\nparams = { max = 1 }",
            ),
        ]
        .concat(),
    );
    let messages: Vec<&str> = found.iter().map(|(_, m, _)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`max` must be a finite number, not `inf`",
            "`min` must be a finite number, not `nan`"
        ],
        "{found:#?}"
    );
}

#[test]
fn an_empty_kind_gets_no_empty_field_list() {
    let help =
        help_of("template = \"required\"\nselect = { kind = [] }\nparams = { fields = [\"foo\"] }");
    assert!(!help.contains("fields here"), "{help}");
    assert!(help.contains("give `kind` a value"), "{help}");
}
