//! `articles.parquet` (one row per article, everything needed to resume the pipeline) and
//! `entities.parquet` (the entities of each article): writers and readers side by side.

use super::parquet::*;
use crate::error::Result;
use crate::model::*;
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// `articles.parquet`: one row per article, with everything needed to resume the pipeline.
pub fn articles_frame(
    articles: &[Article],
    story_of: &HashMap<String, String>,
) -> PolarsResult<DataFrame> {
    let g = |f: fn(&Article) -> Option<&str>| articles.iter().map(f).collect::<Vec<_>>();
    DataFrame::new(
        articles.len(),
        vec![
            str_col("article_id", g(|a| Some(a.id.as_str()))),
            str_col("outlet", g(|a| Some(a.outlet.as_str()))),
            ts_col(
                "published",
                articles
                    .iter()
                    .map(|a| Some(micros(&a.published)))
                    .collect(),
            )?,
            Series::new(
                "published_inferred".into(),
                articles
                    .iter()
                    .map(|a| a.published_inferred)
                    .collect::<Vec<_>>(),
            )
            .into_column(),
            str_col("title", g(|a| Some(a.title.as_str()))),
            str_col("text", g(|a| Some(a.text.as_str()))),
            str_col(
                "story_id",
                articles
                    .iter()
                    .map(|a| story_of.get(&a.id).map(String::as_str))
                    .collect(),
            ),
            str_col("dup_group", g(|a| a.dup_group.as_deref())),
            str_col("url", g(|a| a.url.as_deref())),
            Series::new(
                "utc_offset_minutes".into(),
                articles
                    .iter()
                    .map(|a| a.utc_offset_seconds / 60)
                    .collect::<Vec<i32>>(),
            )
            .into_column(),
            str_col(
                "published_evidence",
                g(|a| (!a.published_evidence.is_empty()).then_some(a.published_evidence.as_str())),
            ),
            str_col("standfirst", g(|a| a.standfirst.as_deref())),
            str_col("caption", g(|a| a.caption.as_deref())),
            str_col("dateline", g(|a| a.dateline.as_deref())),
            str_col("gold_story", g(|a| a.gold_story.as_deref())),
            str_col(
                "extra",
                articles
                    .iter()
                    .map(|a| {
                        (!a.extra.is_empty())
                            .then(|| serde_json::to_string(&a.extra).unwrap_or_default())
                    })
                    .collect(),
            ),
        ],
    )
}

/// Reads `articles.parquet` back: the articles and their story ids.
pub fn read_articles(path: &Path) -> Result<(Vec<Article>, HashMap<String, String>)> {
    let df = read_parquet(path)?;
    let ids = required(strings(&df, "article_id", path)?, "article_id", path)?;
    let outlets = required(strings(&df, "outlet", path)?, "outlet", path)?;
    let published = physical_i64(&df, "published", path)?;
    let inferred: Vec<bool> = df
        .column("published_inferred")
        .map_err(|e| perr(path, e))?
        .bool()
        .map_err(|e| perr(path, e))?
        .iter()
        .map(|b| b.unwrap_or(false))
        .collect();
    let titles = strings(&df, "title", path)?;
    let texts = required(strings(&df, "text", path)?, "text", path)?;
    let story = strings(&df, "story_id", path)?;
    let dup = strings(&df, "dup_group", path)?;
    let url = strings(&df, "url", path)?;
    let offs = physical_i64(&df, "utc_offset_minutes", path)?;
    let evidence = strings(&df, "published_evidence", path)?;
    let standfirst = strings(&df, "standfirst", path)?;
    let caption = strings(&df, "caption", path)?;
    let dateline = strings(&df, "dateline", path)?;
    let gold = strings(&df, "gold_story", path)?;
    let extra = strings(&df, "extra", path)?;
    let mut articles = Vec::with_capacity(ids.len());
    let mut story_of = HashMap::new();
    for i in 0..ids.len() {
        if let Some(s) = &story[i] {
            story_of.insert(ids[i].clone(), s.clone());
        }
        articles.push(Article {
            id: ids[i].clone(),
            outlet: outlets[i].clone(),
            url: url[i].clone(),
            published: time_of(published[i], path)?,
            utc_offset_seconds: offs[i].unwrap_or(0) as i32 * 60,
            published_inferred: inferred[i],
            published_evidence: evidence[i].clone().unwrap_or_default(),
            title: titles[i].clone().unwrap_or_default(),
            standfirst: standfirst[i].clone(),
            caption: caption[i].clone(),
            dateline: dateline[i].clone(),
            text: texts[i].clone(),
            // Where a record came from is in the manifest, not the table: the table must not
            // change when the same articles arrive in another order or split.
            source: SourceRef {
                file: path.display().to_string(),
                line: i + 2,
            },
            gold_story: gold[i].clone(),
            extra: extra[i]
                .as_deref()
                .and_then(|e| serde_json::from_str::<BTreeMap<String, String>>(e).ok())
                .unwrap_or_default(),
            dup_group: dup[i].clone(),
        });
    }
    Ok((articles, story_of))
}

/// `entities.parquet`.
pub fn entities_frame(entities: &[ArticleEntity]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        entities.len(),
        vec![
            str_col(
                "article_id",
                entities
                    .iter()
                    .map(|e| Some(e.article_id.as_str()))
                    .collect(),
            ),
            str_col(
                "entity_id",
                entities
                    .iter()
                    .map(|e| Some(e.entity_id.as_str()))
                    .collect(),
            ),
            str_col(
                "name",
                entities.iter().map(|e| Some(e.name.as_str())).collect(),
            ),
            str_col(
                "type",
                entities.iter().map(|e| Some(e.kind.as_str())).collect(),
            ),
            Series::new(
                "mentions".into(),
                entities.iter().map(|e| e.mentions).collect::<Vec<u32>>(),
            )
            .into_column(),
            Series::new(
                "in_lead".into(),
                entities.iter().map(|e| e.in_lead).collect::<Vec<bool>>(),
            )
            .into_column(),
        ],
    )
}
