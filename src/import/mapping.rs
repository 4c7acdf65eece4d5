//! The mapping file of `orglint import` (TOML): which columns or keys hold
//! what, ordered rules from departments and titles to functions and roles,
//! tags to ignore, and extra columns that become custom fields.

use std::path::Path;
use std::sync::Arc;

use crate::FileReport;
use crate::diagnostic::code;
use crate::parse::node::{self, Entry, Located, NodeValue, Origin, Problems, Table};
use crate::source::SourceFile;

pub use super::starter::STARTER;

/// The fields a column or key can hold.
pub const FIELDS: &[&str] = &[
    "id",
    "manager",
    "name",
    "first-name",
    "last-name",
    "preferred-name",
    "title",
    "department",
    "email",
];

/// How a rule's text is compared.
#[derive(Clone, Debug)]
pub(crate) enum Matcher {
    Exact(String),
    AnyCase(String),
    Regex(regex::Regex),
}

impl Matcher {
    pub(crate) fn matches(&self, text: &str) -> bool {
        match self {
            Matcher::Exact(want) => text == want,
            Matcher::AnyCase(want) => text.to_lowercase() == *want,
            Matcher::Regex(re) => re.is_match(text),
        }
    }
}

/// One ordered rule: on departments or on the title, to a name.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub on_title: bool,
    pub matcher: Matcher,
    pub target: String,
}

/// A parsed mapping file (the default is the empty mapping).
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    pub(crate) org_name: Option<String>,
    pub(crate) structure: Option<String>,
    pub(crate) columns: Vec<(String, String)>,
    pub(crate) functions: Vec<Rule>,
    pub(crate) roles: Vec<Rule>,
    pub(crate) ignore: Vec<String>,
    /// Custom fields: the person's key, and the column or YAML key.
    pub(crate) fields: Vec<(String, String)>,
}

impl Mapping {
    /// Whether a department tag is ignored (case ignored).
    pub(crate) fn ignored(&self, tag: &str) -> bool {
        let lower = tag.to_lowercase();
        self.ignore.contains(&lower)
    }
}

/// Where each field is: the field's name and the column or key, the
/// mapping's `[columns]` first, then `--column` (later wins).
#[derive(Clone, Debug, Default)]
pub(crate) struct Columns {
    pub overrides: Vec<(String, String)>,
}

impl Columns {
    /// The column or key given for `field`, if any.
    pub(crate) fn get(&self, field: &str) -> Option<&str> {
        self.overrides
            .iter()
            .rev()
            .find(|(f, _)| f == field)
            .map(|(_, c)| c.as_str())
    }
}

/// The mapping's `[columns]` and the `--column field=Header` flags.
pub(crate) fn columns(mapping: &Mapping, flags: &[String]) -> Result<Columns, String> {
    let mut overrides = mapping.columns.clone();
    for flag in flags {
        let Some((field, header)) = flag.split_once('=') else {
            return Err(format!(
                "`--column {flag}` is not `field=Header` (such as `--column id=Employee Number`)"
            ));
        };
        let field = field.trim();
        if !FIELDS.contains(&field) {
            let hint = crate::suggest::hint(field, FIELDS.iter().copied())
                .map(|s| format!("; {}", crate::suggest::did_you_mean(s)))
                .unwrap_or_default();
            return Err(format!(
                "`--column` names an unknown field {}{hint} (fields: {})",
                code(field),
                FIELDS.join(", ")
            ));
        }
        overrides.push((field.to_owned(), header.trim().to_owned()));
    }
    Ok(Columns { overrides })
}

const KEYS: &[&str] = &["org", "columns", "functions", "roles", "ignore", "fields"];

/// Reads a mapping file, or the report of what is wrong with it.
pub(crate) fn load(path: &Path) -> Result<Mapping, Vec<FileReport>> {
    let file = match crate::files::read_source(path) {
        Ok(source) => Arc::new(source),
        Err(reason) => {
            let file = Arc::new(SourceFile::new(
                crate::files::display_path(path),
                String::new(),
            ));
            let d = crate::Diagnostic::unlocated(
                crate::ids::IO_ERROR,
                crate::Severity::Error,
                format!("cannot read the mapping file `{}`: {reason}", file.path),
            )
            .with_help("check the `--mapping` path; `orglint import mapping` prints a starter");
            return Err(vec![FileReport {
                source: file,
                diagnostics: vec![d],
                omitted: 0,
                org: None,
            }]);
        }
    };
    let at = Located {
        file: file.clone(),
        origin: Origin::Config,
    };
    let mut problems = Problems::default();
    let mapping = match node::parse_file(&file) {
        Ok(root) => parse(&at, &root, &mut problems),
        Err(d) => {
            problems.diagnostics.push((file.clone(), d));
            Mapping::default()
        }
    };
    if problems.is_empty() {
        return Ok(mapping);
    }
    let mut diagnostics: Vec<_> = problems.diagnostics.into_iter().map(|(_, d)| d).collect();
    crate::sort_diagnostics(&mut diagnostics);
    Err(vec![FileReport {
        source: file,
        diagnostics,
        omitted: 0,
        org: None,
    }])
}

fn table<'a>(at: &Located, entry: &'a Entry, problems: &mut Problems) -> Option<&'a Table> {
    match &entry.value.value {
        NodeValue::Table(t) => Some(t),
        _ => {
            problems.wrong_type(at, &entry.key, &entry.value, "a table");
            None
        }
    }
}

