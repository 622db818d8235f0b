//! The execution of seed 001's roadmap: reports on its measures, corrections kept as history,
//! and what is due, held and overdue as of a day.

use opora_tests::{SEED_001_AUDIT, SEED_001_ROADMAP, TestApp, create_territory};
use serde_json::{Value, json};

struct Seeded {
    app: TestApp,
    kuban: String,
    seversky: String,
    roadmap: Value,
    id: String,
}

async fn seeded() -> Seeded {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban").to_owned();
    let seversky = t.municipality("seversky").to_owned();
    let path = format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01");
    let audit = app.upload(&path, "text/tab-separated-values", SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    let path = format!(
        "/api/v1/imports/roadmap?municipalityId={kuban}&periodFrom=2023&periodTo=2024&auditId={}",
        audit["auditId"].as_str().unwrap()
    );
    let report = app.upload(&path, "text/tab-separated-values", SEED_001_ROADMAP.as_bytes().to_vec()).await.expect(201);
    let id = report["roadmapId"].as_str().unwrap().to_owned();
    let roadmap = app.get(&format!("/api/v1/roadmaps/{id}")).await.expect(200);
    Seeded { app, kuban, seversky, roadmap, id }
}

fn position(roadmap: &Value, number: &str) -> i64 {
    roadmap["measures"].as_array().unwrap().iter().find(|m| m["number"] == number).unwrap()["position"]
        .as_i64()
        .unwrap()
}

/// Counted from the roadmap's planned occurrences, independently of the execution view: a month
/// is due once it is over, a year once the next has begun, the period once it has ended.
fn due_by_may_2024(roadmap: &Value) -> i64 {
    let mut due = 0;
    for m in roadmap["measures"].as_array().unwrap() {
        for key in m["plannedOccurrences"].as_array().unwrap() {
            let key = key.as_str().unwrap();
            due += i64::from(match key.len() {
                7 => key < "2024-05",
                4 => key < "2024",
                _ => false,
            });
        }
    }
    due
}

fn occurrence<'a>(execution: &'a Value, position: i64, key: &str) -> &'a Value {
    execution["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["position"] == position && o["occurrence"] == key)
        .unwrap_or_else(|| panic!("no occurrence {key} of measure {position}"))
}

#[tokio::test]
async fn measure_2_held_in_april_2023_leaves_april_2024_overdue_on_may_day() {
    let s = seeded().await;
    let two = position(&s.roadmap, "2");
    let planned = &s.roadmap["measures"][usize::try_from(two - 1).unwrap()]["plannedOccurrences"];
    assert_eq!(planned, &json!(["2023-04", "2024-04"]), "«апрель 2023 апрель 2024»");
    let body = json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-20",
        "participants": 14, "evidence": "Справка по итогам мониторинга" });
    let report = s.app.post(&format!("/api/v1/roadmaps/{}/reports", s.id), &body).await.expect(201);
    assert_eq!((report["revision"].as_i64(), report["current"].as_bool()), (Some(1), Some(true)));

    let execution = s.app.get(&format!("/api/v1/roadmaps/{}/execution?asOf=2024-05-01", s.id)).await.expect(200);
    let april_2023 = occurrence(&execution, two, "2023-04");
    assert_eq!((april_2023["status"].as_str(), april_2023["overdue"].as_bool()), (Some("held"), Some(false)));
    let april_2024 = occurrence(&execution, two, "2024-04");
    assert_eq!((april_2024["due"].as_bool(), april_2024["overdue"].as_bool()), (Some(true), Some(true)));
    assert!(april_2024["status"].is_null());
    // Nothing was reported: not known to be held or not, and said so.
    assert_eq!((april_2023["outcome"].as_str(), april_2024["outcome"].as_str()), (Some("held"), Some("no_report")));
    assert_eq!(april_2024["label"], "апрель 2024");

    let due = due_by_may_2024(&s.roadmap);
    let total = &execution["total"];
    assert_eq!(total["due"].as_i64(), Some(due), "exactly the occurrences due by 2024-05-01");
    assert_eq!((total["held"].as_i64(), total["heldDue"].as_i64()), (Some(1), Some(1)));
    assert_eq!(total["overdue"].as_i64(), Some(due - 1));
    assert_eq!((total["notHeld"].as_i64(), total["noReport"].as_i64()), (Some(0), Some(due - 1)));
    let rate = total["rate"].as_f64().unwrap();
    assert!((rate - 1.0 / due as f64).abs() < 1e-12, "{rate} is 1 of {due}");
    let overdue: Vec<&Value> = execution["overdue"].as_array().unwrap().iter().collect();
    assert_eq!(i64::try_from(overdue.len()).unwrap(), due - 1);
    assert!(overdue.iter().any(|o| o["position"] == two && o["occurrence"] == "2024-04"));

    // A year earlier only the 2023 months up to April are due.
    let early = s.app.get(&format!("/api/v1/roadmaps/{}/execution?asOf=2023-05-01&year=2023", s.id)).await.expect(200);
    assert!(!occurrence(&early, two, "2023-04")["overdue"].as_bool().unwrap());
    let dated = early["occurrences"].as_array().unwrap().iter().map(|o| o["occurrence"].as_str().unwrap());
    assert!(dated.filter(|k| k.starts_with("20")).all(|k| k.starts_with("2023")), "only 2023's months and year");

    // Every measure reaches every school of the territory; the April 2023 report counts at each.
    let schools = execution["schools"].as_array().unwrap();
    assert!(schools.len() >= 14, "{}", schools.len());
    assert!(schools.iter().all(|s| s["tally"]["held"] == 1));

    // «все выявленные параметры»: measure 2 counts under every parameter the audit found.
    let parameters = execution["parameters"].as_array().unwrap();
    let p44 = parameters.iter().find(|p| p["code"] == "4.4").expect("4.4 was found at five schools");
    assert_eq!(p44["tally"]["held"], 1);
    assert!(parameters.iter().all(|p| p["code"] != "7.1"), "7.1 was found nowhere");

    // The municipality's view over its one roadmap says the same; GraphQL too.
    let municipal =
        s.app.get(&format!("/api/v1/municipalities/{}/execution?asOf=2024-05-01", s.kuban)).await.expect(200);
    assert_eq!(municipal["total"], execution["total"]);
    let query = "query($id: UUID!) { execution(roadmapId: $id, asOf: \"2024-05-01\") { total { planned due held heldDue postponed cancelled overdue notHeld noReport rate } } }";
    let answer = s.app.graphql(query, json!({ "id": s.id })).await;
    assert_eq!(answer["data"]["execution"]["total"], execution["total"], "{answer}");
}

