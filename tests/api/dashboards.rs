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
    let body = t.organization("khotynetsky", "Отдел образования администрации Хотынецкого района");
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

/// Seed 004's list table, column by column, as the report prints it.
const SEED_004_COLUMNS: [(i32, &[&str]); 4] = [
    (
        2020,
        &[
            "МБОУ СОШ № 2",
            "МБОУ СОШ № 11",
            "МБОУ ООШ № 8",
            "МБОУ ООШ № 12",
            "МБОУ СОШ № 32",
            "МБОУ СОШ № 36",
            "МБОУ СОШ № 45",
            "МАОУ лицей пгт Афипского",
        ],
    ),
    (
        2022,
        &[
            "МБОУ СОШ № 6",
            "МБОУ СОШ № 7",
            "МБОУ ООШ № 8",
            "МБОУ СОШ № 19",
            "МБОУ СОШ № 23",
            "МБОУ СОШ № 32",
            "МБОУ СОШ № 59",
        ],
    ),
    (2023, &["МБОУ СОШ № 6", "МБОУ СОШ № 7", "МБОУ ООШ № 8", "МБОУ СОШ № 21", "МБОУ СОШ № 27"]),
    (2024, &["МБОУ СОШ № 7"]),
];

/// Seed 004's Table 1, the dates of 2024: the working group in November, the visit in March,
/// seminars in February and April, meetings in March and October, the internship in April, the
/// evaluation in September; and three activities «в течение года».
const SEED_004_DATED_2024: usize = 8;
const SEED_004_ALL_YEAR: usize = 3;
/// The schools seed 004 names: its list table and СОШ № 43 of Table 1.
const SEED_004_SCHOOLS: usize = 16;

/// The figures of a note, in order: the text of every `[figure](call)` with its call.
fn figures(note: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = note;
    while let Some(start) = rest.find('[') {
        let mid = start + rest[start..].find("](").unwrap();
        let end = mid + rest[mid..].find(')').unwrap();
        out.push((rest[start + 1..mid].to_owned(), rest[mid + 2..end].to_owned()));
        rest = &rest[end + 1..];
    }
    out
}

