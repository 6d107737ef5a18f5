//! Blind spots: stories most outlets covered that one outlet did not, weighed by how much that
//! outlet normally publishes.

use crate::model::{Article, BlindSpotRow, Story};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Stories covered by at least `min_share` of all outlets (and by two at least), once per
/// outlet that skipped them; sorted by expected articles (most surprising first), then story
/// and outlet.
pub fn blind_spots(articles: &[Article], stories: &[Story], min_share: f64) -> Vec<BlindSpotRow> {
    let mut volume: BTreeMap<&str, usize> = BTreeMap::new();
    for a in articles {
        *volume.entry(a.outlet.as_str()).or_default() += 1;
    }
    let total = articles.len().max(1) as f64;
    let n_outlets = volume.len();
    let outlet_of: HashMap<&str, &str> = articles
        .iter()
        .map(|a| (a.id.as_str(), a.outlet.as_str()))
        .collect();
    let needed = ((min_share * n_outlets as f64).ceil() as usize).max(2);
    let mut rows = Vec::new();
    for s in stories {
        let covering: BTreeSet<&str> = s
            .article_ids
            .iter()
            .filter_map(|id| outlet_of.get(id.as_str()).copied())
            .collect();
        if covering.len() < needed || covering.len() == n_outlets {
            continue;
        }
        for (outlet, n) in &volume {
            if covering.contains(outlet) {
                continue;
            }
            let share = *n as f64 / total;
            rows.push(BlindSpotRow {
                outlet: outlet.to_string(),
                story_id: s.story_id.clone(),
                n_outlets_covering: covering.len(),
                n_outlets,
                story_articles: s.article_ids.len(),
                outlet_share: share,
                expected_articles: share * s.article_ids.len() as f64,
            });
        }
    }
    rows.sort_by(|a, b| {
        b.expected_articles
            .total_cmp(&a.expected_articles)
            .then_with(|| a.story_id.cmp(&b.story_id))
            .then_with(|| a.outlet.cmp(&b.outlet))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::super::tests::{art, story};
    use super::*;

    #[test]
    fn an_outlet_missing_a_widely_covered_story() {
        let a = art("a", "A", 8, None);
        let b = art("b", "B", 9, None);
        let c = art("c", "C", 9, None);
        let c2 = art("c2", "C", 10, None);
        let stories = vec![story("wide", &[&a, &b]), story("own", &[&c, &c2])];
        let rows = blind_spots(&[a, b, c, c2], &stories, 0.5);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].outlet.as_str(), rows[0].story_id.as_str()),
            ("C", "wide")
        );
        assert_eq!(rows[0].expected_articles, 1.0); // half of all articles x 2
    }
}
