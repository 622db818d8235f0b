//! Every single-organization reference written in the seeds, resolved against a registry of the
//! organizations the seeds name.

use super::*;
use crate::schools::ids::RegionId;
use crate::schools::kinds::OrganizationKind::{self, *};
use crate::schools::values::{LegalForm, Name, SchoolNumber};

struct Registry {
    orgs: Vec<Organization>,
}

impl Registry {
    fn add(
        &mut self,
        municipality: Option<MunicipalityId>,
        kind: OrganizationKind,
        number: Option<i64>,
        name: &str,
        honorary: Option<&str>,
        aliases: &[&str],
    ) {
        let form = name
            .split([' ', '-'])
            .next()
            .and_then(|w| LegalForm::parse(w).ok())
            .filter(|f| LegalForm::is_known(f.as_str()));
        self.orgs.push(Organization {
            id: OrganizationId::generate(),
            region_id: RegionId::generate(),
            municipality_id: municipality,
            kind,
            legal_form: form,
            number: number.map(|n| SchoolNumber::new(n).unwrap()),
            name: Name::parse(name).unwrap(),
            short_name: None,
            honorary_name: honorary.map(|h| Name::parse(h).unwrap()),
            aliases: aliases.iter().map(|a| Name::parse(a).unwrap()).collect(),
            inn: None,
            ogrn: None,
            fis_oko_login: None,
            is_small: None,
        });
    }

    fn name_of(&self, id: OrganizationId) -> &str {
        self.orgs.iter().find(|o| o.id == id).unwrap().name.as_str()
    }

    fn resolve(&self, text: &str, municipality: MunicipalityId) -> Result<Resolution, String> {
        let reference = SchoolRef::parse(text).map_err(|e| e.to_string())?;
        Ok(resolve(&reference, &Candidates::new(&self.orgs), municipality))
    }

    fn expect(&self, municipality: MunicipalityId, text: &str, name: &str) {
        match self.resolve(text, municipality) {
            Ok(Resolution::Resolved { id, .. }) => assert_eq!(self.name_of(id), name, "'{text}'"),
            other => panic!("'{text}' should resolve to '{name}', got {other:?}"),
        }
    }
}

/// Калининский район of Краснодарский край (seed 001).
fn kalininsky_krasnodar(r: &mut Registry) -> MunicipalityId {
    let m = MunicipalityId::generate();
    r.add(Some(m), SecondarySchool, Some(1), "МАОУ СОШ № 1", None, &[]);
    for n in (2..=14).filter(|n| *n != 11) {
        r.add(Some(m), SecondarySchool, Some(n), &format!("МБОУ СОШ № {n}"), None, &[]);
    }
    r.add(Some(m), BasicSchool, Some(11), "МБОУ ООШ № 11", None, &[]);
    r.add(Some(m), EveningSchool, None, "МБОУ районная вечерняя средняя общеобразовательная школа", None, &["РВСОШ"]);
    r.add(Some(m), MethodologicalService, None, "МКУО ЦОКО", None, &["ЦОКО"]);
    m
}

/// Калининский район of Тверская область (seeds 000 and 002) and its region's ЦОКО.
fn kalininsky_tver(r: &mut Registry) -> MunicipalityId {
    let m = MunicipalityId::generate();
    for name in [
        "Некрасовская",
        "Рождественская",
        "Горютинская",
        "Медновская",
        "Никулинская",
        "Васильевская",
        "Бурашевская",
        "Пушкинская",
    ] {
        r.add(Some(m), SecondarySchool, None, &format!("МОУ «{name} СОШ»"), None, &[]);
    }
    r.add(Some(m), SecondarySchool, None, "МОУ «Заволжская СОШ им. П.П. Смирнова»", Some("П.П. Смирнова"), &[]);
    r.add(Some(m), SecondarySchool, None, "МОУ «Тверская СОШ им. И.С. Конева»", Some("И.С. Конева"), &[]);
    for name in ["Красногорский детский сад", "Оршинский детский сад", "Чуприяновский детский сад «Огонёк»"]
    {
        r.add(Some(m), Kindergarten, None, &format!("МДОУ «{name}»"), None, &[]);
    }
    r.add(Some(m), EducationAuthority, None, "Управление образования администрации Калининского района", None, &[]);
    r.add(None, MethodologicalService, None, "ГБУ ТО ЦОКО", None, &[]);
    m
}

