//! ШНОР lists: seed 004's table, the dynamics people count by hand, corrections and history.

use opora_tests::{TestApp, create_territory};
use serde_json::{Value, json};

const SEVERSKY: &str = opora_tests::SEED_004_LISTS;
const KHOTYNETSKY: &str = include_str!("../../crates/server/demo/lists-khotynetsky-2022.tsv");
const TSV: &str = "text/tab-separated-values";

fn names(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect()
}

async fn import(app: &TestApp, municipality: &str, table: &str) -> opora_tests::Answer {
    app.upload(&format!("/api/v1/imports/lists?municipalityId={municipality}"), TSV, table.as_bytes().to_vec()).await
}

#[tokio::test]
async fn seed_004_gives_the_counts_the_transitions_and_the_gap() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let report = import(&app, seversky, SEVERSKY).await.expect(201);
    assert_eq!(report["decisions"].as_array().unwrap().len(), 4);

    let view = app.get(&format!("/api/v1/municipalities/{seversky}/lists")).await.expect(200);
    let counts: Vec<(i64, i64)> = view["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].as_i64().unwrap(), y["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(counts, [(2020, 8), (2022, 7), (2023, 5), (2024, 1)]);
    assert_eq!(view["yearsWithoutDecision"], json!([2021]));

    let transitions = view["transitions"].as_array().unwrap();
    assert_eq!((transitions[0]["from"].as_i64(), transitions[0]["to"].as_i64()), (Some(2020), Some(2022)));
    assert_eq!(transitions[0]["skipped"], json!([2021]), "the gap is reported, not read as everybody leaving");
    let t2223 = transitions.iter().find(|t| t["from"] == 2022 && t["to"] == 2023).unwrap();
    assert_eq!(names(&t2223["entered"]), ["МБОУ СОШ № 21", "МБОУ СОШ № 27"]);
    assert_eq!(names(&t2223["stayed"]), ["МБОУ ООШ № 8", "МБОУ СОШ № 6", "МБОУ СОШ № 7"]);
    assert_eq!(names(&t2223["left"]), ["МБОУ СОШ № 19", "МБОУ СОШ № 23", "МБОУ СОШ № 32", "МБОУ СОШ № 59"]);

    let school = |name: &str| {
        view["schools"].as_array().unwrap().iter().find(|s| s["organization"]["name"] == name).cloned().unwrap()
    };
    assert_eq!(school("МБОУ СОШ № 7")["years"], json!([2022, 2023, 2024]));
    assert_eq!(school("МБОУ СОШ № 7")["longestRun"], 3);
    assert_eq!(school("МБОУ СОШ № 7")["leftForGood"], false);
    assert_eq!(school("МБОУ ООШ № 8")["years"], json!([2020, 2022, 2023]));
    // 2021 has no decision: it neither breaks ООШ № 8's run nor extends it, as the
    // transitions read 2020 → 2022 as «stayed».
    let eight = school("МБОУ ООШ № 8");
    assert_eq!(eight["longestRun"], 3);
    assert_eq!((eight["longestRunFrom"].as_i64(), eight["longestRunTo"].as_i64()), (Some(2020), Some(2023)));
    assert_eq!(eight["longestRunGaps"], json!([2021]));
    assert!(names(&transitions[0]["stayed"]).contains(&"МБОУ ООШ № 8"), "the same reading as the transitions");
    assert_eq!(school("МБОУ СОШ № 32")["years"], json!([2020, 2022]));
    assert_eq!(school("МБОУ СОШ № 32")["leftForGood"], true);

    // The same answers over GraphQL.
    let query = "query($m: UUID!) { listDynamics(municipalityId: $m) { years { year count } yearsWithoutDecision transitions { from to skipped entered { name } stayed { name } left { name } } schools { organization { name } years longestRun leftForGood } } }";
    let response = app.graphql(query, json!({ "m": seversky })).await;
    assert!(response.get("errors").is_none(), "{response}");
    let gql = &response["data"]["listDynamics"];
    assert_eq!(gql["years"], json!(counts.iter().map(|(y, c)| json!({ "year": y, "count": c })).collect::<Vec<_>>()));
    assert_eq!(gql["yearsWithoutDecision"], view["yearsWithoutDecision"]);
    assert_eq!(gql["transitions"][1]["entered"], json!([{ "name": "МБОУ СОШ № 21" }, { "name": "МБОУ СОШ № 27" }]));
    assert_eq!(gql["schools"].as_array().unwrap().len(), view["schools"].as_array().unwrap().len());

    // The school's card: its history.
    let seven = t.organization("seversky", "МБОУ СОШ № 7");
    let history = app.get(&format!("/api/v1/organizations/{seven}/list-history")).await.expect(200);
    let years: Vec<i64> = history.as_array().unwrap().iter().map(|d| d["year"].as_i64().unwrap()).collect();
    assert_eq!(years, [2022, 2023, 2024]);

    // The region's view: Северский район's counts within Краснодарский край.
    let region = app.get(&format!("/api/v1/regions/{}/lists", t.regions["23"])).await.expect(200);
    let totals: Vec<(i64, i64)> = region
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].as_i64().unwrap(), y["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(totals, [(2020, 8), (2022, 7), (2023, 5), (2024, 1)]);
    assert_eq!(region[0]["municipalities"][0]["name"], "Северский район");

    // Importing it again records nothing.
    let again = import(&app, seversky, SEVERSKY).await.expect(200);
    assert_eq!(again["status"], "unchanged");
    assert_eq!(again["unchangedYears"], json!([2020, 2022, 2023, 2024]));
}

