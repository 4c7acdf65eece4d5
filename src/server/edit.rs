//! Editing: completion, code actions (fixes, suppressions, the baseline)
//! and renaming a person.

// `WorkspaceEdit` keys its changes by `Uri`, whose parsed form caches
// data inside; its hash and equality are those of its text, which never
// changes.
#![allow(clippy::mutable_key_type)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Position, Range, TextEdit, Uri,
    WorkspaceEdit,
};

use crate::diagnostic::{Diagnostic, FixSafety};
use crate::source::Span;

use super::navigate::{Hit, Nav};
use super::position::{LineIndex, path_of};
use super::state::State;

/// The command of "add to baseline".
pub const ADD_TO_BASELINE: &str = "orglint.addToBaseline";

/// The code actions for the diagnostics on `range`: every fix (safe or
/// unsafe, marked so), a suppression with a reason, and "add to baseline"
/// when the configuration names one.
pub fn code_actions(state: &State, uri: &Uri, range: Range) -> Vec<CodeActionOrCommand> {
    let Some(path) = path_of(uri) else {
        return Vec::new();
    };
    let Some(published) = state.files.get(&path) else {
        return Vec::new();
    };
    let org = state.orgs.get(&published.root);
    let nav = org.and_then(|o| o.nav.clone());
    let linter = org.and_then(|o| o.linter.clone());
    let text = published.source.text();
    let index = &published.index;
    let mut actions = Vec::new();
    for (i, d) in published.diagnostics.iter().enumerate() {
        let header = nav
            .as_ref()
            .filter(|_| path == published.root)
            .and_then(|n| n.model.org.section.header.clone());
        let span = d.span.clone().or(header.clone()).unwrap_or(0..0);
        let lines = index.line_of(span.start)..=index.line_of(span.end);
        if *lines.end() < range.start.line as usize || *lines.start() > range.end.line as usize {
            continue;
        }
        let lsp = linter.as_ref().map(|l| {
            super::convert::to_lsp(
                d,
                &published.source,
                index,
                header.as_ref(),
                &HashMap::new(),
                l,
            )
        });
        let action = |title: String,
                      edit: Option<WorkspaceEdit>,
                      command: Option<Command>,
                      preferred: bool| {
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: lsp.clone().map(|l| vec![l]),
                edit,
                command,
                is_preferred: Some(preferred),
                ..Default::default()
            })
        };
        if let Some(fix) = &d.fix {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: index.range(text, &e.span),
                    new_text: e.replacement.clone(),
                })
                .collect();
            let title = match fix.safety {
                FixSafety::Safe => format!("Fix: {}", fix.message),
                FixSafety::Unsafe => format!("Fix (unsafe): {}", fix.message),
            };
            actions.push(action(
                title,
                Some(one_file(uri, edits)),
                None,
                fix.safety == FixSafety::Safe,
            ));
        }
        if !crate::ids::is_locked(&d.rule)
            && !crate::ids::is_run_failure(&d.rule)
            && let Some(edit) = suppression(d, &path, uri, text, index, nav.as_deref())
        {
            let title = format!("Suppress `{}` here, with a reason", d.rule);
            actions.push(action(title, Some(edit), None, false));
        }
        if let Some(baseline) = linter.as_ref().and_then(|l| l.baseline.clone())
            && !crate::ids::is_run_failure(&d.rule)
        {
            let command = Command {
                title: "Add to the baseline".to_owned(),
                command: ADD_TO_BASELINE.to_owned(),
                arguments: Some(vec![serde_json::json!({
                    "uri": uri.as_str(), "index": i, "rule": d.rule,
                })]),
            };
            let title = format!(
                "Add to the baseline `{}`",
                crate::files::display_found(&baseline)
            );
            actions.push(action(title, None, Some(command), false));
        }
    }
    actions
}

