//! Live heap after each phase (a counting allocator), and peak RSS with
//! `/usr/bin/time -v`.
//! cargo run --release --example mem_phase -- MODE ORG.toml
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
// SAFETY: forwards to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}
fn report(what: &str) {
    eprintln!(
        "{what}: live {} peak {}",
        mb(LIVE.load(Relaxed)),
        mb(PEAK.load(Relaxed))
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let path = args.next().unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    report("read");
    let vocabulary = orglint::Vocabulary::default();
    match mode.as_str() {
        "tokens" => {
            let t = toml_parser::Source::new(&text).lex().into_vec();
            report("tokens");
            drop(t);
        }
        "model" => {
            let (o, mut d) = orglint::parse::parse(&text, &vocabulary).unwrap_or_default();
            report("parse");
            let m = orglint::Model::build(o, &text, &mut d);
            report("model");
            drop(m);
        }
        "sizes" => eprintln!(
            "key {} val {} kind {} table {} field {} value {} person {}",
            size_of::<orglint::parse::tree::Key>(),
            size_of::<orglint::parse::tree::Val>(),
            size_of::<orglint::parse::tree::Kind>(),
            size_of::<orglint::parse::tree::Table>(),
            size_of::<orglint::org::Field>(),
            size_of::<orglint::org::Value>(),
            size_of::<orglint::org::Person>(),
        ),
        "tree" => {
            let tree = orglint::parse::tree::parse(&text).map(|t| t.entries.len());
            report("tree");
            drop(tree);
        }
        "times" => {
            let t = std::time::Instant::now();
            let n = toml_parser::Source::new(&text).lex().count();
            eprintln!("lex {n}: {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let tokens = toml_parser::Source::new(&text).lex().into_vec();
            let mut sink: Option<toml_parser::ParseError> = None;
            toml_parser::parser::parse_document(&tokens, &mut (), &mut sink);
            eprintln!("lex+events: {:?}", t.elapsed());
            drop(tokens);
            let t = std::time::Instant::now();
            let tree = orglint::parse::tree::parse_keeping_order(&text).map(|t| t.entries.len());
            eprintln!("tree: {:?} {tree:?}", t.elapsed());
            let t = std::time::Instant::now();
            let (o, mut d) = orglint::parse::parse(&text, &vocabulary).unwrap_or_default();
            eprintln!("parse: {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let m = orglint::Model::build(o, &text, &mut d);
            eprintln!("model: {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let linter = orglint::Linter::default();
            for rule in linter.policy_rules() {
                rule.check(&m, &mut d);
            }
            eprintln!("rules: {:?}", t.elapsed());
            let t = std::time::Instant::now();
            drop(m);
            eprintln!("drop: {:?}", t.elapsed());
        }
        _ => eprintln!("mode: tokens|model|times"),
    }
}
