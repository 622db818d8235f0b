//! A range of codes across factors, as plans write «по всем параметрам (1.1–5.3)»: every
//! parameter between its ends in the catalogue's order, read with a warning at its cell, in a
//! roadmap and in a monitoring report's recommendation alike.

use opora_tests::{SEED_001_AUDIT, TestApp, create_territory, seed_003_campaign};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

fn targeted_by_code(coverage: &Value) -> Vec<String> {
    let parameters = coverage["parameters"].as_array().unwrap().iter();
    let targeted = parameters.filter(|p| !p["byCode"].as_array().unwrap().is_empty());
    targeted.map(|p| p["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_range_across_factors_targets_every_parameter_between_its_ends_with_a_warning() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let path = format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01");
    let audit = app.upload(&path, TSV, SEED_001_AUDIT.into()).await.expect(201)["auditId"].as_str().unwrap().to_owned();
    let table = "№\tМероприятие\tКод параметра\tДата проведения\tОтветственные\n\
                 1\tСеминар по итогам мониторинга\tпо всем параметрам (1.1–5.3)\tМарт 2024\tОО\n";
    let path = format!("/api/v1/imports/roadmap?municipalityId={kuban}&periodFrom=2024&periodTo=2024&auditId={audit}");
    let report = app.upload(&path, TSV, table.into()).await.expect(201);
    let warning = report["warnings"].as_array().unwrap().iter().find(|w| w["code"] == "range_across_factors");
    let warning = warning.unwrap_or_else(|| panic!("{report}"));
    assert_eq!(
        (warning["row"].as_i64(), warning["column"].as_str(), warning["text"].as_str()),
        (Some(2), Some("C"), Some("1.1–5.3"))
    );

    // Every parameter of the catalogue from 1.1 to 5.3 in its order, and none after.
    let coverage =
        app.get(&format!("/api/v1/roadmaps/{}/coverage", report["roadmapId"].as_str().unwrap())).await.expect(200);
    let catalogue: Vec<String> =
        coverage["parameters"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap().to_owned()).collect();
    let (first, last) =
        (catalogue.iter().position(|c| c == "1.1").unwrap(), catalogue.iter().position(|c| c == "5.3").unwrap());
    assert_eq!(targeted_by_code(&coverage), catalogue[first..=last].to_vec());
    assert!(!targeted_by_code(&coverage).contains(&"5.4".to_owned()));
}

#[tokio::test]
async fn a_recommendation_names_every_parameter_of_a_range_across_factors_and_the_report_says_so() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let mut body = seed_003_campaign(&t);
    body["recommendations"][0]["parameters"] = json!("по всем параметрам (1.1–5.3)");
    body["recommendations"][1]["parameters"] = json!("5.3-1.1");
    let problem = app.post("/api/v1/monitoring-campaigns", &body).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "recommendations[1].parameters", "{problem}");
    body["recommendations"][1]["parameters"] = Value::Null;
    let recorded = app.post("/api/v1/monitoring-campaigns", &body).await.expect(201);
    let codes: Vec<&str> =
        recorded["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["range_across_factors"], "{recorded}");
    assert_eq!(recorded["recommendations"][0]["parameters"], "по всем параметрам (1.1–5.3)");
}
