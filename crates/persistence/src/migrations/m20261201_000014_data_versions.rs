//! A counter of writes per region, beside the data. Dashboards, overviews and their 304s tag
//! their answer with the version of the region's data; it was read from the audit trail (how
//! many events the region has and the greatest id), which grows with every write: a region's
//! two thousand events already cost the version more than the rest of a 304. The counter is
//! raised in the transaction of each recorded event, so a reader sees it change exactly when
//! the data does, and reads it with one primary-key lookup however long the trail grows.
//! Events no region owns (catalogues, indicators, rule sets) count under the nil id.

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
                    .table("data_versions")
                    .col(uuid("scope").primary_key())
                    .col(big_integer("version"))
                    .to_owned(),
            )
            .await?;
        // The trail recorded so far: its length per region is where each counter starts.
        let scope = Func::coalesce([Expr::col("region_id"), Expr::val(uuid::Uuid::nil())]);
        let counted = Query::select()
            .expr(scope.clone())
            .expr(Expr::col("id").count())
            .from("audit_events")
            .group_by_columns(["region_id"])
            .to_owned();
        let insert = Query::insert()
            .into_table("data_versions")
            .columns(["scope", "version"])
            .select_from(counted)
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .to_owned();
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("data_versions").to_owned()).await
    }
}
