//! The municipality dashboard: seed 004's 8 → 7 → 5 → 1, seed 001's audit and coverage gaps,
//! seed 000–002's figures, the same on both protocols and only for those who may see them.

use opora_tests::{
    SEED_001_AUDIT, SEED_001_ROADMAP, SEED_002_INDICATORS, SEED_004_LISTS, SEED_004_ROADMAP, TestApp, create_territory,
};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

struct Seeded {
    app: TestApp,
    kuban: String,
    seversky: String,
    tver: String,
}

async fn seeded() -> Seeded {
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
    Seeded { app, kuban, seversky, tver }
}

const QUERY: &str = "query($m: UUID!, $y: Int) { municipalityDashboard(municipalityId: $m, year: $y) {
    municipality { id name } year listed listedPreviousYear
    lists { years { year count } }
    audit { audit { id date } denominator { kind count } factors { code name organizations } parameters { code organizations } }
    coverage { roadmapId title notTargeted uncovered }
    execution { asOf roadmaps total { planned due held heldDue postponed cancelled overdue rate } unreportedPlans }
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
    // The prevalence is the audit matrix's own.
    let matrix = s.app.get(&format!("/api/v1/audits/{}/matrix", kuban["audit"]["audit"]["id"].as_str().unwrap())).await;
    assert_eq!(kuban["audit"]["factors"], matrix.expect(200)["factors"]);
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
