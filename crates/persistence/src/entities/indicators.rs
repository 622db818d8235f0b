//! The indicators capability's tables: `indicators`, `indicator_aliases`, `observations`, and
//! `observation_imports` and `observation_history` (the indicator tables imported, and the
//! values later imports replaced).

pub mod import {
    //! The `observation_imports` table: one row per imported indicator table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "observation_imports")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        /// How many values it wrote.
        pub observations: i32,
        pub recorded_at: ChronoDateTimeUtc,
        pub ended_at: Option<ChronoDateTimeUtc>,
        pub withdrawal_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod history {
    //! The `observation_history` table: a value as it was before another replaced it.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "observation_history")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub indicator_code: String,
        pub subject_id: Uuid,
        pub period_key: String,
        pub period_kind: String,
        pub period_start: Date,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub organization_id: Option<Uuid>,
        pub method_version: i32,
        pub value: f64,
        pub source: Option<String>,
        pub import_id: Option<Uuid>,
        pub recorded_at: ChronoDateTimeUtc,
        pub replaced_at: ChronoDateTimeUtc,
        /// The import whose value replaced it; none when its own import was withdrawn.
        pub replaced_by: Option<Uuid>,
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
