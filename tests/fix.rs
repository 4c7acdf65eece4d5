//! `--fix`, `--diff` and baselines: fixes are byte splices that converge,
//! keep every other byte, and never write a file that does not need it.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use orglint::diagnostic::{Edit, Fix, FixSafety};
use orglint::fix::{FixError, fix_text};
use orglint::rules::Rule;
use orglint::{Diagnostic, Linter, Model, Severity, SourceFile};

use common::run_in as orglint;

fn fixable(linter: &Linter, text: &str) -> usize {
    fixable_with(linter, text, false)
}

/// Diagnostics with a fix that `--fix` (and `--unsafe-fixes`) would apply.
fn fixable_with(linter: &Linter, text: &str, unsafe_fixes: bool) -> usize {
    linter
        .lint(&SourceFile::new("org.toml", text.to_owned()))
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.safety == FixSafety::Safe || unsafe_fixes)
        })
        .count()
}

#[test]
fn fixing_every_fixture_twice_changes_nothing_the_second_time() {
    let linter = Linter::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut fixed_some = 0;
    for unsafe_fixes in [false, true] {
        for path in common::toml_files(&root) {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let Ok(source) = SourceFile::decode(path.display().to_string(), bytes) else {
                continue;
            };
            let first = fix_text(&linter, &source, unsafe_fixes)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let again = fix_text(
                &linter,
                &SourceFile::new("again", first.text.clone()),
                unsafe_fixes,
            )
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                !again.changed,
                "{}: a second --fix changed the text again",
                path.display()
            );
            assert_eq!(
                fixable_with(&linter, &first.text, unsafe_fixes),
                0,
                "{}: fixable diagnostics remain",
                path.display()
            );
            fixed_some += usize::from(first.changed);
        }
    }
    assert!(
        fixed_some >= 3,
        "the fixtures should exercise fixes: {fixed_some}"
    );
}

#[test]
fn a_second_fix_run_does_not_write_the_file() {
    let dir = temp_dir_for("twice");
    let file = dir.join("org.toml");
    std::fs::write(&file, "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n[people.bob]\nname = \"Bob\"\nreports-to = \"adaa\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(&dir, &["check", "--fix", "--unsafe-fixes", "org.toml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap_or_default()
            .contains("reports-to = \"ada\"")
    );
    let before = std::fs::metadata(&file).and_then(|m| m.modified()).ok();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = orglint(&dir, &["check", "--fix", "--unsafe-fixes", "org.toml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::metadata(&file).and_then(|m| m.modified()).ok(),
        before,
        "an unchanged file was written"
    );
}

const WORDS: &[&str] = &[
    "ada", "grace", "linus", "barbara", "margaret", "dennis", "frances", "edsger", "radia",
    "niklaus",
];

#[test]
fn property_random_typos_are_fixed_and_nothing_else_moves() {
    let linter = Linter::default();
    for seed in 1..=60u64 {
        let mut rng = common::Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let n = 5 + rng.below(30);
        let ids: Vec<String> = (0..n)
            .map(|i| format!("{}-{}", WORDS[i % WORDS.len()], i * 7 + 100))
            .collect();
        let crlf = rng.below(2) == 0;
        let mut lines: Vec<String> = vec![
            "# generated".into(),
            "[org]".into(),
            "name = \"Acme\" # the org".into(),
            "structure = \"split\"".into(),
        ];
        let mut typo_lines = BTreeSet::new();
        for (i, id) in ids.iter().enumerate() {
            lines.push(String::new());
            lines.push(format!("[people.{id}]"));
            lines.push(format!("name = 'Person {i}'"));
            if i > 0 {
                let manager = &ids[rng.below(i)];
                let mut value = manager.clone();
                if rng.below(3) == 0 {
                    // one typo: drop, double or swap a character
                    let chars: Vec<char> = value.chars().collect();
                    let at = rng.below(chars.len() - 1);
                    let mut c = chars.clone();
                    match rng.below(3) {
                        0 => {
                            c.remove(at);
                        }
                        1 => c.insert(at, chars[at]),
                        _ => c.swap(at, at + 1),
                    }
                    value = c.into_iter().collect();
                    if value != *manager {
                        typo_lines.insert(lines.len());
                    }
                }
                let quote = if rng.below(2) == 0 { '"' } else { '\'' };
                lines.push(format!("reports-to = {quote}{value}{quote}   # manager"));
            }
        }
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut text = lines.join(newline);
        if rng.below(2) == 0 {
            text.push_str(newline);
        }
        let source = SourceFile::new("org.toml", text.clone());
        // Reference fixes are unsafe.
        let fixed = fix_text(&linter, &source, true).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(
            fixable_with(&linter, &fixed.text, true),
            0,
            "seed {seed}: fixable diagnostics remain"
        );
        let relinted = linter.lint(&SourceFile::new("org.toml", fixed.text.clone()));
        assert!(
            !relinted.iter().any(|d| d.rule == "toml-syntax"),
            "seed {seed}: the fixed text does not parse"
        );
        let before: Vec<&str> = text.split(newline).collect();
        let after: Vec<&str> = fixed.text.split(newline).collect();
        assert_eq!(
            before.len(),
            after.len(),
            "seed {seed}: lines were added or removed"
        );
        for (i, (a, b)) in before.iter().zip(&after).enumerate() {
            if a != b {
                assert!(
                    typo_lines.contains(&i),
                    "seed {seed}: line {} changed without a typo: {a:?} -> {b:?}",
                    i + 1
                );
                assert!(
                    b.ends_with("   # manager"),
                    "seed {seed}: the comment moved: {b:?}"
                );
                assert_eq!(
                    a.chars().nth(13),
                    b.chars().nth(13),
                    "seed {seed}: the quoting changed"
                );
            }
        }
        assert_eq!(text.ends_with(newline), fixed.text.ends_with(newline));
    }
}

#[test]
fn the_toml_corpus_is_left_alone() {
    let linter = Linter::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/toml-test");
    let mut checked = 0;
    for path in common::toml_files(&root) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let Ok(source) = SourceFile::decode(path.display().to_string(), bytes) else {
            checked += 1; // not UTF-8: never written
            continue;
        };
        let had_fixes = fixable(&linter, source.text()) > 0;
        let fixed =
            fix_text(&linter, &source, false).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if !had_fixes {
            assert!(!fixed.changed, "{}: changed without a fix", path.display());
            checked += 1;
        }
    }
    assert!(checked > 650, "{checked}");
}

