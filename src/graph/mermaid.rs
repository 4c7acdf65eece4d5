//! The Mermaid renderer of `orglint graph`: a `flowchart TD` for Markdown
//! renderers (GitHub, GitLab).

use std::fmt::Write as _;

use super::{
    Chart, MORE_FILL, Marks, NOTE_FILL, Node, RD_FILL, RD_STROKE, entity_of, label_lines,
    note_lines, rd, severity_color, worst,
};
use crate::diagnostic::Severity;
use crate::model::Model;

/// Text for a quoted Mermaid label: characters that Mermaid or HTML would
/// read as syntax become entity codes (`#quot;`, `#35;`), control
/// characters become spaces.
fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#38;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '%' => out.push_str("#37;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn render(model: &Model, chart: &Chart, marks: &Marks) -> String {
    let mut out = String::from("flowchart TD\n");
    let stroke = |s: Severity| format!("stroke:{},stroke-width:3px", severity_color(s));
    let _ = writeln!(out, "    classDef rd fill:{RD_FILL},stroke:{RD_STROKE}");
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = writeln!(out, "    classDef {s} {}", stroke(s));
        let _ = writeln!(out, "    classDef rd_{s} fill:{RD_FILL},{}", stroke(s));
        let _ = writeln!(
            out,
            "    classDef more_{s} fill:{MORE_FILL},{},stroke-dasharray:4 3",
            stroke(s)
        );
    }
    let _ = writeln!(
        out,
        "    classDef more fill:{MORE_FILL},stroke-dasharray:4 3"
    );
    let _ = writeln!(out, "    classDef orgnote fill:{NOTE_FILL},stroke:#bdbdbd");

    let node_line = |out: &mut String, indent: &str, node: Node| {
        let label = label_lines(model, chart, marks, node)
            .iter()
            .map(|l| mermaid_escape(l))
            .collect::<Vec<_>>()
            .join("<br/>");
        let (open, close) = match node {
            Node::Person(_) => ("[\"", "\"]"),
            Node::Team(_) => ("[[\"", "\"]]"),
            Node::More(_) => ("([\"", "\"])"),
        };
        let severity = worst(chart, marks, node);
        let class = match (
            node,
            entity_of(node).is_some_and(|id| rd(model, id)),
            severity,
        ) {
            (Node::More(_), _, Some(s)) => Some(format!("more_{s}")),
            (Node::More(_), _, None) => Some("more".to_owned()),
            (_, true, Some(s)) => Some(format!("rd_{s}")),
            (_, true, None) => Some("rd".to_owned()),
            (_, false, Some(s)) => Some(s.to_string()),
            (_, false, None) => None,
        };
        let class = class.map(|c| format!(":::{c}")).unwrap_or_default();
        let _ = writeln!(out, "{indent}{}{open}{label}{close}{class}", node.id());
    };
    for &node in &chart.attached {
        node_line(&mut out, "    ", node);
    }
    if !chart.unattached.is_empty() {
        out.push_str("    subgraph unattached[\"unattached: no chain to a root\"]\n");
        for &node in &chart.unattached {
            node_line(&mut out, "        ", node);
        }
        out.push_str("    end\n");
    }
    let notes = note_lines(marks);
    if !notes.is_empty() {
        let mut label = vec!["about the org".to_owned()];
        label.extend(notes);
        let label: Vec<String> = label.iter().map(|l| mermaid_escape(l)).collect();
        let _ = writeln!(out, "    orgnotes>\"{}\"]:::orgnote", label.join("<br/>"));
    }
    for (from, to) in &chart.edges {
        let _ = writeln!(out, "    {} --> {}", from.id(), to.id());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            mermaid_escape("a \"b\" #1 <i>&`%\n"),
            "a #quot;b#quot; #35;1 #60;i#62;#38;#96;#37; "
        );
    }
}
