//! «Информация об исполнении дорожной карты»: a roadmap's execution as of a day, in the shape
//! of seed 003's report, its totals linked to the execution view that gives them.

use std::fmt::Write as _;

use opora_domain::measures::{ExecutionStatus, Occurrence, OccurrenceState};
use opora_domain::{Actor, ServiceError};

use super::Dashboards;
use super::document::text;
use super::note::figure;

impl Dashboards {
    /// «Информация об исполнении дорожной карты» as of a day, in Markdown: each measure's
    /// occurrences and what the reports say of them, with the totals linked to the execution
    /// view that gives them.
    pub(crate) async fn execution_note(
        &self,
        actor: &Actor,
        roadmap: opora_domain::measures::RoadmapId,
        as_of: chrono::NaiveDate,
    ) -> Result<String, ServiceError> {
        use opora_domain::measures::ProgressScope;

        let read = self.reads.measures.roadmap(actor, roadmap).await?;
        let progress =
            self.reads.measures.progress(actor, ProgressScope::Roadmap(roadmap), as_of, None).await?.progress;
        let r = &read.roadmap;
        let call = format!("/api/v1/roadmaps/{roadmap}/execution?asOf={as_of}");
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Информация об исполнении дорожной карты\n\n**{}** ({})\n",
            text(&r.title),
            text(&r.period.to_string())
        );
        if let Some(a) = &r.approval {
            let _ = writeln!(out, "Утверждена{}.\n", approved_by(a));
        }
        let t = &progress.total;
        let _ = writeln!(
            out,
            "По состоянию на {}: запланировано проведений мероприятий (со сроком) — {}, срок наступил — {}, проведено (по отчётам) — {}, не проведено (по отчётам) — {}, нет отчёта — {}, перенесено — {}, отменено — {}.\n",
            as_of.format("%d.%m.%Y"),
            figure(t.planned, &call),
            figure(t.due, &call),
            figure(t.held_due, &call),
            figure(t.not_held, &call),
            figure(t.no_report, &call),
            figure(t.postponed, &call),
            figure(t.cancelled, &call)
        );
        occurrences(&mut out, &progress.occurrences);
        if !progress.unreported_plans.is_empty() {
            let numbers: Vec<&str> = progress.unreported_plans.iter().map(|u| u.number.as_str()).collect();
            let _ = writeln!(
                out,
                "\nМероприятия «по отдельному графику» без отчёта: {}.",
                figure(numbers.join(", "), &call)
            );
        }
        Ok(out)
    }
}

/// The table of occurrences: each measure's planned times and what the reports say of them, in
/// words («нет отчёта», never «просрочено»).
pub(super) fn occurrences(out: &mut String, states: &[OccurrenceState]) {
    let _ = writeln!(out, "| № | Мероприятие | Срок | Исполнение |\n| --- | --- | --- | --- |");
    for state in states {
        let status = match state.status {
            Some(ExecutionStatus::Held) => match state.held_on {
                Some(d) => format!("проведено {}", d.format("%d.%m.%Y")),
                None => "проведено".to_owned(),
            },
            Some(ExecutionStatus::Postponed) => match state.postponed_to {
                Some(m) => format!("перенесено на {}", text(&m.to_string())),
                None => "перенесено".to_owned(),
            },
            Some(ExecutionStatus::Cancelled) => "отменено".to_owned(),
            // Its times are set elsewhere: it never falls due here, and no report says more.
            None if state.occurrence == Occurrence::Plan => "отчёта нет".to_owned(),
            _ => state.outcome.label().to_owned(),
        };
        let (number, title, when) = (text(&state.number), text(&state.title), text(&state.occurrence.label()));
        let _ = writeln!(out, "| {number} | {title} | {when} | {status} |");
    }
}

/// « приказом … от 01.03.2023 № 4»: the act that approved a document, as far as it is known,
/// after the word «утверждена».
pub(super) fn approved_by(a: &opora_domain::core::document::SourceDocument) -> String {
    let mut out = String::new();
    if let Some(i) = &a.issuer {
        let _ = write!(out, " приказом {}", text(i));
    }
    if let Some(d) = a.date {
        let _ = write!(out, " от {}", d.format("%d.%m.%Y"));
    }
    if let Some(n) = &a.number {
        let _ = write!(out, " № {}", text(n));
    }
    out
}
