//! Parquet tables for notebooks: typed rows in, zstd Parquet out (and back, so each stage
//! can start from the previous stage's files). Timestamps are UTC microseconds, dates are Date.

use crate::error::{Error, Result};
use crate::model::*;
use chrono::{DateTime, NaiveDate, Utc};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

fn perr(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Parquet {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn ts_col(name: &str, v: Vec<Option<i64>>) -> PolarsResult<Column> {
    let s = Int64Chunked::from_iter_options(name.into(), v.into_iter())
        .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
        .into_series();
    Ok(s.into_column())
}

fn micros(t: &DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

fn date_col(name: &str, v: Vec<Option<NaiveDate>>) -> PolarsResult<Column> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    let days: Vec<Option<i32>> = v
        .into_iter()
        .map(|d| d.map(|d| (d - epoch).num_days() as i32))
        .collect();
    Ok(
        Int32Chunked::from_iter_options(name.into(), days.into_iter())
            .into_date()
            .into_series()
            .into_column(),
    )
}

fn str_col<S: AsRef<str>>(name: &str, v: Vec<Option<S>>) -> Column {
    let v: Vec<Option<&str>> = v.iter().map(|s| s.as_ref().map(|x| x.as_ref())).collect();
    Series::new(name.into(), v).into_column()
}

/// A list-of-strings column, built in one buffer (a Series per row costs about 5 KB each).
fn list_col(name: &str, v: Vec<Vec<String>>) -> Column {
    let values = v.iter().map(Vec::len).sum();
    let mut b = ListStringChunkedBuilder::new(name.into(), v.len(), values);
    for l in &v {
        b.append_values_iter(l.iter().map(String::as_str));
    }
    b.finish().into_series().into_column()
}

/// The one Parquet writer setting of every table: zstd, with column statistics.
fn parquet_writer<W: std::io::Write>(f: W) -> ParquetWriter<W> {
    ParquetWriter::new(f)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::default())
}

/// Writes a DataFrame as zstd Parquet, atomically.
pub fn write_parquet(df: &mut DataFrame, path: &Path) -> Result<()> {
    crate::util::write_atomic(path, |f| {
        parquet_writer(f)
            .finish(df)
            .map(|_| ())
            .map_err(std::io::Error::other)
    })
}

/// Rows per Parquet row group: Polars' own default. Groups are cut as Polars cuts them, so
/// a table is written byte for byte as [`write_parquet`] writes it.
pub const ROW_GROUP: usize = 512 * 512;

/// Writes a table of `len` rows as zstd Parquet, atomically, building its frame one row group
/// at a time (`build` gets the row range), so a large table is never held twice in memory.
pub fn write_chunked(
    path: &Path,
    len: usize,
    build: impl Fn(std::ops::Range<usize>) -> PolarsResult<DataFrame>,
) -> Result<()> {
    crate::util::write_atomic(path, |f| {
        let io = std::io::Error::other;
        let mut groups = row_groups(len).into_iter();
        let first = build(groups.next().unwrap_or(0..0)).map_err(io)?;
        let mut writer = parquet_writer(f).batched(first.schema()).map_err(io)?;
        writer.write_batch(&first).map_err(io)?;
        drop(first);
        for rows in groups {
            let df = build(rows).map_err(io)?;
            writer.write_batch(&df).map_err(io)?;
        }
        writer.finish().map(|_| ()).map_err(io)
    })
}

/// The row groups Polars makes of a one-chunk frame of `len` rows: `len / ROW_GROUP` equal
/// parts (at least one), the last taking the remainder.
fn row_groups(len: usize) -> Vec<std::ops::Range<usize>> {
    let n = (len / ROW_GROUP).max(1);
    let size = len / n;
    (0..n)
        .map(|i| i * size..if i + 1 == n { len } else { (i + 1) * size })
        .collect()
}

/// A table as the bytes of a Parquet file, written as [`write_parquet`] writes it (for
/// engines that move tables between processes: Spark).
pub fn parquet_bytes(df: &mut DataFrame) -> PolarsResult<Vec<u8>> {
    let mut buf = Vec::new();
    parquet_writer(&mut buf).finish(df)?;
    Ok(buf)
}

/// A table from the bytes of a Parquet file.
pub fn parquet_from_bytes(bytes: &[u8]) -> PolarsResult<DataFrame> {
    ParquetReader::new(std::io::Cursor::new(bytes)).finish()
}

/// Reads a Parquet file, or a folder of Parquet part files as Spark writes a table (the parts
/// in name order, which is the table's order when it was sorted before writing).
pub fn read_parquet(path: &Path) -> Result<DataFrame> {
    if path.is_dir() {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.ends_with(".parquet") && !name.starts_with(['.', '_'])
            })
            .collect();
        parts.sort();
        let mut frames = parts.iter().map(|p| read_parquet_file(p));
        let Some(first) = frames.next() else {
            return Err(perr(path, "a folder with no Parquet part files"));
        };
        let mut df = first?;
        for f in frames {
            df.vstack_mut(&f?).map_err(|e| perr(path, e))?;
        }
        return Ok(df);
    }
    read_parquet_file(path)
}

