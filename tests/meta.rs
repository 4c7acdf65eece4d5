//! Meta-tests: the native rule ids, the locked set, the built-in pack list
//! and the start-up cut of rule files agree with `rules/`.

use std::collections::BTreeSet;
use std::path::Path;

use orglint::rules::pack::{BUILTIN, BUILTIN_PACKS, lint_head};

fn rules_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
}

fn toml_table(text: &str) -> toml::Table {
    text.parse().expect("a built-in rule file parses")
}

#[test]
fn native_ids_match_the_structure_rule_files() {
    let mut files = BTreeSet::new();
    let mut locked = BTreeSet::new();
    for entry in std::fs::read_dir(rules_dir().join("structure")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if stem == "pack" {
            continue;
        }
        let table = toml_table(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(
            table.get("template").and_then(|t| t.as_str()),
            Some("native"),
            "{stem}: structure rules are native"
        );
        if table.get("locked").and_then(|l| l.as_bool()) == Some(true) {
            locked.insert(stem.clone());
        }
        files.insert(stem);
    }
    let native: BTreeSet<String> = orglint::ids::NATIVE.iter().map(|s| s.to_string()).collect();
    assert_eq!(native, files, "src/ids.rs NATIVE against rules/structure/");
    let locked_ids: BTreeSet<String> = orglint::ids::LOCKED.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        locked_ids, locked,
        "src/ids.rs LOCKED against `locked = true`"
    );
    // And as loaded: what `explain` shows.
    let linter = orglint::Linter::default();
    let loaded: BTreeSet<String> = linter
        .known
        .iter()
        .filter(|k| k.def.locked)
        .map(|k| k.def.id.clone())
        .collect();
    assert_eq!(loaded, locked_ids);
}

#[test]
fn run_failures_are_not_rules() {
    let linter = orglint::Linter::default();
    for id in orglint::ids::RUN_FAILURES {
        assert!(orglint::ids::is_run_failure(id));
        assert!(!linter.known.iter().any(|k| k.def.id == *id), "{id}");
    }
    assert!(!orglint::ids::is_run_failure(orglint::ids::TOML_SYNTAX));
}

#[test]
fn builtin_pack_list_is_the_rules_folders() {
    let mut folders: Vec<String> = std::fs::read_dir(rules_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut packs: Vec<String> = BUILTIN_PACKS.iter().map(|s| s.to_string()).collect();
    packs.sort();
    assert_eq!(packs, folders);
    // Every pack is loaded, not only listed.
    let linter = orglint::Linter::default();
    for pack in BUILTIN_PACKS {
        assert!(
            linter.known.iter().any(|k| k.def.pack == *pack),
            "pack `{pack}` has no loaded rule"
        );
    }
}

/// A lint run reads each built-in rule file only up to its `rationale` or
/// first `[[example]]`: every other key must come before them.
#[test]
fn no_lint_key_comes_after_the_start_up_cut() {
    for (pack, file, text) in BUILTIN {
        let full = toml_table(text);
        let head = toml_table(lint_head(text));
        let docs_only = ["rationale", "example"];
        for (key, value) in &full {
            if docs_only.contains(&key.as_str()) {
                assert!(!head.contains_key(key) || key == "rationale" && head[key] == *value);
                continue;
            }
            assert_eq!(
                head.get(key),
                Some(value),
                "rules/{pack}/{file}: `{key}` comes after `rationale` or `[[example]]`, so lint runs never see it; move it up"
            );
        }
    }
}

/// The top-level modules of the library import each other without a
/// circle (what `crate::<module>` each one names outside comments and
/// tests), so each can be read knowing only the ones below it.
#[test]
fn no_import_circle_between_modules() {
    use std::collections::{BTreeMap, BTreeSet};
    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // The binary sits above the library.
        if relative == "main.rs" || relative == "cli.rs" || relative == "lib.rs" {
            continue;
        }
        let module = relative
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let entry = imports.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for part in line.split("crate::").skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    entry.insert(name);
                }
            }
        }
    }
    for start in imports.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = imports[start].iter().collect();
        while let Some(next) = stack.pop() {
            assert!(
                next != start,
                "`{start}` imports itself through other modules: {imports:#?}"
            );
            if seen.insert(next.clone()) {
                stack.extend(imports.get(next).into_iter().flatten());
            }
        }
    }
}
