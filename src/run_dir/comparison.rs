//! The outlet comparison's tables: `outlets`, `coverage`, `lead_lag`, `emphasis`,
//! `blind_spots`, writers and readers side by side.

use super::parquet::*;
use super::Table;
use crate::compare::Comparison;
use crate::error::Result;
use crate::model::*;
use chrono::DateTime;
use polars::prelude::*;
use std::path::Path;

/// `outlets.parquet`: one row per outlet.
pub fn outlets_frame(rows: &[OutletRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            str_col(
                "outlet",
                rows.iter().map(|r| Some(r.outlet.as_str())).collect(),
            ),
            u32_col("n_articles", rows.iter().map(|r| r.n_articles)),
            u32_col("n_wire", rows.iter().map(|r| r.n_wire)),
            u32_col("n_stories", rows.iter().map(|r| r.n_stories)),
            u32_col("n_first_reports", rows.iter().map(|r| r.n_first_reports)),
            ts_col(
                "first_published",
                rows.iter()
                    .map(|r| Some(micros(&r.first_published)))
                    .collect(),
            )?,
            ts_col(
                "last_published",
                rows.iter()
                    .map(|r| Some(micros(&r.last_published)))
                    .collect(),
            )?,
            f64_col(
                "share_of_articles",
                rows.iter().map(|r| r.share_of_articles),
            ),
        ],
    )
}

/// Reads `outlets.parquet` back.
pub fn read_outlets(path: &Path) -> Result<Vec<OutletRow>> {
    let df = read_parquet(path)?;
    let outlets = required(strings(&df, "outlet", path)?, "outlet", path)?;
    let n_articles = counts(&df, "n_articles", path)?;
    let n_wire = counts(&df, "n_wire", path)?;
    let n_stories = counts(&df, "n_stories", path)?;
    let n_first = counts(&df, "n_first_reports", path)?;
    let first = physical_i64(&df, "first_published", path)?;
    let last = physical_i64(&df, "last_published", path)?;
    let share = f64s(&df, "share_of_articles", path)?;
    (0..outlets.len())
        .map(|i| {
            Ok(OutletRow {
                outlet: outlets[i].clone(),
                n_articles: n_articles[i],
                n_wire: n_wire[i],
                n_stories: n_stories[i],
                n_first_reports: n_first[i],
                first_published: time_of(first[i], path)?,
                last_published: time_of(last[i], path)?,
                share_of_articles: share[i].unwrap_or(0.0),
            })
        })
        .collect()
}

/// `coverage.parquet`.
pub fn coverage_frame(rows: &[CoverageRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            str_col(
                "outlet",
                rows.iter().map(|r| Some(r.outlet.as_str())).collect(),
            ),
            str_col(
                "story_id",
                rows.iter().map(|r| Some(r.story_id.as_str())).collect(),
            ),
            u32_col("n_articles", rows.iter().map(|r| r.n_articles)),
            u32_col("n_wire", rows.iter().map(|r| r.n_wire)),
            ts_col(
                "first_published",
                rows.iter()
                    .map(|r| Some(micros(&r.first_published)))
                    .collect(),
            )?,
            ts_col(
                "last_published",
                rows.iter()
                    .map(|r| Some(micros(&r.last_published)))
                    .collect(),
            )?,
            ts_col(
                "first_original",
                rows.iter()
                    .map(|r| r.first_original.as_ref().map(micros))
                    .collect(),
            )?,
            f64_col("lag_hours", rows.iter().map(|r| r.lag_hours)),
            Series::new(
                "first_to_report".into(),
                rows.iter()
                    .map(|r| r.first_to_report)
                    .collect::<Vec<bool>>(),
            )
            .into_column(),
            f64_col("share_of_story", rows.iter().map(|r| r.share_of_story)),
            f64_col("share_of_outlet", rows.iter().map(|r| r.share_of_outlet)),
        ],
    )
}

