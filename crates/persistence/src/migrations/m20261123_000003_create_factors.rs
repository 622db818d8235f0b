//! Catalogues of risk factors, audits and their findings. A catalogue's factors and parameters
//! are stored with it as JSON: they are read and written whole. Findings get a table of their
//! own, because prevalence is counted over them.

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
                    .table("catalogues")
                    .col(uuid("id").primary_key())
                    .col(string("name"))
                    .col(string_len("owner_level", 16))
                    .col(uuid_null("region_id"))
                    .col(uuid_null("municipality_id"))
                    .col(string_null("version"))
                    .col(text_null("source"))
                    .col(text("factors"))
                    .col(text("parameters"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_catalogues_region", ("catalogues", "region_id"), "regions"))
                    .foreign_key(&mut fk(
                        "fk_catalogues_municipality",
                        ("catalogues", "municipality_id"),
                        "municipalities",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audits")
                    .col(uuid("id").primary_key())
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(date("audit_date"))
                    .col(uuid("catalogue_id"))
                    .col(text_null("source"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("fk_audits_region", ("audits", "region_id"), "regions"))
                    .foreign_key(&mut fk("fk_audits_municipality", ("audits", "municipality_id"), "municipalities"))
                    .foreign_key(&mut fk("fk_audits_catalogue", ("audits", "catalogue_id"), "catalogues"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_audits_municipality_date_catalogue")
                    .table("audits")
                    .col("municipality_id")
                    .col("audit_date")
                    .col("catalogue_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_findings")
                    .col(uuid("audit_id"))
                    .col(uuid("organization_id"))
                    .col(small_integer("factor"))
                    .col(small_integer("parameter"))
                    .col(boolean("present"))
                    .col(double_null("value"))
                    .col(text_null("evidence"))
                    .col(integer_null("source_row"))
                    .primary_key(Index::create().col("audit_id").col("organization_id").col("factor").col("parameter"))
                    .foreign_key(&mut fk("fk_audit_findings_audit", ("audit_findings", "audit_id"), "audits"))
                    .foreign_key(&mut fk(
                        "fk_audit_findings_organization",
                        ("audit_findings", "organization_id"),
                        "organizations",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_findings_organization")
                    .table("audit_findings")
                    .col("organization_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["audit_findings", "audits", "catalogues"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
