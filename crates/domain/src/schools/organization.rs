//! Educational organizations and the bodies that run the programme.

use super::ids::{MunicipalityId, OrganizationId, RegionId};
use super::kinds::OrganizationKind;
use super::values::{FisOkoLogin, Inn, LegalForm, Name, Ogrn, SchoolNumber, ValueError};
use crate::core::validation::ValidationErrors;
use crate::text::fold;

/// An organization of the registry. `municipality_id` is absent for regional bodies such as
/// «ГБУ ТО ЦОКО» or «Департамент образования Орловской области».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: OrganizationId,
    pub region_id: RegionId,
    pub municipality_id: Option<MunicipalityId>,
    pub kind: OrganizationKind,
    pub legal_form: Option<LegalForm>,
    pub number: Option<SchoolNumber>,
    /// The official name as in the charter.
    pub name: Name,
    pub short_name: Option<Name>,
    /// «им. П.П. Смирнова», without the «им.».
    pub honorary_name: Option<Name>,
    /// Other names that documents use for it («РВСОШ», «Заволжская СОШ»).
    pub aliases: Vec<Name>,
    pub inn: Option<Inn>,
    pub ogrn: Option<Ogrn>,
    pub fis_oko_login: Option<FisOkoLogin>,
    /// Малокомплектная школа; unknown (none) unless a source states it.
    pub is_small: Option<bool>,
}

impl Organization {
    /// Every name the organization goes by, folded, one line each: what text search matches.
    pub fn search_text(&self) -> String {
        let mut parts = vec![fold(self.name.as_str())];
        parts.extend(self.short_name.iter().map(|n| fold(n.as_str())));
        parts.extend(self.honorary_name.iter().map(|n| fold(n.as_str())));
        parts.extend(self.aliases.iter().map(|n| fold(n.as_str())));
        parts.join("\n")
    }
}

/// An organization as a client writes it, before parsing.
#[derive(Debug, Clone)]
pub struct OrganizationDraft {
    /// May be left out when `municipality_id` is given: the municipality decides it.
    pub region_id: Option<RegionId>,
    pub municipality_id: Option<MunicipalityId>,
    pub kind: OrganizationKind,
    pub legal_form: Option<String>,
    pub number: Option<i64>,
    pub name: String,
    pub short_name: Option<String>,
    pub honorary_name: Option<String>,
    pub aliases: Vec<String>,
    pub inn: Option<String>,
    pub ogrn: Option<String>,
    pub fis_oko_login: Option<String>,
    pub is_small: Option<bool>,
}

/// A checked request to create an organization; the service still checks that the region and
/// municipality exist and agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganization {
    pub region_id: Option<RegionId>,
    pub municipality_id: Option<MunicipalityId>,
    pub fields: OrganizationFields,
}

/// The fields an organization owns, apart from where it sits in the territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationFields {
    pub kind: OrganizationKind,
    pub legal_form: Option<LegalForm>,
    pub number: Option<SchoolNumber>,
    pub name: Name,
    pub short_name: Option<Name>,
    pub honorary_name: Option<Name>,
    pub aliases: Vec<Name>,
    pub inn: Option<Inn>,
    pub ogrn: Option<Ogrn>,
    pub fis_oko_login: Option<FisOkoLogin>,
    pub is_small: Option<bool>,
}

fn optional<T>(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, ValueError>,
) -> Option<T> {
    value.and_then(|v| errors.check(field, parse(v)))
}

/// The most aliases one organization keeps: the spellings the seeds use number a handful.
pub(crate) const MAX_ALIASES: usize = 50;

fn aliases(errors: &mut ValidationErrors, raw: &[String]) -> Vec<Name> {
    if raw.len() > MAX_ALIASES {
        errors.push("aliases", "too_many", format!("at most {MAX_ALIASES} aliases, got {}", raw.len()));
        return Vec::new();
    }
    let mut out: Vec<Name> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, alias) in raw.iter().enumerate() {
        if let Some(name) = errors.check(&format!("aliases[{i}]"), Name::parse(alias)) {
            // The same alias twice is harmless; keep the first.
            if seen.insert(fold(name.as_str())) {
                out.push(name);
            }
        }
    }
    out
}

