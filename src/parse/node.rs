//! A spanned TOML tree for rule packs and `orglint.toml`: small files whose
//! every key and value must be locatable in error messages.

use std::sync::Arc;

use crate::parse::tree::{self, Kind};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use crate::suggest;

/// A value with its span.
#[derive(Clone, Debug)]
pub struct Node {
    /// The value.
    pub value: NodeValue,
    /// Where it is written.
    pub span: Span,
}

/// A TOML value.
#[derive(Clone, Debug)]
pub enum NodeValue {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A date or time: the date, when it is a local date (a rule
    /// example's `as-of`); never valid elsewhere in a pack or config.
    Datetime(Option<crate::dates::Date>),
    /// An array.
    Array(Vec<Node>),
    /// A table.
    Table(Table),
}

/// A table's entries, sorted by key.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Where the table is written (its header or inline braces).
    pub span: Span,
}

/// One key of a table.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// Its value.
    pub value: Node,
}

impl Table {
    /// The entry under `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

impl Node {
    /// The value as an org value, for strings, numbers and booleans.
    pub fn scalar(&self) -> Option<crate::org::Value> {
        use crate::org::Value;
        match &self.value {
            NodeValue::Str(s) => Some(Value::Str(s.clone())),
            NodeValue::Int(i) => Some(Value::Int(*i)),
            NodeValue::Float(f) => Some(Value::Float(*f)),
            NodeValue::Bool(b) => Some(Value::Bool(*b)),
            _ => None,
        }
    }
}

impl NodeValue {
    /// `a string`, `an integer`, ... for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            NodeValue::Str(_) => "a string",
            NodeValue::Int(_) => "an integer",
            NodeValue::Float(_) => "a float",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::Datetime(_) => "a datetime",
            NodeValue::Array(_) => "an array",
            NodeValue::Table(_) => "a table",
        }
    }
}

/// Parses a whole file into a table, or the `toml-syntax`-style error.
pub fn parse_file(source: &SourceFile) -> Result<Table, Diagnostic> {
    let root = crate::parse::parse_toml(source.text())?;
    Ok(convert_table(&root, 0..0))
}

fn convert_table(table: &tree::Table<'_>, span: Span) -> Table {
    Table {
        entries: table
            .entries
            .iter()
            .map(|(k, v)| Entry {
                key: k.name().to_owned(),
                key_span: k.span(),
                value: convert(v),
            })
            .collect(),
        span,
    }
}

fn convert(value: &tree::Val<'_>) -> Node {
    let span = value.span();
    let value = match &value.kind {
        Kind::String(s) => NodeValue::Str(s.to_string()),
        Kind::Integer(i) => NodeValue::Int(*i),
        Kind::Float(f) => NodeValue::Float(*f),
        Kind::Boolean(b) => NodeValue::Bool(*b),
        Kind::Datetime(value) => NodeValue::Datetime(crate::dates::Date::from_toml(value)),
        Kind::Array(items, _) => NodeValue::Array(items.iter().map(convert).collect()),
        Kind::Table(t) => NodeValue::Table(convert_table(t, span.clone())),
    };
    Node { value, span }
}

/// Which kind of file a problem is in: it decides the diagnostic's rule id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A rule pack: `pack-error`.
    Pack,
    /// An `orglint.toml`: `config-error`.
    Config,
}

/// A file being read, for locating problems in it.
#[derive(Clone, Debug)]
pub struct Located {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Pack or config.
    pub origin: Origin,
}

/// Problems found while loading configuration and packs: every one of them
/// is reported, then the run exits with code 2.
#[derive(Debug, Default)]
pub struct Problems {
    /// Each problem with the file it is in.
    pub diagnostics: Vec<(Arc<SourceFile>, Diagnostic)>,
}

impl Problems {
    /// Records a problem at `span` of `at`'s file.
    pub fn push(
        &mut self,
        at: &Located,
        span: Span,
        label: impl Into<String>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let rule = match at.origin {
            Origin::Pack => crate::ids::PACK_ERROR,
            Origin::Config => crate::ids::CONFIG_ERROR,
        };
        let mut diagnostic = Diagnostic::at(rule, Severity::Error, span, label, message);
        diagnostic.help = help;
        self.diagnostics.push((at.file.clone(), diagnostic));
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Reports every key of `table` outside `allowed`, with the closest one.
    pub fn check_keys(&mut self, at: &Located, table: &Table, allowed: &[&str], what: &str) {
        for entry in &table.entries {
            if !allowed.contains(&entry.key.as_str()) {
                self.unknown_key(at, entry, allowed.iter().copied(), what);
            }
        }
    }

    /// Reports one unknown key with a did-you-mean.
    pub fn unknown_key<'a>(
        &mut self,
        at: &Located,
        entry: &Entry,
        allowed: impl Iterator<Item = &'a str> + Clone,
        what: &str,
    ) {
        let help = match suggest::hint(&entry.key, allowed.clone()) {
            Some(s) => crate::suggest::did_you_mean(s),
            None => format!("valid keys: {}", allowed.collect::<Vec<_>>().join(", ")),
        };
        self.push(
            at,
            entry.key_span.clone(),
            "unknown key",
            format!(
                "unknown key {} in {what}",
                crate::diagnostic::code(&entry.key)
            ),
            Some(help),
        );
    }

    /// The string under `entry`, or a wrong-type problem.
    pub fn string(&mut self, at: &Located, entry: &Entry) -> Option<String> {
        match &entry.value.value {
            NodeValue::Str(s) => Some(s.clone()),
            _ => {
                self.wrong_type(at, &entry.key, &entry.value, "a string");
                None
            }
        }
    }

    /// The strings of the list under `entry` (with `single`, a lone string
    /// counts as a list of one), each with its span. Every item of the wrong
    /// type is reported, in one pass; `None` when any was.
    pub fn strings(
        &mut self,
        at: &Located,
        entry: &Entry,
        single: bool,
    ) -> Option<Vec<(String, Span)>> {
        match &entry.value.value {
            NodeValue::Str(s) if single => Some(vec![(s.clone(), entry.value.span.clone())]),
            NodeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match &item.value {
                        NodeValue::Str(s) => out.push((s.clone(), item.span.clone())),
                        _ => {
                            self.wrong_type(at, &entry.key, item, "a string");
                            ok = false;
                        }
                    }
                }
                ok.then_some(out)
            }
            _ => {
                let expected = if single {
                    "a string or a list of strings"
                } else {
                    "a list of strings"
                };
                self.wrong_type(at, &entry.key, &entry.value, expected);
                None
            }
        }
    }

    /// Reports `inf` or `nan` where a bound is expected: a float, but no
    /// number a range can use.
    pub fn not_finite(&mut self, at: &Located, key: &str, node: &Node, value: f64) {
        let written = if value.is_nan() {
            "nan"
        } else if value > 0.0 {
            "inf"
        } else {
            "-inf"
        };
        self.push(
            at,
            node.span.clone(),
            "not a finite number",
            format!("`{key}` must be a finite number, not `{written}`"),
            Some(format!("write a number such as `{key} = 8`")),
        );
    }

    /// Reports a value of the wrong type.
    pub fn wrong_type(&mut self, at: &Located, key: &str, node: &Node, expected: &str) {
        self.push(
            at,
            node.span.clone(),
            format!("expected {expected}"),
            format!("`{key}` must be {expected}, not {}", node.value.type_name()),
            None,
        );
    }
}
