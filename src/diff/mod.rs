//! `orglint diff BASE [HEAD]`: what a change does to the orgs of a
//! repository, and what it breaks. Every org under the paths is read at
//! both revisions through git ([`crate::load::git`]; HEAD omitted: the
//! working tree), linted with that side's own `orglint.toml`, and matched
//! by its root file's path. [`changes`] says what changed entity by
//! entity; [`matching`] splits the diagnostics into new, fixed and
//! unchanged by their baseline identity. Paths are relative to the
//! repository's top folder, which is the current folder of the run.

pub mod changes;
pub mod facts;
pub mod matching;
mod sides;

use std::path::PathBuf;

pub use changes::Changes;
use sides::{Side, SideOrg};

use crate::diagnostic::Severity;
use crate::load::git::{self, GitSource};
use crate::templates::change::empty_model;
use crate::{FileReport, Report};

/// What `orglint diff` was asked to do.
#[derive(Debug, Default)]
pub struct DiffOptions {
    /// The base revision.
    pub base: String,
    /// The head revision; `None`: the working tree.
    pub head: Option<String>,
    /// Folders or files to look for orgs in, relative to the repository's
    /// top folder; empty: the whole repository.
    pub paths: Vec<PathBuf>,
    /// The date both sides are linted at; `None`: today.
    pub as_of: Option<crate::dates::Date>,
}

/// What fails a diff (exit code 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    /// A new error (the default).
    #[default]
    New,
    /// Any error of the orgs at HEAD.
    All,
}

/// The outcome of `orglint diff`.
#[derive(Debug, Default)]
pub struct DiffReport {
    /// BASE as given.
    pub base: String,
    /// HEAD as given, or `working tree`.
    pub head: String,
    /// How many orgs were compared.
    pub orgs: usize,
    /// The change, entity by entity, and the facts.
    pub changes: Changes,
    /// The diagnostics at HEAD that were not at BASE, per HEAD file.
    pub new: Vec<FileReport>,
    /// The diagnostics at BASE that are not at HEAD, per BASE file
    /// (located in BASE's text).
    pub fixed: Vec<FileReport>,
    /// How many diagnostics are at both sides.
    pub unchanged: usize,
    /// How many diagnostics at HEAD are errors (for `--fail-on all`).
    pub head_errors: usize,
    /// Run failures: unreadable files, a bad configuration.
    pub failures: Vec<FileReport>,
    /// Set when the run itself failed (exit code 2).
    pub run_failed: bool,
    /// Warnings that did not stop the run.
    pub warnings: Vec<String>,
    /// Every enabled rule of HEAD's configurations, for SARIF.
    pub rules: Vec<crate::RuleMeta>,
}

impl DiffReport {
    /// How many new diagnostics there are.
    pub fn new_count(&self) -> usize {
        self.new.iter().map(|f| f.diagnostics.len()).sum()
    }

    /// How many fixed diagnostics there are.
    pub fn fixed_count(&self) -> usize {
        self.fixed.iter().map(|f| f.diagnostics.len()).sum()
    }

    /// The process exit code: 2 when the run failed, 1 when what
    /// `fail_on` names has an error, else 0.
    pub fn exit_code(&self, fail_on: FailOn) -> u8 {
        if self.run_failed {
            return 2;
        }
        let failing = match fail_on {
            FailOn::New => self
                .new
                .iter()
                .flat_map(|f| &f.diagnostics)
                .any(|d| d.severity == Severity::Error),
            FailOn::All => self.head_errors > 0,
        };
        u8::from(failing)
    }

    /// The new diagnostics as a check report, for the formats that
    /// render one (`github`, `sarif`).
    pub fn new_report(&self) -> Report {
        let files = self
            .new
            .iter()
            .map(|f| FileReport {
                source: f.source.clone(),
                diagnostics: f.diagnostics.clone(),
                omitted: 0,
                org: f.org.clone(),
            })
            .chain(self.failures.iter().map(|f| FileReport {
                source: f.source.clone(),
                diagnostics: f.diagnostics.clone(),
                omitted: 0,
                org: f.org.clone(),
            }))
            .collect();
        Report {
            files,
            run_failed: self.run_failed,
            rules: self.rules.clone(),
            ..Report::default()
        }
    }
}

/// Runs `orglint diff` in the repository whose top folder is the current
/// folder. `Err` is a failure before anything was compared (not a git
/// repository, an unknown revision), worded for the user.
pub fn diff(options: &DiffOptions) -> Result<DiffReport, git::GitError> {
    let top = PathBuf::from(".");
    let (base_source, head_source) = rayon::join(
        || GitSource::open(&top, &options.base),
        || options.head.as_ref().map(|rev| GitSource::open(&top, rev)),
    );
    let base_source = base_source?;
    let mut head_source = head_source.transpose()?;
    if let Some(head) = &mut head_source {
        head.share_blobs(&base_source);
    }
    let as_of = options.as_of.unwrap_or_else(crate::dates::today);
    let mut base = Side::git(base_source, as_of, false);
    let mut head = match head_source {
        Some(source) => Side::git(source, as_of, true),
        None => Side::worktree(&top, as_of)?,
    };
    let mut report = DiffReport {
        base: options.base.clone(),
        head: options
            .head
            .clone()
            .unwrap_or_else(|| "working tree".to_owned()),
        ..DiffReport::default()
    };
    let (base_orgs, head_orgs) =
        rayon::join(|| base.orgs(&options.paths), || head.orgs(&options.paths));
    let pairs = pair_roots(base_orgs, head_orgs, &mut report.warnings);
    report.orgs = pairs.len();
    for (name, base_org, head_org) in pairs {
        compare(&name, base_org, head_org, &mut base, &mut head, &mut report);
    }
    report.warnings.extend(base.warnings());
    report.warnings.extend(head.warnings());
    report.rules = head.rule_metadata();
    if let Some(problems) = head.problems() {
        report.run_failed = true;
        report.failures.extend(problems);
    }
    if report.failures.iter().any(|f| {
        f.diagnostics
            .iter()
            .any(|d| crate::ids::is_run_failure(&d.rule))
    }) {
        report.run_failed = true;
    }
    report.changes.sort();
    Ok(report)
}

