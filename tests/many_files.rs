//! Orgs of many files: a root with `include` patterns and fragments, linted
//! as one org. The example org is snapshot-tested in every format
//! (reviewed, never accepted blindly); generated orgs give the same
//! diagnostics as one file and split; bad input never panics.

mod common;

#[path = "../benches/tools/gen-org.rs"]
#[allow(dead_code)]
mod gen_org;

use std::path::Path;

use common::{check_json, run_in, stdout, temp_dir};

/// The repository root, where the example lives.
fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Writes `files` (path, text) under a fresh folder.
fn org(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = temp_dir("many", name);
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// (rule, file, line) of every diagnostic of a JSON report, in order.
fn located(doc: &serde_json::Value) -> Vec<(String, String, u64)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

const ROOT: &str = "[org]\nname = \"Acme\"\nstructure = \"split\"\ninclude = [\"people/*.toml\"]\n\n[people.ada]\nname = \"Ada\"\n";

#[test]
fn the_example_in_every_format() {
    for format in ["human", "json", "sarif", "github", "short"] {
        let out = run_in(
            repo(),
            &["check", "--no-config", "--format", format, "examples/split"],
        );
        assert_eq!(out.status.code(), Some(1), "{format}");
        if format == "sarif" {
            let log = common::json(&out);
            let validator = common::sarif_validator();
            let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
        insta::assert_snapshot!(format!("split-example.{format}"), stdout(&out));
    }
}

#[test]
fn a_fragment_given_alone_lints_its_whole_org() {
    let whole = check_json(repo(), &["--no-config", "examples/split"]);
    for path in [
        "examples/split/people/ada.toml",
        "examples/split/teams/platform.toml",
        "examples/split/org.toml",
    ] {
        let one = check_json(repo(), &["--no-config", path]);
        assert_eq!(one.0, whole.0, "{path}");
        assert_eq!(located(&one.1), located(&whole.1), "{path}");
        assert_eq!(one.1["summary"]["files"], 11, "{path}");
    }
    // Several fragments of one org: the org is linted once.
    let both = check_json(
        repo(),
        &[
            "--no-config",
            "examples/split/people/ada.toml",
            "examples/split/people/sam.toml",
        ],
    );
    assert_eq!(located(&both.1), located(&whole.1));
}

#[test]
fn standard_input_stands_in_for_the_fragment_it_is_named_as() {
    use std::io::Write as _;
    let mut child = common::orglint_in(repo())
        .args([
            "check",
            "--no-config",
            "--format",
            "short",
            "--stdin-filename",
            "examples/split/people/ada.toml",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"[people.ada]\nname = \"Ada\"\nreports-to = \"pryia\"\nfunction = \"engineering\"\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = stdout(&out);
    // The unsaved text is linted in its org: the typo is found in it, and
    // the rest of the org (the loop across two files) is there too.
    assert!(
        text.contains("examples/split/people/ada.toml:3:14: error[unknown-reference]"),
        "{text}"
    );
    assert!(text.contains("error[reporting-cycle]"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_cycle_across_files_labels_each_file() {
    let (_, doc) = check_json(repo(), &["--no-config", "examples/split"]);
    let cycle = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "reporting-cycle")
        .unwrap();
    assert_eq!(cycle["file"], "examples/split/people/omar.toml");
    let labels = cycle["labels"].as_array().unwrap();
    assert_eq!(labels[0].get("file"), None);
    assert_eq!(labels[1]["file"], "examples/split/people/sam.toml");
    assert_eq!(labels[1]["line"], 4);
}

#[test]
fn a_file_no_root_includes_is_linted_alone_and_names_the_root_nearby() {
    let dir = org(
        "nearby",
        &[
            ("org.toml", ROOT),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n",
            ),
            ("staff/eve.toml", "[people.eve]\nname = \"Eve\"\n"),
        ],
    );
    let (code, doc) = check_json(&dir, &["--no-config", "staff/eve.toml"]);
    assert_eq!(code, 1);
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "invalid-field")
        .unwrap();
    assert_eq!(d["file"], "staff/eve.toml");
    let help = d["help"].as_str().unwrap();
    assert!(help.contains("`org.toml` is the root"), "{help}");
    assert_eq!(doc["summary"]["files"], 1);
}

#[test]
fn a_fragment_found_in_a_folder_is_not_linted_as_an_org_of_its_own() {
    let dir = org(
        "walk",
        &[
            (
                "org.toml",
                "[org]\nname = \"Acme\"\nstructure = \"split\"\ninclude = [\"*.org.toml\", \"people/*.toml\"]\n\n[people.ada]\nname = \"Ada\"\n",
            ),
            (
                "sales.org.toml",
                "[people.sam]\nname = \"Sam\"\nreports-to = \"ada\"\n",
            ),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n",
            ),
        ],
    );
    let (code, doc) = check_json(&dir, &["--no-config", "."]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["summary"]["files"], 3);
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn two_roots_including_one_file_each_lint_it() {
    let dir = org(
        "tworoots",
        &[
            ("a.org.toml", ROOT),
            ("b.org.toml", &ROOT.replace("ada", "bea")),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n",
            ),
        ],
    );
    let (code, doc) = check_json(&dir, &["--no-config", "."]);
    assert_eq!(code, 1);
    // Bob's manager is in `a` but not in `b`.
    let found = located(&doc);
    assert_eq!(
        found,
        vec![(
            "unknown-reference".to_owned(),
            "people/bob.toml".to_owned(),
            3
        )],
        "{doc}"
    );
}

#[test]
fn bad_fragments_hide_nothing_else() {
    let dir = org(
        "bad",
        &[
            (
                "org.toml",
                "[org]\nname = \"Acme\"\nstructure = \"split\"\ninclude = [\n  \"people/*.toml\",\n  \"../other/*.toml\",\n  \"/etc/*.toml\",\n  \"people/[a.toml\",\n  \"teams/*.toml\",\n  3,\n]\n\n[people.ada]\nname = \"Ada\"\n",
            ),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n",
            ),
            ("people/broken.toml", "[people.carl\nname = \"Carl\"\n"),
            (
                "people/org-here.toml",
                "[org]\nname = \"X\"\n\n[people.dan]\nname = \"Dan\"\nreports-to = \"adaa\"\n",
            ),
            (
                "people/extra.toml",
                "title = \"x\"\n[people.eve]\nname = \"Eve\"\nreports-to = \"ada\"\n",
            ),
            ("orglint.toml", ""),
        ],
    );
    std::fs::write(
        dir.join("people/latin1.toml"),
        b"[people.fay]\nname = \"F\xe9\"\n",
    )
    .unwrap();
    let (code, doc) = check_json(&dir, &["--no-config", "org.toml"]);
    assert_eq!(code, 1, "{doc}");
    let found = located(&doc);
    let expected = [
        ("invalid-field", "org.toml", 6),
        ("invalid-field", "org.toml", 7),
        ("invalid-field", "org.toml", 8),
        ("empty-include", "org.toml", 9),
        ("invalid-field", "org.toml", 10),
        ("toml-syntax", "people/broken.toml", 1),
        ("invalid-field", "people/extra.toml", 1),
        ("toml-syntax", "people/latin1.toml", 2),
        ("invalid-field", "people/org-here.toml", 1),
        ("unknown-reference", "people/org-here.toml", 6),
    ];
    let expected: Vec<(String, String, u64)> = expected
        .iter()
        .map(|(r, f, l)| ((*r).to_owned(), (*f).to_owned(), *l))
        .collect();
    assert_eq!(found, expected, "{doc:#}");
    // Everyone else is in the org: Bob and Eve report to Ada, who is found.
    assert_eq!(doc["summary"]["files"], 6);
}

#[test]
fn symlinks_out_of_the_folder_are_not_followed() {
    let outside = org("outside", &[("x.toml", "[people.mallory]\nname = \"M\"\n")]);
    let dir = org("links", &[("org.toml", ROOT)]);
    std::fs::create_dir_all(dir.join("people")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.join("x.toml"), dir.join("people/x.toml")).unwrap();
        // A loop of folder links is never entered.
        std::os::unix::fs::symlink(&dir, dir.join("people/loop")).unwrap();
        let (code, doc) = check_json(&dir, &["--no-config", "org.toml"]);
        assert_eq!(code, 0, "{doc}");
        let d = &doc["diagnostics"][0];
        assert_eq!(d["rule"], "empty-include");
        assert!(
            d["help"].as_str().unwrap().contains("1 symlink that point"),
            "{d}"
        );
    }
}

#[test]
fn an_unreadable_fragment_is_a_run_failure_that_hides_nothing_else() {
    let dir = org(
        "fifo",
        &[
            ("org.toml", ROOT),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"adaa\"\n",
            ),
        ],
    );
    #[cfg(unix)]
    {
        let status = std::process::Command::new("mkfifo")
            .arg(dir.join("people/pipe.toml"))
            .status()
            .unwrap();
        assert!(status.success());
        let (code, doc) = check_json(&dir, &["--no-config", "org.toml"]);
        assert_eq!(code, 2, "{doc}");
        let found = located(&doc);
        assert!(found.contains(&(
            "unknown-reference".to_owned(),
            "people/bob.toml".to_owned(),
            3
        )));
        assert!(found.contains(&("io-error".to_owned(), "people/pipe.toml".to_owned(), 0)));
    }
}

