//! The names municipalities' tables give indicators, kept for everyone or for one region. The
//! scope is `*` or the region's id, so that one alias names one indicator in a scope on both
//! stores (a unique index over a nullable column would let SQLite and PostgreSQL keep two).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("indicator_aliases")
                    .col(uuid("id").primary_key())
                    .col(string("indicator_code"))
                    .col(uuid_null("region_id"))
                    .col(string("scope"))
                    .col(string("alias"))
                    .col(string("alias_key"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_indicator_aliases_scope_key")
                    .table("indicator_aliases")
                    .col("scope")
                    .col("alias_key")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("indicator_aliases").to_owned()).await
    }
}
