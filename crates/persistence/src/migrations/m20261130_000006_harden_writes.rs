//! Constraints that keep concurrent writes from duplicating data, the store of idempotency
//! keys, the moment from which a principal's tokens are valid, the index a region's latest
//! audits per catalogue are read by, and the mark of findings about bodies outside an audit's
//! population of schools.
//!
//! - An imported catalogue is keyed by its owner and content, so that twenty identical imports
//!   racing each other create one.
//! - A list decision that supersedes nothing is the only one of its municipality, kind, level
//!   and year; a decision is superseded by one correction at most.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("catalogues").add_column(string_len_null("content_key", 64)).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_catalogues_content_key")
                    .table("catalogues")
                    .col("content_key")
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Partial indexes: the same statement on SQLite and on PostgreSQL.
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX uq_list_decisions_original ON list_decisions \
             (municipality_id, kind, level, list_year) WHERE supersedes IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX uq_list_decisions_supersedes ON list_decisions (supersedes) \
             WHERE supersedes IS NOT NULL",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("idempotency_keys")
                    // A SHA-256 of the principal and the client's key: fixed width, whatever
                    // the client sent.
                    .col(string_len("key_hash", 64).primary_key())
                    .col(string_len("fingerprint", 64))
                    .col(integer_null("status"))
                    .col(string_null("content_type"))
                    .col(text_null("body"))
                    .col(timestamp_with_time_zone("claimed_at"))
                    .to_owned(),
            )
            .await?;
        for table in ["users", "api_clients"] {
            manager
                .alter_table(
                    Table::alter().table(table).add_column(timestamp_with_time_zone_null("valid_from")).to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_audits_region_catalogue")
                    .table("audits")
                    .col("region_id")
                    .col("catalogue_id")
                    .col("municipality_id")
                    .to_owned(),
            )
            .await?;
        // Findings about a body a cell names are kept apart from the audited schools.
        manager
            .alter_table(
                Table::alter().table("audit_findings").add_column(boolean("in_population").default(true)).to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("audit_findings").drop_column("in_population").to_owned()).await?;
        manager.drop_index(Index::drop().name("ix_audits_region_catalogue").table("audits").to_owned()).await?;
        for table in ["users", "api_clients"] {
            manager.alter_table(Table::alter().table(table).drop_column("valid_from").to_owned()).await?;
        }
        manager.drop_table(Table::drop().table("idempotency_keys").to_owned()).await?;
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX uq_list_decisions_supersedes").await?;
        db.execute_unprepared("DROP INDEX uq_list_decisions_original").await?;
        manager.drop_index(Index::drop().name("uq_catalogues_content_key").table("catalogues").to_owned()).await?;
        manager.alter_table(Table::alter().table("catalogues").drop_column("content_key").to_owned()).await
    }
}
