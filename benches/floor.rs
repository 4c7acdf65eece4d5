//! The floor: the org format's fields as plain structs, deserialised by
//! `toml` + serde with nothing else. Shared by the benchmarks.

use std::collections::HashMap;

use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)] // read so that deserializing does the real work
pub struct OrgFile {
    org: Org,
    #[serde(default)]
    pub people: HashMap<String, Person>,
    #[serde(default)]
    teams: HashMap<String, Team>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Org {
    name: String,
    structure: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
pub struct Person {
    name: String,
    title: Option<String>,
    reports_to: Option<String>,
    function: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    background: Vec<String>,
    #[serde(default)]
    on_call: bool,
    #[serde(default)]
    accountable_for: Vec<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Team {
    name: String,
    function: String,
    lead: String,
    #[serde(default)]
    members: Vec<String>,
    headcount: Option<u32>,
    #[serde(default)]
    owns: Vec<String>,
}
