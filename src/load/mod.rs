//! Loading an org: its root file and, when the root's `[org]` has
//! `include` patterns, the fragments they match (an org of many files).
//!
//! The files are joined into one text, the root first and then the
//! fragments in byte order of their paths, each parsed on its own with its
//! spans placed in the joined text. Everything after loading (the model,
//! the rules, suppressions) sees one org in one text, as the format says:
//! "as if it were one file". [`LoadedOrg::split`] then gives each
//! diagnostic back to the file that holds its location.

pub mod git;
pub mod include;
pub mod root;
pub mod source;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use source::{FileSource, FsSource, NoFiles, Overlay};

use crate::FileReport;
use crate::diagnostic::{Diagnostic, Label, Severity, code};
use crate::org::ParsedOrg;
use crate::source::SourceFile;
use crate::vocabulary::Vocabulary;

/// Whether a file found in a folder is an org file (a root, with or
/// without fragments): `org.toml` or `*.org.toml`.
pub fn is_org_file(name: &str) -> bool {
    name == "org.toml" || (name.ends_with(".org.toml") && name.len() > ".org.toml".len())
}

/// One file of a loaded org.
#[derive(Debug)]
pub struct Part {
    /// The path as reported.
    pub name: String,
    /// The path it was read from.
    pub path: PathBuf,
    /// Its text in the joined text.
    pub range: Range<usize>,
    /// Whether it started with a byte order mark.
    pub bom: bool,
}

/// What a file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// It has `[org]`: an org of its own, maybe with fragments.
    Root,
    /// It has no `[org]`: a fragment of some root, or a broken org file.
    NoOrg,
    /// It is not valid TOML: nobody can tell.
    Unknown,
}

/// An org read from its root file and its fragments.
#[derive(Debug)]
pub struct LoadedOrg {
    /// The joined text: the root, then each fragment.
    pub text: Arc<SourceFile>,
    /// The files, the root first.
    pub parts: Vec<Part>,
    /// The org, `None` when the root is not valid TOML.
    pub parsed: Option<ParsedOrg>,
    /// What loading found (syntax errors, fragment problems,
    /// `duplicate-id`, `include` problems), located in the joined text.
    pub diagnostics: Vec<Diagnostic>,
    /// Files and folders that could not be read: (path, reason).
    pub failures: Vec<(String, String)>,
    /// What the root file turned out to be.
    pub role: Role,
}

/// The largest joined text: spans are kept in 32 bits.
const MAX_JOINED: usize = u32::MAX as usize;

/// Loads the org whose root file is `root`, read from `path`; fragments
/// come from `files`.
pub fn load(
    root: SourceFile,
    path: &Path,
    vocabulary: &Vocabulary,
    files: &dyn FileSource,
) -> LoadedOrg {
    let part = Part {
        name: root.path.clone(),
        path: path.to_path_buf(),
        range: 0..root.text().len(),
        bom: root.has_bom(),
    };
    let (parsed, diagnostics, role) = match crate::parse::parse(root.text(), vocabulary) {
        Ok((parsed, diagnostics)) => {
            let role = if parsed.section.header.is_some() {
                Role::Root
            } else {
                Role::NoOrg
            };
            (Some(parsed), diagnostics, role)
        }
        Err(syntax) => (None, vec![syntax], Role::Unknown),
    };
    let mut org = LoadedOrg {
        text: Arc::new(root),
        parts: vec![part],
        parsed,
        diagnostics,
        failures: Vec::new(),
        role,
    };
    let patterns = org
        .parsed
        .as_mut()
        .and_then(|p| p.section.include.take())
        .unwrap_or_default();
    if !patterns.is_empty() {
        org.include(&patterns, vocabulary, files);
    }
    org
}

/// A fragment as read.
enum Read {
    Text(String, bool),
    Undecodable(String, Box<Diagnostic>),
    Failed(String),
}

fn read_fragment(files: &dyn FileSource, path: &Path) -> Read {
    match files.read(path) {
        Err(reason) => Read::Failed(reason),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut text) => {
                let bom = text.starts_with('\u{feff}');
                if bom {
                    text.replace_range(..'\u{feff}'.len_utf8(), "");
                }
                Read::Text(text, bom)
            }
            Err(err) => match SourceFile::decode(String::new(), err.into_bytes()) {
                Err((lossy, err)) => Read::Undecodable(
                    lossy.text().to_owned(),
                    Box::new(
                        Diagnostic::at(
                            crate::ids::TOML_SYNTAX,
                            Severity::Error,
                            err.span,
                            "not UTF-8",
                            err.message,
                        )
                        .with_help("save the file as UTF-8"),
                    ),
                ),
                Ok(source) => Read::Text(source.text().to_owned(), source.has_bom()),
            },
        },
    }
}

