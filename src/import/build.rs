//! From the records of an export to the people of an org: ids checked and
//! rewritten, managers resolved through the same rewriting, departments
//! and titles mapped, and a diagnostic for everything that could not be.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::Arc;

use super::builtin::builtin_role;
use super::departments::{Unmapped, function_of, unmapped_departments};
use super::mapping::Mapping;
use super::text::normalise_id;
use super::{Record, Scanned};
use crate::diagnostic::{Diagnostic, Label, Severity, code};
use crate::ids;
use crate::parse::is_valid_id;
use crate::source::{SourceFile, Span};
use crate::text::plural;

/// One person of the org to write.
#[derive(Debug)]
pub(crate) struct Person {
    pub id: String,
    /// `employees.csv:118`.
    pub from: String,
    /// Comment lines about what the import did to this person.
    pub notes: Vec<String>,
    pub name: Option<String>,
    pub title: Option<String>,
    /// The manager's id, and whether it is missing from the export.
    pub reports_to: Option<(String, bool)>,
    pub function: Option<String>,
    pub roles: Vec<String>,
    /// Custom fields: key and value.
    pub extra: Vec<(String, String)>,
    /// An open position listed as a row: written as `[vacancies.<id>]`.
    pub vacancy: bool,
}

/// Whether a name or title says the row is an open position.
pub(crate) fn marks_vacancy(text: &str) -> bool {
    static MARK: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    MARK.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\b(vacant|vacancy|open (position|role|req|requisition|headcount)|to be hired|tbh|tbd|job opening)\b",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(text))
}

/// The org built from an export.
#[derive(Debug, Default)]
pub(crate) struct Org {
    pub people: Vec<Person>,
    pub diagnostics: Vec<(usize, Diagnostic)>,
    /// Functions and roles the org uses that orglint does not know, and
    /// the custom fields: what the generated `orglint.toml` declares.
    pub functions: BTreeSet<String>,
    pub roles: BTreeSet<String>,
    pub fields: Vec<String>,
}

/// Where a record's cell is, for labels that may be in another file.
pub(crate) struct At<'a> {
    pub sources: &'a [Arc<SourceFile>],
}

impl At<'_> {
    pub(crate) fn label(&self, file: usize, span: Span, from: usize, message: String) -> Label {
        Label {
            span,
            message,
            file: (file != from)
                .then(|| self.sources.get(file).cloned())
                .flatten(),
        }
    }

    fn line(&self, record: &Record) -> String {
        let path = self
            .sources
            .get(record.file)
            .map_or("", |s| s.path.as_str());
        format!("{path}:{}", record.line)
    }
}

