//! `orglint init`: a commented starter `org.toml` and `orglint.toml`.

use std::path::{Path, PathBuf};

/// The starter org: small, clean under every built-in rule.
pub const ORG_TOML: &str = r#"# An org file: your organization as code. `orglint check` lints it.
# Format reference: https://github.com/orglint/orglint/blob/main/docs/org-format.md
#
# People are `[people.<id>]` tables; everyone but the person at the top has
# `reports-to`. Teams are `[teams.<id>]` tables under their `lead`, and may count
# people not listed individually in `headcount`. Open positions are
# `[vacancies.<id>]` tables under the person hiring for them.

[org]
name = "Acme"
structure = "cpto"   # "cpto": one executive for product, engineering, design and data

[people.ada]
name = "Ada Lovelace"
title = "Chief Executive Officer"
roles = ["ceo"]

[people.grace]
name = "Grace Hopper"
title = "Chief Product and Technology Officer"
reports-to = "ada"
roles = ["cpto"]
background = ["engineering", "product"]
on-call = true
accountable-for = ["R&D investment returns"]

[people.linus]
name = "Linus Torvalds"
title = "Engineering Manager"
reports-to = "grace"
function = "engineering"
# A person may also answer to others (dotted lines), and hold a role for the
# time being: `interim = ["cto"]` with `interim-since = 2026-01-15`.
dotted-to = ["pat"]

[people.pat]
name = "Pat Chen"
title = "Product Manager"
reports-to = "grace"
function = "product"

[people.dana]
name = "Dana Reyes"
title = "Product Designer"
reports-to = "grace"
function = "design"

# Someone who has left: kept with their first and last day (dates, unquoted), and
# no longer part of the org (`orglint check --as-of DATE` picks the day).
[people.sam]
name = "Sam Rivera"
title = "Support Engineer"
reports-to = "linus"
start = 2023-01-09
end = 2025-06-30

[teams.platform]
name = "Platform"
function = "engineering"
lead = "linus"
headcount = 6          # including people not listed under [people]
owns = ["platform"]

[vacancies.platform-engineer]
title = "Platform Engineer"
reports-to = "linus"   # counts among Linus's direct reports
team = "platform"      # its function comes from the team
opens = 2026-03-01
"#;

/// The starter config: every option commented out. A line `# key = value`
/// shows a default, so uncommenting it changes nothing (a test holds the file
/// to that); examples that would change results are indented (`#   key = ...`).
pub const ORGLINT_TOML: &str = r#"# orglint configuration. orglint uses the orglint.toml in the linted file's folder or
# the nearest parent.
#
# A line `# key = value` shows an option with its default: uncommenting it changes
# nothing. An indented line (`#   key = value`) is an example that changes results.
# Reference: https://github.com/orglint/orglint/blob/main/docs/cli.md

# Extra rule packs: files (`[pack]` + `[[rule]]`) or folders (`pack.toml` + one file per
# rule), relative to this file.
# packs = []

# A baseline of known diagnostics to hide (`orglint check --write-baseline FILE`).
# There is none by default; for example:
#   baseline = "orglint-baseline.json"

[vocabulary]
# Functions, roles and custom fields beyond the built-in ones; for example:
#   person-fields = ["email", "slack"]
#   team-fields = ["cost-center"]
# functions = []
# roles = []
# person-fields = []
# team-fields = []

[rules]
# A rule's level, "off" | "info" | "warning" | "error", or a table with `severity`
# and params. `orglint rules` lists every rule; `orglint explain RULE` explains one.
# Rule ids from your own packs contain a `/`, so quote them:
#   "acme/email-domain" = "error"
#
# A pack name sets the level of every rule in the pack at once, replacing each rule's
# own default (a pack has no default level of its own); for example:
#   hygiene = "warning"    # single-threaded-owner, an error by default, becomes a warning
#   cpto = "off"           # none of the CPTO rules runs
# A rule's own entry wins over its pack's.
#
# Every rule that can be configured, with its own default severity and the params you
# are most likely to tune (`orglint explain RULE` shows them all).
#
# Pack `structure` (the other structure rules cannot be configured):
# unknown-field = "warning"
# unknown-function = "error"
# unknown-role = "warning"
# vacancy-with-reports = "error"
# dotted-line = "warning"
# invalid-suppression = "warning"
# unused-suppression = "warning"
# empty-include = "warning"
# expired-suppression = "warning"
# reports-to-leaver = "error"
# leaver-in-team = "error"
# reports-to-future = "warning"
#
# Pack `cpto`:
# single-accountable-rd-exec = { severity = "error", level = 1 }
# cpto-declared = { severity = "error", min = 1, max = 1 }
# design-and-data-included = { severity = "error", target = { role = ["cpto", "cpo", "cto"] } }
# design-and-data-present = { severity = "warning", functions = ["design", "data"] }
# rd-exec-technical-depth = { severity = "error", all-of = ["engineering"] }
# rd-exec-product-sense = { severity = "warning", any-of = ["product", "design"] }
# rd-exec-on-call = { severity = "warning", value = true }
# rd-exec-accountability = { severity = "warning", fields = ["accountable-for"] }
# eng-product-ratio = { severity = "warning", min = 4, max = 12, planned = false }
# design-coverage = { severity = "warning", min = 0.05, planned = false }
# ceo-span-of-control = { severity = "warning", max = 8, count-vacancies = true }
# interim-rd-exec = { severity = "warning", max-days = 180 }
#
# Pack `hygiene`:
# span-of-control = { severity = "warning", min = 2, max = 12, count-vacancies = true }
# max-layers = { severity = "warning", max = 7 }
# single-threaded-owner = "error"
# team-size = { severity = "warning", max = 12 }
#
# Pack `change` (only `orglint diff` runs it, on the change from BASE to HEAD):
# mass-removal = { severity = "error", max-percent = 10, max-people = 50, max-function-percent = 25 }
# left-rd = "error"
# exec-changed = { severity = "warning", roles = ["ceo", "cpto", "cto", "cpo"] }
# span-growth = { severity = "warning", max-growth = 5 }
"#;

/// Writes the starter files into `dir`. Never overwrites: when either file
/// exists, nothing is written and the existing paths are returned as the
/// error.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Vec<PathBuf>> {
    let files = [
        (dir.join("org.toml"), ORG_TOML),
        (dir.join(crate::config::FILE_NAME), ORGLINT_TOML),
    ];
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.clone())
        .collect();
    if !existing.is_empty() {
        return Err(existing);
    }
    let mut written = Vec::new();
    for (path, text) in files {
        // create_new: a file that appeared meanwhile is still not overwritten.
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if result.is_err() {
            return Err(vec![path]);
        }
        written.push(path);
    }
    Ok(written)
}
