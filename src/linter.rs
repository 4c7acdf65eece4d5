//! [`Linter`]: the rules in force for one configuration, and linting a file
//! with them.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::{Config, Level};
use crate::diagnostic::{Diagnostic, EntityKind, EntityRef, Label, Severity, code};
use crate::model::Model;
use crate::org::Misspelled;
use crate::parse::node::Problems;
use crate::rules::Rule;
use crate::rules::compile::compile;
use crate::rules::pack::{self, PackDef, RuleDef};
use crate::source::SourceFile;
use crate::vocabulary::Vocabulary;

pub use crate::ids::LOCKED;

/// A severity flag from the command line (`-A`, `-W`, `-D`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// Off, warning or error.
    pub level: Level,
    /// A rule id, a pack name, or `warnings` (with `-D` only).
    pub target: String,
}

/// Where a rule's effective severity comes from, weakest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeverityFrom {
    /// The rule's `severity` in its pack.
    Default,
    /// A pack-wide line of `[rules]` in the config: its file and 1-based
    /// line.
    PackLine(String, usize),
    /// The rule's own line of `[rules]` in the config.
    RuleLine(String, usize),
    /// A command-line flag (`-A`, `-W`, `-D`) and its target.
    Flag(Level, String),
}

impl std::fmt::Display for SeverityFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SeverityFrom::Default => write!(f, "default"),
            SeverityFrom::PackLine(file, line) => write!(f, "{file} line {line}, pack-wide"),
            SeverityFrom::RuleLine(file, line) => write!(f, "{file} line {line}"),
            SeverityFrom::Flag(level, target) => {
                let flag = match level {
                    Level::Off => "-A",
                    Level::On(Severity::Error) => "-D",
                    Level::On(_) => "-W",
                };
                write!(f, "flag `{flag} {target}`")
            }
        }
    }
}

impl SeverityFrom {
    /// A stable name of the kind of origin, for JSON: `default`,
    /// `pack-line`, `rule-line` or `flag`.
    pub fn kind(&self) -> &'static str {
        match self {
            SeverityFrom::Default => "default",
            SeverityFrom::PackLine(..) => "pack-line",
            SeverityFrom::RuleLine(..) => "rule-line",
            SeverityFrom::Flag(..) => "flag",
        }
    }
}

/// Where a param's value in force comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamFrom {
    /// The template's default (the pack does not set it).
    Template,
    /// The rule's `params` in its pack.
    Pack,
    /// The rule's table in the config's `[rules]`: its file and 1-based line.
    Config(String, usize),
}

impl std::fmt::Display for ParamFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamFrom::Template => write!(f, "template default"),
            ParamFrom::Pack => write!(f, "pack"),
            ParamFrom::Config(file, line) => write!(f, "{file} line {line}"),
        }
    }
}

/// One param in force for a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveParam {
    /// Its key.
    pub key: String,
    /// Its value, as written (TOML).
    pub value: String,
    /// Where the value comes from.
    pub from: ParamFrom,
}

/// One rule the linter knows, with its effective severity.
#[derive(Clone, Debug)]
pub struct Known {
    /// As read from its pack.
    pub def: Arc<RuleDef>,
    /// `None` when off.
    pub severity: Option<Severity>,
    /// Where `severity` comes from.
    pub from: SeverityFrom,
    /// The params in force, in the template's order (empty for a native
    /// rule).
    pub params: Vec<EffectiveParam>,
}

/// Everything one lint run needs besides the file.
pub struct Linter {
    /// Functions, roles and custom fields in force.
    pub vocabulary: Vocabulary,
    /// Every rule of every loaded pack, in pack order.
    pub known: Vec<Known>,
    /// Names of the loaded packs.
    pub packs: Vec<(String, String)>,
    active: Vec<(Box<dyn Rule>, Severity)>,
    native: HashMap<String, Option<Severity>>,
    /// Every known rule id and its severity (`None`: off), for lookups
    /// that must not scan every rule.
    severity_of: HashMap<String, Option<Severity>>,
    deny_warnings: bool,
    /// The baseline file named in the config (`baseline = "..."`).
    pub baseline: Option<std::path::PathBuf>,
    /// The date the org is linted at: who has left or not started yet,
    /// which suppressions have expired. Today unless set (`--as-of`).
    pub as_of: crate::dates::Date,
    /// Warnings about the config that do not stop the run.
    pub config_warnings: Vec<String>,
    /// The rules over a change (two-sided templates) that are on: they
    /// run only in `orglint diff` ([`Linter::lint_change`]).
    changes: Vec<(crate::rules::change::ChangeRule, Severity)>,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field("rules", &self.active.len())
            .finish()
    }
}

