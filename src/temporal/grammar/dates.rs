//! Calendar dates as written: ISO and US numeric dates, month-day and day-month spellings,
//! months, years, decades and centuries, spoken years, and the holidays news dates events by.

use super::words::{decade_word, month_number, weekday_of, AMOUNT_NOUNS, MAY_MONTH_WORDS};
use super::{Grammar, Tense, Val};
use crate::temporal::tokens::Shape;
use chrono::{Datelike, Duration, NaiveDate};

impl Grammar<'_> {
    pub(super) fn iso_date(&self, i: usize) -> Option<(usize, Val)> {
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

    pub(super) fn month_at(&self, i: usize) -> Option<(u32, usize)> {
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

    pub(super) fn year_at(&self, i: usize) -> Option<(i32, usize)> {
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

    pub(super) fn day_number_at(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn year_for_month(&self, m: u32, i: usize) -> i32 {
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

    pub(super) fn day_for_month_day(&self, m: u32, d: u32, i: usize) -> Option<NaiveDate> {
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
    pub(super) fn weekday_date(&self, i: usize) -> Option<(usize, Val)> {
        weekday_of(self.w(i))?;
        let mut j = i + 1;
        if self.is(j, ",") {
            j += 1;
        }
        let (e, v) = self.month_date(j).or_else(|| self.day_month(j))?;
        matches!(v, Val::Day(_)).then_some((e, v))
    }

    pub(super) fn month_date(&self, i: usize) -> Option<(usize, Val)> {
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
        if m == 5 && !self.is_in(i.wrapping_sub(1), &MAY_MONTH_WORDS) {
            return None;
        }
        Some((j, Val::Month(self.year_for_month(m, i), m)))
    }

    pub(super) fn day_month(&self, i: usize) -> Option<(usize, Val)> {
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

    pub(super) fn year(&self, i: usize) -> Option<(usize, Val)> {
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
        if AMOUNT_NOUNS.contains(next) {
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
    pub(super) fn early_late(&self, i: usize) -> Option<(usize, Val)> {
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
    pub(super) fn spoken_year(&self, i: usize) -> Option<(usize, Val)> {
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
    pub(super) fn holiday(&self, i: usize) -> Option<(usize, Val)> {
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
}
