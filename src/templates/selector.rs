//! Selectors: which entities a rule looks at (docs/rules.md, "Selectors").

use regex::Regex;

use crate::diagnostic::EntityKind;
use crate::model::{EntityId, Model, field_value};
use crate::org::Value;
use crate::parse::node::{Entry, Located, Node, NodeValue, Problems};
use crate::vocabulary::Vocabulary;

/// Selector keys that are not fields (so custom fields may not use them).
pub const SPECIAL_KEYS: &[&str] = &[
    "kind",
    "id",
    "function",
    "role",
    "depth",
    "direct-reports",
    "size",
];

/// A parsed `select` (or `target`) table: every condition must hold.
#[derive(Clone, Debug, Default)]
pub struct Selector {
    conditions: Vec<Condition>,
    /// `role in cpto, cto and depth in 1..none`, for `{target}`.
    pub display: String,
    /// The kinds this selector can match.
    pub kinds: Vec<EntityKind>,
    /// A canonical form of the conditions: equal keys select the same.
    pub key: String,
}

#[derive(Clone, Debug)]
enum Condition {
    Kind(Vec<EntityKind>),
    Id(Matcher),
    Function(Matcher),
    Role(Vec<String>),
    Depth(Range),
    DirectReports(Range),
    Size(Range),
    Field {
        key: String,
        kinds: Vec<EntityKind>,
        test: FieldTest,
    },
}

#[derive(Clone, Debug)]
enum Matcher {
    Any(Vec<String>),
    Regex(Regex),
}

#[derive(Clone, Copy, Debug)]
struct Range {
    min: Option<f64>,
    max: Option<f64>,
}

impl Range {
    fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value <= m)
    }
}

#[derive(Clone, Debug)]
enum FieldTest {
    AnyOf(Vec<Value>),
    Regex(Regex),
    Present(bool),
    Range(Range),
}

/// Compiles a user's regex with the limits of docs/rules.md, or reports why not.
pub fn compile_regex(
    pattern: &str,
    at: &Located,
    node: &Node,
    problems: &mut Problems,
) -> Option<Regex> {
    if pattern.len() > 1000 {
        problems.push(
            at,
            node.span.clone(),
            "over 1,000 bytes",
            format!(
                "the regex is {} bytes long; at most 1,000 are allowed",
                pattern.len()
            ),
            Some("write a shorter pattern".to_owned()),
        );
        return None;
    }
    match regex::RegexBuilder::new(pattern)
        .size_limit(256 * 1024)
        .nest_limit(50)
        .build()
    {
        Ok(regex) => Some(regex),
        Err(err) => {
            let reason = match &err {
                regex::Error::CompiledTooBig(_) => "it compiles to more than 256 KiB".to_owned(),
                other => other
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            };
            problems.push(
                at,
                node.span.clone(),
                "invalid regex",
                format!("invalid regex: {}", crate::diagnostic::clip(&reason, 200)),
                Some("regexes use the syntax of the Rust `regex` crate; repetitions of repetitions grow fast".to_owned()),
            );
            None
        }
    }
}

/// The fields an entity of `kind` may have.
fn fields(vocabulary: &Vocabulary, kind: EntityKind) -> Vec<&str> {
    vocabulary.fields(kind).collect()
}

/// Parses a selector table.
pub fn parse(
    node: &Node,
    at: &Located,
    problems: &mut Problems,
    vocabulary: &Vocabulary,
) -> Option<Selector> {
    let NodeValue::Table(table) = &node.value else {
        problems.wrong_type(at, "select", node, "a table");
        return None;
    };
    let mut selector = Selector {
        kinds: vec![EntityKind::Person, EntityKind::Team],
        ..Selector::default()
    };
    let mut ok = true;
    let mut shown = Vec::new();
    for entry in &table.entries {
        let Some(condition) = condition(entry, at, problems, vocabulary) else {
            ok = false;
            continue;
        };
        shown.push(format!("{} {}", entry.key, describe(&entry.value)));
        if let Condition::Kind(kinds) = &condition {
            selector.kinds.retain(|k| kinds.contains(k));
        }
        selector.conditions.push(condition);
    }
    selector.display = shown.join(" and ");
    // Debug output names every condition and value (regexes by pattern).
    selector.key = format!("{:?}", selector.conditions);
    ok.then_some(selector)
}

