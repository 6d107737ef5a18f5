//! PNG reports, one file per chart family: the story timeline, article volume and outlet
//! attention over time, coverage by outlet, and the outlet comparisons (lead–lag, emphasis).
//! This module holds the entry points, the list of charts and the drawing pieces the charts
//! share (canvas, fonts, colours, axes, text fitting). The font (DejaVu Sans) is embedded, so
//! text renders on machines with no system fonts.

mod compare;
mod coverage;
mod summary;
mod timeline;
mod volume;

use crate::compare::Comparison;
use crate::error::{Error, Result};
use crate::model::{Article, Story, StoryDate, TimelineEntry};
use chrono::{Datelike, Duration, NaiveDate};
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const FONT: &str = "sans-serif";

/// Registers the embedded font once; every chart uses only this family.
pub fn ensure_font() -> Result<()> {
    static DONE: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular())
            .map_err(|_| "embedded DejaVu Sans is not a valid font".to_string())?;
        plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold())
            .map_err(|_| "embedded DejaVu Sans Bold is not a valid font".to_string())?;
        Ok(())
    })
    .clone()
    .map_err(Error::Invalid)
}

/// Everything the reports draw from.
pub struct ReportInput<'a> {
    pub articles: &'a [Article],
    pub stories: &'a [Story],
    pub dates: &'a [StoryDate],
    pub timeline: &'a [TimelineEntry],
    pub comparison: &'a Comparison,
    /// The story the emphasis chart shows; `None`: the one most outlets reported themselves.
    pub emphasis_story: Option<&'a str>,
}

type Chart = fn(&ReportInput, &Path) -> Result<()>;

/// Every chart, by file name.
const CHARTS: [(&str, Chart); 7] = [
    ("timeline.png", timeline::draw_timeline),
    ("volume.png", volume::draw_volume),
    ("coverage.png", coverage::draw_coverage),
    ("lead_lag.png", compare::draw_lead_lag),
    ("story_coverage.png", coverage::draw_story_coverage),
    ("attention.png", volume::draw_attention),
    ("emphasis.png", compare::draw_emphasis),
];

/// The charts that compare outlets.
pub const COMPARISON_CHARTS: [&str; 5] = [
    "coverage.png",
    "lead_lag.png",
    "story_coverage.png",
    "attention.png",
    "emphasis.png",
];

/// Writes every report into `dir`; returns their paths.
pub fn write_reports(input: &ReportInput, dir: &Path) -> Result<Vec<PathBuf>> {
    let all: Vec<&str> = CHARTS.iter().map(|c| c.0).collect();
    write_charts(input, dir, &all)
}

/// Writes the named charts (see [`CHARTS`]) into `dir`.
pub fn write_charts(input: &ReportInput, dir: &Path, names: &[&str]) -> Result<Vec<PathBuf>> {
    ensure_font()?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = Vec::new();
    for (name, draw) in CHARTS.iter().filter(|c| names.contains(&c.0)) {
        out.push(draw_atomically(dir, name, |tmp| draw(input, tmp))?);
    }
    Ok(out)
}

/// Draws to a temporary file in `dir`, then renames it to `name`: a killed run never leaves
/// half a PNG.
fn draw_atomically(
    dir: &Path,
    name: &str,
    draw: impl FnOnce(&Path) -> Result<()>,
) -> Result<PathBuf> {
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.{}.tmp.png", std::process::id()));
    draw(&tmp).inspect_err(|_e| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    crate::util::remove_stale_temporaries(dir, name);
    Ok(path)
}

/// Writes `DIR/timeline.png` for a timeline summary.
pub fn write_summary_chart(
    days: &[crate::model::SummaryDay],
    title: &str,
    dir: &Path,
) -> Result<PathBuf> {
    ensure_font()?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    draw_atomically(dir, "timeline.png", |tmp| {
        summary::draw_summary(days, title, tmp)
    })
}

fn chart_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Chart {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn font(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&BLACK)
}

fn bold(size: u32) -> TextStyle<'static> {
    (FONT, size)
        .into_font()
        .style(FontStyle::Bold)
        .color(&BLACK)
}

