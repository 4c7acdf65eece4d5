//! `orglint graph`: the reporting tree as a Mermaid flowchart or a Graphviz
//! DOT digraph (docs/cli.md, "`orglint graph`").
//!
//! People are drawn under their managers and teams under their leads (with
//! their headcount; members are not drawn). Node ids are `p<N>` for people
//! and `t<N>` for teams, N being the entity's index in id order. Entities
//! with diagnostics carry their rule ids in the label and are outlined by
//! their worst severity; R&D functions ([`RD_FUNCTIONS`]) get their own fill
//! so that the CPTO structure stands out. Every node sets its fill, outline
//! and text colour, so a renderer's theme changes none of them. Entities
//! whose chain to a root is broken go in an "unattached" group, and loops
//! are drawn as they are, every person on one marked `reporting-cycle`.
//! Person labels carry the `title` under the name, and a legend (nodes
//! `legend_*`) explains the fill, the outlines and the collapsed node, so a
//! chart pasted on its own still reads.
//!
//! Every walk is iterative, so a chain a million people deep draws without
//! deep recursion, and the output depends only on the model and the
//! diagnostics (in the order given), never on hashing.
//!
//! ```
//! use orglint::graph::{GraphFormat, GraphOptions, render};
//! use orglint::{Linter, Model, SourceFile, Vocabulary};
//!
//! let text = "[org]\nname = \"Acme\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n[people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\n";
//! let (org, mut diagnostics) = orglint::parse::parse(text, &Vocabulary::default()).unwrap();
//! let model = Model::build(org, text, &mut diagnostics);
//! let diagnostics = Linter::default().lint(&SourceFile::new("org.toml", text.to_owned()));
//! let options = GraphOptions::default();
//! let mermaid = render(&model, &diagnostics, &options).unwrap();
//! assert!(mermaid.contains("p0 --> p1"));
//! ```
//!
//! [`RD_FUNCTIONS`]: crate::vocabulary::RD_FUNCTIONS

mod dot;
mod mermaid;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, EntityKind, Severity, clip};
use crate::model::{EntityId, Model, child_rows};
use crate::text::plural;
use crate::vocabulary::RD_FUNCTIONS;

/// The output language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GraphFormat {
    /// A Mermaid `flowchart`, for Markdown renderers (GitHub, GitLab).
    #[default]
    Mermaid,
    /// A Graphviz `digraph`, for `dot -Tsvg` and friends.
    Dot,
}

impl GraphFormat {
    /// `"mermaid"` or `"dot"`.
    pub fn as_str(self) -> &'static str {
        match self {
            GraphFormat::Mermaid => "mermaid",
            GraphFormat::Dot => "dot",
        }
    }
}

/// Which way the reporting lines run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Top to bottom (Mermaid `flowchart TD`, DOT `rankdir=TB`).
    #[default]
    TopBottom,
    /// Left to right (Mermaid `flowchart LR`, DOT `rankdir=LR`): a wide
    /// org becomes a tall chart instead of a strip thousands of pixels wide.
    LeftRight,
}

/// What to draw and how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphOptions {
    /// Mermaid or DOT.
    pub format: GraphFormat,
    /// Draw people down to this depth (0: the people at the top, or the
    /// `root` person) and collapse everyone deeper into one "+K people" node
    /// under each person at this depth who has reports; the node also counts
    /// the teams the hidden people lead. A drawn person's teams are always
    /// drawn. `None`: draw everyone.
    pub depth: Option<usize>,
    /// Draw only this person (by id) and the people and teams under them.
    /// `None`: the whole org, unattached entities included.
    pub root: Option<String>,
    /// Which way the reporting lines run.
    pub direction: Direction,
    /// Draw only the entities with diagnostics and the people above them up
    /// to their root (a person is drawn when they or someone below them has
    /// a diagnostic; a team when it has one).
    pub only_problems: bool,
}

/// Why a graph cannot be drawn.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// `--root` names no person of the org.
    #[error(
        "no person `{}` in this org{}",
        clip(.id, 80),
        .suggestion.as_deref().map(|s| format!(": {}", crate::suggest::did_you_mean(s))).unwrap_or_default()
    )]
    UnknownRoot {
        /// The id given.
        id: String,
        /// The closest person id, for a did-you-mean hint.
        suggestion: Option<String>,
    },
}

