//! Indexes the dashboards' reads need: a region's latest audits up to a day, whatever their
//! catalogue (the region overview asks which audit of each municipality is the latest up to the
//! year's end), and a school's observations (its card's indicator series).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_observations_organization")
                    .table("observations")
                    .col("organization_id")
                    .col("indicator_code")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_observations_organization").table("observations").to_owned()).await?;
        manager.drop_index(Index::drop().name("ix_audits_region_date").table("audits").to_owned()).await
    }
}
