//! The JSON Schema of the org file, for editors (taplo / Even Better TOML):
//! completion and hover docs for every key. The key tables here are the
//! schema's own; a unit test holds them equal to the parser's.

use serde_json::{Map, Value, json};

use crate::vocabulary::Vocabulary;

/// Keys of `[org]` with their descriptions.
pub const ORG_DOCS: &[(&str, &str)] = &[
    ("name", "The organization's name."),
    (
        "structure",
        "The R&D leadership model the org intends: `cpto` (default), one accountable executive for product, engineering, design and data; `split`, separate product and technology leaders chosen on purpose.",
    ),
    (
        "include",
        "Glob patterns of the fragments of an org of many files (format 1.1), relative to this file's folder: `*` within one folder, `**` across folders (`[\"people/**/*.toml\", \"teams/*.toml\"]`). Each fragment holds only `[people.*]` and `[teams.*]` tables.",
    ),
];

/// Built-in keys of a person with their descriptions.
pub const PERSON_DOCS: &[(&str, &str)] = &[
    ("name", "Display name (required)."),
    ("title", "Job title."),
    (
        "reports-to",
        "The id of this person's manager; everyone but the one person at the top has one.",
    ),
    ("function", "The function this person works in."),
    (
        "roles",
        "Well-known positions this person holds, such as `ceo`, `cpto`, `cto`.",
    ),
    (
        "background",
        "Functions this person has real depth in; technical depth means `engineering` is listed.",
    ),
    (
        "on-call",
        "Whether this person is in the escalation path for production incidents (default false).",
    ),
    (
        "accountable-for",
        "Business outcomes this person is explicitly accountable for.",
    ),
    (
        "start",
        "The first day in the org, a TOML local date (`2027-01-04`, unquoted). Before it, the person is not yet in the org.",
    ),
    (
        "end",
        "The last day in the org, a TOML local date (`2027-03-31`, unquoted), not before `start`. After it, the person has left: no one may report to them or list them in a team.",
    ),
    (
        "dotted-to",
        "Ids of people this person also answers to (dotted lines); never part of the reporting tree.",
    ),
    (
        "interim",
        "Roles this person holds on an interim basis; they count as the role's holder for every rule.",
    ),
    (
        "interim-since",
        "The date (`2026-01-15`, no quotes) since which this person holds the `interim` roles.",
    ),
];

/// Keys of a vacancy with their descriptions.
pub const VACANCY_DOCS: &[(&str, &str)] = &[
    ("title", "The position's job title (required)."),
    (
        "reports-to",
        "The id of the person hiring for the position, its future manager (required).",
    ),
    ("function", "The function the position is in."),
    ("team", "The id of the team the position is hiring for."),
    (
        "opens",
        "The date (`2026-03-01`, no quotes) the position opens.",
    ),
];

/// Built-in keys of a team with their descriptions.
pub const TEAM_DOCS: &[(&str, &str)] = &[
    ("name", "Display name (required)."),
    ("function", "The function the team belongs to (required)."),
    (
        "lead",
        "The id of the team's manager; the team rolls up through this person (required).",
    ),
    (
        "members",
        "Ids of people on the team who are listed under `[people]`.",
    ),
    (
        "headcount",
        "The team's size, including members not listed as people; at least the number of listed members.",
    ),
    ("owns", "Product areas or initiatives this team owns."),
];

const ID_PATTERN: &str = "^[a-z0-9][a-z0-9._-]*$";

fn doc<'a>(docs: &'a [(&str, &str)], key: &str) -> &'a str {
    docs.iter().find(|(k, _)| *k == key).map_or("", |(_, d)| d)
}

fn custom_field(name: &str) -> Value {
    let scalar = json!([{ "type": "string" }, { "type": "number" }, { "type": "boolean" }]);
    json!({
        "description": format!("`{name}`: a custom field declared in orglint.toml."),
        "anyOf": [
            { "anyOf": scalar },
            { "type": "array", "items": { "anyOf": scalar } },
        ],
    })
}

