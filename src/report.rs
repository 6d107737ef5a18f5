//! PNG reports: the story timeline, article volume per story over time, the outlet × story
//! coverage heatmap, and the outlet comparison charts (lead–lag, coverage per story, attention
//! over time, emphasis). The font (DejaVu Sans) is embedded, so text renders on machines with
//! no system fonts.

mod compare;
mod summary;

use crate::compare::Comparison;
use crate::error::{Error, Result};
use crate::model::{Article, Story, StoryDate, TimelineEntry};
use chrono::{Datelike, Duration, NaiveDate, Timelike};
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
    ("timeline.png", draw_timeline),
    ("volume.png", draw_volume),
    ("coverage.png", draw_coverage),
    ("lead_lag.png", compare::draw_lead_lag),
    ("story_coverage.png", compare::draw_story_coverage),
    ("attention.png", compare::draw_attention),
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

/// Shortens text to at most `n` characters, with an ellipsis.
pub fn ellipsize(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!(
            "{}…",
            s.chars()
                .take(n.saturating_sub(1))
                .collect::<String>()
                .trim_end()
        )
    }
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
                add_months(t, (step / 30).max(1) as u32)
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

fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + m as i32;
    NaiveDate::from_ymd_opt(total / 12, (total % 12) as u32 + 1, 1).unwrap_or(d)
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

fn draw_timeline(input: &ReportInput, path: &Path) -> Result<()> {
    let lanes = lanes(input, MAX_LANES);
    let lane_h = 34;
    let (top, left, right) = (110, 520, 170);
    let width = 1700u32;
    let height = (top + lanes.len() as i32 * lane_h + 90).max(420) as u32;
    let root = BitMapBackend::new(path, (width, height)).into_drawing_area();
    let e = |x| chart_err(path, x);
    root.fill(&WHITE).map_err(e)?;
    let (start, end) = day_range(input, Some(&lanes));
    // Years matter once the lanes span more than a season.
    let long_range = (end - start).num_days() > 300;
    let date_format = if long_range { "%Y-%m-%d" } else { "%b %-d" };
    let axis = DayAxis {
        start,
        days: (end - start).num_days() + 1,
        x0: left,
        x1: width as i32 - right,
    };
    let y_axis = top + lanes.len() as i32 * lane_h + 6;
    root.draw(&Text::new("Story timeline", (20, 14), bold(26)))
        .map_err(e)?;
    let hidden = input.timeline.len().saturating_sub(lanes.len());
    let sub = format!(
        "{} stories from {} articles, ordered by event date{}. Bar: first to last article; dots: articles; diamond: event date.",
        input.stories.len(),
        input.articles.len(),
        if hidden > 0 { format!(" ({} largest shown, {hidden} smaller not drawn)", lanes.len()) } else { String::new() }
    );
    root.draw(&Text::new(sub, (20, 50), font(15))).map_err(e)?;
    root.draw(&Text::new(
        "event date · story (linked: stories it mentions)",
        (20, top - 26),
        bold(14),
    ))
    .map_err(e)?;
    axis.draw(&root, top - 8, y_axis).map_err(e)?;
    let by_id: HashMap<&str, &Article> =
        input.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let pos_of: HashMap<&str, usize> = lanes
        .iter()
        .enumerate()
        .map(|(i, (t, _))| (t.story_id.as_str(), i + 1))
        .collect();
    for (i, (t, s)) in lanes.iter().enumerate() {
        let y = top + i as i32 * lane_h;
        let yc = y + lane_h / 2;
        if i % 2 == 0 {
            root.draw(&Rectangle::new(
                [(10, y), (width as i32 - 10, y + lane_h)],
                RGBColor(246, 247, 250).filled(),
            ))
            .map_err(e)?;
        }
        let color = palette(i);
        let links: Vec<String> = t
            .linked_story_ids
            .iter()
            .filter_map(|l| pos_of.get(l.as_str()).map(|p| format!("#{p}")))
            .collect();
        let link_txt = if links.is_empty() {
            String::new()
        } else {
            let more = if links.len() > 3 { ",…" } else { "" };
            format!(" → {}{more}", links[..links.len().min(3)].join(","))
        };
        let name = if s.label.is_empty() {
            s.headline.clone()
        } else {
            s.label.clone()
        };
        let label = format!(
            "#{} {} {}",
            i + 1,
            t.event_date.format(date_format),
            ellipsize(
                &name,
                46 - link_txt.chars().count().min(20) - if long_range { 5 } else { 0 }
            )
        );
        root.draw(&Text::new(
            format!("{label}{link_txt}"),
            (16, yc - 8),
            font(14),
        ))
        .map_err(e)?;
        let frac = |t: &chrono::DateTime<chrono::Utc>| {
            t.time().num_seconds_from_midnight() as f64 / 86400.0
        };
        let (x_first, x_last) = (
            axis.x_frac(s.first_published.date_naive(), frac(&s.first_published)),
            axis.x_frac(s.last_published.date_naive(), frac(&s.last_published)),
        );
        root.draw(&Rectangle::new(
            [(x_first, yc - 6), (x_last.max(x_first + 3), yc + 6)],
            color.mix(0.35).filled(),
        ))
        .map_err(e)?;
        for id in &s.article_ids {
            if let Some(a) = by_id.get(id.as_str()) {
                let secs = a.published.time().num_seconds_from_midnight() as f64 / 86400.0;
                let x = axis.x_frac(a.published.date_naive(), secs);
                root.draw(&Circle::new((x, yc), 3, color.filled()))
                    .map_err(e)?;
            }
        }
        let xe = axis.x(t.event_date);
        root.draw(&Polygon::new(
            vec![(xe, yc - 9), (xe + 7, yc), (xe, yc + 9), (xe - 7, yc)],
            BLACK.filled(),
        ))
        .map_err(e)?;
        root.draw(&Text::new(
            format!("{} art., {} outlets", s.article_ids.len(), s.n_outlets),
            (x_last.max(x_first + 3) + 10, yc - 7),
            font(12).color(&RGBColor(90, 90, 90)),
        ))
        .map_err(e)?;
    }
    root.draw(&Text::new(
        "publication date (UTC)",
        (axis.x0 + (axis.x1 - axis.x0) / 2 - 80, y_axis + 32),
        bold(15),
    ))
    .map_err(e)?;
    root.present().map_err(e)?;
    Ok(())
}

