//! The `note_signatures` table.

pub mod signature {
    //! One municipality's note signature per row.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "note_signatures")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub municipality_id: Uuid,
        pub region_id: Uuid,
        pub approval_position: Option<String>,
        pub approval_name: Option<String>,
        pub signer_position: Option<String>,
        pub signer_name: Option<String>,
        pub place: Option<String>,
        pub updated_at: ChronoDateTimeUtc,
        pub updated_by: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
