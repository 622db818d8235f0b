//! Indicators: seed 002's courses per school summed for the municipality, a share aggregated
//! as a ratio of sums, method changes marked, and imports that write all or nothing.

use opora_tests::{SEED_002_INDICATORS, TestApp, create_territory, race, xlsx_from_tsv};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Seeded {
    app: TestApp,
    kuban_region: String,
    tver_region: String,
    tver: String,
    seversky: String,
    burashevskaya: String,
}

async fn seeded() -> Seeded {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    Seeded {
        kuban_region: t.regions["23"].clone(),
        tver_region: t.regions["69"].clone(),
        tver: t.municipality("kalininsky-tver").to_owned(),
        seversky: t.municipality("seversky").to_owned(),
        burashevskaya: t.organization("kalininsky-tver", "Бурашевская СОШ").to_owned(),
        app,
    }
}

fn point<'a>(series: &'a Value, code: &str, period: &str) -> &'a Value {
    let series = series.as_array().unwrap().iter().find(|s| s["indicator"]["code"] == code).unwrap();
    series["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == period)
        .unwrap_or_else(|| panic!("{code} {period}"))
}

#[tokio::test]
async fn seed_002_courses_sum_to_48_trained_and_5_retrained_for_2019_20() {
    let s = seeded().await;
    let path = format!("/api/v1/imports/indicators?municipalityId={}", s.tver);
    let dry = format!("{path}&dryRun=true");
    let checked = s.app.upload(&dry, TSV, SEED_002_INDICATORS.as_bytes().to_vec()).await.expect(200);
    assert_eq!((checked["status"].as_str(), checked["importId"].as_str()), (Some("checked"), None));
    let report = s.app.upload(&path, TSV, SEED_002_INDICATORS.as_bytes().to_vec()).await.expect(201);
    assert_eq!((report["observations"].as_i64(), report["organizations"].as_i64()), (Some(14), Some(9)));
    assert_eq!(report["observations"], checked["observations"], "the dry run checked what the import wrote");

    let series_path = format!(
        "/api/v1/indicators/series?municipalityId={}&codes=pd_completed,retrained,attested_first,innovation_applications",
        s.tver
    );
    let series = s.app.get(&series_path).await.expect(200);
    let trained = point(&series, "pd_completed", "2019/20");
    assert_eq!((trained["aggregated"].as_f64(), trained["organizations"].as_i64()), (Some(48.0), Some(5)));
    assert_eq!((trained["value"].as_f64(), trained["reported"].as_f64()), (Some(48.0), None));
    let retrained = point(&series, "retrained", "2019/20");
    assert_eq!((retrained["value"].as_f64(), retrained["organizations"].as_i64()), (Some(5.0), Some(1)));
    // Seed 000: the municipality's own figures for 2022/23.
    let own = point(&series, "pd_completed", "2022/23");
    assert_eq!((own["reported"].as_f64(), own["aggregated"].as_f64()), (Some(411.0), None));
    assert_eq!(point(&series, "attested_first", "2022/23")["value"].as_f64(), Some(45.0));
    assert_eq!(point(&series, "innovation_applications", "2023")["aggregated"].as_f64(), Some(5.0));
    assert_eq!(point(&series, "pd_completed", "2019/20")["periodKind"], "academic_year");
    // An unknown code is named in the error, and a code of 5,000 characters only by its start.
    let long = "x".repeat(5_000);
    let unknown = format!("/api/v1/indicators/series?municipalityId={}&codes=nope,{long}", s.tver);
    let problem = s.app.get(&unknown).await.expect(422);
    let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, ["codes[0]", "codes[1]"]);
    assert_eq!(problem["errors"][0]["message"], "no indicator 'nope'");
    assert!(problem["errors"][1]["message"].as_str().unwrap().chars().count() < 100, "{problem}");

    let school = s
        .app
        .get(&format!("/api/v1/indicators/series?organizationId={}&codes=pd_completed,retrained", s.burashevskaya))
        .await
        .expect(200);
    assert_eq!(point(&school, "pd_completed", "2019/20")["value"].as_f64(), Some(10.0));
    assert_eq!(point(&school, "retrained", "2019/20")["value"].as_f64(), Some(5.0));

    let query = "query($m: UUID!) { indicatorSeries(municipalityId: $m, codes: [\"pd_completed\", \"retrained\", \"attested_first\", \"innovation_applications\"]) {
        indicator { id code version name unit level aggregation base numerator denominator method recordedAt aliases { alias regionId } }
        points { period periodKind value reported aggregated organizations numerator denominator small methodVersion methodBreak registered partial } } }";
    let answer = s.app.graphql(query, json!({ "m": s.tver })).await;
    assert_eq!(answer["data"]["indicatorSeries"], series, "{answer}");

    // The same table again, eight times at once: nothing changes.
    for (status, body) in race(&s.app, &path, SEED_002_INDICATORS, None, 8).await {
        assert_eq!(status, 201, "{body}");
    }
    assert_eq!(s.app.get(&series_path).await.expect(200), series);
    // The workbook the table was kept in says the same.
    s.app.upload(&path, XLSX, xlsx_from_tsv(SEED_002_INDICATORS)).await.expect(201);
    assert_eq!(s.app.get(&series_path).await.expect(200), series);
}

