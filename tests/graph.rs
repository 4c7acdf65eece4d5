//! `orglint graph`: the Mermaid output is snapshot-tested (reviewed, never
//! accepted blindly), and the DOT output of the same cases must render with
//! Graphviz `dot` without a word on stderr.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use orglint::graph::{Direction, GraphError, GraphFormat, GraphOptions, mermaid_too_big, render};
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
        ..GraphOptions::default()
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
        "vacancy-with-reports",
        "fixtures/vacancy-with-reports/fail.toml",
        None,
        None,
    ),
    ("dotted-lines", "fixtures/dotted-line/pass.toml", None, None),
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
    let rd_fill = dot_attribute(&amara, "fillcolor").expect("R&D fill");
    let plain_fill = dot_attribute(dot_defaults(&out), "fillcolor").expect("plain fill");
    let ratio = contrast(&rd_fill, &plain_fill);
    assert!(
        ratio >= MIN_RD_CONTRAST,
        "R&D vs plain fill {ratio:.2}: {amara}"
    );
    assert!(dot_attribute(&amara, "fontcolor").is_some(), "{amara}");
    assert!(dot_attribute(&amara, "color").is_some(), "{amara}");
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

/// WCAG 2 relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let hex = hex
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("not a colour: {hex}"));
    assert_eq!(hex.len(), 6, "not #rrggbb: {hex}");
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits")) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

/// WCAG 2 contrast ratio of two colours, 1 to 21.
fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Every case drawn in one format, the tricky names included.
fn all_drawings(format: GraphFormat) -> Vec<(String, String)> {
    let mut drawings = Vec::new();
    for &(name, path, depth, root) in CASES {
        let (model, diagnostics) = load(path);
        let out = render(&model, &diagnostics, &options(format, depth, root)).expect("drawn");
        drawings.push((name.to_owned(), out));
    }
    let (model, diagnostics) = load_text("tricky.toml", TRICKY.to_owned());
    let out = render(&model, &diagnostics, &options(format, None, None)).expect("drawn");
    drawings.push(("tricky".to_owned(), out));
    drawings
}

/// Readable text on every fill, and an R&D fill that stands apart from the
/// plain one (GitHub's default theme drew plain nodes `#ECECFF`, next to
/// the old R&D `#ede7f6`: contrast 1.04, no highlight at all).
const MIN_TEXT_CONTRAST: f64 = 4.5;
const MIN_RD_CONTRAST: f64 = 1.5;

#[test]
fn mermaid_nodes_carry_explicit_readable_colours() {
    let mut used = std::collections::BTreeSet::new();
    for (name, out) in all_drawings(GraphFormat::Mermaid) {
        let mut classes: std::collections::HashMap<
            String,
            std::collections::HashMap<String, String>,
        > = std::collections::HashMap::new();
        for line in out.lines() {
            if let Some(def) = line.trim_start().strip_prefix("classDef ") {
                let (class, styles) = def.split_once(' ').expect("classDef name and styles");
                let styles = styles
                    .split(',')
                    .filter_map(|s| s.split_once(':'))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
                classes.insert(class.to_owned(), styles);
            }
        }
        for (class, styles) in &classes {
            for key in ["fill", "stroke", "color"] {
                assert!(
                    styles.contains_key(key),
                    "{name}: class {class} has no {key}: {out}"
                );
            }
            let ratio = contrast(&styles["fill"], &styles["color"]);
            assert!(
                ratio >= MIN_TEXT_CONTRAST,
                "{name}: class {class}: text contrast {ratio:.2}"
            );
        }
        for (plain, rd) in [
            ("plain", "rd"),
            ("error", "rd_error"),
            ("warning", "rd_warning"),
            ("info", "rd_info"),
        ] {
            let ratio = contrast(&classes[plain]["fill"], &classes[rd]["fill"]);
            assert!(
                ratio >= MIN_RD_CONTRAST,
                "{name}: {plain} vs {rd} fill contrast {ratio:.2}"
            );
        }
        // Node lines: everything but the class definitions, the group, the
        // edges (dashed ones to vacancies and dotted lines too) and the
        // dashed outline of a vacancy (`style`, no colour). Each one names a
        // defined class.
        for line in out.lines().skip(1) {
            let line = line.trim_start();
            if line.starts_with("classDef ")
                || line.starts_with("subgraph ")
                || line == "end"
                || line.contains(" --> ")
                || line.contains(".-> ")
                || (line.starts_with("style ") && !line.contains("fill") && !line.contains("color"))
            {
                continue;
            }
            let (_, class) = line
                .rsplit_once(":::")
                .unwrap_or_else(|| panic!("{name}: node without a class: {line}"));
            assert!(
                classes.contains_key(class),
                "{name}: undefined class {class}"
            );
            used.insert(class.to_owned());
        }
    }
    // The cases draw every kind of node.
    for class in [
        "plain",
        "rd",
        "error",
        "rd_error",
        "warning",
        "more",
        "more_warning",
        "orgnote",
    ] {
        assert!(
            used.contains(class),
            "no case draws a {class} node: {used:?}"
        );
    }
}

