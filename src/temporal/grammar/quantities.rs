//! Counts, durations and sets: "three months", "the past two years", "2 1/2 years",
//! "daily", "every other week".

use super::words::{small_number, unit_of, DURATION_MODIFIERS};
use super::{weekday_of, Grammar, Unit, Val};
use crate::temporal::calendar::add_months;
use crate::temporal::tokens::Shape;
use chrono::{Datelike, Duration};

impl Grammar<'_> {
    pub(super) fn starts_quantity(&self, i: usize) -> bool {
        self.number_at(i, false).is_some() || self.unit_at(i).is_some()
    }

    pub(super) fn unit_at(&self, i: usize) -> Option<(Unit, bool, usize)> {
        let (u, plural) = unit_of(self.w(i))?;
        Some((u, plural, i + 1))
    }

    /// A count: digits, number words ("twenty four"), "a"/"an" when `article` allows, or a
    /// vague count ("several", "a few") as `None`.
    pub(super) fn number_at(&self, i: usize, article: bool) -> Option<(Option<i64>, usize)> {
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

    /// "three months", "the past two years", "the first nine months", "five-year", "years".
    pub(super) fn duration(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.is_any(j, &["the", "a", "an"])
            && !self.is_any(j + 1, &["few", "couple", "dozen"])
            && self.unit_at(j + 1).is_none()
        {
            j += 1;
        }
        if self.is_in(j, &DURATION_MODIFIERS) {
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

    pub(super) fn set(&self, i: usize) -> Option<(usize, Val)> {
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

/// Counts too large to be a date offset.
fn too_far_for_a_date(n: i64) -> bool {
    n > 100
}
