//! Monitoring: reports on the execution of measures (every revision kept), monitoring campaigns
//! with their conclusions and recommendations, and indicators with their observations.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

/// (code, name, unit, level, aggregation, numerator, denominator.)
type Definition =
    (&'static str, &'static str, &'static str, &'static str, &'static str, Option<&'static str>, Option<&'static str>);

/// The starter catalogue: what seeds 000–002 count.
const STARTER: [Definition; 15] = [
    ("students", "Обучающиеся", "чел.", "organization", "sum", None, None),
    ("small_school", "Малокомплектная образовательная организация", "ед.", "organization", "sum", None, None),
    ("teaching_staff", "Педагогические работники", "чел.", "organization", "sum", None, None),
    ("teachers", "Учителя", "чел.", "organization", "sum", None, None),
    (
        "attested_first",
        "Педагоги, аттестованные на первую квалификационную категорию",
        "чел.",
        "organization",
        "sum",
        None,
        None,
    ),
    (
        "attested_highest",
        "Педагоги, аттестованные на высшую квалификационную категорию",
        "чел.",
        "organization",
        "sum",
        None,
        None,
    ),
    (
        "pd_completed",
        "Педагоги и руководители, прошедшие курсы повышения квалификации",
        "чел.",
        "organization",
        "sum",
        None,
        None,
    ),
    ("retrained", "Педагоги, прошедшие профессиональную переподготовку", "чел.", "organization", "sum", None, None),
    ("mentoring_pairs", "Наставнические пары", "ед.", "organization", "sum", None, None),
    (
        "iom_teachers",
        "Учителя с индивидуальным образовательным маршрутом (ИОМ)",
        "чел.",
        "organization",
        "sum",
        None,
        None,
    ),
    ("methodical_associations", "Методические объединения", "ед.", "territory", "sum", None, None),
    ("students_5_9", "Обучающиеся 5–9 классов", "чел.", "organization", "sum", None, None),
    (
        "extracurricular_5_9",
        "Обучающиеся 5–9 классов, занятые во внеурочной деятельности",
        "чел.",
        "organization",
        "sum",
        None,
        None,
    ),
    (
        "extracurricular_5_9_share",
        "Доля обучающихся 5–9 классов, занятых во внеурочной деятельности",
        "%",
        "organization",
        "share",
        Some("extracurricular_5_9"),
        Some("students_5_9"),
    ),
    (
        "innovation_applications",
        "Заявки на статус региональной инновационной площадки",
        "ед.",
        "organization",
        "sum",
        None,
        None,
    ),
];

fn fk(name: &str, from: (&'static str, &'static str), to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to, "id").on_delete(ForeignKeyAction::NoAction).to_owned()
}

