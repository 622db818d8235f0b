//! The grammar of the date cells of real plans. A cell is cut into tokens (words, numbers,
//! dates, Roman numerals, dashes), and the tokens are read left to right in one pass: every
//! token is looked at a bounded number of times, so reading is linear in the cell.
//!
//! A year closes what precedes it: in «Май, декабрь 2023, май, декабрь 2024» each year belongs
//! to the months before it, and in «Сентябрь 2023, 2024» the second year repeats the months of
//! the first. What is left without a year takes one from the roadmap's period, or is not read.

use chrono::NaiveDate;

use super::resolve::{Named, YearOf, describe, resolve};
use super::slot::{Slot, YearMonth};
use super::tokens::{Token, lex, month_of};
use super::{Every, ScheduleError};
use crate::core::period::Period;

fn is(token: Option<&Token>, words: &[&str]) -> bool {
    matches!(token, Some(Token::Word(w)) if words.contains(&w.as_str()))
}

fn starts(token: Option<&Token>, stems: &[&str]) -> bool {
    matches!(token, Some(Token::Word(w)) if stems.iter().any(|s| w.starts_with(s)))
}

/// A four-digit year of the years Opora holds.
fn year(token: Option<&Token>) -> Option<i32> {
    match token {
        Some(Token::Number(n, 4)) => i32::try_from(*n).ok().filter(|y| crate::core::year::Year::parse(*y).is_ok()),
        _ => None,
    }
}

/// Words that carry nothing: «г.», «года», «и», «в», a weekday in brackets.
const FILLER: [&str; 24] = [
    "г",
    "гг",
    "год",
    "года",
    "году",
    "годы",
    "годов",
    "и",
    "в",
    "во",
    "с",
    "со",
    "на",
    "числа",
    "пн",
    "вт",
    "ср",
    "чт",
    "пт",
    "сб",
    "вс",
    "сроки",
    "период",
    "срок",
];

/// Words that tie a date to an event or a need: kept as text, never guessed.
const RELATIVE: [&str; 9] =
    ["мере", "после", "итогам", "запросу", "необходимости", "окончании", "завершении", "перед", "накануне"];

/// What a cell says, read.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Reading {
    pub slots: Vec<Slot>,
    pub every_year: bool,
    pub whole_period: bool,
    pub separate_plan: bool,
    pub plan: Option<String>,
    pub deadline: bool,
    pub every: Option<Every>,
}

struct Parser<'a> {
    tokens: Vec<Token>,
    words: &'a str,
    i: usize,
    reading: Reading,
    /// Times named since the last year.
    group: Vec<Named>,
    /// The times the last year closed: a year alone repeats them.
    last_group: Vec<Named>,
    /// The start of a span of days whose end is still to come.
    span: Option<Start>,
}

/// The first day of a span, before or after its year was read.
#[derive(Debug, Clone, Copy)]
enum Start {
    Named(u32, u32),
    Day(NaiveDate),
}

/// Reads a cell (markup already read as text) within `period`.
pub(super) fn read(text: &str, period: Period) -> Result<Reading, ScheduleError> {
    let tokens = lex(text);
    if tokens.iter().all(|t| *t == Token::Break) {
        return Err(ScheduleError::Empty);
    }
    let mut parser = Parser {
        tokens,
        words: text,
        i: 0,
        reading: Reading::default(),
        group: Vec::new(),
        last_group: Vec::new(),
        span: None,
    };
    parser.run()?;
    parser.finish(period)
}

