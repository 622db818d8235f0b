//! Seed 003's monitoring report read from its Word document: the demo's DOCX, built from the
//! transcription, imports with exactly the seed's facts and nothing more, says its texts are a
//! summary, links the list order it cites to the list decision Opora holds, and reads the same
//! over REST and GraphQL.

use opora_tests::{SEED_003_CAMPAIGN, SEED_003_REPORT, TestApp, create_territory};
use serde_json::{Value, json};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const TSV: &str = "text/tab-separated-values";
const KHOTYNETSKY_LISTS: &str = include_str!("../../crates/server/demo/lists-khotynetsky-2022.tsv");

#[tokio::test]
async fn seed_003s_report_imports_with_exactly_the_seeds_facts() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let khotynetsky = t.municipality("khotynetsky");
    let lists = format!("/api/v1/imports/lists?municipalityId={khotynetsky}");
    let lists = app.upload(&lists, TSV, KHOTYNETSKY_LISTS.into()).await.expect(201);
    let decision = lists["decisions"][0]["id"].clone();
    let seed: Value = serde_json::from_str(SEED_003_CAMPAIGN).unwrap();

    // A dry run reads the report and records nothing; a client that cannot name the Word
    // type sends bytes, read as the document they must be.
    let path = format!("/api/v1/imports/monitoring?municipalityId={khotynetsky}");
    let dry_run = format!("{path}&dryRun=true");
    let checked = app.upload(&dry_run, "application/octet-stream", SEED_003_REPORT.to_vec()).await.expect(200);
    assert_eq!(checked["recorded"], false);
    let listed = app.get(&format!("/api/v1/monitoring-campaigns?municipalityId={khotynetsky}")).await.expect(200);
    assert_eq!(listed["items"], json!([]), "a dry run records nothing");

    let imported = app.upload(&path, DOCX, SEED_003_REPORT.to_vec()).await.expect(201);
    assert_eq!(imported["warnings"], json!([]), "seed 003's report is read without a doubt");
    let c = &imported["campaign"];
    assert_eq!(imported["campaignId"], c["id"]);
    assert_eq!(c["title"], seed["title"]);
    assert_eq!(
        c["order"],
        json!({ "issuer": "отдела образования", "number": "515", "date": "2023-12-08", "title": null })
    );
    assert_eq!(
        c["plan"],
        json!({ "issuer": "отдела образования", "number": "124", "date": "2023-03-17", "title": null })
    );
    assert_eq!((c["reportDate"].as_str(), c["place"].as_str()), (Some("2023-12-29"), Some("пгт. Хотынец")));
    assert_eq!((c["periodFrom"].as_i64(), c["periodTo"].as_i64()), (Some(2023), Some(2023)));
    // Nothing the seed does not state: no signatory, no window, no school year, no figures.
    for absent in ["signatory", "monitoringWindow", "academicYear", "roadmapId"] {
        assert_eq!(c[absent], Value::Null, "{absent}");
    }
    assert_eq!(c["citedFigures"], json!([]));
    assert_eq!(c["wording"], "summary", "the texts say they are a summary");
    let scope: Vec<&str> =
        seed["scope"].as_array().unwrap().iter().map(|n| t.organization("khotynetsky", n.as_str().unwrap())).collect();
    assert_eq!(c["scope"], json!(scope), "the four schools of the 2022 list, as the report names them");

    let listed = &seed["citedDocuments"][0]["document"];
    assert_eq!(
        c["citedDocuments"],
        json!([{
            "kind": "order",
            "role": "decides_list",
            "document": { "issuer": listed["issuer"], "number": "513", "date": "2023-03-30", "title": listed["title"] },
            "paragraph": 5,
            "link": { "entity": "list_decision", "id": decision },
        }])
    );
    let conclusions: Vec<Value> = c["conclusions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| json!({ "number": k["number"], "level": k["level"], "text": k["text"] }))
        .collect();
    assert_eq!(Value::Array(conclusions), seed["conclusions"], "ten conclusions by level, as transcribed");
    let recommendations: Vec<Value> = c["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!((&r["dueOn"], &r["dueText"], &r["parameters"]), (&Value::Null, &Value::Null, &Value::Null));
            json!({ "number": r["number"], "addresseeRole": r["addresseeRole"], "text": r["text"] })
        })
        .collect();
    assert_eq!(Value::Array(recommendations), seed["recommendations"], "six recommendations to the school heads");

    // GraphQL reads the same campaign.
    let id = c["id"].as_str().unwrap();
    let query = "query($id: UUID!) { monitoringCampaign(id: $id) { title wording periodFrom periodTo reportDate place \
                 order { issuer number date } plan { number date } signatory { name } monitoringWindow { from } \
                 citedDocuments { kind role document { number date } paragraph link { entity id } } \
                 conclusions { number level text } recommendations { number addresseeRole text dueText } } }";
    let answer = app.graphql(query, json!({ "id": id })).await;
    let g = &answer["data"]["monitoringCampaign"];
    assert_eq!(g["wording"], "summary", "{answer}");
    assert_eq!((&g["title"], &g["place"], &g["reportDate"]), (&c["title"], &c["place"], &c["reportDate"]));
    assert_eq!(g["plan"], json!({ "number": "124", "date": "2023-03-17" }));
    assert_eq!(g["citedDocuments"][0]["link"], c["citedDocuments"][0]["link"]);
    assert_eq!(g["conclusions"].as_array().unwrap().len(), 10);
    assert_eq!(g["recommendations"][5]["text"], c["recommendations"][5]["text"]);
    assert_eq!((&g["signatory"], &g["monitoringWindow"]), (&Value::Null, &Value::Null));

    // The same report again is the same document: it replaces the version, and says so.
    let again = app.upload(&path, DOCX, SEED_003_REPORT.to_vec()).await.expect(201);
    let codes: Vec<&str> = again["warnings"].as_array().unwrap().iter().filter_map(|w| w["code"].as_str()).collect();
    assert_eq!(codes, ["replaces_version"]);
}

