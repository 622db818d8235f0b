//! A correction that names the version it corrects: a roadmap imported under a wrong period, an
//! audit under a wrong date. The named version is replaced whatever document the correction is
//! of; a version already ended, another municipality's, or a second current version of the
//! corrected document is refused.

use opora_tests::numbered_roadmap;
use serde_json::{Value, json};

use crate::dashboards::seeded;

const TSV: &str = "text/tab-separated-values";

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_roadmap_imported_under_a_wrong_period_is_replaced_by_the_correction_that_names_it() {
    let s = seeded().await;
    let import = |from: u32, replaces: Option<&str>| {
        let named = replaces.map(|r| format!("&replaces={r}")).unwrap_or_default();
        format!("/api/v1/imports/roadmap?municipalityId={}&periodFrom={from}&periodTo={from}{named}", s.tver)
    };
    // The plan for 2024, imported as 2025 by mistake.
    let wrong = s.app.upload(&import(2025, None), TSV, numbered_roadmap(3, 2024)).await.expect(201);
    let wrong_id = wrong["roadmapId"].as_str().unwrap().to_owned();

    // Another municipality's roadmap, or none, cannot be named.
    let kuban = ids(&s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.kuban)).await.expect(200)).remove(0);
    for other in [kuban, uuid::Uuid::now_v7().to_string()] {
        let problem = s.app.upload(&import(2024, Some(&other)), TSV, numbered_roadmap(3, 2024)).await.expect(422);
        assert_eq!(problem["errors"][0]["field"], "replaces", "{problem}");
    }
    let corrected = s.app.upload(&import(2024, Some(&wrong_id)), TSV, numbered_roadmap(3, 2024)).await.expect(201);
    let corrected_id = corrected["roadmapId"].as_str().unwrap().to_owned();
    assert_eq!(corrected["roadmap"]["supersedes"], json!(wrong_id));
    assert!(corrected["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "replaces_version"), "{corrected}");
    let listed = s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.tver)).await.expect(200);
    assert_eq!(ids(&listed), std::slice::from_ref(&corrected_id));
    let old = s.app.get(&format!("/api/v1/roadmaps/{wrong_id}")).await.expect(200);
    assert_eq!((&old["current"], &old["supersededBy"]), (&json!(false), &json!(corrected_id)));

    // The ended version cannot be named again; a 2025 plan is a document of its own again.
    s.app.upload(&import(2024, Some(&wrong_id)), TSV, numbered_roadmap(4, 2024)).await.expect(409);
    let next_year = s.app.upload(&import(2025, None), TSV, numbered_roadmap(2, 2025)).await.expect(201);
    let next_id = next_year["roadmapId"].as_str().unwrap().to_owned();
    // Naming it with a table of 2024 would leave two current plans for 2024.
    let problem = s.app.upload(&import(2024, Some(&next_id)), TSV, numbered_roadmap(5, 2024)).await.expect(409);
    assert!(problem["detail"].as_str().unwrap().contains(&corrected_id), "{problem}");
    assert_eq!(ids(&s.app.get(&format!("/api/v1/roadmaps?municipalityId={}", s.tver)).await.expect(200)).len(), 2);
}

#[tokio::test]
async fn an_audit_imported_under_a_wrong_date_is_replaced_by_the_correction_that_names_it() {
    let s = seeded().await;
    let audits = format!("/api/v1/audits?municipalityId={}", s.kuban);
    let first = ids(&s.app.get(&audits).await.expect(200)).remove(0);
    // The same audit, dated as it should have been.
    let path = format!("/api/v1/imports/audit?municipalityId={}&date=2023-03-02&replaces={first}", s.kuban);
    let corrected = s.app.upload(&path, TSV, opora_tests::SEED_001_AUDIT.into()).await.expect(201);
    let second = corrected["auditId"].as_str().unwrap().to_owned();
    assert!(corrected["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "replaces_version"), "{corrected}");
    assert_eq!(ids(&s.app.get(&audits).await.expect(200)), std::slice::from_ref(&second));
    let read = s.app.get(&format!("/api/v1/audits/{second}")).await.expect(200);
    assert_eq!((&read["supersedes"], &read["date"]), (&json!(first), &json!("2023-03-02")));
    // The dashboard reads the corrected audit.
    let dashboard = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2023", s.kuban)).await.expect(200);
    assert_eq!(dashboard["audit"]["audit"]["id"], json!(second));
    // The replaced version's history records its end.
    let history = s.app.get(&format!("/api/v1/audit-events?entityId={first}")).await.expect(200);
    let actions: Vec<&str> =
        history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update"]);
    // Named again, the ended version is refused; so is an unknown one.
    s.app
        .upload(&path, TSV, opora_tests::SEED_001_AUDIT.replacen("СОШ №2, 9, 10, 14, ООШ №11", "СОШ №2", 1).into())
        .await
        .expect(409);
    let unknown =
        format!("/api/v1/imports/audit?municipalityId={}&date=2023-03-02&replaces={}", s.kuban, uuid::Uuid::now_v7());
    let problem = s.app.upload(&unknown, TSV, opora_tests::SEED_001_AUDIT.into()).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "replaces");
}
