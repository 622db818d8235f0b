//! «Аналитическая справка» of a municipality for a span of years, in the structure of the
//! seeds' reports, written from the dashboard's own figures: every number of the Markdown and
//! HTML versions links to the API call that gives it, so that a reader can check it.

use std::cmp::Ordering;
use std::fmt::Write as _;

use opora_domain::indicators::Series;
use opora_domain::insights::NoteFacts;
use opora_domain::measures::{OccurrenceState, Programme};
use opora_domain::monitoring::{Campaign, Wording};
use opora_domain::notes::Signature;
use opora_domain::schools::MunicipalityId;
use opora_domain::{Actor, ServiceError};

use super::Dashboards;
use super::charts::{Chart, note_charts};
use super::document::{inline_text, text};
use crate::views::{DynamicsView, MunicipalityDashboardView};

/// A figure and the call that gives it; the figure is text, whatever it holds.
pub(super) fn figure(value: impl std::fmt::Display, call: &str) -> String {
    format!("[{}]({call})", inline_text(&value.to_string()))
}

use super::charts::number;

/// Orders names as a reader expects: «СОШ № 2» before «СОШ № 11».
fn natural(name: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((std::mem::take(&mut text), digits.parse().unwrap_or(u64::MAX)));
                digits.clear();
            }
            text.push(c);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

/// What the note is written from.
struct Facts {
    dashboard: MunicipalityDashboardView,
    /// The region's name: two districts of the demo are both «Калининский район».
    region: String,
    schools: usize,
    campaigns: Vec<Campaign>,
    signature: Option<Signature>,
    /// The highlighted indicators' series, for their charts.
    series: Vec<Series>,
    /// The programmes running in the span, oldest first.
    programmes: Vec<Programme>,
    /// Each occurrence of the measures of the roadmaps running in the last year.
    occurrences: Vec<OccurrenceState>,
}

/// A note and the charts it shows.
#[derive(Debug)]
pub(crate) struct Note {
    pub markdown: String,
    pub charts: Vec<Chart>,
}

impl Dashboards {
    /// The note in Markdown with its charts; [`super::document`] renders it as HTML or Word.
    pub(crate) async fn analytical_note(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        from: i32,
        to: i32,
    ) -> Result<Note, ServiceError> {
        let facts = self.note_facts(actor, id, from, to).await?;
        let charts = note_charts(&facts.dashboard, &facts.series, from, to);
        Ok(Note { markdown: write(&facts, &charts, id, from, to), charts })
    }

    /// One chart of the note, by name: the same picture the note shows.
    pub(crate) async fn note_chart(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        from: i32,
        to: i32,
        name: &str,
    ) -> Result<Chart, ServiceError> {
        let facts = self.note_facts(actor, id, from, to).await?;
        note_charts(&facts.dashboard, &facts.series, from, to)
            .into_iter()
            .find(|c| c.name == name)
            .ok_or_else(|| ServiceError::not_found("chart", opora_domain::text::excerpt(name, 60)))
    }

    async fn note_facts(&self, actor: &Actor, id: MunicipalityId, from: i32, to: i32) -> Result<Facts, ServiceError> {
        let facts = self.insights.note_facts(actor, id, from, to).await?;
        let NoteFacts { dashboard, region, schools, campaigns, signature, series, programmes, occurrences } = facts;
        Ok(Facts {
            dashboard: dashboard.into(),
            region,
            schools,
            campaigns,
            signature,
            series,
            programmes,
            occurrences,
        })
    }
}

/// The line that shows a chart: its title and the call that draws it.
fn picture(charts: &[Chart], name: &str, id: MunicipalityId, from: i32, to: i32) -> Option<String> {
    let chart = charts.iter().find(|c| c.name == name && !c.bars.is_empty())?;
    Some(format!(
        "![{}](/api/v1/municipalities/{id}/charts/{name}.svg?from={from}&to={to})\n",
        inline_text(&chart.title)
    ))
}

