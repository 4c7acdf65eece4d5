//! Where the files of an org are read from. Include resolution is written
//! once, over [`FileSource`]: the file system for `check`, a file system
//! with some files replaced ([`Overlay`]: standard input standing in for
//! one fragment, an editor's unsaved buffers, the examples of the rule
//! documentation), and any other store of files, such as a git revision.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The files under a folder, as [`FileSource::list`] finds them.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Regular files (or symlinks to regular files inside the org's
    /// folder), as `dir` joined with their path below it.
    pub files: Vec<PathBuf>,
    /// Symlinks that point out of the org's folder: not read.
    pub outside: Vec<PathBuf>,
    /// Entries that are neither files nor folders (a FIFO, a socket, a
    /// device): never read, so that none can block or fill memory.
    pub special: Vec<PathBuf>,
    /// Folders that could not be read, with the reason.
    pub failures: Vec<(PathBuf, String)>,
}

/// A store of files that an org is read from.
pub trait FileSource: Sync {
    /// The bytes of a file.
    fn read(&self, path: &Path) -> Result<Vec<u8>, String>;

    /// The files below `dir`, at most `depth` folders down (`None`: any
    /// depth; `Some(1)`: the files of `dir` itself). Symlinked folders are
    /// not entered; a symlinked file is listed only when it resolves inside
    /// `within` (the root file's folder). A missing `dir` lists nothing.
    fn list(&self, dir: &Path, depth: Option<usize>, within: &Path) -> Listing;

    /// Whether `path` is a regular file (for an `include` pattern without
    /// wildcards).
    fn is_file(&self, path: &Path) -> bool;
}

/// The file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct FsSource;

/// The largest fragment read: as large as any org file may reasonably be.
const FRAGMENT_LIMIT: u64 = 256 << 20;

impl FileSource for FsSource {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        use std::io::Read;
        // Listings put FIFOs and devices aside, so files are opened without
        // a `stat` first: an org of 100,000 files spends most of its time
        // in system calls. Opened non-blocking, a FIFO that appeared since
        // the listing reads as empty instead of blocking; a device is
        // read only so far.
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK);
        }
        let mut bytes = Vec::with_capacity(8192);
        options
            .open(path)
            .and_then(|f| f.take(FRAGMENT_LIMIT + 1).read_to_end(&mut bytes))
            .map_err(|e| crate::files::io_reason(&e))?;
        if bytes.len() as u64 > FRAGMENT_LIMIT {
            return Err("it is larger than 256 MiB".to_owned());
        }
        // Every fragment is held until the org's text is joined: 100,000
        // read buffers of 8 KiB would be 800 MiB.
        bytes.shrink_to_fit();
        Ok(bytes)
    }

    fn list(&self, dir: &Path, depth: Option<usize>, within: &Path) -> Listing {
        let mut listing = Listing::default();
        if !dir.is_dir() {
            return listing;
        }
        let within = within.canonicalize().ok();
        let mut walker = ignore::WalkBuilder::new(dir);
        walker.standard_filters(false).follow_links(false);
        walker.max_depth(depth);
        for entry in walker.build() {
            match entry {
                Ok(entry) => {
                    let Some(kind) = entry.file_type() else {
                        continue;
                    };
                    if kind.is_symlink() {
                        let path = entry.into_path();
                        let target = path.canonicalize().ok();
                        let inside = match (&target, &within) {
                            (Some(t), Some(w)) => t.starts_with(w),
                            _ => false,
                        };
                        if inside && target.as_deref().is_some_and(Path::is_file) {
                            listing.files.push(path);
                        } else if target.as_deref().is_none_or(|t| !t.is_dir()) {
                            listing.outside.push(path);
                        }
                    } else if kind.is_file() {
                        listing.files.push(entry.into_path());
                    } else if !kind.is_dir() {
                        listing.special.push(entry.into_path());
                    }
                }
                Err(err) => listing.failures.push((dir.to_path_buf(), err.to_string())),
            }
        }
        listing
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// A path made comparable: absolute, `.` and `..` resolved lexically.
pub fn normal(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Another source with some files replaced or added: standard input
/// standing in for one fragment, an editor's unsaved buffers.
pub struct Overlay<'a> {
    base: &'a dyn FileSource,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl<'a> Overlay<'a> {
    /// `base`, with no file replaced yet.
    pub fn new(base: &'a dyn FileSource) -> Self {
        Overlay {
            base,
            files: BTreeMap::new(),
        }
    }

    /// Replaces (or adds) the file at `path`.
    pub fn insert(&mut self, path: &Path, bytes: Vec<u8>) {
        self.files.insert(normal(path), bytes);
    }
}

impl FileSource for Overlay<'_> {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        match self.files.get(&normal(path)) {
            Some(bytes) => Ok(bytes.clone()),
            None => self.base.read(path),
        }
    }

    fn list(&self, dir: &Path, depth: Option<usize>, within: &Path) -> Listing {
        let mut listing = self.base.list(dir, depth, within);
        let folder = normal(dir);
        let mut known: std::collections::HashSet<PathBuf> =
            listing.files.iter().map(|p| normal(p)).collect();
        for path in self.files.keys() {
            let Ok(rest) = path.strip_prefix(&folder) else {
                continue;
            };
            let levels = rest.components().count();
            if depth.is_none_or(|d| levels <= d) && known.insert(path.clone()) {
                listing.files.push(dir.join(rest));
            }
        }
        listing
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(&normal(path)) || self.base.is_file(path)
    }
}

/// No files at all: with an [`Overlay`], an org held in memory (the
/// examples of the rule documentation, tests).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFiles;

impl FileSource for NoFiles {
    fn read(&self, _: &Path) -> Result<Vec<u8>, String> {
        Err("no such file".to_owned())
    }

    fn list(&self, _: &Path, _: Option<usize>, _: &Path) -> Listing {
        Listing::default()
    }

    fn is_file(&self, _: &Path) -> bool {
        false
    }
}
