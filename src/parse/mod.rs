//! Reads an org file's text into a [`ParsedOrg`], with the span of every key
//! and value, and reports the structure problems that a single table shows:
//! `toml-syntax`, `invalid-field`, `unknown-field`, `unknown-function` and
//! `unknown-role`. References and the reporting tree are checked by
//! [`crate::model`].
//!
//! This is the only module that knows how TOML is parsed; everything after it
//! sees [`ParsedOrg`].

use std::cell::OnceCell;
use std::collections::HashSet;

use tree::{Kind, Table};

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, EntityKind, EntityRef, Fix, FixSafety, Severity, code};
use crate::org::{
    Entity, Field, Item, Misspelled, OrgTable, ParsedOrg, Person, Reference, Structure, Team,
    Vacancy, Value,
};
use crate::source::Span;
use crate::suggest;
use crate::vocabulary::{self, Vocabulary};

/// Keys and tables nest at most this deep (the `toml` crate's limit).
pub const MAX_KEY_DEPTH: usize = 80;

pub mod node;
pub mod tree;

type Key<'i> = tree::Key<'i>;
type Val<'i> = tree::Val<'i>;

/// Parses an org file. `Err` holds the one `toml-syntax` diagnostic of a file
/// that is not valid TOML.
pub fn parse(
    text: &str,
    vocabulary: &Vocabulary,
) -> Result<(ParsedOrg, Vec<Diagnostic>), Diagnostic> {
    parse_part(text, 0..text.len(), vocabulary, false)
}

/// Parses one file of an org of many files: the fragment at `range` of the
/// org's joined `text` ([`crate::load`]). Spans are in the joined text. A
/// fragment holds only `[people.*]` and `[teams.*]` tables; anything else at
/// its top level is an `invalid-field`.
pub fn parse_fragment(
    text: &str,
    range: std::ops::Range<usize>,
    vocabulary: &Vocabulary,
) -> Result<(ParsedOrg, Vec<Diagnostic>), Diagnostic> {
    parse_part(text, range, vocabulary, true)
}

fn parse_part(
    text: &str,
    range: std::ops::Range<usize>,
    vocabulary: &Vocabulary,
    fragment: bool,
) -> Result<(ParsedOrg, Vec<Diagnostic>), Diagnostic> {
    let base = range.start;
    let part = text.get(range).unwrap_or_default();
    let shift = |mut d: Diagnostic| {
        d.shift(base);
        d
    };
    if part.starts_with('\u{feff}') {
        return Err(shift(second_bom()));
    }
    let mut root = tree::parse_keeping_order(part)
        .map_err(|err| shift(syntax_diagnostic(part, &err.message, err.span)))?;
    if base > 0 {
        // The joined text is below 4 GiB: `load` refuses more.
        root.shift(u32::try_from(base).unwrap_or(u32::MAX));
    }
    let mut parser = Parser {
        text,
        vocabulary,
        diagnostics: Vec::new(),
        misspelled: Vec::new(),
        fragment,
    };
    let mut org = parser.document(root);
    org.misspelled = parser.misspelled;
    tree::sort_by_name(&mut org.people, |p| &p.entity.id);
    tree::sort_by_name(&mut org.teams, |t| &t.entity.id);
    tree::sort_by_name(&mut org.vacancies, |v| &v.entity.id);
    Ok((org, parser.diagnostics))
}

fn second_bom() -> Diagnostic {
    Diagnostic::at(
        crate::ids::TOML_SYNTAX,
        Severity::Error,
        0..3,
        "a second byte order mark",
        "the file is not valid TOML: a byte order mark is only allowed at the very start",
    )
    .with_help("remove the extra byte order mark")
}

/// Parses TOML text into its tree, every table sorted by key, or the one
/// `toml-syntax` diagnostic. Rule packs and configs read their files with
/// it; org files go through [`parse`].
pub fn parse_toml(text: &str) -> Result<Table<'_>, Diagnostic> {
    if text.starts_with('\u{feff}') {
        return Err(second_bom());
    }
    tree::parse(text).map_err(|err| syntax_diagnostic(text, &err.message, err.span))
}

/// The `toml-syntax` diagnostic for a parser's message and span.
pub fn syntax_diagnostic(text: &str, message: &str, span: Option<Span>) -> Diagnostic {
    let message = crate::diagnostic::clip(message.trim(), 200);
    let span = span.unwrap_or(0..0);
    let span = span.start.min(text.len())..span.end.min(text.len());
    let (message, label) = if message.contains("recursion") {
        (
            format!("keys, tables or values nest more than {MAX_KEY_DEPTH} deep"),
            format!("keys and tables nest at most {MAX_KEY_DEPTH} deep"),
        )
    } else {
        (message.clone(), message)
    };
    Diagnostic::at(
        crate::ids::TOML_SYNTAX,
        Severity::Error,
        span,
        label,
        format!("the file is not valid TOML: {message}"),
    )
    .with_help("fix the TOML syntax; orglint reads TOML 1.1")
}

struct Parser<'a> {
    text: &'a str,
    vocabulary: &'a Vocabulary,
    diagnostics: Vec<Diagnostic>,
    misspelled: Vec<Misspelled>,
    /// A fragment of an org of many files, not a root.
    fragment: bool,
}

