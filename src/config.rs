//! `orglint.toml`: extra packs, vocabulary, per-rule severity and params.
//! Strict: every unknown key or name is reported, all in one pass, with the
//! closest valid one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Severity, code};
use crate::parse::node::{self, Entry, Located, NodeValue, Origin, Problems};
use crate::rules::compile::ENTITY_PLACEHOLDERS;
use crate::source::{SourceFile, Span};
use crate::vocabulary::{self, Vocabulary};

/// The file name looked for.
pub const FILE_NAME: &str = "orglint.toml";

/// The top-level keys of `orglint.toml`.
pub const KEYS: &[&str] = &["packs", "baseline", "vocabulary", "rules"];

/// The keys of `[vocabulary]`.
pub const VOCABULARY_KEYS: &[&str] = &["functions", "roles", "person-fields", "team-fields"];

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Not run.
    Off,
    /// Run with this severity.
    On(Severity),
}

impl Level {
    /// Parses `off`, `info`, `warning` or `error`.
    pub fn parse(text: &str) -> Option<Level> {
        if text == "off" {
            Some(Level::Off)
        } else {
            Severity::parse(text).map(Level::On)
        }
    }
}

/// One entry of `[rules]`.
#[derive(Clone, Debug)]
pub struct RuleSetting {
    /// A rule id or a pack name.
    pub name: String,
    /// Where the name is written.
    pub name_span: Span,
    /// The level, if set, and where.
    pub level: Option<(Level, Span)>,
    /// Params that replace the pack's.
    pub params: Vec<Entry>,
}

/// A parsed `orglint.toml`.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file, for locating problems.
    pub at: Located,
    /// Its folder: relative paths start here.
    pub dir: PathBuf,
    /// Extra packs (resolved paths) and where each is named.
    pub packs: Vec<(PathBuf, Span)>,
    /// The default baseline file.
    pub baseline: Option<(PathBuf, Span)>,
    /// The vocabulary with the config's additions.
    pub vocabulary: Vocabulary,
    /// `[rules]`.
    pub rules: Vec<RuleSetting>,
    /// What is worth a warning but does not stop the run (`path:line:
    /// message`): a declared field that has become a built-in key.
    pub warnings: Vec<String>,
}

fn strings(problems: &mut Problems, at: &Located, entry: &Entry) -> Vec<(String, Span)> {
    problems.strings(at, entry, false).unwrap_or_default()
}

