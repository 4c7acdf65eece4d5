//! A deterministic generator of realistic synthetic orgs, for benchmarks:
//! a CEO, C-level executives, a CPTO over product, engineering, design and
//! data, VPs, directors, managers with spans of 3 to 10, teams with
//! headcount, listed members and owned areas.
//!
//! cargo run --release --example gen-org -- --people N [--seed S] [--violations] > org.toml
//!
//! With `--violations` a few problems of every built-in rule are planted.

use std::fmt::Write as _;

/// xorshift64*: small, deterministic on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.range(0, items.len() - 1))
            .copied()
            .unwrap_or("x")
    }
}

const FIRST: &[&str] = &[
    "ada",
    "grace",
    "linus",
    "ken",
    "barbara",
    "margaret",
    "dennis",
    "frances",
    "alan",
    "edsger",
    "radia",
    "john",
    "lynn",
    "niklaus",
    "hedy",
    "donald",
    "anita",
    "tim",
    "sophie",
    "guido",
    "yukihiro",
    "bjarne",
    "katherine",
    "james",
    "leslie",
    "shafi",
    "whitfield",
    "mary",
    "ivan",
    "jean",
];
const LAST: &[&str] = &[
    "lovelace",
    "hopper",
    "torvalds",
    "thompson",
    "liskov",
    "hamilton",
    "ritchie",
    "allen",
    "turing",
    "dijkstra",
    "perlman",
    "backus",
    "conway",
    "wirth",
    "lamarr",
    "knuth",
    "borg",
    "berners",
    "wilson",
    "rossum",
    "matsumoto",
    "stroustrup",
    "johnson",
    "gosling",
    "lamport",
    "goldwasser",
    "diffie",
];

/// Share of everyone below the executives, by function, in per mille.
const SHARES: &[(&str, usize)] = &[
    ("engineering", 420),
    ("product", 70),
    ("design", 45),
    ("data", 60),
    ("sales", 130),
    ("customer-success", 50),
    ("marketing", 60),
    ("support", 50),
    ("finance", 35),
    ("people", 35),
    ("legal", 15),
    ("operations", 30),
];

struct Person {
    id: String,
    name: String,
    title: String,
    reports_to: Option<usize>,
    function: &'static str,
    roles: Vec<&'static str>,
    extra: String,
}

struct Team {
    id: String,
    function: &'static str,
    lead: usize,
    members: Vec<usize>,
    headcount: usize,
    owns: Vec<String>,
}

struct Org {
    rng: Rng,
    people: Vec<Person>,
    teams: Vec<Team>,
}

impl Org {
    fn add(
        &mut self,
        title: &str,
        reports_to: Option<usize>,
        function: &'static str,
        roles: Vec<&'static str>,
    ) -> usize {
        let index = self.people.len();
        let first = self.rng.pick(FIRST);
        let last = self.rng.pick(LAST);
        let mut name = String::new();
        for (i, part) in [first, last].iter().enumerate() {
            if i > 0 {
                name.push(' ');
            }
            let mut chars = part.chars();
            if let Some(c) = chars.next() {
                name.extend(c.to_uppercase());
                name.push_str(chars.as_str());
            }
        }
        self.people.push(Person {
            id: format!("{first}-{last}-{index}"),
            name,
            title: title.to_owned(),
            reports_to,
            function,
            roles,
            extra: String::new(),
        });
        index
    }

    /// Gives `leader` a subtree of `budget` more people of `function`.
    fn grow(&mut self, leader: usize, function: &'static str, budget: usize) {
        let mut queue = vec![(leader, budget)];
        while let Some((manager, budget)) = queue.pop() {
            if budget == 0 {
                continue;
            }
            // Large groups get wide spans, as large orgs do, to stay within 7 layers.
            let span = if budget > 100 {
                self.rng.range(9, 12)
            } else {
                self.rng.range(5, 10)
            };
            if budget <= span + 2 {
                // A first-line manager: a team, some members listed, some not.
                let listed = budget.div_ceil(2);
                let mut members = Vec::with_capacity(listed);
                for _ in 0..listed {
                    members.push(self.add(
                        &format!("{} specialist", function),
                        Some(manager),
                        function,
                        Vec::new(),
                    ));
                }
                let index = self.teams.len();
                self.teams.push(Team {
                    id: format!("{function}-team-{index}"),
                    function,
                    lead: manager,
                    members,
                    // A manager of one is a span-of-control problem.
                    headcount: budget.max(2),
                    owns: vec![format!("{function}-area-{index}")],
                });
                continue;
            }
            let managers = span.min(budget / 3).max(1);
            let rest = budget - managers;
            for m in 0..managers {
                let share = rest / managers + usize::from(m < rest % managers);
                let child = self.add(
                    &format!("{function} manager"),
                    Some(manager),
                    function,
                    Vec::new(),
                );
                queue.push((child, share));
            }
        }
    }
}