/// The value of a DOT attribute in a node or `node [...]` line.
fn dot_attribute(line: &str, key: &str) -> Option<String> {
    [format!("[{key}=\""), format!(", {key}=\"")]
        .iter()
        .find_map(|start| line.split_once(start.as_str()))
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(value, _)| value.to_owned())
}

/// The DOT `node [...]` defaults.
fn dot_defaults(out: &str) -> &str {
    out.lines()
        .find(|l| l.trim_start().starts_with("node ["))
        .unwrap_or_else(|| panic!("no node defaults: {out}"))
}

#[test]
fn dot_nodes_carry_explicit_readable_colours() {
    for (name, out) in all_drawings(GraphFormat::Dot) {
        let defaults = dot_defaults(&out);
        let default = |key: &str| {
            dot_attribute(defaults, key).unwrap_or_else(|| panic!("{name}: no default {key}"))
        };
        assert!(
            defaults.contains("filled"),
            "{name}: nodes not filled: {defaults}"
        );
        default("color");
        let mut nodes = 0;
        for line in out
            .lines()
            .filter(|l| l.contains("label=") && !l.contains("graph ["))
        {
            nodes += 1;
            let fill = dot_attribute(line, "fillcolor").unwrap_or_else(|| default("fillcolor"));
            let text = dot_attribute(line, "fontcolor").unwrap_or_else(|| default("fontcolor"));
            let ratio = contrast(&fill, &text);
            assert!(
                ratio >= MIN_TEXT_CONTRAST,
                "{name}: text contrast {ratio:.2}: {line}"
            );
        }
        assert!(nodes > 0, "{name}: no nodes found: {out}");
    }
}

/// A three-person loop besides the root: `reporting-cycle` is reported at
/// `xena` only, but the graph marks all three.
const LOOP: &str = r#"
[org]
name = "Acme"
structure = "split"

[people.ada]
name = "Ada"

[people.xena]
name = "Xena"
reports-to = "zoe"

[people.yuri]
name = "Yuri"
reports-to = "xena"

[people.zoe]
name = "Zoe"
reports-to = "yuri"

[people.walt]
name = "Walt"
reports-to = "xena"
"#;

#[test]
fn every_person_on_a_loop_is_marked() {
    let (model, diagnostics) = load_text("loop.toml", LOOP.to_owned());
    let cycles = diagnostics
        .iter()
        .filter(|d| d.rule == "reporting-cycle")
        .count();
    assert_eq!(cycles, 1, "{diagnostics:?}");

    let mermaid = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Mermaid, None, None),
    )
    .expect("drawn");
    let dot = render(&model, &diagnostics, &options(GraphFormat::Dot, None, None)).expect("drawn");
    for id in ["xena", "yuri", "zoe"] {
        let line = mermaid
            .lines()
            .find(|l| l.contains(&format!("<br/>{id}<br/>")) || l.contains(&format!("<br/>{id}\"")))
            .unwrap_or_else(|| panic!("{id} not drawn: {mermaid}"));
        assert!(
            line.ends_with(&format!("<br/>{id}<br/>reporting-cycle\"]:::error")),
            "{line}"
        );
        let line = dot_node(&dot, id);
        assert!(line.contains("\\nreporting-cycle\""), "{line}");
        assert!(line.contains("color=\"#d32f2f\""), "{line}");
        assert!(
            line.contains("tooltip=\"error reporting-cycle: `reports-to` loops through 3 people"),
            "{line}"
        );
    }
    // walt hangs off the loop without being on it.
    let walt = dot_node(&dot, "walt");
    assert!(!walt.contains("reporting-cycle"), "{walt}");
    assert!(mermaid.contains("[\"Walt<br/>walt\"]:::plain"), "{mermaid}");
}

/// The node ids a Mermaid chart declares, outside its legend.
fn mermaid_node_ids(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.contains(":::") && !l.contains("legend_") && !l.contains("orgnotes"))
        .map(node_id)
        .collect()
}

