//! Weeks, months, years, quarters, halves and seasons relative to the DCT: last/this/next
//! week, "two years ago", "the third quarter", "a year earlier", "in the summer".

use super::words::{season_at, season_year_of, SEASON_PREPOSITIONS};
use super::{resolve_weekday, weekday_of, Grammar, Unit, Val};
use crate::temporal::calendar::add_months;
use chrono::{Datelike, Duration, NaiveDate};

impl Grammar<'_> {
    /// "the year ended March 31", "throughout the fiscal year": a reporting period, which
    /// TimeML annotates as a duration of one year, not as the current year.
    pub(super) fn period_as_duration(&self, start: usize, end: usize, val: Val) -> Val {
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

    /// last/this/next week, earlier this year, the current quarter, last April, this fall.
    pub(super) fn relative_unit(&self, i: usize) -> Option<(usize, Val)> {
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

    pub(super) fn shift_unit(&self, u: Unit, shift: i32) -> Option<Val> {
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
    pub(super) fn ago(&self, i: usize) -> Option<(usize, Val)> {
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

    /// "year-earlier", "the year-ago quarter", "the year-earlier period".
    pub(super) fn year_earlier(&self, i: usize) -> Option<(usize, Val)> {
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

    pub(super) fn ordinal_quarter(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn quarter(&self, i: usize) -> Option<(usize, Val)> {
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
    pub(super) fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        let j = if self.is(i, "of") || self.is(i, ",") {
            i + 1
        } else {
            i
        };
        self.year_at(j)
    }

    pub(super) fn season(&self, i: usize) -> Option<(usize, Val)> {
        let s = season_at(self.w(i))?;
        let e = i + 1;
        if let Some((y, e)) = self.trailing_year(e) {
            return Some((e, Val::Season(y, s)));
        }
        // A bare season only after a preposition of time: "in (the early) summer", "over the
        // summer" ("the fall of Rome" is not one).
        let mut k = i;
        while k > 0 && self.is_any(k - 1, &["the", "early", "late", "mid", "-"]) {
            k -= 1;
        }
        if k == 0 || !self.is_in(k - 1, &SEASON_PREPOSITIONS) || self.is(e, "of") {
            return None;
        }
        Some((e, Val::Season(season_year_of(self.dct), s)))
    }
}
