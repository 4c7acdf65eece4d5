//! The `orglint` binary: parses the command line, calls the library and maps
//! the outcome to an exit code (0 clean, 1 errors found, 2 the run failed).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    tune_allocator();
    // A bug must never show a raw backtrace and exit 101: say what happened
    // and exit 2, as for any other failed run.
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "orglint: internal error{location}: {}\nThis is a bug in orglint; please report it with the input that caused it.",
            info.payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default()
        );
    }));
    if stdout_closed() {
        // Rust's stdout drops writes to a closed descriptor without a word:
        // a CI step would pass while printing nothing.
        eprintln!("orglint: standard output is closed, so nothing could be reported");
        return ExitCode::from(2);
    }
    let parsed = cli::Cli::command()
        .try_get_matches()
        .and_then(|matches| cli::Cli::from_arg_matches(&matches).map(|args| (args, matches)));
    let (args, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cli::run(args, &matches))) {
        Ok(code) => ExitCode::from(code),
        Err(_) => ExitCode::from(2),
    }
}

/// Whether to colour output, from `--color` and the environment.
pub fn use_color(choice: cli::ColorChoice) -> bool {
    match choice {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
            {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    }
}

/// Writes to stdout; a closed pipe (`orglint check | head`) is not an error.
pub fn emit(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> bool {
    let stdout = std::io::stdout();
    let mut lock = std::io::BufWriter::new(stdout.lock());
    match write(&mut lock).and_then(|()| lock.flush()) {
        Ok(()) => true,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(err) => {
            eprintln!("orglint: cannot write the output: {err}");
            false
        }
    }
}

/// Whether file descriptor 1 was closed when the process started
/// (`orglint check >&-`). Rust's runtime opens `/dev/null` on a closed
/// standard descriptor before `main`, so the check runs earlier, from the
/// executable's initialiser list.
#[cfg(any(target_os = "linux", target_os = "macos"))]
fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(any(target_os = "linux", target_os = "macos"))]
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(any(target_os = "linux", target_os = "macos"))]
#[used]
#[cfg_attr(target_os = "linux", unsafe(link_section = ".init_array"))]
#[cfg_attr(target_os = "macos", unsafe(link_section = "__DATA,__mod_init_func"))]
static RECORD_STDOUT: extern "C" fn() = record_stdout;

#[cfg(any(target_os = "linux", target_os = "macos"))]
extern "C" fn record_stdout() {
    // SAFETY: F_GETFD only reads the descriptor's flags; it fails (EBADF)
    // when the descriptor is not open.
    let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
    STDOUT_CLOSED.store(closed, std::sync::atomic::Ordering::Relaxed);
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn stdout_closed() -> bool {
    false
}

/// Linting many files in parallel frees and regrows memory all the time;
/// glibc's default of returning it to the kernel at once made two threads
/// page-fault so much that 2 cores gave only 1.5x (BENCHMARKS.md). Keeping
/// freed memory for reuse gives 1.9x and costs nothing at start-up.
/// Blocks of 8 MiB and more (a large org's text and tables) still get their
/// own mappings, which `realloc` grows without copying.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets allocator parameters; it is called first
    // thing in main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 8 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
