//! The tables a generated municipality keeps, written as municipalities write them (the
//! seeds' shapes), from a deterministic random source: an entry audit, ШНОР lists by year, a
//! roadmap answering the audit, and indicator figures per school and year.

use std::collections::BTreeSet;

use opora_domain::factors::format_school_list;
use opora_domain::measures::MONTH_NAMES;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Factors × parameters of a generated catalogue: the methodology's six factors.
pub(super) const FACTORS: [(&str, [&str; 4]); 6] = [
    (
        "Кадровые ресурсы школы",
        [
            "Дефицит педагогических сотрудников",
            "Стаж руководящей работы менее 5 лет",
            "Преподавание администрацией с нагрузкой более 18 часов",
            "Доля педагогов без квалификационной категории более 50 %",
        ],
    ),
    (
        "Материально-техническое оснащение",
        [
            "Недостаточное оснащение учебных кабинетов",
            "Отсутствие высокоскоростного интернета",
            "Недостаток компьютерной техники",
            "Отсутствие библиотеки с читальным залом",
        ],
    ),
    (
        "Контингент обучающихся",
        [
            "Доля обучающихся с ОВЗ более 10 %",
            "Доля обучающихся, для которых русский язык не родной",
            "Низкая учебная мотивация обучающихся",
            "Высокая доля обучающихся из малообеспеченных семей",
        ],
    ),
    (
        "Внутришкольная система оценки качества",
        [
            "Необъективность результатов оценочных процедур",
            "Отсутствие анализа результатов ВПР",
            "Отсутствие индивидуальных планов работы с отстающими",
            "Отсутствие внутришкольной системы повышения квалификации",
        ],
    ),
    (
        "Учебная неуспешность",
        [
            "Высокая доля обучающихся с рисками учебной неуспешности",
            "Низкие результаты ГИА по математике",
            "Низкие результаты ГИА по русскому языку",
            "Доля второгодников выше средней по региону",
        ],
    ),
    (
        "Социальные условия",
        [
            "Удалённость от районного центра",
            "Малокомплектность",
            "Отсутствие учреждений дополнительного образования",
            "Высокая доля неполных семей",
        ],
    ),
];

/// A school as the generator knows it.
#[derive(Debug, Clone)]
pub(super) struct School {
    pub number: u16,
    /// «СОШ», «ООШ» or «НОШ».
    pub kind: &'static str,
    /// How weak it is, 0–1: weaker schools show more risk factors and enter the lists.
    pub weakness: f64,
    pub students: u32,
}

impl School {
    pub(super) fn name(&self) -> String {
        format!("МБОУ {} № {}", self.kind, self.number)
    }
}

pub(super) fn schools(rng: &mut ChaCha8Rng, count: usize) -> Vec<School> {
    (0..count)
        .map(|i| {
            let number = u16::try_from(i + 1).unwrap_or(u16::MAX);
            let kind = match rng.random_range(0..10) {
                0 => "НОШ",
                1..=2 => "ООШ",
                _ => "СОШ",
            };
            let weakness: f64 = rng.random::<f64>().powi(2);
            let students = match kind {
                "НОШ" => rng.random_range(20..120),
                "ООШ" => rng.random_range(40..300),
                _ => rng.random_range(150..1200),
            };
            School { number, kind, weakness, students }
        })
        .collect()
}

/// The entry audit in seed 001's shape: a row per parameter listing the schools where it is
/// present, about a quarter of them, the weaker more often.
pub(super) fn audit(rng: &mut ChaCha8Rng, schools: &[School]) -> (Vec<Vec<String>>, usize) {
    let mut rows = vec![
        vec![
            "№".into(),
            "Фактор негативного влияния (риска)".into(),
            String::new(),
            String::new(),
            "Перечень ОО, в работе которых проявляются негативные факторы".into(),
        ],
        vec![String::new(), "наименование фактора".into(), "параметры".into(), "код параметра".into(), String::new()],
    ];
    let mut present = 0;
    for (f, (factor, parameters)) in FACTORS.iter().enumerate() {
        for (p, parameter) in parameters.iter().enumerate() {
            let mut by_kind: Vec<(&str, BTreeSet<u16>)> = Vec::new();
            for s in schools {
                if rng.random::<f64>() < 0.13 + 0.36 * s.weakness {
                    present += 1;
                    match by_kind.iter_mut().find(|(k, _)| *k == s.kind) {
                        Some((_, set)) => {
                            set.insert(s.number);
                        }
                        None => by_kind.push((s.kind, BTreeSet::from([s.number]))),
                    }
                }
            }
            let list: Vec<String> = by_kind.iter().map(|(k, set)| format_school_list(k, set)).collect();
            rows.push(vec![
                if p == 0 { (f + 1).to_string() } else { String::new() },
                if p == 0 { (*factor).to_owned() } else { String::new() },
                (*parameter).to_owned(),
                format!("{}.{}", f + 1, p + 1),
                list.join(", "),
            ]);
        }
    }
    (rows, present)
}