/// Draws the org's reporting tree. `diagnostics` are the lint results for
/// the same file (`Linter::lint`); they decide the colours and the rule ids
/// in labels, and the ones about no entity go in a note.
pub fn render(
    model: &Model,
    diagnostics: &[Diagnostic],
    options: &GraphOptions,
) -> Result<String, GraphError> {
    let mut layout = Layout::new(model, options)?;
    let marks = Marks::new(model, diagnostics);
    if options.only_problems {
        layout.keep_problems(model, &marks);
    }
    let chart = Chart::new(model, &layout, &marks, options.depth);
    Ok(match options.format {
        GraphFormat::Mermaid => mermaid::render(model, &chart, &marks, options.direction),
        GraphFormat::Dot => dot::render(model, &chart, &marks, options.direction),
    })
}

/// Mermaid's default `maxEdges`: a chart with more edges is not drawn
/// (GitHub renders with the defaults).
pub const MERMAID_MAX_EDGES: usize = 500;
/// Mermaid's default `maxTextSize`, in characters.
pub const MERMAID_MAX_TEXT: usize = 50_000;

/// Why GitHub (Mermaid with its default limits) would not render this
/// Mermaid chart, or `None` when it fits.
pub fn mermaid_too_big(chart: &str) -> Option<String> {
    let edges = chart
        .lines()
        .filter(|l| l.contains(" --> ") || l.contains(".-> "))
        .count();
    let chars = chart.chars().count();
    let mut over = Vec::new();
    if chars > MERMAID_MAX_TEXT {
        over.push(format!(
            "{chars} characters (at most {MERMAID_MAX_TEXT}, Mermaid's default `maxTextSize`)"
        ));
    }
    if edges > MERMAID_MAX_EDGES {
        over.push(format!(
            "{edges} edges (at most {MERMAID_MAX_EDGES}, Mermaid's default `maxEdges`)"
        ));
    }
    (!over.is_empty()).then(|| {
        format!(
            "this Mermaid chart has {}: GitHub and other renderers with Mermaid's default limits will not draw it",
            over.join(" and ")
        )
    })
}

/// Not reached from a start: not drawn.
const UNREACHED: usize = usize::MAX;

/// Which people are drawn and at what depth: a breadth-first walk down the
/// reporting lines from the starts. Each start gets depth 0.
struct Layout {
    /// Each person's depth below their start, or [`UNREACHED`].
    depth: Vec<usize>,
    /// Reached people, parents before children.
    order: Vec<usize>,
    /// Teams by lead, in compressed rows: `lead_starts[p]..lead_starts[p + 1]`
    /// indexes `led`.
    lead_starts: Vec<usize>,
    led: Vec<usize>,
    /// Whether teams without a lead are drawn (not under `--root`).
    leadless_teams: bool,
    /// Under `--only-problems`, the teams drawn (those with diagnostics).
    teams_kept: Option<Vec<bool>>,
    /// Under `--only-problems`, the vacancies drawn (those with
    /// diagnostics).
    vacancies_kept: Option<Vec<bool>>,
}

