//! `include`: which files a root's glob patterns match.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::source::FileSource;
use crate::diagnostic::{Diagnostic, Severity, code};
use crate::source::Span;

/// What a root's patterns matched.
#[derive(Debug, Default)]
pub struct Matched {
    /// The fragments: path relative to the root's folder (with `/`), and
    /// the path to read, in byte order of the relative path.
    pub files: Vec<(String, PathBuf)>,
    /// Problems with the patterns, located in the root.
    pub diagnostics: Vec<Diagnostic>,
    /// Folders that could not be listed, and matched entries that are not
    /// files (a FIFO, a device): (path, reason).
    pub failures: Vec<(PathBuf, String)>,
}

/// Characters that make a path component a glob.
const GLOB_CHARS: &[char] = &['*', '?', '[', ']', '{', '}', '\\'];

/// A pattern that may not be used, and why.
fn misplaced(pattern: &str) -> Option<&'static str> {
    if pattern.trim().is_empty() {
        Some("an empty pattern matches nothing")
    } else if pattern.starts_with('/')
        || pattern.starts_with('\\')
        || Path::new(pattern).is_absolute()
    {
        Some("patterns are relative to the root file's folder, not absolute")
    } else if pattern.split(['/', '\\']).any(|c| c == "..") {
        Some("patterns may not climb out of the root file's folder with `..`")
    } else {
        None
    }
}

