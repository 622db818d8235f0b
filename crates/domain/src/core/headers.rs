//! The header vocabulary every table reader finds its columns by: the wordings people use for a
//! column, kept as data in `headers.tsv` so that a new municipality's wording is a line, not a
//! code change. Headers are compared folded: case, ё/е, punctuation and spacing do not count.

use std::sync::LazyLock;

use crate::text::fold;

/// A header as it is compared: folded, every mark but «№» and «/» a space, spaces collapsed.
pub fn header_key(text: &str) -> String {
    let folded = fold(text);
    let marked: String =
        folded.chars().map(|c| if c.is_alphanumeric() || matches!(c, '№' | '/') { c } else { ' ' }).collect();
    marked.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Wording {
    reader: &'static str,
    column: &'static str,
    key: String,
    prefix: bool,
}

static VOCABULARY: LazyLock<Vec<Wording>> = LazyLock::new(|| {
    include_str!("headers.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let (reader, column, wording) = (fields.next()?, fields.next()?, fields.next()?);
            let prefix = wording.ends_with('*');
            Some(Wording { reader, column, key: header_key(wording.trim_end_matches('*')), prefix })
        })
        .collect()
});

/// The column of `reader` that a header names, by the vocabulary.
pub fn column(reader: &str, header: &str) -> Option<&'static str> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    VOCABULARY
        .iter()
        .filter(|w| w.reader == reader)
        .find(|w| if w.prefix { key.starts_with(&w.key) } else { key == w.key })
        .map(|w| w.column)
}

/// The wordings of a reader's column, as the vocabulary writes them: for messages that say what
/// a missing column may be called.
pub fn wordings(reader: &str, column: &str) -> Vec<String> {
    VOCABULARY.iter().filter(|w| w.reader == reader && w.column == column).map(|w| w.key.clone()).collect()
}