impl Layout {
    fn new(model: &Model, options: &GraphOptions) -> Result<Layout, GraphError> {
        let n = model.org.people.len();
        let (child_starts, children) = child_rows(n, model.parent.iter().copied());
        let (lead_starts, led) = child_rows(n, model.team_lead.iter().copied());
        let mut layout = Layout {
            depth: vec![UNREACHED; n],
            order: Vec::with_capacity(n),
            lead_starts,
            led,
            leadless_teams: options.root.is_none(),
            teams_kept: None,
            vacancies_kept: None,
        };
        let mut walk = Walk {
            starts: &child_starts,
            children: &children,
            next: 0,
        };
        if let Some(id) = &options.root {
            let Some(root) = model.person_index(id) else {
                let suggestion =
                    crate::suggest::hint(id, model.org.people.iter().map(|p| p.entity.id.as_str()))
                        .map(str::to_owned);
                return Err(GraphError::UnknownRoot {
                    id: id.clone(),
                    suggestion,
                });
            };
            walk.from(root, &mut layout);
            return Ok(layout);
        }
        // Everyone without a resolved manager starts a tree: the roots, and
        // the people whose `reports-to` names nobody.
        for (p, parent) in model.parent.iter().enumerate() {
            if parent.is_none() {
                walk.from(p, &mut layout);
            }
        }
        // Whoever is left hangs off a loop: start each loop at its first id
        // (where `reporting-cycle` reports it). Everyone not yet reached has
        // only unreached ancestors, so walking up ends on the loop.
        let mut seen = vec![UNREACHED; n];
        for p in 0..n {
            if layout.depth.get(p) != Some(&UNREACHED) {
                continue;
            }
            let mut on_loop = p;
            while let Some(slot) = seen.get_mut(on_loop)
                && *slot != p
            {
                *slot = p;
                match model.parent.get(on_loop).copied().flatten() {
                    Some(up) => on_loop = up,
                    None => break,
                }
            }
            let mut first = on_loop;
            let mut member = on_loop;
            // A loop has at most n members; the bound only guards the walk.
            for _ in 0..n {
                match model.parent.get(member).copied().flatten() {
                    Some(up) if up != on_loop => {
                        first = first.min(up);
                        member = up;
                    }
                    _ => break,
                }
            }
            walk.from(first, &mut layout);
        }
        Ok(layout)
    }

    /// Keeps the entities with diagnostics and everyone above them: the
    /// others become unreached, and only the teams with diagnostics stay.
    fn keep_problems(&mut self, model: &Model, marks: &Marks) {
        let n = model.org.people.len();
        let teams: Vec<bool> = (0..model.org.teams.len())
            .map(|t| marks.get(EntityId::Team(t)).is_some())
            .collect();
        let vacancies: Vec<bool> = (0..model.org.vacancies.len())
            .map(|v| marks.vacancies.contains_key(&v))
            .collect();
        let mut hiring = vec![false; n];
        for (v, manager) in model.vacancy_manager.iter().enumerate() {
            if vacancies.get(v).copied().unwrap_or(false)
                && let Some(slot) = manager.and_then(|m| hiring.get_mut(m))
            {
                *slot = true;
            }
        }
        let mut keep = vec![false; n];
        for p in 0..n {
            let flagged = marks.get(EntityId::Person(p)).is_some()
                || hiring.get(p).copied().unwrap_or(false)
                || self
                    .teams_of(p)
                    .iter()
                    .any(|&t| teams.get(t).copied().unwrap_or(false));
            if !flagged {
                continue;
            }
            // Up the chain until someone already kept: each person is
            // marked once, so a loop ends the walk too.
            let mut at = Some(p);
            while let Some(q) = at
                && let Some(slot) = keep.get_mut(q)
                && !*slot
            {
                *slot = true;
                at = model.parent.get(q).copied().flatten();
            }
        }
        for (p, kept) in keep.iter().enumerate() {
            if !kept && let Some(d) = self.depth.get_mut(p) {
                *d = UNREACHED;
            }
        }
        self.order
            .retain(|&p| keep.get(p).copied().unwrap_or(false));
        let (lead_starts, led) = child_rows(
            n,
            model
                .team_lead
                .iter()
                .enumerate()
                .map(|(t, lead)| lead.filter(|_| teams.get(t).copied().unwrap_or(false))),
        );
        self.lead_starts = lead_starts;
        self.led = led;
        self.teams_kept = Some(teams);
        self.vacancies_kept = Some(vacancies);
    }

    /// Whether vacancy `v` may be drawn (all are, but under
    /// `--only-problems`).
    fn vacancy_kept(&self, v: usize) -> bool {
        self.vacancies_kept
            .as_ref()
            .is_none_or(|kept| kept.get(v).copied().unwrap_or(false))
    }

    /// Whether team `t` may be drawn (all are, but under `--only-problems`).
    fn team_kept(&self, t: usize) -> bool {
        self.teams_kept
            .as_ref()
            .is_none_or(|kept| kept.get(t).copied().unwrap_or(false))
    }

    /// The teams a person leads, in id order.
    fn teams_of(&self, p: usize) -> &[usize] {
        let start = self.lead_starts.get(p).copied().unwrap_or(0);
        let end = self.lead_starts.get(p + 1).copied().unwrap_or(start);
        self.led.get(start..end).unwrap_or_default()
    }

