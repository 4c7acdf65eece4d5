//! The release's asset names are written in three places that cannot be run
//! here: the release workflow that builds them, the `cargo binstall` metadata
//! and the GitHub action's download script. They must agree, or users get a
//! 404 on the first release; and the pre-commit mirror must pin this version.

use std::collections::BTreeSet;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The value of `key: value` or `key=value` inside a one-line flow mapping
/// or a shell case arm, up to `,`, `;`, `}` or a space.
fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let start = line.find(key)? + key.len();
    let rest = line[start..].trim_start();
    let end = rest.find([',', ';', '}', ' ']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// (target, archive extension) of each binary the release workflow builds.
fn workflow_targets(workflow: &str) -> Vec<(String, String)> {
    workflow
        .lines()
        .filter(|l| l.trim_start().starts_with("- { target:"))
        .map(|l| {
            let target = field(l, "target:").expect("target");
            let archive = field(l, "archive:").unwrap_or_else(|| panic!("no archive in {l}"));
            (target.to_string(), archive.to_string())
        })
        .collect()
}

fn workflow_assets() -> BTreeSet<String> {
    let workflow = read(".github/workflows/release.yml");
    assert!(
        workflow.contains("ASSET: orglint-${{ matrix.target }}.${{ matrix.archive }}"),
        "the workflow no longer names its assets orglint-<target>.<archive>"
    );
    assert!(
        workflow.contains("\"$ASSET.sha256\""),
        "the workflow writes no checksum files"
    );
    workflow_targets(&workflow)
        .into_iter()
        .map(|(t, a)| format!("orglint-{t}.{a}"))
        .collect()
}

#[test]
fn the_workflow_builds_every_platform_the_issue_names() {
    let workflow = read(".github/workflows/release.yml");
    let targets: BTreeSet<String> = workflow_targets(&workflow)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let want = [
        "x86_64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ];
    for t in want {
        assert!(
            targets.contains(t),
            "release.yml does not build {t}: {targets:?}"
        );
    }
    assert!(
        workflow.contains("PyO3/maturin-action"),
        "release.yml builds no wheels"
    );
}

/// The `pkg-url` of `[package.metadata.binstall]` (`None`) or of one target's
/// override, as written in Cargo.toml.
fn binstall_urls(cargo: &str) -> Vec<(Option<String>, String)> {
    let mut section = String::new();
    let mut urls = Vec::new();
    for line in cargo.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).to_string();
        } else if let Some(url) = line.strip_prefix("pkg-url = ") {
            let url = url.trim_matches('"').to_string();
            if section == "package.metadata.binstall" {
                urls.push((None, url));
            } else if let Some(t) = section.strip_prefix("package.metadata.binstall.overrides.") {
                urls.push((Some(t.to_string()), url));
            }
        }
    }
    urls
}

#[test]
fn binstall_fetches_the_assets_the_workflow_uploads() {
    let assets = workflow_assets();
    let cargo = read("Cargo.toml");
    let urls = binstall_urls(&cargo);
    let default = urls
        .iter()
        .find(|(t, _)| t.is_none())
        .map(|(_, u)| u.clone())
        .expect("no [package.metadata.binstall] pkg-url");
    let prefix = "{ repo }/releases/download/v{ version }/";
    assert!(
        cargo.contains("bin-dir = \"{ bin }{ binary-ext }\""),
        "the archives hold the binary at their root"
    );
    let workflow = read(".github/workflows/release.yml");
    for (target, _) in workflow_targets(&workflow) {
        let url = urls
            .iter()
            .find(|(t, _)| t.as_deref() == Some(target.as_str()))
            .map_or(default.as_str(), |(_, u)| u.as_str());
        let name = url
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("pkg-url {url} is not under {prefix}"))
            .replace("{ target }", &target);
        assert!(
            assets.contains(&name),
            "binstall asks for {name} on {target}; the release has {assets:?}"
        );
    }
    for (target, _) in &urls {
        if let Some(t) = target {
            assert!(
                assets.iter().any(|a| a.contains(&format!("-{t}."))),
                "binstall overrides {t}, which the release does not build"
            );
        }
    }
}

#[test]
fn the_download_script_fetches_assets_the_workflow_uploads() {
    let assets = workflow_assets();
    let script = read("scripts/install-orglint.sh");
    assert!(
        script.contains("asset=\"orglint-${target}.${ext}\""),
        "the script no longer names assets orglint-<target>.<ext>"
    );
    assert!(
        script.contains("\"$base/$asset.sha256\""),
        "the script no longer fetches the checksum"
    );
    let arms: Vec<String> = script
        .lines()
        .filter(|l| l.contains(") target=") && l.contains("ext="))
        .map(|l| {
            format!(
                "orglint-{}.{}",
                field(l, "target=").expect("target"),
                field(l, "ext=").expect("ext")
            )
        })
        .collect();
    assert!(arms.len() >= 4, "the script knows only {arms:?}");
    for name in &arms {
        assert!(
            assets.contains(name),
            "the script downloads {name}; the release has {assets:?}"
        );
    }
    let action = read("action.yml");
    assert!(
        action.contains("scripts/install-orglint.sh"),
        "action.yml does not use the download script"
    );
    assert!(
        action.contains("https://github.com/orglint/orglint/releases/download/v$version"),
        "action.yml downloads from somewhere else than the release"
    );
}

#[test]
fn the_pre_commit_mirror_pins_this_version() {
    let cargo = read("Cargo.toml");
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .map(|v| v.trim_end_matches('"'))
        .expect("version");
    let mirror = read("pre-commit-mirror/pyproject.toml");
    assert!(
        mirror.contains(&format!("\"orglint=={version}\"")),
        "the mirror does not depend on orglint=={version}"
    );
    assert!(
        mirror.contains(&format!("version = \"{version}\"")),
        "the mirror's version is not {version}"
    );
    let hooks = read("pre-commit-mirror/.pre-commit-hooks.yaml");
    for line in [
        "entry: orglint check",
        "language: python",
        "pass_filenames: false",
        "files: \\.toml$",
    ] {
        assert!(hooks.contains(line), "the mirror's hook lacks `{line}`");
    }
    let readme = read("README.md");
    assert!(
        readme.contains(&format!("rev: v{version}")),
        "the README's pre-commit example does not pin v{version}"
    );
}

/// The version being released has its section in CHANGELOG.md (Keep a
/// Changelog: `## [0.1.0] - DATE`), which the release notes point at, and
/// the `v<version>` tag the workflow runs on is listed at the bottom.
#[test]
fn the_changelog_has_a_section_for_this_version() {
    let version = env!("CARGO_PKG_VERSION");
    let changelog = read("CHANGELOG.md");
    assert!(
        changelog
            .lines()
            .any(|l| l.starts_with(&format!("## [{version}] - "))),
        "CHANGELOG.md has no `## [{version}] - DATE` section"
    );
    assert!(
        changelog.contains(&format!("[{version}]: "))
            && changelog.contains(&format!("tag/v{version}")),
        "CHANGELOG.md does not link the v{version} tag"
    );
}