/// A header over two rows, as a merged group stands over its leaves: each cell is its leaf, or
/// the group above it when the leaf is empty. A group is carried right across the empty cells a
/// horizontal merge leaves. Returns the cells and, for each, the group it stands under.
pub fn two_row_header(upper: &[String], lower: &[String]) -> (Vec<String>, Vec<Option<String>>) {
    let width = upper.len().max(lower.len());
    let mut cells = Vec::with_capacity(width);
    let mut groups = Vec::with_capacity(width);
    let mut group: Option<String> = None;
    for i in 0..width {
        let up = upper.get(i).map(|c| c.trim()).unwrap_or_default();
        let low = lower.get(i).map(|c| c.trim()).unwrap_or_default();
        if !up.is_empty() {
            group = Some(up.to_owned());
        } else if low.is_empty() {
            group = None;
        }
        if low.is_empty() {
            cells.push(up.to_owned());
            groups.push(None);
        } else {
            cells.push(low.to_owned());
            groups.push(group.clone().filter(|g| g != low));
        }
    }
    (cells, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_vocabulary_is_well_formed() {
        for line in include_str!("headers.tsv").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line}");
            assert!(["roadmap", "indicators", "lists", "audit"].contains(&fields[0]), "{line}");
        }
    }

    /// Headers as real municipal and school tables write them, with the column each names.
    #[test]
    fn real_header_wordings_find_their_columns() {
        let cases = [
            ("roadmap", "№ п/п", Some("number")),
            ("roadmap", "№\nп/п", Some("number")),
            ("roadmap", "N п/п", Some("number")),
            ("roadmap", "Направления деятельности", Some("direction")),
            ("roadmap", "Раздел", Some("direction")),
            ("roadmap", "Формы профилактических мероприятий", Some("form")),
            ("roadmap", "Форма проведения", Some("form")),
            ("roadmap", "Мероприятия", Some("title")),
            ("roadmap", "Наименование мероприятия", Some("title")),
            ("roadmap", "Содержание деятельности", Some("title")),
            ("roadmap", "Меры по устранению рисков", Some("title")),
            ("roadmap", "Контингент", Some("audience")),
            ("roadmap", "Целевая группа", Some("audience")),
            ("roadmap", "Участники", Some("audience")),
            ("roadmap", "Категория участников", Some("audience")),
            ("roadmap", "Место проведения", Some("venues")),
            ("roadmap", "Площадка", Some("venues")),
            ("roadmap", "Дата проведения", Some("schedule")),
            ("roadmap", "Сроки", Some("schedule")),
            ("roadmap", "Срок исполнения:", Some("schedule")),
            ("roadmap", "Сроки реализации", Some("schedule")),
            ("roadmap", "Период проведения", Some("schedule")),
            ("roadmap", "Ответственные", Some("responsible")),
            ("roadmap", "Ответственный исполнитель", Some("responsible")),
            ("roadmap", "Исполнители", Some("responsible")),
            ("roadmap", "Ожидаемый результат", None),
            ("roadmap", "Отметка о выполнении", None),
            ("indicators", "Организация", Some("subject")),
            ("indicators", "Наименование ОО", Some("subject")),
            ("indicators", "Наименование образовательной организации", Some("subject")),
            ("indicators", "Наименование общеобразовательной организации", Some("subject")),
            ("indicators", "Территория", Some("subject")),
            ("indicators", "Муниципальное образование", Some("subject")),
            ("indicators", "Показатель", Some("indicator")),
            ("indicators", "Наименование показателя", Some("indicator")),
            ("indicators", "Код показателя", Some("indicator")),
            ("indicators", "Учебный год", Some("period")),
            ("indicators", "Отчётный период", Some("period")),
            ("indicators", "Значение", Some("value")),
            ("indicators", "Значение показателя", Some("value")),
            ("indicators", "Фактическое значение", Some("value")),
            ("indicators", "Источник данных", Some("source")),
            ("indicators", "Ед. изм.", None),
            ("lists", "Год", Some("year")),
            ("lists", "Год включения в список", Some("year")),
            ("lists", "Наименование ОО", Some("school")),
            ("lists", "Полное наименование ОО", Some("school")),
            ("lists", "Общеобразовательная организация", Some("school")),
            ("lists", "Уровень списка", Some("level")),
            ("lists", "Вид списка", Some("kind")),
            ("lists", "Реквизиты приказа", Some("number")),
            ("lists", "№ приказа", Some("number")),
            ("lists", "Дата приказа", Some("date")),
            ("lists", "По результатам", Some("assessment_year")),
            ("lists", "Основание включения", Some("reason")),
            ("lists", "Рисковые профили", Some("reason")),
            ("audit", "№", Some("number")),
            ("audit", "Наименование фактора", Some("factor")),
            ("audit", "Фактор риска", Some("factor")),
            ("audit", "Параметры", Some("parameter")),
            ("audit", "Наименование параметра", Some("parameter")),
            ("audit", "Код параметра", Some("code")),
            ("audit", "Коды", Some("code")),
            ("audit", "Перечень ОО", Some("schools")),
            ("audit", "ОО, в которых выявлен риск", Some("schools")),
            ("audit", "Образовательные организации", Some("schools")),
        ];
        assert!(cases.len() >= 60);
        for (reader, header, expected) in cases {
            assert_eq!(column(reader, header), expected, "{reader}: {header}");
        }
    }

    #[test]
    fn a_merged_group_stands_over_its_leaves() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let (cells, groups) = two_row_header(
            &row(&["Организация", "Обучающиеся", "", "Педагогические кадры", ""]),
            &row(&["", "Численность обучающихся", "из них с ОВЗ", "Всего", "Прошли КПК"]),
        );
        assert_eq!(cells, ["Организация", "Численность обучающихся", "из них с ОВЗ", "Всего", "Прошли КПК"]);
        assert_eq!(
            groups,
            [
                None,
                Some("Обучающиеся".to_owned()),
                Some("Обучающиеся".to_owned()),
                Some("Педагогические кадры".to_owned()),
                Some("Педагогические кадры".to_owned())
            ]
        );
    }
}
