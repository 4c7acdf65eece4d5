//! The files an org is read from in the editor: an open document's text in
//! place of the file's, else the disk, where a file unchanged since the
//! last lint (same modification time and size) is not read again. What
//! [`crate::load::Overlay`] does, with the cache an org of thousands of
//! files needs on every keystroke.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use crate::load::source::{Listing, normal};
use crate::load::{FileSource, FsSource};

use super::state::Document;

/// A file as last read from disk.
pub struct Cached {
    modified: SystemTime,
    len: u64,
    bytes: Vec<u8>,
    /// When its modification time and size were last compared with the
    /// disk's.
    checked: Instant,
}

/// How long a file checked against the disk is trusted without asking the
/// disk again. An org of 10,000 files costs 10,000 `stat` calls per check
/// (tens of milliseconds on this VM): keystrokes in quick succession
/// re-lint from the cache, and a change made outside the editor is seen
/// by the first lint after this, or at once when the client reports it
/// (`didChangeWatchedFiles`, `didSave`: the entry is dropped).
pub const FRESH: Duration = Duration::from_secs(1);

/// Past this many cached files the cache starts again: a bound on memory
/// for a server that sees many orgs over a day.
const MAX_CACHED: usize = 200_000;

/// Files read from disk, by path. Keyed by the path's bytes with a fast
/// hash: hashing a `Path` walks its components, and an org of 10,000
/// files looks up 10,000 paths per keystroke.
pub type Cache = HashMap<std::ffi::OsString, Cached, foldhash::fast::RandomState>;

/// The open documents over the file system.
pub struct Files<'a> {
    /// Open documents by normalized path.
    pub docs: &'a HashMap<PathBuf, Document>,
    /// Files read from disk.
    pub cache: &'a Mutex<Cache>,
    /// How long a checked file is trusted ([`FRESH`]; zero in tests).
    pub fresh: Duration,
}

impl Files<'_> {
    fn doc(&self, path: &Path) -> Option<&Document> {
        // A handful of documents is open: comparing paths (bytes first)
        // beats hashing the components of every path read.
        if let Some((_, doc)) = self.docs.iter().find(|(p, _)| p.as_path() == path) {
            return Some(doc);
        }
        // Paths from `include` are already normal: most lookups end above.
        let plain = path.is_absolute()
            && !path
                .components()
                .any(|c| matches!(c, Component::CurDir | Component::ParentDir));
        if plain {
            None
        } else {
            self.docs.get(&normal(path))
        }
    }
}

impl FileSource for Files<'_> {
    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        if let Some(doc) = self.doc(path) {
            return Ok(doc.text.clone().into_bytes());
        }
        if let Ok(cache) = self.cache.lock()
            && let Some(cached) = cache.get(path.as_os_str())
            && cached.checked.elapsed() < self.fresh
        {
            return Ok(cached.bytes.clone());
        }
        let stamp = std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        if let Some((modified, len)) = stamp
            && let Ok(mut cache) = self.cache.lock()
            && let Some(cached) = cache.get_mut(path.as_os_str())
            && cached.modified == modified
            && cached.len == len
        {
            cached.checked = Instant::now();
            return Ok(cached.bytes.clone());
        }
        let bytes = FsSource.read(path)?;
        if let Some((modified, len)) = stamp
            && bytes.len() as u64 == len
            && let Ok(mut cache) = self.cache.lock()
        {
            if cache.len() >= MAX_CACHED {
                cache.clear();
            }
            cache.insert(
                path.as_os_str().to_owned(),
                Cached {
                    modified,
                    len,
                    bytes: bytes.clone(),
                    checked: Instant::now(),
                },
            );
        }
        Ok(bytes)
    }

    fn list(&self, dir: &Path, depth: Option<usize>, within: &Path) -> Listing {
        let mut listing = FsSource.list(dir, depth, within);
        let folder = normal(dir);
        // Documents not saved yet are files too; saved ones are listed.
        for path in self.docs.keys() {
            let Ok(rest) = path.strip_prefix(&folder) else {
                continue;
            };
            let levels = rest.components().count();
            if depth.is_none_or(|d| levels <= d) && !path.is_file() {
                listing.files.push(dir.join(rest));
            }
        }
        listing
    }

    fn is_file(&self, path: &Path) -> bool {
        self.doc(path).is_some() || FsSource.is_file(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_documents_win_and_unchanged_files_are_cached() {
        let dir = std::env::temp_dir().join(format!("orglint-server-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let dir = normal(&dir.canonicalize().unwrap());
        let on_disk = dir.join("a.toml");
        std::fs::write(&on_disk, "x = 1\n").unwrap();
        let open = dir.join("new.toml");
        let mut docs = HashMap::new();
        docs.insert(
            open.clone(),
            Document {
                text: "y = 2\n".to_owned(),
                version: 1,
            },
        );
        let cache = Mutex::new(Cache::default());
        let files = Files {
            docs: &docs,
            cache: &cache,
            fresh: Duration::ZERO,
        };
        assert_eq!(files.read(&open).unwrap(), b"y = 2\n");
        assert_eq!(files.read(&dir.join("./new.toml")).unwrap(), b"y = 2\n");
        assert_eq!(files.read(&on_disk).unwrap(), b"x = 1\n");
        assert_eq!(cache.lock().unwrap().len(), 1);
        // A change on disk (another size) is read again.
        std::fs::write(&on_disk, "x = 10\n").unwrap();
        assert_eq!(files.read(&on_disk).unwrap(), b"x = 10\n");
        let listed = files.list(&dir, Some(1), &dir).files;
        assert!(
            listed.contains(&open) && listed.contains(&on_disk),
            "{listed:?}"
        );
        assert!(files.is_file(&open));
    }
}
