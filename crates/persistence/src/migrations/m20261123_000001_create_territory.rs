//! Regions, municipalities and organizations. Foreign keys refuse to delete a record that is
//! still referred to. They are NO ACTION rather than RESTRICT because SQLite reports a RESTRICT
//! violation as a trigger error (1811) but NO ACTION as a foreign-key error (787), which both
//! backends then map alike. The names of unique indexes are mapped to input fields in
//! `errors.rs`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

fn timestamps(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table.col(timestamp_with_time_zone("created_at")).col(timestamp_with_time_zone("updated_at"))
}

fn restrict(name: &str, from: (&'static str, &'static str), to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to, "id")
        .on_delete(ForeignKeyAction::NoAction)
        .on_update(ForeignKeyAction::NoAction)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table("regions")
                        .col(uuid("id").primary_key())
                        .col(string_len("code", 2))
                        .col(string("name"))
                        .col(string("name_key")),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("uq_regions_code").table("regions").col("code").unique().to_owned())
            .await?;

        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table("municipalities")
                        .col(uuid("id").primary_key())
                        .col(uuid("region_id"))
                        .col(string("name"))
                        .col(string("name_key"))
                        .col(string_len("kind", 32))
                        .col(string_len_null("oktmo", 11)),
                )
                .foreign_key(&mut restrict("fk_municipalities_region", ("municipalities", "region_id"), "regions"))
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_municipalities_region_name")
                    .table("municipalities")
                    .col("region_id")
                    .col("name_key")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_municipalities_oktmo")
                    .table("municipalities")
                    .col("oktmo")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table("organizations")
                        .col(uuid("id").primary_key())
                        .col(uuid("region_id"))
                        .col(uuid_null("municipality_id"))
                        .col(string_len("kind", 32))
                        .col(string_len_null("legal_form", 12))
                        .col(integer_null("number"))
                        .col(string("name"))
                        .col(string_null("short_name"))
                        .col(string_null("honorary_name"))
                        .col(text("aliases"))
                        .col(text("search_text"))
                        .col(string_len_null("inn", 10))
                        .col(string_len_null("ogrn", 13))
                        .col(string_len_null("fis_oko_login", 9))
                        .col(boolean("is_small")),
                )
                .foreign_key(&mut restrict("fk_organizations_region", ("organizations", "region_id"), "regions"))
                .foreign_key(&mut restrict(
                    "fk_organizations_municipality",
                    ("organizations", "municipality_id"),
                    "municipalities",
                ))
                .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("uq_organizations_inn", "inn"),
            ("uq_organizations_ogrn", "ogrn"),
            ("uq_organizations_fis_oko_login", "fis_oko_login"),
        ] {
            manager
                .create_index(Index::create().name(name).table("organizations").col(column).unique().to_owned())
                .await?;
        }
        // Lists filter by municipality or region and page by id.
        for (name, column) in
            [("ix_organizations_municipality", "municipality_id"), ("ix_organizations_region", "region_id")]
        {
            manager
                .create_index(Index::create().name(name).table("organizations").col(column).col("id").to_owned())
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_municipalities_region")
                    .table("municipalities")
                    .col("region_id")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["organizations", "municipalities", "regions"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
