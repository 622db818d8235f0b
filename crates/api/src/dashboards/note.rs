//! «Аналитическая справка» of a municipality for a span of years, written from the dashboard's
//! own figures: every number of the Markdown and HTML versions links to the API call that gives
//! it, so that a reader can check it.

use std::fmt::Write as _;

use opora_domain::schools::MunicipalityId;
use opora_domain::{Actor, ServiceError};

use super::Dashboards;
use crate::views::MunicipalityDashboardView;

/// A figure and the call that gives it.
fn figure(value: impl std::fmt::Display, call: &str) -> String {
    format!("[{value}]({call})")
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}").replace('.', ",") }
}

impl Dashboards {
    /// The note in Markdown; [`markdown_to_html`] gives its HTML.
    pub(crate) async fn analytical_note(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        from: i32,
        to: i32,
    ) -> Result<String, ServiceError> {
        if from > to || to - from > 20 {
            return Err(opora_domain::ValidationErrors::single(
                "from",
                "invalid_period",
                "from ≤ to, at most 20 years",
            )
            .into());
        }
        let d: MunicipalityDashboardView = self.municipality(actor, id, to).await?;
        let m = &d.municipality;
        let lists = format!("/api/v1/municipalities/{id}/lists");
        let dashboard = format!("/api/v1/municipalities/{id}/dashboard?year={to}");
        let mut out = String::new();
        let _ = writeln!(out, "# Аналитическая справка\n\n**{}**, {from}–{to} гг.\n", m.name);

        let _ = writeln!(out, "## 1. Общие сведения\n");
        let series = format!("/api/v1/indicators/series?municipalityId={id}&codes=");
        let context: Vec<String> = d
            .indicators
            .iter()
            .filter(|i| ["students", "teaching_staff", "teachers"].contains(&i.indicator.code.as_str()))
            .filter_map(|i| {
                let value = i.latest.value?;
                let call = format!("{series}{}", i.indicator.code);
                Some(format!(
                    "- {} ({}): {} {}",
                    i.indicator.name,
                    i.latest.period,
                    figure(number(value), &call),
                    i.indicator.unit
                ))
            })
            .collect();
        if context.is_empty() {
            let _ = writeln!(out, "Сведения о контингенте и кадрах в системе не представлены.\n");
        } else {
            let _ = writeln!(out, "{}\n", context.join("\n"));
        }

        let _ = writeln!(out, "## 2. Список ШНОР и его динамика\n");
        let years: Vec<_> = d.lists.years.iter().filter(|y| (from..=to).contains(&y.year)).collect();
        if years.is_empty() {
            let _ = writeln!(out, "Решений о включении школ в список ШНОР за период нет.\n");
        } else {
            let _ = writeln!(out, "| Год | Количество ОО в списке ШНОР | Вошли | Вышли |\n| --- | --- | --- | --- |");
            for y in &years {
                let transition = d.lists.transitions.iter().find(|t| t.to == y.year);
                let (entered, left) = transition.map_or((0, 0), |t| (t.entered.len(), t.left.len()));
                let _ = writeln!(out, "| {} | {} | {} | {} |", y.year, figure(y.count, &lists), entered, left);
            }
            let (first, last) = (years[0], years[years.len() - 1]);
            let verb = match last.count.cmp(&first.count) {
                std::cmp::Ordering::Less => "сократилось",
                std::cmp::Ordering::Greater => "увеличилось",
                std::cmp::Ordering::Equal => "не изменилось и составило",
            };
            let change = if last.count == first.count {
                figure(last.count, &lists)
            } else {
                format!("с {} до {}", figure(first.count, &lists), figure(last.count, &lists))
            };
            let _ =
                writeln!(out, "\nС {} по {} год количество ОО в списке ШНОР {verb} {change}.\n", first.year, last.year);
        }

        let _ = writeln!(out, "## 3. Факторы риска\n");
        match &d.audit {
            None => {
                let _ = writeln!(out, "Входной аудит за период в системе не представлен.\n");
            }
            Some(a) => {
                let call = format!("/api/v1/audits/{}/matrix", a.audit.id);
                let _ = writeln!(
                    out,
                    "По результатам аудита от {} обследовано {} ОО. Доля ОО, в которых выявлен хотя бы один параметр фактора:\n",
                    a.audit.date.0.format("%d.%m.%Y"),
                    figure(a.denominator.count, &call)
                );
                for f in &a.factors {
                    let _ =
                        writeln!(out, "- {} — {} из {}", f.name, figure(f.organizations, &call), a.denominator.count);
                }
                let _ = writeln!(out);
            }
        }

        let _ = writeln!(out, "## 4. Дорожная карта и её исполнение\n");
        let t = &d.execution.total;
        let call = format!("/api/v1/municipalities/{id}/execution?year={to}");
        let _ = writeln!(
            out,
            "Дорожных карт, действующих в {to} году: {}. Запланировано мероприятий (с датой): {}, срок наступил: {}, проведено в срок: {}, просрочено: {}.",
            figure(d.execution.roadmaps, &dashboard),
            figure(t.planned, &call),
            figure(t.due, &call),
            figure(t.held_due, &call),
            figure(t.overdue, &call)
        );
        for gap in &d.coverage {
            if !gap.not_targeted.is_empty() {
                let call = format!("/api/v1/roadmaps/{}/coverage", gap.roadmap_id);
                let _ = writeln!(
                    out,
                    "\nВыявленные параметры, на которые не направлено ни одно мероприятие по коду: {}.",
                    figure(gap.not_targeted.join(", "), &call)
                );
            }
        }
        let _ = writeln!(out);

        let _ = writeln!(out, "## 5. Кадры и повышение квалификации\n");
        let staff: Vec<String> = d
            .indicators
            .iter()
            .filter(|i| ["pd_completed", "retrained", "attested_highest"].contains(&i.indicator.code.as_str()))
            .filter_map(|i| {
                let value = i.latest.value?;
                let call = format!("{series}{}", i.indicator.code);
                Some(format!("- {} ({}): {}", i.indicator.name, i.latest.period, figure(number(value), &call)))
            })
            .collect();
        if staff.is_empty() {
            let _ = writeln!(out, "Сведения о повышении квалификации в системе не представлены.\n");
        } else {
            let _ = writeln!(out, "{}\n", staff.join("\n"));
        }
        Ok(out)
    }
}

