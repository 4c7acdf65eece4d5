//! `orglint split`: turns an org of one file into a root and one fragment
//! per person and team (format 1.1), moving text byte for byte.
//!
//! Nothing is re-serialised: the file is cut into statements (a `[header]`
//! line, or a `key = value` that may run over several lines) with
//! `toml_parser`'s lexer, the same lexer the tree of [`crate::parse::tree`]
//! is built from, and each statement is copied with the comment lines
//! directly above it (the block a suppression binds through) and the blank
//! lines after it. The tree decides what the statements are about (is
//! `people.ada` a table?) and whether `[org]` already has `include`.
//!
//! A fragment is named after its id (`people/ada.toml`). An id that is not
//! a plain file name has every byte outside `a-z`, `0-9`, `_`, `-` and `.`
//! (a leading `.` included) written as `%XX`, so that `"ops/eu"` becomes
//! `ops%2Feu.toml` and no two ids share a name, even on a file system that
//! ignores case; the empty id is `%.toml`; a name longer than
//! [`MAX_NAME`] bytes is cut and ends with a hash of the id.
//!
//! Fragments are written without a byte order mark (the root keeps its
//! own) and with the root's line endings, as the text they were cut from.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml_parser::lexer::TokenKind;
use toml_parser::{ParseError, Raw, Source};

use crate::FileReport;
use crate::files::display_path;
use crate::parse::tree::{Kind, Table};
use crate::source::SourceFile;

/// The longest fragment file name written, `.toml` excluded.
pub const MAX_NAME: usize = 180;

/// The two kinds of entity that get a fragment each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// `[people.<id>]`.
    People,
    /// `[teams.<id>]`.
    Teams,
}

impl Part {
    /// The top-level table the kind lives in.
    pub fn table(self) -> &'static str {
        match self {
            Part::People => "people",
            Part::Teams => "teams",
        }
    }

    fn of(name: &str) -> Option<Part> {
        match name {
            "people" => Some(Part::People),
            "teams" => Some(Part::Teams),
            _ => None,
        }
    }
}

/// What `orglint split` is asked to do.
#[derive(Debug, Clone)]
pub struct SplitOptions {
    /// The org file; it becomes the root.
    pub file: PathBuf,
    /// The folder for people (default `people/` next to the file).
    pub people: Option<PathBuf>,
    /// The folder for teams (default `teams/` next to the file).
    pub teams: Option<PathBuf>,
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    /// The root file (the org file given).
    pub root: PathBuf,
    /// Every fragment written.
    pub fragments: Vec<PathBuf>,
    /// How many people and teams were moved.
    pub people: usize,
    /// How many teams were moved.
    pub teams: usize,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum Refused {
    /// The file is not valid TOML: its `toml-syntax` diagnostic.
    Syntax(FileReport),
    /// Anything else: the message and what to do.
    Other {
        /// What is wrong, lower-case, values in backticks.
        message: String,
        /// What to do about it.
        help: String,
    },
}

fn refuse(message: impl Into<String>, help: impl Into<String>) -> Refused {
    Refused::Other {
        message: message.into(),
        help: help.into(),
    }
}

/// One fragment of a [`Plan`].
#[derive(Debug)]
pub struct Fragment {
    /// People or teams.
    pub part: Part,
    /// The entity's id.
    pub id: String,
    /// The fragment's text.
    pub text: String,
}

/// The texts a split writes: the root, then one fragment per entity in the
/// order the entities are first written in the file.
#[derive(Debug)]
pub struct Plan {
    /// The root's text (without its byte order mark).
    pub root: String,
    /// The fragments.
    pub fragments: Vec<Fragment>,
}

/// What a logical line of the file is.
#[derive(Debug)]
enum Line {
    Blank,
    Comment,
    /// A `[header]` or `[[header]]`: its decoded path.
    Header(Vec<String>),
    /// A `key = value`: the decoded key path.
    KeyVal(Vec<String>),
}

/// A logical line: one line, or the lines a multi-line value spans.
#[derive(Debug)]
struct Stmt {
    range: Range<usize>,
    line: Line,
}

/// Cuts a valid TOML text into logical lines. A line break outside any
/// bracket ends a statement; inside a value's brackets it does not.
fn statements(text: &str) -> Vec<Stmt> {
    let source = Source::new(text);
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: i64 = 0;
    let mut first: Option<TokenKind> = None;
    let mut keys: Vec<String> = Vec::new();
    // Keys are read up to the `=` or the header's first `]`.
    let mut reading_keys = true;
    for token in source.lex() {
        let kind = token.kind();
        let span = token.span();
        match kind {
            TokenKind::Whitespace => continue,
            TokenKind::Newline | TokenKind::Eof if depth <= 0 => {
                let end = span.end();
                if end > start || kind == TokenKind::Newline {
                    let line = match first {
                        None => Line::Blank,
                        Some(TokenKind::Comment) => Line::Comment,
                        Some(TokenKind::LeftSquareBracket) => {
                            Line::Header(std::mem::take(&mut keys))
                        }
                        Some(_) => Line::KeyVal(std::mem::take(&mut keys)),
                    };
                    out.push(Stmt {
                        range: start..end,
                        line,
                    });
                }
                start = end;
                first = None;
                keys.clear();
                reading_keys = true;
                depth = 0;
                continue;
            }
            _ => {}
        }
        let opening = first.is_none();
        if opening {
            first = Some(kind);
        }
        match kind {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                depth += 1;
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth -= 1;
                if first == Some(TokenKind::LeftSquareBracket) {
                    reading_keys = false;
                }
            }
            TokenKind::Equals => reading_keys = false,
            TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString if reading_keys => {
                let raw = Raw::new_unchecked(
                    text.get(span.start()..span.end()).unwrap_or_default(),
                    kind.encoding(),
                    span,
                );
                let mut name = Cow::Borrowed("");
                let mut errors: Option<ParseError> = None;
                raw.decode_key(&mut name, &mut errors);
                keys.push(name.into_owned());
            }
            _ => {}
        }
    }
    out
}

