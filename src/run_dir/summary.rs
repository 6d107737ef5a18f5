//! `timeline_summary.parquet`, written by `storyline timeline --input`.

use super::parquet::*;
use crate::error::{Error, Result};
use crate::model::*;
use polars::prelude::*;
use std::path::Path;

/// `timeline_summary.parquet`: one row per chosen sentence, dates ascending.
pub fn summary_frame(days: &[SummaryDay]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&SummaryDay, usize, &SummarySentence)> = days
        .iter()
        .flat_map(|d| d.sentences.iter().enumerate().map(move |(i, s)| (d, i, s)))
        .collect();
    DataFrame::new(
        rows.len(),
        vec![
            date_col("date", rows.iter().map(|r| Some(r.0.date)).collect())?,
            u32_col("position", rows.iter().map(|r| r.1)),
            str_col(
                "sentence",
                rows.iter().map(|r| Some(r.2.text.as_str())).collect(),
            ),
            str_col(
                "article_id",
                rows.iter().map(|r| Some(r.2.article_id.as_str())).collect(),
            ),
            date_col(
                "published",
                rows.iter().map(|r| Some(r.2.published)).collect(),
            )?,
            f64_col("date_score", rows.iter().map(|r| r.0.score)),
        ],
    )
}

/// `[{"date": "YYYY-MM-DD", "sentences": […]}, …]`, dates ascending, written atomically: the
/// summary for readers and for the news-tls scorer.
pub fn write_summary_json(days: &[SummaryDay], path: &Path) -> Result<()> {
    let rows: Vec<serde_json::Value> = days
        .iter()
        .map(|d| {
            serde_json::json!({
                "date": d.date.format("%Y-%m-%d").to_string(),
                "sentences": d.sentences.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&rows).map_err(|e| Error::Invalid(e.to_string()))?;
    text.push('\n');
    crate::util::write_bytes_atomic(path, text.as_bytes())
}
