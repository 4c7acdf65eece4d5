//! `orglint graph`: the Mermaid output is snapshot-tested (reviewed, never
//! accepted blindly), and the DOT output of the same cases must render with
//! Graphviz `dot` without a word on stderr.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use orglint::graph::{GraphError, GraphFormat, GraphOptions, render};
use orglint::{Diagnostic, Linter, Model, SourceFile, Vocabulary};

fn load_text(path: &str, text: String) -> (Model, Vec<Diagnostic>) {
    let (org, mut parse_diagnostics) =
        orglint::parse::parse(&text, &Vocabulary::default()).expect("valid TOML");
    let model = Model::build(org, &text, &mut parse_diagnostics);
    let diagnostics = Linter::default().lint(&SourceFile::new(path, text));
    (model, diagnostics)
}

fn load(path: &str) -> (Model, Vec<Diagnostic>) {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).expect("readable example");
    load_text(path, text)
}

fn options(format: GraphFormat, depth: Option<usize>, root: Option<&str>) -> GraphOptions {
    GraphOptions {
        format,
        depth,
        root: root.map(str::to_owned),
    }
}

/// The cases drawn in both formats: (snapshot name, file, depth, root).
const CASES: &[(&str, &str, Option<usize>, Option<&str>)] = &[
    ("acme", "examples/acme.org.toml", None, None),
    (
        "reporting-cycle",
        "fixtures/reporting-cycle/fail.toml",
        None,
        None,
    ),
    ("acme-depth-2", "examples/acme.org.toml", Some(2), None),
    (
        "acme-root-priya",
        "examples/acme.org.toml",
        None,
        Some("priya"),
    ),
    (
        "acme-root-priya-depth-1",
        "examples/acme.org.toml",
        Some(1),
        Some("priya"),
    ),
];

/// Names that need escaping in both languages.
const TRICKY: &str = r##"
[org]
name = "Acme \"Labs\" \\ <b>"
structure = "split"

[people.ada]
name = "Ada \"The\" Countess\\n of <Lovelace> #1 & 100% `code`"
roles = ["ceoo"]

[people.bob]
name = "Bob\tTab\nNewline"
reports-to = "ada"
function = "engineering"

[people.cy]
name = "Cy"
reports-to = "nobody"

[teams.x]
name = "X [team] {a} (b) |c| ;"
function = "data"
members = ["bob"]

[teams.y]
name = "Y"
lead = "bob"
headcount = 3
"##;

#[test]
fn mermaid_snapshots() {
    for &(name, path, depth, root) in CASES {
        let (model, diagnostics) = load(path);
        let out = render(
            &model,
            &diagnostics,
            &options(GraphFormat::Mermaid, depth, root),
        )
        .expect("drawn");
        insta::assert_snapshot!(format!("{name}.mermaid"), out);
    }
}

#[test]
fn mermaid_escapes_labels() {
    let (model, diagnostics) = load_text("tricky.toml", TRICKY.to_owned());
    let out = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Mermaid, None, None),
    )
    .expect("drawn");
    insta::assert_snapshot!("tricky.mermaid", out);
}

fn dot_renders(name: &str, dot_text: &str) {
    for format in ["-Tsvg", "-Tpng"] {
        let child = Command::new("dot")
            .arg(format)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => panic!(
                "Graphviz `dot` is not on PATH: install it (Debian: `apt-get install graphviz`) \
                 to run the DOT rendering tests"
            ),
            Err(err) => panic!("cannot run `dot`: {err}"),
        };
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(dot_text.as_bytes())
            .expect("write to dot");
        let output = child.wait_with_output().expect("dot finishes");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "`dot {format}` failed on {name}: {stderr}\n{dot_text}"
        );
        assert!(
            stderr.trim().is_empty(),
            "`dot {format}` warned on {name}: {stderr}\n{dot_text}"
        );
        assert!(
            !output.stdout.is_empty(),
            "`dot {format}` drew nothing for {name}"
        );
    }
}

#[test]
fn dot_renders_with_graphviz() {
    for &(name, path, depth, root) in CASES {
        let (model, diagnostics) = load(path);
        let out = render(
            &model,
            &diagnostics,
            &options(GraphFormat::Dot, depth, root),
        )
        .expect("drawn");
        dot_renders(name, &out);
    }
    let (model, diagnostics) = load_text("tricky.toml", TRICKY.to_owned());
    let out = render(&model, &diagnostics, &options(GraphFormat::Dot, None, None)).expect("drawn");
    dot_renders("tricky", &out);
}

/// The DOT line of the node whose label's second line is `id`.
fn dot_node(out: &str, id: &str) -> String {
    out.lines()
        .find(|l| l.contains(&format!("\\n{id}\"")) || l.contains(&format!("\\n{id}\\n")))
        .unwrap_or_else(|| panic!("{id} not drawn: {out}"))
        .to_owned()
}

