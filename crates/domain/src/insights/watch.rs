//! The watchlist: the schools of a municipality outside its ШНОР list of a year, ranked by a
//! rule set over their risk profile at the latest audit, its change since the audit before,
//! and the change of the indicators the rule set weighs; and what a draft rule set would change.

use std::collections::{HashMap, HashSet};

use super::service::{InsightsService, valid_year, year_end};
use crate::factors::{Audit, AuditId, AuditMatrix};
use crate::indicators::IndicatorCode;
use crate::lists::{ListDynamics, ListKind};
use crate::schools::{MunicipalityId, OrganizationId};
use crate::warning::{RuleDraft, RuleSet, SchoolSignals, WatchEntry, compare, watchlist};
use crate::{Actor, ServiceError};

/// An organization a view names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedOrganization {
    pub id: OrganizationId,
    pub name: String,
}

/// A municipality's watchlist of a year under one rule set: its first places.
#[derive(Debug, Clone)]
pub struct Watchlist {
    pub rule_set: RuleSet,
    pub year: i32,
    /// The audit the risk profiles come from, and the one before it the trend is measured from.
    pub audit_id: Option<AuditId>,
    pub previous_audit_id: Option<AuditId>,
    pub entries: Vec<WatchEntry>,
}

/// What a rule set would change if it replaced the one in force.
#[derive(Debug, Clone)]
pub struct DryRun {
    /// Under the rule set in force; `None` while none is published.
    pub current: Option<Watchlist>,
    pub proposed: Watchlist,
    /// Schools that would enter and leave the first places.
    pub entering: Vec<NamedOrganization>,
    pub leaving: Vec<NamedOrganization>,
}

/// A watchlist's inputs for one municipality and year.
pub(super) struct Signals {
    audit: Option<(AuditId, Option<AuditId>)>,
    schools: Vec<SchoolSignals>,
}

impl InsightsService {
    /// The municipality's watchlist under the rule set in force.
    pub async fn watchlist(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        top: usize,
    ) -> Result<Watchlist, ServiceError> {
        valid_year(year)?;
        let rule = self.s.warning.in_force(actor).await?.ok_or_else(|| {
            ServiceError::Conflict(
                "no watchlist rule set is published; publish one with POST /api/v1/watch-rules".into(),
            )
        })?;
        let signals = self.signals(actor, id, year, &[&rule]).await?;
        Ok(ranked(rule, year, &signals, top).0)
    }

    /// Which schools would enter or leave the first `top` places under `draft`.
    pub async fn dry_run(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        top: usize,
        draft: &RuleDraft,
    ) -> Result<DryRun, ServiceError> {
        valid_year(year)?;
        let proposed_rule = self.s.warning.check(actor, draft).await?;
        let current_rule = self.s.warning.in_force(actor).await?;
        let weighed: Vec<_> = current_rule.iter().chain([&proposed_rule]).collect();
        let signals = self.signals(actor, id, year, &weighed).await?;
        let (proposed, proposed_entries) = ranked(proposed_rule, year, &signals, top);
        let current = current_rule.map(|rule| ranked(rule, year, &signals, top));
        let (entering, leaving) = match &current {
            Some((_, entries)) => compare(entries, &proposed_entries, top),
            None => (proposed_entries.iter().take(top).map(|e| e.organization).collect(), Vec::new()),
        };
        let named = |ids: Vec<OrganizationId>| {
            ids.into_iter()
                .map(|o| NamedOrganization {
                    id: o,
                    name: signals
                        .schools
                        .iter()
                        .find(|s| s.organization == o)
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                })
                .collect()
        };
        Ok(DryRun { current: current.map(|(v, _)| v), proposed, entering: named(entering), leaving: named(leaving) })
    }

