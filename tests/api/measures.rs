//! Roadmaps: seed 001's read from the Word document it was approved in and from a workbook, and
//! its coverage of the audit, counted by hand from the seed.

use opora_tests::{
    SEED_001_AUDIT, SEED_001_DOCX, SEED_001_ROADMAP, SEED_004_ROADMAP, TestApp, create_territory, xlsx_from_tsv,
};
use serde_json::{Value, json};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Seeded {
    app: TestApp,
    kuban: String,
    seversky: String,
    /// МКУО ЦОКО, the body that keeps Калининский район's roadmap.
    coko: String,
    audit: String,
}

async fn seeded() -> Seeded {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban").to_owned();
    let seversky = t.municipality("seversky").to_owned();
    let coko = t.organization("kalininsky-kuban", "МКУО ЦОКО").to_owned();
    let path = format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01");
    let report = app.upload(&path, "text/tab-separated-values", SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    let audit = report["auditId"].as_str().unwrap().to_owned();
    Seeded { app, kuban, seversky, coko, audit }
}

fn import_path(s: &Seeded) -> String {
    format!("/api/v1/imports/roadmap?municipalityId={}&periodFrom=2023&periodTo=2024&auditId={}", s.kuban, s.audit)
}

fn measure<'a>(roadmap: &'a Value, number: &str) -> &'a Value {
    roadmap["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["number"] == number)
        .unwrap_or_else(|| panic!("no measure {number}"))
}

/// What must not differ between the Word document and the workbook.
fn essentials(roadmap: &Value) -> Vec<Value> {
    roadmap["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            json!([
                m["number"],
                m["title"],
                m["form"],
                m["targetCodes"],
                m["targetsAllFound"],
                m["schedule"],
                m["venues"],
                m["responsible"],
                m["audienceKinds"]
            ])
        })
        .collect()
}

