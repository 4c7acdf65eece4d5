//! A git revision as a [`FileSource`], read through the `git` command (as
//! pre-commit does): git itself handles every repository format (packs,
//! alternates, partial clones, worktrees), and orglint builds no git
//! library. The tree is listed once per revision (`git ls-tree -r -z`);
//! blobs are read through one long-lived `git cat-file --batch`, by object
//! id, so that no path (spaces, newlines, bytes that are not UTF-8) is ever
//! quoted on a command line.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

mod batch;

use self::batch::{Batch, Blobs};
use super::source::{FileSource, Listing};

/// From how many files a listed folder's blobs are read ahead in one stream.
const PREFETCH_FROM: usize = 16;

/// The largest blob read: as large as any org file may reasonably be.
const BLOB_LIMIT: u64 = 256 << 20;

/// Why a git command failed, worded for the user.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GitError(pub String);

/// Runs `git -C dir args...` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| GitError(format!("cannot run `git`: {e}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(GitError(stderr.trim().to_owned()))
    }
}

/// The top folder of the repository that holds `dir`.
pub fn toplevel(dir: &Path) -> Result<PathBuf, GitError> {
    match git(dir, &["rev-parse", "--show-toplevel"]) {
        Ok(out) => Ok(PathBuf::from(
            String::from_utf8_lossy(&out).trim_end_matches('\n'),
        )),
        Err(GitError(reason)) if reason.starts_with("cannot run") => Err(GitError(reason)),
        Err(_) => Err(GitError(format!(
            "`{}` is not in a git repository: `orglint diff` compares two git revisions",
            crate::files::display_path(dir)
        ))),
    }
}

/// The commit `rev` names, or an error that says what to fetch when the
/// clone is shallow.
pub fn resolve(top: &Path, rev: &str) -> Result<String, GitError> {
    if rev.starts_with('-') {
        return Err(GitError(format!(
            "`{rev}` is not a revision (it starts with `-`)"
        )));
    }
    let spec = format!("{rev}^{{commit}}");
    if let Ok(out) = git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    ) {
        return Ok(String::from_utf8_lossy(&out).trim().to_owned());
    }
    let shallow = git(top, &["rev-parse", "--is-shallow-repository"])
        .is_ok_and(|out| out.starts_with(b"true"));
    if shallow {
        Err(GitError(format!(
            "the revision `{rev}` is not in this clone, which is shallow: fetch it with `git fetch origin {rev}` (or deepen the clone with `git fetch --deepen=100`, or check out with `fetch-depth: 0`)"
        )))
    } else {
        Err(GitError(format!(
            "unknown revision `{rev}`: name a branch, tag or commit of this repository (`git fetch origin {rev}` if it is only on the remote)"
        )))
    }
}

/// A path as git writes it in a tree: `/`-separated bytes.
#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// `path` as git names it in a tree: relative, without `.`, its
/// components joined with `/`. Trees are keyed by these bytes: comparing
/// and hashing `Path`s component by component cost more than reading 100,000
/// fragments.
fn key(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for c in path.components() {
        if let Component::Normal(part) = c {
            if !out.is_empty() {
                out.push(b'/');
            }
            out.extend_from_slice(&bytes_of(part));
        }
    }
    out
}

#[cfg(unix)]
fn bytes_of(part: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(part.as_bytes())
}

#[cfg(not(unix))]
fn bytes_of(part: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(part.to_string_lossy().into_owned().into_bytes())
}

/// One entry of a tree.
#[derive(Clone, Debug)]
struct Blob {
    oid: String,
    /// A regular file (not a symlink or a submodule).
    regular: bool,
}

/// The files of one revision of a repository.
pub struct GitSource {
    /// The revision as given (for messages).
    pub rev: String,
    /// Every file of the revision, by path inside the repository.
    tree: BTreeMap<Vec<u8>, Blob>,
    top: PathBuf,
    batch: Mutex<Option<Batch>>,
    /// Blobs read ahead by [`GitSource::prefetch`], taken on first read.
    cache: std::sync::Arc<Blobs>,
}

impl std::fmt::Debug for GitSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GitSource({}, {} files)", self.rev, self.tree.len())
    }
}