/// Compiles `pattern` as `.gitignore` reads a path with a `/`: anchored at
/// the root's folder, `*` within one folder, `**` across folders.
fn compile(pattern: &str) -> Result<globset::GlobMatcher, String> {
    globset::GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

/// The folder to list for a pattern (its leading components without
/// wildcards) and how deep below it the pattern reaches (`None`: any
/// depth, for `**`).
fn reach(pattern: &str) -> (String, Option<usize>) {
    let parts: Vec<&str> = pattern
        .trim_start_matches("./")
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let fixed = parts.iter().take_while(|p| !p.contains(GLOB_CHARS)).count();
    // The last component is the file: a pattern without wildcards names one
    // file, listed from its folder.
    let fixed = fixed.min(parts.len().saturating_sub(1));
    let rest = parts.get(fixed..).unwrap_or_default();
    let depth = if rest.contains(&"**") || rest.iter().any(|p| p.contains("**")) {
        None
    } else {
        Some(rest.len())
    };
    (parts.get(..fixed).unwrap_or_default().join("/"), depth)
}

/// The path of `file` relative to `dir`, with `/`, when it is below it.
fn relative(file: &Path, dir: &Path) -> Option<String> {
    let rest = file.strip_prefix(dir).ok()?;
    Some(match rest.to_str() {
        // The common case, without an allocation per component.
        Some(text) if std::path::MAIN_SEPARATOR == '/' => text.to_owned(),
        _ => {
            let parts: Vec<String> = rest
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.join("/")
        }
    })
}

/// Whether `pattern` matches `rel` (a path relative to the root's folder,
/// with `/`), as [`resolve`] would include it.
pub fn matches(pattern: &str, rel: &str) -> bool {
    let excluded = rel == "orglint.toml" || rel.ends_with("/orglint.toml");
    !excluded && misplaced(pattern).is_none() && compile(pattern).is_ok_and(|m| m.is_match(rel))
}

/// Resolves the patterns of the root at `root` (read from `source`). The
/// root itself and `orglint.toml` files are never fragments.
pub fn resolve(patterns: &[(String, Span)], root: &Path, source: &dyn FileSource) -> Matched {
    let mut matched = Matched::default();
    let dir = root.parent().unwrap_or(Path::new(""));
    // Listed from `.` when the root is in the current folder; read and
    // reported as `dir` joined with the relative path.
    let base = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let root_name = root.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut found: Vec<String> = Vec::new();
    // Listings by folder and depth: patterns that share a folder list it once.
    let mut listings: BTreeMap<(String, Option<usize>), super::source::Listing> = BTreeMap::new();
    for (pattern, span) in patterns {
        if let Some(why) = misplaced(pattern) {
            matched.diagnostics.push(invalid(span, pattern, why));
            continue;
        }
        let matcher = match compile(pattern) {
            Ok(m) => m,
            Err(why) => {
                let why = format!("it is not a valid glob: {why}");
                matched.diagnostics.push(invalid(span, pattern, &why));
                continue;
            }
        };
        let (folder, depth) = reach(pattern);
        let listing = listings
            .entry((folder.clone(), depth))
            .or_insert_with(|| source.list(&base.join(&folder), depth, base));
        let mut hits = 0;
        for path in &listing.files {
            let Some(rel) = relative(path, base) else {
                continue;
            };
            let is_root = !rel.contains('/') && Some(&rel) == root_name.as_ref();
            let is_config = rel == "orglint.toml" || rel.ends_with("/orglint.toml");
            if is_root || is_config || !matcher.is_match(&rel) {
                continue;
            }
            hits += 1;
            found.push(rel);
        }
        for path in &listing.special {
            if relative(path, base).is_some_and(|rel| matcher.is_match(rel)) {
                hits += 1;
                matched
                    .failures
                    .push((path.clone(), "it is not a regular file".to_owned()));
            }
        }
        if hits == 0 {
            let outside = listing
                .outside
                .iter()
                .filter(|p| relative(p, base).is_some_and(|r| matcher.is_match(r)))
                .count();
            matched.diagnostics.push(empty(span, pattern, dir, outside));
        }
    }
    for listing in listings.into_values() {
        matched.failures.extend(listing.failures);
    }
    // Byte order of the relative paths; a file matched by several patterns
    // is read once (as a FIFO matched twice is reported once).
    found.sort_unstable();
    found.dedup();
    matched.failures.sort();
    matched.failures.dedup();
    matched.files = found
        .into_iter()
        .map(|rel| {
            let path = dir.join(&rel);
            (rel, path)
        })
        .collect();
    matched
}

fn invalid(span: &Span, pattern: &str, why: &str) -> Diagnostic {
    Diagnostic::at(
        crate::ids::INVALID_FIELD,
        Severity::Error,
        span.clone(),
        "not a usable pattern",
        format!("the `include` pattern {} cannot be used: {why}", code(pattern)),
    )
    .with_help("write a glob relative to the root file's folder, such as `people/*.toml` or `teams/**/*.toml`")
    .with_key(format!("include:{pattern}"))
}

fn empty(span: &Span, pattern: &str, dir: &Path, outside: usize) -> Diagnostic {
    let folder = if dir.as_os_str().is_empty() {
        "the current folder".to_owned()
    } else {
        code(&crate::files::display_path(dir))
    };
    let mut help = format!(
        "check the pattern: it is matched against paths relative to {folder}; remove it if nothing is meant to match"
    );
    if outside > 0 {
        help.push_str(&format!(
            "; {} that point out of the root file's folder {} not followed",
            crate::text::plural(outside, "symlink"),
            if outside == 1 { "was" } else { "were" }
        ));
    }
    Diagnostic::at(
        crate::ids::EMPTY_INCLUDE,
        Severity::Warning,
        span.clone(),
        "matches no file",
        format!("the `include` pattern {} matches no file", code(pattern)),
    )
    .with_help(help)
    .with_key(format!("include:{pattern}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_reaches_from_its_fixed_folder() {
        assert_eq!(reach("people/*.toml"), ("people".to_owned(), Some(1)));
        assert_eq!(reach("people/**/*.toml"), ("people".to_owned(), None));
        assert_eq!(reach("*.toml"), (String::new(), Some(1)));
        assert_eq!(reach("teams/core.toml"), ("teams".to_owned(), Some(1)));
        assert_eq!(reach("./a/b/*/c.toml"), ("a/b".to_owned(), Some(2)));
    }

    #[test]
    fn patterns_stay_in_the_folder() {
        assert!(misplaced("../x/*.toml").is_some());
        assert!(misplaced("people/../../x.toml").is_some());
        assert!(misplaced("/etc/*.toml").is_some());
        assert!(misplaced("").is_some());
        assert!(misplaced("people/*.toml").is_none());
    }

    #[test]
    fn stars_stay_in_one_folder_and_double_stars_cross_them() {
        let one = compile("people/*.toml").unwrap();
        assert!(one.is_match("people/ada.toml"));
        assert!(!one.is_match("people/a/ada.toml"));
        let any = compile("people/**/*.toml").unwrap();
        assert!(any.is_match("people/a/ada.toml"));
        assert!(any.is_match("people/ada.toml"));
        assert!(compile("people/[a.toml").is_err());
    }
}