#[test]
fn the_root_and_orglint_toml_are_never_fragments() {
    let dir = org(
        "self",
        &[
            (
                "org.toml",
                "[org]\nname = \"Acme\"\nstructure = \"split\"\ninclude = [\"**/*.toml\"]\n\n[people.ada]\nname = \"Ada\"\n",
            ),
            ("orglint.toml", "[rules]\n"),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n",
            ),
        ],
    );
    let (code, doc) = check_json(&dir, &["org.toml"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["summary"]["files"], 2);
}

#[test]
fn baselines_and_fingerprints_use_the_root_file() {
    let dir = org(
        "identity",
        &[
            (
                "org.toml",
                &ROOT.replace("people/*.toml", "people/**/*.toml"),
            ),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"adaa\"\n",
            ),
        ],
    );
    let out = run_in(
        &dir,
        &["check", "--no-config", "--write-baseline", "b.json", "."],
    );
    assert_eq!(out.status.code(), Some(0));
    let baseline = std::fs::read_to_string(dir.join("b.json")).unwrap();
    assert!(baseline.contains("\"file\": \"org.toml\""), "{baseline}");
    let sarif = |dir: &Path| {
        let out = run_in(dir, &["check", "--no-config", "--format", "sarif", "."]);
        common::json(&out)["runs"][0]["results"][0]["partialFingerprints"].clone()
    };
    let before = sarif(&dir);
    // Bob moves to a sub-folder: the same problem, not a new one.
    std::fs::create_dir_all(dir.join("people/eng")).unwrap();
    std::fs::rename(dir.join("people/bob.toml"), dir.join("people/eng/bob.toml")).unwrap();
    let (code, doc) = check_json(&dir, &["--no-config", "--baseline", "b.json", "."]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["summary"]["baselined"], 1);
    assert_eq!(sarif(&dir), before);
}

