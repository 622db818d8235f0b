//! Monitoring reports written as other municipalities would: other headings, conclusions
//! numbered «1)» under Roman levels or by Word's own list numbering, recommendations in one typed
//! list with inline addressees or in a table with a merged addressee cell, dues as text, codes
//! across factors, cited documents and figures. Each reading is checked against the document,
//! counted by hand, and GraphQL reads what REST recorded.

use opora_tests::{SEED_002_INDICATORS, SEED_004_ROADMAP};
use serde_json::{Value, json};

use super::{DOCX, TSV, Zoo, document, places, zoo};

fn texts(list: &Value, keys: &[&str]) -> Vec<Vec<Value>> {
    list.as_array().unwrap().iter().map(|item| keys.iter().map(|k| item[*k].clone()).collect()).collect()
}

/// REST's record and GraphQL's reading of the same campaign agree on what the report says.
async fn graphql_agrees(z: &Zoo, campaign: &Value) {
    let query = "query($id: UUID!) { monitoringCampaign(id: $id) { academicYear wording scope \
                 monitoringWindow { from to } signatory { position name } order { issuer number date title } \
                 plan { number date } citedDocuments { kind role document { number date } paragraph link { entity id } } \
                 citedFigures { text value unit sentence paragraph agreement { indicator observed agrees } } \
                 conclusions { number level text parameters } \
                 recommendations { number addresseeRole addresseeIds text dueOn dueText dueKind parameters } } }";
    let answer = z.app.graphql(query, json!({ "id": campaign["id"] })).await;
    let g = &answer["data"]["monitoringCampaign"];
    for key in ["academicYear", "wording", "scope", "monitoringWindow", "signatory", "order"] {
        assert_eq!(g[key], campaign[key], "{key}: {answer}");
    }
    let keys = ["number", "addresseeRole", "addresseeIds", "text", "dueOn", "dueText", "dueKind", "parameters"];
    assert_eq!(texts(&g["recommendations"], &keys), texts(&campaign["recommendations"], &keys));
    let keys = ["number", "level", "text", "parameters"];
    assert_eq!(texts(&g["conclusions"], &keys), texts(&campaign["conclusions"], &keys));
    let keys = ["text", "value", "unit", "sentence", "paragraph"];
    assert_eq!(texts(&g["citedFigures"], &keys), texts(&campaign["citedFigures"], &keys));
    let keys = ["kind", "role", "paragraph", "link"];
    assert_eq!(texts(&g["citedDocuments"], &keys), texts(&campaign["citedDocuments"], &keys));
}

