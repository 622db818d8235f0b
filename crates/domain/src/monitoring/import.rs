//! A monitoring report imported from its Word document: read, its school names resolved, and
//! recorded through the same checks as a campaign entered by hand.

use super::marks::organizations_in;
use super::model::{Campaign, CampaignId, CitationRole, CitedDocument, Signatory, Window, Wording};
use super::phrases::calendar_year;
use super::report::{Block, at_paragraph, read_report};
use super::service::{CampaignDraft, ConclusionDraft, MonitoringService, RecommendationDraft};
use crate::access::Actor;
use crate::core::acts::school_year;
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::validation::ValidationErrors;
use crate::schools::{CellReference, ReferenceResolver};
use crate::schools::{Municipality, MunicipalityId, OrganizationId};

type Result<T> = std::result::Result<T, ServiceError>;

/// A report to import: its blocks in order, and where it goes.
#[derive(Debug, Clone)]
pub struct ReportImport {
    pub municipality: MunicipalityId,
    pub blocks: Vec<Block>,
    pub file_name: Option<String>,
    pub dry_run: bool,
    pub replaces: Option<CampaignId>,
}

/// The campaign a report reads as, recorded or (in a dry run) not, and every doubt.
#[derive(Debug, Clone)]
pub struct ReportImported {
    pub campaign: Campaign,
    pub warnings: Vec<Issue>,
    pub recorded: bool,
}

impl MonitoringService {
    /// Reads a report's blocks into a campaign and records it, unless `dry_run`. A report in
    /// which no conclusion or recommendation is found is refused: it is not a monitoring report.
    pub async fn import_report(&self, actor: &Actor, import: ReportImport) -> Result<ReportImported> {
        let municipality = self.may_record(actor, import.municipality).await?;
        let reading = read_report(&import.blocks);
        if reading.conclusions.is_empty() && reading.recommendations.is_empty() {
            return Err(ValidationErrors::single(
                "document",
                "not_a_report",
                "no conclusions («Выводы») and no recommendations («Рекомендации») were found: the document is not read as a monitoring report",
            )
            .into());
        }
        let mut warnings = reading.warnings.clone();
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;
        let mut names =
            Names { resolver: ReferenceResolver::new(&candidates, &municipality), municipality: &municipality };
        let mut scope: Vec<OrganizationId> = Vec::new();
        for (p, name) in &reading.scope {
            if let Some(id) = names.resolve(*p, name, &mut warnings)
                && !scope.contains(&id)
            {
                scope.push(id);
            }
        }
        let mut recommendations = Vec::new();
        for r in &reading.recommendations {
            let (role, addressees) = match &r.addressee {
                None => (None, Vec::new()),
                Some(text) => names.addressee(r.paragraph, text, &mut warnings),
            };
            recommendations.push(RecommendationDraft {
                number: r.number.clone(),
                addressee_role: role,
                addressees,
                text: r.text.clone(),
                due_on: None,
                due_text: r.due.clone(),
                parameters: r.codes.clone(),
            });
        }
        warnings.append(&mut names.resolver.warnings);
        let title = reading.title.clone().or_else(|| {
            let name = import.file_name.as_deref()?.rsplit(['/', '\\']).next()?.rsplit_once('.')?.0.replace('_', " ");
            warnings.push(Issue::document(
                &name,
                "title_from_file_name",
                "the report has no title: the file's name titles it",
            ));
            Some(name)
        });
        let title_text = title.clone().unwrap_or_default();
        // The title says what the report covers; a year the body mentions may be another's.
        let academic_year = school_year(&title_text).or(reading.academic_year);
        let calendar = calendar_year(&title_text);
        let (period_from, period_to) = match (calendar, academic_year.or(reading.calendar_year), reading.report_date) {
            (Some(y), _, _) => (y, y),
            (None, Some(y), _) if academic_year == Some(y) => (y, y + 1),
            (None, Some(y), _) => (y, y),
            (None, None, Some(d)) => {
                let y = chrono::Datelike::year(&d);
                let message =
                    format!("the report names no year or school year it covers: the year of its date, {y}, is taken");
                warnings.push(Issue::document(&title_text, "period_assumed", message));
                (y, y)
            }
            (None, None, None) => {
                return Err(ValidationErrors::single(
                    "document",
                    "no_period",
                    "the report names no year («на 2023 год»), no school year («2023/2024 учебного года») and no date",
                )
                .into());
            }
        };
        let mut order = None;
        let mut plan = None;
        let mut cited_documents = Vec::new();
        for c in &reading.citations {
            if c.starts_monitoring && order.is_none() {
                order = Some(c.document.clone());
            } else if c.role == Some(CitationRole::ApprovesPlan) && plan.is_none() {
                plan = Some(c.document.clone());
            } else {
                cited_documents.push(CitedDocument {
                    kind: c.kind.to_owned(),
                    role: c.role.unwrap_or(CitationRole::Other),
                    document: c.document.clone(),
                    paragraph: Some(c.paragraph),
                    link: None,
                });
            }
        }
        if order.is_none() {
            warnings.push(Issue::document(
                "",
                "no_order",
                "no order that started the monitoring («На основании приказа … от … № …») was found",
            ));
        }
        let draft = CampaignDraft {
            municipality: municipality.id,
            title: title_text,
            order,
            scope,
            period_from,
            period_to,
            roadmap: None,
            report_date: reading.report_date,
            place: reading.place.clone(),
            signatory: reading.signatory.clone().map(|(position, name)| Signatory { position, name }),
            window: reading.window.map(|(from, to)| Window { from, to }),
            academic_year,
            plan,
            cited_documents,
            cited_figures: Some(reading.figures.clone()),
            wording: reading.wording.unwrap_or(Wording::Verbatim),
            conclusions: reading
                .conclusions
                .iter()
                .map(|c| ConclusionDraft {
                    number: c.number.clone(),
                    level: c.level.code().to_owned(),
                    text: c.text.clone(),
                    parameters: c.codes.clone(),
                })
                .collect(),
            recommendations,
            replaces: import.replaces,
        };
        let (campaign, read_as) = self.build(actor, &municipality, draft).await?;
        warnings.extend(read_as.into_iter().map(|issue| placed(issue, &reading)));
        if import.dry_run {
            return Ok(ReportImported { campaign, warnings, recorded: false });
        }
        let recorded = self.store_version(actor, campaign, import.replaces, warnings).await?;
        Ok(ReportImported { campaign: recorded.campaign, warnings: recorded.warnings, recorded: true })
    }
}

