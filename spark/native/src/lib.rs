//! Python bindings of storyline's pipeline pieces ([`storyline::pipeline::window`]), for the Spark job in
//! `spark/job.py`. Every function takes and gives tables as the bytes of a Parquet file:
//! Spark's Arrow batches are written to Parquet by pyarrow on the way in, and the tables that
//! come out are built by the library's own frame builders and writer, so what the job writes
//! has the schemas `storyline run` writes. No pipeline logic lives on the Python side.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use polars::prelude::*;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::collections::HashMap;
use storyline::ingest::{self, IngestOptions};
use storyline::model::*;
use storyline::pipeline::window::{
    self, MemberFacts, Membership, Prepared, Record, WindowPlan, WindowStory,
};
use storyline::pipeline::Settings;
use storyline::run_dir::{self, Table};

type Res<T> = std::result::Result<T, String>;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn py_err(e: String) -> PyErr {
    PyValueError::new_err(e)
}

fn frame(bytes: &[u8]) -> Res<DataFrame> {
    run_dir::parquet_from_bytes(bytes).map_err(err)
}

/// A frame exchanged with the Spark job.
fn to_bytes(mut df: DataFrame) -> Res<Vec<u8>> {
    run_dir::parquet_bytes(&mut df, None).map_err(err)
}

/// A table the Spark job writes as (a part of) a run folder's file.
fn table_bytes(table: Table, df: PolarsResult<DataFrame>) -> Res<Vec<u8>> {
    run_dir::parquet_bytes(&mut df.map_err(err)?, Some(table)).map_err(err)
}

fn strings(df: &DataFrame, name: &str) -> Res<Vec<Option<String>>> {
    let c = df.column(name).map_err(err)?;
    let c = c.cast(&DataType::String).map_err(err)?;
    Ok(c.str()
        .map_err(err)?
        .iter()
        .map(|s| s.map(str::to_string))
        .collect())
}

fn ints(df: &DataFrame, name: &str) -> Res<Vec<Option<i64>>> {
    let c = df.column(name).map_err(err)?;
    let c = c.cast(&DataType::Int64).map_err(err)?;
    Ok(c.i64().map_err(err)?.iter().collect())
}

fn bools(df: &DataFrame, name: &str) -> Res<Vec<bool>> {
    let c = df.column(name).map_err(err)?;
    Ok(c.bool()
        .map_err(err)?
        .iter()
        .map(|b| b.unwrap_or(false))
        .collect())
}

fn floats(df: &DataFrame, name: &str) -> Res<Vec<f64>> {
    let c = df.column(name).map_err(err)?;
    let c = c.cast(&DataType::Float64).map_err(err)?;
    Ok(c.f64()
        .map_err(err)?
        .iter()
        .map(|x| x.unwrap_or(f64::NAN))
        .collect())
}

fn json<T: serde::de::DeserializeOwned>(s: &Option<String>, what: &str) -> Res<T> {
    let s = s.as_deref().ok_or_else(|| format!("{what}: missing"))?;
    serde_json::from_str(s).map_err(|e| format!("{what}: {e}"))
}

fn to_json<T: serde::Serialize>(v: &T) -> Res<String> {
    serde_json::to_string(v).map_err(err)
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn time(ms: Option<i64>) -> Res<DateTime<Utc>> {
    ms.and_then(|m| Utc.timestamp_millis_opt(m).single())
        .ok_or_else(|| "a missing or impossible time".to_string())
}

fn str_col(name: &str, v: Vec<Option<String>>) -> Column {
    Series::new(name.into(), v).into_column()
}

fn int_col(name: &str, v: Vec<Option<i64>>) -> Column {
    Series::new(name.into(), v).into_column()
}

fn bool_col(name: &str, v: Vec<bool>) -> Column {
    Series::new(name.into(), v).into_column()
}

/// Runs `f` without the interpreter lock and hands its bytes to Python.
fn call<'py>(
    py: Python<'py>,
    f: impl FnOnce() -> Res<Vec<u8>> + Send,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py.allow_threads(f).map_err(py_err)?;
    Ok(PyBytes::new(py, &out))
}

