//! Entry audits: seed 001's table imported as written, and the views people count by hand.

use std::collections::HashMap;

use opora_tests::{SEED_001_AUDIT, TestApp, create_territory};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

fn import_path(municipality: &str, date: &str) -> String {
    format!("/api/v1/imports/audit?municipalityId={municipality}&date={date}")
}

/// The number of organizations per parameter, counted by hand from the seed 001 table.
const HAND_COUNT: [(&str, i64); 24] = [
    ("1.1", 5),
    ("1.2", 7),
    ("1.3", 2),
    ("1.4", 3),
    ("2.1", 5),
    ("2.2", 5),
    ("2.3", 4),
    ("2.4", 6),
    ("3.1", 14),
    ("3.2", 14),
    ("3.3", 14),
    ("4.1", 3),
    ("4.2", 4),
    ("4.3", 3),
    ("4.4", 5),
    ("5.1", 5),
    ("5.2", 5),
    ("5.3", 2),
    ("5.4", 3),
    ("6.1", 4),
    ("6.2", 3),
    ("6.3", 4),
    ("7.1", 0),
    // Named in the table for МКУО ЦОКО, a body, not one of the audited schools.
    ("7.2", 0),
];

fn row_of<'a>(matrix: &'a Value, name: &str) -> &'a Value {
    matrix["rows"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("no row {name}"))
}

