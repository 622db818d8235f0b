//! Schema migrations, in order. Each runs on SQLite and on PostgreSQL.

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_territory;
mod m20261123_000002_create_access;
mod m20261123_000003_create_factors;
mod m20261123_000004_create_crosswalks;
mod m20261123_000005_create_lists;
mod m20261130_000006_harden_writes;
mod m20261130_000007_create_measures;
mod m20261130_000008_create_monitoring;
mod m20261130_000009_create_warning;
mod m20261130_000010_create_notes;
mod m20261130_000011_index_region_reads;
mod m20261130_000012_count_audits;
mod m20261201_000013_audit_organizations;
mod m20261201_000014_data_versions;
mod m20261206_000015_index_municipal_catalogues;
mod m20261207_000016_roadmap_reading;
mod m20261207_000017_indicator_aliases;
mod m20261207_000018_unstated_values;
mod m20261207_000019_roadmap_versions;
mod m20261207_000020_audit_versions;
mod m20261207_000021_audit_revisions;
mod m20261207_000022_campaign_versions;
mod m20261207_000023_observation_versions;
mod m20261207_000024_list_withdrawals;
mod m20261207_000025_monitoring_reports;

/// Applies the migrations.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_territory::Migration),
            Box::new(m20261123_000002_create_access::Migration),
            Box::new(m20261123_000003_create_factors::Migration),
            Box::new(m20261123_000004_create_crosswalks::Migration),
            Box::new(m20261123_000005_create_lists::Migration),
            Box::new(m20261130_000006_harden_writes::Migration),
            Box::new(m20261130_000007_create_measures::Migration),
            Box::new(m20261130_000008_create_monitoring::Migration),
            Box::new(m20261130_000009_create_warning::Migration),
            Box::new(m20261130_000010_create_notes::Migration),
            Box::new(m20261130_000011_index_region_reads::Migration),
            Box::new(m20261130_000012_count_audits::Migration),
            Box::new(m20261201_000013_audit_organizations::Migration),
            Box::new(m20261201_000014_data_versions::Migration),
            Box::new(m20261206_000015_index_municipal_catalogues::Migration),
            Box::new(m20261207_000016_roadmap_reading::Migration),
            Box::new(m20261207_000017_indicator_aliases::Migration),
            Box::new(m20261207_000018_unstated_values::Migration),
            Box::new(m20261207_000019_roadmap_versions::Migration),
            Box::new(m20261207_000020_audit_versions::Migration),
            Box::new(m20261207_000021_audit_revisions::Migration),
            Box::new(m20261207_000022_campaign_versions::Migration),
            Box::new(m20261207_000023_observation_versions::Migration),
            Box::new(m20261207_000024_list_withdrawals::Migration),
            Box::new(m20261207_000025_monitoring_reports::Migration),
        ]
    }
}