fn write(facts: &Facts, charts: &[Chart], id: MunicipalityId, from: i32, to: i32) -> String {
    let d = &facts.dashboard;
    let mut out = String::new();
    if let Some(a) = facts.signature.as_ref().and_then(|s| s.approval.as_ref()) {
        let _ = writeln!(out, "> Утверждаю\n> {}\n> {}\n> «___» ____________ г.\n", text(&a.position), text(&a.name));
    }
    let _ = writeln!(
        out,
        "# Аналитическая справка\n\n**{}** ({}), {from}–{to} гг.\n",
        text(&d.municipality.name),
        text(&facts.region)
    );
    if let Some(place) = facts.signature.as_ref().and_then(|s| s.place.as_ref()) {
        let _ = writeln!(out, "{}\n", text(place));
    }
    let mut findings: Vec<String> = Vec::new();
    let show = |out: &mut String, name: &str| {
        if let Some(line) = picture(charts, name, id, from, to) {
            let _ = writeln!(out, "{line}");
        }
    };
    context(&mut out, facts, id);
    programmes(&mut out, &facts.programmes, id);
    lists(&mut out, &d.lists, id, from, to, &mut findings);
    show(&mut out, "lists");
    risks(&mut out, d);
    show(&mut out, "prevalence");
    execution(&mut out, d, id, to, &mut findings);
    show(&mut out, "execution");
    if !facts.occurrences.is_empty() {
        let _ = writeln!(out, "**Мероприятия дорожных карт {to} года и их исполнение**\n");
        super::execution_note::occurrences(&mut out, &facts.occurrences);
        let _ = writeln!(out);
    }
    staff(&mut out, d, id);
    for chart in charts.iter().filter(|c| c.name.starts_with("indicator-")) {
        show(&mut out, &chart.name);
    }
    monitoring(&mut out, &facts.campaigns, from, to);

    let _ = writeln!(out, "## 7. Выводы\n");
    if findings.is_empty() {
        let _ = writeln!(out, "Данных за период недостаточно для выводов.\n");
    } else {
        let _ = writeln!(out, "{}\n", findings.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n"));
    }
    if let Some(s) = facts.signature.as_ref().and_then(|s| s.signer.as_ref()) {
        let _ = writeln!(out, "{}\n\n{}", text(&s.position), text(&s.name));
    }
    out
}

fn indicator_lines(d: &MunicipalityDashboardView, id: MunicipalityId, codes: &[&str], units: bool) -> Vec<String> {
    let series = format!("/api/v1/indicators/series?municipalityId={id}&codes=");
    d.indicators
        .iter()
        .filter(|i| codes.contains(&i.indicator.code.as_str()))
        .filter_map(|i| {
            let value = i.latest.value?;
            let call = format!("{series}{}", i.indicator.code);
            let unit = if units { format!(" {}", text(&i.indicator.unit)) } else { String::new() };
            let (name, period) = (text(&i.indicator.name), text(&i.latest.period.to_string()));
            // A sum over some of the schools is not the district's figure: it says whose it is.
            let whose = if i.latest.partial {
                match i.latest.registered {
                    Some(m) => format!(" (по данным {} из {m} ОО)", i.latest.organizations),
                    None => format!(" (по данным {} ОО)", i.latest.organizations),
                }
            } else {
                String::new()
            };
            Some(format!("- {name} ({period}): {}{unit}{whose}", figure(number(value), &call)))
        })
        .collect()
}

fn context(out: &mut String, facts: &Facts, id: MunicipalityId) {
    let _ = writeln!(out, "## 1. Общие сведения\n");
    let call = format!("/api/v1/organizations?municipalityId={id}");
    // The registry's count, not a figure the district reported: said as such.
    let _ = writeln!(
        out,
        "Общеобразовательных организаций, внесённых в реестр Opora: {} (по данным реестра системы, не отчётности района).\n",
        figure(facts.schools, &call)
    );
    let context = indicator_lines(&facts.dashboard, id, &["students", "teaching_staff", "teachers"], true);
    if context.is_empty() {
        let _ = writeln!(out, "Сведения о контингенте и кадрах в системе не представлены.\n");
    } else {
        let _ = writeln!(out, "{}\n", context.join("\n"));
    }
}

/// The programmes the span falls in: title, period, approval and status where known, the goal
/// and the tasks, as seeds 002 and 004 open their reports.
fn programmes(out: &mut String, programmes: &[Programme], id: MunicipalityId) {
    let call = format!("/api/v1/programmes?municipalityId={id}");
    for p in programmes {
        let mut line = format!("**{}** ({})", text(&p.title), text(&p.period.to_string()));
        if let Some(a) = &p.approval {
            let _ = write!(line, ", утверждена{}", super::execution_note::approved_by(a));
        }
        match p.status {
            Some(status) => {
                let _ = writeln!(out, "{line}; статус: {}.\n", status.label());
            }
            None => {
                let _ = writeln!(out, "{line}.\n");
            }
        }
        if let Some(goal) = &p.goal {
            let _ = writeln!(out, "Цель: {}\n", text(goal));
        }
        if !p.tasks.is_empty() {
            let _ = writeln!(out, "Задачи программы ({}):\n", figure(p.tasks.len(), &call));
            let tasks: Vec<String> = p.tasks.iter().map(|t| format!("- {}", text(t))).collect();
            let _ = writeln!(out, "{}\n", tasks.join("\n"));
        }
    }
}

fn lists(out: &mut String, l: &DynamicsView, id: MunicipalityId, from: i32, to: i32, findings: &mut Vec<String>) {
    let call = format!("/api/v1/municipalities/{id}/lists");
    let _ = writeln!(out, "## 2. Список ШНОР и его динамика\n");
    let years: Vec<_> = l.years.iter().filter(|y| (from..=to).contains(&y.year)).collect();
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        let _ = writeln!(out, "Решений о включении школ в список ШНОР за период нет.\n");
        return;
    };
    let _ = writeln!(
        out,
        "| Год | Количество ОО в списке ШНОР | В сравнении с | Вошли | Вышли |\n| --- | --- | --- | --- | --- |"
    );
    for y in &years {
        // Entrants and leavers are known against the list before; for the first list nothing is.
        match l.transitions.iter().find(|t| t.to == y.year) {
            Some(t) => {
                let against = if t.skipped.is_empty() {
                    format!("{} годом", t.from)
                } else {
                    let skipped: Vec<String> = t.skipped.iter().map(ToString::to_string).collect();
                    format!("{} годом (за {} решения нет)", t.from, skipped.join(", "))
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {against} | {} | {} |",
                    y.year,
                    figure(y.count, &call),
                    figure(t.entered.len(), &call),
                    figure(t.left.len(), &call)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "| {} | {} | — (более ранних решений нет) | нет данных | нет данных |",
                    y.year,
                    figure(y.count, &call)
                );
            }
        }
    }
    let gaps: Vec<String> = (first.year..=last.year)
        .filter(|year| !years.iter().any(|y| y.year == *year))
        .map(|year| year.to_string())
        .collect();
    if !gaps.is_empty() {
        let _ = writeln!(
            out,
            "\nРешений о списке ШНОР за {} {} нет; следующий год сравнивается с последним годом, за который решение есть.",
            gaps.join(", "),
            if gaps.len() == 1 { "год" } else { "годы" }
        );
    }
    let verb = match last.count.cmp(&first.count) {
        Ordering::Less => "сократилось",
        Ordering::Greater => "увеличилось",
        Ordering::Equal => "не изменилось и составило",
    };
    let change = if last.count == first.count {
        figure(last.count, &call)
    } else {
        format!("с {} до {}", figure(first.count, &call), figure(last.count, &call))
    };
    let finding = format!("С {} по {} год количество ОО в списке ШНОР {verb} {change}.", first.year, last.year);
    let _ = writeln!(out, "\n{finding}\n");
    findings.push(finding);

    // Seed 004's table: a column of names per year.
    let _ = writeln!(out, "**Список образовательных организаций, входящих в список ШНОР**\n");
    let header: Vec<String> = years.iter().map(|y| format!("{} год", y.year)).collect();
    let _ = writeln!(out, "| № | {} |\n|{}", header.join(" | "), " --- |".repeat(years.len() + 1));
    let columns: Vec<Vec<String>> = years
        .iter()
        .map(|y| {
            let mut names: Vec<&str> = y.organizations.iter().map(|o| o.name.as_str()).collect();
            names.sort_by_key(|n| natural(n));
            names.into_iter().map(text).collect()
        })
        .collect();
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    for row in 0..rows {
        let cells: Vec<&str> = columns.iter().map(|c| c.get(row).map_or("", String::as_str)).collect();
        let _ = writeln!(out, "| {} | {} |", row + 1, cells.join(" | "));
    }
    let _ = writeln!(out);

    let mut remaining: Vec<&str> = last.organizations.iter().map(|o| o.name.as_str()).collect();
    remaining.sort_by_key(|n| natural(n));
    let ever: Vec<_> = l.schools.iter().filter(|s| s.years.iter().any(|y| (from..=to).contains(y))).collect();
    let gone = ever.iter().filter(|s| !last.organizations.iter().any(|o| o.id == s.organization.id)).count();
    let finding = if remaining.is_empty() {
        format!(
            "За период в списке ШНОР побывали {} ОО; в {} году в списке не осталось ни одной.",
            figure(ever.len(), &call),
            last.year
        )
    } else {
        format!(
            "За период в списке ШНОР побывали {} ОО, из них {} вышли из списка; в {} году в списке ШНОР ОО: {} ({}).",
            figure(ever.len(), &call),
            figure(gone, &call),
            last.year,
            figure(remaining.len(), &call),
            text(&remaining.join(", "))
        )
    };
    let _ = writeln!(out, "{finding}\n");
    findings.push(finding);
}

