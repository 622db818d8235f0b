//! Roadmaps: Хотынецкий район's in its own wording as TSV, XLSX and DOCX; a school's plan for a
//! school year with its columns in another order; a school's plan under a two-row header.

use serde_json::{Value, json};

use super::{DOCX, TSV, XLSX, Zoo, document, places, zoo};

async fn audit(z: &Zoo) -> String {
    let m = z.t.municipality("khotynetsky");
    let path = format!("/api/v1/imports/audit?municipalityId={m}&date=2024-01-10");
    let report = z.app.upload(&path, TSV, document!("audit-khotynetsky.tsv")).await.expect(201);
    report["auditId"].as_str().unwrap().to_owned()
}

/// What the reading of one measure keeps: everything but the rows it came from.
fn reading(measure: &Value) -> Value {
    let mut m = measure.clone();
    m.as_object_mut().unwrap().remove("sourceRows");
    m
}

fn warnings(answer: &Value) -> Vec<(i64, String, String)> {
    let mut found = places(&answer["warnings"]);
    found.sort();
    found
}

#[tokio::test]
async fn another_municipalitys_roadmap_reads_alike_from_tsv_xlsx_and_docx() {
    let z = zoo().await;
    let audit = audit(&z).await;
    let m = z.t.municipality("khotynetsky");
    let path = |dry: bool| {
        format!("/api/v1/imports/roadmap?municipalityId={m}&periodFrom=2024&periodTo=2025&auditId={audit}&dryRun={dry}")
    };
    let tsv = z.app.upload(&path(true), TSV, document!("roadmap-khotynetsky.tsv")).await.expect(200);
    let xlsx = z.app.upload(&path(true), XLSX, document!("roadmap-khotynetsky.xlsx")).await.expect(200);
    let docx = z.app.upload(&path(false), DOCX, document!("roadmap-khotynetsky.docx")).await.expect(201);

    // The same measures, whatever the format.
    let measures =
        |answer: &Value| answer["roadmap"]["measures"].as_array().unwrap().iter().map(reading).collect::<Vec<_>>();
    assert_eq!(measures(&tsv), measures(&docx));
    assert_eq!(measures(&xlsx), measures(&docx));

    // The title and the approving order are the document's own.
    let roadmap = &docx["roadmap"];
    for answer in [&tsv, &xlsx, &docx] {
        assert_eq!(answer["roadmap"]["title"], roadmap["title"]);
        assert_eq!(answer["roadmap"]["approval"], roadmap["approval"]);
    }
    assert_eq!(
        roadmap["title"],
        "ДОРОЖНАЯ КАРТА по профилактике учебной неуспешности в общеобразовательных организациях Хотынецкого района на 2024-2025 гг."
    );
    assert_eq!(roadmap["titleSource"], "document");
    assert_eq!(roadmap["approval"]["issuer"], "отдела образования администрации Хотынецкого района");
    assert_eq!(
        (roadmap["approval"]["number"].as_str(), roadmap["approval"]["date"].as_str()),
        (Some("12-од"), Some("2024-01-15"))
    );

    // Each measure as the document says it, read by hand.
    let expected = [
        ("1", true, vec![], "deadline", vec!["2024-03-01"], vec!["administration"]),
        ("2", false, vec!["1.1", "1.2"], "windows", vec!["2024-01/2024-03", "2025-01/2025-03"], vec!["other"]),
        ("3", false, vec!["2.1"], "windows", vec!["2024-01/2025-12"], vec!["administration"]),
        ("4", false, vec!["3.1"], "windows", vec!["2024-01/2024-03"], vec!["parents"]),
        (
            "5",
            false,
            vec!["3.1", "3.2"],
            "recurring",
            vec![
                "2024-01/2024-03",
                "2024-04/2024-06",
                "2024-07/2024-09",
                "2024-10/2024-12",
                "2025-01/2025-03",
                "2025-04/2025-06",
                "2025-07/2025-09",
                "2025-10/2025-12",
            ],
            vec!["teachers"],
        ),
        ("6", false, vec![], "dates", vec!["2024-09-05/2024-09-23"], vec!["teachers"]),
        ("7", false, vec!["9.9"], "unread", vec![], vec!["teachers"]),
    ];
    let read = measures(&docx);
    assert_eq!(read.len(), expected.len());
    for (m, (number, all_found, codes, kind, occurrences, audience)) in read.iter().zip(expected) {
        assert_eq!(m["number"], number);
        assert_eq!(m["targetsAllFound"], all_found, "measure {number}");
        assert_eq!(m["targetCodes"], json!(codes), "measure {number}");
        assert_eq!(m["schedule"]["kind"], kind, "measure {number}");
        assert_eq!(m["schedule"]["occurrences"], json!(occurrences), "measure {number}");
        assert_eq!(m["audienceKinds"], json!(audience), "measure {number}");
    }
    assert_eq!(read[4]["schedule"]["every"], "quarter");
    assert_eq!(read[6]["plannedOccurrences"], json!(["plan"]), "an unread schedule plans no date");

    // Every doubt is a warning at its cell: rows of the sheet below its five title lines, rows of
    // the Word table from its header.
    let sheet = warnings(&tsv);
    assert_eq!(sheet, warnings(&xlsx));
    let word: Vec<(i64, String, String)> = sheet.iter().map(|(r, c, code)| (r - 5, c.clone(), code.clone())).collect();
    assert_eq!(word, warnings(&docx));
    for expected in [
        (6, "I", "column_ignored"),
        (8, "E", "unclassified_audience"),
        (8, "F", "party_not_in_registry"),
        (12, "D", "missing_parameter_code"),
        (13, "D", "unknown_parameter_code"),
        (13, "G", "unreadable_schedule"),
    ] {
        let expected = (expected.0, expected.1.to_owned(), expected.2.to_owned());
        assert!(sheet.contains(&expected), "{expected:?} in {sheet:?}");
    }

    // The coverage, counted by hand: measure 1 reaches every present risk through «все
    // выявленные риски»; 2 targets 1.1 and 1.2, 3 targets 2.1, 4 and 5 target 3.1, 5 targets 3.2.
    let id = roadmap["id"].as_str().unwrap();
    let coverage = z.app.get(&format!("/api/v1/roadmaps/{id}/coverage")).await.expect(200);
    let by_code: Vec<(String, String, Vec<String>, Vec<String>)> = coverage["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let numbers = |list: &Value| {
                list.as_array().unwrap().iter().map(|m| m["number"].as_str().unwrap().to_owned()).collect()
            };
            (
                p["code"].as_str().unwrap().to_owned(),
                p["status"].as_str().unwrap().to_owned(),
                numbers(&p["byCode"]),
                numbers(&p["byAllFound"]),
            )
        })
        .collect();
    let hand = |code: &str, measures: &[&str]| {
        (
            code.to_owned(),
            "by_code".to_owned(),
            measures.iter().map(|m| (*m).to_owned()).collect::<Vec<_>>(),
            vec!["1".to_owned()],
        )
    };
    assert_eq!(
        by_code,
        [hand("1.1", &["2"]), hand("1.2", &["2"]), hand("2.1", &["3"]), hand("3.1", &["4", "5"]), hand("3.2", &["5"])]
    );
    assert_eq!((coverage["notTargeted"].clone(), coverage["uncovered"].clone()), (json!([]), json!([])));

    // A report on a span of days is named by its key.
    let report =
        json!({ "position": 6, "occurrence": "2024-09-05/2024-09-23", "status": "held", "heldOn": "2024-09-20" });
    z.app.post(&format!("/api/v1/roadmaps/{id}/reports"), &report).await.expect(201);
}