/// ШНОР lists by year in seed 002's long form: about one school in twelve, most of a year's
/// list staying the next year.
pub(super) fn lists(rng: &mut ChaCha8Rng, schools: &[School], years: &[i32]) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["Год".into(), "ОО".into(), "Уровень".into(), "Список".into()]];
    let target = schools.len().div_ceil(12).max(1);
    let mut listed: Vec<usize> = Vec::new();
    for year in years {
        listed.retain(|_| rng.random::<f64>() < 0.7);
        let mut candidates: Vec<usize> = (0..schools.len()).filter(|i| !listed.contains(i)).collect();
        candidates.sort_by(|a, b| schools[*b].weakness.total_cmp(&schools[*a].weakness));
        candidates.truncate(target * 3);
        while listed.len() < target && !candidates.is_empty() {
            let pick = candidates.remove(rng.random_range(0..candidates.len()));
            listed.push(pick);
        }
        for i in &listed {
            rows.push(vec![year.to_string(), schools[*i].name(), "региональный".into(), "ШНОР".into()]);
        }
    }
    rows
}

const MEASURES: [(&str, &str); 6] = [
    ("Семинар-совещание по профилактике учебной неуспешности", "семинар"),
    ("Мониторинг внутришкольных систем оценки качества", "мониторинг"),
    ("Курсы повышения квалификации педагогов", "курсы"),
    ("Методический десант в школы с низкими результатами", "выезд"),
    ("Диагностика профессиональных дефицитов педагогов", "диагностика"),
    ("Консультирование руководителей по управлению качеством", "консультация"),
];

/// A roadmap in seed 001's shape answering the audit: each measure aimed at a parameter (or
/// at every one found), held at a school or across the territory, in a month of one of the
/// roadmap's years.
pub(super) fn roadmap(rng: &mut ChaCha8Rng, schools: &[School], years: (i32, i32)) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "№",
            "Мероприятие",
            "Форма",
            "Код параметра",
            "Контингент",
            "Место проведения",
            "Дата проведения",
            "Ответственные",
        ]
        .iter()
        .map(|h| (*h).to_owned())
        .collect::<Vec<_>>(),
    ];
    for i in 0..12 {
        let (title, form) = MEASURES[i % MEASURES.len()];
        let code = if i % 4 == 0 {
            "все выявленные параметры".to_owned()
        } else {
            format!("{}.{}", rng.random_range(1..=6), rng.random_range(1..=4))
        };
        let place = if schools.is_empty() || i % 3 == 0 {
            "все ОО".to_owned()
        } else {
            schools[rng.random_range(0..schools.len())].name()
        };
        let year = if rng.random::<bool>() { years.0 } else { years.1 };
        let month = MONTH_NAMES[rng.random_range(0..12)];
        rows.push(vec![
            format!("{}.", i + 1),
            title.to_owned(),
            form.to_owned(),
            code,
            "Педагоги ОО".into(),
            place,
            format!("{month} {year}"),
            "Управление образования".into(),
        ]);
    }
    rows
}

/// Students and teachers per school and year, in the wide form.
pub(super) fn indicators(rng: &mut ChaCha8Rng, schools: &[School], years: &[i32]) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["ОО".into(), "Период".into(), "students".into(), "teachers".into()]];
    for s in schools {
        let mut students = f64::from(s.students);
        for year in years {
            students = (students * rng.random_range(0.93..1.05)).round().max(5.0);
            let teachers = (students / rng.random_range(11.0..16.0)).round().max(2.0);
            rows.push(vec![s.name(), year.to_string(), students.to_string(), teachers.to_string()]);
        }
    }
    rows
}