    /// The signals of `year`, read for the watchlist alone.
    async fn signals(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        rules: &[&RuleSet],
    ) -> Result<Signals, ServiceError> {
        let dynamics = self.s.lists.dynamics(actor, id, ListKind::Shnor, None).await?;
        let end = year_end(year);
        let audits: Vec<Audit> = self.audits(actor, id).await?.into_iter().filter(|a| a.date <= end).collect();
        let matrix = match audits.last() {
            Some(latest) => Some(self.s.factors.present_matrix(actor, latest.clone()).await?),
            None => None,
        };
        self.signals_from(actor, id, year, rules, &dynamics, &audits, matrix.as_ref()).await
    }

    /// [`Self::signals`] from the list dynamics, the audits up to the year's end and the latest
    /// one's matrix, when the caller has read them already (the dashboard has).
    #[allow(clippy::too_many_arguments, reason = "what the dashboard has read, passed on")]
    pub(super) async fn signals_from(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        rules: &[&RuleSet],
        dynamics: &ListDynamics,
        audits: &[Audit],
        matrix: Option<&AuditMatrix>,
    ) -> Result<Signals, ServiceError> {
        // The rule sets hold codes of the catalogue.
        let mut codes: Vec<IndicatorCode> = rules
            .iter()
            .flat_map(|r| r.indicator_weights.iter().filter_map(|(c, _)| IndicatorCode::parse(c).ok()))
            .collect();
        codes.sort();
        codes.dedup();
        let mut changes: HashMap<OrganizationId, Vec<(String, f64)>> = HashMap::new();
        for (org, code, change) in self.s.indicators.changes(actor, id, &codes).await? {
            changes.entry(org).or_default().push((code.as_str().to_owned(), change));
        }
        let listed: HashSet<OrganizationId> = dynamics
            .years
            .iter()
            .find(|l| l.year == year)
            .map(|l| l.organizations.iter().copied().collect())
            .unwrap_or_default();
        let (Some(latest), Some(matrix)) = (audits.last(), matrix) else {
            return Ok(Signals { audit: None, schools: Vec::new() });
        };
        let previous = audits.len().checked_sub(2).and_then(|i| audits.get(i)).map(|a| a.id);
        let diff = match previous {
            Some(p) => self.s.factors.diff(actor, p, latest.id).await?,
            None => Vec::new(),
        };
        let presence = matrix.audit.presence();
        let diff: HashMap<OrganizationId, _> = diff.into_iter().map(|d| (d.organization, d)).collect();
        let schools = matrix
            .organizations
            .iter()
            .filter(|o| !listed.contains(&o.id))
            .map(|o| {
                let mut by_factor: Vec<(u16, u32)> = Vec::new();
                for code in presence.present(o.id) {
                    match by_factor.iter_mut().find(|(f, _)| *f == code.factor()) {
                        Some((_, n)) => *n += 1,
                        None => by_factor.push((code.factor(), 1)),
                    }
                }
                let change = diff.get(&o.id);
                let count = |v: Option<usize>| u32::try_from(v.unwrap_or(0)).unwrap_or(u32::MAX);
                SchoolSignals {
                    organization: o.id,
                    name: o.name.to_string(),
                    present_by_factor: by_factor,
                    appeared: count(change.map(|c| c.appeared.len())),
                    resolved: count(change.map(|c| c.resolved.len())),
                    indicator_changes: changes.get(&o.id).cloned().unwrap_or_default(),
                }
            })
            .collect();
        Ok(Signals { audit: Some((latest.id, previous)), schools })
    }
}

/// The first `top` places under `rule`, and every entry (a dry run compares them).
pub(super) fn ranked(rule: RuleSet, year: i32, signals: &Signals, top: usize) -> (Watchlist, Vec<WatchEntry>) {
    let entries = watchlist(&rule, &signals.schools);
    let view = Watchlist {
        rule_set: rule,
        year,
        audit_id: signals.audit.map(|(a, _)| a),
        previous_audit_id: signals.audit.and_then(|(_, p)| p),
        entries: entries.iter().take(top).cloned().collect(),
    };
    (view, entries)
}