impl LoadedOrg {
    /// Reads and parses the fragments that `patterns` match, and adds them.
    fn include(
        &mut self,
        patterns: &[(String, crate::source::Span)],
        vocabulary: &Vocabulary,
        files: &dyn FileSource,
    ) {
        use rayon::prelude::*;

        let Some(root_path) = self.parts.first().map(|p| p.path.clone()) else {
            return;
        };
        let mut matched = include::resolve(patterns, &root_path, files);
        self.diagnostics.append(&mut matched.diagnostics);
        for (path, reason) in matched.failures {
            self.failures
                .push((crate::files::display_path(&path), reason));
        }
        if matched.files.is_empty() {
            return;
        }
        let read: Vec<Read> = matched
            .files
            .par_iter()
            .map(|(_, path)| read_fragment(files, path))
            .collect();
        let mut joined = String::with_capacity(
            self.text.text().len()
                + read
                    .iter()
                    .map(|r| match r {
                        Read::Text(t, _) | Read::Undecodable(t, _) => t.len() + 2,
                        Read::Failed(_) => 0,
                    })
                    .sum::<usize>()
                + 2,
        );
        joined.push_str(self.text.text());
        separate(&mut joined);
        // Fragments that are parsed: their index in `parts`.
        let mut to_parse = Vec::new();
        for ((_, path), read) in matched.files.into_iter().zip(read) {
            let name = crate::files::display_path(&path);
            let (text, bom, undecodable) = match read {
                Read::Failed(reason) => {
                    self.failures.push((name, reason));
                    continue;
                }
                Read::Text(text, bom) => (text, bom, None),
                Read::Undecodable(text, diagnostic) => (text, false, Some(diagnostic)),
            };
            if joined.len() + text.len() + 2 > MAX_JOINED {
                self.failures.push((
                    name,
                    "the org's files together are larger than 4 GiB; this one and the rest were not read"
                        .to_owned(),
                ));
                break;
            }
            let start = joined.len();
            joined.push_str(&text);
            let range = start..joined.len();
            separate(&mut joined);
            match undecodable {
                // Its text is shown, never parsed: it contributes nothing.
                Some(mut diagnostic) => {
                    diagnostic.shift(start);
                    self.diagnostics.push(*diagnostic);
                }
                None => to_parse.push(self.parts.len()),
            }
            self.parts.push(Part {
                name,
                path,
                range,
                bom,
            });
        }
        let starts = self.parts.iter().map(|p| p.range.start).collect();
        let text = SourceFile::joined(self.text.path.clone(), joined, starts);
        let ranges: Vec<Range<usize>> = to_parse
            .iter()
            .filter_map(|&i| self.parts.get(i).map(|p| p.range.clone()))
            .collect();
        let parse = |range: &Range<usize>| {
            crate::parse::parse_fragment(text.text(), range.clone(), vocabulary)
        };
        // A handful of fragments is parsed faster than threads start.
        let parsed: Vec<_> = if ranges.len() < 8 {
            ranges.iter().map(parse).collect()
        } else {
            ranges.par_iter().map(parse).collect()
        };
        self.text = Arc::new(text);
        self.merge(parsed);
    }

    /// Adds the parsed fragments to the root's org, in file order; an id
    /// already defined is a `duplicate-id` and the later one is ignored.
    fn merge(&mut self, fragments: Vec<Result<(ParsedOrg, Vec<Diagnostic>), Diagnostic>>) {
        use std::collections::HashMap;
        let Some(org) = self.parsed.as_mut() else {
            return;
        };
        // Grown once: doubling a vector of 100,000 people would hold two
        // copies at its peak.
        let (people_n, teams_n) = fragments
            .iter()
            .filter_map(|f| f.as_ref().ok())
            .fold((0, 0), |(p, t), (f, _)| {
                (p + f.people.len(), t + f.teams.len())
            });
        org.people.reserve_exact(people_n);
        org.teams.reserve_exact(teams_n);
        let mut people: HashMap<String, crate::source::Span> = org
            .people
            .iter()
            .map(|p| (p.entity.id.clone(), p.entity.header.clone()))
            .collect();
        let mut teams: HashMap<String, crate::source::Span> = org
            .teams
            .iter()
            .map(|t| (t.entity.id.clone(), t.entity.header.clone()))
            .collect();
        for fragment in fragments {
            let (mut parsed, diagnostics) = match fragment {
                Ok(parsed) => parsed,
                Err(syntax) => {
                    self.diagnostics.push(syntax);
                    continue;
                }
            };
            self.diagnostics.extend(diagnostics);
            // A fragment's tables are sorted by id; the duplicates of one
            // fragment are reported in file order.
            parsed.people.sort_by_key(|p| p.entity.header.start);
            parsed.teams.sort_by_key(|t| t.entity.header.start);
            for person in parsed.people {
                match people.get(&person.entity.id) {
                    Some(first) => self.diagnostics.push(duplicate(&person.entity, first)),
                    None => {
                        people.insert(person.entity.id.clone(), person.entity.header.clone());
                        org.people.push(person);
                    }
                }
            }
            for team in parsed.teams {
                match teams.get(&team.entity.id) {
                    Some(first) => self.diagnostics.push(duplicate(&team.entity, first)),
                    None => {
                        teams.insert(team.entity.id.clone(), team.entity.header.clone());
                        org.teams.push(team);
                    }
                }
            }
            org.misspelled.extend(parsed.misspelled);
        }
        crate::parse::tree::sort_by_name(&mut org.people, |p| &p.entity.id);
        crate::parse::tree::sort_by_name(&mut org.teams, |t| &t.entity.id);
    }

