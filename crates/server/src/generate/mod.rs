//! `opora generate`: fills a database with a country of realistic, deterministic data for
//! every capability — regions, municipalities and schools, an entry audit per municipality
//! (about a quarter of parameters present), ШНОР lists by year with persistence, a roadmap
//! answering the audit with reports on part of it, and indicator figures per school and year.
//! Everything goes through the same service calls as an API import, so the figures it prints
//! are what the import paths sustain.

mod tables;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use opora_domain::Actor;
use opora_domain::factors::AuditImport;
use opora_domain::indicators::IndicatorImport;
use opora_domain::lists::{ListImport, ListKind, ListLevel};
use opora_domain::measures::{Occurrence, Period, ReportDraft, RoadmapImport, occurrences};
use opora_domain::schools::{
    MunicipalityDraft, MunicipalityKind, NewMunicipality, NewOrganization, NewRegion, OrganizationDraft,
    OrganizationKind, RegionDraft,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};
use tokio::task::JoinSet;

use crate::app::Services;

/// How big a country to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub regions: usize,
    pub municipalities: usize,
    pub schools: usize,
    /// List years, ending with the last complete one.
    pub years: usize,
    pub seed: u64,
    /// Municipalities generated at once.
    pub concurrency: usize,
}

impl Scale {
    fn check(&self) -> Result<(), String> {
        if !(1..=99).contains(&self.regions) {
            return Err("--regions: 1 to 99 (regions have two-digit codes)".into());
        }
        if self.municipalities < self.regions || self.municipalities > 100_000 {
            return Err("--municipalities: at least one per region, at most 100,000".into());
        }
        if self.schools < self.municipalities || self.schools > 1_000_000 {
            return Err("--schools: at least one per municipality, at most 1,000,000".into());
        }
        if !(1..=10).contains(&self.years) {
            return Err("--years: 1 to 10".into());
        }
        if !(1..=64).contains(&self.concurrency) {
            return Err("--concurrency: 1 to 64".into());
        }
        Ok(())
    }
}

/// What was generated, and how fast.
#[derive(Debug, Default)]
pub struct Summary {
    pub regions: usize,
    pub municipalities: usize,
    pub organizations: usize,
    pub findings: usize,
    pub present: usize,
    pub list_rows: usize,
    pub measures: usize,
    pub reports: usize,
    pub observations: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        writeln!(
            f,
            "generated in {secs:.1} s: {} regions, {} municipalities, {} organizations ({:.0}/s)",
            self.regions,
            self.municipalities,
            self.organizations,
            self.organizations as f64 / secs
        )?;
        writeln!(
            f,
            "  {} audit findings ({} present; {:.0}/s), {} list entries, {} measures, {} execution reports, {} indicator values",
            self.findings,
            self.present,
            self.findings as f64 / secs,
            self.list_rows,
            self.measures,
            self.reports,
            self.observations
        )
    }
}

#[derive(Default)]
struct Counters {
    organizations: AtomicUsize,
    findings: AtomicUsize,
    present: AtomicUsize,
    list_rows: AtomicUsize,
    measures: AtomicUsize,
    reports: AtomicUsize,
    observations: AtomicUsize,
}

/// Splits `total` among `parts`, skewed as a country is: log-normal sizes with spread `sigma`,
/// so that a few parts are large and most are small, every part at least one, summing to
/// `total`. With σ ≈ 1 over 2,330 municipalities the largest gets about 18 times the mean: a
/// city of some 300 schools beside districts of ten.
fn shares(rng: &mut ChaCha8Rng, parts: usize, total: usize, sigma: f64) -> Result<Vec<usize>, String> {
    let sizes = LogNormal::new(0.0, sigma).map_err(|e| e.to_string())?;
    let weights: Vec<f64> = (0..parts).map(|_| sizes.sample(rng)).collect();
    let sum: f64 = weights.iter().sum();
    let spare = total - parts;
    let mut out: Vec<usize> = weights.iter().map(|w| 1 + (w / sum * spare as f64).floor() as usize).collect();
    let mut short = total - out.iter().sum::<usize>();
    let mut i = 0;
    while short > 0 {
        out[i % parts] += 1;
        short -= 1;
        i += 1;
    }
    Ok(out)
}

