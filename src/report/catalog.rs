//! `orglint rules` and `orglint explain`: the rule catalog for people.

use std::io::{self, Write};

use serde::Serialize;

use crate::linter::{Known, Linter};

#[derive(Serialize)]
struct RuleRow<'a> {
    id: &'a str,
    pack: &'a str,
    /// The pack's default severity.
    severity: &'static str,
    template: &'a str,
    summary: &'a str,
    enabled: bool,
    effective: Effective,
}

/// What is in force under the configuration, and where it comes from.
#[derive(Serialize)]
struct Effective {
    /// `off`, `info`, `warning` or `error`.
    severity: &'static str,
    /// Readable: `default`, `orglint.toml line 4`, ...
    from: String,
    /// `default`, `pack-line`, `rule-line` or `flag`.
    kind: &'static str,
    params: Vec<ParamRow>,
}

#[derive(Serialize)]
struct ParamRow {
    name: String,
    /// As written, in TOML.
    value: String,
    from: String,
}

/// `off` or the severity.
fn effective_severity(known: &Known) -> &'static str {
    known.severity.map_or("off", |s| s.as_str())
}

fn rows(linter: &Linter) -> Vec<RuleRow<'_>> {
    linter
        .known
        .iter()
        .map(|k| RuleRow {
            id: &k.def.id,
            pack: &k.def.pack,
            severity: k.def.severity.as_str(),
            template: &k.def.template,
            summary: &k.def.summary,
            enabled: k.severity.is_some(),
            effective: Effective {
                severity: effective_severity(k),
                from: k.from.to_string(),
                kind: k.from.kind(),
                params: k
                    .params
                    .iter()
                    .map(|p| ParamRow {
                        name: p.key.clone(),
                        value: p.value.clone(),
                        from: p.from.to_string(),
                    })
                    .collect(),
            },
        })
        .collect()
}

/// Writes the catalog as an aligned table: each rule's severity in force
/// and where it comes from.
pub fn write_rules(out: &mut dyn Write, linter: &Linter) -> io::Result<()> {
    let rows = rows(linter);
    let width = |f: &dyn Fn(&RuleRow<'_>) -> usize, title: &str| {
        rows.iter().map(f).max().unwrap_or(0).max(title.len())
    };
    let (w_id, w_pack, w_sev, w_from, w_tpl) = (
        width(&|r| r.id.len(), "RULE"),
        width(&|r| r.pack.len(), "PACK"),
        width(&|r| r.effective.severity.len(), "SEVERITY"),
        width(&|r| r.effective.from.chars().count(), "FROM"),
        width(&|r| r.template.len(), "TEMPLATE"),
    );
    writeln!(
        out,
        "{:w_id$}  {:w_pack$}  {:w_sev$}  {:w_from$}  {:w_tpl$}  SUMMARY",
        "RULE", "PACK", "SEVERITY", "FROM", "TEMPLATE"
    )?;
    for r in &rows {
        writeln!(
            out,
            "{:w_id$}  {:w_pack$}  {:w_sev$}  {:w_from$}  {:w_tpl$}  {}",
            r.id, r.pack, r.effective.severity, r.effective.from, r.template, r.summary
        )?;
    }
    Ok(())
}

/// Writes the catalog as a JSON array.
pub fn write_rules_json(out: &mut dyn Write, linter: &Linter) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &rows(linter))?;
    writeln!(out)
}

/// The source text of one of the rule's keys, as written.
fn raw<'a>(known: &'a Known, key: &str) -> Option<&'a str> {
    let entry = known.def.table.get(key)?;
    known.def.at.file.text().get(entry.value.span.clone())
}

/// `id` as a TOML key: bare when it can be, else quoted (a user's rule id
/// holds a `/`, and `acme/email-domain = ...` is not valid TOML).
pub fn toml_key(id: &str) -> String {
    let bare = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        id.to_owned()
    } else {
        let escaped = id.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    }
}

