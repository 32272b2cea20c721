//! The layout rule: no source file imports another that imports it back, directly or through
//! others, in any crate of the workspace. Read from the `use` lines and the `crate::`/`super::`
//! paths of each file, resolved to the file that defines the module they name, so a loop
//! shows up as soon as it is written, with the files that make it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CRATES: &[&str] = &["src", "core/src", "neural/src", "generators/src"];

/// Module path (`["coding", "container"]`) of every `.rs` file under `root`.
fn modules(root: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // Binaries are crate roots of their own, outside the library's module tree.
                if path.file_name().is_some_and(|n| n != "bin") {
                    dirs.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("lib" | "main" | "mod")
            ) {
                parts.pop();
            }
            out.insert(parts, path);
        }
    }
    out
}

/// `a::{b, c::{d, e as f}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap().trim().to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap()];
    let (mut parts, mut depth, mut current) = (Vec::new(), 0, String::new());
    for ch in inner.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    parts.push(current);
    let mut out = Vec::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        for path in expand(part) {
            if path == "self" {
                out.push(prefix.trim_end_matches(':').to_string());
            } else {
                out.push(format!("{prefix}{path}"));
            }
        }
    }
    out
}

/// The paths one file names, each with the inline modules (`mod tests { … }`) it sits in.
fn named_paths(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<String> = None;
    for raw in text.lines() {
        let line = raw.split("//").next().unwrap();
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        let inside: Vec<String> = inline.iter().map(|(_, n)| n.clone()).collect();
        if let Some(mut statement) = pending.take() {
            statement.push(' ');
            statement.push_str(trimmed);
            if trimmed.ends_with(';') {
                out.push((statement, inside));
            } else {
                pending = Some(statement);
            }
            continue;
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let after_vis = match words.first() {
            Some(w) if w.starts_with("pub") => &words[1..],
            _ => &words[..],
        };
        if after_vis.len() == 3 && after_vis[0] == "mod" && after_vis[2] == "{" {
            inline.push((indent, after_vis[1].to_string()));
            continue;
        }
        if trimmed == "}" && inline.last().is_some_and(|(i, _)| *i == indent) {
            inline.pop();
            continue;
        }
        if after_vis.first() == Some(&"use") {
            let start = trimmed.find("use ").unwrap() + 4;
            let statement = trimmed[start..].to_string();
            if trimmed.ends_with(';') {
                out.push((statement, inside));
            } else {
                pending = Some(statement);
            }
            continue;
        }
        for start in ["crate::", "super::"] {
            let mut rest = line;
            while let Some(at) = rest.find(start) {
                let before = rest[..at].chars().last();
                let path: String = rest[at..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                    out.push((path.clone(), inside.clone()));
                }
                rest = &rest[at + path.len().max(1)..];
            }
        }
    }
    out
}

/// Edges from each file to the files whose modules it names.
fn imports(root: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let files = modules(root);
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (statement, inside) in named_paths(&text) {
            for path in expand(statement.trim_end_matches(';')) {
                let mut segments: Vec<&str> = path.split("::").map(str::trim).collect();
                segments.retain(|s| !s.is_empty());
                let mut base: Vec<String> = module.iter().chain(&inside).cloned().collect();
                match segments.first() {
                    Some(&"crate") => {
                        base.clear();
                        segments.remove(0);
                    }
                    Some(&("super" | "self")) => {
                        while let Some(&s) =
                            segments.first().filter(|s| **s == "super" || **s == "self")
                        {
                            if s == "super" {
                                base.pop();
                            }
                            segments.remove(0);
                        }
                    }
                    // A child module named by its bare name; other crates are not followed.
                    Some(first) => {
                        let mut child = base.clone();
                        child.push(first.to_string());
                        if !files.contains_key(&child) {
                            continue;
                        }
                    }
                    None => continue,
                }
                let full: Vec<String> = base
                    .into_iter()
                    .chain(segments.iter().map(|s| s.to_string()))
                    .collect();
                let target = (0..=full.len()).rev().find_map(|k| files.get(&full[..k]));
                if let Some(target) = target.filter(|f| *f != file) {
                    edges
                        .entry(file.clone())
                        .or_default()
                        .insert(target.clone());
                }
            }
        }
    }
    edges
}