#[test]
fn direction_sets_the_flow_in_both_formats() {
    let (model, diagnostics) = load("examples/acme.org.toml");
    let with = |format, direction| {
        let options = GraphOptions {
            format,
            direction,
            ..GraphOptions::default()
        };
        render(&model, &diagnostics, &options).expect("drawn")
    };
    assert!(with(GraphFormat::Mermaid, Direction::TopBottom).starts_with("flowchart TD\n"));
    assert!(with(GraphFormat::Mermaid, Direction::LeftRight).starts_with("flowchart LR\n"));
    let top = with(GraphFormat::Dot, Direction::TopBottom);
    assert!(
        top.contains("    graph [fontname=\"Helvetica\", labelloc=t, rankdir=TB"),
        "{top}"
    );
    let left = with(GraphFormat::Dot, Direction::LeftRight);
    assert!(
        left.contains("    graph [fontname=\"Helvetica\", labelloc=t, rankdir=LR"),
        "{left}"
    );
    dot_renders("acme-lr", &left);
    // Only the direction differs.
    assert_eq!(left.replace("rankdir=LR", "rankdir=TB"), top);
}

#[test]
fn a_legend_explains_fills_outlines_and_collapsed_nodes() {
    let (model, diagnostics) = load("examples/acme.org.toml");
    let mermaid = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Mermaid, None, None),
    )
    .expect("drawn");
    let legend = mermaid
        .split("    subgraph legend[\"legend\"]\n")
        .nth(1)
        .and_then(|rest| rest.split("    end\n").next())
        .unwrap_or_else(|| panic!("no legend: {mermaid}"));
    for line in [
        "legend_rd[\"R#38;D function\"]:::rd",
        "legend_error[\"error\"]:::error",
        "legend_warning[\"warning\"]:::warning",
        "legend_more([\"+K people: a collapsed branch\"]):::more",
    ] {
        assert!(legend.contains(line), "{line} not in {legend}");
    }
    let dot = render(&model, &diagnostics, &options(GraphFormat::Dot, None, None)).expect("drawn");
    let legend = dot
        .split("    subgraph cluster_legend {\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no legend: {dot}"));
    let rd = legend
        .lines()
        .find(|l| l.contains("legend_rd "))
        .expect("R&D entry");
    let amara = dot_node(&dot, "amara");
    assert_eq!(
        dot_attribute(rd, "fillcolor"),
        dot_attribute(&amara, "fillcolor")
    );
    let error = legend
        .lines()
        .find(|l| l.contains("legend_error "))
        .expect("error entry");
    let lena = dot_node(&dot, "lena");
    assert_eq!(dot_attribute(error, "color"), dot_attribute(&lena, "color"));
    let more = legend
        .lines()
        .find(|l| l.contains("legend_more "))
        .expect("collapsed entry");
    assert!(
        more.contains("shape=ellipse, style=\"dashed,filled\""),
        "{more}"
    );
    assert!(
        legend.contains("legend_warning [label=\"warning\", color=\"#f59e0b\""),
        "{legend}"
    );
}

#[test]
fn titles_go_under_names() {
    let (model, diagnostics) = load("examples/acme.org.toml");
    let mermaid = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Mermaid, None, None),
    )
    .expect("drawn");
    assert!(
        mermaid.contains("[\"Priya Raman<br/>Chief Product and Technology Officer<br/>priya"),
        "{mermaid}"
    );
    let dot = render(&model, &diagnostics, &options(GraphFormat::Dot, None, None)).expect("drawn");
    assert!(
        dot.contains("label=\"Priya Raman\\nChief Product and Technology Officer\\npriya"),
        "{dot}"
    );
    // No title: name and id only.
    let (model, diagnostics) = load_text("tricky.toml", TRICKY.to_owned());
    let mermaid = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Mermaid, None, None),
    )
    .expect("drawn");
    assert!(mermaid.contains("[\"Bob Tab Newline<br/>bob"), "{mermaid}");
}

