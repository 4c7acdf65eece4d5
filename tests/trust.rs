//! Safe to run on anyone's pull request: text from an input never reaches
//! the output raw, every format is byte-identical from run to run, run
//! failures are always said, and a config cannot make orglint read files
//! outside its repository.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const FORMATS: [&str; 5] = ["human", "short", "github", "sarif", "json"];

fn orglint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orglint"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs orglint in `dir`; fails the test rather than hang past 60 s (a FIFO
/// read by mistake never ends).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut child = orglint(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run orglint: {e}"));
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > Duration::from_secs(60) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("orglint {args:?} did not finish in 60 s");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("cannot wait for orglint: {e}"),
        }
    };
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&output.stdout)))
}

fn write(path: &Path, content: &[u8]) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(path, content)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

use common::sarif_validator;

fn assert_valid_sarif(out: &Output) -> serde_json::Value {
    let log = json(out);
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    log
}

/// Control characters other than the line feed that ends each line.
fn raw_controls(bytes: &[u8]) -> Vec<char> {
    text(bytes)
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect()
}

/// The start of a clean org with one person, `ada`.
const CLEAN_HEAD: &str =
    "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n";

/// An org whose values and keys carry every injection vector of issue 14.
const HOSTILE: &str = concat!(
    "[org]\nname = \"A\"\nstructure = \"split\"\n",
    "[people.ada]\nname = \"Ada\"\n",
    "[people.bob]\nname = \"Bob\"\n",
    "reports-to = \"x\\n::warning title=Spoofed::All checks passed\"\n",
    "[people.cy]\nname = \"Cy\"\n",
    "reports-to = \"\\u001b]0;pwned\\u0007\\u001b[2J\\u0000\"\n",
    "\"k\\u001b[31m\\u009b\" = 1\n",
);

#[test]
fn control_characters_from_inputs_are_escaped_in_every_format() {
    let dir = common::temp_dir("trust", "escape");
    let file_name = "new\n::warning title=Spoofed::x.org.toml";
    write(&dir.join(file_name), HOSTILE.as_bytes());
    // Raw control bytes in a comment: not TOML, so the file's own line is
    // quoted in the excerpt.
    write(
        &dir.join("raw.org.toml"),
        b"[org]\nname = \"A\"\n# \x1b]0;pwned\x07 \x1b[2J\x00\n",
    );
    for format in FORMATS {
        let out = run_in(
            &dir,
            &[
                "check",
                "--no-config",
                "--format",
                format,
                file_name,
                "raw.org.toml",
            ],
        );
        assert_eq!(code(&out), 1, "{format}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        if format == "json" {
            // JSON carries the raw values, escaped as JSON escapes them.
            let doc = json(&out);
            let diagnostics = doc["diagnostics"].as_array().cloned().unwrap_or_default();
            assert!(diagnostics.iter().any(|d| d["file"] == file_name));
            assert!(diagnostics.iter().any(|d| {
                d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("\u{1b}]0;pwned\u{7}\u{1b}[2J\u{0}"))
            }));
            assert!(diagnostics.iter().any(|d| {
                d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("x\n::warning title=Spoofed"))
            }));
            assert!(stdout.contains("\\u001b]0;pwned\\u0007"), "{stdout}");
            continue;
        }
        assert!(
            raw_controls(&out.stdout).is_empty(),
            "{format}: raw control characters {:?} in\n{stdout}",
            raw_controls(&out.stdout)
        );
        for line in stdout.lines() {
            let spoofed = line.trim_start().starts_with("::warning title=Spoofed")
                || (line.starts_with("::")
                    && !line.starts_with("::error ")
                    && !line.starts_with("::warning file=")
                    && !line.starts_with("::notice "));
            assert!(!spoofed, "{format}: a line from the input: {line:?}");
        }
        // What a reader sees: SARIF's message texts, the other formats' lines.
        let shown = if format == "sarif" {
            let log = assert_valid_sarif(&out);
            let results = log["runs"][0]["results"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let uris: Vec<&str> = results
                .iter()
                .filter_map(|r| {
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str()
                })
                .collect();
            assert!(
                uris.contains(&"new%0A%3A%3Awarning%20title%3DSpoofed%3A%3Ax.org.toml"),
                "{uris:?}"
            );
            let texts: Vec<&str> = results
                .iter()
                .filter_map(|r| r["message"]["text"].as_str())
                .collect();
            for t in &texts {
                let controls: Vec<char> =
                    t.chars().filter(|c| c.is_control() && *c != '\n').collect();
                assert!(controls.is_empty(), "sarif: raw {controls:?} in {t:?}");
            }
            texts.join("\n")
        } else {
            assert!(
                stdout.contains("new\\n::warning title=Spoofed::x.org.toml")
                    || stdout.contains("new\\n%3A%3Awarning title=Spoofed%3A%3Ax.org.toml"),
                "{format}: the file name is escaped\n{stdout}"
            );
            stdout.clone()
        };
        assert!(
            shown.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\0"),
            "{format}: ESC, OSC, BEL and NUL are escaped\n{shown}"
        );
        assert!(
            shown.contains("x\\n::warning title=Spoofed::All checks passed"),
            "{format}: the newline is escaped\n{shown}"
        );
        assert!(shown.contains("k\\u{1b}[31m\\u{9b}"), "{format}\n{shown}");
        if format == "human" {
            // The excerpt quotes the raw comment escaped, columns intact.
            assert!(
                stdout.contains("# \\u{1b}]0;pwned\\u{7} \\u{1b}[2J\\0"),
                "{stdout}"
            );
            assert!(stdout.contains("[raw.org.toml:3:"), "{stdout}");
        }
    }
    // Colour adds orglint's own escapes only, never the input's.
    let out = run_in(
        &dir,
        &["check", "--no-config", "--color", "always", file_name],
    );
    assert!(!text(&out.stdout).contains("\u{1b}]0;pwned"));
    assert!(!text(&out.stdout).contains("\u{1b}[2J"));
}

