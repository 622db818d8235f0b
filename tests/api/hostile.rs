//! Hostile input, sent small: each class of request that once took the process down or
//! corrupted data must now answer a 4xx, leave the stored rows as they were and the server
//! live. Races of identical imports leave one audit or one decision per year.

use opora_tests::{SEED_001_AUDIT, TestApp, create_territory, race, shared_strings_xlsx, sparse_xlsx};
use reqwest::StatusCode;
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SEVERSKY: &str = opora_tests::SEED_004_LISTS;

fn audit_path(municipality: &str) -> String {
    format!("/api/v1/imports/audit?municipalityId={municipality}&date=2023-03-01")
}

/// The audits and catalogues stored, as the API lists them.
async fn stored(app: &TestApp) -> (usize, usize) {
    let audits = app.list_all("/api/v1/audits", 500).await.len();
    let catalogues = app.list_all("/api/v1/catalogues", 500).await.len();
    (audits, catalogues)
}

async fn assert_live(app: &TestApp) {
    app.anonymous().get("/health/live").await.expect(200);
}

#[tokio::test]
async fn uploads_are_refused_before_they_are_read_when_the_caller_may_not_import() {
    let app =
        TestApp::spawn_with(opora_server::RawSettings { public_read: Some("true".into()), ..Default::default() }).await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    // Garbage that would be a 415 or 422 if it were read: the caller is refused first.
    let anonymous = app.anonymous().upload(&audit_path(kuban), "application/x-garbage", sparse_xlsx()).await;
    assert_eq!(anonymous.expect(401)["code"], "unauthorized");
    let (_, outsider) =
        app.sign_in_as("importer", json!({ "level": "municipality", "id": t.municipality("seversky") })).await;
    let other = app.as_caller(&outsider).upload(&audit_path(kuban), "application/x-garbage", sparse_xlsx()).await;
    assert_eq!(other.expect(404)["code"], "not_found");
    let (_, analyst) = app.sign_in_as("analyst", json!({ "level": "everywhere" })).await;
    let lists = format!("/api/v1/imports/lists?municipalityId={kuban}");
    assert_eq!(
        app.as_caller(&analyst).upload(&lists, "application/x-garbage", vec![0; 64]).await.expect(403)["code"],
        "forbidden"
    );
    assert_eq!(stored(&app).await, (0, 0));
}

