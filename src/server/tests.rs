//! Tests of the request handlers on an org of many files in a temporary
//! folder (the end-to-end tests with a real client are tests/lsp/).

use std::path::{Path, PathBuf};

use lsp_types::{Position, PublishDiagnosticsParams, Uri};
use serde_json::{Value, json};

use super::dispatch::{handle_notification, handle_request};
use super::position::{LineIndex, uri_of};
use super::{State, diagnostics};
use crate::run::ConfigChoice;

pub(super) const ROOT: &str = "# Acme\n[org]\nname = \"Acme\"\ninclude = [\"people/*.toml\", \"teams/*.toml\"]\n\n[people.nora]\nname = \"Nora\"\ntitle = \"CEO\"\n";
pub(super) const ADA: &str = "[people.ada]\nname = \"Ada Lovelace\"\ntitle = \"VP Engineering\"\nreports-to = \"nora\"\nfunction = \"engineering\"\n";
pub(super) const BOB: &str = "[people.bob]\nname = \"Bøb Ünïcode\"\nreports-to = \"ada\"\n";
pub(super) const TEAM: &str =
    "[teams.core]\nname = \"Core\"\nlead = \"ada\"\nmembers = [\"ada\",\n  \"bob\"]\n";

/// An org of many files in a fresh folder (its own repository, so no
/// configuration above it applies).
pub(super) fn org(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orglint-server-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["people", "teams", ".git"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::write(dir.join("org.toml"), ROOT).unwrap();
    std::fs::write(dir.join("people/ada.toml"), ADA).unwrap();
    std::fs::write(dir.join("people/bob.toml"), BOB).unwrap();
    std::fs::write(dir.join("teams/core.toml"), TEAM).unwrap();
    crate::load::source::normal(&dir.canonicalize().unwrap())
}

pub(super) fn uri(path: &Path) -> Uri {
    uri_of(path).unwrap()
}

pub(super) fn open(state: &mut State, path: &Path) -> Vec<PublishDiagnosticsParams> {
    let text = std::fs::read_to_string(path).unwrap();
    let params = json!({"textDocument": {"uri": uri(path).as_str(), "languageId": "toml", "version": 1, "text": text}});
    handle_notification(state, "textDocument/didOpen", params);
    diagnostics::flush(state)
}

pub(super) fn change(state: &mut State, path: &Path, text: &str) -> Vec<PublishDiagnosticsParams> {
    let params = json!({"textDocument": {"uri": uri(path).as_str(), "version": 2}, "contentChanges": [{"text": text}]});
    handle_notification(state, "textDocument/didChange", params);
    diagnostics::flush(state)
}

/// The rule ids published for a file, `None` when nothing was published.
pub(super) fn codes(published: &[PublishDiagnosticsParams], path: &Path) -> Option<Vec<String>> {
    let uri = uri(path);
    published.iter().rev().find(|p| p.uri == uri).map(|p| {
        p.diagnostics
            .iter()
            .filter_map(|d| match &d.code {
                Some(lsp_types::NumberOrString::String(code)) => Some(code.clone()),
                _ => None,
            })
            .collect()
    })
}

/// The position of the first `needle` in a file, `shift` characters in.
pub(super) fn at(path: &Path, needle: &str, shift: u32) -> Position {
    let text = std::fs::read_to_string(path).unwrap();
    let offset = text.find(needle).unwrap();
    let mut position = LineIndex::new(&text, false).position(&text, offset);
    position.character += shift;
    position
}

pub(super) fn request(state: &mut State, method: &str, params: Value) -> Value {
    handle_request(state, method, params).unwrap()
}

pub(super) fn position_params(path: &Path, position: Position) -> Value {
    json!({"textDocument": {"uri": uri(path).as_str()}, "position": position})
}

#[test]
fn diagnostics_go_to_every_file_of_the_org_and_are_cleared_when_fixed() {
    let dir = org("publish");
    let mut state = State::new(ConfigChoice::Discover);
    let bob = dir.join("people/bob.toml");
    std::fs::write(&bob, BOB.replace("\"ada\"", "\"adda\"")).unwrap();
    let published = open(&mut state, &bob);
    assert_eq!(
        codes(&published, &bob),
        Some(vec!["unknown-reference".to_owned()])
    );
    // The root was published too (its diagnostics may be none).
    assert!(codes(&published, &dir.join("org.toml")).is_some());
    let unknown = &published
        .iter()
        .find(|p| p.uri == uri(&bob))
        .unwrap()
        .diagnostics[0];
    // `Bøb Ünïcode` is on another line: the column is the value's.
    assert_eq!(unknown.range.start, Position::new(2, 13));
    assert!(unknown.message.contains("help: did you mean `ada`?"));
    let published = change(&mut state, &bob, BOB);
    assert_eq!(codes(&published, &bob), Some(Vec::new()));
    // The file on disk was not read: the unsaved text was linted.
    assert!(std::fs::read_to_string(&bob).unwrap().contains("\"adda\""));
}

#[test]
fn a_diagnostic_without_a_location_goes_on_the_org_header() {
    let dir = org("header");
    // A fragment that cannot be read (a FIFO): an `io-error` about the org,
    // with no place in any file.
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("people/pipe.toml"))
        .status();
    if !fifo.is_ok_and(|s| s.success()) {
        return; // no FIFOs here
    }
    let mut state = State::new(ConfigChoice::Discover);
    let root = dir.join("org.toml");
    let published = open(&mut state, &root);
    let diagnostics = &published
        .iter()
        .rev()
        .find(|p| p.uri == uri(&root))
        .unwrap()
        .diagnostics;
    let failure = diagnostics
        .iter()
        .find(|d| d.code == Some(lsp_types::NumberOrString::String("io-error".to_owned())))
        .unwrap();
    // `[org]` is on line 1 (0-based), after a comment.
    assert_eq!(failure.range.start, Position::new(1, 0), "{failure:?}");
    assert_eq!(failure.range.end, Position::new(1, 5), "{failure:?}");
}