/// Where a statement sits.
#[derive(Clone, Debug, PartialEq)]
enum Ctx {
    /// Before the first header, or in a header section of its own entity.
    Plain,
    /// A `key = value` in a `[people]` or `[teams]` section.
    Container(Part),
}

/// A statement with the comment block above it and the blank lines and
/// loose comments after it.
#[derive(Debug)]
struct Chunk {
    range: Range<usize>,
    /// The statement itself, without the comments around it.
    stmt: Range<usize>,
    owner: Option<(Part, String)>,
    ctx: Ctx,
    /// For a `[people]` or `[teams]` header: it heads nothing once its
    /// entities moved out.
    container: Option<Part>,
    /// The index of the header chunk whose section this chunk is in.
    section: Option<usize>,
}

/// The entities of the file: ids of people and teams whose value is a
/// table (anything else is left in the root, where it is diagnosed).
fn entities(tree: &Table<'_>) -> std::collections::HashSet<(Part, String)> {
    let mut out = std::collections::HashSet::new();
    for (key, value) in &tree.entries {
        let (Some(part), Kind::Table(table)) = (Part::of(key.name()), &value.kind) else {
            continue;
        };
        for (id, value) in &table.entries {
            if matches!(value.kind, Kind::Table(_)) {
                out.insert((part, id.name().to_owned()));
            }
        }
    }
    out
}

/// The line ending the file uses: that of its first line.
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// A TOML basic string.
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