#[tokio::test]
async fn a_report_with_roman_levels_and_one_typed_list_reads_with_its_window_dues_codes_and_figures() {
    let z = zoo().await;
    let tver = z.t.municipality("kalininsky-tver");
    // Seed 000's figures for the district: 411 teachers trained and 45 first-category
    // attestations in 2022/23, against which the report's figures are compared.
    let path = format!("/api/v1/imports/indicators?municipalityId={tver}");
    z.app.upload(&path, TSV, SEED_002_INDICATORS.into()).await.expect(201);
    let path = format!("/api/v1/imports/monitoring?municipalityId={tver}");
    let answer = z.app.upload(&path, DOCX, document!("report-kalininsky-2022-23.docx")).await.expect(201);
    let c = &answer["campaign"];
    // The «1)» items under Roman levels are held as 1.1…2.2, each said; the codes across
    // factors are said at their paragraph.
    let warnings = places(&answer["warnings"]);
    let expected: Vec<(i64, String, String)> = [
        (9, "conclusion_renumbered"),
        (10, "conclusion_renumbered"),
        (12, "conclusion_renumbered"),
        (13, "conclusion_renumbered"),
        (17, "range_across_factors"),
    ]
    .into_iter()
    .map(|(row, code)| (row, String::new(), code.to_owned()))
    .collect();
    assert_eq!(warnings, expected, "{}", answer["warnings"]);

    assert_eq!(
        c["title"],
        "АНАЛИТИЧЕСКАЯ СПРАВКА по итогам мониторинга реализации муниципальной программы поддержки школ с низкими результатами обучения в 2022/2023 учебном году"
    );
    assert_eq!((c["place"].as_str(), c["reportDate"].as_str()), (Some("г. Тверь"), Some("2023-06-17")));
    assert_eq!(c["monitoringWindow"], json!({ "from": "2023-05-20", "to": "2023-06-14" }));
    assert_eq!(
        (c["academicYear"].as_str(), c["periodFrom"].as_i64(), c["periodTo"].as_i64()),
        (Some("2022/2023"), Some(2022), Some(2023))
    );
    assert_eq!(
        c["order"],
        json!({ "issuer": "Управления образования администрации Калининского района", "number": "87-од", "date": "2023-05-12", "title": null })
    );
    assert_eq!(c["plan"], Value::Null);
    assert_eq!(c["signatory"], json!({ "position": "Начальник Управления образования", "name": "Е.Н. Смирнова" }));
    assert_eq!(c["wording"], "verbatim");
    let schools = [
        z.t.organization("kalininsky-tver", "МОУ «Некрасовская СОШ»"),
        z.t.organization("kalininsky-tver", "МОУ «Рождественская СОШ»"),
    ];
    assert_eq!(c["scope"], json!(schools));
    assert_eq!(
        c["citedDocuments"],
        json!([{ "kind": "order", "role": "decides_list", "paragraph": 5, "link": null,
                 "document": { "issuer": "Министерства образования Тверской области", "number": "211/ПК", "date": "2023-02-14", "title": null } }])
    );
    assert_eq!(
        texts(&c["conclusions"], &["number", "level", "parameters"]),
        vec![
            vec![json!("1.1"), json!("municipal"), Value::Null],
            vec![json!("1.2"), json!("municipal"), json!("1.1, 1.3")],
            vec![json!("2.1"), json!("school"), Value::Null],
            vec![json!("2.2"), json!("school"), Value::Null],
        ]
    );
    assert_eq!(c["conclusions"][1]["text"], "Дефицит педагогических кадров сохраняется (параметры 1.1, 1.3).");
    assert_eq!(
        texts(
            &c["recommendations"],
            &["number", "addresseeRole", "addresseeIds", "dueOn", "dueText", "dueKind", "parameters"]
        ),
        vec![
            vec![
                json!("1"),
                json!("Руководителям ОО"),
                json!([]),
                json!("2023-09-01"),
                json!("до 01.09.2023"),
                json!("deadline"),
                json!("1.1–1.3")
            ],
            vec![
                json!("2"),
                json!("Методическому кабинету"),
                json!([]),
                Value::Null,
                json!("в течение 2023/2024 учебного года"),
                json!("windows"),
                Value::Null
            ],
            vec![
                json!("3"),
                Value::Null,
                json!(schools),
                Value::Null,
                json!("ежеквартально"),
                json!("recurring"),
                json!("1.1–5.3")
            ],
        ]
    );
    // The due is the recommendation's, not its text.
    assert_eq!(
        c["recommendations"][0]["text"],
        "обеспечить прохождение курсов повышения квалификации по параметрам 1.1–1.3."
    );
    // The figures with their sentences; 411 agrees with seed 000's district figure, 44 does not
    // agree with its 45.
    let figures = texts(&c["citedFigures"], &["text", "value", "paragraph"]);
    assert_eq!(
        figures,
        vec![vec![json!("411 педагогов"), json!(411.0), json!(6)], vec![json!("44 педагога"), json!(44.0), json!(6)]]
    );
    assert_eq!(
        c["citedFigures"][0]["sentence"],
        "Курсы повышения квалификации в 2022/2023 учебном году прошли 411 педагогов и руководителей."
    );
    assert_eq!(
        c["citedFigures"][0]["agreement"],
        json!({ "indicator": "pd_completed", "indicatorName": "Педагоги и руководители, прошедшие курсы повышения квалификации", "period": "2022/23", "observed": 411.0, "agrees": true })
    );
    assert_eq!(
        (
            c["citedFigures"][1]["agreement"]["indicator"].as_str(),
            c["citedFigures"][1]["agreement"]["observed"].as_f64()
        ),
        (Some("attested_first"), Some(45.0))
    );
    assert_eq!(c["citedFigures"][1]["agreement"]["agrees"], false);
    graphql_agrees(&z, c).await;
}

