//! The municipality dashboard: seed 004's 8 → 7 → 5 → 1, seed 001's audit and coverage gaps,
//! seed 000–002's figures, the same on both protocols and only for those who may see them.

use opora_tests::{
    SEED_001_AUDIT, SEED_001_ROADMAP, SEED_002_INDICATORS, SEED_004_LISTS, SEED_004_ROADMAP, TestApp, create_territory,
};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

pub(crate) struct Seeded {
    pub(crate) app: TestApp,
    pub(crate) kuban: String,
    pub(crate) seversky: String,
    pub(crate) tver: String,
    /// Краснодарский край, of Калининский and Северский.
    pub(crate) krasnodar: String,
}

pub(crate) async fn seeded() -> Seeded {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let (kuban, seversky, tver) = (
        t.municipality("kalininsky-kuban").to_owned(),
        t.municipality("seversky").to_owned(),
        t.municipality("kalininsky-tver").to_owned(),
    );
    app.upload(&format!("/api/v1/imports/lists?municipalityId={seversky}"), TSV, SEED_004_LISTS.into())
        .await
        .expect(201);
    let path = format!("/api/v1/imports/roadmap?municipalityId={seversky}&periodFrom=2023&periodTo=2024");
    app.upload(&path, TSV, SEED_004_ROADMAP.into()).await.expect(201);
    let path = format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01");
    let audit = app.upload(&path, TSV, SEED_001_AUDIT.into()).await.expect(201);
    let path = format!(
        "/api/v1/imports/roadmap?municipalityId={kuban}&periodFrom=2023&periodTo=2024&auditId={}",
        audit["auditId"].as_str().unwrap()
    );
    app.upload(&path, TSV, SEED_001_ROADMAP.into()).await.expect(201);
    app.upload(&format!("/api/v1/imports/indicators?municipalityId={tver}"), TSV, SEED_002_INDICATORS.into())
        .await
        .expect(201);
    Seeded { krasnodar: t.regions["23"].clone(), app, kuban, seversky, tver }
}

const QUERY: &str = "query($m: UUID!, $y: Int) { municipalityDashboard(municipalityId: $m, year: $y) {
    municipality { id name } year listed listedPreviousYear
    lists { years { year count } }
    audit { audit { id date } denominator { kind count } factors { code name organizations } parameters { code organizations } }
    coverage { roadmapId title notTargeted uncovered }
    execution { asOf roadmaps total { planned due held heldDue postponed cancelled overdue notHeld noReport rate } unreportedPlans }
    indicators { indicator { code } latest { period value reported aggregated organizations } previous { period value } } } }";

/// The REST answer cut to the fields the GraphQL query asks for.
fn as_queried(rest: &Value) -> Value {
    let pick =
        |v: &Value, keys: &[&str]| Value::Object(keys.iter().map(|k| ((*k).to_owned(), v[*k].clone())).collect());
    let list = |v: &Value, keys: &[&str]| Value::Array(v.as_array().unwrap().iter().map(|i| pick(i, keys)).collect());
    json!({
        "municipality": pick(&rest["municipality"], &["id", "name"]),
        "year": rest["year"], "listed": rest["listed"], "listedPreviousYear": rest["listedPreviousYear"],
        "lists": { "years": list(&rest["lists"]["years"], &["year", "count"]) },
        "audit": if rest["audit"].is_null() { Value::Null } else { json!({
            "audit": pick(&rest["audit"]["audit"], &["id", "date"]),
            "denominator": rest["audit"]["denominator"],
            "factors": list(&rest["audit"]["factors"], &["code", "name", "organizations"]),
            "parameters": list(&rest["audit"]["parameters"], &["code", "organizations"]),
        }) },
        "coverage": rest["coverage"],
        "execution": rest["execution"],
        "indicators": Value::Array(rest["indicators"].as_array().unwrap().iter().map(|i| json!({
            "indicator": { "code": i["indicator"]["code"] },
            "latest": pick(&i["latest"], &["period", "value", "reported", "aggregated", "organizations"]),
            "previous": if i["previous"].is_null() { Value::Null } else { pick(&i["previous"], &["period", "value"]) },
        })).collect()),
    })
}

