//! Body, batch, depth and complexity limits.

use opora_server::RawSettings;
use opora_tests::TestApp;
use serde_json::json;

async fn small_app() -> TestApp {
    TestApp::spawn_with(RawSettings {
        max_body_bytes: Some("4096".into()),
        graphql_max_depth: Some("4".into()),
        graphql_max_batch: Some("2".into()),
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn an_oversized_body_is_refused_on_rest_and_graphql() {
    let app = small_app().await;
    let big = "я".repeat(4000);
    let answer = app.post("/api/v1/regions", &json!({ "code": "69", "name": big })).await;
    assert_eq!(answer.content_type(), "application/problem+json");
    assert_eq!(answer.expect(413)["code"], "payload_too_large");
    let answer = app
        .post("/graphql", &json!({ "query": format!("{{ regions {{ edges {{ node {{ id }} }} }} }} #{big}") }))
        .await;
    assert_eq!(answer.expect(413)["code"], "payload_too_large");
    assert!(app.list_all("/api/v1/regions", 10).await.is_empty(), "nothing was written");
}

/// A chunked body declares no length; it must be cut off where it is read, not buffered whole.
#[tokio::test]
async fn a_streamed_graphql_body_is_bounded_too() {
    let app = small_app().await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..64).map(|_| Ok(vec![b' '; 1024])).collect();
    let body = reqwest::Body::wrap_stream(futures_stream(chunks));
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

fn futures_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    tokio_stream::iter(chunks)
}

#[tokio::test]
async fn a_graphql_batch_over_the_limit_is_refused() {
    let app = small_app().await;
    let one = json!({ "query": "{ regions { edges { node { id } } } }" });
    let ok = app.post("/graphql", &json!([one, one])).await.expect(200);
    assert_eq!(ok.as_array().unwrap().len(), 2);
    let problem = app.post("/graphql", &json!([one, one, one])).await.expect(413);
    assert_eq!(problem["code"], "payload_too_large");
}

#[tokio::test]
async fn a_graphql_query_deeper_than_the_limit_is_refused() {
    let app = small_app().await;
    let deep = "{ organizations { edges { node { municipality { region { municipalities { name } } } } } } }";
    let response = app.graphql(deep, json!({})).await;
    let message = response["errors"][0]["message"].as_str().unwrap();
    assert!(message.to_lowercase().contains("nested too deep"), "{message}");
    assert!(response["data"].is_null());
}

#[tokio::test]
async fn malformed_json_is_a_problem_document_that_says_where() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/regions"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "application/json")
        .body("{\"code\": \"69\",")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "malformed_request");
    assert!(body["detail"].as_str().unwrap().contains("line 1"), "{body}");

    let response =
        app.client.post(app.url("/api/v1/regions")).bearer_auth(&app.admin_token).body("{}").send().await.unwrap();
    assert_eq!(response.status(), 415);
}

/// The reader takes up to 9,999 measures, and so does the store on both databases, though the
/// rows bind about ten times more values than one statement may; one more is refused by row,
/// as a limit of the roadmap, and stores nothing.
#[tokio::test]
async fn a_roadmap_as_large_as_the_reader_accepts_is_stored_and_one_measure_more_is_refused_by_row() {
    let app = TestApp::spawn().await;
    let t = opora_tests::create_territory(&app).await;
    let m = t.municipality("seversky");
    let path = |year: u32| format!("/api/v1/imports/roadmap?municipalityId={m}&periodFrom={year}&periodTo={year}");
    let tsv = "text/tab-separated-values";
    let refused = app.upload(&path(2025), tsv, opora_tests::numbered_roadmap(10_000, 2025)).await.expect(422);
    let issues = refused["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{:?}", &issues[..issues.len().min(3)]);
    let issue = &issues[0];
    assert_eq!((issue["code"].as_str(), issue["row"].as_u64()), (Some("too_many_measures"), Some(10_001)), "{issue}");
    assert!(issue["message"].as_str().unwrap().contains("9999"), "{issue}");
    assert_eq!(app.get("/api/v1/roadmaps").await.expect(200)["items"], json!([]), "nothing stored");

    let report = app.upload(&path(2024), tsv, opora_tests::numbered_roadmap(9_999, 2024)).await.expect(201);
    let roadmap = app.get(&format!("/api/v1/roadmaps/{}", report["roadmapId"].as_str().unwrap())).await.expect(200);
    let measures = roadmap["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 9_999);
    assert_eq!(measures[9_998]["number"], "9999");
    assert_eq!(measures[9_998]["title"], "Семинар для руководителей № 9999");
}
