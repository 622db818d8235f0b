//! Reference data kept in memory: on PostgreSQL every instance keeps the indicators' catalogue
//! and the watchlist rule sets, and forgets them when any instance defines an indicator or
//! publishes a rule set; on SQLite every read goes to the database. Runs on SQLite by default,
//! on PostgreSQL when `OPORA_TEST_POSTGRES_URL` is set.

use std::time::{Duration, Instant};

use opora_domain::indicators::ports::IndicatorsRepository;
use opora_domain::indicators::{Aggregation, Indicator, IndicatorCode, IndicatorLevel};
use opora_domain::warning::ports::WarningRepository;
use opora_domain::warning::{RuleSet, RuleSetId, RuleStatus};
use opora_persistence::testing::TestDatabase;
use opora_persistence::{
    DatabaseSettings, SeaAccessRepository, SeaIndicatorsRepository, SeaWarningRepository, connect, migrate,
};
use sea_orm::ConnectionTrait;

fn codes(catalogue: &[Indicator]) -> Vec<&str> {
    catalogue.iter().map(|i| i.code.as_str()).collect()
}

#[tokio::test]
async fn the_indicator_catalogue_is_kept_while_changes_are_heard_and_forgotten_on_every_instance() {
    let db = TestDatabase::create().await;
    let settings = DatabaseSettings::new(db.url());
    migrate(&settings).await.expect("migrations apply");
    // Two instances on one database, each listening as a server does.
    let (one, two) = (connect(&settings).await.unwrap(), connect(&settings).await.unwrap());
    let _one = SeaAccessRepository::start(one.clone()).await.unwrap();
    let _two = SeaAccessRepository::start(two.clone()).await.unwrap();
    let (first, second) = (SeaIndicatorsRepository::new(one.clone()), SeaIndicatorsRepository::new(two.clone()));
    let (watching, publishing) = (SeaWarningRepository::new(one.clone()), SeaWarningRepository::new(two));
    assert!(watching.rule_sets().await.unwrap().is_empty(), "no rule set yet");
    let before = first.indicators().await.unwrap();
    assert!(codes(&before).contains(&"students"), "the starter catalogue");

    // A row written behind the repositories' backs announces nothing.
    one.connection()
        .execute_unprepared(
            "INSERT INTO indicators (code, version, name, unit, level, aggregation, recorded_at) \
             VALUES ('unannounced', 1, 'Без объявления', 'ед.', 'organization', 'sum', '2026-12-01T00:00:00+00:00')",
        )
        .await
        .unwrap();
    let seen = first.indicators().await.unwrap();
    if db.is_postgres() {
        assert_eq!(codes(&seen), codes(&before), "the kept catalogue is served");
    } else {
        assert!(codes(&seen).contains(&"unannounced"), "SQLite keeps nothing: {:?}", codes(&seen));
    }

    // A definition on the other instance is heard here.
    let defined = Indicator {
        code: IndicatorCode::parse("tutoring_hours").unwrap(),
        version: 1,
        name: "Часы тьюторского сопровождения".into(),
        unit: "ед.".into(),
        level: IndicatorLevel::Organization,
        aggregation: Aggregation::Sum,
        method: None,
        recorded_at: chrono::Utc::now(),
        aliases: Vec::new(),
    };
    second.insert_indicator(&defined, &[]).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = first.indicators().await.unwrap();
        if codes(&now).contains(&"tutoring_hours") {
            assert!(codes(&now).contains(&"unannounced"), "read afresh: {:?}", codes(&now));
            break;
        }
        assert!(Instant::now() < deadline, "the definition was not heard: {:?}", codes(&now));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // So is a rule set published there.
    let rule = RuleSet {
        id: RuleSetId::generate(),
        name: "Раннее предупреждение".into(),
        version: 1,
        source: "приказ № 1".into(),
        author: "admin".into(),
        factor_weights: vec![(1, 2.0)],
        default_weight: 1.0,
        trend_weight: 0.5,
        indicator_weights: Vec::new(),
        status: RuleStatus::Published,
        recorded_at: chrono::Utc::now(),
    };
    publishing.insert_rule_set(&rule, &[]).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while watching.rule_sets().await.unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the rule set was not heard");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
