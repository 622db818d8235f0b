//! Versions of a monitoring report (seed 003): a corrected report of the same order replaces the
//! current version and the follow-up of its recommendations carries over by number; a report
//! named in `replaces` is replaced whatever its order says; a withdrawal takes it out of the
//! listing and the note; ended versions stay readable by id and `asOf`.

use opora_tests::{TestApp, create_territory, seed_003_campaign};
use serde_json::{Value, json};

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

fn recommendation<'a>(campaign: &'a Value, number: &str) -> &'a Value {
    campaign["recommendations"].as_array().unwrap().iter().find(|r| r["number"] == number).unwrap()
}

fn codes(answer: &Value) -> Vec<&str> {
    answer["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_corrected_report_replaces_the_current_one_and_the_follow_up_carries_over_by_number() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let khotynetsky = t.municipality("khotynetsky").to_owned();
    let body = seed_003_campaign(&t);
    let first = app.post("/api/v1/monitoring-campaigns", &body).await.expect(201);
    assert_eq!((codes(&first), &first["current"]), (vec![], &json!(true)));
    let first_id = first["id"].as_str().unwrap().to_owned();
    // The follow-up so far: recommendation 2 done, 6 dropped.
    for (number, status) in [("2", "done"), ("6", "dropped")] {
        let path = format!("/api/v1/recommendations/{}", recommendation(&first, number)["id"].as_str().unwrap());
        app.patch(&path, &json!({ "status": status })).await.expect(200);
    }
    let before = chrono::Utc::now();

    // The corrected report of the same order: recommendation 6 struck out, 2 reworded.
    let mut corrected = body.clone();
    let recommendations = corrected["recommendations"].as_array_mut().unwrap();
    recommendations.retain(|r| r["number"] != "6");
    let two = recommendations.iter_mut().find(|r| r["number"] == "2").unwrap();
    two["text"] = json!("Провести мониторинг объективности оценивания в 2024/2025 учебном году");
    let second = app.post("/api/v1/monitoring-campaigns", &corrected).await.expect(201);
    let second_id = second["id"].as_str().unwrap().to_owned();
    assert_eq!(codes(&second), ["replaces_version", "recommendation_not_carried"], "{second}");
    assert_eq!((&second["supersedes"], &second["current"]), (&json!(first_id), &json!(true)));
    assert_eq!(recommendation(&second, "2")["status"], "done", "the follow-up carried over by number");
    assert_eq!(recommendation(&second, "3")["status"], "open");

    // One current report: the listing and the note read it alone.
    let listing = format!("/api/v1/monitoring-campaigns?municipalityId={khotynetsky}");
    assert_eq!(ids(&app.get(&listing).await.expect(200)), std::slice::from_ref(&second_id));
    let note = format!("/api/v1/municipalities/{khotynetsky}/notes/analytical?from=2023&to=2024");
    let text = app.get(&note).await.text;
    assert!(text.contains("рекомендаций: [5](") && !text.contains("рекомендаций: [6]("), "{text}");
    // The first stays readable, by its id and as of before the correction; its follow-up is closed.
    let old = app.get(&format!("/api/v1/monitoring-campaigns/{first_id}")).await.expect(200);
    assert_eq!((&old["current"], &old["supersededBy"]), (&json!(false), &json!(second_id)));
    let then =
        format!("{listing}&asOf={}", before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true).replace('+', "%2B"));
    assert_eq!(ids(&app.get(&then).await.expect(200)), std::slice::from_ref(&first_id));
    let old_six = recommendation(&old, "6")["id"].as_str().unwrap().to_owned();
    app.patch(&format!("/api/v1/recommendations/{old_six}"), &json!({ "status": "done" })).await.expect(409);

    // A report named explicitly is replaced whatever its order says: here a mistyped number.
    let mut retyped = corrected.clone();
    retyped["order"]["number"] = json!("516");
    retyped["replaces"] = json!(second_id);
    let third = app.post("/api/v1/monitoring-campaigns", &retyped).await.expect(201);
    assert_eq!(third["supersedes"], json!(second_id));
    let third_id = third["id"].as_str().unwrap().to_owned();
    // An ended version cannot be replaced again, nor can another municipality's report be named.
    retyped["replaces"] = json!(first_id);
    app.post("/api/v1/monitoring-campaigns", &retyped).await.expect(409);
    retyped["replaces"] = json!(uuid::Uuid::now_v7());
    let problem = app.post("/api/v1/monitoring-campaigns", &retyped).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "replaces");

    // Withdrawn, it leaves the listing and the note, and stays readable with its reason.
    let (_, token) = app.sign_in_as("analyst", json!({ "level": "municipality", "id": khotynetsky })).await;
    app.as_caller(&token).delete(&format!("/api/v1/monitoring-campaigns/{third_id}?reason=x")).await.expect(403);
    app.delete(&format!("/api/v1/monitoring-campaigns/{third_id}?reason=")).await.expect(422);
    let withdrawn = app
        .delete(&format!("/api/v1/monitoring-campaigns/{third_id}?reason=%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B0"))
        .await;
    let withdrawn = withdrawn.expect(200);
    assert_eq!((&withdrawn["current"], &withdrawn["withdrawal"]), (&json!(false), &json!("ошибка")));
    app.delete(&format!("/api/v1/monitoring-campaigns/{third_id}?reason=x")).await.expect(409);
    assert!(ids(&app.get(&listing).await.expect(200)).is_empty());
    let text = app.get(&note).await.text;
    assert!(!text.contains("рекомендаций: ["), "{text}");
    // Each step is in the report's history.
    let history = app.get(&format!("/api/v1/audit-events?entityId={third_id}")).await.expect(200);
    let actions: Vec<&str> =
        history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update"]);
}

#[tokio::test]
async fn twenty_racing_corrections_of_a_report_leave_one_current_version() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let khotynetsky = t.municipality("khotynetsky").to_owned();
    let body = seed_003_campaign(&t);
    app.post("/api/v1/monitoring-campaigns", &body).await.expect(201);
    let mut set = tokio::task::JoinSet::new();
    for n in 0..20 {
        let mut corrected = body.clone();
        corrected["title"] = json!(format!("Мониторинг реализации программ, редакция {n}"));
        let request =
            app.client.post(app.url("/api/v1/monitoring-campaigns")).bearer_auth(&app.admin_token).json(&corrected);
        set.spawn(async move { request.send().await.expect("the server answers").status().as_u16() });
    }
    let statuses = set.join_all().await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let listing = app.get(&format!("/api/v1/monitoring-campaigns?municipalityId={khotynetsky}")).await.expect(200);
    assert_eq!(ids(&listing).len(), 1, "exactly one current report: {listing}");
    // The 21 versions form one chain back to the first.
    let mut at = app.get(&format!("/api/v1/monitoring-campaigns/{}", ids(&listing)[0])).await.expect(200);
    let mut chain = 1;
    while let Some(previous) = at["supersedes"].as_str().map(str::to_owned) {
        at = app.get(&format!("/api/v1/monitoring-campaigns/{previous}")).await.expect(200);
        chain += 1;
    }
    assert_eq!(chain, 21);
}
