//! The repository and migrations against a real database: SQLite by default, PostgreSQL when
//! `OPORA_TEST_POSTGRES_URL` is set. Each test has a database of its own.

use opora_domain::audit::{AuditEvent, Audited};
use opora_domain::schools::ports::TerritoryRepository;
use opora_domain::schools::{
    Municipality, MunicipalityId, MunicipalityKind, Name, Organization, OrganizationFilter, OrganizationId,
    OrganizationKind, Region, RegionCode, RegionId, SchoolNumber,
};
use opora_domain::{Actor, StoreError};
use opora_domain::{Page, PageRequest};
use opora_persistence::migrations::Migrator;
use opora_persistence::testing::TestDatabase;
use opora_persistence::{DatabaseSettings, SeaTerritoryRepository, analyze, connect, migrate};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use sea_orm_migration::MigratorTrait;

async fn repository(db: &TestDatabase) -> SeaTerritoryRepository {
    let settings = DatabaseSettings::new(db.url());
    migrate(&settings).await.expect("migrations apply");
    SeaTerritoryRepository::new(connect(&settings).await.expect("the pool opens"))
}

/// How many steps down undo `name` and every migration after it.
fn steps_back_to(name: &str) -> u32 {
    let all = Migrator::migrations();
    let at = all.iter().position(|m| m.name() == name).expect("a migration of that name");
    u32::try_from(all.len() - at).expect("a few migrations")
}

/// An audit event for a write; its content does not matter to these tests.
fn event<T: Audited>(entity: &T) -> AuditEvent {
    AuditEvent::created(&Actor::system(), entity)
}

/// A migrated repository holding one region with one municipality.
async fn with_municipality(
    db: &TestDatabase,
    code: &str,
    region_name: &str,
    name: &str,
) -> (SeaTerritoryRepository, Municipality) {
    let repo = repository(db).await;
    let r = region(code, region_name);
    let m = municipality(&r, name);
    repo.insert_region(&r, &event(&r)).await.unwrap();
    repo.insert_municipality(&m, &event(&m)).await.unwrap();
    (repo, m)
}

fn region(code: &str, name: &str) -> Region {
    Region { id: RegionId::generate(), code: RegionCode::parse(code).unwrap(), name: Name::parse(name).unwrap() }
}

fn municipality(region: &Region, name: &str) -> Municipality {
    Municipality {
        id: MunicipalityId::generate(),
        region_id: region.id,
        name: Name::parse(name).unwrap(),
        kind: MunicipalityKind::District,
        oktmo: None,
    }
}

fn school(m: &Municipality, number: i64) -> Organization {
    Organization {
        id: OrganizationId::generate(),
        region_id: m.region_id,
        municipality_id: Some(m.id),
        kind: OrganizationKind::SecondarySchool,
        legal_form: None,
        number: Some(SchoolNumber::new(number).unwrap()),
        name: Name::parse(&format!("МБОУ СОШ № {number}")).unwrap(),
        short_name: None,
        honorary_name: None,
        aliases: vec![Name::parse(&format!("СОШ №{number}")).unwrap()],
        inn: None,
        ogrn: None,
        fis_oko_login: None,
        is_small: Some(number % 2 == 0),
    }
}

/// A municipality's catalogue of one factor with its first two parameters.
fn catalogue(m: &Municipality, factor: u16, name: &str) -> opora_domain::factors::Catalogue {
    use opora_domain::factors::{Catalogue, CatalogueId, CatalogueOwner, Factor, Parameter, ParameterCode};
    Catalogue {
        id: CatalogueId::generate(),
        name: Name::parse("Перечень факторов риска").unwrap(),
        owner: CatalogueOwner::Municipality { region: m.region_id, municipality: m.id },
        version: None,
        source: None,
        factors: vec![Factor { code: factor, name: Name::parse(name).unwrap() }],
        parameters: [ParameterCode::new(factor, 1), ParameterCode::new(factor, 2)]
            .into_iter()
            .map(|c| Parameter { code: c, name: Name::parse(&format!("параметр {c}")).unwrap() })
            .collect(),
    }
}