#[test]
fn fix_keeps_bom_crlf_comments_permissions_and_symlinks() {
    let dir = temp_dir_for("bytes");
    let original = "\u{feff}# Acme\r\n[org]\r\nname = \"A\" # name\r\nstructure = \"split\"\r\n[people.ada]\r\nname = \"Ada\"\r\nroles = ['chief-of-staf']   # role\r\n[people.bob]\r\nname = \"Bob\"\r\nreports-to = \"adaa\"";
    let real = dir.join("real.toml");
    std::fs::write(&real, original).unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640))
            .unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("real.toml", dir.join("org.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    #[cfg(not(unix))]
    std::fs::copy(&real, dir.join("org.toml")).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "org.toml",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let expected = original
        .replace("'chief-of-staf'", "'chief-of-staff'")
        .replace("\"adaa\"", "\"ada\"");
    assert_eq!(std::fs::read_to_string(&real).unwrap_or_default(), expected);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert!(
            std::fs::symlink_metadata(dir.join("org.toml"))
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false)
        );
        let mode = std::fs::metadata(&real)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o640);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("orglint-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files were left behind");
}

#[test]
fn diff_prints_and_writes_nothing_and_stdin_fix_prints_the_text() {
    let dir = temp_dir_for("diff");
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nfunction = \"enginering\"\n";
    std::fs::write(dir.join("org.toml"), text).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(&dir, &["check", "--no-config", "--diff", "org.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("-function = \"enginering\"\n+function = \"engineering\""),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("org.toml")).unwrap_or_default(),
        text
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_orglint"))
        .current_dir(&dir)
        .args(["check", "--no-config", "--fix", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(text.as_bytes());
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        text.replace("enginering", "engineering")
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 errors"));
}

/// A rule whose fix breaks the TOML, and one whose fix never ends.
struct Breaking(bool);

impl Rule for Breaking {
    fn id(&self) -> &str {
        if self.0 { "test/break" } else { "test/forever" }
    }
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    fn check(&self, model: &Model, out: &mut Vec<Diagnostic>) {
        let Some(header) = model.org.section.header.clone() else {
            return;
        };
        let (span, replacement) = if self.0 {
            (header, "[org".to_owned())
        } else {
            (header.end..header.end, " ".to_owned())
        };
        out.push(
            Diagnostic::at(self.id(), Severity::Warning, span.clone(), "x", "x").with_fix(Some(
                Fix {
                    safety: FixSafety::Safe,
                    message: "x".into(),
                    edits: vec![Edit { span, replacement }],
                },
            )),
        );
    }
}

#[test]
fn fixes_that_break_the_file_or_never_end_are_refused() {
    let source = SourceFile::new("org.toml", "[org]\nname = \"A\"\n".to_owned());
    let mut linter = Linter::default();
    linter.register(Box::new(Breaking(true)));
    match fix_text(&linter, &source, false) {
        Err(FixError::InvalidResult(rules, _)) => assert_eq!(rules, vec!["test/break".to_owned()]),
        other => panic!("expected an invalid result, got {other:?}"),
    }
    let mut linter = Linter::default();
    linter.register(Box::new(Breaking(false)));
    match fix_text(&linter, &source, false) {
        Err(FixError::NoConvergence(rules)) => assert_eq!(rules, vec!["test/forever".to_owned()]),
        other => panic!("expected no convergence, got {other:?}"),
    }
}

#[test]
fn baselines_hide_recorded_diagnostics_and_survive_moving_tables() {
    let dir = temp_dir_for("baseline");
    let original = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n[people.bob]\nname = \"Bob\"\nreports-to = \"zed\"\nroles = [\"x1\", \"x2\"]\n";
    std::fs::write(dir.join("org.toml"), original).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "base/orglint-baseline.json",
            "org.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "writing a baseline exits 0");
    let written =
        std::fs::read_to_string(dir.join("base/orglint-baseline.json")).unwrap_or_default();
    assert!(written.contains("\"file\": \"../org.toml\""), "{written}");
    assert!(written.contains("\"key\": \"roles:x1\""), "{written}");
    // Move bob above ada: line numbers change, the baseline still applies.
    let moved = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.bob]\nname = \"Bob\"\nreports-to = \"zed\"\nroles = [\"x1\", \"x2\"]\n\n[people.ada]\nname = \"Ada\"\n";
    std::fs::write(dir.join("org.toml"), moved).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "base/orglint-baseline.json",
            "org.toml",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(out.status.code(), Some(0), "{doc}");
    assert_eq!(doc["summary"]["baselined"], 3);
    assert_eq!(doc["summary"]["baseline_gone"], 0);
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(0));
    // A new problem is reported; a fixed one shows as gone.
    let changed = moved.replace("\"x2\"", "\"x3\"");
    std::fs::write(dir.join("org.toml"), changed).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "base/orglint-baseline.json",
            "org.toml",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["summary"]["baselined"], 2);
    assert_eq!(doc["summary"]["baseline_gone"], 1);
    assert_eq!(doc["diagnostics"][0]["message"], "unknown role `x3`");
    // The config can name the baseline.
    std::fs::write(
        dir.join("orglint.toml"),
        "baseline = \"base/orglint-baseline.json\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(&dir, &["check", "--format", "json", "org.toml"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["summary"]["baselined"], 2, "{doc}");
    // Rewriting gives the same file.
    std::fs::write(dir.join("org.toml"), original).unwrap_or_else(|e| panic!("{e}"));
    let _ = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "base/again.json",
            "org.toml",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("base/again.json")).unwrap_or_default(),
        written
    );
}

