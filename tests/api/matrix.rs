//! The authorization matrix: every REST operation of the OpenAPI document and every GraphQL root
//! field, for every role, on a target inside the caller's territory and on one in another
//! region. An operation without a row fails the test, so no endpoint ships unconsidered.
//!
//! The callers: admin (everywhere), regional and importer (Краснодарский край), municipal and
//! analyst (Калининский район of Краснодарский край), school (its МАОУ СОШ № 1), and anonymous.
//! "In" targets lie in Калининский район (Краснодарский край) or its region; "out" targets in
//! Калининский район of Тверская область.

use std::collections::{BTreeSet, HashMap};

use opora_domain::access::{Role, Scope};
use opora_tests::{Answer, Caller, Territory, TestApp, create_territory, id_of};
use serde_json::{Value, json};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const ROLES: [&str; 7] = ["admin", "regional", "municipal", "school", "analyst", "importer", "anonymous"];

/// Expected statuses per REST operation: `role in/out` for each role.
const REST: &[(&str, &str)] = &[
    (
        "list_regions",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "create_region",
        "admin 201/201, regional 403/403, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "get_region",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "update_region",
        "admin 200/200, regional 200/404, municipal 403/404, school 403/404, analyst 403/404, importer 403/404, anonymous 401/401",
    ),
    (
        "delete_region",
        "admin 204/204, regional 404/404, municipal 404/404, school 404/404, analyst 404/404, importer 404/404, anonymous 401/401",
    ),
    (
        "list_municipalities",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "create_municipality",
        "admin 201/201, regional 201/422, municipal 403/422, school 403/422, analyst 403/422, importer 201/422, anonymous 401/401",
    ),
    (
        "get_municipality",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "update_municipality",
        "admin 200/200, regional 200/404, municipal 403/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "delete_municipality",
        "admin 204/204, regional 204/404, municipal 404/404, school 404/404, analyst 404/404, importer 204/404, anonymous 401/401",
    ),
    (
        "list_organizations",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "create_organization",
        "admin 201/201, regional 201/422, municipal 201/422, school 403/422, analyst 403/422, importer 201/422, anonymous 401/401",
    ),
    (
        "get_organization",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "update_organization",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "delete_organization",
        "admin 204/204, regional 204/404, municipal 204/404, school 404/404, analyst 403/404, importer 204/404, anonymous 401/401",
    ),
    (
        "resolve_organization",
        "admin 200/200, regional 200/404, municipal 200/404, school 404/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "issue_token",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 200/200",
    ),
    (
        "revoke_token",
        "admin 200/200, regional 200/403, municipal 200/403, school 200/403, analyst 200/403, importer 200/403, anonymous 401/401",
    ),
    (
        "me",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "list_users",
        "admin 200/200, regional 200/200, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "create_user",
        "admin 201/201, regional 201/422, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "get_user",
        "admin 200/200, regional 200/404, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "update_user",
        "admin 200/200, regional 200/404, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "list_clients",
        "admin 200/200, regional 200/200, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "create_client",
        "admin 201/201, regional 201/422, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "get_client",
        "admin 200/200, regional 200/404, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "update_client",
        "admin 200/200, regional 200/404, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "list_audit_events",
        "admin 200/200, regional 200/200, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "list_catalogues",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "create_catalogue",
        "admin 201/201, regional 201/422, municipal 201/422, school 403/422, analyst 403/422, importer 201/422, anonymous 401/401",
    ),
    (
        "get_catalogue",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "list_audits",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "get_audit",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_audit_matrix",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_risk_profile",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_audit_diff",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "import_audit",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "withdraw_audit",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_region_prevalence",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_crosswalk",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "set_crosswalk",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "import_lists",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "get_list_dynamics",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_list_history",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_list_decision",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "withdraw_list_decision",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "correct_list_decision",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "get_region_lists",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "create_programme",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "advance_programme",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "list_programmes",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "get_programme",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "list_roadmaps",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "roadmap_history",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "programme_history",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "audit_history",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "campaign_history",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "indicator_import_history",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "list_decision_history",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_roadmap",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_roadmap_coverage",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "import_roadmap",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "edit_measure",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "withdraw_roadmap",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "create_report",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "list_reports",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "roadmap_execution",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "municipality_execution",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "region_overview",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "region_execution",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "create_campaign",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "import_monitoring",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "list_campaigns",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "withdraw_campaign",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_campaign",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_recommendation",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "update_recommendation",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "list_indicators",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "get_indicator",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "create_indicator",
        "admin 201/201, regional 403/403, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "patch_indicator",
        "admin 200/200, regional 200/404, municipal 403/404, school 403/404, analyst 403/404, importer 403/404, anonymous 401/401",
    ),
    (
        "list_indicator_imports",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "get_indicator_import",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "withdraw_indicator_import",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "get_series",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "import_indicators",
        "admin 201/201, regional 201/404, municipal 201/404, school 403/404, analyst 403/404, importer 201/404, anonymous 401/401",
    ),
    (
        "municipality_dashboard",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "school_card",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "list_rule_sets",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 401/401",
    ),
    (
        "create_rule_set",
        "admin 201/201, regional 403/403, municipal 403/403, school 403/403, analyst 403/403, importer 403/403, anonymous 401/401",
    ),
    (
        "get_watchlist",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "dry_run_watchlist",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "municipality_effectiveness",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "municipality_roster",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "analytical_note",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "note_chart",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "note_signature",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "set_note_signature",
        "admin 200/200, regional 200/404, municipal 200/404, school 403/404, analyst 403/404, importer 200/404, anonymous 401/401",
    ),
    (
        "execution_note",
        "admin 200/200, regional 200/404, municipal 200/404, school 200/404, analyst 200/404, importer 200/404, anonymous 401/401",
    ),
    (
        "live",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 200/200",
    ),
    (
        "ready",
        "admin 200/200, regional 200/200, municipal 200/200, school 200/200, analyst 200/200, importer 200/200, anonymous 200/200",
    ),
];

