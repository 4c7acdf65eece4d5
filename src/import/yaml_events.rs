//! The keys of one person's YAML file, read from the parser's events: the
//! top level must be one mapping; nested values are skipped, never built;
//! an alias is refused, so nothing is ever expanded.

use saphyr_parser::{Event, Parser, Span as YamlSpan};

use crate::source::{Position, SourceFile, Span};

/// A value of a top-level key: a scalar, or a list of scalars.
pub(crate) enum Value {
    Scalar(String, Span),
    List(Vec<(String, Span)>),
    Other,
}

pub(crate) type Entries = Vec<(String, Span, Value)>;
pub(crate) type Refusal = (Span, &'static str, String, &'static str);

fn span(source: &SourceFile, s: &YamlSpan) -> Span {
    let at = |m: &saphyr_parser::Marker| {
        source.offset_of(Position {
            line: m.line(),
            column: m.col() + 1,
        })
    };
    let start = at(&s.start);
    start..at(&s.end).max(start)
}

/// The top-level keys of a file that holds one mapping, with their values.
pub(crate) fn keys(source: &SourceFile) -> Result<(Entries, Span), Refusal> {
    let mut parser = Parser::new_from_str(source.text());
    let not_mapping = |s: Span| {
        (
            s,
            "not a mapping",
            "the file is not a mapping of keys to values (one person); it is skipped".to_owned(),
            "a person's file holds `name:`, `reports_to:`, `role:` and so on",
        )
    };
    let mut next = || -> Result<(Event<'_>, Span), Refusal> {
        match parser.next_event() {
            Some(Ok((Event::Alias(_), s))) => {
                let s = span(source, &s);
                Err((s, "an alias", "the file uses an alias (`*name`); aliases are refused, so that no file expands to billions of values; it is skipped".to_owned(), "write the value out where the alias is"))
            }
            Some(Ok((event, s))) => Ok((event, span(source, &s))),
            Some(Err(err)) => {
                let m = err.marker();
                let at = source.offset_of(Position {
                    line: m.line(),
                    column: m.col() + 1,
                });
                Err((
                    at..at,
                    "here",
                    format!("the file is not valid YAML: {}; it is skipped", err.info()),
                    "fix the YAML syntax",
                ))
            }
            None => Err((
                0..0,
                "here",
                "the file ends early; it is skipped".to_owned(),
                "fix the YAML syntax",
            )),
        }
    };
    let mut start = 0..0;
    loop {
        match next()? {
            (Event::StreamStart | Event::DocumentStart(_) | Event::Nothing, _) => {}
            (Event::MappingStart(..), s) => {
                start = s;
                break;
            }
            (Event::StreamEnd, s) => return Err(not_mapping(s)),
            (_, s) => return Err(not_mapping(s)),
        }
    }
    let mut entries = Vec::new();
    loop {
        let (key, key_span) = match next()? {
            (Event::MappingEnd, _) => break,
            (Event::Scalar(k, ..), s) => (k.into_owned(), s),
            (_, s) => {
                skip(&mut next, 1)?;
                let _ = s;
                value(&mut next)?;
                continue;
            }
        };
        let v = value(&mut next)?;
        if entries.is_empty() {
            start = key_span.clone();
        }
        entries.push((key, key_span, v));
    }
    loop {
        match next()? {
            (Event::DocumentEnd | Event::Nothing, _) => {}
            (Event::StreamEnd, _) => return Ok((entries, start)),
            (_, s) => {
                return Err((
                    s,
                    "a second document",
                    "the file holds more than one document; it is skipped".to_owned(),
                    "keep one person per file",
                ));
            }
        }
    }
}

/// Skips the rest of a collection `depth` levels deep.
fn skip<'a>(
    next: &mut impl FnMut() -> Result<(Event<'a>, Span), Refusal>,
    mut depth: usize,
) -> Result<(), Refusal> {
    while depth > 0 {
        match next()?.0 {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth -= 1,
            Event::StreamEnd => return Ok(()),
            _ => {}
        }
    }
    Ok(())
}

fn value<'a>(
    next: &mut impl FnMut() -> Result<(Event<'a>, Span), Refusal>,
) -> Result<Value, Refusal> {
    Ok(match next()? {
        (Event::Scalar(v, ..), s) => Value::Scalar(v.into_owned(), s),
        (Event::SequenceStart(..), _) => {
            let mut items = Vec::new();
            loop {
                match next()? {
                    (Event::SequenceEnd, _) => break,
                    (Event::Scalar(v, ..), s) => items.push((v.into_owned(), s)),
                    (Event::MappingStart(..) | Event::SequenceStart(..), _) => skip(next, 1)?,
                    (Event::StreamEnd, _) => break,
                    _ => {}
                }
            }
            Value::List(items)
        }
        (Event::MappingStart(..), _) => {
            skip(next, 1)?;
            Value::Other
        }
        _ => Value::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_mapping_is_a_person() {
        let file = SourceFile::new("a.yml", "- a\n- b\n".to_owned());
        assert!(keys(&file).is_err());
        let file = SourceFile::new(
            "a.yml",
            "name: Ada\ndepartments:\n  - R&D\n  - Eng\nmore: {a: [1, {b: 2}]}\n".to_owned(),
        );
        let (entries, _) = keys(&file).unwrap_or_default();
        assert_eq!(entries.len(), 3);
    }

    #[test]
    fn an_alias_is_refused() {
        let file = SourceFile::new("a.yml", "a: &a [x, x]\nb: [*a, *a]\n".to_owned());
        match keys(&file) {
            Err((span, ..)) => assert_eq!(&file.text()[span], "*a"),
            Ok(_) => panic!("an alias was accepted"),
        }
    }
}
