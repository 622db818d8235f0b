//! Seed 003's monitoring campaign: conclusions by level, six recommendations, and one of them
//! followed to the measure it became, both ways, on both protocols.

use opora_tests::{KHOTYNETSKY_ROADMAP, SEED_001_ROADMAP, TestApp, create_territory, seed_003_campaign};
use serde_json::{Value, json};

struct Seeded {
    app: TestApp,
    campaign: Value,
    roadmap: String,
    kuban_roadmap: String,
    khotynetsky: String,
    seversky: String,
}

async fn seeded() -> Seeded {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let mut campaign = app.post("/api/v1/monitoring-campaigns", &seed_003_campaign(&t)).await.expect(201);
    // The recording's warnings are the answer's, not the campaign's: a first report replaces nothing.
    assert_eq!(campaign.as_object_mut().unwrap().remove("warnings"), Some(json!([])));
    let khotynetsky = t.municipality("khotynetsky").to_owned();
    let path = format!("/api/v1/imports/roadmap?municipalityId={khotynetsky}&periodFrom=2024&periodTo=2024");
    let imported =
        app.upload(&path, "text/tab-separated-values", KHOTYNETSKY_ROADMAP.as_bytes().to_vec()).await.expect(201);
    let kuban = t.municipality("kalininsky-kuban");
    let path = format!("/api/v1/imports/roadmap?municipalityId={kuban}&periodFrom=2023&periodTo=2024");
    let kuban = app.upload(&path, "text/tab-separated-values", SEED_001_ROADMAP.as_bytes().to_vec()).await.expect(201);
    Seeded {
        app,
        campaign,
        roadmap: imported["roadmapId"].as_str().unwrap().to_owned(),
        kuban_roadmap: kuban["roadmapId"].as_str().unwrap().to_owned(),
        seversky: t.municipality("seversky").to_owned(),
        khotynetsky,
    }
}

