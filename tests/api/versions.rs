//! Versions of a roadmap: a corrected import replaces the current version and carries its
//! reports over by measure number; a withdrawal takes it out of every view; ended versions stay
//! readable by id and `asOf`; racing corrections leave one current version.

use opora_tests::numbered_roadmap;
use serde_json::{Value, json};

use crate::dashboards::seeded;

const TSV: &str = "text/tab-separated-values";

/// A query value, percent-encoded.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A one-year roadmap of numbered seminars in March 2024, the `n`-th titled with `suffix`.
fn table(measures: usize, suffix: &str) -> Vec<u8> {
    let text = String::from_utf8(numbered_roadmap(measures, 2024)).unwrap();
    text.replacen(&format!("№ {measures}\t"), &format!("№ {measures}{suffix}\t"), 1).into_bytes()
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_corrected_roadmap_replaces_the_current_one_and_its_reports_follow_their_measures() {
    let s = seeded().await;
    let import = format!("/api/v1/imports/roadmap?municipalityId={}&periodFrom=2024&periodTo=2024", s.tver);
    let first = s.app.upload(&import, TSV, table(3, "")).await.expect(201);
    let first_id = first["roadmapId"].as_str().unwrap().to_owned();
    // Reports on measures 2 and 3 of the first version.
    let reports = format!("/api/v1/roadmaps/{first_id}/reports");
    for position in [2, 3] {
        let held = json!({ "position": position, "occurrence": "2024-03", "status": "held", "heldOn": "2024-03-14" });
        s.app.post(&reports, &held).await.expect(201);
    }
    let before = chrono::Utc::now();

    // The corrected table: measure 2 retitled, measure 3 gone.
    let corrected = s.app.upload(&import, TSV, table(2, " (исправлено)")).await.expect(201);
    let second_id = corrected["roadmapId"].as_str().unwrap().to_owned();
    assert_ne!(second_id, first_id);
    assert_eq!(corrected["roadmap"]["supersedes"], json!(first_id));
    let versioning: Vec<&str> = corrected["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .filter(|c| matches!(*c, "replaces_version" | "report_not_carried"))
        .collect();
    assert_eq!(versioning, ["replaces_version", "report_not_carried"], "{corrected}");

    // One current roadmap: the listing, the dashboard and the execution read it alone.
    let listed = s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.tver)).await.expect(200);
    assert_eq!(ids(&listed), std::slice::from_ref(&second_id));
    let dashboard = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2024", s.tver)).await.expect(200);
    assert_eq!(
        (&dashboard["execution"]["roadmaps"], &dashboard["execution"]["total"]["planned"]),
        (&json!(1), &json!(2))
    );
    // Measure 2's report followed it; measure 3's stayed with the first version.
    let carried = s.app.get(&format!("/api/v1/roadmaps/{second_id}/reports")).await.expect(200);
    let carried = carried["items"].as_array().unwrap();
    assert_eq!(carried.len(), 1, "{carried:?}");
    assert_eq!((&carried[0]["position"], &carried[0]["heldOn"]), (&json!(2), &json!("2024-03-14")));
    let execution = s.app.get(&format!("/api/v1/roadmaps/{second_id}/execution?asOf=2024-12-31")).await.expect(200);
    assert_eq!(execution["total"]["held"], 1);

    // The first version stays readable, by its id and as of before the correction.
    let old = s.app.get(&format!("/api/v1/roadmaps/{first_id}")).await.expect(200);
    assert_eq!((&old["current"], &old["supersededBy"]), (&json!(false), &json!(second_id)));
    assert_eq!(old["measures"].as_array().unwrap().len(), 3);
    let then = format!(
        "/api/v1/roadmaps?municipalityId={}&asOf={}",
        s.tver,
        before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    );
    assert_eq!(ids(&s.app.get(&then.replace('+', "%2B")).await.expect(200)), std::slice::from_ref(&first_id));
    // An ended version takes no reports, and its table does not come back.
    let late = json!({ "position": 1, "occurrence": "2024-03", "status": "held", "heldOn": "2024-03-14" });
    s.app.post(&reports, &late).await.expect(409);
    s.app.upload(&import, TSV, table(3, "")).await.expect(409);
    // The same corrected table again changes nothing.
    let again = s.app.upload(&import, TSV, table(2, " (исправлено)")).await.expect(200);
    assert_eq!(
        (again["status"].as_str(), again["roadmapId"].as_str()),
        (Some("already_imported"), Some(second_id.as_str()))
    );
}

