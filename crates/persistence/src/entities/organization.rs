//! The `organizations` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub region_id: Uuid,
    pub municipality_id: Option<Uuid>,
    pub kind: String,
    pub legal_form: Option<String>,
    pub number: Option<i32>,
    pub name: String,
    pub short_name: Option<String>,
    pub honorary_name: Option<String>,
    /// A JSON array of strings; it is read and written whole with the organization.
    pub aliases: String,
    /// Every name folded, one per line: what text search matches with LIKE on both backends.
    pub search_text: String,
    pub inn: Option<String>,
    pub ogrn: Option<String>,
    pub fis_oko_login: Option<String>,
    pub is_small: Option<bool>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
