use super::*;
use crate::indicators::{Aggregation, IndicatorAlias, IndicatorLevel};

fn indicator(code: &str, name: &str, aliases: &[&str]) -> Indicator {
    let code = IndicatorCode::parse(code).unwrap();
    Indicator {
        aliases: aliases
            .iter()
            .map(|a| IndicatorAlias { code: code.clone(), region: None, alias: (*a).into() })
            .collect(),
        code,
        version: 1,
        name: name.into(),
        unit: "чел.".into(),
        level: IndicatorLevel::Organization,
        aggregation: Aggregation::Sum,
        method: None,
        recorded_at: chrono::Utc::now(),
    }
}

fn catalogue() -> Vec<Indicator> {
    vec![
        indicator("students_total", "Обучающиеся, всего", &["Численность обучающихся"]),
        indicator("students_disabled", "Обучающиеся с ОВЗ", &["Обучающиеся из них с ОВЗ"]),
        indicator("teachers_total", "Педагогические работники, всего", &["Педагогические кадры Всего"]),
        indicator(
            "pd_completed",
            "Педагоги, прошедшие повышение квалификации",
            &["Прошли курсы повышения квалификации"],
        ),
    ]
}

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect()
}

#[test]
fn values_read_as_tables_write_them() {
    for (text, cell) in [
        ("13", Cell::Value(13.0)),
        ("13,5", Cell::Value(13.5)),
        ("1 234", Cell::Value(1234.0)),
        ("12 чел.", Cell::WithUnit(12.0)),
        ("83,5 %", Cell::WithUnit(83.5)),
        ("75%", Cell::WithUnit(75.0)),
        ("—", Cell::NoData),
        ("-", Cell::NoData),
        ("нет", Cell::NoData),
        ("", Cell::Blank),
        ("  ", Cell::Blank),
    ] {
        assert_eq!(parse_value(text), Ok(cell), "{text}");
    }
    for bad in ["-3", "много", "1e400", "NaN", "inf", "1.2.3", "99999999999999999999", "12 яблок", "да"] {
        assert!(parse_value(bad).is_err(), "{bad}");
    }
}

/// A wide sheet as a municipality keeps it: a title row, an empty row, a group merged over its
/// leaves, a numbered column, an «Итого» row.
#[test]
fn a_wide_sheet_with_a_title_and_a_two_row_header() {
    let text = "Сведения о кадрах и контингенте ОО Приозёрного района на 01.09.2024\n\n\
№ п/п\tНаименование ОО\tОбучающиеся\t\tПедагогические кадры\t\n\
\t\tЧисленность обучающихся\tиз них с ОВЗ\tВсего\tПрошли курсы повышения квалификации\n\
1\tМБОУ СОШ № 1\t412\t12 чел.\t31\t—\n\
2\tМБОУ СОШ № 2\t208\t\t17\t5\n\
\tИтого\t620\t12\t48\t5";
    let table = read_indicator_table(&rows(text), 1, &catalogue(), None, ObservationPeriod::parse("2024/25").ok());
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    let read: Vec<(u32, &str, &str, f64)> =
        table.values.iter().map(|v| (v.row, v.subject.as_str(), v.indicator.as_str(), v.value)).collect();
    assert_eq!(
        read,
        [
            (5, "МБОУ СОШ № 1", "students_total", 412.0),
            (5, "МБОУ СОШ № 1", "students_disabled", 12.0),
            (5, "МБОУ СОШ № 1", "teachers_total", 31.0),
            (6, "МБОУ СОШ № 2", "students_total", 208.0),
            (6, "МБОУ СОШ № 2", "teachers_total", 17.0),
            (6, "МБОУ СОШ № 2", "pd_completed", 5.0),
            (7, "Итого", "students_total", 620.0),
            (7, "Итого", "students_disabled", 12.0),
            (7, "Итого", "teachers_total", 48.0),
            (7, "Итого", "pd_completed", 5.0),
        ]
    );
    let warnings: Vec<(u32, &str, &str)> = table.warnings.iter().map(|w| (w.row, w.column.as_str(), w.code)).collect();
    assert_eq!(warnings, [(5, "D", "unit_in_value"), (5, "F", "no_data")]);
}