/// Rows of prepared articles: id, publication time (ms), whether the page named no year.
fn prepared_rows(ps: Vec<std::result::Result<Prepared, Reject>>) -> Res<DataFrame> {
    let n = ps.len();
    let (mut id, mut published, mut undated, mut prepared, mut reject) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for p in ps {
        match p {
            Ok(p) => {
                id.push(Some(p.article.id.clone()));
                published.push(Some(ms(p.article.published)));
                undated.push(p.month_day.is_some());
                prepared.push(Some(to_json(&p)?));
                reject.push(None);
            }
            Err(r) => {
                id.push(None);
                published.push(None);
                undated.push(false);
                prepared.push(None);
                reject.push(Some(to_json(&r)?));
            }
        }
    }
    DataFrame::new(
        n,
        vec![
            str_col("id", id),
            int_col("published_ms", published),
            bool_col("undated", undated),
            str_col("prepared", prepared),
            str_col("reject", reject),
        ],
    )
    .map_err(err)
}

/// Reads, cleans, tags and dates input records. In: `file`, `line`, `json`. Out: `id`,
/// `published_ms`, `undated`, `prepared` (the prepared article), `reject` (a refused record).
#[pyfunction]
fn prepare<'py>(
    py: Python<'py>,
    batch: &[u8],
    skip_invalid: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    call(py, || {
        let df = frame(batch)?;
        let files = strings(&df, "file")?;
        let lines = ints(&df, "line")?;
        let texts = strings(&df, "json")?;
        let records: Vec<Record> = (0..df.height())
            .map(|i| Record {
                file: files[i].as_deref().unwrap_or(""),
                line: lines[i].unwrap_or(0).max(0) as usize,
                json: texts[i].as_deref().unwrap_or(""),
            })
            .collect();
        let opts = IngestOptions {
            skip_invalid,
            ..Default::default()
        };
        let prepared = window::prepare(&records, &opts);
        if !skip_invalid {
            if let Some(Err(r)) = prepared.iter().find(|p| p.is_err()) {
                return Err(format!("{}:{}: {}", r.file, r.line, r.reason));
            }
        }
        to_bytes(prepared_rows(prepared)?)
    })
}

/// The median publication date of dated articles (ISO dates in), which pages that named no
/// year are placed near; `None` when nothing is dated.
#[pyfunction]
fn median_date(dates: Vec<String>) -> PyResult<Option<String>> {
    let parsed: Vec<NaiveDate> = dates
        .iter()
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| py_err(e.to_string()))?;
    Ok(ingest::median_date(parsed).map(|d| d.to_string()))
}

/// Dates prepared articles whose page named no year (`prepared` in) near `median`; with no
/// median they are refused, as `storyline run` refuses them. Out: as [`prepare`].
#[pyfunction]
#[pyo3(signature = (batch, median))]
fn place_undated<'py>(
    py: Python<'py>,
    batch: &[u8],
    median: Option<String>,
) -> PyResult<Bound<'py, PyBytes>> {
    call(py, || {
        let df = frame(batch)?;
        let around = median
            .map(|m| NaiveDate::parse_from_str(&m, "%Y-%m-%d").map_err(err))
            .transpose()?;
        let mut out = Vec::new();
        for p in strings(&df, "prepared")? {
            let mut p: Prepared = json(&p, "prepared")?;
            match (p.month_day.take(), around) {
                (Some(md), Some(around)) => {
                    ingest::place_undated(&mut p.article, md, around);
                    // Its dates are read against the day it now has.
                    window::date(std::slice::from_mut(&mut p));
                    out.push(Ok(p));
                }
                (Some(_), None) => out.push(Err(Reject {
                    file: p.article.source.file.clone(),
                    line: p.article.source.line,
                    reason: ingest::UNPLACEABLE.to_string(),
                    record: p.article.text.chars().take(2000).collect(),
                })),
                (None, _) => out.push(Ok(p)),
            }
        }
        to_bytes(prepared_rows(out)?)
    })
}

/// `storyline run`'s settings with `--algorithm` (none: the default).
fn settings_for(algorithm: Option<String>) -> PyResult<Settings> {
    let mut settings = Settings::default();
    if let Some(a) = algorithm {
        settings.cluster.algorithm = serde_json::from_value(serde_json::Value::String(a.clone()))
            .map_err(|_| py_err(format!("unknown algorithm {a:?}")))?;
    }
    Ok(settings)
}

/// Days either side of an article over which idf is counted (`storyline run`'s setting): a
/// window stride under twice this gives home articles a narrower idf than a whole-pile run.
#[pyfunction]
fn idf_days() -> f64 {
    Settings::default().features.idf_days
}