fn risks(out: &mut String, d: &MunicipalityDashboardView) {
    let _ = writeln!(out, "## 3. Факторы риска\n");
    let Some(a) = &d.audit else {
        let _ = writeln!(out, "Входной аудит за период в системе не представлен.\n");
        return;
    };
    let call = format!("/api/v1/audits/{}/matrix", a.audit.id);
    let _ = writeln!(
        out,
        "По результатам аудита от {} обследовано {} ОО. Доля ОО, в которых выявлен хотя бы один параметр фактора:\n",
        a.audit.date.0.format("%d.%m.%Y"),
        figure(a.denominator.count, &call)
    );
    for f in &a.factors {
        let _ = writeln!(
            out,
            "- {} — {} из {}",
            text(&f.name),
            figure(f.organizations, &call),
            figure(a.denominator.count, &call)
        );
    }
    // The bodies' findings are the district's, never a school's: named apart, as the matrix does.
    let at_bodies: Vec<String> = a
        .parameters
        .iter()
        .filter(|p| p.organizations == 0 && p.bodies > 0)
        .map(|p| format!("{} {}", p.code, text(&p.name)))
        .collect();
    if !at_bodies.is_empty() {
        let _ = writeln!(
            out,
            "\nВыявлены только у органов управления и учреждений, не у школ (в доли школ не входят): {}.",
            figure(at_bodies.join("; "), &call)
        );
    }
    let _ = writeln!(out);
}