type Canvas<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// A white canvas with a bold title and lines of explanation under it.
fn canvas<'a>(
    path: &'a Path,
    size: (u32, u32),
    title: &str,
    lines: &[String],
) -> Result<Canvas<'a>> {
    let root = BitMapBackend::new(path, size).into_drawing_area();
    let e = |x| chart_err(path, x);
    root.fill(&WHITE).map_err(e)?;
    root.draw(&Text::new(title.to_string(), (20, 14), bold(26)))
        .map_err(e)?;
    for (k, line) in lines.iter().enumerate() {
        root.draw(&Text::new(line.clone(), (20, 50 + 21 * k as i32), font(15)))
            .map_err(e)?;
    }
    Ok(root)
}

/// A label of at most `n` characters: cut with an ellipsis, with no space before it.
pub fn ellipsize(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut = crate::text::ellipsize(s, n.saturating_sub(1), crate::text::Keep::Start);
    let kept = &cut[..cut.len() - '…'.len_utf8()];
    format!("{}…", kept.trim_end())
}

/// A qualitative palette (Tableau 10, then darker variants), readable on white.
fn palette(i: usize) -> RGBColor {
    const P: [(u8, u8, u8); 12] = [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
        (57, 59, 121),
        (173, 73, 74),
    ];
    let (r, g, b) = P[i % P.len()];
    RGBColor(r, g, b)
}

/// Day axis: maps dates to pixels and picks tick spacing so labels never overlap.
struct DayAxis {
    start: NaiveDate,
    days: i64,
    x0: i32,
    x1: i32,
}

impl DayAxis {
    fn x(&self, d: NaiveDate) -> i32 {
        self.x0
            + (((d - self.start).num_days() as f64 + 0.5) / self.days as f64
                * (self.x1 - self.x0) as f64) as i32
    }
    fn x_frac(&self, d: NaiveDate, frac: f64) -> i32 {
        self.x0
            + (((d - self.start).num_days() as f64 + frac) / self.days as f64
                * (self.x1 - self.x0) as f64) as i32
    }
    fn ticks(&self) -> Vec<NaiveDate> {
        let px_per_day = (self.x1 - self.x0) as f64 / self.days as f64;
        let step = [1, 2, 7, 14, 30, 61, 91, 183, 365, 730]
            .into_iter()
            .find(|s| *s as f64 * px_per_day >= 70.0)
            .unwrap_or(1461);
        let mut t = self.start;
        if step >= 28 {
            t = NaiveDate::from_ymd_opt(t.year(), t.month(), 1).unwrap_or(t);
        }
        let mut v = Vec::new();
        while (t - self.start).num_days() < self.days {
            if t >= self.start {
                v.push(t);
            }
            t = if step >= 28 {
                first_of_month_after(t, (step / 30).max(1) as i32)
            } else {
                t + Duration::days(step)
            };
        }
        v
    }
    fn label(&self, d: NaiveDate) -> String {
        if self.days > 400 {
            d.format("%b %Y").to_string()
        } else {
            d.format("%b %-d").to_string()
        }
    }
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, plotters::coord::Shift>,
        y_top: i32,
        y_axis: i32,
    ) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        area.draw(&PathElement::new(
            vec![(self.x0, y_axis), (self.x1, y_axis)],
            BLACK.stroke_width(1),
        ))?;
        for t in self.ticks() {
            let x = self.x_frac(t, 0.0);
            area.draw(&PathElement::new(
                vec![(x, y_top), (x, y_axis)],
                RGBColor(225, 225, 225).stroke_width(1),
            ))?;
            area.draw(&PathElement::new(
                vec![(x, y_axis), (x, y_axis + 5)],
                BLACK.stroke_width(1),
            ))?;
            let s = self.label(t);
            let w = s.chars().count() as i32 * 7;
            area.draw(&Text::new(s, (x - w / 2, y_axis + 8), font(14)))?;
        }
        Ok(())
    }
}