#[test]
fn counts_in_a_baseline_are_respected() {
    let dir = temp_dir_for("counts");
    let one = "[org]\nname = \"A\"\nstructure = \"split\"\nfoo = 1\n[people.ada]\nname = \"Ada\"\n";
    std::fs::write(dir.join("org.toml"), one).unwrap_or_else(|e| panic!("{e}"));
    let _ = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "b.json",
            "org.toml",
        ],
    );
    let two = one.replace("foo = 1", "foo = 1\nbar = 2\nbaz = 3");
    std::fs::write(dir.join("org.toml"), two).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "b.json",
            "org.toml",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["summary"]["baselined"], 1);
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(2));
}

/// Check `org.toml` in `dir` with the baseline `b.json`, as JSON.
fn check_with_baseline(dir: &Path) -> serde_json::Value {
    json_of(&orglint(
        dir,
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "b.json",
            "org.toml",
        ],
    ))
}

#[test]
fn org_level_baseline_keys_are_not_messages() {
    let dir = temp_dir_for("org-level-keys");
    std::fs::write(dir.join("orglint.toml"), "packs = [\"acme.toml\"]\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let pack = |message: &str| {
        format!(
            "[pack]\nname = \"acme\"\nsummary = \"s\"\n\n[[rule]]\nid = \"acme/one-counsel\"\nsummary = \"s\"\nseverity = \"error\"\ntemplate = \"count\"\nselect = {{ role = \"general-counsel\" }}\nparams = {{ min = 1, max = 1 }}\nmessage = \"{message}\"\n"
        )
    };
    std::fs::write(dir.join("acme.toml"), pack("no counsel")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(&dir, &["check", "--write-baseline", "b.json", "org.toml"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("wrote 1 baseline entry to"), "{err}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("b.json")).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(
        written["entries"][0]["rule"], "acme/one-counsel",
        "{written}"
    );
    assert_eq!(written["entries"][0]["key"], "count", "{written}");
    // Rewording the message keeps the baseline valid.
    std::fs::write(dir.join("acme.toml"), pack("nobody is the general counsel"))
        .unwrap_or_else(|e| panic!("{e}"));
    let doc = check_with_baseline(&dir);
    assert_eq!(doc["summary"]["baselined"], 1, "{doc}");
    assert_eq!(doc["summary"]["baseline_gone"], 0, "{doc}");
    assert_eq!(
        doc["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{doc}"
    );
    // A baseline written when the key was the message still hides it...
    let old = |key: &str| {
        format!(
            "{{ \"version\": 1, \"entries\": [ {{ \"rule\": \"acme/one-counsel\", \"file\": \"org.toml\", \"entity\": null, \"key\": \"{key}\", \"count\": 1 }} ] }}\n"
        )
    };
    std::fs::write(dir.join("b.json"), old("nobody is the general counsel"))
        .unwrap_or_else(|e| panic!("{e}"));
    let doc = check_with_baseline(&dir);
    assert_eq!(doc["summary"]["baselined"], 1, "{doc}");
    assert_eq!(doc["summary"]["baseline_gone"], 0, "{doc}");
    // ...but only the diagnostic with that very message.
    std::fs::write(dir.join("b.json"), old("no counsel")).unwrap_or_else(|e| panic!("{e}"));
    let doc = check_with_baseline(&dir);
    assert_eq!(doc["summary"]["baselined"], 0, "{doc}");
    assert_eq!(doc["summary"]["baseline_gone"], 1, "{doc}");
    let out = orglint(&dir, &["check", "--baseline", "b.json", "org.toml"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.contains("0 hidden by the baseline, 1 baseline entry gone"),
        "{text}"
    );
}

#[test]
fn root_count_is_baselined_by_what_it_measures() {
    let dir = temp_dir_for("root-keys");
    let org = |roots: &[&str]| {
        let mut text = "[org]\nname = \"A\"\nstructure = \"split\"\n".to_owned();
        for id in roots {
            text.push_str(&format!("[people.{id}]\nname = \"N\"\n"));
        }
        text
    };
    std::fs::write(dir.join("org.toml"), org(&["ada", "bo"])).unwrap_or_else(|e| panic!("{e}"));
    let _ = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "b.json",
            "org.toml",
        ],
    );
    let written = std::fs::read_to_string(dir.join("b.json")).unwrap_or_default();
    assert!(written.contains("\"key\": \"roots:several\""), "{written}");
    // A third root changes the message, not what is measured.
    std::fs::write(dir.join("org.toml"), org(&["ada", "bo", "cy"]))
        .unwrap_or_else(|e| panic!("{e}"));
    let doc = json_of(&orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "b.json",
            "org.toml",
        ],
    ));
    assert_eq!(doc["summary"]["baselined"], 1, "{doc}");
}

#[test]
fn an_unreadable_baseline_is_named_once() {
    let dir = temp_dir_for("bad-baseline");
    std::fs::write(
        dir.join("org.toml"),
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("b.json"), "{ \"version\": 2, \"entries\": [] }")
        .unwrap_or_else(|e| panic!("{e}"));
    let doc = json_of(&orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "b.json",
            "org.toml",
        ],
    ));
    let messages: Vec<&str> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "cannot read the baseline `b.json`: it is a baseline of version 2; this orglint reads version 1"
        ],
        "{doc}"
    );
}

fn temp_dir_for(name: &str) -> PathBuf {
    common::temp_dir("fix", name)
}

fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// The unknown-reference diagnostic about `holder` in a JSON report.
fn reference_of<'a>(doc: &'a serde_json::Value, holder: &str) -> &'a serde_json::Value {
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["rule"] == "unknown-reference" && d["entity"]["id"] == holder)
        .unwrap_or_else(|| panic!("no unknown-reference about `{holder}`: {doc}"))
}

#[test]
fn reference_fixes_are_unsafe_and_a_missing_person_gets_none() {
    let dir = temp_dir_for("unsafe-references");
    let file = dir.join("org.toml");
    // Three solutions architects name their missing manager `brian-w`, two
    // letters from `brian-c`, an unrelated customer-success manager.
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n\
        [people.brian-c]\nname = \"Brian C.\"\nreports-to = \"ada\"\nfunction = \"customer-success\"\n\n\
        [people.leo]\nname = \"Leo\"\nreports-to = \"ada\"\n\n\
        [people.sa1]\nname = \"SA 1\"\nreports-to = \"brian-w\"\n\n\
        [people.sa2]\nname = \"SA 2\"\nreports-to = \"brian-w\"\n\n\
        [people.sa3]\nname = \"SA 3\"\nreports-to = 'brian-w'\n\n\
        [people.kim]\nname = \"Kim\"\nreports-to = \"le\"\nfunction = \"enginering\"\n";
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));

    let doc = json_of(&orglint(
        &dir,
        &["check", "--no-config", "--format", "json", "org.toml"],
    ));
    assert_eq!(
        reference_of(&doc, "kim")["fix"]["safety"],
        "unsafe",
        "{doc}"
    );
    assert_eq!(
        reference_of(&doc, "kim")["fix"]["edits"][0]["replacement"],
        "\"leo\""
    );
    for sa in ["sa1", "sa2", "sa3"] {
        let d = reference_of(&doc, sa);
        assert!(d["fix"].is_null(), "{d}");
        assert!(
            d["help"].as_str().is_some_and(
                |h| h.starts_with("3 references name `brian-w`") && !h.contains("brian-c")
            ),
            "{d}"
        );
    }
    // Only the vocabulary fix is safe.
    assert_eq!(doc["summary"]["fixable"], 1, "{doc}");

    let out = orglint(&dir, &["check", "--no-config", "--fix", "org.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let safe = text.replace("\"enginering\"", "\"engineering\"");
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), safe);

    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "org.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "`brian-w` is still missing");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap_or_default(),
        safe.replace("reports-to = \"le\"", "reports-to = \"leo\"")
    );
}

#[test]
fn a_display_name_in_a_reference_is_fixed_only_with_unsafe_fixes() {
    let dir = temp_dir_for("display-name");
    let file = dir.join("org.toml");
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n\
        [people.maya]\nname = \"Maya Chen\"\nreports-to = \"ada\"\n\n\
        [people.linus]\nname = \"Linus\"\nreports-to = \"Maya Chen\"\n";
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let doc = json_of(&orglint(
        &dir,
        &["check", "--no-config", "--format", "json", "org.toml"],
    ));
    let d = reference_of(&doc, "linus");
    assert_eq!(
        d["help"],
        "`Maya Chen` is the name of `maya`: references name people by id"
    );
    assert_eq!(d["fix"]["safety"], "unsafe");
    let out = orglint(&dir, &["check", "--no-config", "--fix", "org.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), text);
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "org.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap_or_default(),
        text.replace("reports-to = \"Maya Chen\"", "reports-to = \"maya\"")
    );
}

/// A stand-in for a real 1,300-person export: 140 managers are missing,
/// each named by 1 to 17 people, and every missing id is one letter from a
/// person who is in the file (so did-you-mean would always find someone).
/// Returns the text and, for each missing id named once, the id its unsafe
/// fix names.
fn org_with_missing_managers(seed: u64) -> (String, Vec<(String, String)>) {
    const PEOPLE: usize = 1_300;
    const MISSING: usize = 140;
    let mut rng = common::Rng(seed);
    let id = |i: usize| format!("emp-{i:04}");
    // Missing manager k looks like person k + 1 with one more letter.
    let missing: Vec<String> = (0..MISSING).map(|k| format!("{}w", id(k + 1))).collect();
    let mut references: Vec<usize> = Vec::new();
    let mut named_once = Vec::new();
    for (k, m) in missing.iter().enumerate() {
        let count = match k % 14 {
            0 => 1,
            1 => 17,
            _ => 2 + rng.below(8),
        };
        if count == 1 {
            named_once.push((m.clone(), id(k + 1)));
        }
        references.extend(std::iter::repeat_n(k, count));
    }
    // Shuffle who reports to a missing manager (Fisher-Yates).
    let mut order: Vec<usize> = (1..PEOPLE).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut manager: Vec<Option<String>> = vec![None; PEOPLE];
    for (&p, &k) in order.iter().zip(&references) {
        manager[p] = Some(missing[k].clone());
    }
    let mut text = String::from("[org]\nname = \"Stand-in\"\nstructure = \"split\"\n");
    for (p, slot) in manager.iter().enumerate() {
        text.push_str(&format!("\n[people.{}]\nname = \"Person {p}\"\n", id(p)));
        if p == 0 {
            continue;
        }
        // Everyone else reports to someone earlier in the file: no loops.
        let named = slot.clone().unwrap_or_else(|| id(rng.below(p)));
        text.push_str(&format!("reports-to = \"{named}\"\n"));
    }
    (text, named_once)
}

#[test]
fn fix_changes_nothing_in_an_export_with_missing_managers() {
    let (text, named_once) = org_with_missing_managers(0x5eed_1336);
    assert!(
        text.matches("w\"\n").count() > 700,
        "most references are broken"
    );
    let dir = temp_dir_for("missing-managers");
    let file = dir.join("org.toml");
    std::fs::write(&file, &text).unwrap_or_else(|e| panic!("{e}"));

    let out = orglint(&dir, &["check", "--no-config", "--fix", "org.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        std::fs::read(&file).unwrap_or_default() == text.as_bytes(),
        "--fix changed the file"
    );

    // The JSON says why: a fix (unsafe) only for the ids named once.
    let doc = json_of(&orglint(
        &dir,
        &["check", "--no-config", "--format", "json", "org.toml"],
    ));
    let references: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "unknown-reference")
        .collect();
    assert_eq!(references.len(), text.matches("w\"\n").count());
    let with_fix: Vec<&&serde_json::Value> =
        references.iter().filter(|d| !d["fix"].is_null()).collect();
    assert_eq!(with_fix.len(), named_once.len(), "{with_fix:?}");
    assert!(with_fix.iter().all(|d| d["fix"]["safety"] == "unsafe"));
    assert_eq!(doc["summary"]["fixable"], 0);

    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "org.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let mut expected = text.clone();
    for (missing, close) in &named_once {
        expected = expected.replace(
            &format!("reports-to = \"{missing}\"\n"),
            &format!("reports-to = \"{close}\"\n"),
        );
    }
    assert_ne!(expected, text);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap_or_default(),
        expected,
        "only the ids named once are replaced"
    );
}