#[tokio::test]
async fn a_share_of_schools_of_unequal_size_is_the_sum_of_numerators_over_the_sum_of_denominators() {
    let s = seeded().await;
    // 150 of 200, 19 of 20 and 2 of 8: the mean of the shares is 65 %, the share of pupils 75 %.
    let table = "ОО\tstudents_5_9\textracurricular_5_9\n\
                 МБОУ СОШ № 2\t200\t150\n\
                 МБОУ СОШ № 6\t20\t19\n\
                 МБОУ ООШ № 8\t8\t2\n\
                 МБОУ СОШ № 7\t31\t\n";
    let path = format!("/api/v1/imports/indicators?municipalityId={}&period=2023/24", s.seversky);
    let report = s.app.upload(&path, TSV, table.as_bytes().to_vec()).await.expect(201);
    assert_eq!(report["observations"], 7, "an empty cell of a wide table is no value");

    let series = s
        .app
        .get(&format!("/api/v1/indicators/series?municipalityId={}&codes=extracurricular_5_9_share", s.seversky))
        .await
        .expect(200);
    let share = point(&series, "extracurricular_5_9_share", "2023/24");
    assert_eq!((share["numerator"].as_f64(), share["denominator"].as_f64()), (Some(171.0), Some(228.0)));
    assert_eq!(share["organizations"], 3, "СОШ № 7 reports no numerator and is left out of both sums");
    let value = share["value"].as_f64().unwrap();
    assert!((value - 100.0 * 171.0 / 228.0).abs() < 1e-9, "{value}");
    let mean_of_shares = (75.0 + 95.0 + 25.0) / 3.0;
    assert!((value - mean_of_shares).abs() > 5.0);
    assert_eq!(share["small"], false);
    // The region combines its schools the same way; a municipal operator may not ask for it.
    let region = s
        .app
        .get(&format!("/api/v1/indicators/series?regionId={}&codes=extracurricular_5_9_share", s.kuban_region))
        .await
        .expect(200);
    let regional = point(&region, "extracurricular_5_9_share", "2023/24");
    assert_eq!((regional["numerator"].as_f64(), regional["denominator"].as_f64()), (Some(171.0), Some(228.0)));
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.seversky })).await;
    let path = format!("/api/v1/indicators/series?regionId={}&codes=students", s.kuban_region);
    s.app.as_caller(&token).get(&path).await.expect(403);

    let catalogue = s.app.get("/api/v1/indicators").await.expect(200);
    let small_school = catalogue.as_array().unwrap().iter().find(|i| i["code"] == "extracurricular_5_9_share").unwrap();
    assert_eq!(
        (small_school["numerator"].as_str(), small_school["unit"].as_str()),
        (Some("extracurricular_5_9"), Some("%"))
    );
    let t = s.app.get("/api/v1/organizations?limit=100").await.expect(200);
    let oosh8 = t["items"].as_array().unwrap().iter().find(|o| o["name"] == "МБОУ ООШ № 8").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let school = s
        .app
        .get(&format!("/api/v1/indicators/series?organizationId={oosh8}&codes=extracurricular_5_9_share"))
        .await
        .expect(200);
    let small = point(&school, "extracurricular_5_9_share", "2023/24");
    assert_eq!(
        (small["value"].as_f64(), small["denominator"].as_f64(), small["small"].as_bool()),
        (Some(25.0), Some(8.0), Some(true))
    );
}