#[tokio::test]
async fn seed_001_roadmap_reads_the_same_from_word_and_from_a_workbook() {
    let s = seeded().await;
    let report = s.app.upload(&import_path(&s), DOCX, SEED_001_DOCX.to_vec()).await.expect(201);
    assert_eq!((report["status"].as_str(), report["measures"].as_i64()), (Some("imported"), Some(44)));
    let continued: Vec<i64> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "row_continued")
        .map(|w| w["row"].as_i64().unwrap())
        .collect();
    assert_eq!(continued.len(), 3, "measures 8, 13 and 38 run on into a second row: {continued:?}");
    let roadmap = s.app.get(&format!("/api/v1/roadmaps/{}", report["roadmapId"].as_str().unwrap())).await.expect(200);

    assert_eq!(measure(&roadmap, "4")["targetCodes"], json!(["1.1"]));
    assert_eq!(measure(&roadmap, "11")["targetCodes"], json!(["1.2", "1.3"]));
    assert_eq!(measure(&roadmap, "36")["targetCodes"], json!(["4.1-4.3"]));
    for n in ["1", "2", "3"] {
        assert_eq!(measure(&roadmap, n)["targetsAllFound"], true, "measure {n}");
    }
    let eight = measure(&roadmap, "8");
    assert!(
        eight["title"]
            .as_str()
            .unwrap()
            .ends_with("г. Славянск на Кубани, педагогические колледжи г. Краснодара, Новороссийска, Туапсе)")
    );
    assert_eq!(eight["sourceRows"].as_array().unwrap().len(), 2);
    assert_eq!(eight["schedule"]["occurrences"], json!(["2023-03", "2023-11", "2024-03", "2024-11"]));
    assert_eq!(measure(&roadmap, "3")["schedule"]["occurrences"].as_array().unwrap().len(), 4);
    assert_eq!(measure(&roadmap, "23")["schedule"]["kind"], "separate_plan");
    assert_eq!(measure(&roadmap, "31")["form"], Value::Null);
    // The merged responsible cell of measures 41–43 holds МКУО ЦОКО for each.
    for n in ["41", "42", "43"] {
        assert_eq!(measure(&roadmap, n)["responsibleText"], "МКУО ЦОКО", "measure {n}");
    }
    let nineteen = measure(&roadmap, "19");
    assert_eq!(nineteen["title"].as_str().unwrap().lines().count(), 3, "a heading and two list items");
    assert_eq!(nineteen["schedule"]["occurrences"].as_array().unwrap().len(), 7);
    let venues: Vec<&str> =
        nineteen["venues"].as_array().unwrap().iter().map(|v| v["kind"].as_str().unwrap()).collect();
    assert_eq!(venues, ["organization", "organization"], "МАОУ-СОШ №1 and МКУО ЦОКО");
    let five = measure(&roadmap, "5");
    assert_eq!(five["venues"], json!([{ "kind": "named", "organization": null, "name": "ГДК" }]));
    let twenty_seven = measure(&roadmap, "27");
    let parties: Vec<&str> =
        twenty_seven["responsible"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(parties, ["organization", "named"], "МКУО ЦОКО and its tutors");

    // The same roadmap from a workbook reads the same; importing it again creates nothing.
    let again = s.app.upload(&import_path(&s), DOCX, SEED_001_DOCX.to_vec()).await.expect(200);
    assert_eq!(again["status"], "already_imported");
    let workbook = s
        .app
        .upload(&format!("{}&dryRun=true", import_path(&s)), XLSX, xlsx_from_tsv(SEED_001_ROADMAP))
        .await
        .expect(200);
    assert_eq!((workbook["status"].as_str(), workbook["measures"].as_i64()), (Some("already_imported"), Some(44)));
    let other = TestApp::spawn().await;
    let _ = other;
    let listed = s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.kuban)).await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_workbook_and_the_document_give_the_same_measures() {
    let s = seeded().await;
    let from_word = s.app.upload(&import_path(&s), DOCX, SEED_001_DOCX.to_vec()).await.expect(201);
    // The same table from a workbook is the same roadmap: found, not stored again.
    let again = s.app.upload(&import_path(&s), XLSX, xlsx_from_tsv(SEED_001_ROADMAP)).await.expect(200);
    assert_eq!((again["status"].as_str(), &again["roadmapId"]), (Some("already_imported"), &from_word["roadmapId"]));
    // Kept by МКУО ЦОКО it is another roadmap, and reads measure for measure as the document.
    let owned = format!("{}&ownerId={}", import_path(&s), s.coko);
    let from_excel = s.app.upload(&owned, XLSX, xlsx_from_tsv(SEED_001_ROADMAP)).await.expect(201);
    let path = |id: &Value| format!("/api/v1/roadmaps/{}", id.as_str().unwrap());
    let word = s.app.get(&path(&from_word["roadmapId"])).await.expect(200);
    let excel = s.app.get(&path(&from_excel["roadmapId"])).await.expect(200);
    assert_eq!(essentials(&word).len(), 44);
    assert_eq!(essentials(&word), essentials(&excel));
}

