//! Territorial scopes over REST and GraphQL: two municipalities named «Калининский район», one in
//! Краснодарский край and one in Тверская область, must never see each other.

use opora_tests::{TestApp, create_territory};
use serde_json::{Value, json};

fn names(items: &[Value]) -> Vec<String> {
    let mut names: Vec<String> = items.iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_municipal_operator_of_kuban_can_neither_read_nor_change_tver() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban").to_owned();
    let tver = t.municipality("kalininsky-tver").to_owned();
    let (_, token) = app.sign_in_as("municipal", json!({ "level": "municipality", "id": kuban })).await;
    let me = app.as_caller(&token);

    // Reads of the other Калининский район answer as if it did not exist.
    assert_eq!(me.get(&format!("/api/v1/municipalities/{tver}")).await.expect(404)["code"], "not_found");
    let tver_school = t.organization("kalininsky-tver", "МОУ «Некрасовская СОШ»");
    me.get(&format!("/api/v1/organizations/{tver_school}")).await.expect(404);
    me.get(&format!("/api/v1/regions/{}", t.regions["69"])).await.expect(404);
    me.get(&format!("/api/v1/municipalities/{tver}/organizations/resolve?ref=%D0%97%D0%B0%D0%B2%D0%BE%D0%BB%D0%B6%D1%81%D0%BA%D0%B0%D1%8F%20%D0%A1%D0%9E%D0%A8")).await.expect(404);

    // Writes too, and nothing changes.
    me.patch(&format!("/api/v1/organizations/{tver_school}"), &json!({ "isSmall": true })).await.expect(404);
    me.delete(&format!("/api/v1/organizations/{tver_school}")).await.expect(404);
    let into_tver = json!({ "municipalityId": tver, "kind": "secondary_school", "name": "МОУ «Новая СОШ»" });
    let problem = me.post("/api/v1/organizations", &into_tver).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "municipalityId");
    assert_eq!(problem["errors"][0]["code"], "unknown_reference", "the same answer as for an id that does not exist");
    assert_eq!(app.get(&format!("/api/v1/organizations/{tver_school}")).await.expect(200)["isSmall"], Value::Null);

    // Lists hold their own municipality's organizations and the bodies of their own region only.
    let visible = me.list_all("/api/v1/organizations", 100).await;
    assert_eq!(visible.len(), 17, "14 schools, РВСОШ, ЦОКО and the УО of Калининский район (Краснодарский край)");
    assert!(visible.iter().all(|o| o["municipalityId"] == json!(kuban)));
    let municipalities = me.list_all("/api/v1/municipalities", 100).await;
    assert_eq!(municipalities.len(), 1);
    assert_eq!(names(&me.list_all("/api/v1/regions", 100).await), ["Краснодарский край"]);

    // Inside its scope it works.
    let own = t.organization("kalininsky-kuban", "СОШ № 7");
    me.patch(&format!("/api/v1/organizations/{own}"), &json!({ "isSmall": true })).await.expect(200);
    // …but a school is moved between municipalities by the region only.
    let problem =
        me.patch(&format!("/api/v1/organizations/{own}"), &json!({ "municipalityId": kuban })).await.expect(403);
    assert_eq!(problem["code"], "forbidden");
    assert_eq!(problem["errors"][0]["field"], "municipalityId");
}