/// Expected GraphQL outcomes per root field: `data` (an object), `null` (nothing visible) or
/// the error code in `extensions.code`.
const GRAPHQL: &[(&str, &str)] = &[
    (
        "me",
        "admin data/data, regional data/data, municipal data/data, school data/data, analyst data/data, importer data/data, anonymous null/null",
    ),
    (
        "region",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "regions",
        "admin data/data, regional data/data, municipal data/data, school data/data, analyst data/data, importer data/data, anonymous unauthorized/unauthorized",
    ),
    (
        "municipality",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "municipalities",
        "admin data/data, regional data/data, municipal data/data, school data/data, analyst data/data, importer data/data, anonymous unauthorized/unauthorized",
    ),
    (
        "organization",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "catalogue",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "auditMatrix",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "riskProfile",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "regionPrevalence",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "listDynamics",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "programme",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "roadmap",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "roadmapCoverage",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "listHistory",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "regionOverview",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "regionLists",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "auditDiff",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "roadmapReports",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "execution",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "monitoringCampaign",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "recommendation",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "indicators",
        "admin data/data, regional data/data, municipal data/data, school data/data, analyst data/data, importer data/data, anonymous unauthorized/unauthorized",
    ),
    (
        "indicatorSeries",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "municipalityDashboard",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "schoolCard",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "watchRules",
        "admin data/data, regional data/data, municipal data/data, school data/data, analyst data/data, importer data/data, anonymous unauthorized/unauthorized",
    ),
    (
        "watchlist",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "roster",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "noteSignature",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "effectiveness",
        "admin data/data, regional data/null, municipal data/null, school data/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
    (
        "organizations",
        "admin data/data, regional data/data, municipal data/data, school data/data, analyst data/data, importer data/data, anonymous unauthorized/unauthorized",
    ),
    (
        "resolveReference",
        "admin data/data, regional data/null, municipal data/null, school reference_not_found/null, analyst data/null, importer data/null, anonymous unauthorized/unauthorized",
    ),
];

fn expectations(table: &[(&str, &str)]) -> HashMap<String, HashMap<String, (String, String)>> {
    table
        .iter()
        .map(|(op, row)| {
            let per_role = row
                .split(", ")
                .map(|cell| {
                    let (role, outcome) = cell.split_once(' ').expect("role outcome");
                    let (inside, outside) = outcome.split_once('/').expect("in/out");
                    (role.to_owned(), (inside.to_owned(), outside.to_owned()))
                })
                .collect::<HashMap<_, _>>();
            assert_eq!(per_role.len(), ROLES.len(), "{op} needs a cell for every role");
            (op.to_string(), per_role)
        })
        .collect()
}

struct World {
    t: Territory,
    tokens: HashMap<&'static str, String>,
    /// Credentials of a user anybody may sign in as.
    login: (String, String),
    users: (String, String),
    clients: (String, String),
    /// (audit, catalogue) in each territory.
    audits: ((String, String), (String, String)),
    /// A programme and a roadmap answering the audit, inside and outside.
    programmes: (String, String),
    roadmaps: (String, String),
    /// A monitoring campaign, and its recommendation, inside and outside.
    campaigns: (String, String),
    recommendations: (String, String),
    codes: std::cell::Cell<u32>,
}

const KUBAN_AUDIT: &str = "1\tКадровые ресурсы школы\tДефицит педагогических сотрудников\t1.1\tМАОУ СОШ № 1, СОШ № 2\n";
const TVER_AUDIT: &str = "1\tКадровые ресурсы школы\tДефицит педагогических сотрудников\t1.1\tМОУ «Некрасовская СОШ»\n";

async fn import(app: &TestApp, municipality: &str, date: &str, table: &str) -> (String, String) {
    let path = format!("/api/v1/imports/audit?municipalityId={municipality}&date={date}");
    let report = app.upload(&path, "text/tab-separated-values", table.as_bytes().to_vec()).await.expect(201);
    (report["auditId"].as_str().unwrap().to_owned(), report["catalogueId"].as_str().unwrap().to_owned())
}

const PASSWORD: &str = "correct horse battery staple";

impl World {
    async fn build(app: &TestApp) -> Self {
        let t = create_territory(app).await;
        let region = json!({ "level": "region", "id": t.regions["23"] });
        let kuban = json!({ "level": "municipality", "id": t.municipality("kalininsky-kuban") });
        let school = json!({ "level": "organization", "id": t.organization("kalininsky-kuban", "МАОУ СОШ № 1") });
        let mut tokens = HashMap::new();
        tokens.insert("admin", app.admin_token.clone());
        for (role, scope) in [
            ("regional", &region),
            ("municipal", &kuban),
            ("school", &school),
            ("analyst", &kuban),
            ("importer", &region),
        ] {
            tokens.insert(role, app.sign_in_as(role, scope.clone()).await.1);
        }
        let tver = json!({ "level": "municipality", "id": t.municipality("kalininsky-tver") });
        let user = |email: &str, scope: &Value| json!({ "email": email, "displayName": "Оператор", "role": "analyst", "scope": scope, "password": PASSWORD });
        let login = ("login@kuban.example".to_owned(), PASSWORD.to_owned());
        app.post("/api/v1/users", &user(&login.0, &kuban)).await.expect(201);
        let users = (
            id_of(&app.post("/api/v1/users", &user("in@kuban.example", &kuban)).await.expect(201)),
            id_of(&app.post("/api/v1/users", &user("out@tver.example", &tver)).await.expect(201)),
        );
        let client = |scope: &Value| json!({ "role": "importer", "scope": scope });
        let clients = (
            app.post("/api/v1/clients", &client(&kuban)).await.expect(201)["client"]["id"].as_str().unwrap().to_owned(),
            app.post("/api/v1/clients", &client(&tver)).await.expect(201)["client"]["id"].as_str().unwrap().to_owned(),
        );
        let audits = (
            import(app, t.municipality("kalininsky-kuban"), "2023-03-01", KUBAN_AUDIT).await,
            import(app, t.municipality("kalininsky-tver"), "2023-03-01", TVER_AUDIT).await,
        );
        let programme = |m: &str| json!({ "municipalityId": m, "title": "Программа", "periodFrom": 2023, "periodTo": 2024, "tasks": ["Задача"] });
        let programmes = (
            id_of(&app.post("/api/v1/programmes", &programme(t.municipality("kalininsky-kuban"))).await.expect(201)),
            id_of(&app.post("/api/v1/programmes", &programme(t.municipality("kalininsky-tver"))).await.expect(201)),
        );
        let roadmap = async |m: &str, audit: &str, year: u32| {
            let path =
                format!("/api/v1/imports/roadmap?municipalityId={m}&periodFrom={year}&periodTo={year}&auditId={audit}");
            let answer = app.upload(&path, "text/tab-separated-values", ROADMAP.as_bytes().to_vec()).await.expect(201);
            answer["roadmapId"].as_str().unwrap().to_owned()
        };
        let roadmaps = (
            roadmap(t.municipality("kalininsky-kuban"), &audits.0.0, 2023).await,
            roadmap(t.municipality("kalininsky-tver"), &audits.1.0, 2023).await,
        );
        let campaign = async |m: &str| {
            let created = app.post("/api/v1/monitoring-campaigns", &campaign_body(m)).await.expect(201);
            (id_of(&created), created["recommendations"][0]["id"].as_str().unwrap().to_owned())
        };
        let (inside, outside) =
            (campaign(t.municipality("kalininsky-kuban")).await, campaign(t.municipality("kalininsky-tver")).await);
        let (campaigns, recommendations) = ((inside.0, outside.0), (inside.1, outside.1));
        app.post("/api/v1/watch-rules", &rule_set_body()).await.expect(201);
        for key in ["kalininsky-kuban", "kalininsky-tver"] {
            let path = format!("/api/v1/municipalities/{}/notes/signature", t.municipality(key));
            app.put(&path, &signature_body()).await.expect(200);
        }
        Self {
            t,
            tokens,
            login,
            users,
            clients,
            audits,
            programmes,
            roadmaps,
            campaigns,
            recommendations,
            codes: std::cell::Cell::new(10),
        }
    }

    /// A region code nobody has used yet.
    fn fresh_code(&self) -> String {
        let code = self.codes.get();
        self.codes.set(code + 1);
        format!("{code:02}")
    }

    fn municipality(&self, inside: bool) -> &str {
        self.t.municipality(if inside { "kalininsky-kuban" } else { "kalininsky-tver" })
    }

    fn region(&self, inside: bool) -> &str {
        &self.t.regions[if inside { "23" } else { "69" }]
    }

    fn audit(&self, inside: bool) -> &(String, String) {
        if inside { &self.audits.0 } else { &self.audits.1 }
    }

    fn organization(&self, inside: bool) -> &str {
        if inside {
            self.t.organization("kalininsky-kuban", "МАОУ СОШ № 1")
        } else {
            self.t.organization("kalininsky-tver", "МОУ «Некрасовская СОШ»")
        }
    }
}

/// Sends operation `op` as `caller`, against a target inside or outside the territory. Targets
/// that the operation consumes (deletes) are created fresh by the administrator first.
async fn call(app: &TestApp, w: &World, caller: Caller<'_>, op: &str, inside: bool) -> Answer {
    let m = w.municipality(inside);
    let r = w.region(inside);
    let o = w.organization(inside);
    match op {
        "list_regions" => caller.get("/api/v1/regions").await,
        "create_region" => {
            caller.post("/api/v1/regions", &json!({ "code": w.fresh_code(), "name": "Новая область" })).await
        }
        "get_region" => caller.get(&format!("/api/v1/regions/{r}")).await,
        "update_region" => caller.patch(&format!("/api/v1/regions/{r}"), &json!({})).await,
        "delete_region" => {
            let fresh =
                app.post("/api/v1/regions", &json!({ "code": w.fresh_code(), "name": "Временная" })).await.expect(201);
            caller.delete(&format!("/api/v1/regions/{}", id_of(&fresh))).await
        }
        "list_municipalities" => caller.get("/api/v1/municipalities").await,
        "create_municipality" => {
            let name = format!("Новый район {}", uuid::Uuid::now_v7().simple());
            caller.post("/api/v1/municipalities", &json!({ "regionId": r, "name": name, "kind": "district" })).await
        }
        "get_municipality" => caller.get(&format!("/api/v1/municipalities/{m}")).await,
        "update_municipality" => caller.patch(&format!("/api/v1/municipalities/{m}"), &json!({})).await,
        "delete_municipality" => {
            let name = format!("Временный район {}", uuid::Uuid::now_v7().simple());
            let fresh =
                app.post("/api/v1/municipalities", &json!({ "regionId": r, "name": name, "kind": "district" })).await;
            caller.delete(&format!("/api/v1/municipalities/{}", id_of(&fresh.expect(201)))).await
        }
        "list_organizations" => caller.get("/api/v1/organizations").await,
        "create_organization" => {
            caller
                .post(
                    "/api/v1/organizations",
                    &json!({ "municipalityId": m, "kind": "secondary_school", "name": "Новая СОШ" }),
                )
                .await
        }
        "get_organization" => caller.get(&format!("/api/v1/organizations/{o}")).await,
        "update_organization" => caller.patch(&format!("/api/v1/organizations/{o}"), &json!({ "aliases": [] })).await,
        "delete_organization" => {
            let body = json!({ "municipalityId": m, "kind": "secondary_school", "name": "Временная СОШ" });
            let fresh = app.post("/api/v1/organizations", &body).await.expect(201);
            caller.delete(&format!("/api/v1/organizations/{}", id_of(&fresh))).await
        }
        "resolve_organization" => {
            let reference = if inside {
                "%D0%A1%D0%9E%D0%A8%20%E2%84%96%207"
            } else {
                "%D0%9D%D0%B5%D0%BA%D1%80%D0%B0%D1%81%D0%BE%D0%B2%D1%81%D0%BA%D0%B0%D1%8F%20%D0%A1%D0%9E%D0%A8"
            };
            caller.get(&format!("/api/v1/municipalities/{m}/organizations/resolve?ref={reference}")).await
        }
        "issue_token" => app.password_token(&w.login.0, &w.login.1).await,
        "revoke_token" => {
            // Inside: a token of the caller's own; outside: somebody else's.
            let victim = if inside {
                match caller.token {
                    Some(token) if token == app.admin_token => fresh_operator_token(app, "test-admin"),
                    Some(_) => own_second_token(app, caller).await,
                    None => fresh_operator_token(app, "somebody"),
                }
            } else {
                fresh_operator_token(app, "somebody-else")
            };
            app.form("/api/v1/auth/revoke", &[("token", &victim)], caller.token).await
        }
        "me" => caller.get("/api/v1/auth/me").await,
        "list_users" => caller.get("/api/v1/users").await,
        "create_user" => {
            let scope = json!({ "level": "municipality", "id": m });
            let email = format!("{}@opora.test", uuid::Uuid::now_v7().simple());
            let body = json!({ "email": email, "displayName": "Новый", "role": "analyst", "scope": scope, "password": PASSWORD });
            caller.post("/api/v1/users", &body).await
        }
        "get_user" => caller.get(&format!("/api/v1/users/{}", if inside { &w.users.0 } else { &w.users.1 })).await,
        "update_user" => {
            caller.patch(&format!("/api/v1/users/{}", if inside { &w.users.0 } else { &w.users.1 }), &json!({})).await
        }
        "list_clients" => caller.get("/api/v1/clients").await,
        "create_client" => {
            caller
                .post("/api/v1/clients", &json!({ "role": "importer", "scope": { "level": "municipality", "id": m } }))
                .await
        }
        "get_client" => {
            caller.get(&format!("/api/v1/clients/{}", if inside { &w.clients.0 } else { &w.clients.1 })).await
        }
        "update_client" => {
            caller
                .patch(&format!("/api/v1/clients/{}", if inside { &w.clients.0 } else { &w.clients.1 }), &json!({}))
                .await
        }
        "list_audit_events" => caller.get("/api/v1/audit-events").await,
        "list_catalogues" => caller.get("/api/v1/catalogues").await,
        "create_catalogue" => {
            let body = json!({
                "name": "Факторы риска", "owner": { "level": "municipality", "id": m },
                "factors": [{ "code": 1, "name": "Кадры" }], "parameters": [{ "code": "1.1", "name": "Дефицит" }],
            });
            caller.post("/api/v1/catalogues", &body).await
        }
        "get_catalogue" => caller.get(&format!("/api/v1/catalogues/{}", w.audit(inside).1)).await,
        "list_audits" => caller.get("/api/v1/audits").await,
        "get_audit" => caller.get(&format!("/api/v1/audits/{}", w.audit(inside).0)).await,
        "get_audit_matrix" => caller.get(&format!("/api/v1/audits/{}/matrix", w.audit(inside).0)).await,
        "get_risk_profile" => {
            caller.get(&format!("/api/v1/audits/{}/organizations/{o}/risk-profile", w.audit(inside).0)).await
        }
        "get_audit_diff" => {
            let audit = &w.audit(inside).0;
            caller.get(&format!("/api/v1/audits/{audit}/diff?since={audit}")).await
        }
        "create_programme" => {
            let body = json!({ "municipalityId": m, "title": "Программа", "periodFrom": 2023, "periodTo": 2024 });
            caller.post("/api/v1/programmes", &body).await
        }
        "advance_programme" => {
            // A draft of its own for every call, finished by the caller.
            let body = json!({ "municipalityId": m, "title": "Программа", "periodFrom": 2023, "periodTo": 2024, "status": "draft" });
            let fresh = app.post("/api/v1/programmes", &body).await.expect(201);
            caller.patch(&format!("/api/v1/programmes/{}", id_of(&fresh)), &json!({ "status": "finished" })).await
        }
        "list_programmes" => caller.get("/api/v1/programmes").await,
        "get_programme" => caller.get(&format!("/api/v1/programmes/{}", pick(&w.programmes, inside))).await,
        "list_roadmaps" => caller.get("/api/v1/roadmaps").await,
        "get_roadmap" => caller.get(&format!("/api/v1/roadmaps/{}", pick(&w.roadmaps, inside))).await,
        "roadmap_history" => caller.get(&format!("/api/v1/roadmaps/{}/history", pick(&w.roadmaps, inside))).await,
        "programme_history" => caller.get(&format!("/api/v1/programmes/{}/history", pick(&w.programmes, inside))).await,
        "audit_history" => caller.get(&format!("/api/v1/audits/{}/history", w.audit(inside).0)).await,
        "campaign_history" => {
            caller.get(&format!("/api/v1/monitoring-campaigns/{}/history", pick(&w.campaigns, inside))).await
        }
        "get_roadmap_coverage" => caller.get(&format!("/api/v1/roadmaps/{}/coverage", pick(&w.roadmaps, inside))).await,
        "import_roadmap" => {
            // A year of its own for every import, so that none is a repeat.
            let year = 2000 + w.fresh_code().parse::<u32>().unwrap_or_default() % 90;
            let path = format!("/api/v1/imports/roadmap?municipalityId={m}&periodFrom={year}&periodTo={year}");
            caller.upload(&path, "text/tab-separated-values", ROADMAP.as_bytes().to_vec()).await
        }
        "edit_measure" => {
            // A roadmap of its own for every call: two years, so that no import above repeats it.
            let year = 2000 + fresh_number() % 90;
            let path = format!("/api/v1/imports/roadmap?municipalityId={m}&periodFrom={year}&periodTo={}", year + 1);
            let fresh = app.upload(&path, "text/tab-separated-values", ROADMAP.as_bytes().to_vec()).await.expect(201);
            let id = fresh["roadmapId"].as_str().unwrap().to_owned();
            caller
                .patch(&format!("/api/v1/roadmaps/{id}/measures/1"), &json!({ "title": "Уточнённое мероприятие" }))
                .await
        }
        "withdraw_roadmap" => {
            // A roadmap of its own for every call: two years, so that no import above repeats it.
            let year = 2000 + fresh_number() % 90;
            let path = format!("/api/v1/imports/roadmap?municipalityId={m}&periodFrom={year}&periodTo={}", year + 1);
            let fresh = app.upload(&path, "text/tab-separated-values", ROADMAP.as_bytes().to_vec()).await.expect(201);
            let id = fresh["roadmapId"].as_str().unwrap().to_owned();
            caller
                .delete(&format!("/api/v1/roadmaps/{id}?reason=%D0%BF%D0%BE%20%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B5"))
                .await
        }
        "import_audit" => {
            // A date of its own for every import, so that none is a repeat.
            let date = format!("{}-01-01", 1900 + w.fresh_code().parse::<u32>().unwrap_or_default());
            let path = format!("/api/v1/imports/audit?municipalityId={m}&date={date}");
            let table = if inside { KUBAN_AUDIT } else { TVER_AUDIT };
            caller.upload(&path, "text/tab-separated-values", table.as_bytes().to_vec()).await
        }
        "withdraw_audit" => {
            // An audit of its own for every call, on a day no import above takes.
            let date = format!("{}-06-01", 1900 + fresh_number());
            let path = format!("/api/v1/imports/audit?municipalityId={m}&date={date}");
            let table = if inside { KUBAN_AUDIT } else { TVER_AUDIT };
            let fresh = app.upload(&path, "text/tab-separated-values", table.as_bytes().to_vec()).await.expect(201);
            let id = fresh["auditId"].as_str().unwrap().to_owned();
            caller
                .delete(&format!("/api/v1/audits/{id}?reason=%D0%BF%D0%BE%20%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B5"))
                .await
        }
        "get_region_prevalence" => {
            caller.get(&format!("/api/v1/regions/{r}/prevalence?catalogueId={}", w.audit(inside).1)).await
        }
        "get_crosswalk" => {
            let catalogue = &w.audit(inside).1;
            caller.get(&format!("/api/v1/catalogues/{catalogue}/crosswalk?targetCatalogueId={catalogue}")).await
        }
        "set_crosswalk" => {
            let catalogue = &w.audit(inside).1;
            let body = json!({ "targetCatalogueId": catalogue, "entries": [{ "from": "1.1", "to": "1.1" }] });
            caller
                .request(reqwest::Method::PUT, &format!("/api/v1/catalogues/{catalogue}/crosswalk"), Some(&body))
                .await
        }
        "import_lists" => {
            let path = format!("/api/v1/imports/lists?municipalityId={m}");
            caller.upload(&path, "text/tab-separated-values", list_table(inside).into_bytes()).await
        }
        "get_region_lists" => caller.get(&format!("/api/v1/regions/{r}/lists")).await,
        "get_list_dynamics" => caller.get(&format!("/api/v1/municipalities/{m}/lists")).await,
        "get_list_history" => caller.get(&format!("/api/v1/organizations/{o}/list-history")).await,
        "get_list_decision" | "withdraw_list_decision" | "list_decision_history" => {
            // A decision of its own for every call, recorded by the administrator.
            let path = format!("/api/v1/imports/lists?municipalityId={m}");
            let recorded =
                app.upload(&path, "text/tab-separated-values", list_table(inside).into_bytes()).await.expect(201);
            let decision = recorded["decisions"][0]["id"].as_str().unwrap().to_owned();
            if op == "get_list_decision" {
                caller.get(&format!("/api/v1/list-decisions/{decision}")).await
            } else if op == "list_decision_history" {
                caller.get(&format!("/api/v1/list-decisions/{decision}/history")).await
            } else {
                caller.delete(&format!("/api/v1/list-decisions/{decision}?reason=x")).await
            }
        }
        "correct_list_decision" => {
            let path = format!("/api/v1/imports/lists?municipalityId={m}");
            let recorded =
                app.upload(&path, "text/tab-separated-values", list_table(inside).into_bytes()).await.expect(201);
            let decision = recorded["decisions"][0]["id"].as_str().unwrap().to_owned();
            caller
                .post(&format!("/api/v1/list-decisions/{decision}/corrections"), &json!({ "organizationIds": [o] }))
                .await
        }
        "create_report" => {
            let body = json!({ "position": 1, "occurrence": "2023-03", "status": "held", "heldOn": "2023-03-15" });
            caller.post(&format!("/api/v1/roadmaps/{}/reports", pick(&w.roadmaps, inside)), &body).await
        }
        "list_reports" => caller.get(&format!("/api/v1/roadmaps/{}/reports", pick(&w.roadmaps, inside))).await,
        "roadmap_execution" => {
            caller.get(&format!("/api/v1/roadmaps/{}/execution?asOf=2024-01-01", pick(&w.roadmaps, inside))).await
        }
        "municipality_execution" => caller.get(&format!("/api/v1/municipalities/{m}/execution")).await,
        "region_execution" => caller.get(&format!("/api/v1/regions/{r}/execution")).await,
        "region_overview" => caller.get(&format!("/api/v1/regions/{r}/overview?year=2023")).await,
        "create_campaign" => caller.post("/api/v1/monitoring-campaigns", &campaign_body(m)).await,
        "list_campaigns" => caller.get("/api/v1/monitoring-campaigns").await,
        "import_monitoring" => {
            let path = format!("/api/v1/imports/monitoring?municipalityId={m}");
            caller.upload(&path, DOCX, opora_tests::SEED_003_REPORT.to_vec()).await
        }
        "withdraw_campaign" => {
            // A report of its own for every call.
            let fresh = app.post("/api/v1/monitoring-campaigns", &campaign_body(m)).await.expect(201);
            let id = fresh["id"].as_str().unwrap();
            caller.delete(&format!("/api/v1/monitoring-campaigns/{id}?reason=x")).await
        }
        "get_campaign" => caller.get(&format!("/api/v1/monitoring-campaigns/{}", pick(&w.campaigns, inside))).await,
        "get_recommendation" => {
            caller.get(&format!("/api/v1/recommendations/{}", pick(&w.recommendations, inside))).await
        }
        "update_recommendation" => {
            let path = format!("/api/v1/recommendations/{}", pick(&w.recommendations, inside));
            caller.patch(&path, &json!({ "status": "done" })).await
        }
        "list_indicators" => caller.get("/api/v1/indicators").await,
        "get_indicator" => caller.get("/api/v1/indicators/students").await,
        "create_indicator" => {
            let body = json!({ "code": format!("matrix_{}", uuid::Uuid::now_v7().simple()), "name": "Показатель", "unit": "ед.",
                "level": "organization", "aggregation": "sum" });
            caller.post("/api/v1/indicators", &body).await
        }
        "patch_indicator" => {
            // A region's operators keep the aliases of their region's imports.
            let body = json!({ "aliases": ["Численность обучающихся"], "regionId": r });
            caller.patch("/api/v1/indicators/students", &body).await
        }
        "list_indicator_imports" => caller.get(&format!("/api/v1/indicator-imports?municipalityId={m}")).await,
        "get_indicator_import" | "withdraw_indicator_import" | "indicator_import_history" => {
            // An import of its own for every call, by the administrator.
            let school = if inside { "МАОУ СОШ № 1" } else { "МОУ «Некрасовская СОШ»" };
            let path = format!("/api/v1/imports/indicators?municipalityId={m}");
            let table = format!("ОО\tПериод\tstudents\n{school}\t2021\t90\n");
            let fresh = app.upload(&path, "text/tab-separated-values", table.into_bytes()).await.expect(201);
            let id = fresh["importId"].as_str().unwrap();
            if op == "get_indicator_import" {
                caller.get(&format!("/api/v1/indicator-imports/{id}")).await
            } else if op == "indicator_import_history" {
                caller.get(&format!("/api/v1/indicator-imports/{id}/history")).await
            } else {
                caller.delete(&format!("/api/v1/indicator-imports/{id}?reason=x")).await
            }
        }
        "get_series" => caller.get(&format!("/api/v1/indicators/series?municipalityId={m}&codes=students")).await,
        "import_indicators" => {
            let school = if inside { "МАОУ СОШ № 1" } else { "МОУ «Некрасовская СОШ»" };
            // A repeated import replaces the same values: every call writes.
            let path = format!("/api/v1/imports/indicators?municipalityId={m}");
            let table = format!("ОО\tПериод\tstudents\n{school}\t2023\t100\n");
            caller.upload(&path, "text/tab-separated-values", table.into_bytes()).await
        }
        "municipality_dashboard" => caller.get(&format!("/api/v1/municipalities/{m}/dashboard?year=2023")).await,
        "school_card" => caller.get(&format!("/api/v1/organizations/{o}/card")).await,
        "list_rule_sets" => caller.get("/api/v1/watch-rules").await,
        "create_rule_set" => caller.post("/api/v1/watch-rules", &rule_set_body()).await,
        "get_watchlist" => caller.get(&format!("/api/v1/municipalities/{m}/watchlist?year=2023")).await,
        "dry_run_watchlist" => {
            caller.post(&format!("/api/v1/municipalities/{m}/watchlist/dry-run?year=2023"), &rule_set_body()).await
        }
        "municipality_effectiveness" => {
            caller.get(&format!("/api/v1/municipalities/{m}/effectiveness?year=2023")).await
        }
        "municipality_roster" => caller.get(&format!("/api/v1/municipalities/{m}/roster?year=2023")).await,
        "analytical_note" => {
            caller.get(&format!("/api/v1/municipalities/{m}/notes/analytical?from=2020&to=2024")).await
        }
        "note_chart" => caller.get(&format!("/api/v1/municipalities/{m}/charts/lists.svg?from=2020&to=2024")).await,
        "note_signature" => caller.get(&format!("/api/v1/municipalities/{m}/notes/signature")).await,
        "set_note_signature" => {
            caller.put(&format!("/api/v1/municipalities/{m}/notes/signature"), &signature_body()).await
        }
        "execution_note" => {
            caller.get(&format!("/api/v1/roadmaps/{}/notes/execution?asOf=2024-01-01", pick(&w.roadmaps, inside))).await
        }
        "live" => caller.get("/health/live").await,
        "ready" => caller.get("/health/ready").await,
        other => panic!("operation {other} has a row but no request; add one to `call`"),
    }
}

/// A number no call took before, apart from the region codes: what a fresh document's year is.
fn fresh_number() -> u32 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Who approves a note.
fn signature_body() -> Value {
    json!({ "approval": { "position": "Руководитель управления образования", "name": "Иванова И.И." } })
}

/// A published rule set of equal weights.
fn rule_set_body() -> Value {
    json!({ "name": "Равные веса", "source": "Балл за каждый выявленный параметр", "publish": true })
}

/// A campaign with one conclusion and one recommendation, a report of its own for every call:
/// a report of the same period and date would correct the one before.
fn campaign_body(municipality: &str) -> Value {
    let date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(u64::from(fresh_number()));
    json!({ "municipalityId": municipality, "title": "Мониторинг", "periodFrom": 2023, "periodTo": 2023, "reportDate": date,
        "conclusions": [{ "number": "1.1", "level": "municipal", "text": "Вывод" }],
        "recommendations": [{ "number": "1", "addresseeRole": "Руководители ОО", "text": "Рекомендация" }] })
}

/// A one-school list for a year nobody has used yet, in the municipality of the target.
fn list_table(inside: bool) -> String {
    // Years of their own, counted apart from the other fresh codes: 1990–2100 holds them all.
    static NEXT_YEAR: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1990);
    let year = NEXT_YEAR.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let school = if inside { "МАОУ СОШ № 1" } else { "МОУ «Некрасовская СОШ»" };
    format!("Год\tОО\n{year}\t{school}\n")
}