fn recommendation(campaign: &Value, number: &str) -> String {
    let found = campaign["recommendations"].as_array().unwrap().iter().find(|r| r["number"] == number);
    found.unwrap()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn seed_003_campaign_keeps_its_conclusions_by_level_and_six_recommendations() {
    let s = seeded().await;
    let c = &s.campaign;
    assert_eq!((c["order"]["number"].as_str(), c["order"]["date"].as_str()), (Some("515"), Some("2023-12-08")));
    assert_eq!((c["reportDate"].as_str(), c["place"].as_str()), (Some("2023-12-29"), Some("пгт. Хотынец")));
    assert_eq!(c["scope"].as_array().unwrap().len(), 4, "the four ШНОР schools of 2022");
    let numbered: Vec<(&str, &str)> = c["conclusions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["number"].as_str().unwrap(), k["level"].as_str().unwrap()))
        .collect();
    let mut expected = vec![("1.1", "municipal"), ("1.2", "municipal"), ("1.3", "municipal")];
    expected.extend(["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"].map(|n| (n, "school")));
    assert_eq!(numbered, expected);
    let recommendations = c["recommendations"].as_array().unwrap();
    assert_eq!(recommendations.len(), 6);
    assert!(recommendations.iter().all(|r| r["status"] == "open" && r["addresseeRole"].is_string()));

    let listed = s.app.get(&format!("/api/v1/monitoring-campaigns?municipalityId={}", s.khotynetsky)).await.expect(200);
    assert_eq!(listed["items"][0]["id"], c["id"]);
    // A listed campaign holds its recommendations too: never «рекомендаций: 0» for six.
    assert_eq!(&listed["items"][0], c, "the listing shows the campaign as it is");
    let read = s.app.get(&format!("/api/v1/monitoring-campaigns/{}", c["id"].as_str().unwrap())).await.expect(200);
    assert_eq!(&read, c);

    // The analytical note sets out seed 003's ten conclusions and six recommendations, each once.
    let note = format!("/api/v1/municipalities/{}/notes/analytical?from=2023&to=2024", s.khotynetsky);
    let note = s.app.get(&note).await.text;
    assert!(note.contains("Выводов: [10](") && note.contains("рекомендаций: [6]("), "{note}");
    // The transcription's texts are summaries, and the note says so rather than quote them.
    assert!(note.contains("Тексты выводов и рекомендаций приведены в изложении, не дословно."), "{note}");
    for conclusion in c["conclusions"].as_array().unwrap() {
        let said = conclusion["text"].as_str().unwrap().trim_end_matches('.');
        // «1.1» is written «1\.1», as Markdown data is: never read as a list's number.
        let line = format!("- {}. ", conclusion["number"].as_str().unwrap().replace('.', "\\."));
        assert_eq!(note.lines().filter(|l| l.starts_with(&line)).count(), 1, "{line}: {note}");
        assert!(
            note.lines().any(|l| l.starts_with(&line) && l.contains(&said.chars().take(40).collect::<String>())),
            "{said}"
        );
    }
}

#[tokio::test]
async fn a_recommendation_turned_into_a_measure_links_both_ways_over_rest_and_graphql() {
    let s = seeded().await;
    let second = recommendation(&s.campaign, "2");
    let link = json!({ "measure": { "roadmapId": s.roadmap, "position": 1 } });
    let linked = s.app.patch(&format!("/api/v1/recommendations/{second}"), &link).await.expect(200);
    assert_eq!(linked["status"], "adopted", "an open recommendation that became a measure is adopted");
    assert_eq!(linked["measure"]["number"], "1");
    assert!(linked["measure"]["title"].as_str().unwrap().starts_with("Курсовая переподготовка"));

    let roadmap = s.app.get(&format!("/api/v1/roadmaps/{}", s.roadmap)).await.expect(200);
    assert_eq!(roadmap["measures"][0]["recommendations"], json!([second]));
    assert_eq!(roadmap["measures"][1]["recommendations"], json!([]));
    assert_eq!(s.app.get(&format!("/api/v1/recommendations/{second}")).await.expect(200), linked);

    let query = "query($r: UUID!, $m: UUID!) {
        recommendation(id: $r) { id status measure { roadmapId position number title } }
        roadmap(id: $m) { measures { position recommendations } } }";
    let answer = s.app.graphql(query, json!({ "r": second, "m": s.roadmap })).await;
    let data = &answer["data"];
    assert_eq!(data["recommendation"]["measure"], linked["measure"], "{answer}");
    assert_eq!(data["recommendation"]["status"], "adopted");
    assert_eq!(data["roadmap"]["measures"][0]["recommendations"], json!([second]));

    // Done later; then unlinked: the measure no longer names it.
    let done =
        s.app.patch(&format!("/api/v1/recommendations/{second}"), &json!({ "status": "done" })).await.expect(200);
    assert_eq!((done["status"].as_str(), done["measure"]["position"].as_i64()), (Some("done"), Some(1)));
    s.app.patch(&format!("/api/v1/recommendations/{second}"), &json!({ "measure": null })).await.expect(200);
    let roadmap = s.app.get(&format!("/api/v1/roadmaps/{}", s.roadmap)).await.expect(200);
    assert_eq!(roadmap["measures"][0]["recommendations"], json!([]));
}

#[tokio::test]
async fn bad_campaigns_and_links_are_refused_and_scoping_holds() {
    let s = seeded().await;
    let fourth = recommendation(&s.campaign, "4");
    let path = format!("/api/v1/recommendations/{fourth}");
    for (body, field) in [
        (json!({ "measure": { "roadmapId": s.kuban_roadmap, "position": 1 } }), "measure"),
        (json!({ "measure": { "roadmapId": s.roadmap, "position": 9 } }), "measure"),
        (json!({ "measure": { "roadmapId": s.roadmap, "position": -1 } }), "measure"),
        (json!({ "status": "closed" }), "status"),
    ] {
        let problem = s.app.patch(&path, &body).await.expect(422);
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let unchanged = s.app.get(&path).await.expect(200);
    assert_eq!((unchanged["status"].as_str(), unchanged["measure"].is_null()), (Some("open"), true));

    let mut bad = s.campaign.clone();
    let object = bad.as_object_mut().unwrap();
    // What the answer says of the record, not of the report.
    for key in [
        "id",
        "recordedAt",
        "current",
        "supersedes",
        "supersededBy",
        "endedAt",
        "withdrawal",
        "warnings",
        "citedDocuments",
        "citedFigures",
    ] {
        object.remove(key);
    }
    object["conclusions"][1]["level"] = json!("school");
    object["recommendations"] = json!([{ "number": "1", "text": "Без адресата" }, { "number": "1", "addresseeRole": "Руководители ОО", "text": "Повтор" }]);
    object["scope"] = json!([uuid::Uuid::now_v7()]);
    let problem = s.app.post("/api/v1/monitoring-campaigns", &bad).await.expect(422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["conclusions[1].number", "recommendations[0].addresseeRole", "recommendations[1].number", "scope[0]"]
    {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let listed = s.app.get("/api/v1/monitoring-campaigns").await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "nothing was written");

    let campaign = s.campaign["id"].as_str().unwrap();
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.seversky })).await;
    let stranger = s.app.as_caller(&token);
    stranger.get(&format!("/api/v1/monitoring-campaigns/{campaign}")).await.expect(404);
    stranger.get(&path).await.expect(404);
    stranger.patch(&path, &json!({ "status": "done" })).await.expect(404);
    assert_eq!(stranger.get("/api/v1/monitoring-campaigns").await.expect(200)["items"], json!([]));
    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.khotynetsky })).await;
    let analyst = s.app.as_caller(&token);
    analyst.get(&path).await.expect(200);
    analyst.patch(&path, &json!({ "status": "done" })).await.expect(403);
    let answer =
        stranger.graphql("query($id: UUID!) { monitoringCampaign(id: $id) { id } }", json!({ "id": campaign })).await;
    assert!(answer["data"]["monitoringCampaign"].is_null(), "{answer}");
}

