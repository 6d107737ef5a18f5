//! Clock times ("10:35 a.m. EST Friday", "noon") and the parts of a day.

use super::words::TIME_ZONES;
use super::{Grammar, Val};
use crate::temporal::tokens::Shape;

impl Grammar<'_> {
    pub(super) fn part_of_day(&self, i: usize) -> Option<(&'static str, usize)> {
        let p = match self.w(i) {
            "morning" => "MO",
            "afternoon" => "AF",
            "evening" => "EV",
            "night" | "overnight" => "NI",
            _ => return None,
        };
        Some((p, i + 1))
    }

    /// "10:35 a.m.", "5 p.m. EST Nov. 9", "noon", "10 p.m. Wednesday".
    pub(super) fn clock(&self, i: usize) -> Option<(usize, Val)> {
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
        if self.is_in(e, &TIME_ZONES) {
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
}
