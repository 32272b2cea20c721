//! README is the door and docs/ the reference: every chapter is linked from README, every link
//! and every chapter that `bench --help` names exists, and every image a chapter shows is there.

use std::path::Path;

use assert_cmd::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `docs/…` paths a text names.
fn docs_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("docs/") {
        let path: String = rest[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '/' | '_' | '-' | '.'))
            .collect();
        out.push(path.trim_end_matches('.').to_string());
        rest = &rest[at + 5..];
    }
    out
}

#[test]
fn every_chapter_is_linked_from_readme_and_every_link_resolves() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.lines().count() < 200,
        "README is the door, not the reference"
    );
    let named = docs_paths(&readme);
    for path in &named {
        assert!(
            root().join(path).exists(),
            "README names {path}, which is missing"
        );
    }
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") {
            let path = format!("docs/{name}");
            assert!(named.contains(&path), "README does not link {path}");
            let chapter = std::fs::read_to_string(root().join(&path)).unwrap();
            // Links and images inside a chapter are relative to docs/.
            for target in chapter.split("](").skip(1) {
                let target = &target[..target.find(')').unwrap()];
                if !target.contains("://") && !target.starts_with('#') {
                    let file = target.split('#').next().unwrap();
                    assert!(
                        root().join("docs").join(file).exists(),
                        "{path} links {target}, which is missing"
                    );
                }
            }
        }
    }
}

#[test]
fn help_names_chapters_that_exist() {
    let commands = [
        "run",
        "plan",
        "merge",
        "gen",
        "compress",
        "decompress",
        "report",
        "check",
        "speed",
    ];
    let mut top = Command::cargo_bin("bench").unwrap();
    let output = top.arg("--help").output().unwrap();
    let mut texts = vec![String::from_utf8(output.stdout).unwrap()];
    for command in commands {
        let output = Command::cargo_bin("bench")
            .unwrap()
            .args([command, "--help"])
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.contains("docs/"),
            "`bench {command} --help` names no chapter"
        );
        texts.push(text);
    }
    for text in texts {
        for path in docs_paths(&text) {
            assert!(
                root().join(&path).exists(),
                "--help names {path}, which is missing"
            );
        }
    }
}
