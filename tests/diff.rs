//! `orglint diff`: real git repositories made in temporary folders
//! (commits, branches, renames, shallow clones), compared end to end.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;

/// A git repository in a temporary folder.
struct Repo {
    dir: PathBuf,
}

impl Repo {
    fn new(name: &str) -> Repo {
        let dir = std::env::temp_dir().join(format!("orglint-diff-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Repo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(&self.dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn remove(&self, path: &str) {
        std::fs::remove_file(self.dir.join(path)).unwrap();
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    fn run(&self, args: &[&str]) -> Output {
        common::run_in(&self.dir, args)
    }

    /// `orglint diff ARGS --format json`: the exit code and the document.
    fn json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["diff", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        (out.status.code().unwrap_or(-1), common::json(&out))
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The rules of a list of diagnostics.
fn rules(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

const ROOT: &str = r#"[org]
name = "Acme"
include = ["people/*.toml"]

[people.ceo]
name = "Nora Ceo"
title = "CEO"
roles = ["ceo"]
"#;

/// A multi-file org: the CEO in the root; the CPTO, the CMO, a design VP
/// with two designers and engineers in fragments.
fn acme(repo: &Repo) {
    repo.write("org.toml", ROOT);
    repo.write(
        "people/leaders.toml",
        r#"[people.cpto]
name = "Grace Hopper"
title = "CPTO"
reports-to = "ceo"
roles = ["cpto"]
on-call = true

[people.cmo]
name = "Mary Parker"
title = "CMO"
reports-to = "ceo"
function = "marketing"
"#,
    );
    repo.write(
        "people/design.toml",
        r#"[people.design-vp]
name = "Dieter Rams"
title = "VP Design"
reports-to = "cpto"
function = "design"

[people.d1]
name = "Designer One"
reports-to = "design-vp"
function = "design"

[people.d2]
name = "Designer Two"
reports-to = "design-vp"
function = "design"
"#,
    );
    let mut eng = String::new();
    for i in 1..=4 {
        eng.push_str(&format!(
            "[people.e{i}]\nname = \"Engineer {i}\"\nreports-to = \"cpto\"\nfunction = \"engineering\"\n\n"
        ));
    }
    repo.write("people/eng.toml", &eng);
}

#[test]
fn a_pr_that_moves_the_design_vp_under_marketing() {
    let repo = Repo::new("design-vp");
    acme(&repo);
    repo.commit("base");
    repo.git(&["checkout", "-q", "-b", "pr"]);
    let design = std::fs::read_to_string(repo.dir.join("people/design.toml")).unwrap();
    repo.write(
        "people/design.toml",
        &design.replacen("reports-to = \"cpto\"", "reports-to = \"cmo\"", 1),
    );
    repo.commit("design under marketing");
    let (code, doc) = repo.json(&["main", "pr"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["orgs"], 1);
    let moved = &doc["changes"]["people"]["moved"];
    assert_eq!(
        moved,
        &serde_json::json!([{"org": "org.toml", "id": "design-vp", "from": "cpto", "to": "cmo"}])
    );
    let new = &doc["diagnostics"]["new"];
    let left: Vec<&Value> = new
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "left-rd")
        .collect();
    // The VP and both designers, located in the fragment that moved.
    assert_eq!(left.len(), 3, "{new:#}");
    assert!(left.iter().all(|d| d["file"] == "people/design.toml"));
    assert!(rules(new).contains(&"design-and-data-included".to_owned()));
    let facts = doc["changes"]["facts"].as_array().unwrap();
    let fact = |name: &str| facts.iter().find(|f| f["fact"] == name).cloned();
    assert_eq!(
        fact("rd-organisation").unwrap(),
        serde_json::json!({"org": "org.toml", "fact": "rd-organisation", "before": 8, "after": 5})
    );
    assert_eq!(fact("organisation:cmo").unwrap()["after"], 3);
    insta::assert_snapshot!(
        "design-vp.json",
        common::stdout(&repo.run(&["diff", "main", "pr", "--format", "json"]))
    );
    insta::assert_snapshot!(
        "design-vp.md",
        common::stdout(&repo.run(&["diff", "main", "pr", "--format", "markdown"]))
    );
}

/// An org of `n` people under one CEO.
fn flat(n: usize) -> String {
    let mut text = String::from(
        "[org]\nname = \"Flat\"\nstructure = \"split\"\n\n[people.ceo]\nname = \"Ceo\"\n",
    );
    for i in 1..n {
        text.push_str(&format!(
            "\n[people.p{i}]\nname = \"Person {i}\"\nreports-to = \"ceo\"\n"
        ));
    }
    text
}

#[test]
fn a_pr_that_removes_a_fifth_of_the_org_is_a_mass_removal() {
    let repo = Repo::new("fifth");
    repo.write("org.toml", &flat(10));
    repo.commit("base");
    let text = flat(10)
        .replace(
            "\n[people.p8]\nname = \"Person 8\"\nreports-to = \"ceo\"\n",
            "",
        )
        .replace(
            "\n[people.p9]\nname = \"Person 9\"\nreports-to = \"ceo\"\n",
            "",
        );
    repo.write("org.toml", &text);
    // HEAD omitted: the working tree.
    let (code, doc) = repo.json(&["main"]);
    assert_eq!(code, 1);
    let removed = doc["changes"]["people"]["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 2);
    let new = doc["diagnostics"]["new"].as_array().unwrap();
    let mass: Vec<_> = new.iter().filter(|d| d["rule"] == "mass-removal").collect();
    assert_eq!(mass.len(), 1, "{new:#?}");
    assert_eq!(
        mass[0]["message"],
        "2 of 10 people (20 %) of the org are removed, more than 10 %"
    );
    // One person out of ten is within the bound.
    let text = flat(10).replace(
        "\n[people.p9]\nname = \"Person 9\"\nreports-to = \"ceo\"\n",
        "",
    );
    repo.write("org.toml", &text);
    let (code, doc) = repo.json(&["main"]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(!rules(&doc["diagnostics"]["new"]).contains(&"mass-removal".to_owned()));
}

#[test]
fn a_pr_that_only_reorders_tables_has_no_new_or_fixed_diagnostic() {
    let repo = Repo::new("reorder");
    // Problems at both sides: a manager of one, an unknown function.
    let tables = [
        "[people.ada]\nname = \"Ada\"\n",
        "[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\nfunction = \"alchemy\"\n",
        "[people.cy]\nname = \"Cy\"\nreports-to = \"bob\"\n",
        "[teams.web]\nname = \"Web\"\nlead = \"bob\"\nmembers = [\"cy\"]\n",
    ];
    let head = "[org]\nname = \"A\"\nstructure = \"split\"\n\n";
    repo.write("org.toml", &format!("{head}{}", tables.join("\n")));
    repo.commit("base");
    let mut reversed = tables.to_vec();
    reversed.reverse();
    repo.write("org.toml", &format!("{head}\n\n{}", reversed.join("\n\n")));
    repo.commit("reorder");
    let (code, doc) = repo.json(&["main~1", "main"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["summary"]["new"], 0);
    assert_eq!(doc["summary"]["fixed"], 0);
    assert!(
        doc["summary"]["unchanged"].as_u64().unwrap() >= 2,
        "{doc:#}"
    );
    for kind in ["people", "teams"] {
        for list in ["added", "removed", "renamed", "moved", "changed"] {
            assert_eq!(
                doc["changes"][kind][list],
                serde_json::json!([]),
                "{kind}.{list}"
            );
        }
    }
    assert_eq!(doc["changes"]["facts"], serde_json::json!([]));
    // --fail-on all fails on the old errors at HEAD.
    let out = repo.run(&["diff", "main~1", "main", "--fail-on", "all"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn renamed_ids_and_a_renamed_root_file() {
    let repo = Repo::new("renames");
    acme(&repo);
    repo.commit("base");
    let leaders = std::fs::read_to_string(repo.dir.join("people/leaders.toml")).unwrap();
    repo.write(
        "people/leaders.toml",
        &leaders.replace("[people.cmo]", "[people.mparker]"),
    );
    repo.git(&["mv", "org.toml", "acme.org.toml"]);
    repo.commit("renames");
    let out = repo.run(&["diff", "main~1", "main", "--format", "json"]);
    assert!(
        stderr(&out).contains("the root file `org.toml` is `acme.org.toml` at HEAD"),
        "{}",
        stderr(&out)
    );
    let doc = common::json(&out);
    assert_eq!(doc["summary"]["orgs"], 1);
    assert_eq!(
        doc["changes"]["people"]["renamed"],
        serde_json::json!([{"org": "acme.org.toml", "from": "cmo", "to": "mparker"}])
    );
    assert_eq!(doc["changes"]["people"]["removed"], serde_json::json!([]));
    assert_eq!(doc["changes"]["people"]["added"], serde_json::json!([]));
    assert_eq!(doc["summary"]["new"], 0, "{doc:#}");
}

#[test]
fn an_org_added_or_deleted_by_the_change() {
    let repo = Repo::new("added");
    repo.write("README.md", "nothing yet\n");
    repo.commit("empty");
    repo.write("org.toml", &flat(4));
    repo.commit("org");
    let (code, doc) = repo.json(&["main~1", "main"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(
        doc["changes"]["people"]["added"].as_array().unwrap().len(),
        4
    );
    repo.remove("org.toml");
    repo.commit("deleted");
    let (code, doc) = repo.json(&["main~1", "main"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(
        doc["changes"]["people"]["removed"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert!(rules(&doc["diagnostics"]["new"]).contains(&"mass-removal".to_owned()));
}

#[test]
fn a_base_that_is_not_valid_toml() {
    let repo = Repo::new("invalid-base");
    repo.write("org.toml", "[org\nname = \"A\"\n");
    repo.commit("broken");
    repo.write("org.toml", &flat(3));
    repo.commit("fixed");
    let (code, doc) = repo.json(&["main~1", "main"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(rules(&doc["diagnostics"]["fixed"]), ["toml-syntax"]);
    assert_eq!(
        doc["changes"]["people"]["added"].as_array().unwrap().len(),
        3
    );
}

#[test]
fn paths_with_spaces_and_bytes_that_are_not_utf8() {
    let repo = Repo::new("paths");
    repo.write("my org/org.toml", &flat(3));
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let folder = repo.dir.join(std::ffi::OsStr::from_bytes(b"team\xff"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("org.toml"), flat(2)).unwrap();
    }
    repo.commit("base");
    repo.write("my org/org.toml", &flat(4));
    repo.commit("one more");
    let (code, doc) = repo.json(&["main~1", "main"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(
        doc["changes"]["people"]["added"],
        serde_json::json!([{"org": "my org/org.toml", "id": "p3", "name": "Person 3"}])
    );
    let expected = if cfg!(unix) { 2 } else { 1 };
    assert_eq!(doc["summary"]["orgs"], expected);
    // PATHS after `--` narrow the search.
    let (_, doc) = repo.json(&["main~1", "main", "--", "my org"]);
    assert_eq!(doc["summary"]["orgs"], 1);
}

#[test]
fn failures_before_anything_is_compared() {
    let plain = common::temp_dir("diff", "plain");
    std::fs::remove_dir_all(plain.join(".git")).unwrap();
    let out = common::run_in(&plain, &["diff", "main"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not in a git repository"),
        "{}",
        stderr(&out)
    );

    let repo = Repo::new("bad-rev");
    repo.write("org.toml", &flat(2));
    repo.commit("base");
    let out = repo.run(&["diff", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown revision `no-such-branch`"),
        "{}",
        stderr(&out)
    );
    let out = repo.run(&["diff", "--", "main"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // A shallow clone without the base.
    repo.write("org.toml", &flat(3));
    repo.commit("second");
    let clone = std::env::temp_dir().join(format!("orglint-diff-{}-shallow", std::process::id()));
    let _ = std::fs::remove_dir_all(&clone);
    let url = format!("file://{}", repo.dir.display());
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&clone)
        .status()
        .unwrap();
    assert!(status.success());
    let base = repo.git(&["rev-parse", "main~1"]);
    let out = common::run_in(&clone, &["diff", base.trim()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("shallow") && err.contains("git fetch origin"),
        "{err}"
    );
    assert!(err.contains("--deepen"), "{err}");
}

#[test]
fn each_side_has_its_own_configuration_and_head_suppressions_apply() {
    let repo = Repo::new("config");
    repo.write("org.toml", &flat(10));
    repo.commit("base");
    let text = flat(10).replace(
        "\n[people.p9]\nname = \"Person 9\"\nreports-to = \"ceo\"\n",
        "",
    );
    repo.write("org.toml", &text);
    // HEAD's configuration allows 5 % only.
    repo.write(
        "orglint.toml",
        "[rules]\nmass-removal = { max-percent = 5 }\n",
    );
    repo.commit("stricter");
    let (code, doc) = repo.json(&["main~1", "main"]);
    assert_eq!(code, 1, "{doc:#}");
    assert!(rules(&doc["diagnostics"]["new"]).contains(&"mass-removal".to_owned()));
    // A suppression in HEAD's text hides it, and `check` does not call it
    // unused.
    let suppressed = text.replacen(
        "[org]",
        "# orglint: allow(mass-removal) -- p9 left the company\n[org]",
        1,
    );
    repo.write("org.toml", &suppressed);
    let (code, doc) = repo.json(&["main~1"]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(!rules(&doc["diagnostics"]["new"]).contains(&"mass-removal".to_owned()));
    let (_, checked) = common::check_json(&repo.dir, &["org.toml"]);
    let unused: Vec<_> = checked["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unused-suppression")
        .collect();
    assert!(unused.is_empty(), "{unused:#?}");
    // A broken configuration at HEAD fails the run.
    repo.write(
        "orglint.toml",
        "[rules]\nmass-removal = { max-percent = \"ten\" }\n",
    );
    let out = repo.run(&["diff", "main~1"]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stdout(&out));
}

#[test]
fn a_baseline_entry_hides_a_change_rule() {
    let repo = Repo::new("baseline");
    repo.write("org.toml", &flat(10));
    repo.write("orglint.toml", "baseline = \"orglint-baseline.json\"\n");
    repo.write(
        "orglint-baseline.json",
        r#"{"version": 1, "entries": [{"rule": "mass-removal", "file": "org.toml", "entity": null, "key": "percent", "count": 1}]}"#,
    );
    repo.commit("base");
    let text = flat(10)
        .replace(
            "\n[people.p8]\nname = \"Person 8\"\nreports-to = \"ceo\"\n",
            "",
        )
        .replace(
            "\n[people.p9]\nname = \"Person 9\"\nreports-to = \"ceo\"\n",
            "",
        );
    repo.write("org.toml", &text);
    let (code, doc) = repo.json(&["main"]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(!rules(&doc["diagnostics"]["new"]).contains(&"mass-removal".to_owned()));
}

#[test]
fn github_and_sarif_show_only_the_new_diagnostics() {
    let repo = Repo::new("formats");
    repo.write(
        "org.toml",
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nfunction = \"alchemy\"\n",
    );
    repo.commit("base");
    repo.write(
        "org.toml",
        "[org]\nname = \"A\"\nstructure = \"split\"\n[people.ada]\nname = \"Ada\"\nfunction = \"alchemy\"\n[people.bob]\nname = \"Bob\"\nreports-to = \"adda\"\n",
    );
    let github = common::stdout(&repo.run(&["diff", "main", "--format", "github"]));
    assert!(github.contains("unknown-reference"), "{github}");
    assert!(!github.contains("unknown-function"), "{github}");
    let sarif: Value =
        serde_json::from_slice(&repo.run(&["diff", "main", "--format", "sarif"]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["ruleId"] != "unknown-function"));
    assert!(results.iter().any(|r| r["ruleId"] == "unknown-reference"));
    // The same fingerprint as `orglint check`.
    let checked: Value =
        serde_json::from_slice(&repo.run(&["check", "--format", "sarif", "org.toml"]).stdout)
            .unwrap();
    let print = |r: &Value| r["partialFingerprints"].clone();
    let of_check = checked["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "unknown-reference")
        .map(print);
    let of_diff = results
        .iter()
        .find(|r| r["ruleId"] == "unknown-reference")
        .map(print);
    assert_eq!(of_check, of_diff);
}

#[test]
fn markdown_escapes_the_org_and_stays_under_the_limit() {
    let repo = Repo::new("markdown");
    repo.write("org.toml", &flat(2));
    repo.commit("base");
    let mut text = flat(2);
    text.push_str(
        "\n[people.mallory]\nname = \"<img src=x onerror=alert(1)> [click](http://evil) @octocat #1 | </details>\"\nreports-to = \"ceo\"\n",
    );
    for i in 0..3000 {
        text.push_str(&format!(
            "\n[people.n{i}]\nname = \"A rather long name for person number {i}\"\nreports-to = \"ceo\"\n"
        ));
    }
    repo.write("org.toml", &text);
    let out = repo.run(&["diff", "main", "--format", "markdown"]);
    let md = common::stdout(&out);
    assert!(md.chars().count() < 65_536, "{}", md.chars().count());
    assert!(
        md.contains("_Left out to stay under GitHub's 65,536-character limit:"),
        "{md}"
    );
    assert!(!md.contains("<img") && !md.contains("](http") && !md.contains("@octocat"));
    assert_eq!(
        md.matches("</details>").count(),
        md.matches("<details>").count()
    );
    assert!(
        md.contains("&lt;img src\\=x onerror\\=alert\\(1\\)&gt;"),
        "{md}"
    );
    assert!(
        md.contains("&#64;octocat &#35;1 \\| &lt;\\/details&gt;"),
        "{md}"
    );
}

#[test]
fn the_change_rules_run_only_in_diff() {
    let dir = common::temp_dir("diff", "check-only");
    std::fs::write(dir.join("org.toml"), flat(3)).unwrap();
    let (_, doc) = common::check_json(&dir, &["org.toml"]);
    let seen = rules(&doc["diagnostics"]);
    for rule in ["mass-removal", "left-rd", "exec-changed", "span-growth"] {
        assert!(!seen.contains(&rule.to_owned()));
    }
    let explain = common::stdout(&common::run_in(&dir, &["explain", "left-rd"]));
    assert!(
        explain.contains("# org.toml at BASE") && explain.contains("# org.toml at HEAD"),
        "{explain}"
    );
    assert!(explain.contains("`orglint diff` only"), "{explain}");
    let _ = Path::new("");
}

#[test]
fn the_readme_shows_the_markdown_of_the_design_vp_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let snapshot =
        std::fs::read_to_string(root.join("tests/snapshots/diff__design-vp.md.snap")).unwrap();
    let body = snapshot.splitn(3, "---\n").nth(2).unwrap().trim_end();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```markdown\n{body}\n```")),
        "README.md does not show tests/snapshots/diff__design-vp.md.snap"
    );
}

#[test]
fn an_org_of_many_fragments_read_from_git_in_one_stream() {
    // 30 fragments: more than are read one by one, so their folder is read
    // ahead in one stream.
    let repo = Repo::new("many");
    repo.write(
        "org.toml",
        "[org]\nname = \"A\"\nstructure = \"split\"\ninclude = [\"people/*.toml\"]\n\n[people.ceo]\nname = \"Ceo\"\n",
    );
    for i in 0..30 {
        repo.write(
            &format!("people/p{i:02}.toml"),
            &format!("[people.p{i:02}]\nname = \"Person {i}\"\nreports-to = \"ceo\"\n"),
        );
    }
    repo.commit("base");
    repo.write(
        "people/p07.toml",
        "[people.p07]\nname = \"Person 7\"\nreports-to = \"p08\"\n",
    );
    repo.remove("people/p29.toml");
    repo.commit("one moves, one leaves");
    let (code, doc) = repo.json(&["main~1", "main"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(
        doc["changes"]["people"]["moved"],
        serde_json::json!([{"org": "org.toml", "id": "p07", "from": "ceo", "to": "p08"}])
    );
    assert_eq!(
        doc["changes"]["people"]["removed"],
        serde_json::json!([{"org": "org.toml", "id": "p29", "name": "Person 29"}])
    );
    assert_eq!(doc["changes"]["people"]["added"], serde_json::json!([]));
    // p08 now manages one person.
    assert_eq!(rules(&doc["diagnostics"]["new"]), ["span-of-control"]);
}
