//! Audit tables of Хотынецкий район in five hands: columns in another order below a title, a
//! numbered Excel sheet, a CSV, codes with trailing dots beside a comment column, and a table
//! with no header at all.

use super::{CSV, TSV, XLSX, document, places, zoo};

/// Factors, parameters, and organization × parameter pairs found present.
type Counts = (u64, u64, u64);

#[tokio::test]
async fn audit_tables_in_other_hands_read_as_counted_by_hand() {
    let z = zoo().await;
    let m = z.t.municipality("khotynetsky");
    // (document, its bytes, type, date, (factors, parameters, present pairs), warnings)
    type Case<'a> = (&'a str, Vec<u8>, &'a str, &'a str, Counts, Vec<(i64, &'a str, &'a str)>);
    let cases: [Case; 5] = [
        // Code, parameter, factor, schools, a comment: 5 parameters of 3 factors, present 7 times.
        (
            "audit-khotynetsky.tsv",
            document!("audit-khotynetsky.tsv"),
            TSV,
            "2024-01-10",
            (3, 5, 7),
            vec![(3, "E", "column_ignored")],
        ),
        // «№ п/п» counts rows, so the second row's «2» is not its factor 3: said, filed under 3.
        (
            "audit-khotynetsky-numbered.xlsx",
            document!("audit-khotynetsky-numbered.xlsx"),
            XLSX,
            "2024-02-10",
            (2, 2, 3),
            vec![(4, "A", "factor_renumbered")],
        ),
        ("audit-khotynetsky.csv", document!("audit-khotynetsky.csv"), CSV, "2024-03-10", (2, 2, 3), vec![]),
        (
            "audit-khotynetsky-notes.tsv",
            document!("audit-khotynetsky-notes.tsv"),
            TSV,
            "2024-04-10",
            (2, 2, 2),
            vec![(1, "F", "column_ignored"), (2, "D", "trailing_dot"), (3, "D", "trailing_dot")],
        ),
        // No header: read in seed 001's order, and said so.
        (
            "audit-khotynetsky-noheader.tsv",
            document!("audit-khotynetsky-noheader.tsv"),
            TSV,
            "2024-05-10",
            (2, 2, 2),
            vec![(1, "A", "no_header")],
        ),
    ];
    for (name, bytes, content_type, date, (factors, parameters, present), warnings) in cases {
        let path = format!("/api/v1/imports/audit?municipalityId={m}&date={date}");
        let report = z.app.upload(&path, content_type, bytes).await.expect(201);
        let counts = (report["factors"].as_u64(), report["parameters"].as_u64(), report["present"].as_u64());
        assert_eq!(counts, (Some(factors), Some(parameters), Some(present)), "{name}: {report}");
        let mut found = places(&report["warnings"]);
        found.sort();
        let expected: Vec<(i64, String, String)> =
            warnings.iter().map(|(r, c, code)| (*r, (*c).to_owned(), (*code).to_owned())).collect();
        assert_eq!(found, expected, "{name}");
    }
}
