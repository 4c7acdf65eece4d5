//! The files an org is read from in the editor: an open document's text in
//! place of the file's, else the disk, where a file unchanged since the
//! last lint (same modification time and size) is not read again. What
//! [`crate::load::Overlay`] does, with the cache an org of thousands of
//! files needs on every keystroke.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
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

/// Folder listings by folder and depth, with when they were made: a
/// folder of 10,000 person files is walked at most once a second.
pub type Listings = HashMap<(PathBuf, Option<usize>), (Instant, Listing)>;

/// The open documents over the file system.
pub struct Files<'a> {
    /// Open documents by normalized path.
    pub docs: &'a HashMap<PathBuf, Document>,
    /// Files read from disk.
    pub cache: &'a Mutex<Cache>,
    /// Folders listed.
    pub listings: &'a Mutex<Listings>,
    /// How long a checked file is trusted ([`FRESH`]; zero in tests).
    pub fresh: Duration,
}

impl Files<'_> {
    fn doc(&self, path: &Path) -> Option<&Document> {
        // A handful of documents is open: comparing bytes beats hashing
        // the components of every path read.
        let bytes = path.as_os_str();
        if let Some((_, doc)) = self.docs.iter().find(|(p, _)| p.as_os_str() == bytes) {
            return Some(doc);
        }
        // Paths from `include` are already normal: most lookups end above.
        // `Path::components` skips a `.` inside a path: the bytes tell.
        let raw = path.as_os_str().as_encoded_bytes();
        let plain = path.is_absolute()
            && !raw.windows(3).any(|w| w == b"/./" || w == b"/..")
            && !raw.windows(2).any(|w| w == b"//")
            && !raw.ends_with(b"/.");
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
        let key = (dir.to_path_buf(), depth);
        let recent = self.listings.lock().ok().and_then(|listings| {
            listings
                .get(&key)
                .filter(|(made, _)| made.elapsed() < self.fresh)
                .map(|(_, listing)| listing.clone())
        });
        let mut listing = match recent {
            Some(listing) => listing,
            None => {
                let listing = FsSource.list(dir, depth, within);
                if let Ok(mut listings) = self.listings.lock() {
                    if listings.len() >= 1_000 {
                        listings.clear();
                    }
                    listings.insert(key, (Instant::now(), listing.clone()));
                }
                listing
            }
        };
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
        let listings = Mutex::new(Listings::new());
        let files = Files {
            docs: &docs,
            cache: &cache,
            listings: &listings,
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