/// An audit of the municipality on 1 March 2023 against `catalogue`.
fn audit(
    m: &Municipality,
    catalogue: &opora_domain::factors::Catalogue,
    findings: Vec<opora_domain::factors::Finding>,
) -> opora_domain::factors::Audit {
    opora_domain::factors::Audit {
        id: opora_domain::factors::AuditId::generate(),
        region_id: m.region_id,
        municipality_id: m.id,
        date: chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(),
        catalogue_id: catalogue.id,
        source: None,
        findings,
        version: Default::default(),
    }
}

#[tokio::test]
async fn migrating_twice_applies_nothing_the_second_time() {
    let db = TestDatabase::create().await;
    let settings = DatabaseSettings::new(db.url());
    let first = migrate(&settings).await.unwrap();
    assert!(!first.is_empty());
    assert!(migrate(&settings).await.unwrap().is_empty());
}

/// Two instances starting at once: one migrates, the other waits for the lock (PostgreSQL) or
/// the file (SQLite) and finds nothing left to do.
#[tokio::test]
async fn concurrent_migrations_apply_each_migration_once() {
    let db = TestDatabase::create().await;
    let settings = DatabaseSettings::new(db.url());
    let (a, b) = tokio::join!(migrate(&settings), migrate(&settings));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.is_empty() != b.is_empty(), "exactly one instance migrates: {a:?} / {b:?}");
    assert!(migrate(&settings).await.unwrap().is_empty());
}

/// After a bulk load PostgreSQL's planner knows how many rows a table holds, rather than
/// taking it for a few pages until autovacuum comes; on SQLite there is nothing to do.
#[tokio::test]
async fn analyzing_after_a_bulk_load_tells_the_planner_the_tables_sizes() {
    let db = TestDatabase::create().await;
    let (repo, m) = with_municipality(&db, "23", "Краснодарский край", "Северский район").await;
    for number in 1..=8 {
        let org = school(&m, number);
        repo.insert_organization(&org, &event(&org)).await.unwrap();
    }
    let settings = DatabaseSettings::new(db.url());
    let rows_known = || async {
        let conn = connect(&settings).await.unwrap();
        let sql = "SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'organizations'";
        let row = conn.query_one_raw(Statement::from_string(DatabaseBackend::Postgres, sql)).await.unwrap();
        row.expect("the table").try_get::<f64>("", "n").unwrap()
    };
    if db.is_postgres() {
        assert_eq!(rows_known().await, -1.0, "never analyzed");
    }
    analyze(&settings).await.unwrap();
    if db.is_postgres() {
        assert_eq!(rows_known().await, 8.0);
    }
}

#[tokio::test]
async fn an_organization_round_trips_every_field() {
    let db = TestDatabase::create().await;
    let (repo, m) = with_municipality(&db, "23", "Краснодарский край", "Северский район").await;
    let mut org = school(&m, 7);
    org.honorary_name = Some(Name::parse("П.П. Смирнова").unwrap());
    repo.insert_organization(&org, &event(&org)).await.unwrap();
    assert_eq!(repo.organization(org.id).await.unwrap(), Some(org.clone()));
    org.aliases.clear();
    org.is_small = Some(true);
    repo.update_organization(&org, &event(&org)).await.unwrap();
    assert_eq!(repo.organization(org.id).await.unwrap(), Some(org));
}

#[tokio::test]
async fn keyset_pages_cover_every_row_in_creation_order() {
    let db = TestDatabase::create().await;
    let (repo, m) = with_municipality(&db, "23", "Краснодарский край", "Северский район").await;
    let mut created = Vec::new();
    for n in [2, 6, 7, 11, 19, 21, 23, 27, 32, 36, 43, 45, 59] {
        let org = school(&m, n);
        repo.insert_organization(&org, &event(&org)).await.unwrap();
        created.push(org.id);
    }
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page: Page<Organization> = repo
            .organizations(&OrganizationFilter::default(), PageRequest::parse(Some(5), after).unwrap())
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|o| o.id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, created);
}

