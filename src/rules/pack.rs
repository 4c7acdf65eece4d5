//! Reading rule packs: a single TOML file with `[pack]` and `[[rule]]`, or a
//! folder with `pack.toml` and one `<rule-id>.toml` per rule. What is read
//! here is checked for shape only; [`super::compile`] builds the checks
//! against a configuration's vocabulary.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Severity, code};
use crate::parse::node::{self, Entry, Located, Node, NodeValue, Origin, Problems, Table};
use crate::source::{SourceFile, Span};

/// Keys of a rule.
pub const RULE_KEYS: &[&str] = &[
    "id",
    "summary",
    "severity",
    "template",
    "locked",
    "select",
    "params",
    "when",
    "message",
    "help",
    "rationale",
    "example",
];

/// A pack as read.
#[derive(Clone, Debug)]
pub struct PackDef {
    /// Its name.
    pub name: String,
    /// One line about it.
    pub summary: String,
    /// Its rules, in file order (folder form: by file name).
    pub rules: Vec<Arc<RuleDef>>,
    /// Compiled into orglint.
    pub builtin: bool,
}

/// A rule as read from its pack.
#[derive(Clone, Debug)]
pub struct RuleDef {
    /// The full id (`span-of-control`, `acme/email-domain`).
    pub id: String,
    /// The pack it belongs to.
    pub pack: String,
    /// The file it is written in.
    pub at: Located,
    /// Where to point for problems with the rule as a whole.
    pub span: Span,
    /// Its keys.
    pub table: Table,
    /// One line about it.
    pub summary: String,
    /// Its default severity.
    pub severity: Severity,
    /// Its template (`native` for structure rules).
    pub template: String,
    /// `locked = true`: a native rule that cannot be turned off, suppressed
    /// or change severity ([`crate::ids::LOCKED`]).
    pub locked: bool,
    /// Why it exists (Markdown), when read with the rule.
    rationale: Option<String>,
    /// Its examples, when read with the rule.
    examples: Vec<Example>,
    /// The whole file of a built-in rule whose rationale and examples are
    /// read on first use: a lint run needs neither, so start-up skips them.
    lazy: Option<(&'static str, std::sync::OnceLock<Docs>)>,
}

/// The parts of a built-in rule that are read on first use.
#[derive(Clone, Debug, Default)]
struct Docs {
    rationale: Option<String>,
    examples: Vec<Example>,
}

impl RuleDef {
    fn docs(&self) -> Option<&Docs> {
        let (text, cell) = self.lazy.as_ref()?;
        Some(cell.get_or_init(|| {
            let source = SourceFile::new(self.at.file.path.clone(), (*text).to_owned());
            let mut problems = Problems::default();
            let at = Located {
                file: Arc::new(source),
                origin: Origin::Pack,
            };
            let Ok(table) = node::parse_file(&at.file) else {
                return Docs::default();
            };
            Docs {
                rationale: table
                    .get("rationale")
                    .and_then(|e| string(&mut problems, &at, e)),
                examples: table
                    .get("example")
                    .map(|e| examples(&mut problems, &at, &e.value))
                    .unwrap_or_default(),
            }
        }))
    }

    /// Why the rule exists (Markdown).
    pub fn rationale(&self) -> Option<&str> {
        match self.docs() {
            Some(docs) => docs.rationale.as_deref(),
            None => self.rationale.as_deref(),
        }
    }

    /// The rule's `[[example]]`s.
    pub fn examples(&self) -> &[Example] {
        match self.docs() {
            Some(docs) => &docs.examples,
            None => &self.examples,
        }
    }
}

/// An `[[example]]` of a rule: an org on which it must fire, or must not.
#[derive(Clone, Debug)]
pub struct Example {
    /// `expect = "fail"`.
    pub fail: bool,
    /// The org file (the root, `org.toml`, of an org of many files).
    pub org: String,
    /// The fragments of an org of many files, by path relative to the
    /// root (`files = { "people/ada.toml" = "..." }`), in path order.
    pub files: Vec<(String, String)>,
    /// The 1-based line of the example in its rule's file.
    pub line: usize,
    /// `as-of`: the date the example is linted at (else the linter's).
    pub as_of: Option<crate::dates::Date>,
    /// A two-sided example (`base` and `head`, for the rules over a
    /// change): the org at BASE; `org` is then the org at HEAD.
    pub base: Option<String>,
}

fn string(problems: &mut Problems, at: &Located, entry: &Entry) -> Option<String> {
    problems.string(at, entry)
}

/// Whether `text` is kebab-case: `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`.
pub fn is_kebab(text: &str) -> bool {
    text.split('-').enumerate().all(|(i, part)| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && (i > 0 || part.starts_with(|c: char| c.is_ascii_lowercase()))
    })
}