#[tokio::test]
async fn seed_001_imports_as_written_and_matches_the_hand_count() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let report =
        app.upload(&import_path(kuban, "2023-03-01"), TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    assert_eq!(report["status"], "imported");
    assert_eq!((report["factors"].as_i64(), report["parameters"].as_i64()), (Some(7), Some(24)));
    let renumbered: Vec<&Value> =
        report["warnings"].as_array().unwrap().iter().filter(|w| w["code"] == "factor_renumbered").collect();
    assert_eq!(renumbered.len(), 1, "one warning for the factor printed as «5»");
    assert_eq!((renumbered[0]["row"].as_i64(), renumbered[0]["column"].as_str()), (Some(28), Some("A")));
    // «СОШ № 11» in the table is the registry's ООШ № 11: read, and said.
    assert!(report["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "school_type_differs"));

    let audit = report["auditId"].as_str().unwrap();
    let matrix = app.get(&format!("/api/v1/audits/{audit}/matrix")).await.expect(200);
    let counts: HashMap<String, i64> = matrix["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["code"].as_str().unwrap().to_owned(), p["organizations"].as_i64().unwrap()))
        .collect();
    for (code, expected) in HAND_COUNT {
        assert_eq!(counts[code], expected, "parameter {code}");
    }
    // 7.2 is found only at МКУО ЦОКО: present in the district, at no school (one rule for bodies).
    assert_eq!(matrix["parametersWithoutOrganizations"], json!(["7.1"]));
    let seven_two = matrix["parameters"].as_array().unwrap().iter().find(|p| p["code"] == "7.2").unwrap();
    assert_eq!((&seven_two["organizations"], &seven_two["bodies"]), (&json!(0), &json!(1)));
    let one_one = matrix["parameters"].as_array().unwrap().iter().find(|p| p["code"] == "1.1").unwrap();
    assert_eq!(one_one["bodies"], 0, "a school's finding is not a body's");
    // The audit's population: the district's 15 schools (14 numbered and РВСОШ).
    assert_eq!(matrix["denominator"], json!({ "kind": "audited_schools", "count": 15 }));
    assert_eq!(matrix["rows"].as_array().unwrap().len(), 15);
    let bodies = matrix["bodies"].as_array().unwrap();
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert_eq!((bodies[0]["name"].as_str(), &bodies[0]["present"]), (Some("МКУО ЦОКО"), &json!(["7.2"])));
    let cell = bodies[0]["evidence"][0]["text"].as_str().unwrap();
    assert!(cell.contains("ЦОКО"), "the finding keeps its cell: {cell}");
    // Every finding keeps the cell it came from; «СОШ № 11» says how it was read.
    for row in matrix["rows"].as_array().unwrap() {
        let (present, evidence) = (row["present"].as_array().unwrap(), row["evidence"].as_array().unwrap());
        assert_eq!(present.len(), evidence.len(), "{row}");
        assert!(evidence.iter().all(|e| e["text"].as_str().is_some_and(|t| t.starts_with('«')) && e["row"].is_i64()));
    }
    let eleven = row_of(&matrix, "ООШ № 11");
    let readings: Vec<&str> =
        eleven["evidence"].as_array().unwrap().iter().filter_map(|e| e["text"].as_str()).collect();
    assert!(readings.iter().any(|t| t.contains("ООШ")), "{readings:?}");
    let numbered: Vec<&Value> = matrix["rows"].as_array().unwrap().iter().filter(|r| r["number"].is_i64()).collect();
    assert_eq!(numbered.len(), 14);
    assert!(numbered.iter().all(|r| r["present"].as_array().unwrap().contains(&json!("3.1"))), "3.1 in all 14");
    let with_11: Vec<i64> = numbered
        .iter()
        .filter(|r| r["present"].as_array().unwrap().contains(&json!("1.1")))
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    let mut with_11 = with_11;
    with_11.sort_unstable();
    assert_eq!(with_11, [2, 9, 10, 11, 14]);
    let factor_counts: Vec<i64> =
        matrix["factors"].as_array().unwrap().iter().map(|f| f["organizations"].as_i64().unwrap()).collect();
    assert_eq!(factor_counts, [10, 11, 14, 8, 10, 9, 0], "schools with any parameter of each factor");
}

#[tokio::test]
async fn the_risk_profile_of_school_14_is_the_same_over_rest_and_graphql() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let report =
        app.upload(&import_path(kuban, "2023-03-01"), TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    let audit = report["auditId"].as_str().unwrap();
    let school = t.organization("kalininsky-kuban", "СОШ № 14");
    let profile = app.get(&format!("/api/v1/audits/{audit}/organizations/{school}/risk-profile")).await.expect(200);
    assert_eq!(profile["presentCount"], 15);
    let by_factor: Vec<(i64, Vec<&str>, i64)> = profile["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let present = f["present"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            (f["code"].as_i64().unwrap(), present, f["total"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(
        by_factor,
        [
            (1, vec!["1.1", "1.2", "1.4"], 4),
            (2, vec!["2.1", "2.2", "2.3"], 4),
            (3, vec!["3.1", "3.2", "3.3"], 3),
            (4, vec!["4.3", "4.4"], 4),
            (5, vec!["5.1", "5.4"], 4),
            (6, vec!["6.1", "6.3"], 3),
        ]
    );
    assert_eq!(profile["factors"][0]["share"], 0.75);

    let query = "query($a: UUID!, $o: UUID!) { riskProfile(auditId: $a, organizationId: $o) { presentCount factors { code present presentCount total share } } auditMatrix(auditId: $a) { parameters { code organizations } parametersWithoutOrganizations } }";
    let response = app.graphql(query, json!({ "a": audit, "o": school })).await;
    assert!(response.get("errors").is_none(), "{response}");
    let gql = &response["data"]["riskProfile"];
    assert_eq!(gql["presentCount"], profile["presentCount"]);
    for (rest, gql) in profile["factors"].as_array().unwrap().iter().zip(gql["factors"].as_array().unwrap()) {
        for field in ["code", "present", "presentCount", "total", "share"] {
            assert_eq!(rest[field], gql[field], "{field}");
        }
    }
    let matrix = app.get(&format!("/api/v1/audits/{audit}/matrix")).await.expect(200);
    let rest_counts: Vec<(&Value, &Value)> =
        matrix["parameters"].as_array().unwrap().iter().map(|p| (&p["code"], &p["organizations"])).collect();
    let gql_counts: Vec<(&Value, &Value)> = response["data"]["auditMatrix"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (&p["code"], &p["organizations"]))
        .collect();
    assert_eq!(rest_counts, gql_counts);
}

#[tokio::test]
async fn importing_the_same_table_again_creates_nothing() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let first =
        app.upload(&import_path(kuban, "2023-03-01"), TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    let events = app.list_all("/api/v1/audit-events", 500).await.len();
    let again =
        app.upload(&import_path(kuban, "2023-03-01"), TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(200);
    assert_eq!(again["status"], "already_imported");
    assert_eq!(again["auditId"], first["auditId"]);
    assert_eq!(again["catalogueId"], first["catalogueId"]);
    assert_eq!(app.list_all("/api/v1/audits", 50).await.len(), 1);
    assert_eq!(app.list_all("/api/v1/catalogues", 50).await.len(), 1);
    assert_eq!(app.list_all("/api/v1/audit-events", 500).await.len(), events);

    // A later audit against the same catalogue reuses it, and the diff shows what changed.
    let later = SEED_001_AUDIT
        .replace("СОШ №2, 9, 10, 14, ООШ №11", "СОШ №2, 9, 10, ООШ №11")
        .replace("\t7.1\t", "\t7.1\tСОШ № 14");
    let second = app.upload(&import_path(kuban, "2024-03-01"), TSV, later.into_bytes()).await.expect(201);
    assert_eq!(second["catalogueCreated"], false);
    let diff = app
        .get(&format!(
            "/api/v1/audits/{}/diff?since={}",
            second["auditId"].as_str().unwrap(),
            first["auditId"].as_str().unwrap()
        ))
        .await
        .expect(200);
    let school = t.organization("kalininsky-kuban", "СОШ № 14");
    let change = diff.as_array().unwrap().iter().find(|d| d["organizationId"] == json!(school)).unwrap();
    assert_eq!((&change["appeared"], &change["resolved"]), (&json!(["7.1"]), &json!(["1.1"])));
    let query =
        "query($a: UUID!, $s: UUID!) { auditDiff(auditId: $a, since: $s) { organizationId appeared resolved } }";
    let response = app.graphql(query, json!({ "a": second["auditId"], "s": first["auditId"] })).await;
    assert_eq!(response["data"]["auditDiff"], diff, "the same diff over GraphQL");
}

#[tokio::test]
async fn one_unknown_school_rejects_the_whole_table_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let bad = SEED_001_AUDIT.replace("СОШ№6, 9, 12", "СОШ№6, 9, 99");
    let before = (app.list_all("/api/v1/audits", 50).await.len(), app.list_all("/api/v1/catalogues", 50).await.len());
    let events = app.list_all("/api/v1/audit-events", 500).await.len();
    let problem = app.upload(&import_path(kuban, "2023-03-01"), TSV, bad.into_bytes()).await;
    assert_eq!(problem.content_type(), "application/problem+json");
    let problem = problem.expect(422);
    assert_eq!(problem["code"], "import_rejected");
    assert_eq!(problem["issues"].as_array().unwrap().len(), 1);
    let issue = &problem["issues"][0];
    assert_eq!(
        (issue["row"].as_i64(), issue["column"].as_str(), issue["text"].as_str()),
        (Some(26), Some("E"), Some("99"))
    );
    assert_eq!(issue["code"], "unknown_school");
    assert!(issue["message"].as_str().unwrap().contains("СОШ № 99"));
    let after = (app.list_all("/api/v1/audits", 50).await.len(), app.list_all("/api/v1/catalogues", 50).await.len());
    assert_eq!(before, after, "the database is unchanged");
    assert_eq!(app.list_all("/api/v1/audit-events", 500).await.len(), events);
}

#[tokio::test]
async fn a_dry_run_reports_without_writing() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let path = format!("{}&dryRun=true", import_path(t.municipality("kalininsky-kuban"), "2023-03-01"));
    let report = app.upload(&path, TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(200);
    assert_eq!(report["status"], "checked");
    assert_eq!(report["parameters"], 24);
    assert!(app.list_all("/api/v1/audits", 50).await.is_empty());
}

#[tokio::test]
async fn windows_1251_is_read_when_declared_and_refused_when_not() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let (cp1251, _, unmappable) = encoding_rs::WINDOWS_1251.encode(SEED_001_AUDIT);
    assert!(!unmappable);
    let cp1251 = cp1251.into_owned();
    let problem = app.upload(&import_path(kuban, "2023-03-01"), TSV, cp1251.clone()).await.expect(422);
    assert!(problem["detail"].as_str().unwrap().contains("windows-1251"), "{problem}");
    let report = app
        .upload(&import_path(kuban, "2023-03-01"), &format!("{TSV}; charset=windows-1251"), cp1251)
        .await
        .expect(201);
    assert_eq!(report["parameters"], 24);
}

#[tokio::test]
async fn files_that_are_not_tables_are_refused() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let path = import_path(t.municipality("kalininsky-kuban"), "2023-03-01");
    assert_eq!(
        app.upload(&path, "application/json", b"{}".to_vec()).await.expect(415)["code"],
        "unsupported_media_type"
    );
    let problem = app
        .upload(&path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK not a zip".to_vec())
        .await;
    assert_eq!(problem.expect(422)["code"], "import_rejected");
}

#[tokio::test]
async fn reference_catalogues_are_imported_as_data_with_every_error_named() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let federal: Value =
        serde_json::from_str(include_str!("../../crates/server/data/catalogues/federal-risk-profiles.json")).unwrap();
    let created = app.post("/api/v1/catalogues", &federal).await.expect(201);
    assert_eq!(created["ownerLevel"], "federal");
    assert_eq!(created["parameters"][0]["name"], "Высокая доля обучающихся с рисками учебной неуспешности");

    let mut municipal: Value =
        serde_json::from_str(include_str!("../../crates/server/data/catalogues/kalininsky-kuban-2023.json")).unwrap();
    municipal["owner"]["id"] = json!(t.municipality("kalininsky-kuban"));
    let created = app.post("/api/v1/catalogues", &municipal).await.expect(201);
    assert_eq!(
        (created["factors"].as_array().unwrap().len(), created["parameters"].as_array().unwrap().len()),
        (7, 24)
    );
    // The table of the same audit then matches this catalogue instead of creating another.
    let path = import_path(t.municipality("kalininsky-kuban"), "2023-03-01");
    let report = app.upload(&path, TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    assert_eq!(report["catalogueCreated"], false);
    assert_eq!(report["catalogueId"], created["id"]);

    let (_, regional) = app.sign_in_as("regional", json!({ "level": "region", "id": t.regions["23"] })).await;
    assert_eq!(app.as_caller(&regional).post("/api/v1/catalogues", &federal).await.expect(403)["code"], "forbidden");

    let mut broken = federal.clone();
    broken["parameters"] = json!([{ "code": "2.1", "name": "" }, { "code": "x", "name": "y" }]);
    let problem = app.post("/api/v1/catalogues", &broken).await.expect(422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["parameters[0].code", "parameters[0].name", "parameters[1].code"]);
}

#[tokio::test]
async fn region_prevalence_counts_each_municipality_by_its_latest_audit() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    app.upload(&import_path(kuban, "2022-03-01"), TSV, SEED_001_AUDIT.replace("СОШ № 1-14", "СОШ № 1-5").into_bytes())
        .await
        .expect(201);
    let latest =
        app.upload(&import_path(kuban, "2023-03-01"), TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    let catalogue = latest["catalogueId"].as_str().unwrap();
    let view =
        app.get(&format!("/api/v1/regions/{}/prevalence?catalogueId={catalogue}", t.regions["23"])).await.expect(200);
    let rows = view["municipalities"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "only Калининский район has audits against this catalogue");
    assert_eq!(rows[0]["auditId"], latest["auditId"], "the latest audit counts");
    assert_eq!(rows[0]["organizations"], 15, "the audited schools, МКУО ЦОКО not among them");
    assert_eq!(rows[0]["denominator"]["kind"], "audited_schools");
    let counts: HashMap<&str, i64> = rows[0]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["code"].as_str().unwrap(), p["organizations"].as_i64().unwrap()))
        .collect();
    for (code, expected) in HAND_COUNT {
        assert_eq!(counts[code], expected, "parameter {code}");
    }
    let (_, seversky) =
        app.sign_in_as("municipal", json!({ "level": "municipality", "id": t.municipality("seversky") })).await;
    let hidden = app
        .as_caller(&seversky)
        .get(&format!("/api/v1/regions/{}/prevalence?catalogueId={catalogue}", t.regions["23"]))
        .await;
    assert_eq!(hidden.expect(404)["code"], "not_found", "another municipality's catalogue is not visible");
}