    /// A person's depth, when reached.
    fn depth_of(&self, p: usize) -> Option<usize> {
        self.depth.get(p).copied().filter(|&d| d != UNREACHED)
    }
}

/// A breadth-first walk down the reporting lines.
struct Walk<'a> {
    starts: &'a [usize],
    children: &'a [usize],
    /// The next person of `order` to expand.
    next: usize,
}

impl Walk<'_> {
    fn from(&mut self, start: usize, layout: &mut Layout) {
        match layout.depth.get_mut(start) {
            Some(d) if *d == UNREACHED => *d = 0,
            _ => return,
        }
        layout.order.push(start);
        while let Some(&p) = layout.order.get(self.next) {
            self.next += 1;
            let d = layout.depth.get(p).copied().unwrap_or(0);
            let begin = self.starts.get(p).copied().unwrap_or(0);
            let end = self.starts.get(p + 1).copied().unwrap_or(begin);
            for &c in self.children.get(begin..end).unwrap_or_default() {
                if let Some(slot) = layout.depth.get_mut(c)
                    && *slot == UNREACHED
                {
                    *slot = d + 1;
                    layout.order.push(c);
                }
            }
        }
    }
}

/// What the diagnostics say about one entity.
#[derive(Default)]
struct Mark {
    worst: Option<Severity>,
    /// Distinct rule ids, sorted.
    rules: Vec<String>,
    /// `severity rule: message`, one per diagnostic.
    details: Vec<String>,
}

impl Mark {
    fn add(&mut self, d: &Diagnostic, detail: &str) {
        self.worst = self.worst.max(Some(d.severity));
        if let Err(at) = self.rules.binary_search(&d.rule) {
            self.rules.insert(at, d.rule.clone());
        }
        self.details.push(detail.to_owned());
    }
}

/// The diagnostics by entity, and the org-level ones.
struct Marks {
    entities: HashMap<EntityId, Mark>,
    /// By vacancy index.
    vacancies: HashMap<usize, Mark>,
    /// Notes about the org itself (or about no entity of the model).
    org: Vec<String>,
}

impl Marks {
    fn new(model: &Model, diagnostics: &[Diagnostic]) -> Marks {
        let mut entities: HashMap<EntityId, Mark> = HashMap::new();
        let mut vacancies: HashMap<usize, Mark> = HashMap::new();
        let mut org = Vec::new();
        for d in diagnostics {
            let detail = format!("{} {}: {}", d.severity, d.rule, clip(&d.message, 160));
            let vacancy = d
                .entity
                .as_ref()
                .filter(|e| e.kind == EntityKind::Vacancy)
                .and_then(|e| {
                    model
                        .org
                        .vacancies
                        .binary_search_by(|v| v.entity.id.as_str().cmp(&e.id))
                        .ok()
                });
            if let Some(v) = vacancy {
                vacancies.entry(v).or_default().add(d, &detail);
                continue;
            }
            let target = d.entity.as_ref().and_then(|e| match e.kind {
                EntityKind::Vacancy => None,
                EntityKind::Person => model.person_index(&e.id).map(EntityId::Person),
                EntityKind::Team => model
                    .org
                    .teams
                    .binary_search_by(|t| t.entity.id.as_str().cmp(&e.id))
                    .ok()
                    .map(EntityId::Team),
            });
            let Some(target) = target else {
                org.push(match &d.entity {
                    Some(e) => format!("{detail} ({} {})", e.kind.as_str(), clip(&e.id, 80)),
                    None => detail,
                });
                continue;
            };
            for target in loop_members(model, &d.rule, target) {
                entities.entry(target).or_default().add(d, &detail);
            }
        }
        Marks {
            entities,
            vacancies,
            org,
        }
    }

    fn get(&self, id: EntityId) -> Option<&Mark> {
        self.entities.get(&id)
    }

    fn worst(&self, id: EntityId) -> Option<Severity> {
        self.get(id).and_then(|m| m.worst)
    }
}

