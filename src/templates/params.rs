//! A rule's params, merged from its pack and the config, with typed readers
//! that report every problem at the exact key.

use super::selector::{self, Selector};
use crate::diagnostic::{EntityKind, code};
use crate::org::{Value, format_float};
use crate::parse::node::{Entry, Located, Node, NodeValue, Problems, Table};
use crate::source::Span;
use crate::suggest;
use crate::vocabulary::Vocabulary;

/// One param and the file it is written in.
#[derive(Clone, Debug)]
pub struct Param {
    /// Key and value.
    pub entry: Entry,
    /// The pack or config file.
    pub at: Located,
}

/// A rule's params: the pack's, with the config's entries replacing theirs.
#[derive(Clone, Debug)]
pub struct Params {
    /// The entries.
    pub entries: Vec<Param>,
    /// Where a missing param is reported: the rule's `params` or `template`.
    pub anchor: (Located, Span),
}

impl Params {
    /// The pack's params with `overrides` replacing entries of the same key.
    pub fn merge(
        pack: Option<&Table>,
        pack_at: &Located,
        anchor: Span,
        overrides: &[Entry],
        config_at: Option<&Located>,
    ) -> Params {
        let mut entries: Vec<Param> = pack
            .map(|t| {
                t.entries
                    .iter()
                    .map(|e| Param {
                        entry: e.clone(),
                        at: pack_at.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(config_at) = config_at {
            for entry in overrides {
                entries.retain(|p| p.entry.key != entry.key);
                entries.push(Param {
                    entry: entry.clone(),
                    at: config_at.clone(),
                });
            }
        }
        Params {
            entries,
            anchor: (pack_at.clone(), anchor),
        }
    }

    fn get(&self, key: &str) -> Option<&Param> {
        self.entries.iter().find(|p| p.entry.key == key)
    }
}

/// A number as written: an integer or a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num {
    /// Its value.
    pub value: f64,
    /// Written as an integer.
    pub integer: bool,
}

impl Num {
    /// As written: `12`, `0.05`.
    pub fn text(&self) -> String {
        if self.integer {
            format!("{}", self.value as i64)
        } else {
            format_float(self.value)
        }
    }
}

/// `min`/`max` of a template: at least one, `min <= max`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bounds {
    /// Inclusive lower bound.
    pub min: Option<Num>,
    /// Inclusive upper bound.
    pub max: Option<Num>,
}

impl Bounds {
    /// Whether `value` is inside (bounds are inclusive).
    pub fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m.value) && self.max.is_none_or(|m| value <= m.value)
    }

    /// `value`, outside the bounds, with the way that is worse.
    pub fn measure(&self, value: f64) -> crate::diagnostic::Measured {
        crate::diagnostic::Measured {
            value,
            higher_is_worse: self.max.is_some_and(|m| value > m.value),
        }
    }

    /// `{min}`, `{max}` and `{range}` (`between 2 and 12`, `at most 8`)
    /// placeholders.
    pub fn vars(&self) -> [(&'static str, String); 3] {
        let text = |b: Option<Num>| b.map_or("none".to_owned(), |n| n.text());
        let (min, max) = (self.min.map(|n| n.text()), self.max.map(|n| n.text()));
        [
            ("min", text(self.min)),
            ("max", text(self.max)),
            ("range", crate::text::range(min.as_deref(), max.as_deref())),
        ]
    }
}

/// Reads typed params, recording problems; `ok` turns false on the first.
pub struct Reader<'a> {
    params: &'a Params,
    problems: &'a mut Problems,
    /// The vocabulary of the config that loads the pack.
    pub vocabulary: &'a Vocabulary,
    /// The kinds the rule's selector can match.
    pub kinds: &'a [EntityKind],
    /// The template's name, for messages.
    pub template: &'a str,
    /// False once any problem was recorded.
    pub ok: bool,
}

impl<'a> Reader<'a> {
    /// A reader over `params`.
    pub fn new(
        params: &'a Params,
        problems: &'a mut Problems,
        vocabulary: &'a Vocabulary,
        kinds: &'a [EntityKind],
        template: &'a str,
    ) -> Self {
        Reader {
            params,
            problems,
            vocabulary,
            kinds,
            template,
            ok: true,
        }
    }

    fn fail(
        &mut self,
        at: &Located,
        span: Span,
        label: &str,
        message: String,
        help: Option<String>,
    ) {
        self.ok = false;
        self.problems.push(at, span, label, message, help);
    }

    fn wrong(&mut self, param: &Param, node: &Node, expected: &str) {
        self.ok = false;
        self.problems
            .wrong_type(&param.at, &param.entry.key, node, expected);
    }

    /// Reports a missing required param.
    pub fn missing(&mut self, key: &str) {
        let (at, span) = self.params.anchor.clone();
        self.fail(
            &at,
            span,
            "param missing",
            format!("template `{}` needs the param `{key}`", self.template),
            Some(format!("add `{key} = ...` to the rule's `params`")),
        );
    }

    fn require(&mut self, key: &str) -> Option<Param> {
        let param = self.params.get(key).cloned();
        if param.is_none() {
            self.missing(key);
        }
        param
    }