#[tokio::test]
async fn corrections_keep_history_and_postponements_fall_due_again() {
    let s = seeded().await;
    let two = position(&s.roadmap, "2");
    let reports = format!("/api/v1/roadmaps/{}/reports", s.id);
    let held = json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-20" });
    s.app.post(&reports, &held).await.expect(201);
    let cancelled =
        json!({ "position": two, "occurrence": "2023-04", "status": "cancelled", "note": "Перенесено приказом" });
    let correction = s.app.post(&reports, &cancelled).await.expect(201);
    assert_eq!(correction["revision"], 2);
    let history = s.app.get(&reports).await.expect(200);
    let revisions: Vec<(i64, bool, &str)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["revision"].as_i64().unwrap(), r["current"].as_bool().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(revisions, vec![(1, false, "held"), (2, true, "cancelled")]);
    let walked = s.app.list_all(&reports, 1).await;
    assert_eq!(walked, history["items"].as_array().unwrap().clone(), "a page at a time, the same revisions");

    let execution = |as_of: &'static str| {
        let path = format!("/api/v1/roadmaps/{}/execution?asOf={as_of}", s.id);
        let app = &s.app;
        async move { app.get(&path).await.expect(200) }
    };
    let may = execution("2024-05-01").await;
    assert_eq!((may["total"]["held"].as_i64(), may["total"]["cancelled"].as_i64()), (Some(0), Some(1)));
    assert!(!occurrence(&may, two, "2023-04")["overdue"].as_bool().unwrap(), "cancelled is reported");
    assert_eq!(occurrence(&may, two, "2023-04")["outcome"], "not_held", "a report says it was not held");
    assert_eq!(may["total"]["notHeld"].as_i64(), Some(1));

    let postponed =
        json!({ "position": two, "occurrence": "2024-04", "status": "postponed", "postponedTo": "2024-06" });
    s.app.post(&reports, &postponed).await.expect(201);
    let may = execution("2024-05-01").await;
    assert!(!occurrence(&may, two, "2024-04")["overdue"].as_bool().unwrap());
    assert_eq!(occurrence(&may, two, "2024-04")["outcome"], "postponed");
    let july = execution("2024-07-01").await;
    assert!(occurrence(&july, two, "2024-04")["overdue"].as_bool().unwrap(), "June 2024 is past too");
    assert_eq!(occurrence(&july, two, "2024-04")["outcome"], "no_report", "nothing says it was held in June");
}