/// The note's Markdown as HTML: headings, lists, tables, paragraphs and links, every text
/// escaped.
pub(crate) fn markdown_to_html(markdown: &str, title: &str) -> String {
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    // `[text](call)` → a link; everything else escaped.
    let inline = |line: &str| {
        let mut out = String::new();
        let mut rest = line;
        while let Some(start) = rest.find('[') {
            let Some(mid) = rest[start..].find("](").map(|i| start + i) else { break };
            let Some(end) = rest[mid..].find(')').map(|i| mid + i) else { break };
            out.push_str(&escape(&rest[..start]));
            let _ = write!(out, "<a href=\"{}\">{}</a>", escape(&rest[mid + 2..end]), escape(&rest[start + 1..mid]));
            rest = &rest[end + 1..];
        }
        out.push_str(&escape(rest));
        out.replace("**", "")
    };
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n",
        escape(title)
    );
    let mut in_list = false;
    let mut in_table = false;
    for line in markdown.lines() {
        if in_list && !line.starts_with("- ") {
            html.push_str("</ul>\n");
            in_list = false;
        }
        if in_table && !line.starts_with('|') {
            html.push_str("</table>\n");
            in_table = false;
        }
        if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(html, "<h2>{}</h2>", inline(h));
        } else if let Some(h) = line.strip_prefix("# ") {
            let _ = writeln!(html, "<h1>{}</h1>", inline(h));
        } else if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                html.push_str("<ul>\n");
                in_list = true;
            }
            let _ = writeln!(html, "<li>{}</li>", inline(item));
        } else if line.starts_with("| ---") {
        } else if line.starts_with('|') {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let tag = if in_table { "td" } else { "th" };
            if !in_table {
                html.push_str("<table>\n");
                in_table = true;
            }
            let row: String = cells.iter().map(|c| format!("<{tag}>{}</{tag}>", inline(c))).collect();
            let _ = writeln!(html, "<tr>{row}</tr>");
        } else if !line.trim().is_empty() {
            let _ = writeln!(html, "<p>{}</p>", inline(line));
        }
    }
    if in_list {
        html.push_str("</ul>\n");
    }
    if in_table {
        html.push_str("</table>\n");
    }
    html.push_str("</body></html>\n");
    html
}

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
        use opora_domain::measures::{ExecutionStatus, ProgressScope};

        let read = self.measures.roadmap(actor, roadmap).await?;
        let progress = self.measures.progress(actor, ProgressScope::Roadmap(roadmap), as_of, None).await?.progress;
        let r = &read.roadmap;
        let call = format!("/api/v1/roadmaps/{roadmap}/execution?asOf={as_of}");
        let mut out = String::new();
        let _ = writeln!(out, "# Информация об исполнении дорожной карты\n\n**{}** ({})\n", r.title, r.period);
        if let Some(a) = &r.approval {
            let mut parts = vec!["Утверждена".to_owned()];
            if let Some(i) = &a.issuer {
                parts.push(format!("приказом {i}"));
            }
            if let Some(d) = a.date {
                parts.push(format!("от {}", d.format("%d.%m.%Y")));
            }
            if let Some(n) = &a.number {
                parts.push(format!("№ {n}"));
            }
            let _ = writeln!(out, "{}.\n", parts.join(" "));
        }
        let t = &progress.total;
        let _ = writeln!(
            out,
            "По состоянию на {}: запланировано мероприятий (с датой) — {}, срок наступил — {}, проведено в срок — {}, просрочено — {}, перенесено — {}, отменено — {}.\n",
            as_of.format("%d.%m.%Y"),
            figure(t.planned, &call),
            figure(t.due, &call),
            figure(t.held_due, &call),
            figure(t.overdue, &call),
            figure(t.postponed, &call),
            figure(t.cancelled, &call)
        );
        let _ = writeln!(out, "| № | Мероприятие | Срок | Исполнение |\n| --- | --- | --- | --- |");
        for state in &progress.occurrences {
            let status = match state.status {
                Some(ExecutionStatus::Held) => match state.held_on {
                    Some(d) => format!("проведено {}", d.format("%d.%m.%Y")),
                    None => "проведено".to_owned(),
                },
                Some(ExecutionStatus::Postponed) => match state.postponed_to {
                    Some(m) => format!("перенесено на {m}"),
                    None => "перенесено".to_owned(),
                },
                Some(ExecutionStatus::Cancelled) => "отменено".to_owned(),
                _ if state.overdue => "просрочено".to_owned(),
                _ => "запланировано".to_owned(),
            };
            let title = state.title.replace('|', "/");
            let _ = writeln!(out, "| {} | {} | {} | {status} |", state.number, title, state.occurrence.key());
        }
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
