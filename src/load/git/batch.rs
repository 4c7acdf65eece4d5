//! One `git cat-file --batch` process, and the blobs read ahead.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use super::BLOB_LIMIT;

/// Blobs read ahead, by object id: shared by the two sides of a diff.
#[derive(Default)]
pub(super) struct Blobs(pub(super) Mutex<foldhash::HashMap<String, Vec<u8>>>);

/// The `git cat-file --batch` process.
pub(super) struct Batch {
    child: Child,
    /// `None` once moved to a thread that streams requests.
    pub(super) stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Closing its input ends the process; waiting reaps it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Batch {
    /// Starts `git cat-file --batch`; `buffered` for a stream of requests
    /// written at once (`--buffer`: answers are not flushed one by one,
    /// which costs git a write and both processes a switch per blob).
    pub(super) fn start(top: &Path, buffered: bool) -> Result<Batch, String> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(top)
            .args(["cat-file", "--batch"])
            .args(buffered.then_some("--buffer"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run `git cat-file`: {e}"))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err("cannot talk to `git cat-file`".to_owned());
        };
        Ok(Batch {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
        })
    }

    pub(super) fn read(&mut self, oid: &str) -> Result<Vec<u8>, String> {
        let broken = |e: std::io::Error| format!("`git cat-file` failed: {e}");
        let stdin = self.stdin.as_mut().ok_or("`git cat-file` has no input")?;
        writeln!(stdin, "{oid}").map_err(broken)?;
        stdin.flush().map_err(broken)?;
        self.answer()
    }

    /// Reads one answer of `git cat-file --batch`.
    pub(super) fn answer(&mut self) -> Result<Vec<u8>, String> {
        let broken = |e: std::io::Error| format!("`git cat-file` failed: {e}");
        let mut header = String::new();
        self.stdout.read_line(&mut header).map_err(broken)?;
        // `<oid> blob <size>` or `<oid> missing`.
        let mut words = header.split_whitespace();
        let (_, kind, size) = (words.next(), words.next(), words.next());
        if kind != Some("blob") {
            return Err(format!("git has no blob `{}`", header.trim()));
        }
        let size: u64 = size
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| "`git cat-file` answered in an unknown form".to_owned())?;
        if size > BLOB_LIMIT {
            // Skipped, never held: the answer and its newline.
            std::io::copy(&mut (&mut self.stdout).take(size + 1), &mut std::io::sink())
                .map_err(broken)?;
            return Err("it is larger than 256 MiB".to_owned());
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        (&mut self.stdout)
            .take(size)
            .read_to_end(&mut bytes)
            .map_err(broken)?;
        let mut newline = [0u8; 1];
        self.stdout.read_exact(&mut newline).map_err(broken)?;
        Ok(bytes)
    }
}