/// Parses a config file; every problem is in `problems` (the config is
/// returned even then, so that its rules can be checked in the same run).
pub fn parse(file: Arc<SourceFile>, dir: PathBuf, problems: &mut Problems) -> Option<Config> {
    let at = Located {
        file,
        origin: Origin::Config,
    };
    let table = match node::parse_file(&at.file) {
        Ok(t) => t,
        Err(mut d) => {
            d.rule = crate::ids::CONFIG_ERROR.to_owned();
            problems.diagnostics.push((at.file.clone(), d));
            return None;
        }
    };
    problems.check_keys(&at, &table, KEYS, "`orglint.toml`");
    let mut config = Config {
        at: at.clone(),
        dir: dir.clone(),
        packs: Vec::new(),
        baseline: None,
        vocabulary: Vocabulary::default(),
        rules: Vec::new(),
        warnings: Vec::new(),
    };
    if let Some(entry) = table.get("packs") {
        config.packs = strings(problems, &at, entry)
            .into_iter()
            .filter(|(p, s)| named_file_ok(problems, &at, &dir, p, s, "pack"))
            .map(|(p, s)| (dir.join(p), s))
            .collect();
    }
    if let Some(entry) = table.get("baseline") {
        match &entry.value.value {
            NodeValue::Str(p) => {
                let span = entry.value.span.clone();
                if named_file_ok(problems, &at, &dir, p, &span, "baseline") {
                    config.baseline = Some((dir.join(p), span));
                }
            }
            _ => problems.wrong_type(&at, "baseline", &entry.value, "a string"),
        }
    }
    if let Some(entry) = table.get("vocabulary") {
        match &entry.value.value {
            NodeValue::Table(t) => {
                config.vocabulary = vocabulary_table(problems, &at, t, &mut config.warnings);
            }
            _ => problems.wrong_type(&at, "vocabulary", &entry.value, "a table"),
        }
    }
    if let Some(entry) = table.get("rules") {
        match &entry.value.value {
            NodeValue::Table(t) => {
                for rule in &t.entries {
                    let mut setting = RuleSetting {
                        name: rule.key.clone(),
                        name_span: rule.key_span.clone(),
                        level: None,
                        params: Vec::new(),
                    };
                    let level_of = |problems: &mut Problems, node: &node::Node| match &node.value {
                        NodeValue::Str(s) => match Level::parse(s) {
                            Some(level) => Some((level, node.span.clone())),
                            None => {
                                problems.push(
                                    &at,
                                    node.span.clone(),
                                    "not a level",
                                    format!("a rule's level is `off`, `info`, `warning` or `error`, not {}", code(s)),
                                    crate::suggest::hint(s, ["off", "info", "warning", "error"]).map(crate::suggest::did_you_mean),
                                );
                                None
                            }
                        },
                        _ => {
                            problems.wrong_type(&at, &rule.key, node, "a level string or a table");
                            None
                        }
                    };
                    match &rule.value.value {
                        NodeValue::Table(settings) => {
                            for e in &settings.entries {
                                if e.key == "severity" {
                                    setting.level = level_of(problems, &e.value);
                                } else {
                                    setting.params.push(e.clone());
                                }
                            }
                        }
                        _ => setting.level = level_of(problems, &rule.value),
                    }
                    config.rules.push(setting);
                }
            }
            _ => problems.wrong_type(&at, "rules", &entry.value, "a table"),
        }
    }
    Some(config)
}

/// Whether a pack or baseline path named in `orglint.toml` may be read: a
/// regular file (a pack may also be a folder) of at most
/// [`crate::files::NAMED_FILE_LIMIT`] inside the repository. A config comes
/// with the repository it is in, perhaps from a stranger's pull request:
/// it must not make orglint read, and quote into a CI log, a file of the
/// machine (`/etc/shadow`), nor read forever (`/dev/zero`, a FIFO). Nothing
/// of the named file is opened here; a path that does not exist is left to
/// the reader, which says so.
fn named_file_ok(
    problems: &mut Problems,
    at: &Located,
    dir: &Path,
    named: &str,
    span: &Span,
    what: &str,
) -> bool {
    let refuse = |problems: &mut Problems, label: &str, message: String| {
        problems.push(
            at,
            span.clone(),
            label,
            message,
            Some(format!(
                "name a regular file of at most 16 MiB inside the repository, relative to this `orglint.toml`{}",
                if what == "baseline" {
                    "; `--baseline` on the command line may name any file"
                } else {
                    ""
                }
            )),
        );
        false
    };
    let relative = Path::new(named);
    if relative.has_root() || relative.is_absolute() {
        return refuse(
            problems,
            "absolute path",
            format!("the {what} {} is an absolute path", code(named)),
        );
    }
    let base = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    let root = base
        .ancestors()
        .find(|folder| folder.join(".git").exists())
        .unwrap_or(&base)
        .to_path_buf();
    let joined = base.join(relative);
    // Symlinks are resolved, so a link that points out is out too.
    let resolved = joined.canonicalize().unwrap_or_else(|_| lexical(&joined));
    if !resolved.starts_with(&root) {
        return refuse(
            problems,
            "outside the repository",
            format!("the {what} {} is outside the repository", code(named)),
        );
    }
    let Ok(meta) = std::fs::metadata(&resolved) else {
        return true;
    };
    if meta.is_dir() && what == "pack" {
        true
    } else if !meta.is_file() {
        refuse(
            problems,
            "not a regular file",
            format!("the {what} {} is not a regular file", code(named)),
        )
    } else if meta.len() > crate::files::NAMED_FILE_LIMIT {
        refuse(
            problems,
            "too large",
            format!("the {what} {} is larger than 16 MiB", code(named)),
        )
    } else {
        true
    }
}

