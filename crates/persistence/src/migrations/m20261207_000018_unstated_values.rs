//! Values no source states stay empty: an organization's smallness and a programme's status
//! become nullable. A column's nullability cannot be altered on SQLite, so each is copied into a
//! new nullable column that takes its name: the same statements on both stores. Rows already
//! held keep the values they hold.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

/// Table, column, type, and what the schema before required in its place (the old defaults).
const COLUMNS: [(&str, &str, &str, &str); 2] =
    [("organizations", "is_small", "boolean", "false"), ("programmes", "status", "varchar(16)", "'approved'")];

async fn run(db: &SchemaManagerConnection<'_>, sql: &str) -> Result<(), DbErr> {
    db.execute_unprepared(sql).await.map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On one connection, in one transaction, on SQLite too: each step needs the one before it,
    /// and a pooled connection holding an older snapshot would not see the new column.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, column, kind, _) in COLUMNS {
            run(db, &format!("ALTER TABLE {table} ADD COLUMN {column}_stated {kind} NULL")).await?;
            run(db, &format!("UPDATE {table} SET {column}_stated = {column}")).await?;
            run(db, &format!("ALTER TABLE {table} DROP COLUMN {column}")).await?;
            run(db, &format!("ALTER TABLE {table} RENAME COLUMN {column}_stated TO {column}")).await?;
        }
        Ok(())
    }

    /// The schema before required a value: an unstated one takes the old default again.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, column, kind, old) in COLUMNS {
            run(db, &format!("ALTER TABLE {table} ADD COLUMN {column}_required {kind} NOT NULL DEFAULT {old}")).await?;
            run(db, &format!("UPDATE {table} SET {column}_required = COALESCE({column}, {old})")).await?;
            run(db, &format!("ALTER TABLE {table} DROP COLUMN {column}")).await?;
            run(db, &format!("ALTER TABLE {table} RENAME COLUMN {column}_required TO {column}")).await?;
        }
        Ok(())
    }
}
