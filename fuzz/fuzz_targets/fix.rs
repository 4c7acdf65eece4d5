//! Bytes -> the fix pipeline. In memory: the fixed text parses, a second
//! fix changes nothing, and no fix removes a person or team, with keys
//! written in several places (`[peeple.ada]`, `[peeple.bob]`) mixed in. On
//! disk, for some inputs: `--fix` writes exactly the file that was read,
//! however its path is spelled (`.//`, `/./`, a name that is not UTF-8),
//! and nothing else.
//!
//! The first byte chooses: bits 0-1 the shared keys appended, bits 2-3 the
//! path spelling, bit 4 a name that is not UTF-8, bits 5-7 whether this
//! input goes to disk (one in eight: files are slow).
#![no_main]

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use orglint::run::{CheckOptions, ConfigChoice};
use orglint::{Linter, SourceFile};

/// Keys written in several places, after the input: a fix that renamed one
/// place would move people out of the org.
const SHARED: [&str; 4] = [
    "",
    "\n[peeple.ada]\nname = \"Ada\"\n[peeple.bob]\nname = \"Bob\"\n",
    "\npeeple.ada.name = \"Ada\"\npeeple.bob.name = \"Bob\"\n[[teams]]\nname = \"x\"\n[[teams]]\nname = \"y\"\n",
    "\n[people.ada]\nname = \"Ada\"\nrols.a = \"x\"\nrols.b = \"y\"\nreprts-to = \"bob\"\nreports-t = \"bob\"\n",
];

/// The people and teams of a text (0 when it does not parse).
fn entities(linter: &Linter, source: &SourceFile) -> usize {
    linter
        .lint_keeping(source, |m| m.org.people.len() + m.org.teams.len())
        .1
        .unwrap_or(0)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = rest.to_vec();
    bytes.extend_from_slice(SHARED[usize::from(mode & 3)].as_bytes());
    let linter = Linter::default();
    let Ok(source) = SourceFile::decode("org.toml", bytes.clone()) else {
        return;
    };
    let Ok(fixed) = orglint::fix::fix_text(&linter, &source, true) else {
        return;
    };
    // What a second run reads: the bytes the first one writes.
    let written = orglint::fix::with_bom(&source, &fixed.text);
    let again = SourceFile::decode("org.toml", written.clone()).unwrap_or_else(|(s, _)| s);
    if fixed.changed {
        assert!(
            !linter.lint(&again).iter().any(|d| d.rule == "toml-syntax"),
            "the fixed text does not parse"
        );
        assert!(
            entities(&linter, &again) >= entities(&linter, &source),
            "a fix removed a person or team"
        );
    }
    let second = orglint::fix::fix_text(&linter, &again, true);
    assert!(second.is_ok_and(|s| !s.changed), "a second fix changed the text");
    if mode >> 5 == 0 {
        let expected = if fixed.changed { written } else { bytes.clone() };
        on_disk(&bytes, &expected, mode);
    }
});

/// Writes `bytes` to a file, fixes it through a path spelled as `mode`
/// says, and checks that the file now holds `expected` and that nothing
/// else was created.
fn on_disk(bytes: &[u8], expected: &[u8], mode: u8) {
    let dir = std::env::temp_dir().join(format!("orglint-fuzz-fix-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let name = file_name(mode & 16 != 0);
    let file = dir.join(&name);
    std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
    let options = CheckOptions {
        paths: vec![spelled(&dir, &name, (mode >> 2) & 3)],
        config: ConfigChoice::Off,
        fix: true,
        unsafe_fixes: true,
        ..CheckOptions::default()
    };
    let _ = orglint::run::check(&options);
    assert_eq!(
        std::fs::read(&file).unwrap_or_default(),
        expected,
        "the file read is not the file fixed"
    );
    let names: Vec<OsString> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, vec![name], "--fix created another file");
    let _ = std::fs::remove_dir_all(&dir);
}

fn file_name(not_utf8: bool) -> OsString {
    #[cfg(unix)]
    if not_utf8 {
        use std::os::unix::ffi::OsStrExt;
        return std::ffi::OsStr::from_bytes(b"a\xff.org.toml").to_owned();
    }
    let _ = not_utf8;
    OsString::from("org.toml")
}

/// The path of `dir/name`, spelled in one of four ways: plainly, with
/// `//./` inside, from the current folder as `.//../../…`, or as `.//`
/// and a folder of one file.
fn spelled(dir: &Path, name: &OsString, how: u8) -> PathBuf {
    let mut text = OsString::new();
    match how {
        0 => return dir.join(name),
        1 => {
            text.push(dir.as_os_str());
            text.push("//./");
        }
        _ => {
            // `.//` then up to the root: the spelling that once sent the
            // fix to `/org.toml`.
            text.push(".//");
            let depth = std::env::current_dir()
                .map(|d| {
                    d.components()
                        .filter(|c| matches!(c, Component::Normal(_)))
                        .count()
                })
                .unwrap_or(0);
            for _ in 0..depth {
                text.push("../");
            }
            text.push(dir.strip_prefix("/").unwrap_or(dir).as_os_str());
            text.push("/");
            if how == 3 {
                // The folder: its one org file is found and fixed.
                return PathBuf::from(text);
            }
        }
    }
    text.push(name);
    PathBuf::from(text)
}
