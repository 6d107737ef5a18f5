//! How outlets covered the same stories differently: coverage, first to report, lead–lag,
//! emphasis (weighted log-odds) and blind spots — with wire copy kept honest.
//!
//! A near-duplicate group (the same agency text republished) counts for its earliest copy:
//! later copies are marked wire, count as coverage, and never make their outlet "first".

mod blind_spots;
mod emphasis;
mod lead_lag;

pub use blind_spots::blind_spots;
pub use emphasis::{emphasis, log_odds, EmphasisOptions};
pub use lead_lag::lead_lag;

use crate::model::{
    Article, ArticleEntity, BlindSpotRow, CoverageRow, EmphasisRow, LeadLagRow, OutletRow, Story,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Settings of the comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareOptions {
    /// A story is a blind spot of an outlet that skipped it when at least this share of all
    /// outlets covered it.
    pub blind_spot_share: f64,
    pub emphasis: EmphasisOptions,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            blind_spot_share: 0.5,
            emphasis: EmphasisOptions::default(),
        }
    }
}

/// Every comparison table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    pub outlets: Vec<OutletRow>,
    pub coverage: Vec<CoverageRow>,
    pub lead_lag: Vec<LeadLagRow>,
    pub emphasis: Vec<EmphasisRow>,
    pub blind_spots: Vec<BlindSpotRow>,
}

/// Compares the outlets over the stories found.
pub fn compare(
    articles: &[Article],
    stories: &[Story],
    entities: &[ArticleEntity],
    opts: &CompareOptions,
) -> Comparison {
    let wire = wire_copies(articles);
    let coverage = coverage_with(articles, stories, &wire);
    Comparison {
        outlets: outlets(articles, &coverage, &wire),
        coverage,
        lead_lag: lead_lag(articles, stories, &wire),
        emphasis: emphasis(articles, stories, entities, &wire, &opts.emphasis),
        blind_spots: blind_spots(articles, stories, opts.blind_spot_share),
    }
}

/// Ids of republished copies: every member of a near-duplicate group but its earliest copy
/// (by publication time, then id, so the choice does not depend on input order).
pub fn wire_copies(articles: &[Article]) -> HashSet<String> {
    articles
        .iter()
        .zip(crate::ingest::dedup::later_copies(articles))
        .filter(|(_, later)| *later)
        .map(|(a, _)| a.id.clone())
        .collect()
}

/// One row per (outlet, story) the outlet covered, sorted by (story, first publication, outlet).
pub fn coverage(articles: &[Article], stories: &[Story]) -> Vec<CoverageRow> {
    coverage_with(articles, stories, &wire_copies(articles))
}

fn coverage_with(
    articles: &[Article],
    stories: &[Story],
    wire: &HashSet<String>,
) -> Vec<CoverageRow> {
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
        let first_report: Option<(DateTime<Utc>, &str)> = per
            .values()
            .flatten()
            .filter(|a| !wire.contains(&a.id))
            .map(|a| (a.published, a.id.as_str()))
            .min();
        let first_outlet =
            first_report.and_then(|(_, id)| by_id.get(id).map(|a| a.outlet.as_str()));
        let story_start = first_report.map(|f| f.0).unwrap_or(s.first_published);
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
                let first_original = arts
                    .iter()
                    .filter(|a| !wire.contains(&a.id))
                    .map(|a| a.published)
                    .min();
                let since = first_original.unwrap_or(first);
                CoverageRow {
                    outlet: outlet.to_string(),
                    story_id: s.story_id.clone(),
                    n_articles: arts.len(),
                    n_wire: arts.iter().filter(|a| wire.contains(&a.id)).count(),
                    first_published: first,
                    last_published: last,
                    first_original,
                    lag_hours: (since - story_start).num_seconds() as f64 / 3600.0,
                    first_to_report: first_outlet == Some(outlet),
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

/// One row per outlet, sorted by name.
pub fn outlets(
    articles: &[Article],
    coverage: &[CoverageRow],
    wire: &HashSet<String>,
) -> Vec<OutletRow> {
    let mut rows: BTreeMap<&str, OutletRow> = BTreeMap::new();
    for a in articles {
        let r = rows.entry(a.outlet.as_str()).or_insert_with(|| OutletRow {
            outlet: a.outlet.clone(),
            n_articles: 0,
            n_wire: 0,
            n_stories: 0,
            n_first_reports: 0,
            first_published: a.published,
            last_published: a.published,
            share_of_articles: 0.0,
        });
        r.n_articles += 1;
        r.n_wire += usize::from(wire.contains(&a.id));
        r.first_published = r.first_published.min(a.published);
        r.last_published = r.last_published.max(a.published);
    }
    for c in coverage {
        if let Some(r) = rows.get_mut(c.outlet.as_str()) {
            r.n_stories += 1;
            r.n_first_reports += usize::from(c.first_to_report);
        }
    }
    let total = articles.len().max(1) as f64;
    rows.into_values()
        .map(|mut r| {
            r.share_of_articles = r.n_articles as f64 / total;
            r
        })
        .collect()
}

/// Linear-interpolated quantile of sorted values (the usual "type 7").
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn art(id: &str, outlet: &str, hour: u32, dup: Option<&str>) -> Article {
        let mut a = Article::for_test(
            id,
            "text",
            Utc.with_ymd_and_hms(2017, 4, 4, hour, 0, 0).unwrap(),
        );
        a.outlet = outlet.into();
        a.dup_group = dup.map(str::to_string);
        a
    }

    pub(crate) fn story(id: &str, members: &[&Article]) -> Story {
        Story {
            story_id: id.into(),
            label: String::new(),
            headline: String::new(),
            article_ids: members.iter().map(|a| a.id.clone()).collect(),
            first_published: members.iter().map(|a| a.published).min().unwrap(),
            last_published: members.iter().map(|a| a.published).max().unwrap(),
            n_outlets: 0,
            top_terms: vec![],
            top_entities: vec![],
        }
    }

    #[test]
    fn wire_copies_credit_the_earliest_copy() {
        let agency = art("a", "Agency", 9, Some("g"));
        let paper = art("b", "Paper", 10, None);
        let copy = art("c", "Small", 11, Some("g"));
        let s = story("s", &[&agency, &paper, &copy]);
        let arts = vec![agency.clone(), paper.clone(), copy.clone()];
        let rows = coverage(&arts, std::slice::from_ref(&s));
        let row = |o: &str| rows.iter().find(|r| r.outlet == o).unwrap().clone();
        assert!(row("Agency").first_to_report);
        assert_eq!(row("Small").n_wire, 1);
        assert_eq!(row("Small").first_original, None);
        assert_eq!(row("Paper").lag_hours, 1.0);
        // A later republished copy changes nothing about who was first.
        let later = art("d", "Tiny", 12, Some("g"));
        let mut arts2 = arts.clone();
        arts2.push(later.clone());
        let s2 = story("s", &[&agency, &paper, &copy, &later]);
        let rows2 = coverage(&arts2, std::slice::from_ref(&s2));
        let firsts: Vec<&str> = rows2
            .iter()
            .filter(|r| r.first_to_report)
            .map(|r| r.outlet.as_str())
            .collect();
        assert_eq!(firsts, vec!["Agency"]);
        assert_eq!(
            lead_lag(&arts, &[s], &wire_copies(&arts)),
            lead_lag(&arts2, &[s2], &wire_copies(&arts2))
        );
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&[7.0], 0.75), 7.0);
    }
}
