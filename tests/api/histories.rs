//! A document's history is read by whoever may read the document — a municipality's analyst
//! reads how its roadmap was corrected — while the audit trail as a whole stays with those who
//! keep it.

use opora_tests::numbered_roadmap;
use serde_json::json;

use crate::dashboards::seeded;

const TSV: &str = "text/tab-separated-values";

#[tokio::test]
async fn an_analyst_reads_the_history_of_a_roadmap_of_its_municipality_and_nobody_elses() {
    let s = seeded().await;
    let import = format!("/api/v1/imports/roadmap?municipalityId={}&periodFrom=2024&periodTo=2024", s.tver);
    let first = s.app.upload(&import, TSV, numbered_roadmap(3, 2024)).await.expect(201);
    let first = first["roadmapId"].as_str().unwrap().to_owned();
    s.app.upload(&import, TSV, numbered_roadmap(2, 2024)).await.expect(201);

    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.tver })).await;
    let analyst = s.app.as_caller(&token);
    let history = analyst.get(&format!("/api/v1/roadmaps/{first}/history")).await.expect(200);
    let steps: Vec<(&str, i64)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["revision"].as_i64().unwrap()))
        .collect();
    assert_eq!(steps, [("create", 1), ("update", 2)], "{history}");
    let ended = &history["items"][1]["changes"];
    assert!(ended.as_array().unwrap().iter().any(|c| c["field"] == "supersededBy"), "{ended}");
    // The revision the history reaches is the one the read tags.
    let read = analyst.get(&format!("/api/v1/roadmaps/{first}")).await;
    assert_eq!(read.headers.get("etag").unwrap(), "\"2\"");
    // The trail as a whole is not the analyst's; another municipality's history is nobody's.
    analyst.get(&format!("/api/v1/audit-events?entityId={first}")).await.expect(403);
    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).get(&format!("/api/v1/roadmaps/{first}/history")).await.expect(404);
    s.app.anonymous().get(&format!("/api/v1/roadmaps/{first}/history")).await.expect(401);
    let problem = analyst.get(&format!("/api/v1/roadmaps/{first}/history?limit=0")).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "limit");
}