#[tokio::test]
async fn hostile_tables_answer_a_4xx_and_change_nothing() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let path = audit_path(kuban);
    let before = stored(&app).await;

    let sparse = app.upload(&path, XLSX, sparse_xlsx()).await;
    assert_eq!(sparse.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", sparse.text);
    assert_live(&app).await;
    let strings = app.upload(&path, XLSX, shared_strings_xlsx()).await;
    assert_eq!(strings.expect(422)["code"], "import_rejected");
    assert_live(&app).await;
    // A million one-byte lines: refused at the row cap, in one pass over the file.
    let lines = app.upload(&path, "text/csv", "1\n".repeat(1_000_000).into_bytes()).await;
    assert!(lines.expect(413)["detail"].as_str().unwrap().contains("20000"));
    let wide = app.upload(&path, TSV, format!("{}\n", "x\t".repeat(5000)).into_bytes()).await;
    assert_eq!(wide.expect(413)["code"], "payload_too_large");
    let lists = format!("/api/v1/imports/lists?municipalityId={kuban}");
    assert_eq!(app.upload(&lists, XLSX, sparse_xlsx()).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_live(&app).await;
    assert_eq!(stored(&app).await, before);
}

fn fan_out(levels: usize) -> String {
    let mut query = String::from("query { ...F0 }\n");
    for level in 0..levels {
        query.push_str(&format!("fragment F{level} on QueryRoot {{ ...F{next} ...F{next} }}\n", next = level + 1));
    }
    query.push_str(&format!("fragment F{levels} on QueryRoot {{ regions {{ totalCount }} }}\n"));
    query
}

fn code_of(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"].as_str().unwrap_or_else(|| panic!("no code in {response}"))
}

#[tokio::test]
async fn hostile_graphql_documents_are_refused_for_signed_in_and_anonymous_callers() {
    let app =
        TestApp::spawn_with(opora_server::RawSettings { public_read: Some("true".into()), ..Default::default() }).await;
    create_territory(&app).await;
    let nested = format!("{{ regions(search: {}\"x\"{}) {{ totalCount }} }}", "[".repeat(2000), "]".repeat(2000));
    let walk = "{ organizations(first: 500) { edges { node { region { municipalities { organizations { region { municipalities { organizations { name } } } } } } } } } }";
    for caller in [app.anonymous(), app.as_caller(&app.admin_token)] {
        let deep = caller.graphql(&nested, json!({})).await;
        assert_eq!(code_of(&deep), "query_too_complex", "{deep}");
        let fragments = caller.graphql(&fan_out(25), json!({})).await;
        assert_eq!(code_of(&fragments), "query_too_complex", "{fragments}");
        let fan = caller.graphql(walk, json!({})).await;
        assert_eq!(code_of(&fan), "query_too_complex", "{fan}");
        assert!(fan["data"].is_null(), "refused before anything was read");
        let status = caller.post("/graphql", &json!({ "query": nested })).await.status.as_u16();
        assert_eq!(status, 400, "a request that cannot run is a bad request");
    }
    assert_live(&app).await;
    // The same walk, asked with the page sizes it needs, is answered.
    let sized =
        "{ regions(first: 5) { edges { node { municipalities(first: 10) { organizations(first: 50) { name } } } } } }";
    let answered = app.graphql(sized, json!({})).await;
    assert!(answered.get("errors").is_none(), "{answered}");
}

#[tokio::test]
async fn twenty_identical_audit_imports_at_once_make_one_audit_and_one_catalogue() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let answers = race(&app, &audit_path(kuban), SEED_001_AUDIT, None, 20).await;
    assert!(answers.iter().all(|(status, _)| matches!(status, 200 | 201)), "{answers:?}");
    assert_eq!(answers.iter().filter(|(status, _)| *status == 201).count(), 1, "one import creates");
    let audit_ids: std::collections::BTreeSet<&str> =
        answers.iter().map(|(_, body)| body["auditId"].as_str().unwrap()).collect();
    assert_eq!(audit_ids.len(), 1, "every answer names the one audit");
    assert_eq!(stored(&app).await, (1, 1));

    // With an Idempotency-Key every request gets the first answer, byte for byte.
    let answers = race(&app, &audit_path(kuban), SEED_001_AUDIT, Some("audit-2023-03-01"), 20).await;
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert_eq!(stored(&app).await, (1, 1));
    // The key is bound to its request: another table under it is refused.
    let other = app
        .client
        .post(app.url(&audit_path(kuban)))
        .bearer_auth(&app.admin_token)
        .header("content-type", TSV)
        .header("idempotency-key", "audit-2023-03-01")
        .body("other")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status().as_u16(), 422);
    assert_eq!(other.json::<Value>().await.unwrap()["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn twenty_identical_list_imports_at_once_leave_one_decision_per_year() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let path = format!("/api/v1/imports/lists?municipalityId={seversky}");
    let answers = race(&app, &path, SEVERSKY, Some("seversky-lists"), 20).await;
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "every request gets the first answer: {answers:?}");
    assert_eq!(answers[0].0, 201);
    let answers = race(&app, &path, SEVERSKY, None, 20).await;
    assert!(answers.iter().all(|(status, body)| *status == 200 && body["status"] == "unchanged"), "{answers:?}");
    let view = app.get(&format!("/api/v1/municipalities/{seversky}/lists")).await.expect(200);
    assert_eq!(view["decisions"].as_array().map(Vec::len), Some(4), "one decision for each of 2020, 2022, 2023, 2024");
    let counts: Vec<i64> = view["years"].as_array().unwrap().iter().map(|y| y["count"].as_i64().unwrap()).collect();
    assert_eq!(counts, [8, 7, 5, 1]);
}

#[tokio::test]
async fn racing_list_imports_without_a_key_record_each_year_once() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let path = format!("/api/v1/imports/lists?municipalityId={seversky}");
    let answers = race(&app, &path, SEVERSKY, None, 20).await;
    assert!(answers.iter().all(|(status, _)| matches!(status, 200 | 201)), "{answers:?}");
    let view = app.get(&format!("/api/v1/municipalities/{seversky}/lists")).await.expect(200);
    assert_eq!(view["decisions"].as_array().map(Vec::len), Some(4));
}

#[tokio::test]
async fn a_scoped_importer_cannot_move_a_school_out_of_its_scope() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let (_, importer) = app.sign_in_as("importer", json!({ "level": "municipality", "id": seversky })).await;
    let school = t.organization("seversky", "МБОУ СОШ № 6");
    let path = format!("/api/v1/organizations/{school}");
    // To the region level: the new place is outside the importer's scope.
    let moved = app.as_caller(&importer).patch(&path, &json!({ "municipalityId": null })).await;
    assert_eq!(moved.status.as_u16(), 403, "{}", moved.text);
    assert_eq!(moved.body["errors"][0]["field"], "municipalityId");
    // To a municipality the importer cannot see: for it, no such municipality exists.
    let elsewhere = json!({ "municipalityId": t.municipality("kalininsky-kuban") });
    let moved = app.as_caller(&importer).patch(&path, &elsewhere).await;
    assert_eq!(moved.expect(422)["errors"][0]["field"], "municipalityId");
    assert_eq!(app.get(&path).await.expect(200)["municipalityId"], json!(seversky), "the school stayed");
}