/// Pairs the orgs of both sides by root path; a single root removed and a
/// single root added are one org whose root file was renamed.
fn pair_roots(
    base: Vec<SideOrg>,
    head: Vec<SideOrg>,
    warnings: &mut Vec<String>,
) -> Vec<(String, Option<SideOrg>, Option<SideOrg>)> {
    use std::collections::BTreeMap;
    let mut by_name: BTreeMap<String, (Option<SideOrg>, Option<SideOrg>)> = BTreeMap::new();
    for org in base {
        let name = org.name.clone();
        by_name.entry(name).or_default().0 = Some(org);
    }
    for org in head {
        let name = org.name.clone();
        by_name.entry(name).or_default().1 = Some(org);
    }
    let only_base: Vec<String> = by_name
        .iter()
        .filter(|(_, (b, h))| b.is_some() && h.is_none())
        .map(|(n, _)| n.clone())
        .collect();
    let only_head: Vec<String> = by_name
        .iter()
        .filter(|(_, (b, h))| b.is_none() && h.is_some())
        .map(|(n, _)| n.clone())
        .collect();
    if let ([from], [to]) = (only_base.as_slice(), only_head.as_slice())
        && let Some((Some(old), _)) = by_name.remove(from)
        && let Some(slot) = by_name.get_mut(to)
    {
        warnings.push(format!(
            "the root file `{from}` is `{to}` at HEAD: compared as one org, renamed"
        ));
        slot.0 = Some(old);
    }
    by_name
        .into_iter()
        .map(|(name, (b, h))| (name, b, h))
        .collect()
}

/// Sets BASE's model to an empty org if linting BASE ended without one, so
/// that HEAD never waits for ever.
struct Filled<'a>(
    &'a std::sync::OnceLock<crate::model::Model>,
    crate::dates::Date,
);

impl Drop for Filled<'_> {
    fn drop(&mut self) {
        if self.0.get().is_none() {
            let _ = self.0.set(empty_model(self.1));
        }
    }
}

/// Lints one org at both sides and adds what changed to `report`.
fn compare(
    name: &str,
    base_org: Option<SideOrg>,
    head_org: Option<SideOrg>,
    base: &mut Side,
    head: &mut Side,
    report: &mut DiffReport,
) {
    let existed = base_org.is_some();
    let as_of = base.as_of;
    let base_model = std::sync::OnceLock::new();
    // BASE is linted on a thread of its own while HEAD is linted here; HEAD
    // waits for BASE's model only to run the rules over a change.
    let (base_linted, head_linted) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let _filled = Filled(&base_model, as_of);
            let mut linted = base.lint(base_org, None);
            let model = std::mem::replace(&mut linted.model, empty_model(as_of));
            let _ = base_model.set(model);
            linted
        });
        let head_linted = match head_org {
            None if existed => head.lint_deleted(name, &base_model),
            org => head.lint(org, Some(&base_model)),
        };
        (worker.join().ok(), head_linted)
    });
    let Some(mut base_linted) = base_linted else {
        return;
    };
    base_linted.model = base_model
        .into_inner()
        .unwrap_or_else(|| empty_model(as_of));
    let pairing = match &head_linted.pairing {
        Some(_) => None,
        None => Some(crate::templates::change::pair(
            &base_linted.model,
            &head_linted.model,
        )),
    };
    let Some(pairing) = head_linted.pairing.as_ref().or(pairing.as_ref()) else {
        return;
    };
    let facts = facts::FactParams::of(head_linted.linter.as_deref());
    changes::compute(
        name,
        &base_linted.model,
        &head_linted.model,
        pairing,
        &facts,
        &mut report.changes,
    );
    let baseline = head_linted.linter.as_ref().and_then(|l| l.baseline.clone());
    report.failures.extend(base_linted.failures);
    report.failures.extend(head_linted.failures);
    let mut base_reports = base_linted.reports;
    let mut head_reports = head_linted.reports;
    if let Some(path) = baseline {
        match crate::baseline::Baseline::load(&path) {
            Ok(baseline) => {
                baseline.apply(base_reports.iter_mut(), base.as_of);
                baseline.apply(head_reports.iter_mut(), head.as_of);
            }
            Err(reason) => {
                let shown = crate::files::display_path(&path);
                report.failures.push(crate::run::io_failure(
                    shown.clone(),
                    format!("cannot read the baseline `{shown}`: {reason}"),
                    Some("check the `baseline` key of `orglint.toml`"),
                ));
            }
        }
    }
    report.head_errors += head_reports
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .count();
    let split = matching::split(base_reports, head_reports);
    report.new.extend(split.new);
    report.fixed.extend(split.fixed);
    report.unchanged += split.unchanged;
}