fn parse(at: &Located, root: &Table, problems: &mut Problems) -> Mapping {
    let mut mapping = Mapping::default();
    problems.check_keys(at, root, KEYS, "the mapping file");
    if let Some(org) = root.get("org").and_then(|e| table(at, e, problems)) {
        problems.check_keys(at, org, &["name", "structure"], "`[org]`");
        mapping.org_name = org.get("name").and_then(|e| problems.string(at, e));
        if let Some(entry) = org.get("structure")
            && let Some(structure) = problems.string(at, entry)
        {
            if structure == "cpto" || structure == "split" {
                mapping.structure = Some(structure);
            } else {
                problems.push(
                    at,
                    entry.value.span.clone(),
                    "unknown structure",
                    format!("unknown `structure` {}", code(&structure)),
                    Some("use `\"cpto\"` or `\"split\"`".to_owned()),
                );
            }
        }
    }
    if let Some(columns) = root.get("columns").and_then(|e| table(at, e, problems)) {
        problems.check_keys(at, columns, FIELDS, "`[columns]`");
        for entry in &columns.entries {
            if let Some(column) = problems.string(at, entry) {
                mapping.columns.push((entry.key.clone(), column));
            }
        }
    }
    for (key, target) in [("functions", "function"), ("roles", "role")] {
        let Some(entry) = root.get(key) else { continue };
        let NodeValue::Array(items) = &entry.value.value else {
            problems.wrong_type(
                at,
                key,
                &entry.value,
                "an array of tables (`[[functions]]`)",
            );
            continue;
        };
        for item in items {
            let NodeValue::Table(rule) = &item.value else {
                problems.wrong_type(at, key, item, "a table");
                continue;
            };
            if let Some(rule) = parse_rule(at, rule, key, target, problems) {
                if key == "functions" {
                    mapping.functions.push(rule);
                } else {
                    mapping.roles.push(rule);
                }
            }
        }
    }
    if let Some(ignore) = root.get("ignore").and_then(|e| table(at, e, problems)) {
        problems.check_keys(at, ignore, &["departments"], "`[ignore]`");
        if let Some(entry) = ignore.get("departments") {
            let tags = problems.strings(at, entry, false).unwrap_or_default();
            mapping.ignore = tags.into_iter().map(|(t, _)| t.to_lowercase()).collect();
        }
    }
    if let Some(fields) = root.get("fields").and_then(|e| table(at, e, problems)) {
        for entry in &fields.entries {
            let builtin = crate::vocabulary::PERSON_FIELDS.contains(&entry.key.as_str());
            if builtin || !crate::parse::is_valid_id(&entry.key) {
                let why = if builtin {
                    "is a built-in field of a person"
                } else {
                    "is not a lower-case kebab-case key"
                };
                problems.push(
                    at,
                    entry.key_span.clone(),
                    "not a custom field",
                    format!("{} {why}", code(&entry.key)),
                    Some("name custom fields in kebab-case, such as `start-date`".to_owned()),
                );
            } else if let Some(column) = problems.string(at, entry) {
                mapping.fields.push((entry.key.clone(), column));
            }
        }
    }
    mapping
}

fn parse_rule(
    at: &Located,
    rule: &Table,
    key: &str,
    target: &str,
    problems: &mut Problems,
) -> Option<Rule> {
    let allowed: &[&str] = if key == "functions" {
        &["department", "title", "match", "function"]
    } else {
        &["title", "match", "role"]
    };
    let what = format!("a `[[{key}]]` rule");
    problems.check_keys(at, rule, allowed, &what);
    let department = rule.get("department");
    let title = rule.get("title");
    let (text_entry, on_title) = match (department, title) {
        (Some(d), None) => (d, false),
        (None, Some(t)) => (t, true),
        _ => {
            let needs = if key == "functions" {
                "exactly one of `department` and `title`"
            } else {
                "`title`"
            };
            problems.push(
                at,
                rule.span.clone(),
                "this rule",
                format!("{what} needs {needs}"),
                Some(format!(
                    "such as `title = \"Chief Technology Officer\"` and `{target} = \"...\"`"
                )),
            );
            return None;
        }
    };
    let text = problems.string(at, text_entry)?;
    let Some(target_entry) = rule.get(target) else {
        problems.push(
            at,
            rule.span.clone(),
            "this rule",
            format!("{what} needs `{target}`: what the matched people get"),
            None,
        );
        return None;
    };
    let name = problems.string(at, target_entry)?;
    if name.trim().is_empty() {
        problems.push(
            at,
            target_entry.value.span.clone(),
            "empty",
            format!("`{target}` must not be empty"),
            None,
        );
        return None;
    }
    let how = match rule.get("match") {
        Some(entry) => (problems.string(at, entry)?, Some(entry)),
        None => ("any-case".to_owned(), None),
    };
    let matcher = match how.0.as_str() {
        "any-case" => Matcher::AnyCase(text.to_lowercase()),
        "exact" => Matcher::Exact(text),
        "regex" => match regex::RegexBuilder::new(&text).size_limit(1 << 20).build() {
            Ok(re) => Matcher::Regex(re),
            Err(err) => {
                let first = err.to_string();
                let reason = first
                    .lines()
                    .last()
                    .unwrap_or("invalid")
                    .trim()
                    .to_lowercase();
                problems.push(
                    at,
                    text_entry.value.span.clone(),
                    "not a valid regex",
                    format!("{} is not a valid regex: {reason}", code(&text)),
                    Some("regex syntax: https://docs.rs/regex/latest/regex/#syntax".to_owned()),
                );
                return None;
            }
        },
        other => {
            let span = how.1.map_or(rule.span.clone(), |e| e.value.span.clone());
            problems.push(
                at,
                span,
                "unknown match",
                format!("unknown `match` {}", code(other)),
                Some("use `\"any-case\"`, `\"exact\"` or `\"regex\"`".to_owned()),
            );
            return None;
        }
    };
    Some(Rule {
        on_title,
        matcher,
        target: name,
    })
}
