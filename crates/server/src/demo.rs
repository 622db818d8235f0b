//! The demo dataset: the territory named in the seed reports (three regions, four
//! municipalities, their schools and bodies), the federal risk profiles, seed 001's entry
//! audit and the roadmaps, lists, campaign and indicators of seeds 000–004, imported through
//! the same paths as any table.

use std::collections::HashMap;

use chrono::NaiveDate;
use opora_domain::Actor;
use opora_domain::PageRequest;
use opora_domain::factors::{AuditImport, OwnerRef, SourceDocument};
use opora_domain::lists::{ListImport, ListKind, ListLevel};
use opora_domain::measures::{Period, ProgrammeDraft, RoadmapImport};
use opora_domain::schools::{
    MunicipalityDraft, MunicipalityKind, NewMunicipality, NewOrganization, NewRegion, OrganizationDraft,
    OrganizationKind, RegionDraft, RegionFilter,
};
use opora_domain::schools::{MunicipalityId, OrganizationId};
use serde::Deserialize;

use crate::app::Services;

mod monitoring;

const TERRITORY: &str = include_str!("../demo/territory.json");
const AUDIT_2023: &str = include_str!("../demo/audit-kalininsky-2023.tsv");
const LISTS_SEVERSKY: &str = include_str!("../demo/lists-seversky.tsv");
const LISTS_KHOTYNETSKY: &str = include_str!("../demo/lists-khotynetsky-2022.tsv");
const LISTS_KALININSKY_TVER: &str = include_str!("../demo/lists-kalininsky-tver-2020.tsv");
const ROADMAP_2023: &[u8] = include_bytes!("../demo/roadmap-kalininsky-2023.docx");
const ROADMAP_SEVERSKY: &str = include_str!("../demo/roadmap-seversky-2023.tsv");
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
    /// The municipalities by the demo's keys: `seversky`, `kalininsky-tver`, …
    pub municipality_ids: HashMap<String, MunicipalityId>,
}

/// `opora serve --demo`: recreates `<data dir>/demo.db`, loads the demo into it and prints
/// where to look, with a read-only token; answers the settings to serve it with.
pub async fn prepare(settings: &crate::Settings) -> Result<crate::Settings, String> {
    let path = settings.data_dir.join("demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::remove_file(&file).map_err(|e| format!("cannot recreate {}: {e}", file.display()))?;
        }
    }
    std::fs::create_dir_all(&settings.data_dir)
        .map_err(|e| format!("OPORA_DATA_DIR: cannot create {}: {e}", settings.data_dir.display()))?;
    let mut demo = settings.clone();
    demo.database.url = format!("sqlite://{}?mode=rwc", path.display());
    let services = crate::services(&demo).await.map_err(|e| e.to_string())?;
    let summary = load(&services).await?;
    let auth = crate::keys::auth_config(&demo).map_err(|e| e.to_string())?;
    let token = auth.issue_operator_token(
        "demo-reader",
        opora_domain::access::Role::Analyst,
        &opora_domain::access::Scope::Everywhere,
    );
    let base = format!("http://{}", settings.bind);
    let seversky = summary.municipality_ids["seversky"];
    let minutes = auth.token_ttl.as_secs() / 60;
    println!(
        "opora demo: a fresh database at {} with {} regions, {} municipalities and {} organizations, \
         the audit, ШНОР lists, roadmaps, programmes, monitoring campaign and indicators of the seeds\n\n  \
         API (Swagger UI)  {base}/docs\n  OpenAPI           {base}/api/v1/openapi.json\n  \
         GraphQL           {base}/graphql\n\n\
         A read-only token (analyst, everywhere, valid {minutes} min; \
         `OPORA_DATABASE_URL='{}' opora token --role analyst` prints another):\n\n  \
         export TOKEN={token}\n\n\
         Try:\n\n  \
         curl -H \"Authorization: Bearer $TOKEN\" {base}/api/v1/municipalities/{seversky}/lists\n  \
         curl -H \"Authorization: Bearer $TOKEN\" -o note.docx '{base}/api/v1/municipalities/{seversky}/notes/analytical?from=2020&to=2024&format=docx'\n  \
         curl -H \"Authorization: Bearer $TOKEN\" -H 'content-type: application/json' {base}/graphql \\\n       \
         -d '{{\"query\": \"{{ municipalityDashboard(municipalityId: \\\"{seversky}\\\", year: 2024) {{ listed listedPreviousYear lists {{ years {{ year count }} }} }} }}\"}}'\n",
        path.display(),
        summary.regions,
        summary.municipalities,
        summary.organizations,
        demo.database.url,
    );
    Ok(demo)
}

