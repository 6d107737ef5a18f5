//! Story lineage across updates: when new articles arrive and the stories are found again,
//! a story that continues keeps its earlier id, and merges and splits are recorded.
//!
//! A new story continues an earlier one when each is the other's largest share: the new story
//! holds more of the earlier story's articles than any other new story does, and those are
//! more of its earlier articles than any other earlier story gave it. Any other earlier story
//! whose articles went (mostly) into a continuing story is recorded as merged into it; a new
//! story that took articles of an earlier story without continuing it is recorded as split
//! from it. Ties break on the ids, so the result does not depend on input order.

use crate::model::{LineageRow, Story};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// Renames `stories` that continue earlier ones (`previous`: article id → earlier story id) to
/// the earlier ids and returns the merges and splits, stamped `at`. Stories are re-sorted as
/// the clusterer sorts them (first publication, then id).
pub fn carry_ids(
    stories: &mut [Story],
    previous: &HashMap<String, String>,
    at: DateTime<Utc>,
) -> Vec<LineageRow> {
    // shares[new][old] = articles of the earlier story `old` now in story `new`.
    let mut shares: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); stories.len()];
    let mut parts: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
    for (k, s) in stories.iter().enumerate() {
        for a in &s.article_ids {
            if let Some(old) = previous.get(a) {
                *shares[k].entry(old.as_str()).or_default() += 1;
                *parts.entry(old.as_str()).or_default().entry(k).or_default() += 1;
            }
        }
    }
    // The new story holding most of an earlier story (ties: the smaller new id).
    let heir_of = |old: &str| -> Option<usize> {
        parts.get(old).and_then(|p| {
            p.iter()
                .max_by(|a, b| {
                    a.1.cmp(b.1)
                        .then_with(|| stories[*b.0].story_id.cmp(&stories[*a.0].story_id))
                })
                .map(|(k, _)| *k)
        })
    };
    // The earlier story giving most to a new one (ties: the smaller earlier id).
    let main_of = |k: usize| -> Option<&str> {
        shares[k]
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(o, _)| *o)
    };
    let continued: Vec<Option<String>> = (0..stories.len())
        .map(|k| {
            main_of(k)
                .filter(|old| heir_of(old) == Some(k))
                .map(str::to_string)
        })
        .collect();
    let final_id: Vec<String> = stories
        .iter()
        .zip(&continued)
        .map(|(s, c)| c.clone().unwrap_or_else(|| s.story_id.clone()))
        .collect();
    let mut rows = Vec::new();
    for (old, p) in &parts {
        let heir = heir_of(old).expect("an earlier story with articles has a heir");
        for &k in p.keys() {
            if continued[k].as_deref() == Some(*old) {
                continue;
            }
            if k == heir {
                // Its articles went mostly into a story that continues another: a merge.
                rows.push(LineageRow {
                    story_id: old.to_string(),
                    event: "merged".into(),
                    other_story_id: final_id[k].clone(),
                    at,
                });
            } else {
                rows.push(LineageRow {
                    story_id: final_id[k].clone(),
                    event: "split".into(),
                    other_story_id: old.to_string(),
                    at,
                });
            }
        }
    }
    for (s, id) in stories.iter_mut().zip(final_id) {
        s.story_id = id;
    }
    crate::cluster::sort_stories(stories);
    rows.sort_by(|a, b| {
        (&a.story_id, &a.event, &a.other_story_id).cmp(&(&b.story_id, &b.event, &b.other_story_id))
    });
    rows.dedup();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn story(id: &str, articles: &[&str]) -> Story {
        let t = Utc.timestamp_opt(1_491_000_000, 0).unwrap();
        Story {
            story_id: id.into(),
            label: String::new(),
            headline: String::new(),
            article_ids: articles.iter().map(|a| a.to_string()).collect(),
            first_published: t,
            last_published: t,
            n_outlets: 1,
            top_terms: vec![],
            top_entities: vec![],
        }
    }

    fn prev(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(a, s)| (a.to_string(), s.to_string()))
            .collect()
    }

    #[test]
    fn continuing_stories_keep_their_ids_and_merges_and_splits_are_recorded() {
        let at = Utc.timestamp_opt(1_492_000_000, 0).unwrap();
        // Before: A = {a1, a2, a3}, B = {b1, b2}, C = {c1, c2, c3, c4}.
        let previous = prev(&[
            ("a1", "A"),
            ("a2", "A"),
            ("a3", "A"),
            ("b1", "B"),
            ("b2", "B"),
            ("c1", "C"),
            ("c2", "C"),
            ("c3", "C"),
            ("c4", "C"),
        ]);
        // After: A grew and swallowed B; C split in two; a brand-new story appeared.
        let mut stories = vec![
            story("x1", &["a1", "a2", "a3", "b1", "b2", "n1"]),
            story("x2", &["c1", "c2", "c3"]),
            story("x3", &["c4", "n2"]),
            story("x4", &["n3", "n4"]),
        ];
        let rows = carry_ids(&mut stories, &previous, at);
        let ids: Vec<&str> = stories.iter().map(|s| s.story_id.as_str()).collect();
        assert!(ids.contains(&"A") && ids.contains(&"C"), "{ids:?}");
        assert!(ids.contains(&"x3") && ids.contains(&"x4"), "{ids:?}");
        assert!(!ids.contains(&"B"));
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.story_id.as_str(),
                    r.event.as_str(),
                    r.other_story_id.as_str(),
                )
            })
            .collect();
        assert_eq!(got, vec![("B", "merged", "A"), ("x3", "split", "C")]);
        assert!(rows.iter().all(|r| r.at == at));
    }
}