impl NewOrganization {
    pub fn parse(draft: &OrganizationDraft) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let legal_form = optional(&mut errors, "legalForm", draft.legal_form.as_deref(), LegalForm::parse);
        let number = draft.number.and_then(|n| errors.check("number", SchoolNumber::new(n)));
        let name = errors.check("name", Name::parse(&draft.name));
        let short_name = optional(&mut errors, "shortName", draft.short_name.as_deref(), Name::parse);
        let honorary_name = optional(&mut errors, "honoraryName", draft.honorary_name.as_deref(), Name::parse);
        let aliases = aliases(&mut errors, &draft.aliases);
        let inn = optional(&mut errors, "inn", draft.inn.as_deref(), Inn::parse);
        let ogrn = optional(&mut errors, "ogrn", draft.ogrn.as_deref(), Ogrn::parse);
        let fis_oko_login = optional(&mut errors, "fisOkoLogin", draft.fis_oko_login.as_deref(), FisOkoLogin::parse);
        if draft.region_id.is_none() && draft.municipality_id.is_none() {
            errors.push("regionId", "required", "give the region, or the municipality it belongs to");
        }
        errors.finish(|| Self {
            region_id: draft.region_id,
            municipality_id: draft.municipality_id,
            fields: OrganizationFields {
                kind: draft.kind,
                legal_form,
                number,
                name: name.expect("checked"),
                short_name,
                honorary_name,
                aliases,
                inn,
                ogrn,
                fis_oko_login,
                is_small: draft.is_small,
            },
        })
    }
}

/// Changes to an organization; `None` leaves a field, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct OrganizationPatch {
    pub municipality_id: Option<Option<MunicipalityId>>,
    pub kind: Option<OrganizationKind>,
    pub legal_form: Option<Option<String>>,
    pub number: Option<Option<i64>>,
    pub name: Option<String>,
    pub short_name: Option<Option<String>>,
    pub honorary_name: Option<Option<String>>,
    pub aliases: Option<Vec<String>>,
    pub inn: Option<Option<String>>,
    pub ogrn: Option<Option<String>>,
    pub fis_oko_login: Option<Option<String>>,
    /// Absent: stays; `Some(None)`: no longer known.
    pub is_small: Option<Option<bool>>,
}

impl OrganizationPatch {
    /// The fields the patch changes, as the API names them.
    pub fn fields(&self) -> Vec<&'static str> {
        [
            ("municipalityId", self.municipality_id.is_some()),
            ("kind", self.kind.is_some()),
            ("legalForm", self.legal_form.is_some()),
            ("number", self.number.is_some()),
            ("name", self.name.is_some()),
            ("shortName", self.short_name.is_some()),
            ("honoraryName", self.honorary_name.is_some()),
            ("aliases", self.aliases.is_some()),
            ("inn", self.inn.is_some()),
            ("ogrn", self.ogrn.is_some()),
            ("fisOkoLogin", self.fis_oko_login.is_some()),
            ("isSmall", self.is_small.is_some()),
        ]
        .into_iter()
        .filter_map(|(field, given)| given.then_some(field))
        .collect()
    }
}

fn patch_optional<T: Clone>(
    errors: &mut ValidationErrors,
    field: &str,
    current: &Option<T>,
    change: &Option<Option<String>>,
    parse: impl Fn(&str) -> Result<T, ValueError>,
) -> Option<T> {
    match change {
        None => current.clone(),
        Some(None) => None,
        Some(Some(v)) => errors.check(field, parse(v)),
    }
}