/// The windows of a pile of `articles` from its first and last publication times (ms):
/// (origin ms, stride in days, number of windows). One window when `storyline run` would
/// cluster the pile as one batch.
#[pyfunction]
#[pyo3(signature = (first_ms, last_ms, stride_days, articles, algorithm=None))]
fn plan_windows(
    first_ms: i64,
    last_ms: i64,
    stride_days: i64,
    articles: usize,
    algorithm: Option<String>,
) -> PyResult<(i64, i64, i64)> {
    let p = WindowPlan::for_pile(
        time(Some(first_ms)).map_err(py_err)?,
        time(Some(last_ms)).map_err(py_err)?,
        stride_days,
        articles,
        &settings_for(algorithm)?.cluster,
    );
    Ok((ms(p.origin), p.stride_days, p.count))
}

/// Every window of every article. In: `published_ms`, `prepared`. Out: `window`, `home`,
/// `prepared` (a row per article and window).
#[pyfunction]
fn assign_windows<'py>(
    py: Python<'py>,
    batch: &[u8],
    origin_ms: i64,
    stride_days: i64,
    count: i64,
) -> PyResult<Bound<'py, PyBytes>> {
    call(py, || {
        let df = frame(batch)?;
        let plan = WindowPlan {
            origin: time(Some(origin_ms))?,
            stride_days,
            count,
        };
        let published = ints(&df, "published_ms")?;
        let prepared = strings(&df, "prepared")?;
        let (mut w, mut h, mut p) = (Vec::new(), Vec::new(), Vec::new());
        for (t, x) in published.into_iter().zip(prepared) {
            let (ws, home) = plan.windows_of(time(t)?);
            for win in ws {
                w.push(Some(win));
                h.push(win == home);
                p.push(x.clone());
            }
        }
        let n = w.len();
        to_bytes(
            DataFrame::new(
                n,
                vec![
                    int_col("window", w),
                    bool_col("home", h),
                    str_col("prepared", p),
                ],
            )
            .map_err(err)?,
        )
    })
}

/// An article's own rows, from its home window.
#[derive(serde::Serialize, serde::Deserialize)]
struct ArticleOut {
    article: Article,
    wire: bool,
    entities: Vec<ArticleEntity>,
    mentions: Vec<DateMention>,
    article_dates: Vec<ArticleDate>,
}

/// A member's facts for stitching and the story table.
#[derive(serde::Serialize, serde::Deserialize)]
struct MemberOut {
    facts: MemberFacts,
    wire: bool,
}

