//! The builder: receives `toml_parser`'s events chunk by chunk and puts
//! each key and value where `toml`'s document rules say.

use std::borrow::Cow;

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span as TSpan};

use super::{CLEAN, DOTTED, IMPLICIT, INLINE, Key, Kind, SHARED, Sp, Table, TomlError, Val};

/// Values nest at most this deep (the `toml` crate's limit).
const MAX_DEPTH: u32 = 80;

/// How many tokens are parsed at once; a chunk ends at the first top-level
/// line break after this many.
const CHUNK_TOKENS: usize = 16 * 1024;

/// Like [`parse`](super::parse), but tables of 64 entries or more keep the order their
/// keys were first written in. Reading a large table in that order reads
/// memory in the order it was filled; at a million entries, reading it in
/// key order cost more than sorting what is built from it.
pub fn parse_keeping_order(text: &str) -> Result<Table<'_>, TomlError> {
    if u32::try_from(text.len()).is_err() {
        return Err(TomlError {
            message: "the file is 4 GiB or larger".to_owned(),
            span: Some(0..0),
        });
    }
    let source = Source::new(text);
    let mut builder = Builder::new(source);
    let mut syntax: Option<ParseError> = None;
    // About one token in four bytes: a small file gets a small buffer.
    let mut tokens: Vec<Token> = Vec::with_capacity((text.len() / 4).min(CHUNK_TOKENS) + 256);
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
        /// Where this table's keys start in `Builder::keys`.
        keys_from: usize,
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
    /// Whether `keys` holds the key of a top-level key/value line whose `=`
    /// came; keys of inline tables in its value follow it until their own
    /// `=` takes them.
    line_key: bool,
    /// An empty vector with capacity, swapped with `keys` for a header's
    /// path so that no line allocates one.
    spare: Vec<Key<'i>>,
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
            line_key: false,
            spare: Vec::new(),
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

    /// Fails on a key path (the keys from `from` on) as deep as `toml`
    /// refuses, located at the first segment past the limit.
    fn check_key_depth(&mut self, from: usize) -> bool {
        let Some(past) = self.keys.get(from + MAX_DEPTH as usize) else {
            return true;
        };
        let error = ParseError::new("recursion limit").with_unexpected(past.sp.toml());
        self.fail(error);
        false
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
            ScalarKind::DateTime => match decoded.parse::<toml_datetime::Datetime>() {
                Ok(value) => Kind::Datetime(value),
                Err(err) => {
                    self.fail(ParseError::new(err.to_string()).with_unexpected(span));
                    Kind::Datetime(toml_datetime::Datetime {
                        date: None,
                        time: None,
                        offset: None,
                    })
                }
            },
            // A finite literal out of range (`1e400`) parses as infinity:
            // it does not fit, as `toml` says; only `inf` is infinite.
            ScalarKind::Float => Kind::Float(
                decoded
                    .parse::<f64>()
                    .ok()
                    .filter(|f| !f.is_infinite() || decoded.contains("inf"))
                    .unwrap_or_else(|| {
                        self.bad_number(sp, "float");
                        f64::NAN
                    }),
            ),
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
                if !std::mem::take(&mut self.line_key) {
                    return;
                }
                let Some(key) = self.keys.pop() else {
                    return;
                };
                let result = capture_key_value(&mut self.current, &self.keys, key, value);
                self.keys.clear();
                if let Err(error) = result {
                    self.fail(error);
                }
            }
        }
    }
}

/// Adds a top-level key/value line to the current table.
fn capture_key_value<'i>(
    current: &mut Table<'i>,
    path: &[Key<'i>],
    key: Key<'i>,
    value: Val<'i>,
) -> Result<(), ParseError> {
    let dotted = !path.is_empty();
    let parent = descend(current, path, dotted, false, true)?;
    if dotted && !parent.has(IMPLICIT) {
        return Err(ParseError::new("duplicate key").with_unexpected(key.sp.toml()));
    }
    parent.insert_new(key, value)
}

impl<'i> Builder<'i> {
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
            let parent = descend(table, &path, true, true, true)?;
            if parent.has(DOTTED) == path.is_empty() {
                return Err(ParseError::new("duplicate key").with_unexpected(key.sp.toml()));
            }
            parent.insert_new(key, value)
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
        let mut header = header;
        let result = match header.key.take() {
            Some(key) => place_table(&mut self.root, &header, key, table),
            None => Ok(()),
        };
        let mut path = header.path;
        path.clear();
        self.spare = path;
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
            match descend(&mut self.root, &header.path, false, false, true) {
                Err(error) => self.fail(error),
                Ok(parent) => {
                    if let Some((old_key, old)) =
                        parent.find(&key.name).and_then(|at| parent.swap_remove(at))
                    {
                        match old.kind {
                            Kind::Table(mut t) if t.has(IMPLICIT) && !t.has(DOTTED) => {
                                // Written by earlier headers' paths, and now
                                // by this header too.
                                t.set(SHARED, true);
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
        let deep_enough = self.check_key_depth(0);
        let mut path = std::mem::replace(&mut self.keys, std::mem::take(&mut self.spare));
        let key = if deep_enough {
            path.pop()
        } else {
            path.clear();
            None
        };
        self.start_table(Header {
            path,
            key,
            sp,
            is_array,
        });
    }
}

/// Puts a header's table into the tree: under its key, or appended to the
/// array of tables there.
fn place_table<'i>(
    root: &mut Table<'i>,
    header: &Header<'i>,
    key: Key<'i>,
    table: Table<'i>,
) -> Result<(), ParseError> {
    let mut value = Val {
        kind: Kind::Table(table),
        sp: header.sp,
    };
    value.finish();
    // A `[table]` header's path was walked when it opened: this walk is
    // no second occurrence. A `[[array]]` header's is walked only here.
    let parent = descend(root, &header.path, false, false, header.is_array)?;
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
}

/// The table at `path` below `table`, creating implicit tables on the way,
/// with `toml`'s rules on what a dotted key or header may extend. `written`:
/// the path is written here (not walked again for the same header), so an
/// existing table on it is marked shared.
fn descend<'t, 'i>(
    mut table: &'t mut Table<'i>,
    path: &[Key<'i>],
    dotted: bool,
    inline: bool,
    written: bool,
) -> Result<&'t mut Table<'i>, ParseError> {
    // Whatever is reached may be extended.
    table.set(CLEAN, false);
    for key in path {
        let (at, again) = match table.find(&key.name) {
            Some(at) => (at, true),
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
                (table.push(key.clone(), value), false)
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
        if again && written {
            // The key is written once more here: renaming it is renaming
            // every place (see `Val::is_shared`).
            table.set(SHARED, true);
        }
        table.set(CLEAN, false);
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
                keys_from: self.keys.len(),
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
        let from = match self.stack.last() {
            Some(Frame::Inline { keys_from, .. }) => *keys_from,
            _ => 0,
        };
        if !self.check_key_depth(from) {
            return;
        }
        match self.stack.last_mut() {
            Some(Frame::Inline { key: slot, .. }) => {
                *slot = Some(self.keys.split_off(from.min(self.keys.len())));
            }
            Some(Frame::Array { .. }) => {}
            None => self.line_key = true,
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