#[test]
fn suppressions_work_in_every_file() {
    let dir = org(
        "suppress",
        &[
            ("org.toml", ROOT),
            (
                "people/bob.toml",
                "# orglint: allow(unknown-field) -- Bob's email is checked elsewhere\n[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\nemail = \"bob@example.com\"\n",
            ),
            (
                "people/carl.toml",
                "[people.carl]\nname = \"Carl\"\nreports-to = \"ada\" # orglint: allow(unknown-field) -- nothing to hide\n",
            ),
        ],
    );
    let (code, doc) = check_json(&dir, &["--no-config", "."]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        located(&doc),
        vec![(
            "unused-suppression".to_owned(),
            "people/carl.toml".to_owned(),
            3
        )]
    );
}

/// Splits a generated single-file org as a user would: a root with the
/// `[org]` table, one file per person and team (each table moved with the
/// comment lines directly above it).
fn split(text: &str, dir: &Path) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = line
            .strip_prefix("[people.")
            .or(line.strip_prefix("[teams."))
        {
            let kind = if line.starts_with("[people.") {
                "people"
            } else {
                "teams"
            };
            let id = rest
                .trim_end()
                .trim_end_matches(']')
                .trim_matches('"')
                .to_owned();
            let mut start = i;
            while start > 0 && lines[start - 1].trim_start().starts_with('#') {
                start -= 1;
            }
            starts.push((start, kind, id));
        }
    }
    let mut root: String = lines[..starts[0].0].concat();
    // A pattern for each kind of file written: one that matched nothing
    // would be an `empty-include` of its own.
    let patterns: Vec<String> = ["people", "teams"]
        .iter()
        .filter(|kind| starts.iter().any(|s| s.1 == **kind))
        .map(|kind| format!("\"{kind}/*.toml\""))
        .collect();
    root = root.replacen(
        "[org]\n",
        &format!("[org]\ninclude = [{}]\n", patterns.join(", ")),
        1,
    );
    std::fs::create_dir_all(dir.join("people")).unwrap();
    std::fs::create_dir_all(dir.join("teams")).unwrap();
    std::fs::write(dir.join("org.toml"), root).unwrap();
    for (n, (start, kind, id)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |s| s.0);
        std::fs::write(
            dir.join(kind).join(format!("{id}.toml")),
            lines[*start..end].concat(),
        )
        .unwrap();
    }
}

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

