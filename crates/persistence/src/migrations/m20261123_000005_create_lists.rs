//! List decisions and their entries. A decision row is never updated: a correction is a new row
//! that names the one it supersedes, which keeps what was known at every moment.

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
                    .table("list_decisions")
                    .col(uuid("id").primary_key())
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(string_len("level", 16))
                    .col(string_len("kind", 16))
                    .col(integer("list_year"))
                    .col(integer_null("assessment_year"))
                    .col(uuid_null("issuer_id"))
                    .col(string_null("number"))
                    .col(date_null("decision_date"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(uuid_null("supersedes"))
                    .foreign_key(&mut fk("fk_list_decisions_region", ("list_decisions", "region_id"), "regions"))
                    .foreign_key(&mut fk(
                        "fk_list_decisions_municipality",
                        ("list_decisions", "municipality_id"),
                        "municipalities",
                    ))
                    .foreign_key(&mut fk("fk_list_decisions_issuer", ("list_decisions", "issuer_id"), "organizations"))
                    .foreign_key(&mut fk(
                        "fk_list_decisions_supersedes",
                        ("list_decisions", "supersedes"),
                        "list_decisions",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_list_decisions_municipality")
                    .table("list_decisions")
                    .col("municipality_id")
                    .col("kind")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("list_entries")
                    .col(uuid("decision_id"))
                    .col(uuid("organization_id"))
                    .col(text_null("reason"))
                    .primary_key(Index::create().col("decision_id").col("organization_id"))
                    .foreign_key(&mut fk("fk_list_entries_decision", ("list_entries", "decision_id"), "list_decisions"))
                    .foreign_key(&mut fk(
                        "fk_list_entries_organization",
                        ("list_entries", "organization_id"),
                        "organizations",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_list_entries_organization")
                    .table("list_entries")
                    .col("organization_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["list_entries", "list_decisions"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
