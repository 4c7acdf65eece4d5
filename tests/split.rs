//! `orglint split`, end to end: an org of one file becomes a root and one
//! file per person and team that lint exactly as the one file did, with
//! the same baseline identities; bad input writes nothing.

mod common;

#[path = "../benches/tools/gen-org.rs"]
#[allow(dead_code)]
mod gen_org;

use std::path::Path;

use common::{check_json, run_in, temp_dir};

/// (rule, severity, entity) of every diagnostic, sorted.
fn verdicts(doc: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {} {}", d["rule"], d["severity"], d["entity"]))
        .collect();
    out.sort();
    out
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Splits `file` in `dir` and checks that it lints as before, baseline
/// included; returns the verdicts.
fn split_and_compare(dir: &Path, file: &str, extra: &[&str]) -> Vec<String> {
    let (code_before, before) = check_json(dir, &["--no-config", file]);
    let out = run_in(
        dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "baseline.json",
            file,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut args = vec!["split", file];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("wrote `"), "{}", stderr(&out));
    let (code_after, after) = check_json(dir, &["--no-config", file]);
    assert_eq!(code_before, code_after);
    let (a, b) = (verdicts(&before), verdicts(&after));
    let only_one: Vec<&String> = a.iter().filter(|v| !b.contains(v)).take(5).collect();
    let only_many: Vec<&String> = b.iter().filter(|v| !a.contains(v)).take(5).collect();
    assert!(
        a == b,
        "one file only: {only_one:?}; split only: {only_many:?}; {} vs {}",
        a.len(),
        b.len()
    );
    assert!(
        after["summary"]["files"].as_u64().unwrap() > 1,
        "{}",
        after["summary"]
    );
    // The root keeps the original path: every baseline entry still hides
    // its diagnostic.
    let (code, hidden) = check_json(dir, &["--no-config", "--baseline", "baseline.json", file]);
    assert_eq!(code, 0, "{}", hidden["summary"]);
    assert_eq!(hidden["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(
        hidden["summary"]["baselined"].as_u64(),
        Some(a.len() as u64)
    );
    a
}

#[test]
fn generated_orgs_lint_the_same_after_a_split() {
    let cases = [
        (2_000, gen_org::generate(2_000, 1, true)),
        (5_000, gen_org::generate(5_000, 7, true)),
        // 140 missing managers, unknown fields, a design VP under marketing.
        (1_300, common::export_stand_in()),
    ];
    for (people, text) in cases {
        let dir = temp_dir("split", &format!("gen-{people}"));
        std::fs::write(dir.join("org.toml"), &text).unwrap();
        let verdicts = split_and_compare(&dir, "org.toml", &[]);
        assert!(verdicts.len() >= 8, "violations were planted: {verdicts:?}");
        let written = common::toml_files(&dir.join("people")).len();
        assert!(written > people / 2, "{written} people files for {people}");
        // Every fragment is a piece of the original, byte for byte.
        let ada = common::toml_files(&dir.join("people"))
            .into_iter()
            .next()
            .unwrap();
        let piece = std::fs::read_to_string(ada).unwrap();
        assert!(text.contains(&piece), "{piece}");
    }
}

const AWKWARD: &str = "\u{feff}# The org.\r\n[org]\r\nname = \"Acme\" # named\r\n\r\n# orglint: allow(invalid-field) -- on purpose\r\n[people.ada]\r\nreports-to = \"nobody\"\r\n\r\n[people.\"we/ird\"]\r\nname = \"W\"\r\nreports-to = \"ada\" # orglint: allow(invalid-field) -- an odd id, kept\r\n\r\n[people]\r\nbob = { name = \"Bob\", reports-to = \"ada\", email = \"b\" }\r\ncy.name = \"Cy\"\r\ncy.reports-to = \"bobb\"\r\n\r\n[teams.core]\r\nname = \"Core\"\r\nfunction = \"engineering\"\r\nlead = \"ada\"\r\n";

#[test]
fn crlf_bom_inline_dotted_and_odd_ids_split_byte_for_byte() {
    let dir = temp_dir("split", "awkward");
    std::fs::write(dir.join("org.toml"), AWKWARD).unwrap();
    let verdicts = split_and_compare(&dir, "org.toml", &[]);
    assert!(
        verdicts.iter().any(|v| v.contains("unknown-reference")),
        "{verdicts:?}"
    );
    let root = std::fs::read(dir.join("org.toml")).unwrap();
    assert_eq!(
        String::from_utf8(root).unwrap(),
        "\u{feff}# The org.\r\n[org]\r\nname = \"Acme\" # named\r\ninclude = [\"people/*.toml\", \"teams/*.toml\"]\r\n\r\n"
    );
    let read = |path: &str| std::fs::read_to_string(dir.join(path)).unwrap();
    assert_eq!(
        read("people/ada.toml"),
        "# orglint: allow(invalid-field) -- on purpose\r\n[people.ada]\r\nreports-to = \"nobody\"\r\n\r\n"
    );
    assert_eq!(
        read("people/we%2Fird.toml"),
        "[people.\"we/ird\"]\r\nname = \"W\"\r\nreports-to = \"ada\" # orglint: allow(invalid-field) -- an odd id, kept\r\n\r\n"
    );
    assert_eq!(
        read("people/bob.toml"),
        "[people]\r\nbob = { name = \"Bob\", reports-to = \"ada\", email = \"b\" }\r\n"
    );
    assert_eq!(
        read("people/cy.toml"),
        "[people]\r\ncy.name = \"Cy\"\r\ncy.reports-to = \"bobb\"\r\n\r\n"
    );
    assert_eq!(
        read("teams/core.toml"),
        "[teams.core]\r\nname = \"Core\"\r\nfunction = \"engineering\"\r\nlead = \"ada\"\r\n"
    );
}

#[test]
fn other_folders_give_other_patterns() {
    let dir = temp_dir("split", "folders");
    std::fs::create_dir_all(dir.join("org")).unwrap();
    std::fs::write(
        dir.join("org/acme.org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n",
    )
    .unwrap();
    let out = run_in(
        &dir,
        &["split", "org/acme.org.toml", "--people", "org/staff/all"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("org/acme.org.toml")).unwrap(),
        "[org]\nname = \"A\"\nstructure = \"split\"\ninclude = [\"staff/all/*.toml\"]\n\n"
    );
    assert!(dir.join("org/staff/all/ada.toml").is_file());
    assert!(!dir.join("org/teams").exists(), "no team, no folder");
    let (code, doc) = check_json(&dir, &["--no-config", "org"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["summary"]["files"], 2);
}

/// Runs a split that must be refused: exit 2, the message on stderr, and
/// no file changed or added.
fn refused(dir: &Path, args: &[&str], message: &str) {
    let before = snapshot(dir);
    let out = run_in(dir, args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(message), "{}", stderr(&out));
    assert_eq!(snapshot(dir), before, "{args:?} changed files");
}

/// Every file below `dir` with its bytes, and every folder.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let name = path.display().to_string();
            if path.is_dir() {
                out.push((name, Vec::new()));
                stack.push(path);
            } else {
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn bad_input_writes_nothing() {
    let dir = temp_dir("split", "refused");
    let ok = "[org]\nname = \"A\"\n\n[people.ada]\nname = \"Ada\"\n\n[teams.ada]\nname = \"T\"\n";
    std::fs::write(dir.join("broken.org.toml"), "[org]\nname = \"A\n").unwrap();
    refused(
        &dir,
        &["split", "broken.org.toml"],
        "the file is not valid TOML: invalid basic string",
    );
    std::fs::write(
        dir.join("done.org.toml"),
        "[org]\nname = \"A\"\ninclude = [\"x/*.toml\"]\n[people.ada]\nname = \"Ada\"\n",
    )
    .unwrap();
    refused(&dir, &["split", "done.org.toml"], "already has `include`");
    std::fs::write(dir.join("org.toml"), ok).unwrap();
    std::fs::create_dir_all(dir.join("teams")).unwrap();
    std::fs::write(dir.join("teams/old.toml"), "# an old team\n").unwrap();
    refused(
        &dir,
        &["split", "org.toml"],
        "`teams` already holds 1 `.toml` file",
    );
    refused(
        &dir,
        &["split", "org.toml", "--teams", "."],
        "is not a folder below the org file's folder",
    );
    refused(
        &dir,
        &["split", "org.toml", "--teams", "../elsewhere"],
        "is not a folder below the org file's folder",
    );
    refused(&dir, &["split", "org.toml", "--teams", "t*"], "wildcard");
    refused(
        &dir,
        &["split", "org.toml", "--teams", "people"],
        "two fragments would be written to `people/ada.toml`",
    );
    std::fs::write(dir.join("none.org.toml"), "[org]\nname = \"A\"\n").unwrap();
    refused(&dir, &["split", "none.org.toml"], "has no people or teams");
    refused(
        &dir,
        &["split", "missing.org.toml"],
        "cannot read `missing.org.toml`",
    );
    // The root cannot be replaced: the fragments written before are
    // removed again, and the folders made for them.
    std::fs::remove_file(dir.join("teams/old.toml")).unwrap();
    std::fs::remove_dir(dir.join("teams")).unwrap();
    let mut permissions = std::fs::metadata(dir.join("org.toml"))
        .unwrap()
        .permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(dir.join("org.toml"), permissions).unwrap();
    refused(&dir, &["split", "org.toml"], "read-only");
    assert!(!dir.join("people").exists());
}