#[test]
fn generated_orgs_lint_the_same_as_one_file_and_split() {
    let cases = [
        (2_000, 1, gen_org::generate(2_000, 1, true)),
        (5_000, 7, gen_org::generate(5_000, 7, true)),
        // 140 missing managers, unknown fields, a design VP under marketing.
        (1_300, 0, common::export_stand_in()),
    ];
    for (people, seed, text) in cases {
        let one = org(&format!("one-{seed}"), &[("org.toml", &text)]);
        let many = temp_dir("many", &format!("split-{seed}"));
        split(&text, &many);
        let (code_one, doc_one) = check_json(&one, &["--no-config", "org.toml"]);
        let (code_many, doc_many) = check_json(&many, &["--no-config", "org.toml"]);
        assert_eq!(code_one, code_many);
        let (a, b) = (verdicts(&doc_one), verdicts(&doc_many));
        assert!(
            a.len() >= 8,
            "the generator planted violations: {}",
            a.len()
        );
        let only_one: Vec<&String> = a.iter().filter(|v| !b.contains(v)).take(5).collect();
        let only_many: Vec<&String> = b.iter().filter(|v| !a.contains(v)).take(5).collect();
        assert!(
            a == b,
            "{people}: one file only: {only_one:?}; split only: {only_many:?}; {} vs {}",
            a.len(),
            b.len()
        );
        assert!(
            doc_many["summary"]["files"].as_u64().unwrap() > people as u64 / 2,
            "{}",
            doc_many["summary"]
        );
    }
}

/// An org whose fixes touch two fragments: one with CRLF line ends and a
/// BOM, one plain.
fn fixable_org(name: &str) -> std::path::PathBuf {
    let dir = org(
        name,
        &[
            ("org.toml", ROOT),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\nfunction = \"enginering\"\n",
            ),
            (
                "people/carl.toml",
                "[people.carl]\nname = \"Carl\"\nreports-to = \"ada\"\n",
            ),
        ],
    );
    std::fs::write(
        dir.join("people/dan.toml"),
        "\u{feff}# Dan\r\n[people.dan]\r\nname = \"Dan\"\r\nreports-to = \"adaa\"\r\n",
    )
    .unwrap();
    dir
}

#[test]
fn fixes_edit_every_fragment_they_touch_byte_for_byte() {
    let dir = fixable_org("fix");
    let out = run_in(
        &dir,
        &["check", "--no-config", "--fix", "--unsafe-fixes", "."],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("fixed 2 files"), "{}", stdout(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("people/bob.toml")).unwrap(),
        "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\nfunction = \"engineering\"\n"
    );
    assert_eq!(
        std::fs::read(dir.join("people/dan.toml")).unwrap(),
        "\u{feff}# Dan\r\n[people.dan]\r\nname = \"Dan\"\r\nreports-to = \"ada\"\r\n".as_bytes()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("people/carl.toml")).unwrap(),
        "[people.carl]\nname = \"Carl\"\nreports-to = \"ada\"\n"
    );
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.join("people"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
}

#[test]
fn a_fragment_given_alone_fixes_its_whole_org() {
    let dir = fixable_org("fix-one");
    let out = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "people/carl.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        std::fs::read_to_string(dir.join("people/bob.toml"))
            .unwrap()
            .contains("\"engineering\"")
    );
}

#[test]
fn diff_shows_one_diff_per_file_and_changes_nothing() {
    let dir = fixable_org("diff");
    let before = std::fs::read(dir.join("people/dan.toml")).unwrap();
    let out = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--diff",
            "--unsafe-fixes",
            "org.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("--- a/people/bob.toml\n+++ b/people/bob.toml"),
        "{text}"
    );
    assert!(
        text.contains("--- a/people/dan.toml\n+++ b/people/dan.toml"),
        "{text}"
    );
    assert!(
        text.contains("-reports-to = \"adaa\"\r\n+reports-to = \"ada\"\r\n"),
        "{text}"
    );
    assert_eq!(std::fs::read(dir.join("people/dan.toml")).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_read_only_fragment_stops_every_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fixable_org("readonly");
    let dan = dir.join("people/dan.toml");
    std::fs::set_permissions(&dan, std::fs::Permissions::from_mode(0o444)).unwrap();
    let bob_before = std::fs::read(dir.join("people/bob.toml")).unwrap();
    let out = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let doc = common::json(&out);
    let failure = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "io-error")
        .unwrap();
    assert!(
        failure["message"]
            .as_str()
            .unwrap()
            .contains("people/dan.toml"),
        "{failure}"
    );
    // Bob's fix was ready too: it is not written either.
    assert_eq!(
        std::fs::read(dir.join("people/bob.toml")).unwrap(),
        bob_before
    );
    let left = std::fs::read_dir(dir.join("people")).unwrap().count();
    assert_eq!(left, 3);
}