#[tokio::test]
async fn a_school_reports_on_its_own_roadmap_and_only_there() {
    let s = seeded().await;
    let t = s.app.get("/api/v1/organizations?limit=100").await.expect(200);
    let school = t["items"].as_array().unwrap().iter().find(|o| o["name"] == "МАОУ СОШ № 1").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!(
        "/api/v1/imports/roadmap?municipalityId={}&periodFrom=2023&periodTo=2024&ownerId={school}&title=План СОШ № 1",
        s.kuban
    );
    let own = s.app.upload(&path, "text/tab-separated-values", SEED_001_ROADMAP.as_bytes().to_vec()).await.expect(201);
    let own = own["roadmapId"].as_str().unwrap().to_owned();
    let (_, token) = s.app.sign_in_as("school", json!({ "level": "organization", "id": school })).await;
    let caller = s.app.as_caller(&token);
    let two = position(&s.roadmap, "2");
    let held = json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-20" });
    caller.post(&format!("/api/v1/roadmaps/{own}/reports"), &held).await.expect(201);
    caller.post(&format!("/api/v1/roadmaps/{}/reports", s.id), &held).await.expect(403);
    // Its plan reaches the school alone: the execution counts it and no other.
    let execution = caller.get(&format!("/api/v1/roadmaps/{own}/execution?asOf=2024-05-01")).await.expect(200);
    let schools: Vec<&str> =
        execution["schools"].as_array().unwrap().iter().map(|s| s["organization"]["id"].as_str().unwrap()).collect();
    assert_eq!(schools, [school.as_str()]);
    assert_eq!(execution["schools"][0]["tally"]["held"], 1);
}

#[tokio::test]
async fn bad_reports_are_refused_with_their_field_and_change_nothing() {
    let s = seeded().await;
    let two = position(&s.roadmap, "2");
    let reports = format!("/api/v1/roadmaps/{}/reports", s.id);
    let cases = [
        (json!({ "position": two, "occurrence": "2023-05", "status": "held", "heldOn": "2023-05-02" }), "occurrence"),
        (json!({ "position": 999, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-02" }), "position"),
        (json!({ "position": two, "occurrence": "2023-04", "status": "held" }), "heldOn"),
        (json!({ "position": two, "occurrence": "2023-04", "status": "held", "evidence": "  " }), "heldOn"),
        (json!({ "position": two, "occurrence": "2023-04", "status": "done", "heldOn": "2023-04-02" }), "status"),
        (
            json!({ "position": two, "occurrence": "2024-04", "status": "postponed", "postponedTo": "2024-03" }),
            "postponedTo",
        ),
        (json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2099-04-02" }), "heldOn"),
        (
            json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-02",
            "link": "javascript:alert(1)" }),
            "link",
        ),
        (
            json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-02",
            "participants": -3 }),
            "participants",
        ),
        (
            json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-02",
            "organizationId": uuid::Uuid::now_v7() }),
            "organizationId",
        ),
    ];
    for (body, field) in cases {
        let problem = s.app.post(&reports, &body).await.expect(422);
        assert!(
            problem["errors"].as_array().unwrap().iter().any(|e| e["field"] == field),
            "{field} is named: {problem}"
        );
    }
    let huge = json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-02",
        "evidence": "я".repeat(100_000) });
    s.app.post(&reports, &huge).await.expect(422);
    assert_eq!(s.app.get(&reports).await.expect(200)["items"], json!([]), "nothing was written");

    // Another municipality's operator neither sees nor reports; an analyst only reads.
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.seversky })).await;
    let stranger = s.app.as_caller(&token);
    let held = json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-20" });
    stranger.post(&reports, &held).await.expect(404);
    stranger.get(&format!("/api/v1/roadmaps/{}/execution", s.id)).await.expect(404);
    stranger.get(&format!("/api/v1/municipalities/{}/execution", s.kuban)).await.expect(404);
    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.kuban })).await;
    let analyst = s.app.as_caller(&token);
    analyst.post(&reports, &held).await.expect(403);
    analyst.get(&format!("/api/v1/roadmaps/{}/execution", s.id)).await.expect(200);
    s.app.anonymous().post(&reports, &held).await.expect(401);
    assert_eq!(s.app.get(&reports).await.expect(200)["items"], json!([]));
    // A document that says the month's events were held, with no day, is evidence enough.
    let stated = json!({ "position": two, "occurrence": "2023-04", "status": "held",
        "evidence": "Аналитическая справка от 23.12.2024: мероприятия проведены" });
    let report = s.app.post(&reports, &stated).await.expect(201);
    assert_eq!((&report["status"], &report["heldOn"]), (&json!("held"), &Value::Null), "{report}");
}