/// Loads the demo dataset into an empty database.
pub async fn load(services: &Services) -> Result<DemoSummary, String> {
    let actor = Actor::system();
    let existing =
        services.capabilities.territory.regions(&actor, &RegionFilter::default(), PageRequest::first(1)).await;
    if !existing.map_err(|e| e.to_string())?.items.is_empty() {
        return Err("the database already holds regions; the demo loads into an empty database only".into());
    }
    let territory: Territory = serde_json::from_str(TERRITORY).map_err(|e| e.to_string())?;
    let mut regions = HashMap::new();
    for r in &territory.regions {
        let new =
            NewRegion::parse(&RegionDraft { code: r.code.clone(), name: r.name.clone() }).map_err(|e| e.to_string())?;
        regions.insert(
            r.code.clone(),
            services.capabilities.territory.create_region(&actor, new).await.map_err(|e| e.to_string())?.id,
        );
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
        let created =
            services.capabilities.territory.create_municipality(&actor, new).await.map_err(|e| e.to_string())?;
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
            // Smallness is stated for no school of the seeds (seed 001 counts seven, unnamed).
            is_small: None,
        };
        let new = NewOrganization::parse(&draft).map_err(|e| e.to_string())?;
        let created =
            services.capabilities.territory.create_organization(&actor, new).await.map_err(|e| e.to_string())?;
        organizations.insert(o.name.clone(), created.id);
    }
    // The ШНОР lists of seeds 004 (Северский район, 2020–2024), 003 (Хотынецкий район, 2022,
    // order № 513 of the regional department) and 002 (Калининский район of Тверская область,
    // 2020, agreed with ГБУ ТО ЦОКО).
    // Seed 004 states neither issuer nor level; seed 003's order is the regional department's.
    let regional = Some(ListLevel::Regional);
    for (key, table, issuer, level) in [
        ("seversky", LISTS_SEVERSKY, None, None),
        (
            "khotynetsky",
            LISTS_KHOTYNETSKY,
            organizations.get("Департамент образования Орловской области").copied(),
            regional,
        ),
        ("kalininsky-tver", LISTS_KALININSKY_TVER, organizations.get("ГБУ ТО ЦОКО").copied(), regional),
    ] {
        let import = ListImport {
            municipality: municipalities[key],
            kind: ListKind::Shnor,
            level,
            issuer,
            rows: table.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect(),
            first_row: 1,
            dry_run: false,
        };
        services.capabilities.lists.import(&actor, import).await.map_err(|e| format!("{key} lists: {e}"))?;
    }
    let federal = opora_api::imports::catalogue_draft(FEDERAL_PROFILES.as_bytes(), Some(OwnerRef::Federal))?;
    services.capabilities.factors.create_catalogue(&actor, &federal).await.map_err(|e| e.to_string())?;
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
        replaces: None,
    };
    let report = services.capabilities.factors.import_audit(&actor, import).await.map_err(|e| e.to_string())?;
    // Seed 001's roadmap, read from the Word document it was approved in (order № 4 of МКУО
    // ЦОКО of 01.03.2023), against the audit above.
    let document =
        opora_api::imports::decode_document(ROADMAP_2023, DOCX, Default::default()).map_err(|e| e.to_string())?;
    let table =
        document.into_iter().find(|t| opora_domain::measures::is_roadmap_table(&t.rows)).ok_or("no roadmap table")?;
    let period = Period::new(2023, 2024).map_err(|e| e.to_string())?;
    // Its title and the stamp of its order are read from the paragraphs above the table.
    let kuban = RoadmapImport {
        municipality: municipalities["kalininsky-kuban"],
        owner: organizations.get("МКУО ЦОКО").copied(),
        programme: None,
        audit: Some(report.audit_id.as_uuid()),
        title: None,
        period,
        approval: None,
        preamble: table.preamble,
        file_name: None,
        rows: table.rows,
        first_row: 1,
        dry_run: false,
        replaces: None,
    };
    services.capabilities.measures.import_roadmap(&actor, kuban).await.map_err(|e| format!("roadmap 2023: {e}"))?;
    programmes(services, &actor, &municipalities, &organizations).await?;
    monitoring::load(services, &actor, &municipalities).await?;
    Ok(DemoSummary {
        regions: regions.len(),
        municipalities: municipalities.len(),
        organizations: territory.organizations.len(),
        audit_parameters: report.parameters,
        municipality_ids: municipalities,
    })
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The programmes of seeds 002 (Калининский район of Тверская область: a goal and 7 tasks) and
/// 004 (Северский район: 5 tasks for 2021–2024 and its successor for 2025–2030, in drafting),
/// and seed 004's Table 1 as Северский район's roadmap under its programme.
async fn programmes(
    services: &Services,
    actor: &Actor,
    municipalities: &HashMap<String, MunicipalityId>,
    organizations: &HashMap<String, OrganizationId>,
) -> Result<(), String> {
    let tver = ProgrammeDraft {
        municipality: municipalities["kalininsky-tver"],
        owner: None,
        title: "Муниципальная программа поддержки ШНОР управления образования Калининского района".into(),
        // «в 2019/2020 году»: the school year the seed reports on.
        period_from: 2019,
        period_to: 2020,
        goal: Some("Повышение качества образовательных результатов обучающихся в школах, показывающих низкие результаты обучения и работающих в сложных социальных условиях, за счёт повышения педагогического и ресурсного потенциала школ".into()),
        tasks: [
            "Создать условия для получения положительной динамики качества образования в школах, показывающих низкие результаты обучения и работающих в сложных социальных условиях",
            "Сформировать муниципальную систему методического сопровождения учителей, работающих в школах с низкими результатами обучения и работающих в сложных социальных условиях",
            "Определить наиболее эффективные и адресные формы помощи школам на муниципальном уровне",
            "Создать условия для профессионального развития и эффективного повышения квалификации педагогических и управленческих кадров школ",
            "Активизировать профессиональное взаимодействие по обмену опытом и распространению эффективных практик",
            "Создать условия для эффективного межшкольного партнёрства и сетевого взаимодействия школ с разным уровнем качества результатов обучения",
            "Стимулировать участие школ - участниц программы в конкурсах и проектах различных уровней",
        ]
        .map(str::to_owned)
        .to_vec(),
        // Order № 148-од of 28.07.2020 approved the roadmap, not the programme: seed 002
        // names no act approving the programme.
        approval: None,
        // No seed states where it stands.
        status: None,
        supersedes: None,
    };
    services.capabilities.measures.create_programme(actor, tver).await.map_err(|e| format!("programme 002: {e}"))?;
    let title = "Программа повышения качества образования в школах с низкими результатами обучения и школах, функционирующих в неблагоприятных социальных условиях";
    let seversky = ProgrammeDraft {
        municipality: municipalities["seversky"],
        owner: None,
        title: format!("{title} на 2021-2024 годы"),
        period_from: 2021,
        period_to: 2024,
        goal: None,
        tasks: [
            "Оказывать адресную методическую поддержку школам, имеющим низкие образовательные результаты",
            "Обеспечить организационно-методическое сопровождение разработки и внедрения школьной программы перехода в эффективный режим работы и программы учительского роста",
            "Провести диагностику профессиональных компетенций педагогических и управленческих команд школ, имеющих низкие образовательные результаты, выявить профессиональные педагогические дефициты, разработать и реализовать ИОМы и адресную программу повышения квалификации для руководителей, заместителей и педагогов",
            "Обеспечить межшкольное партнерство и сетевое взаимодействие школ с разным уровнем качества результатов обучения",
            "Распространить эффективные практики реализации модели и программы поддержки ШНОР на территории муниципального образования Северский район, привлекая консультантов, носителей передовых практик",
        ]
        .map(str::to_owned)
        .to_vec(),
        approval: None,
        // No seed states where it stands.
        status: None,
        supersedes: None,
    };
    let first = services
        .capabilities
        .measures
        .create_programme(actor, seversky.clone())
        .await
        .map_err(|e| format!("programme 004: {e}"))?;
    let successor = ProgrammeDraft {
        title: format!("{title} на 2025-2030 годы"),
        period_from: 2025,
        period_to: 2030,
        tasks: Vec::new(),
        // «разрабатывается»: seed 004's own word for it.
        status: Some("draft".into()),
        supersedes: Some(first.id),
        ..seversky
    };
    services
        .capabilities
        .measures
        .create_programme(actor, successor)
        .await
        .map_err(|e| format!("programme 2025: {e}"))?;
    let roadmap = RoadmapImport {
        municipality: municipalities["seversky"],
        owner: organizations.get("МКУ МО Северский район «ИМЦ»").copied(),
        programme: Some(first.id),
        audit: None,
        // The name seed 004 gives it; its Table 1 is the measures.
        title: Some("Дорожная карта по профилактике учебной неуспешности".into()),
        period: Period::new(2023, 2024).map_err(|e| e.to_string())?,
        approval: None,
        preamble: Vec::new(),
        file_name: None,
        rows: ROADMAP_SEVERSKY.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect(),
        first_row: 1,
        dry_run: false,
        replaces: None,
    };
    let imported =
        services.capabilities.measures.import_roadmap(actor, roadmap).await.map_err(|e| format!("roadmap 004: {e}"))?;
    seversky_execution(services, actor, imported.roadmap.id).await
}

