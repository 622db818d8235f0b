//! A list decision can be withdrawn: a version that supersedes it, names no school, and says
//! why; the year has no decision of that list from then on.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("list_decisions").add_column(text_null("withdrawal_reason")).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("list_decisions").drop_column("withdrawal_reason").to_owned()).await
    }
}