#[tokio::test]
async fn a_schools_plan_for_a_school_year_reads_its_months_from_september_to_august() {
    let z = zoo().await;
    let audit = audit(&z).await;
    let m = z.t.municipality("khotynetsky");
    let owner = z.t.organization("khotynetsky", "МБОУ «Юрьевская СОШ»");
    let path = format!(
        "/api/v1/imports/roadmap?municipalityId={m}&ownerId={owner}&periodFrom=2024&periodTo=2025&auditId={audit}"
    );
    let answer = z.app.upload(&path, DOCX, document!("roadmap-yurievskaya-2024-25.docx")).await.expect(201);
    let roadmap = &answer["roadmap"];
    assert_eq!(roadmap["schoolYear"], true, "the title says «на 2024/2025 учебный год»");
    assert_eq!(roadmap["title"], "План мероприятий по повышению качества образования на 2024/2025 учебный год");
    assert_eq!(roadmap["approval"]["number"], "101");
    let read: Vec<(String, String, Value, Value)> = roadmap["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["number"].as_str().unwrap().to_owned(),
                m["title"].as_str().unwrap().to_owned(),
                m["schedule"]["occurrences"].clone(),
                m["audienceKinds"].clone(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "1".into(),
                "Входная диагностика по математике и русскому языку".into(),
                json!(["2024-09"]),
                json!(["students"])
            ),
            ("2".into(), "Анализ результатов ВПР".into(), json!(["2024-10", "2025-05"]), json!(["teachers"])),
            (
                "3".into(),
                "Дополнительные занятия с неуспевающими".into(),
                json!(["2024-11/2024-12"]),
                json!(["students"])
            ),
            ("4".into(), "Заседание педагогического совета".into(), json!(["2025-01/2025-05"]), json!(["teachers"])),
            ("5".into(), "Пробные экзамены в 9 классах".into(), json!([]), json!(["students"])),
        ]
    );
    assert_eq!(roadmap["measures"][1]["targetsAllFound"], true);
    assert_eq!(roadmap["measures"][4]["schedule"]["kind"], "separate_plan");
    assert_eq!(roadmap["measures"][4]["schedule"]["plan"], "По графику РЦОИ");
    assert_eq!(roadmap["measures"][0]["grades"], json!([5, 6, 7, 8, 9]));
}