/// The entities a diagnostic marks: its own, and for `reporting-cycle`
/// (about the loop's first id, the others being only labels) everyone on
/// the loop, so that the whole loop stands out as `docs/org-format.md` says.
fn loop_members(model: &Model, rule: &str, target: EntityId) -> Vec<EntityId> {
    let EntityId::Person(first) = target else {
        return vec![target];
    };
    if rule != crate::ids::REPORTING_CYCLE {
        return vec![target];
    }
    let mut members = vec![target];
    let mut next = model.parent.get(first).copied().flatten();
    // A loop has at most n members; the bound only guards the walk.
    for _ in 0..model.org.people.len() {
        match next {
            Some(p) if p == first => return members,
            Some(p) => {
                members.push(EntityId::Person(p));
                next = model.parent.get(p).copied().flatten();
            }
            None => break,
        }
    }
    // Not a loop after all (the diagnostic and the model disagree): mark
    // only the entity the diagnostic names.
    vec![target]
}

/// What hides under a collapsed person.
#[derive(Clone, Copy, Default)]
struct Hidden {
    people: u64,
    teams: u64,
    /// Hidden entities with diagnostics.
    flagged: u64,
    worst: Option<Severity>,
}

impl Hidden {
    fn add(&mut self, other: Hidden) {
        self.people += other.people;
        self.teams += other.teams;
        self.flagged += other.flagged;
        self.worst = self.worst.max(other.worst);
    }

    fn one(people: u64, teams: u64, worst: Option<Severity>) -> Hidden {
        Hidden {
            people,
            teams,
            flagged: u64::from(worst.is_some()),
            worst,
        }
    }
}

/// A node of the drawing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Node {
    Person(usize),
    Team(usize),
    /// An open position, drawn dashed under its manager.
    Vacancy(usize),
    /// The "+K people" node under a person.
    More(usize),
}

impl Node {
    /// Output order: people, teams, vacancies, "+K people" nodes, each by
    /// index.
    fn rank(self) -> (u8, usize) {
        match self {
            Node::Person(p) => (0, p),
            Node::Team(t) => (1, t),
            Node::Vacancy(v) => (2, v),
            Node::More(p) => (3, p),
        }
    }

    fn id(self) -> String {
        match self {
            Node::Person(p) => format!("p{p}"),
            Node::Team(t) => format!("t{t}"),
            Node::Vacancy(v) => format!("v{v}"),
            Node::More(p) => format!("m{p}"),
        }
    }
}

/// Everything drawn, in output order.
struct Chart {
    /// Nodes outside the "unattached" group.
    attached: Vec<Node>,
    /// Nodes inside it.
    unattached: Vec<Node>,
    /// Reporting lines; a line to a vacancy is drawn dashed.
    edges: Vec<(Node, Node)>,
    /// Dotted lines between drawn people, drawn dashed.
    dotted: Vec<(Node, Node)>,
    /// What each "+K people" node hides, by person.
    hidden: HashMap<usize, Hidden>,
}