fn type_name(value: &Kind<'_>) -> &'static str {
    match value {
        Kind::String(_) => "a string",
        Kind::Integer(_) => "an integer",
        Kind::Float(_) => "a float",
        Kind::Boolean(_) => "a boolean",
        Kind::Datetime(_) => "a datetime",
        Kind::Array(..) => "an array",
        Kind::Table(_) => "a table",
    }
}

/// The longest id allowed, in characters.
pub const MAX_ID_LEN: usize = 200;

/// The largest `headcount` allowed: no real org is that large, and sums over
/// an org cannot overflow.
pub const MAX_HEADCOUNT: i64 = 10_000_000;

/// Whether `id` matches `^[a-z0-9][a-z0-9._-]*$`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// Wraps `new` in the quoting of the original token (`"x"`, `'x'` or bare).
pub fn requote(original: &str, new: &str) -> String {
    if original.starts_with('\'') && !new.contains('\'') {
        format!("'{new}'")
    } else if original.starts_with('"') || original.starts_with('\'') {
        serde_json::to_string(new).unwrap_or_else(|_| format!("\"{new}\""))
    } else {
        new.to_owned()
    }
}

/// Which list elements a list field accepts.
#[derive(Clone, Copy, PartialEq)]
enum Elements {
    Strings,
    Scalars,
}

impl Parser<'_> {
    fn invalid(
        &mut self,
        span: Span,
        label: impl Into<String>,
        message: String,
        entity: Option<&EntityRef>,
        key: &str,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::at(
            crate::ids::INVALID_FIELD,
            Severity::Error,
            span,
            label,
            message,
        )
        .about(entity.cloned())
        .with_key(key);
        self.diagnostics.push(diagnostic);
        let last = self.diagnostics.len() - 1;
        #[allow(clippy::indexing_slicing)] // just pushed
        &mut self.diagnostics[last]
    }

    /// The location that stands for a table: its header, else its key.
    fn header(&self, key: &Key<'_>, value: &Val<'_>) -> Span {
        if value.is_header() {
            value.span()
        } else {
            key.span()
        }
    }

    fn document(&mut self, root: Table<'_>) -> ParsedOrg {
        let mut parsed = ParsedOrg::default();
        let mut has_org = false;
        // The top level has a handful of keys: their set is cheap.
        let names: Vec<String> = root
            .entries
            .iter()
            .map(|(k, _)| k.name().to_owned())
            .collect();
        let present: HashSet<&str> = names.iter().map(String::as_str).collect();
        let mut claimed = Claimed::default();
        // Entries are taken by value so that each entity's table is freed
        // as soon as it is read: the tree and the org never both peak.
        for (key, value) in root.entries {
            match key.name() {
                name if self.fragment && name != "people" && name != "teams" => {
                    self.fragment_key(&key, &value);
                }
                "org" => {
                    has_org = true;
                    parsed.section = self.org_table(&key, &value);
                }
                "people" => {
                    let entries = self.entries(&key, value);
                    parsed.people.reserve_exact(entries.len());
                    for (id_key, entry) in entries {
                        if let Some((entity, table)) =
                            self.entity(EntityKind::Person, "people", &id_key, entry)
                        {
                            let person = self.person(entity, &table);
                            parsed.people.push(person);
                        }
                    }
                }
                "teams" => {
                    let entries = self.entries(&key, value);
                    parsed.teams.reserve_exact(entries.len());
                    for (id_key, entry) in entries {
                        if let Some((entity, table)) =
                            self.entity(EntityKind::Team, "teams", &id_key, entry)
                        {
                            let team = self.team(entity, &table);
                            parsed.teams.push(team);
                        }
                    }
                }
                "vacancies" => {
                    let entries = self.entries(&key, value);
                    parsed.vacancies.reserve_exact(entries.len());
                    for (id_key, entry) in entries {
                        if let Some((entity, table)) =
                            self.entity(EntityKind::Vacancy, "vacancies", &id_key, entry)
                        {
                            let vacancy = self.vacancy(entity, &table);
                            parsed.vacancies.push(vacancy);
                        }
                    }
                }
                _ => {
                    self.unknown_field(
                        &key,
                        &value,
                        &present,
                        &mut claimed,
                        vocabulary::TOP_LEVEL.iter().copied(),
                        None,
                        "top-level table",
                    );
                }
            }
        }
        if !has_org && !self.fragment {
            self.diagnostics.push(
                Diagnostic::unlocated(
                    crate::ids::INVALID_FIELD,
                    Severity::Error,
                    "the file has no `[org]` table",
                )
                .with_help("add an `[org]` table with the organization's `name`")
                .with_key("org"),
            );
        }
        parsed
    }

    /// A top-level key of a fragment other than `people` and `teams`.
    fn fragment_key(&mut self, key: &Key<'_>, value: &Val<'_>) {
        let span = self.header(key, value);
        let name = key.name();
        let (message, help) = if name == "org" {
            (
                "a fragment cannot hold `[org]`: only the root file does".to_owned(),
                "move these keys to `[org]` in the root file, or remove them",
            )
        } else {
            (
                format!(
                    "a fragment holds only `[people.*]` and `[teams.*]` tables, not {}",
                    code(name)
                ),
                "move it to the root file, or remove it",
            )
        };
        self.invalid(span, "not allowed in a fragment", message, None, name)
            .help = Some(help.to_owned());
    }

    /// `include`: the list of patterns, each with its span; an entry that
    /// is not a string is reported and left out.
    fn include(&mut self, k: &Key<'_>, v: &Val<'_>) -> Vec<(String, Span)> {
        let Kind::Array(items, false) = &v.kind else {
            self.invalid(
                v.span(),
                "expected an array of strings",
                format!(
                    "`include` must be an array of glob patterns, not {}",
                    type_name(&v.kind)
                ),
                None,
                k.name(),
            )
            .help = Some("write `include = [\"people/*.toml\", \"teams/*.toml\"]`".to_owned());
            return Vec::new();
        };
        let mut patterns = Vec::with_capacity(items.len());
        for item in items {
            match &item.kind {
                Kind::String(pattern) => patterns.push((pattern.to_string(), item.span())),
                other => {
                    self.invalid(
                        item.span(),
                        "expected a string",
                        format!(
                            "an `include` pattern must be a string, not {}",
                            type_name(other)
                        ),
                        None,
                        "include",
                    )
                    .help = Some(
                        "write the pattern as a quoted string, such as `\"people/*.toml\"`"
                            .to_owned(),
                    );
                }
            }
        }
        patterns
    }

    fn org_table(&mut self, key: &Key<'_>, value: &Val<'_>) -> OrgTable {
        let mut org = OrgTable {
            header: Some(self.header(key, value)),
            ..OrgTable::default()
        };
        let Kind::Table(table) = &value.kind else {
            self.invalid(
                value.span(),
                "expected a table",
                format!("`org` must be a table, not {}", type_name(&value.kind)),
                None,
                "org",
            )
            .help = Some("write `[org]` with `name = \"...\"` under it".to_owned());
            return org;
        };
        // Built only when a table has an unknown key: most never do.
        let present = OnceCell::new();
        let keys_of = || -> HashSet<&str> { table.entries.iter().map(|(k, _)| k.name()).collect() };
        let mut claimed = Claimed::default();
        for (k, v) in &table.entries {
            match k.name() {
                "name" => {
                    if let Some(Value::Str(name)) = self.nonempty_string(k, v, None) {
                        org.name = Some(name);
                    }
                }
                "include" => org.include = Some(self.include(k, v)),
                "structure" => match &v.kind {
                    Kind::String(s) if s == "cpto" => org.structure = Structure::Cpto,
                    Kind::String(s) if s == "split" => org.structure = Structure::Split,
                    other => {
                        let found = match other {
                            Kind::String(s) => code(s),
                            other => type_name(other).to_owned(),
                        };
                        self.invalid(
                            v.span(),
                            "expected `\"cpto\"` or `\"split\"`",
                            format!("`structure` must be `\"cpto\"` or `\"split\"`, not {found}"),
                            None,
                            "structure",
                        )
                        .help = Some("`cpto`: one executive for product, engineering, design and data; `split`: separate leaders on purpose".to_owned());
                    }
                },
                _ => {
                    self.unknown_field(
                        k,
                        v,
                        present.get_or_init(keys_of),
                        &mut claimed,
                        vocabulary::ORG_FIELDS.iter().copied(),
                        None,
                        "`[org]`",
                    );
                }
            }
        }
        if org.name.is_none() && !table.entries.iter().any(|(k, _)| k.name() == "name") {
            let header = org.header.clone().unwrap_or(0..0);
            self.invalid(
                header,
                "no `name` here",
                "`[org]` has no `name`".to_owned(),
                None,
                "name",
            )
            .help = Some("add `name = \"...\"` to `[org]`".to_owned());
        }
        org
    }

    /// The entries of `[people]` or `[teams]`, or none when it is not a
    /// table (reported).
    fn entries<'i>(&mut self, key: &Key<'i>, value: Val<'i>) -> Vec<(Key<'i>, Val<'i>)> {
        let what = key.name();
        let span = value.span();
        match value.kind {
            Kind::Table(table) => table.entries,
            other => {
                self.invalid(
                    span,
                    "expected a table",
                    format!("`{what}` must be a table, not {}", type_name(&other)),
                    None,
                    what,
                )
                .help = Some(format!("write each entry as `[{what}.<id>]`"));
                Vec::new()
            }
        }
    }

    /// One entry of `[people]` or `[teams]` as an entity and its table, or
    /// `None` when it cannot be an entity (reported).
    fn entity<'i>(
        &mut self,
        kind: EntityKind,
        what: &str,
        id_key: &Key<'i>,
        entry: Val<'i>,
    ) -> Option<(Entity, Table<'i>)> {
        let id = id_key.name();
        if id.is_empty() {
            self.invalid(
                id_key.span(),
                "empty id",
                format!("a {} id must not be empty", kind.as_str()),
                None,
                what,
            )
            .help = Some("give it an id such as `ada` or `checkout`".to_owned());
            return None;
        }
        let header = self.header(id_key, &entry);
        let span = entry.span();
        let fields = match entry.kind {
            Kind::Table(fields) => fields,
            other => {
                self.invalid(
                    span,
                    "expected a table",
                    format!(
                        "`{what}.{}` must be a table, not {}",
                        crate::diagnostic::clip(id, 80),
                        type_name(&other)
                    ),
                    None,
                    &format!("{what}:{id}"),
                )
                .help = Some(format!(
                    "write it as `[{what}.{}]` with its keys below",
                    crate::diagnostic::clip(id, 80)
                ));
                return None;
            }
        };
        let entity = Entity {
            kind,
            id: id.to_owned(),
            header,
            fields: Vec::with_capacity(fields.entries.len()),
        };
        if !is_valid_id(id) {
            let entity_ref = entity.to_ref();
            self.invalid(
                id_key.span(),
                "invalid id",
                format!("{} id {} does not match `^[a-z0-9][a-z0-9._-]*$`", kind.as_str(), code(id)),
                Some(&entity_ref),
                "id",
            )
            .help = Some("ids use lower-case letters, digits, `.`, `_` and `-`, and start with a letter or digit".to_owned());
        } else if id.len() > MAX_ID_LEN {
            // A valid id is ASCII: its length in bytes is its length.
            let entity_ref = entity.to_ref();
            self.invalid(
                id_key.span(),
                "id too long",
                format!(
                    "{} id {} is {} characters long, above the limit of {MAX_ID_LEN}",
                    kind.as_str(),
                    code(id),
                    id.len()
                ),
                Some(&entity_ref),
                "id",
            )
            .help = Some(format!("shorten the id to at most {MAX_ID_LEN} characters"));
        }
        Some((entity, fields))
    }

    /// Reads every key of an entity's table into its fields. `read` reads
    /// a key of the format and gives its value (`None` when invalid), or
    /// `None` for a key it does not know: then it is a custom field of the
    /// vocabulary, or an `unknown-field`.
    fn read_fields<'t, 'i>(
        &mut self,
        entity: &mut Entity,
        table: &'t Table<'i>,
        mut read: impl FnMut(&mut Self, &'t Key<'i>, &'t Val<'i>) -> Option<Option<Value>>,
    ) {
        let eref = entity.to_ref();
        let kind = entity.kind;
        // Built only when a table has an unknown key: most never do.
        let present = OnceCell::new();
        let keys_of = || -> HashSet<&str> { table.entries.iter().map(|(k, _)| k.name()).collect() };
        let mut claimed = Claimed::default();
        for (k, v) in &table.entries {
            let key = k.name();
            let value = match read(self, k, v) {
                Some(value) => value,
                None => {
                    let custom = self.vocabulary.custom_fields(kind);
                    if custom.iter().any(|f| f == key) {
                        self.custom(k, v, &eref)
                    } else {
                        let known: Vec<&str> = self.vocabulary.fields(kind).collect();
                        let suggestion = self.unknown_field(
                            k,
                            v,
                            present.get_or_init(keys_of),
                            &mut claimed,
                            known.into_iter(),
                            Some(&eref),
                            kind.as_str(),
                        );
                        if let Some(meant) = suggestion.and_then(|s| {
                            STRUCTURAL
                                .iter()
                                .copied()
                                .find(|structural| *structural == s)
                        }) {
                            self.misspelled.push(Misspelled {
                                entity: eref.clone(),
                                header: entity.header.clone(),
                                key: key.to_owned(),
                                meant,
                                span: k.span(),
                                named: named_ids(&v.kind),
                            });
                        }
                        continue;
                    }
                }
            };
            entity.fields.push(Field {
                key: field_key(key),
                value,
                span: v.span(),
            });
        }
    }

    /// A `function`, checked against the vocabulary.
    fn function(&mut self, k: &Key<'_>, v: &Val<'_>, eref: &EntityRef) -> Option<Value> {
        let value = self.string(k, v, Some(eref));
        if let Some(Value::Str(function)) = &value {
            self.check_name(true, function, v.span(), eref, "function");
        }
        value
    }

    fn person(&mut self, mut entity: Entity, table: &Table<'_>) -> Person {
        let eref = entity.to_ref();
        let mut reports_to = Reference::Absent;
        let (mut start, mut end) = (None, None);
        let mut dotted_to = Vec::new();
        let mut interim_since = None;
        self.read_fields(&mut entity, table, |this, k, v| {
            let key = k.name();
            Some(match key {
                "name" => this.nonempty_string(k, v, Some(&eref)),
                "title" => this.string(k, v, Some(&eref)),
                "reports-to" => {
                    let value = this.string(k, v, Some(&eref));
                    reports_to = reference(&value, v);
                    value
                }
                "function" => this.function(k, v, &eref),
                "dotted-to" => {
                    let value = this.list(k, v, Some(&eref), Elements::Strings);
                    if let Some(Value::List(items)) = &value {
                        dotted_to = items
                            .iter()
                            .filter_map(|i| Some((i.value.as_str()?.to_owned(), i.span.clone())))
                            .collect();
                    }
                    value
                }
                "interim-since" => {
                    let date = this.date(k, v, &eref);
                    interim_since = date;
                    date.map(|d| Value::Str(d.to_string()))
                }
                "roles" | "background" | "interim" => {
                    let value = this.list(k, v, Some(&eref), Elements::Strings);
                    if let Some(Value::List(items)) = &value {
                        for item in items {
                            if let Value::Str(name) = &item.value {
                                this.check_name(
                                    key == "background",
                                    name,
                                    item.span.clone(),
                                    &eref,
                                    key,
                                );
                            }
                        }
                    }
                    value
                }
                "on-call" => this.boolean(k, v, Some(&eref)),
                "accountable-for" => this.list(k, v, Some(&eref), Elements::Strings),
                "start" | "end" => {
                    let date = this.date(k, v, &eref);
                    if key == "start" {
                        start = date;
                    } else {
                        end = date;
                    }
                    date.map(|d| Value::Str(d.to_string()))
                }
                _ => return None,
            })
        });
        self.require(&entity, &["name"]);
        if let (Some(first), Some(last)) = (start, end)
            && last < first
        {
            let (end_span, start_span) = (entity.span_of("end"), entity.span_of("start"));
            self.invalid(
                end_span,
                "before `start`",
                format!("`end` is {last}, before `start` ({first})"),
                Some(&eref),
                "end",
            )
            .with_label_mut(start_span, format!("starts {first}"))
            .help = Some("`end` is the last day in the org: make it `start` or later".to_owned());
            end = None;
            if let Some(field) = entity.fields.iter_mut().find(|f| f.key == "end") {
                field.value = None;
            }
        }
        self.interim_also_held(&entity);
        Person {
            entity,
            reports_to,
            start,
            end,
            dotted_to,
            interim_since,
        }
    }

    /// An `interim` role the person also holds for good (`roles`) is a
    /// contradiction: reported at the interim element. So is an
    /// `interim-since` with no `interim` at all: a date of nothing.
    fn interim_also_held(&mut self, entity: &Entity) {
        if let (Some(since), None) = (entity.field("interim-since"), entity.field("interim")) {
            let eref = entity.to_ref();
            self.invalid(
                since.span.clone(),
                "no `interim` roles",
                format!(
                    "{} has `interim-since` but no `interim` roles",
                    code(&entity.id)
                ),
                Some(&eref),
                "interim-since",
            )
            .help = Some(
                "list the roles held on an interim basis (`interim = [\"cto\"]`), or remove `interim-since`"
                    .to_owned(),
            );
        }
        let (Some(Value::List(interim)), Some(Value::List(roles))) =
            (entity.value("interim"), entity.value("roles"))
        else {
            return;
        };
        let eref = entity.to_ref();
        for item in interim {
            let Some(role) = item.value.as_str() else {
                continue;
            };
            if let Some(held) = roles.iter().find(|r| r.value.as_str() == Some(role)) {
                self.invalid(
                    item.span.clone(),
                    "on an interim basis here",
                    format!(
                        "{} is in both `roles` and `interim` of {}",
                        code(role),
                        code(&entity.id)
                    ),
                    Some(&eref),
                    &format!("interim:{role}"),
                )
                .with_label_mut(held.span.clone(), "held for good here")
                .help = Some(format!(
                    "a role is held for good (`roles`) or on an interim basis (`interim`): remove {} from one of them",
                    code(role)
                ));
            }
        }
    }

    /// A `start` or `end`: a TOML local date. A quoted date, a datetime or
    /// a time is an `invalid-field` that shows the date to write.
    fn date(&mut self, k: &Key<'_>, v: &Val<'_>, eref: &EntityRef) -> Option<Date> {
        let key = k.name();
        let (found, help) = match &v.kind {
            Kind::Datetime(value) => {
                if let Some(date) = Date::from_toml(value) {
                    return Some(date);
                }
                match &value.date {
                    Some(d) => (
                        if value.offset.is_some() {
                            "a datetime with an offset"
                        } else {
                            "a datetime"
                        },
                        format!(
                            "write the day only: `{key} = {:04}-{:02}-{:02}`",
                            d.year, d.month, d.day
                        ),
                    ),
                    None => (
                        "a time",
                        format!("write a day, unquoted: `{key} = 2027-03-31`"),
                    ),
                }
            }
            Kind::String(text) => match Date::parse(text) {
                Ok(date) => (
                    "a string",
                    format!("remove the quotes: `{key} = {date}` is a TOML date"),
                ),
                Err(_) => (
                    "a string",
                    format!("write a day, unquoted: `{key} = 2027-03-31`"),
                ),
            },
            other => (
                type_name(other),
                format!("write a day, unquoted: `{key} = 2027-03-31`"),
            ),
        };
        self.invalid(
            v.span(),
            "expected a date",
            format!("`{key}` must be a date (YYYY-MM-DD), not {found}"),
            Some(eref),
            key,
        )
        .help = Some(help);
        None
    }

    fn vacancy(&mut self, mut entity: Entity, table: &Table<'_>) -> Vacancy {
        let eref = entity.to_ref();
        let mut reports_to = Reference::Absent;
        let mut team = Reference::Absent;
        self.read_fields(&mut entity, table, |this, k, v| {
            Some(match k.name() {
                "title" => this.nonempty_string(k, v, Some(&eref)),
                "reports-to" => {
                    let value = this.string(k, v, Some(&eref));
                    reports_to = reference(&value, v);
                    value
                }
                "function" => this.function(k, v, &eref),
                "team" => {
                    let value = this.string(k, v, Some(&eref));
                    team = reference(&value, v);
                    value
                }
                "opens" => this.date(k, v, &eref).map(|d| Value::Str(d.to_string())),
                _ => return None,
            })
        });
        self.require(&entity, &["title", "reports-to"]);
        Vacancy {
            entity,
            reports_to,
            team,
        }
    }

    fn team(&mut self, mut entity: Entity, table: &Table<'_>) -> Team {
        let eref = entity.to_ref();
        let mut lead = Reference::Absent;
        let mut members: Vec<(String, Span)> = Vec::new();
        let mut headcount: Option<(&Val<'_>, i64)> = None;
        let mut members_span = None;
        self.read_fields(&mut entity, table, |this, k, v| {
            Some(match k.name() {
                "name" => this.nonempty_string(k, v, Some(&eref)),
                "function" => this.function(k, v, &eref),
                "lead" => {
                    let value = this.string(k, v, Some(&eref));
                    lead = reference(&value, v);
                    value
                }
                "members" => {
                    members_span = Some(v.span());
                    let value = this.list(k, v, Some(&eref), Elements::Strings);
                    value
                        .map(|value| Value::List(this.distinct_members(value, &eref, &mut members)))
                }
                "headcount" => match &v.kind {
                    Kind::Integer(n) => match *n {
                        n if n > MAX_HEADCOUNT => {
                            this.invalid(
                                v.span(),
                                "too large",
                                format!("`headcount` is {n}, above the limit of {MAX_HEADCOUNT}"),
                                Some(&eref),
                                "headcount",
                            )
                            .help = Some(format!("count the people on the team: at most {MAX_HEADCOUNT}"));
                            None
                        }
                        n if n >= 0 => {
                            headcount = Some((v, n));
                            Some(Value::Int(n))
                        }
                        n => {
                            this.invalid(
                                v.span(),
                                "negative",
                                format!("`headcount` must be 0 or more, not `{n}`"),
                                Some(&eref),
                                "headcount",
                            )
                            .help = Some("count the people on the team, including those not listed in `members`".to_owned());
                            None
                        }
                    },
                    other => {
                        this.wrong_type(k, v, other, "an integer", Some(&eref));
                        None
                    }
                },
                "owns" => this.list(k, v, Some(&eref), Elements::Strings),
                _ => return None,
            })
        });
        let mut valid_headcount = None;
        if let Some((v, n)) = headcount {
            let listed = members.len() as i64;
            if n < listed {
                let diagnostic = self.invalid(
                    v.span(),
                    format!("headcount {n}"),
                    format!("`headcount` is {n}, below the {listed} listed members"),
                    Some(&eref),
                    "headcount",
                );
                diagnostic.help = Some(format!(
                    "`headcount` counts every member of the team: make it at least {listed}"
                ));
                if let Some(span) = members_span {
                    diagnostic.labels.push(crate::diagnostic::Label::new(
                        span,
                        format!("{listed} members listed"),
                    ));
                }
                if let Some(field) = entity.fields.iter_mut().find(|f| f.key == "headcount") {
                    field.value = None;
                }
            } else {
                valid_headcount = u64::try_from(n).ok();
            }
        }
        self.require(&entity, &["name", "function", "lead"]);
        Team {
            entity,
            lead,
            members,
            headcount: valid_headcount,
        }
    }

    /// Keeps each member id once; a repeated id is one `invalid-field` at
    /// its second occurrence.
    fn distinct_members(
        &mut self,
        value: Value,
        eref: &EntityRef,
        members: &mut Vec<(String, Span)>,
    ) -> Vec<Item> {
        let Value::List(items) = value else {
            return Vec::new();
        };
        let mut first: foldhash::HashMap<String, (Span, bool)> =
            foldhash::HashMap::with_capacity_and_hasher(items.len(), Default::default());
        let mut distinct = Vec::with_capacity(items.len());
        for item in items {
            let Value::Str(id) = &item.value else {
                continue;
            };
            match first.get_mut(id) {
                Some((first_span, reported)) => {
                    if !*reported {
                        *reported = true;
                        let first_span = first_span.clone();
                        self.invalid(
                            item.span.clone(),
                            "listed again here",
                            format!("{} is listed more than once in `members`", code(id)),
                            Some(eref),
                            &format!("members:{id}"),
                        )
                        .with_label_mut(first_span, "first listed here")
                        .help = Some(format!("remove the repeated {}", code(id)));
                    }
                }
                None => {
                    first.insert(id.clone(), (item.span.clone(), false));
                    members.push((id.clone(), item.span.clone()));
                    distinct.push(item);
                }
            }
        }
        distinct
    }

    /// Reports each required key that the entity lacks.
    fn require(&mut self, entity: &Entity, keys: &[&str]) {
        for key in keys {
            if entity.field(key).is_none() {
                let eref = entity.to_ref();
                self.invalid(
                    entity.header.clone(),
                    format!("no `{key}` here"),
                    format!(
                        "{} {} has no `{key}`",
                        entity.kind.as_str(),
                        code(&entity.id)
                    ),
                    Some(&eref),
                    key,
                )
                .help = Some(format!(
                    "add `{key} = ...`: every {} needs one",
                    entity.kind.as_str()
                ));
            }
        }
    }

    fn wrong_type(
        &mut self,
        k: &Key<'_>,
        v: &Val<'_>,
        found: &Kind<'_>,
        expected: &str,
        entity: Option<&EntityRef>,
    ) {
        let key = k.name();
        self.invalid(
            v.span(),
            format!("expected {expected}"),
            format!("`{key}` must be {expected}, not {}", type_name(found)),
            entity,
            key,
        )
        .help = Some(format!("write `{key}` as {expected}"));
    }

    fn string(&mut self, k: &Key<'_>, v: &Val<'_>, entity: Option<&EntityRef>) -> Option<Value> {
        match &v.kind {
            Kind::String(s) => Some(Value::Str(s.to_string())),
            other => {
                self.wrong_type(k, v, other, "a string", entity);
                None
            }
        }
    }

    fn nonempty_string(
        &mut self,
        k: &Key<'_>,
        v: &Val<'_>,
        entity: Option<&EntityRef>,
    ) -> Option<Value> {
        let value = self.string(k, v, entity)?;
        if value.as_str().is_some_and(|s| s.trim().is_empty()) {
            let key = k.name();
            self.invalid(
                v.span(),
                "empty",
                format!("`{key}` must not be empty"),
                entity,
                key,
            )
            .help = Some(format!("write the {key} between the quotes"));
            return None;
        }
        Some(value)
    }

    fn boolean(&mut self, k: &Key<'_>, v: &Val<'_>, entity: Option<&EntityRef>) -> Option<Value> {
        match &v.kind {
            Kind::Boolean(b) => Some(Value::Bool(*b)),
            other => {
                self.wrong_type(k, v, other, "`true` or `false`", entity);
                None
            }
        }
    }

    fn list(
        &mut self,
        k: &Key<'_>,
        v: &Val<'_>,
        entity: Option<&EntityRef>,
        elements: Elements,
    ) -> Option<Value> {
        let expected = match elements {
            Elements::Strings => "a list of strings",
            Elements::Scalars => "a list of strings, numbers or booleans",
        };
        let Kind::Array(array, _) = &v.kind else {
            self.wrong_type(k, v, &v.kind, expected, entity);
            return None;
        };
        let mut items = Vec::with_capacity(array.len());
        for element in array.iter() {
            let value = match (elements, &element.kind) {
                (_, Kind::String(s)) => Some(Value::Str(s.to_string())),
                (Elements::Scalars, other) => scalar(other),
                _ => None,
            };
            let Some(value) = value else {
                let key = k.name();
                self.invalid(
                    element.span(),
                    format!("{} here", type_name(&element.kind)),
                    format!(
                        "`{key}` must be {expected}; this element is {}",
                        type_name(&element.kind)
                    ),
                    entity,
                    key,
                )
                .help = Some(format!(
                    "write every element of `{key}` as a string; the whole list is ignored until then"
                ));
                return None;
            };
            items.push(Item {
                value,
                span: element.span(),
            });
        }
        Some(Value::List(items))
    }

    fn custom(&mut self, k: &Key<'_>, v: &Val<'_>, entity: &EntityRef) -> Option<Value> {
        match &v.kind {
            Kind::Array(..) => self.list(k, v, Some(entity), Elements::Scalars),
            other => match scalar(other) {
                Some(value) => Some(value),
                None => {
                    self.wrong_type(
                        k,
                        v,
                        other,
                        "a string, number, boolean or a list of those",
                        Some(entity),
                    );
                    None
                }
            },
        }
    }

    /// Reports a function or role outside the vocabulary, with a fix when
    /// one known name is close.
    fn check_name(
        &mut self,
        function: bool,
        name: &str,
        span: Span,
        entity: &EntityRef,
        field: &str,
    ) {
        let vocabulary = self.vocabulary;
        let (known, rule, severity, what, list): (Vec<&str>, _, _, _, _) = if function {
            (
                vocabulary.functions().collect(),
                crate::ids::UNKNOWN_FUNCTION,
                Severity::Error,
                "function",
                "functions",
            )
        } else {
            (
                vocabulary.roles().collect(),
                crate::ids::UNKNOWN_ROLE,
                Severity::Warning,
                "role",
                "roles",
            )
        };
        if known.contains(&name) {
            return;
        }
        let suggestion = suggest::closest(name, known.iter().copied());
        let raw = self.text.get(span.clone()).unwrap_or_default();
        let help = match suggestion {
            Some(s) => crate::suggest::did_you_mean(s),
            None => format!(
                "known {list}: {}; add new ones to `[vocabulary] {list}` in `orglint.toml`",
                known.join(", ")
            ),
        };
        let fix = suggestion.map(|s| Fix {
            safety: FixSafety::Safe,
            message: format!("replace {} with `{s}`", code(name)),
            edits: vec![crate::diagnostic::Edit {
                span: span.clone(),
                replacement: requote(raw, s),
            }],
        });
        self.diagnostics.push(
            Diagnostic::at(
                rule,
                severity,
                span,
                format!("not a known {what}"),
                format!("unknown {what} {}", code(name)),
            )
            .with_help(help)
            .about(Some(entity.clone()))
            .with_fix(fix)
            .with_key(format!("{field}:{name}")),
        );
    }

    /// Reports a key outside the format, with a fix renaming it to the
    /// closest known key that the table does not have yet. No fix for a
    /// key written in several places (`[peeple.ada]`, `[peeple.bob]`): the
    /// fix renames one place, and would leave the rest behind. Two keys of
    /// one table that would become the same key: only the first by
    /// position gets the fix (`claimed`), the other waits for the next
    /// pass, so that no fix writes a duplicate key.
    /// Returns that key.
    #[allow(clippy::too_many_arguments)]
    fn unknown_field<'k>(
        &mut self,
        k: &Key<'_>,
        v: &Val<'_>,
        present: &HashSet<&str>,
        claimed: &mut Claimed,
        known: impl Iterator<Item = &'k str> + Clone,
        entity: Option<&EntityRef>,
        what: &str,
    ) -> Option<&'k str> {
        let key = k.name();
        let candidates = known.clone().filter(|c| !present.contains(c));
        let suggestion = suggest::closest(key, candidates);
        let raw = self.text.get(k.span()).unwrap_or_default();
        let fixable =
            suggestion.is_some_and(|s| !v.is_shared() && self.claim(claimed, s, k.span()));
        let help = match (suggestion, entity) {
            (Some(s), _) => crate::suggest::did_you_mean(s),
            (None, Some(e)) if e.kind == EntityKind::Vacancy => format!(
                "known {what} fields: {}; vacancies have no custom fields",
                known.collect::<Vec<_>>().join(", ")
            ),
            (None, Some(e)) => format!(
                "known {what} fields: {}; declare custom ones in `orglint.toml` under `[vocabulary] {}-fields`",
                known.collect::<Vec<_>>().join(", "),
                e.kind.as_str()
            ),
            (None, None) => format!(
                "known keys of {what}: {}",
                known.collect::<Vec<_>>().join(", ")
            ),
        };
        let fix = suggestion.filter(|_| fixable).map(|s| Fix {
            safety: FixSafety::Safe,
            message: format!("rename {} to `{s}`", code(key)),
            edits: vec![crate::diagnostic::Edit {
                span: k.span(),
                replacement: requote(raw, s),
            }],
        });
        let message = match entity {
            Some(e) => format!(
                "unknown field {} in {} {}",
                code(key),
                e.kind.as_str(),
                code(&e.id)
            ),
            None => format!("unknown key {} in {what}", code(key)),
        };
        self.diagnostics.push(
            Diagnostic::at(
                crate::ids::UNKNOWN_FIELD,
                Severity::Warning,
                k.span(),
                "unknown field",
                message,
            )
            .with_help(help)
            .about(entity.cloned())
            .with_fix(fix)
            .with_key(key)
            .with_group(
                format!("{}:{key}", crate::ids::UNKNOWN_FIELD),
                "table",
                format!("with {}", code(key)),
            ),
        );
        suggestion
    }
}