fn read_parquet_file(path: &Path) -> Result<DataFrame> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    ParquetReader::new(f).finish().map_err(|e| perr(path, e))
}

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

fn u32_col(name: &str, v: impl Iterator<Item = usize>) -> Column {
    Series::new(name.into(), v.map(|x| x as u32).collect::<Vec<u32>>()).into_column()
}

fn f64_col(name: &str, v: impl Iterator<Item = f64>) -> Column {
    Series::new(name.into(), v.collect::<Vec<f64>>()).into_column()
}

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

// ---- reading back ----

fn strings(df: &DataFrame, name: &str, path: &Path) -> Result<Vec<Option<String>>> {
    let c = df.column(name).map_err(|e| perr(path, e))?;
    let ca = c.str().map_err(|e| perr(path, e))?;
    Ok(ca.iter().map(|o| o.map(str::to_string)).collect())
}

fn required(v: Vec<Option<String>>, name: &str, path: &Path) -> Result<Vec<String>> {
    v.into_iter()
        .enumerate()
        .map(|(i, s)| s.ok_or_else(|| perr(path, format!("row {i}: column {name} is null"))))
        .collect()
}

fn physical_i64(df: &DataFrame, name: &str, path: &Path) -> Result<Vec<Option<i64>>> {
    let c = df.column(name).map_err(|e| perr(path, e))?;
    let c = c.to_physical_repr();
    let c = c.cast(&DataType::Int64).map_err(|e| perr(path, e))?;
    Ok(c.i64().map_err(|e| perr(path, e))?.iter().collect())
}

fn time_of(us: Option<i64>, path: &Path) -> Result<DateTime<Utc>> {
    us.and_then(DateTime::from_timestamp_micros)
        .ok_or_else(|| perr(path, "null or out-of-range timestamp"))
}

fn date_of(days: Option<i64>) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    days.map(|d| epoch + chrono::Duration::days(d))
}

fn lists(df: &DataFrame, name: &str, path: &Path) -> Result<Vec<Vec<String>>> {
    let c = df.column(name).map_err(|e| perr(path, e))?;
    let ca = c.list().map_err(|e| perr(path, e))?;
    let mut out = Vec::with_capacity(ca.len());
    for s in ca.series_iter() {
        match s {
            None => out.push(Vec::new()),
            Some(s) => out.push(
                s.str()
                    .map_err(|e| perr(path, e))?
                    .iter()
                    .map(|x| x.unwrap_or_default().to_string())
                    .collect(),
            ),
        }
    }
    Ok(out)
}

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

