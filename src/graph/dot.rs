//! The Graphviz DOT renderer of `orglint graph`: a `digraph` for
//! `dot -Tsvg` and friends.

use std::fmt::Write as _;

use super::{
    Chart, Direction, LEGEND, Legend, MORE_FILL, Marks, NOTE_FILL, NOTE_STROKE, Node, PLAIN_FILL,
    PLAIN_STROKE, RD_FILL, RD_STROKE, RD_TEXT, TEXT, entity_of, label_lines, note_lines, plural,
    rd_node, severity_color, worst,
};
use crate::diagnostic::clip;
use crate::model::Model;

/// Text for a quoted DOT string: `"` and `\` escaped, control characters
/// become spaces.
fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn render(model: &Model, chart: &Chart, marks: &Marks, direction: Direction) -> String {
    let mut out = String::from("digraph orglint {\n");
    let rankdir = match direction {
        Direction::TopBottom => "TB",
        Direction::LeftRight => "LR",
    };
    let _ = write!(
        out,
        "    graph [fontname=\"Helvetica\", labelloc=t, rankdir={rankdir}"
    );
    if let Some(name) = &model.org.section.name {
        let _ = write!(out, ", label=\"{}\"", dot_escape(&clip(name, 80)));
    }
    out.push_str("];\n");
    // Every node's fill, outline and text colour is explicit: the defaults
    // here, R&D and the rest below.
    let _ = writeln!(
        out,
        "    node [shape=box, style=\"rounded,filled\", fillcolor=\"{PLAIN_FILL}\", color=\"{PLAIN_STROKE}\", fontcolor=\"{TEXT}\", fontname=\"Helvetica\", fontsize=11];"
    );
    out.push_str("    edge [color=\"#757575\", arrowsize=0.7];\n");

    let node_line = |out: &mut String, indent: &str, node: Node| {
        let label = label_lines(model, chart, marks, node)
            .iter()
            .map(|l| dot_escape(l))
            .collect::<Vec<_>>()
            .join("\\n");
        let mut attributes = vec![format!("label=\"{label}\"")];
        match node {
            Node::Person(_) => {}
            Node::Vacancy(_) => attributes.push("style=\"rounded,dashed,filled\"".to_owned()),
            Node::Team(_) => {
                attributes.push("shape=folder".to_owned());
                attributes.push("style=filled".to_owned());
            }
            Node::More(_) => {
                attributes.push("shape=ellipse".to_owned());
                attributes.push("style=\"dashed,filled\"".to_owned());
                attributes.push(format!("fillcolor=\"{MORE_FILL}\""));
            }
        }
        let is_rd = rd_node(model, node);
        if is_rd {
            attributes.push(format!("fillcolor=\"{RD_FILL}\""));
            attributes.push(format!("fontcolor=\"{RD_TEXT}\""));
        }
        // One `color` per node: the severity's outline, else R&D's.
        if let Some(severity) = worst(chart, marks, node) {
            attributes.push(format!("color=\"{}\"", severity_color(severity)));
            attributes.push("penwidth=3".to_owned());
        } else if is_rd {
            attributes.push(format!("color=\"{RD_STROKE}\""));
        }
        let tooltip: Vec<String> = match node {
            Node::More(p) => chart
                .hidden
                .get(&p)
                .filter(|h| h.flagged > 0)
                .map(|h| {
                    vec![format!(
                        "{} hidden with diagnostics; draw deeper to see them",
                        plural(h.flagged, "entity")
                    )]
                })
                .unwrap_or_default(),
            Node::Vacancy(v) => marks
                .vacancies
                .get(&v)
                .map(|m| m.details.iter().map(|d| dot_escape(d)).collect())
                .unwrap_or_default(),
            _ => entity_of(node)
                .and_then(|id| marks.get(id))
                .map(|m| m.details.iter().map(|d| dot_escape(d)).collect())
                .unwrap_or_default(),
        };
        if !tooltip.is_empty() {
            attributes.push(format!("tooltip=\"{}\"", tooltip.join("\\n")));
        }
        let _ = writeln!(out, "{indent}{} [{}];", node.id(), attributes.join(", "));
    };
    for &node in &chart.attached {
        node_line(&mut out, "    ", node);
    }
    if !chart.unattached.is_empty() {
        out.push_str("    subgraph cluster_unattached {\n");
        out.push_str(
            "        graph [label=\"unattached: no chain to a root\", style=dashed, color=\"#9e9e9e\"];\n",
        );
        for &node in &chart.unattached {
            node_line(&mut out, "        ", node);
        }
        out.push_str("    }\n");
    }
    let notes = note_lines(marks);
    if !notes.is_empty() {
        let mut label = String::from("about the org\\l");
        for line in &notes {
            let _ = write!(label, "{}\\l", dot_escape(line));
        }
        let _ = writeln!(
            out,
            "    orgnotes [shape=note, style=filled, fillcolor=\"{NOTE_FILL}\", color=\"{NOTE_STROKE}\", fontcolor=\"{TEXT}\", label=\"{label}\"];"
        );
    }
    out.push_str("    subgraph cluster_legend {\n");
    out.push_str("        graph [label=\"legend\", style=dashed, color=\"#9e9e9e\"];\n");
    for (id, label, look) in LEGEND {
        let attributes = match look {
            Legend::Rd => {
                format!("fillcolor=\"{RD_FILL}\", fontcolor=\"{RD_TEXT}\", color=\"{RD_STROKE}\"")
            }
            Legend::Severity(s) => format!("color=\"{}\", penwidth=3", severity_color(*s)),
            Legend::More => {
                format!("shape=ellipse, style=\"dashed,filled\", fillcolor=\"{MORE_FILL}\"")
            }
        };
        let _ = writeln!(
            out,
            "        {id} [label=\"{}\", {attributes}];",
            dot_escape(label)
        );
    }
    out.push_str("    }\n");
    for (from, to) in &chart.edges {
        match to {
            Node::Vacancy(_) => {
                let _ = writeln!(out, "    {} -> {} [style=dashed];", from.id(), to.id());
            }
            _ => {
                let _ = writeln!(out, "    {} -> {};", from.id(), to.id());
            }
        }
    }
    // Dotted lines do not rank the chart: the reporting tree does.
    for (from, to) in &chart.dotted {
        let _ = writeln!(
            out,
            "    {} -> {} [style=dashed, constraint=false, label=\"dotted line\", fontsize=9];",
            from.id(),
            to.id()
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(dot_escape("a \"b\" \\n\t"), "a \\\"b\\\" \\\\n ");
    }
}
