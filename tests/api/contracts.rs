//! The published contracts in `schema/` are what the code generates, and the served OpenAPI
//! document is the same one. `UPDATE_SCHEMA=1` rewrites the files instead of failing.

use std::path::PathBuf;

use opora_tests::TestApp;

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn check(name: &str, generated: &str) {
    let path = schema_dir().join(name);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date; run `UPDATE_SCHEMA=1 cargo test -p opora-tests contracts` or `opora export-schema`",
        path.display()
    );
}

#[test]
fn the_committed_openapi_document_is_up_to_date() {
    check("openapi.json", &opora_api::openapi_json());
}

#[test]
fn the_committed_graphql_schema_is_up_to_date() {
    check("schema.graphql", &opora_api::graphql_sdl());
}

#[tokio::test]
async fn the_served_document_is_openapi_3_1_and_lists_every_operation() {
    let app = TestApp::spawn().await;
    let served = app.get("/api/v1/openapi.json").await.expect(200);
    let generated: serde_json::Value = serde_json::from_str(&opora_api::openapi_json()).unwrap();
    assert_eq!(served, generated);
    assert_eq!(served["openapi"], "3.1.0");
    let operations: Vec<String> = opora_tests::operation_ids(&served);
    for expected in ["list_organizations", "create_organization", "resolve_organization", "delete_region"] {
        assert!(operations.iter().any(|o| o == expected), "{expected} missing from {operations:?}");
    }
    let codes = &served["components"]["schemas"]["ErrorCode"];
    assert!(codes.to_string().contains("ambiguous_reference"), "error codes are listed: {codes}");
}
