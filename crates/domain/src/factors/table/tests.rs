//! The entry-audit table of seed 001, as municipalities print it.

use super::*;

const SEED_001: &str = include_str!("../../../../server/demo/audit-kalininsky-2023.tsv");

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect()
}

#[test]
fn the_seed_001_table_gives_seven_factors_and_twenty_four_parameters() {
    let table = read_audit_table(&rows(SEED_001), 1);
    assert!(table.errors.is_empty(), "{:?}", table.errors);
    assert_eq!(table.factors.len(), 7);
    assert_eq!(table.parameters.len(), 24);
    assert_eq!(table.factors[6], (7, "Низкая эффективность работы методической службы".to_owned()));
    let p11 = &table.parameters[0];
    assert_eq!(p11.code.to_string(), "1.1");
    assert_eq!(p11.name, "Дефицит педагогических сотрудников");
    assert_eq!(p11.schools.len(), 5);
    let p71 = table.parameters.iter().find(|p| p.code.to_string() == "7.1").unwrap();
    assert!(p71.schools.is_empty());
    let p31 = table.parameters.iter().find(|p| p.code.to_string() == "3.1").unwrap();
    assert_eq!(p31.schools.len(), 14);
}

#[test]
fn the_renumbered_factor_is_one_warning_and_the_codes_decide() {
    let table = read_audit_table(&rows(SEED_001), 1);
    let renumbered: Vec<&Issue> = table.warnings.iter().filter(|w| w.code == "factor_renumbered").collect();
    assert_eq!(renumbered.len(), 1);
    assert_eq!((renumbered[0].row, renumbered[0].column.as_str(), renumbered[0].text.as_str()), (28, "A", "5"));
    assert!(table.parameters.iter().filter(|p| p.code.factor() == 7).count() == 2);
}

#[test]
fn a_name_running_on_into_its_own_row_is_joined_and_reported() {
    let table = read_audit_table(&rows(SEED_001), 1);
    let p23 = table.parameters.iter().find(|p| p.code.to_string() == "2.3").unwrap();
    assert!(p23.name.ends_with("в образовательной деятельности (цифровых технологий, групповых форм работы, методик развития метапредметных компетенций, активных и интерактивных методик и др.)"));
    assert!(table.warnings.iter().any(|w| w.code == "name_continued" && w.row == 11));
    assert!(table.warnings.iter().filter(|w| w.code == "trailing_dot").count() >= 10);
}

#[test]
fn bad_cells_are_errors_with_their_row_and_column() {
    let text = "№\tфактор\tпараметр\tкод\tОО\n1\tКадры\tДефицит\t1.1\tСОШ № 14-1\n\t\tВакансии\t1.x\tСОШ № 2\n\t\tЕщё\t1.1\t\n";
    let table = read_audit_table(&rows(text), 1);
    let places: Vec<(u32, &str, &str)> = table.errors.iter().map(|e| (e.row, e.column.as_str(), e.code)).collect();
    assert_eq!(
        places,
        [(2, "E", "invalid_range"), (3, "D", "invalid_parameter_code"), (4, "D", "duplicate_parameter_code")]
    );
}