/// Хотынецкий район of Орловская область (seed 003) and the region's department.
fn khotynetsky(r: &mut Registry) -> MunicipalityId {
    let m = MunicipalityId::generate();
    r.add(Some(m), SecondarySchool, None, "МБОУ «Богородицкая СОШ»", None, &[]);
    r.add(Some(m), SecondarySchool, None, "МБОУ «Красноярбинская СОШ им. П.И. Бровичева»", Some("П.И. Бровичева"), &[]);
    r.add(Some(m), SecondarySchool, None, "МБОУ «Хотынецкая СОШ им. С.Г. Поматилова»", Some("С.Г. Поматилова"), &[]);
    r.add(Some(m), SecondarySchool, None, "МБОУ «Юрьевская СОШ»", None, &[]);
    r.add(Some(m), EducationAuthority, None, "Отдел образования администрации Хотынецкого района", None, &[]);
    r.add(None, EducationAuthority, None, "Департамент образования Орловской области", None, &[]);
    m
}

/// Северский район of Краснодарский край (seed 004).
fn seversky(r: &mut Registry) -> MunicipalityId {
    let m = MunicipalityId::generate();
    for n in [2, 6, 7, 11, 19, 21, 23, 27, 32, 36, 43, 45, 59] {
        r.add(Some(m), SecondarySchool, Some(n), &format!("МБОУ СОШ № {n}"), None, &[]);
    }
    for n in [8, 12] {
        r.add(Some(m), BasicSchool, Some(n), &format!("МБОУ ООШ № {n}"), None, &[]);
    }
    r.add(Some(m), Lyceum, None, "МАОУ лицей пгт Афипского", None, &[]);
    r.add(Some(m), MethodologicalService, None, "МКУ МО Северский район «ИМЦ»", None, &["ИМЦ"]);
    m
}

#[test]
fn every_single_school_reference_of_seed_001_resolves() {
    let mut r = Registry { orgs: Vec::new() };
    let m = kalininsky_krasnodar(&mut r);
    for (text, name) in [
        ("МАОУ СОШ№1", "МАОУ СОШ № 1"),
        ("МАОУ СОШ №1", "МАОУ СОШ № 1"),
        ("МАОУ-СОШ №1", "МАОУ СОШ № 1"),
        ("СОШ№1", "МАОУ СОШ № 1"),
        ("СОШ№2", "МБОУ СОШ № 2"),
        ("СОШ№4", "МБОУ СОШ № 4"),
        ("ООШ №11", "МБОУ ООШ № 11"),
        ("РВСОШ", "МБОУ районная вечерняя средняя общеобразовательная школа"),
        ("МКУО ЦОКО", "МКУО ЦОКО"),
        ("ЦОКО", "МКУО ЦОКО"),
    ] {
        r.expect(m, text, name);
    }
}

