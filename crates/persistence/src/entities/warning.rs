//! The `watch_rule_sets` table.

pub mod rule_set {
    //! One version of a rule set per row.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "watch_rule_sets")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub version: i32,
        pub source: String,
        pub author: String,
        /// `[[factor, weight], …]`.
        pub factor_weights: String,
        pub default_weight: f64,
        pub trend_weight: f64,
        /// `[[code, weight], …]`.
        pub indicator_weights: String,
        pub status: String,
        pub recorded_at: ChronoDateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
