//! `mentions.parquet` (every date expression found) and `article_dates.parquet` (each
//! article's own event day).

use super::parquet::*;
use crate::model::*;
use polars::prelude::*;

/// `mentions.parquet`: every date expression found, resolved.
pub fn mentions_frame(m: &[DateMention]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        m.len(),
        vec![
            str_col(
                "article_id",
                m.iter().map(|x| Some(x.article_id.as_str())).collect(),
            ),
            str_col("part", m.iter().map(|x| Some(x.part.as_str())).collect()),
            Series::new(
                "start".into(),
                m.iter().map(|x| x.start as u32).collect::<Vec<u32>>(),
            )
            .into_column(),
            Series::new(
                "end".into(),
                m.iter().map(|x| x.end as u32).collect::<Vec<u32>>(),
            )
            .into_column(),
            str_col("text", m.iter().map(|x| Some(x.text.as_str())).collect()),
            str_col("type", m.iter().map(|x| Some(x.kind.as_str())).collect()),
            str_col("value", m.iter().map(|x| Some(x.value.as_str())).collect()),
            date_col(
                "resolved_start",
                m.iter().map(|x| x.resolved_start).collect(),
            )?,
            date_col("resolved_end", m.iter().map(|x| x.resolved_end).collect())?,
            str_col(
                "sentence",
                m.iter().map(|x| Some(x.sentence.as_str())).collect(),
            ),
        ],
    )
}

/// `article_dates.parquet`: each article's main event day and what it rests on.
pub fn article_dates_frame(d: &[ArticleDate]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        d.len(),
        vec![
            str_col(
                "article_id",
                d.iter().map(|x| Some(x.article_id.as_str())).collect(),
            ),
            date_col("event_date", d.iter().map(|x| Some(x.event_date)).collect())?,
            Series::new(
                "confidence".into(),
                d.iter().map(|x| x.confidence).collect::<Vec<f64>>(),
            )
            .into_column(),
            str_col(
                "method",
                d.iter().map(|x| Some(x.method.as_str())).collect(),
            ),
            list_col("evidence", d.iter().map(|x| x.evidence.clone()).collect()),
        ],
    )
}