/// Every table storyline writes, by file stem.
pub const TABLES: [&str; 11] = [
    "articles",
    "entities",
    "stories",
    "timeline",
    "mentions",
    "article_dates",
    "outlets",
    "coverage",
    "lead_lag",
    "emphasis",
    "blind_spots",
];

/// Tables only some commands write: `update` (lineage).
pub const OPTIONAL_TABLES: [&str; 1] = ["lineage"];

/// Every row of a table as a JSON object (dates as `YYYY-MM-DD`, timestamps as RFC 3339 UTC),
/// for tools that do not read Parquet.
pub fn json_rows(df: &DataFrame) -> Vec<serde_json::Value> {
    fn value(v: AnyValue) -> serde_json::Value {
        use serde_json::Value as J;
        match v {
            AnyValue::Null => J::Null,
            AnyValue::Boolean(b) => J::Bool(b),
            AnyValue::String(s) => J::String(s.to_string()),
            AnyValue::StringOwned(s) => J::String(s.to_string()),
            AnyValue::UInt8(x) => J::from(x),
            AnyValue::UInt16(x) => J::from(x),
            AnyValue::UInt32(x) => J::from(x),
            AnyValue::UInt64(x) => J::from(x),
            AnyValue::Int8(x) => J::from(x),
            AnyValue::Int16(x) => J::from(x),
            AnyValue::Int32(x) => J::from(x),
            AnyValue::Int64(x) => J::from(x),
            AnyValue::Float32(x) => J::from(x as f64),
            AnyValue::Float64(x) => serde_json::Number::from_f64(x).map_or(J::Null, J::Number),
            AnyValue::Date(days) => {
                date_of(Some(days as i64)).map_or(J::Null, |d| J::String(d.to_string()))
            }
            AnyValue::Datetime(us, _, _) | AnyValue::DatetimeOwned(us, _, _) => {
                DateTime::from_timestamp_micros(us).map_or(J::Null, |t| J::String(t.to_rfc3339()))
            }
            AnyValue::List(series) => J::Array(series.iter().map(value).collect()),
            other => J::String(other.to_string()),
        }
    }
    let columns = df.columns();
    (0..df.height())
        .map(|i| {
            let mut row = serde_json::Map::new();
            for c in columns {
                let v = c.get(i).map(value).unwrap_or(serde_json::Value::Null);
                row.insert(c.name().to_string(), v);
            }
            serde_json::Value::Object(row)
        })
        .collect()
}

/// Writes a frame with a path-aware error.
pub fn write_frame(df: PolarsResult<DataFrame>, path: &Path) -> Result<()> {
    let mut df = df.map_err(|e| perr(path, e))?;
    write_parquet(&mut df, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(rows: std::ops::Range<usize>) -> PolarsResult<DataFrame> {
        let n: Vec<i64> = rows.clone().map(|i| i as i64).collect();
        let s: Vec<Option<String>> = rows
            .map(|i| (i % 7 != 0).then(|| format!("row {i}")))
            .collect();
        DataFrame::new(
            n.len(),
            vec![Series::new("n".into(), n).into_column(), str_col("s", s)],
        )
    }

    /// Writing a long table a row group at a time gives the bytes of writing it whole.
    #[test]
    fn chunked_tables_are_written_byte_for_byte_as_whole_ones() {
        let dir = std::env::temp_dir().join(format!("storyline-chunked-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for len in [0, 100, ROW_GROUP, 2 * ROW_GROUP + 12_345] {
            let (whole, chunked) = (dir.join("whole.parquet"), dir.join("chunked.parquet"));
            write_frame(frame(0..len), &whole).unwrap();
            write_chunked(&chunked, len, frame).unwrap();
            assert_eq!(
                std::fs::read(&whole).unwrap(),
                std::fs::read(&chunked).unwrap(),
                "{len} rows"
            );
        }
        assert_eq!(row_groups(2 * ROW_GROUP + 1).len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
