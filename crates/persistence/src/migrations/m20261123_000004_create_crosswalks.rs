//! Crosswalks between catalogues: which parameter of one catalogue maps onto which of another.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let fk = |name: &str, column: &'static str| {
            ForeignKey::create()
                .name(name)
                .from("crosswalk_entries", column)
                .to("catalogues", "id")
                .on_delete(ForeignKeyAction::NoAction)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table("crosswalk_entries")
                    .col(uuid("from_catalogue"))
                    .col(small_integer("from_factor"))
                    .col(small_integer("from_parameter"))
                    .col(uuid("to_catalogue"))
                    .col(small_integer("to_factor"))
                    .col(small_integer("to_parameter"))
                    .primary_key(
                        Index::create()
                            .col("from_catalogue")
                            .col("from_factor")
                            .col("from_parameter")
                            .col("to_catalogue")
                            .col("to_factor")
                            .col("to_parameter"),
                    )
                    .foreign_key(&mut fk("fk_crosswalk_entries_from", "from_catalogue"))
                    .foreign_key(&mut fk("fk_crosswalk_entries_to", "to_catalogue"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("crosswalk_entries").to_owned()).await
    }
}
