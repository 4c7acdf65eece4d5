//! `orglint test` end to end: malformed expectations, the examples of a
//! user's pack, pack files that are not fixtures, and the default path.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{run_in, stdout};

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

const ORG: &str = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n";

/// A pack with one rule, `northwind/title` (everyone has a `title`), whose
/// examples are the given `(expect, org)` pairs.
fn pack(examples: &[(&str, &str)]) -> String {
    let mut text = "[pack]\nname = \"northwind\"\nsummary = \"Northwind's rules\"\n\n\
                    [[rule]]\nid = \"northwind/title\"\nsummary = \"Everyone has a title\"\n\
                    severity = \"warning\"\ntemplate = \"required\"\n\
                    params = { fields = [\"title\"] }\n"
        .to_owned();
    for (expect, org) in examples {
        text.push_str(&format!(
            "\n[[rule.example]]\nexpect = \"{expect}\"\norg = '''\n{org}'''\n"
        ));
    }
    text
}

/// A repository with `orglint.toml` loading `packs/northwind.toml`.
fn repo(name: &str, examples: &[(&str, &str)]) -> PathBuf {
    let dir = common::temp_dir("testing", name);
    write(
        &dir.join("orglint.toml"),
        "packs = [\"packs/northwind.toml\"]\n",
    );
    write(&dir.join("packs/northwind.toml"), &pack(examples));
    dir
}

fn titled() -> String {
    format!("{ORG}title = \"CEO\"\n")
}

#[test]
fn a_misspelled_rule_id_in_an_expectation_gets_a_did_you_mean() {
    let dir = repo("misspelled", &[("fail", ORG), ("pass", &titled())]);
    // A user pack's rule id is known, and suggested.
    write(
        &dir.join("fixtures/a.toml"),
        &format!("# expect: northwind/titel\n{ORG}"),
    );
    let out = run_in(&dir, &["test", "fixtures"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 2, "{text}");
    assert!(
        text.contains(
            "fixtures/a.toml:1: malformed expectation: unknown rule `northwind/titel` in an expectation; did you mean `northwind/title`?"
        ),
        "{text}"
    );
    // A built-in one too.
    write(
        &dir.join("fixtures/a.toml"),
        &format!("{ORG}roles = [\"cxo\"] # expect: unknown-rol\n"),
    );
    let out = run_in(&dir, &["test", "fixtures"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 2, "{text}");
    assert!(text.contains("did you mean `unknown-role`?"), "{text}");
    // Spelled right, the same file passes.
    write(
        &dir.join("fixtures/a.toml"),
        &ORG.replace("[people.ada]", "# expect: northwind/title\n[people.ada]"),
    );
    let out = run_in(&dir, &["test", "fixtures"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn an_expectation_without_its_colon_is_malformed_not_a_comment() {
    let dir = repo("colon", &[("fail", ORG), ("pass", &titled())]);
    for comment in ["# expect northwind/title", "# expect-file northwind/title"] {
        write(&dir.join("fixtures/a.toml"), &format!("{comment}\n{ORG}"));
        let out = run_in(&dir, &["test", "fixtures"]);
        let text = stdout(&out);
        assert_eq!(code(&out), 2, "{comment}: {text}");
        assert!(
            text.contains(&format!(
                "fixtures/a.toml:1: malformed expectation: `{comment}` is not an expectation: write `# expect: RULE`"
            )),
            "{text}"
        );
    }
    // Words that start with `expect` are comments.
    write(
        &dir.join("fixtures/a.toml"),
        &format!("# expected to grow; expectations below\n{}", titled()),
    );
    let out = run_in(&dir, &["test", "fixtures"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn the_examples_of_a_users_pack_are_run() {
    // The `fail` example has a title: the rule does not fire on it.
    let dir = repo("examples", &[("fail", &titled()), ("pass", &titled())]);
    write(&dir.join("fixtures/a.toml"), &titled());
    let out = run_in(&dir, &["test", "fixtures"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("ok    fixtures/a.toml"), "{text}");
    assert!(
        text.contains("FAIL  packs/northwind.toml (2 examples)"),
        "{text}"
    );
    assert!(
        text.contains(
            "packs/northwind.toml:12: `[[example]]` 1 of `northwind/title` expects the rule to fire (`expect = \"fail\"`), but it did not"
        ),
        "{text}"
    );
    assert!(text.contains("1 passed, 1 failed"), "{text}");
    // A `pass` example on which the rule fires fails too, with the message.
    let dir = repo("examples-pass", &[("fail", ORG), ("pass", ORG)]);
    let out = run_in(&dir, &["test", "packs"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(
        text.contains("`[[example]]` 2 of `northwind/title` expects the rule to stay silent (`expect = \"pass\"`), but it fired: "),
        "{text}"
    );
    // Examples that do as they say pass, even with the rule turned off.
    let dir = repo("examples-ok", &[("fail", ORG), ("pass", &titled())]);
    write(
        &dir.join("orglint.toml"),
        "packs = [\"packs/northwind.toml\"]\n\n[rules]\n\"northwind/title\" = \"off\"\n",
    );
    let out = run_in(&dir, &["test", "packs"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert_eq!(
        text,
        "ok    packs/northwind.toml (2 examples)\n1 passed, 0 failed\n"
    );
}

#[test]
fn pack_files_are_not_linted_as_fixtures() {
    let dir = repo("packs", &[("fail", ORG), ("pass", &titled())]);
    // A folder pack and a single-file pack that `orglint.toml` does not
    // load, next to an org file that is not in the tested folder.
    write(
        &dir.join("packs/acme/pack.toml"),
        "[pack]\nname = \"acme\"\nsummary = \"x\"\n",
    );
    write(
        &dir.join("packs/acme/thing.toml"),
        "id = \"acme/thing\"\nsummary = \"s\"\n",
    );
    write(
        &dir.join("packs/other.toml"),
        "[pack]\nname = \"other\"\nsummary = \"x\"\n",
    );
    write(&dir.join("org.toml"), &format!("{ORG}roles = [\"cxo\"]\n"));
    let out = run_in(&dir, &["test", "packs"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert_eq!(
        text,
        "ok    packs/northwind.toml (2 examples)\n1 passed, 0 failed\n"
    );
    // A file that `packs` names is not a fixture even without `[pack]`
    // in it: here, the config names a folder.
    write(
        &dir.join("orglint.toml"),
        "packs = [\"packs/northwind.toml\", \"packs/acme\"]\n",
    );
    std::fs::remove_file(dir.join("packs/acme/pack.toml")).unwrap_or_else(|e| panic!("{e}"));
    let out = run_in(&dir, &["test", "packs/acme"]);
    // The folder without `pack.toml` is a broken pack: the run fails on
    // the pack, not on a fixture.
    let text = stdout(&out);
    let errors = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 2, "{text}{errors}");
    assert!(!text.contains("thing.toml"), "{text}");
    assert!(errors.contains("has no `pack.toml`"), "{errors}");
}

#[test]
fn no_path_tests_the_current_folder() {
    let dir = repo("default", &[("fail", ORG), ("pass", &titled())]);
    write(
        &dir.join("fixtures/a.toml"),
        &ORG.replace("[people.ada]", "# expect: northwind/title\n[people.ada]"),
    );
    write(&dir.join("fixtures/b.toml"), &titled());
    let out = run_in(&dir, &["test"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert_eq!(
        text,
        "ok    fixtures/a.toml\nok    fixtures/b.toml\nok    packs/northwind.toml (2 examples)\n3 passed, 0 failed\n"
    );
    let explicit = run_in(&dir, &["test", "."]);
    assert_eq!(stdout(&explicit), text);
}
