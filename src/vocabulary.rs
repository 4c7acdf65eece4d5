//! The names an org file may use: functions, roles and fields, built in and
//! extended by `orglint.toml`.

/// Functions every org may use.
pub const FUNCTIONS: &[&str] = &[
    "product",
    "engineering",
    "design",
    "data",
    "research",
    "marketing",
    "sales",
    "customer-success",
    "support",
    "finance",
    "people",
    "legal",
    "operations",
    "executive",
];

/// The functions that make up R&D.
pub const RD_FUNCTIONS: &[&str] = &["product", "engineering", "design", "data"];

/// Roles every org may use.
pub const ROLES: &[&str] = &[
    "ceo",
    "cpto",
    "cpo",
    "cto",
    "cfo",
    "coo",
    "cmo",
    "cro",
    "chro",
    "general-counsel",
    "chief-of-staff",
];

/// Keys of `[org]`.
pub const ORG_FIELDS: &[&str] = &["name", "structure", "include"];

/// Built-in keys of a person.
pub const PERSON_FIELDS: &[&str] = &[
    "name",
    "title",
    "reports-to",
    "function",
    "roles",
    "background",
    "on-call",
    "accountable-for",
    "start",
    "end",
    "dotted-to",
    "interim",
    "interim-since",
];

/// Person keys that were not built in before formats 1.2 and 1.3: a
/// project may have declared them as custom fields, which is then a
/// warning, not an error.
pub const NEWER_PERSON_FIELDS: &[&str] = &["start", "end", "dotted-to", "interim", "interim-since"];

/// Built-in keys of a team.
pub const TEAM_FIELDS: &[&str] = &["name", "function", "lead", "members", "headcount", "owns"];

/// Keys of a vacancy (no custom fields).
pub const VACANCY_FIELDS: &[&str] = &["title", "reports-to", "function", "team", "opens"];

/// Top-level tables of an org file.
pub const TOP_LEVEL: &[&str] = &["org", "people", "teams", "vacancies"];

/// The vocabulary in force for one lint run.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Functions added by the configuration.
    pub functions: Vec<String>,
    /// Roles added by the configuration.
    pub roles: Vec<String>,
    /// Declared custom person fields.
    pub person_fields: Vec<String>,
    /// Declared custom team fields.
    pub team_fields: Vec<String>,
}

impl Vocabulary {
    /// Every known function, built-in first.
    pub fn functions(&self) -> impl Iterator<Item = &str> + Clone {
        FUNCTIONS
            .iter()
            .copied()
            .chain(self.functions.iter().map(String::as_str))
    }

    /// Every known role, built-in first.
    pub fn roles(&self) -> impl Iterator<Item = &str> + Clone {
        ROLES
            .iter()
            .copied()
            .chain(self.roles.iter().map(String::as_str))
    }

    /// Whether `name` is a known function.
    pub fn is_function(&self, name: &str) -> bool {
        self.functions().any(|f| f == name)
    }

    /// Whether `name` is a known role.
    pub fn is_role(&self, name: &str) -> bool {
        self.roles().any(|r| r == name)
    }

    /// Declared custom fields of a kind.
    pub fn custom_fields(&self, kind: crate::EntityKind) -> &[String] {
        match kind {
            crate::EntityKind::Person => &self.person_fields,
            crate::EntityKind::Team => &self.team_fields,
            crate::EntityKind::Vacancy => &[],
        }
    }

    /// Every field a kind may have: built-in, then declared.
    pub fn fields(&self, kind: crate::EntityKind) -> impl Iterator<Item = &str> + Clone {
        let builtin = match kind {
            crate::EntityKind::Person => PERSON_FIELDS,
            crate::EntityKind::Team => TEAM_FIELDS,
            crate::EntityKind::Vacancy => VACANCY_FIELDS,
        };
        builtin
            .iter()
            .copied()
            .chain(self.custom_fields(kind).iter().map(String::as_str))
    }
}
