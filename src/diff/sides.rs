//! One side of a diff: where its files are read from (a git revision or
//! the working tree), its configurations, and linting its orgs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::Diagnostic;
use crate::load::git::{self, GitSource};
use crate::load::{FileSource, FsSource, LoadedOrg, NoFiles};
use crate::model::Model;
use crate::source::SourceFile;
use crate::templates::change::{Pairing, empty_model};
use crate::{FileReport, Linter};

/// Where a side's files are.
enum Files {
    Git(GitSource),
    /// The working tree, with the files git knows or would add.
    Work(Vec<PathBuf>),
}

/// One side of the diff.
pub struct Side {
    files: Files,
    /// The date the side is linted at.
    pub as_of: crate::dates::Date,
    /// HEAD: its configuration problems stop the run; BASE's only warn.
    is_head: bool,
    /// Linters by configuration file (`None`: no configuration).
    linters: HashMap<Option<PathBuf>, Option<Arc<Linter>>>,
    problems: Vec<(Arc<SourceFile>, Diagnostic)>,
    warnings: Vec<String>,
}

/// An org of one side, loaded.
pub struct SideOrg {
    /// Its root file's path, as reported: the identity across sides.
    pub name: String,
    loaded: Result<LoadedOrg, FileReport>,
    linter: Option<Arc<Linter>>,
}

/// What linting an org of one side gave.
pub struct Linted {
    /// The org (empty when it does not exist or is not valid TOML).
    pub model: Model,
    /// Its diagnostics, per file.
    pub reports: Vec<FileReport>,
    /// Files that could not be read.
    pub failures: Vec<FileReport>,
    /// With a BASE model: which entity of BASE is which of this side.
    pub pairing: Option<Pairing>,
    /// The linter it was linted with.
    pub linter: Option<Arc<Linter>>,
}

impl Side {
    /// A git revision.
    pub fn git(source: GitSource, as_of: crate::dates::Date, is_head: bool) -> Side {
        Side::new(Files::Git(source), as_of, is_head)
    }

    /// The working tree of the repository at `top`.
    pub fn worktree(top: &Path, as_of: crate::dates::Date) -> Result<Side, git::GitError> {
        Ok(Side::new(
            Files::Work(git::worktree_files(top)?),
            as_of,
            true,
        ))
    }