/// Fills the database; `show` draws a progress bar on the terminal.
pub async fn generate(services: &Services, scale: Scale, last_year: i32, show: bool) -> Result<Summary, String> {
    scale.check()?;
    let started = Instant::now();
    let actor = Actor::system();
    let mut rng = ChaCha8Rng::seed_from_u64(scale.seed);
    // Regions differ less than municipalities do: the largest has a few times the mean.
    let per_region = shares(&mut rng, scale.regions, scale.municipalities, 0.5)?;
    let per_municipality = shares(&mut rng, scale.municipalities, scale.schools, 1.05)?;

    let bar = if show { ProgressBar::new(scale.municipalities as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} municipalities, {per_sec}, eta {eta}")
            .map_err(|e| e.to_string())?,
    );
    let counters = Arc::new(Counters::default());
    let mut tasks: JoinSet<Result<(), String>> = JoinSet::new();
    let mut next_municipality = 0;
    for (r, municipalities) in per_region.iter().enumerate() {
        let draft = RegionDraft { code: format!("{:02}", r + 1), name: format!("Субъект РФ № {}", r + 1) };
        let new = NewRegion::parse(&draft).map_err(|e| e.to_string())?;
        let region = services
            .capabilities
            .territory
            .create_region(&actor, new)
            .await
            .map_err(|e| format!("region {}: {e}", draft.code))?;
        for _ in 0..*municipalities {
            let index = next_municipality;
            next_municipality += 1;
            let draft = MunicipalityDraft {
                region_id: region.id,
                name: format!("Муниципальный район № {}", index + 1),
                kind: MunicipalityKind::District,
                oktmo: None,
            };
            let new = NewMunicipality::parse(&draft).map_err(|e| e.to_string())?;
            let municipality =
                services.capabilities.territory.create_municipality(&actor, new).await.map_err(|e| e.to_string())?;
            // Each municipality's data depends on the seed and its index only, whatever the order
            // the tasks run in.
            let seed = scale.seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let (services, counters, bar) = (services.clone(), counters.clone(), bar.clone());
            let schools = per_municipality[index];
            while tasks.len() >= scale.concurrency {
                if let Some(done) = tasks.join_next().await {
                    done.map_err(|e| e.to_string())??;
                }
            }
            tasks.spawn(async move {
                let municipality_id = municipality.id;
                fill(&services, &counters, municipality_id, region.id, schools, seed, scale.years, last_year).await?;
                bar.inc(1);
                Ok(())
            });
        }
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| e.to_string())??;
    }
    bar.finish_and_clear();
    let c = &counters;
    Ok(Summary {
        regions: scale.regions,
        municipalities: scale.municipalities,
        organizations: c.organizations.load(Ordering::Relaxed),
        findings: c.findings.load(Ordering::Relaxed),
        present: c.present.load(Ordering::Relaxed),
        list_rows: c.list_rows.load(Ordering::Relaxed),
        measures: c.measures.load(Ordering::Relaxed),
        reports: c.reports.load(Ordering::Relaxed),
        observations: c.observations.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    })
}

