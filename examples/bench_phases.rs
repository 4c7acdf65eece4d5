//! Times each phase of a lint in-process, next to the floor: the same file
//! deserialized by `toml` + serde into plain structs (what
//! `../shared/bench/floor` does), nothing else.
//!
//! cargo run --release --example bench_phases -- ORG.toml [RUNS]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use orglint::{Linter, SourceFile};
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)] // read so that deserializing does the real work
struct OrgFile {
    org: Org,
    #[serde(default)]
    people: HashMap<String, Person>,
    #[serde(default)]
    teams: HashMap<String, Team>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Org {
    name: String,
    structure: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
struct Person {
    name: String,
    title: Option<String>,
    reports_to: Option<String>,
    function: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    background: Vec<String>,
    #[serde(default)]
    on_call: bool,
    #[serde(default)]
    accountable_for: Vec<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Team {
    name: String,
    function: String,
    lead: String,
    #[serde(default)]
    members: Vec<String>,
    headcount: Option<u32>,
    #[serde(default)]
    owns: Vec<String>,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: bench_phases ORG.toml [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let linter = Linter::default();
    let structure_only = Linter::new(
        None,
        &[
            orglint::linter::Flag {
                level: orglint::config::Level::Off,
                target: "cpto".into(),
            },
            orglint::linter::Flag {
                level: orglint::config::Level::Off,
                target: "hygiene".into(),
            },
        ],
    )
    .unwrap_or_default();
    let source = SourceFile::new(&path, text.clone());
    let vocabulary = orglint::Vocabulary::default();

    let floor = time(runs, || {
        toml::from_str::<OrgFile>(&text)
            .map(|f| f.people.len())
            .unwrap_or(0)
    });
    let parse = time(runs, || {
        orglint::parse::parse(source.text(), &vocabulary)
            .map(|(o, _)| o.people.len())
            .unwrap_or(0)
    });
    let model = time(runs, || {
        let (org, mut d) = orglint::parse::parse(source.text(), &vocabulary).unwrap_or_default();
        orglint::Model::build(org, source.text(), &mut d).org_size
    });
    let structure = time(runs, || structure_only.lint(&source).len());
    let all = time(runs, || linter.lint(&source).len());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("file: {path} ({} bytes), median of {runs} runs", text.len());
    println!(
        "floor (toml + serde into plain structs): {:>9.2} ms",
        ms(floor)
    );
    println!(
        "parse (spanned tree + field checks):     {:>9.2} ms",
        ms(parse)
    );
    println!(
        "parse + model:                           {:>9.2} ms",
        ms(model)
    );
    println!(
        "lint, structure rules only:              {:>9.2} ms  ({:.2}x floor)",
        ms(structure),
        ms(structure) / ms(floor)
    );
    println!(
        "lint, all built-in rules:                {:>9.2} ms  ({:.2}x floor)",
        ms(all),
        ms(all) / ms(floor)
    );
    println!(
        "rules beyond parse + model:              {:>9.2} ms  ({:.2}x parse)",
        ms(all) - ms(model),
        (ms(all) - ms(model)) / ms(parse)
    );
}
