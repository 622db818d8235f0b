use proptest::prelude::*;

use super::*;

fn period() -> Period {
    Period::new(2023, 2024).unwrap()
}

fn months(text: &str) -> Vec<String> {
    let (schedule, _) = Schedule::parse(text, period()).unwrap_or_else(|e| panic!("{text}: {e}"));
    schedule.occurrences().iter().map(ToString::to_string).collect()
}

fn kind(text: &str) -> ScheduleKind {
    Schedule::parse(text, period()).unwrap_or_else(|e| panic!("{text}: {e}")).0.kind()
}

#[test]
fn every_date_cell_of_seed_001_reads() {
    for (text, expected) in [
        ("март 2023", vec!["2023-03"]),
        ("апрель 2023 апрель 2024", vec!["2023-04", "2024-04"]),
        ("Май, декабрь 2023, май, декабрь 2024", vec!["2023-05", "2023-12", "2024-05", "2024-12"]),
        ("Сентябрь 2023, 2024", vec!["2023-09", "2024-09"]),
        ("Октябрь 2023", vec!["2023-10"]),
        ("Март 2023", vec!["2023-03"]),
        ("Февраль 2024", vec!["2024-02"]),
        ("Март, ноябрь ежегодно", vec!["2023-03", "2023-11", "2024-03", "2024-11"]),
        ("Апрель 2023", vec!["2023-04"]),
        ("Сентябрь 2023 Февраль 2024 Декабрь 2024", vec!["2023-09", "2024-02", "2024-12"]),
        ("Май 2023", vec!["2023-05"]),
        ("август 2023", vec!["2023-08"]),
        (
            "<p>Март, август, ноябрь 2023</p> <p>Январь, март, август, ноябрь 2024</p>",
            vec!["2023-03", "2023-08", "2023-11", "2024-01", "2024-03", "2024-08", "2024-11"],
        ),
        ("Август 2023", vec!["2023-08"]),
        ("Май 2023 Май 2024", vec!["2023-05", "2024-05"]),
        ("Апрель 2023 г", vec!["2023-04"]),
        ("Январь 2024 г.", vec!["2024-01"]),
        ("Ежегодно июнь", vec!["2023-06", "2024-06"]),
        ("Декабрь 2023", vec!["2023-12"]),
        ("Ежегодно июль", vec!["2023-07", "2024-07"]),
        ("Март 2023 Март 2024", vec!["2023-03", "2024-03"]),
        ("Сентябрь ежегодно", vec!["2023-09", "2024-09"]),
        ("Ежегодно (апрель) в соответствии с планом работы МКУО ЦОКО", vec!["2023-04", "2024-04"]),
    ] {
        assert_eq!(months(text), expected, "{text}");
        assert_eq!(kind(text), ScheduleKind::Months, "{text}");
    }
}

#[test]
fn every_date_cell_of_seed_004_reads() {
    for (text, expected) in [
        ("Декабрь 2023г. Ноябрь 2024г.", vec!["2023-12", "2024-11"]),
        ("Март 2024г.", vec!["2024-03"]),
        ("Февраль 2024 г. Апрель 2024г. Апрель 2023г.", vec!["2023-04", "2024-02", "2024-04"]),
        ("Март 2024г. Октябрь 2024г.", vec!["2024-03", "2024-10"]),
        ("Апрель 2024г.", vec!["2024-04"]),
        ("Сентябрь 2024г.", vec!["2024-09"]),
    ] {
        assert_eq!(months(text), expected, "{text}");
    }
    assert_eq!(kind("В течение года"), ScheduleKind::WholePeriod);
}

#[test]
fn schedules_without_months_say_how_they_are_set() {
    assert_eq!(kind("Весь период"), ScheduleKind::WholePeriod);
    assert_eq!(kind("В течение года"), ScheduleKind::WholePeriod);
    assert_eq!(kind("Ежегодно"), ScheduleKind::Yearly);
    for text in ["По отдельному графику", "Ежегодно по отдельному плану"] {
        let (schedule, _) = Schedule::parse(text, period()).unwrap();
        assert_eq!(schedule.kind(), ScheduleKind::SeparatePlan, "{text}");
        assert!(schedule.occurrences().is_empty(), "{text}");
    }
    let (yearly, _) = Schedule::parse("Ежегодно по отдельному плану", period()).unwrap();
    assert!(yearly.every_year());
}

