//! What a roadmap's reading depends on beyond its cells: whether its period is one school year
//! (a month written without a year then falls in September–August), and where its title came
//! from (the document, the request, the file's name, or made by Opora when none gave one). An
//! occurrence is now a day, a span of days or of months: its key grows to 21 characters
//! («2024-09-05/2024-09-23»).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(Table::alter().table("roadmaps").add_column(boolean("school_year").default(false)).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table("roadmaps").add_column(string_null("title_source")).to_owned())
            .await?;
        // SQLite does not bound a string's length, and cannot alter a column.
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager
                .alter_table(
                    Table::alter().table("execution_reports").modify_column(string_len("occurrence", 32)).to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("roadmaps").drop_column("title_source").to_owned()).await?;
        manager.alter_table(Table::alter().table("roadmaps").drop_column("school_year").to_owned()).await
    }
}