#[tokio::test]
async fn every_figure_of_the_seversky_note_is_seed_004s_and_links_to_its_call() {
    let s = seeded().await;
    let path = format!("/api/v1/municipalities/{}/notes/analytical?from=2020&to=2024", s.seversky);
    let answer = s.app.get(&path).await;
    assert!(answer.content_type().starts_with("text/markdown"), "{}", answer.content_type());
    let note = answer.text.clone();
    answer.expect(200);
    assert!(note.contains("Северский район"), "{note}");

    // What seed 004 says, counted here from its table.
    let set = |i: usize| SEED_004_COLUMNS[i].1.iter().copied().collect::<std::collections::BTreeSet<_>>();
    let mut expected: Vec<usize> = vec![SEED_004_SCHOOLS];
    for i in 0..SEED_004_COLUMNS.len() {
        let (entered, left) = if i == 0 {
            (0, 0)
        } else {
            (set(i).difference(&set(i - 1)).count(), set(i - 1).difference(&set(i)).count())
        };
        expected.extend([set(i).len(), entered, left]);
    }
    let (first, last) = (set(0).len(), set(3).len());
    let ever: std::collections::BTreeSet<&str> = (0..4).flat_map(set).collect();
    let summary = [ever.len(), ever.len() - last, last];
    let planned = SEED_004_DATED_2024 + SEED_004_ALL_YEAR;
    // Nothing was reported held: everything due is overdue.
    let execution = [1, planned, planned, 0, planned];
    expected.extend([first, last]);
    expected.extend(summary);
    expected.extend(execution);
    expected.extend([first, last]);
    expected.extend(summary);
    expected.extend([planned, 0, planned]);
    let found = figures(&note);
    let values: Vec<usize> = found.iter().map(|(v, _)| v.parse().unwrap()).collect();
    assert_eq!(values, expected, "{note}");
    assert_eq!((first, last, ever.len()), (8, 1, 15), "seed 004: 8 → 1, fifteen schools in all");

    // Every call answers what the note says it does.
    let lists = format!("/api/v1/municipalities/{}/lists", s.seversky);
    let dynamics = s.app.get(&lists).await.expect(200);
    let counts: Vec<i64> = dynamics["years"].as_array().unwrap().iter().map(|y| y["count"].as_i64().unwrap()).collect();
    assert_eq!(counts, [8, 7, 5, 1]);
    let (_, execution_call) = found.iter().find(|(_, call)| call.contains("/execution")).unwrap();
    let total = &s.app.get(execution_call).await.expect(200)["total"];
    assert_eq!((total["due"].as_u64(), total["held"].as_u64()), (Some(planned as u64), Some(0)), "{total}");
    let (_, schools_call) = &found[0];
    let listed = s.app.list_all(schools_call, 100).await;
    let kinds = ["secondary_school", "basic_school", "primary_school", "lyceum", "gymnasium", "evening_school"];
    let schools = listed.iter().filter(|o| o["kind"].as_str().is_some_and(|k| kinds.contains(&k))).count();
    assert_eq!(schools, SEED_004_SCHOOLS);

    // Seed 004's table, column by column.
    for (year, names) in SEED_004_COLUMNS {
        let column = 1 + SEED_004_COLUMNS.iter().position(|(y, _)| *y == year).unwrap();
        let cells: std::collections::BTreeSet<&str> = note
            .lines()
            .skip_while(|l| !l.starts_with("| № |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| l.trim_matches('|').split('|').nth(column).unwrap().trim())
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(cells, names.iter().copied().collect(), "{year}");
    }
    assert!(note.contains("| № | 2020 год | 2022 год | 2023 год | 2024 год |"), "2021 had no decision: {note}");

    // No figure without its call: what is left once the links, the school names, the years,
    // the section and row numbers are taken out holds no digit.
    let mut bare = note.clone();
    for (value, call) in &found {
        bare = bare.replacen(&format!("[{value}]({call})"), "", 1);
    }
    let mut names: Vec<&str> = ever.iter().copied().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in names {
        bare = bare.replace(name, "");
    }
    for year in 2020..=2024 {
        bare = bare.replace(&year.to_string(), "");
    }
    let bare: Vec<String> = bare
        .lines()
        .map(|l| match l.strip_prefix("## ") {
            Some(title) => title.trim_start_matches(|c: char| c.is_ascii_digit()).to_owned(),
            None => l.to_owned(),
        })
        .map(|l| {
            if l.starts_with("| ") {
                l.trim_start_matches(|c: char| c == '|' || c == ' ' || c.is_ascii_digit()).to_owned()
            } else {
                l
            }
        })
        .collect();
    let stray: Vec<&String> = bare.iter().filter(|l| l.chars().any(|c| c.is_ascii_digit())).collect();
    assert!(stray.is_empty(), "figures without their call: {stray:?}");

    let html = s.app.get(&format!("{path}&format=html")).await;
    assert!(html.content_type().starts_with("text/html"));
    assert!(html.text.contains(&format!("<td><a href=\"{lists}\">8</a></td>")), "{}", html.text);
    assert!(!html.text.contains("<script"));
    s.app.get(&format!("{path}&format=pdf")).await.expect(422);
    s.app.get(&format!("/api/v1/municipalities/{}/notes/analytical?from=2024&to=2020", s.seversky)).await.expect(422);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).get(&path).await.expect(404);
    s.app.as_caller(&token).get(&format!("{path}&format=docx")).await.expect(404);
}

/// The office suite on this machine, if any: `libreoffice` or `soffice`.
fn office() -> Option<&'static str> {
    ["libreoffice", "soffice"]
        .into_iter()
        .find(|program| std::process::Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success()))
}

