//! The Mermaid renderer of `orglint graph`: a `flowchart TD` (or `LR`) for
//! Markdown renderers (GitHub, GitLab).

use std::fmt::Write as _;

use super::{
    Chart, Direction, LEGEND, Legend, MORE_FILL, Marks, NOTE_FILL, NOTE_STROKE, Node, PLAIN_FILL,
    PLAIN_STROKE, RD_FILL, RD_STROKE, RD_TEXT, TEXT, label_lines, note_lines, rd_node,
    severity_color, worst,
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

pub(super) fn render(model: &Model, chart: &Chart, marks: &Marks, direction: Direction) -> String {
    let mut out = String::from(match direction {
        Direction::TopBottom => "flowchart TD\n",
        Direction::LeftRight => "flowchart LR\n",
    });
    let stroke = |s: Severity| format!("stroke:{},stroke-width:3px", severity_color(s));
    let _ = writeln!(
        out,
        "    classDef plain fill:{PLAIN_FILL},stroke:{PLAIN_STROKE},color:{TEXT}"
    );
    let _ = writeln!(
        out,
        "    classDef rd fill:{RD_FILL},stroke:{RD_STROKE},color:{RD_TEXT}"
    );
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = writeln!(
            out,
            "    classDef {s} fill:{PLAIN_FILL},{},color:{TEXT}",
            stroke(s)
        );
        let _ = writeln!(
            out,
            "    classDef rd_{s} fill:{RD_FILL},{},color:{RD_TEXT}",
            stroke(s)
        );
        let _ = writeln!(
            out,
            "    classDef more_{s} fill:{MORE_FILL},{},stroke-dasharray:4 3,color:{TEXT}",
            stroke(s)
        );
    }
    let _ = writeln!(
        out,
        "    classDef more fill:{MORE_FILL},stroke:{PLAIN_STROKE},stroke-dasharray:4 3,color:{TEXT}"
    );
    let _ = writeln!(
        out,
        "    classDef orgnote fill:{NOTE_FILL},stroke:{NOTE_STROKE},color:{TEXT}"
    );

    let node_line = |out: &mut String, indent: &str, node: Node| {
        let label = label_lines(model, chart, marks, node)
            .iter()
            .map(|l| mermaid_escape(l))
            .collect::<Vec<_>>()
            .join("<br/>");
        let (open, close) = match node {
            Node::Person(_) | Node::Vacancy(_) => ("[\"", "\"]"),
            Node::Team(_) => ("[[\"", "\"]]"),
            Node::More(_) => ("([\"", "\"])"),
        };
        let severity = worst(chart, marks, node);
        let class = match (node, rd_node(model, node), severity) {
            (Node::More(_), _, Some(s)) => format!("more_{s}"),
            (Node::More(_), _, None) => "more".to_owned(),
            (_, true, Some(s)) => format!("rd_{s}"),
            (_, true, None) => "rd".to_owned(),
            (_, false, Some(s)) => s.to_string(),
            // Even a plain node gets a class: left to the theme, its fill
            // could look like the R&D one.
            (_, false, None) => "plain".to_owned(),
        };
        let _ = writeln!(out, "{indent}{}{open}{label}{close}:::{class}", node.id());
        // On top of its class: an open position is outlined dashed.
        if let Node::Vacancy(_) = node {
            let _ = writeln!(out, "{indent}style {} stroke-dasharray:5 4", node.id());
        }
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
    out.push_str("    subgraph legend[\"legend\"]\n");
    for (id, label, look) in LEGEND {
        let (open, close, class) = match look {
            Legend::Rd => ("[\"", "\"]", "rd".to_owned()),
            Legend::Severity(s) => ("[\"", "\"]", s.to_string()),
            Legend::More => ("([\"", "\"])", "more".to_owned()),
        };
        let _ = writeln!(
            out,
            "        {id}{open}{}{close}:::{class}",
            mermaid_escape(label)
        );
    }
    out.push_str("    end\n");
    for (from, to) in &chart.edges {
        let arrow = match to {
            Node::Vacancy(_) => "-.->",
            _ => "-->",
        };
        let _ = writeln!(out, "    {} {arrow} {}", from.id(), to.id());
    }
    for (from, to) in &chart.dotted {
        let _ = writeln!(out, "    {} -. dotted line .-> {}", from.id(), to.id());
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