#[test]
fn a_long_table_in_the_municipalitys_own_names_reads_through_aliases() {
    let text = "Организация\tПоказатель\tПериод\tЗначение\tЕд. изм.\n\
МБОУ СОШ № 1\tЧисленность обучающихся\t2023/24\t400\tчел.\n\
МБОУ СОШ № 1\tПрошли курсы повышения квалификации\t2023/24\t7\tчел.\n\
МБОУ СОШ № 2\tчисленность  обучающихся\t2023/24\t\tчел.";
    let table = read_indicator_table(&rows(text), 1, &catalogue(), None, None);
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    assert_eq!(table.values.len(), 2, "a blank value is no data, without a word");
    let ignored: Vec<(&str, &str)> = table.warnings.iter().map(|w| (w.column.as_str(), w.text.as_str())).collect();
    assert_eq!(ignored, [("E", "Ед. изм.")]);
}

#[test]
fn an_unknown_name_is_reported_once_with_its_closest_candidates() {
    let text = "ОО\tПоказатель\tГод\tЗначение\n\
МБОУ СОШ № 1\tКоличество педагогов, прошедших курсы\t2024\t3\n\
МБОУ СОШ № 2\tКоличество педагогов, прошедших курсы\t2024\t4\n\
МБОУ СОШ № 2\tЧисло кружков\t2024\t4";
    let table = read_indicator_table(&rows(text), 1, &catalogue(), None, None);
    let errors: Vec<(u32, &str)> = table.errors.iter().map(|e| (e.row, e.code)).collect();
    assert_eq!(errors, [(2, "unknown_indicator"), (4, "unknown_indicator")]);
    assert!(table.errors[0].message.contains("pd_completed"), "{}", table.errors[0].message);
}

#[test]
fn an_alias_of_another_region_names_nothing_here() {
    let mut catalogue = catalogue();
    let tver = RegionId::from_uuid(uuid::Uuid::from_u128(1));
    let kuban = RegionId::from_uuid(uuid::Uuid::from_u128(2));
    let code = catalogue[0].code.clone();
    catalogue[0].aliases.push(IndicatorAlias { code, region: Some(tver), alias: "Контингент".into() });
    let text = "ОО\tКонтингент\nМБОУ СОШ № 1\t400";
    let period = ObservationPeriod::parse("2024").ok();
    assert!(read_indicator_table(&rows(text), 1, &catalogue, Some(tver), period).errors.is_empty());
    let elsewhere = read_indicator_table(&rows(text), 1, &catalogue, Some(kuban), period);
    assert_eq!(elsewhere.errors[0].code, "unknown_indicator");
}

/// A leaf «всего» under its group is the group; «из них …» is the group's part.
#[test]
fn leaves_are_read_under_their_group() {
    let text = "№ п/п\tНаименование ОО\tОбучающиеся\t\tПедагогические кадры\n\t\tвсего\tиз них 5–9 классов\tПедагогические работники\n1\tМОУ «Некрасовская СОШ»\t412\t180\t31";
    let catalogue = vec![
        indicator("students", "Обучающиеся", &[]),
        indicator("students_5_9", "Обучающиеся 5–9 классов", &[]),
        indicator("teaching_staff", "Педагогические работники", &[]),
    ];
    let table = read_indicator_table(&rows(text), 1, &catalogue, None, ObservationPeriod::parse("2024/25").ok());
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    let read: Vec<(&str, f64)> = table.values.iter().map(|v| (v.indicator.as_str(), v.value)).collect();
    assert_eq!(read, [("students", 412.0), ("students_5_9", 180.0), ("teaching_staff", 31.0)]);
}

proptest::proptest! {
    #[test]
    fn any_cell_reads_or_is_refused_without_panicking(text in "\\PC{0,40}") {
        let _ = parse_value(&text);
    }

    #[test]
    fn any_table_reads_or_is_refused_without_panicking(
        table in proptest::collection::vec(proptest::collection::vec("\\PC{0,12}", 0..6), 0..8)
    ) {
        let _ = read_indicator_table(&table, 1, &catalogue(), None, ObservationPeriod::parse("2024").ok());
    }
}
