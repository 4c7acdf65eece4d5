//! Which configuration applies, and one linter per configuration file,
//! built once each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::UsageError;
use crate::config::Level;
use crate::diagnostic::Severity;
use crate::linter::Flag;
use crate::parse::node::Problems;
use crate::{FileReport, Linter, Report};

/// Which configuration applies.
#[derive(Clone, Debug, Default)]
pub enum ConfigChoice {
    /// The nearest `orglint.toml` of each file.
    #[default]
    Discover,
    /// This file for every file.
    Path(PathBuf),
    /// None: built-in defaults.
    Off,
}

/// Linters by configuration file, built once each.
#[derive(Default)]
pub struct Linters {
    /// `None` for a configuration with problems: they are reported once,
    /// however many files it governs. Ordered by path, so that whatever is
    /// collected from every linter comes out the same in every run.
    by_config: BTreeMap<Option<PathBuf>, Option<Arc<Linter>>>,
    /// Config and pack problems, every one of them.
    pub problems: Problems,
    /// The date every linter lints at (`--as-of`); today when not set,
    /// read once for all of them.
    pub as_of: Option<crate::dates::Date>,
}

impl Linters {
    /// The linter for a config path (or none), built on first use.
    pub fn get(&mut self, config: Option<&Path>, flags: &[Flag]) -> Option<Arc<Linter>> {
        let key = config.map(Path::to_path_buf);
        if let Some(linter) = self.by_config.get(&key) {
            return linter.clone();
        }
        let linter = self.build(config, flags);
        self.by_config.insert(key, linter.clone());
        linter
    }

    /// Loads a config (or none) and builds its linter; problems go to
    /// `self.problems`.
    fn build(&mut self, config: Option<&Path>, flags: &[Flag]) -> Option<Arc<Linter>> {
        let mut problems = Problems::default();
        let parsed = match config {
            Some(path) => match crate::config::load(path, &mut problems) {
                Some(parsed) => Some(parsed),
                None => {
                    self.problems.diagnostics.extend(problems.diagnostics);
                    return None;
                }
            },
            None => None,
        };
        // A config with problems is still checked against the rules, so
        // that every problem is reported in one run.
        let as_of = *self.as_of.get_or_insert_with(crate::dates::today);
        match Linter::new(parsed.as_ref(), flags) {
            Ok(mut linter) if problems.is_empty() => {
                linter.as_of = as_of;
                Some(Arc::new(linter))
            }
            Ok(_) => {
                self.problems.diagnostics.extend(problems.diagnostics);
                None
            }
            Err(found) => {
                self.problems.diagnostics.extend(problems.diagnostics);
                self.problems.diagnostics.extend(found.diagnostics);
                None
            }
        }
    }

    /// The warnings of every configuration loaded so far, each once.
    pub fn config_warnings(&self) -> Vec<String> {
        let mut warnings: Vec<String> = self
            .all()
            .flat_map(|l| l.config_warnings.iter().cloned())
            .collect();
        warnings.sort();
        warnings.dedup();
        warnings
    }

    /// Every linter built so far.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Linter>> {
        self.by_config.values().flatten()
    }

    /// The report of a run stopped by config or pack problems: every problem,
    /// grouped by the file it is in.
    pub fn problems_report(&mut self) -> Report {
        let mut report = Report {
            run_failed: true,
            ..Report::default()
        };
        for (file, diagnostic) in std::mem::take(&mut self.problems.diagnostics) {
            match report
                .files
                .iter_mut()
                .find(|f| Arc::ptr_eq(&f.source, &file) || f.source.path == file.path)
            {
                Some(f) => f.diagnostics.push(diagnostic),
                None => report.files.push(FileReport {
                    source: file,
                    diagnostics: vec![diagnostic],
                    omitted: 0,
                    org: None,
                }),
            }
        }
        for f in &mut report.files {
            crate::sort_diagnostics(&mut f.diagnostics);
            // Two configurations that load the same pack find its problems
            // twice: each is reported once.
            f.diagnostics
                .dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
        }
        report
    }

    /// Every enabled rule of the run's linters, for SARIF.
    pub fn rule_metadata(&self) -> Vec<crate::RuleMeta> {
        let mut rules: std::collections::BTreeMap<&str, crate::RuleMeta> = Default::default();
        for linter in self.all() {
            for known in &linter.known {
                // The rules over a change run only in `orglint diff`.
                if known.severity.is_none()
                    || crate::rules::change::is_change_template(&known.def.template)
                {
                    continue;
                }
                rules
                    .entry(known.def.id.as_str())
                    .or_insert_with(|| crate::RuleMeta {
                        id: known.def.id.clone(),
                        summary: known.def.summary.clone(),
                        rationale: known.def.rationale().map(str::to_owned),
                        // The pack's default, not this configuration's:
                        // files under other configurations share the table.
                        severity: known.def.severity,
                    });
            }
        }
        rules.into_values().collect()
    }
}

/// The config path that applies to files in `dir`.
pub fn config_for(choice: &ConfigChoice, dir: &Path) -> Option<PathBuf> {
    match choice {
        ConfigChoice::Discover => crate::config::discover(dir),
        ConfigChoice::Path(p) => Some(p.clone()),
        ConfigChoice::Off => None,
    }
}

/// Checks `-A`/`-W`/`-D` targets against the loaded rules.
pub fn check_flags(flags: &[Flag], linters: &Linters) -> Result<(), UsageError> {
    for flag in flags {
        if flag.target == "warnings" {
            if flag.level != Level::On(Severity::Error) {
                return Err(UsageError {
                    message: "`warnings` goes with `-D` only (`-D warnings` turns every warning into an error)".to_owned(),
                });
            }
            continue;
        }
        if crate::linter::LOCKED.contains(&flag.target.as_str()) {
            return Err(UsageError {
                message: format!("`{}` cannot be turned off or change severity", flag.target),
            });
        }
        if !linters.all().any(|l| l.knows(&flag.target)) {
            let names: Vec<String> = linters
                .all()
                .flat_map(|l| {
                    l.known
                        .iter()
                        .map(|k| k.def.id.clone())
                        .chain(l.packs.iter().map(|p| p.0.clone()))
                })
                .collect();
            let hint = crate::suggest::hint(&flag.target, names.iter().map(String::as_str))
                .map(|s| format!("; {}", crate::suggest::did_you_mean(s)))
                .unwrap_or_default();
            return Err(UsageError {
                message: format!("unknown rule or pack `{}`{hint}", flag.target),
            });
        }
    }
    Ok(())
}