/// The schema (draft-07) for an org file under `vocabulary`.
pub fn schema(vocabulary: &Vocabulary) -> Value {
    let functions: Vec<&str> = vocabulary.functions().collect();
    let roles: Vec<&str> = vocabulary.roles().collect();
    let function = |description: &str| json!({ "type": "string", "enum": functions, "description": description });
    let person_id = |description: &str| json!({ "type": "string", "pattern": ID_PATTERN, "description": description });
    let strings = |description: &str| json!({ "type": "array", "items": { "type": "string" }, "description": description });

    let mut person = Map::new();
    person.insert(
        "name".into(),
        json!({ "type": "string", "minLength": 1, "description": doc(PERSON_DOCS, "name") }),
    );
    person.insert(
        "title".into(),
        json!({ "type": "string", "description": doc(PERSON_DOCS, "title") }),
    );
    person.insert(
        "reports-to".into(),
        person_id(doc(PERSON_DOCS, "reports-to")),
    );
    person.insert("function".into(), function(doc(PERSON_DOCS, "function")));
    person.insert(
        "roles".into(),
        json!({ "type": "array", "items": { "type": "string", "enum": roles }, "description": doc(PERSON_DOCS, "roles") }),
    );
    person.insert(
        "background".into(),
        json!({ "type": "array", "items": { "type": "string", "enum": functions }, "description": doc(PERSON_DOCS, "background") }),
    );
    person.insert(
        "on-call".into(),
        json!({ "type": "boolean", "default": false, "description": doc(PERSON_DOCS, "on-call") }),
    );
    person.insert(
        "accountable-for".into(),
        strings(doc(PERSON_DOCS, "accountable-for")),
    );
    for key in ["start", "end"] {
        person.insert(
            key.into(),
            json!({ "type": "string", "format": "date", "description": doc(PERSON_DOCS, key) }),
        );
    }
    person.insert(
        "dotted-to".into(),
        json!({ "type": "array", "items": { "type": "string", "pattern": ID_PATTERN }, "description": doc(PERSON_DOCS, "dotted-to") }),
    );
    person.insert(
        "interim".into(),
        json!({ "type": "array", "items": { "type": "string", "enum": roles }, "description": doc(PERSON_DOCS, "interim") }),
    );
    // Taplo validates a TOML local date as a string of format `date`.
    let date = |description: &str| json!({ "type": "string", "format": "date", "description": description });
    person.insert(
        "interim-since".into(),
        date(doc(PERSON_DOCS, "interim-since")),
    );
    for field in &vocabulary.person_fields {
        person.insert(field.clone(), custom_field(field));
    }

    let mut vacancy = Map::new();
    vacancy.insert(
        "title".into(),
        json!({ "type": "string", "minLength": 1, "description": doc(VACANCY_DOCS, "title") }),
    );
    vacancy.insert(
        "reports-to".into(),
        person_id(doc(VACANCY_DOCS, "reports-to")),
    );
    vacancy.insert("function".into(), function(doc(VACANCY_DOCS, "function")));
    vacancy.insert("team".into(), person_id(doc(VACANCY_DOCS, "team")));
    vacancy.insert("opens".into(), date(doc(VACANCY_DOCS, "opens")));

    let mut team = Map::new();
    team.insert(
        "name".into(),
        json!({ "type": "string", "minLength": 1, "description": doc(TEAM_DOCS, "name") }),
    );
    team.insert("function".into(), function(doc(TEAM_DOCS, "function")));
    team.insert("lead".into(), person_id(doc(TEAM_DOCS, "lead")));
    team.insert(
        "members".into(),
        json!({ "type": "array", "items": { "type": "string", "pattern": ID_PATTERN }, "uniqueItems": true, "description": doc(TEAM_DOCS, "members") }),
    );
    team.insert(
        "headcount".into(),
        json!({ "type": "integer", "minimum": 0, "description": doc(TEAM_DOCS, "headcount") }),
    );
    team.insert("owns".into(), strings(doc(TEAM_DOCS, "owns")));
    for field in &vocabulary.team_fields {
        team.insert(field.clone(), custom_field(field));
    }

    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/orglint/orglint/org-file.schema.json",
        "title": "orglint org file",
        "description": "An organization described as code: people, teams and reporting lines (org format version 1). Checked by `orglint check`.",
        "type": "object",
        "required": ["org"],
        "additionalProperties": false,
        "properties": {
            "org": {
                "description": "The organization as a whole (required).",
                "type": "object",
                "required": ["name"],
                "additionalProperties": false,
                "properties": {
                    "name": { "type": "string", "minLength": 1, "description": doc(ORG_DOCS, "name") },
                    "structure": { "type": "string", "enum": ["cpto", "split"], "default": "cpto", "description": doc(ORG_DOCS, "structure") },
                    "include": { "type": "array", "items": { "type": "string", "minLength": 1 }, "description": doc(ORG_DOCS, "include") },
                },
            },
            "people": {
                "description": "People, by id: `[people.<id>]`.",
                "type": "object",
                "propertyNames": { "pattern": ID_PATTERN },
                "additionalProperties": { "$ref": "#/definitions/person" },
            },
            "teams": {
                "description": "Teams, by id: `[teams.<id>]`.",
                "type": "object",
                "propertyNames": { "pattern": ID_PATTERN },
                "additionalProperties": { "$ref": "#/definitions/team" },
            },
            "vacancies": {
                "description": "Open positions, by id: `[vacancies.<id>]`. Their ids may not be those of people or teams.",
                "type": "object",
                "propertyNames": { "pattern": ID_PATTERN },
                "additionalProperties": { "$ref": "#/definitions/vacancy" },
            },
        },
        "definitions": {
            "person": {
                "description": "A person.",
                "type": "object",
                "required": ["name"],
                "additionalProperties": false,
                "properties": person,
            },
            "team": {
                "description": "A team; it hangs under its lead.",
                "type": "object",
                "required": ["name", "function", "lead"],
                "additionalProperties": false,
                "properties": team,
            },
            "vacancy": {
                "description": "An open position, drawn under the person hiring for it.",
                "type": "object",
                "required": ["title", "reports-to"],
                "additionalProperties": false,
                "properties": vacancy,
            },
        },
    })
}

