//! The audit trail records every write with its actor and the exact diff; it never holds a
//! secret, and a refused write leaves nothing.

use opora_tests::{TestApp, create_territory, id_of};
use serde_json::{Value, json};

async fn events(app: &TestApp, entity: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/audit-events?entityId={entity}")).await.expect(200)["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn creating_changing_and_deleting_an_organization_leaves_its_exact_history() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let body = json!({ "municipalityId": seversky, "kind": "secondary_school", "legalForm": "МБОУ", "number": 99, "name": "МБОУ СОШ № 99" });
    let id = id_of(&app.post("/api/v1/organizations", &body).await.expect(201));
    app.patch(
        &format!("/api/v1/organizations/{id}"),
        &json!({ "legalForm": null, "isSmall": true, "name": "МБОУ СОШ № 99" }),
    )
    .await
    .expect(200);
    app.delete(&format!("/api/v1/organizations/{id}")).await.expect(204);

    let history = events(&app, &id).await;
    let actions: Vec<&str> = history.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "delete"]);
    for event in &history {
        assert_eq!(event["actor"], "operator:test-admin");
        assert_eq!(event["entityType"], "organization");
        assert_eq!(event["municipalityId"], json!(seversky));
    }
    let created: Vec<&str> =
        history[0]["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    // Smallness was not given: nothing is recorded of it, not a made-up «false».
    assert_eq!(created, ["regionId", "municipalityId", "kind", "legalForm", "number", "name"]);
    assert_eq!(
        history[1]["changes"],
        json!([
            { "field": "legalForm", "old": "МБОУ", "new": null },
            { "field": "isSmall", "old": null, "new": true },
        ]),
        "only what changed; the unchanged name is not listed"
    );
    assert!(history[2]["changes"].as_array().unwrap().iter().all(|c| c["new"].is_null()));
}

#[tokio::test]
async fn principals_are_audited_without_their_secrets() {
    let app = TestApp::spawn().await;
    let (id, _) = app.sign_in_as("analyst", json!({ "level": "everywhere" })).await;
    app.patch(
        &format!("/api/v1/users/{id}"),
        &json!({ "password": "another long password", "displayName": "Аналитик" }),
    )
    .await
    .expect(200);
    let history = events(&app, &id).await;
    assert_eq!(history.len(), 2);
    let update = &history[1]["changes"];
    assert_eq!(
        update,
        &json!([
            { "field": "displayName", "old": "Тестовый analyst", "new": "Аналитик" },
            { "field": "password", "old": null, "new": "changed" },
        ])
    );
    let created = app
        .post("/api/v1/clients", &json!({ "role": "importer", "scope": { "level": "everywhere" } }))
        .await
        .expect(201);
    let secret = created["clientSecret"].as_str().unwrap();
    let all = app.list_all("/api/v1/audit-events", 500).await;
    let text = serde_json::to_string(&all).unwrap();
    assert!(!text.contains("argon2") && !text.contains(secret) && !text.contains("another long password"));
}

#[tokio::test]
async fn a_refused_write_leaves_no_event() {
    let app = TestApp::spawn().await;
    let before = app.list_all("/api/v1/audit-events", 500).await.len();
    app.post("/api/v1/regions", &json!({ "code": "999", "name": "" })).await.expect(422);
    app.post("/api/v1/regions", &json!({ "code": "57", "name": "Орловская область" })).await.expect(201);
    app.post("/api/v1/regions", &json!({ "code": "57", "name": "Орловская область" })).await.expect(409);
    assert_eq!(app.list_all("/api/v1/audit-events", 500).await.len(), before + 1);
}

#[tokio::test]
async fn regional_users_read_the_events_of_their_region_and_others_none() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let (_, regional) = app.sign_in_as("regional", json!({ "level": "region", "id": t.regions["57"] })).await;
    let seen = app.as_caller(&regional).list_all("/api/v1/audit-events", 500).await;
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|e| e["regionId"] == json!(t.regions["57"])), "only Орловская область");

    let (_, municipal) =
        app.sign_in_as("municipal", json!({ "level": "municipality", "id": t.municipality("khotynetsky") })).await;
    assert_eq!(app.as_caller(&municipal).get("/api/v1/audit-events").await.expect(403)["code"], "forbidden");
    let filtered = app
        .get("/api/v1/audit-events?entityType=municipality&action=create&actor=operator:test-admin")
        .await
        .expect(200);
    assert_eq!(filtered["items"].as_array().unwrap().len(), 4);
    assert_eq!(app.get("/api/v1/audit-events?action=rename").await.expect(422)["errors"][0]["field"], "action");
}