#[tokio::test]
async fn a_report_numbered_by_word_with_a_table_of_recommendations_reads_and_links_its_plan() {
    let z = zoo().await;
    let seversky = z.t.municipality("seversky");
    // The roadmap the report monitored, approved by order № 15-од of 12.01.2024.
    let path = format!(
        "/api/v1/imports/roadmap?municipalityId={seversky}&periodFrom=2024&periodTo=2024&approvalNumber=15-%D0%BE%D0%B4&approvalDate=2024-01-12"
    );
    let roadmap = z.app.upload(&path, TSV, SEED_004_ROADMAP.into()).await.expect(201);
    let path = format!("/api/v1/imports/monitoring?municipalityId={seversky}");
    let answer = z.app.upload(&path, DOCX, document!("report-seversky-2024.docx")).await.expect(201);
    let c = &answer["campaign"];
    // A row of the table is placed by the table and its row, after the paragraph it follows.
    assert_eq!(places(&answer["warnings"]), [(15, String::new(), "range_across_factors".to_owned())]);
    assert!(answer["warnings"][0]["message"].as_str().unwrap().starts_with("table 1, row 4: recommendation 3:"));

    assert_eq!((c["place"].as_str(), c["reportDate"].as_str()), (Some("ст-ца Северская"), Some("2024-11-14")));
    assert_eq!(c["monitoringWindow"], json!({ "from": "2024-10-14", "to": "2024-11-08" }));
    assert_eq!(
        (c["academicYear"].clone(), c["periodFrom"].as_i64(), c["periodTo"].as_i64()),
        (Value::Null, Some(2024), Some(2024))
    );
    assert_eq!(c["order"]["title"], "О проведении мониторинга исполнения дорожной карты");
    assert_eq!((c["order"]["number"].as_str(), c["order"]["date"].as_str()), (Some("1215"), Some("2024-10-01")));
    assert_eq!(
        c["plan"],
        json!({ "issuer": "управления образования", "number": "15-од", "date": "2024-01-12", "title": null })
    );
    assert_eq!(c["roadmapId"], roadmap["roadmapId"], "the plan's order names the roadmap Opora holds");
    assert_eq!(c["signatory"], json!({ "position": "Начальник управления образования", "name": "О.В. Кузнецова" }));
    let schools = [z.t.organization("seversky", "МБОУ СОШ № 7"), z.t.organization("seversky", "МБОУ СОШ № 27")];
    assert_eq!(c["scope"], json!(schools));
    assert_eq!(
        texts(&c["citedDocuments"], &["kind", "role", "paragraph", "link"]),
        vec![
            vec![json!("order"), json!("decides_list"), json!(4), Value::Null],
            vec![json!("protocol"), json!("other"), json!(7), Value::Null],
        ]
    );
    assert_eq!(
        c["citedDocuments"][1]["document"],
        json!({ "issuer": null, "number": "3", "date": "2024-11-12", "title": null })
    );
    // Word's multi-level list: «1. Муниципальный уровень», «1.1.», «1.2.», «2. Уровень …».
    assert_eq!(
        texts(&c["conclusions"], &["number", "level", "parameters"]),
        vec![
            vec![json!("1.1"), json!("municipal"), json!("1.1–1.3")],
            vec![json!("1.2"), json!("municipal"), Value::Null],
            vec![json!("2.1"), json!("school"), Value::Null],
            vec![json!("2.2"), json!("school"), json!("1.2")],
        ]
    );
    // The merged addressee cell covers both rows it spans.
    assert_eq!(
        texts(&c["recommendations"], &["number", "addresseeRole", "addresseeIds", "dueText", "dueKind", "parameters"]),
        vec![
            vec![
                json!("1"),
                Value::Null,
                json!(schools),
                json!("в I полугодии 2024/2025 учебного года"),
                json!("windows"),
                json!("1.2")
            ],
            vec![json!("2"), Value::Null, json!(schools), json!("ежеквартально"), json!("recurring"), Value::Null],
            vec![
                json!("3"),
                json!("Управление образования"),
                json!([]),
                json!("в течение 2024/2025 учебного года"),
                json!("windows"),
                json!("1.1–5.3")
            ],
        ]
    );
    // A share no observation of Opora's gives: kept with its sentence, compared with nothing.
    assert_eq!(
        c["citedFigures"],
        json!([{ "text": "83,5 %", "value": 83.5, "unit": "%", "paragraph": 6, "agreement": null,
                 "sentence": "Доля обучающихся 5–9 классов, занятых во внеурочной деятельности, в школах перечня составила 83,5 %." }])
    );
    graphql_agrees(&z, c).await;
}