fn execution(out: &mut String, d: &MunicipalityDashboardView, id: MunicipalityId, to: i32, findings: &mut Vec<String>) {
    let _ = writeln!(out, "## 4. Дорожная карта и её исполнение\n");
    let t = &d.execution.total;
    let call = format!("/api/v1/municipalities/{id}/execution?asOf={}&year={to}", d.execution.as_of.0);
    let dashboard = format!("/api/v1/municipalities/{id}/dashboard?year={to}");
    let _ = writeln!(
        out,
        "Дорожных карт, действующих в {to} году: {}. Запланировано проведений мероприятий (со сроком): {}, срок наступил: {}, проведено (по отчётам): {}, не проведено (по отчётам): {}, нет отчёта об исполнении: {}.",
        figure(d.execution.roadmaps, &dashboard),
        figure(t.planned, &call),
        figure(t.due, &call),
        figure(t.held_due, &call),
        figure(t.not_held, &call),
        figure(t.no_report, &call)
    );
    if t.due > 0 {
        findings.push(format!(
            "Из {} проведений мероприятий дорожной карты {to} года, срок которых наступил, по отчётам проведено {}, не проведено {}, отчёта нет по {}.",
            figure(t.due, &call),
            figure(t.held_due, &call),
            figure(t.not_held, &call),
            figure(t.no_report, &call)
        ));
    }
    for gap in &d.coverage {
        if !gap.not_targeted.is_empty() {
            let call = format!("/api/v1/roadmaps/{}/coverage", gap.roadmap_id);
            let finding = format!(
                "Выявленные параметры, на которые не направлено ни одно мероприятие по коду: {}.",
                figure(gap.not_targeted.join(", "), &call)
            );
            let _ = writeln!(out, "\n{finding}");
            findings.push(finding);
        }
    }
    let _ = writeln!(out);
}