fn one_file(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

/// The comment that suppresses `d`: above its entity's header (in whatever
/// file), above `[org]` for a diagnostic about no entity and no place, else
/// at the end of its line.
fn suppression(
    d: &Diagnostic,
    path: &Path,
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    nav: Option<&Nav>,
) -> Option<WorkspaceEdit> {
    let comment = format!(
        "# orglint: allow({}) -- TODO: say why this is deliberate",
        d.rule
    );
    let above = |span: &Span| -> Option<WorkspaceEdit> {
        let nav = nav?;
        let location = nav.location(span)?;
        let (_, local, file_text) = nav.located(span)?;
        let line_start = file_text
            .get(..local.start)?
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let indent: String = file_text
            .get(line_start..)?
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let at = Position::new(location.range.start.line, 0);
        Some(one_file(
            &location.uri,
            vec![TextEdit {
                range: Range::new(at, at),
                new_text: format!("{indent}{comment}\n"),
            }],
        ))
    };
    match (&d.entity, &d.span) {
        (Some(entity), _) => {
            let nav_ref = nav?;
            let header = match entity.kind {
                crate::EntityKind::Person => nav_ref.person(&entity.id)?.entity.header.clone(),
                crate::EntityKind::Team => nav_ref
                    .model
                    .org
                    .teams
                    .iter()
                    .find(|t| t.entity.id == entity.id)?
                    .entity
                    .header
                    .clone(),
                crate::EntityKind::Vacancy => nav_ref
                    .model
                    .org
                    .vacancies
                    .iter()
                    .find(|v| v.entity.id == entity.id)?
                    .entity
                    .header
                    .clone(),
            };
            above(&header)
        }
        (None, None) => above(&nav?.model.org.section.header.clone()?),
        (None, Some(span)) => {
            let line = index.line_of(span.start);
            let start = index.line_start(line, text);
            let end = text
                .get(start..)?
                .find('\n')
                .map_or(text.len(), |i| start + i);
            let line_text = text.get(start..end)?.trim_end_matches('\r');
            if line_text.contains('#') {
                return None;
            }
            let at = index.position(text, start + line_text.len());
            let _ = path;
            Some(one_file(
                uri,
                vec![TextEdit {
                    range: Range::new(at, at),
                    new_text: format!("  {comment}"),
                }],
            ))
        }
    }
}

/// Runs "add to baseline": records the diagnostic in the configuration's
/// baseline; the org is linted again, without it.
pub fn add_to_baseline(state: &mut State, argument: &serde_json::Value) -> Result<(), String> {
    let uri = argument
        .get("uri")
        .and_then(|u| u.as_str())
        .unwrap_or_default();
    let index = argument
        .get("index")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(u64::MAX);
    let rule = argument
        .get("rule")
        .and_then(|r| r.as_str())
        .unwrap_or_default();
    let path = uri
        .parse::<Uri>()
        .ok()
        .and_then(|u| path_of(&u))
        .ok_or_else(|| format!("not a file: `{uri}`"))?;
    let published = state
        .files
        .get(&path)
        .ok_or("the file has no diagnostics")?;
    let d = usize::try_from(index)
        .ok()
        .and_then(|i| published.diagnostics.get(i))
        .filter(|d| d.rule == rule)
        .ok_or("the diagnostic has changed since: ask for the action again")?;
    let linter = state
        .orgs
        .get(&published.root)
        .and_then(|o| o.linter.clone())
        .ok_or("the org is not linted")?;
    let baseline = linter
        .baseline
        .clone()
        .ok_or("the configuration names no baseline")?;
    let report = crate::FileReport {
        source: Arc::clone(&published.source),
        diagnostics: Vec::new(),
        omitted: 0,
        org: Some(published.identity.clone()),
    };
    crate::baseline::add(&baseline, &report, d).map_err(|why| {
        format!(
            "cannot write the baseline `{}`: {why}",
            crate::files::display_found(&baseline)
        )
    })?;
    let root = published.root.clone();
    state.dirty.insert(root);
    Ok(())
}

/// Where a rename can start: a person's id in a header or a reference.
fn renamable(state: &State, uri: &Uri, position: Position) -> Option<(Arc<Nav>, String, Span)> {
    let path = path_of(uri)?;
    let nav = state.org_of(&path)?.nav.clone()?;
    let text = state.text_of(&path)?;
    let local = LineIndex::new(&text, false).offset(&text, position);
    let hit = nav.at(nav.joined(&path, local)?)?;
    let (id, span) = match hit {
        Hit::Reference(id, span) => (id, span),
        Hit::Person(id, header) => {
            let span = nav.id_in_header(&header, &id)?;
            (id, span)
        }
        Hit::Team(..) => return None,
    };
    nav.person(&id)?;
    Some((nav, id, span))
}

/// The range and text a rename starts from.
pub fn prepare_rename(state: &State, uri: &Uri, position: Position) -> Option<Range> {
    let (nav, _, span) = renamable(state, uri, position)?;
    nav.location(&span).map(|l| l.range)
}

/// Renames a person: the id in its header and every `reports-to`, `lead`
/// and `members` naming it, in every file of the org.
pub fn rename(
    state: &State,
    uri: &Uri,
    position: Position,
    new: &str,
) -> Result<WorkspaceEdit, String> {
    let (nav, id, _) = renamable(state, uri, position)
        .ok_or("only a person's id can be renamed, in its header or where it is named")?;
    if !crate::parse::is_valid_id(new) {
        return Err(format!(
            "`{new}` is not a valid id: ids are lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit"
        ));
    }
    if new != id && nav.person(new).is_some() {
        return Err(format!("`{new}` is already the id of a person"));
    }
    let person = nav.person(&id).ok_or("no such person")?;
    let mut spans: Vec<Span> = nav
        .id_in_header(&person.entity.header, &id)
        .into_iter()
        .collect();
    spans.extend(nav.references(&id));
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for span in spans {
        let (Some(original), Some(location)) =
            (nav.text.text().get(span.clone()), nav.location(&span))
        else {
            continue;
        };
        changes.entry(location.uri).or_default().push(TextEdit {
            range: location.range,
            new_text: crate::parse::requote(original, new),
        });
    }
    Ok(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    })
}
