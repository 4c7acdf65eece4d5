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
    match text.strip_prefix("./") {
        // `.//x` is `x`, not the absolute `/x`.
        Some(rest) => rest.trim_start_matches('/').to_owned(),
        None => text.into_owned(),
    }
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
    let permissions = std::fs::metadata(&target).map(|m| m.permissions()).ok();
    let (temp_path, mut file) = temp_file(&target)?;
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

/// A new temporary file next to `target`, named after it (the name as
/// bytes: a file name that is not UTF-8 stays what it is).
pub(crate) fn temp_file(target: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = target.file_name().unwrap_or_default();
    let mut attempt = 0u32;
    loop {
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".orglint-{}-{attempt}.tmp", std::process::id()));
        let candidate = dir.join(temp_name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((candidate, file)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(err) => return Err(err),
        }
    }
}

/// What a file was when `--fix` read it: checked again just before the
/// fixed text replaces it, so that an edit made in the meantime is refused
/// rather than silently reverted.
#[derive(Clone, Debug)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

/// Why a fixed file was not written: the reason, and what to do.
#[derive(Clone, Debug)]
pub struct Refused {
    /// Why, lower-case (`it is a FIFO, not a regular file`).
    pub reason: String,
    /// What to do about it.
    pub help: &'static str,
}

impl Refused {
    fn new(reason: impl Into<String>, help: &'static str) -> Self {
        Refused {
            reason: reason.into(),
            help,
        }
    }

    fn io(err: &std::io::Error) -> Self {
        Refused::new(
            io_reason(err),
            "check the file and its folder's permissions",
        )
    }
}

/// What a file that is not a regular file is, for messages.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Refuses what `--fix` can never write back: anything but a regular file
/// (symlinks followed), such as a FIFO or `/dev/stdin`.
fn regular(meta: &std::fs::Metadata) -> Result<(), Refused> {
    if !meta.is_file() {
        let kind = file_kind(meta);
        let what = if kind == "not a regular file" {
            "it is not a regular file".to_owned()
        } else {
            format!("it is {kind}, not a regular file")
        };
        return Err(Refused::new(
            format!("{what}: `--fix` only rewrites regular files"),
            "fix a regular file, or pipe the text through `orglint check --fix -`",
        ));
    }
    Ok(())
}

/// Refuses what `--fix` must not replace: anything but a regular file, a
/// read-only file, a file with several hard links.
fn fixable_file(meta: &std::fs::Metadata) -> Result<(), Refused> {
    regular(meta)?;
    #[cfg(unix)]
    let read_only = {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o200 == 0
    };
    #[cfg(not(unix))]
    let read_only = meta.permissions().readonly();
    if read_only {
        return Err(read_only_file());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Replacing the file by a rename would leave the other names with
        // the old text: the links would silently part.
        if meta.nlink() > 1 {
            return Err(Refused::new(
                format!(
                    "it has {} hard links, which a fix would break apart",
                    meta.nlink()
                ),
                "fix a copy by hand, or the file after removing its other links",
            ));
        }
    }
    Ok(())
}

fn read_only_file() -> Refused {
    Refused::new(
        "it is read-only",
        "make it writable (`chmod u+w`) to fix it, or fix it by hand",
    )
}

/// Refuses a file this process may not write. Its folder is all a rename
/// needs, but a file its user may not write is not orglint's to replace;
/// opening it for writing, without truncating, changes nothing.
fn writable(path: &Path) -> Result<(), Refused> {
    match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(Refused {
            reason: "it is read-only (permission denied)".to_owned(),
            ..read_only_file()
        }),
        Err(e) => Err(Refused::io(&e)),
    }
}

/// Reads a file that `--fix` may rewrite, with its [`Stamp`]. Refuses
/// before reading what could never be written back (a FIFO, `/dev/stdin`),
/// so that no pipe is drained for nothing; whether a regular file may be
/// replaced is only asked when there is a fix to write.
pub fn read_to_fix(path: &Path) -> std::io::Result<Result<(Vec<u8>, Stamp), Refused>> {
    let meta = std::fs::metadata(path)?;
    if let Err(refused) = regular(&meta) {
        return Ok(Err(refused));
    }
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    // The file could have been swapped between the two looks.
    if let Err(refused) = regular(&meta) {
        return Ok(Err(refused));
    }
    let stamp = Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(Ok((bytes, stamp)))
}