    /// The part that holds `offset` of the joined text.
    fn part_of(&self, offset: usize) -> usize {
        self.parts
            .partition_point(|p| p.range.start <= offset)
            .saturating_sub(1)
    }

    /// Gives each diagnostic (located in the joined text) to the file that
    /// holds its primary location, with labels in other files marked so.
    /// One report per file with diagnostics, and always the root's, in
    /// byte order of their paths; `omitted` is counted on the root.
    pub fn split(&self, diagnostics: Vec<Diagnostic>, omitted: usize) -> Vec<FileReport> {
        if self.parts.len() < 2 {
            return vec![FileReport {
                source: self.text.clone(),
                diagnostics,
                omitted,
                org: None,
            }];
        }
        let mut sources: Vec<Option<Arc<SourceFile>>> = vec![None; self.parts.len()];
        let mut lists: Vec<Vec<Diagnostic>> = vec![Vec::new(); self.parts.len()];
        let root = self.text.path.clone();
        for mut d in diagnostics {
            let at = d.span.as_ref().map_or(0, |s| self.part_of(s.start));
            let base = self.parts.get(at).map_or(0, |p| p.range.start);
            let local = |s: &crate::source::Span| s.start - base..s.end.saturating_sub(base);
            if let Some(span) = &mut d.span {
                *span = local(span);
            }
            for label in d.labels.iter_mut().filter(|l| l.file.is_none()) {
                let other = self.part_of(label.span.start);
                if other == at {
                    label.span = local(&label.span);
                } else {
                    let other_base = self.parts.get(other).map_or(0, |p| p.range.start);
                    *label = Label {
                        span: label.span.start - other_base..label.span.end - other_base,
                        message: std::mem::take(&mut label.message),
                        file: Some(self.source_of(other, &mut sources)),
                    };
                }
            }
            if let Some(fix) = &mut d.fix {
                if fix.edits.iter().all(|e| self.part_of(e.span.start) == at) {
                    for edit in &mut fix.edits {
                        edit.span = local(&edit.span);
                    }
                } else {
                    d.fix = None;
                }
            }
            if let Some(list) = lists.get_mut(at) {
                list.push(d);
            }
        }
        let mut reports = Vec::new();
        for (i, list) in lists.into_iter().enumerate() {
            if i != 0 && list.is_empty() {
                continue;
            }
            reports.push(FileReport {
                source: self.source_of(i, &mut sources),
                diagnostics: list,
                omitted: if i == 0 { omitted } else { 0 },
                org: Some(root.clone()),
            });
        }
        reports.sort_by(|a, b| a.source.path.cmp(&b.source.path));
        reports
    }

    /// The text of one part, as its own file (made once).
    fn source_of(&self, i: usize, made: &mut [Option<Arc<SourceFile>>]) -> Arc<SourceFile> {
        if let Some(Some(source)) = made.get(i) {
            return source.clone();
        }
        let source = Arc::new(match self.parts.get(i) {
            Some(part) => {
                let text = self.text.text().get(part.range.clone()).unwrap_or_default();
                let text = if part.bom {
                    format!("\u{feff}{text}")
                } else {
                    text.to_owned()
                };
                SourceFile::new(part.name.clone(), text)
            }
            None => SourceFile::new(self.text.path.clone(), String::new()),
        });
        if let Some(slot) = made.get_mut(i) {
            *slot = Some(source.clone());
        }
        source
    }

    /// The paths of the fragments (not the root), as read.
    pub fn fragments(&self) -> impl Iterator<Item = &Path> {
        self.parts.iter().skip(1).map(|p| p.path.as_path())
    }
}

/// Ends a file in the joined text with a blank line: no comment block runs
/// from one file into the next.
fn separate(joined: &mut String) {
    if !joined.ends_with('\n') {
        joined.push('\n');
    }
    joined.push('\n');
}

fn duplicate(entity: &crate::org::Entity, first: &crate::source::Span) -> Diagnostic {
    let kind = entity.kind.as_str();
    Diagnostic::at(
        crate::ids::DUPLICATE_ID,
        Severity::Error,
        entity.header.clone(),
        "defined again here",
        format!("the {kind} id {} is defined in two files", code(&entity.id)),
    )
    .with_label(first.clone(), "first defined here")
    .with_help("keep one definition: this later one is ignored")
    .about(Some(entity.to_ref()))
}