#[tokio::test]
async fn the_word_note_converts_to_pdf_and_shows_seed_004s_table_approved_as_configured() {
    let s = seeded().await;
    let signature = format!("/api/v1/municipalities/{}/notes/signature", s.seversky);
    s.app.get(&signature).await.expect(404);
    let approval =
        json!({ "approval": { "position": "Руководитель МКУ МО Северский район «ИМЦ»", "name": "Ганина Е.В." } });
    let set = s.app.put(&signature, &approval).await.expect(200);
    assert_eq!(set["approval"]["name"], "Ганина Е.В.");
    let query = "query($m: UUID!) { noteSignature(municipalityId: $m) { approval { position name } signer { name } } }";
    let answer = s.app.graphql(query, json!({ "m": s.seversky })).await;
    assert_eq!(answer["data"]["noteSignature"]["approval"], approval["approval"], "{answer}");

    let path = format!("/api/v1/municipalities/{}/notes/analytical?from=2020&to=2024", s.seversky);
    let markdown = s.app.get(&path).await.expect(200);
    assert!(
        s.app
            .get(&path)
            .await
            .text
            .starts_with("> Утверждаю\n> Руководитель МКУ МО Северский район «ИМЦ»\n> Ганина Е.В."),
        "{markdown}"
    );
    let docx = s.app.get(&format!("{path}&format=docx")).await;
    assert_eq!(docx.status.as_u16(), 200, "{}", docx.text);
    assert_eq!(docx.content_type(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes.clone())).expect("a Word document is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert_eq!(xml.matches("<w:tbl>").count(), 2, "the dynamics and seed 004's list are real Word tables");
    assert!(xml.contains("МАОУ лицей пгт Афипского") && xml.contains("Ганина Е.В."));

    let Some(office) = office() else {
        assert!(std::env::var("CI").is_err(), "CI installs LibreOffice; .ci/run must have failed to");
        eprintln!("LibreOffice is not installed: the PDF conversion is not checked");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("note.docx");
    std::fs::write(&file, &docx.bytes).unwrap();
    // A profile of its own, so that parallel runs do not share LibreOffice's lock.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let converted = std::process::Command::new(office)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .unwrap();
    let pdf = dir.path().join("note.pdf");
    assert!(converted.status.success() && pdf.exists(), "{}", String::from_utf8_lossy(&converted.stderr));
    let text = std::process::Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("Утверждаю") && text.contains("Ганина Е.В."), "{text}");
    // Seed 004's table as laid out on its page: the words under each year's heading.
    let page = text.split('\u{c}').position(|p| p.contains("2020 год")).unwrap() + 1;
    let tsv = std::process::Command::new("pdftotext")
        .args(["-tsv", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let words: Vec<(f64, f64, String)> = String::from_utf8_lossy(&tsv.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() == 12 && f[0] == "5").then(|| (f[6].parse().unwrap(), f[7].parse().unwrap(), f[11].to_owned()))
        })
        .collect();
    // The headings «2020 год» … «2024 год» stand on one line.
    let heading = |year: &str, line: Option<f64>| {
        words.iter().enumerate().find(|(i, (_, t, w))| {
            w == year && words.get(i + 1).is_some_and(|n| n.2 == "год") && line.is_none_or(|l| (t - l).abs() < 2.0)
        })
    };
    let top = heading("2020", None).map(|(_, (_, t, _))| *t).unwrap_or_else(|| panic!("{text}"));
    let columns: Vec<(f64, f64)> = SEED_004_COLUMNS
        .iter()
        .map(|(y, _)| {
            heading(&y.to_string(), Some(top)).map(|(_, (x, t, _))| (*x, *t)).unwrap_or_else(|| panic!("{y}: {text}"))
        })
        .collect();
    let bottom = words.iter().find(|(_, t, w)| *t > top && w == "побывали").map_or(f64::MAX, |(_, t, _)| *t);
    for (i, (year, names)) in SEED_004_COLUMNS.iter().enumerate() {
        let (left, right) = (columns[i].0 - 5.0, columns.get(i + 1).map_or(f64::MAX, |c| c.0 - 5.0));
        let cell: Vec<&str> = words
            .iter()
            .filter(|(x, t, _)| *t > top + 1.0 && *t < bottom && (left..right).contains(x))
            .map(|(_, _, w)| w.as_str())
            .collect();
        let cell = cell.join(" ");
        for name in *names {
            assert!(cell.contains(name), "{year}: {name} not in «{cell}»");
        }
        let expected: usize = names.iter().map(|n| n.split(' ').count()).sum();
        assert_eq!(cell.split(' ').count(), expected, "{year}: «{cell}»");
    }
    // The page with the table, as a picture.
    let png = dir.path().join("page");
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&pdf)
        .arg(&png)
        .output()
        .unwrap();
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    let picture =
        std::fs::read_dir(dir.path()).unwrap().flatten().find(|e| e.file_name().to_string_lossy().ends_with(".png"));
    let picture = picture.expect("a PNG of the page").path();
    assert!(std::fs::read(&picture).unwrap().starts_with(b"\x89PNG"));
    if let Ok(keep) = std::env::var("OPORA_KEEP_NOTE_PNG") {
        std::fs::copy(&picture, keep).unwrap();
    }
}

#[tokio::test]
async fn a_bad_signature_is_refused_by_field_and_changes_nothing() {
    let s = seeded().await;
    let path = format!("/api/v1/municipalities/{}/notes/signature", s.seversky);
    s.app
        .put(&path, &json!({ "signer": { "position": "Начальник управления", "name": "Т.А. Годунова" } }))
        .await
        .expect(200);
    let long = "я".repeat(10_000);
    for (body, field) in [
        (json!({ "signer": { "position": "", "name": "Т.А. Годунова" } }), "signer.position"),
        (json!({ "approval": { "position": "Руководитель", "name": long } }), "approval.name"),
        (json!({ "place": "\u{0}" }), "place"),
    ] {
        let answer = s.app.put(&path, &body).await.expect(422);
        assert!(answer["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{field}: {answer}");
    }
    s.app.put(&path, &json!({ "signer": { "position": "Начальник" } })).await.expect(422);
    s.app.put(&path, &json!({ "stamp": true })).await.expect(422);
    let kept = s.app.get(&path).await.expect(200);
    assert_eq!(kept["signer"]["name"], "Т.А. Годунова");
    let note = s.app.get(&format!("/api/v1/municipalities/{}/notes/analytical?from=2020&to=2024", s.seversky)).await;
    assert!(note.text.trim_end().ends_with("Начальник управления\n\nТ.А. Годунова"), "{}", note.text);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).put(&path, &json!({})).await.expect(404);
}