#[tokio::test]
async fn the_execution_note_reads_as_seed_003_writes_it_with_each_total_linked() {
    let s = seeded().await;
    let two = position(&s.roadmap, "2");
    let body = json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-20" });
    s.app.post(&format!("/api/v1/roadmaps/{}/reports", s.id), &body).await.expect(201);
    let path = format!("/api/v1/roadmaps/{}/notes/execution?asOf=2024-05-01", s.id);
    let answer = s.app.get(&path).await;
    let note = answer.text.clone();
    answer.expect(200);
    assert!(note.starts_with("# Информация об исполнении дорожной карты"), "{note}");
    assert!(note.contains("| 2 | Мониторинг наличия") || note.contains("| 2. | Мониторинг наличия"), "{note}");
    assert!(note.contains("| апрель 2023 | проведено 20.04.2023 |"), "{note}");
    // A missing report is said as such, never «просрочено».
    assert!(note.contains("| апрель 2024 | нет отчёта |"), "{note}");
    assert!(!note.contains("просрочено"), "{note}");
    let execution = s.app.get(&format!("/api/v1/roadmaps/{}/execution?asOf=2024-05-01", s.id)).await.expect(200);
    let call = format!("/api/v1/roadmaps/{}/execution?asOf=2024-05-01", s.id);
    for key in ["planned", "due", "heldDue", "notHeld", "noReport"] {
        let figure = format!("[{}]({call})", execution["total"][key]);
        assert!(note.contains(&figure), "{key} {figure}: {note}");
    }
    let html = s.app.get(&format!("{path}&format=html")).await;
    assert!(html.text.contains("<td>проведено 20.04.2023</td>"), "{}", html.text);
    let docx = s.app.get(&format!("{path}&format=docx")).await;
    assert_eq!(docx.status.as_u16(), 200);
    assert!(docx.bytes.starts_with(b"PK"), "a Word document is a zip");
    s.app.get(&format!("{path}&format=odt")).await.expect(422);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.seversky })).await;
    s.app.as_caller(&token).get(&path).await.expect(404);
}

/// A report sent twice under one `Idempotency-Key` (a client that lost the first answer) is
/// recorded once and answered the same both times, also when both arrive at once; the key with
/// another report is refused and records nothing.
#[tokio::test]
async fn a_report_retried_under_its_idempotency_key_is_recorded_once() {
    let s = seeded().await;
    let two = position(&s.roadmap, "2");
    let path = format!("/api/v1/roadmaps/{}/reports", s.id);
    let body = json!({ "position": two, "occurrence": "2023-04", "status": "held", "heldOn": "2023-04-20" });
    let send = |key: &'static str, body: Value| {
        let request =
            s.app.client.post(s.app.url(&path)).bearer_auth(&s.app.admin_token).header("idempotency-key", key);
        async move {
            let answer = request.json(&body).send().await.unwrap();
            (answer.status().as_u16(), answer.text().await.unwrap())
        }
    };
    let (first, second) = tokio::join!(send("report-2-april", body.clone()), send("report-2-april", body.clone()));
    assert_eq!(first.0, 201, "{}", first.1);
    assert_eq!(first, second, "the same answer, byte for byte");
    assert_eq!(send("report-2-april", body.clone()).await, first);
    let other = json!({ "position": two, "occurrence": "2024-04", "status": "held", "heldOn": "2024-04-20" });
    let (status, text) = send("report-2-april", other).await;
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("idempotency_key_reused"), "{text}");
    let reports = s.app.get(&path).await.expect(200);
    assert_eq!(reports["items"].as_array().unwrap().len(), 1, "{reports}");
}

/// The views of a year take 1990–2100, as the document declares, on every operation.
#[tokio::test]
async fn a_year_outside_1990_2100_is_refused_with_its_field_by_every_view_of_a_year() {
    let s = seeded().await;
    let (m, id) = (&s.kuban, &s.id);
    for year in [0, 1989, 2101] {
        for path in [
            format!("/api/v1/municipalities/{m}/effectiveness?year={year}"),
            format!("/api/v1/municipalities/{m}/execution?year={year}"),
            format!("/api/v1/roadmaps/{id}/execution?year={year}"),
            format!("/api/v1/municipalities/{m}/watchlist?year={year}"),
            format!("/api/v1/municipalities/{m}/dashboard?year={year}"),
        ] {
            let answer = s.app.get(&path).await.expect(422);
            assert_eq!(answer["errors"][0]["field"], "year", "{path}: {answer}");
        }
        let region = s.app.get(&format!("/api/v1/municipalities/{m}")).await.expect(200)["regionId"].clone();
        let region = region.as_str().unwrap();
        for path in [
            format!("/api/v1/regions/{region}/execution?year={year}"),
            format!("/api/v1/regions/{region}/overview?year={year}"),
        ] {
            assert_eq!(s.app.get(&path).await.expect(422)["errors"][0]["field"], "year", "{path}");
        }
        let dry = format!("/api/v1/municipalities/{m}/watchlist/dry-run?year={year}");
        let rules = json!({ "name": "Равные веса", "source": "Балл за каждый выявленный параметр" });
        assert_eq!(s.app.post(&dry, &rules).await.expect(422)["errors"][0]["field"], "year", "{dry}");
    }
}
