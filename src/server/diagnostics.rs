//! Linting an org as `orglint check` does, from the editor's unsaved text,
//! and publishing its diagnostics file by file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::Linter;
use crate::load::FileSource;
use crate::load::source::normal;
use crate::source::SourceFile;

use super::navigate::Nav;
use super::position::{LineIndex, uri_of};
use super::state::{Built, Placed, Published, State, place};

/// Lints every org marked dirty; returns what to publish.
pub fn flush(state: &mut State) -> Vec<PublishDiagnosticsParams> {
    let mut out = Vec::new();
    if state.dirty.is_empty() {
        return out;
    }
    // A document that turns out to belong to another org is linted on the
    // next pass; three passes settle any chain of moves.
    for _ in 0..3 {
        let dirty = std::mem::take(&mut state.dirty);
        if dirty.is_empty() {
            break;
        }
        for target in dirty {
            lint(state, &target, 0, &mut out);
        }
    }
    state.dirty.clear();
    config_problems(state, &mut out);
    out
}

fn folder(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Lints the org of `target` (a root, or a document to place in one).
fn lint(state: &mut State, target: &Path, depth: usize, out: &mut Vec<PublishDiagnosticsParams>) {
    if state.is_config(target) {
        // A configuration (or pack) open on its own: building its linter
        // finds its problems, published with the others.
        let _ = state.linter_for(&folder(target));
        return;
    }
    let linter = match state.linter_for(&folder(target)) {
        (_, Built::Ready(linter)) => linter,
        (config, Built::Broken(_)) => {
            not_linted(state, target, config.as_deref(), out);
            return;
        }
    };
    let placed = {
        let files = state.files();
        files
            .read(target)
            .ok()
            .map(|bytes| place(&linter, target, bytes, &files))
    };
    let Some(placed) = placed else {
        forget(state, target, out);
        return;
    };
    let (org, nearby) = match placed {
        Placed::Org(org, nearby) => (org, nearby),
        Placed::Fragment(root) if depth < 2 && root != target => {
            if state.docs.contains_key(target) {
                state.root_of.insert(target.to_path_buf(), root.clone());
            }
            lint(state, &root, depth + 1, out);
            return;
        }
        Placed::Fragment(_) | Placed::Nothing => {
            forget(state, target, out);
            return;
        }
    };
    lint_org(state, target, &linter, *org, nearby, out);
}

/// Lints a loaded org and publishes its diagnostics in every file.
fn lint_org(
    state: &mut State,
    root: &Path,
    linter: &Arc<Linter>,
    mut org: crate::load::LoadedOrg,
    nearby: Option<PathBuf>,
    out: &mut Vec<PublishDiagnosticsParams>,
) {
    let (mut diagnostics, omitted, model) = linter.lint_loaded(&mut org);
    if let Some(nearby) = nearby {
        crate::run::name_nearby_root(&mut diagnostics, &nearby);
    }
    let header = model.as_ref().and_then(|m| m.org.section.header.clone());
    let valid = model.is_some()
        && !diagnostics
            .iter()
            .any(|d| d.rule == crate::ids::TOML_SYNTAX);
    let mut reports = org.split(diagnostics, omitted);
    let root_name = root.to_string_lossy().into_owned();
    for (name, reason) in std::mem::take(&mut org.failures) {
        if let Some(report) = reports.iter_mut().find(|r| r.source.path == root_name) {
            report.diagnostics.push(
                Diagnostic::unlocated(
                    crate::ids::IO_ERROR,
                    Severity::Error,
                    format!("cannot read `{name}`: {reason}"),
                )
                .with_help("check the path and its permissions"),
            );
        }
    }
    if let Some(path) = &linter.baseline
        && let Ok(baseline) = crate::baseline::Baseline::load(path)
    {
        baseline.apply(reports.iter_mut(), linter.as_of);
    }
    let names: HashMap<String, PathBuf> = org
        .parts
        .iter()
        .map(|p| (p.name.clone(), normal(&p.path)))
        .collect();
    let parts: Vec<(PathBuf, std::ops::Range<usize>)> = org
        .parts
        .iter()
        .map(|p| (normal(&p.path), p.range.clone()))
        .collect();
    let root = normal(root);
    // What was published when a file of this org was linted on its own
    // (under a broken configuration, or before it was included) is gone.
    for (path, _) in parts.iter().skip(1) {
        forget(state, path, out);
    }
    // Documents that left this org are placed again.
    let left: Vec<PathBuf> = state
        .root_of
        .iter()
        .filter(|(doc, r)| **r == root && !parts.iter().any(|(p, _)| p == *doc))
        .map(|(doc, _)| doc.clone())
        .collect();
    for doc in left {
        state.root_of.remove(&doc);
        state.dirty.insert(doc);
    }
    for (path, _) in &parts {
        if state.docs.contains_key(path) {
            state.root_of.insert(path.clone(), root.clone());
        }
    }
    // Open documents always hear back, diagnostics or not, so that a
    // client waiting on a version is answered.
    for (path, _) in &parts {
        if state.docs.contains_key(path)
            && !reports
                .iter()
                .any(|r| names.get(&r.source.path) == Some(path))
        {
            let source = state
                .docs
                .get(path)
                .map(|d| d.text.clone())
                .unwrap_or_default();
            reports.push(crate::FileReport {
                source: Arc::new(SourceFile::new(path.to_string_lossy().into_owned(), source)),
                diagnostics: Vec::new(),
                omitted: 0,
                org: Some(root_name.clone()),
            });
        }
    }
    let entry = state.orgs.entry(root.clone()).or_default();
    entry.files = parts.iter().map(|(p, _)| p.clone()).collect();
    entry.linter = Some(linter.clone());
    // A first text with a syntax error still gives what it can (the other
    // files' people); after that, only a valid text replaces it.
    if (valid || entry.nav.is_none())
        && let Some(model) = model
    {
        let old = entry.nav.replace(Arc::new(Nav {
            model,
            text: org.text.clone(),
            parts,
        }));
        // A large org's model is many small allocations: freeing them on
        // another thread keeps it out of the time to publish.
        if let Some(old) = old
            && old.model.org.people.len() >= 1_000
        {
            let _ = std::thread::Builder::new().spawn(move || drop(old));
        }
    }
    let old = std::mem::take(&mut entry.published);
    let mut now = BTreeSet::new();
    for report in reports {
        let path = names
            .get(&report.source.path)
            .cloned()
            .unwrap_or_else(|| normal(Path::new(&report.source.path)));
        let bom = state
            .docs
            .get(&path)
            .is_some_and(|d| d.text.starts_with('\u{feff}'));
        let index = LineIndex::new(report.source.text(), bom);
        let header = if path == root { header.clone() } else { None };
        let converted = report
            .diagnostics
            .iter()
            .map(|d| {
                super::convert::to_lsp(d, &report.source, &index, header.as_ref(), &names, linter)
            })
            .collect();
        if let Some(params) = publish(state, &path, converted) {
            out.push(params);
        }
        now.insert(path.clone());
        state.files.insert(
            path,
            Published {
                root: root.clone(),
                identity: report.identity().to_owned(),
                source: report.source,
                index,
                diagnostics: report.diagnostics,
            },
        );
    }
    for gone in old.difference(&now) {
        state.files.remove(gone);
        out.extend(publish(state, gone, Vec::new()));
    }
    if let Some(entry) = state.orgs.get_mut(&root) {
        entry.published = now;
    }
}

/// The notification that sets a file's diagnostics.
fn publish(
    state: &State,
    path: &Path,
    diagnostics: Vec<lsp_types::Diagnostic>,
) -> Option<PublishDiagnosticsParams> {
    Some(PublishDiagnosticsParams {
        uri: uri_of(path)?,
        diagnostics,
        version: state.docs.get(path).map(|d| d.version),
    })
}

/// Clears everything published for the org rooted at `target`.
pub fn forget(state: &mut State, target: &Path, out: &mut Vec<PublishDiagnosticsParams>) {
    let Some(org) = state.orgs.remove(target) else {
        return;
    };
    for path in org.published {
        state.files.remove(&path);
        out.extend(publish(state, &path, Vec::new()));
    }
}

/// An org under a broken configuration: one diagnostic that says so, the
/// configuration's own problems being published in its files.
fn not_linted(
    state: &mut State,
    target: &Path,
    config: Option<&Path>,
    out: &mut Vec<PublishDiagnosticsParams>,
) {
    forget(state, target, out);
    let name = config.map_or_else(String::new, crate::files::display_found);
    let mut d = lsp_types::Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(crate::ids::CONFIG_ERROR.to_owned())),
        source: Some("orglint".to_owned()),
        message: format!("not linted: `{name}` has problems\nhelp: fix them there"),
        ..Default::default()
    };
    if let Some(location) = config.and_then(uri_of).map(|uri| Location {
        uri,
        range: lsp_types::Range::default(),
    }) {
        d.related_information = Some(vec![DiagnosticRelatedInformation {
            location,
            message: "the configuration".to_owned(),
        }]);
    }
    out.extend(publish(state, target, vec![d]));
    let org = state.orgs.entry(target.to_path_buf()).or_default();
    org.published.insert(target.to_path_buf());
}

