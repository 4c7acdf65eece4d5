//! A TOML document as a tree of tables and values with the span of every key
//! and value, built in one pass over `toml_parser`'s events. Every TOML file
//! orglint reads (org files, rule packs, `orglint.toml`) goes through it.
//!
//! Why not `toml::de::DeTable`: it keeps every token and every event of the
//! whole file in memory before it builds its tree, and its tree peaks at
//! about 21 times the file's size. This builder lexes and parses the file in
//! chunks that end at top-level line breaks, borrows strings from the source
//! whenever they have no escapes, and stores spans as `u32` pairs.
//!
//! It accepts and rejects exactly what `toml` 1.2 does (TOML 1.1), and
//! reports the same first error: a syntax error first, else the first
//! semantic error (duplicate keys, redefined tables, a bad escape or
//! datetime), else the first integer or float out of range. The toml-test
//! corpus and a differential test against `DeTable` hold it to that.

use std::borrow::Cow;
use std::ops::Range;

use toml_parser::{ParseError, Span as TSpan};

mod build;

pub use build::parse_keeping_order;

/// A byte range in the source, in half the space of a `Range<usize>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Sp {
    start: u32,
    end: u32,
}

impl Sp {
    fn new(span: TSpan) -> Sp {
        // `parse` rejects sources of 4 GiB and more, so offsets fit.
        Sp {
            start: u32::try_from(span.start()).unwrap_or(u32::MAX),
            end: u32::try_from(span.end()).unwrap_or(u32::MAX),
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    fn to(self, end: Sp) -> Sp {
        Sp {
            start: self.start,
            end: end.end,
        }
    }

    fn shifted(self, by: u32) -> Sp {
        Sp {
            start: self.start.saturating_add(by),
            end: self.end.saturating_add(by),
        }
    }

    fn toml(self) -> TSpan {
        TSpan::new_unchecked(self.start as usize, self.end as usize)
    }
}

/// A key as written, decoded, with its span.
#[derive(Clone, Debug)]
pub struct Key<'i> {
    name: Cow<'i, str>,
    sp: Sp,
}

impl Key<'_> {
    /// The decoded key.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the key is written, quotes included.
    pub fn span(&self) -> Range<usize> {
        self.sp.range()
    }
}

/// A value with its span.
#[derive(Debug)]
pub struct Val<'i> {
    /// What the value is.
    pub kind: Kind<'i>,
    sp: Sp,
}

impl Val<'_> {
    /// Whether the value is a table written with a `[header]`, or an array
    /// of tables (`[[header]]`): its span is then the (first) header.
    pub fn is_header(&self) -> bool {
        match &self.kind {
            Kind::Table(t) => t.flags & (IMPLICIT | DOTTED | INLINE) == 0,
            Kind::Array(_, of_tables) => *of_tables,
            _ => false,
        }
    }

    /// Whether the key of this value is written in more than one place
    /// (`[peeple.ada]` and `[peeple.bob]` both write `peeple`): renaming
    /// the key at one place would move part of the value elsewhere.
    pub fn is_shared(&self) -> bool {
        match &self.kind {
            Kind::Table(t) => t.has(SHARED),
            Kind::Array(items, true) => {
                items.len() > 1
                    || items
                        .iter()
                        .any(|i| matches!(&i.kind, Kind::Table(t) if t.has(SHARED)))
            }
            _ => false,
        }
    }

    /// Where the value is written: a table's header, a table created by a
    /// dotted key or header path at that key, an array of tables at its
    /// first header.
    pub fn span(&self) -> Range<usize> {
        self.sp.range()
    }
}

/// The kinds of TOML values.
#[derive(Debug)]
pub enum Kind<'i> {
    /// A string, decoded.
    String(Cow<'i, str>),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Boolean(bool),
    /// A date, time or both: `start` and `end` are dates.
    Datetime(toml_datetime::Datetime),
    /// An array; `true` for an array of tables (`[[x]]`).
    Array(Vec<Val<'i>>, bool),
    /// A table.
    Table(Table<'i>),
}

impl Kind<'_> {
    /// The name `toml` uses in its messages.
    fn type_str(&self) -> &'static str {
        match self {
            Kind::String(_) => "string",
            Kind::Integer(_) => "integer",
            Kind::Float(_) => "float",
            Kind::Boolean(_) => "boolean",
            Kind::Datetime(_) => "datetime",
            Kind::Array(..) => "array",
            Kind::Table(_) => "table",
        }
    }
}