#[tokio::test]
async fn a_plan_under_a_two_row_header_reads_its_leaves() {
    let z = zoo().await;
    let audit = audit(&z).await;
    let m = z.t.municipality("khotynetsky");
    let owner = z.t.organization("khotynetsky", "МБОУ «Богородицкая СОШ»");
    let path = format!(
        "/api/v1/imports/roadmap?municipalityId={m}&ownerId={owner}&periodFrom=2024&periodTo=2025&auditId={audit}&title=План-график"
    );
    let answer = z.app.upload(&path, XLSX, document!("roadmap-lesnoe.xlsx")).await.expect(201);
    let roadmap = &answer["roadmap"];
    assert_eq!((roadmap["title"].as_str(), roadmap["titleSource"].as_str()), (Some("План-график"), Some("request")));
    let read: Vec<(String, String, String, Value, Value)> = roadmap["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["title"].as_str().unwrap().to_owned(),
                m["form"].as_str().unwrap().to_owned(),
                m["schedule"]["kind"].as_str().unwrap().to_owned(),
                m["schedule"]["occurrences"].clone(),
                m["targetCodes"].clone(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "Диагностика профессиональных дефицитов педагогов".into(),
                "Анкетирование".into(),
                "windows".into(),
                json!(["2024-10/2024-12"]),
                json!(["1.1"])
            ),
            (
                "Курсы повышения квалификации".into(),
                "Обучение".into(),
                "windows".into(),
                json!(["2025-01/2025-12"]),
                json!(["1.1", "1.2"])
            ),
            (
                "Наставничество для молодых учителей".into(),
                "Наставничество".into(),
                "windows".into(),
                json!(["2024-09/2025-08"]),
                json!(["1.1"])
            ),
        ]
    );
    // No approving order above the table, and none in the request: said, not made up.
    assert!(places(&answer["warnings"]).iter().any(|(row, _, code)| *row == 0 && code == "no_approval"), "{answer}");
    assert_eq!(roadmap["approval"], Value::Null);
}
