//! Departments to functions: the mapping's rules in order, then the known
//! function a department is spelled like; and one `unmapped-department`
//! per tag that left people without a function.

use super::Record;
use super::build::At;
use super::builtin::builtin_function;
use super::mapping::Mapping;
use crate::diagnostic::{Diagnostic, Severity, code};
use crate::ids;
use crate::source::Span;
use crate::text::plural;

/// The tags that map to no function, in the order first met, each with the
/// records that carry it (only people left without a function).
pub(crate) type Unmapped<'a> = Vec<(&'a str, Vec<(usize, Span)>)>;

/// One `unmapped-department` per tag of `unmapped`.
#[allow(clippy::indexing_slicing)] // the indices come from enumerating `records`
pub(crate) fn unmapped_departments(
    at: &At<'_>,
    records: &[Record],
    unmapped: &Unmapped<'_>,
    diagnostics: &mut Vec<(usize, Diagnostic)>,
) {
    for (tag, carriers) in unmapped {
        let Some((first, span)) = carriers.first() else {
            continue;
        };
        let file = records[*first].file;
        let help = match crate::suggest::hint(
            &tag.to_lowercase(),
            crate::vocabulary::FUNCTIONS.iter().copied(),
        ) {
            Some(f) => format!(
                "{} map it with `[[functions]]` in the mapping file (`department = \"{}\"`, `function = \"{f}\"`), or list it under `[ignore] departments`",
                crate::suggest::did_you_mean(f),
                super::text::comment_text(tag)
            ),
            None => format!(
                "map it with `[[functions]]` in the mapping file (`department = \"{}\"`, `function = \"...\"`), or list it under `[ignore] departments`",
                super::text::comment_text(tag)
            ),
        };
        let mut d = Diagnostic::at(
            ids::UNMAPPED_DEPARTMENT,
            Severity::Warning,
            span.clone(),
            "no function",
            format!(
                "department {} maps to no function; {} it",
                code(tag),
                carry(carriers.len())
            ),
        )
        .with_help(help)
        .with_key(tag.to_string());
        for (i, span) in carriers.iter().skip(1) {
            if !d.has_room_for_labels() {
                d.omit_labels(1);
                continue;
            }
            d.push_label(at.label(
                records[*i].file,
                span.clone(),
                file,
                "also carries it".to_owned(),
            ));
        }
        diagnostics.push((file, d));
    }
}

fn carry(n: usize) -> String {
    if n == 1 {
        "1 person without a function carries".to_owned()
    } else {
        format!("{} without a function carry", plural(n, "person"))
    }
}

/// The function of a record: the first mapping rule that matches one of
/// its departments (or its title), else the first department spelled like
/// a known function.
pub(crate) fn function_of(r: &Record, mapping: &Mapping) -> Option<String> {
    let tags = || {
        r.departments
            .iter()
            .map(|(t, _)| t.as_str())
            .filter(|t| !mapping.ignored(t))
    };
    let title = r.title.as_deref();
    mapping
        .functions
        .iter()
        .find(|rule| {
            if rule.on_title {
                title.is_some_and(|t| rule.matcher.matches(t))
            } else {
                tags().any(|t| rule.matcher.matches(t))
            }
        })
        .map(|rule| rule.target.clone())
        .or_else(|| tags().find_map(builtin_function).map(str::to_owned))
}
