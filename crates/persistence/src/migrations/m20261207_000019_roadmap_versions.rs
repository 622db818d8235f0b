//! Roadmaps become versions of a document (municipality, owner, period): a corrected import
//! replaces the current version, a withdrawal ends it, and only the current one holds the
//! document's key, unique, so that racing corrections leave one. Roadmaps already held are
//! chained by the order they were recorded in: the last of each document is current.

use std::collections::BTreeMap;

use opora_domain::measures::{Period, document_key};
use opora_domain::schools::{MunicipalityId, OrganizationId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::entities::measures::roadmap;
use crate::stored::fingerprint_key;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

type Held = (uuid::Uuid, uuid::Uuid, Option<uuid::Uuid>, i32, i32, bool, chrono::DateTime<chrono::Utc>);

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On one connection, in one transaction, on SQLite too: the backfill reads the columns the
    /// steps before it added.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_len_null("document_key", 64),
            uuid_null("supersedes"),
            timestamp_with_time_zone_null("ended_at"),
            text_null("withdrawal_reason"),
        ] {
            manager.alter_table(Table::alter().table("roadmaps").add_column(column).to_owned()).await?;
        }
        let db = manager.get_connection();
        use roadmap::Column as C;
        let held: Vec<Held> = roadmap::Entity::find()
            .select_only()
            .columns([C::Id, C::MunicipalityId, C::OwnerId, C::PeriodFrom, C::PeriodTo, C::SchoolYear, C::RecordedAt])
            .order_by_asc(C::RecordedAt)
            .order_by_asc(C::Id)
            .into_tuple()
            .all(db)
            .await?;
        let mut documents: BTreeMap<String, Vec<(uuid::Uuid, chrono::DateTime<chrono::Utc>)>> = BTreeMap::new();
        for (id, municipality, owner, from, to, school_year, recorded_at) in held {
            let period = if school_year { Period::school_year(from) } else { Period::new(from, to) }
                .map_err(|e| DbErr::Migration(format!("roadmap {id}: {e}")))?;
            let key =
                document_key(MunicipalityId::from_uuid(municipality), owner.map(OrganizationId::from_uuid), period);
            documents.entry(key).or_default().push((id, recorded_at));
        }
        for (key, versions) in documents {
            for pair in versions.windows(2) {
                let ((earlier, _), (later, at)) = (pair[0], pair[1]);
                let ended = roadmap::Entity::update_many().col_expr(C::EndedAt, Expr::value(at));
                ended.filter(C::Id.eq(earlier)).exec(db).await?;
                let chained = roadmap::Entity::update_many().col_expr(C::Supersedes, Expr::value(earlier));
                chained.filter(C::Id.eq(later)).exec(db).await?;
            }
            if let Some((current, _)) = versions.last() {
                let keyed = roadmap::Entity::update_many().col_expr(C::DocumentKey, Expr::value(fingerprint_key(&key)));
                keyed.filter(C::Id.eq(*current)).exec(db).await?;
            }
        }
        manager
            .create_index(
                Index::create()
                    .name("ux_roadmaps_document_key")
                    .table("roadmaps")
                    .col("document_key")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ux_roadmaps_document_key").table("roadmaps").to_owned()).await?;
        for column in ["withdrawal_reason", "ended_at", "supersedes", "document_key"] {
            manager.alter_table(Table::alter().table("roadmaps").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