#[test]
fn a_config_edited_in_the_editor_relints_and_shows_its_own_errors() {
    let dir = org("config");
    let config = dir.join("orglint.toml");
    std::fs::write(&config, "[rules]\nspan-of-contrl = \"off\"\n").unwrap();
    let mut state = State::new(ConfigChoice::Discover);
    let ada = dir.join("people/ada.toml");
    let published = open(&mut state, &ada);
    assert_eq!(
        codes(&published, &config),
        Some(vec!["config-error".to_owned()])
    );
    assert_eq!(
        codes(&published, &ada),
        Some(vec!["config-error".to_owned()])
    );
    open(&mut state, &config);
    let published = change(&mut state, &config, "[rules]\nspan-of-control = \"off\"\n");
    assert_eq!(codes(&published, &config), Some(Vec::new()));
    assert_eq!(codes(&published, &ada), Some(Vec::new()));
}

#[test]
fn unknown_documents_and_positions_past_the_end_get_empty_answers() {
    let dir = org("robust");
    let mut state = State::new(ConfigChoice::Discover);
    let nowhere = dir.join("nowhere.toml");
    let far = Position::new(9_999, 9_999);
    for method in [
        "textDocument/definition",
        "textDocument/hover",
        "textDocument/prepareRename",
    ] {
        assert_eq!(
            request(&mut state, method, position_params(&nowhere, far)),
            Value::Null
        );
    }
    let bob = dir.join("people/bob.toml");
    open(&mut state, &bob);
    assert_eq!(
        request(&mut state, "textDocument/hover", position_params(&bob, far)),
        Value::Null
    );
    let completion = request(
        &mut state,
        "textDocument/completion",
        position_params(&bob, far),
    );
    assert_eq!(completion, json!([]));
    // An edit with a range past the end appends, and never panics.
    let params = json!({"textDocument": {"uri": uri(&bob).as_str(), "version": 3},
        "contentChanges": [{"range": {"start": far, "end": far}, "text": "title = \"x\"\n"}]});
    handle_notification(&mut state, "textDocument/didChange", params);
    assert!(state.docs[&bob].text.ends_with("title = \"x\"\n"));
    let bad = handle_request(&mut state, "textDocument/hover", json!({"nonsense": 1}));
    assert!(matches!(
        bad.unwrap_err().0,
        lsp_server::ErrorCode::InvalidParams
    ));
}