/// Clusters one window. In: `window`, `home`, `prepared` (one window's rows). Out: `window`,
/// `kind`, `label`, `article_id`, `home`, `published_ms`, `payload`: a `member` row per article (its window
/// story), an `article` row per article at home (its own tables' rows), a `story` row per
/// window story (its description, date and timeline links).
/// `algorithm` is `storyline run --algorithm`'s (default: time-aware, which hands over to the
/// single pass above its batch limit).
#[pyfunction]
#[pyo3(signature = (batch, pile_articles, algorithm=None))]
fn cluster_window<'py>(
    py: Python<'py>,
    batch: &[u8],
    pile_articles: usize,
    algorithm: Option<String>,
) -> PyResult<Bound<'py, PyBytes>> {
    let settings = settings_for(algorithm)?;
    call(py, || {
        let df = frame(batch)?;
        let windows = ints(&df, "window")?;
        let win = windows.first().copied().flatten().unwrap_or(0);
        if windows.iter().any(|w| *w != Some(win)) {
            return Err("cluster_window: rows of more than one window".into());
        }
        let home_flags = bools(&df, "home")?;
        let mut at_home: std::collections::HashSet<String> = Default::default();
        let mut prepared = Vec::with_capacity(df.height());
        for (p, home) in strings(&df, "prepared")?.into_iter().zip(home_flags) {
            let p: Prepared = json(&p, "prepared")?;
            if home {
                at_home.insert(p.article.id.clone());
            }
            prepared.push(p);
        }
        let w = window::cluster_window(prepared, pile_articles, &settings).map_err(err)?;
        let mut ents = by_article(w.entities, |e| &e.article_id);
        let mut ments = by_article(w.mentions, |m| &m.article_id);
        let mut adates = by_article(w.article_dates, |d| &d.article_id);
        let mut rows = WindowRows::default();
        for (i, a) in w.articles.iter().enumerate() {
            let is_home = at_home.contains(&a.id);
            let label = Some(w.labels[i] as i64);
            let member = MemberOut {
                facts: MemberFacts {
                    article_id: a.id.clone(),
                    outlet: a.outlet.clone(),
                    published: a.published,
                },
                wire: w.wire[i],
            };
            rows.push("member", label, Some(a), is_home, to_json(&member)?);
            if is_home {
                let own = ArticleOut {
                    article: a.clone(),
                    wire: w.wire[i],
                    entities: ents.remove(&a.id).unwrap_or_default(),
                    mentions: ments.remove(&a.id).unwrap_or_default(),
                    article_dates: adates.remove(&a.id).unwrap_or_default(),
                };
                rows.push("article", label, Some(a), true, to_json(&own)?);
            }
        }
        let date_of: HashMap<&str, &StoryDate> =
            w.dates.iter().map(|d| (d.story_id.as_str(), d)).collect();
        let links_of: HashMap<&str, &Vec<String>> = w
            .timeline
            .iter()
            .map(|t| (t.story_id.as_str(), &t.linked_story_ids))
            .collect();
        for (l, s) in w.stories.iter().enumerate() {
            let story = WindowStory {
                window: win,
                label: l,
                story: s.clone(),
                date: date_of.get(s.story_id.as_str()).map(|d| (*d).clone()),
                links: links_of
                    .get(s.story_id.as_str())
                    .map(|v| (*v).clone())
                    .unwrap_or_default(),
            };
            rows.push("story", Some(l as i64), None, false, to_json(&story)?);
        }
        to_bytes(rows.frame(win)?)
    })
}

/// Rows of one article each, grouped by article id (moved, not copied).
fn by_article<T>(rows: Vec<T>, id: impl Fn(&T) -> &String) -> HashMap<String, Vec<T>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for r in rows {
        out.entry(id(&r).clone()).or_default().push(r);
    }
    out
}

/// The output columns of [`cluster_window`], a row at a time.
#[derive(Default)]
struct WindowRows {
    kind: Vec<Option<String>>,
    label: Vec<Option<i64>>,
    article_id: Vec<Option<String>>,
    home: Vec<bool>,
    published: Vec<Option<i64>>,
    payload: Vec<Option<String>>,
}

impl WindowRows {
    fn push(
        &mut self,
        kind: &str,
        label: Option<i64>,
        article: Option<&Article>,
        home: bool,
        payload: String,
    ) {
        self.kind.push(Some(kind.to_string()));
        self.label.push(label);
        self.article_id.push(article.map(|a| a.id.clone()));
        self.home.push(home);
        self.published.push(article.map(|a| ms(a.published)));
        self.payload.push(Some(payload));
    }

    fn frame(self, window: i64) -> Res<DataFrame> {
        let n = self.kind.len();
        DataFrame::new(
            n,
            vec![
                int_col("window", vec![Some(window); n]),
                str_col("kind", self.kind),
                int_col("label", self.label),
                str_col("article_id", self.article_id),
                bool_col("home", self.home),
                int_col("published_ms", self.published),
                str_col("payload", self.payload),
            ],
        )
        .map_err(err)
    }
}

