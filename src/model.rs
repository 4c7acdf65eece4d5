//! The org with its derived facts: the reporting tree, depths, effective
//! functions and sizes (docs/org-format.md, "What orglint works out").
//! Built once in O(n) with no recursion, so a chain a million people deep is
//! fine; queried in O(1), or in O(n) once per rule for facts that depend on
//! a rule's params.

use std::collections::HashMap;

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, EntityKind, EntityRef, Fix, FixSafety, Label, Severity, code};
use crate::org::{Entity, ParsedOrg, Person, Reference, Team, Vacancy, Value};
use crate::parse::requote;
use crate::source::Span;
use crate::suggest;

/// An entity of the model: a person or a team, by index in id order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityId {
    /// Index into [`ParsedOrg::people`].
    Person(usize),
    /// Index into [`ParsedOrg::teams`].
    Team(usize),
}

/// The org and every derived fact.
#[derive(Debug)]
pub struct Model {
    /// The org as written.
    pub org: ParsedOrg,
    /// Whether anyone holds a role on an interim basis: most orgs have
    /// nobody, and [`Model::holds_any`] then reads one key instead of two.
    any_interim: bool,
    /// Whether each person has `roles` or `interim` at all: role selectors
    /// ask about every person, and most people hold no role.
    has_roles: Vec<bool>,
    /// Each person's resolved manager.
    pub parent: Vec<Option<usize>>,
    /// Each person's depth; `None` when the chain to a root is broken.
    pub depth: Vec<Option<usize>>,
    /// People with a depth, parents before children.
    pub top_down: Vec<usize>,
    /// People without `reports-to`, in id order.
    pub roots: Vec<usize>,
    /// Each team's resolved lead.
    pub team_lead: Vec<Option<usize>>,
    /// Each person's effective function, as an index into `functions`.
    effective_function: Vec<Option<u32>>,
    /// The distinct effective functions of people.
    functions: Vec<String>,
    /// Each person's number of direct reports.
    pub direct_reports: Vec<u64>,
    /// Each team's size.
    pub team_size: Vec<u64>,
    /// size(F) for every function that has any.
    pub function_size: HashMap<String, u64>,
    /// The number of people plus every team's unlisted headcount.
    pub org_size: u64,
    /// Each vacancy's resolved manager.
    pub vacancy_manager: Vec<Option<usize>>,
    /// Each vacancy's resolved team.
    pub vacancy_team: Vec<Option<usize>>,
    /// Each person's number of open positions (vacancies reporting to them).
    pub open_reports: Vec<u64>,
    /// The number of open positions in every function that has any: a
    /// vacancy's own `function`, else its team's.
    pub open_by_function: HashMap<String, u64>,
    /// Resolved dotted lines, `(person, to)`, in person order: never part
    /// of the reporting tree.
    pub dotted: Vec<(usize, usize)>,
    /// Whether the did-you-mean budget ran out: some `unknown-reference`
    /// got no suggestion, so no fix, that a smaller file would get. `--fix`
    /// then stops short of its pass limit without calling that a failure.
    pub suggestions_cut: bool,
    /// What each selector matched, shared by the rules that use it.
    selections: std::sync::Mutex<HashMap<String, std::sync::Arc<Vec<EntityId>>>>,
    /// The people of the file who are not in the org on the as-of date
    /// (left, or not started yet), sorted by id. They are in no derived
    /// fact: not counted, not a root, not a manager, not a team's lead or
    /// member; references to them are not unknown.
    pub absent: Vec<(Person, Absence)>,
    /// The date the org is linted at.
    pub as_of: Date,
}

/// Why a person of the file is not in the org on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Absence {
    /// `end` is before the as-of date: the last day in the org.
    Left(Date),
    /// `start` is after the as-of date: the first day in the org.
    NotStarted(Date),
}

impl Absence {
    /// Whether a person with these dates is out of the org on `as_of`.
    pub fn of(person: &Person, as_of: Date) -> Option<Absence> {
        match (person.start, person.end) {
            (Some(start), _) if start > as_of => Some(Absence::NotStarted(start)),
            (_, Some(end)) if end < as_of => Some(Absence::Left(end)),
            _ => None,
        }
    }
}

/// How much edit-distance work did-you-mean may spend on one file (the
/// product of the two lengths, summed over every comparison), so that a file
/// with 100,000 broken references or very long ids still finishes fast.
/// Small in unit tests, so that running out of it is cheap to test.
const SUGGESTION_BUDGET: usize = if cfg!(test) { 20_000 } else { 1_000_000_000 };

