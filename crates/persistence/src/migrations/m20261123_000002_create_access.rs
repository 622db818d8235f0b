//! Users, API clients, revoked tokens and the audit trail. A principal's scope is stored with
//! its ancestors (a school's municipality and region) so that access checks need no joins;
//! the foreign keys keep a territory from disappearing under the principals scoped to it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

fn principal_table(name: &'static str, secret: &'static str, login: &'static str) -> TableCreateStatement {
    let fk = |column: &'static str, to: &'static str| {
        ForeignKey::create()
            .name(format!("fk_{name}_{column}"))
            .from(name, column)
            .to(to, "id")
            .on_delete(ForeignKeyAction::NoAction)
            .to_owned()
    };
    Table::create()
        .table(name)
        .col(uuid("id").primary_key())
        .col(string(login))
        .col(string_null("display_name"))
        .col(string_len("role", 16))
        .col(string_len("scope_level", 16))
        .col(uuid_null("region_id"))
        .col(uuid_null("municipality_id"))
        .col(uuid_null("organization_id"))
        .col(boolean("active"))
        .col(string(secret))
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
        .foreign_key(&mut fk("region_id", "regions"))
        .foreign_key(&mut fk("municipality_id", "municipalities"))
        .foreign_key(&mut fk("organization_id", "organizations"))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(principal_table("users", "password_hash", "email")).await?;
        manager
            .create_index(Index::create().name("uq_users_email").table("users").col("email").unique().to_owned())
            .await?;
        manager.create_table(principal_table("api_clients", "secret_hash", "client_id")).await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_api_clients_client_id")
                    .table("api_clients")
                    .col("client_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        for table in ["users", "api_clients"] {
            manager
                .create_index(
                    Index::create()
                        .name(format!("ix_{table}_region"))
                        .table(table)
                        .col("region_id")
                        .col("id")
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("revoked_tokens")
                    .col(uuid("jti").primary_key())
                    .col(timestamp_with_time_zone("expires_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(uuid("id").primary_key())
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("actor"))
                    .col(string_len("action", 16))
                    .col(string_len("entity_type", 32))
                    .col(uuid("entity_id"))
                    .col(uuid_null("region_id"))
                    .col(uuid_null("municipality_id"))
                    .col(text("changes"))
                    .to_owned(),
            )
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
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_events_region")
                    .table("audit_events")
                    .col("region_id")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["audit_events", "revoked_tokens", "api_clients", "users"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