/// An org file with one safe fix (`enginering`), and that text fixed.
const TYPO: &str = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nfunction = \"enginering\"\n";

fn fixed_typo() -> String {
    TYPO.replace("enginering", "engineering")
}

fn stdout_of(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn fix_writes_the_path_that_was_read_however_it_is_spelled() {
    // `.//org.toml` once went to `/org.toml`: the write path was the
    // display path, which drops the leading `./`.
    for spelling in [".//org.toml", "././org.toml", ".//"] {
        let dir = temp_dir_for(&format!("spelling-{}", spelling.len()));
        std::fs::write(dir.join("org.toml"), TYPO).unwrap_or_else(|e| panic!("{e}"));
        let out = orglint(&dir, &["check", "--no-config", "--fix", spelling]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{spelling}: {}",
            stdout_of(&out)
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("org.toml")).unwrap_or_default(),
            fixed_typo(),
            "{spelling}"
        );
        assert!(stdout_of(&out).contains("fixed 1 file"), "{spelling}");
    }
}

#[cfg(unix)]
#[test]
fn fix_writes_a_file_name_that_is_not_utf8_under_that_very_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir_for("not-utf8-name");
    let name = std::ffi::OsStr::from_bytes(b"a\xff.org.toml");
    std::fs::write(dir.join(name), TYPO).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_orglint"))
        .current_dir(&dir)
        .args(["check", "--no-config", "--fix"])
        .arg(name)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join(name)).unwrap_or_default(),
        fixed_typo()
    );
    // Nothing else was created (no `a\u{FFFD}.org.toml`).
    let names: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != ".git")
        .collect();
    assert_eq!(names, vec![name.to_owned()]);
    // And the same through a folder.
    std::fs::write(dir.join(name), TYPO).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(&dir, &["check", "--no-config", "--fix", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join(name)).unwrap_or_default(),
        fixed_typo()
    );
}

/// The fix of the `unknown-field` diagnostic about `key`, if any.
fn key_fix(text: &str, key: &str) -> Option<Fix> {
    let diagnostics = Linter::default().lint(&SourceFile::new("org.toml", text.to_owned()));
    let d = diagnostics
        .iter()
        .find(|d| d.rule == "unknown-field" && d.message.contains(&format!("`{key}`")))
        .unwrap_or_else(|| panic!("no unknown-field about `{key}` in {diagnostics:?}"));
    d.fix.clone()
}

#[test]
fn a_key_written_in_several_places_gets_no_fix_that_renames_one() {
    let head = "[org]\nname = \"A\"\nstructure = \"split\"\n";
    // Each writes `peeple` (or `rols`) more than once: renaming the first
    // would leave the rest, and the people in them, behind.
    let shared = [
        (
            "peeple",
            "[peeple.ada]\nname = \"Ada\"\n[peeple.bob]\nname = \"Bob\"\n",
        ),
        (
            "peeple",
            "peeple.ada.name = \"Ada\"\npeeple.bob.name = \"Bob\"\n",
        ),
        (
            "peeple",
            "[[peeple]]\nname = \"Ada\"\n[[peeple]]\nname = \"Bob\"\n",
        ),
        (
            "peeple",
            "[[peeple]]\nname = \"Ada\"\n[peeple.bob]\nname = \"Bob\"\n",
        ),
        (
            "peeple",
            "[peeple]\nada = {}\n[peeple.bob]\nname = \"Bob\"\n",
        ),
        ("peeple", "[peeple.ada.x]\n[peeple.ada]\nname = \"Ada\"\n"),
        (
            "rols",
            "[people.ada]\nname = \"Ada\"\nrols.a = \"x\"\nrols.b = \"y\"\n",
        ),
    ];
    for (key, body) in shared {
        let text = format!("{head}{body}");
        assert!(
            key_fix(&text, key).is_none(),
            "a fix was offered for:\n{text}"
        );
        let fixed = fix_text(
            &Linter::default(),
            &SourceFile::new("org.toml", text.clone()),
            true,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!fixed.changed, "{text}");
    }
    // Written once, the same key still gets its fix.
    let once = [
        ("peeple", "[peeple.ada]\nname = \"Ada\"\n"),
        ("peeple", "[peeple]\nada = { name = \"Ada\" }\n"),
        ("rols", "[people.ada]\nname = \"Ada\"\nrols.a = \"x\"\n"),
    ];
    for (key, body) in once {
        let text = format!("{head}{body}");
        assert!(key_fix(&text, key).is_some(), "no fix for:\n{text}");
    }
}

