//! Completion: person ids in `reports-to`, `lead` and `members`, functions
//! and roles from the vocabulary, rule ids in suppression comments.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Position, Range, TextEdit, Uri,
};

use super::position::{LineIndex, path_of};
use super::state::State;

/// What a value being typed is for.
#[derive(Debug, PartialEq, Eq)]
pub struct ValueContext {
    /// The key (its last dotted part).
    pub key: String,
    /// Whether the cursor is inside a string.
    pub in_string: bool,
    /// Where the word being typed starts.
    pub start: usize,
}

/// The key whose value is being typed at `offset`: on the same line
/// (`reports-to = "gr`, `{ lead = "`), or above it for a list spread over
/// lines (`members = [` ... ).
pub fn value_context(text: &str, offset: usize) -> Option<ValueContext> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let key_at =
        regex::Regex::new(r#"(?:^|[\s{,.])("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*([^=]*)$"#)
            .ok()?;
    let mut from = line_start;
    let mut found = None;
    for _ in 0..500 {
        let line = text.get(from..offset)?;
        if from != line_start
            && line.trim_start().starts_with('[')
            && !line.trim_start().starts_with("[\"")
        {
            return None;
        }
        if let Some(c) = key_at.captures(line.lines().next().unwrap_or_default()) {
            let key = c.get(1)?.as_str().trim_matches(['"', '\'']).to_owned();
            let value_start = from + c.get(2)?.start();
            found = Some((key, value_start));
            break;
        }
        if from == 0 {
            return None;
        }
        from = text.get(..from - 1)?.rfind('\n').map_or(0, |i| i + 1);
    }
    let (key, value_start) = found?;
    let value = text.get(value_start..offset)?;
    if from != line_start && (!value.contains('[') || value.contains(']')) {
        return None;
    }
    let quotes = value.matches('"').count();
    let in_string = quotes % 2 == 1;
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let start = if in_string {
        value_start + value.rfind('"').map_or(0, |i| i + 1)
    } else {
        offset - value.len() + value.rfind(|c: char| !word(c)).map_or(0, |i| i + 1)
    };
    Some(ValueContext {
        key,
        in_string,
        start,
    })
}

/// Completion of ids, functions, roles and rule ids.
pub fn completion(state: &State, uri: &Uri, position: Position) -> Vec<CompletionItem> {
    let Some(path) = path_of(uri) else {
        return Vec::new();
    };
    let Some(text) = state.text_of(&path) else {
        return Vec::new();
    };
    let index = LineIndex::new(&text, false);
    let offset = index.offset(&text, position);
    let org = state.org_of(&path);
    let linter = org.and_then(|o| o.linter.clone());
    let line_start = index.line_start(index.line_of(offset), &text);
    let line = text.get(line_start..offset).unwrap_or_default();
    let item =
        |label: &str, detail: Option<String>, kind, start: usize, quote: bool| CompletionItem {
            label: label.to_owned(),
            kind: Some(kind),
            detail,
            filter_text: Some(label.to_owned()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: Range::new(index.position(&text, start), position),
                new_text: if quote {
                    format!("\"{label}\"")
                } else {
                    label.to_owned()
                },
            })),
            ..Default::default()
        };
    if let Some(hash) = line.find('#') {
        let comment = line.get(hash..).unwrap_or_default();
        let Some(open) = comment.find("allow(") else {
            return Vec::new();
        };
        if !comment.contains("orglint:") || comment.get(open..).is_some_and(|r| r.contains(')')) {
            return Vec::new();
        }
        let start = line_start
            + line
                .rfind(|c: char| c == '(' || c == ',' || c.is_whitespace())
                .map_or(0, |i| i + 1);
        let Some(linter) = linter else {
            return Vec::new();
        };
        return linter
            .known
            .iter()
            .filter(|k| !k.def.locked)
            .map(|k| {
                item(
                    &k.def.id,
                    Some(k.def.summary.clone()),
                    CompletionItemKind::KEYWORD,
                    start,
                    false,
                )
            })
            .collect();
    }
    let Some(context) = value_context(&text, offset) else {
        return Vec::new();
    };
    let quote = !context.in_string;
    match context.key.as_str() {
        "reports-to" | "lead" | "members" => {
            let Some(nav) = org.and_then(|o| o.nav.clone()) else {
                return Vec::new();
            };
            nav.model
                .org
                .people
                .iter()
                .map(|p| {
                    let e = &p.entity;
                    let detail = match e.str_value("title") {
                        Some(title) => format!("{} — {title}", e.name()),
                        None => e.name().to_owned(),
                    };
                    item(
                        &e.id,
                        Some(detail),
                        CompletionItemKind::REFERENCE,
                        context.start,
                        quote,
                    )
                })
                .collect()
        }
        "function" | "roles" => {
            let vocabulary = linter.as_ref().map(|l| &l.vocabulary);
            let default = crate::Vocabulary::default();
            let vocabulary = vocabulary.unwrap_or(&default);
            let names: Vec<&str> = if context.key == "function" {
                vocabulary.functions().collect()
            } else {
                vocabulary.roles().collect()
            };
            names
                .into_iter()
                .map(|n| {
                    item(
                        n,
                        None,
                        CompletionItemKind::ENUM_MEMBER,
                        context.start,
                        quote,
                    )
                })
                .collect()
        }
        _ => Vec::new(),
    }
}