impl GitSource {
    /// Lists the tree of the commit `rev` names in the repository whose
    /// top folder is `top`; paths are read relative to it. An unknown
    /// revision is an error that says what to fetch ([`resolve`]).
    pub fn open(top: &Path, rev: &str) -> Result<GitSource, GitError> {
        if rev.starts_with('-') {
            return Err(resolve(top, rev)
                .err()
                .unwrap_or(GitError(format!("`{rev}` is not a revision"))));
        }
        // One process, not a `rev-parse` first: each start of git costs
        // a few milliseconds, which is most of a small org's diff.
        let spec = format!("{rev}^{{commit}}");
        let out = match git(
            top,
            &[
                "ls-tree",
                "-r",
                "-z",
                "--full-tree",
                "--end-of-options",
                &spec,
            ],
        ) {
            Ok(out) => out,
            Err(listing) => {
                return Err(resolve(top, rev).err().unwrap_or(listing));
            }
        };
        let mut tree = BTreeMap::new();
        for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            // `<mode> <type> <oid>\t<path>`
            let Some(tab) = record.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let (meta, path) = (record.get(..tab), record.get(tab + 1..));
            let (Some(meta), Some(path)) = (meta, path) else {
                continue;
            };
            let meta = String::from_utf8_lossy(meta);
            let mut words = meta.split(' ');
            let (mode, kind, oid) = (words.next(), words.next(), words.next());
            if kind != Some("blob") {
                continue; // a submodule
            }
            tree.insert(
                path.to_vec(),
                Blob {
                    oid: oid.unwrap_or_default().to_owned(),
                    regular: mode != Some("120000"),
                },
            );
        }
        Ok(GitSource {
            rev: rev.to_owned(),
            tree,
            top: top.to_path_buf(),
            batch: Mutex::new(None),
            cache: std::sync::Arc::default(),
        })
    }

    /// Reads the blobs of `paths` in one stream (a process of its own fed
    /// by another thread), not one request and answer at a time: the
    /// fragments of an org of many files are read this way, as soon as
    /// their folder is listed.
    fn prefetch(&self, paths: Vec<Vec<u8>>) {
        // Held while reading: the other side of a diff, listing the same
        // folder, then finds most blobs read already (an unchanged file is
        // the same blob at both revisions) instead of reading them too.
        let Ok(mut cache) = self.cache.0.lock() else {
            return;
        };
        let mut oids: Vec<String> = paths
            .iter()
            .filter_map(|p| self.tree.get(p))
            .filter(|b| !cache.contains_key(&b.oid))
            .map(|b| b.oid.clone())
            .collect();
        oids.sort_unstable();
        oids.dedup();
        let Ok(mut batch) = Batch::start(&self.top, true) else {
            return;
        };
        let Some(mut stdin) = batch.stdin.take() else {
            return;
        };
        let requests = oids.clone();
        let writer = std::thread::spawn(move || {
            let mut out = std::io::BufWriter::new(&mut stdin);
            for oid in requests {
                if writeln!(out, "{oid}").is_err() {
                    break;
                }
            }
            let _ = out.flush();
        });
        for oid in oids {
            match batch.answer() {
                Ok(bytes) => {
                    cache.insert(oid, bytes);
                }
                Err(_) => break,
            }
        }
        // Ends the process first: a writer blocked on a full pipe (when
        // reading stopped early) then fails instead of waiting for ever.
        drop(batch);
        let _ = writer.join();
    }

    /// Shares the blobs read ahead with another revision of the same
    /// repository (BASE and HEAD of a diff), before either is read.
    pub fn share_blobs(&mut self, other: &GitSource) {
        self.cache = other.cache.clone();
    }

    /// Every regular file of the revision, by path inside the repository.
    pub fn files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.tree
            .iter()
            .filter(|(_, b)| b.regular)
            .map(|(p, _)| path_of(p))
    }
}

impl FileSource for GitSource {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        let path = key(path);
        let Some(blob) = self.tree.get(&path) else {
            return Err(format!("no such file at `{}`", self.rev));
        };
        if !blob.regular {
            return Err("it is a symlink".to_owned());
        }
        if let Some(bytes) = self
            .cache
            .0
            .lock()
            .ok()
            .and_then(|c| c.get(&blob.oid).cloned())
        {
            return Ok(bytes);
        }
        let mut batch = self
            .batch
            .lock()
            .map_err(|_| "`git cat-file` failed before".to_owned())?;
        if batch.is_none() {
            *batch = Some(Batch::start(&self.top, false)?);
        }
        let Some(running) = batch.as_mut() else {
            return Err("cannot run `git cat-file`".to_owned());
        };
        let read = running.read(&blob.oid);
        if read.is_err() {
            // A process out of step answers nothing right again.
            *batch = None;
        }
        read
    }

    fn list(&self, dir: &Path, depth: Option<usize>, _within: &Path) -> Listing {
        let mut prefix = key(dir);
        if !prefix.is_empty() {
            prefix.push(b'/');
        }
        let mut listing = Listing::default();
        let mut ahead = Vec::new();
        for (path, blob) in self.tree.range(prefix.clone()..) {
            let Some(rest) = path.strip_prefix(prefix.as_slice()) else {
                break;
            };
            let levels = rest.iter().filter(|&&b| b == b'/').count() + 1;
            if depth.is_some_and(|d| levels > d) {
                continue;
            }
            // Symlinks are not followed in a revision: a link's target
            // may be anywhere.
            if blob.regular {
                if path.ends_with(b".toml") {
                    ahead.push(path.clone());
                }
                listing.files.push(dir.join(path_of(rest)));
            } else {
                listing.outside.push(dir.join(path_of(rest)));
            }
        }
        // The `.toml` files of a listed folder are about to be read as
        // fragments: a handful one by one, many in one stream.
        if ahead.len() >= PREFETCH_FROM {
            self.prefetch(ahead);
        }
        listing
    }

    fn is_file(&self, path: &Path) -> bool {
        self.tree.get(&key(path)).is_some_and(|b| b.regular)
    }
}

/// The files of the working tree that git knows or would add (tracked,
/// and untracked but not ignored), by path inside the repository.
pub fn worktree_files(top: &Path) -> Result<Vec<PathBuf>, GitError> {
    let out = git(
        top,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    )?;
    let mut files: Vec<PathBuf> = out
        .split(|&b| b == 0)
        .filter(|r| !r.is_empty())
        .map(path_of)
        .filter(|p| top.join(p).is_file())
        .collect();
    files.sort();
    files.dedup();
    Ok(files)
}