impl Parser<'_> {
    fn peek(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.i + ahead)
    }

    fn word(&self, ahead: usize) -> Option<&str> {
        match self.peek(ahead) {
            Some(Token::Word(w)) => Some(w.as_str()),
            _ => None,
        }
    }

    fn run(&mut self) -> Result<(), ScheduleError> {
        while let Some(token) = self.tokens.get(self.i).cloned() {
            match token {
                Token::Dash if self.day_follows(1) => self.span_to()?,
                Token::Break | Token::Dash | Token::Slash => self.i += 1,
                Token::Other(c) => return Err(ScheduleError::Unreadable(c.to_string())),
                Token::Date(..) => self.date()?,
                Token::Roman(n) => self.numbered(u32::from(n), true)?,
                Token::Number(n, len) => {
                    if let Some(y) = year(self.peek(0)) {
                        self.i += 1;
                        self.year(y)?;
                    } else if len <= 2 {
                        self.numbered(n, false)?;
                    } else {
                        return Err(ScheduleError::Unreadable(n.to_string()));
                    }
                }
                Token::Word(word) => {
                    if self.word_phrase(&word)? {
                        return Ok(());
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads a phrase that starts with a word; true when the rest of the cell is a plan's name.
    fn word_phrase(&mut self, word: &str) -> Result<bool, ScheduleError> {
        let w = word;
        if let Some(m) = month_of(w) {
            self.i += 1;
            return self.month(m).map(|()| false);
        }
        match w {
            "ежегодно" => self.reading.every_year = true,
            "ежемесячно" => self.reading.every = Some(Every::Month),
            "ежеквартально" => self.reading.every = Some(Every::Quarter),
            "еженедельно" => self.reading.every = Some(Every::Week),
            "ежедневно" => self.reading.every = Some(Every::Day),
            "каждый" | "каждую" | "каждого" | "каждое" => {
                let every = self.unit(1).ok_or_else(|| ScheduleError::Unreadable(w.to_owned()))?;
                self.every(every);
                self.i += 1;
            }
            "раз" if is(self.peek(1), &["в", "во"]) && self.unit(2).is_some() => {
                self.reading.every = self.unit(2);
                self.i += 2;
            }
            "весь" | "всего" if starts(self.peek(1), &["период", "год", "срок"]) => {
                self.reading.whole_period = true;
                self.i += 1;
            }
            "постоянно" | "систематически" | "регулярно" | "круглогодично" =>
            {
                self.reading.whole_period = true;
            }
            "течение" | "течении" | "протяжении" => {
                // «в течение 2024/2025 учебного года» names a year; «в течение года» the period.
                let mut j = 1;
                while is(self.peek(j), &["всего", "срока", "реализации", "учебного", "календарного"])
                {
                    j += 1;
                }
                if is(self.peek(j), &["года", "периода", "времени", "программы"]) {
                    self.reading.whole_period = true;
                    self.i += j;
                }
            }
            "по" | "согласно" | "соответствии" => {
                if w == "по" && self.day_follows(1) {
                    // «С 5 апреля 2021 г. по 31 мая 2021 г.»
                    self.span_to()?;
                    return Ok(false);
                }
                if w == "по" && is(self.peek(1), &["отдельному", "индивидуальному", "особому"])
                {
                    self.reading.separate_plan = true;
                    self.i += 2;
                } else if w == "соответствии"
                    || starts(self.peek(1), &["план", "график", "расписани", "сроках", "календар"])
                    || w == "согласно"
                {
                    // The rest names the plan that sets the dates: kept as written.
                    self.reading.plan = Some(self.rest_as_written(w));
                    return Ok(true);
                } else {
                    return Err(ScheduleError::Relative(self.words.to_owned()));
                }
            }
            "до" | "к" | "позднее" | "срок" => self.reading.deadline = true,
            "не" if is(self.peek(1), &["позднее", "позже"]) => {
                self.reading.deadline = true;
                self.i += 1;
            }
            "конца" | "окончания" if self.reading.deadline => {}
            "уч" | "учебного" | "учебный" | "учебном" | "учебн" => {}
            w if FILLER.contains(&w) => {}
            w if RELATIVE.contains(&w) => return Err(ScheduleError::Relative(self.words.to_owned())),
            w => return Err(ScheduleError::Unreadable(w.to_owned())),
        }
        self.i += 1;
        Ok(false)
    }

    /// The cell from the word that names a plan, with its case as written.
    fn rest_as_written(&self, word: &str) -> String {
        let lower = self.words.to_lowercase().replace('ё', "е");
        // «в соответствии» keeps its «в».
        let from = lower
            .find(&format!("в {word}"))
            .filter(|_| word == "соответствии")
            .or_else(|| lower.find(word))
            .unwrap_or(0);
        // Lower-casing keeps Cyrillic lengths: the byte offset holds in the original.
        self.words.get(from..).unwrap_or(self.words).trim().to_owned()
    }

    /// «месяц», «квартал», «полугодие», «неделю» after «каждый» or «раз в».
    fn unit(&self, ahead: usize) -> Option<Every> {
        match self.word(ahead)? {
            w if w.starts_with("месяц") => Some(Every::Month),
            w if w.starts_with("квартал") => Some(Every::Quarter),
            w if w.starts_with("полугоди") => Some(Every::Half),
            w if w.starts_with("недел") => Some(Every::Week),
            w if w.starts_with("день") || w.starts_with("дня") => Some(Every::Day),
            _ => None,
        }
    }

    fn every(&mut self, every: Every) {
        self.reading.every = Some(every);
    }

    /// A month, perhaps the first end of a span: «январь–март», «сентябрь 2024 – май 2025».
    fn month(&mut self, first: u32) -> Result<(), ScheduleError> {
        // «декабрь 2023 г. – январь 2024 г.»: the first end's own year, then the dash.
        let mut ahead = usize::from(year(self.peek(0)).is_some());
        while ahead > 0 && is(self.peek(ahead), &["г", "года", "год"]) {
            ahead += 1;
        }
        let own_year = year(self.peek(0)).filter(|_| matches!(self.peek(ahead), Some(Token::Dash)));
        if own_year.is_none() {
            ahead = 0;
        }
        if matches!(self.peek(ahead), Some(Token::Dash)) && self.word(ahead + 1).and_then(month_of).is_some() {
            let last = self.word(ahead + 1).and_then(month_of).unwrap_or(first);
            self.i += ahead + 2;
            let last_year = year(self.peek(0));
            if last_year.is_some() {
                self.i += 1;
                self.skip_year_words();
            }
            self.named(Named::Months((first, own_year), (last, last_year)));
            if let Some(y) = last_year {
                self.close(YearOf::Calendar(y))?;
            }
            return Ok(());
        }
        self.named(Named::Month(first));
        Ok(())
    }

    /// A date, perhaps the first end of a span: «05.09 – 23.09.2024», «с 01.02.2024 по 28.02.2024».
    fn date(&mut self) -> Result<(), ScheduleError> {
        let Some(Token::Date(day, month, year)) = self.peek(0).cloned() else { return Ok(()) };
        self.i += 1;
        let to = matches!(self.peek(0), Some(Token::Dash)) || is(self.peek(0), &["по"]);
        if to && let Some(Token::Date(d2, m2, y2)) = self.peek(1).cloned() {
            self.i += 2;
            self.named(Named::Days((day, month, year), (d2, m2, y2)));
        } else {
            self.named(Named::Days((day, month, year), (day, month, year)));
        }
        self.close_if_dated()
    }

    /// A day, a quarter or a half-year by its number: «30 мая», «I квартал», «4 кв.», «1-15
    /// сентября», «I–II полугодие», «1 раз в квартал».
    fn numbered(&mut self, first: u32, roman: bool) -> Result<(), ScheduleError> {
        let mut last = first;
        let mut ahead = 1;
        if matches!(self.peek(1), Some(Token::Dash))
            || (!roman && is(self.peek(1), &["по"]) && matches!(self.peek(2), Some(Token::Number(_, 1..=2))))
        {
            match self.peek(2) {
                Some(Token::Number(n, 1..=2)) if !roman => last = *n,
                Some(Token::Roman(n)) if roman => last = u32::from(*n),
                _ => return Err(ScheduleError::Unreadable(first.to_string())),
            }
            ahead = 3;
        }
        let unit = self.word(ahead).map(str::to_owned).unwrap_or_default();
        let quarter = unit.starts_with("квартал") || unit == "кв";
        let half = unit.starts_with("полугоди") || unit == "пол";
        let bounded = |n: u32, max: u32| u8::try_from(n).ok().filter(|n| (1..=max).contains(&u32::from(*n)));
        if quarter || half {
            let max = if quarter { 4 } else { 2 };
            let (Some(a), Some(b)) = (bounded(first, max), bounded(last, max)) else {
                return Err(ScheduleError::Unreadable(format!("{last} {unit}")));
            };
            if a > b {
                return Err(ScheduleError::Unreadable(format!("{first}-{last} {unit}")));
            }
            self.i += ahead + 1;
            self.named(if quarter { Named::Quarters(a, b) } else { Named::Halves(a, b) });
            return Ok(());
        }
        if !roman && let Some(month) = month_of(&unit) {
            self.i += ahead + 1;
            self.named(if last == first {
                Named::Day(first, month)
            } else {
                Named::Days((first, month, None), (last, month, None))
            });
            return Ok(());
        }
        if !roman && first == 1 && last == first && (unit == "раз") && is(self.peek(2), &["в", "во"]) {
            if let Some(every) = self.unit(3) {
                self.every(every);
                self.i += 4;
                return Ok(());
            }
            if starts(self.peek(3), &["год"]) {
                self.reading.every_year = true;
                self.i += 4;
                return Ok(());
            }
        }
        // «2 раза в год», «1 раз в четверть»: how often, not when.
        Err(ScheduleError::Unreadable(format!("{first} {unit}").trim().to_owned()))
    }

    /// After a four-digit year: a span of years («2024-2025 гг.», «2024/2025 уч. года») or one year.
    fn year(&mut self, first: i32) -> Result<(), ScheduleError> {
        let span = matches!(self.peek(0), Some(Token::Dash | Token::Slash));
        let second = match self.peek(1) {
            Some(Token::Number(n, 4)) if span => i32::try_from(*n).ok(),
            Some(Token::Number(n, 2)) if span => i32::try_from(*n).ok().map(|n| first / 100 * 100 + n),
            _ => None,
        };
        let Some(second) = second else {
            self.skip_year_words();
            return self.close(YearOf::Calendar(first));
        };
        let slash = self.peek(0) == Some(&Token::Slash);
        self.i += 2;
        let school = slash || starts(self.peek(0), &["уч"]);
        self.skip_year_words();
        if second <= first || second - first >= Period::MAX_YEARS {
            return Err(ScheduleError::Unreadable(format!("{first}-{second}")));
        }
        if school && second == first + 1 {
            return self.close(YearOf::School(first));
        }
        if !self.group.is_empty() {
            return Err(ScheduleError::Unreadable(format!("{first}-{second}")));
        }
        let (from, to) = (YearMonth::new(first, 1), YearMonth::new(second, 12));
        self.push(from.zip(to).and_then(|(a, b)| Slot::months(a, b)))
    }

    fn skip_year_words(&mut self) {
        while is(
            self.peek(0),
            &["г", "гг", "год", "года", "году", "годы", "годов", "уч", "учебного", "учебный", "учебном"],
        ) {
            self.i += 1;
        }
    }

    /// Whether a day follows: «15.06», «15 июня».
    fn day_follows(&self, ahead: usize) -> bool {
        match self.peek(ahead) {
            Some(Token::Date(..)) => true,
            Some(Token::Number(_, 1..=2)) => self.word(ahead + 1).and_then(month_of).is_some(),
            _ => false,
        }
    }

    /// «по» or a dash between two days that each carry their words: the day before it becomes
    /// the start of a span that the next day ends.
    fn span_to(&mut self) -> Result<(), ScheduleError> {
        if let Some(Named::Day(d, m) | Named::Days((d, m, _), _)) = self.group.last().copied() {
            self.group.pop();
            self.span = Some(Start::Named(d, m));
        } else if let Some(Slot::Day(day) | Slot::Days(day, _)) = self.reading.slots.last().copied() {
            self.reading.slots.pop();
            self.span = Some(Start::Day(day));
        } else if self.peek(0) != Some(&Token::Dash) {
            return Err(ScheduleError::Unreadable("по".into()));
        }
        // A dash with no day before it is punctuation: «Срок − 15 июня».
        self.i += 1;
        Ok(())
    }

    fn named(&mut self, named: Named) {
        let named = match (self.span.take(), named) {
            (Some(Start::Named(d1, m1)), Named::Day(d2, m2)) => Named::Days((d1, m1, None), (d2, m2, None)),
            (Some(Start::Named(d1, m1)), Named::Days(_, end)) => Named::Days((d1, m1, None), end),
            (Some(start @ Start::Day(_)), named) => {
                self.span = Some(start);
                named
            }
            (_, named) => named,
        };
        self.group.push(named);
    }

    /// A date that carries its year closes the times before it.
    fn close_if_dated(&mut self) -> Result<(), ScheduleError> {
        let last = self.group.last().copied();
        match last {
            Some(Named::Days(_, (_, _, Some(y)))) => {
                self.skip_year_words();
                self.close(YearOf::Calendar(y))
            }
            _ => Ok(()),
        }
    }

    /// Gives the year to the times named since the last year; a year alone repeats the last
    /// group («Сентябрь 2023, 2024») or, with nothing before it, is the whole year («2024 г.»).
    fn close(&mut self, year: YearOf) -> Result<(), ScheduleError> {
        let group = if !self.group.is_empty() {
            std::mem::take(&mut self.group)
        } else if !self.last_group.is_empty() {
            self.last_group.clone()
        } else {
            let (from, to) = match year {
                YearOf::Calendar(y) => (YearMonth::new(y, 1), YearMonth::new(y, 12)),
                YearOf::School(y) => (YearMonth::new(y, 9), YearMonth::new(y + 1, 8)),
            };
            return self.push(from.zip(to).and_then(|(a, b)| Slot::months(a, b)));
        };
        for named in &group {
            let mut slot = resolve(*named, year)?;
            if let Some(Start::Day(from)) = self.span.take() {
                slot = Slot::days(from, slot.end().pred_opt().unwrap_or(from))
                    .ok_or_else(|| ScheduleError::Unreadable(self.words.to_owned()))?;
            }
            self.reading.slots.push(slot);
        }
        self.last_group = group;
        Ok(())
    }

    fn push(&mut self, slot: Option<Slot>) -> Result<(), ScheduleError> {
        let slot = slot.ok_or_else(|| ScheduleError::Unreadable(self.words.to_owned()))?;
        self.reading.slots.push(slot);
        Ok(())
    }

    /// What is left without a year takes it from the period: a one-year roadmap's year, a school
    /// year's September–August, or every year of the period when the cell says «ежегодно».
    fn finish(mut self, period: Period) -> Result<Reading, ScheduleError> {
        if self.span.is_some() {
            return Err(ScheduleError::Unreadable(self.words.to_owned()));
        }
        if !self.group.is_empty() {
            let years: Vec<YearOf> = if period.is_school_year() {
                vec![YearOf::School(period.from())]
            } else if period.from() == period.to() || self.reading.every_year {
                period.years().map(YearOf::Calendar).collect()
            } else {
                return Err(ScheduleError::NoYear(describe(&self.group), period));
            };
            for year in years {
                for named in &self.group {
                    let slot = resolve(*named, year)?;
                    self.reading.slots.push(slot);
                }
            }
        }
        Ok(self.reading)
    }
}
