//! The floor as a whole process: read an org file and deserialize it with
//! `toml` + serde into plain structs (the format's fields), print counts.
//! Whatever `orglint check` does costs at least this much; `benches/scale.sh`
//! times both side by side.
//!
//! cargo run --release --example floor -- ORG.toml

use std::process::ExitCode;

#[path = "../floor.rs"]
mod floor;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: floor ORG.toml");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match toml::from_str::<floor::OrgFile>(&text) {
        Ok(org) => {
            println!("{} people", org.people.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {}", e.message());
            ExitCode::from(1)
        }
    }
}