fn index(name: &str, table: &'static str, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for c in columns {
        index.col(*c);
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("execution_reports")
                    .col(uuid("id").primary_key())
                    .col(uuid("roadmap_id"))
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(integer("position"))
                    .col(string_len("occurrence", 16))
                    .col(uuid_null("organization_id"))
                    // The organization's id, or empty for the measure as a whole: a key column,
                    // because unique indexes treat NULLs as distinct.
                    .col(string_len("subject_key", 36))
                    .col(integer("revision"))
                    .col(boolean("current"))
                    .col(string_len("status", 16))
                    .col(date_null("held_on"))
                    .col(string_len_null("postponed_to", 7))
                    .col(integer_null("participants"))
                    .col(text("participant_organizations"))
                    .col(text_null("evidence"))
                    .col(text_null("link"))
                    .col(text("reporter"))
                    .col(text_null("note"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(&mut fk(
                        "fk_execution_reports_roadmap",
                        ("execution_reports", "roadmap_id"),
                        "roadmaps",
                    ))
                    .foreign_key(&mut fk(
                        "fk_execution_reports_organization",
                        ("execution_reports", "organization_id"),
                        "organizations",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "uq_execution_reports_revision",
                "execution_reports",
                &["roadmap_id", "position", "occurrence", "subject_key", "revision"],
                true,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("monitoring_campaigns")
                    .col(uuid("id").primary_key())
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(text("title"))
                    .col(text_null("order_document"))
                    .col(text("scope"))
                    .col(integer("period_from"))
                    .col(integer("period_to"))
                    .col(uuid_null("roadmap_id"))
                    .col(date_null("report_date"))
                    .col(text_null("place"))
                    .col(text_null("signatory"))
                    .col(text("conclusions"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(&mut fk("fk_campaigns_region", ("monitoring_campaigns", "region_id"), "regions"))
                    .foreign_key(&mut fk(
                        "fk_campaigns_municipality",
                        ("monitoring_campaigns", "municipality_id"),
                        "municipalities",
                    ))
                    .foreign_key(&mut fk("fk_campaigns_roadmap", ("monitoring_campaigns", "roadmap_id"), "roadmaps"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_campaigns_municipality", "monitoring_campaigns", &["municipality_id"], false))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("recommendations")
                    .col(uuid("id").primary_key())
                    .col(uuid("campaign_id"))
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(integer("position"))
                    .col(string_len("number", 16))
                    .col(text_null("addressee_role"))
                    .col(text("addressee_organizations"))
                    .col(text("text"))
                    .col(date_null("due_on"))
                    .col(text_null("parameters"))
                    .col(string_len("status", 16))
                    .col(uuid_null("measure_roadmap_id"))
                    .col(integer_null("measure_position"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_recommendations_campaign",
                        ("recommendations", "campaign_id"),
                        "monitoring_campaigns",
                    ))
                    .foreign_key(&mut fk(
                        "fk_recommendations_roadmap",
                        ("recommendations", "measure_roadmap_id"),
                        "roadmaps",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("uq_recommendations_position", "recommendations", &["campaign_id", "position"], true))
            .await?;
        manager
            .create_index(index(
                "ix_recommendations_measure",
                "recommendations",
                &["measure_roadmap_id", "measure_position"],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("indicators")
                    .col(string_len("code", 64))
                    .col(integer("version"))
                    .col(text("name"))
                    .col(string_len("unit", 32))
                    .col(string_len("level", 16))
                    .col(string_len("aggregation", 16))
                    .col(string_len_null("base_code", 64))
                    .col(string_len_null("numerator_code", 64))
                    .col(string_len_null("denominator_code", 64))
                    .col(text_null("method"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .primary_key(Index::create().col("code").col("version"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("observations")
                    .col(string_len("indicator_code", 64))
                    // The organization's or the territory's id.
                    .col(uuid("subject_id"))
                    .col(string_len("period_key", 10))
                    .col(string_len("period_kind", 16))
                    .col(date("period_start"))
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(uuid_null("organization_id"))
                    .col(integer("method_version"))
                    .col(double("value"))
                    .col(text_null("source"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .primary_key(Index::create().col("indicator_code").col("subject_id").col("period_key"))
                    .foreign_key(&mut fk(
                        "fk_observations_organization",
                        ("observations", "organization_id"),
                        "organizations",
                    ))
                    .foreign_key(&mut fk(
                        "fk_observations_municipality",
                        ("observations", "municipality_id"),
                        "municipalities",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_observations_municipality",
                "observations",
                &["municipality_id", "indicator_code", "period_key"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "ix_observations_region",
                "observations",
                &["region_id", "indicator_code", "period_key"],
                false,
            ))
            .await?;
        let recorded = chrono::DateTime::<chrono::Utc>::from_timestamp(1_764_460_800, 0).unwrap_or_default();
        let mut insert = Query::insert();
        insert.into_table("indicators").columns([
            "code",
            "version",
            "name",
            "unit",
            "level",
            "aggregation",
            "numerator_code",
            "denominator_code",
            "recorded_at",
        ]);
        for (code, name, unit, level, aggregation, numerator, denominator) in STARTER {
            insert.values_panic([
                code.into(),
                1.into(),
                name.into(),
                unit.into(),
                level.into(),
                aggregation.into(),
                numerator.map(str::to_owned).into(),
                denominator.map(str::to_owned).into(),
                recorded.into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["observations", "indicators", "recommendations", "monitoring_campaigns", "execution_reports"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