impl Chart {
    fn new(model: &Model, layout: &Layout, marks: &Marks, limit: Option<usize>) -> Chart {
        let shown = |p: usize| {
            layout
                .depth_of(p)
                .is_some_and(|d| limit.is_none_or(|limit| d <= limit))
        };
        let hidden = match limit {
            Some(limit) => collapse(model, layout, marks, limit),
            None => HashMap::new(),
        };
        let broken = |p: usize| model.depth(EntityId::Person(p)).is_none();

        let mut chart = Chart {
            attached: Vec::new(),
            unattached: Vec::new(),
            edges: Vec::new(),
            dotted: Vec::new(),
            hidden: HashMap::new(),
        };
        let mut place = |node: Node, unattached: bool| {
            if unattached {
                chart.unattached.push(node);
            } else {
                chart.attached.push(node);
            }
        };
        for p in (0..model.org.people.len()).filter(|&p| shown(p)) {
            place(Node::Person(p), broken(p));
        }
        for (t, lead) in model.team_lead.iter().enumerate() {
            if !layout.team_kept(t) {
                continue;
            }
            match lead {
                Some(lead) if shown(*lead) => place(Node::Team(t), broken(*lead)),
                None if layout.leadless_teams => place(Node::Team(t), true),
                _ => {}
            }
        }
        for (v, manager) in model.vacancy_manager.iter().enumerate() {
            if !layout.vacancy_kept(v) {
                continue;
            }
            match manager {
                Some(m) if shown(*m) => place(Node::Vacancy(v), broken(*m)),
                None if layout.leadless_teams => place(Node::Vacancy(v), true),
                _ => {}
            }
        }
        let mut collapsed: Vec<usize> = hidden
            .iter()
            .filter(|(_, h)| h.people > 0)
            .map(|(&p, _)| p)
            .collect();
        collapsed.sort_unstable();
        for &p in &collapsed {
            place(Node::More(p), broken(p));
        }

        for (c, parent) in model.parent.iter().enumerate() {
            if let Some(parent) = parent
                && shown(c)
                && shown(*parent)
            {
                chart.edges.push((Node::Person(*parent), Node::Person(c)));
            }
        }
        for (t, lead) in model.team_lead.iter().enumerate() {
            if let Some(lead) = lead
                && shown(*lead)
                && layout.team_kept(t)
            {
                chart.edges.push((Node::Person(*lead), Node::Team(t)));
            }
        }
        for (v, manager) in model.vacancy_manager.iter().enumerate() {
            if let Some(m) = manager
                && shown(*m)
                && layout.vacancy_kept(v)
            {
                chart.edges.push((Node::Person(*m), Node::Vacancy(v)));
            }
        }
        for &p in &collapsed {
            chart.edges.push((Node::Person(p), Node::More(p)));
        }
        for &(p, q) in &model.dotted {
            if shown(p) && shown(q) {
                chart.dotted.push((Node::Person(p), Node::Person(q)));
            }
        }
        // Grouped by manager: each person's reports, then teams, then the
        // "+K people" node.
        chart
            .edges
            .sort_unstable_by_key(|&(from, to)| (from.rank(), to.rank()));
        chart.hidden = hidden;
        chart
            .hidden
            .retain(|p, _| collapsed.binary_search(p).is_ok());
        chart
    }
}

/// For every drawn person at depth `limit`, what hides below them: their
/// descendants and the teams these descendants lead.
fn collapse(model: &Model, layout: &Layout, marks: &Marks, limit: usize) -> HashMap<usize, Hidden> {
    let n = model.org.people.len();
    let mut below = vec![Hidden::default(); n];
    for &p in &layout.order {
        if layout.depth_of(p).is_some_and(|d| d > limit)
            && let Some(slot) = below.get_mut(p)
        {
            for &t in layout.teams_of(p) {
                slot.add(Hidden::one(0, 1, marks.worst(EntityId::Team(t))));
            }
        }
    }
    // Children before parents: each hidden person adds itself and what hides
    // below it to its manager.
    for &p in layout.order.iter().rev() {
        if layout.depth_of(p).is_none_or(|d| d <= limit) {
            continue;
        }
        let Some(manager) = model.parent.get(p).copied().flatten() else {
            continue;
        };
        let mut moved = below.get(p).copied().unwrap_or_default();
        moved.add(Hidden::one(1, 0, marks.worst(EntityId::Person(p))));
        if let Some(slot) = below.get_mut(manager) {
            slot.add(moved);
        }
    }
    layout
        .order
        .iter()
        .filter(|&&p| layout.depth_of(p) == Some(limit))
        .filter_map(|&p| below.get(p).map(|h| (p, *h)))
        .collect()
}

fn rd(model: &Model, id: EntityId) -> bool {
    model
        .function(id)
        .is_some_and(|f| RD_FUNCTIONS.contains(&f))
}

/// Whether a node is in an R&D function (an entity's, or a vacancy's own
/// or its team's).
fn rd_node(model: &Model, node: Node) -> bool {
    match node {
        Node::Vacancy(v) => model
            .vacancy_function(v)
            .is_some_and(|f| RD_FUNCTIONS.contains(&f)),
        _ => entity_of(node).is_some_and(|id| rd(model, id)),
    }
}