#[tokio::test]
async fn unique_and_foreign_key_violations_become_domain_errors() {
    let db = TestDatabase::create().await;
    let repo = repository(&db).await;
    let r = region("57", "Орловская область");
    repo.insert_region(&r, &event(&r)).await.unwrap();
    assert_eq!(
        repo.insert_region(&region("57", "Другая"), &event(&r)).await,
        Err(StoreError::Duplicate { field: "code" })
    );

    let m = municipality(&r, "Хотынецкий район");
    repo.insert_municipality(&m, &event(&m)).await.unwrap();
    let same_name = municipality(&r, "Хотынецкий район");
    assert_eq!(
        repo.insert_municipality(&same_name, &event(&same_name)).await,
        Err(StoreError::Duplicate { field: "name" })
    );

    repo.insert_organization(&school(&m, 1), &event(&r)).await.unwrap();
    assert_eq!(repo.delete_municipality(m.id, &event(&m)).await, Err(StoreError::Referenced));
    assert_eq!(repo.delete_region(r.id, &event(&r)).await, Err(StoreError::Referenced));

    let orphan = school(&municipality(&r, "Несуществующий район"), 2);
    assert_eq!(repo.insert_organization(&orphan, &event(&orphan)).await, Err(StoreError::Referenced));
    assert!(!repo.delete_region(RegionId::generate(), &event(&r)).await.unwrap());
}

#[tokio::test]
async fn search_matches_folded_names_and_treats_wildcards_literally() {
    let db = TestDatabase::create().await;
    let (repo, m) = with_municipality(&db, "69", "Тверская область", "Калининский район").await;
    let mut kindergarten = school(&m, 3);
    kindergarten.name = Name::parse("МДОУ «Чуприяновский детский сад «Огонёк»»").unwrap();
    repo.insert_organization(&kindergarten, &event(&kindergarten)).await.unwrap();
    let fifth = school(&m, 5);
    repo.insert_organization(&fifth, &event(&fifth)).await.unwrap();

    let find = |text: &str| OrganizationFilter { search: Some(text.to_owned()), ..Default::default() };
    let page = repo.organizations(&find("огонек"), PageRequest::first(10)).await.unwrap();
    assert_eq!(page.items.len(), 1);
    let page = repo.organizations(&find("сош №5"), PageRequest::first(10)).await.unwrap();
    assert_eq!(page.items.len(), 1, "aliases are searched");
    assert!(repo.organizations(&find("%"), PageRequest::first(10)).await.unwrap().items.is_empty());
}