/// Sorted, with every table below it, and no index: nothing changed since.
/// A header's table is finished as it is placed, while its entries are
/// still in the cache; the final pass then skips it.
const CLEAN: u8 = 8;
const IMPLICIT: u8 = 1;
const DOTTED: u8 = 2;
const INLINE: u8 = 4;
/// The table's key is written more than once: by several headers
/// (`[a.b]`, `[a.c]`), dotted keys (`a.b = 1`, `a.c = 2`), or a header and
/// a header below it (`[a]`, `[a.b]`); on an array of tables' element, a
/// header below it (`[[a]]`, `[a.b]`).
const SHARED: u8 = 16;

/// A key's hash for the indexes (fixed seed: runs are reproducible).
fn hash_of(name: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(name)
}

/// Tables with more keys than this get a hash index while being built.
const INDEX_AT: usize = 16;

/// A table: its entries, sorted by key once the tree is built.
#[derive(Debug, Default)]
pub struct Table<'i> {
    /// Keys and values, sorted by key once built (large tables: see
    /// [`parse_keeping_order`]).
    pub entries: Vec<(Key<'i>, Val<'i>)>,
    /// Entry positions by key hash, in large tables while they are built.
    /// Hashes are kept so that growing the index never reads the keys.
    /// Boxed: every table pays one pointer, only large ones an index.
    index: Option<Box<hashbrown::HashTable<(u64, usize)>>>,
    flags: u8,
}

impl<'i> Table<'i> {
    fn with_flags(flags: u8) -> Self {
        Table {
            flags,
            ..Table::default()
        }
    }

    /// Moves every span `by` bytes on: the tree of one file of an org of
    /// many files, placed where that file starts in the org's joined text.
    /// Nesting is bounded as for `finish`, so the recursion is too.
    pub fn shift(&mut self, by: u32) {
        for (key, value) in &mut self.entries {
            key.sp = key.sp.shifted(by);
            value.shift(by);
        }
    }

    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    fn set(&mut self, flag: u8, on: bool) {
        if on {
            self.flags |= flag;
        } else {
            self.flags &= !flag;
        }
    }

    fn find(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => {
                let hash = hash_of(name);
                index
                    .find(hash, |&(h, i)| h == hash && self.name_at(i) == Some(name))
                    .map(|&(_, i)| i)
            }
            None => self.entries.iter().position(|(k, _)| k.name == name),
        }
    }

    /// Adds a key that must not be there yet.
    fn insert_new(&mut self, key: Key<'i>, value: Val<'i>) -> Result<(), ParseError> {
        if let Some(at) = self.find(&key.name) {
            let old = self.entries.get(at).map(|(k, _)| k.sp).unwrap_or_default();
            return Err(ParseError::new("duplicate key")
                .with_unexpected(key.sp.toml())
                .with_context(old.toml()));
        }
        self.push(key, value);
        Ok(())
    }

    fn name_at(&self, at: usize) -> Option<&str> {
        self.entries.get(at).map(|(k, _)| k.name())
    }

    fn push(&mut self, key: Key<'i>, value: Val<'i>) -> usize {
        self.set(CLEAN, false);
        let at = self.entries.len();
        if self.index.is_none() && at >= INDEX_AT {
            let mut index = hashbrown::HashTable::with_capacity(at * 2);
            for (i, (k, _)) in self.entries.iter().enumerate() {
                let hash = hash_of(k.name());
                index.insert_unique(hash, (hash, i), |&(h, _)| h);
            }
            self.index = Some(Box::new(index));
        }
        if let Some(index) = &mut self.index {
            let hash = hash_of(key.name());
            index.insert_unique(hash, (hash, at), |&(h, _)| h);
        }
        self.entries.push((key, value));
        at
    }

    fn swap_remove(&mut self, at: usize) -> Option<(Key<'i>, Val<'i>)> {
        if at >= self.entries.len() {
            return None;
        }
        self.set(CLEAN, false);
        let last = self.entries.len() - 1;
        let removed = self.entries.swap_remove(at);
        if let Some(index) = &mut self.index {
            if let Ok(entry) = index.find_entry(hash_of(removed.0.name()), |&(_, i)| i == at) {
                entry.remove();
            }
            if let Some((moved, _)) = self.entries.get(at)
                && let Ok(mut entry) = index.find_entry(hash_of(moved.name()), |&(_, i)| i == last)
            {
                entry.get_mut().1 = at;
            }
        }
        Some(removed)
    }

    /// Sorts every table by key (the order `toml`'s maps iterate in) and
    /// drops the build-time indexes. Nesting is bounded by `MAX_DEPTH` for
    /// values and by the key limit for tables, so the recursion is too.
    fn finish(&mut self) {
        if self.has(CLEAN) {
            return;
        }
        self.index = None;
        sort_entries(&mut self.entries);
        for (_, value) in &mut self.entries {
            value.finish();
        }
        self.set(CLEAN, true);
    }
}

