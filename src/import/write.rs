//! Writes the imported org: one org file (or standard output), or a root
//! `org.toml` with one fragment per person; and an `orglint.toml` that
//! declares what the org uses beyond the built-in vocabulary. Never over an
//! existing file without `--force`; every file written atomically.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::Output;
use super::build::{Org, Person};
use super::text::{comment_text, toml_key, toml_string};
use crate::files::display_path;

/// The first line of every file the importer writes: `--force` removes a
/// stale fragment only when it starts with it.
const MARKER: &str = "# Written by `orglint import`";

/// What was written.
pub(crate) struct Done {
    pub stdout: Option<String>,
    pub written: Vec<PathBuf>,
}

/// Why nothing was written: the path, the message and a help.
pub(crate) type Failure = (String, String, Option<String>);

fn person(out: &mut String, p: &Person) {
    let _ = writeln!(out, "# from {}", comment_text(&p.from));
    for note in &p.notes {
        let _ = writeln!(out, "# {note}");
    }
    if p.vacancy {
        vacancy(out, p);
        return;
    }
    let _ = writeln!(out, "[people.{}]", toml_key(&p.id));
    if let Some(name) = &p.name {
        let _ = writeln!(out, "name = {}", toml_string(name));
    }
    if let Some(title) = &p.title {
        let _ = writeln!(out, "title = {}", toml_string(title));
    }
    if let Some((manager, missing)) = &p.reports_to {
        let note = if *missing {
            "  # not in the export"
        } else {
            ""
        };
        let _ = writeln!(out, "reports-to = {}{note}", toml_string(manager));
    }
    if let Some(function) = &p.function {
        let _ = writeln!(out, "function = {}", toml_string(function));
    }
    if !p.roles.is_empty() {
        let roles: Vec<String> = p.roles.iter().map(|r| toml_string(r)).collect();
        let _ = writeln!(out, "roles = [{}]", roles.join(", "));
    }
    for (key, value) in &p.extra {
        let _ = writeln!(out, "{} = {}", toml_key(key), toml_string(value));
    }
}

/// An open position: its title (the row's, else its name), the manager
/// hiring for it and its function; a vacancy has no name, roles or custom
/// fields.
fn vacancy(out: &mut String, p: &Person) {
    let _ = writeln!(out, "[vacancies.{}]", toml_key(&p.id));
    let title = match (p.title.as_deref(), p.name.as_deref()) {
        // `Open Req` says only that it is open: the name says what for.
        (Some(t), Some(n)) if super::build::marks_vacancy(t) && !n.trim().is_empty() => n,
        (Some(t), _) if !t.trim().is_empty() => t,
        (_, Some(n)) if !n.trim().is_empty() => n,
        _ => "Open position",
    };
    let _ = writeln!(out, "title = {}", toml_string(title));
    if let Some((manager, missing)) = &p.reports_to {
        let note = if *missing {
            "  # not in the export"
        } else {
            ""
        };
        let _ = writeln!(out, "reports-to = {}{note}", toml_string(manager));
    }
    if let Some(function) = &p.function {
        let _ = writeln!(out, "function = {}", toml_string(function));
    }
}

fn list(values: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let items: Vec<String> = values
        .into_iter()
        .map(|v| toml_string(v.as_ref()))
        .collect();
    format!("[{}]", items.join(", "))
}

/// The `[vocabulary]` lines the org needs, if any.
fn vocabulary(org: &Org) -> Vec<String> {
    let mut lines = Vec::new();
    if !org.functions.is_empty() {
        lines.push(format!("functions = {}", list(&org.functions)));
    }
    if !org.roles.is_empty() {
        lines.push(format!("roles = {}", list(&org.roles)));
    }
    if !org.fields.is_empty() {
        lines.push(format!("person-fields = {}", list(&org.fields)));
    }
    lines
}

fn config_text(lines: &[String]) -> String {
    format!(
        "{MARKER}: what the imported org uses beyond orglint's\n# built-in vocabulary.\n[vocabulary]\n{}\n",
        lines.join("\n")
    )
}

/// The org's name and structure.
pub(crate) struct Head {
    pub name: String,
    pub structure: Option<String>,
}

fn org_table(out: &mut String, head: &Head, include: bool) {
    let _ = writeln!(out, "[org]\nname = {}", toml_string(&head.name));
    if let Some(structure) = &head.structure {
        let _ = writeln!(out, "structure = {}", toml_string(structure));
    }
    if include {
        let _ = writeln!(out, "include = [\"people/*.toml\"]");
    }
}

/// The whole org as one file.
fn single(org: &Org, name: &Head, declare_inline: bool) -> String {
    let mut out = String::with_capacity(org.people.len() * 160);
    let _ = writeln!(
        out,
        "{MARKER}: {}.",
        crate::text::plural(org.people.len(), "person")
    );
    let _ = writeln!(
        out,
        "# Each person says where it comes from; `orglint check` lints this file."
    );
    let vocabulary = vocabulary(org);
    if declare_inline && !vocabulary.is_empty() {
        let _ = writeln!(
            out,
            "# Declare in orglint.toml (`-o FILE` writes it next to the file):"
        );
        let _ = writeln!(out, "# [vocabulary]");
        for line in &vocabulary {
            let _ = writeln!(out, "# {line}");
        }
    }
    out.push('\n');
    org_table(&mut out, name, false);
    for p in &org.people {
        out.push('\n');
        person(&mut out, p);
    }
    out
}

