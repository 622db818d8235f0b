//! Health, metrics, request ids, documentation and graceful shutdown.

use opora_tests::TestApp;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn liveness_and_readiness_answer_ok_on_a_fresh_database() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/health/live").await.expect(200)["status"], "ok");
    assert_eq!(app.get("/health/ready").await.expect(200)["status"], "ready");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_given_one_is_kept() {
    let app = TestApp::spawn().await;
    let answer = app.get("/health/live").await;
    let generated = answer.headers.get("x-request-id").expect("a request id").to_str().unwrap();
    assert_eq!(generated.len(), 36, "a UUID");
    let response = app.client.get(app.url("/api/v1/regions")).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_not_by_raw_path() {
    let app = TestApp::spawn().await;
    let missing = "/api/v1/regions/01a20874-0d98-716b-993e-87f46be7e4af";
    app.get(missing).await.expect(404);
    app.get(missing).await.expect(404);
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("opora_http_requests_total{") && l.contains("route=\"/api/v1/regions/{id}\""))
        .unwrap_or_else(|| panic!("no counter for the route in:\n{text}"));
    assert!(line.contains("status=\"404\"") && line.ends_with(" 2"), "{line}");
    assert!(text.contains("opora_http_request_duration_seconds_bucket"));
    assert!(!text.contains("01a20874"), "raw ids must not become labels");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_problem_documents() {
    let app = TestApp::spawn().await;
    let answer = app.get("/api/v1/nothing-here").await;
    assert_eq!(answer.content_type(), "application/problem+json");
    assert_eq!(answer.expect(404)["code"], "route_not_found");
    let answer = app.request(reqwest::Method::PUT, "/api/v1/regions", Some(&json!({}))).await;
    assert_eq!(answer.expect(405)["code"], "method_not_allowed");
}

#[tokio::test]
async fn the_documentation_page_is_served_without_external_assets() {
    let app = TestApp::spawn().await;
    let page = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("swagger-ui"));
    let explorer = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(explorer.status(), 200);
    assert!(explorer.text().await.unwrap().to_lowercase().contains("graphiql"));
}

/// A request whose body is still arriving when shutdown begins is answered, and then the server
/// stops.
#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish() {
    let mut app = TestApp::spawn().await;
    let body = json!({ "code": "57", "name": "Орловская область" }).to_string();
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/v1/regions HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        app.admin_token,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body.as_bytes()[..5]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    let stop = app.stop_handle();
    stop();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stream.write_all(&body.as_bytes()[5..]).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    app.shutdown().await;
    assert!(tokio::net::TcpStream::connect(&address).await.is_err(), "the listener is closed");
}

/// Readiness follows the database: 503 while connections are refused, 200 once they are
/// accepted again. PostgreSQL only: an SQLite file cannot be made unreachable from outside.
#[tokio::test]
async fn readiness_reports_an_unreachable_database_and_recovers() {
    let app = TestApp::spawn().await;
    if !app.db.is_postgres() {
        eprintln!("skipped on SQLite: needs PostgreSQL (set OPORA_TEST_POSTGRES_URL)");
        return;
    }
    app.get("/health/ready").await.expect(200);
    app.db.set_reachable(false).await;
    let answer = app.get("/health/ready").await;
    assert_eq!(answer.content_type(), "application/problem+json");
    assert_eq!(answer.expect(503)["code"], "database_unavailable");
    let answer = app.get("/api/v1/regions").await;
    assert_eq!(answer.expect(503)["code"], "database_unavailable");
    app.db.set_reachable(true).await;
    app.get("/health/ready").await.expect(200);
}
