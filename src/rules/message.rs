//! `message` and `help` templates: text with `{placeholder}`s, `{{` and `}}`
//! for literal braces.

/// A parsed message template.
#[derive(Clone, Debug, Default)]
pub struct MessageTemplate {
    parts: Vec<Part>,
}

#[derive(Clone, Debug)]
enum Part {
    Text(String),
    Var(String),
}

/// A placeholder problem: the byte range in the template text and why.
#[derive(Debug)]
pub struct TemplateError {
    /// Byte range in the template text.
    pub range: std::ops::Range<usize>,
    /// What is wrong.
    pub message: String,
    /// The placeholder name, for unknown ones.
    pub name: Option<String>,
}

impl MessageTemplate {
    /// Parses `text`; `known` lists the placeholders available.
    pub fn parse(text: &str, known: &[&str]) -> Result<Self, Vec<TemplateError>> {
        let mut parts = Vec::new();
        let mut errors = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|(_, c)| *c) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|(_, c)| *c) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let rest = text.get(i + 1..).unwrap_or_default();
                    match rest.find('}') {
                        Some(end) => {
                            let name = rest.get(..end).unwrap_or_default();
                            let range = i..i + end + 2;
                            if !known.contains(&name) {
                                errors.push(TemplateError {
                                    range: range.clone(),
                                    message: format!("unknown placeholder `{{{name}}}`"),
                                    name: Some(name.to_owned()),
                                });
                            }
                            if !literal.is_empty() {
                                parts.push(Part::Text(std::mem::take(&mut literal)));
                            }
                            parts.push(Part::Var(name.to_owned()));
                            while chars.peek().is_some_and(|(j, _)| *j < range.end) {
                                chars.next();
                            }
                        }
                        None => errors.push(TemplateError {
                            range: i..text.len(),
                            message: "`{` is not closed; write `{{` for a literal brace".to_owned(),
                            name: None,
                        }),
                    }
                }
                '}' => errors.push(TemplateError {
                    range: i..i + 1,
                    message: "lone `}`; write `}}` for a literal brace".to_owned(),
                    name: None,
                }),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        if errors.is_empty() {
            Ok(MessageTemplate { parts })
        } else {
            Err(errors)
        }
    }

    /// Fills the placeholders; values are cut at 80 characters.
    pub fn render(&self, value: &dyn Fn(&str) -> Option<String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Var(name) => out.push_str(&crate::diagnostic::clip(
                    &value(name).unwrap_or_else(|| "none".to_owned()),
                    80,
                )),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_braces() {
        let t =
            MessageTemplate::parse("{id} has {{x}} {count}", &["id", "count"]).unwrap_or_default();
        let text = t.render(&|n| {
            Some(if n == "id" {
                "ada".to_owned()
            } else {
                "3".to_owned()
            })
        });
        assert_eq!(text, "ada has {x} 3");
    }

    #[test]
    fn unknown_placeholder_is_located() {
        let errors = MessageTemplate::parse("a {nope} b", &["id"])
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors.first().map(|e| e.range.clone()), Some(2..8));
    }
}