fn pack_table(
    problems: &mut Problems,
    at: &Located,
    entry: Option<&Entry>,
    anchor: Span,
    builtin: bool,
) -> Option<(String, String)> {
    let Some(entry) = entry else {
        problems.push(
            at,
            anchor,
            "no `[pack]`",
            "the pack has no `[pack]` table",
            Some("add `[pack]` with `name` and `summary`".to_owned()),
        );
        return None;
    };
    let NodeValue::Table(table) = &entry.value.value else {
        problems.wrong_type(at, "pack", &entry.value, "a table");
        return None;
    };
    problems.check_keys(at, table, &["name", "summary"], "`[pack]`");
    let name = table.get("name").and_then(|e| string(problems, at, e));
    let summary = table.get("summary").and_then(|e| string(problems, at, e));
    for (key, value) in [("name", &name), ("summary", &summary)] {
        if value.is_none() && table.get(key).is_none() {
            problems.push(
                at,
                table.span.clone(),
                format!("no `{key}`"),
                format!("`[pack]` has no `{key}`"),
                None,
            );
        }
    }
    let name = name?;
    let name_span = table
        .get("name")
        .map_or(table.span.clone(), |e| e.value.span.clone());
    if !is_kebab(&name) {
        problems.push(
            at,
            name_span.clone(),
            "not kebab-case",
            format!("pack name {} is not kebab-case", code(&name)),
            None,
        );
        return None;
    }
    if !builtin && BUILTIN_PACKS.contains(&name.as_str()) {
        problems.push(
            at,
            name_span,
            "a built-in pack",
            format!("{} is the name of a built-in pack", code(&name)),
            Some("give your pack its own name, such as your company's".to_owned()),
        );
        return None;
    }
    Some((name, summary?))
}

/// Reads one rule's table. `file_id` is the id a folder-form file gives.
fn rule(
    problems: &mut Problems,
    at: &Located,
    pack: &str,
    table: &Table,
    span: Span,
    file_id: Option<&str>,
    builtin: bool,
) -> Option<RuleDef> {
    problems.check_keys(at, table, RULE_KEYS, "a rule");
    let before = problems.diagnostics.len();
    let id = rule_id(problems, at, pack, table, &span, file_id, builtin)?;
    let mut required = |key: &str| -> Option<String> {
        match table.get(key) {
            Some(e) => string(problems, at, e),
            None => {
                problems.push(
                    at,
                    span.clone(),
                    format!("no `{key}`"),
                    format!("rule {} has no `{key}`", code(&id)),
                    None,
                );
                None
            }
        }
    };
    let summary = required("summary");
    let severity_text = required("severity");
    let template = required("template");
    let severity = severity_text.and_then(|s| {
        let parsed = Severity::parse(&s);
        if parsed.is_none() {
            let at_span = table
                .get("severity")
                .map_or(span.clone(), |e| e.value.span.clone());
            problems.push(
                at,
                at_span,
                "not a severity",
                format!(
                    "severity must be `error`, `warning` or `info`, not {}",
                    code(&s)
                ),
                None,
            );
        }
        parsed
    });
    if let Some(t) = &template {
        check_template(problems, at, pack, table, &span, t, builtin);
    }
    let locked = match table.get("locked") {
        None => false,
        Some(e) => match e.value.value {
            NodeValue::Bool(locked) if template.as_deref() == Some("native") => locked,
            NodeValue::Bool(_) => {
                problems.push(
                    at,
                    e.value.span.clone(),
                    "native rules only",
                    "only native rules of the built-in `structure` pack can be `locked`",
                    Some("remove `locked`; users turn rules off in `orglint.toml`".to_owned()),
                );
                false
            }
            _ => {
                problems.wrong_type(at, "locked", &e.value, "a boolean");
                false
            }
        },
    };
    for key in ["select", "params", "when"] {
        if let Some(e) = table.get(key)
            && !matches!(e.value.value, NodeValue::Table(_))
        {
            problems.wrong_type(at, key, &e.value, "a table");
        }
    }
    for key in ["message", "help"] {
        if let Some(e) = table.get(key) {
            string(problems, at, e);
        }
    }
    let rationale = table.get("rationale").and_then(|e| string(problems, at, e));
    let examples = table
        .get("example")
        .map(|e| examples(problems, at, &e.value))
        .unwrap_or_default();
    if problems.diagnostics.len() > before {
        return None;
    }
    Some(RuleDef {
        id,
        pack: pack.to_owned(),
        at: at.clone(),
        span,
        table: table.clone(),
        summary: summary?,
        severity: severity?,
        template: template?,
        locked,
        rationale,
        examples,
        lazy: None,
    })
}