#[allow(clippy::too_many_arguments, reason = "one municipality's whole recipe")]
async fn fill(
    services: &Services,
    counters: &Counters,
    municipality: opora_domain::schools::MunicipalityId,
    region: opora_domain::schools::RegionId,
    count: usize,
    seed: u64,
    years: usize,
    last_year: i32,
) -> Result<(), String> {
    let actor = Actor::system();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let schools = tables::schools(&mut rng, count);
    for s in &schools {
        let kind = match s.kind {
            "НОШ" => OrganizationKind::PrimarySchool,
            "ООШ" => OrganizationKind::BasicSchool,
            _ => OrganizationKind::SecondarySchool,
        };
        let draft = OrganizationDraft {
            region_id: Some(region),
            municipality_id: Some(municipality),
            kind,
            legal_form: Some("МБОУ".into()),
            number: Some(i64::from(s.number)),
            name: s.name(),
            short_name: None,
            honorary_name: None,
            aliases: Vec::new(),
            inn: None,
            ogrn: None,
            fis_oko_login: None,
            is_small: Some(s.students < 100),
        };
        let new = NewOrganization::parse(&draft).map_err(|e| format!("{}: {e}", draft.name))?;
        services.capabilities.territory.create_organization(&actor, new).await.map_err(|e| e.to_string())?;
    }
    counters.organizations.fetch_add(count, Ordering::Relaxed);

    let list_years: Vec<i32> = (0..years).map(|i| last_year - (years - 1 - i) as i32).collect();
    let audit_year = list_years.len().checked_sub(2).map_or(last_year, |i| list_years[i]);
    let (rows, present) = tables::audit(&mut rng, &schools);
    let import = AuditImport {
        municipality,
        date: NaiveDate::from_ymd_opt(audit_year, 3, 1).ok_or("a date")?,
        catalogue_name: Some("Факторы негативного влияния (риска): входной аудит".into()),
        source: None,
        rows,
        first_row: 1,
        dry_run: false,
        replaces: None,
    };
    let audit = services.capabilities.factors.import_audit(&actor, import).await.map_err(|e| format!("audit: {e}"))?;
    counters.findings.fetch_add(count * 24, Ordering::Relaxed);
    counters.present.fetch_add(present, Ordering::Relaxed);

    let rows = tables::lists(&mut rng, &schools, &list_years);
    counters.list_rows.fetch_add(rows.len() - 1, Ordering::Relaxed);
    let import = ListImport {
        municipality,
        kind: ListKind::Shnor,
        level: Some(ListLevel::Regional),
        issuer: None,
        rows,
        first_row: 1,
        dry_run: false,
    };
    services.capabilities.lists.import(&actor, import).await.map_err(|e| format!("lists: {e}"))?;

    let period = Period::new(audit_year, audit_year + 1).map_err(|e| e.to_string())?;
    let import = RoadmapImport {
        municipality,
        owner: None,
        programme: None,
        audit: Some(audit.audit_id.as_uuid()),
        title: Some(format!(
            "Дорожная карта по профилактике учебной неуспешности на {}–{} гг.",
            audit_year,
            audit_year + 1
        )),
        period,
        approval: None,
        preamble: Vec::new(),
        file_name: None,
        rows: tables::roadmap(&mut rng, &schools, (audit_year, audit_year + 1)),
        first_row: 1,
        dry_run: false,
        replaces: None,
    };
    let roadmap = services
        .capabilities
        .measures
        .import_roadmap(&actor, import)
        .await
        .map_err(|e| format!("roadmap: {e}"))?
        .roadmap;
    counters.measures.fetch_add(roadmap.measures.len(), Ordering::Relaxed);
    // About half of what fell due before the last year's end is reported held.
    let end = NaiveDate::from_ymd_opt(last_year, 12, 1).ok_or("a date")?;
    for m in &roadmap.measures {
        for o in occurrences(m, roadmap.period) {
            let Occurrence::Dated(slot) = o else { continue };
            let held_on = slot.end().min(end);
            if held_on >= end || rng.random::<f64>() < 0.5 {
                continue;
            }
            let draft = ReportDraft {
                roadmap: roadmap.id,
                position: i64::from(m.position),
                occurrence: o.key(),
                organization: None,
                status: "held".into(),
                held_on: Some(held_on),
                postponed_to: None,
                participants: Some(rng.random_range(5..60)),
                participant_organizations: Vec::new(),
                evidence: Some("Протокол".into()),
                link: None,
                note: None,
            };
            services.capabilities.measures.report(&actor, draft).await.map_err(|e| format!("report: {e}"))?;
            counters.reports.fetch_add(1, Ordering::Relaxed);
        }
    }

    let rows = tables::indicators(&mut rng, &schools, &list_years);
    counters.observations.fetch_add((rows.len() - 1) * 2, Ordering::Relaxed);
    let import = IndicatorImport { municipality, rows, first_row: 1, period: None, source: None, dry_run: false };
    services.capabilities.indicators.import(&actor, import).await.map_err(|e| format!("indicators: {e}"))?;
    Ok(())
}