/// The node id a DOT or Mermaid node line declares.
fn node_id(line: &str) -> String {
    line.trim_start()
        .split(['[', ' '])
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn dot_marks_severities_functions_and_unattached() {
    let (model, diagnostics) = load("examples/acme.org.toml");
    let out = render(&model, &diagnostics, &options(GraphFormat::Dot, None, None)).expect("drawn");
    assert!(out.starts_with("digraph orglint {\n"), "{out}");
    // lena has an error, nora a warning; the CPTO's reports are R&D.
    let lena = dot_node(&out, "lena");
    assert!(lena.contains("color=\"#d32f2f\""), "{lena}");
    assert!(
        lena.contains("tooltip=\"error design-and-data-included: "),
        "{lena}"
    );
    let nora = dot_node(&out, "nora");
    assert!(nora.contains("color=\"#f59e0b\""), "{nora}");
    assert!(
        nora.contains("tooltip=\"warning ceo-span-of-control: "),
        "{nora}"
    );
    let amara = dot_node(&out, "amara");
    assert!(amara.contains("fillcolor=\"#ede7f6\""), "{amara}");
    let edge = format!(
        "    {} -> {};\n",
        node_id(&dot_node(&out, "priya")),
        node_id(&amara)
    );
    assert!(out.contains(&edge), "priya -> amara: {out}");

    let (model, diagnostics) = load("fixtures/reporting-cycle/fail.toml");
    let out = render(&model, &diagnostics, &options(GraphFormat::Dot, None, None)).expect("drawn");
    assert!(out.contains("subgraph cluster_unattached {"), "{out}");
}

#[test]
fn an_unknown_root_names_the_closest_id() {
    let (model, diagnostics) = load("examples/acme.org.toml");
    let err = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Mermaid, None, Some("pryia")),
    )
    .expect_err("no such person");
    let GraphError::UnknownRoot { id, suggestion } = &err;
    assert_eq!(id, "pryia");
    assert_eq!(suggestion.as_deref(), Some("priya"));
    assert_eq!(
        err.to_string(),
        "no person `pryia` in this org: did you mean `priya`?"
    );

    let err = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Dot, None, Some("zzzzzzzz")),
    )
    .expect_err("no such person");
    let GraphError::UnknownRoot { suggestion, .. } = &err;
    assert_eq!(suggestion, &None);
    assert_eq!(err.to_string(), "no person `zzzzzzzz` in this org");
}

#[test]
fn output_is_deterministic() {
    for &(_, path, depth, root) in CASES {
        for format in [GraphFormat::Mermaid, GraphFormat::Dot] {
            let (model, diagnostics) = load(path);
            let first = render(&model, &diagnostics, &options(format, depth, root));
            let (model, diagnostics) = load(path);
            let second = render(&model, &diagnostics, &options(format, depth, root));
            assert_eq!(first.expect("drawn"), second.expect("drawn"));
        }
    }
}

#[test]
fn a_deep_chain_and_a_long_loop_need_no_stack() {
    // 256 KiB of stack: any recursion over the chain would overflow it.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let text = common::chain_and_loop_org("a", 200_000, 100_000);
            let (model, diagnostics) = load_text("deep.toml", text);
            let mermaid = render(
                &model,
                &diagnostics,
                &options(GraphFormat::Mermaid, Some(3), None),
            )
            .expect("drawn");
            let dot = render(
                &model,
                &diagnostics,
                &options(GraphFormat::Dot, Some(3), None),
            )
            .expect("drawn");
            let whole = render(&model, &diagnostics, &options(GraphFormat::Dot, None, None))
                .expect("drawn");
            let branch = render(
                &model,
                &diagnostics,
                &options(GraphFormat::Mermaid, Some(1), Some("a199990")),
            )
            .expect("drawn");
            (mermaid, dot, whole, branch, model.org.people.len())
        })
        .expect("thread");
    let (mermaid, dot, whole, branch, people) = handle.join().expect("no stack overflow");
    assert_eq!(people, 300_000);
    // The chain: a0..a3 drawn, a4..a199999 hidden under a3. People are in id
    // order: a0, a1, a10, a100, ..., so find a3's index by its label.
    let index_of = |out: &str, id: &str| -> String {
        let line = out
            .lines()
            .find(|l| {
                l.contains("[\"")
                    && (l.contains(&format!("<br/>{id}\"]"))
                        || l.contains(&format!("<br/>{id}<br/>")))
            })
            .unwrap_or_else(|| panic!("{id} not drawn"));
        node_id(line)
    };
    let a3 = index_of(&mermaid, "a3");
    let more = format!("m{}", a3.trim_start_matches('p'));
    // At most 10,000 diagnostics of one rule are kept: the first ones, on
    // a1..a10000, of which a4..a10000 are under a3.
    assert!(
        mermaid.contains(&format!(
            "{more}([\"+199996 people<br/>9997 with diagnostics\"]):::more_warning"
        )),
        "{mermaid}"
    );
    assert!(mermaid.contains(&format!("{a3} --> {more}")));
    // The loop, drawn from c0: c0 <- c99999 <- c99998 <- c99997 drawn,
    // 99,996 hidden under c99997, all unattached; the edge c1 -> c0 that
    // closes the loop is hidden with c1.
    let c = index_of(&mermaid, "c99997");
    let c_more = format!("m{}", c.trim_start_matches('p'));
    assert!(
        mermaid.contains(&format!("{c_more}([\"+99996 people")),
        "{mermaid}"
    );
    assert!(mermaid.contains("subgraph unattached"));
    assert_eq!(mermaid.lines().filter(|l| l.contains("-->")).count(), 8);
    assert_eq!(dot.lines().filter(|l| l.contains("->")).count(), 8);
    // Drawn whole, every reporting line is an edge: the chain's 199,999 and
    // the loop's 100,000.
    assert_eq!(
        whole.lines().filter(|l| l.contains(" -> ")).count(),
        299_999
    );
    // A branch near the bottom of the chain: a199990, a199991, then 8 hidden,
    // past the 10,000 diagnostics kept of the rule, so without any.
    assert!(branch.contains("([\"+8 people\"]):::more\n"), "{branch}");
    assert_eq!(branch.lines().filter(|l| l.contains("-->")).count(), 2);
}
