//! SARIF 2.1.0 for GitHub code scanning: one run, every enabled rule in
//! `tool.driver.rules`, results with regions, related locations, fixes and
//! partial fingerprints that survive unrelated edits.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::escape::controls;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use crate::{FileReport, Report};

/// Where orglint's documentation lives.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

// The log is written with typed, borrowing structs streamed by serde: no
// tree of the whole document is built, so memory stays that of the report.
// Fields are in alphabetical order, the order of the `serde_json::Value`
// maps this writer used before, so the bytes are unchanged.

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<EscapedText<'a>>,
    physical_location: PhysicalLocation,
}

/// Text from an input, its control characters escaped (only copied when
/// it has some).
#[derive(Serialize)]
struct EscapedText<'a> {
    text: std::borrow::Cow<'a, str>,
}

impl<'a> EscapedText<'a> {
    fn of(text: &'a str) -> Self {
        EscapedText {
            text: controls(text),
        }
    }
}

/// `properties` of a result: the cause it shares with others.
#[derive(Serialize)]
struct Properties<'a> {
    group: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
    description: EscapedText<'a>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "orglint/v1")]
    orglint_v1: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[SarifFix<'a>; 1]>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: OwnedText,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

#[derive(Serialize)]
struct Descriptor<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct Notification<'a> {
    descriptor: Descriptor<'a>,
    level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[Location<'a>; 1]>,
    message: EscapedText<'a>,
}

#[derive(Serialize)]
struct Markdown {
    markdown: String,
    text: String,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule<'a> {
    default_configuration: Level,
    full_description: OwnedText,
    help: Markdown,
    id: &'a str,
    short_description: EscapedText<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    information_uri: &'static str,
    name: &'static str,
    rules: Rules<'a>,
    semantic_version: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Notifications<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    invocations: [Invocation<'a>; 1],
    results: Results<'a>,
    tool: Tool<'a>,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

/// `tool.driver.rules`, converted as they are written.
struct Rules<'a>(&'a Report);

impl Serialize for Rules<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.rules.iter().map(|rule| {
            // Pack text is input too; a rationale keeps its line breaks
            // (it is prose), every other control character is escaped.
            let summary = controls(&rule.summary);
            let full = rule.rationale.as_deref().map_or(summary.to_string(), |r| {
                r.trim().split('\n').map(controls).collect::<Vec<_>>().join("\n")
            });
            SarifRule {
                default_configuration: Level {
                    level: level(rule.severity),
                },
                help: Markdown {
                    text: format!(
                        "{summary}\n\n{full}\n\nRun `orglint explain {}` for its params and examples.",
                        controls(&rule.id)
                    ),
                    markdown: format!(
                        "**{summary}**\n\n{full}\n\nRun `orglint explain {}` for its params and examples.",
                        controls(&rule.id)
                    ),
                },
                id: &rule.id,
                short_description: EscapedText::of(&rule.summary),
                full_description: OwnedText { text: full },
            }
        }))
    }
}

/// The run failures, as tool execution notifications.
struct Notifications<'a>(&'a Report);

impl Serialize for Notifications<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.diagnostics().filter(|(_, d)| is_run_failure(d)).map(
            |(file, d)| Notification {
                descriptor: Descriptor { id: &d.rule },
                level: "error",
                locations: d.span.is_some().then(|| {
                    [location(
                        &file.source.path,
                        region(&file.source, d.span.as_ref()),
                    )]
                }),
                message: EscapedText::of(&d.message),
            },
        ))
    }
}

/// The findings, converted one by one as they are written.
struct Results<'a> {
    report: &'a Report,
    /// Each rule's index in `tool.driver.rules`: a lookup, not a scan of
    /// every rule for every result.
    rule_index: HashMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.report
                .diagnostics()
                .filter(|(_, d)| !is_run_failure(d))
                .map(|(file, d)| result(file, d, self.rule_index.get(d.rule.as_str()).copied())),
        )
    }
}

fn region(source: &SourceFile, span: Option<&Span>) -> Region {
    match span {
        Some(span) => {
            let start = source.position(span.start);
            let end = source.position(span.end);
            Region {
                end_column: Some(end.column),
                end_line: Some(end.line),
                start_column: Some(start.column),
                start_line: start.line,
            }
        }
        None => Region {
            end_column: None,
            end_line: None,
            start_column: None,
            start_line: 1,
        },
    }
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: uri(path),
        uri_base_id: "%SRCROOT%",
    }
}

fn location<'a>(path: &str, region: Region) -> Location<'a> {
    Location {
        id: None,
        message: None,
        physical_location: PhysicalLocation {
            artifact_location: artifact(path),
            region,
        },
    }
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

fn result<'a>(
    file: &'a FileReport,
    d: &'a Diagnostic,
    rule_index: Option<usize>,
) -> SarifResult<'a> {
    let source = &file.source;
    let related: Vec<Location<'a>> = d
        .labels
        .iter()
        .skip(usize::from(d.span.is_some()))
        .enumerate()
        .map(|(i, label)| {
            let label_source = label.file.as_deref().unwrap_or(source);
            let mut loc = location(&label_source.path, region(label_source, Some(&label.span)));
            loc.id = Some(i + 1);
            loc.message = Some(EscapedText::of(&label.message));
            loc
        })
        .collect();
    let mut message = controls(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&controls(help));
    }
    if d.labels_omitted > 0 {
        message.push_str(&format!(
            "\n({} not listed)",
            crate::text::plural(d.labels_omitted, "more related location")
        ));
    }
    SarifResult {
        fixes: d.fix.as_ref().map(|fix| {
            [SarifFix {
                artifact_changes: [ArtifactChange {
                    artifact_location: artifact(&source.path),
                    replacements: fix
                        .edits
                        .iter()
                        .map(|edit| Replacement {
                            deleted_region: region(source, Some(&edit.span)),
                            inserted_content: Text {
                                text: &edit.replacement,
                            },
                        })
                        .collect(),
                }],
                description: EscapedText::of(&fix.message),
            }]
        }),
        level: level(d.severity),
        locations: [location(&source.path, region(source, d.span.as_ref()))],
        message: OwnedText { text: message },
        partial_fingerprints: Fingerprints {
            orglint_v1: fnv1a(&fingerprint_key(file.identity(), d)),
        },
        properties: d.group.as_ref().map(|g| Properties {
            group: controls(&g.key),
        }),
        related_locations: related,
        rule_id: &d.rule,
        rule_index,
    }
}

/// Whether a diagnostic is a failure of the run rather than a finding.
fn is_run_failure(d: &Diagnostic) -> bool {
    crate::ids::is_run_failure(&d.rule)
}

/// Writes the SARIF log, streamed.
pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let rule_index = report
        .rules
        .iter()
        .enumerate()
        .rev()
        .map(|(i, rule)| (rule.id.as_str(), i))
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            invocations: [Invocation {
                execution_successful: !report.run_failed,
                tool_execution_notifications: Notifications(report),
            }],
            results: Results { report, rule_index },
            tool: Tool {
                driver: Driver {
                    information_uri: INFORMATION_URI,
                    name: "orglint",
                    rules: Rules(report),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
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