/// A warning about a conclusion's or a recommendation's text, placed at its paragraph.
fn placed(mut issue: Issue, reading: &super::report::ReportReading) -> Issue {
    let Some((what, _)) = issue.message.split_once(':') else { return issue };
    let conclusion = reading.conclusions.iter().find(|c| what == format!("conclusion {}", c.number));
    let recommendation = reading.recommendations.iter().find(|r| what == format!("recommendation {}", r.number));
    let place = match (conclusion, recommendation) {
        (Some(c), _) => Some((c.paragraph, format!("paragraph {}", c.paragraph))),
        (None, Some(r)) => Some(match r.table_row {
            Some((table, row)) => (r.paragraph, format!("table {table}, row {row}")),
            None => (r.paragraph, format!("paragraph {}", r.paragraph)),
        }),
        (None, None) => None,
    };
    if let Some((row, place)) = place {
        issue.row = row;
        issue.message = format!("{place}: {}", issue.message);
    }
    issue
}

/// Names a report gives schools, resolved against the municipality's registry.
struct Names<'a> {
    resolver: ReferenceResolver<'a>,
    municipality: &'a Municipality,
}

impl Names<'_> {
    /// The organization a name in paragraph `p` gives, or a warning: a name in prose may be
    /// another municipality's school, and is then left out.
    fn resolve(&mut self, p: u32, name: &str, warnings: &mut Vec<Issue>) -> Option<OrganizationId> {
        let errors = self.resolver.errors.len();
        let at = CellReference { row: p, column: 0, cell: name, reference: name };
        let found = self.resolver.resolve(at).map(|(id, _)| id);
        for e in self.resolver.errors.drain(errors..) {
            let message =
                format!("«{name}» is not read as an organization of {}: {}", self.municipality.name, e.message);
            warnings.push(at_paragraph(p, name, "organization_not_resolved", message));
        }
        for w in &mut self.resolver.warnings {
            w.column.clear();
        }
        found
    }

    /// A role, or the organizations an addressee names when every name resolves; otherwise
    /// the addressee's words are kept as its role.
    fn addressee(&mut self, p: u32, text: &str, warnings: &mut Vec<Issue>) -> (Option<String>, Vec<OrganizationId>) {
        let named = organizations_in(text);
        if named.is_empty() {
            return (Some(text.to_owned()), Vec::new());
        }
        let ids: Vec<Option<OrganizationId>> = named.iter().map(|n| self.resolve(p, n, warnings)).collect();
        if ids.iter().all(Option::is_some) {
            (None, ids.into_iter().flatten().collect())
        } else {
            (Some(text.to_owned()), Vec::new())
        }
    }
}
