//! The reference documents in `docs/` are held to the code: every
//! subcommand, flag, possible value, exit code and `orglint.toml` key is in
//! `docs/cli.md`; the template reference of `docs/rules.md` is generated
//! from the template registry; and no file of the repository points at a
//! document it does not contain.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_orglint"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "`orglint {args:?} --help` failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `CheckArgs` -> `check-args`.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every subcommand: those `orglint --help` lists, and the variants of the
/// clap `enum Command` in `src/` (hidden ones, such as `manpage`, are not in
/// the help but are still commands users may run).
fn subcommands() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let top = help(&[]);
    let listed = top
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default();
    for line in listed.lines() {
        if let Some(name) = line.split_whitespace().next()
            && line.starts_with("  ")
            && name != "help"
        {
            names.insert(name.to_owned());
        }
    }
    assert!(names.contains("check"), "no commands in `orglint --help`");
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    let mut found_enum = false;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let Some(body) = text
            .split("enum Command {\n")
            .nth(1)
            .and_then(|rest| rest.split("\n}").next())
        else {
            continue;
        };
        found_enum = true;
        for line in body.lines() {
            let line = line.trim();
            if line.starts_with(|c: char| c.is_ascii_uppercase()) {
                let variant: String = line
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                names.insert(kebab(&variant));
            }
        }
    }
    assert!(
        found_enum,
        "no clap `enum Command {{` in src/: update tests/docs.rs to find the subcommands"
    );
    names
}

/// What a `--help` text declares.
#[derive(Debug, Default)]
struct Declared {
    /// `--format`, `-A`.
    flags: BTreeSet<String>,
    /// Possible values of flags and arguments.
    values: BTreeSet<String>,
    /// Exit codes of an `Exit codes:` section.
    exit_codes: BTreeSet<String>,
}

fn declared(help: &str) -> Declared {
    let mut d = Declared::default();
    let chars: Vec<char> = help.chars().collect();
    for (i, window) in chars.windows(2).enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        if window == ['-', '-'] && before.is_none_or(|c| c == ' ' || c == '(' || c == '`') {
            let name: String = chars
                .iter()
                .skip(i + 2)
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
                .collect();
            if !name.is_empty() {
                d.flags.insert(format!("--{name}"));
            }
        }
    }
    let mut in_values = false;
    let mut in_exit = false;
    for line in help.lines() {
        let trimmed = line.trim();
        if let Some(short) = trimmed.strip_prefix('-')
            && let Some((flag, _)) = short.split_once(", --")
            && flag.len() == 1
        {
            d.flags.insert(format!("-{flag}"));
        }
        if let Some(rest) = trimmed
            .split("[possible values: ")
            .nth(1)
            .and_then(|r| r.split(']').next())
        {
            d.values.extend(rest.split(", ").map(str::to_owned));
        }
        if trimmed == "Possible values:" {
            in_values = true;
            continue;
        }
        if in_values {
            match trimmed.strip_prefix("- ").and_then(|v| v.split(':').next()) {
                Some(value) => {
                    d.values.insert(value.to_owned());
                }
                None => in_values = false,
            }
        }
        if trimmed == "Exit codes:" {
            in_exit = true;
            continue;
        }
        if in_exit
            && let Some(code) = trimmed.split_whitespace().next()
            && code.chars().all(|c| c.is_ascii_digit())
        {
            d.exit_codes.insert(code.to_owned());
        }
    }
    for generic in ["--help", "--version", "-h", "-V"] {
        d.flags.remove(generic);
    }
    d
}

/// Heading level and text of a Markdown heading line.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    (level > 0 && line.get(level..)?.starts_with(' ')).then(|| (level, line[level..].trim()))
}

/// The section whose heading contains `needle`: from that heading to the
/// next heading of the same or a higher level.
fn section<'a>(doc: &'a str, needle: &str) -> Option<&'a str> {
    let mut start = None;
    let mut offset = 0;
    for line in doc.split_inclusive('\n') {
        if let Some((level, text)) = heading(line) {
            match start {
                Some((from, at_level)) if level <= at_level => {
                    return doc.get(from..offset);
                }
                None if text.contains(needle) => start = Some((offset, level)),
                _ => {}
            }
        }
        offset += line.len();
    }
    start.and_then(|(from, _)| doc.get(from..))
}

/// Whether `text` names `word` in backticks, alone or followed by a value
/// (`` `--config` ``, `` `--config PATH` ``, `` `--format human|json` ``).
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(&format!("`{word}")).any(|(i, m)| {
        text.get(i + m.len()..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| matches!(c, '`' | ' ' | '\\' | '|' | '='))
    })
}