#[test]
fn shared_headers_are_left_alone_by_the_cli_and_bob_stays_reported() {
    let dir = temp_dir_for("shared-key");
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n[peeple.ada]\nname = \"Ada\"\n[peeple.bob]\nname = \"Bob\"\n";
    std::fs::write(dir.join("org.toml"), text).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(&dir, &["check", "--no-config", "--fix", "org.toml"]);
    // The unknown key is still there to see: not exit 0.
    assert_eq!(out.status.code(), Some(1), "{}", stdout_of(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("org.toml")).unwrap_or_default(),
        text
    );
}

/// A rule whose fix renames `[people.bob]` away: the org loses `bob`.
struct Dropping;

impl Rule for Dropping {
    fn id(&self) -> &str {
        "test/drop"
    }
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    fn check(&self, model: &Model, out: &mut Vec<Diagnostic>) {
        let Some(bob) = model.org.people.iter().find(|p| p.entity.id == "bob") else {
            return;
        };
        let span = bob.entity.header.clone();
        out.push(
            Diagnostic::at(self.id(), Severity::Warning, span.clone(), "x", "x").with_fix(Some(
                Fix {
                    safety: FixSafety::Safe,
                    message: "x".into(),
                    edits: vec![Edit {
                        span,
                        replacement: "[retired.bob]".to_owned(),
                    }],
                },
            )),
        );
    }
}

#[test]
fn a_fix_pass_that_removes_a_person_is_refused() {
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n";
    let mut linter = Linter::default();
    linter.register(Box::new(Dropping));
    match fix_text(
        &linter,
        &SourceFile::new("org.toml", text.to_owned()),
        false,
    ) {
        Err(FixError::RemovesEntities(rules, lost)) => {
            assert_eq!(rules, vec!["test/drop".to_owned()]);
            assert_eq!(lost, vec!["person `bob`".to_owned()]);
        }
        other => panic!("expected a refused fix, got {other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn fix_refuses_a_fifo_and_dev_stdin_and_says_why() {
    let dir = temp_dir_for("fifo");
    let fifo = dir.join("org.toml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("cannot run mkfifo: {e}"));
    assert!(made.success());
    // Refused before reading: no writer is needed, nothing hangs.
    let out = orglint(&dir, &["check", "--no-config", "--fix", "org.toml"]);
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("io-error"), "{text}");
    assert!(text.contains("it is a FIFO, not a regular file"), "{text}");
    assert!(
        std::fs::symlink_metadata(&fifo).is_ok_and(|m| {
            use std::os::unix::fs::FileTypeExt;
            m.file_type().is_fifo()
        }),
        "the FIFO was replaced"
    );
    // `/dev/stdin` on a pipe: refused the same way, never replaced.
    let mut child = Command::new(env!("CARGO_BIN_EXE_orglint"))
        .current_dir(&dir)
        .args(["check", "--no-config", "--fix", "/dev/stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(TYPO.as_bytes());
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("not a regular file"), "{text}");
    assert!(
        std::fs::symlink_metadata("/dev/stdin").is_ok_and(|m| !m.file_type().is_file()),
        "/dev/stdin was replaced by a regular file"
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_owner_group_and_mode_and_refuses_read_only_files_and_hard_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = temp_dir_for("owner");
    let path = dir.join("org.toml");
    std::fs::write(&path, TYPO).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))
        .unwrap_or_else(|e| panic!("{e}"));
    let me = std::fs::metadata(&dir).map(|m| m.uid()).unwrap_or(0);
    // Root can hand the file to someone else, as when root fixes a user's
    // file; anyone else keeps their own.
    let (uid, gid) = if me == 0 {
        (1234, 5678)
    } else {
        (me, std::fs::metadata(&path).map(|m| m.gid()).unwrap_or(0))
    };
    if me == 0 {
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = orglint(&dir, &["check", "--no-config", "--fix", "org.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    let meta = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        fixed_typo()
    );
    assert_eq!(
        (meta.uid(), meta.gid(), meta.mode() & 0o7777),
        (uid, gid, 0o640)
    );

    // Read-only: not written, even by root, and the run says so.
    std::fs::write(dir.join("ro.toml"), TYPO).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(dir.join("ro.toml"), std::fs::Permissions::from_mode(0o444))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(&dir, &["check", "--no-config", "--fix", "ro.toml"]);
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("cannot write the fixed `ro.toml`: it is read-only"),
        "{text}"
    );
    // What is reported is the file as it is: the typo is still there.
    assert!(text.contains("unknown function `enginering`"), "{text}");
    assert_eq!(
        std::fs::read_to_string(dir.join("ro.toml")).unwrap_or_default(),
        TYPO
    );

    // Hard links: replacing one name would part it from the others.
    std::fs::write(dir.join("linked.toml"), TYPO).unwrap_or_else(|e| panic!("{e}"));
    std::fs::hard_link(dir.join("linked.toml"), dir.join("other.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(&dir, &["check", "--no-config", "--fix", "linked.toml"]);
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("it has 2 hard links"), "{text}");
    assert_eq!(
        std::fs::read_to_string(dir.join("other.toml")).unwrap_or_default(),
        TYPO
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("linked.toml")).unwrap_or_default(),
        TYPO
    );
    assert_eq!(
        std::fs::metadata(dir.join("linked.toml"))
            .map(|m| m.nlink())
            .unwrap_or(0),
        2
    );
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    use orglint::files::{read_to_fix, write_fixed};
    let dir = temp_dir_for("changed");
    let path = dir.join("org.toml");
    let fixed = fixed_typo();
    let read = |path: &Path| match read_to_fix(path) {
        Ok(Ok(read)) => read,
        other => panic!("cannot read: {other:?}"),
    };

    // Unchanged: written.
    std::fs::write(&path, TYPO).unwrap_or_else(|e| panic!("{e}"));
    let (bytes, stamp) = read(&path);
    assert!(write_fixed(&path, &bytes, &stamp, fixed.as_bytes()).is_ok());
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), fixed);

    // An edit that changes the size.
    std::fs::write(&path, TYPO).unwrap_or_else(|e| panic!("{e}"));
    let (bytes, stamp) = read(&path);
    let edited = format!("{TYPO}# mine\n");
    std::fs::write(&path, &edited).unwrap_or_else(|e| panic!("{e}"));
    let refused = write_fixed(&path, &bytes, &stamp, fixed.as_bytes())
        .err()
        .unwrap_or_else(|| panic!("an edit was overwritten"));
    assert_eq!(refused.reason, "it changed since it was read");
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), edited);

    // An edit of the same size with the modification time put back: the
    // content still tells.
    std::fs::write(&path, TYPO).unwrap_or_else(|e| panic!("{e}"));
    let (bytes, stamp) = read(&path);
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{e}"));
    let edited = TYPO.replace("Ada", "Eve");
    std::fs::write(&path, &edited).unwrap_or_else(|e| panic!("{e}"));
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(modified))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(write_fixed(&path, &bytes, &stamp, fixed.as_bytes()).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), edited);
    let leftovers = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("orglint-"))
        .count();
    assert_eq!(leftovers, 0, "a temporary file was left behind");
}