#[test]
fn every_named_reference_of_seeds_000_and_002_resolves_in_any_grammatical_case() {
    let mut r = Registry { orgs: Vec::new() };
    let m = kalininsky_tver(&mut r);
    for (text, name) in [
        ("МОУ «Некрасовская СОШ»", "МОУ «Некрасовская СОШ»"),
        ("МОУ «Некрасовской СОШ»", "МОУ «Некрасовская СОШ»"),
        ("МОУ «Рождественская СОШ»", "МОУ «Рождественская СОШ»"),
        ("МОУ «Горютинская СОШ»", "МОУ «Горютинская СОШ»"),
        ("МОУ «Медновская СОШ»", "МОУ «Медновская СОШ»"),
        ("МОУ «Никулинская СОШ»", "МОУ «Никулинская СОШ»"),
        ("Никулинской школы", "МОУ «Никулинская СОШ»"),
        ("МОУ Заволжская СОШ им.П.П.Смирнова»", "МОУ «Заволжская СОШ им. П.П. Смирнова»"),
        ("Заволжская СОШ им. П.П.Смирнова", "МОУ «Заволжская СОШ им. П.П. Смирнова»"),
        ("Заволжская СОШ", "МОУ «Заволжская СОШ им. П.П. Смирнова»"),
        ("Тверская СОШ им. И.С.Конева", "МОУ «Тверская СОШ им. И.С. Конева»"),
        ("Тверская СОШ", "МОУ «Тверская СОШ им. И.С. Конева»"),
        ("Васильевская СОШ", "МОУ «Васильевская СОШ»"),
        ("Бурашевская СОШ", "МОУ «Бурашевская СОШ»"),
        ("Пушкинская СОШ", "МОУ «Пушкинская СОШ»"),
        ("МДОУ «Красногорский детский сад»", "МДОУ «Красногорский детский сад»"),
        ("МДОУ «Оршинский детский сад»", "МДОУ «Оршинский детский сад»"),
        ("МДОУ «Чуприяновский детский сад «Огонек»", "МДОУ «Чуприяновский детский сад «Огонёк»»"),
        ("ГБУ ТО ЦОКО", "ГБУ ТО ЦОКО"),
        ("управление образования Калининского района", "Управление образования администрации Калининского района"),
    ] {
        r.expect(m, text, name);
    }
}

#[test]
fn every_reference_of_seed_003_resolves_with_regional_bodies() {
    let mut r = Registry { orgs: Vec::new() };
    let m = khotynetsky(&mut r);
    for (text, name) in [
        ("МБОУ-Богородицкая СОШ", "МБОУ «Богородицкая СОШ»"),
        ("МБОУ-Красноярбинская СОШ им. П. И. Бровичева", "МБОУ «Красноярбинская СОШ им. П.И. Бровичева»"),
        ("МБОУ-Хотынецкая СОШ им. С. Г. Поматилова", "МБОУ «Хотынецкая СОШ им. С.Г. Поматилова»"),
        ("МБОУ-Юрьевская СОШ", "МБОУ «Юрьевская СОШ»"),
        ("Департамент образования Орловской области", "Департамент образования Орловской области"),
        ("отдел образования", "Отдел образования администрации Хотынецкого района"),
    ] {
        r.expect(m, text, name);
    }
}

#[test]
fn every_reference_of_seed_004_resolves() {
    let mut r = Registry { orgs: Vec::new() };
    let m = seversky(&mut r);
    for n in [2, 6, 7, 11, 19, 21, 23, 27, 32, 36, 43, 45, 59] {
        r.expect(m, &format!("МБОУ СОШ № {n}"), &format!("МБОУ СОШ № {n}"));
        r.expect(m, &format!("МБОУ СОШ №{n}"), &format!("МБОУ СОШ № {n}"));
    }
    r.expect(m, "МБОУ ООШ № 8", "МБОУ ООШ № 8");
    r.expect(m, "МБОУ ООШ №8", "МБОУ ООШ № 8");
    r.expect(m, "МБОУ ООШ № 12", "МБОУ ООШ № 12");
    r.expect(m, "МАОУ лицей пгт Афипского", "МАОУ лицей пгт Афипского");
    r.expect(m, "лицей пгт. Афипский", "МАОУ лицей пгт Афипского");
    r.expect(m, "МБОУ СОШ №7 станицы Ставропольской", "МБОУ СОШ № 7");
    r.expect(m, "МКУ МО Северский район «ИМЦ»", "МКУ МО Северский район «ИМЦ»");
    r.expect(m, "ИМЦ", "МКУ МО Северский район «ИМЦ»");
}