/// `path` with `.` and `..` resolved by name (for a path that does not
/// exist, which cannot be canonicalised).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn vocabulary_table(
    problems: &mut Problems,
    at: &Located,
    table: &node::Table,
    warnings: &mut Vec<String>,
) -> Vocabulary {
    problems.check_keys(at, table, VOCABULARY_KEYS, "`[vocabulary]`");
    let mut vocabulary = Vocabulary::default();
    let selector_keys = crate::templates::selector::SPECIAL_KEYS;
    let lists: [(&str, &[&str], &mut Vec<String>); 4] = [
        (
            "functions",
            vocabulary::FUNCTIONS,
            &mut vocabulary.functions,
        ),
        ("roles", vocabulary::ROLES, &mut vocabulary.roles),
        (
            "person-fields",
            vocabulary::PERSON_FIELDS,
            &mut vocabulary.person_fields,
        ),
        (
            "team-fields",
            vocabulary::TEAM_FIELDS,
            &mut vocabulary.team_fields,
        ),
    ];
    for (key, builtin, target) in lists {
        let Some(entry) = table.get(key) else {
            continue;
        };
        for (name, span) in strings(problems, at, entry) {
            let field = key.ends_with("-fields");
            let reserved = builtin.contains(&name.as_str())
                || (field
                    && (selector_keys.contains(&name.as_str())
                        || ENTITY_PLACEHOLDERS.contains(&name.as_str())));
            if key == "person-fields" && vocabulary::NEWER_PERSON_FIELDS.contains(&name.as_str()) {
                // Declared before it was built in: the project keeps working,
                // with the built-in meaning.
                warnings.push(format!(
                    "{}:{}: `{name}` in `[vocabulary] person-fields` is now a built-in key of people (see docs/org-format.md); remove it from the list",
                    at.file.path,
                    at.file.position(span.start).line
                ));
            } else if reserved {
                problems.push(
                    at,
                    span,
                    "built in",
                    format!(
                        "{} is already built in, so it cannot be declared in `{key}`",
                        code(&name)
                    ),
                    Some("remove it from the list".to_owned()),
                );
            } else if name.is_empty() {
                problems.push(at, span, "empty", format!("an empty name in `{key}`"), None);
            } else if target.contains(&name) {
                problems.push(
                    at,
                    span,
                    "repeated",
                    format!("{} is listed twice in `{key}`", code(&name)),
                    None,
                );
            } else {
                target.push(name);
            }
        }
    }
    vocabulary
}

/// Reads and parses a config file.
pub fn load(path: &Path, problems: &mut Problems) -> Option<Config> {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    match crate::files::read_source(path) {
        Ok(mut source) => {
            source.path = crate::files::display_found(path);
            parse(Arc::new(source), dir, problems)
        }
        Err(reason) => {
            let file = Arc::new(SourceFile::new(
                crate::files::display_path(path),
                String::new(),
            ));
            let mut d = crate::Diagnostic::unlocated(
                crate::ids::CONFIG_ERROR,
                Severity::Error,
                format!("cannot read `{}`: {reason}", file.path),
            );
            d.help = Some("check the `--config` path".to_owned());
            problems.diagnostics.push((file, d));
            None
        }
    }
}

/// The `orglint.toml` that applies to files in `dir`: in `dir` or the
/// nearest parent, stopping after the first folder that holds `.git`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let start = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for folder in start.ancestors() {
        let candidate = folder.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if folder.join(".git").exists() {
            return None;
        }
    }
    None
}
