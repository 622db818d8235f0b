//! The region overview of Краснодарский край: seed 001's Калининский район with its audit and
//! context figures beside seed 004's Северский район with its lists and roadmap — the same
//! figures the municipalities' own dashboards give, on both protocols, for those who may see
//! them.

use opora_tests::{SEED_001_INDICATORS, TestApp};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

struct Seeded {
    app: TestApp,
    region: String,
    kuban: String,
    seversky: String,
}

/// The dashboards' seeds, with seed 001's context figures for Калининский.
async fn seeded() -> Seeded {
    let s = crate::dashboards::seeded().await;
    s.app
        .upload(&format!("/api/v1/imports/indicators?municipalityId={}", s.kuban), TSV, SEED_001_INDICATORS.into())
        .await
        .expect(201);
    Seeded { app: s.app, region: s.krasnodar, kuban: s.kuban, seversky: s.seversky }
}

fn row<'a>(overview: &'a Value, id: &str) -> &'a Value {
    overview["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id}: {overview}"))
}

fn shnor(row: &Value) -> (Value, Value) {
    let list = row["lists"].as_array().unwrap().iter().find(|l| l["kind"] == "shnor").unwrap();
    (list["count"].clone(), list["previousYear"].clone())
}

#[tokio::test]
async fn the_region_overview_sets_seed_001_beside_seed_004_with_their_dashboards_figures() {
    let s = seeded().await;
    let overview = s.app.get(&format!("/api/v1/regions/{}/overview?year=2024", s.region)).await.expect(200);
    assert_eq!(overview["region"]["name"], "Краснодарский край");
    let names: Vec<&str> =
        overview["municipalities"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Калининский район", "Северский район"], "the region's municipalities, by name");

    // Северский: seed 004's 5 → 1, its sixteen schools, Table 1's eleven occurrences of 2024.
    let seversky = row(&overview, &s.seversky);
    assert_eq!(shnor(seversky), (json!(1), json!(5)));
    assert_eq!(seversky["schools"], 16);
    assert_eq!((seversky["roadmaps"].clone(), seversky["execution"]["due"].clone()), (json!(1), json!(11)));
    assert!(seversky["audit"].is_null());
    let dashboard = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2024", s.seversky)).await.expect(200);
    assert_eq!(seversky["execution"], dashboard["execution"]["total"], "the dashboard's own figures");

    // Калининский: seed 001's audit of 15 schools, factor by factor as its dashboard counts it,
    // and its 5336 students of 2022/23.
    let kuban = row(&overview, &s.kuban);
    let dashboard = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2024", s.kuban)).await.expect(200);
    let audit = &kuban["audit"];
    assert_eq!((audit["n"].clone(), audit["auditId"].clone()), (json!(15), dashboard["audit"]["audit"]["id"].clone()));
    let by_factor: Vec<(i64, i64)> = audit["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["factor"].as_i64().unwrap(), f["organizations"].as_i64().unwrap()))
        .collect();
    let expected: Vec<(i64, i64)> = dashboard["audit"]["factors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["organizations"].as_i64().unwrap() > 0)
        .map(|f| (f["code"].as_str().unwrap().parse().unwrap(), f["organizations"].as_i64().unwrap()))
        .collect();
    assert_eq!(by_factor, expected);
    for f in audit["factors"].as_array().unwrap() {
        assert!((f["share"].as_f64().unwrap() - f["organizations"].as_f64().unwrap() / 15.0).abs() < 1e-12, "{f}");
    }
    assert_eq!(
        kuban["students"],
        json!({ "period": "2022/23", "value": 5336.0, "organizations": null, "registered": 15, "partial": false })
    );
    assert_eq!(kuban["execution"], dashboard["execution"]["total"]);
    assert_eq!(shnor(kuban), (Value::Null, Value::Null), "no list decision for Калининский");

    // The same on GraphQL.
    let query = "query($r: UUID!) { regionOverview(regionId: $r, year: 2024) { year municipalities(first: 20) { id name schools
        students { period value organizations registered partial } lists(first: 3) { kind count previousYear } audit { auditId n factors(first: 10) { factor organizations n share } }
        roadmaps execution { planned due held heldDue postponed cancelled overdue notHeld noReport rate } } } }";
    let answer = s.app.graphql(query, json!({ "r": s.region })).await;
    let graphql = &answer["data"]["regionOverview"];
    for (i, m) in overview["municipalities"].as_array().unwrap().iter().enumerate() {
        let mut rest = m.clone();
        rest["audit"].as_object_mut().map(|a| a.remove("date"));
        assert_eq!(graphql["municipalities"][i], rest, "{answer}");
    }
}

