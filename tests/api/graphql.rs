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

/// Every list field of the schema takes `first` and is costed by it, so that a query's price
/// counts its fan-out: a connection's `edges` and `nodes` are paged by the connection's own
/// `first`. A field added without it fails here.
#[tokio::test]
async fn every_list_of_objects_in_the_schema_is_paged_and_costed() {
    let app = TestApp::spawn().await;
    let query = "{ __schema { types { name kind fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";
    let schema = app.graphql(query, json!({})).await;
    let types = schema["data"]["__schema"]["types"].as_array().unwrap();
    let kinds: std::collections::HashMap<&str, &str> =
        types.iter().map(|t| (t["name"].as_str().unwrap(), t["kind"].as_str().unwrap())).collect();
    let mut unpaged = Vec::new();
    let mut lists = 0;
    for t in types.iter().filter(|t| t["kind"] == "OBJECT" && !t["name"].as_str().unwrap().starts_with("__")) {
        let owner = t["name"].as_str().unwrap();
        for field in t["fields"].as_array().unwrap() {
            // NON_NULL → LIST → NON_NULL → the item.
            let mut ty = &field["type"];
            let mut list = false;
            while ty["kind"] != "OBJECT" && ty["kind"] != "SCALAR" && ty["kind"] != "ENUM" && !ty["kind"].is_null() {
                list |= ty["kind"] == "LIST";
                ty = &ty["ofType"];
            }
            let item = ty["name"].as_str().unwrap_or_default();
            if !list || kinds.get(item) != Some(&"OBJECT") {
                continue;
            }
            lists += 1;
            let args: Vec<&str> =
                field["args"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
            // One series per indicator code asked (at most 20), priced by `codes`.
            let by_codes =
                (owner, field["name"].as_str()) == ("QueryRoot", Some("indicatorSeries")) && args.contains(&"codes");
            if !args.contains(&"first") && !owner.ends_with("Connection") && !by_codes {
                unpaged.push(format!("{owner}.{}", field["name"].as_str().unwrap()));
            }
        }
    }
    assert!(lists > 60, "the walk found {lists} lists of objects");
    assert!(unpaged.is_empty(), "lists the cost guard cannot count: {unpaged:?}");
}

/// Seed 001's 44 measures read a page at a time; asked whole within a smaller `first`, the
/// list is an error that says to page; a query whose pages multiply past the budget is refused
/// before it runs.
#[tokio::test]
async fn a_roadmaps_measures_are_paged_and_their_fan_out_is_priced() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let tsv = "text/tab-separated-values";
    let path = format!("/api/v1/imports/roadmap?municipalityId={kuban}&periodFrom=2023&periodTo=2024");
    let report = app.upload(&path, tsv, opora_tests::SEED_001_ROADMAP.into()).await.expect(201);
    let id = report["roadmapId"].as_str().unwrap();
    let numbers = |answer: &Value| -> Vec<String> {
        let measures = answer["data"]["roadmap"]["measures"].as_array().cloned().unwrap_or_default();
        measures.iter().map(|m| m["number"].as_str().unwrap().to_owned()).collect()
    };
    let page = "query($id: UUID!, $o: Int) { roadmap(id: $id) { measures(first: 20, offset: $o) { number } } }";
    let mut all = Vec::new();
    for offset in [0, 20, 40, 60] {
        all.extend(numbers(&app.graphql(page, json!({ "id": id, "o": offset })).await));
    }
    assert_eq!(all, (1..=44).map(|n| n.to_string()).collect::<Vec<_>>());
    let whole = app.graphql(page, json!({ "id": id, "o": null })).await;
    assert_eq!(whole["errors"][0]["extensions"]["code"], "query_too_complex", "{whole}");
    assert!(whole["errors"][0]["message"].as_str().unwrap().contains("44 measures"), "{whole}");
    let default =
        app.graphql("query($id: UUID!) { roadmap(id: $id) { measures { number } } }", json!({ "id": id })).await;
    assert_eq!(numbers(&default).len(), 44, "within the default of 100: {default}");
    let fan =
        (0..4).map(|i| format!("m{i}: measures(first: 500) {{ venues(first: 500) {{ kind }} }}")).collect::<Vec<_>>();
    let priced = app
        .graphql(&format!("query($id: UUID!) {{ roadmap(id: $id) {{ {} }} }}", fan.join(" ")), json!({ "id": id }))
        .await;
    assert_eq!(priced["errors"][0]["extensions"]["code"], "query_too_complex", "{priced}");
    assert!(priced["data"].is_null(), "refused before it runs: {priced}");
}
