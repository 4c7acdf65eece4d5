//! Every built-in rule carries its docs and examples, and the examples do
//! what they say: a `fail` example makes the rule fire, a `pass` one does
//! not. These examples are what `orglint explain` shows.

use orglint::Linter;

#[test]
fn every_builtin_rule_has_docs_and_both_examples() {
    let linter = Linter::default();
    assert!(
        linter.known.len() >= 25,
        "built-in rules are missing: {}",
        linter.known.len()
    );
    let mut problems = Vec::new();
    for known in &linter.known {
        let def = &known.def;
        if def.summary.trim().is_empty() {
            problems.push(format!("{}: no summary", def.id));
        }
        if def.rationale().is_none_or(|r| r.trim().is_empty()) {
            problems.push(format!("{}: no rationale", def.id));
        }
        if def.template != "native" {
            for key in ["message", "help"] {
                if def.table.get(key).is_none() {
                    problems.push(format!("{}: no {key}", def.id));
                }
            }
        }
        if !def.examples().iter().any(|e| e.fail) {
            problems.push(format!("{}: no failing example", def.id));
        }
        if !def.examples().iter().any(|e| !e.fail) {
            problems.push(format!("{}: no passing example", def.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_example_fires_or_passes_as_it_says() {
    // The same check as `orglint test` runs on the examples of a user's pack.
    let linter = Linter::default();
    let mut problems = Vec::new();
    for known in &linter.known {
        for failure in orglint::testing::examples::check(&linter, &known.def) {
            problems.push(format!(
                "{}:{}: {}; diagnostics: {:#?}",
                failure.file,
                failure.line,
                failure.message(),
                failure.seen
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_rules_readme_catalog_is_up_to_date() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md"))
        .unwrap_or_default();
    let linter = Linter::default();
    let mut problems = Vec::new();
    for known in &linter.known {
        let def = &known.def;
        let row = format!(
            "| {} | {} | {} | {} | {} |",
            def.id, def.pack, def.severity, def.template, def.summary
        );
        if !readme.contains(&row) {
            problems.push(format!("rules/README.md lacks or misstates: {row}"));
        }
    }
    let rows = readme
        .lines()
        .filter(|l| {
            l.starts_with("| ")
                && !l.starts_with("| id")
                && !l.starts_with("|--")
                && !l.starts_with("| ---")
        })
        .count();
    if rows != linter.known.len() {
        problems.push(format!(
            "rules/README.md has {rows} rule rows, the packs have {} rules",
            linter.known.len()
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
