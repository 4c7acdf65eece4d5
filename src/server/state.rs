//! What the server holds between messages: the open documents, the orgs
//! they belong to with their last diagnostics and navigation data, and
//! the linters, built once per configuration as `orglint check` builds
//! them ([`crate::run::Linters`]).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::linter::Linter;
use crate::load::{FileSource, FsSource, Role, root};
use crate::run::{ConfigChoice, config_for};
use crate::source::SourceFile;

use super::navigate::Nav;
use super::position::LineIndex;

/// An open document: the text the client holds, unsaved or not.
#[derive(Debug)]
pub struct Document {
    /// Its text, as the client has it.
    pub text: String,
    /// The client's version of it.
    pub version: i32,
}

/// An org some open document belongs to.
#[derive(Default)]
pub struct Org {
    /// Its files as last linted, the root first.
    pub files: Vec<PathBuf>,
    /// The files diagnostics were published for, to clear those that no
    /// longer have any.
    pub published: BTreeSet<PathBuf>,
    /// The last navigation data of an org that was valid TOML throughout:
    /// kept while a file is broken mid-edit.
    pub nav: Option<Arc<Nav>>,
    /// The linter it was linted with.
    pub linter: Option<Arc<Linter>>,
}

/// The diagnostics last published for one file, for code actions.
pub struct Published {
    /// The root of the org they come from.
    pub root: PathBuf,
    /// The file's text as linted (without a BOM).
    pub source: Arc<SourceFile>,
    /// Its line index, as the client counts.
    pub index: LineIndex,
    /// The diagnostics, spans in `source`.
    pub diagnostics: Vec<Diagnostic>,
    /// The identity of the file's diagnostics in baselines.
    pub identity: String,
}

/// A configuration's linter, or its problems.
#[derive(Clone)]
pub enum Built {
    /// The configuration is valid.
    Ready(Arc<Linter>),
    /// Its problems (in the config or its packs), by file.
    Broken(Vec<(Arc<SourceFile>, Diagnostic)>),
}

/// Everything the server knows.
pub struct State {
    /// `--config` / `--no-config`, as for `orglint check`.
    pub choice: ConfigChoice,
    /// Open documents by normalized path.
    pub docs: HashMap<PathBuf, Document>,
    /// The root of the org of each open document (itself for a root).
    pub root_of: HashMap<PathBuf, PathBuf>,
    /// Orgs by root.
    pub orgs: HashMap<PathBuf, Org>,
    /// Diagnostics published, by file.
    pub files: HashMap<PathBuf, Published>,
    /// Config discovery, by folder.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// Linters by config path.
    pub built: HashMap<Option<PathBuf>, Built>,
    /// The files whose change invalidates the linters: configs, packs and
    /// baselines they name.
    pub watched: BTreeSet<PathBuf>,
    /// Files that config problems were published in.
    pub config_published: BTreeSet<PathBuf>,
    /// Roots (or documents not yet placed in an org) to lint.
    pub dirty: BTreeSet<PathBuf>,
    /// Files read from disk, read again only when changed.
    pub cache: std::sync::Mutex<super::files::Cache>,
    /// Folders listed from disk, listed again only after a second.
    pub listings: std::sync::Mutex<super::files::Listings>,
}

impl State {
    /// A server with nothing open.
    pub fn new(choice: ConfigChoice) -> State {
        State {
            choice,
            docs: HashMap::new(),
            root_of: HashMap::new(),
            orgs: HashMap::new(),
            files: HashMap::new(),
            discovered: HashMap::new(),
            built: HashMap::new(),
            watched: BTreeSet::new(),
            config_published: BTreeSet::new(),
            dirty: BTreeSet::new(),
            cache: std::sync::Mutex::default(),
            listings: std::sync::Mutex::default(),
        }
    }

