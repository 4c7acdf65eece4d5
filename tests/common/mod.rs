//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses some of them

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh temporary folder with a `.git` in it, so that config discovery
/// stops there.
pub fn temp_dir(prefix: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orglint-{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git"))
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Every `*.toml` file below `dir`, sorted.
pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// xorshift64: a small deterministic generator for seeded tests.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// An org (split structure) with a reporting chain `{chain}0 <- {chain}1 <-
/// ... <- {chain}{n-1}` and a loop of `loop_len` people `c0 -> c1 -> ... ->
/// c0`: the deep input of the no-recursion tests.
pub fn chain_and_loop_org(chain: &str, n: usize, loop_len: usize) -> String {
    let mut text =
        format!("[org]\nname = \"A\"\nstructure = \"split\"\n[people.{chain}0]\nname = \"P\"\n");
    for i in 1..n {
        text.push_str(&format!(
            "[people.{chain}{i}]\nname = \"P\"\nreports-to = \"{chain}{}\"\n",
            i - 1
        ));
    }
    for i in 0..loop_len {
        text.push_str(&format!(
            "[people.c{i}]\nname = \"C\"\nreports-to = \"c{}\"\n",
            (i + 1) % loop_len
        ));
    }
    text
}

/// The orglint binary, run in `dir`, with the colour variables cleared.
pub fn orglint_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orglint"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs orglint in `dir` with `args`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    orglint_in(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run orglint: {e}"))
}

/// What orglint printed on stdout.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stdout parsed as JSON (`--format json`), or a panic that shows it.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

/// `orglint check --format json ARGS` in `dir`: the exit code and the
/// document.
pub fn check_json(dir: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let output = run_in(dir, &all);
    (output.status.code().unwrap_or(-1), json(&output))
}

/// A stand-in for a real org converted from an HR export (1,300 people):
/// 140 managers missing from the export, each named by 1 to 17 people; a
/// design VP under marketing with 71 designers; an undeclared `email` on
/// everyone. Deterministic.
pub fn export_stand_in() -> String {
    let mut text = String::from("[org]\nname = \"Northwind\"\n");
    let mut person = |id: &str, function: &str, reports_to: Option<&str>, extra: &str| {
        text.push_str(&format!(
            "\n[people.{id}]\nname = \"{}\"\nfunction = \"{function}\"\nemail = \"{id}@northwind.example\"\n",
            id.replace('-', " ")
        ));
        if let Some(manager) = reports_to {
            text.push_str(&format!("reports-to = \"{manager}\"\n"));
        }
        text.push_str(extra);
    };
    person("ceo", "executive", None, "roles = [\"ceo\"]\n");
    person(
        "cpto",
        "engineering",
        Some("ceo"),
        "roles = [\"cpto\"]\nbackground = [\"engineering\", \"product\"]\non-call = true\naccountable-for = [\"R&D outcomes\"]\n",
    );
    person("mkt-vp", "marketing", Some("ceo"), "");
    person("ux-vp", "design", Some("mkt-vp"), "");
    for i in 0..71 {
        person(&format!("designer-{i:02}"), "design", Some("ux-vp"), "");
    }
    let mut count = 75;
    for m in 0..140 {
        let referenced_by = if m == 0 { 17 } else { 1 + (m * 7) % 9 };
        for r in 0..referenced_by {
            person(
                &format!("staff-{m:03}-{r:02}"),
                "engineering",
                Some(&format!("gone-{m:03}")),
                "",
            );
            count += 1;
        }
    }
    let mut m = 0;
    while count < 1_300 {
        let manager = format!("em-{m:02}");
        person(&manager, "engineering", Some("cpto"), "");
        count += 1;
        for r in 0..8 {
            if count >= 1_300 {
                break;
            }
            person(
                &format!("eng-{m:02}-{r}"),
                "engineering",
                Some(&manager),
                "",
            );
            count += 1;
        }
        m += 1;
    }
    text
}

/// The official SARIF 2.1.0 schema (`tests/data/sarif`), compiled.
pub fn sarif_validator() -> jsonschema::Validator {
    let schema_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif/sarif-schema-2.1.0.json"),
    )
    .unwrap_or_else(|e| panic!("cannot read the SARIF schema: {e}"));
    let schema: serde_json::Value =
        serde_json::from_str(&schema_text).unwrap_or_else(|e| panic!("schema is not JSON: {e}"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap_or_else(|e| panic!("cannot compile the SARIF schema: {e}"))
}