#[test]
fn two_fixes_to_the_same_missing_key_apply_one_and_fix_the_rest() {
    let dir = temp_dir_for("same-key");
    let text = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nfunction = \"enginering\"\n[people.bob]\nname = \"Bob\"\nreprts-to = \"ada\"\nreports-t = \"ada\"\n";
    std::fs::write(dir.join("org.toml"), text).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--fix",
            "--format",
            "short",
            "org.toml",
        ],
    );
    let report = stdout_of(&out);
    assert!(!report.contains("fix-error"), "{report}");
    assert_eq!(out.status.code(), Some(0), "{report}");
    let after = std::fs::read_to_string(dir.join("org.toml")).unwrap_or_default();
    // The first by position is renamed; the other stays, reported.
    assert_eq!(
        after,
        text.replace("reprts-to", "reports-to")
            .replace("enginering", "engineering")
    );
    assert!(report.contains("unknown field `reports-t`"), "{report}");
}

#[test]
fn thirty_thousand_identical_fixes_converge_in_one_pass() {
    let mut text = String::from(
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.root]\nname = \"Root\"\n",
    );
    for i in 0..30_000 {
        text.push_str(&format!(
            "[people.p{i}]\nname = \"P\"\nreports-to = \"root\"\nfunction = \"enginering\"\n"
        ));
    }
    let fixed = fix_text(
        &Linter::default(),
        &SourceFile::new("org.toml", text.clone()),
        false,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fixed.text, text.replace("enginering", "engineering"));
    assert!(
        !fixed
            .diagnostics
            .iter()
            .any(|d| d.rule == "unknown-function")
    );
}

#[test]
fn thirty_thousand_references_to_one_missing_id_are_no_fix_and_no_fix_error() {
    let mut text = String::from(
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.root]\nname = \"Root\"\n",
    );
    for i in 0..30_000 {
        text.push_str(&format!(
            "[people.p{i}]\nname = \"P\"\nreports-to = \"rooot\"\n"
        ));
    }
    let fixed = fix_text(&Linter::default(), &SourceFile::new("org.toml", text), true)
        .unwrap_or_else(|e| panic!("a false fix error: {e}"));
    assert!(!fixed.changed);
    // At most 10,000 diagnostics of one rule are kept; the rest are counted.
    assert_eq!(
        fixed
            .diagnostics
            .iter()
            .filter(|d| d.rule == "unknown-reference")
            .count()
            + fixed.omitted,
        30_000
    );
}

#[test]
fn applying_a_hundred_thousand_edits_is_not_quadratic() {
    let n = 100_000;
    let text = "x = 1\n".repeat(n);
    let diagnostics: Vec<Diagnostic> = (0..n)
        .rev()
        .map(|i| {
            let span = i * 6..i * 6 + 1;
            Diagnostic::at("test/rename", Severity::Warning, span.clone(), "x", "x").with_fix(Some(
                Fix {
                    safety: FixSafety::Safe,
                    message: "x".into(),
                    edits: vec![Edit {
                        span,
                        replacement: "y".to_owned(),
                    }],
                },
            ))
        })
        .collect();
    let start = std::time::Instant::now();
    let mut rules = BTreeSet::new();
    let out = orglint::fix::apply_once(&text, &diagnostics, false, &mut rules);
    // Quadratic, this took minutes; linear, milliseconds even in debug.
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out, Some("y = 1\n".repeat(n)));
}

#[test]
fn overlapping_edits_wait_for_the_next_pass_whatever_their_order() {
    let text = "abcdefghij";
    let edit = |start: usize, end: usize, to: &str| {
        Diagnostic::at("test/x", Severity::Warning, start..end, "x", "x").with_fix(Some(Fix {
            safety: FixSafety::Safe,
            message: "x".into(),
            edits: vec![Edit {
                span: start..end,
                replacement: to.to_owned(),
            }],
        }))
    };
    // [2,5) wins over [3,4) and [4,7); [7,9) is apart; two insertions at 9
    // would have no order: the first listed wins.
    let diagnostics = vec![
        edit(4, 7, "Q"),
        edit(7, 9, "R"),
        edit(3, 4, "P"),
        edit(2, 5, "O"),
        edit(9, 9, "S"),
        edit(9, 9, "T"),
    ];
    let mut rules = BTreeSet::new();
    let out = orglint::fix::apply_once(text, &diagnostics, false, &mut rules);
    assert_eq!(out.as_deref(), Some("abOfgRSj"));
}

