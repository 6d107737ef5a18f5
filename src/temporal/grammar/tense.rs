//! Whether the sentence around a word speaks of the past or the future: a bare weekday or
//! month points back in past-tense reporting and forward after a future marker.

use super::words::{ED_NOT_PAST, FUTURE_MARKERS, IRREGULAR_PAST};
use super::{Grammar, Tense};
use crate::temporal::tokens::Shape;

/// A past-tense verb form (a guess from the word alone: "-ed", or a common irregular form).
fn is_past_verb(w: &str) -> bool {
    IRREGULAR_PAST.contains(w)
        || (w.len() > 4
            && w.ends_with("ed")
            // "unspecified", "undisclosed": adjectives
            && !w.starts_with("un")
            && !ED_NOT_PAST.contains(w))
}

impl Grammar<'_> {
    /// True when the sentence up to token `i` (or just after it) speaks of the future.
    pub(super) fn future_at(&self, i: usize) -> bool {
        self.tense_at(i) == Some(Tense::Future)
    }

    /// The tense the sentence around token `i` speaks in, when a word shows it: the nearest
    /// verb or future marker before it, else a "will" shortly after.
    pub(super) fn tense_at(&self, i: usize) -> Option<Tense> {
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
            if FUTURE_MARKERS.contains(t.low.as_ref()) {
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
    pub(super) fn had_follows(&self, i: usize) -> bool {
        self.toks[i + 1..]
            .iter()
            .take(10)
            .take_while(|t| !matches!(t.low.as_ref(), "." | "!" | "?"))
            .any(|t| t.low == "had")
    }
}
