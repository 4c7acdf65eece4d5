//! The one diagnostic type that every rule produces and every output format
//! renders.

use std::fmt;
use std::sync::Arc;

use crate::source::{SourceFile, Span};

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Should be looked at; fails a run only under `-D warnings`.
    Warning,
    /// Fails the run (exit code 1).
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `"error"`, `"warning"` or `"info"`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of entity an org file declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// A `[people.<id>]` entry.
    Person,
    /// A `[teams.<id>]` entry.
    Team,
    /// A `[vacancies.<id>]` entry: an open position.
    Vacancy,
}

impl EntityKind {
    /// `"person"`, `"team"` or `"vacancy"`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Team => "team",
            EntityKind::Vacancy => "vacancy",
        }
    }
}

/// The entity a diagnostic is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityRef {
    /// Person, team or vacancy.
    pub kind: EntityKind,
    /// Its id, the key under `[people]`, `[teams]` or `[vacancies]`.
    pub id: String,
}

/// A highlighted range with a short message.
#[derive(Clone, Debug)]
pub struct Label {
    /// Byte range in the label's file.
    pub span: Span,
    /// What this range shows, lower-case.
    pub message: String,
    /// Set when the label points into another file than the diagnostic's
    /// (an `orglint.toml` or a rule pack).
    pub file: Option<Arc<SourceFile>>,
}

impl Label {
    /// A label in the diagnostic's own file.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: message.into(),
            file: None,
        }
    }
}

/// Whether a fix may be applied without asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixSafety {
    /// Applied by `--fix`.
    Safe,
    /// Applied only with `--unsafe-fixes`.
    Unsafe,
}

impl FixSafety {
    /// `"safe"` or `"unsafe"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
        }
    }
}

/// Replace a byte range of the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The range replaced (text offsets, BOM excluded).
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

/// A machine-applicable change that resolves a diagnostic.
#[derive(Clone, Debug)]
pub struct Fix {
    /// Safe or unsafe.
    pub safety: FixSafety,
    /// What the fix does, lower-case (`replace `grase` with `grace``).
    pub message: String,
    /// The byte edits.
    pub edits: Vec<Edit>,
}

/// What a rule measured about the thing it reports (a span of control, a
/// size, a ratio) and which way is worse, so that a baseline can tell a
/// problem that grew from the one it recorded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// The value measured.
    pub value: f64,
    /// `true` when the value is above the allowed range (higher is worse),
    /// `false` when below it.
    pub higher_is_worse: bool,
}

impl Measured {
    /// Whether `self` is further from the allowed range than `recorded`.
    pub fn worse_than(&self, recorded: f64) -> bool {
        if self.higher_is_worse {
            self.value > recorded
        } else {
            self.value < recorded
        }
    }
}
/// The most labels a diagnostic keeps; the rest are counted in
/// [`Diagnostic::labels_omitted`], so that a loop through a million people
/// does not cost a million labels in every output format.
pub const MAX_LABELS: usize = 1_000;

/// One finding of one rule.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule id (`unknown-reference`, `acme/email-domain`).
    pub rule: String,
    /// The effective severity.
    pub severity: Severity,
    /// What is wrong, lower-case, values in backticks.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The primary location; `None` for a diagnostic about nothing in the file.
    pub span: Option<Span>,
    /// Every label, the primary one first when there is a primary location;
    /// at most [`MAX_LABELS`] (add them with [`Diagnostic::push_label`]).
    pub labels: Vec<Label>,
    /// Labels left out past [`MAX_LABELS`].
    pub labels_omitted: usize,
    /// The entity the diagnostic is about; `None` for the org or the file.
    pub entity: Option<EntityRef>,
    /// A machine-applicable fix.
    pub fix: Option<Fix>,
    /// Tells apart several diagnostics of one rule about one entity
    /// (`members:grase`), or about none (what the rule measures:
    /// `ratio:engineering/product`); empty when there is only one. Used by
    /// baselines and SARIF fingerprints, so never the message.
    pub key: String,
    /// The value the rule measured, for rules that measure one (`None`
    /// for the others).
    pub measured: Option<Measured>,
    /// The cause this diagnostic shares with others (one missing manager
    /// named by 17 people): `human` and `short` show such diagnostics as one
    /// entry, JSON and SARIF give each its `group`.
    pub group: Option<Group>,
}

