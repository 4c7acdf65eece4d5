//! The files an org is read from in the editor: an open document's text in
//! place of the file's, else the disk, where a file unchanged since the
//! last lint (same modification time and size) is not read again. What
//! [`crate::load::Overlay`] does, with the cache an org of thousands of
//! files needs on every keystroke.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::load::source::{Listing, normal};
use crate::load::{FileSource, FsSource};

use super::state::Document;

/// A file as last read from disk.
pub struct Cached {
    modified: SystemTime,
    len: u64,
    bytes: Vec<u8>,
}

/// Past this many cached files the cache starts again: a bound on memory
/// for a server that sees many orgs over a day.
const MAX_CACHED: usize = 200_000;

/// The open documents over the file system.
pub struct Files<'a> {
    /// Open documents by normalized path.
    pub docs: &'a HashMap<PathBuf, Document>,
    /// Files read from disk.
    pub cache: &'a Mutex<HashMap<PathBuf, Cached>>,
}

impl Files<'_> {
    fn doc(&self, path: &Path) -> Option<&Document> {
        if let Some(doc) = self.docs.get(path) {
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
        let stamp = std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        if let Some((modified, len)) = stamp
            && let Ok(cache) = self.cache.lock()
            && let Some(cached) = cache.get(path)
            && cached.modified == modified
            && cached.len == len
        {
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
                path.to_path_buf(),
                Cached {
                    modified,
                    len,
                    bytes: bytes.clone(),
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
        let cache = Mutex::new(HashMap::new());
        let files = Files {
            docs: &docs,
            cache: &cache,
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
