use super::*;

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect()
}

fn period() -> Period {
    Period::new(2023, 2024).unwrap()
}

const HEADER: &str =
    "№\tМероприятие\tФорма\tКод параметра\tКонтингент\tМесто проведения\tДата проведения\tОтветственные";

#[test]
fn a_row_without_a_number_continues_the_measure_above() {
    let text = format!(
        "{HEADER}\n8.\tОрганизация посещений (КубГУ г. Краснодар, филиал КубГУ\tПосещение СПО и ВУЗ\t1.1\tРуководители, обучающиеся\tВУЗ СПО\tМарт, ноябрь ежегодно\tМКУО ЦОКО\n\tг. Славянск на Кубани)\t\t\t\t\t\t\n9.\tИгра\tмероприятие\t1.1\tобучающиеся\tСОШ№4\tАпрель 2023\tМКУО ЦОКО"
    );
    let table = read_roadmap_table(&rows(&text), 1, period());
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    assert_eq!(table.measures.len(), 2);
    let eight = &table.measures[0];
    assert_eq!(eight.number, "8");
    assert_eq!(eight.title, "Организация посещений (КубГУ г. Краснодар, филиал КубГУ г. Славянск на Кубани)");
    assert_eq!(eight.rows, vec![2, 3]);
    assert_eq!(eight.schedule.as_ref().unwrap().occurrences().len(), 4);
    let warning = table.warnings.iter().find(|w| w.code == "row_continued").unwrap();
    assert_eq!((warning.row, warning.column.as_str()), (3, "A"));
}