/// A cause shared by several diagnostics of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// A stable string naming the cause (`unknown-reference:hmason`), the
    /// same in every run.
    pub key: String,
    /// What each diagnostic of the group is, for "and 16 more references
    /// to `hmason`": the noun (`reference`)...
    pub noun: &'static str,
    /// ... and what follows it (`` to `hmason` ``).
    pub suffix: String,
}

impl Diagnostic {
    /// A diagnostic with a primary location and its label.
    pub fn at(
        rule: impl Into<String>,
        severity: Severity,
        span: Span,
        label: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            message: message.into(),
            help: None,
            labels: vec![Label::new(span.clone(), label)],
            labels_omitted: 0,
            span: Some(span),
            entity: None,
            fix: None,
            key: String::new(),
            group: None,
            measured: None,
        }
    }

    /// A diagnostic about nothing in the file (no location).
    pub fn unlocated(
        rule: impl Into<String>,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            message: message.into(),
            help: None,
            span: None,
            labels: Vec::new(),
            labels_omitted: 0,
            entity: None,
            fix: None,
            key: String::new(),
            group: None,
            measured: None,
        }
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Moves every location in the diagnostic's own file `by` bytes on:
    /// the primary span, labels without a file of their own, fix edits.
    pub fn shift(&mut self, by: usize) {
        let moved = |s: &Span| s.start.saturating_add(by)..s.end.saturating_add(by);
        if let Some(span) = &mut self.span {
            *span = moved(span);
        }
        for label in self.labels.iter_mut().filter(|l| l.file.is_none()) {
            label.span = moved(&label.span);
        }
        if let Some(fix) = &mut self.fix {
            for edit in &mut fix.edits {
                edit.span = moved(&edit.span);
            }
        }
    }

    /// Sets the entity the diagnostic is about.
    pub fn about(mut self, entity: Option<EntityRef>) -> Self {
        self.entity = entity;
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.push_label(Label::new(span, message));
        self
    }

    /// Adds a secondary label to a diagnostic in place.
    pub fn with_label_mut(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.push_label(Label::new(span, message));
        self
    }

    /// Adds a label, or counts it in `labels_omitted` when the diagnostic
    /// has [`MAX_LABELS`] already.
    pub fn push_label(&mut self, label: Label) {
        if self.has_room_for_labels() {
            self.labels.push(label);
        } else {
            self.labels_omitted = self.labels_omitted.saturating_add(1);
        }
    }

    /// Whether another label would be kept (producers of many labels stop
    /// building them when not, and count the rest with
    /// [`Diagnostic::omit_labels`]).
    pub fn has_room_for_labels(&self) -> bool {
        self.labels.len() < MAX_LABELS
    }

    /// Counts `n` labels that were not built.
    pub fn omit_labels(&mut self, n: usize) {
        self.labels_omitted = self.labels_omitted.saturating_add(n);
    }

    /// Holds the label bound on a diagnostic built without
    /// [`Diagnostic::push_label`].
    pub fn bound_labels(&mut self) {
        if self.labels.len() > MAX_LABELS {
            self.omit_labels(self.labels.len() - MAX_LABELS);
            self.labels.truncate(MAX_LABELS);
            self.labels.shrink_to_fit();
        }
    }

    /// Sets the fix.
    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Sets the baseline key.
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    /// Sets the cause this diagnostic shares with others of its rule.
    pub fn with_group(mut self, key: String, noun: &'static str, suffix: String) -> Self {
        self.group = Some(Group { key, noun, suffix });
        self
    }
}

/// Cuts a value for display in a message: at most `max` characters, then `...`.
pub fn clip(value: &str, max: usize) -> String {
    match value.char_indices().nth(max) {
        Some((cut, _)) => format!("{}...", value.get(..cut).unwrap_or(value)),
        None => value.to_owned(),
    }
}

/// A value in backticks, cut at 80 characters.
pub fn code(value: &str) -> String {
    format!("`{}`", clip(value, 80))
}