/// Whether the file at `path` still holds exactly `original`, as it did
/// when `stamp` was taken.
fn unchanged(path: &Path, original: &[u8], stamp: &Stamp) -> Result<bool, Refused> {
    let meta = std::fs::metadata(path).map_err(|e| Refused::io(&e))?;
    if meta.len() != stamp.len || meta.modified().ok() != stamp.modified {
        return Ok(false);
    }
    let now = std::fs::read(path).map_err(|e| Refused::io(&e))?;
    Ok(now == original)
}

/// Writes a fixed file back to exactly the path it was read from
/// ([`write_all_fixed`] with one file). Nothing is changed when it fails.
pub fn write_fixed(
    path: &Path,
    original: &[u8],
    stamp: &Stamp,
    bytes: &[u8],
) -> Result<(), Refused> {
    write_all_fixed(&[FixedFile {
        path,
        original,
        stamp,
        bytes,
    }])
    .map_err(|(_, refused)| refused)
}

/// A fixed file to write back: where, what was read (as `stamp`
/// describes it), and the new bytes.
pub struct FixedFile<'a> {
    /// The path that was read.
    pub path: &'a Path,
    /// The bytes that were read.
    pub original: &'a [u8],
    /// The file as it was read.
    pub stamp: &'a Stamp,
    /// The fixed bytes.
    pub bytes: &'a [u8],
}

/// A temporary file written next to its target, not yet renamed.
struct Prepared {
    temp: PathBuf,
    target: PathBuf,
}

/// Writes fixed files, each to exactly the path that was read (a
/// symlink's target is updated, not replaced), by a temporary file in the
/// same folder with the original's owner, group and mode, then a rename.
/// Every temporary file is written, and every file checked to still hold
/// what was read, before the first rename: a failure before the renames
/// changes nothing. The error names the file (its index) and why.
pub fn write_all_fixed(files: &[FixedFile<'_>]) -> Result<(), (usize, Refused)> {
    let mut prepared: Vec<Prepared> = Vec::with_capacity(files.len());
    let discard = |prepared: &[Prepared]| {
        for p in prepared {
            let _ = std::fs::remove_file(&p.temp);
        }
    };
    for (i, file) in files.iter().enumerate() {
        match prepare(file) {
            Ok(p) => prepared.push(p),
            Err(refused) => {
                discard(&prepared);
                return Err((i, refused));
            }
        }
    }
    // Last look before the renames: an edit made while orglint was fixing
    // must not be reverted.
    for (i, (file, p)) in files.iter().zip(&prepared).enumerate() {
        match unchanged(&p.target, file.original, file.stamp) {
            Ok(true) => {}
            Ok(false) => {
                discard(&prepared);
                return Err((
                    i,
                    Refused::new(
                        "it changed since it was read",
                        "run `--fix` again on the current file",
                    ),
                ));
            }
            Err(refused) => {
                discard(&prepared);
                return Err((i, refused));
            }
        }
    }
    for (i, p) in prepared.iter().enumerate() {
        if let Err(e) = std::fs::rename(&p.temp, &p.target) {
            discard(prepared.get(i..).unwrap_or_default());
            return Err((i, Refused::io(&e)));
        }
    }
    Ok(())
}

/// Writes one fixed file's temporary file, with the original's owner,
/// group and mode, synced to disk.
fn prepare(file: &FixedFile<'_>) -> Result<Prepared, Refused> {
    // The symlink's target, by the path's bytes: never a display string.
    let target = std::fs::canonicalize(file.path).map_err(|e| Refused::io(&e))?;
    let meta = std::fs::metadata(&target).map_err(|e| Refused::io(&e))?;
    fixable_file(&meta)?;
    writable(&target)?;
    let (temp_path, mut out) = temp_file(&target).map_err(|e| Refused::io(&e))?;
    let result = (|| {
        out.write_all(file.bytes).map_err(|e| Refused::io(&e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Owner first: changing it may clear the set-id bits of the mode.
            let temp = out.metadata().map_err(|e| Refused::io(&e))?;
            if (temp.uid(), temp.gid()) != (meta.uid(), meta.gid()) {
                std::os::unix::fs::fchown(&out, Some(meta.uid()), Some(meta.gid())).map_err(
                    |e| {
                        Refused::new(
                            format!("its owner and group could not be kept ({})", io_reason(&e)),
                            "run `--fix` as the file's owner",
                        )
                    },
                )?;
            }
        }
        out.set_permissions(meta.permissions())
            .map_err(|e| Refused::io(&e))?;
        out.sync_all().map_err(|e| Refused::io(&e))
    })();
    match result {
        Ok(()) => Ok(Prepared {
            temp: temp_path,
            target,
        }),
        Err(refused) => {
            let _ = std::fs::remove_file(&temp_path);
            Err(refused)
        }
    }
}
