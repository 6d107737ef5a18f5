//! The temporal grammar: finds TimeML temporal expressions in tokens and normalises them
//! against the document creation time (DCT).
//!
//! Rules follow the TimeML/TempEval-3 annotation conventions: determiners and quantity
//! modifiers ("the", "about", "more than") belong to the expression, prepositions and a
//! possessive `'s` do not; a bare weekday or month resolves backwards in past-tense reporting and
//! forwards after a future marker; "a year earlier" after a quarter means that quarter a year
//! before. At each token the longest rule wins.
//!
//! The rules, one file per family: `dates` (calendar dates, years, decades, holidays),
//! `days` (today/yesterday, weekdays, "that day"), `clock` (clock times, parts of the day),
//! `periods` (weeks, months, years, quarters, seasons relative to the DCT, "N units ago"),
//! `quantities` (durations and sets), `tense` (whether a sentence speaks of the past or the
//! future), and `words` (the lexicon the rules look words up in).

mod clock;
mod dates;
mod days;
mod periods;
mod quantities;
mod tense;
#[cfg(test)]
mod tests;
mod words;

use super::tokens::{tokenize, Shape, Token};
use chrono::{Datelike, Duration, NaiveDate};
use words::{decade_word, season_at, small_number, unit_of, WordList, APPROX, STARTING_WORDS};

pub use super::calendar::{month_span, resolve_weekday};
pub(crate) use words::month_number;
pub use words::weekday_of;

/// A normalised temporal value, before it is written as a TIMEX3 `value`.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Day(NaiveDate),
    /// A day and a part of it: MO, AF, EV, NI.
    DayPart(NaiveDate, &'static str),
    /// A day and a clock time (hour, minute).
    Clock(NaiveDate, u32, Option<u32>),
    Month(i32, u32),
    Year(i32),
    /// The decade's first three digits: 198 for the 1980s.
    Decade(i32),
    /// The century's first two digits: 19 for the 20th century.
    Century(i32),
    /// The ISO week of this day.
    Week(NaiveDate),
    Weekend(NaiveDate),
    Quarter(i32, u32),
    Half(i32, u32),
    Season(i32, &'static str),
    /// PRESENT_REF, PAST_REF, FUTURE_REF.
    Ref(&'static str),
    /// An ISO 8601 duration, e.g. P3M, PT2H, PXY.
    Duration(String),
    /// A TIMEX3 SET value, e.g. P1D, XXXX-WXX-4.
    Set(String),
}

impl Val {
    /// TIMEX3 type.
    pub fn kind(&self) -> &'static str {
        match self {
            Val::DayPart(..) | Val::Clock(..) => "TIME",
            Val::Duration(_) => "DURATION",
            Val::Set(_) => "SET",
            _ => "DATE",
        }
    }

    /// TIMEX3 value.
    pub fn value(&self) -> String {
        match self {
            Val::Day(d) => d.format("%Y-%m-%d").to_string(),
            Val::DayPart(d, p) => format!("{}T{p}", d.format("%Y-%m-%d")),
            Val::Clock(d, h, m) => match m {
                Some(m) => format!("{}T{h:02}:{m:02}", d.format("%Y-%m-%d")),
                None => format!("{}T{h:02}:00", d.format("%Y-%m-%d")),
            },
            Val::Month(y, m) => format!("{y:04}-{m:02}"),
            Val::Year(y) => format!("{y:04}"),
            Val::Decade(d) => format!("{d:03}"),
            Val::Century(c) => format!("{c:02}"),
            Val::Week(d) => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Val::Weekend(d) => {
                let w = d.iso_week();
                format!("{:04}-W{:02}-WE", w.year(), w.week())
            }
            Val::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Val::Half(y, h) => format!("{y:04}-H{h}"),
            Val::Season(y, s) => format!("{y:04}-{s}"),
            Val::Ref(r) => r.to_string(),
            Val::Duration(v) | Val::Set(v) => v.clone(),
        }
    }

    /// The inclusive calendar span a DATE or TIME points to.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let ymd = NaiveDate::from_ymd_opt;
        match self {
            Val::Day(d) | Val::DayPart(d, _) | Val::Clock(d, ..) => Some((*d, *d)),
            Val::Month(y, m) => month_span(*y, *m),
            Val::Year(y) => Some((ymd(*y, 1, 1)?, ymd(*y, 12, 31)?)),
            Val::Decade(d) => Some((ymd(d * 10, 1, 1)?, ymd(d * 10 + 9, 12, 31)?)),
            Val::Century(c) => Some((ymd(c * 100, 1, 1)?, ymd(c * 100 + 99, 12, 31)?)),
            Val::Week(d) => {
                let mon = *d - Duration::days(d.weekday().num_days_from_monday() as i64);
                Some((mon, mon + Duration::days(6)))
            }
            Val::Weekend(d) => {
                let mon = *d - Duration::days(d.weekday().num_days_from_monday() as i64);
                Some((mon + Duration::days(5), mon + Duration::days(6)))
            }
            Val::Quarter(y, q) => {
                let (a, _) = month_span(*y, (q - 1) * 3 + 1)?;
                let (_, b) = month_span(*y, q * 3)?;
                Some((a, b))
            }
            Val::Half(y, h) => {
                let (a, _) = month_span(*y, (h - 1) * 6 + 1)?;
                let (_, b) = month_span(*y, h * 6)?;
                Some((a, b))
            }
            Val::Season(y, s) => {
                let (m0, m1, y1) = match *s {
                    "SP" => (3, 5, *y),
                    "SU" => (6, 8, *y),
                    "FA" => (9, 11, *y),
                    _ => (12, 2, *y + 1),
                };
                Some((month_span(*y, m0)?.0, month_span(y1, m1)?.1))
            }
            Val::Ref(_) | Val::Duration(_) | Val::Set(_) => None,
        }
    }
}