#[tokio::test]
async fn seversky_dashboard_shows_8_7_5_1_and_the_same_on_both_protocols() {
    let s = seeded().await;
    let rest = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2024", s.seversky)).await.expect(200);
    let years: Vec<(i64, i64)> = rest["lists"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].as_i64().unwrap(), y["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(years, [(2020, 8), (2022, 7), (2023, 5), (2024, 1)]);
    assert_eq!((rest["listed"].as_i64(), rest["listedPreviousYear"].as_i64()), (Some(1), Some(5)));
    assert!(rest["audit"].is_null(), "Северский район's audit is not in the seeds");
    assert_eq!(rest["execution"]["roadmaps"], 1, "seed 004's roadmap runs in 2024");
    let answer = s.app.graphql(QUERY, json!({ "m": s.seversky, "y": 2024 })).await;
    assert_eq!(answer["data"]["municipalityDashboard"], as_queried(&rest), "{answer}");
    // No decision in 2021: neither a count nor a zero.
    let gap = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2021", s.seversky)).await.expect(200);
    assert_eq!((gap["listed"].clone(), gap["listedPreviousYear"].as_i64()), (Value::Null, Some(8)));
}

#[tokio::test]
async fn kalininsky_dashboards_carry_the_audit_its_gaps_and_the_figures() {
    let s = seeded().await;
    let kuban = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2023", s.kuban)).await.expect(200);
    assert_eq!(kuban["audit"]["denominator"], json!({ "kind": "audited_schools", "count": 15 }));
    let gaps = &kuban["coverage"][0];
    assert_eq!((gaps["notTargeted"].clone(), gaps["uncovered"].clone()), (json!(["4.4", "5.4"]), json!([])));
    // The prevalence is the audit matrix's own, though the dashboard reads the present findings
    // only: the body the table names (МКУО ЦОКО) stays out of the denominator.
    let matrix = s.app.get(&format!("/api/v1/audits/{}/matrix", kuban["audit"]["audit"]["id"].as_str().unwrap())).await;
    let matrix = matrix.expect(200);
    assert_eq!(matrix["bodies"].as_array().map(Vec::len), Some(1), "{}", matrix["bodies"]);
    for part in ["factors", "parameters", "denominator"] {
        assert_eq!(kuban["audit"][part], matrix[part], "{part}");
    }
    let answer = s.app.graphql(QUERY, json!({ "m": s.kuban, "y": 2023 })).await;
    assert_eq!(answer["data"]["municipalityDashboard"], as_queried(&kuban), "{answer}");

    let tver = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2023", s.tver)).await.expect(200);
    let trained =
        tver["indicators"].as_array().unwrap().iter().find(|i| i["indicator"]["code"] == "pd_completed").unwrap();
    assert_eq!(
        (trained["latest"]["period"].as_str(), trained["latest"]["value"].as_f64()),
        (Some("2022/23"), Some(411.0))
    );
    assert_eq!(
        (trained["previous"]["period"].as_str(), trained["previous"]["value"].as_f64()),
        (Some("2019/20"), Some(48.0))
    );
    // 48 is five schools' sum, not the district's figure; 411 is the district's own.
    let registered = s.app.list_all(&format!("/api/v1/organizations?municipalityId={}", s.tver), 100).await;
    let kinds = ["secondary_school", "basic_school", "primary_school", "lyceum", "gymnasium", "evening_school"];
    let schools = registered.iter().filter(|o| kinds.contains(&o["kind"].as_str().unwrap())).count();
    assert!(schools > 5, "the fixture registers more schools than seed 002 reports on");
    let previous = &trained["previous"];
    assert_eq!(
        (&previous["organizations"], &previous["registered"], &previous["partial"]),
        (&json!(5), &json!(schools), &json!(true))
    );
    assert_eq!((&trained["latest"]["partial"], &trained["latest"]["reported"]), (&json!(false), &json!(411.0)));
    // A year's view never shows a later period as its latest: in 2021, 2022/23 has not begun.
    let early = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2021", s.tver)).await.expect(200);
    let trained =
        early["indicators"].as_array().unwrap().iter().find(|i| i["indicator"]["code"] == "pd_completed").unwrap();
    assert_eq!((trained["latest"]["period"].as_str(), trained["previous"].as_object()), (Some("2019/20"), None));
    let latest: Vec<&str> =
        early["indicators"].as_array().unwrap().iter().map(|i| i["latest"]["period"].as_str().unwrap()).collect();
    assert_eq!(latest, ["2019/20", "2019/20"], "pd_completed and retrained, as of 2021: {early}");
}

#[tokio::test]
async fn a_dashboard_answers_only_those_who_may_see_the_municipality() {
    let s = seeded().await;
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.seversky })).await;
    let stranger = s.app.as_caller(&token);
    stranger.get(&format!("/api/v1/municipalities/{}/dashboard", s.kuban)).await.expect(404);
    stranger.get(&format!("/api/v1/municipalities/{}/dashboard?year=2024", s.seversky)).await.expect(200);
    let answer = stranger.graphql(QUERY, json!({ "m": s.kuban, "y": 2023 })).await;
    assert!(answer["data"]["municipalityDashboard"].is_null(), "{answer}");
    s.app.anonymous().get(&format!("/api/v1/municipalities/{}/dashboard", s.kuban)).await.expect(401);
    s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=99999", s.kuban)).await.expect(422);
}