/// The full id of a rule: `id` as written or its file name, checked for
/// form (kebab-case; `<pack>/<name>` for user packs).
fn rule_id(
    problems: &mut Problems,
    at: &Located,
    pack: &str,
    table: &Table,
    span: &Span,
    file_id: Option<&str>,
    builtin: bool,
) -> Option<String> {
    let written_id = table
        .get("id")
        .and_then(|e| string(problems, at, e).map(|s| (s, e.value.span.clone())));
    let (local, id_span) = match (file_id, written_id) {
        (Some(stem), Some((id, span))) if id != stem && id != format!("{pack}/{stem}") => {
            problems.push(
                at,
                span,
                "does not match the file name",
                format!(
                    "rule id {} does not match its file name {}",
                    code(&id),
                    code(stem)
                ),
                Some(format!(
                    "the file `{stem}.toml` holds the rule `{stem}`; remove `id` or rename the file"
                )),
            );
            return None;
        }
        (Some(stem), _) => (stem.to_owned(), span.clone()),
        (None, Some((id, span))) => (id, span),
        (None, None) => {
            problems.push(
                at,
                span.clone(),
                "no `id`",
                "the rule has no `id`",
                Some(format!("add `id = \"{pack}/...\"`")),
            );
            return None;
        }
    };
    let id = if builtin {
        if !is_kebab(&local) {
            problems.push(
                at,
                id_span,
                "not kebab-case",
                format!("rule id {} is not kebab-case", code(&local)),
                None,
            );
            return None;
        }
        local
    } else {
        let bare = local
            .strip_prefix(&format!("{pack}/"))
            .unwrap_or(if file_id.is_some() { &local } else { "" });
        if bare.is_empty() || !is_kebab(bare) {
            problems.push(
                at,
                id_span,
                "not `<pack>/<kebab-case>`",
                format!(
                    "rule id {} must be `{pack}/` followed by a kebab-case name",
                    code(&local)
                ),
                Some(format!("for example `{pack}/email-domain`")),
            );
            return None;
        }
        format!("{pack}/{bare}")
    };
    Some(id)
}

/// Checks that `template` names a template (`native` only in the built-in
/// `structure` pack).
fn check_template(
    problems: &mut Problems,
    at: &Located,
    pack: &str,
    table: &Table,
    span: &Span,
    t: &str,
    builtin: bool,
) {
    let t_span = table
        .get("template")
        .map_or(span.clone(), |e| e.value.span.clone());
    if t == "native" {
        if !builtin || pack != "structure" {
            problems.push(
                at,
                t_span,
                "native",
                "`native` rules exist only in the built-in `structure` pack",
                Some("use one of the templates".to_owned()),
            );
        }
    } else if crate::templates::info(t).is_none() && crate::templates::change::info(t).is_none() {
        let names = crate::templates::TEMPLATES.iter().map(|i| i.name).chain(
            crate::templates::change::CHANGE_TEMPLATES
                .iter()
                .map(|i| i.name),
        );
        let help = match crate::suggest::hint(t, names.clone()) {
            Some(s) => crate::suggest::did_you_mean(s),
            None => format!("templates: {}", names.collect::<Vec<_>>().join(", ")),
        };
        problems.push(
            at,
            t_span,
            "unknown template",
            format!("unknown template {}", code(t)),
            Some(help),
        );
    }
}