/// Maps the records of `scanned` with `mapping`.
#[allow(clippy::indexing_slicing)] // every index comes from enumerating `records`
pub(crate) fn build(scanned: &Scanned, mapping: &Mapping) -> Org {
    let at = At {
        sources: &scanned.sources,
    };
    let mut org = Org {
        fields: scanned.fields.clone(),
        ..Default::default()
    };
    let records = &scanned.records;
    // Ids: the first row with an id wins; rows without one are skipped.
    let mut by_raw: HashMap<&str, usize> = HashMap::new();
    let mut kept: Vec<usize> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if r.id.is_empty() {
            let d = Diagnostic::at(
                ids::MISSING_ROW_ID,
                Severity::Error,
                r.id_span.clone(),
                "no id",
                "row has no id; it is skipped".to_owned(),
            )
            .with_help(
                "give the person an id in the export (a vacancy without one is better left out)",
            );
            org.diagnostics.push((r.file, d));
            continue;
        }
        match by_raw.get(r.id.as_str()) {
            Some(&first) => {
                let f = &records[first];
                let mut d = Diagnostic::at(
                    ids::DUPLICATE_ROW_ID,
                    Severity::Error,
                    r.id_span.clone(),
                    format!("the later {}", scanned.unit),
                    format!(
                        "id {} is already the id of the {unit} at {}; this {unit} is skipped",
                        code(&r.id),
                        at.line(f),
                        unit = scanned.unit
                    ),
                )
                .with_help("give each person their own id in the export");
                d.push_label(at.label(
                    f.file,
                    f.id_span.clone(),
                    r.file,
                    format!("the first {} with this id", scanned.unit),
                ));
                org.diagnostics.push((r.file, d));
            }
            None => {
                by_raw.insert(&r.id, i);
                kept.push(i);
            }
        }
    }
    // Ids that match the pattern are kept exactly, dangling managers' too,
    // so that a rewritten id never takes one of them.
    let mut taken: HashSet<String> = kept
        .iter()
        .map(|&i| &records[i].id)
        .filter(|id| is_valid_id(id))
        .cloned()
        .collect();
    for r in records {
        if let Some((m, _)) = &r.manager
            && !by_raw.contains_key(m.as_str())
            && is_valid_id(m)
        {
            taken.insert(m.clone());
        }
    }
    // Per record, by index: ids, comment lines and managers.
    let mut new_ids: Vec<String> = vec![String::new(); records.len()];
    let mut notes: Vec<Vec<String>> = vec![Vec::new(); records.len()];
    for &i in &kept {
        let r = &records[i];
        if is_valid_id(&r.id) {
            new_ids[i] = r.id.clone();
            continue;
        }
        let base = Some(normalise_id(&r.id))
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "person".to_owned());
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        let clash = if id == base {
            String::new()
        } else {
            format!(" (`{base}` is taken)")
        };
        let d = Diagnostic::at(ids::RENAMED_ID, Severity::Info, r.id_span.clone(), format!("written as `{id}`"), format!("id {} is written as `{id}`{clash}", code(&r.id)))
            .with_help("references to it are rewritten the same way; lower-case ASCII ids in the export are kept as they are");
        org.diagnostics.push((r.file, d));
        notes[i].push(format!(
            "id {} in the export{clash}",
            code(&super::text::comment_text(&r.id))
        ));
        new_ids[i] = id;
    }
    // Managers.
    let mut missing: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut missing_index: HashMap<&str, usize> = HashMap::new();
    let mut reports_to: Vec<Option<(String, bool)>> = vec![None; records.len()];
    for &i in &kept {
        let r = &records[i];
        let Some((m, span)) = &r.manager else {
            continue;
        };
        if *m == r.id {
            let d = Diagnostic::at(ids::SELF_REPORT, Severity::Error, span.clone(), "the person's own id", format!("{} reports to itself; it is written without `reports-to`", code(&r.id)))
                .with_help("leave the manager of the top of the org empty in the export, and fix anyone else's manager");
            org.diagnostics.push((r.file, d));
            notes[i]
                .push("reports to itself in the export: written without `reports-to`".to_owned());
        } else if let Some(target) = by_raw.get(m.as_str()) {
            reports_to[i] = Some((new_ids[*target].clone(), false));
        } else {
            let k = *missing_index.entry(m.as_str()).or_insert_with(|| {
                missing.push((m.as_str(), Vec::new()));
                missing.len() - 1
            });
            if let Some((_, rows)) = missing.get_mut(k) {
                rows.push(i);
            }
            let _ = span;
        }
    }
    for (raw, rows) in &missing {
        let dangling = if is_valid_id(raw) {
            (*raw).to_owned()
        } else {
            let n = normalise_id(raw);
            if n.is_empty() || taken.contains(&n) {
                (*raw).to_owned()
            } else {
                n
            }
        };
        for i in rows {
            reports_to[*i] = Some((dangling.clone(), true));
        }
        let (Some(first), count) = (rows.first(), rows.len()) else {
            continue;
        };
        let span_of = |i: usize| {
            records[i]
                .manager
                .as_ref()
                .map(|(_, s)| s.clone())
                .unwrap_or_default()
        };
        let f = &records[*first];
        let mut d = Diagnostic::at(ids::MISSING_MANAGER, Severity::Warning, span_of(*first), "not in the export", format!("manager {} is not in the export; {} to it", code(raw), reports(count)))
            .with_help(format!("add {} to the export, or fix the manager of these rows; the org keeps `reports-to = \"{}\"`, which `orglint check` reports until then", code(raw), super::text::comment_text(&dangling)))
            .with_key(raw.to_string());
        for &i in rows.iter().skip(1) {
            if !d.has_room_for_labels() {
                d.omit_labels(1);
                continue;
            }
            d.push_label(at.label(
                records[i].file,
                span_of(i),
                f.file,
                "also reports to it".to_owned(),
            ));
        }
        org.diagnostics.push((f.file, d));
    }
    // Functions and roles.
    let mut unmapped: Unmapped<'_> = Vec::new();
    let mut unmapped_index: HashMap<&str, usize> = HashMap::new();
    for &i in &kept {
        let r = &records[i];
        let function = function_of(r, mapping);
        if function.is_none() {
            for (tag, span) in r.departments.iter().filter(|(t, _)| !mapping.ignored(t)) {
                let k = *unmapped_index.entry(tag.as_str()).or_insert_with(|| {
                    unmapped.push((tag.as_str(), Vec::new()));
                    unmapped.len() - 1
                });
                if let Some((_, carriers)) = unmapped.get_mut(k) {
                    carriers.push((i, span.clone()));
                }
                notes[i].push(format!(
                    "department {} maps to no function",
                    code(&super::text::comment_text(tag))
                ));
            }
        }
        let title = r.title.as_deref().unwrap_or_default();
        let role = mapping
            .roles
            .iter()
            .find(|rule| !title.is_empty() && rule.matcher.matches(title))
            .map(|rule| rule.target.clone())
            .or_else(|| builtin_role(title).map(str::to_owned));
        if let Some(f) = &function
            && !crate::vocabulary::FUNCTIONS.contains(&f.as_str())
        {
            org.functions.insert(f.clone());
        }
        if let Some(role) = &role
            && !crate::vocabulary::ROLES.contains(&role.as_str())
        {
            org.roles.insert(role.clone());
        }
        let name = r.name.as_deref().unwrap_or_default();
        let vacancy = marks_vacancy(name) || marks_vacancy(title);
        if vacancy {
            let d = Diagnostic::at(
                ids::VACANCY_ROW,
                Severity::Info,
                r.id_span.clone(),
                "an open position",
                format!(
                    "{} is an open position ({}), not a person; it is written as `[vacancies.{}]`",
                    code(&r.id),
                    code(if marks_vacancy(name) { name } else { title }),
                    new_ids[i]
                ),
            )
            .with_help("if a person holds this job, put their name in the export");
            org.diagnostics.push((r.file, d));
            notes[i].push("an open position in the export: written as a vacancy".to_owned());
        } else if !name.is_empty() && name.trim().eq_ignore_ascii_case(title.trim()) {
            let d = Diagnostic::at(
                ids::NAME_IS_TITLE,
                Severity::Warning,
                r.id_span.clone(),
                "named after the job",
                format!("the name of {} is its job title, {}", code(&r.id), code(title)),
            )
            .with_help("put the person's own name in the export, or remove the row if nobody holds the job");
            org.diagnostics.push((r.file, d));
            notes[i].push("the name is the job title in the export".to_owned());
        }
        org.people.push(Person {
            vacancy,
            id: std::mem::take(&mut new_ids[i]),
            from: at.line(r),
            notes: std::mem::take(&mut notes[i]),
            name: r.name.clone(),
            title: r.title.clone(),
            reports_to: reports_to[i].take(),
            function,
            roles: role.into_iter().collect(),
            extra: r
                .extra
                .iter()
                .filter_map(|(k, v)| scanned.fields.get(*k).map(|f| (f.clone(), v.clone())))
                .collect(),
        });
    }
    // Only the custom fields someone has are declared.
    org.fields.retain(|f| {
        org.people
            .iter()
            .any(|p| p.extra.iter().any(|(k, _)| k == f))
    });
    unmapped_departments(&at, records, &unmapped, &mut org.diagnostics);
    org
}

fn reports(n: usize) -> String {
    if n == 1 {
        "1 person reports".to_owned()
    } else {
        format!("{} report", plural(n, "person"))
    }
}
