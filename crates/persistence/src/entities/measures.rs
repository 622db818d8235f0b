//! The `programmes`, `roadmaps`, `measures` and `execution_reports` tables.

pub mod programme {
    //! The `programmes` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "programmes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub owner_id: Option<Uuid>,
        pub title: String,
        pub period_from: i32,
        pub period_to: i32,
        pub goal: Option<String>,
        /// `["…", "…"]`, in order.
        pub tasks: String,
        /// The approving document as JSON.
        pub approval: Option<String>,
        pub status: Option<String>,
        pub supersedes: Option<Uuid>,
        pub recorded_at: ChronoDateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod roadmap {
    //! The `roadmaps` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "roadmaps")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub region_id: Uuid,
        pub municipality_id: Uuid,
        pub owner_id: Option<Uuid>,
        pub programme_id: Option<Uuid>,
        pub title: String,
        pub period_from: i32,
        pub period_to: i32,
        pub approval: Option<String>,
        pub audit_id: Option<Uuid>,
        pub catalogue_id: Option<Uuid>,
        /// SHA-256 of the roadmap's content: one import of the same roadmap per municipality.
        pub fingerprint: String,
        pub recorded_at: ChronoDateTimeUtc,
        /// The period is one school year, September to August.
        pub school_year: bool,
        /// document, request, file_name or generated.
        pub title_source: Option<String>,
        /// SHA-256 of the document it is a version of, while it is the current version: one
        /// current roadmap per document, however many corrections race.
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

pub mod measure {
    //! The `measures` table.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "measures")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub roadmap_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub position: i32,
        pub number: String,
        pub direction: Option<String>,
        pub title: String,
        pub form: Option<String>,
        pub form_key: Option<String>,
        /// The parameter codes as written.
        pub targets: Option<String>,
        pub audience: Option<String>,
        pub venues_text: Option<String>,
        /// `[{"organizationId": "…"} | {"schools": true} | {"name": "ГДК"}]`
        pub venues: String,
        /// The schedule as written.
        pub schedule: Option<String>,
        pub responsible_text: Option<String>,
        pub responsible: String,
        /// `["<organization id>", …]`, or null for the roadmap's whole territory.
        pub reach: Option<String>,
        /// `[27, 28]`
        pub source_rows: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

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