#[tokio::test]
async fn reactivating_a_user_does_not_revive_its_old_tokens() {
    let app = TestApp::spawn().await;
    let (id, old) = app.sign_in_as("analyst", json!({ "level": "everywhere" })).await;
    app.patch(&format!("/api/v1/users/{id}"), &json!({ "active": false })).await.expect(200);
    app.patch(&format!("/api/v1/users/{id}"), &json!({ "active": true })).await.expect(200);
    assert_eq!(app.as_caller(&old).get("/api/v1/regions").await.expect(401)["code"], "unauthorized");
    let me = app.get(&format!("/api/v1/users/{id}")).await.expect(200);
    let fresh = app.password_token(me["email"].as_str().unwrap(), "correct horse battery staple").await.expect(200);
    app.as_caller(fresh["access_token"].as_str().unwrap()).get("/api/v1/regions").await.expect(200);
}

#[tokio::test]
async fn a_huge_username_is_answered_and_leaves_the_limiter_small() {
    let app = TestApp::spawn().await;
    let name = "я".repeat(512 * 1024);
    for _ in 0..5 {
        let answer = app.password_token(&name, "whatever").await;
        assert_eq!(answer.expect(401)["code"], "invalid_credentials");
    }
    assert_live(&app).await;
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    stream.write_all(b"GET /health/live HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let limit = opora_server::app::HEADER_READ_TIMEOUT + std::time::Duration::from_secs(5);
    let mut buffer = Vec::new();
    let closed = tokio::time::timeout(limit, stream.read_to_end(&mut buffer)).await;
    assert!(closed.is_ok(), "the server closed the half-sent request");
    assert_live(&app).await;
}

#[tokio::test]
async fn without_a_token_an_existing_id_and_an_unknown_one_answer_alike() {
    for public_read in ["false", "true"] {
        let app = TestApp::spawn_with(opora_server::RawSettings {
            public_read: Some(public_read.into()),
            ..Default::default()
        })
        .await;
        let t = create_territory(&app).await;
        let existing = t.organization("seversky", "МБОУ СОШ № 6").to_owned();
        let unknown = uuid::Uuid::now_v7().to_string();
        let writes = [reqwest::Method::PATCH, reqwest::Method::DELETE];
        let reads: &[reqwest::Method] = if public_read == "true" { &[] } else { &[reqwest::Method::GET] };
        for method in writes.iter().chain(reads) {
            let mut answers = Vec::new();
            for id in [&existing, &unknown] {
                let body = json!({ "shortName": "x" });
                let answer =
                    app.anonymous().request(method.clone(), &format!("/api/v1/organizations/{id}"), Some(&body)).await;
                answers.push((answer.status.as_u16(), answer.body["detail"].clone()));
            }
            assert_eq!(answers[0], answers[1], "{method} with public read {public_read}");
            assert_eq!(answers[0].0, 401, "{method} with public read {public_read}");
        }
    }
}

#[tokio::test]
async fn oversized_texts_in_new_parameters_are_refused_without_being_echoed() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    // A reference longer than any name.
    let long = "СОШ № 7 ".repeat(2_000);
    let query = "query($m: UUID!, $r: String!) { resolveReference(municipalityId: $m, ref: $r) { reading } }";
    let refused = app.graphql(query, json!({ "m": kuban, "r": long })).await;
    let error = &refused["errors"][0];
    assert_eq!(error["extensions"]["errors"][0]["code"], "reference_too_long", "{refused}");
    assert!(error["message"].as_str().unwrap().len() < 300, "the text is not echoed: {error}");
    // An approving document's title that no name could be: refused before the table is read.
    let title = "x".repeat(600);
    let path = format!("{}&sourceTitle={title}", audit_path(kuban));
    let problem = app.upload(&path, TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "sourceTitle", "{problem}");
    assert_eq!(stored(&app).await, (0, 0));
}

/// A cell that names one school a hundred thousand times (1.4 MB, under the body limit) once
/// took the process down: every finding quoted the whole cell as its evidence. Now what is
/// quoted is bounded, the import stores one finding per school, and the server stays up.
#[tokio::test]
async fn a_cell_naming_a_school_a_hundred_thousand_times_is_read_in_bounded_memory() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let repeated = ", СОШ №2".repeat(100_000);
    let table =
        SEED_001_AUDIT.replacen("СОШ №2, 9, 10, 14, ООШ №11", &format!("СОШ №2, 9, 10, 14, ООШ №11{repeated}"), 1);
    assert!(table.len() > 1_000_000 && table.len() < 2_000_000);
    let answer = app.upload(&audit_path(kuban), TSV, table.into_bytes()).await;
    let imported = answer.expect(201);
    let audit = imported["auditId"].as_str().unwrap();
    let matrix = app.get(&format!("/api/v1/audits/{audit}/matrix")).await.expect(200);
    let evidence: Vec<&str> = matrix["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["evidence"].as_array().into_iter().flatten())
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(!evidence.is_empty());
    assert!(evidence.iter().all(|e| e.chars().count() < 1_000), "evidence quotes at most an excerpt of the cell");
    assert_eq!(matrix["parameters"][0]["organizations"], 5, "СОШ № 2 counted once: {}", matrix["parameters"][0]);
    assert_live(&app).await;
}
