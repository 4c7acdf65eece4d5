//! `orglint import`: the CLI end to end on the synthetic exports of
//! `tests/data/import` (made by its `generate.py`), the problems it reports
//! (snapshots), the org it writes (linted with `orglint check`), and bad
//! input of every kind, which must never panic nor leave a file half-written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::{Rng, json, run_in, stdout, temp_dir};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import");

/// A temporary folder holding a copy of the fixtures.
fn workspace(name: &str) -> PathBuf {
    let dir = temp_dir("import", name);
    copy(Path::new(DATA), &dir);
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `(rule, message)` of every diagnostic of a JSON report.
fn diagnostics(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics array: {report}"))
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn no_panic(output: &Output) {
    let err = stderr(output);
    assert!(
        !err.contains("internal error") && !err.contains("panicked"),
        "{err}"
    );
    assert!(
        matches!(code(output), 0..=2),
        "exit {:?}: {err}",
        output.status
    );
}

const CSV_ARGS: &[&str] = &[
    "import",
    "csv",
    "employees.csv",
    "--mapping",
    "mapping.toml",
];

#[test]
fn the_csv_export_imports_with_its_problems_located_in_the_rows() {
    let dir = workspace("csv-snap");
    for format in ["human", "json"] {
        // Each in its own folder: the orglint.toml written beside the org
        // is never overwritten either.
        let out_file = format!("{format}/org.toml");
        let mut args = CSV_ARGS.to_vec();
        args.extend(["-o", &out_file, "--format", format]);
        let output = run_in(&dir, &args);
        assert_eq!(code(&output), 1, "{}", stderr(&output));
        insta::assert_snapshot!(format!("csv.{format}"), stdout(&output));
        assert!(
            stderr(&output).contains(&format!(
                "wrote `{format}/org.toml` and 1 other file: 301 people"
            )),
            "{}",
            stderr(&output)
        );
    }
    let report = json(&run_in(
        &dir,
        &[CSV_ARGS, &["--format", "json", "-o", "again/org.toml"]].concat(),
    ));
    let rules: Vec<String> = diagnostics(&report).into_iter().map(|(r, _)| r).collect();
    for rule in [
        "missing-manager",
        "unmapped-department",
        "renamed-id",
        "self-report",
        "duplicate-row-id",
        "missing-row-id",
        "bad-row",
    ] {
        assert!(rules.iter().any(|r| r == rule), "no `{rule}` in {rules:?}");
    }
    // Every diagnostic points into the export, at a row.
    for d in report["diagnostics"].as_array().into_iter().flatten() {
        assert_eq!(d["file"], "employees.csv", "{d}");
        assert!(d["line"].as_u64().is_some_and(|l| l > 1), "{d}");
    }
}

#[test]
fn the_yaml_folder_imports_with_its_problems_located_in_the_files() {
    let dir = workspace("yaml-snap");
    let output = run_in(
        &dir,
        &[
            "import",
            "yaml",
            "team",
            "--mapping",
            "mapping.toml",
            "-o",
            "org.toml",
        ],
    );
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    insta::assert_snapshot!("yaml.human", stdout(&output));
    let output = run_in(
        &dir,
        &[
            "import",
            "yaml",
            "team",
            "--mapping",
            "mapping.toml",
            "-o",
            "org2.toml",
            "--format",
            "json",
        ],
    );
    insta::assert_snapshot!("yaml.json", stdout(&output));
    let org = read(&dir.join("org.toml"));
    // GitLab's `<a href=...>Title</a>` roles become plain titles.
    assert!(!org.contains("<a href"), "HTML left in a title");
    assert!(
        org.contains("# from team/j/jean.dupont.yml:1\n[people.\"jean.dupont\"]"),
        "{org}"
    );
    assert!(
        org.contains("# id `José.García` in the export\n[people.\"jose.garcia\"]"),
        "{org}"
    );
    // The README of the folder is not a person.
    assert!(!org.contains("README"));
    // The org lints; its only broken references are the missing managers.
    let (code, report) = common::check_json(&dir, &["org.toml"]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    let unknown: Vec<&str> = found
        .iter()
        .filter(|(r, _)| r == "unknown-reference")
        .map(|(_, m)| m.split('`').nth(3).unwrap_or_default())
        .collect();
    assert_eq!(unknown, ["10999", "10999", "10999", "ex-4410"], "{found:?}");
    assert!(
        !found
            .iter()
            .any(|(r, _)| matches!(r.as_str(), "unknown-field" | "invalid-field" | "root-count")),
        "{found:?}"
    );
}

#[test]
fn the_imported_org_lints_and_every_diagnostic_comes_from_the_data() {
    let dir = workspace("lint");
    let output = run_in(&dir, &[CSV_ARGS, &["-o", "org.toml"]].concat());
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let org = read(&dir.join("org.toml"));
    // Each entity says where it comes from.
    assert!(
        org.contains("# from employees.csv:2\n# reports to itself in the export"),
        "{org}"
    );
    assert!(
        org.contains("reports-to = \"10999\"  # not in the export"),
        "{org}"
    );
    // Cells with a comma, quotes and a line break are escaped as TOML needs.
    assert!(org.contains("title = \"Director, Engineering\""));
    assert!(org.contains("title = \"Engineer \\\"Tools\\\"\""));
    assert!(org.contains("location = \"Lisbon\\n(2nd floor)\""));
    // An abbreviation is a role only as the whole title.
    assert!(org.contains(
        "title = \"Federal CTO\"\nreports-to = \"10000\"\nfunction = \"sales\"\nlocation"
    ));
    assert!(read(&dir.join("orglint.toml")).contains("person-fields = [\"location\", \"email\"]"));
    let (code, report) = common::check_json(&dir, &["org.toml"]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    let unknown: Vec<&str> = found
        .iter()
        .filter(|(r, _)| r == "unknown-reference")
        .map(|(_, m)| m.split('`').nth(3).unwrap_or_default())
        .collect();
    // Exactly the managers the import reported as missing, no more.
    assert_eq!(
        unknown,
        ["10999", "10999", "10999", "ex-4410", "10998"],
        "{found:?}"
    );
    for (rule, message) in &found {
        assert!(
            !matches!(
                rule.as_str(),
                "unknown-field"
                    | "unknown-function"
                    | "unknown-role"
                    | "invalid-field"
                    | "root-count"
                    | "toml-syntax"
            ),
            "{rule}: {message}"
        );
    }
}

#[test]
fn two_imports_are_byte_identical() {
    let dir = workspace("determinism");
    let first = run_in(&dir, CSV_ARGS);
    let second = run_in(&dir, CSV_ARGS);
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(first.stderr, second.stderr);
    let yaml = ["import", "yaml", "team", "--split", "a"];
    run_in(&dir, &yaml);
    run_in(&dir, &["import", "yaml", "team", "--split", "b"]);
    let (a, b) = (
        common::toml_files(&dir.join("a")),
        common::toml_files(&dir.join("b")),
    );
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            std::fs::read(x).ok(),
            std::fs::read(y).ok(),
            "{}",
            x.display()
        );
    }
    let _ = yaml;
}

#[test]
fn an_existing_file_is_never_overwritten_without_force() {
    let dir = workspace("force");
    std::fs::write(dir.join("org.toml"), "mine").unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(&dir, &[CSV_ARGS, &["-o", "org.toml"]].concat());
    assert_eq!(code(&output), 2);
    assert!(
        stdout(&output).contains("`org.toml` already exists; nothing was written"),
        "{}",
        stdout(&output)
    );
    assert_eq!(read(&dir.join("org.toml")), "mine");
    assert!(
        !dir.join("orglint.toml").exists(),
        "a file was written beside the refused one"
    );
    let output = run_in(&dir, &[CSV_ARGS, &["-o", "org.toml", "--force"]].concat());
    assert_eq!(code(&output), 1);
    assert!(read(&dir.join("org.toml")).starts_with("# Written by `orglint import`"));
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".orglint-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn split_writes_a_root_and_one_fragment_per_person() {
    let dir = workspace("split");
    let output = run_in(&dir, &[CSV_ARGS, &["--split", "org"]].concat());
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let root = read(&dir.join("org/org.toml"));
    assert!(
        root.contains(
            "[org]\nname = \"Northwind\"\nstructure = \"split\"\ninclude = [\"people/*.toml\"]\n"
        ),
        "{root}"
    );
    // The open position listed as a row stays in the root: fragments hold
    // people and teams only.
    assert!(root.contains("\n[vacancies.req-4411]\n"), "{root}");
    let fragments = common::toml_files(&dir.join("org/people"));
    assert_eq!(fragments.len(), 300);
    for fragment in &fragments {
        let text = read(fragment);
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", fragment.display()));
        let people = table["people"]
            .as_table()
            .unwrap_or_else(|| panic!("{text}"));
        assert_eq!(table.len(), 1, "{text}");
        assert_eq!(people.len(), 1, "{text}");
        let id = people.keys().next().cloned().unwrap_or_default();
        assert_eq!(
            fragment.file_name().and_then(|n| n.to_str()),
            Some(format!("{id}.toml").as_str())
        );
    }
    assert!(read(&dir.join("org/people/jean.dupont.toml")).contains("[people.\"jean.dupont\"]"));
    // The folder lints as one org: every person file is part of it, and
    // only the managers missing from the export dangle.
    let check = run_in(&dir, &["check", "--format", "json", "org"]);
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&check.stdout)));
    assert_eq!(doc["summary"]["files"], 301, "{}", doc["summary"]);
    let rules: std::collections::BTreeSet<&str> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.contains("unknown-reference"), "{rules:?}");
    assert!(!rules.contains("invalid-field"), "{rules:?}");
    assert!(!rules.contains("duplicate-id"), "{rules:?}");
    // Again: refused without --force; with it, a fragment of someone who
    // left is removed, a hand-written one is kept.
    assert_eq!(
        code(&run_in(&dir, &[CSV_ARGS, &["--split", "org"]].concat())),
        2
    );
    std::fs::write(
        dir.join("org/people/gone.toml"),
        "# Written by `orglint import`.\n[people.gone]\nname = \"G\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("org/people/mine.toml"),
        "[people.mine]\nname = \"M\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        code(&run_in(
            &dir,
            &[CSV_ARGS, &["--split", "org", "--force"]].concat()
        )),
        1
    );
    assert!(!dir.join("org/people/gone.toml").exists());
    assert!(dir.join("org/people/mine.toml").exists());
}