/// Publishes the problems of every broken configuration in their files
/// (the config, its packs), and clears the files that no longer have any.
fn config_problems(state: &mut State, out: &mut Vec<PublishDiagnosticsParams>) {
    let mut by_file: BTreeMap<PathBuf, (Arc<SourceFile>, Vec<Diagnostic>)> = BTreeMap::new();
    for built in state.built.values() {
        if let Built::Broken(problems) = built {
            for (file, d) in problems {
                let entry = by_file
                    .entry(normal(Path::new(&file.path)))
                    .or_insert_with(|| (file.clone(), Vec::new()));
                if !entry
                    .1
                    .iter()
                    .any(|e| e.span == d.span && e.message == d.message)
                {
                    entry.1.push(d.clone());
                }
            }
        }
    }
    let now: BTreeSet<PathBuf> = by_file.keys().cloned().collect();
    for (path, (file, diagnostics)) in &by_file {
        let index = LineIndex::new(file.text(), false);
        let converted = diagnostics
            .iter()
            .map(|d| {
                super::convert::to_lsp(d, file, &index, None, &HashMap::new(), &default_linter())
            })
            .collect();
        out.extend(publish(state, path, converted));
    }
    for gone in state.config_published.difference(&now) {
        out.extend(publish(state, gone, Vec::new()));
    }
    state.config_published = now;
}

/// The default linter, built once: config problems link to no rule page,
/// but the built-in rules are known to it.
fn default_linter() -> Arc<Linter> {
    static DEFAULT: std::sync::OnceLock<Arc<Linter>> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(|| Arc::new(Linter::default())).clone()
}
