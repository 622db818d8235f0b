//! GraphQL: catalogues, audits and their views.

use async_graphql::{Context, Object, Result};
use opora_domain::factors::{AuditId, CatalogueId};
use opora_domain::schools::{OrganizationId, RegionId};
use opora_domain::{Actor, ServiceError};
use uuid::Uuid;

use super::gql;
use super::query::optional;
use crate::views::{AuditMatrixView, CatalogueView, DiffView, RegionPrevalenceView, RiskProfileView};

/// Catalogues, audits and their views.
#[derive(Debug, Default)]
pub(crate) struct FactorsQuery;

#[Object]
impl FactorsQuery {
    /// A risk-factor catalogue with its factors and parameters.
    async fn catalogue(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<CatalogueView>> {
        let factors = &super::capabilities(ctx).factors;
        optional(factors.catalogue(ctx.data_unchecked::<Actor>(), CatalogueId::from_uuid(id)).await)
    }

    /// An audit's organizations × parameters matrix with prevalence per parameter and factor.
    async fn audit_matrix(&self, ctx: &Context<'_>, audit_id: Uuid) -> Result<Option<AuditMatrixView>> {
        let factors = &super::capabilities(ctx).factors;
        optional(factors.matrix(ctx.data_unchecked::<Actor>(), AuditId::from_uuid(audit_id)).await)
    }

    /// Prevalence of a catalogue's parameters per municipality of a region, through the
    /// crosswalks onto it where a municipality's audit used a catalogue of its own.
    async fn region_prevalence(
        &self,
        ctx: &Context<'_>,
        region_id: Uuid,
        catalogue_id: Uuid,
    ) -> Result<Option<RegionPrevalenceView>> {
        let factors = &super::capabilities(ctx).factors;
        let actor = ctx.data_unchecked::<Actor>();
        let result = factors
            .region_prevalence(actor, RegionId::from_uuid(region_id), CatalogueId::from_uuid(catalogue_id))
            .await;
        match result {
            Ok(value) => Ok(Some(value.into())),
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }

    /// Per organization, the parameters that appeared and that were resolved since an earlier
    /// audit of the same municipality: at most `first` organizations (default 100, at most 500)
    /// from `offset`.
    #[graphql(complexity = "super::list_cost(first, super::capped::EMBEDDED_DEFAULT, child_complexity)")]
    async fn audit_diff(
        &self,
        ctx: &Context<'_>,
        audit_id: Uuid,
        since: Uuid,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> Result<Option<Vec<DiffView>>> {
        let factors = &super::capabilities(ctx).factors;
        let actor = ctx.data_unchecked::<Actor>();
        match factors.diff(actor, AuditId::from_uuid(since), AuditId::from_uuid(audit_id)).await {
            Ok(diff) => Ok(Some(super::capped::page(
                diff.into_iter().map(Into::into).collect(),
                first,
                offset,
                "organizations",
            )?)),
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }

    /// A school's risk profile at an audit.
    async fn risk_profile(
        &self,
        ctx: &Context<'_>,
        audit_id: Uuid,
        organization_id: Uuid,
    ) -> Result<Option<RiskProfileView>> {
        let factors = &super::capabilities(ctx).factors;
        let actor = ctx.data_unchecked::<Actor>();
        optional(
            factors.risk_profile(actor, AuditId::from_uuid(audit_id), OrganizationId::from_uuid(organization_id)).await,
        )
    }
}