fn examples(problems: &mut Problems, at: &Located, node: &Node) -> Vec<Example> {
    let NodeValue::Array(items) = &node.value else {
        problems.wrong_type(at, "example", node, "an array of tables (`[[example]]`)");
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let NodeValue::Table(t) = &item.value else {
            problems.wrong_type(at, "example", item, "a table");
            continue;
        };
        problems.check_keys(
            at,
            t,
            &["expect", "org", "files", "as-of", "base", "head"],
            "an `[[example]]`",
        );
        let expect = t.get("expect").and_then(|e| string(problems, at, e));
        let base = t.get("base").and_then(|e| string(problems, at, e));
        let head = t.get("head").and_then(|e| string(problems, at, e));
        let org = t.get("org").and_then(|e| string(problems, at, e));
        // `base` and `head` go together, and stand for `org`.
        let (org, base) = match (org, base, head) {
            (None, Some(base), Some(head)) => (Some(head), Some(base)),
            (org, None, None) => (org, None),
            _ => {
                problems.push(
                    at,
                    item.span.clone(),
                    "incomplete",
                    "a two-sided `[[example]]` needs both `base` and `head`, and no `org`",
                    None,
                );
                continue;
            }
        };
        let mut files = Vec::new();
        match t.get("files").map(|e| &e.value) {
            None => {}
            Some(Node {
                value: NodeValue::Table(table),
                ..
            }) => {
                for entry in &table.entries {
                    if let Some(text) = string(problems, at, entry) {
                        files.push((entry.key.clone(), text));
                    }
                }
            }
            Some(other) => problems.wrong_type(
                at,
                "files",
                other,
                "a table of fragment paths and their text",
            ),
        }
        let as_of = t.get("as-of").and_then(|e| match &e.value.value {
            NodeValue::Datetime(Some(date)) => Some(*date),
            _ => {
                problems.wrong_type(at, "as-of", &e.value, "a date (`as-of = 2027-04-01`)");
                None
            }
        });
        match (expect.as_deref(), org) {
            (Some(x @ ("fail" | "pass")), Some(org)) => out.push(Example {
                fail: x == "fail",
                org,
                files,
                line: at.file.position(item.span.start).line,
                as_of,
                base,
            }),
            (Some(other), _) if other != "fail" && other != "pass" => {
                let span = t
                    .get("expect")
                    .map_or(item.span.clone(), |e| e.value.span.clone());
                problems.push(
                    at,
                    span,
                    "not fail or pass",
                    format!("`expect` must be `fail` or `pass`, not {}", code(other)),
                    None,
                );
            }
            _ => problems.push(
                at,
                item.span.clone(),
                "incomplete",
                "an `[[example]]` needs `expect` and `org`",
                None,
            ),
        }
    }
    out
}

/// Reads a single-file pack.
pub fn read_file_pack(file: Arc<SourceFile>, problems: &mut Problems) -> Option<PackDef> {
    let at = Located {
        file,
        origin: Origin::Pack,
    };
    let table = parse(&at, problems)?;
    problems.check_keys(&at, &table, &["pack", "rule"], "a rule pack");
    let (name, summary) = pack_table(problems, &at, table.get("pack"), 0..0, false)?;
    let mut rules = Vec::new();
    if let Some(entry) = table.get("rule") {
        let NodeValue::Array(items) = &entry.value.value else {
            problems.wrong_type(&at, "rule", &entry.value, "an array of tables (`[[rule]]`)");
            return None;
        };
        for item in items {
            match &item.value {
                NodeValue::Table(t) => rules.extend(
                    rule(problems, &at, &name, t, item.span.clone(), None, false).map(Arc::new),
                ),
                _ => problems.wrong_type(&at, "rule", item, "a table"),
            }
        }
    }
    Some(PackDef {
        name,
        summary,
        rules,
        builtin: false,
    })
}

fn parse(at: &Located, problems: &mut Problems) -> Option<Table> {
    match node::parse_file(&at.file) {
        Ok(t) => Some(t),
        Err(mut d) => {
            d.rule = crate::ids::PACK_ERROR.to_owned();
            problems.diagnostics.push((at.file.clone(), d));
            None
        }
    }
}

