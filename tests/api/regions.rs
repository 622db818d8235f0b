//! Regions and municipalities over REST.

use opora_tests::{TestApp, create_territory, id_of};
use serde_json::json;

#[tokio::test]
async fn the_seed_territory_is_created_and_reads_back() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    assert_eq!(territory.regions.len(), 3);
    assert_eq!(territory.municipalities.len(), 4);

    let tver = &territory.regions["69"];
    let region = app.get(&format!("/api/v1/regions/{tver}")).await.expect(200);
    assert_eq!(region, json!({ "id": tver, "code": "69", "name": "Тверская область" }));

    let kuban = app.list_all(&format!("/api/v1/municipalities?regionId={}", territory.regions["23"]), 50).await;
    let mut names: Vec<&str> = kuban.iter().map(|m| m["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Калининский район", "Северский район"]);
}

#[tokio::test]
async fn two_municipalities_of_one_name_in_different_regions_are_different() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let found = app.get("/api/v1/municipalities?q=калининский").await.expect(200);
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_ne!(items[0]["regionId"], items[1]["regionId"]);

    // Within one region the name is taken.
    let again = json!({ "regionId": territory.regions["23"], "name": "Калининский  район", "kind": "district" });
    let problem = app.post("/api/v1/municipalities", &again).await.expect(409);
    assert_eq!(problem["code"], "duplicate");
    assert_eq!(problem["errors"][0]["field"], "name");
}

#[tokio::test]
async fn a_region_code_is_unique_and_checked() {
    let app = TestApp::spawn().await;
    app.post("/api/v1/regions", &json!({ "code": "69", "name": "Тверская область" })).await.expect(201);
    let problem = app.post("/api/v1/regions", &json!({ "code": "69", "name": "Другая" })).await.expect(409);
    assert_eq!(problem["errors"][0]["field"], "code");
    let problem = app.post("/api/v1/regions", &json!({ "code": "6x", "name": "" })).await.expect(422);
    assert_eq!(problem["code"], "validation_failed");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["code", "name"]);
}

#[tokio::test]
async fn a_municipality_in_an_unknown_region_is_a_field_error() {
    let app = TestApp::spawn().await;
    let body =
        json!({ "regionId": "01a20874-0d98-716b-993e-87f46be7e4af", "name": "Северский район", "kind": "district" });
    let problem = app.post("/api/v1/municipalities", &body).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "regionId");
    assert_eq!(problem["errors"][0]["code"], "unknown_reference");
}

#[tokio::test]
async fn patching_a_municipality_changes_only_the_given_fields() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let id = territory.municipality("seversky");
    let path = format!("/api/v1/municipalities/{id}");
    let patched = app.patch(&path, &json!({ "oktmo": "03643000" })).await.expect(200);
    assert_eq!(patched["oktmo"], "03643000");
    assert_eq!(patched["name"], "Северский район");
    let cleared = app.patch(&path, &json!({ "oktmo": null, "kind": "municipal_okrug" })).await.expect(200);
    assert_eq!(cleared["oktmo"], serde_json::Value::Null);
    assert_eq!(cleared["kind"], "municipal_okrug");
    assert_eq!(app.get(&path).await.expect(200), cleared);

    // The region is not a field a municipality can change.
    let problem = app.patch(&path, &json!({ "regionId": territory.regions["69"] })).await.expect(422);
    assert_eq!(problem["code"], "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "regionId", "{problem}");
}

#[tokio::test]
async fn deleting_is_refused_while_anything_refers_to_the_record() {
    let app = TestApp::spawn().await;
    let region =
        id_of(&app.post("/api/v1/regions", &json!({ "code": "57", "name": "Орловская область" })).await.expect(201));
    let body = json!({ "regionId": region, "name": "Хотынецкий район", "kind": "district" });
    let municipality = id_of(&app.post("/api/v1/municipalities", &body).await.expect(201));
    let body = json!({ "municipalityId": municipality, "kind": "secondary_school", "name": "МБОУ «Юрьевская СОШ»" });
    let school = id_of(&app.post("/api/v1/organizations", &body).await.expect(201));

    assert_eq!(app.delete(&format!("/api/v1/regions/{region}")).await.expect(409)["code"], "in_use");
    assert_eq!(app.delete(&format!("/api/v1/municipalities/{municipality}")).await.expect(409)["code"], "in_use");

    app.delete(&format!("/api/v1/organizations/{school}")).await.expect(204);
    app.delete(&format!("/api/v1/municipalities/{municipality}")).await.expect(204);
    app.delete(&format!("/api/v1/regions/{region}")).await.expect(204);
    assert_eq!(app.get(&format!("/api/v1/regions/{region}")).await.expect(404)["code"], "not_found");
    assert_eq!(app.delete(&format!("/api/v1/regions/{region}")).await.expect(404)["code"], "not_found");
}

#[tokio::test]
async fn a_malformed_id_in_the_path_is_a_malformed_request() {
    let app = TestApp::spawn().await;
    let answer = app.get("/api/v1/regions/not-a-uuid").await;
    assert_eq!(answer.content_type(), "application/problem+json");
    assert_eq!(answer.expect(400)["code"], "malformed_request");
}
