//! List tables of Хотынецкий район in five hands: a long sheet with the region's column names, a
//! wide sheet with «№ п/п», columns in another order, a CSV, and a wide table below a stamp with
//! a column the reader does not read.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{CSV, TSV, XLSX, document, places, zoo};

/// Each decision of an answer as year → (kind, level, number, date, schools' names).
fn decisions(
    answer: &Value,
    names: &BTreeMap<String, &str>,
) -> BTreeMap<i64, (String, String, String, String, Vec<String>)> {
    answer["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let mut schools: Vec<String> = d["organizationIds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| names[id.as_str().unwrap()].to_owned())
                .collect();
            schools.sort();
            let text = |v: &Value| v.as_str().unwrap_or("—").to_owned();
            (
                d["year"].as_i64().unwrap(),
                (text(&d["kind"]), text(&d["level"]), text(&d["number"]), text(&d["date"]), schools),
            )
        })
        .collect()
}

#[tokio::test]
async fn list_tables_in_other_hands_read_as_counted_by_hand() {
    let z = zoo().await;
    let m = z.t.municipality("khotynetsky");
    let names: BTreeMap<String, &str> = [
        "МБОУ «Богородицкая СОШ»",
        "МБОУ «Красноярбинская СОШ им. П.И. Бровичева»",
        "МБОУ «Хотынецкая СОШ им. С.Г. Поматилова»",
        "МБОУ «Юрьевская СОШ»",
    ]
    .into_iter()
    .map(|n| (z.t.organization("khotynetsky", n).to_owned(), n.trim_start_matches("МБОУ ")))
    .collect();
    let (bogor, krasn, khot, yur) = (
        "«Богородицкая СОШ»",
        "«Красноярбинская СОШ им. П.И. Бровичева»",
        "«Хотынецкая СОШ им. С.Г. Поматилова»",
        "«Юрьевская СОШ»",
    );
    let path = format!("/api/v1/imports/lists?municipalityId={m}");
    let decision = |kind: &str, level: &str, number: &str, date: &str, schools: &[&str]| {
        let mut schools: Vec<String> = schools.iter().map(|s| (*s).to_owned()).collect();
        schools.sort();
        (kind.to_owned(), level.to_owned(), number.to_owned(), date.to_owned(), schools)
    };

    // The region's own column names, a comment column, two years.
    let answer = z.app.upload(&path, XLSX, document!("lists-orel-long.xlsx")).await.expect(201);
    let read = decisions(&answer, &names);
    assert_eq!(read[&2023], decision("shnor", "regional", "512", "2023-03-15", &[yur]));
    assert_eq!(read[&2024], decision("shnor", "regional", "320", "2024-02-20", &[yur, bogor]));
    assert_eq!(places(&answer["warnings"]), [(2, "H".to_owned(), "column_ignored".to_owned())]);

    // Columns in another order, with a risk profile: a municipal risk group of 2021.
    let answer = z.app.upload(&path, TSV, document!("lists-orel-order.tsv")).await.expect(201);
    let read = decisions(&answer, &names);
    assert_eq!(read[&2021], decision("risk_group", "municipal", "17", "2021-02-01", &[khot]));
    assert_eq!(answer["decisions"][0]["entries"][0]["reason"], "Низкая учебная мотивация");

    // A CSV of 2020 that names no level: none is made up.
    let answer = z.app.upload(&path, CSV, document!("lists-orel-comma.csv")).await.expect(201);
    assert_eq!(decisions(&answer, &names)[&2020], decision("shnor", "—", "101", "2020-03-10", &[bogor, yur]));

    // Below a stamp, a district column beside the year: the district is said to be left aside.
    let answer = z.app.upload(&path, TSV, document!("lists-orel-titled.tsv")).await.expect(201);
    assert_eq!(decisions(&answer, &names)[&2019].4, [yur]);
    assert_eq!(places(&answer["warnings"]), [(3, "A".to_owned(), "column_ignored".to_owned())]);

    // The wide form with «№ п/п»: 2022 is new, 2023 is what the long sheet said, and 2024 has
    // the same schools without the order: nothing in them is new.
    let answer = z.app.upload(&path, XLSX, document!("lists-orel-wide.xlsx")).await.expect(201);
    let read = decisions(&answer, &names);
    assert_eq!(read.keys().copied().collect::<Vec<_>>(), [2022]);
    let mut wide_2022 = vec![krasn.to_owned(), yur.to_owned()];
    wide_2022.sort();
    assert_eq!(read[&2022].4, wide_2022);
    assert_eq!(answer["unchangedYears"], serde_json::json!([2023, 2024]));
    assert!(places(&answer["warnings"]).is_empty(), "{answer}");
}
