//! A monitoring report holds what its text states beyond the campaign's columns (the window,
//! the school year, the plan, the signatory's position, the documents and figures it cites,
//! whether its texts are a summary), and a recommendation its due as written.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("monitoring_campaigns").add_column(text_null("report_details")).to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table("recommendations").add_column(text_null("due_text")).to_owned())
            .await?;
        manager.alter_table(Table::alter().table("recommendations").add_column(text_null("due_kind")).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("recommendations").drop_column("due_kind").to_owned()).await?;
        manager.alter_table(Table::alter().table("recommendations").drop_column("due_text").to_owned()).await?;
        manager.alter_table(Table::alter().table("monitoring_campaigns").drop_column("report_details").to_owned()).await
    }
}