async fn id_of_named(app: &TestApp, municipality: &str, name: &str) -> String {
    let page = app.get(&format!("/api/v1/organizations?municipalityId={municipality}&limit=100")).await.expect(200);
    let found = page["items"].as_array().unwrap().iter().find(|o| o["name"] == name);
    found.unwrap_or_else(|| panic!("no {name}"))["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_school_card_gathers_what_every_capability_knows_of_the_school() {
    let s = seeded().await;
    // Seed 001: СОШ № 6 has 4.4 among its findings, and every measure of the municipal roadmap
    // reaches it.
    let sosh6 = id_of_named(&s.app, &s.kuban, "СОШ № 6").await;
    let card = s.app.get(&format!("/api/v1/organizations/{sosh6}/card")).await.expect(200);
    let present: Vec<&str> = card["riskProfile"]["factors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["present"].as_array().unwrap())
        .map(|code| code.as_str().unwrap())
        .collect();
    assert!(present.contains(&"4.4"), "{present:?}");
    let profile = s
        .app
        .get(&format!(
            "/api/v1/audits/{}/organizations/{sosh6}/risk-profile",
            card["riskProfile"]["audit"]["id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(card["riskProfile"], profile, "the card's profile is the risk-profile endpoint's");
    assert!(card["changesSincePreviousAudit"].is_null(), "one audit only");
    assert_eq!(card["measures"].as_array().unwrap().len(), 44);
    assert!(card["execution"]["planned"].as_i64().unwrap() > 0);
    // A year later only СОШ № 7 shows 4.4: at СОШ № 6 it was resolved.
    let later = "4\tМотивация педагогов\tНежелание учителей участвовать в различных формах профессионального развития\t4.4\tСОШ № 7\n";
    let path = format!("/api/v1/imports/audit?municipalityId={}&date=2024-03-01", s.kuban);
    let second = s.app.upload(&path, TSV, later.into()).await.expect(201);
    let card = s.app.get(&format!("/api/v1/organizations/{sosh6}/card")).await.expect(200);
    assert_eq!(card["riskProfile"]["audit"]["id"], second["auditId"]);
    let changes = &card["changesSincePreviousAudit"];
    assert!(changes["resolved"].as_array().unwrap().contains(&json!("4.4")), "{changes}");
    assert_eq!(changes["appeared"], json!([]));

    // Seed 004: ООШ № 8's years in the list; seed 002: Бурашевская's courses; seed 003's
    // recommendations reach the schools the campaign monitored.
    let oosh8 = id_of_named(&s.app, &s.seversky, "МБОУ ООШ № 8").await;
    let card = s.app.get(&format!("/api/v1/organizations/{oosh8}/card")).await.expect(200);
    let years: Vec<i64> = card["listHistory"].as_array().unwrap().iter().map(|d| d["year"].as_i64().unwrap()).collect();
    let history = s.app.get(&format!("/api/v1/organizations/{oosh8}/list-history")).await.expect(200);
    let expected: Vec<i64> = history.as_array().unwrap().iter().map(|d| d["year"].as_i64().unwrap()).collect();
    assert_eq!(years, expected);
    assert!(!years.is_empty());
    let burashevskaya = id_of_named(&s.app, &s.tver, "Бурашевская СОШ").await;
    let card = s.app.get(&format!("/api/v1/organizations/{burashevskaya}/card")).await.expect(200);
    let value = |code: &str| {
        card["indicators"].as_array().unwrap().iter().find(|s| s["indicator"]["code"] == code).unwrap()["points"][0]["value"]
            .as_f64()
    };
    assert_eq!((value("pd_completed"), value("retrained")), (Some(10.0), Some(5.0)));

    let query = "query($o: UUID!) { schoolCard(organizationId: $o) { organization { id name } measures { number }
        indicators { indicator { code } points { period value } } execution { planned due held } } }";
    let answer = s.app.graphql(query, json!({ "o": burashevskaya })).await;
    let data = &answer["data"]["schoolCard"];
    assert_eq!(data["organization"]["id"], card["organization"]["id"], "{answer}");
    assert_eq!(data["indicators"][0]["points"][0]["value"], card["indicators"][0]["points"][0]["value"]);

    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.seversky })).await;
    let stranger = s.app.as_caller(&token);
    stranger.get(&format!("/api/v1/organizations/{burashevskaya}/card")).await.expect(404);
    let hidden = stranger.graphql(query, json!({ "o": burashevskaya })).await;
    assert!(hidden["data"]["schoolCard"].is_null(), "{hidden}");
}

