//! The `list_decisions` and `list_entries` tables.

pub mod decision {
    //! The `list_decisions` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "list_decisions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub level: String,
        pub kind: String,
        pub list_year: i32,
        pub assessment_year: Option<i32>,
        pub issuer_id: Option<Uuid>,
        pub number: Option<String>,
        pub decision_date: Option<Date>,
        pub recorded_at: ChronoDateTimeUtc,
        pub supersedes: Option<Uuid>,
        /// Why the version it supersedes is withdrawn; a withdrawal names no school.
        pub withdrawal_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod entry {
    //! The `list_entries` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "list_entries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub decision_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub organization_id: Uuid,
        pub reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
