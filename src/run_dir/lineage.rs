//! `lineage.parquet`: stories merged or split by updates, appended to by each `update`.

use super::parquet::*;
use crate::error::Result;
use crate::model::*;
use polars::prelude::*;
use std::path::Path;

/// `lineage.parquet`: stories merged or split by updates.
pub fn lineage_frame(rows: &[LineageRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            str_col(
                "story_id",
                rows.iter().map(|r| Some(r.story_id.as_str())).collect(),
            ),
            str_col(
                "event",
                rows.iter().map(|r| Some(r.event.as_str())).collect(),
            ),
            str_col(
                "other_story_id",
                rows.iter()
                    .map(|r| Some(r.other_story_id.as_str()))
                    .collect(),
            ),
            ts_col("at", rows.iter().map(|r| Some(micros(&r.at))).collect())?,
        ],
    )
}

/// Reads `lineage.parquet` back.
pub fn read_lineage(path: &Path) -> Result<Vec<LineageRow>> {
    let df = read_parquet(path)?;
    let ids = required(strings(&df, "story_id", path)?, "story_id", path)?;
    let events = required(strings(&df, "event", path)?, "event", path)?;
    let others = required(
        strings(&df, "other_story_id", path)?,
        "other_story_id",
        path,
    )?;
    let at = physical_i64(&df, "at", path)?;
    ids.into_iter()
        .zip(events)
        .zip(others)
        .zip(at)
        .map(|(((story_id, event), other_story_id), at)| {
            Ok(LineageRow {
                story_id,
                event,
                other_story_id,
                at: time_of(at, path)?,
            })
        })
        .collect()
}
