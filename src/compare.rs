//! Coverage: who reported each story, how much, and how far behind the first report.

use crate::model::{Article, CoverageRow, Story};
use std::collections::{BTreeMap, HashMap};

/// One row per (outlet, story) the outlet covered, sorted by (story, first publication, outlet).
pub fn coverage(articles: &[Article], stories: &[Story]) -> Vec<CoverageRow> {
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut outlet_total: HashMap<&str, usize> = HashMap::new();
    for a in articles {
        *outlet_total.entry(a.outlet.as_str()).or_default() += 1;
    }
    let mut rows = Vec::new();
    for s in stories {
        let mut per: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
        for id in &s.article_ids {
            if let Some(a) = by_id.get(id.as_str()) {
                per.entry(a.outlet.as_str()).or_default().push(a);
            }
        }
        let n_story = s.article_ids.len().max(1) as f64;
        let mut story_rows: Vec<CoverageRow> = per
            .into_iter()
            .map(|(outlet, arts)| {
                let first = arts
                    .iter()
                    .map(|a| a.published)
                    .min()
                    .unwrap_or(s.first_published);
                let last = arts
                    .iter()
                    .map(|a| a.published)
                    .max()
                    .unwrap_or(s.last_published);
                CoverageRow {
                    outlet: outlet.to_string(),
                    story_id: s.story_id.clone(),
                    n_articles: arts.len(),
                    first_published: first,
                    last_published: last,
                    lag_hours: (first - s.first_published).num_seconds() as f64 / 3600.0,
                    share_of_story: arts.len() as f64 / n_story,
                    share_of_outlet: arts.len() as f64
                        / *outlet_total.get(outlet).unwrap_or(&1) as f64,
                }
            })
            .collect();
        story_rows
            .sort_by(|a, b| (a.first_published, &a.outlet).cmp(&(b.first_published, &b.outlet)));
        rows.extend(story_rows);
    }
    rows
}
