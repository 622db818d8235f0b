//! The `execution_reports`, `monitoring_campaigns`, `recommendations`, `indicators` and
//! `observations` tables.

pub mod execution_report {
    //! The `execution_reports` table: every revision of every report.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "execution_reports")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub roadmap_id: Uuid,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub position: i32,
        pub occurrence: String,
        pub organization_id: Option<Uuid>,
        /// The organization's id, or empty for the measure as a whole.
        pub subject_key: String,
        pub revision: i32,
        /// The latest revision: a correction clears it on the one before.
        pub current: bool,
        pub status: String,
        pub held_on: Option<Date>,
        pub postponed_to: Option<String>,
        pub participants: Option<i32>,
        /// `["uuid", …]`.
        pub participant_organizations: String,
        pub evidence: Option<String>,
        pub link: Option<String>,
        pub reporter: String,
        pub note: Option<String>,
        pub recorded_at: ChronoDateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

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

pub mod indicator {
    //! The `indicators` table: one row per version of an indicator's method.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "indicators")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i32,
        pub name: String,
        pub unit: String,
        pub level: String,
        pub aggregation: String,
        pub base_code: Option<String>,
        pub numerator_code: Option<String>,
        pub denominator_code: Option<String>,
        pub method: Option<String>,
        pub recorded_at: ChronoDateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod indicator_alias {
    //! The `indicator_aliases` table: the names tables give an indicator, per scope.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "indicator_aliases")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub indicator_code: String,
        pub region_id: Option<Uuid>,
        /// `*`, or the region's id: one alias per scope.
        pub scope: String,
        pub alias: String,
        pub alias_key: String,
        pub recorded_at: ChronoDateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod observation {
    //! The `observations` table: one value per indicator, subject and period.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "observations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub indicator_code: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub subject_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub period_key: String,
        pub period_kind: String,
        pub period_start: Date,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub organization_id: Option<Uuid>,
        pub method_version: i32,
        pub value: f64,
        pub source: Option<String>,
        pub recorded_at: ChronoDateTimeUtc,
        /// The import that wrote it; none for values held before imports were recorded.
        pub import_id: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
