//! Turning a [`RuleDef`] into a runnable [`PolicyRule`] under one
//! configuration: selector, `when`, params (the config's replacing the
//! pack's), the template and the message templates.

use super::Rule;
use super::message::MessageTemplate;
use super::pack::RuleDef;
use crate::diagnostic::{Diagnostic, Label, Severity, code};
use crate::model::{EntityId, Model};
use crate::org::Structure;
use crate::parse::node::{Entry, Located, NodeValue, Problems};
use crate::source::Span;
use crate::templates::params::{Params, Reader};
use crate::templates::selector::{self, Selector};
use crate::templates::{self, Context, Finding, Info, Template};
use crate::vocabulary::Vocabulary;

/// Placeholders every entity-level template offers.
pub const ENTITY_PLACEHOLDERS: &[&str] = &["id", "name", "kind", "function"];

/// Org-level conditions for a rule to run at all.
#[derive(Clone, Debug, Default)]
pub struct When {
    structures: Option<Vec<Structure>>,
    min_headcount: Option<u64>,
}

impl When {
    fn applies(&self, model: &Model) -> bool {
        self.structures
            .as_ref()
            .is_none_or(|s| s.contains(&model.org.section.structure))
            && self.min_headcount.is_none_or(|m| model.org_size >= m)
    }
}

/// A pack rule, ready to run.
#[derive(Debug)]
pub struct PolicyRule {
    /// The full id.
    pub id: String,
    /// Its default severity from the pack.
    pub severity: Severity,
    info: &'static Info,
    select: Selector,
    when: When,
    template: Box<dyn Template>,
    message: MessageTemplate,
    help: MessageTemplate,
    /// Labels on the `orglint.toml` params behind the rule, so that a
    /// diagnostic shows the configured threshold it broke.
    config_labels: Vec<Label>,
}

fn parse_when(entry: &Entry, at: &Located, problems: &mut Problems) -> Option<When> {
    let NodeValue::Table(table) = &entry.value.value else {
        return None;
    };
    problems.check_keys(at, table, &["structure", "min-headcount"], "`when`");
    let mut when = When::default();
    let mut ok = true;
    if let Some(e) = table.get("structure") {
        let names: Vec<(&str, Span)> = match &e.value.value {
            NodeValue::Str(s) => vec![(s.as_str(), e.value.span.clone())],
            NodeValue::Array(items) => items
                .iter()
                .map(|i| match &i.value {
                    NodeValue::Str(s) => (s.as_str(), i.span.clone()),
                    _ => ("", i.span.clone()),
                })
                .collect(),
            _ => vec![("", e.value.span.clone())],
        };
        let mut structures = Vec::new();
        for (name, span) in names {
            match name {
                "cpto" => structures.push(Structure::Cpto),
                "split" => structures.push(Structure::Split),
                other => {
                    ok = false;
                    problems.push(
                        at,
                        span,
                        "not a structure",
                        format!("`structure` must be `cpto` or `split`, not {}", code(other)),
                        None,
                    );
                }
            }
        }
        when.structures = Some(structures);
    }
    if let Some(e) = table.get("min-headcount") {
        match e.value.value {
            NodeValue::Int(n) if n >= 0 => when.min_headcount = u64::try_from(n).ok(),
            _ => {
                ok = false;
                problems.wrong_type(at, "min-headcount", &e.value, "an integer >= 0");
            }
        }
    }
    ok.then_some(when)
}

/// The span of `range` (byte offsets in a string's value) inside the source
/// of the string node, when the string is written without escapes; else the
/// whole node.
fn inner_span(text: &str, node_span: &Span, range: &std::ops::Range<usize>) -> Span {
    let raw = text.get(node_span.clone()).unwrap_or_default();
    let open = if raw.starts_with("'''") || raw.starts_with("\"\"\"") {
        3 + usize::from(raw.get(3..).is_some_and(|r| r.starts_with('\n')))
    } else {
        1
    };
    if raw.starts_with('"') && raw.contains('\\') {
        return node_span.clone();
    }
    node_span.start + open + range.start..node_span.start + open + range.end
}

/// Compiles a rule; `overrides` are the config's params for it.
pub fn compile(
    def: &RuleDef,
    vocabulary: &Vocabulary,
    overrides: &[Entry],
    config_at: Option<&Located>,
    problems: &mut Problems,
) -> Option<PolicyRule> {
    let info = templates::info(&def.template)?;
    let before = problems.diagnostics.len();
    let when = match def.table.get("when") {
        Some(e) => parse_when(e, &def.at, problems),
        None => Some(When::default()),
    };
    let shape = Shape {
        name: info.name,
        params: info.params,
        placeholders: info.placeholders,
        about_entity: info.about_entity,
        takes_select: info.takes_select,
        message: info.message,
        help: info.help,
    };
    let prepared = prepare(
        def, &shape, vocabulary, overrides, config_at, problems, info.build,
    );
    if problems.diagnostics.len() > before {
        return None;
    }
    let prepared = prepared?;
    Some(PolicyRule {
        id: def.id.clone(),
        severity: def.severity,
        info,
        select: prepared.select,
        when: when?,
        template: prepared.template,
        message: prepared.message,
        help: prepared.help,
        config_labels: prepared.config_labels,
    })
}

