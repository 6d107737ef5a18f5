//! The temporal grammar: finds TimeML temporal expressions in tokens and normalises them
//! against the document creation time (DCT).
//!
//! Rules follow the TimeML/TempEval-3 annotation conventions: determiners and quantity
//! modifiers ("the", "about", "more than") belong to the expression, prepositions and a
//! possessive `'s` do not; a bare weekday or month resolves backwards in past-tense reporting and
//! forwards after a future marker; "a year earlier" after a quarter means that quarter a year
//! before. At each token the longest rule wins.

use super::tokens::{tokenize, Shape, Token};
use crate::util::FastSet;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::sync::OnceLock;

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

const APPROX: &[&[&str]] = &[
    &["about"],
    &["nearly"],
    &["almost"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["no", "more", "than"],
    &["at", "least"],
    &["at", "most"],
    &["up", "to"],
];

const FUTURE_MARKERS: &[&str] = &[
    "will",
    "would",
    "shall",
    "ll",
    "scheduled",
    "expected",
    "expects",
    "plans",
    "planned",
    "planning",
    "upcoming",
    "due",
    "until",
    "tomorrow",
    "next",
    "going",
    "hopes",
    "intends",
    "aims",
    "soon",
    "set",
    "plan",
    "ahead",
];

/// Common irregular past forms; regular ones end in -ed.
const IRREGULAR_PAST: &[&str] = &[
    "said", "told", "met", "made", "took", "went", "came", "began", "held", "left", "gave",
    "found", "saw", "was", "were", "had", "did", "got", "sent", "put", "won", "lost", "fell",
    "rose", "struck", "fled", "led", "spoke", "wrote", "became", "brought", "bought", "sold",
    "paid", "kept", "felt", "heard", "knew", "thought", "ran", "stood", "hit", "shot", "killed",
];

/// A past-tense verb form (a guess from the word alone: "-ed", or a common irregular form).
fn is_past_verb(w: &str) -> bool {
    IRREGULAR_PAST.contains(&w)
        || (w.len() > 4
            && w.ends_with("ed")
            // "unspecified", "undisclosed": adjectives
            && !w.starts_with("un")
            && ![
                "scheduled",
                "expected",
                "planned",
                "need",
                "indeed",
                "speed",
                "proceed",
                "exceed",
            ]
            .contains(&w))
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

    /// "the year ended March 31", "throughout the fiscal year": a reporting period, which
    /// TimeML annotates as a duration of one year, not as the current year.
    fn period_as_duration(&self, start: usize, end: usize, val: Val) -> Val {
        if !matches!(val, Val::Year(_)) || !self.is(end - 1, "year") {
            return val;
        }
        let words_ok = (start..end - 1).all(|k| self.is_any(k, &["the", "fiscal", "full"]));
        let ended = self.is_any(end, &["ended", "ending"]);
        let throughout = self.is(start.wrapping_sub(1), "throughout");
        if words_ok && (ended || throughout) {
            Val::Duration("P1Y".into())
        } else {
            val
        }
    }

    /// Expressions anchored on the last date named: "that day", "later that year", "the
    /// following year", "the previous month", "the day before".
    fn anaphoric(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.is_any(j, &["later", "earlier"]) && self.is(j + 1, "that") {
            j += 1;
        }
        let shift: i64 = if self.is(j, "that") {
            j += 1;
            if self.is(j, "same") {
                j += 1;
            }
            0
        } else if self.is(j, "the") {
            let s = match self.w(j + 1) {
                "same" => 0,
                "following" | "next" => 1,
                "previous" | "preceding" => -1,
                _ => {
                    // "the day before", "the day after last Tuesday's hearing"
                    if self.is(j + 1, "day") && self.is_any(j + 2, &["before", "after"]) {
                        let s = if self.is(j + 2, "before") { -1 } else { 1 };
                        if let Some((e, Val::Day(d))) = self.core(j + 3) {
                            return Some((e, Val::Day(d + Duration::days(s))));
                        }
                        if self.ends_clause(j + 3) {
                            let d = self.last_day?;
                            return Some((j + 3, Val::Day(d + Duration::days(s))));
                        }
                    }
                    // "the week of March 6"
                    if self.is(j + 1, "week") && self.is(j + 2, "of") {
                        if let Some((e, Val::Day(d))) = self.core(j + 3) {
                            return Some((e, Val::Week(d)));
                        }
                    }
                    return None;
                }
            };
            j += 2;
            s
        } else {
            return None;
        };
        let v = match self.w(j) {
            "day" => Val::Day(self.last_day? + Duration::days(shift)),
            "morning" | "afternoon" | "evening" | "night" if shift != 0 || i != j => {
                Val::Day(self.last_day? + Duration::days(shift))
            }
            "week" => Val::Week(self.last_day? + Duration::days(7 * shift)),
            "month" => {
                let (y, m) = self.last_month?;
                let (y, m) = add_months(y, m, shift as i32);
                Val::Month(y, m)
            }
            "year" => Val::Year(self.last_year? + shift as i32),
            "quarter" if shift == 0 => {
                let (y, q) = self.last_quarter?;
                Val::Quarter(y, q)
            }
            _ => return None,
        };
        Some((j + 1, v))
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

    /// True when the sentence up to token `i` (or just after it) speaks of the future.
    fn future_at(&self, i: usize) -> bool {
        self.tense_at(i) == Some(Tense::Future)
    }

    /// The tense the sentence around token `i` speaks in, when a word shows it: the nearest
    /// verb or future marker before it, else a "will" shortly after.
    fn tense_at(&self, i: usize) -> Option<Tense> {
        // "Wednesday's ruling" names something that happened, whatever the sentence plans.
        let possessive = self.is(i + 1, "'s");
        // "the service planned for Saturday was canceled": the clause's own verb is past.
        if self.is_any(i + 1, &["was", "were", "had"]) {
            return Some(Tense::Past);
        }
        let mut k = if possessive { 0 } else { i };
        let mut steps = 0;
        while k > 0 && steps < 20 {
            k -= 1;
            steps += 1;
            let t = &self.toks[k];
            if t.shape == Shape::Punct && (t.low == "." || t.low == "!" || t.low == "?") {
                break;
            }
            if self.text[t.end..self.toks[k + 1].start].contains('\n') {
                break;
            }
            if FUTURE_MARKERS.contains(&t.low.as_ref()) {
                let glued_ll = t.low == "ll" && k > 0 && self.glued(k - 1);
                let to_follows = self.is(k + 1, "to");
                // "had been scheduled to expire Friday", "had planned": a plan now past.
                let past_perfect = self.is(k.wrapping_sub(1), "had")
                    || (self.is(k.wrapping_sub(1), "been") && self.is(k.wrapping_sub(2), "had"));
                match t.low.as_ref() {
                    "ll" if !glued_ll => continue,
                    "going" | "set" | "plan" if !to_follows => continue,
                    // "ahead of the weekend", not "ahead of the trip, they issued on Sunday".
                    "ahead" if k + 4 < i => continue,
                    // "Until Thursday, they had not called him a suspect."
                    "until" if self.had_follows(i) => return Some(Tense::Past),
                    _ if past_perfect => return Some(Tense::Lapsed),
                    _ => return Some(Tense::Future),
                }
            }
            // "as early as Tuesday", "is to resume … Tuesday"
            if (t.low == "early" && self.is(k.wrapping_sub(1), "as"))
                || (t.low == "to" && self.is_any(k.wrapping_sub(1), &["is", "are"]))
            {
                return Some(Tense::Future);
            }
            // The nearest verb decides: "they would appeal the decision, announced Wednesday";
            // a participle after "be" is passive, not past: "would be redeemed in five years".
            let passive = self.is_any(k.wrapping_sub(1), &["be", "been", "being", "is", "are"]);
            if !t.capital && is_past_verb(&t.low) && !passive {
                return Some(Tense::Past);
            }
        }
        // "Friday's meeting will …", "On Tuesday, the league plans to hold …": the first
        // verb after decides, within the sentence.
        // After a possessive only its own phrase counts: not "Sunday's referendum, which will …".
        let (reach, commas_allowed) = if possessive { (6, 0) } else { (12, 1) };
        let mut commas = 0;
        for k in i + 1..(i + reach).min(self.toks.len()) {
            let t = &self.toks[k];
            if t.shape == Shape::Punct && matches!(t.low.as_ref(), "." | "!" | "?" | ";") {
                break;
            }
            if t.low == "," {
                commas += 1;
                if commas > commas_allowed {
                    break;
                }
                continue;
            }
            if t.low == "will" || (t.low == "plans" && self.is(k + 1, "to")) {
                return Some(Tense::Future);
            }
            if !t.capital && is_past_verb(&t.low) {
                return None;
            }
        }
        None
    }

    /// True when a past perfect "had" follows token `i` in the same sentence.
    fn had_follows(&self, i: usize) -> bool {
        self.toks[i + 1..]
            .iter()
            .take(10)
            .take_while(|t| !matches!(t.low.as_ref(), "." | "!" | "?"))
            .any(|t| t.low == "had")
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
        for words in APPROX {
            if let Some(j) = self.seq(i, words) {
                core = j;
                break;
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

    // ---- calendar dates ------------------------------------------------------------------

    fn iso_date(&self, i: usize) -> Option<(usize, Val)> {
        let t = self.toks.get(i)?;
        if t.shape != Shape::Number {
            return None;
        }
        // 2017-04-12
        if t.low.len() == 4 && self.is(i + 1, "-") && self.is(i + 3, "-") && self.glued(i) {
            let y: i32 = t.low.parse().ok()?;
            let m: u32 = self.w(i + 2).parse().ok()?;
            let d: u32 = self.w(i + 4).parse().ok()?;
            return Some((i + 5, Val::Day(NaiveDate::from_ymd_opt(y, m, d)?)));
        }
        // 4/12/2017, 4/12/17 (US order)
        if self.is(i + 1, "/") && self.is(i + 3, "/") && self.glued(i) && self.glued(i + 2) {
            let m: u32 = t.low.parse().ok()?;
            let d: u32 = self.w(i + 2).parse().ok()?;
            let ys = self.w(i + 4);
            let y: i32 = ys.parse().ok()?;
            let y = match ys.len() {
                2 => {
                    if y > 30 {
                        1900 + y
                    } else {
                        2000 + y
                    }
                }
                4 => y,
                _ => return None,
            };
            return Some((i + 5, Val::Day(NaiveDate::from_ymd_opt(y, m, d)?)));
        }
        None
    }

    fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i)?;
        if t.shape != Shape::Word || !t.capital {
            return None;
        }
        let (m, abbrev) = month_number(&t.low)?;
        let mut j = i + 1;
        if abbrev && self.is(j, ".") && self.glued(i) {
            j += 1;
        } else if abbrev && !self.toks.get(j).is_some_and(|t| t.shape == Shape::Number) {
            return None;
        }
        Some((m, j))
    }

    fn year_at(&self, i: usize) -> Option<(i32, usize)> {
        let t = self.toks.get(i)?;
        if t.shape == Shape::Number && t.low.len() == 4 {
            let y: i32 = t.low.parse().ok()?;
            if (1000..=2200).contains(&y) {
                return Some((y, i + 1));
            }
        }
        // '98
        if t.low == "'" || t.low == "\u{2019}" {
            let n = self.toks.get(i + 1)?;
            if n.shape == Shape::Number && n.low.len() == 2 && self.glued(i) {
                let y: i32 = n.low.parse().ok()?;
                return Some((if y > 30 { 1900 + y } else { 2000 + y }, i + 2));
            }
        }
        if let Some((_, Val::Year(y))) = self.spoken_year(i) {
            return self.spoken_year(i).map(|(e, _)| (y, e));
        }
        None
    }

    fn day_number_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i)?;
        let digits = match t.shape {
            Shape::Number => t.low.as_ref(),
            Shape::Mixed => {
                let d = t.low.trim_end_matches(|c: char| c.is_alphabetic());
                let suffix = &t.low[d.len()..];
                if !["st", "nd", "rd", "th"].contains(&suffix) {
                    return None;
                }
                d
            }
            _ => return None,
        };
        if digits.len() > 2 {
            return None;
        }
        let d: u32 = digits.parse().ok()?;
        (1..=31).contains(&d).then_some((d, i + 1))
    }

    /// The year a month belongs to when none is written: the DCT's, or the one before in
    /// past-tense reporting of a month more than two months on, or after in future talk of an
    /// earlier month.
    fn year_for_month(&self, m: u32, i: usize) -> i32 {
        let dm = self.dct.month();
        let y = self.dct.year();
        let tense = self.tense_at(i);
        // "by February", "through January": a deadline ahead ("this year through August" is
        // a span that has run).
        if m < dm
            && self.is_any(i.wrapping_sub(1), &["by", "through", "until", "till"])
            && !self.is(i.wrapping_sub(2), "year")
        {
            return y + 1;
        }
        // A month two or more ahead in plainly past-tense reporting is last year's ("changed
        // … in December", written in October); with no tense shown, only one well ahead is.
        let past_month = match tense {
            Some(Tense::Past) => m > dm + 1,
            Some(Tense::Future) => false,
            None | Some(Tense::Lapsed) => m > dm && m - dm > 2,
        };
        if past_month {
            y - 1
        } else if m < dm && tense == Some(Tense::Future) {
            y + 1
        } else {
            y
        }
    }

    fn day_for_month_day(&self, m: u32, d: u32, i: usize) -> Option<NaiveDate> {
        let y = self.dct.year();
        let cands = [
            NaiveDate::from_ymd_opt(y - 1, m, d),
            NaiveDate::from_ymd_opt(y, m, d),
            NaiveDate::from_ymd_opt(y + 1, m, d),
        ];
        let future = self.future_at(i);
        // "the fiscal year ended Jan. 31": a period that has closed.
        let ended = self.is(i.wrapping_sub(1), "ended");
        // Nearest, with past-tense reporting preferring the past (by up to four months).
        cands
            .into_iter()
            .flatten()
            .filter(|c| !ended || *c <= self.dct)
            .min_by_key(|c| {
                let diff = (*c - self.dct).num_days();
                let penalty = if (diff > 0 && !future) || (diff < 0 && future) {
                    120
                } else {
                    0
                };
                diff.abs() + penalty
            })
    }

    /// "Wednesday, April 12" as one expression.
    fn weekday_date(&self, i: usize) -> Option<(usize, Val)> {
        weekday_of(self.w(i))?;
        let mut j = i + 1;
        if self.is(j, ",") {
            j += 1;
        }
        let (e, v) = self.month_date(j).or_else(|| self.day_month(j))?;
        matches!(v, Val::Day(_)).then_some((e, v))
    }

    fn month_date(&self, i: usize) -> Option<(usize, Val)> {
        let (m, mut j) = self.month_at(i)?;
        if let Some((d, after_day)) = self.day_number_at(j) {
            j = after_day;
            let mut k = j;
            if self.is(k, ",") {
                k += 1;
            }
            if let Some((y, e)) = self.year_at(k) {
                return Some((e, Val::Day(NaiveDate::from_ymd_opt(y, m, d)?)));
            }
            return Some((j, Val::Day(self.day_for_month_day(m, d, i)?)));
        }
        let mut k = j;
        if self.is(k, ",") || self.is(k, "of") {
            k += 1;
        }
        if let Some((y, e)) = self.year_at(k) {
            return Some((e, Val::Month(y, m)));
        }
        // "June last year", "January this year"
        if self.is(j + 1, "year") {
            let shift = match self.w(j) {
                "last" => Some(-1),
                "this" => Some(0),
                "next" => Some(1),
                _ => None,
            };
            if let Some(shift) = shift {
                return Some((j + 2, Val::Month(self.dct.year() + shift, m)));
            }
        }
        // "the March for Life", "the March of the Combatant Mothers": a name, not a month.
        if self.is_any(j, &["for", "of"])
            && self
                .toks
                .get(j + 1)
                .is_some_and(|t| t.capital || t.low == "the")
        {
            return None;
        }
        // A bare "May" is a verb far more often than a month.
        if m == 5
            && !self.is_any(
                i.wrapping_sub(1),
                &[
                    "in", "since", "by", "until", "of", "early", "late", "mid", "last", "next",
                    "this", "-", "through", "during", "before", "after",
                ],
            )
        {
            return None;
        }
        Some((j, Val::Month(self.year_for_month(m, i), m)))
    }

    fn day_month(&self, i: usize) -> Option<(usize, Val)> {
        let (d, mut j) = self.day_number_at(i)?;
        if self.is(j, "of") {
            j += 1;
        }
        let (m, j) = self.month_at(j)?;
        let mut k = j;
        if self.is(k, ",") {
            k += 1;
        }
        if let Some((y, e)) = self.year_at(k) {
            return Some((e, Val::Day(NaiveDate::from_ymd_opt(y, m, d)?)));
        }
        Some((j, Val::Day(self.day_for_month_day(m, d, i)?)))
    }

    fn year(&self, i: usize) -> Option<(usize, Val)> {
        let t = self.toks.get(i)?;
        // Decades: 1980s, '80s
        if t.shape == Shape::Mixed && !self.is(i + 1, "century") {
            if let Some(d) = t.low.strip_suffix('s') {
                if d.len() == 4 && d.ends_with('0') {
                    let y: i32 = d.parse().ok()?;
                    return Some((i + 1, Val::Decade(y / 10)));
                }
                if let Some(two) = d.strip_prefix('\'') {
                    let y: i32 = two.parse().ok()?;
                    return Some((i + 1, Val::Decade(190 + y / 10)));
                }
            }
            return None;
        }
        // "the nineties"
        if let Some(d) = decade_word(&t.low) {
            if self.is(i.wrapping_sub(1), "the") {
                return Some((i + 1, Val::Decade(190 + d)));
            }
        }
        // "the 20th century" -> 19
        if t.shape == Shape::Mixed && self.is(i + 1, "century") {
            let n: i32 = t
                .low
                .trim_end_matches(|c: char| c.is_alphabetic())
                .parse()
                .ok()?;
            if (1..=30).contains(&n) {
                return Some((i + 2, Val::Century(n - 1)));
            }
        }
        if self.is(i, "fiscal") {
            let j = self.hyphen(i + 1);
            let (y, e) = self.year_at(j)?;
            return Some((e, Val::Year(y)));
        }
        if self.is(i, "year") && self.is(i.wrapping_sub(1), "the") {
            let (y, e) = self.year_at(i + 1)?;
            return Some((e, Val::Year(y)));
        }
        let (y, e) = self.year_at(i)?;
        if t.shape != Shape::Number {
            return None;
        }
        // Not an amount: "$1990", "1990 shares", "2000 people".
        let prev = self.w(i.wrapping_sub(1));
        if prev == "$" || prev == "#" || prev == "no" {
            return None;
        }
        let next = self.w(e);
        if [
            "%",
            "percent",
            "million",
            "billion",
            "people",
            "shares",
            "troops",
            "feet",
            "meters",
            "miles",
            "yards",
            "tons",
            "acres",
            "points",
            "members",
            "workers",
            "employees",
            "students",
            "votes",
            "cases",
            "cars",
            "units",
        ]
        .contains(&next)
        {
            return None;
        }
        if !(1900..=2100).contains(&y)
            && !["in", "since", "of", "by", "until", "from", "to", "year"].contains(&prev)
        {
            return None;
        }
        Some((e, Val::Year(y)))
    }

    /// "early 1990", "late November", "mid-1990s", "the early 1980s".
    fn early_late(&self, i: usize) -> Option<(usize, Val)> {
        if !self.is_any(i, &["early", "late", "mid", "middle"]) {
            return None;
        }
        let j = self.hyphen(i + 1);
        let (e, v) = self
            .month_date(j)
            .or_else(|| self.year(j))
            .or_else(|| self.relative_unit(j))
            .or_else(|| self.season(j))?;
        Some((e, v))
    }

    /// "nineteen ninety-six", as broadcast transcripts write years.
    fn spoken_year(&self, i: usize) -> Option<(usize, Val)> {
        let century = match self.w(i) {
            "nineteen" => 1900,
            "eighteen" => 1800,
            "two" if self.is(i + 1, "thousand") && self.is(i.wrapping_sub(1), "year") => {
                let mut e = i + 2;
                if self.is(e, "and") {
                    e += 1;
                }
                return match self.number_at(e, false) {
                    Some((Some(n), k)) if n < 100 => Some((k, Val::Year(2000 + n as i32))),
                    _ => Some((i + 2, Val::Year(2000))),
                };
            }
            _ => return None,
        };
        let (n, e) = self.number_at(i + 1, false)?;
        let n = n.filter(|n| (10..=99).contains(n))?;
        Some((e, Val::Year(century + n as i32)))
    }

    /// Fixed and movable holidays news dates events by.
    fn holiday(&self, i: usize) -> Option<(usize, Val)> {
        let (month, day, e) = match self.w(i) {
            "christmas" if self.is(i + 1, "eve") => (12, 24, i + 2),
            "christmas" => (12, 25, if self.is(i + 1, "day") { i + 2 } else { i + 1 }),
            "new" if self.seq(i + 1, &["year", "'s", "eve"]).is_some() => (12, 31, i + 4),
            "new" if self.seq(i + 1, &["year", "'s", "day"]).is_some() => (1, 1, i + 4),
            "halloween" => (10, 31, i + 1),
            "independence" if self.is(i + 1, "day") && self.toks[i].capital => (7, 4, i + 2),
            "thanksgiving" => (11, 0, if self.is(i + 1, "day") { i + 2 } else { i + 1 }),
            _ => return None,
        };
        if !self.toks[i].capital {
            return None;
        }
        let in_year = |y: i32| -> Option<NaiveDate> {
            if day == 0 {
                // US Thanksgiving: the fourth Thursday of November.
                let first = NaiveDate::from_ymd_opt(y, 11, 1)?;
                let to_thu = (3 + 7 - first.weekday().num_days_from_monday() as i64) % 7;
                Some(first + Duration::days(to_thu + 21))
            } else {
                NaiveDate::from_ymd_opt(y, month, day)
            }
        };
        let (y, e) = self
            .trailing_year(e)
            .map(|(y, k)| (Some(y), k))
            .unwrap_or((None, e));
        let date = match y {
            Some(y) => in_year(y)?,
            None => {
                let future = self.future_at(i);
                let y = self.dct.year();
                [y - 1, y, y + 1]
                    .into_iter()
                    .filter_map(in_year)
                    .min_by_key(|d| {
                        let diff = (*d - self.dct).num_days();
                        diff.abs()
                            + if (diff > 0) != future && diff != 0 {
                                120
                            } else {
                                0
                            }
                    })?
            }
        };
        Some((e, Val::Day(date)))
    }

    // ---- words relative to the DCT -------------------------------------------------------

    fn part_of_day(&self, i: usize) -> Option<(&'static str, usize)> {
        let p = match self.w(i) {
            "morning" => "MO",
            "afternoon" => "AF",
            "evening" => "EV",
            "night" | "overnight" => "NI",
            _ => return None,
        };
        Some((p, i + 1))
    }

    fn deictic(&self, i: usize) -> Option<(usize, Val)> {
        let d = self.dct;
        let day = match self.w(i) {
            "today" => Some(d),
            "yesterday" => Some(d - Duration::days(1)),
            "tomorrow" => Some(d + Duration::days(1)),
            _ => None,
        };
        if let Some(day) = day {
            if let Some((p, e)) = self.part_of_day(i + 1) {
                return Some((e, Val::DayPart(day, p)));
            }
            return Some((i + 1, Val::Day(day)));
        }
        let one = |v: Val| Some((i + 1, v));
        match self.w(i) {
            "tonight" => one(Val::DayPart(d, "NI")),
            // "mid-afternoon yesterday", "by mid afternoon"
            "mid" => {
                let (p, e) = self.part_of_day(self.hyphen(i + 1))?;
                let (day, e) = match self.w(e) {
                    "yesterday" => (d - Duration::days(1), e + 1),
                    "today" => (d, e + 1),
                    "tomorrow" => (d + Duration::days(1), e + 1),
                    _ => (d, e),
                };
                Some((e, Val::DayPart(day, p)))
            }
            "now" | "nowadays" | "currently" | "presently" => one(Val::Ref("PRESENT_REF")),
            "current" => {
                if self.unit_at(i + 1).is_some() {
                    return None;
                }
                one(Val::Ref("PRESENT_REF"))
            }
            "recently" | "lately" | "recent" => one(Val::Ref("PAST_REF")),
            "this" => {
                let (p, e) = self.part_of_day(i + 1)?;
                Some((e, Val::DayPart(d, p)))
            }
            "last" if self.is(i + 1, "night") => {
                Some((i + 2, Val::DayPart(d - Duration::days(1), "NI")))
            }
            "the" if self.is(i + 1, "past") && !self.starts_quantity(i + 2) => {
                Some((i + 2, Val::Ref("PAST_REF")))
            }
            "the" if self.is(i + 1, "future") => Some((i + 2, Val::Ref("FUTURE_REF"))),
            "these" if self.is(i + 1, "days") => Some((i + 2, Val::Ref("PRESENT_REF"))),
            "the" if self.is(i + 1, "near") && self.is_any(i + 2, &["future", "term"]) => {
                Some((i + 3, Val::Ref("FUTURE_REF")))
            }
            "the" if self.is_any(i + 1, &["short", "long"]) && self.is(i + 2, "term") => {
                Some((i + 3, Val::Ref("FUTURE_REF")))
            }
            // "by year-end", "by year's end": the current year (TimeML adds mod END)
            "year" if self.is(i + 1, "-") && self.is(i + 2, "end") => {
                Some((i + 3, Val::Year(d.year())))
            }
            "year" if self.is(i + 1, "'s") && self.is(i + 2, "end") => {
                Some((i + 3, Val::Year(d.year())))
            }
            "year"
                if self.is(i + 1, "end")
                    && self.is_any(
                        i.wrapping_sub(1),
                        &["by", "at", "around", "before", "until", "since"],
                    ) =>
            {
                Some((i + 2, Val::Year(d.year())))
            }
            "the" if self.is(i + 1, "weekend") => {
                let d = if self.future_at(i) {
                    self.dct + Duration::days(6 - self.dct.weekday().num_days_from_monday() as i64)
                } else {
                    self.dct - Duration::days(self.dct.weekday().num_days_from_monday() as i64 + 1)
                };
                Some((i + 2, Val::Weekend(d)))
            }
            "at" if self.seq(i + 1, &["the", "moment"]).is_some() => {
                Some((i + 3, Val::Ref("PRESENT_REF")))
            }
            _ => None,
        }
    }

    fn starts_quantity(&self, i: usize) -> bool {
        self.number_at(i, false).is_some() || self.unit_at(i).is_some()
    }

    fn unit_at(&self, i: usize) -> Option<(Unit, bool, usize)> {
        let (u, plural) = unit_of(self.w(i))?;
        Some((u, plural, i + 1))
    }

    /// A count: digits, number words ("twenty four"), "a"/"an" when `article` allows, or a
    /// vague count ("several", "a few") as `None`.
    fn number_at(&self, i: usize, article: bool) -> Option<(Option<i64>, usize)> {
        let t = self.toks.get(i)?;
        if t.shape == Shape::Number {
            if t.low.contains('.') {
                return None;
            }
            let v: i64 = t.low.replace(',', "").parse().ok()?;
            return Some((Some(v), i + 1));
        }
        if t.shape != Shape::Word {
            return None;
        }
        match t.low.as_ref() {
            "a" | "an" if article => {
                if let Some(j) = self.seq(i + 1, &["few"]) {
                    return Some((None, j));
                }
                if let Some(j) = self.seq(i + 1, &["couple", "of"]) {
                    return Some((Some(2), j));
                }
                if self.is(i + 1, "dozen") {
                    return Some((Some(12), i + 2));
                }
                if self.is(i + 1, "hundred") {
                    return Some((Some(100), i + 2));
                }
                return Some((Some(1), i + 1));
            }
            "several" | "few" | "many" | "some" | "numerous" => return Some((None, i + 1)),
            "dozen" => return Some((Some(12), i + 1)),
            _ => {}
        }
        let mut v = small_number(&t.low)?;
        let mut j = i + 1;
        if (20..=90).contains(&v) && v % 10 == 0 {
            let k = self.hyphen(j);
            if let Some(u) = small_number(self.w(k)).filter(|u| (1..=9).contains(u)) {
                v += u;
                j = k + 1;
            }
        }
        if self.is(j, "hundred") {
            v *= 100;
            j += 1;
        } else if self.is(j, "thousand") {
            v *= 1000;
            j += 1;
        }
        Some((Some(v), j))
    }

    /// last/this/next week, earlier this year, the current quarter, last April, this fall.
    fn relative_unit(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.is_any(j, &["early", "late", "earlier", "later", "mid"]) {
            j = self.hyphen(j + 1);
        }
        let shift: i32 = match self.w(j) {
            "last" | "past" | "previous" | "preceding" => -1,
            "this" | "current" | "present" => 0,
            "next" | "coming" | "following" => 1,
            _ => return None,
        };
        let k = j + 1;
        if self.is(k, "fiscal") {
            if self.is(k + 1, "year") {
                return Some((k + 2, Val::Year(self.dct.year() + shift)));
            }
            return None;
        }
        if let Some((u, false, e)) = self.unit_at(k) {
            if self.title_word(k) {
                return None;
            }
            if shift == -1 && self.is(j, "past") && matches!(u, Unit::Decade | Unit::Century) {
                return Some((
                    e,
                    Val::Duration(if u == Unit::Decade { "P10Y" } else { "P100Y" }.into()),
                ));
            }
            let v = self.shift_unit(u, shift)?;
            return Some((e, v));
        }
        if let Some((m, e)) = self.month_at(k) {
            let y = self.dct.year();
            let dm = self.dct.month();
            let y = match shift {
                -1 => {
                    if m < dm {
                        y
                    } else {
                        y - 1
                    }
                }
                1 => {
                    if m > dm {
                        y
                    } else {
                        y + 1
                    }
                }
                _ => y,
            };
            // "last Oct. 23"
            if let Some((d, e)) = self.day_number_at(e) {
                return Some((e, Val::Day(NaiveDate::from_ymd_opt(y, m, d)?)));
            }
            return Some((e, Val::Month(y, m)));
        }
        if let Some(s) = season_at(self.w(k)) {
            let this = season_year_of(self.dct);
            let v = match shift {
                0 => Val::Season(this, s),
                // The latest such season already over, or the first one still to come.
                -1 => (this - 2..=this)
                    .rev()
                    .map(|y| Val::Season(y, s))
                    .find(|v| v.span().is_some_and(|(_, end)| end < self.dct))?,
                _ => (this..=this + 2)
                    .map(|y| Val::Season(y, s))
                    .find(|v| v.span().is_some_and(|(start, _)| start > self.dct))?,
            };
            return Some((k + 1, v));
        }
        if let Some(wd) = weekday_of(self.w(k)) {
            let day = resolve_weekday(wd, self.dct, Some(self.w(j)), false);
            if let Some((p, e)) = self.part_of_day(k + 1) {
                return Some((e, Val::DayPart(day, p)));
            }
            return Some((k + 1, Val::Day(day)));
        }
        None
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

    fn shift_unit(&self, u: Unit, shift: i32) -> Option<Val> {
        let d = self.dct;
        Some(match u {
            Unit::Day => Val::Day(d + Duration::days(shift as i64)),
            Unit::Week => Val::Week(d + Duration::days(7 * shift as i64)),
            Unit::Weekend => Val::Weekend(d + Duration::days(7 * shift as i64)),
            Unit::Month => {
                let (y, m) = add_months(d.year(), d.month(), shift);
                Val::Month(y, m)
            }
            Unit::Quarter => {
                let q = (d.month0() / 3) as i32 + shift;
                let (y, q) = (d.year() + q.div_euclid(4), q.rem_euclid(4) as u32 + 1);
                Val::Quarter(y, q)
            }
            Unit::Year => Val::Year(d.year() + shift),
            Unit::Decade => Val::Decade(d.year() / 10 + shift),
            _ => return None,
        })
    }

    /// "two weeks ago", "a year earlier", "about two years ago".
    fn ago(&self, i: usize) -> Option<(usize, Val)> {
        let (n, j) = self.number_at(i, true)?;
        let (u, _, mut k) = self.unit_at(j)?;
        // "a week or so ago"
        if self.is(k, "or") && self.is(k + 1, "so") && self.is_any(k + 2, &["ago", "earlier"]) {
            k += 2;
        }
        let back = match self.w(k) {
            "ago" | "earlier" | "before" if self.w(k) != "before" || self.ends_clause(k + 1) => -1,
            "from" if self.is(k + 1, "now") => 1,
            "hence" => 1,
            _ => return None,
        };
        let e = if back == 1 && self.is(k, "from") {
            k + 2
        } else {
            k + 1
        };
        let Some(n) = n else {
            return Some((
                e,
                Val::Ref(if back < 0 { "PAST_REF" } else { "FUTURE_REF" }),
            ));
        };
        if n > 10_000 {
            return None;
        }
        let s = back * n;
        let d = self.dct;
        let v = match u {
            Unit::Day => Val::Day(d + Duration::days(s)),
            Unit::Week => Val::Week(d + Duration::days(7 * s)),
            Unit::Month => {
                let (y, m) = add_months(d.year(), d.month(), s as i32);
                Val::Month(y, m)
            }
            Unit::Quarter => self.shift_unit(Unit::Quarter, s as i32)?,
            Unit::Year => match (self.last_quarter, n, self.w(k)) {
                (Some((y, q)), 1, "earlier" | "ago") => Val::Quarter(y - 1, q),
                _ => Val::Year(d.year() + s as i32),
            },
            Unit::Decade => Val::Year(d.year() + 10 * s as i32),
            Unit::Hour | Unit::Minute | Unit::Second => Val::Day(d),
            _ => return None,
        };
        Some((e, v))
    }

    fn ends_clause(&self, i: usize) -> bool {
        let w = self.w(i);
        w.is_empty() || [".", ",", ";", ":", ")", "and", "\""].contains(&w)
    }

    /// "year-earlier", "the year-ago quarter", "the year-earlier period".
    fn year_earlier(&self, i: usize) -> Option<(usize, Val)> {
        if !self.is(i, "year") || !self.is(i + 1, "-") || !self.is_any(i + 2, &["earlier", "ago"]) {
            return None;
        }
        let mut e = i + 3;
        let mut quarter = self.last_quarter;
        if self.is_any(e, &["period", "quarter", "level", "levels"]) {
            if !self.is(e, "quarter") && !self.is(e, "period") {
                quarter = None;
            }
            e += 1;
        } else if let Some((q, k)) = self.ordinal_quarter(e) {
            quarter = Some((self.dct.year(), q));
            e = k;
        }
        let y = self.dct.year();
        Some((
            e,
            match quarter {
                Some((qy, q)) => Val::Quarter(qy - 1, q),
                None => Val::Year(y - 1),
            },
        ))
    }

    fn ordinal_quarter(&self, i: usize) -> Option<(u32, usize)> {
        let q = match self.w(i) {
            "first" | "1st" => 1,
            "second" | "2nd" => 2,
            "third" | "3rd" => 3,
            "fourth" | "4th" => 4,
            _ => return None,
        };
        let j = self.hyphen(i + 1);
        self.is(j, "quarter").then_some((q, j + 1))
    }

    /// "the third quarter", "third-quarter", "the fiscal-first quarter", "the first half of
    /// 1990", "the latest quarter", "the quarter".
    fn quarter(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.is(j, "fiscal") {
            j = self.hyphen(j + 1);
        }
        let dq = self.dct.month0() / 3 + 1;
        if let Some((y, k)) = self
            .year_at(j)
            .filter(|_| self.is(i.wrapping_sub(1), "the"))
        {
            if let Some((q, e)) = self.ordinal_quarter(k) {
                return Some((e, Val::Quarter(y, q)));
            }
            if self.is_any(k, &["quarter", "period"]) {
                let q = self.last_quarter.map(|(_, q)| q).unwrap_or(dq);
                return Some((k + 1, Val::Quarter(y, q)));
            }
        }
        // "this year's third quarter", "last year's quarter"
        if let Some(shift) = match self.w(j) {
            "this" => Some(0),
            "last" => Some(-1),
            "next" => Some(1),
            _ => None,
        } {
            if self.is(j + 1, "year") && self.is(j + 2, "'s") {
                let y = self.dct.year() + shift;
                if let Some((q, e)) = self.ordinal_quarter(j + 3) {
                    return Some((e, Val::Quarter(y, q)));
                }
                if self.is_any(j + 3, &["quarter", "period"]) {
                    let q = self.last_quarter.map(|(_, q)| q).unwrap_or(dq);
                    return Some((j + 4, Val::Quarter(y, q)));
                }
            }
        }
        if let Some((q, e)) = self.ordinal_quarter(j) {
            let (y, e) = self.trailing_year(e).unwrap_or((
                if q <= dq {
                    self.dct.year()
                } else {
                    self.dct.year() - 1
                },
                e,
            ));
            return Some((e, Val::Quarter(y, q)));
        }
        // halves: "the first half", "the second-half", "the last half of 1989"
        if self.is_any(j, &["first", "second", "last"]) && self.is(self.hyphen(j + 1), "half") {
            let h = if self.is(j, "first") { 1 } else { 2 };
            let e = self.hyphen(j + 1) + 1;
            // "the last half of the '80s" is no half-year ("the first half of the year" is).
            if self.is(j, "last") && self.is(e, "of") && self.trailing_year(e).is_none() {
                return None;
            }
            let (y, e) = self.trailing_year(e).unwrap_or((self.dct.year(), e));
            return Some((e, Val::Half(y, h)));
        }
        // "the quarter", "the latest quarter": the one being reported.
        if self.is(i.wrapping_sub(1), "the") || self.is_any(j, &["latest", "recent", "most"]) {
            let mut k = j;
            if self.is(k, "most") {
                k += 1;
            }
            if self.is_any(k, &["latest", "recent", "same"]) {
                k += 1;
            }
            // "the quarter-to-quarter comparison" compares, it names no quarter.
            if self.is(k, "quarter") && self.is(k + 1, "-") && self.is(k + 2, "to") {
                return None;
            }
            if self.is(k, "quarter") || (k > j && self.is(k, "period")) {
                let reported = {
                    let d = self.dct - Duration::days(45);
                    Val::Quarter(d.year(), d.month0() / 3 + 1)
                };
                let v = match self.last_quarter {
                    Some((y, q)) if k == j => Val::Quarter(y, q),
                    _ => reported,
                };
                // "the quarter a year ago": that quarter, one year back.
                if let (Val::Quarter(y, q), Some(e)) = (&v, self.seq(k + 1, &["a", "year", "ago"]))
                {
                    return Some((e, Val::Quarter(y - 1, *q)));
                }
                return Some((k + 1, v));
            }
            if self.is(i.wrapping_sub(1), "the") && k == j {
                if self.is(k, "year") && !self.is(k + 1, "-") {
                    return Some((k + 1, Val::Year(self.dct.year())));
                }
                if self.is(k, "full") && self.is(k + 1, "year") {
                    return Some((k + 2, Val::Year(self.dct.year())));
                }
                if self.is(k, "latest") && self.is(k + 1, "period") {
                    return None;
                }
            }
        }
        None
    }

    /// " of 1990", " 1990" after a quarter or season.
    fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        let j = if self.is(i, "of") || self.is(i, ",") {
            i + 1
        } else {
            i
        };
        self.year_at(j)
    }

    fn season(&self, i: usize) -> Option<(usize, Val)> {
        let s = season_at(self.w(i))?;
        let e = i + 1;
        if let Some((y, e)) = self.trailing_year(e) {
            return Some((e, Val::Season(y, s)));
        }
        // A bare season only after a preposition of time: "in (the early) summer", "over the
        // summer" ("the fall of Rome" is not one).
        const TIME_PREPOSITIONS: &[&str] = &[
            "in",
            "during",
            "by",
            "until",
            "since",
            "over",
            "into",
            "through",
            "throughout",
        ];
        let mut k = i;
        while k > 0 && self.is_any(k - 1, &["the", "early", "late", "mid", "-"]) {
            k -= 1;
        }
        if k == 0 || !self.is_any(k - 1, TIME_PREPOSITIONS) || self.is(e, "of") {
            return None;
        }
        Some((e, Val::Season(season_year_of(self.dct), s)))
    }

    /// "10:35 a.m.", "5 p.m. EST Nov. 9", "noon", "10 p.m. Wednesday".
    fn clock(&self, i: usize) -> Option<(usize, Val)> {
        let t = self.toks.get(i)?;
        let (mut h, mut m, mut e) = match t.shape {
            Shape::Clock => {
                let mut parts = t.low.split(':');
                let h: u32 = parts.next()?.parse().ok()?;
                let m: u32 = parts.next()?.parse().ok()?;
                (h, Some(m), i + 1)
            }
            Shape::Number if t.low.len() <= 2 => (t.low.parse().ok()?, None, i + 1),
            Shape::Mixed => {
                let d = t.low.trim_end_matches(|c: char| c.is_alphabetic());
                let suf = &t.low[d.len()..];
                if suf != "am" && suf != "pm" {
                    return None;
                }
                let h: u32 = d.parse().ok()?;
                (
                    if suf == "pm" && h < 12 {
                        h + 12
                    } else if suf == "am" && h == 12 {
                        0
                    } else {
                        h
                    },
                    None,
                    i + 1,
                )
            }
            // "High Noon" is a film, "high noon" a figure of speech.
            Shape::Word if t.low == "noon" && self.is(i.wrapping_sub(1), "high") => return None,
            Shape::Word if t.low == "noon" || t.low == "midday" => (12, Some(0), i + 1),
            Shape::Word if t.low == "midnight" => (0, Some(0), i + 1),
            _ => return None,
        };
        let mut has_marker = t.shape == Shape::Mixed || t.shape == Shape::Word;
        match self.w(e) {
            "am" => {
                if h == 12 {
                    h = 0;
                }
                has_marker = true;
                e += 1;
            }
            "pm" => {
                if h < 12 {
                    h += 12;
                }
                has_marker = true;
                e += 1;
            }
            "o'clock" => {
                has_marker = true;
                e += 1;
            }
            _ => {}
        }
        if !has_marker && t.shape == Shape::Number && self.seq(e, &["in", "the"]).is_some() {
            if let Some((p, k)) = self.part_of_day(e + 2) {
                if p != "MO" && h < 12 {
                    h += 12;
                }
                has_marker = true;
                e = k;
            }
        }
        if h > 23 || m.is_some_and(|m| m > 59) {
            return None;
        }
        if self.is_any(
            e,
            &[
                "est", "edt", "cst", "cdt", "pst", "pdt", "gmt", "utc", "et", "bst", "cet",
            ],
        ) {
            has_marker = true;
            e += 1;
        } else if self.seq(e, &["local", "time"]).is_some() {
            has_marker = true;
            e += 2;
        }
        if !has_marker {
            return None;
        }
        if m.is_none() && t.shape == Shape::Word {
            m = Some(0);
        }
        // An attached day.
        let mut k = e;
        if self.is(k, ",") {
            k += 1;
        }
        let mut day = self.dct;
        if let Some((ke, Val::Day(d) | Val::DayPart(d, _))) = self
            .weekday_date(k)
            .or_else(|| self.month_date(k))
            .or_else(|| self.deictic(k))
            .or_else(|| self.weekday(k))
        {
            day = d;
            e = ke;
        }
        Some((e, Val::Clock(day, h, m)))
    }

    fn weekday(&self, i: usize) -> Option<(usize, Val)> {
        let wd = weekday_of(self.w(i))?;
        let day = match self.tense_at(i) {
            // Either side may be meant: the nearer day.
            Some(Tense::Lapsed) => {
                let back = resolve_weekday(wd, self.dct, None, false);
                let ahead = resolve_weekday(wd, self.dct, None, true);
                if ahead - self.dct < self.dct - back {
                    ahead
                } else {
                    back
                }
            }
            tense => resolve_weekday(wd, self.dct, None, tense == Some(Tense::Future)),
        };
        // "Thursday night" names the day; news annotation mostly keeps it at day precision.
        if let Some((_, e)) = self.part_of_day(i + 1) {
            return Some((e, Val::Day(day)));
        }
        Some((i + 1, Val::Day(day)))
    }

    // ---- durations and sets --------------------------------------------------------------

    /// "three months", "the past two years", "the first nine months", "five-year", "years".
    fn duration(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.is_any(j, &["the", "a", "an"])
            && !self.is_any(j + 1, &["few", "couple", "dozen"])
            && self.unit_at(j + 1).is_none()
        {
            j += 1;
        }
        if self.is_any(
            j,
            &[
                "past",
                "last",
                "next",
                "first",
                "final",
                "coming",
                "previous",
                "initial",
                "recent",
                "following",
                "remaining",
                "latest",
                "same",
                "full",
                "entire",
                "additional",
                "further",
            ],
        ) {
            j += 1;
        }
        if self.year_at(j).is_some() {
            return None;
        }
        let (n, k, vague_ok) = match self.number_at(j, true) {
            Some((n, k)) => (n, k, true),
            None => (None, j, false),
        };
        let mut k = k;
        // "2 1/2 years"
        let mut half = false;
        if n.is_some() && self.is(k, "1") && self.is(k + 1, "/") && self.is(k + 2, "2") {
            half = true;
            k += 3;
        }
        if self.is_any(
            k,
            &[
                "more",
                "additional",
                "further",
                "consecutive",
                "straight",
                "full",
            ],
        ) {
            k += 1;
        }
        let k2 = self.hyphen(k);
        let (u, plural, mut e) = self.unit_at(k2)?;
        if self.title_word(k2) {
            return None;
        }
        // "a year and a half"
        if n.is_some() && self.seq(e, &["and", "a", "half"]).is_some() {
            half = true;
            e += 3;
        }
        if k2 != k && (n.is_none() || j > i && self.is_any(i, &["a", "an", "the"])) {
            return None;
        }
        // "a 52-year-old", "three-quarters": an age and a fraction, not spans.
        if self.is(e, "-") && self.is(e + 1, "old") || self.is(e, "old") {
            return None;
        }
        if u == Unit::Quarter
            && (k2 != k || (plural && n.is_some_and(|n| n < 4) && self.is(e, "of")))
        {
            return None;
        }
        // "would be redeemed in five years": with a future marker, "in N units" is the point
        // N units after the document's date.
        let in_future = self.is(i.wrapping_sub(1), "in") && j == i && self.future_at(i);
        if let (Some(n), true) = (n, in_future) {
            let v = match u {
                Unit::Year => Some(Val::Year(self.dct.year() + n as i32)),
                Unit::Month => {
                    let (y, m) = add_months(self.dct.year(), self.dct.month(), n as i32);
                    Some(Val::Month(y, m))
                }
                Unit::Week => Some(Val::Week(self.dct + Duration::days(7 * n))),
                Unit::Day => Some(Val::Day(self.dct + Duration::days(n))),
                _ => None,
            };
            if let Some(v) = v.filter(|_| !too_far_for_a_date(n)) {
                return Some((e, v));
            }
        }
        let v = match (n, vague_ok) {
            (Some(n), _) if n > 100_000 => return None,
            (Some(n), _) if half => Val::Duration(match u {
                Unit::Year => format!("P{n}Y6M"),
                Unit::Day => format!("P{n}DT12H"),
                Unit::Hour => format!("PT{n}H30M"),
                Unit::Minute => format!("PT{n}M30S"),
                _ => u.duration(Some(n)),
            }),
            (Some(n), _) => Val::Duration(u.duration(Some(n))),
            (None, true) => Val::Duration(u.duration(None)),
            (None, false) => {
                // A bare plural: "for years", "in recent weeks", "the past few days".
                if !plural {
                    return None;
                }
                let prev = self.w(k.wrapping_sub(1));
                let ok = k > i
                    || [
                        "for", "within", "over", "recent", "coming", "past", "of", "in",
                    ]
                    .contains(&prev);
                if !ok || matches!(u, Unit::Second | Unit::Weekend) {
                    return None;
                }
                // "in recent years", "in past years": TimeML's vague past, not a span.
                if u == Unit::Year && k == i + 1 && ["recent", "past"].contains(&prev) {
                    return Some((e, Val::Ref("PAST_REF")));
                }
                Val::Duration(u.duration(None))
            }
        };
        if n == Some(1) && self.is_any(j, &["a", "an"]) && !plural {
            // "a second betrayal" is an ordinal.
            if u == Unit::Second
                && !self.ends_clause(e)
                && !self.is_any(e, &["ago", "later", "earlier"])
            {
                return None;
            }
            // "a year" after an amount is a rate ("$5 billion a year", "24 hours a day"), which
            // news annotation leaves untagged; "a quarter of the market" is a fraction.
            let prev = self.toks.get(j.wrapping_sub(1));
            if prev.is_some_and(|p| {
                p.shape == Shape::Number
                    || self.unit_at(j - 1).is_some()
                    || [
                        "million", "billion", "percent", "%", "times", "once", "twice",
                    ]
                    .contains(&p.low.as_ref())
            }) || (u == Unit::Quarter && self.is(e, "of"))
            {
                return None;
            }
        }
        Some((e, v))
    }

    fn set(&self, i: usize) -> Option<(usize, Val)> {
        let one = |v: &str| Some((i + 1, Val::Set(v.to_string())));
        match self.w(i) {
            "daily" => return one("P1D"),
            "weekly" => return one("P1W"),
            "monthly" => return one("P1M"),
            "yearly" => return one("P1Y"),
            "hourly" => return one("PT1H"),
            "every" | "each" | "per" => {}
            _ => return None,
        }
        let mut j = i + 1;
        if self.is(j, "other") {
            j += 1;
        }
        if let Some(wd) = weekday_of(self.w(j)) {
            return Some((
                j + 1,
                Val::Set(format!("XXXX-WXX-{}", wd.number_from_monday())),
            ));
        }
        if let Some((m, e)) = self.month_at(j) {
            return Some((e, Val::Set(format!("XXXX-{m:02}"))));
        }
        if let Some((p, e)) = self.part_of_day(j) {
            return Some((e, Val::Set(format!("XXXX-XX-XXT{p}"))));
        }
        let (n, k) = self
            .number_at(j, false)
            .map(|(n, k)| (n.unwrap_or(1), k))
            .unwrap_or((1, j));
        let (u, _, e) = self.unit_at(k)?;
        Some((e, Val::Set(u.duration(Some(n)))))
    }
}

/// The words a rule of [`Grammar::core`] can start with, read off the rules (each one's
/// first test of its first token): years and holidays, modifiers ("early", "last", "the"),
/// deictic words, counts and duration modifiers, clock words, sets. Words of the lists the
/// rules look words up in (months, weekdays, seasons, decades, number words, units: "second",
/// "year", "quarter") are added by [`may_start`], as are numbers ("1st").
const STARTING_WORDS: &str = "\
    fiscal christmas new halloween independence thanksgiving \
    early late mid middle earlier later last past previous preceding this current present \
    next coming following that the these at first third fourth latest recent most same full \
    today yesterday tomorrow tonight now nowadays currently presently recently lately \
    a an several few many some numerous dozen final initial remaining entire additional \
    further more consecutive straight \
    noon midday midnight \
    daily weekly monthly yearly hourly every each per";

/// Whether any rule of [`Grammar::core`] can match starting at token `t`: a number, a word
/// some rule starts with, or a word of a list the rules read. A rule added to the grammar
/// adds its first words here (`every_match_starts_where_the_gate_lets_it` checks).
fn may_start(t: &Token) -> bool {
    static WORDS: OnceLock<FastSet<&'static str>> = OnceLock::new();
    let words = WORDS.get_or_init(|| STARTING_WORDS.split_whitespace().collect());
    match t.shape {
        Shape::Number | Shape::Clock | Shape::Mixed => true,
        Shape::Punct => matches!(t.low.as_ref(), "'" | "\u{2019}" | "-" | "\u{2013}"),
        Shape::Word => {
            let w = t.low.as_ref();
            words.contains(w)
                || weekday_of(w).is_some()
                || month_number(w).is_some()
                || season_at(w).is_some()
                || decade_word(w).is_some()
                || small_number(w).is_some()
                || unit_of(w).is_some()
        }
    }
}

/// A month's number from its name or abbreviation (lowercase), and whether it was abbreviated.
fn month_number(w: &str) -> Option<(u32, bool)> {
    Some(match w {
        "january" => (1, false),
        "february" => (2, false),
        "march" => (3, false),
        "april" => (4, false),
        "may" => (5, false),
        "june" => (6, false),
        "july" => (7, false),
        "august" => (8, false),
        "september" => (9, false),
        "october" => (10, false),
        "november" => (11, false),
        "december" => (12, false),
        "jan" => (1, true),
        "feb" => (2, true),
        "mar" => (3, true),
        "apr" => (4, true),
        "jun" => (6, true),
        "jul" => (7, true),
        "aug" => (8, true),
        "sep" | "sept" => (9, true),
        "oct" => (10, true),
        "nov" => (11, true),
        "dec" => (12, true),
        _ => return None,
    })
}

/// A unit of time from its name (lowercase), and whether the name is plural.
fn unit_of(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" => (Unit::Minute, false),
        "minutes" => (Unit::Minute, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "weekend" => (Unit::Weekend, false),
        "weekends" => (Unit::Weekend, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        "millennium" => (Unit::Millennium, false),
        "millennia" => (Unit::Millennium, true),
        _ => return None,
    })
}

/// The season-year a day falls in: January and February belong to the winter of the year before.
fn season_year_of(d: NaiveDate) -> i32 {
    if d.month() <= 2 {
        d.year() - 1
    } else {
        d.year()
    }
}

fn season_at(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// "twenties" .. "nineties" as the decade digit.
fn decade_word(w: &str) -> Option<i32> {
    Some(match w {
        "twenties" => 2,
        "thirties" => 3,
        "forties" => 4,
        "fifties" => 5,
        "sixties" => 6,
        "seventies" => 7,
        "eighties" => 8,
        "nineties" => 9,
        _ => return None,
    })
}

/// Counts too large to be a date offset.
fn too_far_for_a_date(n: i64) -> bool {
    n > 100
}

fn small_number(w: &str) -> Option<i64> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

pub fn weekday_of(s: &str) -> Option<Weekday> {
    Some(match s {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// Resolves a weekday against the reference day: backwards for past reporting (the same day
/// counts: "on Wednesday" written on a Wednesday is that day), forwards for the future;
/// "last"/"next" skip the reference day itself.
pub fn resolve_weekday(
    w: Weekday,
    reference: NaiveDate,
    modifier: Option<&str>,
    future: bool,
) -> NaiveDate {
    let r = reference.weekday().num_days_from_monday() as i64;
    let t = w.num_days_from_monday() as i64;
    let back = (r - t).rem_euclid(7);
    let fwd = (t - r).rem_euclid(7);
    match modifier.map(|m| m.to_ascii_lowercase()).as_deref() {
        Some("next") | Some("coming") | Some("following") => {
            reference + Duration::days(if fwd == 0 { 7 } else { fwd })
        }
        Some("last") | Some("past") | Some("previous") => {
            reference - Duration::days(if back == 0 { 7 } else { back })
        }
        _ if future => reference + Duration::days(fwd),
        _ => reference - Duration::days(back),
    }
}

pub fn month_span(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let (ny, nm) = add_months(y, m, 1);
    let next = NaiveDate::from_ymd_opt(ny, nm, 1)?;
    Some((first, next - Duration::days(1)))
}

fn add_months(y: i32, m: u32, shift: i32) -> (i32, u32) {
    let total = y * 12 + m as i32 - 1 + shift;
    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, value) of every expression, written on Wednesday 12 April 2017.
    fn tagged(text: &str) -> Vec<(String, String)> {
        let dct = NaiveDate::from_ymd_opt(2017, 4, 12).unwrap();
        tag(text, dct)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.val.value()))
            .collect()
    }

    /// (text, type, value) of every expression, written on `dct` (y, m, d).
    fn tagged_on(dct: (i32, u32, u32), text: &str) -> Vec<(String, &'static str, String)> {
        let dct = NaiveDate::from_ymd_opt(dct.0, dct.1, dct.2).unwrap();
        tag(text, dct)
            .into_iter()
            .map(|f| {
                (
                    text[f.start..f.end].to_string(),
                    f.val.kind(),
                    f.val.value(),
                )
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn the_issue_examples_written_on_wednesday_12_april_2017() {
        assert_eq!(
            tagged("Tillerson met Lavrov in Moscow on Wednesday."),
            vec![pair("Wednesday", "2017-04-12")]
        );
        assert_eq!(
            tagged("Investigators studied last week's attack."),
            vec![pair("last week", "2017-W14")]
        );
        assert_eq!(
            tagged("Rescuers said on Tuesday that the toll had risen."),
            vec![pair("Tuesday", "2017-04-11")]
        );
        assert_eq!(
            tagged("The inquiry could take three months."),
            vec![pair("three months", "P3M")]
        );
        assert_eq!(
            tagged("Moscow condemned the strike on Friday."),
            vec![pair("Friday", "2017-04-07")]
        );
    }

    #[test]
    fn relative_words_and_periods() {
        let v = tagged("Yesterday, a year ago, earlier this month, the third quarter, last fall, in 2016 and now.");
        let values: Vec<&str> = v.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(
            values,
            vec![
                "2017-04-11",
                "2016",
                "2017-04",
                "2016-Q3",
                "2016-FA",
                "2016",
                "PRESENT_REF"
            ]
        );
    }

    #[test]
    fn future_talk_points_forward() {
        assert_eq!(
            tagged("The council will meet on Monday and again in January."),
            vec![pair("Monday", "2017-04-17"), pair("January", "2018-01")]
        );
    }

    #[test]
    fn times_sets_durations_and_holidays() {
        let v = tagged(
            "At 10:35 a.m. EST Friday, daily flights resumed for the first nine months; a 52-year-old left on Christmas Day 2016.",
        );
        assert_eq!(
            v,
            vec![
                pair("10:35 a.m. EST Friday", "2017-04-07T10:35"),
                pair("daily", "P1D"),
                pair("the first nine months", "P9M"),
                pair("Christmas Day 2016", "2016-12-25"),
            ]
        );
    }

    #[test]
    fn past_perfect_plans_and_clauses_decide_the_weekday() {
        // Written on Wednesday 12 April 2017.
        for (text, day) in [
            // A lapsed plan: the nearer day, either side.
            (
                "The offer had been due to expire Friday evening.",
                "2017-04-14",
            ),
            (
                "It had been due to expire at midnight Monday.",
                "2017-04-10T00:00",
            ),
            (
                "He had been due to travel to Moscow on Thursday.",
                "2017-04-13",
            ),
            (
                "Until Thursday, they had not called him a suspect.",
                "2017-04-06",
            ),
            ("A vigil planned for Saturday was canceled.", "2017-04-08"),
            (
                "On Tuesday, the league plans to hold a news conference.",
                "2017-04-18",
            ),
            (
                "Officials said they did not plan to move him on Thursday morning.",
                "2017-04-13",
            ),
        ] {
            let v = tagged(text);
            assert_eq!(v.len(), 1, "{text}: {v:?}");
            assert_eq!(v[0].1, day, "{text}");
        }
        assert_eq!(
            tagged("Leaders reacted on Monday to Sunday's vote, which will give him power."),
            vec![pair("Monday", "2017-04-10"), pair("Sunday", "2017-04-09")]
        );
        // A participle after "be" is passive, not past: the point five years on.
        assert_eq!(
            tagged("The stock would be redeemed in five years."),
            vec![pair("five years", "2022")]
        );
    }

    #[test]
    fn closed_periods_and_past_months() {
        let on_31_oct_1989 = (1989, 10, 31);
        assert_eq!(
            tagged_on(
                on_31_oct_1989,
                "In the fiscal year ended Jan. 31, sales rose."
            ),
            vec![
                ("the fiscal year".to_string(), "DURATION", "P1Y".to_string()),
                ("Jan. 31".to_string(), "DATE", "1989-01-31".to_string()),
            ]
        );
        assert_eq!(
            tagged_on(
                on_31_oct_1989,
                "The firm changed to a calendar year in December."
            ),
            vec![("December".to_string(), "DATE", "1988-12".to_string())]
        );
        assert_eq!(
            tagged_on(on_31_oct_1989, "Sales picked up this year through August."),
            vec![
                ("this year".to_string(), "DATE", "1989".to_string()),
                ("August".to_string(), "DATE", "1989-08".to_string()),
            ]
        );
        assert_eq!(
            tagged_on(
                on_31_oct_1989,
                "It will be paid on an unspecified date in January."
            ),
            vec![("January".to_string(), "DATE", "1990-01".to_string())]
        );
    }

    #[test]
    fn compounds_and_figures_of_speech() {
        let on_2_nov_1989 = (1989, 11, 2);
        let v = tagged_on(
            on_2_nov_1989,
            "Net rose in the third quarter, compared with a year-earlier loss. For the quarter a \
             year ago, it lost money. At mid-afternoon yesterday, shares fell. Earnings for the \
             last half of 1989 will slip, as in recent years.",
        );
        let got: Vec<(&str, &str)> = v.iter().map(|(t, _, v)| (t.as_str(), v.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("the third quarter", "1989-Q3"),
                ("year-earlier", "1988-Q3"),
                ("the quarter a year ago", "1988-Q3"),
                ("mid-afternoon yesterday", "1989-11-01TAF"),
                ("the last half of 1989", "1989-H2"),
                ("recent years", "PAST_REF"),
            ]
        );
        assert!(
            tagged("For Poland, high noon comes with the quarter-to-quarter gains.").is_empty()
        );
        assert_eq!(
            tagged("Then, a week or so ago, the general chose the moment."),
            vec![pair("a week or so ago", "2017-W14")]
        );
    }

    #[test]
    fn amounts_are_not_years_and_may_is_a_verb() {
        assert!(tagged("They may sell 2000 shares for $1990.").is_empty());
        assert_eq!(tagged("in May 2016"), vec![pair("May 2016", "2016-05")]);
    }

    /// Positions where some rule matches but [`may_start`] would pass the token over.
    fn gate_misses(text: &str, dct: NaiveDate) -> Vec<String> {
        let toks = tokenize(text);
        let starts: Vec<bool> = toks.iter().map(may_start).collect();
        let g = Grammar {
            text,
            toks: &toks,
            starts: &starts,
            dct,
            last_quarter: Some((2017, 1)),
            last_day: Some(dct),
            last_month: Some((dct.year(), dct.month())),
            last_year: Some(dct.year()),
        };
        (0..toks.len())
            .filter(|&i| !starts[i] && g.rules(i).is_some())
            .map(|i| format!("{:?} in {:?}", toks[i].low, &text[toks[i].start..]))
            .collect()
    }

    #[test]
    fn every_match_starts_where_the_gate_lets_it() {
        let dct = NaiveDate::from_ymd_opt(2017, 4, 12).unwrap();
        // One phrase or more for each rule, with its words in upper and lower case.
        let phrases = "On 2017-04-12 and 4/12/17, Wednesday, April 12, 12th of April 2017, in the \
            1990s, the '80s, the '98 third quarter, the nineties, the 20th century, fiscal 2016, \
            the year 2000, early 1990, late November, mid-1990s, nineteen ninety-six, in the year \
            two thousand and five, Christmas Eve, New Year's Day, Halloween, Independence Day, \
            Thanksgiving, this morning, tonight, mid-afternoon yesterday, now, nowadays, \
            currently, presently, the current quarter, recently, lately, last night, the past, the \
            future, these days, the near future, the long term, by year-end, by year's end, by \
            year end, the weekend, at the moment, last week, earlier this year, next April, this \
            fall, last Tuesday night, two years ago, a few days earlier, several months before, \
            three weeks from now, a year-earlier quarter, year-ago levels, the third quarter, \
            third-quarter, the 2016 fourth quarter, last year's second quarter, first half, the \
            latest quarter, the most recent period, the same quarter a year ago, the year, the \
            full year, in the spring of 2016, in summer, 10:35 a.m., 9 p.m. EST, noon, midday, \
            midnight, 3 o'clock, 7 in the evening, Friday, the day before, that day, later that \
            year, the following month, the previous week, that same quarter, the week of March 6, \
            for two years, a decade, the past five years, the next 12 months, the first 100 days, \
            a full year, three consecutive days, 2 1/2 years, hours, for months, in recent years, \
            daily, weekly, every Monday, each month, every other week, per year, in five years, \
            the end of 1990, the beginning of the year, about two years ago, more than a decade, \
            at least three months, twenty-four hours, a couple of weeks, a dozen years, the final \
            days, the entire month, the remaining weeks, an additional year, the initial months, \
            further weeks, some years, many decades, numerous years, four centuries, a millennium, \
            the coming days, the preceding week, the present quarter.";
        let mut texts = vec![phrases.to_string(), phrases.to_uppercase()];
        // The checkout the test runs in, read at run time as `tests/common::shared_dir` does: a
        // build cache shared between clones can hand this binary to another checkout.
        let repo = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
        let shared = repo.join("../shared/data");
        if shared.is_dir() {
            // Real text: every TimeML document and every article of the dev sets.
            let timex = shared.join("timex");
            for f in crate::temporal::timeml::find_files(&timex).unwrap() {
                texts.push(std::fs::read_to_string(timex.join(f)).unwrap());
            }
            for f in [
                "timelines/articles.jsonl",
                "stories/basil.jsonl",
                "stories/news_cluster_dev.jsonl",
            ] {
                for line in std::fs::read_to_string(shared.join(f)).unwrap().lines() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    texts
                        .extend(["title", "text"].map(|k| v[k].as_str().unwrap_or("").to_string()));
                }
            }
            assert!(texts.len() > 1000, "{} texts", texts.len());
        } else {
            eprintln!("SKIPPED in part: ../shared/data is absent, so only the phrases are read");
        }
        for t in &texts {
            let misses = gate_misses(t, dct);
            assert!(misses.is_empty(), "{misses:?}");
        }
    }
}
