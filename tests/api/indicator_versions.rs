//! Indicator tables as versions (seed 002's courses): a corrected table replaces the values it
//! gives and keeps them readable in the history of the import they came from; a withdrawn
//! import's values give way to those they replaced, or leave the views.

use opora_tests::{SEED_002_INDICATORS, TestApp, create_territory};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

/// The municipality's 2019/20 courses summed from its schools, if any school gives them.
async fn trained(app: &TestApp, tver: &str) -> Option<f64> {
    let path = format!("/api/v1/indicators/series?municipalityId={tver}&codes=pd_completed");
    let series = app.get(&path).await.expect(200);
    let points = series[0]["points"].as_array().cloned().unwrap_or_default();
    points.iter().find(|p| p["period"] == "2019/20").and_then(|p| p["aggregated"].as_f64())
}

fn values(read: &Value, part: &str) -> Vec<(String, f64)> {
    read[part]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["indicator"].as_str().unwrap().to_owned(), v["value"].as_f64().unwrap()))
        .collect()
}

#[tokio::test]
async fn a_corrected_table_replaces_its_values_and_a_withdrawal_puts_back_what_it_replaced() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let tver = t.municipality("kalininsky-tver").to_owned();
    let import = format!("/api/v1/imports/indicators?municipalityId={tver}");
    let first = app.upload(&import, TSV, SEED_002_INDICATORS.into()).await.expect(201);
    let first_id = first["importId"].as_str().unwrap().to_owned();
    assert_eq!(trained(&app, &tver).await, Some(48.0), "13 + 8 + 8 + 10 + 9");
    let before = chrono::Utc::now();

    // The corrected table gives Бурашевская СОШ 12 trained instead of 10.
    let corrected = "Организация\tПоказатель\tПериод\tЗначение\nБурашевская СОШ\tpd_completed\t2019/20\t12\n";
    let second = app.upload(&import, TSV, corrected.into()).await.expect(201);
    let second_id = second["importId"].as_str().unwrap().to_owned();
    let replaced: Vec<&str> = second["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "replaces_values")
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(replaced.len(), 1, "{second}");
    assert!(replaced[0].contains("replaces 1 value") && replaced[0].contains(&first_id), "{}", replaced[0]);
    assert_eq!(trained(&app, &tver).await, Some(50.0));

    // The first import holds 13 of its 14 values; the one replaced stays readable with its history.
    let read = app.get(&format!("/api/v1/indicator-imports/{first_id}")).await.expect(200);
    assert_eq!((read["observations"].as_i64(), read["held"].as_array().unwrap().len()), (Some(14), 13));
    assert_eq!(values(&read, "replaced"), [("pd_completed".to_owned(), 10.0)]);
    assert_eq!(read["replaced"][0]["replacedBy"], json!(second_id));

    // Strangers, the read-only and an empty reason change nothing.
    let (_, token) =
        app.sign_in_as("municipal", json!({ "level": "municipality", "id": t.municipality("seversky") })).await;
    app.as_caller(&token).get(&format!("/api/v1/indicator-imports/{second_id}")).await.expect(404);
    app.as_caller(&token).delete(&format!("/api/v1/indicator-imports/{second_id}?reason=x")).await.expect(404);
    let (_, token) = app.sign_in_as("analyst", json!({ "level": "municipality", "id": tver })).await;
    app.as_caller(&token).delete(&format!("/api/v1/indicator-imports/{second_id}?reason=x")).await.expect(403);
    app.delete(&format!("/api/v1/indicator-imports/{second_id}?reason=")).await.expect(422);
    assert_eq!(trained(&app, &tver).await, Some(50.0));

    // Withdrawn, the correction gives way to the value it replaced.
    let withdrawn =
        app.delete(&format!("/api/v1/indicator-imports/{second_id}?reason=%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B0")).await;
    let withdrawn = withdrawn.expect(200);
    assert_eq!((&withdrawn["current"], &withdrawn["withdrawal"]), (&json!(false), &json!("ошибка")));
    assert!(withdrawn["held"].as_array().unwrap().is_empty(), "{withdrawn}");
    assert_eq!(values(&withdrawn, "replaced"), [("pd_completed".to_owned(), 12.0)]);
    assert_eq!(trained(&app, &tver).await, Some(48.0));
    app.delete(&format!("/api/v1/indicator-imports/{second_id}?reason=x")).await.expect(409);
    let listing = format!("/api/v1/indicator-imports?municipalityId={tver}");
    let now = app.get(&listing).await.expect(200);
    let ids = |page: &Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(ids(&now), std::slice::from_ref(&first_id), "{now}");
    let then =
        format!("{listing}&asOf={}", before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true).replace('+', "%2B"));
    assert_eq!(ids(&app.get(&then).await.expect(200)), std::slice::from_ref(&first_id));
    let first_read = app.get(&format!("/api/v1/indicator-imports/{first_id}")).await.expect(200);
    assert_eq!(first_read["held"].as_array().unwrap().len(), 14, "the value it had is its own again");

    // The first withdrawn too: its values leave the views, nothing older stands behind them.
    app.delete(&format!("/api/v1/indicator-imports/{first_id}?reason=x")).await.expect(200);
    assert_eq!(trained(&app, &tver).await, None);
    assert!(ids(&app.get(&listing).await.expect(200)).is_empty());
    // Each step is in the import's history.
    let history = app.get(&format!("/api/v1/audit-events?entityId={second_id}")).await.expect(200);
    let actions: Vec<&str> =
        history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update"]);
}

