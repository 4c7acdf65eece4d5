//! `cargo bench`: each phase of a lint on synthetic orgs of 1,000, 10,000
//! and 100,000 people (from `benches/tools/gen-org.rs`, seed 1): (a) the floor,
//! reading + `toml` + serde into plain structs; (b) parsing and building the
//! model; (c) every built-in rule on a built model; (d) the whole `lint`
//! call; (e) rendering JSON and human output.

use std::sync::LazyLock;

use orglint::report::{self, Format, Style};
use orglint::{Linter, Model, Report, SourceFile, Vocabulary};

#[path = "tools/gen-org.rs"]
#[allow(dead_code)]
mod gen_org;

mod floor;

const SIZES: &[usize] = &[1_000, 10_000, 100_000];

static ORGS: LazyLock<Vec<(usize, String)>> = LazyLock::new(|| {
    SIZES
        .iter()
        .map(|&n| (n, gen_org::generate(n, 1, true)))
        .collect()
});
static LINTER: LazyLock<Linter> = LazyLock::new(Linter::default);

fn org(n: usize) -> &'static str {
    ORGS.iter()
        .find(|(size, _)| *size == n)
        .map_or("", |(_, text)| text.as_str())
}

fn main() {
    divan::main();
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn a_floor(n: usize) -> usize {
    toml::from_str::<floor::OrgFile>(org(n))
        .map(|f| f.people.len())
        .unwrap_or(0)
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn b_parse_and_model(n: usize) -> u64 {
    let text = org(n);
    let Ok((parsed, mut diagnostics)) = orglint::parse::parse(text, &Vocabulary::default()) else {
        return 0;
    };
    Model::build(parsed, text, &mut diagnostics).org_size
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn c_rules(bencher: divan::Bencher, n: usize) {
    let text = org(n);
    let Ok((parsed, mut diagnostics)) = orglint::parse::parse(text, &Vocabulary::default()) else {
        return;
    };
    let model = Model::build(parsed, text, &mut diagnostics);
    bencher.bench_local(|| {
        let mut out = Vec::new();
        for rule in LINTER.policy_rules() {
            rule.check(&model, &mut out);
        }
        out.len()
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn d_lint(n: usize) -> usize {
    LINTER
        .lint(&SourceFile::new("org.toml", org(n).to_owned()))
        .len()
}

fn report_for(n: usize) -> Report {
    let file = orglint::run::lint_bytes(&LINTER, "org.toml".to_owned(), org(n).as_bytes().to_vec());
    Report {
        files: vec![file],
        files_read: 1,
        ..Default::default()
    }
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn e_render_json(bencher: divan::Bencher, n: usize) {
    let report = report_for(n);
    bencher.bench_local(|| {
        let mut out = Vec::new();
        let _ = report::write(&mut out, &report, Format::Json, Style::default());
        out.len()
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn e_render_human(bencher: divan::Bencher, n: usize) {
    let report = report_for(n);
    bencher.bench_local(|| {
        let mut out = Vec::new();
        let _ = report::write(&mut out, &report, Format::Human, Style::default());
        out.len()
    });
}
