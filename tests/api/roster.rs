//! A municipality's roster: its schools with their ШНОР years and latest audit, read in SQL
//! (`persistence/src/insights/roster.rs`) and checked against seed 004's lists and seed 001's
//! audit as the lists and the audit matrix give them.

use std::collections::HashMap;

use opora_tests::{SEED_001_AUDIT, SEED_004_LISTS, TestApp, create_territory};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

fn by_name(roster: &Value) -> HashMap<String, Value> {
    roster["schools"].as_array().unwrap().iter().map(|s| (s["name"].as_str().unwrap().to_owned(), s.clone())).collect()
}

#[tokio::test]
async fn seversky_schools_carry_the_years_their_lists_name_them() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky").to_owned();
    let report = app
        .upload(&format!("/api/v1/imports/lists?municipalityId={seversky}"), TSV, SEED_004_LISTS.into())
        .await
        .expect(201);
    let d2024 = report["decisions"].as_array().unwrap().iter().find(|d| d["year"] == 2024).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let roster = app.get(&format!("/api/v1/municipalities/{seversky}/roster?year=2024")).await.expect(200);
    assert_eq!(roster["municipality"]["id"], seversky.as_str());
    // Sixteen schools; the district's methodological centre is no school.
    let schools = by_name(&roster);
    assert_eq!(schools.len(), 16);
    assert!(!schools.contains_key("МКУ МО Северский район «ИМЦ»"));
    let years = |name: &str| schools[name]["listedYears"].clone();
    assert_eq!(years("МБОУ СОШ № 7"), json!([2022, 2023, 2024]));
    assert_eq!(years("МБОУ ООШ № 8"), json!([2020, 2022, 2023]));
    assert_eq!(years("МБОУ СОШ № 32"), json!([2020, 2022]));
    assert_eq!(years("МБОУ СОШ № 43"), json!([]));
    // 8 → 7 → 5 → 1 schools in the list for 2020, 2022, 2023, 2024, counted over the rows.
    for (year, listed) in [(2020, 8), (2021, 0), (2022, 7), (2023, 5), (2024, 1)] {
        let n = schools.values().filter(|s| s["listedYears"].as_array().unwrap().contains(&json!(year))).count();
        assert_eq!(n, listed, "{year}");
    }
    let listed: Vec<&String> = schools.iter().filter(|(_, s)| s["listed"] == true).map(|(n, _)| n).collect();
    assert_eq!(listed, ["МБОУ СОШ № 7"]);
    // A year reads only what was decided up to it.
    let earlier = app.get(&format!("/api/v1/municipalities/{seversky}/roster?year=2022")).await.expect(200);
    assert_eq!(by_name(&earlier)["МБОУ СОШ № 7"]["listedYears"], json!([2022]));
    assert!(earlier["schools"].as_array().unwrap().iter().all(|s| s["audit"].is_null()), "no audit held");
    // A withdrawn decision lists nobody: with the 2024 list withdrawn, СОШ № 7 keeps 2022–2023.
    app.delete(&format!("/api/v1/list-decisions/{d2024}?reason=%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B0"))
        .await
        .expect(200);
    let after = app.get(&format!("/api/v1/municipalities/{seversky}/roster?year=2024")).await.expect(200);
    assert_eq!(by_name(&after)["МБОУ СОШ № 7"]["listedYears"], json!([2022, 2023]));
    assert_eq!(by_name(&after)["МБОУ СОШ № 7"]["listed"], false);
    // GraphQL answers the same.
    let query = "query($m: UUID!) { roster(municipalityId: $m, year: 2024) { year schools { id name kind listed listedYears audit { auditId } } } }";
    let answer = app.graphql(query, json!({ "m": seversky })).await;
    assert_eq!(answer["data"]["roster"]["schools"], after["schools"], "{answer}");
}

#[tokio::test]
async fn each_school_shows_the_parameters_present_at_its_latest_audit_as_the_matrix_does() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban").to_owned();
    let path = format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01");
    let audit = app.upload(&path, TSV, SEED_001_AUDIT.into()).await.expect(201);
    let audit = audit["auditId"].as_str().unwrap().to_owned();
    let matrix = app.get(&format!("/api/v1/audits/{audit}/matrix")).await.expect(200);
    let present: HashMap<String, usize> = matrix["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["organizationId"].as_str().unwrap().to_owned(), r["present"].as_array().unwrap().len()))
        .collect();
    assert_eq!(present.len(), 15, "the audit's fifteen schools");
    let roster = app.get(&format!("/api/v1/municipalities/{kuban}/roster?year=2023")).await.expect(200);
    let rows = roster["schools"].as_array().unwrap();
    assert_eq!(rows.len(), 15);
    for row in rows {
        let id = row["id"].as_str().unwrap();
        assert_eq!(row["audit"]["auditId"], audit.as_str(), "{row}");
        assert_eq!(row["audit"]["date"], "2023-03-01");
        assert_eq!(row["audit"]["presentParameters"], json!(present[id]), "{}", row["name"]);
    }
    assert!(rows.iter().any(|r| r["audit"]["presentParameters"].as_u64().unwrap() > 0));
    // Before the audit's date there is none to show.
    let before = app.get(&format!("/api/v1/municipalities/{kuban}/roster?year=2022")).await.expect(200);
    assert!(before["schools"].as_array().unwrap().iter().all(|s| s["audit"].is_null()));

    // A school sees its own row with its audit, and no sibling.
    let own = rows[0]["id"].as_str().unwrap().to_owned();
    let (_, school) = app.sign_in_as("school", json!({ "level": "organization", "id": own })).await;
    let mine =
        app.as_caller(&school).get(&format!("/api/v1/municipalities/{kuban}/roster?year=2023")).await.expect(200);
    let mine = mine["schools"].as_array().unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0]["id"].as_str().unwrap(), &mine[0]["audit"]), (own.as_str(), &rows[0]["audit"]));
}

#[tokio::test]
async fn the_roster_is_refused_outside_the_callers_territory_and_on_bad_input() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let (kuban, seversky) = (t.municipality("kalininsky-kuban").to_owned(), t.municipality("seversky").to_owned());
    let (_, municipal) = app.sign_in_as("municipal", json!({ "level": "municipality", "id": kuban })).await;
    let caller = app.as_caller(&municipal);
    caller.get(&format!("/api/v1/municipalities/{kuban}/roster?year=2024")).await.expect(200);
    let other = caller.get(&format!("/api/v1/municipalities/{seversky}/roster?year=2024")).await;
    assert_eq!(other.expect(404)["code"], "not_found");
    assert_eq!(
        app.anonymous().get(&format!("/api/v1/municipalities/{kuban}/roster")).await.expect(401)["code"],
        "unauthorized"
    );
    for (query, status) in
        [("year=99999", 422), ("year=abc", 422), ("year=2024&year=2025", 422), ("limit=10", 422), ("year=2024%00", 422)]
    {
        let answer = app.get(&format!("/api/v1/municipalities/{kuban}/roster?{query}")).await;
        assert_eq!(answer.status.as_u16(), status, "{query}: {}", answer.text);
        assert_eq!(answer.content_type(), "application/problem+json");
    }
    app.get("/api/v1/municipalities/not-a-uuid/roster").await.expect(400);
    let unknown = uuid::Uuid::now_v7();
    app.get(&format!("/api/v1/municipalities/{unknown}/roster")).await.expect(404);
}
