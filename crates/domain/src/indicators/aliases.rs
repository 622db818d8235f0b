//! The names municipalities give indicators in their tables: «Численность обучающихся» for
//! `students_total`, «Прошли курсы повышения квалификации» for `pd_completed`. Administrators
//! keep them for everyone, a region's operators for their region's imports. An alias is matched
//! folded, like a header, and no two indicators share one in a scope.

use super::model::{Indicator, IndicatorAlias};
use super::service::{IndicatorsService, latest};
use crate::access::{Actor, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::error::ServiceError;
use crate::core::headers::header_key;
use crate::core::validation::{StoreError, ValidationErrors};
use crate::core::version::Revision;
use crate::schools::{MunicipalityId, Name, RegionId};

/// The aliases one indicator keeps in one scope: what a change records, in the history of the
/// indicator's current version.
struct AliasSet<'a> {
    indicator: &'a Indicator,
    region: Option<RegionId>,
    aliases: Vec<String>,
}

impl Audited for AliasSet<'_> {
    const ENTITY: &'static str = "indicator";

    fn entity_id(&self) -> uuid::Uuid {
        self.indicator.id()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (self.region, None)
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("code", AuditValue::Text(self.indicator.code.to_string())),
            ("region", AuditValue::text(self.region.map(|r| r.as_uuid()))),
            ("aliases", AuditValue::Text(self.aliases.join("; "))),
        ]
    }
}

/// Aliases one indicator may keep in one scope.
pub const MAX_ALIASES: usize = 50;

/// The names a table may call an indicator by in an import for `region`: its name, its code and
/// its aliases there, folded.
pub fn names_in(indicator: &Indicator, region: Option<RegionId>) -> Vec<String> {
    let mut names = vec![header_key(&indicator.name), indicator.code.to_string()];
    names.extend(
        indicator.aliases.iter().filter(|a| region.is_none_or(|r| a.applies_in(r))).map(|a| header_key(&a.alias)),
    );
    names
}

impl IndicatorsService {
    /// Replaces the aliases of an indicator in a region (or everywhere, for administrators).
    pub async fn set_aliases(
        &self,
        actor: &Actor,
        code: &str,
        region: Option<RegionId>,
        aliases: &[String],
        expected: Option<Revision>,
    ) -> Result<Vec<IndicatorAlias>, ServiceError> {
        actor
            .may_write(Write::Update, Target::ReferenceData { region })
            .map_err(ServiceError::denied("indicator", code))?;
        let catalogue = latest(self.repo.indicators().await?);
        let indicator = catalogue
            .iter()
            .find(|i| i.code.as_str() == code)
            .ok_or_else(|| ServiceError::not_found("indicator", code))?;
        let mut errors = ValidationErrors::new();
        if aliases.len() > MAX_ALIASES {
            errors.push("aliases", "too_long", format!("an indicator keeps at most {MAX_ALIASES} aliases in a scope"));
        }
        let mut kept: Vec<IndicatorAlias> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for (index, alias) in aliases.iter().enumerate() {
            let field = format!("aliases[{index}]");
            let Some(name) = errors.check(&field, Name::parse(alias)) else { continue };
            let key = header_key(&name.to_string());
            if keys.contains(&key) {
                continue;
            }
            // An alias names one indicator: not another's name, code or alias in this scope.
            let taken = catalogue.iter().filter(|i| i.code != indicator.code).find(|i| {
                names_in(i, None).first() == Some(&key)
                    || i.code.as_str() == key
                    || i.aliases.iter().any(|a| a.region == region && header_key(&a.alias) == key)
            });
            if let Some(other) = taken {
                errors.push(field, "conflict", format!("«{name}» already names {}", other.code));
                continue;
            }
            keys.push(key);
            kept.push(IndicatorAlias { code: indicator.code.clone(), region, alias: name.to_string() });
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let old: Vec<String> =
            indicator.aliases.iter().filter(|a| a.region == region).map(|a| a.alias.clone()).collect();
        let before = AliasSet { indicator, region, aliases: old };
        let after = AliasSet { indicator, region, aliases: kept.iter().map(|a| a.alias.clone()).collect() };
        let event = AuditEvent::updated(actor, &before, &after, Vec::new()).expecting(expected);
        match self.repo.replace_aliases(&indicator.code, region, &kept, &[event]).await {
            Err(StoreError::Duplicate { .. }) => Err(ServiceError::Conflict(
                "another indicator took one of these aliases meanwhile; read the catalogue and try again".into(),
            )),
            other => other.map(|()| kept).map_err(ServiceError::store("indicator", code)),
        }
    }
}