/// Reads `coverage.parquet` back.
pub fn read_coverage(path: &Path) -> Result<Vec<CoverageRow>> {
    let df = read_parquet(path)?;
    let outlets = required(strings(&df, "outlet", path)?, "outlet", path)?;
    let ids = required(strings(&df, "story_id", path)?, "story_id", path)?;
    let n = physical_i64(&df, "n_articles", path)?;
    let n_wire = physical_i64(&df, "n_wire", path)?;
    let first = physical_i64(&df, "first_published", path)?;
    let last = physical_i64(&df, "last_published", path)?;
    let first_original = physical_i64(&df, "first_original", path)?;
    let first_to_report: Vec<bool> = df
        .column("first_to_report")
        .map_err(|e| perr(path, e))?
        .bool()
        .map_err(|e| perr(path, e))?
        .iter()
        .map(|b| b.unwrap_or(false))
        .collect();
    let f = |name: &str| -> Result<Vec<f64>> {
        Ok(df
            .column(name)
            .map_err(|e| perr(path, e))?
            .f64()
            .map_err(|e| perr(path, e))?
            .iter()
            .map(|x| x.unwrap_or(0.0))
            .collect())
    };
    let (lag, sos, soo) = (f("lag_hours")?, f("share_of_story")?, f("share_of_outlet")?);
    (0..ids.len())
        .map(|i| {
            Ok(CoverageRow {
                outlet: outlets[i].clone(),
                story_id: ids[i].clone(),
                n_articles: n[i].unwrap_or(0) as usize,
                n_wire: n_wire[i].unwrap_or(0) as usize,
                first_published: time_of(first[i], path)?,
                last_published: time_of(last[i], path)?,
                first_original: first_original[i].and_then(DateTime::from_timestamp_micros),
                lag_hours: lag[i],
                first_to_report: first_to_report[i],
                share_of_story: sos[i],
                share_of_outlet: soo[i],
            })
        })
        .collect()
}

/// `lead_lag.parquet`: one row per outlet pair.
pub fn lead_lag_frame(rows: &[LeadLagRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            str_col(
                "outlet_a",
                rows.iter().map(|r| Some(r.outlet_a.as_str())).collect(),
            ),
            str_col(
                "outlet_b",
                rows.iter().map(|r| Some(r.outlet_b.as_str())).collect(),
            ),
            u32_col("n_shared", rows.iter().map(|r| r.n_shared)),
            u32_col("a_first", rows.iter().map(|r| r.a_first)),
            u32_col("b_first", rows.iter().map(|r| r.b_first)),
            u32_col("ties", rows.iter().map(|r| r.ties)),
            f64_col("median_lag_hours", rows.iter().map(|r| r.median_lag_hours)),
            f64_col("p25", rows.iter().map(|r| r.p25)),
            f64_col("p75", rows.iter().map(|r| r.p75)),
        ],
    )
}

/// Reads `lead_lag.parquet` back.
pub fn read_lead_lag(path: &Path) -> Result<Vec<LeadLagRow>> {
    let df = read_parquet(path)?;
    let a = required(strings(&df, "outlet_a", path)?, "outlet_a", path)?;
    let b = required(strings(&df, "outlet_b", path)?, "outlet_b", path)?;
    let n_shared = counts(&df, "n_shared", path)?;
    let a_first = counts(&df, "a_first", path)?;
    let b_first = counts(&df, "b_first", path)?;
    let ties = counts(&df, "ties", path)?;
    let median = f64s(&df, "median_lag_hours", path)?;
    let p25 = f64s(&df, "p25", path)?;
    let p75 = f64s(&df, "p75", path)?;
    Ok((0..a.len())
        .map(|i| LeadLagRow {
            outlet_a: a[i].clone(),
            outlet_b: b[i].clone(),
            n_shared: n_shared[i],
            a_first: a_first[i],
            b_first: b_first[i],
            ties: ties[i],
            median_lag_hours: median[i].unwrap_or(f64::NAN),
            p25: p25[i].unwrap_or(f64::NAN),
            p75: p75[i].unwrap_or(f64::NAN),
        })
        .collect())
}