fn draw_volume(input: &ReportInput, path: &Path) -> Result<()> {
    let (width, height) = (1700u32, 820u32);
    let root = BitMapBackend::new(path, (width, height)).into_drawing_area();
    let e = |x| chart_err(path, x);
    root.fill(&WHITE).map_err(e)?;
    let (start, end) = day_range(input, None);
    let (left, right, top, bottom) = (90, 470, 110, 90);
    let axis = DayAxis {
        start,
        days: (end - start).num_days() + 1,
        x0: left,
        x1: width as i32 - right,
    };
    // The 12 largest stories get a colour; the rest are "other stories".
    let mut by_size: Vec<&Story> = input.stories.iter().collect();
    by_size.sort_by(|a, b| {
        b.article_ids
            .len()
            .cmp(&a.article_ids.len())
            .then(a.first_published.cmp(&b.first_published))
            .then(a.story_id.cmp(&b.story_id))
    });
    let shown: Vec<&Story> = by_size.iter().take(12).copied().collect();
    let slot_of: HashMap<&str, usize> = shown
        .iter()
        .enumerate()
        .flat_map(|(k, s)| s.article_ids.iter().map(move |id| (id.as_str(), k)))
        .collect();
    let mut counts: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for a in input.articles {
        let slot = slot_of.get(a.id.as_str()).copied().unwrap_or(shown.len());
        counts
            .entry(a.published.date_naive())
            .or_insert_with(|| vec![0; shown.len() + 1])[slot] += 1;
    }
    let busiest = counts
        .values()
        .map(|v| v.iter().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    // Headroom above the busiest day.
    let max_day = busiest + busiest / 10 + 1;
    let y_axis = height as i32 - bottom;
    let plot_h = (y_axis - top) as f64;
    let y_of = |n: usize| y_axis - (n as f64 / max_day as f64 * plot_h) as i32;
    root.draw(&Text::new(
        "Article volume per day, by story",
        (20, 14),
        bold(26),
    ))
    .map_err(e)?;
    root.draw(&Text::new(
        format!(
            "{} articles; the {} largest stories coloured, the rest grey",
            input.articles.len(),
            shown.len()
        ),
        (20, 50),
        font(15),
    ))
    .map_err(e)?;
    axis.draw(&root, top, y_axis).map_err(e)?;
    y_ticks(&root, (left, axis.x1), max_day, max_day, &y_of).map_err(e)?;
    root.draw(&PathElement::new(
        vec![(left, top), (left, y_axis)],
        BLACK.stroke_width(1),
    ))
    .map_err(e)?;
    root.draw(&Text::new("articles per day", (20, top - 30), bold(15)))
        .map_err(e)?;
    for (day, slots) in &counts {
        let (x0, x1) = (
            axis.x_frac(*day, 0.12),
            axis.x_frac(*day, 0.88).max(axis.x_frac(*day, 0.12) + 1),
        );
        let mut acc = 0;
        for (k, &c) in slots.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let color = if k < shown.len() {
                palette(k)
            } else {
                RGBColor(190, 190, 190)
            };
            root.draw(&Rectangle::new(
                [(x0, y_of(acc + c)), (x1, y_of(acc))],
                color.filled(),
            ))
            .map_err(e)?;
            acc += c;
        }
    }
    root.draw(&Text::new(
        "publication date (UTC)",
        (axis.x0 + (axis.x1 - axis.x0) / 2 - 80, y_axis + 32),
        bold(15),
    ))
    .map_err(e)?;
    // Legend.
    let lx = width as i32 - right + 25;
    root.draw(&Text::new("stories", (lx, top - 28), bold(15)))
        .map_err(e)?;
    for (k, s) in shown.iter().enumerate() {
        let y = top + k as i32 * 26;
        root.draw(&Rectangle::new(
            [(lx, y + 2), (lx + 16, y + 16)],
            palette(k).filled(),
        ))
        .map_err(e)?;
        let name = if s.label.is_empty() {
            &s.headline
        } else {
            &s.label
        };
        root.draw(&Text::new(
            ellipsize(&format!("{} ({})", name, s.article_ids.len()), 50),
            (lx + 24, y + 1),
            font(13),
        ))
        .map_err(e)?;
    }
    if input.stories.len() > shown.len() {
        let y = top + shown.len() as i32 * 26;
        root.draw(&Rectangle::new(
            [(lx, y + 2), (lx + 16, y + 16)],
            RGBColor(190, 190, 190).filled(),
        ))
        .map_err(e)?;
        root.draw(&Text::new(
            format!("{} other stories", input.stories.len() - shown.len()),
            (lx + 24, y + 1),
            font(13),
        ))
        .map_err(e)?;
    }
    root.present().map_err(e)?;
    Ok(())
}

