//! Temporal expression scores, TempEval-3 style: strict (same extent) and relaxed (overlapping)
//! extraction, and value and type accuracy over the relaxed matches turned into F1.

use super::ratio;
use crate::temporal::timeml::Timex;
use serde::Serialize;

pub use super::Prf;

/// Scores from match counts: found-in-system over system, found-in-gold over gold.
fn prf(found_in_system: usize, system: usize, found_in_gold: usize, gold: usize) -> Prf {
    Prf::new(
        ratio(found_in_system as f64, system as f64),
        ratio(found_in_gold as f64, gold as f64),
    )
}

/// The four TempEval-3 timex scores over a set of documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TimexScores {
    pub strict: Prf,
    pub relaxed: Prf,
    /// Value right on a relaxed match: P over system timexes, R over gold.
    pub value: Prf,
    pub kind: Prf,
    pub n_gold: usize,
    pub n_system: usize,
    pub n_documents: usize,
}

/// How one gold or system timex fared.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Gold timex no system timex overlaps.
    Missed(Timex),
    /// System timex no gold timex overlaps.
    Spurious(Timex),
    /// Overlapping pair whose extent, type or value differ: (gold, system).
    Mismatch(Timex, Timex),
}

#[derive(Default)]
struct Counts {
    gold: usize,
    system: usize,
    strict_sys: usize,
    strict_gold: usize,
    relaxed_sys: usize,
    relaxed_gold: usize,
    value: usize,
    kind: usize,
}

fn overlap(a: &Timex, b: &Timex) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Scores documents given as (gold, system) timex lists; also returns every error, per
/// document, for inspection.
pub fn score(docs: &[(Vec<Timex>, Vec<Timex>)]) -> (TimexScores, Vec<Vec<Outcome>>) {
    let mut c = Counts::default();
    let mut errors = Vec::with_capacity(docs.len());
    for (gold, sys) in docs {
        let mut errs = Vec::new();
        c.gold += gold.len();
        c.system += sys.len();
        c.strict_sys += sys
            .iter()
            .filter(|s| gold.iter().any(|g| g.start == s.start && g.end == s.end))
            .count();
        c.strict_gold += gold
            .iter()
            .filter(|g| sys.iter().any(|s| g.start == s.start && g.end == s.end))
            .count();
        c.relaxed_sys += sys
            .iter()
            .filter(|s| gold.iter().any(|g| overlap(g, s) > 0))
            .count();
        // Each gold timex pairs with the system timex that overlaps it most.
        let mut used = vec![false; sys.len()];
        for g in gold {
            let best = sys
                .iter()
                .enumerate()
                .filter(|(_, s)| overlap(g, s) > 0)
                .max_by_key(|(k, s)| (overlap(g, s), usize::MAX - k));
            match best {
                None => errs.push(Outcome::Missed(g.clone())),
                Some((k, s)) => {
                    c.relaxed_gold += 1;
                    if !used[k] {
                        used[k] = true;
                        c.value += usize::from(s.value == g.value);
                        c.kind += usize::from(s.kind == g.kind);
                    }
                    if s.value != g.value
                        || s.kind != g.kind
                        || s.start != g.start
                        || s.end != g.end
                    {
                        errs.push(Outcome::Mismatch(g.clone(), s.clone()));
                    }
                }
            }
        }
        for s in sys {
            if !gold.iter().any(|g| overlap(g, s) > 0) {
                errs.push(Outcome::Spurious(s.clone()));
            }
        }
        errors.push(errs);
    }
    let scores = TimexScores {
        strict: prf(c.strict_sys, c.system, c.strict_gold, c.gold),
        relaxed: prf(c.relaxed_sys, c.system, c.relaxed_gold, c.gold),
        value: prf(c.value, c.system, c.value, c.gold),
        kind: prf(c.kind, c.system, c.kind, c.gold),
        n_gold: c.gold,
        n_system: c.system,
        n_documents: docs.len(),
    };
    (scores, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start: usize, end: usize, kind: &str, value: &str) -> Timex {
        Timex {
            start,
            end,
            kind: kind.into(),
            value: value.into(),
        }
    }

    #[test]
    fn strict_relaxed_and_value_by_hand() {
        // gold: A [0,9) DATE 1998-01-07, B [20,30) DURATION P1W, C [40,45) DATE 1998
        // system: A exact and right; B' [24,30) overlapping with a wrong value; D spurious.
        let gold = vec![
            t(0, 9, "DATE", "1998-01-07"),
            t(20, 30, "DURATION", "P1W"),
            t(40, 45, "DATE", "1998"),
        ];
        let sys = vec![
            t(0, 9, "DATE", "1998-01-07"),
            t(24, 30, "DURATION", "P2W"),
            t(50, 55, "DATE", "1999"),
        ];
        let (s, errs) = score(&[(gold, sys)]);
        assert!((s.strict.precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.strict.recall - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.relaxed.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.relaxed.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.value.f1 - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.kind.f1 - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(errs[0].len(), 3); // one mismatch, one missed, one spurious
    }
}
