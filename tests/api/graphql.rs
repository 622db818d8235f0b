//! GraphQL reads the same data as REST, with nested fields and the same error codes.

use opora_tests::{TestApp, create_territory};
use serde_json::{Value, json};

const ORGANIZATION_FIELDS: &str =
    "id regionId municipalityId kind legalForm number name shortName honoraryName aliases inn ogrn fisOkoLogin isSmall";

#[tokio::test]
async fn organizations_created_over_rest_read_back_identically_over_graphql() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let query = format!(
        "query($after: String) {{ organizations(first: 20, after: $after) {{ edges {{ node {{ {ORGANIZATION_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
    );
    let mut nodes: Vec<Value> = Vec::new();
    let mut after = Value::Null;
    loop {
        let response = app.graphql(&query, json!({ "after": after })).await;
        assert!(response.get("errors").is_none(), "{response}");
        let connection = &response["data"]["organizations"];
        nodes.extend(connection["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()));
        if connection["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = connection["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(nodes, territory.created, "every field of every organization is the same on both protocols");
    assert_eq!(app.list_all("/api/v1/organizations", 500).await, nodes);
}

#[tokio::test]
async fn a_query_walks_from_a_region_to_its_organizations_and_back() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let query = "query($id: UUID!) { region(id: $id) { code name municipalities(first: 10) { name organizations(first: 50) { name number municipality { name region { code } } } } } }";
    let response = app.graphql(query, json!({ "id": territory.regions["23"] })).await;
    assert!(response.get("errors").is_none(), "{response}");
    let region = &response["data"]["region"];
    assert_eq!(region["code"], "23");
    let municipalities = region["municipalities"].as_array().unwrap();
    assert_eq!(municipalities.len(), 2);
    let seversky = municipalities.iter().find(|m| m["name"] == "Северский район").unwrap();
    let schools = seversky["organizations"].as_array().unwrap();
    assert_eq!(schools.len(), 17);
    for school in schools {
        assert_eq!(school["municipality"]["name"], "Северский район");
        assert_eq!(school["municipality"]["region"]["code"], "23");
    }
}

#[tokio::test]
async fn graphql_filters_match_rest_filters() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let seversky = territory.municipality("seversky");
    let query = "query($m: UUID) { organizations(municipalityId: $m, kind: basic_school) { edges { node { name } } } }";
    let response = app.graphql(query, json!({ "m": seversky })).await;
    let mut names: Vec<&str> = response["data"]["organizations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["МБОУ ООШ № 12", "МБОУ ООШ № 8"]);

    let response = app
        .graphql("{ municipalities(search: \"калинин\") { edges { node { name region { name } } } } }", json!({}))
        .await;
    let mut regions: Vec<&str> = response["data"]["municipalities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["region"]["name"].as_str().unwrap())
        .collect();
    regions.sort_unstable();
    assert_eq!(regions, ["Краснодарский край", "Тверская область"]);
}

#[tokio::test]
async fn graphql_errors_carry_the_rest_codes() {
    let app = TestApp::spawn().await;
    let response =
        app.graphql("{ organizations(first: 0, after: \"forged\") { edges { node { id } } } }", json!({})).await;
    let error = &response["errors"][0];
    assert_eq!(error["extensions"]["code"], "validation_failed");
    let fields: Vec<&str> =
        error["extensions"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["limit", "cursor"]);

    let missing = app.graphql("{ region(id: \"01a20874-0d98-716b-993e-87f46be7e4af\") { name } }", json!({})).await;
    assert_eq!(missing["data"]["region"], Value::Null);
    assert!(missing.get("errors").is_none());
}

/// graphql-js's `getIntrospectionQuery()`, as GraphiQL, Apollo, Postman and the code
/// generators send it: nine levels of `ofType`.
const STANDARD_INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}
"#;

#[tokio::test]
async fn the_standard_introspection_query_is_answered_and_data_queries_keep_their_depth_limit() {
    let app = TestApp::spawn().await;
    let response = app.graphql(STANDARD_INTROSPECTION, json!({})).await;
    assert!(response.get("errors").is_none(), "{response}");
    let types = response["data"]["__schema"]["types"].as_array().unwrap();
    let organization = types.iter().find(|t| t["name"] == "Organization").expect("the schema's types are listed");
    assert!(organization["fields"].as_array().unwrap().iter().any(|f| f["name"] == "municipality"));
    // A data query as deep as the introspection query is still refused.
    let deep = "{ organizations(first: 1) { edges { node { region { municipalities(first: 1) { region { municipalities(first: 1) { region { municipalities(first: 1) { region { municipalities(first: 1) { region { name } } } } } } } } } } } } }";
    let refused = app.graphql(deep, json!({})).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "query_too_complex", "{refused}");
}

#[tokio::test]
async fn every_graphql_error_carries_a_code_and_a_bad_token_answers_a_graphql_document() {
    let app = TestApp::spawn().await;
    let syntax = app.graphql("{ regions(first: ", json!({})).await;
    assert_eq!(syntax["errors"][0]["extensions"]["code"], "malformed_request", "{syntax}");
    let unknown = app.graphql("{ noSuchField }", json!({})).await;
    assert_eq!(unknown["errors"][0]["extensions"]["code"], "malformed_request", "{unknown}");
    let refused = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth("not-a-token")
        .json(&json!({ "query": "{ regions { totalCount } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 401);
    assert_eq!(refused.headers()["www-authenticate"], "Bearer");
    assert!(refused.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "unauthorized", "{body}");
}

#[tokio::test]
async fn the_explorer_is_served_whole_from_the_binary() {
    let app = TestApp::spawn().await;
    let page = app.client.get(app.url("/graphql")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("graphiql"), "{page}");
    assert!(
        !page.contains("http://") && !page.contains("https://") && !page.contains("//unpkg"),
        "nothing from a CDN: {page}"
    );
    let assets: Vec<&str> = page.split('"').filter(|part| part.starts_with("/graphql/assets/")).collect();
    assert_eq!(assets.len(), 5, "{assets:?}");
    for asset in assets {
        let response = app.client.get(app.url(asset)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{asset}");
        let gzipped = response.headers().get("content-encoding").is_some_and(|v| v == "gzip");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.len() > 100, "{asset}");
        assert_eq!(gzipped, bytes.starts_with(&[0x1f, 0x8b]), "{asset}: gzip bytes exactly when declared");
    }
    let missing = app.client.get(app.url("/graphql/assets/nothing.js")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
}