#[tokio::test]
async fn a_withdrawn_roadmap_leaves_every_view_and_stays_in_its_history() {
    let s = seeded().await;
    let listed = s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.seversky)).await.expect(200);
    let id = ids(&listed).pop().expect("seed 004's roadmap");
    let withdraw = |reason: &str| format!("/api/v1/roadmaps/{id}?reason={}", urlencoding(reason));

    // Bad reasons, strangers and readers change nothing.
    for reason in ["", "   ", &"я".repeat(2_001)] {
        s.app.delete(&withdraw(reason)).await.expect(422);
    }
    s.app.delete(&format!("/api/v1/roadmaps/{id}")).await.expect(422);
    s.app.delete(&format!("{}&extra=1", withdraw("x"))).await.expect(422);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).delete(&withdraw("чужая")).await.expect(404);
    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.seversky })).await;
    s.app.as_caller(&token).delete(&withdraw("читатель")).await.expect(403);
    s.app.anonymous().delete(&withdraw("никто")).await.expect(401);
    assert_eq!(s.app.get(&format!("/api/v1/roadmaps/{id}")).await.expect(200)["current"], true);

    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.seversky })).await;
    let operator = s.app.as_caller(&token);
    let withdrawn = operator.delete(&withdraw("загружена по ошибке")).await.expect(200);
    assert_eq!((&withdrawn["current"], &withdrawn["withdrawal"]), (&json!(false), &json!("загружена по ошибке")));
    operator.delete(&withdraw("ещё раз")).await.expect(409);

    // Gone from the listing, the dashboard, the execution and the note.
    assert!(ids(&s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.seversky)).await.expect(200)).is_empty());
    let dashboard = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2024", s.seversky)).await.expect(200);
    assert_eq!(
        (&dashboard["execution"]["roadmaps"], &dashboard["execution"]["total"]["planned"]),
        (&json!(0), &json!(0))
    );
    let note = s.app.get(&format!("/api/v1/municipalities/{}/notes/analytical?from=2020&to=2024", s.seversky)).await;
    assert!(!note.text.contains("Мероприятия дорожных карт 2024 года"), "{}", note.text);
    // Still readable by id, and in its history with the reason.
    assert_eq!(s.app.get(&format!("/api/v1/roadmaps/{id}")).await.expect(200)["withdrawal"], "загружена по ошибке");
    let history = s.app.get(&format!("/api/v1/audit-events?entityId={id}")).await.expect(200);
    let changes = &history["items"].as_array().unwrap().last().unwrap()["changes"];
    assert!(
        changes.as_array().unwrap().iter().any(|c| c["field"] == "withdrawal" && c["new"] == "загружена по ошибке"),
        "{history}"
    );
}

#[tokio::test]
async fn twenty_racing_corrections_leave_one_current_version() {
    let s = seeded().await;
    let import = format!("/api/v1/imports/roadmap?municipalityId={}&periodFrom=2024&periodTo=2024", s.tver);
    s.app.upload(&import, TSV, table(2, "")).await.expect(201);
    let mut set = tokio::task::JoinSet::new();
    for n in 0..20 {
        let request = s
            .app
            .client
            .post(s.app.url(&import))
            .bearer_auth(&s.app.admin_token)
            .header("content-type", TSV)
            .body(table(2, &format!(" (правка {n})")));
        set.spawn(async move { request.send().await.expect("the server answers").status().as_u16() });
    }
    let statuses = set.join_all().await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let listed = s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.tver)).await.expect(200);
    assert_eq!(ids(&listed).len(), 1, "exactly one current version: {listed}");
    // Twenty-one versions, each but the first replacing one other.
    let current = s.app.get(&format!("/api/v1/roadmaps/{}", ids(&listed)[0])).await.expect(200);
    let mut chain = 1;
    let mut at = current;
    while let Some(previous) = at["supersedes"].as_str() {
        at = s.app.get(&format!("/api/v1/roadmaps/{previous}")).await.expect(200);
        chain += 1;
    }
    assert_eq!(chain, 21);
}

