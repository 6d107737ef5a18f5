//! Story records from cluster labels: members, times, outlets, a label of entities and terms,
//! and the headline of the article closest to the story's centroid.

use crate::features::Features;
use crate::model::{Article, ArticleEntity, Story};
use crate::util::content_id;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Builds story records from cluster labels: members, times, label, representative headline.
pub fn build_stories(
    articles: &[Article],
    labels: &[usize],
    features: &Features,
    entities: &[ArticleEntity],
) -> Vec<Story> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &l) in labels.iter().enumerate() {
        groups.entry(l).or_default().push(i);
    }
    let mut ents_by_article: HashMap<&str, Vec<&ArticleEntity>> = HashMap::new();
    for e in entities {
        ents_by_article
            .entry(e.article_id.as_str())
            .or_default()
            .push(e);
    }
    // Stories are described independently: on every core.
    let groups: Vec<&Vec<usize>> = groups.values().collect();
    let mut stories: Vec<Story> = groups
        .par_iter()
        .map(|&members| {
            let centroid = features.centroid(members);
            let mut ids: Vec<&str> = members.iter().map(|&m| articles[m].id.as_str()).collect();
            ids.sort();
            let story_id = content_id("s-", &ids);
            // Each member's closeness to the centroid, computed once rather than per comparison.
            let best = members
                .iter()
                .map(|&m| (features.docs[m].dot(&centroid), m))
                .max_by(|&(dx, x), &(dy, y)| {
                    dx.total_cmp(&dy)
                        .then_with(|| articles[y].published.cmp(&articles[x].published))
                        .then_with(|| articles[y].id.cmp(&articles[x].id))
                })
                .map_or(members[0], |(_, m)| m);
            let headline = if articles[best].title.is_empty() {
                first_sentence(&articles[best].text)
            } else {
                articles[best].title.clone()
            };
            let mut terms: Vec<(u32, f32)> = centroid
                .idx
                .iter()
                .copied()
                .zip(centroid.val.iter().copied())
                .filter(|(i, _)| !features.vocab[*i as usize].starts_with('@'))
                .collect();
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let top_terms: Vec<String> = terms
                .iter()
                .take(8)
                .map(|(i, _)| features.display_name(*i))
                .collect();
            let mut ent_score: BTreeMap<(&str, &str), f64> = BTreeMap::new();
            for &m in members {
                for e in ents_by_article
                    .get(articles[m].id.as_str())
                    .into_iter()
                    .flatten()
                {
                    *ent_score
                        .entry((e.name.as_str(), e.kind.as_str()))
                        .or_default() += if e.in_lead { 2.0 } else { 1.0 };
                }
            }
            let mut ents: Vec<((&str, &str), f64)> = ent_score.into_iter().collect();
            ents.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let top_entities: Vec<String> = ents
                .iter()
                .take(6)
                .map(|((n, _), _)| n.to_string())
                .collect();
            let label = make_label(&top_entities, &top_terms);
            let mut sorted: Vec<usize> = members.clone();
            sorted.sort_by(|&x, &y| {
                (articles[x].published, &articles[x].id)
                    .cmp(&(articles[y].published, &articles[y].id))
            });
            let mut outlets: Vec<&str> = members
                .iter()
                .map(|&m| articles[m].outlet.as_str())
                .collect();
            outlets.sort();
            outlets.dedup();
            Story {
                story_id,
                label,
                headline,
                article_ids: sorted.iter().map(|&m| articles[m].id.clone()).collect(),
                first_published: articles[sorted[0]].published,
                last_published: articles[sorted[sorted.len() - 1]].published,
                n_outlets: outlets.len(),
                top_terms,
                top_entities,
            }
        })
        .collect();
    sort_stories(&mut stories);
    stories
}

/// Stories in their output order: first publication, then id.
pub fn sort_stories(stories: &mut [Story]) {
    stories.sort_by(|a, b| (a.first_published, &a.story_id).cmp(&(b.first_published, &b.story_id)));
}

fn first_sentence(text: &str) -> String {
    crate::text::sentences(text)
        .first()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// "Entity · Entity · term · term": two entities and two terms that are not already in them.
fn make_label(entities: &[String], terms: &[String]) -> String {
    let mut parts: Vec<String> = entities.iter().take(2).cloned().collect();
    let lower: String = parts.join(" ").to_lowercase();
    for t in terms {
        if parts.len() >= 4 {
            break;
        }
        if !lower.contains(&t.to_lowercase()) {
            parts.push(t.clone());
        }
    }
    parts.join(" · ")
}