#[tokio::test]
async fn a_small_districts_report_with_its_own_words_reads_and_says_what_it_could_not() {
    let z = zoo().await;
    let khotynetsky = z.t.municipality("khotynetsky");
    let path = format!("/api/v1/imports/monitoring?municipalityId={khotynetsky}");
    let answer = z.app.upload(&path, DOCX, document!("report-ponyri-2024.docx")).await.expect(201);
    let c = &answer["campaign"];
    // «Основание: приказ …» starts the monitoring; two dates and a dash are its window.
    assert_eq!(
        c["order"],
        json!({ "issuer": "Отдела образования администрации Поныровского района", "number": "45", "date": "2024-04-01", "title": null })
    );
    assert_eq!(c["monitoringWindow"], json!({ "from": "2024-04-01", "to": "2024-04-30" }));
    assert_eq!((c["place"].as_str(), c["reportDate"].as_str()), (Some("п. Поныри"), Some("2024-05-15")));
    assert_eq!(c["signatory"], json!({ "position": "Заведующая РМК", "name": "Иванова И.И." }));
    // The school the registry holds is in the scope; the one it does not is a warning.
    assert_eq!(c["scope"], json!([z.t.organization("khotynetsky", "МБОУ «Юрьевская СОШ»")]));
    // «Заключение» names no level: unstated, and said; a text with markup is kept as data.
    assert_eq!(
        texts(&c["conclusions"], &["number", "level", "parameters"]),
        vec![
            vec![json!("1.1"), json!("unstated"), Value::Null],
            vec![json!("1.2"), json!("unstated"), json!("2.1-2.3")]
        ]
    );
    assert!(c["conclusions"][0]["text"].as_str().unwrap().contains("<script>"));
    // A deadline without «срок» ending the text is the due; «в течение года» stays in the text.
    assert_eq!(
        texts(&c["recommendations"], &["number", "addresseeRole", "text", "dueText", "dueKind", "dueOn"]),
        vec![
            vec![
                json!("1"),
                json!("Отделу образования"),
                json!("провести семинар для руководителей."),
                json!("до 01.09.2024"),
                json!("deadline"),
                json!("2024-09-01")
            ],
            vec![
                json!("2"),
                json!("Руководителям ОО"),
                json!("обеспечить контроль."),
                json!("I квартал 2025 г"),
                json!("windows"),
                Value::Null
            ],
            vec![
                json!("3"),
                json!("Педагогам"),
                json!("участвовать в вебинарах в течение года."),
                Value::Null,
                Value::Null,
                Value::Null
            ],
        ]
    );
    let warned: Vec<(i64, String)> =
        places(&answer["warnings"]).into_iter().map(|(row, _, code)| (row, code)).collect();
    assert_eq!(
        warned,
        [
            (9, "conclusion_level_unstated".to_owned()),
            (9, "conclusion_renumbered".to_owned()),
            (10, "conclusion_renumbered".to_owned()),
            (6, "organization_not_resolved".to_owned()),
        ]
    );
    // The figures as the sentence gives them, compared with nothing Opora holds.
    assert_eq!(
        texts(&c["citedFigures"], &["text", "agreement"]),
        vec![vec![json!("2 школы"), Value::Null], vec![json!("87,3 %"), Value::Null]]
    );
    graphql_agrees(&z, c).await;
}
