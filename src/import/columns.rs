//! Which column of a CSV export holds what: the common names of each field
//! (case and punctuation ignored), overridden by the mapping's `[columns]`
//! and `--column`, and the columns of the mapping's custom fields.

use super::Scanned;
use super::mapping::{Columns, Mapping};
use super::text::header_key;
use crate::diagnostic::{Diagnostic, Severity, code};
use crate::ids::BAD_ROW;
use crate::source::Span;

/// The column names each field is recognised by, compared by
/// [`header_key`] (case and punctuation ignored), in order of preference.
const KNOWN: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "employeeid",
            "employeenumber",
            "employeeno",
            "employeenum",
            "id",
            "empid",
            "workerid",
            "personid",
            "staffid",
        ],
    ),
    (
        "manager",
        &[
            "managerid",
            "supervisorid",
            "reportsto",
            "reportstoid",
            "manageremployeeid",
            "manageremployeenumber",
            "supervisoremployeeid",
            "managernumber",
            "linemanagerid",
        ],
    ),
    ("name", &["name", "fullname", "employeename", "displayname"]),
    ("first-name", &["firstname", "givenname", "legalfirstname"]),
    (
        "last-name",
        &["lastname", "surname", "familyname", "legallastname"],
    ),
    (
        "preferred-name",
        &["preferredname", "preferredfirstname", "knownas"],
    ),
    (
        "title",
        &[
            "jobtitle",
            "title",
            "position",
            "positiontitle",
            "businesstitle",
        ],
    ),
    ("department", &["department", "dept", "departmentname"]),
    (
        "email",
        &["email", "emailaddress", "workemail", "businessemail"],
    ),
];

/// Where each field's column is, by index.
pub(crate) struct Layout {
    /// Each recognised field and its column.
    pub index: Vec<(&'static str, usize)>,
    /// The columns of the custom fields, in the order of `Scanned::fields`.
    pub extra: Vec<usize>,
}

impl Layout {
    pub(crate) fn of(&self, field: &str) -> Option<usize> {
        self.index
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| *i)
    }
}

pub(crate) fn fatal(scanned: &mut Scanned, span: Span, label: &str, message: String, help: String) {
    scanned.push(
        0,
        Diagnostic::at(BAD_ROW, Severity::Error, span, label, message).with_help(help),
    );
    scanned.fatal = true;
}

pub(crate) fn layout(
    header: &csv::StringRecord,
    header_span: Span,
    columns: &Columns,
    mapping: &Mapping,
    scanned: &mut Scanned,
) -> Option<Layout> {
    let keys: Vec<String> = header.iter().map(header_key).collect();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .or_else(|| keys.iter().position(|k| *k == header_key(name)))
    };
    let mut layout = Layout {
        index: Vec::new(),
        extra: Vec::new(),
    };
    for (field, names) in KNOWN {
        let found = match columns.get(field) {
            Some(name) => match find(name) {
                Some(i) => Some(i),
                None => {
                    fatal(
                        scanned,
                        header_span,
                        "the header",
                        format!(
                            "the header has no column {} (named for `{field}`)",
                            code(name)
                        ),
                        format!(
                            "the columns are: {}",
                            header.iter().map(code).collect::<Vec<_>>().join(", ")
                        ),
                    );
                    return None;
                }
            },
            None => names.iter().find_map(|n| keys.iter().position(|k| k == n)),
        };
        if let Some(i) = found {
            layout.index.push((field, i));
        }
    }
    let first: Vec<String> = header.iter().take(4).map(code).collect();
    let missing = |what: &str, field: &str| {
        (
            format!(
                "no column of the header holds {what}; the first row is {}",
                first.join(", ")
            ),
            format!(
                "the first row must name the columns (`Employee ID`, `Name`, `Manager ID`, ...); or name the column with `--column {field}=HEADER`"
            ),
        )
    };
    let needs: [(&str, &str, bool); 3] = [
        ("employee ids", "id", layout.of("id").is_some()),
        (
            "names",
            "name",
            ["name", "first-name", "last-name", "preferred-name"]
                .iter()
                .any(|f| layout.of(f).is_some()),
        ),
        ("manager ids", "manager", layout.of("manager").is_some()),
    ];
    for (what, field, found) in needs {
        if !found {
            let (message, help) = missing(what, field);
            fatal(scanned, header_span, "the header", message, help);
            return None;
        }
    }
    for (key, column) in &mapping.fields {
        match find(column) {
            Some(i) => {
                layout.extra.push(i);
                scanned.fields.push(key.clone());
            }
            None => {
                fatal(
                    scanned,
                    header_span,
                    "the header",
                    format!(
                        "the header has no column {} (named for the custom field `{key}` of the mapping file)",
                        code(column)
                    ),
                    "fix the column's name in `[fields]` of the mapping file".to_owned(),
                );
                return None;
            }
        }
    }
    if let Some(i) = layout.of("email")
        && !scanned.fields.iter().any(|f| f == "email")
    {
        layout.extra.push(i);
        scanned.fields.push("email".to_owned());
    }
    Some(layout)
}
