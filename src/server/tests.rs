//! Tests of the request handlers on an org of many files in a temporary
//! folder (the end-to-end tests with a real client are tests/lsp/).

use std::path::{Path, PathBuf};

use lsp_types::{Position, PublishDiagnosticsParams, Range, Uri};
use serde_json::{Value, json};

use super::dispatch::{handle_notification, handle_request};
use super::position::{LineIndex, uri_of};
use super::{State, diagnostics};
use crate::run::ConfigChoice;

const ROOT: &str = "# Acme\n[org]\nname = \"Acme\"\ninclude = [\"people/*.toml\", \"teams/*.toml\"]\n\n[people.nora]\nname = \"Nora\"\ntitle = \"CEO\"\n";
const ADA: &str = "[people.ada]\nname = \"Ada Lovelace\"\ntitle = \"VP Engineering\"\nreports-to = \"nora\"\nfunction = \"engineering\"\n";
const BOB: &str = "[people.bob]\nname = \"Bøb Ünïcode\"\nreports-to = \"ada\"\n";
const TEAM: &str =
    "[teams.core]\nname = \"Core\"\nlead = \"ada\"\nmembers = [\"ada\",\n  \"bob\"]\n";

/// An org of many files in a fresh folder (its own repository, so no
/// configuration above it applies).
fn org(name: &str) -> PathBuf {
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

fn uri(path: &Path) -> Uri {
    uri_of(path).unwrap()
}

fn open(state: &mut State, path: &Path) -> Vec<PublishDiagnosticsParams> {
    let text = std::fs::read_to_string(path).unwrap();
    let params = json!({"textDocument": {"uri": uri(path).as_str(), "languageId": "toml", "version": 1, "text": text}});
    handle_notification(state, "textDocument/didOpen", params);
    diagnostics::flush(state)
}

fn change(state: &mut State, path: &Path, text: &str) -> Vec<PublishDiagnosticsParams> {
    let params = json!({"textDocument": {"uri": uri(path).as_str(), "version": 2}, "contentChanges": [{"text": text}]});
    handle_notification(state, "textDocument/didChange", params);
    diagnostics::flush(state)
}

/// The rule ids published for a file, `None` when nothing was published.
fn codes(published: &[PublishDiagnosticsParams], path: &Path) -> Option<Vec<String>> {
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
fn at(path: &Path, needle: &str, shift: u32) -> Position {
    let text = std::fs::read_to_string(path).unwrap();
    let offset = text.find(needle).unwrap();
    let mut position = LineIndex::new(&text, false).position(&text, offset);
    position.character += shift;
    position
}

fn request(state: &mut State, method: &str, params: Value) -> Value {
    handle_request(state, method, params).unwrap()
}

fn position_params(path: &Path, position: Position) -> Value {
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
fn definition_references_and_rename_across_files() {
    let dir = org("navigate");
    let mut state = State::new(ConfigChoice::Discover);
    let team = dir.join("teams/core.toml");
    let ada = dir.join("people/ada.toml");
    open(&mut state, &team);
    let found = request(
        &mut state,
        "textDocument/definition",
        position_params(&team, at(&team, "\"ada\"", 2)),
    );
    assert_eq!(found["uri"], uri(&ada).as_str());
    assert_eq!(found["range"]["start"], json!({"line": 0, "character": 0}));
    // From the header: the lead and the member, in the team's file.
    let mut params = position_params(&ada, at(&ada, "ada]", 1));
    params["context"] = json!({"includeDeclaration": false});
    let references = request(&mut state, "textDocument/references", params);
    let found: Vec<(String, u64)> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let file = l["uri"].as_str().unwrap().rsplit('/').next().unwrap();
            (
                file.to_owned(),
                l["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [("bob.toml", 2), ("core.toml", 2), ("core.toml", 3)];
    assert_eq!(found, expected.map(|(f, l)| (f.to_owned(), l)));
    let mut params = position_params(&team, at(&team, "\"ada\"", 1));
    params["newName"] = json!("ada-l");
    let edit = request(&mut state, "textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    let texts = |path: &Path| -> Vec<String> {
        changes[uri(path).as_str()]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["newText"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts(&ada), ["ada-l"]);
    assert_eq!(texts(&dir.join("people/bob.toml")), ["\"ada-l\""]);
    assert_eq!(texts(&team), ["\"ada-l\"", "\"ada-l\""]);
    let mut params = position_params(&team, at(&team, "\"ada\"", 1));
    params["newName"] = json!("bob");
    let taken = handle_request(&mut state, "textDocument/rename", params);
    assert_eq!(taken.unwrap_err().1, "`bob` is already the id of a person");
}

#[test]
fn hover_shows_the_person_and_explains_suppressed_rules() {
    let dir = org("hover");
    let mut state = State::new(ConfigChoice::Discover);
    let bob = dir.join("people/bob.toml");
    let text = format!(
        "# orglint: allow(span-of-control) -- a test\n{}",
        BOB.replace("adda", "ada")
    );
    std::fs::write(&bob, &text).unwrap();
    open(&mut state, &bob);
    let hover = request(
        &mut state,
        "textDocument/hover",
        position_params(&bob, at(&bob, "\"ada\"", 1)),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**Ada Lovelace** (`ada`)"), "{value}");
    assert!(value.contains("reports to: Nora (nora)"), "{value}");
    assert!(
        value.contains("direct reports (1): Bøb Ünïcode (bob)"),
        "{value}"
    );
    let hover = request(
        &mut state,
        "textDocument/hover",
        position_params(&bob, at(&bob, "of-control", 0)),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("```text\nspan-of-control: "), "{value}");
}

#[test]
fn completion_of_ids_functions_and_rule_ids() {
    let dir = org("complete");
    let mut state = State::new(ConfigChoice::Discover);
    let bob = dir.join("people/bob.toml");
    open(&mut state, &bob);
    let text = "[people.bob]\nreports-to = \"a\nfunction = \"eng\n# orglint: allow(span-of\n";
    change(&mut state, &bob, text);
    let labels = |position: Position, state: &mut State| -> Vec<String> {
        let items = request(
            state,
            "textDocument/completion",
            position_params(&bob, position),
        );
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect()
    };
    // The last valid org still gives the ids.
    assert!(labels(Position::new(1, 15), &mut state).contains(&"ada".to_owned()));
    assert!(labels(Position::new(2, 15), &mut state).contains(&"engineering".to_owned()));
    let rules = labels(Position::new(3, 24), &mut state);
    assert!(rules.contains(&"span-of-control".to_owned()));
    // Locked rules cannot be suppressed, so are not offered.
    assert!(!rules.contains(&"unknown-reference".to_owned()));
}

#[test]
fn value_contexts() {
    use super::complete::value_context;
    let key = |text: &str| value_context(text, text.len()).map(|c| (c.key, c.in_string));
    assert_eq!(
        key("reports-to = \"gr"),
        Some(("reports-to".to_owned(), true))
    );
    assert_eq!(
        key("ada = { name = \"A\", lead = "),
        Some(("lead".to_owned(), false))
    );
    assert_eq!(
        key("members = [\n  \"ada\",\n  \"b"),
        Some(("members".to_owned(), true))
    );
    assert_eq!(key("members = [\"a\"]\n"), None);
    assert_eq!(key("[people.ada]\n"), None);
}

#[test]
fn a_suppression_action_inserts_the_comment_above_the_header() {
    let dir = org("suppress");
    let mut state = State::new(ConfigChoice::Discover);
    let ada = dir.join("people/ada.toml");
    open(&mut state, &ada);
    let published = state.files.get(&ada).unwrap();
    let span = published
        .diagnostics
        .iter()
        .find(|d| d.rule == "span-of-control")
        .unwrap()
        .span
        .clone()
        .unwrap();
    let range = published.index.range(published.source.text(), &span);
    let params = json!({"textDocument": {"uri": uri(&ada).as_str()}, "range": range, "context": {"diagnostics": []}});
    let actions = request(&mut state, "textDocument/codeAction", params);
    let suppress = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Suppress `span-of-control` here, with a reason")
        .unwrap();
    let edit = &suppress["edit"]["changes"][uri(&ada).as_str()][0];
    assert_eq!(edit["range"]["start"], json!({"line": 0, "character": 0}));
    let text = format!("{}{ADA}", edit["newText"].as_str().unwrap());
    let published = change(&mut state, &ada, &text);
    assert_eq!(codes(&published, &ada), Some(Vec::new()));
}

#[test]
fn add_to_baseline_writes_the_entry_and_hides_the_diagnostic() {
    let dir = org("baseline");
    std::fs::write(dir.join("orglint.toml"), "baseline = \"baseline.json\"\n").unwrap();
    let mut state = State::new(ConfigChoice::Discover);
    let ada = dir.join("people/ada.toml");
    open(&mut state, &ada);
    let range = Range::new(Position::new(0, 0), Position::new(0, 0));
    let params = json!({"textDocument": {"uri": uri(&ada).as_str()}, "range": range, "context": {"diagnostics": []}});
    let actions = request(&mut state, "textDocument/codeAction", params);
    let command = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Add to the baseline")
        })
        .unwrap()["command"]
        .clone();
    request(&mut state, "workspace/executeCommand", command);
    let written = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(
        written.contains("\"rule\": \"span-of-control\""),
        "{written}"
    );
    assert!(written.contains("\"file\": \"org.toml\""), "{written}");
    let published = diagnostics::flush(&mut state);
    assert_eq!(codes(&published, &ada), Some(Vec::new()));
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