#[test]
fn references_to_nothing_in_the_registry_are_not_found() {
    let mut r = Registry { orgs: Vec::new() };
    let m = kalininsky_krasnodar(&mut r);
    // Venues of seed 001 that are not organizations of the registry.
    for text in ["ГДК", "ВУЗ СПО", "СОШ № 15", "ООШ № 20", "гимназия № 15"] {
        assert_eq!(r.resolve(text, m), Ok(Resolution::NotFound), "'{text}'");
    }
}

#[test]
fn texts_that_name_no_single_school_are_precise_errors() {
    let mut r = Registry { orgs: Vec::new() };
    let m = kalininsky_krasnodar(&mut r);
    for (text, error) in [
        ("ОО", "'ОО' is a generic term, not a particular organization"),
        ("", "the reference is empty"),
        ("СОШ № 1-14", "'СОШ № 1-14' names a range of schools; one organization is expected here"),
        ("СОШ№9, 10, 14", "'СОШ№9, 10, 14' names several organizations (a list); one organization is expected here"),
        ("МАОУ СОШ", "'МАОУ СОШ' has no number or name that tells which СОШ is meant"),
    ] {
        assert_eq!(r.resolve(text, m), Err(error.to_owned()));
    }
}

#[test]
fn two_schools_of_one_number_are_reported_as_ambiguous() {
    let mut r = Registry { orgs: Vec::new() };
    let m = seversky(&mut r);
    r.add(Some(m), SecondarySchool, Some(7), "МБОУ СОШ № 7 станицы Северской", None, &[]);
    match r.resolve("СОШ № 7", m) {
        Ok(Resolution::Ambiguous(ids)) => assert_eq!(ids.len(), 2),
        other => panic!("expected ambiguity, got {other:?}"),
    }
    // The place name settles it.
    r.expect(m, "СОШ № 7 станицы Северской", "МБОУ СОШ № 7 станицы Северской");
}

#[test]
fn a_municipal_body_wins_over_a_regional_one_of_the_same_kind() {
    let mut r = Registry { orgs: Vec::new() };
    let m = kalininsky_tver(&mut r);
    r.add(Some(m), MethodologicalService, None, "МКУ «ЦОКО Калининского района»", None, &[]);
    r.expect(m, "ЦОКО", "МКУ «ЦОКО Калининского района»");
}

#[test]
fn a_school_written_with_the_wrong_type_resolves_by_its_number_with_a_note() {
    let mut r = Registry { orgs: Vec::new() };
    let m = kalininsky_krasnodar(&mut r);
    // Seed 001 writes «СОШ № 2,6,7,11,14» though № 11 is an ООШ.
    match r.resolve("СОШ № 11", m) {
        Ok(Resolution::Resolved { id, note: Some(note), reading }) => {
            assert_eq!(r.name_of(id), "МБОУ ООШ № 11");
            assert!(note.contains("МБОУ ООШ № 11"), "{note}");
            assert_eq!(reading, Reading::Parsed { differences: vec![Difference::Kind] });
        }
        other => panic!("expected a noted resolution, got {other:?}"),
    }
    assert!(matches!(r.resolve("СОШ № 7", m), Ok(Resolution::Resolved { note: None, .. })));
}

