//! Tests of the navigation and editing handlers (helpers in `tests`).

use std::path::Path;

use lsp_types::{Position, Range};
use serde_json::json;

use super::State;
use super::diagnostics;
use super::dispatch::handle_request;
use super::tests::{ADA, BOB, at, change, codes, open, org, position_params, request, uri};
use crate::run::ConfigChoice;

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
