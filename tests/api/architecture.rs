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