#[tokio::test]
async fn a_new_method_marks_a_break_in_the_series() {
    let s = seeded().await;
    let path = format!("/api/v1/imports/indicators?municipalityId={}", s.tver);
    s.app.upload(&path, TSV, SEED_002_INDICATORS.as_bytes().to_vec()).await.expect(201);
    let method = json!({ "code": "pd_completed", "name": "Педагоги, прошедшие курсы повышения квалификации (не менее 36 часов)",
        "unit": "чел.", "level": "organization", "aggregation": "sum", "method": "Только курсы объёмом не менее 36 часов" });
    let defined = s.app.post("/api/v1/indicators", &method).await.expect(201);
    assert_eq!(defined["version"], 2);
    let table = "Организация\tПоказатель\tПериод\tЗначение\nБурашевская СОШ\tpd_completed\t2020/21\t7\n";
    s.app.upload(&path, TSV, table.as_bytes().to_vec()).await.expect(201);
    let series = s
        .app
        .get(&format!("/api/v1/indicators/series?organizationId={}&codes=pd_completed", s.burashevskaya))
        .await
        .expect(200);
    let marks: Vec<(&str, i64, bool)> = series[0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (p["period"].as_str().unwrap(), p["methodVersion"].as_i64().unwrap(), p["methodBreak"].as_bool().unwrap())
        })
        .collect();
    assert_eq!(marks, vec![("2019/20", 1, false), ("2020/21", 2, true)]);
}

#[tokio::test]
async fn bad_tables_are_refused_with_their_place_and_write_nothing() {
    let s = seeded().await;
    let path = format!("/api/v1/imports/indicators?municipalityId={}", s.tver);
    let table = "Организация\tПоказатель\tПериод\tЗначение\n\
                 Бурашевская СОШ\tpd_completed\t2019/20\t10\n\
                 Бурашевская СОШ\tno_such_thing\t2019/20\t3\n\
                 Бурашевская СОШ\tretrained\tвесна\t5\n\
                 Пушкинская СОШ\tpd_completed\t2019/20\t-9\n\
                 Несуществующая СОШ\tpd_completed\t2019/20\t4\n\
                 Бурашевская СОШ\tpd_completed\t2019/20\t11\n\
                 Бурашевская СОШ\tmethodical_associations\t2019/20\t2\n";
    let problem = s.app.upload(&path, TSV, table.as_bytes().to_vec()).await.expect(422);
    let places: Vec<(i64, &str, &str)> = problem["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] != "warning")
        .map(|i| (i["row"].as_i64().unwrap(), i["column"].as_str().unwrap(), i["code"].as_str().unwrap()))
        .collect();
    for expected in [
        (3, "B", "unknown_indicator"),
        (4, "C", "invalid_period"),
        (5, "D", "out_of_range"),
        (7, "D", "second_value"),
        (8, "D", "wrong_level"),
    ] {
        assert!(places.contains(&expected), "{expected:?} in {places:?}");
    }
    assert!(places.iter().any(|(row, column, _)| *row == 6 && *column == "A"), "the unknown school: {places:?}");
    let wide = "ОО\tПериод\tstudents\tчисло звёзд\nБурашевская СОШ\t2023\t120\t5\n";
    let problem = s.app.upload(&path, TSV, wide.as_bytes().to_vec()).await.expect(422);
    assert_eq!((problem["issues"][0]["row"].as_i64(), problem["issues"][0]["column"].as_str()), (Some(1), Some("D")));
    let nothing = s
        .app
        .get(&format!("/api/v1/indicators/series?municipalityId={}&codes=pd_completed,students", s.tver))
        .await
        .expect(200);
    assert!(nothing.as_array().unwrap().iter().all(|s| s["points"] == json!([])), "nothing was written: {nothing}");

    // Definitions are checked too, and only administrators define.
    let share = json!({ "code": "pairs_share", "name": "Доля", "unit": "%", "level": "organization",
        "aggregation": "share", "numerator": "mentoring_pairs", "denominator": "no_such_count" });
    let problem = s.app.post("/api/v1/indicators", &share).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "denominator");
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.seversky })).await;
    let stranger = s.app.as_caller(&token);
    let sum = json!({ "code": "pairs", "name": "Пары", "unit": "ед.", "level": "organization", "aggregation": "sum" });
    stranger.post("/api/v1/indicators", &sum).await.expect(403);

    // Scoping: another municipality's operator neither imports nor reads here; an analyst reads only.
    stranger.upload(&path, TSV, SEED_002_INDICATORS.as_bytes().to_vec()).await.expect(404);
    stranger.get(&format!("/api/v1/indicators/series?municipalityId={}&codes=students", s.tver)).await.expect(404);
    stranger
        .get(&format!("/api/v1/indicators/series?organizationId={}&codes=students", s.burashevskaya))
        .await
        .expect(404);
    let (_, token) = s.app.sign_in_as("analyst", json!({ "level": "municipality", "id": s.tver })).await;
    let analyst = s.app.as_caller(&token);
    analyst.upload(&path, TSV, SEED_002_INDICATORS.as_bytes().to_vec()).await.expect(403);
    analyst.get(&format!("/api/v1/indicators/series?municipalityId={}&codes=students", s.tver)).await.expect(200);
    s.app.anonymous().upload(&path, TSV, SEED_002_INDICATORS.as_bytes().to_vec()).await.expect(401);
    s.app.get(&format!("/api/v1/indicators/series?municipalityId={}&codes=", s.tver)).await.expect(422);
}