/// Seed 001's audit as corrected: 1.1 found at СОШ № 2 only.
fn corrected_audit() -> String {
    opora_tests::SEED_001_AUDIT.replacen("СОШ №2, 9, 10, 14, ООШ №11", "СОШ №2", 1)
}

#[tokio::test]
async fn a_corrected_audit_of_the_same_date_replaces_the_first_and_the_views_follow_it() {
    let s = seeded().await;
    let dashboard = format!("/api/v1/municipalities/{}/dashboard?year=2023", s.kuban);
    let before = s.app.get(&dashboard).await.expect(200);
    let first = before["audit"]["audit"]["id"].as_str().unwrap().to_owned();
    let count = |d: &Value, code: &str| {
        d["audit"]["parameters"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["organizations"]
            .clone()
    };
    assert_eq!(count(&before, "1.1"), 5);

    let import = format!("/api/v1/imports/audit?municipalityId={}&date=2023-03-01", s.kuban);
    let corrected = s.app.upload(&import, TSV, corrected_audit().into_bytes()).await.expect(201);
    let second = corrected["auditId"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    assert!(corrected["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "replaces_version"), "{corrected}");
    // The same corrected table again changes nothing.
    let again = s.app.upload(&import, TSV, corrected_audit().into_bytes()).await.expect(200);
    assert_eq!(again["auditId"], json!(second));

    // The dashboard, the prevalence and the roadmap's coverage read the corrected audit.
    let after = s.app.get(&dashboard).await.expect(200);
    assert_eq!((after["audit"]["audit"]["id"].as_str(), count(&after, "1.1")), (Some(second.as_str()), json!(1)));
    let audits = s.app.get(&format!("/api/v1/audits?municipalityId={}", s.kuban)).await.expect(200);
    assert_eq!(ids(&audits), std::slice::from_ref(&second));
    let roadmaps = s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.kuban)).await.expect(200);
    let roadmap = ids(&roadmaps).pop().unwrap();
    let coverage = s.app.get(&format!("/api/v1/roadmaps/{roadmap}/coverage")).await.expect(200);
    let one_one = coverage["parameters"].as_array().unwrap().iter().find(|p| p["code"] == "1.1").unwrap();
    assert_eq!(one_one["presentAt"].as_array().unwrap().len(), 1, "{one_one}");
    // The first stays readable by its id, marked as replaced.
    let old = s.app.get(&format!("/api/v1/audits/{first}")).await.expect(200);
    assert_eq!((&old["current"], old["endedAt"].is_string()), (&json!(false), true));
    assert_eq!(s.app.get(&format!("/api/v1/audits/{second}")).await.expect(200)["supersedes"], json!(first));

    // Withdrawn, it leaves every view: no audit on the dashboard, no coverage for the roadmap.
    s.app.delete(&format!("/api/v1/audits/{second}?reason=")).await.expect(422);
    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).delete(&format!("/api/v1/audits/{second}?reason=x")).await.expect(403);
    let withdrawn =
        s.app.delete(&format!("/api/v1/audits/{second}?reason=%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B0")).await.expect(200);
    assert_eq!((&withdrawn["current"], &withdrawn["withdrawal"]), (&json!(false), &json!("ошибка")));
    s.app.delete(&format!("/api/v1/audits/{second}?reason=x")).await.expect(409);
    assert_eq!(s.app.get(&dashboard).await.expect(200)["audit"], Value::Null);
    assert!(ids(&s.app.get(&format!("/api/v1/audits?municipalityId={}", s.kuban)).await.expect(200)).is_empty());
    s.app.get(&format!("/api/v1/roadmaps/{roadmap}/coverage")).await.expect(409);
}

#[tokio::test]
async fn twenty_racing_audit_corrections_leave_one_current_version() {
    let s = seeded().await;
    let import = format!("/api/v1/imports/audit?municipalityId={}&date=2023-03-01", s.kuban);
    let mut set = tokio::task::JoinSet::new();
    for n in 0..20 {
        // Each a different correction: 1.1 at a different school list.
        let schools = ["СОШ №2", "СОШ №9", "СОШ №10", "СОШ №14", "ООШ №11"];
        let table = opora_tests::SEED_001_AUDIT.replacen("СОШ №2, 9, 10, 14, ООШ №11", schools[n % 5], 1);
        let table = if n >= 5 {
            table.replacen("СОШ № 9, ООШ №11", ["СОШ № 9", "ООШ №11", "СОШ № 2", "СОШ № 4"][n % 4], 1)
        } else {
            table
        };
        let request = s
            .app
            .client
            .post(s.app.url(&import))
            .bearer_auth(&s.app.admin_token)
            .header("content-type", TSV)
            .body(table);
        set.spawn(async move { request.send().await.expect("the server answers").status().as_u16() });
    }
    let statuses = set.join_all().await;
    assert!(statuses.iter().all(|s| *s == 201 || *s == 200), "{statuses:?}");
    let audits = s.app.get(&format!("/api/v1/audits?municipalityId={}", s.kuban)).await.expect(200);
    assert_eq!(ids(&audits).len(), 1, "exactly one current audit of the date: {audits}");
}

#[tokio::test]
async fn a_draft_programme_is_approved_with_its_act_then_finished_and_never_goes_back() {
    let s = seeded().await;
    let body = json!({ "municipalityId": s.seversky, "title": "Программа на 2021-2024 годы", "periodFrom": 2021, "periodTo": 2024, "status": "approved",
        "approval": { "issuer": "Управление образования", "number": "12", "date": "2021-01-15" } });
    let first = s.app.post("/api/v1/programmes", &body).await.expect(201);
    let draft = json!({ "municipalityId": s.seversky, "title": "Программа на 2025-2030 годы", "periodFrom": 2025, "periodTo": 2030,
        "status": "draft", "supersedes": first["id"] });
    let successor = s.app.post("/api/v1/programmes", &draft).await.expect(201);
    let path = format!("/api/v1/programmes/{}", successor["id"].as_str().unwrap());

    // Approval names its act; bad stages and strangers change nothing.
    let problem = s.app.patch(&path, &json!({ "status": "approved" })).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "approval");
    s.app.patch(&path, &json!({ "status": "superseded" })).await.expect(422);
    s.app.patch(&path, &json!({ "status": "approved", "approval": { "date": "2030-13-01" } })).await.expect(422);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).patch(&path, &json!({ "status": "finished" })).await.expect(404);
    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.seversky })).await;
    s.app.as_caller(&token).patch(&path, &json!({ "status": "finished" })).await.expect(403);
    assert_eq!(s.app.get(&path).await.expect(200)["status"], "draft");

    let act = json!({ "issuer": "Управление образования", "number": "310", "date": "2025-01-20" });
    let approved = s.app.patch(&path, &json!({ "status": "approved", "approval": act })).await.expect(200);
    assert_eq!((&approved["status"], &approved["approval"]["number"]), (&json!("approved"), &json!("310")));
    // The programme it replaces is superseded now.
    let earlier = s.app.get(&format!("/api/v1/programmes/{}", first["id"].as_str().unwrap())).await.expect(200);
    assert_eq!((&earlier["status"], &earlier["supersededBy"]), (&json!("superseded"), &successor["id"]));
    let finished = s.app.patch(&path, &json!({ "status": "finished" })).await.expect(200);
    assert_eq!((&finished["status"], &finished["approval"]["number"]), (&json!("finished"), &json!("310")));
    s.app.patch(&path, &json!({ "status": "draft" })).await.expect(409);
    s.app.patch(&path, &json!({ "status": "approved" })).await.expect(409);
    // Each step is in the programme's history.
    let history =
        s.app.get(&format!("/api/v1/audit-events?entityId={}", successor["id"].as_str().unwrap())).await.expect(200);
    let actions: Vec<&str> =
        history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "update"]);
}

