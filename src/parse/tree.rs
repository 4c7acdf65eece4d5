//! A TOML document as a tree of tables and values with the span of every key
//! and value, built in one pass over `toml_parser`'s events.
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
use std::collections::HashMap;
use std::ops::Range;

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span as TSpan};

/// Values nest at most this deep (the `toml` crate's limit).
const MAX_DEPTH: u32 = 80;

/// How many tokens are parsed at once; a chunk ends at the first top-level
/// line break after this many.
const CHUNK_TOKENS: usize = 16 * 1024;

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
    /// A date, time or both (orglint never needs the value).
    Datetime,
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
            Kind::Datetime => "datetime",
            Kind::Array(..) => "array",
            Kind::Table(_) => "table",
        }
    }
}

const IMPLICIT: u8 = 1;
const DOTTED: u8 = 2;
const INLINE: u8 = 4;

/// Tables with more keys than this get a hash index while being built.
const INDEX_AT: usize = 16;

/// A table: its entries, sorted by key once the tree is built.
#[derive(Debug, Default)]
pub struct Table<'i> {
    /// Keys and values; sorted by key once built.
    pub entries: Vec<(Key<'i>, Val<'i>)>,
    // Boxed: every table pays one pointer, only large ones a map.
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<Cow<'i, str>, usize>>>,
    flags: u8,
}

impl<'i> Table<'i> {
    fn with_flags(flags: u8) -> Self {
        Table {
            flags,
            ..Table::default()
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
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|(k, _)| k.name == name),
        }
    }

    fn push(&mut self, key: Key<'i>, value: Val<'i>) -> usize {
        let at = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(key.name.clone(), at);
        } else if at >= INDEX_AT {
            let mut index: HashMap<Cow<'i, str>, usize> = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.name.clone(), i))
                .collect();
            index.insert(key.name.clone(), at);
            self.index = Some(Box::new(index));
        }
        self.entries.push((key, value));
        at
    }

    fn swap_remove(&mut self, at: usize) -> Option<(Key<'i>, Val<'i>)> {
        if at >= self.entries.len() {
            return None;
        }
        let removed = self.entries.swap_remove(at);
        if let Some(index) = &mut self.index {
            index.remove(removed.0.name());
            if let Some((moved, _)) = self.entries.get(at) {
                index.insert(moved.name.clone(), at);
            }
        }
        Some(removed)
    }

    /// Sorts every table by key (the order `toml`'s maps iterate in) and
    /// drops the build-time indexes. Nesting is bounded by `MAX_DEPTH` for
    /// values and by the key limit for tables, so the recursion is too.
    fn finish(&mut self) {
        self.index = None;
        self.entries
            .sort_unstable_by(|a, b| a.0.name.cmp(&b.0.name));
        for (_, value) in &mut self.entries {
            value.finish();
        }
    }
}

impl Val<'_> {
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

/// Parses a TOML document into its tree, or its first error.
pub fn parse(text: &str) -> Result<Table<'_>, TomlError> {
    if u32::try_from(text.len()).is_err() {
        return Err(TomlError {
            message: "the file is 4 GiB or larger".to_owned(),
            span: Some(0..0),
        });
    }
    let source = Source::new(text);
    let mut builder = Builder::new(source);
    let mut syntax: Option<ParseError> = None;
    let mut tokens: Vec<Token> = Vec::with_capacity(CHUNK_TOKENS + 256);
    // Brackets open across the chunk so far; a chunk may only end where none
    // is, and never again once a stray closing bracket made the count lie.
    let mut depth: i64 = 0;
    let mut balanced = true;
    for token in source.lex() {
        let kind = token.kind();
        match kind {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth -= 1;
                balanced &= depth >= 0;
            }
            _ => {}
        }
        tokens.push(token);
        if kind == TokenKind::Newline && depth == 0 && balanced && tokens.len() >= CHUNK_TOKENS {
            builder.run(&tokens, &mut syntax);
            tokens.clear();
            if syntax.is_some() {
                break;
            }
        }
    }
    if syntax.is_none() {
        builder.run(&tokens, &mut syntax);
    }
    drop(tokens);
    if let Some(error) = syntax {
        return Err(TomlError::from_parse(&error));
    }
    builder.finish_table();
    if let Some(error) = builder.semantic {
        return Err(TomlError::from_parse(&error));
    }
    if let Some((sp, what)) = builder.bad_number {
        return Err(TomlError {
            message: format!("invalid {what}"),
            span: Some(sp.range()),
        });
    }
    let mut root = builder.root;
    root.finish();
    Ok(root)
}