fn staff(out: &mut String, d: &MunicipalityDashboardView, id: MunicipalityId) {
    let _ = writeln!(out, "## 5. Кадры и повышение квалификации\n");
    let staff = indicator_lines(d, id, &["pd_completed", "retrained", "attested_first", "attested_highest"], false);
    if staff.is_empty() {
        let _ = writeln!(out, "Сведения о повышении квалификации в системе не представлены.\n");
    } else {
        let _ = writeln!(out, "{}\n", staff.join("\n"));
    }
}

fn monitoring(out: &mut String, campaigns: &[Campaign], from: i32, to: i32) {
    let _ = writeln!(out, "## 6. Мониторинг: выводы и рекомендации\n");
    if campaigns.is_empty() {
        let _ = writeln!(out, "Мониторинговые исследования за {from}–{to} гг. в системе не представлены.\n");
        return;
    }
    for c in campaigns {
        let call = format!("/api/v1/monitoring-campaigns/{}", c.id);
        let mut title = text(&c.title);
        if let Some(date) = c.report_date {
            let _ = write!(title, " (отчёт от {})", date.format("%d.%m.%Y"));
        }
        let _ = writeln!(
            out,
            "**{title}.** Выводов: {}, рекомендаций: {}.\n",
            figure(c.conclusions.len(), &call),
            figure(c.recommendations.len(), &call)
        );
        if c.wording == Wording::Summary {
            let _ = writeln!(out, "Тексты выводов и рекомендаций приведены в изложении, не дословно.\n");
        }
        if !c.conclusions.is_empty() {
            let _ = writeln!(out, "Выводы:\n");
            for conclusion in &c.conclusions {
                let (number, said) = (text(&conclusion.number), text(conclusion.text.trim_end_matches('.')));
                let _ = writeln!(out, "- {number}. {said}.");
            }
            let _ = writeln!(out, "\nРекомендации:\n");
        }
        for r in &c.recommendations {
            let (number, said) = (text(&r.number), text(r.text.trim_end_matches('.')));
            let due = match (&r.due_text, r.due_on) {
                (Some(due), _) => format!(" (срок: {})", text(due)),
                (None, Some(day)) => format!(" (срок: {})", day.format("%d.%m.%Y")),
                (None, None) => String::new(),
            };
            let _ = writeln!(out, "- {number}. {said}{due} — {}.", r.status.label());
        }
        let _ = writeln!(out);
    }
}
