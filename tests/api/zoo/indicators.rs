//! Indicator tables of Калининский район (Тверская область) in five hands: a wide sheet under a
//! title with a merged two-row header and an «Итого» row; a long CSV in the municipality's own
//! names; codes as headers with units in the cells; the district's own figures; a sheet with a
//! period column below two title lines.

use serde_json::{Value, json};

use super::{CSV, TSV, XLSX, document, places, zoo};

fn point(series: &Value, code: &str, period: &str) -> (Option<f64>, Option<f64>, Option<i64>) {
    let series = series.as_array().unwrap().iter().find(|s| s["indicator"]["code"] == code).unwrap();
    let p = series["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == period)
        .unwrap_or_else(|| panic!("{code} {period}"));
    (p["reported"].as_f64(), p["aggregated"].as_f64(), p["organizations"].as_i64())
}

fn warned(answer: &Value) -> Vec<(i64, String, String)> {
    let mut found = places(&answer["warnings"]);
    found.sort();
    found
}

fn cells(list: &[(i64, &str, &str)]) -> Vec<(i64, String, String)> {
    list.iter().map(|(r, c, code)| (*r, (*c).to_owned(), (*code).to_owned())).collect()
}

#[tokio::test]
async fn indicator_tables_in_other_hands_read_as_counted_by_hand() {
    let z = zoo().await;
    let m = z.t.municipality("kalininsky-tver");
    // The region's operator teaches Opora the district's own names first.
    let (_, token) = z.app.sign_in_as("regional", json!({ "level": "region", "id": z.t.regions["69"] })).await;
    let regional = z.app.as_caller(&token);
    for (code, alias) in [("students", "Численность обучающихся"), ("pd_completed", "Прошли КПК")]
    {
        let body = json!({ "aliases": [alias], "regionId": z.t.regions["69"] });
        regional.patch(&format!("/api/v1/indicators/{code}"), &body).await.expect(200);
    }
    let import = |period: Option<&str>| match period {
        Some(p) => format!("/api/v1/imports/indicators?municipalityId={m}&period={p}"),
        None => format!("/api/v1/imports/indicators?municipalityId={m}"),
    };
    let series = |codes: &str| format!("/api/v1/indicators/series?municipalityId={m}&codes={codes}");

    // Title, empty row, «Обучающиеся» over «всего» and «из них 5–9 классов», «Итого».
    let answer =
        regional.upload(&import(Some("2024/25")), XLSX, document!("indicators-tver-wide.xlsx")).await.expect(201);
    assert_eq!(answer["observations"], 14, "3 + 3 + 4 values of three schools and 4 of the district: {answer}");
    assert_eq!(warned(&answer), cells(&[(5, "F", "no_data"), (6, "F", "unit_in_value")]));
    let read = z.app.get(&series("students,students_5_9,teaching_staff,pd_completed")).await.expect(200);
    assert_eq!(point(&read, "students", "2024/25"), (Some(716.0), Some(716.0), Some(3)));
    assert_eq!(point(&read, "students_5_9", "2024/25"), (Some(220.0), Some(220.0), Some(2)));
    assert_eq!(point(&read, "teaching_staff", "2024/25"), (Some(60.0), Some(60.0), Some(3)));
    assert_eq!(point(&read, "pd_completed", "2024/25"), (Some(8.0), Some(8.0), Some(2)));

    // The municipality's own names, through the region's aliases; «нет» is no figure.
    let answer = regional.upload(&import(None), CSV, document!("indicators-tver-long.csv")).await.expect(201);
    assert_eq!(answer["observations"], 3);
    assert_eq!(warned(&answer), cells(&[(5, "D", "no_data")]));
    let read = z.app.get(&series("students,pd_completed")).await.expect(200);
    assert_eq!(point(&read, "students", "2023/24"), (None, Some(385.0), Some(2)));
    assert_eq!(point(&read, "pd_completed", "2023/24"), (None, Some(6.0), Some(1)));

    // Codes as headers; units written in the cells are read, each with a warning.
    let answer = regional.upload(&import(None), TSV, document!("indicators-tver-codes.tsv")).await.expect(201);
    assert_eq!(answer["observations"], 5);
    assert_eq!(
        warned(&answer),
        cells(&[(2, "C", "unit_in_value"), (2, "D", "unit_in_value"), (2, "E", "unit_in_value"), (3, "E", "no_data")])
    );
    let read = z.app.get(&series("students,mentoring_pairs")).await.expect(200);
    assert_eq!(point(&read, "students", "2022/23"), (None, Some(291.0), Some(2)));
    assert_eq!(point(&read, "mentoring_pairs", "2022/23"), (None, Some(2.0), Some(1)));

    // The district's own figures, with their source.
    let answer = regional.upload(&import(None), TSV, document!("indicators-tver-territory.tsv")).await.expect(201);
    assert_eq!(answer["observations"], 2);
    let read = z.app.get(&series("retrained,methodical_associations")).await.expect(200);
    assert_eq!(point(&read, "retrained", "2023"), (Some(12.0), None, Some(0)));
    assert_eq!(point(&read, "methodical_associations", "2023").0, Some(9.0));

    // Two title lines above the header, a period per row, «—» for no figure.
    let answer = regional.upload(&import(None), XLSX, document!("indicators-tver-periods.xlsx")).await.expect(201);
    assert_eq!(answer["observations"], 5);
    assert_eq!(warned(&answer), cells(&[(4, "D", "no_data")]));
    let read = z.app.get(&series("mentoring_pairs,iom_teachers")).await.expect(200);
    assert_eq!(point(&read, "mentoring_pairs", "2024"), (None, Some(5.0), Some(2)));
    assert_eq!(point(&read, "iom_teachers", "2024"), (None, Some(3.0), Some(2)));
    assert_eq!(point(&read, "mentoring_pairs", "2023"), (None, Some(3.0), Some(1)));
}
