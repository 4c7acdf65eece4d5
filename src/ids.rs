//! The ids of orglint's native rules (the `structure` pack, written in Rust)
//! and of run failures: their one home. Every other module names them
//! through these constants, and `tests/meta.rs` holds this list equal to
//! `rules/structure/*.toml` (including which rules are `locked`).

/// The file is not valid TOML (or not UTF-8).
pub const TOML_SYNTAX: &str = "toml-syntax";
/// A known key has a value of the wrong type or form.
pub const INVALID_FIELD: &str = "invalid-field";
/// A key the format does not know.
pub const UNKNOWN_FIELD: &str = "unknown-field";
/// A reference to an id that is not in the org.
pub const UNKNOWN_REFERENCE: &str = "unknown-reference";
/// An id defined twice: in two files of an org of many files, or a vacancy
/// with the id of a person or a team.
pub const DUPLICATE_ID: &str = "duplicate-id";
/// Someone reports to an open position.
pub const VACANCY_WITH_REPORTS: &str = "vacancy-with-reports";
/// A dotted line that adds nothing: to oneself, to one's own manager or to
/// an open position.
pub const DOTTED_LINE: &str = "dotted-line";
/// A loop in the reporting lines.
pub const REPORTING_CYCLE: &str = "reporting-cycle";
/// Not exactly one person at the top.
pub const ROOT_COUNT: &str = "root-count";
/// A function that is neither built in nor declared.
pub const UNKNOWN_FUNCTION: &str = "unknown-function";
/// A role that is neither built in nor declared.
pub const UNKNOWN_ROLE: &str = "unknown-role";
/// A suppression comment that suppressed nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";
/// A suppression comment that cannot be used.
pub const INVALID_SUPPRESSION: &str = "invalid-suppression";
/// An `include` pattern that matches no file.
pub const EMPTY_INCLUDE: &str = "empty-include";
/// A suppression comment or baseline entry whose `until` date has come.
pub const EXPIRED_SUPPRESSION: &str = "expired-suppression";
/// Someone reports to a person who has left (`end` before the as-of date).
pub const REPORTS_TO_LEAVER: &str = "reports-to-leaver";
/// A team's lead or member has left.
pub const LEAVER_IN_TEAM: &str = "leaver-in-team";
/// Someone reports to, or a team is led by, a person who has not started.
pub const REPORTS_TO_FUTURE: &str = "reports-to-future";

/// Every native rule, in the order of the catalog's `structure` pack.
pub const NATIVE: &[&str] = &[
    TOML_SYNTAX,
    INVALID_FIELD,
    UNKNOWN_FIELD,
    UNKNOWN_REFERENCE,
    DUPLICATE_ID,
    REPORTING_CYCLE,
    ROOT_COUNT,
    VACANCY_WITH_REPORTS,
    DOTTED_LINE,
    UNKNOWN_FUNCTION,
    UNKNOWN_ROLE,
    UNUSED_SUPPRESSION,
    INVALID_SUPPRESSION,
    EMPTY_INCLUDE,
    EXPIRED_SUPPRESSION,
    REPORTS_TO_LEAVER,
    LEAVER_IN_TEAM,
    REPORTS_TO_FUTURE,
];

/// Native rules that cannot be turned off, suppressed or change severity:
/// without them the other rules would not mean anything. Each one's rule
/// file says `locked = true`.
pub const LOCKED: &[&str] = &[
    TOML_SYNTAX,
    INVALID_FIELD,
    UNKNOWN_REFERENCE,
    DUPLICATE_ID,
    REPORTING_CYCLE,
    ROOT_COUNT,
];

/// A path could not be read or written.
pub const IO_ERROR: &str = "io-error";
/// An `orglint.toml` is invalid.
pub const CONFIG_ERROR: &str = "config-error";
/// A rule pack is invalid.
pub const PACK_ERROR: &str = "pack-error";
/// `--fix` could not finish.
pub const FIX_ERROR: &str = "fix-error";

/// The ids of diagnostics that say the run itself failed (exit code 2):
/// they are not about the org, so they are never baselined or suppressed,
/// and SARIF reports them as tool notifications.
pub const RUN_FAILURES: &[&str] = &[IO_ERROR, CONFIG_ERROR, PACK_ERROR, FIX_ERROR];

/// Whether a diagnostic of this rule means the run failed.
pub fn is_run_failure(rule: &str) -> bool {
    RUN_FAILURES.contains(&rule)
}

/// Whether this native rule cannot be turned off.
pub fn is_locked(rule: &str) -> bool {
    LOCKED.contains(&rule)
}

/// The cause a native rule's diagnostics share, by which `human` and
/// `short` show them as one entry (`orglint explain` says it).
pub fn grouping(rule: &str) -> Option<&'static str> {
    match rule {
        UNKNOWN_REFERENCE => {
            Some("the missing id: every reference to one id that is not in the org is one entry")
        }
        UNKNOWN_FIELD => Some("the key: every table with one unknown key is one entry"),
        REPORTS_TO_LEAVER => {
            Some("the leaver: everyone who reports to one person who has left is one entry")
        }
        _ => None,
    }
}

/// `orglint import`: a manager id that no row or file of the export has.
pub const MISSING_MANAGER: &str = "missing-manager";
/// `orglint import`: a department tag that maps to no function.
pub const UNMAPPED_DEPARTMENT: &str = "unmapped-department";
/// `orglint import`: an id rewritten to match the id pattern.
pub const RENAMED_ID: &str = "renamed-id";
/// `orglint import`: a person whose manager is that person.
pub const SELF_REPORT: &str = "self-report";
/// `orglint import`: a second row or file with an id already read.
pub const DUPLICATE_ROW_ID: &str = "duplicate-row-id";
/// `orglint import`: a row or file without an id.
pub const MISSING_ROW_ID: &str = "missing-row-id";
/// `orglint import`: a ragged or undecodable row, or a file that cannot be read.
pub const BAD_ROW: &str = "bad-row";
/// A row that is an open position, not a person: written as a vacancy.
pub const VACANCY_ROW: &str = "vacancy-row";
/// A person whose name is their job title.
pub const NAME_IS_TITLE: &str = "name-is-title";

/// The ids of the diagnostics of `orglint import`: about the export, not
/// about an org file, so no configuration turns them off.
pub const IMPORT: &[&str] = &[
    MISSING_MANAGER,
    UNMAPPED_DEPARTMENT,
    RENAMED_ID,
    SELF_REPORT,
    DUPLICATE_ROW_ID,
    MISSING_ROW_ID,
    BAD_ROW,
    VACANCY_ROW,
    NAME_IS_TITLE,
];