impl Model {
    /// Computes the derived facts as of today ([`crate::dates::today`]);
    /// see [`Model::build_as_of`].
    pub fn build(org: ParsedOrg, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Model {
        Model::build_as_of(org, text, crate::dates::today(), diagnostics)
    }

    /// Computes the derived facts of the org as it is on `as_of` and
    /// reports `unknown-reference`, `reporting-cycle`, `root-count`,
    /// `reports-to-leaver`, `leaver-in-team` and `reports-to-future`.
    pub fn build_as_of(
        mut org: ParsedOrg,
        text: &str,
        as_of: Date,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Model {
        drop_duplicate_vacancies(&mut org, diagnostics);
        let absent = take_absent(&mut org.people, as_of);
        let absent_ids: foldhash::HashMap<&str, usize> = absent
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.entity.id.as_str(), i))
            .collect();
        let n = org.people.len();
        // Borrowed from the org and dropped once references are resolved.
        let person_ids: foldhash::HashMap<&str, usize> = org
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.entity.id.as_str(), i))
            .collect();
        let team_ids: foldhash::HashMap<&str, usize> = org
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| (t.entity.id.as_str(), i))
            .collect();
        let vacancy_ids: foldhash::HashMap<&str, usize> = org
            .vacancies
            .iter()
            .enumerate()
            .map(|(i, v)| (v.entity.id.as_str(), i))
            .collect();
        let mut resolver = Resolver {
            text,
            person_ids: &person_ids,
            team_ids: &team_ids,
            vacancy_ids: &vacancy_ids,
            people: &org.people,
            teams: &org.teams,
            absent_ids: &absent_ids,
            absent: &absent,
            vacancies: &org.vacancies,
            missing: None,
            names: None,
            budget: SUGGESTION_BUDGET,
            budget_ran_out: false,
            diagnostics,
        };

        let mut parent = vec![None; n];
        // Present people whose `reports-to` names someone absent: their
        // chain is broken, and the cause is reported here, not as a root.
        let mut to_absent = vec![false; n];
        for ((slot, absent_up), person) in parent.iter_mut().zip(&mut to_absent).zip(&org.people) {
            if let Reference::Named { id, span } = &person.reports_to {
                *slot = resolver.manager(&person.entity, "reports-to", id, span);
                *absent_up = resolver.absent_reference(&person.entity, "reports-to", id, span);
            }
        }
        // An absent person's own references are still written in the file:
        // a typo in them is an `unknown-reference` all the same.
        for (person, _) in &absent {
            if let Reference::Named { id, span } = &person.reports_to {
                resolver.resolve(&person.entity, "reports-to", id, span);
            }
        }
        let mut team_lead = vec![None; org.teams.len()];
        let mut team_members: Vec<Vec<usize>> = Vec::with_capacity(org.teams.len());
        let mut team_listed: Vec<u64> = Vec::with_capacity(org.teams.len());
        for (slot, team) in team_lead.iter_mut().zip(&org.teams) {
            if let Reference::Named { id, span } = &team.lead {
                *slot = resolver.manager(&team.entity, "lead", id, span);
                resolver.absent_reference(&team.entity, "lead", id, span);
            }
            let members = team
                .members
                .iter()
                .filter_map(|(id, span)| {
                    resolver.absent_reference(&team.entity, "members", id, span);
                    resolver.resolve(&team.entity, "members", id, span)
                })
                .collect();
            team_members.push(members);
            // Listed members count as written (unknown ids included), but
            // for those who are not in the org on the as-of date.
            let listed = team
                .members
                .iter()
                .filter(|(id, _)| !absent_ids.contains_key(id.as_str()))
                .count();
            team_listed.push(listed as u64);
        }
        let mut vacancy_manager = vec![None; org.vacancies.len()];
        let mut vacancy_team = vec![None; org.vacancies.len()];
        for ((manager, team), vacancy) in vacancy_manager
            .iter_mut()
            .zip(vacancy_team.iter_mut())
            .zip(&org.vacancies)
        {
            if let Reference::Named { id, span } = &vacancy.reports_to {
                *manager = resolver.manager(&vacancy.entity, "reports-to", id, span);
            }
            if let Reference::Named { id, span } = &vacancy.team {
                *team = resolver.team(&vacancy.entity, id, span);
            }
        }
        let mut dotted = Vec::new();
        for (p, person) in org.people.iter().enumerate() {
            for (id, span) in &person.dotted_to {
                if let Some(q) = resolver.dotted(person, parent.get(p).copied().flatten(), id, span)
                {
                    dotted.push((p, q));
                }
            }
        }
        let suggestions_cut = resolver.budget_ran_out;

        let roots: Vec<usize> = (0..n)
            .filter(|&i| {
                org.people
                    .get(i)
                    .is_some_and(|p| p.reports_to == Reference::Absent)
            })
            .collect();
        let (depth, top_down) = tree_depths(&parent, &roots);
        report_cycles(&org.people, &parent, &depth, diagnostics);
        report_roots(&org.people, &roots, &parent, &to_absent, diagnostics);

        // Effective function: own, else the first team (by id) listing the
        // person, else the first team (by id) they lead.
        // Functions are few and people many: each person holds an index.
        let mut functions: Vec<String> = Vec::new();
        let mut function_ids: foldhash::HashMap<String, u32> = foldhash::HashMap::default();
        let mut intern = |name: &str| -> u32 {
            if let Some(&id) = function_ids.get(name) {
                return id;
            }
            let id = u32::try_from(functions.len()).unwrap_or(u32::MAX);
            functions.push(name.to_owned());
            function_ids.insert(name.to_owned(), id);
            id
        };
        let mut effective_function: Vec<Option<u32>> = org
            .people
            .iter()
            .map(|p| p.entity.str_value("function").map(&mut intern))
            .collect();
        for by_membership in [true, false] {
            for (t, team) in org.teams.iter().enumerate() {
                let Some(function) = team.entity.str_value("function") else {
                    continue;
                };
                let people: Vec<usize> = if by_membership {
                    team_members.get(t).cloned().unwrap_or_default()
                } else {
                    team_lead.get(t).copied().flatten().into_iter().collect()
                };
                for p in people {
                    // Teams come in id order: the first that qualifies decides.
                    if let Some(slot @ None) = effective_function.get_mut(p) {
                        *slot = Some(intern(function));
                    }
                }
            }
        }

        let mut direct_reports = vec![0u64; n];
        for p in parent.iter().flatten() {
            if let Some(count) = direct_reports.get_mut(*p) {
                *count += 1;
            }
        }
        let mut function_size: HashMap<String, u64> = HashMap::new();
        let mut people_per_function = vec![0u64; functions.len()];
        for &f in effective_function.iter().flatten() {
            if let Some(count) = people_per_function.get_mut(f as usize) {
                *count += 1;
            }
        }
        for (function, count) in functions.iter().zip(people_per_function) {
            *function_size.entry(function.clone()).or_default() += count;
        }
        let mut team_size = Vec::with_capacity(org.teams.len());
        let mut org_size = n as u64;
        for (t, team) in org.teams.iter().enumerate() {
            let listed = team_listed.get(t).copied().unwrap_or(0);
            let unlisted = team.headcount.map_or(0, |h| h.saturating_sub(listed));
            team_size.push(team.headcount.unwrap_or(listed));
            org_size = org_size.saturating_add(unlisted);
            if let Some(lead) = team_lead.get(t).copied().flatten()
                && let Some(count) = direct_reports.get_mut(lead)
            {
                *count = count.saturating_add(unlisted);
            }
            if let Some(function) = team.entity.str_value("function") {
                let size = function_size.entry(function.to_owned()).or_default();
                *size = size.saturating_add(unlisted);
            }
        }

        let mut open_reports = vec![0u64; n];
        let mut open_by_function: HashMap<String, u64> = HashMap::new();
        for ((vacancy, manager), team) in org
            .vacancies
            .iter()
            .zip(&vacancy_manager)
            .zip(&vacancy_team)
        {
            if let Some(count) = manager.and_then(|m| open_reports.get_mut(m)) {
                *count += 1;
            }
            let function = vacancy.entity.str_value("function").or_else(|| {
                team.and_then(|t| org.teams.get(t))
                    .and_then(|t| t.entity.str_value("function"))
            });
            if let Some(function) = function {
                *open_by_function.entry(function.to_owned()).or_default() += 1;
            }
        }

        let any_interim = org
            .people
            .iter()
            .any(|p| p.entity.field("interim").is_some());
        let has_roles = org
            .people
            .iter()
            .map(|p| {
                p.entity
                    .fields
                    .iter()
                    .any(|f| f.key == "roles" || f.key == "interim")
            })
            .collect();
        Model {
            org,
            any_interim,
            has_roles,
            vacancy_manager,
            vacancy_team,
            open_reports,
            open_by_function,
            dotted,
            parent,
            depth,
            top_down,
            roots,
            team_lead,
            effective_function,
            functions,
            direct_reports,
            team_size,
            function_size,
            org_size,
            suggestions_cut,
            selections: std::sync::Mutex::default(),
            absent,
            as_of,
        }
    }

    /// The entities `matches` holds for, computed once per `key` (a
    /// canonical form of the selector) and shared: several rules often
    /// select the same entities, and each scan visits the whole org.
    pub fn select(
        &self,
        key: &str,
        matches: impl Fn(EntityId) -> bool,
    ) -> std::sync::Arc<Vec<EntityId>> {
        let cached = self
            .selections
            .lock()
            .ok()
            .and_then(|cache| cache.get(key).cloned());
        if let Some(selected) = cached {
            return selected;
        }
        let selected = std::sync::Arc::new(self.entities().filter(|&id| matches(id)).collect());
        if let Ok(mut cache) = self.selections.lock() {
            cache.insert(key.to_owned(), std::sync::Arc::clone(&selected));
        }
        selected
    }

    /// Every entity: people, then teams, each in id order.
    pub fn entities(&self) -> impl Iterator<Item = EntityId> + '_ {
        (0..self.org.people.len())
            .map(EntityId::Person)
            .chain((0..self.org.teams.len()).map(EntityId::Team))
    }

    /// The entity's id, header and fields.
    pub fn entity(&self, id: EntityId) -> &Entity {
        match id {
            EntityId::Person(p) => &self.person(p).entity,
            EntityId::Team(t) => &self.team(t).entity,
        }
    }

    /// The index of the person with this id. People are sorted by id, so
    /// no map from ids is kept: on a large org it would cost more memory
    /// than the ids.
    pub fn person_index(&self, id: &str) -> Option<usize> {
        person_by_id(&self.org.people, id)
    }

    /// A person by index.
    #[allow(clippy::indexing_slicing)] // indices come from this model
    pub fn person(&self, p: usize) -> &Person {
        &self.org.people[p]
    }

    /// A team by index.
    #[allow(clippy::indexing_slicing)] // indices come from this model
    pub fn team(&self, t: usize) -> &Team {
        &self.org.teams[t]
    }

    /// The entity's depth; `None` when its chain is broken.
    pub fn depth(&self, id: EntityId) -> Option<usize> {
        match id {
            EntityId::Person(p) => self.depth.get(p).copied().flatten(),
            EntityId::Team(t) => self
                .depth(EntityId::Person(self.team_lead.get(t).copied().flatten()?))
                .map(|d| d + 1),
        }
    }

    /// The effective function of a person, the `function` of a team.
    pub fn function(&self, id: EntityId) -> Option<&str> {
        match id {
            EntityId::Person(p) => {
                let f = self.effective_function.get(p).copied().flatten()?;
                self.functions.get(f as usize).map(String::as_str)
            }
            EntityId::Team(t) => self.team(t).entity.str_value("function"),
        }
    }

    /// size(F).
    pub fn function_size(&self, function: &str) -> u64 {
        self.function_size.get(function).copied().unwrap_or(0)
    }

    /// A person's direct reports (`None` for teams).
    pub fn direct_reports(&self, id: EntityId) -> Option<u64> {
        match id {
            EntityId::Person(p) => self.direct_reports.get(p).copied(),
            EntityId::Team(_) => None,
        }
    }

    /// A person's open positions: the vacancies that report to them (`None`
    /// for teams).
    pub fn open_reports(&self, id: EntityId) -> Option<u64> {
        match id {
            EntityId::Person(p) => self.open_reports.get(p).copied(),
            EntityId::Team(_) => None,
        }
    }

    /// The open positions in a function.
    pub fn open_in_function(&self, function: &str) -> u64 {
        self.open_by_function.get(function).copied().unwrap_or(0)
    }

    /// A vacancy's function: its own `function`, else its team's.
    pub fn vacancy_function(&self, v: usize) -> Option<&str> {
        let vacancy = self.org.vacancies.get(v)?;
        vacancy.entity.str_value("function").or_else(|| {
            let t = self.vacancy_team.get(v).copied().flatten()?;
            self.org.teams.get(t)?.entity.str_value("function")
        })
    }

    /// A vacancy by index.
    #[allow(clippy::indexing_slicing)] // indices come from this model
    pub fn vacancy(&self, v: usize) -> &Vacancy {
        &self.org.vacancies[v]
    }

    /// Whether person `p` holds one of `roles`, for good (`roles`) or on
    /// an interim basis (`interim`): an interim holder holds the role for
    /// every rule. Selectors ask it of every person, so most people (who
    /// hold no role) are answered without a lookup.
    pub fn holds_any(&self, p: usize, roles: &[String]) -> bool {
        if !self.has_roles.get(p).copied().unwrap_or(false) {
            return false;
        }
        let entity = &self.person(p).entity;
        let holds = |key: &str| match entity.value(key) {
            Some(Value::List(items)) => items.iter().any(|i| {
                i.value
                    .as_str()
                    .is_some_and(|r| roles.iter().any(|x| x == r))
            }),
            _ => false,
        };
        holds("roles") || (self.any_interim && holds("interim"))
    }

    /// A team's size (`None` for people).
    pub fn team_size(&self, id: EntityId) -> Option<u64> {
        match id {
            EntityId::Team(t) => self.team_size.get(t).copied(),
            EntityId::Person(_) => None,
        }
    }

    /// The person an entity's chain starts from: itself, or a team's lead.
    pub fn anchor(&self, id: EntityId) -> Option<usize> {
        match id {
            EntityId::Person(p) => Some(p),
            EntityId::Team(t) => self.team_lead.get(t).copied().flatten(),
        }
    }

    /// For every person with a depth, the ancestor-or-self at depth `level`
    /// (a person shallower than `level` is their own leader): O(n).
    pub fn leaders_at(&self, level: usize) -> Vec<Option<usize>> {
        let mut leader = vec![None; self.org.people.len()];
        for &p in &self.top_down {
            let own = self.depth.get(p).copied().flatten().unwrap_or(0) <= level;
            let value = if own {
                Some(p)
            } else {
                self.parent
                    .get(p)
                    .copied()
                    .flatten()
                    .and_then(|q| leader.get(q).copied().flatten())
            };
            if let Some(slot) = leader.get_mut(p) {
                *slot = value;
            }
        }
        leader
    }

    /// The leader at `level` of an entity, from [`Self::leaders_at`].
    pub fn leader_of(&self, leaders: &[Option<usize>], id: EntityId) -> Option<usize> {
        leaders.get(self.anchor(id)?).copied().flatten()
    }

    /// For every person with a depth, whether they or an ancestor satisfies
    /// `matches`: O(n).
    pub fn rolls_up(&self, mut matches: impl FnMut(usize) -> bool) -> Vec<bool> {
        let mut result = vec![false; self.org.people.len()];
        for &p in &self.top_down {
            let inherited = self
                .parent
                .get(p)
                .copied()
                .flatten()
                .and_then(|q| result.get(q).copied())
                .unwrap_or(false);
            let value = inherited || matches(p);
            if let Some(slot) = result.get_mut(p) {
                *slot = value;
            }
        }
        result
    }

    /// `Name (id)` of a person, as placeholders show people.
    pub fn person_label(&self, p: usize) -> String {
        let entity = &self.person(p).entity;
        format!("{} ({})", entity.name(), entity.id)
    }
}

