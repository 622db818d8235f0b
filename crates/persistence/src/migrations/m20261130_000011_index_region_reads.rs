//! Indexes for a region's reads of its audits: the latest of each municipality per catalogue,
//! and the latest of each up to a day.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_audits_region_catalogue")
                    .table("audits")
                    .col("region_id")
                    .col("catalogue_id")
                    .col("municipality_id")
                    .col("audit_date")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audits_region_date")
                    .table("audits")
                    .col("region_id")
                    .col("municipality_id")
                    .col("audit_date")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_audits_region_date").table("audits").to_owned()).await?;
        manager.drop_index(Index::drop().name("ix_audits_region_catalogue").table("audits").to_owned()).await
    }
}
