//! Times each phase of a lint in-process, next to the floor: the same file
//! deserialized by `toml` + serde into plain structs (what
//! `benches/floor.rs` and `cargo run --example floor` do), nothing else.
//!
//! cargo run --release --example bench_phases -- ORG.toml [ROUNDS]

use std::time::{Duration, Instant};

use orglint::{Linter, SourceFile};

#[path = "../floor.rs"]
mod floor;

use floor::OrgFile;

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

    // Phases are timed in rounds, one of each per round, so that drift in
    // the machine's speed hits all of them alike; ratios are per round.
    let mut samples: Vec<[f64; 5]> = Vec::with_capacity(runs);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for _ in 0..runs {
        samples.push([
            ms(time(1, || {
                toml::from_str::<OrgFile>(&text)
                    .map(|f| f.people.len())
                    .unwrap_or(0)
            })),
            ms(time(1, || {
                orglint::parse::parse(source.text(), &vocabulary)
                    .map(|(o, _)| o.people.len())
                    .unwrap_or(0)
            })),
            ms(time(1, || {
                let (org, mut d) =
                    orglint::parse::parse(source.text(), &vocabulary).unwrap_or_default();
                orglint::Model::build(org, source.text(), &mut d).org_size
            })),
            ms(time(1, || structure_only.lint(&source).len())),
            ms(time(1, || linter.lint(&source).len())),
        ]);
    }
    let med = |f: &dyn Fn(&[f64; 5]) -> f64| {
        let mut v: Vec<f64> = samples.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    println!(
        "file: {path} ({} bytes), {runs} rounds, medians",
        text.len()
    );
    println!(
        "floor (toml + serde into plain structs): {:>9.2} ms",
        med(&|s| s[0])
    );
    println!(
        "parse (spanned tree + field checks):     {:>9.2} ms",
        med(&|s| s[1])
    );
    println!(
        "parse + model:                           {:>9.2} ms",
        med(&|s| s[2])
    );
    println!(
        "lint, structure rules only:              {:>9.2} ms  ({:.2}x floor)",
        med(&|s| s[3]),
        med(&|s| s[3] / s[0])
    );
    println!(
        "lint, all built-in rules:                {:>9.2} ms  ({:.2}x floor)",
        med(&|s| s[4]),
        med(&|s| s[4] / s[0])
    );
    println!(
        "policy rules (all - structure):          {:>9.2} ms  ({:.2}x parse)",
        med(&|s| s[4] - s[3]),
        med(&|s| (s[4] - s[3]) / s[1])
    );
}
