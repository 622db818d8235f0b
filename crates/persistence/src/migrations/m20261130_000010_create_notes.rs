//! Note signatures per municipality, and indicator weights for watchlist rule sets.

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
                    .table("note_signatures")
                    .col(uuid("municipality_id").primary_key())
                    .col(uuid("region_id"))
                    .col(text_null("approval_position"))
                    .col(text_null("approval_name"))
                    .col(text_null("signer_position"))
                    .col(text_null("signer_name"))
                    .col(text_null("place"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(text("updated_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_note_signatures_municipality")
                            .from("note_signatures", "municipality_id")
                            .to("municipalities", "id")
                            .on_delete(ForeignKeyAction::NoAction),
                    )
                    .to_owned(),
            )
            .await?;
        // `[[code, weight], …]`; rule sets recorded before weigh no indicator.
        manager
            .alter_table(
                Table::alter().table("watch_rule_sets").add_column(text("indicator_weights").default("[]")).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("watch_rule_sets").drop_column("indicator_weights").to_owned())
            .await?;
        manager.drop_table(Table::drop().table("note_signatures").to_owned()).await
    }
}