fn describe(node: &Node) -> String {
    match &node.value {
        NodeValue::Array(items) => format!(
            "in {}",
            items.iter().map(scalar_text).collect::<Vec<_>>().join(", ")
        ),
        NodeValue::Table(t) => {
            if let Some(m) = t.get("matches") {
                format!("matching `{}`", scalar_text(&m.value))
            } else if let Some(p) = t.get("present") {
                if matches!(p.value.value, NodeValue::Bool(true)) {
                    "present".to_owned()
                } else {
                    "absent".to_owned()
                }
            } else {
                let bound = |k: &str| t.get(k).map(|e| scalar_text(&e.value));
                crate::text::range(bound("min").as_deref(), bound("max").as_deref())
            }
        }
        _ => format!("in {}", scalar_text(node)),
    }
}

fn scalar_text(node: &Node) -> String {
    match &node.value {
        NodeValue::Str(s) => s.clone(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => crate::org::format_float(*f),
        NodeValue::Bool(b) => b.to_string(),
        other => other.type_name().to_owned(),
    }
}

fn strings(entry: &Entry, at: &Located, problems: &mut Problems) -> Option<Vec<String>> {
    let strings = problems.strings(at, entry, true)?;
    Some(strings.into_iter().map(|(s, _)| s).collect())
}

fn matcher(entry: &Entry, at: &Located, problems: &mut Problems) -> Option<Matcher> {
    if let NodeValue::Table(t) = &entry.value.value {
        problems.check_keys(at, t, &["matches"], &format!("`{}`", entry.key));
        let m = t.get("matches")?;
        let NodeValue::Str(pattern) = &m.value.value else {
            problems.wrong_type(at, "matches", &m.value, "a string");
            return None;
        };
        return compile_regex(pattern, at, &m.value, problems).map(Matcher::Regex);
    }
    strings(entry, at, problems).map(Matcher::Any)
}

fn number(node: &Node) -> Option<f64> {
    match node.value {
        NodeValue::Int(i) => Some(i as f64),
        NodeValue::Float(f) => Some(f),
        _ => None,
    }
}

fn range(entry: &Entry, at: &Located, problems: &mut Problems) -> Option<Range> {
    match &entry.value.value {
        NodeValue::Int(i) => Some(Range {
            min: Some(*i as f64),
            max: Some(*i as f64),
        }),
        NodeValue::Table(t) => {
            problems.check_keys(at, t, &["min", "max"], &format!("`{}`", entry.key));
            let mut bound = |k: &str| -> Result<Option<f64>, ()> {
                match t.get(k) {
                    None => Ok(None),
                    Some(e) => match number(&e.value) {
                        Some(n) if n.is_finite() => Ok(Some(n)),
                        Some(n) => {
                            problems.not_finite(at, k, &e.value, n);
                            Err(())
                        }
                        None => {
                            problems.wrong_type(at, k, &e.value, "a number");
                            Err(())
                        }
                    },
                }
            };
            let (min, max) = (bound("min").ok()?, bound("max").ok()?);
            if min.is_none() && max.is_none() {
                problems.push(
                    at,
                    entry.value.span.clone(),
                    "no bounds",
                    format!("`{}` needs `min`, `max` or both", entry.key),
                    None,
                );
                return None;
            }
            Some(Range { min, max })
        }
        _ => {
            problems.wrong_type(
                at,
                &entry.key,
                &entry.value,
                "an integer or `{ min = N, max = M }`",
            );
            None
        }
    }
}

fn condition(
    entry: &Entry,
    at: &Located,
    problems: &mut Problems,
    vocabulary: &Vocabulary,
) -> Option<Condition> {
    let key = entry.key.as_str();
    Some(match key {
        "kind" => {
            let names = strings(entry, at, problems)?;
            let mut kinds = Vec::new();
            for name in names {
                match name.as_str() {
                    "person" => kinds.push(EntityKind::Person),
                    "team" => kinds.push(EntityKind::Team),
                    other => {
                        problems.push(
                            at,
                            entry.value.span.clone(),
                            "not a kind",
                            format!(
                                "`kind` must be `person` or `team`, not {}",
                                crate::diagnostic::code(other)
                            ),
                            None,
                        );
                        return None;
                    }
                }
            }
            Condition::Kind(kinds)
        }
        "id" => Condition::Id(matcher(entry, at, problems)?),
        "function" => Condition::Function(matcher(entry, at, problems)?),
        "role" => Condition::Role(strings(entry, at, problems)?),
        "depth" => Condition::Depth(range(entry, at, problems)?),
        "direct-reports" => Condition::DirectReports(range(entry, at, problems)?),
        "size" => Condition::Size(range(entry, at, problems)?),
        _ => {
            let kinds: Vec<EntityKind> = [EntityKind::Person, EntityKind::Team]
                .into_iter()
                .filter(|k| fields(vocabulary, *k).contains(&key))
                .collect();
            if kinds.is_empty() {
                let mut all: Vec<&str> = SPECIAL_KEYS.to_vec();
                all.extend(fields(vocabulary, EntityKind::Person));
                all.extend(fields(vocabulary, EntityKind::Team));
                all.sort_unstable();
                all.dedup();
                problems.unknown_key(at, entry, all.into_iter(), "a selector");
                return None;
            }
            let test = match &entry.value.value {
                NodeValue::Array(items) => {
                    let mut values = Vec::with_capacity(items.len());
                    for item in items {
                        match item.scalar() {
                            Some(v) => values.push(v),
                            None => {
                                problems.wrong_type(at, key, item, "a string, number or boolean");
                                return None;
                            }
                        }
                    }
                    FieldTest::AnyOf(values)
                }
                NodeValue::Table(t) => {
                    if let Some(m) = t.get("matches") {
                        problems.check_keys(at, t, &["matches"], &format!("`{key}`"));
                        let NodeValue::Str(pattern) = &m.value.value else {
                            problems.wrong_type(at, "matches", &m.value, "a string");
                            return None;
                        };
                        FieldTest::Regex(compile_regex(pattern, at, &m.value, problems)?)
                    } else if let Some(p) = t.get("present") {
                        problems.check_keys(at, t, &["present"], &format!("`{key}`"));
                        let NodeValue::Bool(b) = p.value.value else {
                            problems.wrong_type(at, "present", &p.value, "a boolean");
                            return None;
                        };
                        FieldTest::Present(b)
                    } else {
                        FieldTest::Range(range(entry, at, problems)?)
                    }
                }
                _ => match entry.value.scalar() {
                    Some(v) => FieldTest::AnyOf(vec![v]),
                    None => {
                        problems.wrong_type(
                            at,
                            key,
                            &entry.value,
                            "a string, number, boolean, list or table",
                        );
                        return None;
                    }
                },
            };
            Condition::Field {
                key: key.to_owned(),
                kinds,
                test,
            }
        }
    })
}

impl Matcher {
    fn matches(&self, text: Option<&str>) -> bool {
        match (self, text) {
            (_, None) => false,
            (Matcher::Any(values), Some(t)) => values.iter().any(|v| v == t),
            (Matcher::Regex(re), Some(t)) => re.is_match(t),
        }
    }
}

fn value_matches(value: &Value, test: &dyn Fn(&Value) -> bool) -> bool {
    match value {
        Value::List(items) => items.iter().any(|i| test(&i.value)),
        other => test(other),
    }
}

impl Selector {
    /// A selector that matches everything.
    pub fn all() -> Self {
        Selector {
            conditions: Vec::new(),
            display: String::new(),
            kinds: vec![EntityKind::Person, EntityKind::Team],
            key: "[]".to_owned(),
        }
    }

    /// Whether the selector has no conditions.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// Whether `id` satisfies every condition.
    pub fn matches(&self, model: &Model, id: EntityId) -> bool {
        self.conditions
            .iter()
            .all(|c| condition_holds(c, model, id))
    }
}

fn condition_holds(condition: &Condition, model: &Model, id: EntityId) -> bool {
    let entity = model.entity(id);
    match condition {
        Condition::Kind(kinds) => kinds.contains(&entity.kind),
        Condition::Id(m) => m.matches(Some(&entity.id)),
        Condition::Function(m) => m.matches(model.function(id)),
        // An interim holder holds the role for every rule.
        Condition::Role(roles) => match id {
            EntityId::Person(p) => model.holds_any(p, roles),
            EntityId::Team(_) => false,
        },
        Condition::Depth(r) => model.depth(id).is_some_and(|d| r.contains(d as f64)),
        Condition::DirectReports(r) => model
            .direct_reports(id)
            .is_some_and(|d| r.contains(d as f64)),
        Condition::Size(r) => model.team_size(id).is_some_and(|s| r.contains(s as f64)),
        Condition::Field { key, kinds, test } => {
            if !kinds.contains(&entity.kind) {
                return false;
            }
            match test {
                FieldTest::Present(want) => entity.field(key).is_some() == *want,
                FieldTest::AnyOf(values) => field_value(entity, key)
                    .is_some_and(|v| value_matches(&v, &|x| values.iter().any(|w| w == x))),
                FieldTest::Regex(re) => field_value(entity, key).is_some_and(|v| {
                    value_matches(&v, &|x| match x {
                        Value::Str(s) => re.is_match(s),
                        other => re.is_match(&other.display()),
                    })
                }),
                FieldTest::Range(r) => field_value(entity, key).is_some_and(|v| {
                    value_matches(&v, &|x| x.as_f64().is_some_and(|n| r.contains(n)))
                }),
            }
        }
    }
}
