//! Temporal expressions: find dates in text and resolve them against the publication date.
//!
//! This is the rule-based first version: absolute dates in the usual spellings, weekdays
//! (past-tense reporting points back, future markers point forward), yesterday/today/tomorrow,
//! last/this/next week/month/year, "N days ago", months and years. Values follow TimeML
//! TIMEX3 conventions so a later, fuller tagger can replace the insides without changing callers.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use std::sync::OnceLock;

/// One temporal expression found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// TIMEX3 type: DATE, TIME, DURATION.
    pub kind: &'static str,
    pub value: String,
    /// Inclusive calendar span the expression points to.
    pub resolved: Option<(NaiveDate, NaiveDate)>,
}

impl Mention {
    /// The single day it points to, when it points to exactly one.
    pub fn day(&self) -> Option<NaiveDate> {
        match self.resolved {
            Some((a, b)) if a == b => Some(a),
            _ => None,
        }
    }
}

const MONTHS: &str = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:tember|t\.|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)";
const WEEKDAYS: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const NUMBER_WORDS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

struct Patterns {
    iso: Regex,
    month_day: Regex,
    day_month: Regex,
    month_year: Regex,
    weekday: Regex,
    deictic: Regex,
    relative_unit: Regex,
    ago: Regex,
    duration: Regex,
    year: Regex,
    future_marker: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let num = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)";
        Patterns {
            iso: Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("iso regex"),
            month_day: Regex::new(&format!(r"(?i)\b({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?")).expect("month_day regex"),
            day_month: Regex::new(&format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})(?:,?\s+(\d{{4}})\b)?")).expect("day_month regex"),
            month_year: Regex::new(&format!(r"(?i)\b(?:(early|mid|late)[- ])?({MONTHS})\s+(\d{{4}})\b")).expect("month_year regex"),
            weekday: Regex::new(&format!(r"(?i)\b(?:(last|next|this|on|early|late|early\s+on|late\s+on)\s+)?({WEEKDAYS})(?:'s|’s)?(?:\s+(morning|afternoon|evening|night))?\b")).expect("weekday regex"),
            deictic: Regex::new(r"(?i)\b(yesterday|today|tomorrow|tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening)\b").expect("deictic regex"),
            relative_unit: Regex::new(r"(?i)\b(last|next|this|earlier\s+this|later\s+this|early\s+this|late\s+this|early\s+last|late\s+last)\s+(week|month|year|weekend)\b").expect("relative regex"),
            ago: Regex::new(&format!(r"(?i)\b{num}\s+(day|week|month|year)s?\s+ago\b")).expect("ago regex"),
            duration: Regex::new(&format!(r"(?i)\b{num}[- ](day|week|month|year|hour)s?\b")).expect("duration regex"),
            year: Regex::new(r"\b(?:in|since|by|of|until|before|after)\s+((?:19|20)\d{2})\b").expect("year regex"),
            future_marker: Regex::new(r"(?i)\b(will|won't|'ll|’ll|shall|to be held|is due|are due|due to|scheduled|expected to|set to|plans? to|planned|going to|upcoming|ahead of|next|would meet|is to|are to)\b").expect("future regex"),
        }
    })
}