#[tokio::test]
async fn hostile_series_and_import_requests_are_bounded() {
    let s = seeded().await;
    let codes = vec!["students"; 21].join(",");
    let problem =
        s.app.get(&format!("/api/v1/indicators/series?municipalityId={}&codes={codes}", s.tver)).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "codes");
    let both = format!("/api/v1/indicators/series?municipalityId={}&regionId={}&codes=students", s.tver, s.tver);
    s.app.get(&both).await.expect(422);
    let path = format!("/api/v1/imports/indicators?municipalityId={}", s.tver);
    // A binary blob, a header alone, a value with a thousand digits, a bad period for the table.
    s.app.upload(&path, TSV, vec![0xff, 0xfe, 0x00, 0x01]).await.expect(422);
    s.app.upload(&path, TSV, b"\xd0\x9e\xd0\x9e\tstudents\n".to_vec()).await.expect(422);
    let long = format!("ОО\tПериод\tstudents\nБурашевская СОШ\t2023\t{}\n", "9".repeat(1_000));
    let problem = s.app.upload(&path, TSV, long.into_bytes()).await.expect(422);
    assert_eq!(problem["issues"][0]["code"], "invalid_value");
    let bad_period = format!("/api/v1/imports/indicators?municipalityId={}&period=когда-нибудь", s.tver);
    let table = "ОО\tstudents\nБурашевская СОШ\t120\n";
    let problem = s.app.upload(&bad_period, TSV, table.as_bytes().to_vec()).await.expect(422);
    assert_eq!(problem["errors"][0]["field"], "period");
    let many_rows: String = std::iter::once("ОО\tПериод\tstudents\n".to_owned())
        .chain((0..19_000).map(|i| format!("Несуществующая СОШ № {i}\t2023\t1\n")))
        .collect();
    let problem = s.app.upload(&path, TSV, many_rows.into_bytes()).await.expect(422);
    assert!(problem["issues"].as_array().unwrap().len() <= 1_000, "the issue list is capped");
    let nothing = s.app.get(&format!("/api/v1/indicators/series?municipalityId={}&codes=students", s.tver)).await;
    assert_eq!(nothing.expect(200)[0]["points"], json!([]));
}