/// The keys whose absence changes the reporting tree or a team: a
/// misspelling of one of them is the cause of what follows.
const STRUCTURAL: &[&str] = &["reports-to", "lead", "members"];

/// The ids a value names: the string, or the strings of a list.
fn named_ids(value: &Kind<'_>) -> Vec<String> {
    match value {
        Kind::String(s) => vec![s.to_string()],
        Kind::Array(items, false) => items
            .iter()
            .filter_map(|item| match &item.kind {
                Kind::String(s) => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The keys that unknown keys of one table are renamed to by their fixes,
/// with the diagnostic that has each fix.
type Claimed = Vec<(String, usize)>;

impl Parser<'_> {
    /// Whether the key at `span` may be renamed to `to`: no earlier key of
    /// its table is, else the one written first keeps the fix.
    fn claim(&mut self, claimed: &mut Claimed, to: &str, span: Span) -> bool {
        let at = self.diagnostics.len();
        let Some((_, holder)) = claimed.iter_mut().find(|(name, _)| name == to) else {
            claimed.push((to.to_owned(), at));
            return true;
        };
        let earlier = self
            .diagnostics
            .get(*holder)
            .and_then(|d| d.span.as_ref())
            .is_some_and(|s| s.start < span.start);
        if earlier {
            return false;
        }
        if let Some(d) = self.diagnostics.get_mut(*holder) {
            d.fix = None;
        }
        *holder = at;
        true
    }
}

/// A `reports-to` or `lead` as a reference.
fn reference(value: &Option<Value>, v: &Val<'_>) -> Reference {
    match value {
        Some(Value::Str(id)) => Reference::Named {
            id: id.clone(),
            span: v.span(),
        },
        _ => Reference::Invalid,
    }
}

/// A field's key, borrowed when it is one of the format's own.
fn field_key(key: &str) -> std::borrow::Cow<'static, str> {
    match vocabulary::PERSON_FIELDS
        .iter()
        .chain(vocabulary::TEAM_FIELDS)
        .chain(vocabulary::VACANCY_FIELDS)
        .find(|k| **k == key)
    {
        Some(known) => std::borrow::Cow::Borrowed(known),
        None => std::borrow::Cow::Owned(key.to_owned()),
    }
}

/// A string, number or boolean.
fn scalar(value: &Kind<'_>) -> Option<Value> {
    match value {
        Kind::String(s) => Some(Value::Str(s.to_string())),
        Kind::Integer(i) => Some(Value::Int(*i)),
        Kind::Float(f) => Some(Value::Float(*f)),
        Kind::Boolean(b) => Some(Value::Bool(*b)),
        _ => None,
    }
}
