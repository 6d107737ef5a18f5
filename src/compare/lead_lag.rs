//! Lead–lag between outlets: over the stories two outlets both reported with an article of
//! their own, who published first and by how much.

use super::quantile;
use crate::model::{Article, LeadLagRow, Story};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One row per pair of outlets (`outlet_a` < `outlet_b`) that share at least one story.
/// Republished copies (`wire`) are left out: an outlet that only carried the agency's text did
/// not report the story first or last.
pub fn lead_lag(
    articles: &[Article],
    stories: &[Story],
    wire: &HashSet<String>,
) -> Vec<LeadLagRow> {
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    // For every story, each outlet's first article of its own.
    let mut firsts: Vec<BTreeMap<&str, DateTime<Utc>>> = Vec::with_capacity(stories.len());
    for s in stories {
        let mut m: BTreeMap<&str, DateTime<Utc>> = BTreeMap::new();
        for id in &s.article_ids {
            let Some(a) = by_id.get(id.as_str()) else {
                continue;
            };
            if wire.contains(&a.id) {
                continue;
            }
            let e = m.entry(a.outlet.as_str()).or_insert(a.published);
            if a.published < *e {
                *e = a.published;
            }
        }
        firsts.push(m);
    }
    let mut lags: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    for m in &firsts {
        let outlets: Vec<(&str, DateTime<Utc>)> = m.iter().map(|(o, t)| (*o, *t)).collect();
        for (i, (a, ta)) in outlets.iter().enumerate() {
            for (b, tb) in &outlets[i + 1..] {
                let hours = (*tb - *ta).num_seconds() as f64 / 3600.0;
                lags.entry((a, b)).or_default().push(hours);
            }
        }
    }
    lags.into_iter()
        .map(|((a, b), mut v)| {
            v.sort_by(|x, y| x.total_cmp(y));
            LeadLagRow {
                outlet_a: a.to_string(),
                outlet_b: b.to_string(),
                n_shared: v.len(),
                a_first: v.iter().filter(|h| **h > 0.0).count(),
                b_first: v.iter().filter(|h| **h < 0.0).count(),
                ties: v.iter().filter(|h| **h == 0.0).count(),
                median_lag_hours: quantile(&v, 0.5),
                p25: quantile(&v, 0.25),
                p75: quantile(&v, 0.75),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{art, story};
    use super::*;

    #[test]
    fn counts_who_leads_and_by_how_much() {
        let a1 = art("a1", "A", 8, None);
        let b1 = art("b1", "B", 10, None);
        let a2 = art("a2", "A", 12, None);
        let b2 = art("b2", "B", 9, None);
        let a3 = art("a3", "A", 7, None);
        let b3 = art("b3", "B", 11, None);
        let stories = vec![
            story("s1", &[&a1, &b1]),
            story("s2", &[&a2, &b2]),
            story("s3", &[&a3, &b3]),
        ];
        let arts = vec![a1, b1, a2, b2, a3, b3];
        let rows = lead_lag(&arts, &stories, &HashSet::new());
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!((r.outlet_a.as_str(), r.outlet_b.as_str()), ("A", "B"));
        assert_eq!((r.n_shared, r.a_first, r.b_first, r.ties), (3, 2, 1, 0));
        // lags B - A: +2, -3, +4 hours
        assert_eq!(r.median_lag_hours, 2.0);
        assert_eq!((r.p25, r.p75), (-0.5, 3.0));
    }
}