impl Organization {
    /// The organization with the patch's own fields applied. Moving it to another municipality
    /// is decided by the service, which knows the municipality's region.
    pub fn patched(&self, patch: &OrganizationPatch) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let legal_form = patch_optional(&mut e, "legalForm", &self.legal_form, &patch.legal_form, LegalForm::parse);
        let number = match patch.number {
            None => self.number,
            Some(None) => None,
            Some(Some(n)) => e.check("number", SchoolNumber::new(n)),
        };
        let name = patch.name.as_deref().and_then(|n| e.check("name", Name::parse(n)));
        let short_name = patch_optional(&mut e, "shortName", &self.short_name, &patch.short_name, Name::parse);
        let honorary_name =
            patch_optional(&mut e, "honoraryName", &self.honorary_name, &patch.honorary_name, Name::parse);
        let aliases = patch.aliases.as_deref().map(|a| aliases(&mut e, a));
        let inn = patch_optional(&mut e, "inn", &self.inn, &patch.inn, Inn::parse);
        let ogrn = patch_optional(&mut e, "ogrn", &self.ogrn, &patch.ogrn, Ogrn::parse);
        let fis_oko_login =
            patch_optional(&mut e, "fisOkoLogin", &self.fis_oko_login, &patch.fis_oko_login, FisOkoLogin::parse);
        e.finish(|| Self {
            id: self.id,
            region_id: self.region_id,
            municipality_id: patch.municipality_id.unwrap_or(self.municipality_id),
            kind: patch.kind.unwrap_or(self.kind),
            legal_form,
            number,
            name: name.unwrap_or_else(|| self.name.clone()),
            short_name,
            honorary_name,
            aliases: aliases.unwrap_or_else(|| self.aliases.clone()),
            inn,
            ogrn,
            fis_oko_login,
            is_small: patch.is_small.unwrap_or(self.is_small),
        })
    }
}

/// Which organizations a list returns.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    pub region_id: Option<RegionId>,
    pub municipality_id: Option<MunicipalityId>,
    pub kind: Option<OrganizationKind>,
    /// The caller's reach; set by the service, never by the client.
    pub reach: crate::access::Reach,
    /// Folded text that a name, short name, honorary name or alias must contain.
    pub search: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> OrganizationDraft {
        OrganizationDraft {
            region_id: None,
            municipality_id: Some(MunicipalityId::generate()),
            kind: OrganizationKind::SecondarySchool,
            legal_form: Some("МБОУ".into()),
            number: Some(7),
            name: "МБОУ СОШ № 7".into(),
            short_name: None,
            honorary_name: None,
            aliases: vec!["СОШ №7".into(), " СОШ  №7 ".into()],
            inn: None,
            ogrn: None,
            fis_oko_login: None,
            is_small: None,
        }
    }

    #[test]
    fn eight_thousand_aliases_are_refused_at_once() {
        let mut draft = draft();
        draft.aliases = (0..8000).map(|i| format!("СОШ №{i}")).collect();
        let errors = NewOrganization::parse(&draft).unwrap_err();
        let fields: Vec<&str> = errors.errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["aliases"]);
    }

    #[test]
    fn a_valid_draft_parses_and_drops_repeated_aliases() {
        let new = NewOrganization::parse(&draft()).unwrap();
        assert_eq!(new.fields.aliases.len(), 1);
        assert_eq!(new.fields.number.unwrap().get(), 7);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut bad = draft();
        bad.name = " ".into();
        bad.number = Some(0);
        bad.inn = Some("123".into());
        bad.aliases.push(String::new());
        bad.municipality_id = None;
        let errors = NewOrganization::parse(&bad).unwrap_err();
        let fields: Vec<&str> = errors.errors().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["number", "name", "aliases[2]", "inn", "regionId"]);
    }

    #[test]
    fn a_patch_clears_and_sets_fields_and_keeps_the_rest() {
        let new = NewOrganization::parse(&draft()).unwrap();
        let org = Organization {
            id: OrganizationId::generate(),
            region_id: RegionId::generate(),
            municipality_id: new.municipality_id,
            kind: new.fields.kind,
            legal_form: new.fields.legal_form,
            number: new.fields.number,
            name: new.fields.name,
            short_name: None,
            honorary_name: None,
            aliases: new.fields.aliases,
            inn: None,
            ogrn: None,
            fis_oko_login: None,
            is_small: None,
        };
        let patch = OrganizationPatch {
            legal_form: Some(None),
            is_small: Some(Some(true)),
            fis_oko_login: Some(Some("sch230007".into())),
            ..Default::default()
        };
        let patched = org.patched(&patch).unwrap();
        assert_eq!(patched.legal_form, None);
        assert_eq!(patched.is_small, Some(true));
        assert_eq!(patched.fis_oko_login.unwrap().as_str(), "sch230007");
        assert_eq!(patched.name, org.name);
    }
}
