//! The `catalogues`, `audits` and `audit_findings` tables, and the counts kept beside each audit.

pub mod catalogue {
    //! The `catalogues` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "catalogues")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub owner_level: String,
        pub region_id: Option<Uuid>,
        pub municipality_id: Option<Uuid>,
        pub version: Option<String>,
        /// The approving document as JSON.
        pub source: Option<String>,
        /// `[{"code": 1, "name": "…"}]`
        pub factors: String,
        /// `[{"code": "1.1", "name": "…"}]`
        pub parameters: String,
        pub created_at: ChronoDateTimeUtc,
        /// For catalogues an import created: a hash of the owner and the content, unique, so
        /// that racing identical imports create one catalogue.
        pub content_key: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit {
    //! The `audits` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audits")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub audit_date: Date,
        pub catalogue_id: Uuid,
        pub source: Option<String>,
        pub created_at: ChronoDateTimeUtc,
        /// The schools the audit covered.
        pub population: i32,
        /// SHA-256 of the municipality and date it is the audit of, while it is the current
        /// version: one current audit per municipality and date, however many corrections race.
        pub document_key: Option<String>,
        /// The version it replaced.
        pub supersedes: Option<Uuid>,
        /// When it was replaced or withdrawn.
        pub ended_at: Option<ChronoDateTimeUtc>,
        pub withdrawal_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod factor_count {
    //! The `audit_factor_counts` table: per audit and factor, the schools with any of its
    //! parameters present.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_factor_counts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub audit_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub factor: i16,
        pub organizations: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod parameter_count {
    //! The `audit_parameter_counts` table: per audit and parameter present anywhere, the schools
    //! showing it and every organization showing it.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_parameter_counts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub audit_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub factor: i16,
        #[sea_orm(primary_key, auto_increment = false)]
        pub parameter: i16,
        pub organizations: i32,
        pub anywhere: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit_organization {
    //! The `audit_organizations` table: each organization an audit names, and whether it is one
    //! of the schools the audit covers.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_organizations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub audit_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub organization_id: Uuid,
        pub in_population: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod finding {
    //! The `audit_findings` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_findings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub audit_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub organization_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub factor: i16,
        #[sea_orm(primary_key, auto_increment = false)]
        pub parameter: i16,
        pub present: bool,
        pub value: Option<f64>,
        pub evidence: Option<String>,
        pub source_row: Option<i32>,
        /// False for a body a cell names: not one of the schools the audit covers.
        pub in_population: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod crosswalk {
    //! The `crosswalk_entries` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "crosswalk_entries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub from_catalogue: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub from_factor: i16,
        #[sea_orm(primary_key, auto_increment = false)]
        pub from_parameter: i16,
        #[sea_orm(primary_key, auto_increment = false)]
        pub to_catalogue: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub to_factor: i16,
        #[sea_orm(primary_key, auto_increment = false)]
        pub to_parameter: i16,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