#[test]
fn shutdown_then_exit_is_a_clean_exit() {
    use lsp_server::{Message, Notification, Request, RequestId};
    let mut server = super::Server::new(ConfigChoice::Discover, Box::new(std::io::sink()));
    let request = |id: i32, method: &str| {
        Message::Request(Request::new(
            RequestId::from(id),
            method.to_owned(),
            json!({}),
        ))
    };
    let exit = Message::Notification(Notification::new("exit".to_owned(), json!(null)));
    assert_eq!(server.handle(request(1, "initialize")), None);
    assert_eq!(server.handle(request(2, "shutdown")), None);
    assert_eq!(server.handle(exit.clone()), Some(0));
    let mut server = super::Server::new(ConfigChoice::Discover, Box::new(std::io::sink()));
    assert_eq!(server.handle(exit), Some(1));
    // The end of input ends the loop.
    let (sender, receiver) = std::sync::mpsc::channel();
    sender.send(request(1, "initialize")).unwrap();
    drop(sender);
    assert_eq!(server.serve(&receiver), 0);
}

#[test]
fn a_broken_config_opened_alone_shows_only_its_own_errors() {
    let dir = org("config-alone");
    let config = dir.join("orglint.toml");
    std::fs::write(&config, "[rules]\nspan-of-contrl = \"off\"\n").unwrap();
    let mut state = State::new(ConfigChoice::Discover);
    let published = open(&mut state, &config);
    let diagnostics = &published
        .iter()
        .rev()
        .find(|p| p.uri == uri(&config))
        .unwrap()
        .diagnostics;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].range.start, Position::new(1, 0));
    assert!(
        diagnostics[0]
            .message
            .contains("did you mean `span-of-control`?")
    );
    // Fixed (unsaved): its errors are cleared.
    let published = change(&mut state, &config, "[rules]\nspan-of-control = \"off\"\n");
    assert_eq!(codes(&published, &config), Some(Vec::new()));
}

#[test]
fn saving_a_pack_relints_every_open_org() {
    let dir = org("pack");
    let pack = dir.join("acme.toml");
    let rule = |fields: &str| {
        format!(
            "[pack]\nname = \"acme\"\nsummary = \"s\"\n[[rule]]\nid = \"acme/required\"\nsummary = \"s\"\nseverity = \"warning\"\ntemplate = \"required\"\nparams = {{ fields = [{fields}] }}\n"
        )
    };
    std::fs::write(&pack, rule("\"name\"")).unwrap();
    std::fs::write(dir.join("orglint.toml"), "packs = [\"acme.toml\"]\n").unwrap();
    let mut state = State::new(ConfigChoice::Discover);
    let bob = dir.join("people/bob.toml");
    let published = open(&mut state, &bob);
    assert_eq!(codes(&published, &bob), Some(Vec::new()));
    // Bob has no `title`: the pack now requires one, saved in the editor.
    std::fs::write(&pack, rule("\"title\"")).unwrap();
    let params = json!({"textDocument": {"uri": uri(&pack).as_str()}});
    handle_notification(&mut state, "textDocument/didSave", params);
    let published = diagnostics::flush(&mut state);
    assert_eq!(
        codes(&published, &bob),
        Some(vec!["acme/required".to_owned()])
    );
}

#[test]
fn a_linter_built_on_another_day_is_built_again() {
    let dir = org("new-day");
    let mut state = State::new(ConfigChoice::Discover);
    let (config, built) = state.linter_for(&dir);
    let super::state::Built::Ready(linter) = built else {
        panic!("the folder has no configuration problem");
    };
    assert_eq!(linter.as_of, crate::dates::today());
    // The server has been up since yesterday.
    let mut yesterday = crate::Linter::default();
    yesterday.as_of = crate::dates::Date::from_days_since_epoch(crate::dates::today().days() - 1);
    state.built.insert(
        config,
        super::state::Built::Ready(std::sync::Arc::new(yesterday)),
    );
    let (_, built) = state.linter_for(&dir);
    let super::state::Built::Ready(linter) = built else {
        panic!("the folder has no configuration problem");
    };
    assert_eq!(linter.as_of, crate::dates::today());
}
