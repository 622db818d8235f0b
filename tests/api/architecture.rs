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

/// The capabilities, each a module of its own in every crate. `core`, the `schools` registry,
/// `access` and the audit trail are shared: every capability builds on them.
const CAPABILITIES: [&str; 7] = ["factors", "lists", "measures", "monitoring", "indicators", "warning", "notes"];

/// Where a crate's files belong: the first prefix (a path under `src/`) that matches names the
/// owner; a file no prefix names is shared machinery. The domain's `insights` is the combined
/// views, which read every capability by design; the API renders them in `dashboards` and
/// `views/dashboards`, `views/overview` (shared machinery here).
struct Layout {
    name: &'static str,
    owners: &'static [(&'static str, &'static str)],
    /// What an import names, as the owner of what it reaches, or `None` when shared.
    reaches: fn(&str) -> Vec<(String, String)>,
}

const DOMAIN: Layout = Layout {
    name: "domain",
    owners: &[
        ("core/", "core"),
        ("factors/", "factors"),
        ("lists/", "lists"),
        ("measures/", "measures"),
        ("monitoring/", "monitoring"),
        ("indicators/", "indicators"),
        ("warning/", "warning"),
        ("notes/", "notes"),
        ("insights/", "insights"),
    ],
    reaches: |text| {
        let mut found = paths_after(text, "crate::");
        found.retain(|(first, _)| {
            CAPABILITIES.contains(&first.as_str()) || ["schools", "access", "insights"].contains(&first.as_str())
        });
        found
    },
};

const PERSISTENCE: Layout = Layout {
    name: "persistence",
    owners: &[
        ("factors/", "factors"),
        ("lists.rs", "lists"),
        ("measures/", "measures"),
        ("monitoring/", "monitoring"),
        ("indicators/", "indicators"),
        ("warning.rs", "warning"),
        ("notes.rs", "notes"),
    ],
    reaches: |text| {
        let mut found: Vec<(String, String)> = paths_after(text, "crate::entities::")
            .into_iter()
            .filter_map(|(file, what)| {
                let owner = match file.as_str() {
                    "factors" | "lists" | "measures" | "monitoring" | "indicators" | "warning" | "notes" => file,
                    _ => return None,
                };
                Some((owner, what))
            })
            .collect();
        found.extend(
            paths_after(text, "crate::").into_iter().filter(|(first, _)| CAPABILITIES.contains(&first.as_str())),
        );
        found
    },
};

const API: Layout = Layout {
    name: "api",
    owners: &[
        ("rest/crosswalks.rs", "factors"),
        ("rest/factors.rs", "factors"),
        ("rest/execution.rs", "measures"),
        ("rest/measures.rs", "measures"),
        ("rest/lists.rs", "lists"),
        ("rest/monitoring", "monitoring"),
        ("rest/indicator", "indicators"),
        ("rest/warning.rs", "warning"),
        ("rest/notes.rs", "notes"),
        ("graphql/factors.rs", "factors"),
        ("graphql/lists.rs", "lists"),
        ("graphql/measures.rs", "measures"),
        ("graphql/monitoring.rs", "monitoring"),
        ("graphql/indicators.rs", "indicators"),
        ("views/factors.rs", "factors"),
        ("views/execution.rs", "measures"),
        ("views/measures.rs", "measures"),
        ("views/lists.rs", "lists"),
        ("views/monitoring.rs", "monitoring"),
        ("views/indicator", "indicators"),
        ("views/warning.rs", "warning"),
        ("views/notes.rs", "notes"),
    ],
    reaches: |text| {
        let mut found = paths_after(text, "opora_domain::");
        found.retain(|(first, _)| CAPABILITIES.contains(&first.as_str()));
        for layer in ["crate::views::", "crate::rest::", "crate::graphql::", "super::"] {
            found.extend(paths_after(text, layer).into_iter().filter_map(|(first, what)| {
                let owner = match first.as_str() {
                    "execution" => "measures",
                    "indicator_imports" => "indicators",
                    "crosswalks" => "factors",
                    "monitoring_import" => "monitoring",
                    other if CAPABILITIES.contains(&other) => other,
                    _ => return None,
                };
                Some((owner.to_owned(), what))
            }));
        }
        found
    },
};

/// Crossings known today, each with what removes it: the list only shrinks, since a crossing
/// not listed fails the test and a listed one that is gone fails it too.
const KNOWN: &[(&str, &str, &str)] = &[
    // A document's texts follow the registry's rule of a name (`Name`, with its `ValueError`).
    ("domain", "core/document.rs", "schools"),
    // An ambiguous reference answers its candidate organizations in full.
    ("domain", "core/error.rs", "schools"),
    // Coverage reads the audit it is computed against; to go with the insights read models.
    ("persistence", "measures/mod.rs", "factors"),
    // A roadmap's measures name the recommendations they adopted.
    ("persistence", "measures/mod.rs", "monitoring"),
    // A recommendation names the measure it became.
    ("persistence", "monitoring/mod.rs", "measures"),
    // A report's cited documents are linked to the decisions, roadmaps and figures held.
    ("persistence", "monitoring/cited.rs", "lists"),
    ("persistence", "monitoring/cited.rs", "measures"),
    ("persistence", "monitoring/cited.rs", "indicators"),
    // A rule set is checked against the indicator catalogue.
    ("persistence", "warning.rs", "indicators"),
];