/// Byte order, deciding on the first byte without a call to `memcmp` when
/// it can: keys of one table mostly start differently.
fn name_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x.cmp(y),
        _ => a.cmp(b),
    }
}

/// From this many entries a table is large: it keeps the order its keys
/// were written in until [`parse`] sorts it (the org reader sorts what it
/// builds from it instead, see `parse_keeping_order`).
const LARGE: usize = 64;

/// Sorts a small table's entries by key.
fn sort_entries(entries: &mut [(Key<'_>, Val<'_>)]) {
    if entries.len() < LARGE {
        entries.sort_unstable_by(|a, b| name_cmp(&a.0.name, &b.0.name));
    }
}

/// Sorts `items` by a string key, in byte order. Large inputs are sorted
/// through 16-byte key prefixes held next to the indices, then permuted in
/// place: comparing the keys themselves would chase a pointer for each
/// comparison, and at a million keys that is most of the time.
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    if items.len() < LARGE {
        items.sort_unstable_by(|a, b| name_cmp(name(a), name(b)));
        return;
    }
    if items.is_sorted_by(|a, b| name(a) <= name(b)) {
        return;
    }
    // Ids often share their first 8 bytes (`melissa-`), rarely 16.
    let prefix = |name: &str| {
        let mut bytes = [0u8; 16];
        for (slot, b) in bytes.iter_mut().zip(name.bytes()) {
            *slot = b;
        }
        let (hi, lo) = bytes.split_at(8);
        let word = |half: &[u8]| u64::from_be_bytes(<[u8; 8]>::try_from(half).unwrap_or_default());
        (word(hi), word(lo))
    };
    let mut order: Vec<((u64, u64), usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (prefix(name(item)), i))
        .collect();
    {
        let name_at = |i: usize| items.get(i).map(&name);
        order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| name_at(a.1).cmp(&name_at(b.1))));
    }
    // Position `i` must receive the item now at `order[i].1`: follow each
    // cycle of the permutation with swaps, marking placed positions.
    let mut source: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    for start in 0..source.len() {
        let mut at = start;
        while let Some(&from) = source.get(at) {
            if let Some(slot) = source.get_mut(at) {
                *slot = at;
            }
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

impl Table<'_> {
    /// Sorts the large tables too, at any depth.
    fn sort_large(&mut self) {
        if self.entries.len() >= LARGE {
            sort_by_name(&mut self.entries, |(k, _)| k.name());
        }
        for (_, value) in &mut self.entries {
            value.sort_large();
        }
    }
}

impl Val<'_> {
    fn sort_large(&mut self) {
        match &mut self.kind {
            Kind::Table(t) => t.sort_large(),
            Kind::Array(items, _) => items.iter_mut().for_each(Val::sort_large),
            _ => {}
        }
    }

    fn shift(&mut self, by: u32) {
        self.sp = self.sp.shifted(by);
        match &mut self.kind {
            Kind::Table(t) => t.shift(by),
            Kind::Array(items, _) => items.iter_mut().for_each(|v| v.shift(by)),
            _ => {}
        }
    }

    fn finish(&mut self) {
        match &mut self.kind {
            Kind::Table(t) => t.finish(),
            Kind::Array(items, _) => items.iter_mut().for_each(Val::finish),
            _ => {}
        }
    }
}

/// The first error of a document that is not valid TOML.
#[derive(Debug)]
pub struct TomlError {
    /// What is wrong, worded as `toml` words it.
    pub message: String,
    /// Where, when known.
    pub span: Option<Range<usize>>,
}

impl TomlError {
    fn from_parse(error: &ParseError) -> TomlError {
        let mut message = error.description().to_owned();
        if let Some(expected) = error.expected() {
            message.push_str(", expected ");
            if expected.is_empty() {
                message.push_str("nothing");
            }
            for (i, expected) in expected.iter().enumerate() {
                if i != 0 {
                    message.push_str(", ");
                }
                match expected {
                    toml_parser::Expected::Literal(s) => message.push_str(&literal(s)),
                    toml_parser::Expected::Description(s) => message.push_str(s),
                    _ => message.push_str("etc"),
                }
            }
        }
        TomlError {
            message,
            span: error.unexpected().map(|s| s.start()..s.end()),
        }
    }
}

fn literal(s: &str) -> String {
    match s {
        "\n" => "newline".to_owned(),
        "`" => "'`'".to_owned(),
        s if s.chars().all(|c| c.is_ascii_control()) => format!("`{}`", s.escape_debug()),
        s => format!("`{s}`"),
    }
}

/// Parses a TOML document into its tree, every table sorted by key, or
/// its first error.
pub fn parse(text: &str) -> Result<Table<'_>, TomlError> {
    let mut root = parse_keeping_order(text)?;
    root.sort_large();
    Ok(root)
}
