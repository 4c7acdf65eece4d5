//! Requests and notifications, by method, to their handlers.

use lsp_server::ErrorCode;
use serde_json::Value;

use super::{State, complete, hover};
use super::{diagnostics, edit, navigate, position, state};

/// Why a request failed: its error code and message.
type Failure = (ErrorCode, String);

fn params<P: serde::de::DeserializeOwned>(value: Value) -> Result<P, Failure> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn json(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// Answers a request (after `initialize`, before `shutdown`).
pub fn handle_request(state: &mut State, method: &str, value: Value) -> Result<Value, Failure> {
    use lsp_types::*;
    match method {
        "textDocument/definition" => {
            let p: GotoDefinitionParams = params(value)?;
            let at = p.text_document_position_params;
            json(navigate::definition(
                state,
                &at.text_document.uri,
                at.position,
            ))
        }
        "textDocument/references" => {
            let p: ReferenceParams = params(value)?;
            let at = p.text_document_position;
            json(navigate::references(
                state,
                &at.text_document.uri,
                at.position,
                p.context.include_declaration,
            ))
        }
        "textDocument/hover" => {
            let p: HoverParams = params(value)?;
            let at = p.text_document_position_params;
            json(hover::hover(state, &at.text_document.uri, at.position))
        }
        "textDocument/completion" => {
            let p: CompletionParams = params(value)?;
            let at = p.text_document_position;
            json(complete::completion(
                state,
                &at.text_document.uri,
                at.position,
            ))
        }
        "textDocument/codeAction" => {
            let p: CodeActionParams = params(value)?;
            json(edit::code_actions(state, &p.text_document.uri, p.range))
        }
        "textDocument/prepareRename" => {
            let p: TextDocumentPositionParams = params(value)?;
            json(edit::prepare_rename(
                state,
                &p.text_document.uri,
                p.position,
            ))
        }
        "textDocument/rename" => {
            let p: RenameParams = params(value)?;
            let at = p.text_document_position;
            edit::rename(state, &at.text_document.uri, at.position, &p.new_name)
                .map_err(|e| (ErrorCode::RequestFailed, e))
                .and_then(json)
        }
        "workspace/executeCommand" => {
            let p: ExecuteCommandParams = params(value)?;
            if p.command != edit::ADD_TO_BASELINE {
                return Err((
                    ErrorCode::InvalidParams,
                    format!("unknown command `{}`", p.command),
                ));
            }
            let argument = p.arguments.first().cloned().unwrap_or_default();
            edit::add_to_baseline(state, &argument).map_err(|e| (ErrorCode::RequestFailed, e))?;
            Ok(Value::Null)
        }
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("unknown method `{method}`"),
        )),
    }
}

/// Applies a notification; returns diagnostics to clear at once (a closed
/// org's).
pub fn handle_notification(
    state: &mut State,
    method: &str,
    value: Value,
) -> Vec<lsp_types::PublishDiagnosticsParams> {
    use lsp_types::*;
    let mut out = Vec::new();
    match method {
        "textDocument/didOpen" => {
            let Ok(p) = params::<DidOpenTextDocumentParams>(value) else {
                return out;
            };
            let Some(path) = position::path_of(&p.text_document.uri) else {
                return out;
            };
            state.docs.insert(
                path.clone(),
                state::Document {
                    text: p.text_document.text,
                    version: p.text_document.version,
                },
            );
            changed(state, &path);
        }
        "textDocument/didChange" => {
            let Ok(p) = params::<DidChangeTextDocumentParams>(value) else {
                return out;
            };
            let Some(path) = position::path_of(&p.text_document.uri) else {
                return out;
            };
            let Some(doc) = state.docs.get_mut(&path) else {
                return out;
            };
            doc.version = p.text_document.version;
            for change in p.content_changes {
                match change.range {
                    Some(range) => {
                        let index = position::LineIndex::new(&doc.text, false);
                        let span = index.span(&doc.text, range);
                        doc.text.replace_range(span, &change.text);
                    }
                    None => doc.text = change.text,
                }
            }
            changed(state, &path);
        }
        "textDocument/didSave" => {
            let Ok(p) = params::<DidSaveTextDocumentParams>(value) else {
                return out;
            };
            if let Some(path) = position::path_of(&p.text_document.uri) {
                state.disk_changed(&path);
                if state.is_config(&path) {
                    state.config_changed();
                }
            }
        }
        "textDocument/didClose" => {
            let Ok(p) = params::<DidCloseTextDocumentParams>(value) else {
                return out;
            };
            let Some(path) = position::path_of(&p.text_document.uri) else {
                return out;
            };
            state.docs.remove(&path);
            if state.is_config(&path) {
                state.config_changed();
            }
            if let Some(root) = state.root_of.remove(&path) {
                if state.root_of.values().any(|r| *r == root) {
                    state.dirty.insert(root);
                } else {
                    diagnostics::forget(state, &root, &mut out);
                }
            }
        }
        "workspace/didChangeWatchedFiles" => {
            let Ok(p) = params::<DidChangeWatchedFilesParams>(value) else {
                return out;
            };
            for change in p.changes {
                let Some(path) = position::path_of(&change.uri) else {
                    continue;
                };
                state.disk_changed(&path);
                if state.is_config(&path) {
                    state.config_changed();
                } else if change.typ != FileChangeType::CHANGED {
                    // A file created or deleted may be a fragment now.
                    let roots: Vec<_> = state.orgs.keys().cloned().collect();
                    state.dirty.extend(roots);
                } else {
                    let roots: Vec<_> = state
                        .orgs
                        .iter()
                        .filter(|(_, o)| o.files.contains(&path))
                        .map(|(r, _)| r.clone())
                        .collect();
                    state.dirty.extend(roots);
                }
            }
        }
        _ => {}
    }
    out
}

/// A document's text changed: its org is linted again, or every org when
/// it is a configuration.
fn changed(state: &mut State, path: &std::path::Path) {
    if state.is_config(path) {
        state.config_changed();
    } else {
        state.touch(path);
    }
}
