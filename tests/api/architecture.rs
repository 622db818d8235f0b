//! The direction of dependencies from STYLE.md: the domain depends on no I/O crate, and neither
//! the domain nor the API ever reaches persistence.

use std::collections::{HashMap, HashSet};
use std::process::Command;

use serde_json::Value;

/// Every package reachable from `name` through normal (non-dev) dependencies.
fn reachable(name: &str) -> HashSet<String> {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let nodes: HashMap<&str, Vec<&str>> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let deps = n["deps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].is_null()))
                .map(|d| d["pkg"].as_str().unwrap())
                .collect();
            (n["id"].as_str().unwrap(), deps)
        })
        .collect();
    let start = names.iter().find(|(_, n)| **n == name).map(|(id, _)| *id).expect("the package exists");
    let mut seen = HashSet::new();
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        for dep in nodes.get(id).into_iter().flatten() {
            if seen.insert(names[dep].to_owned()) {
                stack.push(dep);
            }
        }
    }
    seen
}

#[test]
fn the_api_and_the_domain_never_depend_on_persistence() {
    for package in ["opora-api", "opora-domain"] {
        let deps = reachable(package);
        assert!(!deps.contains("opora-persistence"), "{package} reaches opora-persistence");
        assert!(!deps.contains("sea-orm"), "{package} reaches sea-orm");
    }
}

#[test]
fn the_domain_has_no_runtime_web_or_serialization_dependency() {
    let deps = reachable("opora-domain");
    for forbidden in ["tokio", "axum", "async-graphql", "utoipa", "sqlx", "serde_json"] {
        assert!(!deps.contains(forbidden), "opora-domain depends on {forbidden}");
    }
}

/// The domain's capabilities (every module with a folder of its own, besides the shared
/// `core`, the `schools` registry and `access`) build on those three and never on each other,
/// so that a new capability is added, not threaded through the existing ones.
#[test]
fn capabilities_depend_on_the_core_and_never_on_each_other() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/domain/src");
    let shared = ["core", "schools", "access"];
    let capabilities: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !shared.contains(&name.as_str()))
        .collect();
    assert!(capabilities.contains(&"factors".to_owned()) && capabilities.contains(&"lists".to_owned()));
    let mut crossings = Vec::new();
    for capability in &capabilities {
        let mut folders = vec![root.join(capability)];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap().filter_map(Result::ok) {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for other in capabilities.iter().filter(|o| *o != capability) {
                    if text.contains(&format!("crate::{other}")) {
                        crossings.push(format!("{} uses crate::{other}", path.display()));
                    }
                }
            }
        }
    }
    assert!(crossings.is_empty(), "capabilities reach into each other:\n{}", crossings.join("\n"));
}