    /// Whether the param is written.
    pub fn has(&self, key: &str) -> bool {
        self.params.get(key).is_some()
    }

    /// An optional number.
    pub fn num(&mut self, key: &str) -> Option<Num> {
        let param = self.params.get(key)?.clone();
        match param.entry.value.value {
            NodeValue::Int(i) => Some(Num {
                value: i as f64,
                integer: true,
            }),
            NodeValue::Float(f) if f.is_finite() => Some(Num {
                value: f,
                integer: false,
            }),
            NodeValue::Float(f) => {
                self.ok = false;
                self.problems
                    .not_finite(&param.at, &param.entry.key, &param.entry.value, f);
                None
            }
            _ => {
                self.wrong(&param, &param.entry.value, "a number");
                None
            }
        }
    }

    /// `min` and `max`: at least one, and `min <= max`.
    pub fn bounds(&mut self) -> Bounds {
        let bounds = Bounds {
            min: self.num("min"),
            max: self.num("max"),
        };
        if !self.has("min") && !self.has("max") {
            let (at, span) = self.params.anchor.clone();
            self.fail(
                &at,
                span,
                "no bounds",
                format!("template `{}` needs `min`, `max` or both", self.template),
                Some("add `max = ...` (or `min`) to the rule's `params`".to_owned()),
            );
        }
        if let (Some(min), Some(max)) = (bounds.min, bounds.max)
            && min.value > max.value
            && let Some(param) = self.params.get("min").cloned()
        {
            self.fail(
                &param.at,
                param.entry.value.span.clone(),
                "above max",
                format!(
                    "`min` ({}) is greater than `max` ({})",
                    min.text(),
                    max.text()
                ),
                Some("ranges are inclusive: `min` must be at most `max`".to_owned()),
            );
        }
        bounds
    }

    /// An integer at least `floor`, or `default` when absent.
    pub fn integer(&mut self, key: &str, floor: i64, default: Option<i64>) -> Option<i64> {
        let Some(param) = self.params.get(key).cloned() else {
            if default.is_none() {
                self.missing(key);
            }
            return default;
        };
        match param.entry.value.value {
            NodeValue::Int(i) if i >= floor => Some(i),
            NodeValue::Int(i) => {
                self.fail(
                    &param.at,
                    param.entry.value.span.clone(),
                    "too small",
                    format!("`{key}` must be at least {floor}, not {i}"),
                    None,
                );
                None
            }
            _ => {
                self.wrong(&param, &param.entry.value, "an integer");
                None
            }
        }
    }

    /// A boolean, or `default`.
    pub fn boolean(&mut self, key: &str, default: bool) -> bool {
        let Some(param) = self.params.get(key).cloned() else {
            return default;
        };
        match param.entry.value.value {
            NodeValue::Bool(b) => b,
            _ => {
                self.wrong(&param, &param.entry.value, "a boolean");
                default
            }
        }
    }

    /// A required string, with the node it came from.
    pub fn string(&mut self, key: &str) -> Option<(String, Param)> {
        let param = self.require(key)?;
        let text = self.problems.string(&param.at, &param.entry);
        self.ok &= text.is_some();
        Some((text?, param))
    }

    /// A required list of strings (a single string counts as a list of one).
    pub fn strings(&mut self, key: &str) -> Option<Vec<(String, Span)>> {
        let param = self.require(key)?;
        let strings = self.problems.strings(&param.at, &param.entry, true);
        self.ok &= strings.is_some();
        strings
    }

    /// A required list of functions, each in the vocabulary.
    pub fn functions(&mut self, key: &str) -> Option<Vec<String>> {
        let param = self.params.get(key).cloned();
        let list = self.strings(key)?;
        let mut ok = true;
        for (name, span) in &list {
            if !self.vocabulary.is_function(name) {
                ok = false;
                let help = suggest::hint(name, self.vocabulary.functions())
                    .map(crate::suggest::did_you_mean);
                if let Some(param) = &param {
                    self.fail(
                        &param.at,
                        span.clone(),
                        "not a known function",
                        format!("unknown function {}", code(name)),
                        help,
                    );
                }
            }
        }
        ok.then(|| list.into_iter().map(|(n, _)| n).collect())
    }

    /// A required list of roles, each in the vocabulary.
    pub fn roles(&mut self, key: &str) -> Option<Vec<String>> {
        let param = self.params.get(key).cloned();
        let list = self.strings(key)?;
        let mut ok = true;
        for (name, span) in &list {
            if !self.vocabulary.is_role(name) {
                ok = false;
                let help =
                    suggest::hint(name, self.vocabulary.roles()).map(crate::suggest::did_you_mean);
                if let Some(param) = &param {
                    self.fail(
                        &param.at,
                        span.clone(),
                        "not a known role",
                        format!("unknown role {}", code(name)),
                        help,
                    );
                }
            }
        }
        ok.then(|| list.into_iter().map(|(n, _)| n).collect())
    }