#[tokio::test]
async fn an_edited_measure_is_the_roadmaps_next_version_read_as_an_import_reads_a_row() {
    let s = seeded().await;
    let import = format!("/api/v1/imports/roadmap?municipalityId={}&periodFrom=2024&periodTo=2024", s.tver);
    let first = s.app.upload(&import, TSV, table(3, "")).await.expect(201);
    let first_id = first["roadmapId"].as_str().unwrap().to_owned();
    let held = json!({ "position": 2, "occurrence": "2024-03", "status": "held", "heldOn": "2024-03-14" });
    s.app.post(&format!("/api/v1/roadmaps/{first_id}/reports"), &held).await.expect(201);
    let measure = |roadmap: &str, position: u32| format!("/api/v1/roadmaps/{roadmap}/measures/{position}");

    // Bad edits, strangers and readers change nothing.
    let problem = s.app.patch(&measure(&first_id, 2), &json!({ "title": " " })).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "title", "{problem}");
    s.app.patch(&measure(&first_id, 9), &json!({ "title": "x" })).await.expect(422);
    s.app.patch(&measure(&first_id, 2), &json!({ "title": "я".repeat(4_001) })).await.expect(422);
    s.app.patch(&measure(&first_id, 2), &json!({ "colour": "red" })).await.expect(422);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).patch(&measure(&first_id, 2), &json!({ "title": "чужое" })).await.expect(404);
    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.tver })).await;
    s.app.as_caller(&token).patch(&measure(&first_id, 2), &json!({ "title": "читатель" })).await.expect(403);
    assert_eq!(
        ids(&s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.tver)).await.expect(200)),
        std::slice::from_ref(&first_id)
    );

    // The title of measure 2: the next version, its report carried over.
    let edited =
        s.app.patch(&measure(&first_id, 2), &json!({ "title": "Семинар для руководителей № 2 (уточнено)" })).await;
    let edited = edited.expect(200);
    let second_id = edited["roadmapId"].as_str().unwrap().to_owned();
    assert_eq!(edited["roadmap"]["supersedes"], json!(first_id));
    assert_eq!(edited["roadmap"]["measures"][1]["title"], "Семинар для руководителей № 2 (уточнено)");
    assert_eq!(edited["roadmap"]["measures"][0], first["roadmap"]["measures"][0], "the other measures stay");
    let carried = s.app.get(&format!("/api/v1/roadmaps/{second_id}/reports")).await.expect(200);
    assert_eq!(carried["items"].as_array().unwrap().len(), 1);

    // The schedule of measure 3, read by the schedule grammar; an unreadable one is a warning.
    let edited = s.app.patch(&measure(&second_id, 3), &json!({ "schedule": "II квартал 2024" })).await.expect(200);
    assert_eq!(edited["roadmap"]["measures"][2]["plannedOccurrences"], json!(["2024-04/2024-06"]));
    let third_id = edited["roadmapId"].as_str().unwrap().to_owned();
    let unread = s.app.patch(&measure(&third_id, 3), &json!({ "schedule": "по мере необходимости" })).await.expect(200);
    assert_eq!(unread["roadmap"]["measures"][2]["plannedOccurrences"], json!(["plan"]));
    assert!(
        unread["warnings"].as_array().unwrap().iter().any(|w| w["message"].as_str().unwrap().contains("schedule")),
        "{unread}"
    );
    // An ended version is not edited.
    s.app.patch(&measure(&first_id, 1), &json!({ "title": "поздно" })).await.expect(409);
    assert_eq!(ids(&s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.tver)).await.expect(200)).len(), 1);
}

#[tokio::test]
async fn an_audit_replaced_is_listed_as_of_before_its_correction() {
    let s = seeded().await;
    let audits = format!("/api/v1/audits?municipalityId={}", s.kuban);
    let first = ids(&s.app.get(&audits).await.expect(200));
    let before = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true).replace('+', "%2B");
    let import = format!("/api/v1/imports/audit?municipalityId={}&date=2023-03-01", s.kuban);
    let second = s.app.upload(&import, TSV, corrected_audit().into_bytes()).await.expect(201)["auditId"].clone();
    assert_eq!(ids(&s.app.get(&audits).await.expect(200)), [second.as_str().unwrap().to_owned()]);
    assert_eq!(ids(&s.app.get(&format!("{audits}&asOf={before}")).await.expect(200)), first);
    s.app.get(&format!("{audits}&asOf=yesterday")).await.expect(422);
}