/// Children lists in compressed rows (one allocation, no per-person
/// vectors), each row in index order: `items[starts[p]..starts[p + 1]]` are
/// the children of `p` for `parents[c] == Some(p)`.
pub fn child_rows(
    n: usize,
    parents: impl Iterator<Item = Option<usize>> + Clone,
) -> (Vec<usize>, Vec<usize>) {
    let mut starts = vec![0usize; n + 1];
    for q in parents.clone().flatten() {
        if let Some(s) = starts.get_mut(q + 1) {
            *s += 1;
        }
    }
    for i in 0..n {
        let previous = starts.get(i).copied().unwrap_or(0);
        if let Some(s) = starts.get_mut(i + 1) {
            *s += previous;
        }
    }
    let mut fill = starts.clone();
    let mut items = vec![0usize; starts.get(n).copied().unwrap_or(0)];
    for (c, q) in parents.enumerate() {
        if let Some(q) = q
            && let Some(slot) = fill.get_mut(q)
        {
            if let Some(item) = items.get_mut(*slot) {
                *item = c;
            }
            *slot += 1;
        }
    }
    (starts, items)
}

/// Depths by a breadth-first walk from the roots; people not reached have
/// a broken chain.
fn tree_depths(parent: &[Option<usize>], roots: &[usize]) -> (Vec<Option<usize>>, Vec<usize>) {
    let n = parent.len();
    let (starts, children) = child_rows(n, parent.iter().copied());
    let mut depth = vec![None; n];
    let mut order = Vec::with_capacity(n);
    for &r in roots {
        if let Some(d) = depth.get_mut(r) {
            *d = Some(0);
            order.push(r);
        }
    }
    let mut next = 0;
    while let Some(&p) = order.get(next) {
        next += 1;
        let d = depth.get(p).copied().flatten().unwrap_or(0);
        let range = starts.get(p).copied().unwrap_or(0)..starts.get(p + 1).copied().unwrap_or(0);
        for &c in children.get(range).unwrap_or_default() {
            if let Some(slot) = depth.get_mut(c)
                && slot.is_none()
            {
                *slot = Some(d + 1);
                order.push(c);
            }
        }
    }
    (depth, order)
}

