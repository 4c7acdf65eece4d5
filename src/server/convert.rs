//! orglint's diagnostics in the protocol's form.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::linter::Linter;
use crate::load::source::normal;
use crate::source::{SourceFile, Span};

use super::position::{LineIndex, uri_of};

/// Where the documentation of the built-in rules is.
const RULES_HOME: &str = "https://github.com/orglint/orglint/blob/main/rules";

/// The LSP form of a diagnostic of `source`; one without a location goes
/// on `org_header` (the `[org]` line), else on the first line.
pub fn to_lsp(
    d: &Diagnostic,
    source: &SourceFile,
    index: &LineIndex,
    org_header: Option<&Span>,
    names: &HashMap<String, PathBuf>,
    linter: &Linter,
) -> lsp_types::Diagnostic {
    let text = source.text();
    let range = match (&d.span, org_header) {
        (Some(span), _) => index.range(text, span),
        (None, Some(header)) => index.range(text, header),
        (None, None) => lsp_types::Range::default(),
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| l.file.is_some() || Some(&l.span) != d.span.as_ref())
        .filter_map(|label| {
            let location = match &label.file {
                None => Location {
                    uri: uri_of(
                        &names
                            .get(&source.path)
                            .cloned()
                            .unwrap_or_else(|| normal(Path::new(&source.path))),
                    )?,
                    range: index.range(text, &label.span),
                },
                Some(file) => {
                    let path = names
                        .get(&file.path)
                        .cloned()
                        .unwrap_or_else(|| normal(Path::new(&file.path)));
                    let other = LineIndex::new(file.text(), false);
                    Location {
                        uri: uri_of(&path)?,
                        range: other.range(file.text(), &label.span),
                    }
                }
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: label.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.clone())),
        code_description: documentation(&d.rule, linter).map(|href| CodeDescription { href }),
        source: Some("orglint".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The page that documents a built-in rule: its file in `rules/`.
pub fn documentation(rule: &str, linter: &Linter) -> Option<Uri> {
    let known = linter.known.iter().find(|k| k.def.id == rule)?;
    let pack = known.def.pack.as_str();
    if !crate::rules::pack::BUILTIN_PACKS.contains(&pack) {
        return None;
    }
    Uri::from_str(&format!("{RULES_HOME}/{pack}/{rule}.toml")).ok()
}