/// An org whose team `core` has `headcount` people (over 12 from 13 on).
fn team_org(headcount: u32) -> String {
    format!(
        "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n[teams.core]\nname = \"Core\"\nfunction = \"engineering\"\nlead = \"ada\"\nheadcount = {headcount}\n"
    )
}

/// The team-size diagnostics of a JSON report.
fn team_size(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "team-size")
        .cloned()
        .collect()
}

#[test]
fn a_baselined_problem_that_got_worse_is_reported_again() {
    let dir = temp_dir_for("worse");
    std::fs::write(dir.join("org.toml"), team_org(13)).unwrap_or_else(|e| panic!("{e}"));
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "b.json",
            "org.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("b.json")).unwrap_or_default())
            .unwrap_or_default();
    let entry = written["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["rule"] == "team-size")
        .cloned()
        .unwrap_or_default();
    assert_eq!(entry["value"], 13.0, "{written}");
    let text = std::fs::read_to_string(dir.join("b.json")).unwrap_or_default();
    assert!(text.contains("\"value\": 13\n"), "{text}");
    // A rule that measures nothing records no value.
    assert!(
        written["entries"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["rule"] == "invalid-field" || e["rule"] == "unknown-field")
            .all(|e| e.get("value").is_none()),
        "{written}"
    );
    let check = |dir: &Path| {
        json_of(&orglint(
            dir,
            &[
                "check",
                "--no-config",
                "--format",
                "json",
                "--baseline",
                "b.json",
                "org.toml",
            ],
        ))
    };
    // The team grew from 13 to 14: reported, saying what was recorded.
    std::fs::write(dir.join("org.toml"), team_org(14)).unwrap_or_else(|e| panic!("{e}"));
    let doc = check(&dir);
    let found = team_size(&doc);
    assert_eq!(found.len(), 1, "{doc}");
    assert_eq!(
        found[0]["help"],
        "split `core` into two teams, each with its own mission and lead; the baseline recorded `13` here"
    );
    assert_eq!(doc["summary"]["baseline_gone"], 0, "{doc}");
    // The same size: hidden as before.
    std::fs::write(dir.join("org.toml"), team_org(13)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(team_size(&check(&dir)), Vec::<serde_json::Value>::new());
    // A baseline recorded at 14 hides 13, smaller and still too big.
    std::fs::write(dir.join("org.toml"), team_org(14)).unwrap_or_else(|e| panic!("{e}"));
    orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "b.json",
            "org.toml",
        ],
    );
    std::fs::write(dir.join("org.toml"), team_org(13)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(team_size(&check(&dir)), Vec::<serde_json::Value>::new());

    // An old baseline, without values, still reads and hides as before.
    let old = r#"{ "version": 1, "entries": [
        { "rule": "team-size", "file": "org.toml", "entity": { "kind": "team", "id": "core" }, "key": "", "count": 1 }
    ] }"#;
    std::fs::write(dir.join("b.json"), old).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("org.toml"), team_org(40)).unwrap_or_else(|e| panic!("{e}"));
    let doc = check(&dir);
    assert_eq!(team_size(&doc), Vec::<serde_json::Value>::new(), "{doc}");
    assert_eq!(doc["summary"]["baselined"], 1, "{doc}");
}

#[test]
fn the_summary_names_the_baseline_entries_that_no_longer_occur() {
    let dir = temp_dir_for("gone-named");
    let mut org =
        "[org]\nname = \"A\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n".to_owned();
    for i in 0..12 {
        org.push_str(&format!(
            "\n[people.p{i:02}]\nname = \"P\"\nreports-to = \"ada\"\nroles = [\"nope\"]\n"
        ));
    }
    std::fs::write(dir.join("org.toml"), &org).unwrap_or_else(|e| panic!("{e}"));
    orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "b.json",
            "org.toml",
        ],
    );
    // Fix every role but the last one's.
    let fixed = org.replacen("roles = [\"nope\"]\n", "", 11);
    std::fs::write(dir.join("org.toml"), fixed).unwrap_or_else(|e| panic!("{e}"));
    let doc = json_of(&orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "b.json",
            "org.toml",
        ],
    ));
    assert_eq!(doc["summary"]["baseline_gone"], 11, "{doc}");
    let gone = doc["summary"]["baseline_gone_entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(gone.len(), 11, "{doc}");
    assert_eq!(
        gone[0],
        serde_json::json!({
            "rule": "unknown-role",
            "file": "org.toml",
            "entity": { "kind": "person", "id": "p00" },
            "key": "roles:nope",
            "count": 1
        })
    );
    let out = orglint(
        &dir,
        &["check", "--no-config", "--baseline", "b.json", "org.toml"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let tail: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("no longer found"))
        .collect();
    let mut expected = vec![
        "no longer found (re-record the baseline with --write-baseline to drop them):".to_owned(),
    ];
    for i in 0..10 {
        expected.push(format!("  unknown-role on person `p{i:02}` in `org.toml`"));
    }
    expected.push("  and 1 more".to_owned());
    assert_eq!(tail, expected, "{text}");
    // Nothing gone: no list.
    let out = orglint(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "b.json",
            "org.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = orglint(
        &dir,
        &["check", "--no-config", "--baseline", "b.json", "org.toml"],
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("no longer found"));
}

#[test]
fn rules_that_measure_carry_the_value_on_the_diagnostic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme.org.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let diagnostics = Linter::default().lint(&SourceFile::new("acme.org.toml", text));
    let measured = |rule: &str| {
        diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .unwrap_or_else(|| panic!("no {rule}: {diagnostics:?}"))
            .measured
    };
    let team = measured("team-size").expect("range measures");
    assert_eq!((team.value, team.higher_is_worse), (15.0, true));
    let ceo = measured("ceo-span-of-control").expect("span-of-control measures");
    assert!(ceo.value > 8.0 && ceo.higher_is_worse, "{ceo:?}");
    assert_eq!(measured("design-and-data-included"), None);
}