/// One expression found: its byte range in the text and its value.
#[derive(Clone, Debug)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub val: Val,
}

/// Finds and normalises every temporal expression in `text`, written on `dct`.
pub fn tag(text: &str, dct: NaiveDate) -> Vec<Found> {
    let toks = tokenize(text);
    let starts: Vec<bool> = toks.iter().map(may_start).collect();
    let mut g = Grammar {
        text,
        toks: &toks,
        starts: &starts,
        dct,
        last_quarter: None,
        last_day: None,
        last_month: None,
        last_year: None,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match g.longest_at(i) {
            // "a year-earlier loss": the compound, not "a year", is the expression.
            Some((end, _))
                if g.is(end, "-") && g.glued(end - 1) && g.is_any(end + 1, &["earlier", "ago"]) =>
            {
                i += 1
            }
            Some((end, val)) if end > i => {
                let val = g.period_as_duration(i, end, val);
                if let Val::Quarter(y, q) = val {
                    if (i..end).any(|k| toks[k].low == "quarter")
                        && !(i..end).any(|k| toks[k].low == "year")
                    {
                        g.last_quarter = Some((y, q));
                    }
                }
                g.remember(&val);
                out.push(Found {
                    start: toks[i].start,
                    end: toks[end - 1].end,
                    val,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Millennium,
}

impl Unit {
    /// ISO 8601 duration for `n` of this unit (`None`: an unspecified number).
    fn duration(self, n: Option<i64>) -> String {
        let n = n.map(|n| n.to_string()).unwrap_or_else(|| "X".into());
        match self {
            Unit::Second => format!("PT{n}S"),
            Unit::Minute => format!("PT{n}M"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{n}W"),
            Unit::Weekend => format!("P{n}WE"),
            Unit::Month => format!("P{n}M"),
            // TimeML writes quarters as months: "three quarters" is P9M.
            Unit::Quarter => match n.parse::<i64>() {
                Ok(k) => format!("P{}M", 3 * k),
                Err(_) => "PXM".into(),
            },
            Unit::Year => format!("P{n}Y"),
            Unit::Decade => format!("P{n}E"),
            Unit::Century => format!("P{n}C"),
            Unit::Millennium => format!("P{n}L"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    /// A plan told in the past perfect ("had been due to travel on Monday"): it may have
    /// lapsed before or after the document was written.
    Lapsed,
}

struct Grammar<'a> {
    text: &'a str,
    toks: &'a [Token<'a>],
    /// [`may_start`] of each token: most tokens start no rule, and are passed over at once.
    starts: &'a [bool],
    dct: NaiveDate,
    /// The last quarter named in the document, for "a year earlier".
    last_quarter: Option<(i32, u32)>,
    /// The last day, month and year named, for "that day", "the following year".
    last_day: Option<NaiveDate>,
    last_month: Option<(i32, u32)>,
    last_year: Option<i32>,
}

impl<'a> Grammar<'a> {
    /// Keeps the calendar anchors a later "that day" or "the following year" refers to.
    fn remember(&mut self, v: &Val) {
        let day = match v {
            Val::Day(d) | Val::DayPart(d, _) | Val::Clock(d, ..) => Some(*d),
            _ => None,
        };
        if let Some(d) = day {
            self.last_day = Some(d);
            self.last_month = Some((d.year(), d.month()));
            self.last_year = Some(d.year());
        }
        match v {
            Val::Month(y, m) => {
                self.last_month = Some((*y, *m));
                self.last_year = Some(*y);
            }
            Val::Year(y) | Val::Quarter(y, _) | Val::Half(y, _) | Val::Season(y, _) => {
                self.last_year = Some(*y)
            }
            _ => {}
        }
    }

    fn w(&self, i: usize) -> &str {
        self.toks.get(i).map(|t| t.low.as_ref()).unwrap_or("")
    }

    fn is(&self, i: usize, s: &str) -> bool {
        self.w(i) == s
    }

    fn is_any(&self, i: usize, set: &[&str]) -> bool {
        let w = self.w(i);
        !w.is_empty() && set.contains(&w)
    }

    /// Token `i` is a word of `list`.
    fn is_in(&self, i: usize, list: &WordList) -> bool {
        list.contains(self.w(i))
    }

    /// Tokens `i` and `i+1` are written without a space between them.
    fn glued(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// Matches a fixed word sequence at `i`; returns the index after it.
    fn seq(&self, i: usize, words: &[&str]) -> Option<usize> {
        for (k, w) in words.iter().enumerate() {
            if !self.is(i + k, w) {
                return None;
            }
        }
        Some(i + words.len())
    }

    /// An optional hyphen or space between two words ("third-quarter", "third quarter").
    fn hyphen(&self, i: usize) -> usize {
        if self.is(i, "-") || self.is(i, "–") {
            i + 1
        } else {
            i
        }
    }

    /// A capitalised common word inside mixed-case text is part of a title ("60 Minutes",
    /// "This Week With David Brinkley"), not a unit.
    fn title_word(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        let sentence_start = i == 0
            || self.is_any(i - 1, &[".", "!", "?", "\"", "``", "'"])
            || self.text[self.toks[i - 1].end..t.start].contains('\n');
        t.capital && !sentence_start && self.text[t.start..t.end].chars().any(|c| c.is_lowercase())
    }

    fn ends_clause(&self, i: usize) -> bool {
        let w = self.w(i);
        w.is_empty() || [".", ",", ";", ":", ")", "and", "\""].contains(&w)
    }

    /// The longest expression starting at token `i`.
    fn longest_at(&self, i: usize) -> Option<(usize, Val)> {
        let t = self.toks.get(i)?;
        if t.shape == Shape::Punct && t.low != "'80s" {
            return None;
        }
        let mut best: Option<(usize, Val)> = None;
        let mut consider = |c: Option<(usize, Val)>| {
            if let Some((e, v)) = c {
                if best.as_ref().is_none_or(|(be, _)| e > *be) {
                    best = Some((e, v));
                }
            }
        };
        // Quantity modifiers belong to the expression: "about two years ago".
        let mut core = i;
        if APPROX.may_start(self.w(i)) {
            for words in &APPROX.phrases {
                if let Some(j) = self.seq(i, words) {
                    core = j;
                    break;
                }
            }
        }
        // A modifier belongs to a span or to "N units ago", not to a date: "about 10:35 a.m.".
        if core != i {
            let span = [self.duration(core), self.ago(core)]
                .into_iter()
                .flatten()
                .filter(|(e, v)| {
                    matches!(v, Val::Duration(_)) || self.is_any(e - 1, &["ago", "earlier"])
                })
                .max_by_key(|(e, _)| *e);
            consider(span);
        }
        consider(self.the_end_of(i));
        consider(self.core(i));
        if self.is(i, "the") {
            consider(
                self.core(i + 1)
                    .filter(|(e, v)| self.takes_article(i + 1, *e, v)),
            );
        }
        if self.is_any(i, &["the", "a", "an"]) {
            consider(self.duration(i));
        }
        best
    }

    /// TimeML puts "the" inside spans and period names ("the third quarter", "the 1980s",
    /// "the weekend") but not before a date or an adjective ("the Oct. 23 meeting",
    /// "the third-quarter loss").
    fn takes_article(&self, start: usize, end: usize, v: &Val) -> bool {
        let hyphenated = (start..end).any(|k| self.is(k, "-"));
        match v {
            Val::Quarter(..)
            | Val::Half(..)
            | Val::Duration(_)
            | Val::Weekend(_)
            | Val::Season(..)
            | Val::Week(_) => !hyphenated,
            Val::Decade(_) | Val::Century(_) => true,
            Val::Year(_) => self.is_any(start, &["year", "early", "late", "mid", "fiscal"]),
            _ => false,
        }
    }

    /// "the end of 1990", "the beginning of the year", "mid-1990s".
    fn the_end_of(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.is(j, "the") {
            j += 1;
        }
        if !self.is_any(j, &["end", "beginning", "start", "middle", "turn"])
            || !self.is(j + 1, "of")
        {
            return None;
        }
        let k = j + 2;
        let inner = if self.is(k, "the") {
            self.core(k + 1).or_else(|| self.core(k))
        } else {
            self.core(k)
        }?;
        match inner.1 {
            Val::Duration(_) | Val::Set(_) | Val::Ref(_) => None,
            v => Some((inner.0, v)),
        }
    }

    /// Every rule at `i`, longest first.
    fn core(&self, i: usize) -> Option<(usize, Val)> {
        if !self.starts.get(i).copied().unwrap_or(false) {
            return None;
        }
        self.rules(i)
    }

    /// [`Grammar::core`] without the [`may_start`] gate.
    fn rules(&self, i: usize) -> Option<(usize, Val)> {
        let mut best: Option<(usize, Val)> = None;
        for c in [
            self.iso_date(i),
            self.weekday_date(i),
            self.month_date(i),
            self.day_month(i),
            self.year(i),
            self.early_late(i),
            self.deictic(i),
            self.relative_unit(i),
            self.ago(i),
            self.year_earlier(i),
            self.quarter(i),
            self.season(i),
            self.spoken_year(i),
            self.holiday(i),
            self.anaphoric(i),
            self.weekday(i),
            self.clock(i),
            self.duration(i),
            self.set(i),
        ]
        .into_iter()
        .flatten()
        {
            if best.as_ref().is_none_or(|(be, _)| c.0 > *be) {
                best = Some(c);
            }
        }
        best
    }
}

/// Whether any rule of [`Grammar::core`] can match starting at token `t`: a number, a word
/// some rule starts with (`lexicon/temporal_starting_words.txt`), or a word of a list the rules
/// read. A rule added to the grammar adds its first words to that file
/// (`every_match_starts_where_the_gate_lets_it` checks).
fn may_start(t: &Token) -> bool {
    match t.shape {
        Shape::Number | Shape::Clock | Shape::Mixed => true,
        Shape::Punct => matches!(t.low.as_ref(), "'" | "\u{2019}" | "-" | "\u{2013}"),
        Shape::Word => {
            let w = t.low.as_ref();
            STARTING_WORDS.contains(w)
                || weekday_of(w).is_some()
                || month_number(w).is_some()
                || season_at(w).is_some()
                || decade_word(w).is_some()
                || small_number(w).is_some()
                || unit_of(w).is_some()
        }
    }
}
