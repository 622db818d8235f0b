//! What a report cites, set beside what Opora holds: a cited document linked to the list
//! decision or roadmap of the same number and date, a cited figure compared with the indicator
//! observation of the same subject and period.

use super::model::{CitationRole, CitedDocument, CitedFigure, DocumentLink, FigureAgreement};
use super::phrases::figures;
use super::ports::{HeldDocument, HeldObservation};
use crate::core::document::SourceDocument;
use crate::text::fold;

fn same_number(a: Option<&str>, b: Option<&str>) -> bool {
    let key = |n: &str| fold(n).replace(' ', "");
    matches!((a, b), (Some(a), Some(b)) if key(a) == key(b))
}

fn held_as<'a>(document: &SourceDocument, held: &'a [HeldDocument], entity: Option<&str>) -> Option<&'a HeldDocument> {
    held.iter().find(|h| {
        entity.is_none_or(|e| h.entity == e)
            && same_number(document.number.as_deref(), h.number.as_deref())
            && document.date.is_some()
            && document.date == h.date
    })
}

/// The cited document with the link to what Opora holds under its number and date: a list
/// decision for a list order, a roadmap for a plan's order, either for any other.
pub(super) fn linked(mut cited: CitedDocument, held: &[HeldDocument]) -> CitedDocument {
    let entity = match cited.role {
        CitationRole::DecidesList => Some("list_decision"),
        CitationRole::ApprovesPlan => Some("roadmap"),
        CitationRole::Other => None,
    };
    cited.link = held_as(&cited.document, held, entity).map(|h| DocumentLink { entity: h.entity, id: h.id });
    cited
}

/// The roadmap a plan's approving order names, when Opora holds it.
pub(super) fn plan_roadmap(plan: &SourceDocument, held: &[HeldDocument]) -> Option<uuid::Uuid> {
    held_as(plan, held, Some("roadmap")).map(|h| h.id)
}

/// The figures texts state, each with its sentence.
pub(super) fn stated<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<CitedFigure> {
    texts
        .flat_map(figures)
        .map(|f| CitedFigure {
            text: f.text,
            value: f.value,
            unit: f.unit,
            sentence: f.sentence,
            paragraph: None,
            agreement: None,
        })
        .collect()
}

/// Stems of a text's longer words: enough to find an indicator's name in a sentence.
fn stems(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(|w| w.chars().take(5).collect())
        .collect()
}

fn is_share(unit: &str) -> bool {
    let u = fold(unit);
    u.contains('%') || u.contains("процент") || u.contains("доля")
}

/// The figure with the observation of the same subject (an indicator whose name the sentence
/// states, in the figure's unit) and period, and whether the two agree at the figure's
/// precision. A figure no observation matches stays without one.
pub(super) fn compared(mut figure: CitedFigure, observed: &[HeldObservation]) -> CitedFigure {
    let sentence: std::collections::HashSet<String> = stems(&figure.sentence).into_iter().collect();
    let share = figure.unit == "%";
    let best = observed
        .iter()
        .filter(|o| is_share(&o.unit) == share)
        .filter_map(|o| {
            let name = stems(&o.name);
            let shared = name.iter().filter(|s| sentence.contains(*s)).count();
            (shared >= 2 && shared * 2 >= name.len()).then_some((shared, o))
        })
        .max_by(|(a, x), (b, y)| a.cmp(b).then(x.period_start.cmp(&y.period_start)));
    let Some((_, o)) = best else { return figure };
    let Ok(value) = figure.value.parse::<f64>() else { return figure };
    let decimals = figure.value.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let scale = 10f64.powi(decimals);
    let agrees = ((o.value * scale).round() - (value * scale).round()).abs() < 0.5;
    figure.agreement = Some(FigureAgreement {
        indicator: o.indicator.clone(),
        indicator_name: o.name.clone(),
        period: o.period.clone(),
        observed: format!("{}", o.value),
        agrees,
    });
    figure
}
