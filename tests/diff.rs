#[test]
fn an_org_of_many_fragments_read_from_git_in_one_stream() {
    // 30 fragments: more than read one by one, so their folder is read
    // ahead in one stream.
    let repo = Repo::new("many");
    repo.write(
        "org.toml",
        "[org]\nname = \"A\"\nstructure = \"split\"\ninclude = [\"people/*.toml\"]\n\n[people.ceo]\nname = \"Ceo\"\n",
    );
    for i in 0..30 {
        repo.write(
            &format!("people/p{i:02}.toml"),
            &format!("[people.p{i:02}]\nname = \"Person {i}\"\nreports-to = \"ceo\"\n"),
        );
    }
    repo.commit("base");
    repo.write(
        "people/p07.toml",
        "[people.p07]\nname = \"Person 7\"\nreports-to = \"p08\"\n",
    );
    repo.remove("people/p29.toml");
    repo.commit("one moves, one leaves");
    let (code, doc) = repo.json(&["main~1", "main"]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(
        doc["changes"]["people"]["moved"],
        serde_json::json!([{"org": "org.toml", "id": "p07", "from": "ceo", "to": "p08"}])
    );
    assert_eq!(
        doc["changes"]["people"]["removed"],
        serde_json::json!([{"org": "org.toml", "id": "p29", "name": "Person 29"}])
    );
    assert_eq!(doc["changes"]["people"]["added"], serde_json::json!([]));
}