#[tokio::test]
async fn oversized_campaigns_are_refused_before_they_are_checked_item_by_item() {
    let s = seeded().await;
    let base = |patch: Value| {
        let mut body =
            json!({ "municipalityId": s.khotynetsky, "title": "Мониторинг", "periodFrom": 2023, "periodTo": 2023 });
        body.as_object_mut().unwrap().extend(patch.as_object().unwrap().clone());
        body
    };
    let many_ids: Vec<String> = (0..2_001).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let problem = s.app.post("/api/v1/monitoring-campaigns", &base(json!({ "scope": many_ids }))).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "scope", "one error for the list, not 2001");
    let conclusions: Vec<Value> =
        (1..=201).map(|i| json!({ "number": format!("1.{i}"), "level": "municipal", "text": "Вывод" })).collect();
    let problem =
        s.app.post("/api/v1/monitoring-campaigns", &base(json!({ "conclusions": conclusions }))).await.expect(422);
    assert_eq!(problem["errors"].as_array().unwrap().len(), 1);
    for (patch, field) in [
        (json!({ "periodFrom": 2023, "periodTo": 1900 }), "periodTo"),
        (json!({ "title": "\u{0}" }), "title"),
        (
            json!({ "conclusions": [{ "number": "1.1", "level": "municipal", "text": "я".repeat(5_000) }] }),
            "conclusions[0].text",
        ),
        (
            json!({ "recommendations": [{ "number": "1", "addresseeRole": "ОО", "text": "Текст", "parameters": "1.1 или 2.2" }] }),
            "recommendations[0].parameters",
        ),
        (json!({ "roadmapId": s.kuban_roadmap }), "roadmapId"),
    ] {
        let problem = s.app.post("/api/v1/monitoring-campaigns", &base(patch)).await.expect(422);
        assert!(problem["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{field}: {problem}");
    }
    s.app.post("/api/v1/monitoring-campaigns", &json!({ "municipalityId": s.khotynetsky })).await.expect(422);
    let listed = s.app.get("/api/v1/monitoring-campaigns").await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "only seed 003's campaign");
}
