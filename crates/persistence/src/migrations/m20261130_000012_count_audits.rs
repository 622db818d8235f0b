//! Counts of each audit kept beside it: how many schools it covered, how many show each factor,
//! and how many show each parameter. Audits never change once stored, so the counts are written
//! in the import's transaction and a region's overview reads a few rows per audit instead of
//! aggregating every finding of the region on each request. Audits stored before are counted here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

fn to_audits(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_audit"))
        .from(table, "audit_id")
        .to("audits", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("audits").add_column(integer("population").default(0)).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_factor_counts")
                    .col(uuid("audit_id"))
                    .col(small_integer("factor"))
                    .col(integer("organizations"))
                    .primary_key(Index::create().col("audit_id").col("factor"))
                    .foreign_key(&mut to_audits("audit_factor_counts"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_parameter_counts")
                    .col(uuid("audit_id"))
                    .col(small_integer("factor"))
                    .col(small_integer("parameter"))
                    // Schools of the audit showing the parameter.
                    .col(integer("organizations"))
                    // Every organization showing it, bodies a cell names included.
                    .col(integer("anywhere"))
                    .primary_key(Index::create().col("audit_id").col("factor").col("parameter"))
                    .foreign_key(&mut to_audits("audit_parameter_counts"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE audits SET population = (SELECT COUNT(DISTINCT f.organization_id) FROM audit_findings f \
             WHERE f.audit_id = audits.id AND f.in_population = true)",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO audit_factor_counts (audit_id, factor, organizations) \
             SELECT audit_id, factor, COUNT(DISTINCT organization_id) FROM audit_findings \
             WHERE present = true AND in_population = true GROUP BY audit_id, factor",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO audit_parameter_counts (audit_id, factor, parameter, organizations, anywhere) \
             SELECT audit_id, factor, parameter, SUM(CASE WHEN in_population = true THEN 1 ELSE 0 END), COUNT(*) \
             FROM audit_findings WHERE present = true GROUP BY audit_id, factor, parameter",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("audit_parameter_counts").to_owned()).await?;
        manager.drop_table(Table::drop().table("audit_factor_counts").to_owned()).await?;
        manager.alter_table(Table::alter().table("audits").drop_column("population").to_owned()).await
    }
}
