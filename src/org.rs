//! The org as written in the file: entities, their fields and the spans of
//! every key and value. Built by [`crate::parse`]; derived facts live in
//! [`crate::model`].

use crate::diagnostic::{EntityKind, EntityRef};
use crate::source::Span;

/// A field value that passed type checks.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A list of scalars, each with its span.
    List(Vec<Item>),
}

/// One element of a list value.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The element (never a list).
    pub value: Value,
    /// Where it is written.
    pub span: Span,
}

impl Value {
    /// The string, for a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a number, for integers and floats.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Formats the value for a message placeholder.
    pub fn display(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format_float(*f),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => items
                .iter()
                .map(|i| i.value.display())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// A float as TOML would write it (`0.5`, `2.0`).
pub fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

/// A key written in an entity's table.
#[derive(Clone, Debug)]
pub struct Field {
    /// The key: borrowed for the format's own keys, which most are, so
    /// that a large org does not hold a copy of each.
    pub key: std::borrow::Cow<'static, str>,
    /// The value, or `None` when it was invalid (reported as `invalid-field`
    /// and treated as absent).
    pub value: Option<Value>,
    /// Where the value is written.
    pub span: Span,
}

/// What every person, team and vacancy has.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Person, team or vacancy.
    pub kind: EntityKind,
    /// The id (key under `[people]`, `[teams]` or `[vacancies]`).
    pub id: String,
    /// Where the entity is declared: its table header, inline-table key or
    /// first dotted key.
    pub header: Span,
    /// Every key written in its table, sorted by key.
    pub fields: Vec<Field>,
}

impl Entity {
    /// The field written under `key`, valid or not.
    pub fn field(&self, key: &str) -> Option<&Field> {
        // Length and first byte first: most keys differ there, and this is
        // the innermost loop of every selector.
        let want = key.as_bytes();
        self.fields.iter().find(|f| {
            let have = f.key.as_bytes();
            have.len() == want.len() && have.first() == want.first() && have == want
        })
    }

    /// The valid value under `key`.
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.field(key).and_then(|f| f.value.as_ref())
    }

    /// A string value under `key`.
    pub fn str_value(&self, key: &str) -> Option<&str> {
        self.value(key).and_then(Value::as_str)
    }

    /// The entity as referenced by diagnostics.
    pub fn to_ref(&self) -> EntityRef {
        EntityRef {
            kind: self.kind,
            id: self.id.clone(),
        }
    }

    /// The display name, falling back to the id.
    pub fn name(&self) -> &str {
        self.str_value("name").unwrap_or(&self.id)
    }

    /// The most specific location for a field: its value, else its key,
    /// else the entity's header.
    pub fn span_of(&self, key: &str) -> Span {
        self.field(key)
            .map_or(self.header.clone(), |f| f.span.clone())
    }
}

/// A reference to a person (`reports-to`, `lead`) or a team (a vacancy's
/// `team`).
#[derive(Clone, Debug, PartialEq)]
pub enum Reference {
    /// Not written.
    Absent,
    /// Written with the wrong type.
    Invalid,
    /// A string naming an id (which may not exist).
    Named {
        /// The id named.
        id: String,
        /// Where the value is written.
        span: Span,
    },
}

/// A `[people.<id>]` entry.
#[derive(Clone, Debug)]
pub struct Person {
    /// Id, header and raw fields.
    pub entity: Entity,
    /// `reports-to`.
    pub reports_to: Reference,
    /// `start`, when valid: the first day in the org.
    pub start: Option<crate::dates::Date>,
    /// `end`, when valid and not before `start`: the last day in the org.
    pub end: Option<crate::dates::Date>,
    /// `dotted-to`: the ids named, each with its span (empty when absent or
    /// invalid).
    pub dotted_to: Vec<(String, Span)>,
    /// `interim-since`, when it is a valid date.
    pub interim_since: Option<crate::dates::Date>,
}

/// A `[vacancies.<id>]` entry: an open position.
#[derive(Clone, Debug)]
pub struct Vacancy {
    /// Id, header and raw fields.
    pub entity: Entity,
    /// `reports-to`: the manager hiring for it.
    pub reports_to: Reference,
    /// `team`: the team it is hiring for (a team id, which may not exist).
    pub team: Reference,
}

/// A `[teams.<id>]` entry.
#[derive(Clone, Debug)]
pub struct Team {
    /// Id, header and raw fields.
    pub entity: Entity,
    /// `lead`.
    pub lead: Reference,
    /// Distinct listed members with the span of their first occurrence.
    pub members: Vec<(String, Span)>,
    /// `headcount`, when valid.
    pub headcount: Option<u64>,
}

/// The R&D leadership model an org intends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Structure {
    /// One accountable executive for product, engineering, design and data.
    #[default]
    Cpto,
    /// Separate product and technology leaders, on purpose.
    Split,
}

impl Structure {
    /// `"cpto"` or `"split"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Structure::Cpto => "cpto",
            Structure::Split => "split",
        }
    }
}

/// The `[org]` table.
#[derive(Clone, Debug, Default)]
pub struct OrgTable {
    /// Where `[org]` is declared, when it is.
    pub header: Option<Span>,
    /// `name`, when valid.
    pub name: Option<String>,
    /// `structure`, defaulted.
    pub structure: Structure,
    /// `include`: the glob patterns of an org of many files, each with its
    /// span; `None` when the key is absent.
    pub include: Option<Vec<(String, Span)>>,
}

/// An org file as parsed, before derived facts.
#[derive(Clone, Debug, Default)]
pub struct ParsedOrg {
    /// `[org]`.
    pub section: OrgTable,
    /// People, sorted by id.
    pub people: Vec<Person>,
    /// Teams, sorted by id.
    pub teams: Vec<Team>,
    /// Open positions, sorted by id.
    pub vacancies: Vec<Vacancy>,
    /// Unknown keys that are probably `reports-to`, `lead` or `members`,
    /// in file order.
    pub misspelled: Vec<Misspelled>,
}

/// An unknown key of an entity that is probably one of the keys the
/// reporting lines and teams are built from (`report-to` for
/// `reports-to`): the value is missing from the model, so the diagnostics
/// that follow from it point at the key.
#[derive(Clone, Debug)]
pub struct Misspelled {
    /// The entity that has the key.
    pub entity: EntityRef,
    /// Where that entity is declared.
    pub header: Span,
    /// The key as written.
    pub key: String,
    /// The key it probably is: `reports-to`, `lead` or `members`.
    pub meant: &'static str,
    /// Where the key is written.
    pub span: Span,
    /// The ids its value names (a string, or the strings of a list).
    pub named: Vec<String>,
}