#[test]
fn a_reference_to_another_plan_is_kept_as_written() {
    for (text, plan, kind) in [
        ("В течение всего времени по плану ВШК", "по плану ВШК", ScheduleKind::WholePeriod),
        ("В течении всего времени по плану ВШК", "по плану ВШК", ScheduleKind::WholePeriod),
        ("В течении всего времени по плану", "по плану", ScheduleKind::WholePeriod),
        (
            "Ежегодно в соответствии с планом работы МКУО ЦОКО",
            "в соответствии с планом работы МКУО ЦОКО",
            ScheduleKind::Yearly,
        ),
        (
            "Ежегодно (апрель) в соответствии с планом работы МКУО ЦОКО",
            "в соответствии с планом работы МКУО ЦОКО",
            ScheduleKind::Months,
        ),
    ] {
        let (schedule, _) = Schedule::parse(text, period()).unwrap();
        assert_eq!(schedule.plan(), Some(plan), "{text}");
        assert_eq!(schedule.kind(), kind, "{text}");
        assert_eq!(schedule.text(), text.trim());
    }
}

#[test]
fn what_cannot_be_read_is_kept_as_written_and_plans_nothing() {
    for (text, why) in [
        ("когда-нибудь", ScheduleError::Unreadable("когда".into())),
        ("Март", ScheduleError::NoYear("март".into(), period())),
        ("По мере необходимости", ScheduleError::Relative("По мере необходимости".into())),
    ] {
        let (schedule, notes) = Schedule::parse(text, period()).unwrap();
        assert_eq!(schedule.kind(), ScheduleKind::Unread, "{text}");
        assert!(schedule.occurrences().is_empty(), "{text}");
        assert_eq!(schedule.text(), text);
        assert_eq!(schedule.unread(), Some(&why), "{text}");
        assert_eq!(notes, vec![ScheduleNote::Unread(why)], "{text}");
    }
    assert_eq!(Schedule::parse("  ", period()), Err(ScheduleError::Empty));
    assert_eq!(Schedule::parse("<p></p>", period()), Err(ScheduleError::Empty));
}

#[test]
fn a_month_without_a_year_in_a_one_year_plan_is_that_year() {
    let (schedule, _) = Schedule::parse("Март", Period::new(2023, 2023).unwrap()).unwrap();
    assert_eq!(schedule.occurrences().iter().map(ToString::to_string).collect::<Vec<_>>(), ["2023-03"]);
}

#[test]
fn a_month_outside_the_period_is_kept_and_noted() {
    let (schedule, notes) = Schedule::parse("Май 2025", period()).unwrap();
    assert_eq!(schedule.occurrences().len(), 1);
    assert_eq!(notes, vec![ScheduleNote::OutsidePeriod(schedule.occurrences()[0])]);
}

proptest! {
    #[test]
    fn any_text_reads_or_is_refused_without_panicking(text in "\\PC{0,80}") {
        let _ = Schedule::parse(&text, period());
    }

    #[test]
    fn a_month_and_year_written_out_read_back(month in 1u8..=12, year in 2023i32..=2024) {
        let text = format!("{} {year}", MONTH_NAMES[usize::from(month) - 1]);
        let (schedule, _) = Schedule::parse(&text, period()).unwrap();
        prop_assert_eq!(schedule.occurrences(), &[Slot::Month(YearMonth::new(year, month).unwrap())]);
    }
}

/// A period as the cases file writes it: «2024», «2023-2024», «2024/2025».
fn period_of(text: &str) -> Period {
    if let Some((from, _)) = text.split_once('/') {
        return Period::school_year(from.parse().unwrap()).unwrap();
    }
    match text.split_once('-') {
        Some((from, to)) => Period::new(from.parse().unwrap(), to.parse().unwrap()).unwrap(),
        None => Period::new(text.parse().unwrap(), text.parse().unwrap()).unwrap(),
    }
}

#[test]
fn every_cell_of_the_cases_file_reads_as_expected() {
    let cases: Vec<&str> = include_str!("cases.tsv").lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for line in &cases {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "{line}");
        let (schedule, notes) = Schedule::parse(fields[1], period_of(fields[0])).unwrap();
        let keys: Vec<String> = schedule.occurrences().iter().map(Slot::key).collect();
        let read = if keys.is_empty() {
            schedule.kind().code().to_owned()
        } else {
            format!("{}: {}", schedule.kind().code(), keys.join(" "))
        };
        if read != fields[2] {
            wrong.push(format!("{} | {} | expected {} | read {read}", fields[0], fields[1], fields[2]));
        }
        // What is kept as written says so, and nothing else does.
        let unread = notes.iter().any(|n| matches!(n, ScheduleNote::Unread(_)));
        assert_eq!(unread, schedule.kind() == ScheduleKind::Unread, "{line}");
        assert_eq!(schedule.text(), plain(fields[1]), "{line}");
    }
    assert!(wrong.is_empty(), "{} of {} cells read otherwise:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}