/// The first day of the month `months` after `d`'s: the next month tick.
fn first_of_month_after(d: NaiveDate, months: i32) -> NaiveDate {
    let (y, m) = crate::temporal::add_months(d.year(), d.month(), months);
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

fn day_range(
    input: &ReportInput,
    only: Option<&[(&TimelineEntry, &Story)]>,
) -> (NaiveDate, NaiveDate) {
    let mut lo: Option<NaiveDate> = None;
    let mut hi: Option<NaiveDate> = None;
    let mut see = |d: NaiveDate| {
        lo = Some(lo.map_or(d, |l: NaiveDate| l.min(d)));
        hi = Some(hi.map_or(d, |h: NaiveDate| h.max(d)));
    };
    match only {
        // The lanes drawn: their first and last articles and their event dates.
        Some(lanes) => {
            for (t, s) in lanes {
                see(s.first_published.date_naive());
                see(s.last_published.date_naive());
                see(t.event_date);
            }
        }
        None => {
            for a in input.articles {
                see(a.published.date_naive());
            }
        }
    }
    let lo = lo.unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).expect("date"));
    let hi = hi.unwrap_or(lo);
    (lo - Duration::days(1), hi + Duration::days(1))
}

/// Story lanes in timeline order, the largest `max` stories when there are more.
fn lanes<'a>(input: &'a ReportInput, max: usize) -> Vec<(&'a TimelineEntry, &'a Story)> {
    let by_id: HashMap<&str, &Story> = input
        .stories
        .iter()
        .map(|s| (s.story_id.as_str(), s))
        .collect();
    let mut v: Vec<(&TimelineEntry, &Story)> = input
        .timeline
        .iter()
        .filter_map(|t| by_id.get(t.story_id.as_str()).map(|s| (t, *s)))
        .collect();
    if v.len() > max {
        let mut by_size: Vec<usize> = (0..v.len()).collect();
        by_size.sort_by(|&a, &b| {
            v[b].1
                .article_ids
                .len()
                .cmp(&v[a].1.article_ids.len())
                .then(a.cmp(&b))
        });
        let keep: std::collections::HashSet<usize> = by_size.into_iter().take(max).collect();
        v = v
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.contains(i))
            .map(|(_, x)| x)
            .collect();
    }
    v
}

/// Maximum number of story lanes drawn; the rest are named in the subtitle.
pub const MAX_LANES: usize = 30;

/// Outlets most prolific first (ties by name), at most `max`.
fn outlets_by_volume<'a>(input: &'a ReportInput, max: usize) -> Vec<(&'a str, usize)> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for a in input.articles {
        *n.entry(a.outlet.as_str()).or_default() += 1;
    }
    let mut v: Vec<(&str, usize)> = n.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.truncate(max);
    v
}

fn story_name(s: &Story) -> &str {
    if s.label.is_empty() {
        &s.headline
    } else {
        &s.label
    }
}

/// Horizontal grid lines with their counts, from 0 to `limit`, at most about eight steps for
/// counts up to `max`.
fn y_ticks<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    (left, right): (i32, i32),
    max: usize,
    limit: usize,
    y_of: &dyn Fn(usize) -> i32,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
        .into_iter()
        .find(|s| max / s <= 8)
        .unwrap_or(10000);
    let mut v = 0;
    while v <= limit {
        let y = y_of(v);
        root.draw(&PathElement::new(
            vec![(left - 5, y), (right, y)],
            RGBColor(230, 230, 230).stroke_width(1),
        ))?;
        root.draw(&Text::new(v.to_string(), (left - 45, y - 8), font(14)))?;
        v += step;
    }
    Ok(())
}