/// Within a request a territory row is read once, and a write through the repository is seen at
/// once; a change made elsewhere is seen by the next request, never served from an old one.
#[tokio::test]
async fn a_request_reads_each_territory_row_once_and_sees_its_own_writes() {
    use opora_persistence::entities::organization;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let db = TestDatabase::create().await;
    let (repo, m) = with_municipality(&db, "23", "Краснодарский край", "Северский район").await;
    let settings = DatabaseSettings::new(db.url());
    let elsewhere = connect(&settings).await.expect("the pool opens");
    let mut org = school(&m, 7);
    let id = org.id;
    opora_persistence::with_request_memo(async {
        assert_eq!(repo.organization(id).await.unwrap(), None);
        repo.insert_organization(&org, &event(&org)).await.unwrap();
        assert_eq!(repo.organization(id).await.unwrap().map(|o| o.is_small), Some(Some(false)), "an insert is seen");
        org.is_small = Some(true);
        repo.update_organization(&org, &event(&org)).await.unwrap();
        assert_eq!(repo.organization(id).await.unwrap().map(|o| o.is_small), Some(Some(true)), "an update is seen");
        let changed = organization::Entity::update_many()
            .col_expr(organization::Column::IsSmall, Expr::value(false))
            .filter(organization::Column::Id.eq(id.as_uuid()))
            .exec(&elsewhere)
            .await
            .expect("the row changes elsewhere");
        assert_eq!(changed.rows_affected, 1);
        assert_eq!(repo.organization(id).await.unwrap().map(|o| o.is_small), Some(Some(true)), "read once per request");
    })
    .await;
    opora_persistence::with_request_memo(async {
        assert_eq!(
            repo.organization(id).await.unwrap().map(|o| o.is_small),
            Some(Some(false)),
            "a new request reads anew"
        );
    })
    .await;
    assert_eq!(repo.organization(id).await.unwrap().map(|o| o.is_small), Some(Some(false)), "outside a request");
    // A municipality's candidates answer later reads by id, unless an id is not among them.
    let other = school(&m, 9);
    repo.insert_organization(&other, &event(&other)).await.unwrap();
    opora_persistence::with_request_memo(async {
        let candidates = repo.resolution_candidates(&m).await.unwrap();
        assert_eq!(candidates.len(), 2);
        organization::Entity::update_many()
            .col_expr(organization::Column::IsSmall, Expr::value(true))
            .filter(organization::Column::MunicipalityId.eq(m.id.as_uuid()))
            .exec(&elsewhere)
            .await
            .expect("the rows change elsewhere");
        let small = |found: Vec<Organization>| found.iter().map(|o| (o.id, o.is_small)).collect::<Vec<_>>();
        let mut remembered = vec![(id, Some(false)), (other.id, Some(false))];
        remembered.sort();
        assert_eq!(small(repo.organizations_by_ids(&[other.id, id]).await.unwrap()), remembered, "from the memo");
        let stranger = OrganizationId::generate();
        let read = small(repo.organizations_by_ids(&[id, stranger, other.id]).await.unwrap());
        assert!(
            read.len() == 2 && read.iter().all(|(_, small)| *small == Some(true)),
            "an id the memo lacks reads them all: {read:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_request_reads_on_one_connection_and_gives_it_back_before_it_writes() {
    use opora_persistence::pin_connections;
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, TransactionTrait};

    let db = TestDatabase::create().await;
    let (_, m) = with_municipality(&db, "23", "Краснодарский край", "Северский район").await;
    // A pool of one connection: a request that kept it to write would wait for itself.
    let mut settings = DatabaseSettings::new(db.url());
    settings.max_connections = 1;
    settings.acquire_timeout = std::time::Duration::from_secs(2);
    let repo = SeaTerritoryRepository::new(connect(&settings).await.expect("the pool opens"));
    let org = school(&m, 7);
    pin_connections(async {
        assert_eq!(repo.organization(org.id).await.unwrap(), None, "the read holds the only connection");
        repo.insert_organization(&org, &event(&org)).await.expect("the write gets the connection back");
        assert_eq!(repo.organization(org.id).await.unwrap().map(|o| o.id), Some(org.id), "and reads on");
    })
    .await;

    // PostgreSQL names a connection by its server process: every read of a request has one.
    settings.max_connections = 4;
    let pool = connect(&settings).await.expect("the pool opens");
    if pool.get_database_backend() != DatabaseBackend::Postgres {
        return;
    }
    let pid = || async {
        let select = Statement::from_string(DatabaseBackend::Postgres, "SELECT pg_backend_pid() AS pid");
        pool.query_one_raw(select).await.unwrap().unwrap().try_get::<i32>("", "pid").unwrap()
    };
    let opened = tokio::join!(pid(), pid(), pid(), pid());
    assert!(opened.0 > 0);
    let pids = pin_connections(async {
        let mut pids = Vec::new();
        for _ in 0..8 {
            pids.push(pid().await);
        }
        pids
    })
    .await;
    assert!(pids.iter().all(|p| *p == pids[0]), "{pids:?}");
    // Outside a request too (GraphQL's loaders read so), a read takes the connection the last
    // one left warm, untested.
    assert_eq!(pid().await, pid().await);

    // At most half the pool is kept warm: a write always finds a connection.
    settings.max_connections = 2;
    let small = connect(&settings).await.expect("the pool opens");
    let read = || async {
        let select = Statement::from_string(DatabaseBackend::Postgres, "SELECT 1 AS one");
        small.query_one_raw(select).await.unwrap().unwrap().try_get::<i32>("", "one").unwrap()
    };
    assert_eq!(tokio::join!(read(), read()), (1, 1));
    let write = async {
        let txn = small.begin().await.expect("a connection for the write");
        txn.execute_unprepared("SELECT 1").await.unwrap();
        txn.commit().await.unwrap();
    };
    tokio::time::timeout(std::time::Duration::from_secs(5), write).await.expect("the write is not starved");
}

#[tokio::test]
async fn audits_keep_the_organizations_they_name_and_a_school_reads_its_findings_across_them() {
    use opora_domain::factors::ports::FactorsRepository;
    use opora_domain::factors::{Audit, AuditId, Finding, ParameterCode};
    use opora_domain::schools::OrganizationKind;
    let db = TestDatabase::create().await;
    let (territory, m) = with_municipality(&db, "23", "Краснодарский край", "Калининский район").await;
    let (a, b) = (school(&m, 1), school(&m, 2));
    let body = Organization {
        kind: OrganizationKind::MethodologicalService,
        number: None,
        name: Name::parse("МКУО ЦОКО").unwrap(),
        aliases: Vec::new(),
        ..school(&m, 3)
    };
    for o in [&a, &b, &body] {
        territory.insert_organization(o, &event(o)).await.unwrap();
    }
    let code = |f, p| ParameterCode::new(f, p);
    let catalogue = catalogue(&m, 7, "Низкое качество преодоления");
    let finding = |o: &Organization, c, present, in_population| Finding {
        organization_id: o.id,
        parameter: c,
        present,
        value: None,
        evidence: Some("СОШ № 1".into()),
        source_row: Some(3),
        in_population,
    };
    let audit = audit(
        &m,
        &catalogue,
        vec![
            finding(&a, code(7, 1), true, true),
            finding(&a, code(7, 2), false, true),
            finding(&b, code(7, 1), false, true),
            finding(&b, code(7, 2), false, true),
            // A body a cell names: named, not audited.
            finding(&body, code(7, 2), true, false),
        ],
    );
    let settings = DatabaseSettings::new(db.url());
    let repo = opora_persistence::SeaFactorsRepository::new(connect(&settings).await.unwrap());
    repo.save_import(Some(&catalogue), &audit, &[]).await.unwrap();

    let mut expected = vec![(a.id, true), (b.id, true), (body.id, false)];
    expected.sort();
    let (present, named) = repo.audit_presence(audit.id).await.unwrap();
    assert_eq!(named, expected, "every organization named once, the body outside the population");
    let present: Vec<_> = present.iter().map(|f| (f.organization_id, f.parameter, f.in_population)).collect();
    let mut wanted = vec![(a.id, code(7, 1), true), (body.id, code(7, 2), false)];
    wanted.sort();
    assert_eq!(present, wanted, "the present findings only");

    // A year later, against the same catalogue: the schools only.
    let later = Audit {
        id: AuditId::generate(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        findings: vec![finding(&a, code(7, 1), false, true), finding(&b, code(7, 2), true, true)],
        ..audit.clone()
    };
    repo.save_import(None, &later, &[]).await.unwrap();
    let covering = |found: Vec<Audit>| -> Vec<(AuditId, Vec<(OrganizationId, ParameterCode)>)> {
        found.iter().map(|x| (x.id, x.findings.iter().map(|f| (f.organization_id, f.parameter)).collect())).collect()
    };
    let of = |o: OrganizationId, limit| repo.audits_of_organization(m.id, o, limit);
    let expected_a =
        vec![(later.id, vec![(a.id, code(7, 1))]), (audit.id, vec![(a.id, code(7, 1)), (a.id, code(7, 2))])];
    assert_eq!(covering(of(a.id, 2).await.unwrap()), expected_a, "newest first, the school's findings only");
    assert_eq!(covering(of(a.id, 1).await.unwrap()), expected_a[..1], "the latest only");
    assert_eq!(covering(of(body.id, 2).await.unwrap()), [(audit.id, vec![(body.id, code(7, 2))])], "named once");
    let elsewhere = MunicipalityId::generate();
    assert!(repo.audits_of_organization(elsewhere, a.id, 2).await.unwrap().is_empty(), "another municipality's");

    // An audit stored before the table existed gets its rows from its findings.
    let connection = connect(&settings).await.unwrap();
    Migrator::down(connection.connection(), Some(steps_back_to("m20261201_000013_audit_organizations"))).await.unwrap();
    Migrator::up(connection.connection(), None).await.unwrap();
    let (_, refilled) = repo.audit_presence(audit.id).await.unwrap();
    assert_eq!(refilled, expected);
}

#[tokio::test]
async fn an_audit_import_stores_its_findings_as_written_or_nothing() {
    use opora_domain::factors::ports::FactorsRepository;
    use opora_domain::factors::{Audit, AuditId, Catalogue, CatalogueId, Finding, ParameterCode};
    let db = TestDatabase::create().await;
    let (territory, m) = with_municipality(&db, "70", "Томская область", "Северский район").await;
    let schools: Vec<Organization> = (1..=3).map(|n| school(&m, n)).collect();
    for o in &schools {
        territory.insert_organization(o, &event(o)).await.unwrap();
    }
    let code = |f, p| ParameterCode::new(f, p);
    let catalogue = catalogue(&m, 3, "Низкий уровень оснащения");
    // Evidence as tables hold it: tabs, line breaks, backslashes and quotes inside a cell.
    let evidence = [
        Some("СОШ № 1, 2\tООШ № 3".to_owned()),
        Some("строка 1\nстрока 2\r\nC:\\отчёты\\2023 «итог»".to_owned()),
        Some(r"\N".to_owned()),
        None,
    ];
    let values = [Some(0.1), Some(-3.5e-7), Some(1234567.875), None];
    let mut findings = Vec::new();
    for (i, o) in schools.iter().enumerate() {
        for (j, c) in [code(3, 1), code(3, 2)].into_iter().enumerate() {
            let k = (i * 2 + j) % 4;
            findings.push(Finding {
                organization_id: o.id,
                parameter: c,
                present: k % 2 == 0,
                value: values[k],
                evidence: evidence[k].clone(),
                source_row: (k != 3).then_some(u32::try_from(10 + i * 2 + j).unwrap()),
                in_population: i != 2,
            });
        }
    }
    let audit = audit(&m, &catalogue, findings.clone());
    let settings = DatabaseSettings::new(db.url());
    let repo = opora_persistence::SeaFactorsRepository::new(connect(&settings).await.unwrap());
    repo.save_import(Some(&catalogue), &audit, &[]).await.unwrap();
    let key = |f: &Finding| (f.organization_id, f.parameter);
    let mut stored = repo.audit(audit.id).await.unwrap().expect("stored").findings;
    stored.sort_by_key(key);
    findings.sort_by_key(key);
    assert_eq!(stored, findings, "every column read back as written");

    // A finding twice: the import fails as a whole, its catalogue and audit included.
    let twice = Audit {
        id: AuditId::generate(),
        catalogue_id: CatalogueId::generate(),
        findings: [findings.clone(), vec![findings[0].clone()]].concat(),
        ..audit.clone()
    };
    let other =
        Catalogue {
            id: twice.catalogue_id, name: Name::parse("Другой перечень").unwrap(), ..catalogue.clone()
        };
    repo.save_import(Some(&other), &twice, &[]).await.expect_err("a duplicate finding");
    assert!(repo.audit(twice.id).await.unwrap().is_none(), "nothing of the failed import stays");
    assert!(repo.catalogue(other.id).await.unwrap().is_none(), "its catalogue neither");
    let after = repo.audit(audit.id).await.unwrap().expect("the first import stays").findings;
    assert_eq!(after.len(), findings.len());
}

#[tokio::test]
async fn a_regions_data_version_moves_with_each_write_in_it_and_only_then() {
    use opora_domain::access::ports::AccessRepository;
    let db = TestDatabase::create().await;
    let (territory, m) = with_municipality(&db, "70", "Томская область", "Северский район").await;
    let settings = DatabaseSettings::new(db.url());
    let connection = connect(&settings).await.unwrap();
    let access = opora_persistence::SeaAccessRepository::start(connection.clone()).await.unwrap();
    let (other_territory, elsewhere) = with_municipality(&db, "23", "Краснодарский край", "Калининский район").await;

    let before = access.trail_version(m.region_id).await.unwrap();
    let other_before = access.trail_version(elsewhere.region_id).await.unwrap();
    assert_eq!(before, "2.0", "the region's two writes (itself, its municipality); nothing shared yet");
    let o = school(&m, 1);
    territory.insert_organization(&o, &event(&o)).await.unwrap();
    let after = access.trail_version(m.region_id).await.unwrap();
    assert_eq!(after, "3.0", "a write in the region moves its version");
    assert_eq!(access.trail_version(elsewhere.region_id).await.unwrap(), other_before, "not another region's");

    // A write no region owns moves every region's version.
    let p = school(&elsewhere, 2);
    let shared = AuditEvent { region: None, municipality: None, ..event(&p) };
    other_territory.insert_organization(&p, &shared).await.unwrap();
    assert_eq!(access.trail_version(m.region_id).await.unwrap(), "3.1");

    // Counters start from the trail already recorded when the table is created.
    Migrator::down(connection.connection(), Some(steps_back_to("m20261201_000014_data_versions"))).await.unwrap();
    Migrator::up(connection.connection(), None).await.unwrap();
    assert_eq!(access.trail_version(m.region_id).await.unwrap(), "3.1");
    assert_eq!(access.trail_version(RegionId::generate()).await.unwrap(), "0.1", "a region with no data yet");
}