fn draw_coverage(input: &ReportInput, path: &Path) -> Result<()> {
    let lanes = lanes(input, MAX_LANES);
    let mut outlet_n: BTreeMap<&str, usize> = BTreeMap::new();
    for a in input.articles {
        *outlet_n.entry(a.outlet.as_str()).or_default() += 1;
    }
    let mut outlets: Vec<(&str, usize)> = outlet_n.into_iter().collect();
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let hidden_outlets = outlets.len().saturating_sub(20);
    outlets.truncate(20);
    let cells: HashMap<(&str, &str), (usize, f64)> = input
        .comparison
        .coverage
        .iter()
        .map(|r| {
            (
                (r.outlet.as_str(), r.story_id.as_str()),
                (r.n_articles, r.share_of_story),
            )
        })
        .collect();
    let blind: std::collections::HashSet<(&str, &str)> = input
        .comparison
        .blind_spots
        .iter()
        .map(|b| (b.outlet.as_str(), b.story_id.as_str()))
        .collect();
    let (left, top, cell_w, cell_h) = (470, 250, 78, 30);
    let width = (left + outlets.len() as i32 * cell_w + 40).max(1100) as u32;
    let height = (top + lanes.len() as i32 * cell_h + 80).max(400) as u32;
    let root = BitMapBackend::new(path, (width, height)).into_drawing_area();
    let e = |x| chart_err(path, x);
    root.fill(&WHITE).map_err(e)?;
    root.draw(&Text::new(
        "Coverage: each outlet's share of a story's articles",
        (20, 14),
        bold(26),
    ))
    .map_err(e)?;
    let sub = format!(
        "Rows: stories in timeline order; columns: outlets by volume{}. Darker: a larger share of the story's articles.",
        if hidden_outlets > 0 {
            format!(" (top 20; {hidden_outlets} more not shown)")
        } else {
            String::new()
        }
    );
    root.draw(&Text::new(sub, (20, 50), font(15))).map_err(e)?;
    root.draw(&Text::new(
        "The number: the outlet's articles. A red ×: a blind spot (most outlets covered the story, this one did not).",
        (20, 72),
        font(15),
    ))
    .map_err(e)?;
    // Outlet names, rotated so long names never collide.
    for (j, (o, n)) in outlets.iter().enumerate() {
        let x = left + j as i32 * cell_w + cell_w / 2 - 6;
        let style = font(13).transform(FontTransform::Rotate270);
        root.draw(&Text::new(
            ellipsize(&format!("{o} ({n})"), 30),
            (x, top - 8),
            style,
        ))
        .map_err(e)?;
    }
    let span_days = lanes
        .iter()
        .map(|(t, _)| t.event_date)
        .max()
        .zip(lanes.iter().map(|(t, _)| t.event_date).min())
        .map_or(0, |(hi, lo)| (hi - lo).num_days());
    let date_format = if span_days > 300 {
        "%Y-%m-%d"
    } else {
        "%b %-d"
    };
    for (i, (t, s)) in lanes.iter().enumerate() {
        let y = top + i as i32 * cell_h;
        let name = if s.label.is_empty() {
            &s.headline
        } else {
            &s.label
        };
        root.draw(&Text::new(
            format!(
                "#{} {} {}",
                i + 1,
                t.event_date.format(date_format),
                ellipsize(name, 40)
            ),
            (16, y + 7),
            font(14),
        ))
        .map_err(e)?;
        for (j, (o, _)) in outlets.iter().enumerate() {
            let x = left + j as i32 * cell_w;
            let (n, share) = cells
                .get(&(*o, s.story_id.as_str()))
                .copied()
                .unwrap_or((0, 0.0));
            let shade = if n == 0 {
                RGBColor(248, 248, 248)
            } else {
                blend(share)
            };
            root.draw(&Rectangle::new(
                [(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)],
                shade.filled(),
            ))
            .map_err(e)?;
            if n == 0 && blind.contains(&(*o, s.story_id.as_str())) {
                root.draw(&Text::new(
                    "×",
                    (x + cell_w / 2 - 6, y + 4),
                    bold(18).color(&RGBColor(200, 30, 30)),
                ))
                .map_err(e)?;
            }
            if n > 0 {
                let txt = n.to_string();
                let c = if share > 0.5 { WHITE } else { BLACK };
                root.draw(&Text::new(
                    txt.clone(),
                    (x + cell_w / 2 - 4 * txt.len() as i32, y + 7),
                    font(14).color(&c),
                ))
                .map_err(e)?;
            }
        }
    }
    root.present().map_err(e)?;
    Ok(())
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

/// White to dark blue.
fn blend(t: f64) -> RGBColor {
    let t = 0.15 + 0.85 * t.clamp(0.0, 1.0);
    let (r, g, b) = (
        255.0 + (8.0 - 255.0) * t,
        255.0 + (48.0 - 255.0) * t,
        255.0 + (107.0 - 255.0) * t,
    );
    RGBColor(r as u8, g as u8, b as u8)
}
