//! Embeds the built-in rule packs (`rules/<pack>/*.toml`) into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    // Read when the script runs, not when it was compiled: a build script
    // reused from another checkout must still embed this one's rules.
    let root = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("rules");
    let mut entries = Vec::new();
    if let Ok(packs) = std::fs::read_dir(&root) {
        for pack in packs.flatten().filter(|p| p.path().is_dir()) {
            println!("cargo:rerun-if-changed={}", pack.path().display());
            if let Ok(files) = std::fs::read_dir(pack.path()) {
                for file in files.flatten() {
                    let path = file.path();
                    if path.extension().is_some_and(|e| e == "toml") {
                        println!("cargo:rerun-if-changed={}", path.display());
                        entries.push((
                            pack.file_name().to_string_lossy().into_owned(),
                            file.file_name().to_string_lossy().into_owned(),
                            path.display().to_string(),
                        ));
                    }
                }
            }
        }
    }
    entries.sort();
    // The pack list is derived from the folders, so that a new pack cannot
    // be compiled in and then ignored. `structure` (the native rules every
    // other pack relies on) comes first, the rest by name.
    let mut packs: Vec<&str> = entries.iter().map(|(pack, _, _)| pack.as_str()).collect();
    packs.dedup();
    packs.sort_by_key(|p| (*p != "structure", *p));
    let mut out = format!(
        "/// Names of the packs built into orglint: the folders of `rules/`.\npub const BUILTIN_PACKS: &[&str] = &{packs:?};\n\n"
    );
    out.push_str(
        "/// The built-in rule files: (pack, file name, text).\npub const BUILTIN: &[(&str, &str, &str)] = &[\n",
    );
    for (pack, file, path) in entries {
        let _ = writeln!(out, "    ({pack:?}, {file:?}, include_str!({path:?})),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_packs.rs");
    if let Err(err) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {err}", dest.display());
    }
}