/// One `reporting-cycle` per loop, about its person whose id sorts first.
fn report_cycles(
    people: &[Person],
    parent: &[Option<usize>],
    depth: &[Option<usize>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    const UNSEEN: usize = usize::MAX;
    let mut stamp = vec![UNSEEN; people.len()];
    for start in 0..people.len() {
        if depth.get(start).copied().flatten().is_some() || stamp.get(start) != Some(&UNSEEN) {
            continue;
        }
        let mut p = start;
        loop {
            match stamp.get(p) {
                Some(&s) if s == start => {
                    diagnostics.push(cycle_diagnostic(people, parent, p));
                    break;
                }
                Some(&UNSEEN) => {}
                _ => break,
            }
            if let Some(s) = stamp.get_mut(p) {
                *s = start;
            }
            match parent.get(p).copied().flatten() {
                Some(q) if depth.get(q).copied().flatten().is_none() => p = q,
                _ => break,
            }
        }
    }
}

fn cycle_diagnostic(people: &[Person], parent: &[Option<usize>], on_loop: usize) -> Diagnostic {
    let mut members = vec![on_loop];
    let mut p = parent.get(on_loop).copied().flatten();
    while let Some(q) = p {
        if q == on_loop {
            break;
        }
        members.push(q);
        p = parent.get(q).copied().flatten();
    }
    // Start the loop at the person whose id sorts first (lowest index).
    let first_pos = members
        .iter()
        .enumerate()
        .min_by_key(|(_, p)| **p)
        .map_or(0, |(i, _)| i);
    members.rotate_left(first_pos);
    let id = |p: usize| people.get(p).map_or("", |x| x.entity.id.as_str());
    let reports_span = |p: usize| match people.get(p).map(|x| &x.reports_to) {
        Some(Reference::Named { span, .. }) => span.clone(),
        _ => people.get(p).map_or(0..0, |x| x.entity.header.clone()),
    };
    let shown: Vec<String> = members.iter().take(6).map(|&p| code(id(p))).collect();
    let mut path = shown.join(" → ");
    if members.len() > 6 {
        path.push_str(" → ...");
    }
    let first = members.first().copied().unwrap_or(on_loop);
    path.push_str(&format!(" → {}", code(id(first))));
    let mut diagnostic = Diagnostic::at(
        crate::ids::REPORTING_CYCLE,
        Severity::Error,
        reports_span(first),
        format!("{} reports to {}", code(id(first)), code(id(members.get(1).copied().unwrap_or(first)))),
        format!("`reports-to` loops through {} {}: {path}", members.len(), if members.len() == 1 { "person" } else { "people" }),
    )
    .with_help("break the loop: the person at the top of this chain should report to someone outside it, or be the root")
    .about(people.get(first).map(|p| p.entity.to_ref()));
    for (i, &p) in members.iter().enumerate().skip(1) {
        if !diagnostic.has_room_for_labels() {
            // Counted, not built: a loop through every person of a large
            // org would otherwise cost a label per person in every format.
            diagnostic.omit_labels(members.len() - i);
            break;
        }
        let next = members.get(i + 1).copied().unwrap_or(first);
        diagnostic.push_label(Label::new(
            reports_span(p),
            format!("{} reports to {}", code(id(p)), code(id(next))),
        ));
    }
    diagnostic
}

fn report_roots(
    people: &[Person],
    roots: &[usize],
    parent: &[Option<usize>],
    to_absent: &[bool],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if people.is_empty() {
        diagnostics.push(
            Diagnostic::unlocated(
                crate::ids::ROOT_COUNT,
                Severity::Error,
                "the org has no people",
            )
            .with_key("roots:no-people")
            .with_help(
                "add people as `[people.<id>]` tables; the one at the top has no `reports-to`",
            ),
        );
        return;
    }
    match roots {
        [] => {
            // The tops of the chains: people whose `reports-to` names
            // someone who is not in the org. Without them, every chain
            // ends on a loop.
            let mut tops: Vec<(&Person, &str, &Span)> = people
                .iter()
                .zip(parent)
                .zip(to_absent)
                .filter_map(|((p, up), absent)| match (&p.reports_to, up) {
                    (Reference::Named { id, span }, None) if !absent => {
                        Some((p, id.as_str(), span))
                    }
                    _ => None,
                })
                .collect();
            if tops.is_empty() && to_absent.iter().any(|&a| a) {
                // The top of the org reports to someone who left or has not
                // started: said where it is written, as that rule's.
                return;
            }
            tops.sort_by_key(|(_, _, span)| span.start);
            if let Some(diagnostic) = missing_top(&tops) {
                diagnostics.push(diagnostic);
                return;
            }
            let message = if people
                .iter()
                .all(|p| matches!(p.reports_to, Reference::Named { .. }))
            {
                "the org has no root: every person has `reports-to`, so the chain at the top loops"
            } else {
                "the org has no root: every person has `reports-to`"
            };
            diagnostics.push(
                Diagnostic::unlocated(crate::ids::ROOT_COUNT, Severity::Error, message)
                    .with_key("roots:none")
                    .with_help("remove `reports-to` from the person at the top of the org"),
            );
        }
        [_] => {}
        _ => {
            let mut by_position: Vec<&Person> =
                roots.iter().filter_map(|&r| people.get(r)).collect();
            by_position.sort_by_key(|p| p.entity.header.start);
            let Some(first) = by_position.first() else {
                return;
            };
            let names: Vec<String> = by_position
                .iter()
                .take(5)
                .map(|p| code(&p.entity.id))
                .collect();
            let more = if by_position.len() > 5 {
                format!(" and {} more", by_position.len() - 5)
            } else {
                String::new()
            };
            let mut diagnostic = Diagnostic::at(
                crate::ids::ROOT_COUNT,
                Severity::Error,
                first.entity.header.clone(),
                "no `reports-to`",
                format!(
                    "the org has {} roots: {}{more} have no `reports-to`",
                    by_position.len(),
                    names.join(", ")
                ),
            )
            .with_key("roots:several")
            .with_help("an org has one person at the top: give every other root a `reports-to`");
            for root in by_position.iter().skip(1) {
                diagnostic.push_label(Label::new(
                    root.entity.header.clone(),
                    "no `reports-to` either",
                ));
            }
            diagnostics.push(diagnostic);
        }
    }
}

/// `root-count` for an org without a root because the top of its chain
/// (or of each chain) reports to someone who is not in the org: at the first
/// such `reports-to` in the file, labels on the others.
fn missing_top(tops: &[(&Person, &str, &Span)]) -> Option<Diagnostic> {
    let (first, first_missing, first_span) = tops.first()?;
    let mut missing: Vec<&str> = Vec::new();
    // A set, not a scan of `missing`: every chain top may name its own id.
    let mut seen = std::collections::HashSet::new();
    for (_, id, _) in tops {
        if seen.insert(*id) {
            missing.push(id);
        }
    }
    let mut shown: Vec<String> = missing.iter().take(5).map(|id| code(id)).collect();
    if missing.len() > 5 {
        shown.push(format!("{} more", missing.len() - 5));
    }
    let ends_at = match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => shown.concat(),
    };
    let what = if missing.len() == 1 {
        "which is not a person in this org"
    } else {
        "which are not people in this org"
    };
    let chains = if tops.len() == 1 {
        "the chain at the top ends".to_owned()
    } else {
        format!("the {} chains at the top end", tops.len())
    };
    let help = if tops.len() == 1 {
        format!(
            "if {} is at the top of the org, remove this `reports-to`",
            code(&first.entity.id)
        )
    } else {
        "remove `reports-to` from the person at the top of the org, and give every other chain top a manager in the org".to_owned()
    };
    let mut diagnostic = Diagnostic::at(
        crate::ids::ROOT_COUNT,
        Severity::Error,
        (*first_span).clone(),
        format!(
            "{} reports to {}, which is not in the org",
            code(&first.entity.id),
            code(first_missing)
        ),
        format!("the org has no root: {chains} at {ends_at}, {what}"),
    )
    .with_key("roots:none")
    .with_help(help);
    for (person, id, span) in tops.iter().skip(1) {
        if !diagnostic.has_room_for_labels() {
            diagnostic.omit_labels(1);
            continue;
        }
        diagnostic.push_label(Label::new(
            (*span).clone(),
            format!(
                "{} reports to {}, which is not in the org either",
                code(&person.entity.id),
                code(id)
            ),
        ));
    }
    Some(diagnostic)
}

