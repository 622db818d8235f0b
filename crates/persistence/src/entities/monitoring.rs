//! The `monitoring_campaigns` and `recommendations` tables.

pub mod campaign {
    //! The `monitoring_campaigns` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "monitoring_campaigns")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub title: String,
        /// The order that started it, as JSON.
        pub order_document: Option<String>,
        /// `["uuid", …]`: the organizations monitored.
        pub scope: String,
        pub period_from: i32,
        pub period_to: i32,
        pub roadmap_id: Option<Uuid>,
        pub report_date: Option<Date>,
        pub place: Option<String>,
        pub signatory: Option<String>,
        /// `[{"number": "1.1", "text": "…"}, …]`.
        pub conclusions: String,
        pub recorded_at: ChronoDateTimeUtc,
        /// The document this is a version of, hashed; held by the current version only.
        pub document_key: Option<String>,
        pub supersedes: Option<Uuid>,
        pub ended_at: Option<ChronoDateTimeUtc>,
        pub withdrawal_reason: Option<String>,
        /// What the report states beyond these columns, as JSON.
        pub report_details: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod recommendation {
    //! The `recommendations` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "recommendations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub campaign_id: Uuid,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub position: i32,
        pub number: String,
        pub addressee_role: Option<String>,
        /// `["uuid", …]`.
        pub addressee_organizations: String,
        pub text: String,
        pub due_on: Option<Date>,
        /// The parameter codes it concerns, as written.
        pub parameters: Option<String>,
        pub status: String,
        pub measure_roadmap_id: Option<Uuid>,
        pub measure_position: Option<i32>,
        pub updated_at: ChronoDateTimeUtc,
        /// The due as written, and how the schedule grammar read it.
        pub due_text: Option<String>,
        pub due_kind: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