/// A report from another municipality typed by hand holds what it says: its window and school
/// year, the plan, the signatory's position and name apart, the documents it cites, the codes a
/// conclusion names, dues written as text read by the schedule grammar, and the figures its
/// texts state. Wrong parts are refused by field, and nothing is written.
#[tokio::test]
async fn a_report_typed_by_hand_holds_its_window_dues_codes_signatory_and_citations() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let body = json!({
        "municipalityId": seversky,
        "title": "Справка по итогам мониторинга дорожной карты",
        "periodFrom": 2024, "periodTo": 2025,
        "academicYear": "2024/2025",
        "monitoringWindow": { "from": "2025-05-20", "to": "2025-06-14" },
        "order": { "issuer": "управления образования", "number": "312", "date": "2025-05-15" },
        "plan": { "issuer": "управления образования", "number": "15-од", "date": "2024-08-30" },
        "citedDocuments": [{ "kind": "protocol", "document": { "number": "4", "date": "2025-06-16" } }],
        "signatory": { "position": "Начальник управления образования", "name": "О.В. Кузнецова" },
        "conclusions": [{ "number": "1.1", "level": "municipal", "parameters": "по всем параметрам (1.1–5.3)",
                          "text": "Курсы повышения квалификации прошли 198 педагогов." }],
        "recommendations": [
            { "number": "1", "addresseeRole": "Руководителям ОО", "text": "Проводить анализ ВПР.", "dueText": "ежеквартально" },
            { "number": "2", "addresseeRole": "ИМЦ", "text": "Провести семинар.", "dueText": "до 01.09.2025" },
            { "number": "3", "addresseeRole": "ИМЦ", "text": "Обновить план.", "dueText": "по итогам четверти" }
        ]
    });
    let created = app.post("/api/v1/monitoring-campaigns", &body).await.expect(201);
    let codes: Vec<&str> =
        created["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["range_across_factors", "due_kept_as_written"], "{}", created["warnings"]);
    assert_eq!(created["academicYear"], "2024/2025");
    assert_eq!(created["monitoringWindow"], body["monitoringWindow"]);
    assert_eq!(created["signatory"], body["signatory"]);
    assert_eq!(created["plan"]["number"], "15-од");
    assert_eq!(created["citedDocuments"][0]["role"], "other", "a citation's role is other unless said");
    assert_eq!(created["citedDocuments"][0]["paragraph"], Value::Null);
    assert_eq!(created["conclusions"][0]["parameters"], "по всем параметрам (1.1–5.3)");
    let dues: Vec<(Value, Value, Value)> = created["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["dueText"].clone(), r["dueKind"].clone(), r["dueOn"].clone()))
        .collect();
    assert_eq!(
        dues,
        [
            (json!("ежеквартально"), json!("recurring"), Value::Null),
            (json!("до 01.09.2025"), json!("deadline"), json!("2025-09-01")),
            (json!("по итогам четверти"), json!("unread"), Value::Null),
        ]
    );
    // The figure its conclusion states, with its sentence; no observation to compare it with.
    assert_eq!(
        created["citedFigures"],
        json!([{ "text": "198 педагогов", "value": 198.0, "unit": "педагогов", "paragraph": null, "agreement": null,
                 "sentence": "Курсы повышения квалификации прошли 198 педагогов." }])
    );
    // The note gives each due as written, and says nothing of a summary: the texts are the report's.
    let note = app.get(&format!("/api/v1/municipalities/{seversky}/notes/analytical?from=2024&to=2025")).await.text;
    assert!(note.contains("Провести семинар (срок: до 01.09.2025) — не исполнена."), "{note}");
    assert!(!note.contains("в изложении"), "{note}");
    let read = app.get(&format!("/api/v1/monitoring-campaigns/{}", created["id"].as_str().unwrap())).await.expect(200);
    for key in
        ["academicYear", "monitoringWindow", "signatory", "plan", "citedDocuments", "citedFigures", "conclusions"]
    {
        assert_eq!(read[key], created[key], "{key}");
    }

    let mut bad = body.clone();
    bad["academicYear"] = json!("2024/2026");
    bad["monitoringWindow"] = json!({ "from": "2025-06-14", "to": "2025-05-20" });
    bad["citedDocuments"] = json!([{ "kind": "указ", "role": "approves_everything", "document": {} }]);
    bad["signatory"] = json!({ "position": "x".repeat(600), "name": "О.В. Кузнецова" });
    bad["recommendations"][0]["dueText"] = json!("\u{0}");
    bad["wording"] = json!("paraphrase");
    let problem = app.post("/api/v1/monitoring-campaigns", &bad).await.expect(422);
    let mut fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        ["academicYear", "citedDocuments[0].document", "citedDocuments[0].kind", "citedDocuments[0].role", "wording",],
        "{problem}"
    );
    bad["academicYear"] = json!("2024/2025");
    bad["citedDocuments"] = json!([]);
    bad["wording"] = json!("summary");
    let problem = app.post("/api/v1/monitoring-campaigns", &bad).await.expect(422);
    let mut fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["monitoringWindow.to", "recommendations[0].dueText", "signatory.position"], "{problem}");
    let listed = app.get(&format!("/api/v1/monitoring-campaigns?municipalityId={seversky}")).await.expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "nothing more was written");
}