/// `emphasis.parquet`: distinctive terms and entities per outlet, per story and overall.
pub fn emphasis_frame(rows: &[EmphasisRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            str_col(
                "story_id",
                rows.iter().map(|r| r.story_id.as_deref()).collect(),
            ),
            str_col(
                "outlet",
                rows.iter().map(|r| Some(r.outlet.as_str())).collect(),
            ),
            str_col(
                "feature",
                rows.iter().map(|r| Some(r.feature.as_str())).collect(),
            ),
            str_col("kind", rows.iter().map(|r| Some(r.kind.as_str())).collect()),
            u32_col("count", rows.iter().map(|r| r.count as usize)),
            f64_col("log_odds", rows.iter().map(|r| r.log_odds)),
            f64_col("z", rows.iter().map(|r| r.z)),
        ],
    )
}

/// Reads `emphasis.parquet` back.
pub fn read_emphasis(path: &Path) -> Result<Vec<EmphasisRow>> {
    let df = read_parquet(path)?;
    let story = strings(&df, "story_id", path)?;
    let outlet = required(strings(&df, "outlet", path)?, "outlet", path)?;
    let feature = required(strings(&df, "feature", path)?, "feature", path)?;
    let kind = required(strings(&df, "kind", path)?, "kind", path)?;
    let count = counts(&df, "count", path)?;
    let log_odds = f64s(&df, "log_odds", path)?;
    let z = f64s(&df, "z", path)?;
    Ok((0..outlet.len())
        .map(|i| EmphasisRow {
            story_id: story[i].clone(),
            outlet: outlet[i].clone(),
            feature: feature[i].clone(),
            kind: kind[i].clone(),
            count: count[i] as u32,
            log_odds: log_odds[i].unwrap_or(f64::NAN),
            z: z[i].unwrap_or(f64::NAN),
        })
        .collect())
}

/// `blind_spots.parquet`: widely covered stories an outlet skipped.
pub fn blind_spots_frame(rows: &[BlindSpotRow]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            str_col(
                "outlet",
                rows.iter().map(|r| Some(r.outlet.as_str())).collect(),
            ),
            str_col(
                "story_id",
                rows.iter().map(|r| Some(r.story_id.as_str())).collect(),
            ),
            u32_col(
                "n_outlets_covering",
                rows.iter().map(|r| r.n_outlets_covering),
            ),
            u32_col("n_outlets", rows.iter().map(|r| r.n_outlets)),
            u32_col("story_articles", rows.iter().map(|r| r.story_articles)),
            f64_col("outlet_share", rows.iter().map(|r| r.outlet_share)),
            f64_col(
                "expected_articles",
                rows.iter().map(|r| r.expected_articles),
            ),
        ],
    )
}

/// Reads `blind_spots.parquet` back.
pub fn read_blind_spots(path: &Path) -> Result<Vec<BlindSpotRow>> {
    let df = read_parquet(path)?;
    let outlet = required(strings(&df, "outlet", path)?, "outlet", path)?;
    let story = required(strings(&df, "story_id", path)?, "story_id", path)?;
    let covering = counts(&df, "n_outlets_covering", path)?;
    let n_outlets = counts(&df, "n_outlets", path)?;
    let story_articles = counts(&df, "story_articles", path)?;
    let share = f64s(&df, "outlet_share", path)?;
    let expected = f64s(&df, "expected_articles", path)?;
    Ok((0..outlet.len())
        .map(|i| BlindSpotRow {
            outlet: outlet[i].clone(),
            story_id: story[i].clone(),
            n_outlets_covering: covering[i],
            n_outlets: n_outlets[i],
            story_articles: story_articles[i],
            outlet_share: share[i].unwrap_or(f64::NAN),
            expected_articles: expected[i].unwrap_or(f64::NAN),
        })
        .collect())
}

/// Reads the comparison's five tables from a run folder.
pub fn read_comparison(dir: &Path) -> Result<Comparison> {
    Ok(Comparison {
        outlets: read_outlets(&Table::Outlets.path(dir))?,
        coverage: read_coverage(&Table::Coverage.path(dir))?,
        lead_lag: read_lead_lag(&Table::LeadLag.path(dir))?,
        emphasis: read_emphasis(&Table::Emphasis.path(dir))?,
        blind_spots: read_blind_spots(&Table::BlindSpots.path(dir))?,
    })
}