#[tokio::test]
async fn hostile_requests_to_indicator_imports_are_refused_by_field_and_change_nothing() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let tver = t.municipality("kalininsky-tver").to_owned();
    let import = format!("/api/v1/imports/indicators?municipalityId={tver}");
    let id =
        app.upload(&import, TSV, SEED_002_INDICATORS.into()).await.expect(201)["importId"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/indicator-imports/{id}");

    app.get("/api/v1/indicator-imports/not-an-id").await.expect(400);
    app.get(&format!("/api/v1/indicator-imports/{}", uuid::Uuid::now_v7())).await.expect(404);
    let problem = app.get("/api/v1/indicator-imports?asOf=2024-13-01").await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "asOf", "{problem}");
    let problem = app.get("/api/v1/indicator-imports?limit=501").await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "limit", "{problem}");
    let long = "я".repeat(2_001);
    let problem = app.delete(&format!("{path}?reason={long}")).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "reason", "{problem}");
    app.anonymous().delete(&format!("{path}?reason=x")).await.expect(401);
    let garbage = app
        .send_with(reqwest::Method::DELETE, &format!("{path}?reason=x"), None, &[("if-match", "\"1\" OR 1=1")])
        .await;
    assert_eq!(
        (garbage.status.as_u16(), garbage.body["code"].as_str()),
        (400, Some("malformed_request")),
        "{}",
        garbage.text
    );
    let unknown = format!("/api/v1/indicator-imports/{}?reason=x", uuid::Uuid::now_v7());
    app.delete(&unknown).await.expect(404);
    // Nothing of it was withdrawn.
    let read = app.get(&path).await.expect(200);
    assert_eq!((&read["current"], read["held"].as_array().unwrap().len()), (&json!(true), 14));
    assert_eq!(trained(&app, &tver).await, Some(48.0));
}

#[tokio::test]
async fn racing_corrections_of_one_value_each_replace_the_one_before() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let tver = t.municipality("kalininsky-tver").to_owned();
    let import = format!("/api/v1/imports/indicators?municipalityId={tver}");
    let seed =
        app.upload(&import, TSV, SEED_002_INDICATORS.into()).await.expect(201)["importId"].as_str().unwrap().to_owned();
    let mut set = tokio::task::JoinSet::new();
    for n in 0..8 {
        let table =
            format!("Организация\tПоказатель\tПериод\tЗначение\nБурашевская СОШ\tpd_completed\t2019/20\t{}\n", 20 + n);
        let request =
            app.client.post(app.url(&import)).bearer_auth(&app.admin_token).header("content-type", TSV).body(table);
        set.spawn(async move {
            let answer = request.send().await.expect("the server answers");
            assert_eq!(answer.status().as_u16(), 201);
            answer.json::<Value>().await.unwrap()["importId"].as_str().unwrap().to_owned()
        });
    }
    let racers = set.join_all().await;
    // One chain: the seed's 10 replaced by one racer, each racer's value by another, the last
    // holding it.
    let school = t.organization("kalininsky-tver", "Бурашевская СОШ").to_owned();
    let of_school = |read: &Value, part: &str| -> Vec<Value> {
        let all = read[part].as_array().unwrap().iter();
        all.filter(|v| v["indicator"] == "pd_completed" && v["organizationId"] == school.as_str()).cloned().collect()
    };
    let mut replaced_by = std::collections::HashMap::new();
    let mut holder = None;
    for id in racers.iter().chain([&seed]) {
        let read = app.get(&format!("/api/v1/indicator-imports/{id}")).await.expect(200);
        match (of_school(&read, "held").as_slice(), of_school(&read, "replaced").as_slice()) {
            ([v], []) => {
                assert!(holder.is_none(), "one import holds the value");
                holder = Some((id.clone(), v["value"].as_f64().unwrap()));
            }
            ([], [r]) => {
                let by = r["replacedBy"].as_str().unwrap().to_owned();
                replaced_by.insert(id.clone(), (by, r["value"].as_f64().unwrap()));
            }
            other => panic!("{id}: {other:?}"),
        }
    }
    let replacers: std::collections::HashSet<&String> = replaced_by.values().map(|(by, _)| by).collect();
    assert_eq!(replacers, racers.iter().collect(), "each racer replaced exactly one value");
    let (holder, value) = holder.expect("one racer holds the value");
    assert_eq!(trained(&app, &tver).await, Some(38.0 + value));
    // Withdrawn, the holder gives way to the value of the import it replaced.
    let restored = replaced_by.values().find(|(by, _)| *by == holder).map(|(_, value)| *value).unwrap();
    app.delete(&format!("/api/v1/indicator-imports/{holder}?reason=x")).await.expect(200);
    assert_eq!(trained(&app, &tver).await, Some(38.0 + restored));
}