#[tokio::test]
async fn another_municipalitys_operator_sees_none_of_it() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    import(&app, seversky, SEVERSKY).await.expect(201);
    let (_, other) =
        app.sign_in_as("municipal", json!({ "level": "municipality", "id": t.municipality("kalininsky-kuban") })).await;
    let caller = app.as_caller(&other);
    assert_eq!(caller.get(&format!("/api/v1/municipalities/{seversky}/lists")).await.expect(404)["code"], "not_found");
    let seven = t.organization("seversky", "МБОУ СОШ № 7");
    caller.get(&format!("/api/v1/organizations/{seven}/list-history")).await.expect(404);
    let response = caller
        .graphql("query($m: UUID!) { listDynamics(municipalityId: $m) { years { year } } }", json!({ "m": seversky }))
        .await;
    assert_eq!(response["data"]["listDynamics"], Value::Null);
}

#[tokio::test]
async fn a_later_correction_changes_the_current_answer_but_not_the_earlier_one() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let report = import(&app, seversky, SEVERSKY).await.expect(201);
    let d2024 = report["decisions"].as_array().unwrap().iter().find(|d| d["year"] == 2024).unwrap().clone();
    let known_then = d2024["recordedAt"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;

    let body = json!({ "organizationIds": [t.organization("seversky", "МБОУ СОШ № 7"), t.organization("seversky", "МБОУ СОШ № 6")] });
    let corrected = app
        .post(&format!("/api/v1/list-decisions/{}/corrections", d2024["id"].as_str().unwrap()), &body)
        .await
        .expect(201);
    assert_eq!(corrected["supersedes"], d2024["id"]);

    let count_2024 =
        |view: &Value| view["years"].as_array().unwrap().iter().find(|y| y["year"] == 2024).unwrap()["count"].clone();
    let now = app.get(&format!("/api/v1/municipalities/{seversky}/lists")).await.expect(200);
    assert_eq!(count_2024(&now), 2);
    let as_of = known_then.replace('+', "%2B");
    let then = app.get(&format!("/api/v1/municipalities/{seversky}/lists?asOf={as_of}")).await.expect(200);
    assert_eq!(count_2024(&then), 1, "as known before the correction");
    // The region's view, counted by the database, follows the same versions.
    let region_2024 =
        |view: &Value| view.as_array().unwrap().iter().find(|y| y["year"] == 2024).unwrap()["count"].clone();
    let region = app.get(&format!("/api/v1/regions/{}/lists", t.regions["23"])).await.expect(200);
    assert_eq!(region_2024(&region), 2);
    let region_then = app.get(&format!("/api/v1/regions/{}/lists?asOf={as_of}", t.regions["23"])).await.expect(200);
    assert_eq!(region_2024(&region_then), 1, "as known before the correction");
    // A version is corrected once; its correction is what to correct next.
    let again = app.post(&format!("/api/v1/list-decisions/{}/corrections", d2024["id"].as_str().unwrap()), &body).await;
    assert_eq!(again.expect(409)["code"], "conflict");

    // A correction that takes a school off the list does not name it, yet takes the year out
    // of its history.
    async fn history(app: &TestApp, o: &str) -> Vec<i64> {
        let h = app.get(&format!("/api/v1/organizations/{o}/list-history")).await.expect(200);
        h.as_array().unwrap().iter().map(|d| d["year"].as_i64().unwrap()).collect()
    }
    let (seven, six) = (t.organization("seversky", "МБОУ СОШ № 7"), t.organization("seversky", "МБОУ СОШ № 6"));
    assert_eq!(history(&app, seven).await, [2022, 2023, 2024]);
    let path = format!("/api/v1/list-decisions/{}/corrections", corrected["id"].as_str().unwrap());
    app.post(&path, &json!({ "organizationIds": [six] })).await.expect(201);
    assert_eq!(history(&app, seven).await, [2022, 2023]);
    assert_eq!(history(&app, six).await, [2022, 2023, 2024], "the correction names it in 2024");
}

