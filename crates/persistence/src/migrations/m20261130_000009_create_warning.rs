//! Early warning: the versioned rule sets a watchlist is scored by.

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
                    .table("watch_rule_sets")
                    .col(uuid("id").primary_key())
                    .col(text("name"))
                    .col(integer("version"))
                    .col(text("source"))
                    .col(text("author"))
                    // `[[factor, weight], …]`.
                    .col(text("factor_weights"))
                    .col(double("default_weight"))
                    .col(double("trend_weight"))
                    .col(string_len("status", 16))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_watch_rule_sets_version")
                    .table("watch_rule_sets")
                    .col("name")
                    .col("version")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("watch_rule_sets").to_owned()).await
    }
}