/// The schema (draft-07) for a fragment of an org of many files under
/// `vocabulary`: `[people.*]` and `[teams.*]` tables only, no `[org]` (the
/// root's `include` names the fragments; the root uses [`schema`]).
pub fn fragment_schema(vocabulary: &Vocabulary) -> Value {
    let mut schema = schema(vocabulary);
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "$id".into(),
            json!("https://github.com/orglint/orglint/org-fragment.schema.json"),
        );
        object.insert("title".into(), json!("orglint org fragment"));
        object.insert(
            "description".into(),
            json!("A fragment of an org of many files (format 1.1): people and teams only; the root file's `[org]` includes it. Checked by `orglint check` on the root or on the fragment."),
        );
        object.remove("required");
        if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
            properties.remove("org");
            properties.remove("vacancies");
        }
        if let Some(definitions) = object.get_mut("definitions").and_then(Value::as_object_mut) {
            definitions.remove("vacancy");
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::{ORG_FIELDS, PERSON_FIELDS, TEAM_FIELDS, VACANCY_FIELDS};

    fn keys(docs: &[(&str, &str)]) -> Vec<String> {
        let mut k: Vec<String> = docs.iter().map(|(k, _)| (*k).to_owned()).collect();
        k.sort();
        k
    }

    fn sorted(fields: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = fields.iter().map(|k| (*k).to_owned()).collect();
        k.sort();
        k
    }

    #[test]
    fn schema_keys_are_the_parser_keys() {
        assert_eq!(keys(ORG_DOCS), sorted(ORG_FIELDS));
        assert_eq!(keys(PERSON_DOCS), sorted(PERSON_FIELDS));
        assert_eq!(keys(TEAM_DOCS), sorted(TEAM_FIELDS));
        assert_eq!(keys(VACANCY_DOCS), sorted(VACANCY_FIELDS));
        assert!(
            ORG_DOCS
                .iter()
                .chain(PERSON_DOCS)
                .chain(TEAM_DOCS)
                .chain(VACANCY_DOCS)
                .all(|(_, d)| !d.is_empty())
        );
        let schema = schema(&Vocabulary::default());
        let person = &schema["definitions"]["person"]["properties"];
        assert_eq!(
            person.as_object().map(|o| o.len()),
            Some(PERSON_FIELDS.len())
        );
        let vacancy = &schema["definitions"]["vacancy"]["properties"];
        assert_eq!(
            vacancy.as_object().map(|o| o.len()),
            Some(VACANCY_FIELDS.len())
        );
    }
}