/// Moves the people who are not in the org on `as_of` out of `people`,
/// keeping both lists in id order.
fn take_absent(people: &mut Vec<Person>, as_of: Date) -> Vec<(Person, Absence)> {
    // Most files have no dates: they pay one scan.
    if !people.iter().any(|p| p.start.is_some() || p.end.is_some()) {
        return Vec::new();
    }
    let mut absent = Vec::new();
    let mut present = Vec::with_capacity(people.len());
    for person in std::mem::take(people) {
        match Absence::of(&person, as_of) {
            Some(why) => absent.push((person, why)),
            None => present.push(person),
        }
    }
    *people = present;
    absent
}

/// The index of the person with this id in `people`, which is sorted by id.
fn person_by_id(people: &[Person], id: &str) -> Option<usize> {
    people
        .binary_search_by(|p| p.entity.id.as_str().cmp(id))
        .ok()
}

struct Resolver<'a> {
    text: &'a str,
    person_ids: &'a foldhash::HashMap<&'a str, usize>,
    team_ids: &'a foldhash::HashMap<&'a str, usize>,
    vacancy_ids: &'a foldhash::HashMap<&'a str, usize>,
    people: &'a [Person],
    teams: &'a [Team],
    /// People of the file who are not in the org on the as-of date.
    absent_ids: &'a foldhash::HashMap<&'a str, usize>,
    absent: &'a [(Person, Absence)],
    vacancies: &'a [Vacancy],
    /// How many references name each missing id, counted on the first
    /// reference that does not resolve (most orgs have none).
    missing: Option<foldhash::HashMap<&'a str, usize>>,
    /// People by display name (trimmed, lower-case), built on first need.
    names: Option<foldhash::HashMap<String, Vec<usize>>>,
    budget: usize,
    budget_ran_out: bool,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Resolver<'a> {
    /// How many references (`reports-to`, `lead`, `members`, `dotted-to`)
    /// name the missing `id`: a missing id named by several is a person
    /// missing from the file, not a typo, so none of them gets a guessed fix.
    fn references_to(&mut self, id: &str) -> usize {
        let (people, teams, person_ids) = (self.people, self.teams, self.person_ids);
        let absent_ids = self.absent_ids;
        let vacancies = self.vacancies;
        let missing = self.missing.get_or_insert_with(|| {
            let mut missing: foldhash::HashMap<&'a str, usize> = foldhash::HashMap::default();
            let named = people
                .iter()
                .map(|p| &p.reports_to)
                .chain(teams.iter().map(|t| &t.lead))
                .chain(vacancies.iter().map(|v| &v.reports_to))
                .filter_map(|r| match r {
                    Reference::Named { id, .. } => Some(id.as_str()),
                    _ => None,
                })
                .chain(
                    teams
                        .iter()
                        .flat_map(|t| t.members.iter().map(|(id, _)| id.as_str())),
                )
                .chain(
                    people
                        .iter()
                        .flat_map(|p| p.dotted_to.iter().map(|(id, _)| id.as_str())),
                );
            for id in named {
                if !person_ids.contains_key(id) && !absent_ids.contains_key(id) {
                    *missing.entry(id).or_default() += 1;
                }
            }
            missing
        });
        missing.get(id).copied().unwrap_or(1)
    }

    /// The people (not `own`) whose display name is `id`: a reference
    /// written as a name (`"Maya Chen"`) instead of an id.
    fn named(&mut self, id: &str, own: Option<&str>) -> Vec<usize> {
        let people = self.people;
        let names = self.names.get_or_insert_with(|| {
            let mut names: foldhash::HashMap<String, Vec<usize>> = foldhash::HashMap::default();
            for (i, p) in people.iter().enumerate() {
                if let Some(name) = p.entity.str_value("name") {
                    names.entry(name_key(name)).or_default().push(i);
                }
            }
            names
        });
        names
            .get(&name_key(id))
            .map(|found| {
                found
                    .iter()
                    .copied()
                    .filter(|&p| people.get(p).map(|p| p.entity.id.as_str()) != own)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The manager who takes over from a leaver: their own manager, or, when
    /// that one has left too, the first manager up the chain who is in the
    /// org. `None` when the chain ends, loops, or reaches someone missing or
    /// not started.
    fn successor(&self, leaver: usize) -> Option<&'a str> {
        let mut at = leaver;
        for _ in 0..=self.absent.len() {
            let (person, _) = self.absent.get(at)?;
            let Reference::Named { id, .. } = &person.reports_to else {
                return None;
            };
            if let Some(&p) = self.person_ids.get(id.as_str()) {
                return self.people.get(p).map(|p| p.entity.id.as_str());
            }
            match self.absent_ids.get(id.as_str()) {
                Some(&next) if matches!(self.absent.get(next), Some((_, Absence::Left(_)))) => {
                    at = next;
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether `id` names a person of the file who is not in the org on the
    /// as-of date; reports `reports-to-leaver`, `leaver-in-team` or
    /// `reports-to-future` when the reference needs them in the org.
    fn absent_reference(&mut self, holder: &Entity, field: &str, id: &str, span: &Span) -> bool {
        if self.absent_ids.is_empty() {
            return false;
        }
        let Some(&a) = self.absent_ids.get(id) else {
            return false;
        };
        let Some((person, why)) = self.absent.get(a) else {
            return false;
        };
        let holder_ref = holder.to_ref();
        let diagnostic = match (*why, field) {
            (Absence::Left(end), "reports-to") => {
                let successor = self.successor(a);
                let help = match successor {
                    Some(s) => format!(
                        "{} needs a new manager: perhaps {}'s manager, {}",
                        code(&holder.id),
                        code(id),
                        code(s)
                    ),
                    None => format!(
                        "give {} a manager who is in the org, or remove `reports-to` if {} now leads the org",
                        code(&holder.id),
                        code(&holder.id)
                    ),
                };
                let fix = successor.map(|s| Fix {
                    safety: FixSafety::Unsafe,
                    message: format!("replace {} with `{s}`", code(id)),
                    edits: vec![crate::diagnostic::Edit {
                        span: span.clone(),
                        replacement: requote(self.text.get(span.clone()).unwrap_or("\""), s),
                    }],
                });
                Diagnostic::at(
                    crate::ids::REPORTS_TO_LEAVER,
                    Severity::Error,
                    span.clone(),
                    format!("left after {end}"),
                    format!(
                        "`reports-to` names {}, who left the org: their `end` is {end}",
                        code(id)
                    ),
                )
                .with_help(help)
                .with_fix(fix)
                .with_group(
                    format!("{}:{id}", crate::ids::REPORTS_TO_LEAVER),
                    "report",
                    format!("to {}", code(id)),
                )
            }
            (Absence::Left(end), _) => {
                let (message, help) = if field == "lead" {
                    (
                        format!(
                            "team {} is led by {}, who left the org: their `end` is {end}",
                            code(&holder.id),
                            code(id)
                        ),
                        "make someone who is in the org the team's `lead`".to_owned(),
                    )
                } else {
                    (
                        format!(
                            "`members` lists {}, who left the org: their `end` is {end}",
                            code(id)
                        ),
                        format!("remove {} from `members`", code(id)),
                    )
                };
                Diagnostic::at(
                    crate::ids::LEAVER_IN_TEAM,
                    Severity::Error,
                    span.clone(),
                    format!("left after {end}"),
                    message,
                )
                .with_help(help)
            }
            (Absence::NotStarted(start), "reports-to" | "lead") => {
                let (message, help) = if field == "lead" {
                    (
                        format!(
                            "team {} is led by {}, who starts on {start}",
                            code(&holder.id),
                            code(id)
                        ),
                        format!(
                            "until {start}, the team needs a lead who is in the org: name an interim `lead`"
                        ),
                    )
                } else {
                    (
                        format!("`reports-to` names {}, who starts on {start}", code(id)),
                        format!(
                            "until {start}, {} needs a manager who is in the org: name an interim manager, or give {} a `start` on or after {start}",
                            code(&holder.id),
                            code(&holder.id)
                        ),
                    )
                };
                Diagnostic::at(
                    crate::ids::REPORTS_TO_FUTURE,
                    Severity::Warning,
                    span.clone(),
                    format!("starts {start}"),
                    message,
                )
                .with_help(help)
            }
            // A hire listed on the team they will join: not counted yet.
            (Absence::NotStarted(_), _) => return true,
        };
        let date_key = match why {
            Absence::Left(_) => "end",
            Absence::NotStarted(_) => "start",
        };
        let mut diagnostic = diagnostic
            .about(Some(holder_ref))
            .with_key(format!("{field}:{id}"));
        diagnostic.push_label(Label::new(
            person.entity.span_of(date_key),
            format!("{}'s `{date_key}`", code(id)),
        ));
        self.diagnostics.push(diagnostic);
        true
    }

    /// The person an id names, or an `unknown-reference`; `None` without a
    /// diagnostic for a person who is not in the org on the as-of date
    /// (see [`Resolver::absent_reference`]).
    fn resolve(&mut self, holder: &Entity, field: &str, id: &str, span: &Span) -> Option<usize> {
        if let Some(&p) = self.person_ids.get(id) {
            return Some(p);
        }
        if self.absent_ids.contains_key(id) {
            return None;
        }
        let holder_ref: EntityRef = holder.to_ref();
        let (message, label, help, fix) = if id.is_empty() {
            (
                format!("`{field}` is an empty string, which names no person"),
                "empty".to_owned(),
                "name a person id here".to_owned(),
                None,
            )
        } else if let Some(&t) = self.team_ids.get(id) {
            let lead = self.teams.get(t).and_then(|t| match &t.lead {
                Reference::Named { id, .. } => Some(id.as_str()),
                _ => None,
            });
            (
                format!(
                    "`{field}` names {}, which is a team, not a person",
                    code(id)
                ),
                format!("team {}", code(id)),
                match lead {
                    Some(lead) => format!(
                        "references name people: perhaps the team's lead, {}",
                        code(lead)
                    ),
                    None => "references name people, not teams".to_owned(),
                },
                None,
            )
        } else if self.vacancy_ids.contains_key(id) {
            let help = if field == "members" {
                "list people in `members`: an open position names the team it is hiring for with `team`"
            } else {
                "references name people, not open positions"
            };
            (
                format!(
                    "`{field}` names {}, which is an open position, not a person",
                    code(id)
                ),
                format!("open position {}", code(id)),
                help.to_owned(),
                None,
            )
        } else {
            // Nobody reports to themselves, nor has a dotted line to
            // themselves: the holder is no candidate.
            let own = matches!(field, "reports-to" | "dotted-to").then_some(holder.id.as_str());
            let references = self.references_to(id);
            let by_name = self.named(id, own);
            let suggestion = if let [p] = by_name.as_slice() {
                self.people.get(*p).map(|p| p.entity.id.as_str())
            } else if !by_name.is_empty() || references > 1 {
                None
            } else {
                suggest::closest_within(
                    id,
                    self.people
                        .iter()
                        .map(|p| p.entity.id.as_str())
                        .filter(|c| Some(*c) != own),
                    &mut self.budget,
                )
            };
            let help = if by_name.is_empty() {
                match suggestion {
                    Some(s) => crate::suggest::did_you_mean(s),
                    None if references > 1 => format!(
                        "{references} references name {}, a person missing from the file (not a typo): {}",
                        code(id),
                        missing_person_help(id)
                    ),
                    None => missing_person_help(id),
                }
            } else {
                let ids: Vec<String> = by_name
                    .iter()
                    .take(5)
                    .filter_map(|&p| self.people.get(p))
                    .map(|p| code(&p.entity.id))
                    .collect();
                format!(
                    "{} is the name of {}: references name people by id",
                    code(id),
                    ids.join(" and ")
                )
            };
            // Changing who someone reports to is never safe, and a missing
            // id named by several references is a missing person: no fix.
            let fix = suggestion.filter(|_| references < 2).map(|s| Fix {
                safety: FixSafety::Unsafe,
                message: format!("replace {} with `{s}`", code(id)),
                edits: vec![crate::diagnostic::Edit {
                    span: span.clone(),
                    replacement: requote(self.text.get(span.clone()).unwrap_or("\""), s),
                }],
            });
            (
                format!(
                    "`{field}` names {}, which is not a person in this org",
                    code(id)
                ),
                format!("no person {}", code(id)),
                help,
                fix,
            )
        };
        self.diagnostics.push(
            Diagnostic::at(
                crate::ids::UNKNOWN_REFERENCE,
                Severity::Error,
                span.clone(),
                label,
                message,
            )
            .with_help(help)
            .about(Some(holder_ref))
            .with_fix(fix)
            .with_key(format!("{field}:{id}"))
            .with_group(
                format!("{}:{id}", crate::ids::UNKNOWN_REFERENCE),
                "reference",
                format!("to {}", code(id)),
            ),
        );
        None
    }

    /// The manager a `reports-to` or `lead` names: a person, or nobody
    /// when it names an open position (`vacancy-with-reports`) or no
    /// person (`unknown-reference`).
    fn manager(&mut self, holder: &Entity, field: &str, id: &str, span: &Span) -> Option<usize> {
        // A vacancy never has a person's id (`duplicate-id`): the common
        // case is one lookup.
        if let Some(&p) = self.person_ids.get(id) {
            return Some(p);
        }
        let Some(&v) = self.vacancy_ids.get(id) else {
            return self.resolve(holder, field, id, span);
        };
        let vacancy = self.vacancies.get(v)?;
        // The person hiring for the position is where the reporting line
        // belongs until it is filled.
        let hiring = match &vacancy.reports_to {
            Reference::Named { id: m, .. }
                if self.person_ids.contains_key(m.as_str()) && *m != holder.id =>
            {
                Some(m.as_str())
            }
            _ => None,
        };
        let (message, who) = match (holder.kind, field) {
            (EntityKind::Team, _) => (
                format!(
                    "team {} is led by {}, an open position",
                    code(&holder.id),
                    code(id)
                ),
                "the team".to_owned(),
            ),
            (kind, _) => (
                format!(
                    "{} {} reports to {}, an open position",
                    kind.as_str(),
                    code(&holder.id),
                    code(id)
                ),
                code(&holder.id),
            ),
        };
        let verb = if field == "lead" {
            "be led by"
        } else {
            "report to"
        };
        let help = match hiring {
            Some(m) => format!(
                "nobody reports to a position that is not filled: until {} is, have {who} {verb} {}, who is hiring for it",
                code(id),
                code(m)
            ),
            None => format!(
                "nobody reports to a position that is not filled: name a person in `{field}` until {} is",
                code(id)
            ),
        };
        let fix = hiring.map(|m| Fix {
            safety: FixSafety::Unsafe,
            message: format!("replace {} with `{m}`", code(id)),
            edits: vec![crate::diagnostic::Edit {
                span: span.clone(),
                replacement: requote(self.text.get(span.clone()).unwrap_or("\""), m),
            }],
        });
        self.diagnostics.push(
            Diagnostic::at(
                crate::ids::VACANCY_WITH_REPORTS,
                Severity::Error,
                span.clone(),
                format!("open position {}", code(id)),
                message,
            )
            .with_help(help)
            .about(Some(holder.to_ref()))
            .with_fix(fix)
            .with_key(format!("{field}:{id}")),
        );
        None
    }

    /// The team a vacancy's `team` names, or an `unknown-reference`.
    fn team(&mut self, holder: &Entity, id: &str, span: &Span) -> Option<usize> {
        if let Some(&t) = self.team_ids.get(id) {
            return Some(t);
        }
        let (message, label, help, fix) = if self.person_ids.contains_key(id) {
            (
                format!("`team` names {}, which is a person, not a team", code(id)),
                format!("person {}", code(id)),
                "name the team the position is hiring for, by its id".to_owned(),
                None,
            )
        } else {
            let suggestion = suggest::closest_within(
                id,
                self.teams.iter().map(|t| t.entity.id.as_str()),
                &mut self.budget,
            );
            let help = match suggestion {
                Some(s) => crate::suggest::did_you_mean(s),
                None => {
                    "add the team as a `[teams.<id>]` table, or name an existing team".to_owned()
                }
            };
            let fix = suggestion.map(|s| Fix {
                safety: FixSafety::Unsafe,
                message: format!("replace {} with `{s}`", code(id)),
                edits: vec![crate::diagnostic::Edit {
                    span: span.clone(),
                    replacement: requote(self.text.get(span.clone()).unwrap_or("\""), s),
                }],
            });
            (
                format!("`team` names {}, which is not a team in this org", code(id)),
                format!("no team {}", code(id)),
                help,
                fix,
            )
        };
        self.diagnostics.push(
            Diagnostic::at(
                crate::ids::UNKNOWN_REFERENCE,
                Severity::Error,
                span.clone(),
                label,
                message,
            )
            .with_help(help)
            .about(Some(holder.to_ref()))
            .with_fix(fix)
            .with_key(format!("team:{id}"))
            .with_group(
                format!("{}:{id}", crate::ids::UNKNOWN_REFERENCE),
                "reference",
                format!("to {}", code(id)),
            ),
        );
        None
    }

    /// The person a `dotted-to` element names, when the dotted line means
    /// something: one to oneself, to one's own manager (`manager`) or to an
    /// open position is a `dotted-line` warning, one to anybody else who is
    /// not a person an `unknown-reference`.
    fn dotted(
        &mut self,
        person: &Person,
        manager: Option<usize>,
        id: &str,
        span: &Span,
    ) -> Option<usize> {
        let own = code(&person.entity.id);
        let (message, label, help) = if id == person.entity.id {
            (
                format!("{own} has a dotted line to themself"),
                format!("{own} itself"),
                format!(
                    "remove {own} from `dotted-to`: a dotted line links a person to someone other than their manager"
                ),
            )
        } else if let Some(&v) = self.vacancy_ids.get(id) {
            let hiring = self.vacancies.get(v).and_then(|v| match &v.reports_to {
                Reference::Named { id, .. } => Some(id.as_str()),
                _ => None,
            });
            (
                format!("{own} has a dotted line to {}, an open position", code(id)),
                format!("open position {}", code(id)),
                match hiring {
                    Some(m) => format!(
                        "a dotted line links two people: name {} (who is hiring for {}) for now, or add the line once the position is filled",
                        code(m),
                        code(id)
                    ),
                    None => "a dotted line links two people: add it once the position is filled"
                        .to_owned(),
                },
            )
        } else {
            let q = self.resolve(&person.entity, "dotted-to", id, span)?;
            if Some(q) != manager {
                return Some(q);
            }
            (
                format!(
                    "{own} has a dotted line to {}, who is already their manager",
                    code(id)
                ),
                format!("already the manager of {own}"),
                format!(
                    "remove {} from `dotted-to`: `reports-to` already says it",
                    code(id)
                ),
            )
        };
        self.diagnostics.push(
            Diagnostic::at(
                crate::ids::DOTTED_LINE,
                Severity::Warning,
                span.clone(),
                label,
                message,
            )
            .with_help(help)
            .about(Some(person.entity.to_ref()))
            .with_key(format!("dotted-to:{id}")),
        );
        None
    }
}

/// Reports every vacancy whose id is already a person's or a team's as a
/// `duplicate-id`, and drops it: ids name one entity, and the person or team
/// keeps the meaning the id had before the vacancy was written.
fn drop_duplicate_vacancies(org: &mut ParsedOrg, diagnostics: &mut Vec<Diagnostic>) {
    if org.vacancies.is_empty() {
        return;
    }
    let (people, teams) = (&org.people, &org.teams);
    org.vacancies.retain(|vacancy| {
        let id = vacancy.entity.id.as_str();
        let earlier = person_by_id(people, id)
            .and_then(|p| people.get(p))
            .map(|p| ("person", &p.entity))
            .or_else(|| {
                teams
                    .binary_search_by(|t| t.entity.id.as_str().cmp(id))
                    .ok()
                    .and_then(|t| teams.get(t))
                    .map(|t| ("team", &t.entity))
            });
        let Some((kind, other)) = earlier else {
            return true;
        };
        diagnostics.push(
            Diagnostic::at(
                crate::ids::DUPLICATE_ID,
                Severity::Error,
                vacancy.entity.header.clone(),
                format!("id {} defined again", code(id)),
                format!(
                    "vacancy {} has the id of {kind} {}: an id is defined twice",
                    code(id),
                    code(id)
                ),
            )
            .with_label(other.header.clone(), format!("{kind} {} defined here", code(id)))
            .with_help(format!(
                "people, teams and vacancies share one set of ids: give the vacancy another id, such as `{}`",
                crate::diagnostic::clip(&format!("{id}-hire"), 80)
            ))
            .about(Some(vacancy.entity.to_ref()))
            .with_key(format!("id:{id}")),
        );
        false
    });
}

/// The help for a reference to a person who is not in the file: the table
/// to add, quoted when the id needs it (`[people."j.smith"]`), and only for
/// an id that could be a person's id.
fn missing_person_help(id: &str) -> String {
    if crate::parse::is_valid_id(id) && id.chars().count() <= 200 {
        let key = if id.contains('.') {
            format!("\"{id}\"")
        } else {
            id.to_owned()
        };
        format!("add a `[people.{key}]` table, or name an existing person")
    } else {
        format!(
            "{} cannot be a person id (ids match `^[a-z0-9][a-z0-9._-]*$`): name an existing person by id",
            code(id)
        )
    }
}

/// A display name as it is matched against a reference.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Whether a value is written for `key` (a default does not count).
pub fn present(entity: &Entity, key: &str) -> bool {
    entity.field(key).is_some()
}

/// The value of a field as the templates see it: `on-call` defaults to
/// `false`; anything else absent is `None`.
pub fn field_value<'e>(entity: &'e Entity, key: &str) -> Option<std::borrow::Cow<'e, Value>> {
    match entity.value(key) {
        Some(v) => Some(std::borrow::Cow::Borrowed(v)),
        None if key == "on-call" && entity.kind == EntityKind::Person => {
            Some(std::borrow::Cow::Owned(Value::Bool(false)))
        }
        None => None,
    }
}