/// Reads a folder-form pack from `(file name, source)` pairs; `pack.toml`
/// must be among them.
pub fn read_folder_pack(
    files: Vec<Arc<SourceFile>>,
    folder: &str,
    problems: &mut Problems,
    builtin: bool,
) -> Option<PackDef> {
    let stem = |f: &SourceFile| {
        Path::new(&f.path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let Some(pack_file) = files.iter().find(|f| stem(f) == "pack").cloned() else {
        let anchor = files
            .first()
            .cloned()
            .unwrap_or_else(|| Arc::new(SourceFile::new(folder, String::new())));
        problems.push(
            &Located {
                file: anchor,
                origin: Origin::Pack,
            },
            0..0,
            "no pack.toml",
            format!("the pack folder `{folder}` has no `pack.toml`"),
            Some("add `pack.toml` with a `[pack]` table (`name`, `summary`)".to_owned()),
        );
        return None;
    };
    let at = Located {
        file: pack_file,
        origin: Origin::Pack,
    };
    let table = parse(&at, problems)?;
    problems.check_keys(&at, &table, &["pack"], "`pack.toml`");
    let (name, summary) = pack_table(problems, &at, table.get("pack"), 0..0, builtin)?;
    let mut rules = Vec::new();
    for file in files {
        let id = stem(&file);
        if id == "pack" {
            continue;
        }
        let at = Located {
            file,
            origin: Origin::Pack,
        };
        let Some(table) = parse(&at, problems) else {
            continue;
        };
        rules.extend(rule(problems, &at, &name, &table, 0..0, Some(&id), builtin).map(Arc::new));
    }
    Some(PackDef {
        name,
        summary,
        rules,
        builtin,
    })
}

/// Reads a pack from disk: a folder or a single file.
pub fn read_path(path: &Path, problems: &mut Problems) -> Result<Option<PackDef>, String> {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            // A link out of the folder would read a file outside the
            // repository: only what is inside the pack folder counts.
            .filter(|p| {
                let inside = path.canonicalize().ok();
                p.canonicalize()
                    .ok()
                    .zip(inside)
                    .is_some_and(|(p, dir)| p.starts_with(dir))
            })
            .collect();
        entries.sort();
        let mut files = Vec::with_capacity(entries.len());
        for entry in entries {
            files.push(Arc::new(crate::files::read_source(&entry)?));
        }
        Ok(read_folder_pack(
            files,
            &crate::files::display_found(path),
            problems,
            false,
        ))
    } else {
        let file = Arc::new(crate::files::read_source(path)?);
        Ok(read_file_pack(file, problems))
    }
}

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// The part of a built-in rule file that a lint run reads: everything
/// before `rationale` and the first `[[example]]`, which only `explain` and
/// the tests need. Every key a lint run uses must come before them;
/// `tests/meta.rs` fails when one does not.
pub fn lint_head(text: &str) -> &str {
    let cut = ["\nrationale = ", "\n[[example]]"]
        .iter()
        .filter_map(|m| text.find(m))
        .min();
    cut.map_or(text, |i| text.get(..=i).unwrap_or(text))
}

/// The built-in packs, read once per process. Each rule file is read up to
/// its `rationale` (or first `[[example]]`); the rest when asked for.
pub fn builtin() -> &'static (Vec<PackDef>, Problems) {
    static PACKS: std::sync::OnceLock<(Vec<PackDef>, Problems)> = std::sync::OnceLock::new();
    PACKS.get_or_init(|| {
        let mut problems = Problems::default();
        let mut packs = Vec::new();
        for name in BUILTIN_PACKS {
            let entries: Vec<&(&str, &str, &'static str)> =
                BUILTIN.iter().filter(|(pack, _, _)| pack == name).collect();
            let files = entries
                .iter()
                .map(|(pack, file, text)| {
                    Arc::new(SourceFile::new(
                        format!("rules/{pack}/{file}"),
                        lint_head(text).to_owned(),
                    ))
                })
                .collect();
            if let Some(mut pack) = read_folder_pack(files, name, &mut problems, true) {
                for rule in &mut pack.rules {
                    let stem = rule.id.clone();
                    let full = entries
                        .iter()
                        .find(|(_, file, _)| file.strip_suffix(".toml") == Some(stem.as_str()))
                        .map(|(_, _, t)| *t);
                    if let (Some(text), Some(def)) = (full, Arc::get_mut(rule)) {
                        def.lazy = Some((text, std::sync::OnceLock::new()));
                    }
                }
                packs.push(pack);
            }
        }
        (packs, problems)
    })
}