    /// Forgets what was read of `path` from disk: the client says it
    /// changed.
    pub fn disk_changed(&self, path: &std::path::Path) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(path.as_os_str());
        }
        // A file created or deleted changes a listing.
        if let Ok(mut listings) = self.listings.lock() {
            listings.clear();
        }
    }

    /// The file system with every open document's text in place of the
    /// file's.
    pub fn files(&self) -> super::files::Files<'_> {
        super::files::Files {
            docs: &self.docs,
            cache: &self.cache,
            listings: &self.listings,
            fresh: super::files::FRESH,
        }
    }

    /// Whether a path is a configuration (or something a configuration
    /// names): its change re-lints every open org.
    pub fn is_config(&self, path: &Path) -> bool {
        path.file_name()
            .is_some_and(|n| n == crate::config::FILE_NAME)
            || self.watched.iter().any(|w| path.starts_with(w))
    }

    /// Forgets every linter and config discovery, and marks every open org
    /// to be linted again.
    pub fn config_changed(&mut self) {
        self.built.clear();
        self.discovered.clear();
        self.watched.clear();
        let roots: Vec<PathBuf> = self.orgs.keys().cloned().collect();
        self.dirty.extend(roots);
        let unplaced: Vec<PathBuf> = self
            .docs
            .keys()
            .filter(|p| !self.root_of.contains_key(*p))
            .cloned()
            .collect();
        self.dirty.extend(unplaced);
    }

    /// Marks the org of an open document to be linted.
    pub fn touch(&mut self, path: &Path) {
        let root = self
            .root_of
            .get(path)
            .cloned()
            .unwrap_or_else(|| path.to_path_buf());
        self.dirty.insert(root);
    }

    /// The configuration that applies to files in `dir`.
    pub fn config_path(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.discovered.get(dir) {
            return found.clone();
        }
        let found = config_for(&self.choice, dir);
        self.discovered.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The linter for files in `dir`, built once per configuration, from
    /// the editor's text of the configuration when it is open.
    pub fn linter_for(&mut self, dir: &Path) -> (Option<PathBuf>, Built) {
        let config = self.config_path(dir);
        if let Some(built) = self.built.get(&config) {
            // A server runs for days: a linter built yesterday lints as of
            // yesterday (leavers, expiries), so it is built again.
            let stale = matches!(built, Built::Ready(l) if l.as_of != crate::dates::today());
            if !stale {
                return (config, built.clone());
            }
        }
        let built = self.build(config.as_deref());
        self.built.insert(config.clone(), built.clone());
        (config, built)
    }

    /// Builds a linter as [`crate::run::Linters`] does.
    fn build(&mut self, config: Option<&Path>) -> Built {
        let mut problems = crate::parse::node::Problems::default();
        let parsed = match config {
            Some(path) => {
                self.watched.insert(path.to_path_buf());
                match self.docs.get(&crate::load::source::normal(path)) {
                    Some(doc) => {
                        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                        let file =
                            SourceFile::new(crate::files::display_found(path), doc.text.clone());
                        crate::config::parse(Arc::new(file), dir, &mut problems)
                    }
                    None => crate::config::load(path, &mut problems),
                }
            }
            None => None,
        };
        if let Some(parsed) = &parsed {
            self.watched
                .extend(parsed.packs.iter().map(|(p, _)| p.clone()));
            self.watched
                .extend(parsed.baseline.iter().map(|(p, _)| p.clone()));
        }
        if parsed.is_none() && config.is_some() {
            return Built::Broken(problems.diagnostics);
        }
        match Linter::new(parsed.as_ref(), &[]) {
            Ok(mut linter) if problems.is_empty() => {
                linter.as_of = crate::dates::today();
                Built::Ready(Arc::new(linter))
            }
            Ok(_) => Built::Broken(problems.diagnostics),
            Err(found) => {
                let mut all = problems.diagnostics;
                all.extend(found.diagnostics);
                Built::Broken(all)
            }
        }
    }

    /// The org an open (or published) file belongs to.
    pub fn org_of(&self, path: &Path) -> Option<&Org> {
        let root = self
            .root_of
            .get(path)
            .or_else(|| self.files.get(path).map(|p| &p.root));
        match root {
            Some(root) => self.orgs.get(root),
            // A file of an org that is neither open nor has diagnostics.
            None => self
                .orgs
                .values()
                .find(|o| o.files.iter().any(|f| f == path)),
        }
    }

    /// The text of a file as the client has it: the open document's, else
    /// the file's on disk.
    pub fn text_of(&self, path: &Path) -> Option<String> {
        match self.docs.get(path) {
            Some(doc) => Some(doc.text.clone()),
            None => FsSource
                .read(path)
                .ok()
                .and_then(|b| String::from_utf8(b).ok()),
        }
    }
}

/// What loading `target` found: the org to lint, or where to look instead.
pub enum Placed {
    /// `target` is the root of its org (or stands alone).
    Org(Box<crate::load::LoadedOrg>, Option<PathBuf>),
    /// `target` is a fragment of this root.
    Fragment(PathBuf),
    /// `target` is not an org file and no org includes it.
    Nothing,
}

/// Loads the org of `target` as `orglint check target` would: a file
/// without `[org]` that a root includes is linted as part of that root.
pub fn place(linter: &Linter, target: &Path, bytes: Vec<u8>, files: &dyn FileSource) -> Placed {
    let name = target.to_string_lossy().into_owned();
    let source = match SourceFile::decode(name, bytes) {
        Ok(source) => source,
        Err((source, _)) => source,
    };
    let org = linter.load(source, target, files);
    if org.role == Role::Root {
        return Placed::Org(Box::new(org), None);
    }
    match root::find(target, files) {
        root::Found::Including(root) => Placed::Fragment(crate::load::source::normal(&root)),
        root::Found::Nearby(root) => Placed::Org(Box::new(org), Some(root)),
        root::Found::Nothing => {
            let is_org = target
                .file_name()
                .is_some_and(|n| crate::load::is_org_file(&n.to_string_lossy()));
            if is_org {
                Placed::Org(Box::new(org), None)
            } else {
                Placed::Nothing
            }
        }
    }
}
