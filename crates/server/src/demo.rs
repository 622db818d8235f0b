//! The demo dataset: the territory named in the seed reports (three regions, four
//! municipalities, their schools and bodies), the federal risk profiles, and seed 001's entry
//! audit imported through the same path as any table.

use std::collections::HashMap;

use chrono::NaiveDate;
use opora_domain::Actor;
use opora_domain::PageRequest;
use opora_domain::factors::{AuditImport, OwnerRef, SourceDocument};
use opora_domain::lists::{ListImport, ListKind, ListLevel};
use opora_domain::schools::{
    MunicipalityDraft, MunicipalityKind, NewMunicipality, NewOrganization, NewRegion, OrganizationDraft,
    OrganizationKind, RegionDraft, RegionFilter,
};
use opora_domain::schools::{MunicipalityId, OrganizationId};
use serde::Deserialize;

use crate::app::Services;

const TERRITORY: &str = include_str!("../demo/territory.json");
const AUDIT_2023: &str = include_str!("../demo/audit-kalininsky-2023.tsv");
const LISTS_SEVERSKY: &str = include_str!("../demo/lists-seversky.tsv");
const LISTS_KHOTYNETSKY: &str = include_str!("../demo/lists-khotynetsky-2022.tsv");
const LISTS_KALININSKY_TVER: &str = include_str!("../demo/lists-kalininsky-tver-2020.tsv");
const FEDERAL_PROFILES: &str = include_str!("../data/catalogues/federal-risk-profiles.json");

#[derive(Deserialize)]
struct Territory {
    regions: Vec<RegionIn>,
    municipalities: Vec<MunicipalityIn>,
    organizations: Vec<OrganizationIn>,
}

#[derive(Deserialize)]
struct RegionIn {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct MunicipalityIn {
    key: String,
    region: String,
    name: String,
    kind: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationIn {
    municipality: Option<String>,
    region: Option<String>,
    kind: String,
    legal_form: Option<String>,
    number: Option<i64>,
    name: String,
    short_name: Option<String>,
    honorary_name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// What the demo created.
#[derive(Debug)]
pub struct DemoSummary {
    pub regions: usize,
    pub municipalities: usize,
    pub organizations: usize,
    pub audit_parameters: usize,
}

/// Loads the demo dataset into an empty database.
pub async fn load(services: &Services) -> Result<DemoSummary, String> {
    let actor = Actor::system();
    let existing = services.territory.regions(&actor, &RegionFilter::default(), PageRequest::first(1)).await;
    if !existing.map_err(|e| e.to_string())?.items.is_empty() {
        return Err("the database already holds regions; the demo loads into an empty database only".into());
    }
    let territory: Territory = serde_json::from_str(TERRITORY).map_err(|e| e.to_string())?;
    let mut regions = HashMap::new();
    for r in &territory.regions {
        let new =
            NewRegion::parse(&RegionDraft { code: r.code.clone(), name: r.name.clone() }).map_err(|e| e.to_string())?;
        regions
            .insert(r.code.clone(), services.territory.create_region(&actor, new).await.map_err(|e| e.to_string())?.id);
    }
    let mut municipalities: HashMap<String, MunicipalityId> = HashMap::new();
    for m in &territory.municipalities {
        let draft = MunicipalityDraft {
            region_id: regions[&m.region],
            name: m.name.clone(),
            kind: MunicipalityKind::from_code(&m.kind).ok_or("unknown municipality kind")?,
            oktmo: None,
        };
        let new = NewMunicipality::parse(&draft).map_err(|e| e.to_string())?;
        let created = services.territory.create_municipality(&actor, new).await.map_err(|e| e.to_string())?;
        municipalities.insert(m.key.clone(), created.id);
    }
    let mut organizations: HashMap<String, OrganizationId> = HashMap::new();
    for o in &territory.organizations {
        let draft = OrganizationDraft {
            region_id: o.region.as_ref().map(|r| regions[r]),
            municipality_id: o.municipality.as_ref().map(|m| municipalities[m]),
            kind: OrganizationKind::from_code(&o.kind).ok_or("unknown organization kind")?,
            legal_form: o.legal_form.clone(),
            number: o.number,
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            honorary_name: o.honorary_name.clone(),
            aliases: o.aliases.clone(),
            inn: None,
            ogrn: None,
            fis_oko_login: None,
            is_small: false,
        };
        let new = NewOrganization::parse(&draft).map_err(|e| e.to_string())?;
        let created = services.territory.create_organization(&actor, new).await.map_err(|e| e.to_string())?;
        organizations.insert(o.name.clone(), created.id);
    }
    // The ШНОР lists of seeds 004 (Северский район, 2020–2024), 003 (Хотынецкий район, 2022,
    // order № 513 of the regional department) and 002 (Калининский район of Тверская область,
    // 2020, agreed with ГБУ ТО ЦОКО).
    for (key, table, issuer) in [
        ("seversky", LISTS_SEVERSKY, None),
        ("khotynetsky", LISTS_KHOTYNETSKY, organizations.get("Департамент образования Орловской области").copied()),
        ("kalininsky-tver", LISTS_KALININSKY_TVER, organizations.get("ГБУ ТО ЦОКО").copied()),
    ] {
        let import = ListImport {
            municipality: municipalities[key],
            kind: ListKind::Shnor,
            level: ListLevel::Regional,
            issuer,
            rows: table.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect(),
            first_row: 1,
            dry_run: false,
        };
        services.lists.import(&actor, import).await.map_err(|e| format!("{key} lists: {e}"))?;
    }
    let federal = opora_api::imports::catalogue_draft(FEDERAL_PROFILES.as_bytes(), Some(OwnerRef::Federal))?;
    services.factors.create_catalogue(&actor, &federal).await.map_err(|e| e.to_string())?;
    let rows = AUDIT_2023.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect();
    let import = AuditImport {
        municipality: municipalities["kalininsky-kuban"],
        date: NaiveDate::from_ymd_opt(2023, 3, 1).expect("a date"),
        catalogue_name: Some(
            "Факторы негативного влияния (риска): входной аудит Калининского района (Краснодарский край)".into(),
        ),
        // Seed 001 gives the audit no date of its own: the order that approved the roadmap
        // answering it is its legal basis, and its date is taken as the audit's.
        source: Some(SourceDocument {
            issuer: Some("МКУО ЦОКО".into()),
            number: Some("4".into()),
            date: NaiveDate::from_ymd_opt(2023, 3, 1),
            title: Some(
                "Приказ об утверждении дорожной карты по результатам входного аудита; дата аудита принята по дате приказа"
                    .into(),
            ),
        }),
        rows,
        first_row: 1,
        dry_run: false,
    };
    let report = services.factors.import_audit(&actor, import).await.map_err(|e| e.to_string())?;
    Ok(DemoSummary {
        regions: regions.len(),
        municipalities: municipalities.len(),
        organizations: territory.organizations.len(),
        audit_parameters: report.parameters,
    })
}