/// Plans the split of `text` (valid TOML, its byte order mark removed):
/// `patterns` are the `include` patterns for people and teams, the one of
/// a kind used only when an entity of that kind moves.
pub fn plan(text: &str, tree: &Table<'_>, patterns: [&str; 2]) -> Result<Plan, Refused> {
    let eol = line_ending(text);
    let entities = entities(tree);
    let org = tree.entries.iter().find(|(k, _)| k.name() == "org");
    match org.map(|(_, v)| &v.kind) {
        None => {
            return Err(refuse(
                "the file has no `[org]` table, so it is not an org's root",
                "split an org file: one with `[org]`, people and teams",
            ));
        }
        Some(Kind::Table(table)) => {
            if table.entries.iter().any(|(k, _)| k.name() == "include") {
                return Err(refuse(
                    "`[org]` already has `include`: the org is already split into files",
                    "move people and teams into fragments by hand, or split the org before it has `include`",
                ));
            }
        }
        Some(_) => {
            return Err(refuse(
                "`org` is not a table",
                "write the org's keys under an `[org]` header",
            ));
        }
    }
    let stmts = statements(text);
    let mut chunks: Vec<Chunk> = Vec::new();
    // The start of the run of comment lines directly above the next
    // statement, if any.
    let mut comments: Option<usize> = None;
    let mut section: Option<(usize, Vec<String>)> = None;
    let mut insert_at: Option<(usize, bool)> = None;
    let mut inline_org = false;
    for stmt in &stmts {
        let path = match &stmt.line {
            Line::Blank => {
                comments = None;
                continue;
            }
            Line::Comment => {
                comments.get_or_insert(stmt.range.start);
                continue;
            }
            Line::Header(path) => path.clone(),
            Line::KeyVal(key) => {
                let mut path = section.as_ref().map(|s| s.1.clone()).unwrap_or_default();
                path.extend(key.iter().cloned());
                path
            }
        };
        let start = comments.take().unwrap_or(stmt.range.start);
        if let Some(last) = chunks.last_mut() {
            last.range.end = start;
        }
        let owner = match (path.first().and_then(|p| Part::of(p)), path.get(1)) {
            (Some(part), Some(id)) if entities.contains(&(part, id.clone())) => {
                Some((part, id.clone()))
            }
            _ => None,
        };
        let header = matches!(stmt.line, Line::Header(_));
        let ctx = match (&section, header) {
            (Some((_, s)), false) => match s.as_slice() {
                [one] => Part::of(one).map_or(Ctx::Plain, Ctx::Container),
                _ => Ctx::Plain,
            },
            _ => Ctx::Plain,
        };
        let index = chunks.len();
        let container = match (&stmt.line, path.as_slice()) {
            (Line::Header(_), [one]) => Part::of(one),
            _ => None,
        };
        // `include` goes after the last key of `[org]`, else after its
        // header; with dotted `org.name` keys, after the last of them.
        match (&stmt.line, &section) {
            (Line::Header(_), _) if path == ["org"] => insert_at = Some((stmt.range.end, false)),
            (Line::KeyVal(_), Some((_, s))) if s == &["org"] => {
                insert_at = Some((stmt.range.end, false));
            }
            (Line::KeyVal(key), None) if key.first().is_some_and(|k| k == "org") => {
                if key.len() == 1 {
                    inline_org = true;
                }
                insert_at = Some((stmt.range.end, true));
            }
            _ => {}
        }
        chunks.push(Chunk {
            range: start..stmt.range.end,
            stmt: stmt.range.clone(),
            owner,
            ctx,
            container,
            section: if header {
                None
            } else {
                section.as_ref().map(|s| s.0)
            },
        });
        if let Line::Header(path) = &stmt.line {
            section = Some((index, path.clone()));
        }
    }
    if let Some(last) = chunks.last_mut() {
        last.range.end = text.len();
    }
    if inline_org {
        return Err(refuse(
            "`org` is written as an inline table (`org = { ... }`), where `include` cannot be added line by line",
            "write the org's keys under an `[org]` header, then split",
        ));
    }
    let Some((insert_at, dotted)) = insert_at else {
        return Err(refuse(
            "the file has no `[org]` table, so it is not an org's root",
            "split an org file: one with `[org]`, people and teams",
        ));
    };
    // The fragments, in the order their entities first appear.
    let mut order: Vec<(Part, String)> = Vec::new();
    let mut texts: std::collections::HashMap<(Part, String), (String, Option<Ctx>)> =
        std::collections::HashMap::new();
    for chunk in &chunks {
        let Some(owner) = &chunk.owner else {
            continue;
        };
        let (out, ctx) = texts.entry(owner.clone()).or_insert_with(|| {
            order.push(owner.clone());
            (String::new(), None)
        });
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(eol);
        }
        if let Ctx::Container(part) = &chunk.ctx
            && ctx.as_ref() != Some(&chunk.ctx)
        {
            out.push('[');
            out.push_str(part.table());
            out.push(']');
            out.push_str(eol);
        }
        *ctx = Some(chunk.ctx.clone());
        out.push_str(text.get(chunk.range.clone()).unwrap_or_default());
    }
    let used: Vec<&str> = [Part::People, Part::Teams]
        .iter()
        .zip(patterns)
        .filter(|(part, _)| order.iter().any(|(p, _)| p == *part))
        .map(|(_, pattern)| pattern)
        .collect();
    let mut list: Vec<String> = used.iter().map(|p| quoted(p)).collect();
    list.dedup();
    let key = if dotted { "org.include" } else { "include" };
    let mut include = format!("{key} = [{}]{eol}", list.join(", "));
    let mut root = String::with_capacity(text.len() / 4 + include.len());
    let mut copy = |root: &mut String, range: Range<usize>| {
        if (range.start..=range.end).contains(&insert_at) && !include.is_empty() {
            root.push_str(text.get(range.start..insert_at).unwrap_or_default());
            if !root.is_empty() && !root.ends_with('\n') {
                root.push_str(eol);
            }
            root.push_str(&include);
            include.clear();
            root.push_str(text.get(insert_at..range.end).unwrap_or_default());
        } else {
            root.push_str(text.get(range).unwrap_or_default());
        }
    };
    let preamble_end = chunks.first().map_or(text.len(), |c| c.range.start);
    copy(&mut root, 0..preamble_end);
    for (index, chunk) in chunks.iter().enumerate() {
        if chunk.owner.is_some() {
            continue;
        }
        let empty_container = chunk.container.is_some()
            && !chunks
                .iter()
                .any(|c| c.section == Some(index) && c.owner.is_none());
        if empty_container {
            // A `[people]` header whose entities all moved heads nothing:
            // the comments around it stay.
            copy(&mut root, chunk.range.start..chunk.stmt.start);
            copy(&mut root, chunk.stmt.end..chunk.range.end);
        } else {
            copy(&mut root, chunk.range.clone());
        }
    }
    let fragments = order
        .into_iter()
        .filter_map(|(part, id)| {
            let (text, _) = texts.remove(&(part, id.clone()))?;
            Some(Fragment { part, id, text })
        })
        .collect();
    Ok(Plan { root, fragments })
}