#[tokio::test]
async fn coverage_of_seed_001_matches_the_hand_count_on_both_protocols() {
    let s = seeded().await;
    let report = s.app.upload(&import_path(&s), DOCX, SEED_001_DOCX.to_vec()).await.expect(201);
    let id = report["roadmapId"].as_str().unwrap();
    let coverage = s.app.get(&format!("/api/v1/roadmaps/{id}/coverage")).await.expect(200);
    // Counted by hand: every present parameter is targeted by code except 4.4 (СОШ 6, 7, 10,
    // 11, 14) and 5.4 (СОШ 5, 13, 14), which only measures 1–3 reach, through «все выявленные
    // параметры».
    assert_eq!(coverage["notTargeted"], json!(["4.4", "5.4"]));
    assert_eq!(coverage["uncovered"], json!([]));
    assert_eq!(coverage["absent"], json!(["7.1"]));
    assert_eq!(coverage["aimlessMeasures"], json!([]));
    let parameter =
        |code: &str| coverage["parameters"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap().clone();
    let names = |list: &Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(names(&parameter("4.4")["presentAt"]), ["СОШ № 6", "СОШ № 7", "СОШ № 10", "ООШ № 11", "СОШ № 14"]);
    assert_eq!(names(&parameter("5.4")["presentAt"]), ["СОШ № 5", "СОШ № 13", "СОШ № 14"]);
    assert_eq!(parameter("4.4")["status"], "only_all_found");
    let numbers = |list: &Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|m| m["number"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(numbers(&parameter("4.4")["byAllFound"]), ["1", "2", "3"]);
    // 7.2 is named for МКУО ЦОКО, and measure 44 targets it.
    let seven_two = parameter("7.2");
    assert_eq!(numbers(&seven_two["byCode"]), ["44"]);
    assert_eq!(names(&seven_two["presentAt"]), ["МКУО ЦОКО"]);
    // One rule for bodies: the matrix and the coverage agree on what is found and what is not.
    let matrix = s.app.get(&format!("/api/v1/audits/{}/matrix", s.audit)).await.expect(200);
    assert_eq!(coverage["absent"], matrix["parametersWithoutOrganizations"], "nowhere is the same nowhere");
    for p in coverage["parameters"].as_array().unwrap() {
        let m = matrix["parameters"].as_array().unwrap().iter().find(|m| m["code"] == p["code"]).unwrap();
        let found = m["organizations"].as_i64().unwrap() + m["bodies"].as_i64().unwrap();
        assert_eq!(found, p["presentAt"].as_array().unwrap().len() as i64, "parameter {}", p["code"]);
    }
    assert_eq!(numbers(&parameter("1.1")["byCode"]), ["4", "5", "6", "7", "8", "9"]);
    // Per school: СОШ № 14's 4.4 is reached only through measures 1–3.
    let school =
        coverage["schools"].as_array().unwrap().iter().find(|s| s["organization"]["name"] == "СОШ № 14").unwrap();
    let four_four = school["parameters"].as_array().unwrap().iter().find(|p| p["code"] == "4.4").unwrap();
    assert_eq!(
        (four_four["status"].as_str(), &four_four["measures"]),
        (Some("only_all_found"), &json!(["1", "2", "3"]))
    );

    // Each list asked for no more than seed 001 holds: the query is priced by what it may return.
    let query = "query($id: UUID!) { roadmapCoverage(roadmapId: $id) { roadmapId auditId catalogueId notTargeted uncovered absent aimlessMeasures parameters(first: 60) { code name status presentAt(first: 16) { id name } byCode(first: 10) { number reaches(first: 16) { id name } } byAllFound(first: 5) { number reaches(first: 16) { id name } } } schools(first: 16) { organization { id name } parameters(first: 30) { code status measures } } } }";
    let answer = s.app.graphql(query, json!({ "id": id })).await;
    assert_eq!(answer["data"]["roadmapCoverage"], coverage, "{answer}");
}

/// A school's operator reads the coverage of the roadmap that reaches it, as far as its own
/// findings go: СОШ № 14 sees its 4.4 and 5.4 and how they are covered, and no other school,
/// named or not, on either protocol; what the roadmap leaves untargeted stays, naming nobody.
#[tokio::test]
async fn a_school_sees_its_own_findings_in_the_coverage_and_no_siblings() {
    let s = seeded().await;
    let report = s.app.upload(&import_path(&s), DOCX, SEED_001_DOCX.to_vec()).await.expect(201);
    let id = report["roadmapId"].as_str().unwrap();
    let full = s.app.get(&format!("/api/v1/roadmaps/{id}/coverage")).await.expect(200);
    let school = full["schools"].as_array().unwrap().iter().find(|s| s["organization"]["name"] == "СОШ № 14").unwrap();
    let own = school["organization"]["id"].as_str().unwrap();
    let (_, token) = s.app.sign_in_as("school", json!({ "level": "organization", "id": own })).await;
    let caller = s.app.as_caller(&token);
    let coverage = caller.get(&format!("/api/v1/roadmaps/{id}/coverage")).await.expect(200);
    let mut ids = Vec::new();
    collect_ids(&coverage, &mut ids);
    ids.retain(|i| *i != own && *i != id && *i != s.audit && Some(i.as_str()) != full["catalogueId"].as_str());
    assert!(ids.is_empty(), "ids beyond the school's own: {ids:?} in {coverage}");
    assert_eq!(coverage["schools"].as_array().unwrap().len(), 1);
    assert_eq!(coverage["schools"][0], *school, "its own coverage is the full coverage's");
    assert_eq!(coverage["notTargeted"], json!(["4.4", "5.4"]));
    let at = |code: &str| {
        let p = coverage["parameters"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap();
        p["presentAt"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(at("4.4"), ["СОШ № 14"]);
    assert_eq!(at("7.2"), Vec::<String>::new(), "МКУО ЦОКО's finding is not the school's to see");
    let query = "query($id: UUID!) { roadmapCoverage(roadmapId: $id) { parameters(first: 60) { code presentAt(first: 16) { id name } byCode(first: 10) { number reaches(first: 16) { id } } byAllFound(first: 5) { number reaches(first: 16) { id } } } schools { organization { id name } } } }";
    let answer = caller.graphql(query, json!({ "id": id })).await;
    let mut ids = Vec::new();
    collect_ids(&answer["data"], &mut ids);
    assert!(ids.iter().all(|i| i == own), "{answer}");
    assert_eq!(answer["data"]["roadmapCoverage"]["schools"].as_array().map(Vec::len), Some(1), "{answer}");
}

/// Every string of a JSON value that reads as a UUID.
fn collect_ids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if uuid::Uuid::parse_str(s).is_ok() => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_ids(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_ids(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn another_municipality_sees_none_of_it() {
    let s = seeded().await;
    let report = s.app.upload(&import_path(&s), DOCX, SEED_001_DOCX.to_vec()).await.expect(201);
    let id = report["roadmapId"].as_str().unwrap();
    let seversky = &s.seversky;
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": seversky })).await;
    let caller = s.app.as_caller(&token);
    caller.get(&format!("/api/v1/roadmaps/{id}")).await.expect(404);
    caller.get(&format!("/api/v1/roadmaps/{id}/coverage")).await.expect(404);
    assert_eq!(caller.get("/api/v1/roadmaps").await.expect(200)["items"], json!([]));
    let answer = caller
        .graphql(
            "query($id: UUID!) { roadmapCoverage(roadmapId: $id) { roadmapId } roadmap(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(answer["data"], json!({ "roadmapCoverage": null, "roadmap": null }), "{answer}");
    let denied = caller.upload(&import_path(&s), DOCX, SEED_001_DOCX.to_vec()).await;
    assert_eq!(denied.status, 404, "another municipality's import is refused before its body is read");
}

#[tokio::test]
async fn a_rejected_roadmap_lists_every_problem_and_writes_nothing() {
    let s = seeded().await;
    let bad = SEED_001_ROADMAP
        .replace("Май, декабрь 2023, май, декабрь 2024", "когда-нибудь")
        .replace("\t7.2.\t", "\t9.9\t")
        .replace("\n5.\t", "\nпять\t");
    let answer = s.app.upload(&import_path(&s), "text/tab-separated-values", bad.into_bytes()).await.expect(422);
    let issues: Vec<(i64, &str, &str)> = answer["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["row"].as_i64().unwrap(), i["column"].as_str().unwrap(), i["code"].as_str().unwrap()))
        .collect();
    assert_eq!(issues, [(7, "A", "invalid_measure_number")]);
    // What is kept as written is a warning at its cell: a schedule that does not read, and a
    // code outside the audit's catalogue.
    let warned = |code: &str| {
        answer["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["code"] == code)
            .map(|w| (w["row"].as_i64().unwrap(), w["column"].as_str().unwrap().to_owned()))
    };
    assert_eq!(warned("unreadable_schedule"), Some((5, "G".to_owned())), "{answer}");
    assert_eq!(warned("unknown_parameter_code"), Some((55, "D".to_owned())), "{answer}");
    assert_eq!(s.app.get("/api/v1/roadmaps").await.expect(200)["items"], json!([]));
}

#[tokio::test]
async fn hostile_documents_are_refused_before_they_cost_anything() {
    let s = seeded().await;
    // Not an archive, an archive without a document, and a document of unbalanced XML.
    s.app.upload(&import_path(&s), DOCX, b"PK\x03\x04 not really".to_vec()).await.expect(422);
    let empty = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"<w:document><w:body><w:tbl><w:tr><w:tc>").unwrap();
        zip.finish().unwrap().into_inner()
    };
    s.app.upload(&import_path(&s), DOCX, empty).await.expect(422);
    // A zip bomb: 64 MiB of zeros that deflate to a few kilobytes.
    let bomb = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..64 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap().into_inner()
    };
    assert!(bomb.len() < 1024 * 1024);
    s.app.upload(&import_path(&s), DOCX, bomb).await.expect(413);
    // A period that runs backwards is refused before the body is read.
    let backwards = format!("/api/v1/imports/roadmap?municipalityId={}&periodFrom=2024&periodTo=2023", s.kuban);
    s.app.upload(&backwards, DOCX, SEED_001_DOCX.to_vec()).await.expect(422);
    assert_eq!(s.app.get("/api/v1/roadmaps").await.expect(200)["items"], json!([]));
}

#[tokio::test]
async fn programmes_keep_their_tasks_and_their_successor() {
    let s = seeded().await;
    let body = json!({
        "municipalityId": s.kuban,
        "title": "Программа повышения качества образования на 2021-2024 годы",
        "periodFrom": 2021, "periodTo": 2024,
        "tasks": ["Оказывать адресную методическую поддержку", "Обеспечить сопровождение"],
        "approval": { "issuer": "Управление образования", "number": "148-од", "date": "2020-07-28" },
        "status": "finished"
    });
    let first = s.app.post("/api/v1/programmes", &body).await.expect(201);
    let mut next = body.clone();
    next["periodFrom"] = json!(2025);
    next["periodTo"] = json!(2030);
    next["status"] = json!("approved");
    next["supersedes"] = first["id"].clone();
    let second = s.app.post("/api/v1/programmes", &next).await.expect(201);
    let read = s.app.get(&format!("/api/v1/programmes/{}", first["id"].as_str().unwrap())).await.expect(200);
    assert_eq!((read["status"].as_str(), &read["supersededBy"]), (Some("superseded"), &second["id"]));
    assert_eq!(read["tasks"].as_array().unwrap().len(), 2);
    let mut wrong = body.clone();
    wrong["periodTo"] = json!(2019);
    wrong["status"] = json!("superseded");
    let refused = s.app.post("/api/v1/programmes", &wrong).await.expect(422);
    let fields: Vec<&str> =
        refused["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["periodTo", "status"]);
    let gql = s
        .app
        .graphql(
            "query($id: UUID!) { programme(id: $id) { title status tasks supersededBy } }",
            json!({ "id": first["id"] }),
        )
        .await;
    assert_eq!(gql["data"]["programme"]["supersededBy"], second["id"]);

    // A status no document states stays empty; the note sets out each programme as recorded.
    let mut unstated = body.clone();
    unstated.as_object_mut().unwrap().remove("status");
    unstated.as_object_mut().unwrap().remove("approval");
    unstated["title"] = json!("Муниципальная программа поддержки ШНОР");
    let third = s.app.post("/api/v1/programmes", &unstated).await.expect(201);
    assert_eq!(third["status"], Value::Null);
    let note = s.app.get(&format!("/api/v1/municipalities/{}/notes/analytical?from=2021&to=2024", s.kuban)).await;
    let note = note.text;
    assert!(
        note.contains("**Программа повышения качества образования на 2021-2024 годы** (2021–2024), утверждена приказом Управление образования от 28.07.2020 № 148-од; статус: заменена."),
        "{note}"
    );
    assert!(note.contains("**Муниципальная программа поддержки ШНОР** (2021–2024).\n"), "no status is made up: {note}");
    assert!(note.contains("- Оказывать адресную методическую поддержку\n- Обеспечить сопровождение"), "{note}");
    assert!(!note.contains("2025–2030"), "a programme outside the span is not in the note: {note}");
}

#[tokio::test]
async fn seed_004_table_1_keeps_venues_and_dates_as_written_without_pairing_them() {
    let s = seeded().await;
    let path = format!("/api/v1/imports/roadmap?municipalityId={}&periodFrom=2023&periodTo=2024", s.seversky);
    let report =
        s.app.upload(&path, "text/tab-separated-values", SEED_004_ROADMAP.as_bytes().to_vec()).await.expect(201);
    assert_eq!(report["measures"], 9);
    let unpaired: Vec<(i64, &str)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "venues_dates_unpaired")
        .map(|w| (w["row"].as_i64().unwrap(), w["column"].as_str().unwrap()))
        .collect();
    assert_eq!(unpaired, [(4, "C")], "two venues and three dates for the thematic seminars");
    let roadmap = s.app.get(&format!("/api/v1/roadmaps/{}", report["roadmapId"].as_str().unwrap())).await.expect(200);
    let names = |m: &Value| -> Vec<String> {
        m["venues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["organization"]["name"].as_str().unwrap_or("?").to_owned())
            .collect()
    };
    let seminars = measure(&roadmap, "3");
    assert_eq!(seminars["title"], "Тематические семинары");
    assert_eq!(names(seminars), ["МБОУ СОШ № 45", "МАОУ лицей пгт Афипского"]);
    assert_eq!(seminars["schedule"]["occurrences"], json!(["2023-04", "2024-02", "2024-04"]));
    assert_eq!(
        names(measure(&roadmap, "2")),
        ["МБОУ ООШ № 8", "МБОУ СОШ № 6", "МБОУ СОШ № 21", "МБОУ СОШ № 27", "МБОУ СОШ № 7"]
    );
    assert_eq!(
        measure(&roadmap, "9")["direction"],
        "Оценка эффективности профилактики. Корректировка дальнейшей работы"
    );
    assert_eq!(measure(&roadmap, "6")["schedule"]["kind"], "whole_period");
}

/// A roadmap in another municipality's wording: the codes under «Параметр риска (код)» after
/// the dates, and a «Примечание» column. The codes are read, so seed 001's 1.1 is targeted by
/// code; the note column is reported with its header and letter, not dropped without a word.
#[tokio::test]
async fn another_municipalitys_codes_column_is_read_and_its_unknown_column_reported() {
    let s = seeded().await;
    let table = "№ п/п\tНаименование мероприятия\tСроки проведения\tМесто проведения\tПримечание\tПараметр риска (код)\n\
                 1\tСеминар «Кадровый резерв»\tМарт 2023\tМКУО ЦОКО\tпо согласованию\t1.1\n";
    let report = s.app.upload(&import_path(&s), "text/tab-separated-values", table.into()).await.expect(201);
    let warnings = report["warnings"].as_array().unwrap();
    let ignored: Vec<(&str, &str)> = warnings
        .iter()
        .filter(|w| w["code"] == "column_ignored")
        .map(|w| (w["column"].as_str().unwrap(), w["text"].as_str().unwrap()))
        .collect();
    assert_eq!(ignored, [("E", "Примечание")], "{report}");
    let coverage = s.app.get(&format!("/api/v1/roadmaps/{}/coverage", report["roadmapId"].as_str().unwrap())).await;
    let coverage = coverage.expect(200);
    let one_one = coverage["parameters"].as_array().unwrap().iter().find(|p| p["code"] == "1.1").unwrap();
    assert_eq!(one_one["status"], "by_code", "{one_one}");
}
