//! Organizations over REST: lists, filters, search, validation and changes.

use std::collections::HashSet;

use opora_tests::{TestApp, create_territory};
use serde_json::{Value, json};

fn names(items: &[Value]) -> Vec<String> {
    let mut names: Vec<String> = items.iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn cursor_pages_walk_every_organization_exactly_once() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let all = app.list_all("/api/v1/organizations", 7).await;
    assert_eq!(all.len(), territory.created.len());
    let ids: HashSet<&str> = all.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), all.len(), "no organization appears twice");
    assert_eq!(app.list_all("/api/v1/organizations", 500).await, all, "page size does not change the order");
}

#[tokio::test]
async fn bad_paging_parameters_are_reported_together() {
    let app = TestApp::spawn().await;
    let problem = app.get("/api/v1/organizations?limit=0&cursor=forged").await.expect(422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["limit", "cursor"]);
    let many = app.get("/api/v1/organizations?limit=many").await.expect(422);
    assert_eq!(
        (many["code"].as_str(), many["errors"][0]["field"].as_str()),
        (Some("validation_failed"), Some("limit"))
    );
}

#[tokio::test]
async fn filters_by_municipality_kind_and_region_select_the_seed_schools() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let seversky = territory.municipality("seversky");
    let basic = app.list_all(&format!("/api/v1/organizations?municipalityId={seversky}&kind=basic_school"), 50).await;
    assert_eq!(names(&basic), ["МБОУ ООШ № 12", "МБОУ ООШ № 8"]);

    // Северский район holds 13 СОШ, 2 ООШ, the lyceum and the ИМЦ.
    let all = app.list_all(&format!("/api/v1/organizations?municipalityId={seversky}"), 50).await;
    assert_eq!(all.len(), 17);

    // The regional bodies belong to their region but to no municipality.
    let orel = app
        .list_all(&format!("/api/v1/organizations?regionId={}&kind=education_authority", territory.regions["57"]), 50)
        .await;
    assert_eq!(names(&orel), ["Департамент образования Орловской области", "Отдел образования Хотынецкого района"]);
    let department = orel.iter().find(|o| o["municipalityId"].is_null()).expect("a regional body");
    assert_eq!(department["regionId"], json!(territory.regions["57"]));
}

#[tokio::test]
async fn text_search_ignores_case_yo_and_finds_aliases_and_short_names() {
    let app = TestApp::spawn().await;
    create_territory(&app).await;
    let found = app.list_all("/api/v1/organizations?q=ЗАВОЛЖСКАЯ", 50).await;
    assert_eq!(names(&found), ["МОУ «Заволжская СОШ им. П.П. Смирнова»"]);
    let found = app.list_all("/api/v1/organizations?q=огонек", 50).await;
    assert_eq!(names(&found), ["МДОУ «Чуприяновский детский сад «Огонёк»»"]);
    let found = app.list_all("/api/v1/organizations?q=рвсош", 50).await;
    assert_eq!(names(&found), ["Районная вечерняя средняя общеобразовательная школа"]);
    // LIKE wildcards in the text are literal.
    assert!(app.list_all("/api/v1/organizations?q=%25", 50).await.is_empty());
    assert!(app.list_all("/api/v1/organizations?q=_", 50).await.is_empty());
}

#[tokio::test]
async fn every_invalid_field_of_a_new_organization_is_reported_at_once() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let body = json!({
        "municipalityId": territory.municipality("seversky"),
        "kind": "secondary_school",
        "legalForm": "MBOU",
        "number": 0,
        "name": "  ",
        "aliases": ["СОШ № 99", ""],
        "inn": "2348000001",
        "fisOkoLogin": "school99",
    });
    let problem = app.post("/api/v1/organizations", &body).await.expect(422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["legalForm", "number", "name", "aliases[1]", "inn", "fisOkoLogin"]);
    assert_eq!(problem["errors"][4]["code"], "invalid_check_digit");
    let after = app.list_all("/api/v1/organizations", 500).await;
    assert_eq!(after.len(), territory.created.len(), "a rejected request changes nothing");
}

#[tokio::test]
async fn a_region_that_disagrees_with_the_municipality_is_refused() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let body = json!({
        "regionId": territory.regions["69"],
        "municipalityId": territory.municipality("seversky"),
        "kind": "secondary_school",
        "name": "МБОУ СОШ № 99",
    });
    let problem = app.post("/api/v1/organizations", &body).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "regionId");
    assert_eq!(problem["errors"][0]["code"], "region_mismatch");
}

#[tokio::test]
async fn identifiers_are_unique_across_organizations() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let seversky = territory.municipality("seversky");
    let first = json!({ "municipalityId": seversky, "kind": "secondary_school", "name": "МБОУ СОШ № 98", "fisOkoLogin": "sch230098" });
    app.post("/api/v1/organizations", &first).await.expect(201);
    let second = json!({ "municipalityId": seversky, "kind": "secondary_school", "name": "МБОУ СОШ № 99", "fisOkoLogin": "SCH230098" });
    let problem = app.post("/api/v1/organizations", &second).await.expect(409);
    assert_eq!(problem["code"], "duplicate");
    assert_eq!(problem["errors"][0]["field"], "fisOkoLogin");
}

#[tokio::test]
async fn a_patch_sets_clears_and_moves_an_organization() {
    let app = TestApp::spawn().await;
    let territory = create_territory(&app).await;
    let id = territory.organization("seversky", "МБОУ СОШ № 7");
    let path = format!("/api/v1/organizations/{id}");

    let patched = app
        .patch(&path, &json!({ "isSmall": true, "legalForm": null, "aliases": ["СОШ № 7 ст. Ставропольской"] }))
        .await
        .expect(200);
    assert_eq!(patched["isSmall"], true);
    assert_eq!(patched["legalForm"], Value::Null);
    assert_eq!(patched["aliases"], json!(["СОШ № 7 ст. Ставропольской"]));
    assert_eq!(patched["number"], 7);
    assert_eq!(app.get(&path).await.expect(200), patched);

    // Moving to a municipality of another region moves the region too.
    let moved = app.patch(&path, &json!({ "municipalityId": territory.municipality("khotynetsky") })).await.expect(200);
    assert_eq!(moved["regionId"], json!(territory.regions["57"]));

    let problem = app.patch(&path, &json!({ "name": "", "number": -3 })).await.expect(422);
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2);
    assert_eq!(app.get(&path).await.expect(200), moved, "a rejected patch changes nothing");
}