/// Stitches the windows' stories and assembles the story table and the timeline. In: the
/// `member` rows and the `story` rows of [`cluster_window`]. Out: (`article_id`, `story_id`,
/// `wire` table; `stories.parquet`; `timeline.parquet`), as Parquet bytes.
#[pyfunction]
fn stitch<'py>(
    py: Python<'py>,
    members: &[u8],
    stories: &[u8],
) -> PyResult<(
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
)> {
    let out = py
        .allow_threads(|| -> Res<[Vec<u8>; 3]> {
            let m = frame(members)?;
            let windows = ints(&m, "window")?;
            let labels = ints(&m, "label")?;
            let ids = strings(&m, "article_id")?;
            let homes = bools(&m, "home")?;
            let payloads = strings(&m, "payload")?;
            let mut memberships = Vec::with_capacity(m.height());
            let mut facts = Vec::new();
            let mut wire: HashMap<String, bool> = HashMap::new();
            for i in 0..m.height() {
                let article_id = ids[i].clone().ok_or("member without an article id")?;
                memberships.push(Membership {
                    window: windows[i].unwrap_or(0),
                    label: labels[i].unwrap_or(0) as usize,
                    article_id: article_id.clone(),
                    home: homes[i],
                });
                if homes[i] {
                    let mo: MemberOut = json(&payloads[i], "member")?;
                    wire.insert(article_id, mo.wire);
                    facts.push(mo.facts);
                }
            }
            let stitched = window::stitch(&memberships);
            let s = frame(stories)?;
            let window_stories: Vec<WindowStory> = strings(&s, "payload")?
                .iter()
                .map(|p| json(p, "story"))
                .collect::<Res<_>>()?;
            let (stories, dates, timeline) = window::assemble(&stitched, &window_stories, &facts);
            let n = stitched.story_of.len();
            let (a, st): (Vec<Option<String>>, Vec<Option<String>>) = stitched
                .story_of
                .iter()
                .map(|(a, s)| (Some(a.clone()), Some(s.clone())))
                .unzip();
            let w: Vec<bool> = a
                .iter()
                .map(|x| {
                    x.as_ref()
                        .and_then(|x| wire.get(x))
                        .copied()
                        .unwrap_or(false)
                })
                .collect();
            let story_of = DataFrame::new(
                n,
                vec![
                    str_col("article_id", a),
                    str_col("story_id", st),
                    bool_col("wire", w),
                ],
            )
            .map_err(err)?;
            let dates: HashMap<String, StoryDate> =
                dates.into_iter().map(|d| (d.story_id.clone(), d)).collect();
            Ok([
                to_bytes(story_of)?,
                table_bytes(Table::Stories, run_dir::stories_frame(&stories, &dates))?,
                table_bytes(Table::Timeline, run_dir::timeline_frame(&timeline))?,
            ])
        })
        .map_err(py_err)?;
    let [a, b, c] = out;
    Ok((
        PyBytes::new(py, &a),
        PyBytes::new(py, &b),
        PyBytes::new(py, &c),
    ))
}

/// The per-article tables of a run: In: `payload` (the `article` rows of [`cluster_window`])
/// and `story_id`. Out: (articles, entities, mentions, article_dates) Parquet bytes, rows in
/// `storyline run`'s order within the batch.
#[pyfunction]
fn article_tables<'py>(py: Python<'py>, batch: &[u8]) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    let out = py
        .allow_threads(|| -> Res<Vec<Vec<u8>>> {
            let df = frame(batch)?;
            let mut rows: Vec<ArticleOut> = strings(&df, "payload")?
                .iter()
                .map(|p| json(p, "article"))
                .collect::<Res<_>>()?;
            rows.sort_by(|a, b| {
                (a.article.published, &a.article.id).cmp(&(b.article.published, &b.article.id))
            });
            let story_of: HashMap<String, String> = strings(&df, "article_id")?
                .into_iter()
                .zip(strings(&df, "story_id")?)
                .filter_map(|(a, s)| Some((a?, s?)))
                .collect();
            let mut entities: Vec<ArticleEntity> = Vec::new();
            let mut mentions: Vec<DateMention> = Vec::new();
            let mut article_dates: Vec<ArticleDate> = Vec::new();
            let mut articles = Vec::with_capacity(rows.len());
            for r in rows {
                entities.extend(r.entities);
                mentions.extend(r.mentions);
                article_dates.extend(r.article_dates);
                articles.push(r.article);
            }
            storyline::entities::sort_entities(&mut entities);
            storyline::timeline::sort_mentions(&mut mentions);
            storyline::timeline::sort_article_dates(&mut article_dates);
            Ok(vec![
                table_bytes(
                    Table::Articles,
                    run_dir::articles_frame(&articles, &story_of),
                )?,
                table_bytes(Table::Entities, run_dir::entities_frame(&entities))?,
                table_bytes(Table::Mentions, run_dir::mentions_frame(&mentions))?,
                table_bytes(
                    Table::ArticleDates,
                    run_dir::article_dates_frame(&article_dates),
                )?,
            ])
        })
        .map_err(py_err)?;
    Ok(out.iter().map(|b| PyBytes::new(py, b)).collect())
}