#[test]
fn standard_input_is_read_with_dash() {
    let dir = temp_dir("import", "stdin");
    let mut child = common::orglint_in(&dir)
        .args(["import", "csv", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all("\u{feff}Employee Number;Full Name;Supervisor ID;Title\r\n1;Ada;;CEO\r\n2;Grace;1;CTO\r\n".as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let org = stdout(&output);
    assert!(org.contains("# from <stdin>:3\n[people.2]\nname = \"Grace\"\ntitle = \"CTO\"\nreports-to = \"1\"\nroles = [\"cto\"]\n"), "{org}");
    assert!(org.contains("[org]\nname = \"Imported org\"\n"), "{org}");
}

/// Runs an import of `text` as `export.csv` in a fresh folder.
fn import_csv(name: &str, text: &[u8], extra: &[&str]) -> (PathBuf, Output) {
    let dir = temp_dir("import", name);
    std::fs::write(dir.join("export.csv"), text).unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        &dir,
        &[
            &[
                "import",
                "csv",
                "export.csv",
                "-o",
                "org.toml",
                "--format",
                "json",
            ],
            extra,
        ]
        .concat(),
    );
    no_panic(&output);
    (dir, output)
}

#[test]
fn latin1_is_refused_with_the_byte_offset() {
    let (dir, output) = import_csv("latin1", b"id,name,manager id\n1,Ren\xe9,\n", &[]);
    assert_eq!(code(&output), 2);
    let found = diagnostics(&json(&output));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "bad-row");
    assert!(
        found[0].1.contains("byte offset 24 (line 2, column 6)"),
        "{found:?}"
    );
    assert!(!dir.join("org.toml").exists());
}

#[test]
fn a_file_without_a_header_row_is_refused() {
    let (dir, output) = import_csv(
        "no-header",
        b"1001,Ada Lovelace,,CEO\n1002,Grace Hopper,1001,CTO\n",
        &[],
    );
    assert_eq!(code(&output), 2);
    let found = diagnostics(&json(&output));
    assert!(
        found[0]
            .1
            .starts_with("no column of the header holds employee ids; the first row is `1001`"),
        "{found:?}"
    );
    assert!(!dir.join("org.toml").exists());
    // Naming the columns is the way out... for a file that has a header.
    let (_, output) = import_csv(
        "renamed-columns",
        b"Nr,Who,Boss\n1,Ada,\n2,Grace,1\n",
        &[
            "--column",
            "id=Nr",
            "--column",
            "name=Who",
            "--column",
            "manager=Boss",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn ragged_rows_are_skipped_and_the_rest_imported() {
    let (dir, output) = import_csv(
        "ragged",
        b"id\tname\tmanager id\n1\tAda\t\n2\tGrace\n3\tLinus\t1\n",
        &[],
    );
    assert_eq!(code(&output), 1);
    let found = diagnostics(&json(&output));
    assert_eq!(
        found,
        [(
            "bad-row".to_owned(),
            "row has 2 cells where the header has 3; it is skipped".to_owned()
        )]
    );
    let org = read(&dir.join("org.toml"));
    assert!(
        org.contains("[people.1]") && org.contains("[people.3]") && !org.contains("[people.2]")
    );
}

#[test]
fn a_cycle_in_the_manager_column_is_left_for_check() {
    let (dir, output) = import_csv(
        "cycle",
        b"id,name,manager id\nceo,Ada,\na,A,b\nb,B,a\n",
        &[],
    );
    assert_eq!(code(&output), 0);
    let (code, report) = common::check_json(&dir, &["org.toml", "--no-config"]);
    assert_eq!(code, 1);
    assert!(
        diagnostics(&report)
            .iter()
            .any(|(r, _)| r == "reporting-cycle")
    );
}

#[test]
fn bad_flags_and_mapping_files_are_reported_and_nothing_is_written() {
    let (dir, output) = import_csv(
        "bad-column",
        b"id,name,manager id\n1,A,\n",
        &["--column", "manger=Boss"],
    );
    assert_eq!(code(&output), 2);
    assert!(
        diagnostics(&json(&output))[0]
            .1
            .contains("did you mean `manager`?")
    );
    assert!(!dir.join("org.toml").exists());
    std::fs::write(
        dir.join("m.toml"),
        "[[functions]]\ndepartment = \"(\"\nmatch = \"regex\"\nfunction = \"x\"\n[colums]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        &dir,
        &[
            "import",
            "csv",
            "export.csv",
            "--mapping",
            "m.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&output), 2);
    // Without `-o` the org would go to stdout, so the report is on stderr.
    assert!(output.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_slice(&output.stderr).unwrap_or_else(|e| panic!("{e}"));
    let found = diagnostics(&report);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found
            .iter()
            .any(|(_, m)| m.contains("is not a valid regex"))
    );
    assert!(
        found
            .iter()
            .any(|(_, m)| m == "unknown key `colums` in the mapping file")
    );
    assert_eq!(report["diagnostics"][0]["file"], "m.toml");
}

/// Writes `files` (path, text) under a fresh folder's `team/`.
fn yaml_folder(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = temp_dir("import", name);
    for (path, text) in files {
        let path = dir.join("team").join(path);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

const ADA: (&str, &[u8]) = (
    "a/ada.yml",
    b"name: Ada\nrole: <a href=\"/ceo/\">CEO</a>\ndepartments: [Executive]\n",
);

#[test]
fn a_yaml_file_that_is_not_a_mapping_is_skipped() {
    let dir = yaml_folder(
        "not-mapping",
        &[
            ADA,
            ("b/bob.yml", b"- name: Bob\n- reports_to: ada\n"),
            ("c/cy.yaml", b"name: [unclosed\n"),
        ],
    );
    let output = run_in(
        &dir,
        &[
            "import", "yaml", "team", "--format", "json", "-o", "org.toml",
        ],
    );
    no_panic(&output);
    assert_eq!(code(&output), 1);
    let report = json(&output);
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(files, ["team/b/bob.yml", "team/c/cy.yaml"]);
    assert!(
        diagnostics(&report)[0]
            .1
            .starts_with("the file is not a mapping")
    );
    assert!(read(&dir.join("org.toml")).contains("[people.ada]\nname = \"Ada\"\ntitle = \"CEO\"\nfunction = \"executive\"\nroles = [\"ceo\"]\n"));
}

#[test]
fn other_files_in_the_folder_are_left_alone() {
    let dir = yaml_folder(
        "others",
        &[
            ADA,
            ("README.md", b"# team\n"),
            ("a/photo.png", b"\x89PNG\r\n\x1a\n\xff"),
            (".hidden.yml", b"- x"),
        ],
    );
    let output = run_in(&dir, &["import", "yaml", "team"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("# Written by `orglint import`: 1 person."));
    let empty = yaml_folder("no-yaml", &[("README.md", b"# team\n")]);
    let output = run_in(&empty, &["import", "yaml", "team"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("no `*.yml` or `*.yaml` file in `team`"),
        "{}",
        stderr(&output)
    );
}

/// The classic "billion laughs": nine levels of ten aliases each, 10^9
/// strings once expanded.
fn billion_laughs() -> Vec<u8> {
    let mut text = String::from("name: Bomb\nlol0: &l0 \"lol\"\n");
    for level in 1..=9 {
        let refs = vec![format!("*l{}", level - 1); 10].join(", ");
        text.push_str(&format!("lol{level}: &l{level} [{refs}]\n"));
    }
    text.into_bytes()
}

#[test]
fn a_yaml_bomb_is_refused_within_bounded_memory() {
    let bomb = billion_laughs();
    let dir = yaml_folder("bomb", &[ADA, ("b/bomb.yml", &bomb)]);
    // 300 MB of address space: expanding the bomb would need gigabytes.
    let binary = env!("CARGO_BIN_EXE_orglint");
    let started = std::time::Instant::now();
    let output = Command::new("sh")
        .current_dir(&dir)
        .args([
            "-c",
            &format!("ulimit -v 300000 && exec '{binary}' import yaml team --format json"),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(started.elapsed().as_secs() < 20);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let found = diagnostics(
        &serde_json::from_slice(&output.stderr)
            .unwrap_or_else(|e| panic!("{e}: {}", stderr(&output))),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "bad-row");
    assert!(
        found[0].1.starts_with("the file uses an alias"),
        "{found:?}"
    );
    assert!(stdout(&output).contains("[people.ada]"));
}

#[test]
fn damaged_exports_never_panic() {
    let csv = std::fs::read(Path::new(DATA).join("employees.csv")).unwrap_or_default();
    let yaml = std::fs::read(Path::new(DATA).join("team/j/jean.dupont.yml")).unwrap_or_default();
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for round in 0..24 {
        let (source, is_csv) = if round % 2 == 0 {
            (&csv, true)
        } else {
            (&yaml, false)
        };
        let mut bytes = source.clone();
        bytes.truncate(rng.below(bytes.len() + 1));
        for _ in 0..rng.below(6) {
            let at = rng.below(bytes.len().max(1));
            let value = *b"\",;\t\n\r\xff:&*[{-#\\ "
                .get(rng.below(17))
                .unwrap_or(&b'x');
            if at < bytes.len() {
                bytes[at] = value;
            }
        }
        let output = if is_csv {
            import_csv(&format!("damaged-{round}"), &bytes, &[]).1
        } else {
            let dir = yaml_folder(&format!("damaged-{round}"), &[ADA, ("b/x.yml", &bytes)]);
            run_in(&dir, &["import", "yaml", "team"])
        };
        no_panic(&output);
    }
}

#[test]
fn the_starter_mapping_is_a_valid_mapping() {
    let dir = temp_dir("import", "starter");
    let output = run_in(&dir, &["import", "mapping"]);
    assert_eq!(code(&output), 0);
    let starter = stdout(&output);
    assert!(starter.contains("[[functions]]") && starter.contains("[ignore]"));
    std::fs::write(dir.join("mapping.toml"), &starter).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("e.csv"), "id,name,manager\n1,A,\n").unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        &dir,
        &[
            "import",
            "csv",
            "e.csv",
            "--mapping",
            "mapping.toml",
            "--column",
            "manager=manager",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn explain_knows_the_import_diagnostics() {
    let dir = temp_dir("import", "explain");
    for rule in orglint::ids::IMPORT {
        let output = run_in(&dir, &["explain", rule]);
        assert_eq!(code(&output), 0, "{rule}");
        assert!(stdout(&output).starts_with(&format!("{rule}: ")));
    }
}
