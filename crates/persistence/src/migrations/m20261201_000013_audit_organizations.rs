//! The organizations each audit names, kept beside it: which schools it covered and which
//! bodies its cells named. Audits never change once stored, so the rows are written in the
//! import's transaction, and a dashboard reads one row per organization instead of every
//! finding of the audit to learn who was audited. Audits stored before are filled in here.

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
                    .table("audit_organizations")
                    .col(uuid("audit_id"))
                    .col(uuid("organization_id"))
                    // False for a body a cell names: not one of the schools the audit covers.
                    .col(boolean("in_population"))
                    .primary_key(Index::create().col("audit_id").col("organization_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_organizations_audit")
                            .from("audit_organizations", "audit_id")
                            .to("audits", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_organizations_organization")
                            .from("audit_organizations", "organization_id")
                            .to("organizations", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        // An organization in the population on any of its rows is in it.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO audit_organizations (audit_id, organization_id, in_population) \
                 SELECT audit_id, organization_id, MAX(CASE WHEN in_population = true THEN 1 ELSE 0 END) = 1 \
                 FROM audit_findings GROUP BY audit_id, organization_id",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("audit_organizations").to_owned()).await
    }
}