#[test]
fn standard_input_fixed_as_a_fragment_goes_to_stdout_and_nothing_is_written() {
    use std::io::Write as _;
    let dir = fixable_org("fix-stdin");
    let bob_before = std::fs::read(dir.join("people/bob.toml")).unwrap();
    let mut child = common::orglint_in(&dir)
        .args([
            "check",
            "--no-config",
            "--fix",
            "--unsafe-fixes",
            "--stdin-filename",
            "people/carl.toml",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"[people.carl]\nname = \"Carl\"\nreports-to = \"adda\"\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        stdout(&out),
        "[people.carl]\nname = \"Carl\"\nreports-to = \"ada\"\n"
    );
    assert_eq!(
        std::fs::read(dir.join("people/bob.toml")).unwrap(),
        bob_before
    );
}

#[test]
fn orglint_test_checks_expectations_in_every_file_of_a_fixture_folder() {
    let out = run_in(
        repo(),
        &["test", "--no-config", "fixtures/duplicate-id/fail-files"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("ok    fixtures/duplicate-id/fail-files/people/bob.toml"));
    // An expectation in a fragment that has no diagnostic is missing.
    let dir = org(
        "expect",
        &[
            ("org.toml", ROOT),
            (
                "people/bob.toml",
                "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\" # expect: unknown-reference\n",
            ),
        ],
    );
    let out = run_in(&dir, &["test", "--no-config", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("people/bob.toml"), "{}", stdout(&out));
}

#[test]
fn graph_draws_the_whole_org_from_its_root_or_any_fragment() {
    let from_root = run_in(repo(), &["graph", "--no-config", "examples/split/org.toml"]);
    let from_fragment = run_in(
        repo(),
        &["graph", "--no-config", "examples/split/people/sam.toml"],
    );
    assert_eq!(from_root.status.code(), Some(0));
    assert_eq!(stdout(&from_root), stdout(&from_fragment));
    let chart = stdout(&from_root);
    for name in ["Nora Okafor", "Ada Lovelace", "Sam Rivera", "Platform"] {
        assert!(chart.contains(name), "{name}: {chart}");
    }
}

#[test]
fn the_readme_shows_the_example_as_it_is_linted() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let out = run_in(
        repo(),
        &[
            "check",
            "--no-config",
            "--format",
            "short",
            "examples/split",
        ],
    );
    let shown = format!(
        "$ orglint check examples/split --format short\n{}",
        stdout(&out)
    );
    assert!(readme.contains(&shown), "README does not show:\n{shown}");
}

#[test]
fn a_fragment_edited_meanwhile_stops_every_write_before_any_rename() {
    use orglint::files::{FixedFile, read_to_fix, write_all_fixed};
    let dir = org("race", &[("a.toml", "a = 1\n"), ("b.toml", "b = 1\n")]);
    let (a, b) = (dir.join("a.toml"), dir.join("b.toml"));
    let (a_bytes, a_stamp) = read_to_fix(&a).unwrap().unwrap();
    let (b_bytes, b_stamp) = read_to_fix(&b).unwrap().unwrap();
    // Someone saves `b.toml` while orglint is fixing.
    std::fs::write(&b, "b = 2 # edited meanwhile\n").unwrap();
    let result = write_all_fixed(&[
        FixedFile {
            path: &a,
            original: &a_bytes,
            stamp: &a_stamp,
            bytes: b"a = 10\n",
        },
        FixedFile {
            path: &b,
            original: &b_bytes,
            stamp: &b_stamp,
            bytes: b"b = 10\n",
        },
    ]);
    let (index, refused) = result.unwrap_err();
    assert_eq!(index, 1);
    assert!(
        refused.reason.contains("changed since it was read"),
        "{}",
        refused.reason
    );
    // Neither file was replaced, and no temporary file is left.
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "a = 1\n");
    assert_eq!(
        std::fs::read_to_string(&b).unwrap(),
        "b = 2 # edited meanwhile\n"
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 3, "a.toml, b.toml and .git: {left:?}");
}
