//! `stories.parquet` and `timeline.parquet`: writers and readers side by side.

use super::parquet::*;
use crate::error::Result;
use crate::model::*;
use polars::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// `stories.parquet`.
pub fn stories_frame(
    stories: &[Story],
    dates: &HashMap<String, StoryDate>,
) -> PolarsResult<DataFrame> {
    let d = |s: &Story| dates.get(&s.story_id);
    DataFrame::new(
        stories.len(),
        vec![
            str_col(
                "story_id",
                stories.iter().map(|s| Some(s.story_id.as_str())).collect(),
            ),
            str_col(
                "label",
                stories.iter().map(|s| Some(s.label.as_str())).collect(),
            ),
            str_col(
                "headline",
                stories.iter().map(|s| Some(s.headline.as_str())).collect(),
            ),
            date_col(
                "event_date",
                stories.iter().map(|s| d(s).map(|x| x.event_date)).collect(),
            )?,
            Series::new(
                "event_date_confidence".into(),
                stories
                    .iter()
                    .map(|s| d(s).map(|x| x.confidence))
                    .collect::<Vec<Option<f64>>>(),
            )
            .into_column(),
            str_col(
                "event_date_method",
                stories
                    .iter()
                    .map(|s| d(s).map(|x| x.method.clone()))
                    .collect(),
            ),
            list_col(
                "event_date_evidence",
                stories
                    .iter()
                    .map(|s| d(s).map(|x| x.evidence.clone()).unwrap_or_default())
                    .collect(),
            ),
            ts_col(
                "first_published",
                stories
                    .iter()
                    .map(|s| Some(micros(&s.first_published)))
                    .collect(),
            )?,
            ts_col(
                "last_published",
                stories
                    .iter()
                    .map(|s| Some(micros(&s.last_published)))
                    .collect(),
            )?,
            Series::new(
                "n_articles".into(),
                stories
                    .iter()
                    .map(|s| s.article_ids.len() as u32)
                    .collect::<Vec<u32>>(),
            )
            .into_column(),
            Series::new(
                "n_outlets".into(),
                stories
                    .iter()
                    .map(|s| s.n_outlets as u32)
                    .collect::<Vec<u32>>(),
            )
            .into_column(),
            list_col(
                "top_terms",
                stories.iter().map(|s| s.top_terms.clone()).collect(),
            ),
            list_col(
                "top_entities",
                stories.iter().map(|s| s.top_entities.clone()).collect(),
            ),
            list_col(
                "article_ids",
                stories.iter().map(|s| s.article_ids.clone()).collect(),
            ),
        ],
    )
}

/// Reads `stories.parquet` back, with the dates when present.
pub fn read_stories(path: &Path) -> Result<(Vec<Story>, HashMap<String, StoryDate>)> {
    let df = read_parquet(path)?;
    let ids = required(strings(&df, "story_id", path)?, "story_id", path)?;
    let labels = strings(&df, "label", path)?;
    let headlines = strings(&df, "headline", path)?;
    let event = physical_i64(&df, "event_date", path)?;
    let conf: Vec<Option<f64>> = df
        .column("event_date_confidence")
        .map_err(|e| perr(path, e))?
        .f64()
        .map_err(|e| perr(path, e))?
        .iter()
        .collect();
    let method = strings(&df, "event_date_method", path)?;
    let evidence = lists(&df, "event_date_evidence", path)?;
    let first = physical_i64(&df, "first_published", path)?;
    let last = physical_i64(&df, "last_published", path)?;
    let n_outlets = physical_i64(&df, "n_outlets", path)?;
    let terms = lists(&df, "top_terms", path)?;
    let ents = lists(&df, "top_entities", path)?;
    let members = lists(&df, "article_ids", path)?;
    let mut stories = Vec::new();
    let mut dates = HashMap::new();
    for i in 0..ids.len() {
        if let Some(d) = date_of(event[i]) {
            dates.insert(
                ids[i].clone(),
                StoryDate {
                    story_id: ids[i].clone(),
                    event_date: d,
                    confidence: conf[i].unwrap_or(0.0),
                    method: method[i].clone().unwrap_or_default(),
                    evidence: evidence[i].clone(),
                },
            );
        }
        stories.push(Story {
            story_id: ids[i].clone(),
            label: labels[i].clone().unwrap_or_default(),
            headline: headlines[i].clone().unwrap_or_default(),
            article_ids: members[i].clone(),
            first_published: time_of(first[i], path)?,
            last_published: time_of(last[i], path)?,
            n_outlets: n_outlets[i].unwrap_or(0) as usize,
            top_terms: terms[i].clone(),
            top_entities: ents[i].clone(),
        });
    }
    Ok((stories, dates))
}

/// `timeline.parquet`.
pub fn timeline_frame(entries: &[TimelineEntry]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        entries.len(),
        vec![
            Series::new(
                "position".into(),
                entries
                    .iter()
                    .map(|e| e.position as u32)
                    .collect::<Vec<u32>>(),
            )
            .into_column(),
            str_col(
                "story_id",
                entries.iter().map(|e| Some(e.story_id.as_str())).collect(),
            ),
            date_col(
                "event_date",
                entries.iter().map(|e| Some(e.event_date)).collect(),
            )?,
            list_col(
                "linked_story_ids",
                entries.iter().map(|e| e.linked_story_ids.clone()).collect(),
            ),
        ],
    )
}

/// Reads `timeline.parquet` back.
pub fn read_timeline(path: &Path) -> Result<Vec<TimelineEntry>> {
    let df = read_parquet(path)?;
    let pos = physical_i64(&df, "position", path)?;
    let ids = required(strings(&df, "story_id", path)?, "story_id", path)?;
    let dates = physical_i64(&df, "event_date", path)?;
    let links = lists(&df, "linked_story_ids", path)?;
    (0..ids.len())
        .map(|i| {
            Ok(TimelineEntry {
                position: pos[i].unwrap_or(0) as usize,
                story_id: ids[i].clone(),
                event_date: date_of(dates[i]).ok_or_else(|| perr(path, "null event_date"))?,
                linked_story_ids: links[i].clone(),
            })
        })
        .collect()
}