fn main() {
    let mut people = 100usize;
    let mut seed = 1u64;
    let mut violations = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--people" => people = args.next().and_then(|v| v.parse().ok()).unwrap_or(people),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--violations" => violations = true,
            other => {
                eprintln!(
                    "gen-org: unknown argument {other}\nusage: gen-org --people N [--seed S] [--violations]"
                );
                std::process::exit(2);
            }
        }
    }
    print!("{}", generate(people, seed, violations));
}

/// The org file text for `people` listed people.
pub fn generate(people: usize, seed: u64, violations: bool) -> String {
    let people = people.max(20);
    let mut org = Org {
        rng: Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1),
        people: Vec::with_capacity(people),
        teams: Vec::new(),
    };
    let ceo = org.add("Chief Executive Officer", None, "executive", vec!["ceo"]);
    let cpto = org.add(
        "Chief Product and Technology Officer",
        Some(ceo),
        "executive",
        vec!["cpto"],
    );
    org.people[cpto].extra = "background = [\"engineering\", \"product\"]\non-call = true\naccountable-for = [\"R&D investment returns\"]\n".to_owned();
    let cro = org.add("Chief Revenue Officer", Some(ceo), "executive", vec!["cro"]);
    let cfo = org.add(
        "Chief Financial Officer",
        Some(ceo),
        "executive",
        vec!["cfo"],
    );
    let coo = org.add(
        "Chief Operating Officer",
        Some(ceo),
        "executive",
        vec!["coo"],
    );
    let remaining = people - org.people.len();
    let mut planned = 0;
    for (i, (function, share)) in SHARES.iter().enumerate() {
        let budget = if i + 1 == SHARES.len() {
            remaining - planned
        } else {
            remaining * share / 1000
        };
        planned += budget;
        let exec = match *function {
            "engineering" | "product" | "design" | "data" => cpto,
            "sales" | "customer-success" | "marketing" => cro,
            "finance" | "legal" => cfo,
            _ => coo,
        };
        if budget == 0 {
            continue;
        }
        let head = org.add(
            &format!("Head of {function}"),
            Some(exec),
            function,
            Vec::new(),
        );
        org.grow(head, function, budget - 1);
    }
    // Listed people are what `people` counts; the unlisted headcount of
    // teams comes on top, as in a real org file.
    let mut out = String::with_capacity(people * 160);
    let _ = writeln!(
        out,
        "# Synthetic org: {people} listed people, seed {seed}. Generated by gen-org; do not edit.\n"
    );
    let _ = writeln!(out, "[org]\nname = \"Initech\"\nstructure = \"cpto\"\n");
    if violations {
        plant(&mut org);
    }
    for p in &org.people {
        let _ = writeln!(
            out,
            "[people.{}]\nname = \"{}\"\ntitle = \"{}\"",
            p.id, p.name, p.title
        );
        if let Some(m) = p.reports_to {
            let _ = writeln!(
                out,
                "reports-to = \"{}\"",
                org.people.get(m).map_or("nobody", |x| x.id.as_str())
            );
        }
        let _ = writeln!(out, "function = \"{}\"", p.function);
        if !p.roles.is_empty() {
            let roles: Vec<String> = p.roles.iter().map(|r| format!("\"{r}\"")).collect();
            let _ = writeln!(out, "roles = [{}]", roles.join(", "));
        }
        out.push_str(&p.extra);
        out.push('\n');
    }
    for t in &org.teams {
        let lead = org.people.get(t.lead).map_or("nobody", |x| x.id.as_str());
        let members: Vec<String> = t
            .members
            .iter()
            .filter_map(|m| org.people.get(*m))
            .map(|x| format!("\"{}\"", x.id))
            .collect();
        let owns: Vec<String> = t.owns.iter().map(|o| format!("\"{o}\"")).collect();
        let _ = writeln!(
            out,
            "[teams.{}]\nname = \"{}\"\nfunction = \"{}\"\nlead = \"{lead}\"\nmembers = [{}]\nheadcount = {}\nowns = [{}]\n",
            t.id,
            t.id.replace('-', " "),
            t.function,
            members.join(", "),
            t.headcount,
            owns.join(", ")
        );
    }
    out
}

/// Plants a few problems of the built-in rules.
fn plant(org: &mut Org) {
    let n = org.people.len();
    if let Some(p) = org.people.get_mut(n - 2) {
        p.extra
            .push_str("# planted: unknown-role\nroles = [\"cxo\"]\n");
    }
    if let Some(p) = org.people.get_mut(n - 1) {
        p.extra
            .push_str("# planted: unknown-field\nreprots-to = \"x\"\n");
        p.function = "enginering"; // unknown-function
    }
    // a second R&D executive beside the CPTO: single-accountable-rd-exec
    let cpo = org.add("Chief Product Officer", Some(0), "product", vec!["cpo"]);
    org.grow(cpo, "product", 14); // and a big product team: team-size
    if let Some(t) = org.teams.last_mut() {
        t.headcount = 15;
        t.owns.push("engineering-area-0".to_owned()); // single-threaded-owner
    }
    // a reporting cycle of two
    let a = org.add("Looping manager", None, "operations", Vec::new());
    let b = org.add("Looping manager", Some(a), "operations", Vec::new());
    if let Some(p) = org.people.get_mut(a) {
        p.reports_to = Some(b);
    }
}
