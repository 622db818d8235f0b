//! Every event of the trail numbers its entity's revision: 1 for the creation, one more with
//! each change. The number is unique per entity, so that two writes made from the same
//! revision cannot both land: the second one's event collides and its transaction rolls back.
//! Events already held are numbered in the order they occurred.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

const NUMBERED: &str = "UPDATE audit_events SET revision = (\
    SELECT COUNT(*) FROM audit_events AS e \
    WHERE e.entity_type = audit_events.entity_type AND e.entity_id = audit_events.entity_id \
    AND (e.occurred_at < audit_events.occurred_at \
        OR (e.occurred_at = audit_events.occurred_at AND e.id <= audit_events.id)))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On one connection, in one transaction, on SQLite too: the numbering reads the column the
    /// step before it added.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("audit_events").add_column(big_integer("revision").default(0)).to_owned())
            .await?;
        manager.get_connection().execute_unprepared(NUMBERED).await?;
        // The unique index answers the lookups the plain one did: its columns lead.
        manager.drop_index(Index::drop().name("ix_audit_events_entity").table("audit_events").to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_audit_events_entity_revision")
                    .table("audit_events")
                    .col("entity_type")
                    .col("entity_id")
                    .col("revision")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("uq_audit_events_entity_revision").table("audit_events").to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_events_entity")
                    .table("audit_events")
                    .col("entity_type")
                    .col("entity_id")
                    .to_owned(),
            )
            .await?;
        manager.alter_table(Table::alter().table("audit_events").drop_column("revision").to_owned()).await
    }
}