/// The readings a careful reader must be told of, and the ones that are no match at all.
#[test]
fn every_accepted_difference_is_reported_and_two_are_no_match() {
    let mut r = Registry { orgs: Vec::new() };
    let m = MunicipalityId::generate();
    r.add(Some(m), SecondarySchool, Some(1), "МБОУ СОШ № 1", None, &[]);
    r.add(Some(m), SecondarySchool, Some(2), "МБОУ СОШ № 2", None, &[]);
    r.add(Some(m), SecondarySchool, Some(3), "МБОУ СОШ № 3", None, &[]);
    r.add(Some(m), SecondarySchool, Some(7), "МБОУ СОШ № 7", None, &[]);
    r.add(Some(m), BasicSchool, Some(8), "МБОУ ООШ № 8", None, &[]);
    r.add(Some(m), EveningSchool, None, "МБОУ вечерняя школа", None, &["ВСОШ"]);
    let one = |code: Difference| Reading::Parsed { differences: vec![code] };
    let cases: [(&str, Option<(&str, Reading)>); 9] = [
        ("гимназия № 1", Some(("МБОУ СОШ № 1", one(Difference::Kind)))),
        ("НОШ № 3", Some(("МБОУ СОШ № 3", one(Difference::Kind)))),
        ("ООШ № 7", Some(("МБОУ СОШ № 7", one(Difference::Kind)))),
        ("СОШ № 8", Some(("МБОУ ООШ № 8", one(Difference::Kind)))),
        ("СОШ № 1 им. Ленина", Some(("МБОУ СОШ № 1", one(Difference::HonoraryName)))),
        ("МАОУ СОШ № 2", Some(("МБОУ СОШ № 2", one(Difference::LegalForm)))),
        ("МБОУ СОШ № 2", Some(("МБОУ СОШ № 2", Reading::Registered))),
        // A registered alias wins before the text is parsed as a kind.
        ("ВСОШ", Some(("МБОУ вечерняя школа", Reading::Registered))),
        // Kind, honorary name and legal form all disagree: no match, a question.
        ("МАОУ гимназия № 1 им. Ленина", None),
    ];
    for (text, expected) in cases {
        let got = resolve_text(text, &Candidates::new(&r.orgs), m).unwrap_or(Resolution::NotFound);
        match (expected, got) {
            (Some((name, reading)), Resolution::Resolved { id, reading: got, .. }) => {
                assert_eq!((r.name_of(id), got), (name, reading), "'{text}'");
            }
            (None, Resolution::Ambiguous(ids)) => assert_eq!(ids.len(), 1, "'{text}': its one candidate is named"),
            (expected, got) => panic!("'{text}': expected {expected:?}, got {got:?}"),
        }
    }
}

/// A bare kind resolves to an organization called by it, a municipal form is not the region's
/// body, and a place name alone names no organization.
#[test]
fn bare_kinds_and_place_names_resolve_only_where_they_should() {
    let mut r = Registry { orgs: Vec::new() };
    let khotynetsky = khotynetsky(&mut r);
    // The region's department is meant, not the district's отдел образования.
    r.expect(khotynetsky, "Департамент образования", "Департамент образования Орловской области");
    r.expect(khotynetsky, "Отдел образования", "Отдел образования администрации Хотынецкого района");

    let mut r = Registry { orgs: Vec::new() };
    let tver = kalininsky_tver(&mut r);
    // МКУО is a municipal form; the only ЦОКО is the region's ГБУ: legal form and level differ.
    match resolve_text("МКУО ЦОКО", &Candidates::new(&r.orgs), tver) {
        Ok(Resolution::Ambiguous(ids)) => assert_eq!(r.name_of(ids[0]), "ГБУ ТО ЦОКО"),
        other => panic!("expected a question, got {other:?}"),
    }
    // The region's body, asked for by its own kind, is read as a regional body and said so.
    match resolve_text("ГБУ ТО ЦОКО", &Candidates::new(&r.orgs), tver) {
        Ok(Resolution::Resolved { id, reading: Reading::Registered, .. }) => assert_eq!(r.name_of(id), "ГБУ ТО ЦОКО"),
        other => panic!("expected the registered name, got {other:?}"),
    }

    let mut r = Registry { orgs: Vec::new() };
    let seversky = seversky(&mut r);
    assert_eq!(resolve_text("Северский", &Candidates::new(&r.orgs), seversky), Ok(Resolution::NotFound));
    r.expect(seversky, "ИМЦ", "МКУ МО Северский район «ИМЦ»");
}