/// A `[table]` or `[[array]]` header.
struct Header<'i> {
    path: Vec<Key<'i>>,
    key: Option<Key<'i>>,
    sp: Sp,
    is_array: bool,
}

/// An array or inline table whose closing bracket has not come yet.
enum Frame<'i> {
    Array {
        items: Vec<Val<'i>>,
        open: Sp,
    },
    Inline {
        table: Table<'i>,
        open: Sp,
        key: Option<Vec<Key<'i>>>,
        value: Option<Val<'i>>,
    },
}

/// Receives the parser's events and builds the tree, with the checks of
/// `toml`'s document builder.
struct Builder<'i> {
    source: Source<'i>,
    root: Table<'i>,
    /// The table that key/value lines go to: the root's until the first
    /// header, then the last header's.
    current: Table<'i>,
    header: Option<Header<'i>>,
    /// The header being read: `(is_array, open bracket)`.
    opening: Option<(bool, Sp)>,
    /// The key being read, path and last segment.
    keys: Vec<Key<'i>>,
    /// The key of a top-level key/value line, once its `=` came.
    line_key: Option<Vec<Key<'i>>>,
    stack: Vec<Frame<'i>>,
    /// The first semantic error; building stops there.
    semantic: Option<ParseError>,
    /// The first integer or float that does not fit.
    bad_number: Option<(Sp, &'static str)>,
}

impl<'i> Builder<'i> {
    fn new(source: Source<'i>) -> Self {
        Builder {
            source,
            root: Table::default(),
            current: Table::default(),
            header: None,
            opening: None,
            keys: Vec::new(),
            line_key: None,
            stack: Vec::new(),
            semantic: None,
            bad_number: None,
        }
    }

    fn run(&mut self, tokens: &[Token], syntax: &mut Option<ParseError>) {
        let source = self.source;
        let mut validate = ValidateWhitespace::new(self, source);
        let mut guard = RecursionGuard::new(&mut validate, MAX_DEPTH);
        toml_parser::parser::parse_document(tokens, &mut guard, syntax);
    }

    fn fail(&mut self, error: ParseError) {
        self.semantic.get_or_insert(error);
    }

    fn failed(&self) -> bool {
        self.semantic.is_some()
    }