fn month_number(s: &str) -> Option<u32> {
    let s = s.to_ascii_lowercase();
    let key: String = s.chars().take(3).collect();
    let m = match key.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn weekday_of(s: &str) -> Option<Weekday> {
    match s.to_ascii_lowercase().as_str() {
        "monday" => Some(Weekday::Mon),
        "tuesday" => Some(Weekday::Tue),
        "wednesday" => Some(Weekday::Wed),
        "thursday" => Some(Weekday::Thu),
        "friday" => Some(Weekday::Fri),
        "saturday" => Some(Weekday::Sat),
        "sunday" => Some(Weekday::Sun),
        _ => None,
    }
}

fn number_of(s: &str) -> Option<i64> {
    let l = s.to_ascii_lowercase();
    if l == "a" {
        return Some(1);
    }
    if let Some(i) = NUMBER_WORDS.iter().position(|w| *w == l) {
        return Some(i as i64);
    }
    // Bounded, so date arithmetic on "99999999999 days ago" cannot overflow.
    l.parse().ok().filter(|n: &i64| *n <= 10_000)
}

/// Picks the year that puts month/day closest to the reference date (a month-day with no year
/// in news almost always lies within half a year of publication).
fn nearest_year(month: u32, day: u32, reference: NaiveDate) -> Option<NaiveDate> {
    let mut best: Option<NaiveDate> = None;
    for y in [reference.year() - 1, reference.year(), reference.year() + 1] {
        if let Some(d) = NaiveDate::from_ymd_opt(y, month, day) {
            let better = match best {
                None => true,
                Some(b) => (d - reference).num_days().abs() < (b - reference).num_days().abs(),
            };
            if better {
                best = Some(d);
            }
        }
    }
    best
}

fn day_value(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn month_span(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    Some((first, next - Duration::days(1)))
}

fn week_span(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
    (monday, monday + Duration::days(6))
}

fn week_value(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// True when the words just before `start` in its sentence mark the future ("will meet on …").
fn future_context(text: &str, start: usize) -> bool {
    let sentence_start = text[..start]
        .rfind(['.', '!', '?', '\n'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let window_start = floor_char_boundary(text, start.saturating_sub(80)).max(sentence_start);
    patterns()
        .future_marker
        .is_match(&text[window_start..start])
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A written calendar date: "2017-04-04", "April 4, 2017", "4 April", "Apr. 4".
struct CalendarMatch {
    start: usize,
    end: usize,
    month: u32,
    day: u32,
    year: Option<i32>,
}

/// Every calendar date written in `text` (ISO, month-day and day-month spellings), with or
/// without a year; days outside 1..=31 are not dates ("May 40").
fn calendar_matches(text: &str) -> Vec<CalendarMatch> {
    let p = patterns();
    let mut out = Vec::new();
    for c in p.iso.captures_iter(text) {
        let (Some(m), Ok(year), Ok(month), Ok(day)) =
            (c.get(0), c[1].parse(), c[2].parse(), c[3].parse())
        else {
            continue;
        };
        out.push(CalendarMatch {
            start: m.start(),
            end: m.end(),
            month,
            day,
            year: Some(year),
        });
    }
    for (re, month_first) in [(&p.month_day, true), (&p.day_month, false)] {
        for c in re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            let (month_s, day_s) = if month_first {
                (&c[1], &c[2])
            } else {
                (&c[2], &c[1])
            };
            let (Some(month), Ok(day)) = (month_number(month_s), day_s.parse::<u32>()) else {
                continue;
            };
            if !(1..=31).contains(&day) {
                continue;
            }
            let year = match c.get(3) {
                Some(y) => match y.as_str().parse() {
                    Ok(y) => Some(y),
                    Err(_) => continue,
                },
                None => None,
            };
            out.push(CalendarMatch {
                start: m.start(),
                end: m.end(),
                month,
                day,
                year,
            });
        }
    }
    out
}

/// Resolves a weekday against the reference day: backwards for past reporting (the same day
/// counts: "on Wednesday" written on a Wednesday is that day), forwards for the future.
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
    match modifier.map(|m| m.to_ascii_lowercase()) {
        Some(m) if m == "next" => reference + Duration::days(if fwd == 0 { 7 } else { fwd }),
        Some(m) if m == "last" => reference - Duration::days(if back == 0 { 7 } else { back }),
        _ if future => reference + Duration::days(fwd),
        _ => reference - Duration::days(back),
    }
}

/// Finds and resolves the temporal expressions of `text`, written on `reference` (the
/// publication day on the outlet's clock). Overlapping matches keep the longest.
pub fn find_mentions(text: &str, reference: NaiveDate) -> Vec<Mention> {
    let p = patterns();
    let mut found: Vec<Mention> = Vec::new();
    let mut push = |start: usize,
                    end: usize,
                    kind: &'static str,
                    value: String,
                    resolved: Option<(NaiveDate, NaiveDate)>| {
        found.push(Mention {
            start,
            end,
            text: text[start..end].to_string(),
            kind,
            value,
            resolved,
        });
    };

    for c in calendar_matches(text) {
        let date = match c.year {
            Some(y) => NaiveDate::from_ymd_opt(y, c.month, c.day),
            None => nearest_year(c.month, c.day, reference),
        };
        if let Some(date) = date {
            push(c.start, c.end, "DATE", day_value(date), Some((date, date)));
        }
    }
    for c in p.month_year.captures_iter(text) {
        let m = c.get(0).expect("match");
        let (Some(month), Ok(year)) = (month_number(&c[2]), c[3].parse::<i32>()) else {
            continue;
        };
        if let Some(span) = month_span(year, month) {
            push(
                m.start(),
                m.end(),
                "DATE",
                format!("{year}-{month:02}"),
                Some(span),
            );
        }
    }
    for c in p.weekday.captures_iter(text) {
        let m = c.get(0).expect("match");
        let Some(w) = weekday_of(&c[2]) else { continue };
        let modifier = c.get(1).map(|x| x.as_str());
        let future = future_context(text, m.start());
        let d = resolve_weekday(w, reference, modifier, future);
        let (kind, value) = match c.get(3).map(|x| x.as_str().to_ascii_lowercase()) {
            Some(part) => ("TIME", format!("{}T{}", day_value(d), part_of_day(&part))),
            None => ("DATE", day_value(d)),
        };
        // "on Tuesday" keeps "on" out of the extent, as TimeML does.
        let start = match modifier {
            Some(md) if md.eq_ignore_ascii_case("on") => m.start() + md.len() + 1,
            _ => m.start(),
        };
        push(start, m.end(), kind, value, Some((d, d)));
    }
    for c in p.deictic.captures_iter(text) {
        let m = c.get(0).expect("match");
        let word = c[1].to_ascii_lowercase();
        let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
        let (offset, part) = match word.as_str() {
            "yesterday" => (-1, None),
            "today" => (0, None),
            "tomorrow" => (1, None),
            "tonight" => (0, Some("NI")),
            "last night" => (-1, Some("NI")),
            "this morning" => (0, Some("MO")),
            "this afternoon" => (0, Some("AF")),
            _ => (0, Some("EV")),
        };
        let d = reference + Duration::days(offset);
        let (kind, value) = match part {
            Some(pt) => ("TIME", format!("{}T{}", day_value(d), pt)),
            None => ("DATE", day_value(d)),
        };
        push(m.start(), m.end(), kind, value, Some((d, d)));
    }
    for c in p.relative_unit.captures_iter(text) {
        let m = c.get(0).expect("match");
        let which = c[1].to_ascii_lowercase();
        let which = which
            .split_whitespace()
            .last()
            .unwrap_or("this")
            .to_string();
        let shift: i32 = match which.as_str() {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        let unit = c[2].to_ascii_lowercase();
        let (value, span) = match unit.as_str() {
            "week" | "weekend" => {
                let d = reference + Duration::days(7 * shift as i64);
                let (mon, sun) = week_span(d);
                if unit == "weekend" {
                    (
                        format!("{}-WE", week_value(d)),
                        (mon + Duration::days(5), sun),
                    )
                } else {
                    (week_value(d), (mon, sun))
                }
            }
            "month" => {
                let mut y = reference.year();
                let mut mo = reference.month() as i32 + shift;
                if mo < 1 {
                    mo += 12;
                    y -= 1;
                } else if mo > 12 {
                    mo -= 12;
                    y += 1;
                }
                let Some(span) = month_span(y, mo as u32) else {
                    continue;
                };
                (format!("{y}-{mo:02}"), span)
            }
            _ => {
                let y = reference.year() + shift;
                let (Some(a), Some(b)) = (
                    NaiveDate::from_ymd_opt(y, 1, 1),
                    NaiveDate::from_ymd_opt(y, 12, 31),
                ) else {
                    continue;
                };
                (format!("{y}"), (a, b))
            }
        };
        push(m.start(), m.end(), "DATE", value, Some(span));
    }
    for c in p.ago.captures_iter(text) {
        let m = c.get(0).expect("match");
        let Some(n) = number_of(&c[1]) else { continue };
        let unit = c[2].to_ascii_lowercase();
        let (value, span) = match unit.as_str() {
            "day" => {
                let d = reference - Duration::days(n);
                (day_value(d), (d, d))
            }
            "week" => {
                let d = reference - Duration::days(7 * n);
                (week_value(d), week_span(d))
            }
            "month" => {
                let total = reference.year() * 12 + reference.month0() as i32 - n as i32;
                let (y, mo) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
                let Some(span) = month_span(y, mo) else {
                    continue;
                };
                (format!("{y}-{mo:02}"), span)
            }
            _ => {
                let y = reference.year() - n as i32;
                let (Some(a), Some(b)) = (
                    NaiveDate::from_ymd_opt(y, 1, 1),
                    NaiveDate::from_ymd_opt(y, 12, 31),
                ) else {
                    continue;
                };
                (format!("{y}"), (a, b))
            }
        };
        push(m.start(), m.end(), "DATE", value, Some(span));
    }
    for c in p.duration.captures_iter(text) {
        let m = c.get(0).expect("match");
        let Some(n) = number_of(&c[1]) else { continue };
        let unit = match c[2].to_ascii_lowercase().as_str() {
            "day" => "D",
            "week" => "W",
            "month" => "M",
            "year" => "Y",
            _ => "TH",
        };
        let value = if unit == "TH" {
            format!("PT{n}H")
        } else {
            format!("P{n}{unit}")
        };
        push(m.start(), m.end(), "DURATION", value, None);
    }
    for c in p.year.captures_iter(text) {
        let g = c.get(1).expect("year group");
        let Ok(y) = g.as_str().parse::<i32>() else {
            continue;
        };
        if let (Some(a), Some(b)) = (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        ) {
            push(g.start(), g.end(), "DATE", format!("{y}"), Some((a, b)));
        }
    }
    keep_longest(found)
}

fn part_of_day(p: &str) -> &'static str {
    match p {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        _ => "NI",
    }
}

/// Removes matches that overlap a longer one (ties: the earlier start wins).
fn keep_longest(mut found: Vec<Mention>) -> Vec<Mention> {
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Mention> = Vec::new();
    for m in found {
        if kept.iter().all(|k| m.end <= k.start || m.start >= k.end) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| (m.start, m.end));
    kept
}

/// Full calendar dates written out with a year ("April 4, 2017", "2017-04-04"): what an
/// undated page can be dated by.
pub fn explicit_full_dates(text: &str) -> Vec<NaiveDate> {
    calendar_matches(text)
        .into_iter()
        .filter_map(|c| NaiveDate::from_ymd_opt(c.year?, c.month, c.day))
        .collect()
}

/// Month and day written without a year ("on April 4").
pub fn explicit_month_days(text: &str) -> Vec<(u32, u32)> {
    calendar_matches(text)
        .into_iter()
        .filter(|c| c.year.is_none() && NaiveDate::from_ymd_opt(2000, c.month, c.day).is_some())
        .map(|c| (c.month, c.day))
        .collect()
}

/// Picks the year for a month-day so that it falls nearest to `around`.
pub fn date_near(month: u32, day: u32, around: NaiveDate) -> Option<NaiveDate> {
    nearest_year(month, day, around)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn values(text: &str, reference: &str) -> Vec<(String, String)> {
        find_mentions(text, d(reference))
            .into_iter()
            .map(|m| (m.text, m.value))
            .collect()
    }

    #[test]
    fn past_weekday_points_back_and_same_day_is_today() {
        // Wednesday 12 April 2017.
        let v = values(
            "Lavrov met Tillerson on Wednesday. The attack on Tuesday of last week killed dozens.",
            "2017-04-12",
        );
        assert_eq!(v[0], ("Wednesday".into(), "2017-04-12".into()));
        assert_eq!(v[1], ("Tuesday".into(), "2017-04-11".into()));
    }

    #[test]
    fn future_weekday_points_forward() {
        let v = values(
            "Tillerson will meet Lavrov in Moscow on Wednesday.",
            "2017-04-10",
        );
        assert_eq!(v, vec![("Wednesday".into(), "2017-04-12".into())]);
    }

    #[test]
    fn possessive_weekday_and_parts_of_day() {
        let v = values(
            "Friday's strike followed Thursday night's decision.",
            "2017-04-08",
        );
        assert_eq!(v[0], ("Friday's".into(), "2017-04-07".into()));
        assert_eq!(v[1], ("Thursday night".into(), "2017-04-06TNI".into()));
    }

    #[test]
    fn absolute_dates_in_the_usual_spellings() {
        let v = values(
            "On April 4, 2017 and on 7 April, and 2017-04-12, in April 2017.",
            "2017-04-20",
        );
        let vals: Vec<_> = v.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            vals,
            vec!["2017-04-04", "2017-04-07", "2017-04-12", "2017-04"]
        );
    }

    #[test]
    fn deictic_and_relative_units() {
        let v = values(
            "Yesterday the minister said last week was hard; talks resume next month.",
            "2017-04-12",
        );
        let vals: Vec<_> = v.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(vals, vec!["2017-04-11", "2017-W14", "2017-05"]);
    }

    #[test]
    fn ago_and_durations() {
        let v = values("Three days ago he left after a 10-day visit.", "2017-04-12");
        assert_eq!(v[0].1, "2017-04-09");
        assert_eq!(v[1].1, "P10D");
    }

    #[test]
    fn absurd_numbers_do_not_panic() {
        assert!(find_mentions(
            "99999999999999 days ago and 10001 years ago",
            d("2017-04-12")
        )
        .iter()
        .all(|m| m.kind == "DURATION" || m.resolved.is_none()));
    }

    #[test]
    fn month_day_without_year_takes_nearest_year() {
        assert_eq!(values("on December 30", "2018-01-02")[0].1, "2017-12-30");
    }

    #[test]
    fn full_dates_for_undated_pages() {
        assert_eq!(
            explicit_full_dates("Khan Sheikhun, Idlib province, April 4, 2017. PHOTO: X"),
            vec![d("2017-04-04")]
        );
        assert_eq!(explicit_month_days("on April 4 the town"), vec![(4, 4)]);
    }
}