/// A cycle through `edges`, as the files in order, if there is one.
fn find_cycle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        file: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        done: &mut BTreeSet<PathBuf>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(at) = stack.iter().position(|f| f == file) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(file.clone());
            return Some(cycle);
        }
        if done.contains(file) {
            return None;
        }
        stack.push(file.clone());
        for next in edges.get(file).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(file.clone());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|file| visit(file, edges, &mut done, &mut Vec::new()))
}

#[test]
fn no_file_imports_one_that_imports_it_back() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    for krate in CRATES {
        let edges = imports(&workspace.join(krate));
        assert!(edges.len() > 3, "{krate}: the imports were not read");
        if let Some(cycle) = find_cycle(&edges) {
            let names: Vec<String> = cycle.iter().map(|f| f.display().to_string()).collect();
            panic!("import cycle: {}", names.join(" -> "));
        }
    }
}

/// The harness's floors: the report (tables and figures) sits on top of the results, the
/// compressors and the runner, so only the subcommands that make reports (and the crate root)
/// may import it; a file below that names it (as `compressors.rs` once named the report's
/// `-bytes` suffix) runs up a floor.
#[test]
fn only_the_subcommands_import_the_report() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (report, commands) = (src.join("report"), src.join("subcommands"));
    for (file, targets) in imports(&src) {
        let above = file.starts_with(&report)
            || file.starts_with(&commands)
            || file == src.join("lib.rs")
            || file == src.join("main.rs");
        if let Some(target) = targets.iter().find(|t| t.starts_with(&report)) {
            assert!(
                above,
                "{} imports {}, a floor above it",
                file.display(),
                target.display()
            );
        }
    }
}

#[test]
fn the_reader_sees_a_cycle_and_a_nested_import() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("a")).unwrap();
    std::fs::write(root.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(root.join("a/mod.rs"), "mod c;\nuse c::Thing;\n").unwrap();
    std::fs::write(
        root.join("a/c.rs"),
        "use crate::{\n    b::{self, Other},\n};\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
    )
    .unwrap();
    std::fs::write(root.join("b.rs"), "fn f() { crate::a::go() }\n").unwrap();
    let edges = imports(root);
    let a = root.join("a/mod.rs");
    let c = root.join("a/c.rs");
    let b = root.join("b.rs");
    assert_eq!(edges[&a], BTreeSet::from([c.clone()]));
    assert_eq!(
        edges[&c],
        BTreeSet::from([b.clone()]),
        "tests' `super` is the file"
    );
    assert_eq!(edges[&b], BTreeSet::from([a.clone()]));
    let cycle = find_cycle(&edges).expect("a -> c -> b -> a");
    assert_eq!(cycle.len(), 4);
}

/// The core's floors, lowest first, as core/src/lib.rs lists them: a file imports only from
/// its own floor or below. The container (coding) frames bytes and knows no model spec;
/// spec words are upgraded in model_spec, above it.
const CORE_FLOORS: &[&[&str]] = &[
    &[
        "atomic_file",
        "yaml",
        "coding",
        "parts",
        "process",
        "replay",
    ],
    &["predict"],
    &["mixing"],
    &["driver", "bit_driver", "coding_steps"],
    &["codec"],
    &["model_codec"],
    &["model_spec"],
    &["dzfile"],
    &["bin", "lib.rs"],
];

#[test]
fn no_arrow_in_core_climbs_a_floor() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("core/src");
    let floor = |file: &Path| {
        let top = file
            .strip_prefix(&src)
            .unwrap()
            .components()
            .next()
            .unwrap();
        let top = top.as_os_str().to_str().unwrap().trim_end_matches(".rs");
        let top = if top == "lib" { "lib.rs" } else { top };
        CORE_FLOORS
            .iter()
            .position(|names| names.contains(&top))
            .unwrap_or_else(|| panic!("{}: on no floor of CORE_FLOORS", file.display()))
    };
    let mut climbs = Vec::new();
    for (file, targets) in imports(&src) {
        for target in targets {
            if floor(&target) > floor(&file) {
                climbs.push(format!("{} -> {}", file.display(), target.display()));
            }
        }
    }
    assert!(climbs.is_empty(), "arrows up a floor: {climbs:#?}");
}