    /// The token at `span`, with the encoding the parser saw.
    fn raw(&self, span: TSpan, encoding: Option<Encoding>) -> Option<Raw<'i>> {
        let text = self.source.input().get(span.start()..span.end())?;
        Some(Raw::new_unchecked(text, encoding, span))
    }

    fn key(&mut self, span: TSpan, encoding: Option<Encoding>) {
        let Some(raw) = self.raw(span, encoding) else {
            return;
        };
        let mut name = Cow::Borrowed("");
        let mut errors: Option<ParseError> = None;
        raw.decode_key(&mut name, &mut errors);
        if let Some(error) = errors {
            self.fail(error);
        }
        self.keys.push(Key {
            name,
            sp: Sp::new(span),
        });
    }

    /// Splits the key read so far into path and last segment, or fails on
    /// a path as deep as `toml` refuses.
    fn take_key(&mut self) -> Option<(Vec<Key<'i>>, Key<'i>)> {
        let mut path = std::mem::take(&mut self.keys);
        if path.len() > MAX_DEPTH as usize {
            self.fail(ParseError::new("recursion limit"));
            return None;
        }
        let key = path.pop()?;
        Some((path, key))
    }

    fn scalar_value(&mut self, span: TSpan, encoding: Option<Encoding>) -> Option<Val<'i>> {
        let raw = self.raw(span, encoding)?;
        let sp = Sp::new(span);
        let mut decoded = Cow::Borrowed("");
        let mut errors: Option<ParseError> = None;
        let kind = raw.decode_scalar(&mut decoded, &mut errors);
        if let Some(error) = errors {
            self.fail(error);
        }
        let kind = match kind {
            ScalarKind::String => Kind::String(decoded),
            ScalarKind::Boolean(b) => Kind::Boolean(b),
            ScalarKind::DateTime => {
                if let Err(err) = decoded.parse::<toml_datetime::Datetime>() {
                    self.fail(ParseError::new(err.to_string()).with_unexpected(span));
                }
                Kind::Datetime
            }
            ScalarKind::Float => Kind::Float(decoded.parse().unwrap_or_else(|_| {
                self.bad_number(sp, "float");
                f64::NAN
            })),
            ScalarKind::Integer(radix) => Kind::Integer(
                i64::from_str_radix(&decoded, radix.value()).unwrap_or_else(|_| {
                    self.bad_number(sp, "integer");
                    0
                }),
            ),
        };
        Some(Val { kind, sp })
    }

    fn bad_number(&mut self, sp: Sp, what: &'static str) {
        if self
            .bad_number
            .is_none_or(|(first, _)| sp.start < first.start)
        {
            self.bad_number = Some((sp, what));
        }
    }

    /// A complete value goes to the array or inline table it is in, else to
    /// the current table under the line's key.
    fn deliver(&mut self, value: Val<'i>) {
        match self.stack.last_mut() {
            Some(Frame::Array { items, .. }) => items.push(value),
            Some(Frame::Inline { value: slot, .. }) => *slot = Some(value),
            None => {
                let Some(mut path) = self.line_key.take() else {
                    return;
                };
                let Some(key) = path.pop() else {
                    return;
                };
                if let Err(error) = self.capture_key_value(path, key, value) {
                    self.fail(error);
                }
            }
        }
    }

    fn capture_key_value(
        &mut self,
        path: Vec<Key<'i>>,
        key: Key<'i>,
        value: Val<'i>,
    ) -> Result<(), ParseError> {
        let dotted = !path.is_empty();
        let parent = descend(&mut self.current, &path, dotted, false)?;
        if dotted && !parent.has(IMPLICIT) {
            return Err(ParseError::new("duplicate key").with_unexpected(key.sp.toml()));
        }
        if let Some(at) = parent.find(&key.name) {
            let old = parent
                .entries
                .get(at)
                .map(|(k, _)| k.sp)
                .unwrap_or_default();
            return Err(ParseError::new("duplicate key")
                .with_unexpected(key.sp.toml())
                .with_context(old.toml()));
        }
        parent.push(key, value);
        Ok(())
    }

    /// An inline table's pending key and value become an entry.
    fn finish_inline_value(&mut self) {
        let Some(Frame::Inline {
            table, key, value, ..
        }) = self.stack.last_mut()
        else {
            return;
        };
        let (Some(mut path), Some(value)) = (key.take(), value.take()) else {
            return;
        };
        let Some(key) = path.pop() else {
            return;
        };
        let result = (|| {
            let parent = descend(table, &path, true, true)?;
            if parent.has(DOTTED) == path.is_empty() {
                return Err(ParseError::new("duplicate key").with_unexpected(key.sp.toml()));
            }
            if let Some(at) = parent.find(&key.name) {
                let old = parent
                    .entries
                    .get(at)
                    .map(|(k, _)| k.sp)
                    .unwrap_or_default();
                return Err(ParseError::new("duplicate key")
                    .with_unexpected(key.sp.toml())
                    .with_context(old.toml()));
            }
            parent.push(key, value);
            Ok(())
        })();
        if let Err(error) = result {
            self.fail(error);
        }
    }

    /// Puts the table read since the last header where the header says.
    fn finish_table(&mut self) {
        let table = std::mem::take(&mut self.current);
        let Some(header) = self.header.take() else {
            self.root = table;
            return;
        };
        let Some(key) = header.key else {
            return;
        };
        let value = Val {
            kind: Kind::Table(table),
            sp: header.sp,
        };
        let result = (|| {
            let parent = descend(&mut self.root, &header.path, false, false)?;
            if !header.is_array {
                match parent.find(&key.name) {
                    Some(at) => {
                        if let Some((_, slot)) = parent.entries.get_mut(at) {
                            *slot = value;
                        }
                    }
                    None => {
                        parent.push(key, value);
                    }
                }
                return Ok(());
            }
            let at = match parent.find(&key.name) {
                Some(at) => at,
                None => parent.push(
                    key.clone(),
                    Val {
                        kind: Kind::Array(Vec::new(), true),
                        sp: header.sp,
                    },
                ),
            };
            match parent.entries.get_mut(at) {
                Some((
                    _,
                    Val {
                        kind: Kind::Array(items, true),
                        ..
                    },
                )) => {
                    items.push(value);
                    Ok(())
                }
                Some((_, old)) => Err(ParseError::new("duplicate key")
                    .with_unexpected(key.sp.toml())
                    .with_context(old.sp.toml())),
                None => Ok(()),
            }
        })();
        if let Err(error) = result {
            self.fail(error);
        }
    }

    /// Makes the header's table current, taking over a table that only
    /// dotted paths of earlier headers created.
    fn start_table(&mut self, header: Header<'i>) {
        if !header.is_array
            && let Some(key) = &header.key
        {
            match descend(&mut self.root, &header.path, false, false) {
                Err(error) => self.fail(error),
                Ok(parent) => {
                    if let Some((old_key, old)) =
                        parent.find(&key.name).and_then(|at| parent.swap_remove(at))
                    {
                        match old.kind {
                            Kind::Table(t) if t.has(IMPLICIT) && !t.has(DOTTED) => {
                                self.current = t;
                            }
                            other => {
                                let error = ParseError::new("duplicate key")
                                    .with_unexpected(key.sp.toml())
                                    .with_context(old_key.sp.toml());
                                if let Kind::Table(t) = other {
                                    self.current = t;
                                }
                                self.fail(error);
                            }
                        }
                    }
                }
            }
        }
        self.current.set(IMPLICIT, false);
        self.current.set(DOTTED, false);
        self.header = Some(header);
    }

    fn close_header(&mut self, close: TSpan) {
        let Some((is_array, open)) = self.opening.take() else {
            return;
        };
        let sp = open.to(Sp::new(close));
        let (path, key) = match self.take_key() {
            Some((path, key)) => (path, Some(key)),
            None => (Vec::new(), None),
        };
        self.start_table(Header {
            path,
            key,
            sp,
            is_array,
        });
    }
}

