//! Files and paths: how orglint names them in its output, reads them and
//! writes them back. The ground floor: it imports nothing else of orglint
//! but [`SourceFile`], so every other module may use it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::source::SourceFile;

/// A path found by orglint (a discovered `orglint.toml`, a pack or baseline
/// it names): relative to the current folder when it is below it, else as
/// it is, so that output is the same on every machine.
pub fn display_found(path: &Path) -> String {
    let relative = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    display_path(relative.as_deref().unwrap_or(path))
}

/// A path as reported: as given, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// A short reason for an I/O error, as orglint words it.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

/// The largest config, pack or baseline file orglint reads.
pub const NAMED_FILE_LIMIT: u64 = 16 << 20;

/// Reads a text file for a pack or config: at most [`NAMED_FILE_LIMIT`]
/// bytes, so that no file (`/dev/zero`) makes the read endless.
pub fn read_source(path: &Path) -> Result<SourceFile, String> {
    use std::io::Read;
    let reason = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        _ => e.to_string(),
    };
    let too_large = || "it is larger than 16 MiB".to_owned();
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > NAMED_FILE_LIMIT) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(NAMED_FILE_LIMIT + 1).read_to_end(&mut bytes))
        .map_err(reason)?;
    if bytes.len() as u64 > NAMED_FILE_LIMIT {
        return Err(too_large());
    }
    SourceFile::decode(display_found(path), bytes).map_err(|(_, e)| e.message)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// the original's permissions, then a rename. A symlink's target is
/// updated, not replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target: PathBuf = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = std::fs::metadata(&target).map(|m| m.permissions()).ok();
    let mut attempt = 0u32;
    let (temp_path, mut file) = loop {
        let candidate = dir.join(format!(
            ".{name}.orglint-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => break (candidate, file),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(err) => return Err(err),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Some(permissions) = permissions {
            std::fs::set_permissions(&temp_path, permissions)?;
        }
        std::fs::rename(&temp_path, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp_path);
    }
    result
}