#[tokio::test]
async fn the_long_form_records_federal_and_regional_decisions_with_their_order() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let khotynetsky = t.municipality("khotynetsky");
    let report = import(&app, khotynetsky, KHOTYNETSKY).await.expect(201);
    let decisions = report["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 2);
    for d in decisions {
        assert_eq!(
            (d["number"].as_str(), d["date"].as_str(), d["year"].as_i64()),
            (Some("513"), Some("2023-03-30"), Some(2022))
        );
        assert_eq!(d["assessmentYear"], 2022, "seed 003: «по результатам 2022 года»");
        assert_eq!(d["organizationIds"].as_array().unwrap().len(), 4);
    }
    let mut levels: Vec<&str> = decisions.iter().map(|d| d["level"].as_str().unwrap()).collect();
    levels.sort_unstable();
    assert_eq!(levels, ["federal", "regional"]);
    let view = app.get(&format!("/api/v1/municipalities/{khotynetsky}/lists")).await.expect(200);
    assert_eq!(view["years"][0]["count"], 4, "the federal and the regional list name the same four schools");
}

#[tokio::test]
async fn an_unknown_school_rejects_the_whole_table() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let bad = SEVERSKY.replace("МБОУ СОШ № 59", "МБОУ СОШ № 95");
    let problem = import(&app, seversky, &bad).await.expect(422);
    assert_eq!(problem["code"], "import_rejected");
    let issue = &problem["issues"][0];
    assert_eq!(
        (issue["row"].as_i64(), issue["column"].as_str(), issue["text"].as_str()),
        (Some(10), Some("C"), Some("МБОУ СОШ № 95"))
    );
    let view = app.get(&format!("/api/v1/municipalities/{seversky}/lists")).await.expect(200);
    assert!(view["years"].as_array().unwrap().is_empty(), "nothing was recorded");
}

#[tokio::test]
async fn a_second_decision_for_the_same_year_level_and_kind_is_refused_with_its_place() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let khotynetsky = t.municipality("khotynetsky");
    let table = "Год\tОО\tУровень\tСписок\tНомер приказа\tДата\n\
                 2022\tМБОУ-Богородицкая СОШ\tрегиональный\tШНОР\t513\t30.03.2023\n\
                 2022\tМБОУ-Юрьевская СОШ\tрегиональный\tШНОР\t600\t01.06.2023\n";
    let problem = import(&app, khotynetsky, table).await.expect(422);
    let issue = &problem["issues"][0];
    assert_eq!((issue["code"].as_str(), issue["row"].as_i64()), (Some("second_decision"), Some(3)), "{problem}");
    let view = app.get(&format!("/api/v1/municipalities/{khotynetsky}/lists")).await.expect(200);
    assert!(view["decisions"].as_array().unwrap().is_empty(), "nothing was recorded");
}

#[tokio::test]
async fn a_rejected_table_lists_its_issues_in_the_order_of_the_file() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let table = "Год\tОО\n2024\tСОШ № 999\n2024x\tМБОУ СОШ № 2\n2025\tСОШ № 998\n";
    let problem = import(&app, t.municipality("seversky"), table).await.expect(422);
    let rows: Vec<i64> = problem["issues"].as_array().unwrap().iter().map(|i| i["row"].as_i64().unwrap()).collect();
    assert_eq!(rows, [2, 3, 4], "{problem}");
}