/// Тверская область's operator teaches Opora the names its municipalities' tables use; Кубань's
/// tables are not read by them.
#[tokio::test]
async fn a_municipalitys_own_names_read_through_the_aliases_its_region_keeps() {
    let s = seeded().await;
    let (_, token) = s.app.sign_in_as("regional", json!({ "level": "region", "id": s.tver_region })).await;
    let regional = s.app.as_caller(&token);
    let path = format!("/api/v1/imports/indicators?municipalityId={}", s.tver);
    let table = "Наименование ОО\tПоказатель\tУчебный год\tЗначение\tЕд. изм.\n\
                 Бурашевская СОШ\tПрошли курсы повышения квалификации\t2019/20\t10 чел.\tчел.\n\
                 Васильевская СОШ\tПрошли курсы повышения квалификации\t2019/20\t—\tчел.\n\
                 Тверская СОШ им. И.С.Конева\tпрошли  курсы повышения квалификации\t2019/20\t8\tчел.\n";
    // Before the alias: the name is reported once, with the indicator it probably means.
    let problem = regional.upload(&path, TSV, table.as_bytes().to_vec()).await.expect(422);
    let unknown: Vec<&Value> =
        problem["issues"].as_array().unwrap().iter().filter(|i| i["code"] == "unknown_indicator").collect();
    assert_eq!(unknown.len(), 1, "{problem}");
    assert!(unknown[0]["message"].as_str().unwrap().contains("pd_completed"), "{problem}");

    let body = json!({ "aliases": ["Прошли курсы повышения квалификации"], "regionId": s.tver_region });
    let indicator = regional.patch("/api/v1/indicators/pd_completed", &body).await.expect(200);
    assert_eq!(
        indicator["aliases"],
        json!([{ "alias": "Прошли курсы повышения квалификации", "regionId": s.tver_region }])
    );
    let report = regional.upload(&path, TSV, table.as_bytes().to_vec()).await.expect(201);
    let warnings: Vec<(i64, &str, &str)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["row"].as_i64().unwrap(), w["column"].as_str().unwrap(), w["code"].as_str().unwrap()))
        .collect();
    assert_eq!(warnings, [(1, "E", "column_ignored"), (2, "D", "unit_in_value"), (3, "D", "no_data")]);
    let series =
        s.app.get(&format!("/api/v1/indicators/series?municipalityId={}&codes=pd_completed", s.tver)).await.expect(200);
    let point = point(&series, "pd_completed", "2019/20");
    assert_eq!((point["aggregated"].as_f64(), point["organizations"].as_i64()), (Some(18.0), Some(2)));

    // Кубань's imports do not read Тверь's aliases.
    let kuban = format!("/api/v1/imports/indicators?municipalityId={}", s.seversky);
    let other = table.replace("Бурашевская СОШ", "МАОУ СОШ № 1");
    let problem = s.app.upload(&kuban, TSV, other.into_bytes()).await.expect(422);
    assert!(problem["issues"].as_array().unwrap().iter().any(|i| i["code"] == "unknown_indicator"), "{problem}");
}

#[tokio::test]
async fn hostile_alias_requests_are_refused_and_change_nothing() {
    let s = seeded().await;
    let path = "/api/v1/indicators/pd_completed";
    let too_many: Vec<String> = (0..51).map(|i| format!("Название {i}")).collect();
    for (body, field) in [
        (json!({ "aliases": too_many }), "aliases"),
        (json!({ "aliases": ["Педагоги, прошедшие профессиональную переподготовку"] }), "aliases[0]"),
        (json!({ "aliases": ["retrained"] }), "aliases[0]"),
        (json!({ "aliases": ["a\u{0000}b"] }), "aliases[0]"),
        (json!({ "aliases": ["x".repeat(600)] }), "aliases[0]"),
    ] {
        let problem = s.app.patch(path, &body).await.expect(422);
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    s.app.patch(path, &json!({ "aliases": [], "color": "red" })).await.expect(422);
    s.app.patch("/api/v1/indicators/no_such_thing", &json!({ "aliases": ["Что-то"] })).await.expect(404);
    s.app.anonymous().patch(path, &json!({ "aliases": ["Что-то"] })).await.expect(401);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.tver })).await;
    s.app.as_caller(&token).patch(path, &json!({ "aliases": ["Что-то"] })).await.expect(403);
    // A region's operator keeps their region's aliases, not another's, nor everyone's.
    let (_, token) = s.app.sign_in_as("regional", json!({ "level": "region", "id": s.tver_region })).await;
    let regional = s.app.as_caller(&token);
    regional.patch(path, &json!({ "aliases": ["Что-то"], "regionId": s.kuban_region })).await.expect(404);
    regional.patch(path, &json!({ "aliases": ["Что-то"] })).await.expect(403);
    let catalogue = s.app.get("/api/v1/indicators").await.expect(200);
    let kept = catalogue.as_array().unwrap().iter().find(|i| i["code"] == "pd_completed").unwrap();
    assert_eq!(kept["aliases"], json!([]), "nothing was kept");
}