#[tokio::test]
async fn a_crosswalk_maps_municipal_parameters_onto_the_federal_risk_profiles() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let federal: Value =
        serde_json::from_str(include_str!("../../crates/server/data/catalogues/federal-risk-profiles.json")).unwrap();
    let federal = app.post("/api/v1/catalogues", &federal).await.expect(201);
    let report = app
        .upload(&import_path(t.municipality("kalininsky-kuban"), "2023-03-01"), TSV, SEED_001_AUDIT.as_bytes().to_vec())
        .await
        .expect(201);
    let municipal = report["catalogueId"].as_str().unwrap();
    let path = format!("/api/v1/catalogues/{municipal}/crosswalk");
    // Factor 3 of seed 001 is the federal profile of the same name.
    let body = json!({ "targetCatalogueId": federal["id"], "entries": [
        { "from": "3.1", "to": "1.1" }, { "from": "3.2.", "to": "1.1" }, { "from": "3.3", "to": "1.1" },
    ] });
    let saved = app.request(reqwest::Method::PUT, &path, Some(&body)).await.expect(200);
    assert_eq!(saved["entries"].as_array().unwrap().len(), 3);
    let read = app.get(&format!("{path}?targetCatalogueId={}", federal["id"].as_str().unwrap())).await.expect(200);
    assert_eq!(read["entries"], saved["entries"]);

    let bad = json!({ "targetCatalogueId": federal["id"], "entries": [{ "from": "9.9", "to": "1.1" }, { "from": "3.1", "to": "x" }] });
    let problem = app.request(reqwest::Method::PUT, &path, Some(&bad)).await.expect(422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["entries[0].from", "entries[1].to"]);
    let unchanged = app.get(&format!("{path}?targetCatalogueId={}", federal["id"].as_str().unwrap())).await.expect(200);
    assert_eq!(unchanged["entries"], saved["entries"], "a rejected crosswalk changes nothing");

    // The region's prevalence on the federal catalogue now counts Калининский through it: a
    // school counts for 1.1 when any of 3.1, 3.2, 3.3 is present there, once.
    let region = t.regions["23"].as_str();
    let view = app
        .get(&format!("/api/v1/regions/{region}/prevalence?catalogueId={}", federal["id"].as_str().unwrap()))
        .await
        .expect(200);
    let rows = view["municipalities"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{view}");
    assert_eq!(
        (rows[0]["auditId"].clone(), rows[0]["catalogueId"].as_str()),
        (report["auditId"].clone(), Some(municipal))
    );
    assert_eq!((rows[0]["crosswalked"].clone(), rows[0]["organizations"].clone()), (json!(true), json!(15)));
    let matrix = app.get(&format!("/api/v1/audits/{}/matrix", report["auditId"].as_str().unwrap())).await.expect(200);
    let mapped = ["3.1", "3.2", "3.3"].map(|c| json!(c));
    let expected = matrix["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["present"].as_array().unwrap().iter().any(|c| mapped.contains(c)))
        .count();
    let count = |code: &str| {
        rows[0]["parameters"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap()["organizations"].as_u64()
    };
    assert_eq!(count("1.1"), Some(expected as u64));
    assert!(expected >= 14, "each of the three alone shows at 14 schools: {expected}");
    assert_eq!(count("1.2"), Some(0), "a federal parameter nothing maps onto");
    // The municipal catalogue's own prevalence is unchanged by the crosswalk.
    let own = app.get(&format!("/api/v1/regions/{region}/prevalence?catalogueId={municipal}")).await.expect(200);
    assert_eq!(own["municipalities"][0]["crosswalked"], false);
}

#[tokio::test]
async fn public_read_shows_prevalence_but_never_a_schools_findings() {
    let app =
        TestApp::spawn_with(opora_server::RawSettings { public_read: Some("true".into()), ..Default::default() }).await;
    let t = create_territory(&app).await;
    let report = app
        .upload(&import_path(t.municipality("kalininsky-kuban"), "2023-03-01"), TSV, SEED_001_AUDIT.as_bytes().to_vec())
        .await
        .expect(201);
    let (audit, catalogue) = (report["auditId"].as_str().unwrap(), report["catalogueId"].as_str().unwrap());
    let public = app.anonymous();
    public.get(&format!("/api/v1/regions/{}/prevalence?catalogueId={catalogue}", t.regions["23"])).await.expect(200);
    public.get(&format!("/api/v1/audits/{audit}/matrix")).await.expect(401);
    let school = t.organization("kalininsky-kuban", "СОШ № 14");
    public.get(&format!("/api/v1/audits/{audit}/organizations/{school}/risk-profile")).await.expect(401);
    public.get("/api/v1/audits").await.expect(401);
}

#[tokio::test]
async fn an_audit_and_its_catalogue_carry_the_approving_document_given_with_the_import() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let path = format!(
        "{}&sourceIssuer=%D0%9C%D0%9A%D0%A3%D0%9E%20%D0%A6%D0%9E%D0%9A%D0%9E&sourceNumber=4&sourceDate=2023-03-01",
        import_path(kuban, "2023-03-01")
    );
    let report = app.upload(&path, TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    let audit = app.get(&format!("/api/v1/audits/{}", report["auditId"].as_str().unwrap())).await.expect(200);
    assert_eq!(audit["source"], json!({ "issuer": "МКУО ЦОКО", "number": "4", "date": "2023-03-01", "title": null }));
    let catalogue =
        app.get(&format!("/api/v1/catalogues/{}", report["catalogueId"].as_str().unwrap())).await.expect(200);
    assert_eq!(catalogue["source"]["number"], "4", "the catalogue the import created cites it too");
    // Without a document, none is invented.
    let plain =
        app.upload(&import_path(kuban, "2023-04-01"), TSV, SEED_001_AUDIT.as_bytes().to_vec()).await.expect(201);
    let plain = app.get(&format!("/api/v1/audits/{}", plain["auditId"].as_str().unwrap())).await.expect(200);
    assert!(plain["source"].is_null(), "{plain}");
}