/// The file name of an entity's fragment, `.toml` included (see the
/// module's documentation for the mapping).
pub fn file_name(id: &str) -> String {
    if id.is_empty() {
        return "%.toml".to_owned();
    }
    let mut name = String::with_capacity(id.len());
    for (i, byte) in id.bytes().enumerate() {
        let plain = byte.is_ascii_lowercase()
            || byte.is_ascii_digit()
            || byte == b'_'
            || byte == b'-'
            || (byte == b'.' && i > 0);
        if plain {
            name.push(char::from(byte));
        } else {
            name.push_str(&format!("%{byte:02X}"));
        }
    }
    if name.len() > MAX_NAME {
        let mut cut = MAX_NAME - 17;
        // Never inside a `%XX`.
        while cut > 0
            && name
                .as_bytes()
                .get(cut.saturating_sub(2)..cut)
                .is_some_and(|b| b.contains(&b'%'))
        {
            cut -= 1;
        }
        name.truncate(cut);
        use std::hash::BuildHasher;
        let hash = foldhash::fast::FixedState::default().hash_one(id);
        name.push_str(&format!("~{hash:016x}"));
    }
    name.push_str(".toml");
    name
}

/// `dir` relative to `base` with `/` separators, when it is strictly below
/// it.
fn below(dir: &Path, base: &Path) -> Option<String> {
    let dir = crate::load::source::normal(dir);
    let base = crate::load::source::normal(base);
    let rel = dir.strip_prefix(&base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().map(str::to_owned))
        .collect::<Option<_>>()?;
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// Splits the org file of `options`: writes every fragment and the new
/// root, or nothing.
pub fn split(options: &SplitOptions) -> Result<Written, Refused> {
    let file = &options.file;
    let shown = display_path(file);
    let (bytes, stamp) = match crate::files::read_to_fix(file) {
        Ok(Ok(read)) => read,
        Ok(Err(refused)) => {
            return Err(refuse(
                format!("cannot split `{shown}`: {}", refused.reason),
                "split a regular org file",
            ));
        }
        Err(err) => {
            return Err(refuse(
                format!("cannot read `{shown}`: {}", crate::files::io_reason(&err)),
                "check the path",
            ));
        }
    };
    let source = match SourceFile::decode(shown.clone(), bytes.clone()) {
        Ok(source) => source,
        Err((_, err)) => {
            return Err(refuse(
                format!("`{shown}`: {}", err.message),
                "save the file as UTF-8",
            ));
        }
    };
    let tree = match crate::parse::parse_toml(source.text()) {
        Ok(tree) => tree,
        Err(diagnostic) => {
            return Err(Refused::Syntax(FileReport {
                source: Arc::new(SourceFile::new(
                    shown,
                    String::from_utf8_lossy(&bytes).into_owned(),
                )),
                diagnostics: vec![diagnostic],
                omitted: 0,
                org: None,
            }));
        }
    };
    let root_dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dirs = [
        options
            .people
            .clone()
            .unwrap_or_else(|| root_dir.join("people")),
        options
            .teams
            .clone()
            .unwrap_or_else(|| root_dir.join("teams")),
    ];
    let mut patterns = Vec::new();
    for (dir, flag) in dirs.iter().zip(["--people", "--teams"]) {
        let Some(rel) = below(dir, root_dir) else {
            return Err(refuse(
                format!(
                    "`{flag} {}` is not a folder below the org file's folder",
                    display_path(dir)
                ),
                "fragments are found by `include` patterns relative to the root's folder: choose a sub-folder of it",
            ));
        };
        if rel.contains(['*', '?', '[', ']', '{', '}', '\\']) {
            return Err(refuse(
                format!("`{flag} {}` holds a wildcard character", display_path(dir)),
                "choose a folder whose name has none of `*?[]{}\\`",
            ));
        }
        patterns.push(format!("{rel}/*.toml"));
    }
    let plan = plan(
        source.text(),
        &tree,
        [
            patterns.first().map_or("", String::as_str),
            patterns.get(1).map_or("", String::as_str),
        ],
    )?;
    if plan.fragments.is_empty() {
        return Err(refuse(
            format!("`{shown}` has no people or teams to split"),
            "`orglint split` moves each `[people.<id>]` and `[teams.<id>]` table into a file of its own",
        ));
    }
    let mut targets: Vec<(PathBuf, &str)> = Vec::with_capacity(plan.fragments.len());
    let mut seen = std::collections::HashSet::new();
    for fragment in &plan.fragments {
        let [people_dir, teams_dir] = &dirs;
        let dir = match fragment.part {
            Part::People => people_dir,
            Part::Teams => teams_dir,
        };
        let path = dir.join(file_name(&fragment.id));
        if !seen.insert(crate::load::source::normal(&path)) {
            return Err(refuse(
                format!(
                    "two fragments would be written to `{}`",
                    display_path(&path)
                ),
                "give people and teams different folders (`--people`, `--teams`)",
            ));
        }
        targets.push((path, &fragment.text));
    }
    for dir in &dirs {
        if !targets
            .iter()
            .any(|(p, _)| p.parent() == Some(dir.as_path()))
        {
            continue;
        }
        if dir.exists() && !dir.is_dir() {
            return Err(refuse(
                format!("`{}` exists and is not a folder", display_path(dir)),
                "choose another folder with `--people` or `--teams`",
            ));
        }
        let existing: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        if let Some(first) = existing.first() {
            return Err(refuse(
                format!(
                    "`{}` already holds {} (`{}`); nothing was written",
                    display_path(dir),
                    crate::text::plural(existing.len(), "`.toml` file"),
                    display_path(first)
                ),
                "`orglint split` never overwrites a file, and the root's `include` would read every `.toml` file there: choose an empty folder with `--people` or `--teams`",
            ));
        }
    }
    let mut root_bytes = Vec::with_capacity(plan.root.len() + 3);
    if source.has_bom() {
        root_bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    root_bytes.extend_from_slice(plan.root.as_bytes());
    write_all(file, &bytes, &stamp, &root_bytes, &targets)?;
    let people = plan
        .fragments
        .iter()
        .filter(|f| f.part == Part::People)
        .count();
    Ok(Written {
        root: file.clone(),
        fragments: targets.into_iter().map(|(p, _)| p).collect(),
        people,
        teams: plan.fragments.len() - people,
    })
}

/// Writes the fragments to temporary files, renames them into place, then
/// replaces the root; on any failure removes what it wrote and the folders
/// it made.
fn write_all(
    root: &Path,
    original: &[u8],
    stamp: &crate::files::Stamp,
    root_bytes: &[u8],
    targets: &[(PathBuf, &str)],
) -> Result<(), Refused> {
    let mut made: Vec<PathBuf> = Vec::new();
    let mut temps: Vec<(PathBuf, &Path)> = Vec::new();
    let mut placed: Vec<&Path> = Vec::new();
    let undo = |temps: &[(PathBuf, &Path)], placed: &[&Path], made: &[PathBuf]| {
        for (temp, _) in temps {
            let _ = std::fs::remove_file(temp);
        }
        for path in placed {
            let _ = std::fs::remove_file(path);
        }
        for dir in made.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    };
    let failed = |path: &Path, err: &std::io::Error| {
        refuse(
            format!(
                "cannot write `{}`: {}; nothing was written",
                display_path(path),
                crate::files::io_reason(err)
            ),
            "check the folder may be written",
        )
    };
    let result = (|| {
        for (path, text) in targets {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            // Folders made here, outermost first, to remove on failure.
            let mut missing = Vec::new();
            let mut up = Some(dir);
            while let Some(d) = up.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
                missing.push(d.to_path_buf());
                up = d.parent();
            }
            std::fs::create_dir_all(dir).map_err(|e| failed(dir, &e))?;
            made.extend(missing.into_iter().rev());
            let (temp, mut file) = crate::files::temp_file(path).map_err(|e| failed(path, &e))?;
            temps.push((temp, path.as_path()));
            use std::io::Write as _;
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| failed(path, &e))?;
        }
        while let Some((temp, path)) = temps.pop() {
            // `create_new` would refuse a file that appeared meanwhile;
            // a rename would replace it, so look last.
            if path.exists() {
                temps.push((temp, path));
                return Err(refuse(
                    format!(
                        "`{}` appeared while splitting; nothing was written",
                        display_path(path)
                    ),
                    "run `orglint split` again",
                ));
            }
            if let Err(err) = std::fs::rename(&temp, path) {
                temps.push((temp, path));
                return Err(failed(path, &err));
            }
            placed.push(path);
        }
        crate::files::write_fixed(root, original, stamp, root_bytes).map_err(|refused| {
            refuse(
                format!(
                    "cannot write `{}`: {}; nothing was written",
                    display_path(root),
                    refused.reason
                ),
                refused.help,
            )
        })
    })();
    if result.is_err() {
        undo(&temps, &placed, &made);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(text: &str) -> Plan {
        let tree = crate::parse::tree::parse(text).unwrap();
        plan(text, &tree, ["people/*.toml", "teams/*.toml"]).unwrap()
    }

    fn fragment<'a>(plan: &'a Plan, id: &str) -> &'a str {
        &plan.fragments.iter().find(|f| f.id == id).unwrap().text
    }

    #[test]
    fn tables_move_with_the_comments_directly_above_them() {
        let text = "# top\n[org]\nname = \"A\" # the name\n\n# loose\n\n# orglint: allow(x) -- y\n[people.ada]\nname = \"Ada\"\n\n[teams.core]\nname = \"Core\"\n[vacancies.v]\ntitle = \"T\"\n";
        let plan = planned(text);
        assert_eq!(
            plan.root,
            "# top\n[org]\nname = \"A\" # the name\ninclude = [\"people/*.toml\", \"teams/*.toml\"]\n\n# loose\n\n[vacancies.v]\ntitle = \"T\"\n"
        );
        assert_eq!(
            fragment(&plan, "ada"),
            "# orglint: allow(x) -- y\n[people.ada]\nname = \"Ada\"\n\n"
        );
        assert_eq!(fragment(&plan, "core"), "[teams.core]\nname = \"Core\"\n");
    }

    #[test]
    fn inline_and_dotted_entities_are_split() {
        let text = "people.bob.name = \"Bob\"\npeople.bob.title = \"T\"\nteams.x = 3\n[org]\nname = \"A\"\n";
        let plan = planned(text);
        assert_eq!(
            plan.root,
            "teams.x = 3\n[org]\nname = \"A\"\ninclude = [\"people/*.toml\"]\n"
        );
        assert_eq!(
            fragment(&plan, "bob"),
            "people.bob.name = \"Bob\"\npeople.bob.title = \"T\"\n"
        );
        let text = "[org]\nname = \"A\"\n[people]\nada = { name = \"Ada\", roles = [\n  \"ceo\",\n] }\n# c\ncy.name = \"Cy\"\ncy.title = \"T\"\n";
        let plan = planned(text);
        assert_eq!(
            plan.root,
            "[org]\nname = \"A\"\ninclude = [\"people/*.toml\"]\n"
        );
        assert_eq!(
            fragment(&plan, "ada"),
            "[people]\nada = { name = \"Ada\", roles = [\n  \"ceo\",\n] }\n"
        );
        assert_eq!(
            fragment(&plan, "cy"),
            "[people]\n# c\ncy.name = \"Cy\"\ncy.title = \"T\"\n"
        );
        // A value that is not a table stays where it is diagnosed.
        let plan = planned("[org]\n[people]\nada = 1\nbob = {}\n");
        assert_eq!(
            plan.root,
            "[org]\ninclude = [\"people/*.toml\"]\n[people]\nada = 1\n"
        );
        assert_eq!(fragment(&plan, "bob"), "[people]\nbob = {}\n");
    }

    #[test]
    fn line_endings_are_kept_and_a_last_line_gets_one() {
        let text = "[org]\r\nname = \"A\"\r\n[people.ada]\r\nname = \"Ada\"";
        let plan = planned(text);
        assert_eq!(
            plan.root,
            "[org]\r\nname = \"A\"\r\ninclude = [\"people/*.toml\"]\r\n"
        );
        assert_eq!(fragment(&plan, "ada"), "[people.ada]\r\nname = \"Ada\"");
        let plan = planned("[org]");
        assert_eq!(plan.root, "[org]\ninclude = []\n");
    }

    #[test]
    fn include_and_sub_tables() {
        let text = "[org]\nname = \"A\"\ninclude = []\n";
        let tree = crate::parse::tree::parse(text).unwrap();
        assert!(plan(text, &tree, ["p/*.toml", "t/*.toml"]).is_err());
        let plan = planned(
            "[org]\n[people.\"a/b\"]\nname = \"X\"\n[people.\"a/b\".extra]\nk = 1\n[org.more]\nx = 1\n",
        );
        assert_eq!(
            plan.root,
            "[org]\ninclude = [\"people/*.toml\"]\n[org.more]\nx = 1\n"
        );
        assert_eq!(
            fragment(&plan, "a/b"),
            "[people.\"a/b\"]\nname = \"X\"\n[people.\"a/b\".extra]\nk = 1\n"
        );
    }

    #[test]
    fn file_names_are_safe_and_distinct() {
        assert_eq!(file_name("ada"), "ada.toml");
        assert_eq!(file_name("ada.l"), "ada.l.toml");
        assert_eq!(file_name("a/b"), "a%2Fb.toml");
        assert_eq!(file_name(".."), "%2E..toml");
        assert_eq!(file_name("Ada"), "%41da.toml");
        assert_eq!(file_name("%"), "%25.toml");
        assert_eq!(file_name(""), "%.toml");
        assert_eq!(file_name("é"), "%C3%A9.toml");
        let long = "x".repeat(300);
        let name = file_name(&long);
        assert!(name.len() <= MAX_NAME + 5, "{name}");
        assert_ne!(name, file_name(&"x".repeat(301)));
    }
}
