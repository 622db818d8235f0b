//! Indicator tables become versions: each import is recorded, every value names the import that
//! wrote it, and a value a later import replaces is kept in the history with when and by which
//! import it was replaced. A withdrawn import's values give way to those they replaced.
//! Values held from before this step name no import: they can be replaced, not withdrawn.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

fn index(name: &str, table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("observation_imports")
                    .col(uuid("id").primary_key())
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(integer("observations"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(timestamp_with_time_zone_null("ended_at"))
                    .col(text_null("withdrawal_reason"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_observation_imports_municipality")
                            .from("observation_imports", "municipality_id")
                            .to("municipalities", "id")
                            .on_delete(ForeignKeyAction::NoAction),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_observation_imports_municipality", "observation_imports", &["municipality_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("observation_history")
                    .col(pk_auto("id"))
                    .col(string_len("indicator_code", 64))
                    .col(uuid("subject_id"))
                    .col(string_len("period_key", 10))
                    .col(string_len("period_kind", 16))
                    .col(date("period_start"))
                    .col(uuid("region_id"))
                    .col(uuid("municipality_id"))
                    .col(uuid_null("organization_id"))
                    .col(integer("method_version"))
                    .col(double("value"))
                    .col(text_null("source"))
                    .col(uuid_null("import_id"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .col(timestamp_with_time_zone("replaced_at"))
                    // The import whose value replaced it; none when its own import was withdrawn.
                    .col(uuid_null("replaced_by"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_observation_history_key",
                "observation_history",
                &["indicator_code", "subject_id", "period_key"],
            ))
            .await?;
        manager.create_index(index("ix_observation_history_import", "observation_history", &["import_id"])).await?;
        manager.alter_table(Table::alter().table("observations").add_column(uuid_null("import_id")).to_owned()).await?;
        manager.create_index(index("ix_observations_import", "observations", &["import_id"])).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_observations_import").table("observations").to_owned()).await?;
        manager.alter_table(Table::alter().table("observations").drop_column("import_id").to_owned()).await?;
        manager.drop_table(Table::drop().table("observation_history").to_owned()).await?;
        manager.drop_table(Table::drop().table("observation_imports").to_owned()).await
    }
}