/// Seed 004's note of 23.12.2024 says the events of its Table 1 «были организованы и
/// проведены»: each occurrence of the table's years is reported held, on the measure as a whole
/// and with no day (the table gives months), resting on the note as its evidence. Those «в
/// течение года» fall due when the year ends, a week after the note: it reports them held too.
/// Nothing more is stated, so nothing more is filled.
async fn seversky_execution(
    services: &Services,
    actor: &Actor,
    roadmap: opora_domain::measures::RoadmapId,
) -> Result<(), String> {
    let stated = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("a date")?;
    let scope = opora_domain::measures::ProgressScope::Roadmap(roadmap);
    let read = services.capabilities.measures.progress(actor, scope, stated, None).await.map_err(|e| e.to_string())?;
    for state in read.progress.occurrences.iter().filter(|s| s.due && s.status.is_none()) {
        let draft = opora_domain::measures::ReportDraft {
            roadmap,
            position: i64::from(state.position),
            occurrence: state.occurrence.key(),
            organization: None,
            status: "held".into(),
            held_on: None,
            postponed_to: None,
            participants: None,
            participant_organizations: Vec::new(),
            evidence: Some(SEED_004_EVIDENCE.into()),
            link: None,
            note: None,
        };
        services.capabilities.measures.report(actor, draft).await.map_err(|e| format!("execution 004: {e}"))?;
    }
    Ok(())
}

const SEED_004_EVIDENCE: &str =
    "Аналитическая справка МКУ МО Северский район «ИМЦ» от 23.12.2024, Таблица 1: мероприятия организованы и проведены";