/// Two folders, each with its own `orglint.toml` that changes the severity
/// of the same rule one way and the other.
fn two_configs() -> PathBuf {
    let dir = common::temp_dir("trust", "two-configs");
    let org =
        b"[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nnick = \"x\"\n";
    write(
        &dir.join("a/orglint.toml"),
        b"[rules]\nunknown-field = \"error\"\n",
    );
    write(&dir.join("a/org.toml"), org);
    write(
        &dir.join("b/orglint.toml"),
        b"[rules]\nunknown-field = \"info\"\n",
    );
    write(&dir.join("b/org.toml"), org);
    write(&dir.join("c/org.toml"), org);
    dir
}

#[test]
fn sarif_rule_levels_are_the_defaults_and_results_carry_their_own() {
    let dir = two_configs();
    for order in [["a", "b", "c"], ["b", "a", "c"], ["c", "b", "a"]] {
        let out = run_in(
            &dir,
            &["check", "--format", "sarif", order[0], order[1], order[2]],
        );
        let log = assert_valid_sarif(&out);
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let rule = rules
            .iter()
            .find(|r| r["id"] == "unknown-field")
            .unwrap_or_else(|| panic!("no unknown-field in {rules:?}"));
        assert_eq!(
            rule["defaultConfiguration"]["level"], "warning",
            "{order:?}"
        );
        let levels: Vec<(String, String)> = log["runs"][0]["results"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                (
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    r["level"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        for (file, level) in [
            ("a/org.toml", "error"),
            ("b/org.toml", "note"),
            ("c/org.toml", "warning"),
        ] {
            assert!(
                levels.contains(&(file.to_owned(), level.to_owned())),
                "{order:?}: {levels:?}"
            );
        }
    }
}

#[test]
fn every_format_is_byte_identical_across_runs_with_two_configs() {
    let dir = two_configs();
    for format in FORMATS {
        let args = ["check", "--format", format, "a", "b", "c"];
        let first = run_in(&dir, &args);
        for _ in 0..4 {
            let again = run_in(&dir, &args);
            assert_eq!(
                text(&first.stdout),
                text(&again.stdout),
                "{format} differs between runs"
            );
        }
    }
}

#[test]
fn run_failures_are_printed_past_the_output_caps() {
    let dir = common::temp_dir("trust", "caps");
    let mut org =
        String::from("[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n");
    for i in 0..1_100 {
        org.push_str(&format!("k{i} = 1\n"));
    }
    write(&dir.join("org.toml"), org.as_bytes());
    // A folder cannot be written as a file: the baseline write fails.
    std::fs::create_dir_all(dir.join("taken"))
        .unwrap_or_else(|e| panic!("cannot create a folder: {e}"));
    for format in ["human", "short", "github"] {
        let out = run_in(
            &dir,
            &[
                "check",
                "--no-config",
                "--format",
                format,
                "--write-baseline",
                "taken",
                "org.toml",
            ],
        );
        assert_eq!(code(&out), 2, "{format}");
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("more diagnostics"),
            "{format}: the cap applies"
        );
        assert!(
            stdout.contains("cannot write the baseline"),
            "{format}: the reason is cut off:\n{}",
            &stdout[stdout.len().saturating_sub(600)..]
        );
    }
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_a_failed_run() {
    let dir = common::temp_dir("trust", "closed");
    write(&dir.join("org.toml"), HOSTILE.as_bytes());
    let out = Command::new("sh")
        .current_dir(&dir)
        .arg("-c")
        .arg("exec \"$0\" check --no-config org.toml >&-")
        .arg(env!("CARGO_BIN_EXE_orglint"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run sh: {e}"));
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("standard output is closed"),
        "{}",
        text(&out.stderr)
    );
    // A reader that stops early (`| head`) is not a failure: the exit code
    // is the report's.
    let mut many = String::from(CLEAN_HEAD);
    for i in 0..5_000 {
        many.push_str(&format!("k{i} = 1\n"));
    }
    write(&dir.join("many.org.toml"), many.as_bytes());
    let out = Command::new("sh")
        .current_dir(&dir)
        .arg("-c")
        .arg("{ \"$0\" check --no-config --format short many.org.toml; echo \"rc=$?\" >&2; } | head -n 1 >/dev/null")
        .arg(env!("CARGO_BIN_EXE_orglint"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run sh: {e}"));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("rc=0"), "{stderr}");
    assert!(!stderr.contains("cannot write"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn packs_and_baselines_named_in_the_config_stay_in_the_repository() {
    let outer = common::temp_dir("trust", "confined");
    let _ = std::fs::remove_dir_all(outer.join(".git"));
    let secret = outer.join("secret.toml");
    write(&secret, b"SECRET-FIRST-LINE = \"do not print\"\n");
    let repo = outer.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    write(
        &repo.join("org.toml"),
        b"[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\n",
    );
    std::os::unix::fs::symlink(&secret, repo.join("link.toml"))
        .unwrap_or_else(|e| panic!("cannot link: {e}"));
    let fifo = Command::new("mkfifo")
        .arg(repo.join("fifo.toml"))
        .status()
        .unwrap_or_else(|e| panic!("cannot run mkfifo: {e}"));
    assert!(fifo.success());
    let big = std::fs::File::create(repo.join("big.toml")).unwrap_or_else(|e| panic!("{e}"));
    big.set_len((16 << 20) + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let named = [
        secret.to_string_lossy().into_owned(),
        "/dev/zero".to_owned(),
        "../secret.toml".to_owned(),
        "sub/../../secret.toml".to_owned(),
        "link.toml".to_owned(),
        "fifo.toml".to_owned(),
        "big.toml".to_owned(),
    ];
    for (i, path) in named.iter().enumerate() {
        for key in ["packs", "baseline"] {
            let value = serde_json::to_string(path).unwrap_or_default();
            let config = if key == "packs" {
                format!("packs = [{value}]\n")
            } else {
                format!("baseline = {value}\n")
            };
            write(&repo.join("orglint.toml"), config.as_bytes());
            for format in FORMATS {
                let out = run_in(&repo, &["check", "--format", format, "org.toml"]);
                let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
                assert_eq!(code(&out), 2, "{key} {path} ({format}): {all}");
                assert!(!all.contains("SECRET"), "{key} {path} ({format}): {all}");
                if format == "json" {
                    let doc = json(&out);
                    let d = &doc["diagnostics"][0];
                    assert_eq!(d["rule"], "config-error", "{all}");
                    assert_eq!(d["file"], "orglint.toml", "{all}");
                    assert_eq!(d["line"], 1, "{all}");
                    assert!(d["column"].as_u64().is_some_and(|c| c > 1), "{i}: {all}");
                }
            }
        }
    }
    // The command line is the user's own choice.
    write(&repo.join("orglint.toml"), b"");
    let elsewhere = outer.join("elsewhere.toml");
    write(&elsewhere, b"[rules]\nunknown-field = \"off\"\n");
    let baseline = outer.join("base.json");
    write(&baseline, br#"{ "version": 1, "entries": [] }"#);
    let out = run_in(
        &repo,
        &[
            "check",
            "--config",
            &elsewhere.to_string_lossy(),
            "--baseline",
            &baseline.to_string_lossy(),
            "org.toml",
        ],
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    // A pack inside the repository, through a relative path, still loads.
    write(
        &repo.join("rules/acme.toml"),
        b"[pack]\nname = \"acme\"\nsummary = \"A\"\n",
    );
    write(
        &repo.join("orglint.toml"),
        b"packs = [\"rules/../rules/acme.toml\"]\n",
    );
    let out = run_in(&repo, &["check", "--format", "short", "org.toml"]);
    assert!(
        !text(&out.stdout).contains("config-error"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn one_file_spelled_three_ways_is_linted_once() {
    let dir = common::temp_dir("trust", "spellings");
    write(&dir.join("x.org.toml"), HOSTILE.as_bytes());
    let absolute = dir.join("x.org.toml").to_string_lossy().into_owned();
    let out = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "./x.org.toml",
            "x.org.toml",
            &absolute,
        ],
    );
    let doc = json(&out);
    assert_eq!(doc["summary"]["files"], 1);
    let files: Vec<&str> = doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(!files.is_empty());
    assert!(files.iter().all(|f| *f == "x.org.toml"), "{files:?}");
}

#[test]
fn sarif_uris_are_percent_encoded() {
    let dir = common::temp_dir("trust", "uris");
    write(&dir.join("a#b 50%é.org.toml"), HOSTILE.as_bytes());
    let out = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "sarif",
            "a#b 50%é.org.toml",
        ],
    );
    let log = assert_valid_sarif(&out);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "a%23b%2050%25%C3%A9.org.toml");
}

#[test]
fn the_human_header_column_is_the_real_one_on_clipped_lines() {
    let dir = common::temp_dir("trust", "column");
    let line = format!("a = {{ name = \"{}\", on-call = 3 }}\n", "y".repeat(300));
    write(
        &dir.join("org.toml"),
        format!("[org]\nname = \"A\"\nstructure = \"split\"\n[people]\n{line}").as_bytes(),
    );
    let short = text(
        &run_in(
            &dir,
            &["check", "--no-config", "--format", "short", "org.toml"],
        )
        .stdout,
    );
    let column = line.find("3 }").map_or(0, |i| i + 1);
    assert!(
        short.starts_with(&format!("org.toml:5:{column}:")),
        "{short}"
    );
    let human = text(&run_in(&dir, &["check", "--no-config", "org.toml"]).stdout);
    assert!(human.contains(&format!("[org.toml:5:{column}]")), "{human}");
    assert!(human.contains('…'), "the line is clipped: {human}");
}

#[test]
fn orglint_test_escapes_what_it_quotes() {
    let dir = common::temp_dir("trust", "test-command");
    write(&dir.join("hostile\u{1b}[2J.toml"), HOSTILE.as_bytes());
    let out = run_in(&dir, &["test", "--no-config", "hostile\u{1b}[2J.toml"]);
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 1, "{stdout}");
    assert!(
        raw_controls(&out.stdout).is_empty(),
        "raw control characters in\n{stdout}"
    );
    assert!(stdout.contains("hostile\\u{1b}[2J.toml"), "{stdout}");
    assert!(stdout.contains("\\u{1b}]0;pwned\\u{7}"), "{stdout}");
}