/// What a template is to the compiler: its params, placeholders and
/// default texts (one-sided [`Info`] and two-sided templates alike).
pub struct Shape {
    /// The template's name.
    pub name: &'static str,
    /// The params it takes.
    pub params: &'static [&'static str],
    /// Its own placeholders.
    pub placeholders: &'static [&'static str],
    /// Whether diagnostics are about an entity.
    pub about_entity: bool,
    /// Whether it takes a `select`.
    pub takes_select: bool,
    /// Default message.
    pub message: &'static str,
    /// Default help.
    pub help: &'static str,
}

/// A rule's parts that every template kind has, compiled.
pub struct Prepared<T> {
    /// The selector (everything when not written).
    pub select: Selector,
    /// The built template.
    pub template: T,
    /// The message template.
    pub message: MessageTemplate,
    /// The help template.
    pub help: MessageTemplate,
    /// Labels on the `orglint.toml` params behind the rule.
    pub config_labels: Vec<Label>,
}

/// Compiles the selector, params, template and texts of a rule; `None`
/// when any problem was recorded.
pub fn prepare<T>(
    def: &RuleDef,
    info: &Shape,
    vocabulary: &Vocabulary,
    overrides: &[Entry],
    config_at: Option<&Located>,
    problems: &mut Problems,
    build: fn(&mut Reader<'_>) -> Option<T>,
) -> Option<Prepared<T>> {
    let at = &def.at;
    let before = problems.diagnostics.len();
    let select = match def.table.get("select") {
        Some(e) if !info.takes_select => {
            problems.push(
                at,
                e.key_span.clone(),
                "not taken",
                format!("template `{}` takes no `select`", info.name),
                Some("remove `select`".to_owned()),
            );
            None
        }
        Some(e) => selector::parse(&e.value, at, problems, vocabulary),
        None => Some(Selector::all()),
    };
    let params_entry = def.table.get("params");
    let anchor = params_entry
        .map(|e| e.key_span.clone())
        .or_else(|| def.table.get("template").map(|e| e.value.span.clone()))
        .unwrap_or(def.span.clone());
    let pack_params = params_entry.and_then(|e| match &e.value.value {
        NodeValue::Table(t) => Some(t),
        _ => None,
    });
    let params = Params::merge(pack_params, at, anchor, overrides, config_at);
    let config_labels: Vec<Label> = params
        .entries
        .iter()
        .filter(|p| p.at.origin == crate::parse::node::Origin::Config)
        .map(|p| {
            let written =
                p.at.file
                    .text()
                    .get(p.entry.key_span.start..p.entry.value.span.end)
                    .unwrap_or(&p.entry.key);
            Label {
                span: p.entry.key_span.start..p.entry.value.span.end,
                message: format!(
                    "`{}` set in orglint.toml",
                    crate::diagnostic::clip(written, 60)
                ),
                file: Some(p.at.file.clone()),
            }
        })
        .collect();
    for param in &params.entries {
        if !info.params.contains(&param.entry.key.as_str()) {
            let help = match crate::suggest::hint(&param.entry.key, info.params.iter().copied()) {
                Some(s) => crate::suggest::did_you_mean(s),
                None => format!("`{}` takes: {}", info.name, info.params.join(", ")),
            };
            problems.push(
                &param.at,
                param.entry.key_span.clone(),
                "unknown param",
                format!(
                    "template `{}` of rule {} has no param {}",
                    info.name,
                    code(&def.id),
                    code(&param.entry.key)
                ),
                Some(help),
            );
        }
    }
    let kinds = select.as_ref().map(|s| s.kinds.clone()).unwrap_or_default();
    let mut reader = Reader::new(&params, problems, vocabulary, &kinds, info.name);
    let template = build(&mut reader);
    let template_ok = reader.ok;
    let mut placeholders: Vec<&str> = info.placeholders.to_vec();
    if info.about_entity {
        placeholders.extend_from_slice(ENTITY_PLACEHOLDERS);
    }
    let mut text = |key: &str, default: &str| -> Option<MessageTemplate> {
        let Some(entry) = def.table.get(key) else {
            return MessageTemplate::parse(default, &placeholders).ok();
        };
        let NodeValue::Str(source) = &entry.value.value else {
            return None;
        };
        match MessageTemplate::parse(source, &placeholders) {
            Ok(t) => Some(t),
            Err(errors) => {
                for error in errors {
                    let span = inner_span(at.file.text(), &entry.value.span, &error.range);
                    let help = match error.name.as_deref() {
                        Some(name) if !info.about_entity && ENTITY_PLACEHOLDERS.contains(&name) => {
                            Some(format!(
                                "`{}` diagnostics are about the org as a whole, so `{{{name}}}` has no value; placeholders here: {}",
                                info.name,
                                placeholders
                                    .iter()
                                    .map(|p| format!("{{{p}}}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                        }
                        Some(name) => Some(
                            match crate::suggest::hint(name, placeholders.iter().copied()) {
                                Some(s) => crate::suggest::did_you_mean(&format!("{{{s}}}")),
                                None => format!(
                                    "placeholders here: {}",
                                    placeholders
                                        .iter()
                                        .map(|p| format!("{{{p}}}"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            },
                        ),
                        None => None,
                    };
                    problems.push(at, span, "here", error.message, help);
                }
                None
            }
        }
    };
    let message = text("message", info.message);
    let help = text("help", info.help);
    if problems.diagnostics.len() > before || !template_ok {
        return None;
    }
    Some(Prepared {
        select: select?,
        template: template?,
        message: message?,
        help: help?,
        config_labels,
    })
}

impl PolicyRule {
    fn diagnostic(&self, model: &Model, finding: Finding) -> Diagnostic {
        let text = Texts {
            rule: &self.id,
            message: &self.message,
            help: &self.help,
            config_labels: &self.config_labels,
        };
        text.diagnostic(model, finding, self.severity)
    }
}

/// What a policy rule says about each finding: its id, its message and help
/// templates, and the labels on its configuration.
pub(crate) struct Texts<'a> {
    pub(crate) rule: &'a str,
    pub(crate) message: &'a MessageTemplate,
    pub(crate) help: &'a MessageTemplate,
    pub(crate) config_labels: &'a [Label],
}

impl Texts<'_> {
    /// The diagnostic of a finding: message and help rendered with the
    /// finding's variables and its entity's (`{id}`, `{name}`, `{kind}`,
    /// `{function}`), the primary label first, then the finding's labels
    /// and the configuration's.
    pub(crate) fn diagnostic(
        &self,
        model: &Model,
        finding: Finding,
        severity: Severity,
    ) -> Diagnostic {
        let entity = finding.entity;
        let vars = &finding.vars;
        let value = |name: &str| -> Option<String> {
            if let Some((_, v)) = vars.iter().find(|(k, _)| *k == name) {
                return Some(v.clone());
            }
            let id = entity?;
            let e = model.entity(id);
            match name {
                "id" => Some(e.id.clone()),
                "name" => Some(e.name().to_owned()),
                "kind" => Some(e.kind.as_str().to_owned()),
                "function" => Some(model.function(id).unwrap_or("none").to_owned()),
                _ => None,
            }
        };
        let message = self.message.render(&value);
        let help = self.help.render(&value);
        let mut labels = Vec::with_capacity(finding.labels.len() + 1);
        if let Some(span) = &finding.span {
            labels.push(Label::new(span.clone(), finding.label.clone()));
        }
        labels.extend(finding.labels);
        labels.extend(self.config_labels.iter().cloned());
        let mut diagnostic = Diagnostic {
            rule: self.rule.to_owned(),
            severity,
            message,
            help: Some(help),
            span: finding.span,
            labels,
            labels_omitted: 0,
            entity: entity.map(|id: EntityId| model.entity(id).to_ref()),
            fix: None,
            key: finding.key,
            group: finding.group.map(|mut g| {
                g.key = format!("{}:{}", self.rule, g.key);
                g
            }),
            measured: finding.measured,
        };
        diagnostic.bound_labels();
        diagnostic
    }
}

impl Rule for PolicyRule {
    fn id(&self) -> &str {
        &self.id
    }

    fn default_severity(&self) -> Severity {
        self.severity
    }

    fn check(&self, model: &Model, out: &mut Vec<Diagnostic>) {
        self.check_at_most(model, out, usize::MAX);
    }

    fn check_at_most(&self, model: &Model, out: &mut Vec<Diagnostic>, max: usize) -> usize {
        if !self.when.applies(model) {
            return 0;
        }
        let selected = if self.info.takes_select {
            model.select(&self.select.key, |id| self.select.matches(model, id))
        } else {
            std::sync::Arc::default()
        };
        let cx = Context {
            model,
            selected,
            count_only: max == 0,
            counted: std::cell::Cell::new(0),
        };
        let mut findings = Vec::new();
        self.template.check(&cx, &mut findings);
        let mut omitted = cx.counted.get();
        if findings.len() > max {
            // Only the first `max` in output order (position, then entity)
            // become diagnostics: rendering the others would cost the time
            // and memory the bound is there to save.
            // Entity ids are indices in id order: they sort as the ids do.
            let order = |f: &Finding| (f.span.as_ref().map(|s| s.start), f.entity);
            findings.select_nth_unstable_by(max, |a, b| order(a).cmp(&order(b)));
            omitted += findings.len() - max;
            findings.truncate(max);
        }
        out.extend(findings.into_iter().map(|f| self.diagnostic(model, f)));
        omitted
    }
}