#[tokio::test]
async fn a_graphql_walk_from_a_region_returns_only_what_the_caller_may_see() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let query = "query($id: UUID!) { region(id: $id) { name municipalities(first: 10) { name organizations(first: 50) { name } } } regions { edges { node { code } } } organizations(first: 500) { edges { node { name municipality { name } } } } }";

    let (_, municipal) =
        app.sign_in_as("municipal", json!({ "level": "municipality", "id": t.municipality("seversky") })).await;
    let response = app.as_caller(&municipal).graphql(query, json!({ "id": t.regions["23"] })).await;
    assert!(response.get("errors").is_none(), "{response}");
    let region = &response["data"]["region"];
    let municipalities = region["municipalities"].as_array().unwrap();
    assert_eq!(names(municipalities), ["Северский район"], "Калининский район of the same region is hidden");
    assert_eq!(municipalities[0]["organizations"].as_array().unwrap().len(), 17);
    assert_eq!(response["data"]["regions"]["edges"].as_array().unwrap().len(), 1);
    let organizations = response["data"]["organizations"]["edges"].as_array().unwrap();
    assert_eq!(organizations.len(), 17);

    // The other region does not exist for this caller.
    let other = app.as_caller(&municipal).graphql(query, json!({ "id": t.regions["69"] })).await;
    assert_eq!(other["data"]["region"], Value::Null);

    // A school sees itself, the regional bodies of its region, and its own municipality.
    let school = t.organization("khotynetsky", "МБОУ «Юрьевская СОШ»");
    let (_, school_token) = app.sign_in_as("school", json!({ "level": "organization", "id": school })).await;
    let response = app.as_caller(&school_token).graphql(query, json!({ "id": t.regions["57"] })).await;
    let region = &response["data"]["region"];
    assert_eq!(region["municipalities"][0]["organizations"].as_array().unwrap().len(), 1);
    let visible: Vec<&str> = response["data"]["organizations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(visible.len(), 2, "{visible:?}");
    assert!(visible.contains(&"Департамент образования Орловской области"));
}

#[tokio::test]
async fn roles_that_may_not_write_are_forbidden_inside_their_scope() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let school = t.organization("kalininsky-kuban", "МАОУ СОШ № 1");

    let (_, analyst) = app.sign_in_as("analyst", json!({ "level": "municipality", "id": kuban })).await;
    let problem = app
        .as_caller(&analyst)
        .patch(&format!("/api/v1/organizations/{school}"), &json!({ "isSmall": true }))
        .await
        .expect(403);
    assert_eq!(problem["code"], "forbidden");

    let (_, school_token) = app.sign_in_as("school", json!({ "level": "organization", "id": school })).await;
    let caller = app.as_caller(&school_token);
    caller.patch(&format!("/api/v1/organizations/{school}"), &json!({ "shortName": "СОШ № 1" })).await.expect(200);
    let problem = caller
        .patch(&format!("/api/v1/organizations/{school}"), &json!({ "inn": null, "name": "Другая" }))
        .await
        .expect(403);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "inn"], "fields a role may not write are rejected, not ignored");
    caller.delete(&format!("/api/v1/organizations/{school}")).await.expect(403);
    caller.get("/api/v1/users").await.expect(403);
    caller.get("/api/v1/audit-events").await.expect(403);
}

#[tokio::test]
async fn regional_users_manage_principals_inside_their_region_only() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let (_, regional) = app.sign_in_as("regional", json!({ "level": "region", "id": t.regions["23"] })).await;
    let caller = app.as_caller(&regional);
    let seversky = json!({ "level": "municipality", "id": t.municipality("seversky") });
    let body = json!({ "email": "imc@seversky.example", "displayName": "ИМЦ Северского района", "role": "municipal", "scope": seversky, "password": "a long enough password" });
    let created = caller.post("/api/v1/users", &body).await.expect(201);
    assert_eq!(created["scope"]["level"], "municipality");
    assert!(created.get("passwordHash").is_none() && !created.to_string().contains("argon2"));

    let tver = json!({ "level": "municipality", "id": t.municipality("kalininsky-tver") });
    let body = json!({ "email": "uo@kalinin.example", "displayName": "УО", "role": "municipal", "scope": tver, "password": "a long enough password" });
    let problem = caller.post("/api/v1/users", &body).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "scope");

    let admin = json!({ "email": "root@opora.example", "displayName": "Root", "role": "admin", "scope": { "level": "everywhere" }, "password": "a long enough password" });
    assert_eq!(caller.post("/api/v1/users", &admin).await.expect(403)["code"], "forbidden");

    let users = caller.list_all("/api/v1/users", 50).await;
    assert!(users.iter().all(|u| u["role"] != "admin"));
    assert!(users.iter().any(|u| u["email"] == "imc@seversky.example"));
}
