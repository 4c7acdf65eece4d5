//! SARIF 2.1.0 for GitHub code scanning: one run, every enabled rule in
//! `tool.driver.rules`, results with regions, related locations, fixes and
//! partial fingerprints that survive unrelated edits.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::escape::controls;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use crate::{FileReport, Report};

/// Where orglint's documentation lives.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// Sets a key of a JSON object (a no-op on anything else).
fn set(value: &mut Value, key: &str, new: Value) {
    if let Some(object) = value.as_object_mut() {
        object.insert(key.to_owned(), new);
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(source: &SourceFile, span: Option<&Span>) -> Value {
    match span {
        Some(span) => {
            let start = source.position(span.start);
            let end = source.position(span.end);
            json!({
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            })
        }
        None => json!({ "startLine": 1 }),
    }
}

fn location(uri: &str, region: Value) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
            "region": region,
        }
    })
}

/// A relative URI with `/` separators: every byte but the unreserved
/// characters of RFC 3986 and `/` percent-encoded, so that `#`, `%`, `?`,
/// spaces and control characters in a file name stay part of the path.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// 64-bit FNV-1a: a stable hash, the same on every platform and release
/// (std's hasher is neither), for fingerprints.
fn fnv1a(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The identity of a diagnostic across edits: rule, file, entity and key
/// (line numbers left out), as baselines use it.
pub fn fingerprint_key(file: &str, d: &Diagnostic) -> String {
    let entity = d
        .entity
        .as_ref()
        .map_or(String::new(), |e| format!("{}:{}", e.kind.as_str(), e.id));
    // The baseline key, never the message: rewording a message must not
    // make a result look new.
    format!("{}\u{1f}{file}\u{1f}{entity}\u{1f}{}", d.rule, d.key)
}

fn result(file: &FileReport, d: &Diagnostic, rule_index: Option<usize>) -> Value {
    let source = &file.source;
    let file_uri = uri(&source.path);
    let related: Vec<Value> = d
        .labels
        .iter()
        .skip(usize::from(d.span.is_some()))
        .enumerate()
        .map(|(i, label)| {
            let label_source = label.file.as_deref().unwrap_or(source);
            let mut loc = location(
                &uri(&label_source.path),
                region(label_source, Some(&label.span)),
            );
            set(&mut loc, "id", json!(i + 1));
            set(
                &mut loc,
                "message",
                json!({ "text": controls(&label.message) }),
            );
            loc
        })
        .collect();
    let mut message = controls(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&controls(help));
    }
    let mut value = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [location(&file_uri, region(source, d.span.as_ref()))],
        "partialFingerprints": { "orglint/v1": fnv1a(&fingerprint_key(&source.path, d)) },
    });
    if let Some(index) = rule_index {
        set(&mut value, "ruleIndex", json!(index));
    }
    if let Some(group) = &d.group {
        set(
            &mut value,
            "properties",
            json!({ "group": controls(&group.key) }),
        );
    }
    if !related.is_empty() {
        set(&mut value, "relatedLocations", json!(related));
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| json!({ "deletedRegion": region(source, Some(&edit.span)), "insertedContent": { "text": edit.replacement } }))
            .collect();
        set(
            &mut value,
            "fixes",
            json!([{
                "description": { "text": controls(&fix.message) },
                "artifactChanges": [{
                    "artifactLocation": { "uri": file_uri, "uriBaseId": "%SRCROOT%" },
                    "replacements": replacements,
                }],
            }]),
        );
    }
    value
}

/// Whether a diagnostic is a failure of the run rather than a finding.
fn is_run_failure(d: &Diagnostic) -> bool {
    crate::ids::is_run_failure(&d.rule)
}

/// Writes the SARIF log.
pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|rule| {
            // Pack text is input too; a rationale keeps its line breaks
            // (it is prose), every other control character is escaped.
            let summary = controls(&rule.summary);
            let full = rule.rationale.as_deref().map_or(summary.to_string(), |r| {
                r.trim().split('\n').map(controls).collect::<Vec<_>>().join("\n")
            });
            json!({
                "id": rule.id,
                "shortDescription": { "text": summary },
                "fullDescription": { "text": full },
                "defaultConfiguration": { "level": level(rule.severity) },
                "help": {
                    "text": format!("{}\n\n{}\n\nRun `orglint explain {}` for its params and examples.", summary, full, rule.id),
                    "markdown": format!("**{}**\n\n{}\n\nRun `orglint explain {}` for its params and examples.", summary, full, rule.id),
                },
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for (file, d) in report.diagnostics() {
        if is_run_failure(d) {
            let mut notification = json!({
                "level": "error",
                "message": { "text": controls(&d.message) },
                "descriptor": { "id": d.rule },
            });
            if d.span.is_some() {
                set(
                    &mut notification,
                    "locations",
                    json!([location(
                        &uri(&file.source.path),
                        region(&file.source, d.span.as_ref())
                    )]),
                );
            }
            notifications.push(notification);
            continue;
        }
        let index = report.rules.iter().position(|r| r.id == d.rule);
        results.push(result(file, d, index));
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "orglint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": !report.run_failed,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn rewording_an_org_level_message_keeps_its_fingerprint() {
        let d = |message: &str| {
            Diagnostic::unlocated("acme/one-counsel", Severity::Error, message).with_key("count")
        };
        assert_eq!(
            fingerprint_key("org.toml", &d("no counsel")),
            fingerprint_key("org.toml", &d("nobody is the general counsel"))
        );
    }
}