#[test]
fn the_cli_reference_documents_every_command_flag_value_and_exit_code() {
    let doc = read("docs/cli.md");
    let mut problems = Vec::new();
    let top = declared(&help(&[]));
    for code in &top.exit_codes {
        if !doc.contains(&format!("| {code} |")) {
            problems.push(format!("exit code {code} is not in a table of docs/cli.md"));
        }
    }
    for name in subcommands() {
        let Some(text) = section(&doc, &format!("`orglint {name}")) else {
            problems.push(format!(
                "docs/cli.md has no section (a heading with `orglint {name}`) for `orglint {name}`"
            ));
            continue;
        };
        let d = declared(&help(&[name.as_str()]));
        for flag in &d.flags {
            if !mentions(text, flag) {
                problems.push(format!(
                    "the `orglint {name}` section of docs/cli.md does not name `{flag}`"
                ));
            }
        }
        for value in &d.values {
            if !mentions(text, value) {
                problems.push(format!(
                    "the `orglint {name}` section of docs/cli.md does not name the value `{value}`"
                ));
            }
        }
        for code in &d.exit_codes {
            if !text.contains(&format!("| {code} |")) {
                problems.push(format!(
                    "the `orglint {name}` section of docs/cli.md has no row for exit code {code}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_cli_reference_documents_every_output_format() {
    let doc = read("docs/cli.md");
    let formats = declared(&help(&["check"])).values;
    for format in ["human", "short", "json", "sarif", "github"] {
        assert!(formats.contains(format), "`check --format` lost `{format}`");
    }
    for format in ["human", "short", "json", "sarif", "github"] {
        let heading = doc
            .lines()
            .filter_map(heading)
            .any(|(_, text)| mentions(text, format));
        assert!(
            heading,
            "docs/cli.md has no heading for the `{format}` format"
        );
    }
}

#[test]
fn the_cli_reference_documents_every_config_key() {
    let doc = read("docs/cli.md");
    let Some(config) = section(&doc, "Configuration") else {
        panic!("docs/cli.md has no Configuration section");
    };
    let mut problems = Vec::new();
    let keys = orglint::config::KEYS
        .iter()
        .chain(orglint::config::VOCABULARY_KEYS)
        .chain(&["severity", "off", "info", "warning", "error"]);
    for key in keys {
        let quoted = format!("`\"{key}\"`");
        if !mentions(config, key)
            && !config.contains(&format!("[{key}]"))
            && !config.contains(&quoted)
        {
            problems.push(format!(
                "the Configuration section of docs/cli.md does not name `{key}`"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_rules_reference_names_every_rule_key_and_selector_key() {
    let doc = read("docs/rules.md");
    let mut problems = Vec::new();
    for key in orglint::rules::pack::RULE_KEYS {
        if !mentions(&doc, key) && !doc.contains(&format!("`[[{key}]]`")) {
            problems.push(format!("docs/rules.md does not name the rule key `{key}`"));
        }
    }
    let Some(selectors) = section(&doc, "Selectors") else {
        panic!("docs/rules.md has no Selectors section");
    };
    for key in orglint::rules::selector::SPECIAL_KEYS {
        if !mentions(selectors, key) {
            problems.push(format!(
                "the Selectors section of docs/rules.md does not name `{key}`"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

const BEGIN: &str = "<!-- BEGIN GENERATED: templates";
const END: &str = "<!-- END GENERATED: templates -->";

#[test]
fn the_template_reference_is_generated_from_the_registry() {
    let path = Path::new(ROOT).join("docs/rules.md");
    let doc = read("docs/rules.md");
    let expected = orglint::report::catalog::templates_markdown();
    let (Some(begin), Some(end)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/rules.md lacks the `{BEGIN}` ... `{END}` markers");
    };
    let Some(after_begin) = doc[begin..].find('\n').map(|i| begin + i + 1) else {
        panic!("nothing after the BEGIN marker");
    };
    let current = doc.get(after_begin..end).unwrap_or_default();
    if current == expected {
        return;
    }
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{expected}{}", &doc[..after_begin], &doc[end..]);
        std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    panic!(
        "the template reference in docs/rules.md is out of date; run \
         `UPDATE_DOCS=1 cargo test --test docs` or paste this between the markers:\n\n{expected}"
    );
}

/// Files whose text may point at documents: sources, docs, rule packs,
/// scripts, CI files (test data from elsewhere and build output excluded).
fn repository_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | "data" | "snapshots") {
                repository_files(&path, out);
            }
        } else if ["rs", "md", "toml", "yml", "yaml", "sh"]
            .iter()
            .any(|e| name.ends_with(&format!(".{e}")))
            && !name.ends_with(".lock")
        {
            out.push(path);
        }
    }
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces
/// turned into dashes.
fn slug(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        if let Some((_, text)) = heading(line) {
            let base = slug(text);
            let mut anchor = base.clone();
            let mut n = 0;
            while seen.contains(&anchor) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            seen.insert(anchor);
        }
    }
    seen
}

/// Checks that `target` (a path, maybe with `#anchor`, relative to `dir` or
/// to the repository root) exists.
fn check_target(file: &Path, dir: &Path, target: &str, problems: &mut Vec<String>) {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let resolved = if path.is_empty() {
        Some(file.to_path_buf())
    } else {
        let path = path.trim_start_matches('/');
        [dir.join(path), Path::new(ROOT).join(path)]
            .into_iter()
            .find(|p| p.exists())
    };
    let shown = file.strip_prefix(ROOT).unwrap_or(file).display();
    let Some(resolved) = resolved else {
        problems.push(format!(
            "{shown} points at `{target}`, which the repository lacks"
        ));
        return;
    };
    if let Some(anchor) = anchor
        && resolved.extension().is_some_and(|e| e == "md")
    {
        let text = std::fs::read_to_string(&resolved).unwrap_or_default();
        if !anchors(&text).contains(anchor) {
            problems.push(format!(
                "{shown} points at `{target}`, which has no such heading"
            ));
        }
    }
}

#[test]
fn no_file_points_at_a_document_the_repository_lacks() {
    let mut files = Vec::new();
    repository_files(Path::new(ROOT), &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let dir = file.parent().unwrap_or(Path::new(ROOT));
        // Every name ending in `.md` in the text, as a path.
        for (i, _) in text.match_indices(".md") {
            let line_start = text
                .get(..i)
                .and_then(|h| h.rfind('\n'))
                .map_or(0, |n| n + 1);
            let line = text.get(line_start..i).unwrap_or_default().trim_start();
            // In Rust, comments only: string literals there are test data.
            if file.extension().is_some_and(|e| e == "rs") && !line.starts_with("//") {
                continue;
            }
            let after = text.get(i + 3..).and_then(|r| r.chars().next());
            if after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let head = text.get(..i).unwrap_or_default();
            let stem: String = head
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || "_./-:".contains(*c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let token = format!("{stem}.md");
            if stem.is_empty() || stem.ends_with('/') {
                continue;
            }
            let own = "github.com/orglint/orglint/blob/main/";
            if let Some(rest) = token.split(own).nth(1) {
                check_target(file, Path::new(ROOT), rest, &mut problems);
            } else if !token.contains("://") {
                check_target(file, dir, &token, &mut problems);
            }
        }
        // Every relative Markdown link, with its anchor.
        if file.extension().is_some_and(|e| e == "md") {
            for (i, _) in text.match_indices("](") {
                let target: String = text
                    .get(i + 2..)
                    .unwrap_or_default()
                    .chars()
                    .take_while(|c| *c != ')' && !c.is_whitespace())
                    .collect();
                if !target.contains("://") && !target.starts_with("mailto:") {
                    check_target(file, dir, &target, &mut problems);
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The first ```toml block of a document.
fn first_toml_block(doc: &str) -> String {
    doc.split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_documented_pack_and_configuration_load() {
    let dir = common::temp_dir("docs", "examples");
    let pack = first_toml_block(&read("docs/rules.md"));
    assert!(pack.contains("[pack]"), "docs/rules.md has no pack example");
    std::fs::write(dir.join("acme.toml"), pack).unwrap_or_else(|e| panic!("{e}"));
    // The configuration example names packs and a baseline that a reader
    // has to write first: those two lines are replaced by the pack above.
    let config: String = first_toml_block(&read("docs/cli.md"))
        .lines()
        .filter(|l| !l.starts_with("packs") && !l.starts_with("baseline"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        config.contains("[rules]"),
        "docs/cli.md has no configuration example"
    );
    std::fs::write(
        dir.join("orglint.toml"),
        format!("packs = [\"acme.toml\"]\n{config}"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_orglint"))
        .current_dir(&dir)
        .args(["rules", "--format", "json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"acme/design-under-rd\""), "{stdout}");
}
