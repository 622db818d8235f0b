//! Programmes, roadmaps and their measures. A measure keeps every cell as written; its targets,
//! schedule and audience are read again from that text (the parsers are pure), and its venues,
//! responsible parties and reach, which depend on the registry at import, are stored as read.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

fn fk(name: &str, from: (&'static str, &'static str), to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to, "id").on_delete(ForeignKeyAction::NoAction).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("programmes")
                    .col(uuid("id").primary_key())
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(uuid_null("owner_id"))
                    .col(text("title"))
                    .col(integer("period_from"))
                    .col(integer("period_to"))
                    .col(text_null("goal"))
                    .col(text("tasks"))
                    .col(text_null("approval"))
                    .col(string_len("status", 16))
                    .col(uuid_null("supersedes"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(&mut fk("fk_programmes_region", ("programmes", "region_id"), "regions"))
                    .foreign_key(&mut fk(
                        "fk_programmes_municipality",
                        ("programmes", "municipality_id"),
                        "municipalities",
                    ))
                    .foreign_key(&mut fk("fk_programmes_owner", ("programmes", "owner_id"), "organizations"))
                    .foreign_key(&mut fk("fk_programmes_supersedes", ("programmes", "supersedes"), "programmes"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_programmes_municipality")
                    .table("programmes")
                    .col("municipality_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("roadmaps")
                    .col(uuid("id").primary_key())
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(uuid_null("owner_id"))
                    .col(uuid_null("programme_id"))
                    .col(text("title"))
                    .col(integer("period_from"))
                    .col(integer("period_to"))
                    .col(text_null("approval"))
                    .col(uuid_null("audit_id"))
                    .col(uuid_null("catalogue_id"))
                    .col(string_len("fingerprint", 64))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(&mut fk("fk_roadmaps_region", ("roadmaps", "region_id"), "regions"))
                    .foreign_key(&mut fk("fk_roadmaps_municipality", ("roadmaps", "municipality_id"), "municipalities"))
                    .foreign_key(&mut fk("fk_roadmaps_owner", ("roadmaps", "owner_id"), "organizations"))
                    .foreign_key(&mut fk("fk_roadmaps_programme", ("roadmaps", "programme_id"), "programmes"))
                    .foreign_key(&mut fk("fk_roadmaps_audit", ("roadmaps", "audit_id"), "audits"))
                    .foreign_key(&mut fk("fk_roadmaps_catalogue", ("roadmaps", "catalogue_id"), "catalogues"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_roadmaps_fingerprint")
                    .table("roadmaps")
                    .col("municipality_id")
                    .col("fingerprint")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("measures")
                    .col(uuid("roadmap_id"))
                    .col(integer("position"))
                    .col(string_len("number", 16))
                    .col(text_null("direction"))
                    .col(text("title"))
                    .col(text_null("form"))
                    .col(text_null("form_key"))
                    .col(text_null("targets"))
                    .col(text_null("audience"))
                    .col(text_null("venues_text"))
                    .col(text("venues"))
                    .col(text_null("schedule"))
                    .col(text_null("responsible_text"))
                    .col(text("responsible"))
                    .col(text_null("reach"))
                    .col(text("source_rows"))
                    .primary_key(Index::create().col("roadmap_id").col("position"))
                    .foreign_key(&mut fk("fk_measures_roadmap", ("measures", "roadmap_id"), "roadmaps"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ix_measures_form_key").table("measures").col("form_key").to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["measures", "roadmaps", "programmes"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