/// `coverage.parquet` from the rows Spark SQL computed (times in ms), in `storyline run`'s
/// order: by story (first publication, id), then the outlet's first publication and name.
#[pyfunction]
fn coverage_table<'py>(py: Python<'py>, batch: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    call(py, || {
        let df = frame(batch)?;
        let s = |n| strings(&df, n);
        let (outlet, story, story_first) =
            (s("outlet")?, s("story_id")?, ints(&df, "story_first_ms")?);
        let (n, n_wire) = (ints(&df, "n_articles")?, ints(&df, "n_wire")?);
        let (first, last, first_original) = (
            ints(&df, "first_published_ms")?,
            ints(&df, "last_published_ms")?,
            ints(&df, "first_original_ms")?,
        );
        let (lag, first_to_report) = (floats(&df, "lag_hours")?, bools(&df, "first_to_report")?);
        let (share_story, share_outlet) = (
            floats(&df, "share_of_story")?,
            floats(&df, "share_of_outlet")?,
        );
        let mut rows = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            rows.push((
                story_first[i].unwrap_or(0),
                CoverageRow {
                    outlet: outlet[i].clone().unwrap_or_default(),
                    story_id: story[i].clone().unwrap_or_default(),
                    n_articles: n[i].unwrap_or(0) as usize,
                    n_wire: n_wire[i].unwrap_or(0) as usize,
                    first_published: time(first[i])?,
                    last_published: time(last[i])?,
                    first_original: first_original[i].map(|t| time(Some(t))).transpose()?,
                    lag_hours: lag[i],
                    first_to_report: first_to_report[i],
                    share_of_story: share_story[i],
                    share_of_outlet: share_outlet[i],
                },
            ));
        }
        rows.sort_by(|(sa, a), (sb, b)| {
            (sa, &a.story_id, a.first_published, &a.outlet).cmp(&(
                sb,
                &b.story_id,
                b.first_published,
                &b.outlet,
            ))
        });
        let rows: Vec<CoverageRow> = rows.into_iter().map(|r| r.1).collect();
        table_bytes(Table::Coverage, run_dir::coverage_frame(&rows))
    })
}

/// `lead_lag.parquet` from the rows Spark SQL computed, sorted by the pair of outlets.
#[pyfunction]
fn lead_lag_table<'py>(py: Python<'py>, batch: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    call(py, || {
        let df = frame(batch)?;
        let (a, b) = (strings(&df, "outlet_a")?, strings(&df, "outlet_b")?);
        let (n, af, bf, ties) = (
            ints(&df, "n_shared")?,
            ints(&df, "a_first")?,
            ints(&df, "b_first")?,
            ints(&df, "ties")?,
        );
        let (med, p25, p75) = (
            floats(&df, "median_lag_hours")?,
            floats(&df, "p25")?,
            floats(&df, "p75")?,
        );
        let mut rows: Vec<LeadLagRow> = (0..df.height())
            .map(|i| LeadLagRow {
                outlet_a: a[i].clone().unwrap_or_default(),
                outlet_b: b[i].clone().unwrap_or_default(),
                n_shared: n[i].unwrap_or(0) as usize,
                a_first: af[i].unwrap_or(0) as usize,
                b_first: bf[i].unwrap_or(0) as usize,
                ties: ties[i].unwrap_or(0) as usize,
                median_lag_hours: med[i],
                p25: p25[i],
                p75: p75[i],
            })
            .collect();
        rows.sort_by(|x, y| (&x.outlet_a, &x.outlet_b).cmp(&(&y.outlet_a, &y.outlet_b)));
        table_bytes(Table::LeadLag, run_dir::lead_lag_frame(&rows))
    })
}

#[pymodule]
fn storyline_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(prepare, m)?)?;
    m.add_function(wrap_pyfunction!(median_date, m)?)?;
    m.add_function(wrap_pyfunction!(place_undated, m)?)?;
    m.add_function(wrap_pyfunction!(plan_windows, m)?)?;
    m.add_function(wrap_pyfunction!(idf_days, m)?)?;
    m.add_function(wrap_pyfunction!(assign_windows, m)?)?;
    m.add_function(wrap_pyfunction!(cluster_window, m)?)?;
    m.add_function(wrap_pyfunction!(stitch, m)?)?;
    m.add_function(wrap_pyfunction!(article_tables, m)?)?;
    m.add_function(wrap_pyfunction!(coverage_table, m)?)?;
    m.add_function(wrap_pyfunction!(lead_lag_table, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