fn fresh_operator_token(app: &TestApp, name: &str) -> String {
    let auth = opora_server::keys::auth_config(app.settings()).unwrap();
    auth.issue_operator_token(name, Role::Admin, &Scope::Everywhere)
}

/// A second token of the caller's own user, obtained by signing in again.
async fn own_second_token(app: &TestApp, caller: Caller<'_>) -> String {
    let me = caller.get("/api/v1/auth/me").await.expect(200);
    let id = me["subject"].as_str().unwrap().trim_start_matches("user:").to_owned();
    let email = app.get(&format!("/api/v1/users/{id}")).await.expect(200)["email"].as_str().unwrap().to_owned();
    app.password_token(&email, PASSWORD).await.expect(200)["access_token"].as_str().unwrap().to_owned()
}

fn caller<'a>(app: &'a TestApp, w: &'a World, role: &str) -> Caller<'a> {
    match role {
        "anonymous" => app.anonymous(),
        role => app.as_caller(&w.tokens[role]),
    }
}

#[tokio::test]
async fn every_rest_operation_answers_every_role_as_the_matrix_says() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let expected = expectations(REST);

    let document = app.get("/api/v1/openapi.json").await.expect(200);
    let operations: BTreeSet<String> = opora_tests::operation_ids(&document).into_iter().collect();
    let missing: Vec<&String> = operations.iter().filter(|op| !expected.contains_key(*op)).collect();
    assert!(missing.is_empty(), "operations without a row in the authorization matrix: {missing:?}");

    let mut wrong = Vec::new();
    for op in &operations {
        for role in ROLES {
            let (inside, outside) = &expected[op][role];
            let unreachable = out_of_reach(&w, role);
            for (is_inside, want) in [(true, inside), (false, outside)] {
                let answer = call(&app, &w, caller(&app, &w, role), op, is_inside).await;
                let side = if is_inside { "in" } else { "out" };
                if answer.status.as_str() != want {
                    wrong.push(format!(
                        "{op} as {role} ({side}): expected {want}, got {} {}",
                        answer.status, answer.text
                    ));
                } else if answer.status.is_success() {
                    // What the answer holds, not only that it answers: the ids of organizations
                    // outside the caller's reach appear nowhere in it.
                    let leaked: Vec<&&str> = unreachable.iter().filter(|id| answer.text.contains(**id)).collect();
                    if !leaked.is_empty() {
                        wrong.push(format!("{op} as {role} ({side}) names organizations out of its reach: {leaked:?}"));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} cells disagree:\n{}", wrong.len(), wrong.join("\n"));
}

/// The organizations of the world whose ids must not appear in an answer to `role`: those its
/// scope does not reach. Regional bodies (no municipality) are in reach of their whole region.
fn out_of_reach<'a>(w: &'a World, role: &str) -> Vec<&'a str> {
    let (region, municipality, school) = (w.region(true), w.municipality(true), w.organization(true));
    w.t.created
        .iter()
        .filter(|o| {
            let (r, m, id) = (o["regionId"].as_str(), o["municipalityId"].as_str(), o["id"].as_str());
            let regional_body = m.is_none() && r == Some(region);
            let reached = match role {
                "regional" | "importer" => r == Some(region),
                "municipal" | "analyst" => m == Some(municipality) || regional_body,
                "school" => id == Some(school) || regional_body,
                _ => true,
            };
            !reached
        })
        .map(|o| o["id"].as_str().unwrap())
        .collect()
}

/// With public read on, an anonymous caller reads what is published — the registry, reference
/// catalogues, the ШНОР lists (public orders) and prevalence — and nothing a municipality keeps:
/// no audit, roadmap, execution, indicator, campaign, note, dashboard or a school's findings.
const PUBLIC_REST: &[&str] = &[
    "list_regions",
    "get_region",
    "list_municipalities",
    "get_municipality",
    "list_organizations",
    "get_organization",
    "resolve_organization",
    "issue_token",
    "list_catalogues",
    "get_catalogue",
    "get_crosswalk",
    "get_region_prevalence",
    "get_list_dynamics",
    "get_list_history",
    "get_list_decision",
    "get_region_lists",
    "live",
    "ready",
];

const PUBLIC_GRAPHQL: &[&str] = &[
    "region",
    "regions",
    "municipality",
    "municipalities",
    "organization",
    "organizations",
    "resolveReference",
    "catalogue",
    "regionPrevalence",
    "listDynamics",
    "listHistory",
    "regionLists",
];

#[tokio::test]
async fn public_read_answers_anonymous_callers_with_published_records_only() {
    let app =
        TestApp::spawn_with(opora_server::RawSettings { public_read: Some("true".into()), ..Default::default() }).await;
    let w = World::build(&app).await;
    let document = app.get("/api/v1/openapi.json").await.expect(200);
    let mut answered = BTreeSet::new();
    for op in opora_tests::operation_ids(&document) {
        for inside in [true, false] {
            let answer = call(&app, &w, app.anonymous(), &op, inside).await;
            if answer.status.is_success() {
                answered.insert(op.clone());
            }
        }
    }
    let public: BTreeSet<String> = PUBLIC_REST.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(answered, public, "REST operations an anonymous caller reads");

    let schema = app.graphql("{ __schema { queryType { fields { name } } } }", json!({})).await;
    let mut answered = BTreeSet::new();
    for field in schema["data"]["__schema"]["queryType"]["fields"].as_array().unwrap() {
        let field = field["name"].as_str().unwrap();
        for inside in [true, false] {
            let (query, variables) = graphql_query(field, &w, inside);
            let response = app.anonymous().graphql(&query, variables).await;
            if !response["data"][field].is_null() && response["errors"].is_null() {
                answered.insert(field.to_owned());
            }
        }
    }
    let public: BTreeSet<String> = PUBLIC_GRAPHQL.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(answered, public, "GraphQL fields an anonymous caller reads");
}

/// A roadmap any municipality can import: one measure at every parameter the audit found.
const ROADMAP: &str = "№\tМероприятие\tФорма\tКод параметра\tКонтингент\tМесто проведения\tДата проведения\tОтветственные\n1.\tСеминар\tсеминар\tвсе выявленные параметры\tАдминистрация ОО\tОО\tМарт\tОО\n";

fn pick(pair: &(String, String), inside: bool) -> &str {
    if inside { &pair.0 } else { &pair.1 }
}

fn graphql_query(field: &str, w: &World, inside: bool) -> (String, Value) {
    let id = match field {
        "region" => json!(w.region(inside)),
        "municipality" => json!(w.municipality(inside)),
        "organization" => json!(w.organization(inside)),
        "catalogue" => json!(w.audit(inside).1),
        _ => Value::Null,
    };
    if field == "auditMatrix" {
        return (
            "query($id: UUID!) { auditMatrix(auditId: $id) { audit { id } } }".to_owned(),
            json!({ "id": w.audit(inside).0 }),
        );
    }
    if field == "regionPrevalence" {
        let query = "query($r: UUID!, $c: UUID!) { regionPrevalence(regionId: $r, catalogueId: $c) { municipalities { organizations } } }";
        return (query.to_owned(), json!({ "r": w.region(inside), "c": w.audit(inside).1 }));
    }
    if field == "listDynamics" {
        return (
            "query($m: UUID!) { listDynamics(municipalityId: $m) { years { year } } }".to_owned(),
            json!({ "m": w.municipality(inside) }),
        );
    }
    if field == "auditDiff" {
        let audit = &w.audit(inside).0;
        return (
            "query($a: UUID!) { auditDiff(auditId: $a, since: $a) { organizationId } }".to_owned(),
            json!({ "a": audit }),
        );
    }
    if field == "regionOverview" {
        let query = "query($r: UUID!) { regionOverview(regionId: $r, year: 2023) { municipalities { schools } } }";
        return (query.to_owned(), json!({ "r": w.region(inside) }));
    }
    if field == "regionLists" {
        return (
            "query($r: UUID!) { regionLists(regionId: $r) { year count } }".to_owned(),
            json!({ "r": w.region(inside) }),
        );
    }
    if field == "listHistory" {
        return (
            "query($o: UUID!) { listHistory(organizationId: $o) { year } }".to_owned(),
            json!({ "o": w.organization(inside) }),
        );
    }
    if field == "resolveReference" {
        // As the REST row: «СОШ № 7» inside, «Некрасовская СОШ» in Тверская область outside.
        let reference = if inside { "СОШ № 7" } else { "Некрасовская СОШ" };
        let query = "query($m: UUID!, $r: String!) { resolveReference(municipalityId: $m, ref: $r) { reading } }";
        return (query.to_owned(), json!({ "m": w.municipality(inside), "r": reference }));
    }
    if let Some((pair, argument)) = match field {
        "programme" => Some((&w.programmes, "id")),
        "roadmap" => Some((&w.roadmaps, "id")),
        "roadmapCoverage" => Some((&w.roadmaps, "roadmapId")),
        _ => None,
    } {
        let selection = if field == "roadmapCoverage" { "roadmapId" } else { "id" };
        let query = format!("query($id: UUID!) {{ {field}({argument}: $id) {{ {selection} }} }}");
        return (query, json!({ "id": pick(pair, inside) }));
    }
    if let Some((query, pair)) = match field {
        "roadmapReports" => {
            Some(("query($id: UUID!) { roadmapReports(roadmapId: $id) { edges { node { id } } } }", &w.roadmaps))
        }
        "execution" => Some(("query($id: UUID!) { execution(roadmapId: $id) { asOf } }", &w.roadmaps)),
        "monitoringCampaign" => Some(("query($id: UUID!) { monitoringCampaign(id: $id) { id } }", &w.campaigns)),
        "recommendation" => Some(("query($id: UUID!) { recommendation(id: $id) { id } }", &w.recommendations)),
        _ => None,
    } {
        return (query.to_owned(), json!({ "id": pick(pair, inside) }));
    }
    if field == "municipalityDashboard" {
        let query = "query($m: UUID!) { municipalityDashboard(municipalityId: $m, year: 2023) { year } }";
        return (query.to_owned(), json!({ "m": w.municipality(inside) }));
    }
    if field == "schoolCard" {
        let query = "query($o: UUID!) { schoolCard(organizationId: $o) { organization { id } } }";
        return (query.to_owned(), json!({ "o": w.organization(inside) }));
    }
    if field == "effectiveness" {
        let query = "query($m: UUID!) { effectiveness(municipalityId: $m, year: 2023) { caveat } }";
        return (query.to_owned(), json!({ "m": w.municipality(inside) }));
    }
    if field == "roster" {
        let query = "query($m: UUID!) { roster(municipalityId: $m, year: 2023) { year } }";
        return (query.to_owned(), json!({ "m": w.municipality(inside) }));
    }
    if field == "noteSignature" {
        let query = "query($m: UUID!) { noteSignature(municipalityId: $m) { approval { name } } }";
        return (query.to_owned(), json!({ "m": w.municipality(inside) }));
    }
    if field == "watchRules" {
        return ("{ watchRules { id } }".to_owned(), json!({}));
    }
    if field == "watchlist" {
        let query = "query($m: UUID!) { watchlist(municipalityId: $m, year: 2023) { year } }";
        return (query.to_owned(), json!({ "m": w.municipality(inside) }));
    }
    if field == "indicators" {
        return ("{ indicators { code } }".to_owned(), json!({}));
    }
    if field == "indicatorSeries" {
        let query =
            "query($m: UUID!) { indicatorSeries(municipalityId: $m, codes: [\"students\"]) { points { value } } }";
        return (query.to_owned(), json!({ "m": w.municipality(inside) }));
    }
    if field == "riskProfile" {
        let query = "query($a: UUID!, $o: UUID!) { riskProfile(auditId: $a, organizationId: $o) { presentCount } }";
        return (query.to_owned(), json!({ "a": w.audit(inside).0, "o": w.organization(inside) }));
    }
    let query = match field {
        "me" => "{ me { subject } }".to_owned(),
        "region" | "municipality" | "organization" | "catalogue" => {
            format!("query($id: UUID!) {{ {field}(id: $id) {{ id }} }}")
        }
        list => format!("{{ {list} {{ edges {{ node {{ id }} }} }} }}"),
    };
    (query, json!({ "id": id }))
}

#[tokio::test]
async fn every_graphql_root_field_answers_every_role_as_the_matrix_says() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let expected = expectations(GRAPHQL);

    let schema = app.graphql("{ __schema { queryType { fields { name } } } }", json!({})).await;
    let fields: Vec<String> = schema["data"]["__schema"]["queryType"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect();
    let missing: Vec<&String> = fields.iter().filter(|f| !expected.contains_key(*f)).collect();
    assert!(missing.is_empty(), "root fields without a row in the authorization matrix: {missing:?}");

    let mut wrong = Vec::new();
    for field in &fields {
        for role in ROLES {
            let (inside, outside) = &expected[field][role];
            for (is_inside, want) in [(true, inside), (false, outside)] {
                let (query, variables) = graphql_query(field, &w, is_inside);
                let response = caller(&app, &w, role).graphql(&query, variables).await;
                let got =
                    match (&response["data"][field.as_str()], response["errors"][0]["extensions"]["code"].as_str()) {
                        (_, Some(code)) => code.to_owned(),
                        (Value::Null, None) => "null".to_owned(),
                        _ => "data".to_owned(),
                    };
                if &got != want {
                    let side = if is_inside { "in" } else { "out" };
                    wrong.push(format!("{field} as {role} ({side}): expected {want}, got {got}: {response}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} cells disagree:\n{}", wrong.len(), wrong.join("\n"));
}
