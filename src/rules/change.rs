//! Rules over a change of the org (two-sided templates): compiled like the
//! other pack rules, run only by `orglint diff` on BASE and HEAD.

use super::compile::{Shape, prepare};
use super::message::MessageTemplate;
use super::pack::RuleDef;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::model::Model;
use crate::parse::node::{Entry, Located, Problems};
use crate::templates::Finding;
use crate::templates::change::{self, ChangeContext, ChangeInfo, ChangeTemplate, Pairing};
use crate::templates::selector::Selector;
use crate::vocabulary::Vocabulary;

/// A rule over a change, ready to run.
#[derive(Debug)]
pub struct ChangeRule {
    /// The full id.
    pub id: String,
    info: &'static ChangeInfo,
    select: Selector,
    template: Box<dyn ChangeTemplate>,
    message: MessageTemplate,
    help: MessageTemplate,
    config_labels: Vec<Label>,
}

/// Whether `template` names a two-sided template.
pub fn is_change_template(template: &str) -> bool {
    change::info(template).is_some()
}

/// Compiles a rule of a two-sided template; `overrides` are the config's
/// params for it.
pub fn compile(
    def: &RuleDef,
    vocabulary: &Vocabulary,
    overrides: &[Entry],
    config_at: Option<&Located>,
    problems: &mut Problems,
) -> Option<ChangeRule> {
    let info = change::info(&def.template)?;
    if let Some(e) = def.table.get("when") {
        problems.push(
            &def.at,
            e.key_span.clone(),
            "not taken",
            format!("template `{}` takes no `when`", info.name),
            Some("remove `when`".to_owned()),
        );
        return None;
    }
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
    )?;
    Some(ChangeRule {
        id: def.id.clone(),
        info,
        select: prepared.select,
        template: prepared.template,
        message: prepared.message,
        help: prepared.help,
        config_labels: prepared.config_labels,
    })
}

impl ChangeRule {
    /// Appends a diagnostic (about HEAD) for every problem of the change
    /// from `base` to `head`, with `severity`.
    pub fn check(
        &self,
        base: &Model,
        head: &Model,
        pairing: &Pairing,
        severity: Severity,
        out: &mut Vec<Diagnostic>,
    ) {
        let selected = if self.info.takes_select {
            base.entities()
                .filter(|&id| self.select.matches(base, id))
                .collect()
        } else {
            Vec::new()
        };
        let cx = ChangeContext {
            base,
            head,
            pairing,
            selected,
        };
        let mut findings = Vec::new();
        self.template.check(&cx, &mut findings);
        out.extend(
            findings
                .into_iter()
                .map(|f| self.diagnostic(head, f, severity)),
        );
    }

    fn diagnostic(&self, model: &Model, finding: Finding, severity: Severity) -> Diagnostic {
        let text = super::compile::Texts {
            rule: &self.id,
            message: &self.message,
            help: &self.help,
            config_labels: &self.config_labels,
        };
        text.diagnostic(model, finding, severity)
    }
}