/// The table at `path` below `table`, creating implicit tables on the way,
/// with `toml`'s rules on what a dotted key or header may extend.
fn descend<'t, 'i>(
    mut table: &'t mut Table<'i>,
    path: &[Key<'i>],
    dotted: bool,
    inline: bool,
) -> Result<&'t mut Table<'i>, ParseError> {
    for key in path {
        let at = match table.find(&key.name) {
            Some(at) => at,
            None => {
                let mut flags = IMPLICIT;
                if dotted {
                    flags |= DOTTED;
                }
                if inline {
                    flags |= INLINE;
                }
                let value = Val {
                    kind: Kind::Table(Table::with_flags(flags)),
                    sp: key.sp,
                };
                table.push(key.clone(), value)
            }
        };
        let Some((_, value)) = table.entries.get_mut(at) else {
            return Err(ParseError::new("duplicate key").with_unexpected(key.sp.toml()));
        };
        let old = value.sp.toml();
        let cannot_extend = |what: &str| {
            ParseError::new(format!(
                "cannot extend value of type {what} with a dotted key"
            ))
            .with_unexpected(key.sp.toml())
            .with_context(old)
        };
        // Checked on a shared borrow first: the mutable one below must
        // flow out of the loop, which rules out error arms that use it.
        match &value.kind {
            Kind::Array(items, true) if !inline => match items.last() {
                Some(Val {
                    kind: Kind::Table(_),
                    ..
                }) => {}
                Some(other) => return Err(cannot_extend(other.kind.type_str())),
                None => return Err(cannot_extend("array")),
            },
            Kind::Table(t) => {
                if !inline && t.has(INLINE) {
                    return Err(ParseError::new(
                        "cannot extend value of type inline table with a dotted key",
                    )
                    .with_unexpected(key.sp.toml()));
                }
                if dotted && !t.has(IMPLICIT) {
                    return Err(ParseError::new("duplicate key").with_unexpected(key.sp.toml()));
                }
            }
            other => return Err(cannot_extend(other.type_str())),
        }
        table = match &mut value.kind {
            Kind::Array(items, _) => match items.last_mut() {
                Some(Val {
                    kind: Kind::Table(t),
                    ..
                }) => t,
                _ => return Err(cannot_extend("array")),
            },
            Kind::Table(t) => {
                if dotted && !inline {
                    // A table that dotted keys extended can no longer be
                    // defined by a header.
                    t.set(DOTTED, true);
                }
                t
            }
            _ => return Err(cannot_extend("value")),
        };
    }
    Ok(table)
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, span: TSpan, _error: &mut dyn ErrorSink) {
        self.table_open(span, false);
    }

    fn std_table_close(&mut self, span: TSpan, _error: &mut dyn ErrorSink) {
        if !self.failed() {
            self.close_header(span);
        }
    }

    fn array_table_open(&mut self, span: TSpan, _error: &mut dyn ErrorSink) {
        self.table_open(span, true);
    }

    fn array_table_close(&mut self, span: TSpan, _error: &mut dyn ErrorSink) {
        if !self.failed() {
            self.close_header(span);
        }
    }

    fn inline_table_open(&mut self, span: TSpan, _error: &mut dyn ErrorSink) -> bool {
        if !self.failed() {
            self.stack.push(Frame::Inline {
                table: Table::with_flags(INLINE),
                open: Sp::new(span),
                key: None,
                value: None,
            });
        }
        true
    }

    fn inline_table_close(&mut self, span: TSpan, _error: &mut dyn ErrorSink) {
        if self.failed() {
            return;
        }
        self.finish_inline_value();
        if let Some(Frame::Inline { table, open, .. }) = self.stack.pop() {
            let value = Val {
                kind: Kind::Table(table),
                sp: open.to(Sp::new(span)),
            };
            self.deliver(value);
        }
    }

    fn array_open(&mut self, span: TSpan, _error: &mut dyn ErrorSink) -> bool {
        if !self.failed() {
            self.stack.push(Frame::Array {
                items: Vec::new(),
                open: Sp::new(span),
            });
        }
        true
    }

    fn array_close(&mut self, span: TSpan, _error: &mut dyn ErrorSink) {
        if self.failed() {
            return;
        }
        if let Some(Frame::Array { items, open }) = self.stack.pop() {
            let value = Val {
                kind: Kind::Array(items, false),
                sp: open.to(Sp::new(span)),
            };
            self.deliver(value);
        }
    }

    fn simple_key(&mut self, span: TSpan, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        if !self.failed() {
            self.key(span, encoding);
        }
    }

    fn key_val_sep(&mut self, _span: TSpan, _error: &mut dyn ErrorSink) {
        if self.failed() {
            return;
        }
        let Some((mut path, key)) = self.take_key() else {
            return;
        };
        path.push(key);
        match self.stack.last_mut() {
            Some(Frame::Inline { key: slot, .. }) => *slot = Some(path),
            Some(Frame::Array { .. }) => {}
            None => self.line_key = Some(path),
        }
    }

    fn scalar(&mut self, span: TSpan, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        if self.failed() {
            return;
        }
        if let Some(value) = self.scalar_value(span, encoding) {
            self.deliver(value);
        }
    }

    fn value_sep(&mut self, _span: TSpan, _error: &mut dyn ErrorSink) {
        if !self.failed() {
            self.finish_inline_value();
        }
    }
}

impl Builder<'_> {
    fn table_open(&mut self, span: TSpan, is_array: bool) {
        if self.failed() {
            return;
        }
        self.finish_table();
        self.keys.clear();
        self.opening = Some((is_array, Sp::new(span)));
    }
}