/// Every `prefix` path in `text` as (its first segment, the path), grouped imports included:
/// `crate::{a::X, b::Y}` names `a` and `b`.
fn paths_after(text: &str, prefix: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let item = item.trim();
                let first: String = item.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if item.contains("::") && !first.is_empty() {
                    found.push((first, format!("{prefix}{item}")));
                }
            }
        } else {
            let first: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !first.is_empty() {
                found.push((first.clone(), format!("{prefix}{first}")));
            }
        }
        rest = after;
    }
    found
}

/// The crossings of one file: what it reaches that is neither its own nor shared. The core
/// reaches nothing of the registry or of a capability.
fn crossings_of(layout: &Layout, relative: &str, text: &str) -> Vec<(String, String)> {
    let Some(owner) = layout.owners.iter().find(|(prefix, _)| relative.starts_with(prefix)).map(|(_, o)| *o) else {
        return Vec::new();
    };
    // The combined views are the one place that reads across capabilities.
    if owner == "insights" {
        return Vec::new();
    }
    let registry = |reached: &str| ["schools", "access"].contains(&reached);
    let mut crossings: Vec<(String, String)> = (layout.reaches)(text)
        .into_iter()
        .filter(|(reached, _)| reached != owner && (owner == "core" || !registry(reached)))
        .collect();
    crossings.sort();
    crossings.dedup();
    crossings
}

fn crate_files(name: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates").join(name).join("src");
    let mut files = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Capabilities build on the shared modules and never on each other, in the domain, in
/// persistence (whose modules read only their own tables and the registry's) and in the API
/// (whose REST, GraphQL and view modules of a capability import no other capability's): a new
/// capability is added, not threaded through the existing ones.
#[test]
fn capabilities_depend_on_the_shared_modules_and_never_on_each_other() {
    let mut crossings = Vec::new();
    let mut known_seen = Vec::new();
    for layout in [DOMAIN, PERSISTENCE, API] {
        let files = crate_files(layout.name);
        assert!(files.len() > 20, "{} has its files", layout.name);
        for (relative, text) in &files {
            for (reached, what) in crossings_of(&layout, relative, text) {
                let known = KNOWN.iter().any(|(c, f, r)| *c == layout.name && f == relative && *r == reached);
                if known {
                    known_seen.push((layout.name, relative.clone(), reached));
                } else {
                    crossings.push(format!("{} {relative} reaches {reached}: {what}", layout.name));
                }
            }
        }
    }
    assert!(crossings.is_empty(), "capabilities reach into each other:\n{}", crossings.join("\n"));
    for (c, f, r) in KNOWN {
        assert!(
            known_seen.iter().any(|(sc, sf, sr)| sc == c && sf == f && sr == r),
            "{c} {f} no longer reaches {r}: take it off the known crossings"
        );
    }
}

/// The test above would see an import planted in any of the three crates.
#[test]
fn a_planted_import_across_capabilities_is_seen_in_each_crate() {
    let planted = [
        (DOMAIN, "measures/coverage.rs", "use crate::factors::AuditMatrix;\n"),
        (DOMAIN, "core/period.rs", "use crate::schools::OrganizationId;\n"),
        (DOMAIN, "warning/score.rs", "use crate::insights::Watchlist;\n"),
        (PERSISTENCE, "lists.rs", "use crate::entities::factors::{audit, finding};\n"),
        (PERSISTENCE, "indicators/mod.rs", "use crate::{Database, measures::rows::roadmap_row};\n"),
        (API, "rest/lists.rs", "use opora_domain::{lists::ListKind, warning::RuleSet};\n"),
        (API, "graphql/measures.rs", "use crate::views::monitoring::RecommendationView;\n"),
        (API, "views/notes.rs", "    let x = opora_domain::factors::ParameterCode::parse(\"1.1\");\n"),
    ];
    for (layout, file, line) in planted {
        let found = crossings_of(&layout, file, line);
        assert_eq!(found.len(), 1, "{} {file}: {line} gives {found:?}", layout.name);
    }
    // Shared machinery and the registry are everybody's.
    assert!(crossings_of(&API, "rest/lists.rs", "use opora_domain::schools::MunicipalityId;").is_empty());
    assert!(crossings_of(&PERSISTENCE, "lists.rs", "use crate::entities::organization;").is_empty());
    assert!(crossings_of(&DOMAIN, "lists/model.rs", "use crate::core::Year;").is_empty());
    assert!(crossings_of(&DOMAIN, "insights/card.rs", "use crate::factors::RiskProfile;").is_empty());
}
