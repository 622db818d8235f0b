//! A list decision recorded in error is withdrawn (seed 004's 2024 list of one school): the year
//! has no decision from then on, never an empty list; lists asked for `asOf` before answer as
//! before, and a table imported again lists the year anew.

use opora_tests::{TestApp, create_territory};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

fn counts(view: &Value) -> Vec<(i64, i64)> {
    let years = view["years"].as_array().unwrap().iter();
    years.map(|y| (y["year"].as_i64().unwrap(), y["count"].as_i64().unwrap())).collect()
}

#[tokio::test]
async fn a_withdrawn_decision_leaves_its_year_without_one_and_a_new_table_lists_it_again() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky").to_owned();
    let import = format!("/api/v1/imports/lists?municipalityId={seversky}");
    let report = app.upload(&import, TSV, opora_tests::SEED_004_LISTS.into()).await.expect(201);
    let d2024 = report["decisions"].as_array().unwrap().iter().find(|d| d["year"] == 2024).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/list-decisions/{d2024}");
    let read = app.get(&path).await;
    assert_eq!(read.headers.get("etag").map(|v| v.to_str().unwrap()), Some("\"1\""));
    assert_eq!(read.body["organizationIds"].as_array().unwrap().len(), 1);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let before = chrono::Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;

    // The read-only, an empty reason and a stale revision change nothing.
    let (_, token) = app.sign_in_as("analyst", json!({ "level": "municipality", "id": seversky })).await;
    app.as_caller(&token).delete(&format!("{path}?reason=x")).await.expect(403);
    app.delete(&format!("{path}?reason=")).await.expect(422);
    let stale =
        app.send_with(reqwest::Method::DELETE, &format!("{path}?reason=x"), None, &[("if-match", "\"7\"")]).await;
    assert_eq!(stale.status.as_u16(), 412, "{}", stale.text);
    let lists = format!("/api/v1/municipalities/{seversky}/lists");
    assert_eq!(counts(&app.get(&lists).await.expect(200)), [(2020, 8), (2022, 7), (2023, 5), (2024, 1)]);

    let withdrawal = app
        .send_with(
            reqwest::Method::DELETE,
            &format!("{path}?reason=%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B0"),
            None,
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(withdrawal.status.as_u16(), 200, "{}", withdrawal.text);
    let withdrawal = withdrawal.body;
    assert_eq!(
        (&withdrawal["supersedes"], &withdrawal["withdrawal"], &withdrawal["organizationIds"]),
        (&json!(d2024), &json!("ошибка"), &json!([]))
    );
    // 2024 has no decision now: not a list of none.
    let now = app.get(&lists).await.expect(200);
    assert_eq!(counts(&now), [(2020, 8), (2022, 7), (2023, 5)]);
    let region = app.get(&format!("/api/v1/regions/{}/lists", t.regions["23"])).await.expect(200);
    assert!(region.as_array().unwrap().iter().all(|y| y["year"] != 2024), "{region}");
    let seven = t.organization("seversky", "МБОУ СОШ № 7");
    let history = app.get(&format!("/api/v1/organizations/{seven}/list-history")).await.expect(200);
    let years: Vec<i64> = history.as_array().unwrap().iter().map(|d| d["year"].as_i64().unwrap()).collect();
    assert_eq!(years, [2022, 2023]);
    // As known before the withdrawal, 2024 was listed.
    let as_of = before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true).replace('+', "%2B");
    let then = app.get(&format!("{lists}?asOf={as_of}")).await.expect(200);
    assert_eq!(counts(&then), [(2020, 8), (2022, 7), (2023, 5), (2024, 1)]);
    // Once is enough; a withdrawal is not withdrawn.
    app.delete(&format!("{path}?reason=x")).await.expect(409);
    let withdrawal_id = withdrawal["id"].as_str().unwrap();
    app.delete(&format!("/api/v1/list-decisions/{withdrawal_id}?reason=x")).await.expect(409);
    let events = app.get(&format!("/api/v1/audit-events?entityId={d2024}")).await.expect(200);
    let actions: Vec<&str> =
        events["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update"]);

    // The table imported again lists 2024 anew, as the next version of the withdrawn decision.
    let again = app.upload(&import, TSV, opora_tests::SEED_004_LISTS.into()).await.expect(201);
    let anew = again["decisions"].as_array().unwrap();
    assert_eq!(anew.len(), 1, "{again}");
    assert_eq!((&anew[0]["year"], &anew[0]["supersedes"]), (&json!(2024), &json!(withdrawal_id)));
    assert_eq!(counts(&app.get(&lists).await.expect(200)), [(2020, 8), (2022, 7), (2023, 5), (2024, 1)]);
}