/// Which values of `[org] structure` the rule runs on, from its `when`, so
/// that a reader of a `split` org knows which CPTO rules still apply.
fn runs_on(known: &Known) -> String {
    use crate::parse::node::NodeValue;
    if crate::templates::change::info(&known.def.template).is_some() {
        return "`orglint diff` only: a change from BASE to HEAD, about HEAD".to_owned();
    }
    let structures: Vec<String> = known
        .def
        .table
        .get("when")
        .and_then(|when| match &when.value.value {
            NodeValue::Table(t) => t.get("structure"),
            _ => None,
        })
        .map(|entry| match &entry.value.value {
            NodeValue::Str(s) => vec![s.clone()],
            NodeValue::Array(items) => items
                .iter()
                .filter_map(|i| match &i.value {
                    NodeValue::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let all = ["cpto", "split"];
    if structures.is_empty() || all.iter().all(|s| structures.iter().any(|t| t == s)) {
        "every org, `structure = \"cpto\"` or `\"split\"`".to_owned()
    } else {
        let listed: Vec<String> = structures.iter().map(|s| format!("\"{s}\"")).collect();
        let skipped: Vec<String> = all
            .iter()
            .filter(|s| !structures.iter().any(|t| t == *s))
            .map(|s| format!("`\"{s}\"`"))
            .collect();
        format!(
            "orgs with `structure = {}` only; a {} org skips it",
            listed.join(" | "),
            skipped.join(" or ")
        )
    }
}

/// Writes everything about one rule.
pub fn write_explain(out: &mut dyn Write, known: &Known) -> io::Result<()> {
    let def = &known.def;
    writeln!(out, "{}: {}", def.id, def.summary)?;
    writeln!(out)?;
    writeln!(out, "pack:     {}", def.pack)?;
    match known.from {
        crate::linter::SeverityFrom::Default => {
            writeln!(out, "severity: {} (default)", effective_severity(known))?;
        }
        ref from => writeln!(
            out,
            "severity: {} ({from}; default {})",
            effective_severity(known),
            def.severity
        )?,
    }
    writeln!(out, "template: {}", def.template)?;
    let grouping =
        crate::ids::grouping(&def.id).or_else(|| crate::templates::grouping(&def.template));
    writeln!(
        out,
        "grouped:  {}",
        grouping.unwrap_or("no: each diagnostic is its own entry")
    )?;
    if def.locked {
        writeln!(
            out,
            "locked:   cannot be turned off, suppressed or change severity"
        )?;
    }
    for key in ["select", "params", "when"] {
        if let Some(text) = raw(known, key) {
            writeln!(out, "{key}:{} {text}", " ".repeat(8 - key.len()))?;
        }
    }
    if !known.params.is_empty() {
        let in_force: Vec<String> = known
            .params
            .iter()
            .map(|p| format!("{} = {} ({})", p.key, p.value, p.from))
            .collect();
        writeln!(out, "in force: {}", in_force.join(", "))?;
    }
    let template = crate::templates::info(&def.template)
        .map(|i| (i.name, i.params, i.defaults))
        .or_else(|| {
            crate::templates::change::info(&def.template).map(|i| (i.name, i.params, i.defaults))
        });
    if let Some((name, params, defaults)) = template {
        let params: Vec<String> = params
            .iter()
            .map(|p| match defaults.iter().find(|(k, _)| k == p) {
                Some((_, default)) => format!("{p} (default {default})"),
                None => (*p).to_owned(),
            })
            .collect();
        writeln!(
            out,
            "          template `{}` takes: {}",
            name,
            params.join(", ")
        )?;
        writeln!(
            out,
            "          set params in orglint.toml: [rules] {} = {{ ... }}",
            toml_key(&def.id)
        )?;
    }
    if def.template != "native" {
        writeln!(out, "runs on:  {}", runs_on(known))?;
    }
    if let Some(rationale) = def.rationale() {
        writeln!(out)?;
        writeln!(out, "{}", rationale.trim())?;
    }
    for (fail, title) in [(true, "Fails on"), (false, "Passes on")] {
        if let Some(example) = def.examples().iter().find(|e| e.fail == fail) {
            writeln!(out)?;
            match example.as_of {
                Some(as_of) => writeln!(out, "{title} (as of {as_of}):")?,
                None => writeln!(out, "{title}:")?,
            }
            writeln!(out)?;
            if let Some(base) = &example.base {
                writeln!(out, "    # org.toml at BASE")?;
                for line in base.trim_end().lines() {
                    writeln!(out, "    {line}")?;
                }
                writeln!(out)?;
                writeln!(out, "    # org.toml at HEAD")?;
            } else if !example.files.is_empty() {
                writeln!(out, "    # org.toml")?;
            }
            for line in example.org.trim_end().lines() {
                writeln!(out, "    {line}")?;
            }
            for (path, text) in &example.files {
                writeln!(out)?;
                writeln!(out, "    # {path}")?;
                for line in text.trim_end().lines() {
                    writeln!(out, "    {line}")?;
                }
            }
        }
    }
    Ok(())
}

/// Writes what `orglint explain` says about a diagnostic of `orglint
/// import` (nothing when `rule` is not one).
pub fn write_import_explain(out: &mut dyn Write, rule: &str) -> io::Result<()> {
    let Some((severity, summary, rationale)) = crate::import::explain(rule) else {
        return Ok(());
    };
    writeln!(out, "{rule}: {summary}")?;
    writeln!(out)?;
    writeln!(
        out,
        "pack:     import (diagnostics of `orglint import`, about the export)"
    )?;
    writeln!(out, "severity: {severity}")?;
    writeln!(out)?;
    writeln!(out, "{rationale}")
}

/// A Markdown code span for `text`, which may itself hold backticks.
fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The template reference of `docs/rules.md`, generated from the template
/// registry so that the document cannot drift from the code (a test holds
/// the document equal to this text).
pub fn templates_markdown() -> String {
    use std::fmt::Write as _;

    let templates = crate::templates::TEMPLATES;
    let entity = crate::rules::compile::ENTITY_PLACEHOLDERS
        .iter()
        .map(|p| format!("`{{{p}}}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = String::new();
    out.push_str("| template | params | a diagnostic is about | takes `select` |\n");
    out.push_str("|---|---|---|---|\n");
    for t in templates {
        let params = t
            .params
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let about = if t.about_entity {
            "the selected entity"
        } else {
            "the org as a whole"
        };
        let select = if t.takes_select { "yes" } else { "no" };
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {params} | {about} | {select} |",
            t.name, t.name
        );
    }
    for t in templates {
        let _ = writeln!(out, "\n### `{}`\n", t.name);
        let mut summary = t.summary.to_owned();
        if let Some(first) = summary.get(..1) {
            summary.replace_range(..1, &first.to_uppercase());
        }
        let _ = writeln!(out, "{summary}.\n");
        if t.about_entity {
            let _ = writeln!(
                out,
                "A diagnostic is about the selected entity: {entity} are available in `message` and `help`."
            );
        } else {
            let _ = writeln!(
                out,
                "A diagnostic is about the org as a whole: {entity} are not available (using one is a pack error)."
            );
        }
        if t.takes_select {
            let _ = writeln!(out, "`select` picks the entities it looks at.\n");
        } else {
            let _ = writeln!(out, "It takes no `select` (writing one is a pack error).\n");
        }
        template_tables(&mut out, t);
    }
    change_templates_markdown(&mut out, &entity);
    out
}

/// A template's params and placeholders as tables, and its default
/// message and help: the same for both kinds of template.
fn template_tables<T: ?Sized>(out: &mut String, t: &crate::templates::Info<T>) {
    use std::fmt::Write as _;

    out.push_str("| param | default | meaning |\n|---|---|---|\n");
    for (name, doc) in t.param_docs {
        let default = t
            .defaults
            .iter()
            .find(|(k, _)| k == name)
            .map_or("-".to_owned(), |(_, d)| format!("`{d}`"));
        let _ = writeln!(out, "| `{name}` | {default} | {doc} |");
    }
    out.push_str("\n| placeholder | value |\n|---|---|\n");
    for (name, doc) in t.placeholder_docs {
        let _ = writeln!(out, "| `{{{name}}}` | {doc} |");
    }
    let _ = writeln!(
        out,
        "\n- default `message`: {}\n- default `help`: {}",
        code_span(t.message),
        code_span(t.help)
    );
}

/// The two-sided templates, in the generated reference.
fn change_templates_markdown(out: &mut String, entity: &str) {
    use std::fmt::Write as _;

    out.push_str(
        "\n### Templates over a change\n\nThese templates see two orgs, BASE and HEAD (the same org before and after a change), and run only in `orglint diff`; a rule that uses one documents itself with two-sided examples (`base` and `head` instead of `org`). Their diagnostics are about HEAD. `when` is not taken.\n",
    );
    for t in crate::templates::change::CHANGE_TEMPLATES {
        let _ = writeln!(out, "\n#### `{}`\n", t.name);
        let mut summary = t.summary.to_owned();
        if let Some(first) = summary.get(..1) {
            summary.replace_range(..1, &first.to_uppercase());
        }
        let _ = writeln!(out, "{summary}.\n");
        if t.about_entity {
            let _ = writeln!(
                out,
                "A diagnostic is about an entity of HEAD: {entity} are available in `message` and `help`."
            );
        } else {
            let _ = writeln!(
                out,
                "A diagnostic is about the org as a whole: {entity} are not available."
            );
        }
        if t.takes_select {
            let _ = writeln!(
                out,
                "`select` picks the entities it looks at, matched at BASE.\n"
            );
        } else {
            let _ = writeln!(out, "It takes no `select`.\n");
        }
        template_tables(out, t);
    }
}