#[tokio::test]
async fn a_card_lists_the_recommendations_addressed_to_the_school() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    app.post("/api/v1/monitoring-campaigns", &opora_tests::seed_003_campaign(&t)).await.expect(201);
    let monitored = t.organization("khotynetsky", "МБОУ «Юрьевская СОШ»");
    let card = app.get(&format!("/api/v1/organizations/{monitored}/card")).await.expect(200);
    let numbers: Vec<&str> =
        card["recommendations"].as_array().unwrap().iter().map(|r| r["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"]);
    let body = t.organization("khotynetsky", "Отдел образования Хотынецкого района");
    let card = app.get(&format!("/api/v1/organizations/{body}/card")).await.expect(200);
    assert_eq!(card["recommendations"], json!([]), "the campaign did not monitor the authority itself");
}

#[tokio::test]
async fn effectiveness_counts_what_was_resolved_beside_what_was_aimed_at_it() {
    let s = seeded().await;
    let lists = format!("/api/v1/imports/lists?municipalityId={}", s.kuban);
    let table = "Год\tОО\n2023\tСОШ № 6\n2023\tСОШ № 7\n2024\tСОШ № 7\n";
    s.app.upload(&lists, TSV, table.into()).await.expect(201);
    // A year later only СОШ № 7 still shows 4.4, and nothing else is found anywhere.
    let later = "4\tМотивация педагогов\tНежелание учителей участвовать в различных формах профессионального развития\t4.4\tСОШ № 7\n";
    let path = format!("/api/v1/imports/audit?municipalityId={}&date=2024-03-01", s.kuban);
    s.app.upload(&path, TSV, later.into()).await.expect(201);

    let effect = s.app.get(&format!("/api/v1/municipalities/{}/effectiveness?year=2024", s.kuban)).await.expect(200);
    let earlier = s.app.get(&format!("/api/v1/audits/{}/matrix", effect["previousAuditId"].as_str().unwrap())).await;
    let earlier = earlier.expect(200);
    let had = |code: &str| {
        earlier["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["present"].as_array().unwrap().contains(&json!(code)))
            .count()
    };
    let parameter =
        |code: &str| effect["parameters"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap().clone();
    // 4.4 is aimed at by no measure's code, only by «все выявленные параметры» (measures 1–3).
    let p44 = parameter("4.4");
    assert_eq!(p44["targetedByCode"], json!({ "had": 0, "resolved": 0 }));
    let n = i64::try_from(had("4.4")).unwrap();
    assert_eq!(p44["onlyAllFound"], json!({ "had": n, "resolved": n - 1 }), "all but СОШ № 7 resolved it");
    // 1.1 is measure 4's code, and every school resolved it.
    let n = i64::try_from(had("1.1")).unwrap();
    assert!(n > 0);
    assert_eq!(parameter("1.1")["targetedByCode"], json!({ "had": n, "resolved": n }));

    let leavers = effect["leavers"].as_array().unwrap();
    assert_eq!(leavers.len(), 1, "{leavers:?}");
    assert_eq!(leavers[0]["organization"]["name"], "СОШ № 6");
    let sosh6 = earlier["rows"].as_array().unwrap().iter().find(|r| r["name"] == "СОШ № 6").unwrap();
    assert_eq!(leavers[0]["resolved"], sosh6["present"], "everything it had is gone");
    for n in ["1", "2", "3"] {
        assert!(leavers[0]["measures"].as_array().unwrap().contains(&json!(n)), "measure {n}: {}", leavers[0]);
    }
    assert!(effect["caveat"].as_str().unwrap().contains("not that a measure caused it"));
    let query = "query($m: UUID!) { effectiveness(municipalityId: $m, year: 2024) { leavers { organization { id name } resolved measures } } }";
    let answer = s.app.graphql(query, json!({ "m": s.kuban })).await;
    assert_eq!(answer["data"]["effectiveness"]["leavers"], effect["leavers"], "{answer}");
    // One audit only: nothing to compare.
    let single = s.app.get(&format!("/api/v1/municipalities/{}/effectiveness?year=2023", s.kuban)).await.expect(200);
    assert_eq!((single["auditId"].clone(), single["parameters"].clone()), (Value::Null, json!([])));
}

#[tokio::test]
async fn an_unchanged_dashboard_is_answered_304_and_a_write_in_its_region_changes_it() {
    let s = seeded().await;
    let path = format!("/api/v1/municipalities/{}/dashboard?year=2025", s.seversky);
    let first = s.app.get(&path).await;
    let etag = first.headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(first.headers["cache-control"], "private, no-cache");
    let first = first.expect(200);
    let again = s.app.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!((again.status.as_u16(), again.text.as_str()), (304, ""), "unchanged data: no body");
    // A compressing proxy hands the tag back weak; If-None-Match compares weakly (RFC 9110).
    let weak = format!("\"other\", W/{etag}");
    assert_eq!(s.app.get_with(&path, &[("if-none-match", &weak)]).await.status.as_u16(), 304);
    let stranger = format!("W/\"{}\"", "0".repeat(32));
    assert_eq!(s.app.get_with(&path, &[("if-none-match", &stranger)]).await.status.as_u16(), 200);
    assert_eq!(s.app.get(&path).await.expect(200), first, "a repeated read answers the same");
    // Hostile validators are read as no match, never as an error.
    let long = format!("\"{}\", {etag}x", "f".repeat(16_000));
    let odd = [("if-none-match", long.as_str()), ("cache-control", "max-age=-1, no-transform, без-кэша")];
    assert_eq!(s.app.get_with(&path, &odd).await.expect(200), first);
    let hard = s.app.get_with(&path, &[("cache-control", "no-cache")]).await;
    assert_eq!(hard.headers["etag"].to_str().unwrap(), etag, "a hard refresh computes the same answer");
    assert_eq!(hard.expect(200), first);
    // What the admin's read left in memory is no one else's: access is checked first.
    let (_, kuban) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&kuban).get_with(&path, &[("if-none-match", &etag)]).await.expect(404);
    // Seed 004's lists carried to 2025 for Северский: the dashboard changes at once.
    assert_eq!((first["listed"].clone(), first["listedPreviousYear"].clone()), (Value::Null, json!(1)));
    let table =
        "Год\tОО\tУровень\tСписок\n2025\tМБОУ СОШ № 7\tмуниципальный\tШНОР\n2025\tМБОУ ООШ № 8\tмуниципальный\tШНОР\n";
    s.app.upload(&format!("/api/v1/imports/lists?municipalityId={}", s.seversky), TSV, table.into()).await.expect(201);
    let after = s.app.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(after.status.as_u16(), 200, "the region's data changed");
    assert_ne!(after.headers["etag"].to_str().unwrap(), etag);
    assert_eq!((after.body["listed"].clone(), after.body["listedPreviousYear"].clone()), (json!(2), json!(1)));
    let answer = s.app.graphql(QUERY, json!({ "m": s.seversky, "y": 2025 })).await;
    assert_eq!(answer["data"]["municipalityDashboard"], as_queried(&after.body), "{answer}");
}

/// A school's card carries its long lists a page at a time, with how many there are in all:
/// seed 001's roadmap reaches СОШ № 14 with every measure that names no narrower audience.
#[tokio::test]
async fn a_school_card_pages_its_measures_and_says_how_many_there_are() {
    let s = seeded().await;
    let schools = s.app.list_all(&format!("/api/v1/organizations?municipalityId={}", s.kuban), 100).await;
    let school = schools.iter().find(|o| o["name"] == "СОШ № 14").unwrap()["id"].as_str().unwrap().to_owned();
    let whole = s.app.get(&format!("/api/v1/organizations/{school}/card?limit=500")).await.expect(200);
    let count = whole["measureCount"].as_u64().unwrap();
    assert!(count > 10, "{count}");
    assert_eq!(whole["measures"].as_array().unwrap().len() as u64, count);
    let mut paged = Vec::new();
    for offset in (0..count + 10).step_by(10) {
        let page =
            s.app.get(&format!("/api/v1/organizations/{school}/card?limit=10&offset={offset}")).await.expect(200);
        assert_eq!(page["measureCount"].as_u64(), Some(count));
        paged.extend(page["measures"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(&paged, whole["measures"].as_array().unwrap(), "the pages add up to the whole list");
    for bad in ["limit=0", "limit=501", "offset=-1"] {
        let answer = s.app.get(&format!("/api/v1/organizations/{school}/card?{bad}")).await.expect(422);
        assert_eq!(answer["errors"][0]["field"], bad.split('=').next().unwrap(), "{answer}");
    }
    let query = "query($o: UUID!) { schoolCard(organizationId: $o) { measureCount measures(first: 10, offset: 10) { number } } }";
    let answer = s.app.graphql(query, json!({ "o": school })).await;
    assert_eq!(
        answer["data"]["schoolCard"]["measures"],
        json!(
            whole["measures"].as_array().unwrap()[10..20]
                .iter()
                .map(|m| json!({ "number": m["number"] }))
                .collect::<Vec<_>>()
        ),
        "{answer}"
    );
}