impl Default for Linter {
    /// The built-in packs with their default severities.
    ///
    /// # Panics
    ///
    /// When a built-in pack is broken: that is a bug in orglint itself (the
    /// packs are compiled in and tested), never a problem of the input, and
    /// an empty linter would silently pass every org.
    #[allow(clippy::panic)]
    fn default() -> Self {
        match Linter::new(None, &[]) {
            Ok(linter) => linter,
            Err(problems) => panic!(
                "the built-in rule packs are broken: {}",
                problems
                    .diagnostics
                    .iter()
                    .map(|(file, d)| format!("{}: {}", file.path, d.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }
}

/// How HEAD's lint gets BASE's model: when it needs it, which may wait.
type BaseModel<'b> = &'b (dyn Fn() -> &'b Model + Sync + 'b);

/// From how many entities a model is freed on another thread.
const DROP_ASIDE_AT: usize = 20_000;

/// Drops a model no longer needed. A large org is a million small
/// allocations: freeing them takes longer than writing the report, so
/// another thread does it (should the thread fail to start, the closure
/// drops it here).
pub fn drop_aside(model: Model) {
    if model.org.people.len() + model.org.teams.len() >= DROP_ASIDE_AT {
        let _ = std::thread::Builder::new().spawn(move || drop(model));
    }
}

impl Linter {
    fn empty() -> Self {
        Linter {
            vocabulary: Vocabulary::default(),
            known: Vec::new(),
            packs: Vec::new(),
            active: Vec::new(),
            native: HashMap::new(),
            severity_of: HashMap::new(),
            deny_warnings: false,
            baseline: None,
            as_of: crate::dates::today(),
            config_warnings: Vec::new(),
            changes: Vec::new(),
        }
    }

    /// Builds the linter for a configuration (or none) and command-line
    /// flags, in three phases as cargo-deny validates its config: load the
    /// packs, resolve each rule's severity, compile the rules. Every problem
    /// in the config and its packs is returned at once.
    pub fn new(config: Option<&Config>, flags: &[Flag]) -> Result<Linter, Problems> {
        let mut problems = Problems::default();
        let packs = load_packs(config, &mut problems);
        let mut severities = Severities::new(&packs);
        if let Some(config) = config {
            severities.apply_config(&packs, config, &mut problems);
        }
        let deny_warnings = severities.apply_flags(&packs, flags);
        let mut linter = Linter::empty();
        linter.vocabulary = config.map(|c| c.vocabulary.clone()).unwrap_or_default();
        linter.deny_warnings = deny_warnings;
        linter.baseline = config.and_then(|c| c.baseline.as_ref().map(|(p, _)| p.clone()));
        linter.config_warnings = config.map(|c| c.warnings.clone()).unwrap_or_default();
        linter.compile(&packs, &severities, config, &mut problems);
        if problems.is_empty() {
            Ok(linter)
        } else {
            Err(problems)
        }
    }

    /// Compiles every rule of `packs` with its resolved severity.
    fn compile(
        &mut self,
        packs: &[PackDef],
        severities: &Severities,
        config: Option<&Config>,
        problems: &mut Problems,
    ) {
        // One lookup per rule: a scan of `[rules]` for each rule would be
        // quadratic in the number of rules. The first entry of a name wins.
        let mut settings = HashMap::new();
        for setting in config.map(|c| c.rules.as_slice()).unwrap_or_default() {
            settings.entry(setting.name.as_str()).or_insert(setting);
        }
        for p in packs {
            self.packs.push((p.name.clone(), p.summary.clone()));
            for def in &p.rules {
                let severity = severities.of(&def.id);
                let from = severities.from(&def.id);
                let setting = settings.get(def.id.as_str()).copied();
                let params = effective_params(def, setting, config);
                if def.template == "native" {
                    self.native.insert(def.id.clone(), severity);
                } else if crate::rules::change::is_change_template(&def.template) {
                    let overrides = setting.map(|s| s.params.as_slice()).unwrap_or_default();
                    let compiled = crate::rules::change::compile(
                        def,
                        &self.vocabulary,
                        overrides,
                        config.map(|c| &c.at),
                        problems,
                    );
                    if let (Some(rule), Some(severity)) = (compiled, severity) {
                        self.changes.push((rule, severity));
                    }
                } else {
                    let overrides = setting.map(|s| s.params.as_slice()).unwrap_or_default();
                    let compiled = compile(
                        def,
                        &self.vocabulary,
                        overrides,
                        config.map(|c| &c.at),
                        problems,
                    );
                    if let (Some(rule), Some(severity)) = (compiled, severity) {
                        self.active
                            .push((Box::new(rule) as Box<dyn Rule>, severity));
                    }
                }
                self.severity_of.insert(def.id.clone(), severity);
                self.known.push(Known {
                    def: def.clone(),
                    severity,
                    from,
                    params,
                });
            }
        }
    }

    /// Whether a rule id or pack name is known (for checking flags).
    pub fn knows(&self, name: &str) -> bool {
        self.severity_of.contains_key(name) || self.packs.iter().any(|(p, _)| p == name)
    }

    /// Adds a rule written in Rust; it runs with its default severity.
    pub fn register(&mut self, rule: Box<dyn Rule>) {
        let severity = rule.default_severity();
        self.active.push((rule, severity));
    }

    /// The compiled policy rules (for tests and tools).
    pub fn policy_rules(&self) -> impl Iterator<Item = &dyn Rule> {
        self.active.iter().map(|(r, _)| r.as_ref())
    }

    /// Lints one file's text and returns its diagnostics, sorted.
    pub fn lint(&self, source: &SourceFile) -> Vec<Diagnostic> {
        self.lint_keeping(source, |_| ()).0
    }

    /// Lints one file's text and returns its diagnostics, sorted, and how
    /// many were left out past [`MAX_PER_RULE`] and [`MAX_PER_ORG`].
    pub fn lint_counted(&self, source: &SourceFile) -> (Vec<Diagnostic>, usize) {
        let (diagnostics, _, omitted) = self.lint_keeping(source, |_| ());
        (diagnostics, omitted)
    }

    /// Lints one file's text and keeps what `keep` takes from the model
    /// (`None` for a file that is not valid TOML), without keeping the
    /// model; also how many diagnostics were left out past the bounds.
    pub fn lint_keeping<T>(
        &self,
        source: &SourceFile,
        keep: impl FnOnce(&Model) -> T,
    ) -> (Vec<Diagnostic>, Option<T>, usize) {
        let linted = self.lint_full(source);
        let kept = linted.model.as_ref().map(keep);
        if let Some(model) = linted.model {
            drop_aside(model);
        }
        (linted.diagnostics, kept, linted.omitted)
    }

    /// Lints and also returns the model (`None` for a file that is not
    /// valid TOML), for tools that need both, such as `orglint graph`.
    pub fn lint_with_model(&self, source: &SourceFile) -> (Vec<Diagnostic>, Option<Model>) {
        let linted = self.lint_full(source);
        (linted.diagnostics, linted.model)
    }

    /// Loads the org whose root file is `root` (read from `path`), with the
    /// fragments its `include` patterns match in `files`.
    pub fn load(
        &self,
        root: SourceFile,
        path: &std::path::Path,
        files: &dyn crate::load::FileSource,
    ) -> crate::load::LoadedOrg {
        crate::load::load(root, path, &self.vocabulary, files)
    }

    /// Lints a loaded org (one file or many): its diagnostics, located in
    /// its joined text and sorted ([`crate::load::LoadedOrg::split`] gives
    /// them to their files), how many were left out past the bounds, and
    /// the model (`None` when the root is not valid TOML).
    pub fn lint_loaded(
        &self,
        org: &mut crate::load::LoadedOrg,
    ) -> (Vec<Diagnostic>, usize, Option<Model>) {
        self.lint_loaded_at(org, self.as_of)
    }

    /// [`Self::lint_loaded`] as of another date than the linter's (a rule
    /// example's `as-of`).
    pub fn lint_loaded_at(
        &self,
        org: &mut crate::load::LoadedOrg,
        as_of: crate::dates::Date,
    ) -> (Vec<Diagnostic>, usize, Option<Model>) {
        let linted = self.lint_loaded_full(org, as_of, None);
        (linted.diagnostics, linted.omitted, linted.model)
    }

    fn lint_loaded_full(
        &self,
        org: &mut crate::load::LoadedOrg,
        as_of: crate::dates::Date,
        base: Option<BaseModel<'_>>,
    ) -> Linted {
        let diagnostics = std::mem::take(&mut org.diagnostics);
        match org.parsed.take() {
            Some(parsed) => self.lint_parsed(&org.text, parsed, diagnostics, as_of, base),
            None => Linted {
                diagnostics,
                omitted: 0,
                model: None,
                pairing: None,
            },
        }
    }

    /// Lints a loaded org as the HEAD of a change from `base` (the model
    /// of the same org at BASE; an empty org when it did not exist): the
    /// rules over a change run too, before HEAD's suppressions apply.
    /// Also returns which entity of BASE is which of HEAD (`None` when
    /// HEAD is not valid TOML).
    pub fn lint_change(
        &self,
        org: &mut crate::load::LoadedOrg,
        base: &Model,
        as_of: crate::dates::Date,
    ) -> (
        Vec<Diagnostic>,
        usize,
        Option<Model>,
        Option<crate::templates::change::Pairing>,
    ) {
        let linted = self.lint_loaded_full(org, as_of, Some(&|| base));
        (
            linted.diagnostics,
            linted.omitted,
            linted.model,
            linted.pairing,
        )
    }

    /// [`Self::lint_change`] with BASE's model still being made on another
    /// thread: HEAD is parsed, modelled and linted meanwhile, and waits for
    /// it only to run the rules over a change.
    pub fn lint_change_when(
        &self,
        org: &mut crate::load::LoadedOrg,
        base: &std::sync::OnceLock<Model>,
        as_of: crate::dates::Date,
    ) -> (
        Vec<Diagnostic>,
        usize,
        Option<Model>,
        Option<crate::templates::change::Pairing>,
    ) {
        let linted = self.lint_loaded_full(org, as_of, Some(&|| base.wait()));
        (
            linted.diagnostics,
            linted.omitted,
            linted.model,
            linted.pairing,
        )
    }

    /// Whether a rule id is a rule over a change (on or off).
    pub fn is_change_rule(&self, id: &str) -> bool {
        self.known
            .iter()
            .any(|k| k.def.id == id && crate::rules::change::is_change_template(&k.def.template))
    }

    /// Lints one file's text as of another date than the linter's (a rule
    /// example's `as-of`).
    pub fn lint_as_of(&self, source: &SourceFile, as_of: crate::dates::Date) -> Vec<Diagnostic> {
        self.lint_at(source, as_of).diagnostics
    }

    fn lint_full(&self, source: &SourceFile) -> Linted {
        self.lint_at(source, self.as_of)
    }

    fn lint_at(&self, source: &SourceFile, as_of: crate::dates::Date) -> Linted {
        match crate::parse::parse(source.text(), &self.vocabulary) {
            Ok((org, diagnostics)) => self.lint_parsed(source, org, diagnostics, as_of, None),
            Err(syntax) => Linted {
                diagnostics: vec![syntax],
                omitted: 0,
                model: None,
                pairing: None,
            },
        }
    }

    fn lint_parsed(
        &self,
        source: &SourceFile,
        org: crate::org::ParsedOrg,
        mut diagnostics: Vec<Diagnostic>,
        as_of: crate::dates::Date,
        base: Option<BaseModel<'_>>,
    ) -> Linted {
        let model = Model::build_as_of(org, source.text(), as_of, &mut diagnostics);
        diagnostics.retain_mut(|d| match self.native.get(&d.rule) {
            Some(None) => false,
            Some(Some(severity)) => {
                d.severity = *severity;
                true
            }
            None => true,
        });
        // The bound on each rule is held as the diagnostics are made, so
        // that memory stays bounded however many there would be.
        let mut bound = PerRule::default();
        bound.apply(&mut diagnostics, 0);
        // Sequential on purpose: in parallel, on 100,000 people, the rules
        // took 4 % less time and 7 % more memory (a second allocator arena).
        for (rule, severity) in &self.active {
            let start = diagnostics.len();
            let room = bound.room(rule.id());
            let skipped = rule.check_at_most(&model, &mut diagnostics, room);
            for d in diagnostics.iter_mut().skip(start) {
                d.rule = rule.id().to_owned();
                d.severity = *severity;
            }
            bound.skipped(rule.id(), skipped);
            bound.apply(&mut diagnostics, start);
        }
        let pairing = base.map(|base| {
            let base = base();
            let pairing = crate::templates::change::pair(base, &model);
            for (rule, severity) in &self.changes {
                let start = diagnostics.len();
                rule.check(base, &model, &pairing, *severity, &mut diagnostics);
                bound.apply(&mut diagnostics, start);
            }
            pairing
        });
        // Outside `diff` the rules over a change do not run: a suppression
        // of one is not unused there.
        let changes_off = base.is_none();
        let known: Vec<&str> = self.known.iter().map(|k| k.def.id.as_str()).collect();
        // A suppression of a rule that was cut short may name a diagnostic
        // that was left out: it is not reported unused, as for a rule that
        // is off.
        let off = |id: &str| {
            matches!(self.severity_of.get(id), Some(None))
                || bound.capped.contains(id)
                || (changes_off && self.is_change_rule(id))
        };
        let is_known = |id: &str| self.severity_of.contains_key(id);
        let severity = |id: &str| self.native.get(id).copied().flatten();
        let names = crate::suppress::RuleNames {
            known: &known,
            is_known: &is_known,
            off: &off,
            locked: LOCKED,
            severity: &severity,
        };
        crate::suppress::apply(source, &model, &names, &mut diagnostics);
        name_causes(source, &model.org.misspelled, &mut diagnostics);
        if self.deny_warnings {
            for d in &mut diagnostics {
                if d.severity == Severity::Warning {
                    d.severity = Severity::Error;
                }
            }
        }
        crate::sort_diagnostics(&mut diagnostics);
        // The suppression rules' own diagnostics come last: held to the
        // bound here, in output order, like every rule's.
        let mut last = PerRule::default();
        last.apply(&mut diagnostics, 0);
        for d in &mut diagnostics {
            d.bound_labels();
        }
        Linted {
            diagnostics,
            omitted: bound.omitted.saturating_add(last.omitted),
            model: Some(model),
            pairing,
        }
    }
}

/// The most diagnostics of one rule kept for one org: the rest are counted
/// (`summary.omitted` in JSON), so that no input makes memory grow without
/// bound.
pub const MAX_PER_RULE: usize = 10_000;

/// The most diagnostics kept for one org, all rules together: with 10,000
/// per rule, 1,000 rules that fire on everyone would still keep 10 million
/// (about 6 GB); this bound keeps every input under 2 GB.
pub const MAX_PER_ORG: usize = 100_000;

/// What linting one file gave.
struct Linted {
    diagnostics: Vec<Diagnostic>,
    omitted: usize,
    model: Option<Model>,
    pairing: Option<crate::templates::change::Pairing>,
}

/// Holds [`MAX_PER_RULE`] and [`MAX_PER_ORG`] as the diagnostics are
/// collected.
#[derive(Default)]
struct PerRule {
    kept: HashMap<String, usize>,
    /// Kept so far, all rules together.
    total: usize,
    /// Rules with diagnostics left out.
    capped: std::collections::HashSet<String>,
    omitted: usize,
}

impl PerRule {
    /// How many more diagnostics of `rule` may be kept.
    fn room(&self, rule: &str) -> usize {
        MAX_PER_RULE
            .saturating_sub(self.kept.get(rule).copied().unwrap_or(0))
            .min(MAX_PER_ORG.saturating_sub(self.total))
    }

    /// Counts diagnostics a rule left out itself.
    fn skipped(&mut self, rule: &str, n: usize) {
        if n > 0 {
            self.omitted = self.omitted.saturating_add(n);
            self.capped.insert(rule.to_owned());
        }
    }

    /// Holds the bound on `diagnostics[from..]`, which are new; of a rule
    /// past it, the first ones in output order are kept.
    fn apply(&mut self, diagnostics: &mut Vec<Diagnostic>, from: usize) {
        let mut new: HashMap<&str, usize> = HashMap::new();
        for d in diagnostics.iter().skip(from) {
            *new.entry(d.rule.as_str()).or_insert(0) += 1;
        }
        let added: usize = new.values().sum();
        let over = self.total + added > MAX_PER_ORG
            || new
                .iter()
                .any(|(rule, n)| self.kept.get(*rule).copied().unwrap_or(0) + n > MAX_PER_RULE);
        if !over {
            for (rule, n) in new {
                *self.kept.entry(rule.to_owned()).or_insert(0) += n;
            }
            self.total += added;
            return;
        }
        for rule in new.keys() {
            if !self.kept.contains_key(*rule) {
                self.kept.insert((*rule).to_owned(), 0);
            }
        }
        drop(new);
        let mut tail = diagnostics.split_off(from.min(diagnostics.len()));
        crate::sort_diagnostics(&mut tail);
        let total = &mut self.total;
        tail.retain(|d| match self.kept.get_mut(d.rule.as_str()) {
            Some(kept) if *kept < MAX_PER_RULE && *total < MAX_PER_ORG => {
                *kept += 1;
                *total += 1;
                true
            }
            _ => {
                self.omitted = self.omitted.saturating_add(1);
                if !self.capped.contains(&d.rule) {
                    self.capped.insert(d.rule.clone());
                }
                false
            }
        });
        diagnostics.append(&mut tail);
    }
}

/// At most this many misspelled keys are labelled on one diagnostic; the
/// help counts the rest.
const MAX_CAUSE_LABELS: usize = 5;

/// Points the diagnostics that may follow from a misspelled `reports-to`,
/// `lead` or `members` at the key: its value is missing from the model, so
/// a second root or a manager with too few reports is a symptom, and the
/// reader should fix the key first. The verdicts stay: only a label and a
/// sentence of help are added.
fn name_causes(source: &SourceFile, misspelled: &[Misspelled], diagnostics: &mut [Diagnostic]) {
    if misspelled.is_empty() {
        return;
    }
    // Whose own value is missing: by entity, and by header for org-level
    // diagnostics that label the entities they count (`root-count`).
    let mut own: HashMap<&EntityRef, Vec<usize>> = HashMap::new();
    let mut by_header: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    // Who is missing a report, a team or a member because of it.
    let mut named: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, m) in misspelled.iter().enumerate() {
        own.entry(&m.entity).or_default().push(i);
        by_header
            .entry((m.header.start, m.header.end))
            .or_default()
            .push(i);
        for id in &m.named {
            named.entry(id.as_str()).or_default().push(i);
        }
    }
    for d in diagnostics.iter_mut() {
        // The rules that judge what is written, not the tree it builds,
        // cannot follow from a missing value.
        if d.rule != crate::ids::ROOT_COUNT && crate::ids::NATIVE.contains(&d.rule.as_str()) {
            continue;
        }
        let mut causes: Vec<(usize, bool)> = Vec::new();
        if let Some(entity) = &d.entity {
            causes.extend(own.get(entity).into_iter().flatten().map(|&i| (i, true)));
        }
        for label in d.labels.iter().filter(|l| l.file.is_none()) {
            let found = by_header.get(&(label.span.start, label.span.end));
            causes.extend(found.into_iter().flatten().map(|&i| (i, true)));
        }
        if let Some(entity) = d.entity.as_ref().filter(|e| e.kind == EntityKind::Person) {
            let found = named.get(entity.id.as_str());
            causes.extend(found.into_iter().flatten().map(|&i| (i, false)));
        }
        // One label per key, the entity's own reading first.
        causes.sort_by_key(|&(i, is_own)| (i, !is_own));
        causes.dedup_by_key(|c| c.0);
        if causes.is_empty() {
            continue;
        }
        let mut renames = Vec::new();
        for &(i, is_own) in causes.iter().take(MAX_CAUSE_LABELS) {
            let Some(m) = misspelled.get(i) else { continue };
            let probably = format!("{} here is probably `{}`", code(&m.key), m.meant);
            let message = match (is_own, m.meant) {
                (true, "reports-to") => format!("{probably}: the reporting line is missing"),
                (true, "lead") => format!("{probably}: the team's lead is missing"),
                (true, _) => format!("{probably}: the team's members are missing"),
                (false, "reports-to") => format!(
                    "{probably}: {} is missing from the reports of {}",
                    code(&m.entity.id),
                    d.entity.as_ref().map_or_else(String::new, |e| code(&e.id))
                ),
                (false, "lead") => format!(
                    "{probably}: {} is missing from the teams {} leads",
                    code(&m.entity.id),
                    d.entity.as_ref().map_or_else(String::new, |e| code(&e.id))
                ),
                (false, _) => format!(
                    "{probably}: {} is missing from the members of {}",
                    d.entity.as_ref().map_or_else(String::new, |e| code(&e.id)),
                    code(&m.entity.id)
                ),
            };
            d.labels.push(Label::new(m.span.clone(), message));
            renames.push(format!(
                "{} to `{}` on line {}",
                code(&m.key),
                m.meant,
                source.position(m.span.start).line
            ));
        }
        let more = causes.len().saturating_sub(MAX_CAUSE_LABELS);
        if more > 0 {
            renames.push(format!("{more} more"));
        }
        let first = format!(
            "first rename {}: this may follow from {}",
            join_and(&renames),
            if causes.len() == 1 { "it" } else { "them" }
        );
        d.help = Some(match d.help.take() {
            Some(help) => format!("{help}; {first}"),
            None => first,
        });
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The config file's name as shown and the 1-based line of `offset` in it.
fn config_line(config: &Config, offset: usize) -> (String, usize) {
    let file = &config.at.file;
    (file.path.clone(), file.line_index(offset) + 1)
}

/// The params in force for `def`: the config's, else the pack's, else the
/// template's defaults, in the order the template lists them.
fn effective_params(
    def: &RuleDef,
    setting: Option<&crate::config::RuleSetting>,
    config: Option<&Config>,
) -> Vec<EffectiveParam> {
    use crate::parse::node::NodeValue;
    let (info_params, info_defaults) = match (
        crate::templates::info(&def.template),
        crate::templates::change::info(&def.template),
    ) {
        (Some(info), _) => (info.params, info.defaults),
        (None, Some(info)) => (info.params, info.defaults),
        (None, None) => return Vec::new(),
    };
    let pack = def.table.get("params").and_then(|e| match &e.value.value {
        NodeValue::Table(t) => Some(t),
        _ => None,
    });
    let mut params = Vec::new();
    for &key in info_params {
        let configured = setting
            .zip(config)
            .and_then(|(s, c)| s.params.iter().rev().find(|e| e.key == key).map(|e| (e, c)));
        let param = if let Some((entry, config)) = configured {
            let (file, line) = config_line(config, entry.key_span.start);
            config
                .at
                .file
                .text()
                .get(entry.value.span.clone())
                .map(|value| (value.to_owned(), ParamFrom::Config(file, line)))
        } else if let Some(entry) = pack.and_then(|t| t.get(key)) {
            def.at
                .file
                .text()
                .get(entry.value.span.clone())
                .map(|value| (value.to_owned(), ParamFrom::Pack))
        } else {
            info_defaults
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, d)| ((*d).to_owned(), ParamFrom::Template))
        };
        if let Some((value, from)) = param {
            params.push(EffectiveParam {
                key: key.to_owned(),
                value,
                from,
            });
        }
    }
    params
}

/// The built-in packs and the config's own, with duplicate pack names and
/// rule ids reported (the second one is the problem).
fn load_packs(config: Option<&Config>, problems: &mut Problems) -> Vec<PackDef> {
    let (builtin, builtin_problems) = pack::builtin();
    for (file, d) in &builtin_problems.diagnostics {
        problems.diagnostics.push((file.clone(), d.clone()));
    }
    let mut packs: Vec<PackDef> = builtin.clone();
    for (path, span) in config.map(|c| c.packs.as_slice()).unwrap_or_default() {
        let Some(config) = config else { break };
        match pack::read_path(path, problems) {
            Ok(Some(p)) if packs.iter().any(|q| q.name == p.name) => problems.push(
                &config.at,
                span.clone(),
                "loaded twice",
                format!("the pack {} is loaded twice", code(&p.name)),
                None,
            ),
            Ok(Some(p)) => packs.push(p),
            Ok(None) => {}
            Err(reason) => problems.push(
                &config.at,
                span.clone(),
                "cannot read",
                format!(
                    "cannot read the pack `{}`: {reason}",
                    crate::files::display_found(path)
                ),
                Some("paths in `packs` are relative to this `orglint.toml`".to_owned()),
            ),
        }
    }
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for p in &mut packs {
        p.rules.retain(|r| {
            if seen.insert(r.id.clone()) {
                return true;
            }
            problems.push(
                &r.at,
                r.span.clone(),
                "duplicate",
                format!("the rule id {} is defined twice", code(&r.id)),
                None,
            );
            false
        });
    }
    packs
}

/// Each rule's severity (`None`: off) as the packs, the config and the
/// flags set it, in that order of precedence from weakest.
struct Severities {
    by_rule: HashMap<String, Option<Severity>>,
    pack_of: HashMap<String, String>,
    /// Where each rule's severity was last set; absent: the default.
    from: HashMap<String, SeverityFrom>,
}

fn level_to(level: Level) -> Option<Severity> {
    match level {
        Level::Off => None,
        Level::On(s) => Some(s),
    }
}

impl Severities {
    /// Every rule at its pack's default.
    fn new(packs: &[PackDef]) -> Severities {
        let rules = || {
            packs
                .iter()
                .flat_map(|p| p.rules.iter().map(move |r| (p, r)))
        };
        Severities {
            by_rule: rules()
                .map(|(_, r)| (r.id.clone(), Some(r.severity)))
                .collect(),
            pack_of: rules()
                .map(|(p, r)| (r.id.clone(), p.name.clone()))
                .collect(),
            from: HashMap::new(),
        }
    }

    fn of(&self, id: &str) -> Option<Severity> {
        self.by_rule.get(id).copied().flatten()
    }

    fn from(&self, id: &str) -> SeverityFrom {
        self.from.get(id).cloned().unwrap_or(SeverityFrom::Default)
    }

    /// Sets every unlocked rule of `pack` (or the one rule `id`).
    fn set(
        &mut self,
        target: &str,
        packs: &[PackDef],
        severity: Option<Severity>,
        from: SeverityFrom,
    ) {
        let ids: Vec<String> = if packs.iter().any(|p| p.name == target) {
            self.pack_of
                .iter()
                .filter(|(_, p)| *p == target)
                .map(|(id, _)| id.clone())
                .collect()
        } else {
            vec![target.to_owned()]
        };
        for id in ids {
            if self.by_rule.contains_key(&id) && !LOCKED.contains(&id.as_str()) {
                self.by_rule.insert(id.clone(), severity);
                self.from.insert(id, from.clone());
            }
        }
    }

    /// `[rules]` of `orglint.toml`: pack-wide entries first, then rule
    /// entries, whatever their order in the file.
    fn apply_config(&mut self, packs: &[PackDef], config: &Config, problems: &mut Problems) {
        let names: Vec<&str> = packs
            .iter()
            .map(|p| p.name.as_str())
            .chain(
                packs
                    .iter()
                    .flat_map(|p| p.rules.iter().map(|r| r.id.as_str())),
            )
            .collect();
        for pass_packs in [true, false] {
            for setting in &config.rules {
                let is_pack = packs.iter().any(|p| p.name == setting.name);
                if is_pack != pass_packs {
                    continue;
                }
                if is_pack {
                    if let Some(first) = setting.params.first() {
                        problems.push(
                            &config.at,
                            first.key_span.clone(),
                            "params need a rule",
                            "params are set per rule, not per pack",
                            Some(format!("move `{}` under one rule of the pack", first.key)),
                        );
                    }
                } else if LOCKED.contains(&setting.name.as_str()) {
                    problems.push(
                        &config.at,
                        setting.name_span.clone(),
                        "cannot be configured",
                        format!("{} cannot be turned off or change severity", code(&setting.name)),
                        Some("remove this entry: the file must be valid for the other rules to mean anything".to_owned()),
                    );
                    continue;
                } else if !self.by_rule.contains_key(&setting.name) {
                    let help = match crate::suggest::hint(&setting.name, names.iter().copied()) {
                        Some(s) => crate::suggest::did_you_mean(s),
                        None => "`orglint rules` lists every rule".to_owned(),
                    };
                    problems.push(
                        &config.at,
                        setting.name_span.clone(),
                        "unknown rule",
                        format!("unknown rule or pack {}", code(&setting.name)),
                        Some(help),
                    );
                    continue;
                }
                if let Some((level, span)) = &setting.level {
                    let (file, line) = config_line(config, span.start);
                    let from = if is_pack {
                        SeverityFrom::PackLine(file, line)
                    } else {
                        SeverityFrom::RuleLine(file, line)
                    };
                    self.set(&setting.name, packs, level_to(*level), from);
                }
            }
        }
    }

    /// `-A`/`-W`/`-D` in order, later winning; returns whether
    /// `-D warnings` was given.
    fn apply_flags(&mut self, packs: &[PackDef], flags: &[Flag]) -> bool {
        let mut deny_warnings = false;
        for flag in flags {
            if flag.target == "warnings" {
                deny_warnings |= flag.level == Level::On(Severity::Error);
            } else {
                let from = SeverityFrom::Flag(flag.level, flag.target.clone());
                self.set(&flag.target, packs, level_to(flag.level), from);
            }
        }
        deny_warnings
    }
}