    /// An optional date, written as a string `"YYYY-MM-DD"`.
    pub fn date(&mut self, key: &str) -> Option<crate::dates::Date> {
        let param = self.params.get(key)?.clone();
        let NodeValue::Str(text) = &param.entry.value.value else {
            self.wrong(
                &param,
                &param.entry.value,
                "a date as a string, `\"YYYY-MM-DD\"`",
            );
            return None;
        };
        let date = crate::dates::Date::parse(text).ok();
        if date.is_none() {
            self.fail(
                &param.at,
                param.entry.value.span.clone(),
                "not a date",
                format!(
                    "`{key}` must be a date `\"YYYY-MM-DD\"`, not {}",
                    code(text)
                ),
                Some(format!("write `{key} = \"2026-06-30\"`")),
            );
        }
        date
    }

    /// A required field name of the selected kinds; `extra` names derived
    /// facts that count as fields here (`size`, `depth`, ...).
    pub fn field(&mut self, key: &str, extra: &[&str]) -> Option<String> {
        let (name, param) = self.string(key)?;
        let span = param.entry.value.span.clone();
        self.check_field(&name, span, &param, extra).then_some(name)
    }

    fn check_field(&mut self, name: &str, span: Span, param: &Param, extra: &[&str]) -> bool {
        let mut known: Vec<&str> = Vec::new();
        // People and teams share fields (`name`, `function`): each once.
        for field in self
            .kinds
            .iter()
            .flat_map(|k| self.vocabulary.fields(*k))
            .chain(extra.iter().copied())
        {
            if !known.contains(&field) {
                known.push(field);
            }
        }
        if known.contains(&name) {
            return true;
        }
        let declare = match self.kinds {
            [EntityKind::Person] => format!("`person-fields = [\"{name}\"]`"),
            [EntityKind::Team] => format!("`team-fields = [\"{name}\"]`"),
            _ => format!("`person-fields = [\"{name}\"]` or `team-fields = [\"{name}\"]`"),
        };
        let declare = format!(
            "if {} is a field of your own, declare it in `orglint.toml` under `[vocabulary]`: {declare}",
            code(name)
        );
        let help = match suggest::hint(name, known.iter().copied()) {
            Some(s) => format!("{} {declare}", crate::suggest::did_you_mean(s)),
            None if known.is_empty() => {
                "the selector's `kind` names neither `person` nor `team`, so nothing here has fields: give `kind` a value".to_owned()
            }
            None => format!("fields here: {}; {declare}", known.join(", ")),
        };
        self.fail(
            &param.at,
            span,
            "unknown field",
            format!("{} is not a field of the selected entities", code(name)),
            Some(help),
        );
        false
    }

    /// A required list of field names of the selected kinds.
    pub fn fields(&mut self, key: &str) -> Option<Vec<String>> {
        let param = self.params.get(key).cloned()?;
        let list = self.strings(key)?;
        let mut ok = true;
        for (name, span) in &list {
            ok &= self.check_field(name, span.clone(), &param, &[]);
        }
        ok.then(|| list.into_iter().map(|(n, _)| n).collect())
    }

    /// A required regex param, compiled with the limits of docs/rules.md.
    pub fn regex(&mut self, key: &str) -> Option<(regex::Regex, String)> {
        let (pattern, param) = self.string(key)?;
        let regex = selector::compile_regex(&pattern, &param.at, &param.entry.value, self.problems);
        if regex.is_none() {
            self.ok = false;
        }
        regex.map(|r| (r, pattern))
    }

    /// An optional scalar value.
    pub fn scalar(&mut self, key: &str) -> Option<Value> {
        let param = self.params.get(key)?.clone();
        let value = param.entry.value.scalar();
        if value.is_none() {
            self.wrong(&param, &param.entry.value, "a string, number or boolean");
        }
        value
    }

    /// An optional list of scalars.
    pub fn values(&mut self, key: &str) -> Option<Vec<Value>> {
        let param = self.params.get(key)?.clone();
        let NodeValue::Array(items) = &param.entry.value.value else {
            self.wrong(&param, &param.entry.value, "a list");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item.scalar() {
                Some(v) => out.push(v),
                None => {
                    self.wrong(&param, item, "a string, number or boolean");
                    return None;
                }
            }
        }
        Some(out)
    }

    /// A required selector.
    pub fn selector(&mut self, key: &str) -> Option<Selector> {
        let param = self.require(key)?;
        let selector = selector::parse(
            &param.entry.value,
            &param.at,
            self.problems,
            self.vocabulary,
        );
        if selector.is_none() {
            self.ok = false;
        }
        selector
    }

    /// Exactly one of two params must be written.
    pub fn exactly_one(&mut self, a: &str, b: &str) -> bool {
        match (self.has(a), self.has(b)) {
            (true, false) | (false, true) => true,
            (has_a, _) => {
                let (at, span) = match self.params.get(b).filter(|_| has_a) {
                    Some(p) => (p.at.clone(), p.entry.key_span.clone()),
                    None => self.params.anchor.clone(),
                };
                self.fail(
                    &at,
                    span,
                    "one of these",
                    format!(
                        "template `{}` takes exactly one of `{a}` and `{b}`",
                        self.template
                    ),
                    None,
                );
                false
            }
        }
    }
}