    fn new(files: Files, as_of: crate::dates::Date, is_head: bool) -> Side {
        Side {
            files,
            as_of,
            is_head,
            linters: HashMap::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn source(&self) -> &dyn FileSource {
        match &self.files {
            Files::Git(source) => source,
            Files::Work(_) => &FsSource,
        }
    }

    fn label(&self) -> &str {
        match &self.files {
            Files::Git(source) => &source.rev,
            Files::Work(_) => "the working tree",
        }
    }

    /// The org files under `paths` (every one when empty).
    fn roots(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let wanted = |p: &Path| {
            let name = p.file_name().map(|n| n.to_string_lossy());
            name.is_some_and(|n| crate::load::is_org_file(&n))
                && (paths.is_empty() || paths.iter().any(|w| p.starts_with(w)))
        };
        match &self.files {
            Files::Git(source) => source.files().filter(|p| wanted(p)).collect(),
            Files::Work(files) => files.iter().filter(|p| wanted(p)).cloned().collect(),
        }
    }

    /// Loads every org under `paths`; files that another org includes are
    /// its fragments, not orgs of their own.
    pub fn orgs(&mut self, paths: &[PathBuf]) -> Vec<SideOrg> {
        let mut orgs = Vec::new();
        for root in self.roots(paths) {
            let dir = folder(&root);
            let linter = self.linter_for(&dir);
            let name = crate::files::display_path(&root);
            let loaded = match self.source().read(&root) {
                Err(reason) => Err(crate::run::io_failure(
                    name.clone(),
                    format!("cannot read `{name}` at {}: {reason}", self.label()),
                    None,
                )),
                Ok(bytes) => match SourceFile::decode(name.clone(), bytes) {
                    Ok(text) => {
                        let fallback;
                        let linter_ref = match &linter {
                            Some(l) => l.as_ref(),
                            None => {
                                fallback = Linter::default();
                                &fallback
                            }
                        };
                        Ok(linter_ref.load(text, &root, self.source()))
                    }
                    Err((source, err)) => Err(FileReport {
                        diagnostics: vec![
                            Diagnostic::at(
                                crate::ids::TOML_SYNTAX,
                                crate::Severity::Error,
                                err.span,
                                "not UTF-8",
                                err.message,
                            )
                            .with_help("save the file as UTF-8"),
                        ],
                        source: Arc::new(source),
                        omitted: 0,
                        org: None,
                    }),
                },
            };
            orgs.push(SideOrg {
                name,
                loaded,
                linter,
            });
        }
        let fragments: std::collections::HashSet<PathBuf> = orgs
            .iter()
            .filter_map(|o| o.loaded.as_ref().ok())
            .flat_map(|l| l.fragments().map(Path::to_path_buf))
            .collect();
        orgs.retain(|o| !fragments.contains(Path::new(&o.name)));
        orgs
    }

    /// The linter of the configuration that applies in `dir`.
    fn linter_for(&mut self, dir: &Path) -> Option<Arc<Linter>> {
        let config = self.find_config(dir);
        if let Some(linter) = self.linters.get(&config) {
            return linter.clone();
        }
        let linter = self.build(config.as_deref());
        self.linters.insert(config, linter.clone());
        linter
    }

    /// The `orglint.toml` of `dir` or its nearest parent, at this side.
    fn find_config(&self, dir: &Path) -> Option<PathBuf> {
        match &self.files {
            Files::Git(source) => dir
                .ancestors()
                .map(|d| d.join(crate::config::FILE_NAME))
                .find(|c| source.is_file(c)),
            Files::Work(_) => crate::config::discover(dir),
        }
    }

    fn build(&mut self, config: Option<&Path>) -> Option<Arc<Linter>> {
        let mut problems = crate::parse::node::Problems::default();
        let parsed = config.and_then(|path| {
            let text = self
                .source()
                .read(path)
                .map_err(|reason| format!("cannot read `{}`: {reason}", path.display()))
                .and_then(|bytes| {
                    String::from_utf8(bytes)
                        .map_err(|_| format!("`{}` is not UTF-8", path.display()))
                });
            match text {
                Ok(text) => {
                    let source = SourceFile::new(crate::files::display_path(path), text);
                    let dir = folder(path);
                    crate::config::parse(Arc::new(source), dir, &mut problems)
                }
                Err(reason) => {
                    self.warnings.push(reason);
                    None
                }
            }
        });
        let linter = match Linter::new(parsed.as_ref(), &[]) {
            Ok(linter) if problems.is_empty() => Some(linter),
            Ok(_) => None,
            Err(found) => {
                problems.diagnostics.extend(found.diagnostics);
                None
            }
        };
        let linter = match linter {
            Some(linter) => Some(linter),
            None if self.is_head => {
                self.problems.extend(problems.diagnostics);
                return None;
            }
            None => {
                self.warnings.push(format!(
                    "the configuration `{}` at {} has problems: BASE is linted with the built-in defaults",
                    config.map(|p| p.display().to_string()).unwrap_or_default(),
                    self.label()
                ));
                Linter::new(None, &[]).ok()
            }
        };
        linter.map(|mut l| {
            l.as_of = self.as_of;
            Arc::new(l)
        })
    }

    /// Lints an org of this side (`None`: it does not exist here). With
    /// `base`, this is HEAD: the rules over a change run too.
    pub fn lint(&mut self, org: Option<SideOrg>, base: Option<&OnceLock<Model>>) -> Linted {
        let as_of = self.as_of;
        let Some(org) = org else {
            return Linted {
                model: empty_model(as_of),
                reports: Vec::new(),
                failures: Vec::new(),
                pairing: None,
                linter: None,
            };
        };
        let mut linted = Linted {
            model: empty_model(as_of),
            reports: Vec::new(),
            failures: Vec::new(),
            pairing: None,
            linter: org.linter.clone(),
        };
        let mut loaded = match org.loaded {
            Ok(loaded) => loaded,
            Err(report) => {
                linted.reports.push(report);
                return linted;
            }
        };
        let Some(linter) = org.linter else {
            return linted; // its configuration's problems are reported
        };
        let (diagnostics, omitted, model) = match base {
            Some(base) => {
                let (d, o, m, pairing) = linter.lint_change_when(&mut loaded, base, as_of);
                linted.pairing = pairing;
                (d, o, m)
            }
            None => linter.lint_loaded(&mut loaded),
        };
        if let Some(model) = model {
            linted.model = model;
        }
        linted.reports = loaded.split(diagnostics, omitted);
        for (name, reason) in std::mem::take(&mut loaded.failures) {
            linted.failures.push(crate::run::io_failure(
                name.clone(),
                format!("cannot read `{name}` at {}: {reason}", self.label()),
                None,
            ));
        }
        linted
    }

    /// At HEAD, an org deleted by the change: only the rules over a change
    /// run, on an org of no one, and what they find is about `name`.
    pub fn lint_deleted(&mut self, name: &str, base: &OnceLock<Model>) -> Linted {
        let path = PathBuf::from(name);
        let linter = self.linter_for(&folder(&path));
        let mut linted = Linted {
            model: empty_model(self.as_of),
            reports: Vec::new(),
            failures: Vec::new(),
            pairing: None,
            linter: linter.clone(),
        };
        let Some(linter) = linter else {
            return linted;
        };
        let mut empty = linter.load(SourceFile::new(name, String::new()), &path, &NoFiles);
        let (mut diagnostics, _, _, pairing) =
            linter.lint_change_when(&mut empty, base, self.as_of);
        diagnostics.retain(|d| linter.is_change_rule(&d.rule));
        linted.pairing = pairing;
        if !diagnostics.is_empty() {
            linted.reports.push(FileReport {
                source: Arc::new(SourceFile::new(name, String::new())),
                diagnostics,
                omitted: 0,
                org: None,
            });
        }
        linted
    }

    /// Warnings about this side's configurations.
    pub fn warnings(&mut self) -> Vec<String> {
        let mut warnings = std::mem::take(&mut self.warnings);
        for linter in self.linters.values().flatten() {
            warnings.extend(linter.config_warnings.iter().cloned());
        }
        warnings.sort();
        warnings.dedup();
        warnings
    }

    /// The problems of this side's configurations, per file, when there
    /// are any.
    pub fn problems(&mut self) -> Option<Vec<FileReport>> {
        if self.problems.is_empty() {
            return None;
        }
        let mut files: Vec<FileReport> = Vec::new();
        for (file, diagnostic) in std::mem::take(&mut self.problems) {
            match files.iter_mut().find(|f| f.source.path == file.path) {
                Some(f) => f.diagnostics.push(diagnostic),
                None => files.push(FileReport {
                    source: file,
                    diagnostics: vec![diagnostic],
                    omitted: 0,
                    org: None,
                }),
            }
        }
        Some(files)
    }

    /// Every enabled rule of this side's linters, for SARIF.
    pub fn rule_metadata(&self) -> Vec<crate::RuleMeta> {
        let mut rules: std::collections::BTreeMap<String, crate::RuleMeta> = Default::default();
        for linter in self.linters.values().flatten() {
            for known in linter.known.iter().filter(|k| k.severity.is_some()) {
                rules
                    .entry(known.def.id.clone())
                    .or_insert_with(|| crate::RuleMeta {
                        id: known.def.id.clone(),
                        summary: known.def.summary.clone(),
                        rationale: known.def.rationale().map(str::to_owned),
                        severity: known.def.severity,
                    });
            }
        }
        rules.into_values().collect()
    }
}

/// The folder of a path inside the repository (`.` for the top folder).
fn folder(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
