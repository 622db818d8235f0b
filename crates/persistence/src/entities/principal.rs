//! The `users` and `api_clients` tables, which share their shape.

pub mod user {
    //! The `users` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub email: String,
        pub display_name: Option<String>,
        pub role: String,
        pub scope_level: String,
        pub region_id: Option<Uuid>,
        pub municipality_id: Option<Uuid>,
        pub organization_id: Option<Uuid>,
        pub active: bool,
        pub password_hash: String,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
        pub valid_from: Option<ChronoDateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod client {
    //! The `api_clients` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_clients")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub client_id: String,
        /// The client's description.
        pub display_name: Option<String>,
        pub role: String,
        pub scope_level: String,
        pub region_id: Option<Uuid>,
        pub municipality_id: Option<Uuid>,
        pub organization_id: Option<Uuid>,
        pub active: bool,
        pub secret_hash: String,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
        pub valid_from: Option<ChronoDateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
