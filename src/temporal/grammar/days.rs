//! Days named relative to the DCT or to the last date named: today, yesterday, tonight, now,
//! the weekend, a bare weekday, "that day", "the day before".

use super::{resolve_weekday, weekday_of, Grammar, Tense, Val};
use crate::temporal::calendar::add_months;
use chrono::{Datelike, Duration};

impl Grammar<'_> {
    pub(super) fn deictic(&self, i: usize) -> Option<(usize, Val)> {
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

    pub(super) fn weekday(&self, i: usize) -> Option<(usize, Val)> {
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

    /// Expressions anchored on the last date named: "that day", "later that year", "the
    /// following year", "the previous month", "the day before".
    pub(super) fn anaphoric(&self, i: usize) -> Option<(usize, Val)> {
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
}