#[test]
fn a_header_repeated_on_a_new_page_and_a_numbering_row_are_skipped() {
    let text = format!(
        "Дорожная карта\n{HEADER}\n1\t2\t3\t4\t5\t6\t7\t8\n1.\tСеминар\tСеминар-совещание\tвсе выявленные параметры\tАдминистрация ОО\tМАОУ СОШ№1\tмарт 2023\tМКУО ЦОКО\n{HEADER}\n2.\tМониторинг\tмониторинг\t1.2, 1.3\tАдминистрация ОО\tМКУО ЦОКО\tапрель 2023 апрель 2024\tМКУО ЦОКО"
    );
    let table = read_roadmap_table(&rows(&text), 1, period());
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    let numbers: Vec<&str> = table.measures.iter().map(|m| m.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2"]);
    assert_eq!(table.measures[0].targets, Some(CodeExpr::AllFound));
    assert_eq!(table.measures[1].row, 6);
}

#[test]
fn every_problem_is_reported_with_its_row_and_column() {
    let text = format!(
        "{HEADER}\n1.\tСеминар\tсеминар\t9.x\tУчителя\tОО\tкогда-нибудь\tМКУО ЦОКО\n1.\tДубль\tсеминар\t1.1\tУчителя\tОО\tМарт 2023\tМКУО ЦОКО\nx\tНе номер\tсеминар\t1.1\tУчителя\tОО\tМарт 2023\tМКУО ЦОКО"
    );
    let table = read_roadmap_table(&rows(&text), 1, period());
    let found: Vec<(u32, &str, &str)> = table.errors.iter().map(|e| (e.row, e.column.as_str(), e.code)).collect();
    assert_eq!(found, [(3, "A", "duplicate_measure_number"), (4, "A", "invalid_measure_number")]);
    // A schedule that does not read is kept as written and plans nothing, with a warning.
    let schedule = table.warnings.iter().find(|w| w.code == "unreadable_schedule").unwrap();
    assert_eq!((schedule.row, schedule.column.as_str(), schedule.text.as_str()), (2, "G", "когда-нибудь"));
    // A code that does not read is kept as written, with a warning at its cell.
    let code = table.warnings.iter().find(|w| w.code == "invalid_parameter_code").unwrap();
    assert_eq!((code.row, code.column.as_str(), code.text.as_str()), (2, "D", "9.x"));
}

#[test]
fn a_measure_without_a_readable_code_keeps_its_cell_and_targets_nothing() {
    let text = format!(
        "{HEADER}
1.	Семинар	семинар		Учителя	ОО	Март 2023	МКУО ЦОКО
2.	Консультации	консультация	см. приложение	Учителя	ОО	Апрель 2023	МКУО ЦОКО"
    );
    let table = read_roadmap_table(&rows(&text), 1, period());
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    assert_eq!(table.measures.len(), 2);
    assert!(table.measures.iter().all(|m| m.targets.is_none()));
    assert_eq!(table.measures[1].targets_text.as_deref(), Some("см. приложение"));
    let warned: Vec<(u32, &str, &str)> =
        table.warnings.iter().map(|w| (w.row, w.column.as_str(), w.code)).filter(|w| w.2 != "trailing_dot").collect();
    assert_eq!(warned, [(2, "D", "missing_parameter_code"), (3, "D", "invalid_parameter_code")]);
}

#[test]
fn seed_004_table_1_is_read_by_its_titles() {
    let text = "Направления Профилактической работы\tФормы профилактических мероприятий\tМесто проведения\tДата проведения\n\
Реализация профилактических мероприятий\tЗаседание рабочей группы\tМБОУ СОШ №43\tДекабрь 2023г. Ноябрь 2024г.\n\
\tТематические семинары\tМБОУ СОШ №45 МАОУ лицей пгт\tФевраль 2024 г. Апрель 2024г. Апрель 2023г.\n\
\t\tАфипского\t\n\
Оценка эффективности профилактики. Корректировка дальнейшей работы\tАудит Мониторинг Отчет Контрольные собеседования\tМКУ МО Северский район «ИМЦ»\tСентябрь 2024г.";
    let table = read_roadmap_table(&rows(text), 1, period());
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    assert_eq!(table.measures.len(), 3);
    let seminars = &table.measures[1];
    assert_eq!(seminars.title, "Тематические семинары");
    assert_eq!(seminars.direction.as_deref(), Some("Реализация профилактических мероприятий"));
    assert_eq!(seminars.venues.as_deref(), Some("МБОУ СОШ №45 МАОУ лицей пгт Афипского"));
    assert_eq!(seminars.schedule.as_ref().unwrap().occurrences().len(), 3);
    assert_eq!(
        table.measures[2].direction.as_deref(),
        Some("Оценка эффективности профилактики. Корректировка дальнейшей работы")
    );
}

#[test]
fn a_table_without_a_roadmap_header_is_refused() {
    let table = read_roadmap_table(&rows("a\tb\nc\td"), 1, period());
    assert_eq!(table.errors[0].code, "no_header");
}

#[test]
fn a_codes_column_is_found_by_its_meaning_and_every_other_column_is_reported() {
    // Another municipality's order and wording: the codes come last, under «Параметр риска
    // (код)», and a «Примечание» column no roadmap field holds.
    let text = "№ п/п\tНаименование мероприятия\tСроки проведения\tМесто проведения\tПримечание\tПараметр риска (код)\n\
                1\tСеминар для заместителей директоров\tМарт 2023\tМКУО ЦОКО\tпо согласованию\t1.2, 1.3";
    let table = read_roadmap_table(&rows(text), 1, period());
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    let seminar = &table.measures[0];
    assert_eq!(seminar.targets_text.as_deref(), Some("1.2, 1.3"));
    assert!(seminar.targets.is_some(), "the codes are read, not dropped");
    let ignored: Vec<(u32, &str, &str)> = table
        .warnings
        .iter()
        .filter(|w| w.code == "column_ignored")
        .map(|w| (w.row, w.column.as_str(), w.text.as_str()))
        .collect();
    assert_eq!(ignored, [(1, "E", "Примечание")]);
    assert!(!table.warnings.iter().any(|w| w.code == "no_targets_column"));
}

#[test]
fn a_roadmap_without_codes_says_that_its_coverage_cannot_be_computed() {
    // Seed 004's Table 1 has no codes: the import goes on, and says what that costs.
    let text = "Направления\tФормы\tМесто проведения\tДата проведения\n\
                Работа с кадрами\tСеминар\tМБОУ СОШ № 7\tФевраль 2024";
    let table = read_roadmap_table(&rows(text), 1, period());
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    let warning = table.warnings.iter().find(|w| w.code == "no_targets_column").unwrap();
    assert!(warning.message.contains("coverage"), "{}", warning.message);
    assert!(table.warnings.iter().all(|w| w.code != "column_ignored"), "{:?}", table.warnings);
}