fn exists_error(existing: &[PathBuf]) -> Failure {
    let shown: Vec<String> = existing
        .iter()
        .take(3)
        .map(|p| format!("`{}`", display_path(p)))
        .collect();
    let more = existing.len().saturating_sub(3);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let verb = if existing.len() == 1 {
        "exists"
    } else {
        "exist"
    };
    (
        display_path(existing.first().map_or(Path::new(""), PathBuf::as_path)),
        format!("{}{more} already {verb}; nothing was written", shown.join(", ")),
        Some("`orglint import` never overwrites a file: add `--force` to replace it, or choose another output".to_owned()),
    )
}

fn io_failure(path: &Path, err: &std::io::Error) -> Failure {
    (
        display_path(path),
        format!(
            "cannot write `{}`: {}",
            display_path(path),
            crate::files::io_reason(err)
        ),
        Some("check the folder exists and may be written".to_owned()),
    )
}

/// Writes `org` named `name` to `output`.
pub(crate) fn write(org: &Org, name: &Head, output: &Output, force: bool) -> Result<Done, Failure> {
    let vocabulary = vocabulary(org);
    match output {
        Output::Stdout => Ok(Done {
            stdout: Some(single(org, name, true)),
            written: Vec::new(),
        }),
        Output::File(path) => {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut files = vec![(path.clone(), single(org, name, false))];
            if !vocabulary.is_empty() {
                files.push((dir.join(crate::config::FILE_NAME), config_text(&vocabulary)));
            }
            let existing: Vec<PathBuf> = files
                .iter()
                .map(|(p, _)| p.clone())
                .filter(|p| p.exists())
                .collect();
            if !force && !existing.is_empty() {
                return Err(exists_error(&existing));
            }
            std::fs::create_dir_all(dir).map_err(|e| io_failure(dir, &e))?;
            for (p, text) in &files {
                crate::files::write_atomic(p, text.as_bytes()).map_err(|e| io_failure(p, &e))?;
            }
            Ok(Done {
                stdout: None,
                written: files.into_iter().map(|(p, _)| p).collect(),
            })
        }
        Output::Split(dir) => split(org, name, dir, &vocabulary, force),
    }
}

fn split(
    org: &Org,
    name: &Head,
    dir: &Path,
    vocabulary: &[String],
    force: bool,
) -> Result<Done, Failure> {
    let mut files: Vec<(PathBuf, String)> = Vec::with_capacity(org.people.len() + 2);
    let mut root = format!(
        "{MARKER}: {}, one file each under people/.\n\n",
        crate::text::plural(org.people.len(), "person")
    );
    org_table(&mut root, name, true);
    // A fragment holds people and teams only: open positions stay here.
    for p in org.people.iter().filter(|p| p.vacancy) {
        root.push('\n');
        person(&mut root, p);
    }
    files.push((PathBuf::from("org.toml"), root));
    for p in org.people.iter().filter(|p| !p.vacancy) {
        let mut text = format!("{MARKER}.\n");
        person(&mut text, p);
        files.push((Path::new("people").join(format!("{}.toml", p.id)), text));
    }
    if !vocabulary.is_empty() {
        files.push((
            PathBuf::from(crate::config::FILE_NAME),
            config_text(vocabulary),
        ));
    }
    if !dir.exists() {
        // A new folder is written whole under a temporary name, then
        // renamed: it appears complete or not at all.
        let parent = dir
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| io_failure(parent, &e))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(dir.file_name().unwrap_or_default());
        temp_name.push(format!(".orglint-{}.tmp", std::process::id()));
        let temp = parent.join(temp_name);
        let result = (|| {
            std::fs::create_dir_all(temp.join("people"))?;
            for (rel, text) in &files {
                std::fs::write(temp.join(rel), text)?;
            }
            std::fs::rename(&temp, dir)
        })();
        if let Err(err) = result {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(io_failure(dir, &err));
        }
    } else {
        let existing: Vec<PathBuf> = files
            .iter()
            .map(|(rel, _)| dir.join(rel))
            .filter(|p| p.exists())
            .collect();
        if !force && !existing.is_empty() {
            return Err(exists_error(&existing));
        }
        let people = dir.join("people");
        std::fs::create_dir_all(&people).map_err(|e| io_failure(&people, &e))?;
        for (rel, text) in &files {
            let p = dir.join(rel);
            crate::files::write_atomic(&p, text.as_bytes()).map_err(|e| io_failure(&p, &e))?;
        }
        remove_stale(&people, &files);
    }
    Ok(Done {
        stdout: None,
        written: files.into_iter().map(|(rel, _)| dir.join(rel)).collect(),
    })
}

/// Removes the fragments of an earlier import that this one did not write
/// (only files that start with [`MARKER`]: a hand-written fragment stays),
/// so that the root's `include` does not bring back people who left.
fn remove_stale(people: &Path, files: &[(PathBuf, String)]) {
    let written: std::collections::HashSet<&Path> =
        files.iter().map(|(rel, _)| rel.as_path()).collect();
    for entry in std::fs::read_dir(people).into_iter().flatten().flatten() {
        let path = entry.path();
        let rel = Path::new("people").join(entry.file_name());
        if path.extension().is_some_and(|e| e == "toml")
            && !written.contains(rel.as_path())
            && std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(MARKER))
        {
            let _ = std::fs::remove_file(&path);
        }
    }
}