#[test]
fn only_problems_draws_the_flagged_branches_and_their_chain() {
    let (model, diagnostics) = load("examples/acme.org.toml");
    let only = GraphOptions {
        only_problems: true,
        ..GraphOptions::default()
    };
    let out = render(&model, &diagnostics, &only).expect("drawn");
    insta::assert_snapshot!("acme-only-problems.mermaid", out);
    let ids = |out: &str| -> Vec<String> {
        mermaid_node_ids(out)
            .iter()
            .map(|n| {
                out.lines()
                    .find(|l| node_id(l) == *n)
                    .and_then(|l| l.split("<br/>").nth(2))
                    .map(|id| id.split(['"', '<']).next().unwrap_or_default().to_owned())
                    .unwrap_or_default()
            })
            .collect()
    };
    // People with diagnostics, each with their managers up to nora; the
    // `core` team, flagged, under its lead; nobody else.
    let drawn = ids(&out);
    for id in [
        "nora", "priya", "amara", "farah", "sofia", "lena", "theo", "zoe",
    ] {
        assert!(drawn.iter().any(|d| d == id), "{id} missing: {out}");
    }
    for id in ["ava", "hannah", "daniel", "felix"] {
        assert!(!drawn.iter().any(|d| d == id), "{id} drawn: {out}");
    }
    assert!(
        out.contains("[[\"Core<br/>core, 15 people<br/>team-size\"]]"),
        "{out}"
    );
    assert_eq!(out.matches("[[\"").count(), 1, "{out}");
    // A clean org draws no one.
    let clean = "[org]\nname = \"A\"\nstructure = \"split\"\n[people.a]\nname = \"A\"\n[people.b]\nname = \"B\"\nreports-to = \"a\"\n";
    let (model, diagnostics) = load_text("clean.toml", clean.to_owned());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let out = render(&model, &diagnostics, &only).expect("drawn");
    assert_eq!(mermaid_node_ids(&out), Vec::<String>::new(), "{out}");
    // In DOT too, and with --depth the hidden count is of kept people only.
    let (model, diagnostics) = load("examples/acme.org.toml");
    let dot = GraphOptions {
        format: GraphFormat::Dot,
        depth: Some(1),
        only_problems: true,
        ..GraphOptions::default()
    };
    let out = render(&model, &diagnostics, &dot).expect("drawn");
    dot_renders("acme-only-problems-depth-1", &out);
    assert!(!out.contains("\\nava\""), "{out}");
    // Under priya: amara (clean, on farah's chain), farah and the core team;
    // under sofia: lena, theo and zoe. Nobody clean off a chain is counted.
    assert!(
        out.contains("label=\"+2 people, 1 team\\n2 with diagnostics\""),
        "{out}"
    );
    assert!(
        out.contains("label=\"+3 people\\n3 with diagnostics\""),
        "{out}"
    );
}

#[test]
fn mermaid_beyond_githubs_limits_is_named() {
    let (model, diagnostics) = load("examples/acme.org.toml");
    let small = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Mermaid, None, None),
    )
    .expect("drawn");
    assert_eq!(mermaid_too_big(&small), None);
    // 600 people in a chain: 599 edges, over 500; short labels stay under
    // 50,000 characters.
    let text = common::chain_and_loop_org("a", 600, 0);
    let (model, diagnostics) = load_text("chain.toml", text);
    let chart = render(
        &model,
        &diagnostics,
        &options(GraphFormat::Mermaid, None, None),
    )
    .expect("drawn");
    let reason = mermaid_too_big(&chart).expect("too many edges");
    assert_eq!(
        reason,
        "this Mermaid chart has 599 edges (at most 500, Mermaid's default `maxEdges`): GitHub and other renderers with Mermaid's default limits will not draw it"
    );
    let long = format!("{chart}{}", "x".repeat(60_000));
    let reason = mermaid_too_big(&long).expect("too long");
    assert!(
        reason
            .contains("characters (at most 50000, Mermaid's default `maxTextSize`) and 599 edges"),
        "{reason}"
    );

    // The command warns on stderr, and still prints the chart; DOT has no
    // such limit.
    let dir = common::temp_dir("graph", "limits");
    std::fs::write(
        dir.join("org.toml"),
        common::chain_and_loop_org("a", 600, 0),
    )
    .expect("written");
    let output = common::run_in(&dir, &["graph", "org.toml", "--no-config"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(common::stdout(&output).starts_with("flowchart TD\n"));
    assert!(
        stderr.starts_with("warning: this Mermaid chart has 599 edges (at most 500"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: draw less with `--depth N`"),
        "{stderr}"
    );
    let output = common::run_in(
        &dir,
        &["graph", "org.toml", "--no-config", "--format", "dot"],
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let output = common::run_in(&dir, &["graph", "org.toml", "--no-config", "--depth", "3"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn graph_flags_reach_the_chart() {
    let dir = common::temp_dir("graph", "flags");
    let org = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme.org.toml");
    std::fs::copy(&org, dir.join("org.toml")).expect("copied");
    let output = common::run_in(
        &dir,
        &[
            "graph",
            "org.toml",
            "--no-config",
            "--direction",
            "LR",
            "--only-problems",
        ],
    );
    let out = common::stdout(&output);
    assert!(out.starts_with("flowchart LR\n"), "{out}");
    assert!(!out.contains("Ava Thompson"), "{out}");
    assert!(out.contains("Lena Fischer"), "{out}");
    let output = common::run_in(
        &dir,
        &[
            "graph",
            "org.toml",
            "--no-config",
            "--format",
            "dot",
            "--direction",
            "LR",
        ],
    );
    assert!(common::stdout(&output).contains("rankdir=LR"));
}
