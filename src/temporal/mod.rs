//! Temporal expressions: find them in text and resolve them against the publication date.
//!
//! A token grammar ([`grammar`]) finds TimeML TIMEX3 expressions (DATE, TIME, DURATION, SET)
//! and normalises them relative to the document creation time: absolute dates in the usual
//! spellings, weekdays (past-tense reporting points back, future markers forward),
//! yesterday/today/tomorrow, last/this/next week/month/year/quarter/season, "N days ago",
//! "a year earlier", parts of the day and clock times, durations and sets. [`timeml`] reads and
//! writes TimeML files so the tagger can be scored with the TempEval-3 tools.

mod calendar;
pub mod grammar;
pub mod timeml;
mod tokens;

use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

pub use calendar::{add_months, date_near, resolve_weekday};

/// One temporal expression found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Byte offsets of the expression in the text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// TIMEX3 type: DATE, TIME, DURATION, SET.
    pub kind: &'static str,
    /// TIMEX3 value: `2017-04-12`, `2017-W14`, `P3M`, `PRESENT_REF`, …
    pub value: String,
    /// Inclusive calendar span the expression points to (DATE and TIME only).
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

/// Finds and resolves the temporal expressions of `text`, written on `reference` (the
/// publication day on the outlet's clock), in text order.
pub fn find_mentions(text: &str, reference: NaiveDate) -> Vec<Mention> {
    grammar::tag(text, reference)
        .into_iter()
        .map(|f| Mention {
            start: f.start,
            end: f.end,
            text: text[f.start..f.end].to_string(),
            kind: f.val.kind(),
            value: f.val.value(),
            resolved: f.val.span(),
        })
        .collect()
}

const MONTHS: &str = r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:tember|t\.|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)";

struct Patterns {
    iso: Regex,
    month_day: Regex,
    day_month: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        iso: Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("iso regex"),
        month_day: Regex::new(&format!(
            r"(?i)\b({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
        ))
        .expect("month_day regex"),
        day_month: Regex::new(&format!(
            r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})(?:,?\s+(\d{{4}})\b)?"
        ))
        .expect("day_month regex"),
    })
}

/// A month's number from the way the patterns above spell it ("Sept.", "APRIL", "jun").
fn month_number(s: &str) -> Option<u32> {
    grammar::month_number(s.to_ascii_lowercase().trim_end_matches('.')).map(|(m, _)| m)
}

/// A written calendar date: "2017-04-04", "April 4, 2017", "4 April", "Apr. 4".
struct CalendarMatch {
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
        let (Some(_), Ok(year), Ok(month), Ok(day)) =
            (c.get(0), c[1].parse(), c[2].parse(), c[3].parse())
        else {
            continue;
        };
        out.push(CalendarMatch {
            month,
            day,
            year: Some(year),
        });
    }
    for (re, month_first) in [(&p.month_day, true), (&p.day_month, false)] {
        for c in re.captures_iter(text) {
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
            out.push(CalendarMatch { month, day, year });
        }
    }
    out
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
        assert_eq!(v[0], ("Friday".into(), "2017-04-07".into()));
        assert_eq!(v[1], ("Thursday night".into(), "2017-04-06".into()));
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