/// The lines of a node's label, unescaped, and the mark behind its colour.
fn label_lines(model: &Model, chart: &Chart, marks: &Marks, node: Node) -> Vec<String> {
    let mut lines = Vec::new();
    match node {
        Node::Person(p) => {
            let entity = model.entity(EntityId::Person(p));
            lines.push(clip(entity.name(), 80));
            if let Some(title) = entity.str_value("title").filter(|t| !t.trim().is_empty()) {
                lines.push(clip(title, 80));
            }
            lines.push(clip(&entity.id, 80));
        }
        Node::Team(t) => {
            let entity = model.entity(EntityId::Team(t));
            let size = model.team_size.get(t).copied().unwrap_or(0);
            lines.push(clip(entity.name(), 80));
            lines.push(format!(
                "{}, {}",
                clip(&entity.id, 80),
                plural(size, "person")
            ));
        }
        Node::Vacancy(v) => {
            let entity = &model.vacancy(v).entity;
            lines.push(clip(
                entity.str_value("title").unwrap_or("open position"),
                80,
            ));
            match entity.str_value("opens") {
                Some(opens) => lines.push(format!("open position, opens {opens}")),
                None => lines.push("open position".to_owned()),
            }
            lines.push(clip(&entity.id, 80));
            if let Some(mark) = marks.vacancies.get(&v) {
                lines.push(mark.rules.join(", "));
            }
        }
        Node::More(p) => {
            let hidden = chart.hidden.get(&p).copied().unwrap_or_default();
            let mut line = format!("+{}", plural(hidden.people, "person"));
            if hidden.teams > 0 {
                line.push_str(&format!(", {}", plural(hidden.teams, "team")));
            }
            lines.push(line);
            if hidden.flagged > 0 {
                lines.push(format!("{} with diagnostics", hidden.flagged));
            }
        }
    }
    if let Some(mark) = entity_of(node).and_then(|id| marks.get(id)) {
        lines.push(mark.rules.join(", "));
    }
    lines
}

fn entity_of(node: Node) -> Option<EntityId> {
    match node {
        Node::Person(p) => Some(EntityId::Person(p)),
        Node::Team(t) => Some(EntityId::Team(t)),
        Node::Vacancy(_) | Node::More(_) => None,
    }
}

fn worst(chart: &Chart, marks: &Marks, node: Node) -> Option<Severity> {
    match node {
        Node::More(p) => chart.hidden.get(&p).and_then(|h| h.worst),
        Node::Vacancy(v) => marks.vacancies.get(&v).and_then(|m| m.worst),
        _ => entity_of(node).and_then(|id| marks.worst(id)),
    }
}

/// The legend's entries: (node id, label, class or look), the same in
/// both formats.
const LEGEND: &[(&str, &str, Legend)] = &[
    ("legend_rd", "R&D function", Legend::Rd),
    ("legend_error", "error", Legend::Severity(Severity::Error)),
    (
        "legend_warning",
        "warning",
        Legend::Severity(Severity::Warning),
    ),
    ("legend_more", "+K people: a collapsed branch", Legend::More),
];

/// What a legend entry shows.
#[derive(Clone, Copy)]
enum Legend {
    Rd,
    Severity(Severity),
    More,
}

/// At most this many org-level diagnostics are listed in the note.
const NOTE_LINES: usize = 10;

fn note_lines(marks: &Marks) -> Vec<String> {
    let mut lines: Vec<String> = marks.org.iter().take(NOTE_LINES).cloned().collect();
    if marks.org.len() > NOTE_LINES {
        lines.push(format!("and {} more", marks.org.len() - NOTE_LINES));
    }
    lines
}

/// Plain people and teams: white with dark text. Every node sets its fill,
/// stroke and text colour, so no renderer theme (GitHub's light `#ECECFF`
/// default, or a dark one) decides them, and it reads on any page.
const PLAIN_FILL: &str = "#ffffff";
const PLAIN_STROKE: &str = "#616161";
/// Text on every light fill.
const TEXT: &str = "#212121";
/// R&D functions: a saturated violet with white text, 8:1 against the
/// plain white fill, so the CPTO structure stands out under any theme (a
/// pale violet was lost next to a theme's pale default fill).
const RD_FILL: &str = "#5e35b1";
const RD_STROKE: &str = "#311b92";
const RD_TEXT: &str = "#ffffff";
const MORE_FILL: &str = "#eeeeee";
const NOTE_FILL: &str = "#fff8e1";
const NOTE_STROKE: &str = "#bdbdbd";

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#d32f2f",
        Severity::Warning => "#f59e0b",
        Severity::Info => "#1e88e5",
    }
}