#[tokio::test]
async fn the_overview_shows_each_caller_only_what_it_may_see() {
    let s = seeded().await;
    let path = format!("/api/v1/regions/{}/overview?year=2024", s.region);
    let (_, regional) = s.app.sign_in_as("regional", json!({ "level": "region", "id": s.region })).await;
    let seen = s.app.as_caller(&regional).get(&path).await.expect(200);
    assert_eq!(seen["municipalities"].as_array().unwrap().len(), 2);
    let (_, municipal) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    let own = s.app.as_caller(&municipal).get(&path).await.expect(200);
    let ids: Vec<&Value> = own["municipalities"].as_array().unwrap().iter().map(|m| &m["id"]).collect();
    assert_eq!(ids, [&json!(s.kuban)], "a municipality sees its own row only");
    let query = "query($r: UUID!) { regionOverview(regionId: $r, year: 2024) { municipalities { id } } }";
    let answer = s.app.as_caller(&municipal).graphql(query, json!({ "r": s.region })).await;
    assert_eq!(answer["data"]["regionOverview"]["municipalities"], json!([{ "id": s.kuban }]), "{answer}");
    let other = s.app.get("/api/v1/regions").await.expect(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "69")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, tver) = s.app.sign_in_as("regional", json!({ "level": "region", "id": other })).await;
    s.app.as_caller(&tver).get(&path).await.expect(404);
    let query = "query($r: UUID!) { regionOverview(regionId: $r) { year } }";
    let answer = s.app.as_caller(&tver).graphql(query, json!({ "r": s.region })).await;
    assert!(answer["data"]["regionOverview"].is_null(), "{answer}");
    s.app.anonymous().get(&path).await.expect(401);
}

/// A municipality without a figure of its own shows its schools' students of the latest
/// period, added up as its own series adds them; Калининский keeps its own figure beside it.
#[tokio::test]
async fn the_overview_adds_up_a_municipalitys_students_as_its_series_does() {
    let s = seeded().await;
    for (period, table) in [
        ("2022/23", "ОО\tstudents\nМБОУ СОШ № 2\t210\nМБОУ СОШ № 6\t25\nМБОУ ООШ № 8\t9\n"),
        ("2023/24", "ОО\tstudents\nМБОУ СОШ № 2\t200\nМБОУ СОШ № 6\t20\nМБОУ ООШ № 8\t8\n"),
    ] {
        let path = format!("/api/v1/imports/indicators?municipalityId={}&period={period}", s.seversky);
        s.app.upload(&path, TSV, table.into()).await.expect(201);
    }
    let overview = s.app.get(&format!("/api/v1/regions/{}/overview?year=2024", s.region)).await.expect(200);
    // Three schools of sixteen registered: their sum, said to be theirs.
    assert_eq!(
        row(&overview, &s.seversky)["students"],
        json!({ "period": "2023/24", "value": 228.0, "organizations": 3, "registered": 16, "partial": true })
    );
    assert_eq!(
        row(&overview, &s.kuban)["students"],
        json!({ "period": "2022/23", "value": 5336.0, "organizations": null, "registered": 15, "partial": false })
    );
    // A year's overview shows no later period: in 2022 the latest is 2022/23.
    let earlier = s.app.get(&format!("/api/v1/regions/{}/overview?year=2022", s.region)).await.expect(200);
    assert_eq!(row(&earlier, &s.seversky)["students"]["period"], "2022/23");

    let series =
        s.app.get(&format!("/api/v1/indicators/series?municipalityId={}&codes=students", s.seversky)).await.expect(200);
    let points = series[0]["points"].as_array().unwrap();
    let latest = points.iter().rev().find(|p| !p["value"].is_null()).unwrap();
    assert_eq!((latest["period"].clone(), latest["value"].clone()), (json!("2023/24"), json!(228.0)));
}

#[tokio::test]
async fn hostile_overview_requests_are_refused_by_parameter() {
    let s = seeded().await;
    for (query, status) in [("year=99999", 422), ("year=abc", 422), ("year=2024&limit=5", 422)] {
        let path = format!("/api/v1/regions/{}/overview?{query}", s.region);
        s.app.get(&path).await.expect(status);
    }
    s.app.get("/api/v1/regions/not-a-uuid/overview").await.expect(400);
    s.app.get(&format!("/api/v1/regions/{}/overview", uuid::Uuid::now_v7())).await.expect(404);
}

#[tokio::test]
async fn an_unchanged_overview_is_answered_304_and_any_write_in_the_region_changes_it() {
    let s = seeded().await;
    let path = format!("/api/v1/regions/{}/overview?year=2024", s.region);
    let first = s.app.get(&path).await;
    let etag = first.headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(first.headers["cache-control"], "private, no-cache");
    let first = first.expect(200);
    let again = s.app.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!((again.status.as_u16(), again.text.as_str()), (304, ""), "unchanged data: no body");
    assert_eq!(s.app.get(&path).await.expect(200), first, "a repeated read answers the same");
    // Another caller sees other rows: its tag differs.
    let (_, municipal) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    let theirs = s.app.as_caller(&municipal).get(&path).await;
    assert_ne!(theirs.headers["etag"].to_str().unwrap(), etag);

    // A list of 2024 for Калининский: the overview changes at once.
    let table = "Год\tОО\tУровень\tСписок\n2024\tМАОУ СОШ № 1\tрегиональный\tШНОР\n";
    s.app.upload(&format!("/api/v1/imports/lists?municipalityId={}", s.kuban), TSV, table.into()).await.expect(201);
    let after = s.app.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(after.status.as_u16(), 200, "the region's data changed");
    assert_ne!(after.headers["etag"].to_str().unwrap(), etag);
    assert_eq!(shnor(row(&after.body, &s.kuban)), (json!(1), Value::Null));
}
