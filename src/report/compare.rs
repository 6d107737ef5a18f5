//! Outlet comparison charts: lead–lag matrix, coverage per story by outlet, outlet attention
//! over time, and the emphasis of one story. Each stays legible with 10 outlets and 30 stories.

use super::{bold, chart_err, ellipsize, font, palette, y_ticks, DayAxis, ReportInput};
use crate::error::Result;
use crate::model::{EmphasisRow, Story};
use chrono::NaiveDate;
use plotters::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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

/// Red (row trails) through white to blue (row leads), by the size of the lag.
fn lag_colour(hours: f64, scale: f64) -> RGBColor {
    let t = (hours.abs() / scale.max(1e-9)).clamp(0.0, 1.0) * 0.85 + 0.15;
    let (r, g, b) = if hours > 0.0 {
        (33.0, 102.0, 172.0)
    } else if hours < 0.0 {
        (178.0, 24.0, 43.0)
    } else {
        (240.0, 240.0, 240.0)
    };
    let mix = |c: f64| (255.0 + (c - 255.0) * t) as u8;
    RGBColor(mix(r), mix(g), mix(b))
}

fn hours_label(h: f64) -> String {
    if h.abs() < 0.05 {
        "0 h".to_string()
    } else if h.abs() >= 48.0 {
        format!("{:+.1} d", h / 24.0)
    } else {
        format!("{h:+.1} h")
    }
}

/// Matrix of median lags: cell (row A, column B) is how many hours B's first own article came
/// after A's, over the stories both reported themselves; blue when the row outlet leads.
pub(super) fn draw_lead_lag(input: &ReportInput, path: &Path) -> Result<()> {
    let outlets: Vec<&str> = outlets_by_volume(input, 12)
        .into_iter()
        .map(|o| o.0)
        .collect();
    let mut cell: HashMap<(&str, &str), (f64, usize, usize, usize)> = HashMap::new();
    for r in &input.comparison.lead_lag {
        cell.insert(
            (r.outlet_a.as_str(), r.outlet_b.as_str()),
            (r.median_lag_hours, r.a_first, r.b_first, r.n_shared),
        );
        cell.insert(
            (r.outlet_b.as_str(), r.outlet_a.as_str()),
            (-r.median_lag_hours, r.b_first, r.a_first, r.n_shared),
        );
    }
    let scale = input
        .comparison
        .lead_lag
        .iter()
        .map(|r| r.median_lag_hours.abs())
        .fold(1.0, f64::max);
    let (left, top, cw, ch) = (300, 280, 120, 60);
    let width = (left + outlets.len() as i32 * cw + 40).max(1000) as u32;
    let height = (top + outlets.len() as i32 * ch + 90).max(420) as u32;
    let root = canvas(
        path,
        (width, height),
        "Lead–lag between outlets",
        &[
            "Cell: median time by which the column outlet's first own article followed the row outlet's,".into(),
            "over the stories both reported themselves (republished wire copies left out). Blue: the row".into(),
            "outlet usually leads; red: it trails. Second line: stories the row was first / the column was first / shared.".into(),
        ],
    )?;
    let e = |x| chart_err(path, x);
    for (j, o) in outlets.iter().enumerate() {
        let x = left + j as i32 * cw + cw / 2 - 6;
        root.draw(&Text::new(
            ellipsize(o, 24),
            (x, top - 8),
            font(14).transform(FontTransform::Rotate270),
        ))
        .map_err(e)?;
    }
    for (i, a) in outlets.iter().enumerate() {
        let y = top + i as i32 * ch;
        root.draw(&Text::new(ellipsize(a, 30), (16, y + ch / 2 - 9), font(15)))
            .map_err(e)?;
        for (j, b) in outlets.iter().enumerate() {
            let x = left + j as i32 * cw;
            let rect = [(x + 1, y + 1), (x + cw - 1, y + ch - 1)];
            if a == b {
                root.draw(&Rectangle::new(rect, RGBColor(225, 225, 225).filled()))
                    .map_err(e)?;
                continue;
            }
            match cell.get(&(*a, *b)) {
                Some(&(lag, a_first, b_first, n)) => {
                    let c = lag_colour(lag, scale);
                    root.draw(&Rectangle::new(rect, c.filled())).map_err(e)?;
                    let strong = lag.abs() / scale > 0.55;
                    let ink = if strong { WHITE } else { BLACK };
                    root.draw(&Text::new(
                        hours_label(lag),
                        (x + 10, y + 8),
                        bold(15).color(&ink),
                    ))
                    .map_err(e)?;
                    root.draw(&Text::new(
                        format!("{a_first}/{b_first}/{n}"),
                        (x + 10, y + 32),
                        font(13).color(&ink),
                    ))
                    .map_err(e)?;
                }
                None => {
                    root.draw(&Rectangle::new(rect, RGBColor(248, 248, 248).filled()))
                        .map_err(e)?;
                    root.draw(&Text::new("no shared story", (x + 8, y + 20), font(12)))
                        .map_err(e)?;
                }
            }
        }
    }
    root.present().map_err(e)?;
    Ok(())
}

/// Stories in timeline order, at most `max`: the ones with most articles when there are more.
fn shown_stories<'a>(input: &'a ReportInput, max: usize) -> Vec<&'a Story> {
    let by_id: HashMap<&str, &Story> = input
        .stories
        .iter()
        .map(|s| (s.story_id.as_str(), s))
        .collect();
    let mut ordered: Vec<&Story> = input
        .timeline
        .iter()
        .filter_map(|t| by_id.get(t.story_id.as_str()).copied())
        .collect();
    if ordered.len() > max {
        let mut by_size = ordered.clone();
        by_size.sort_by(|a, b| {
            b.article_ids
                .len()
                .cmp(&a.article_ids.len())
                .then(a.story_id.cmp(&b.story_id))
        });
        let keep: std::collections::HashSet<&str> = by_size
            .iter()
            .take(max)
            .map(|s| s.story_id.as_str())
            .collect();
        ordered.retain(|s| keep.contains(s.story_id.as_str()));
    }
    ordered
}

fn story_name(s: &Story) -> &str {
    if s.label.is_empty() {
        &s.headline
    } else {
        &s.label
    }
}

/// One bar per story, split by outlet; republished copies drawn pale.
pub(super) fn draw_story_coverage(input: &ReportInput, path: &Path) -> Result<()> {
    let outlets = outlets_by_volume(input, 10);
    let colour_of: HashMap<&str, usize> =
        outlets.iter().enumerate().map(|(k, o)| (o.0, k)).collect();
    let stories = shown_stories(input, 30);
    let mut rows: HashMap<&str, Vec<(usize, usize, usize)>> = HashMap::new();
    for r in &input.comparison.coverage {
        let slot = colour_of.get(r.outlet.as_str()).copied().unwrap_or(10);
        rows.entry(r.story_id.as_str()).or_default().push((
            slot,
            r.n_articles - r.n_wire,
            r.n_wire,
        ));
    }
    let widest = stories
        .iter()
        .map(|s| s.article_ids.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let (left, top, bar_h, right) = (470, 110, 30, 300);
    let width = 1700u32;
    let height = (top + stories.len() as i32 * bar_h + 70).max(400) as u32;
    let plot_w = width as i32 - left - right;
    let root = canvas(
        path,
        (width, height),
        "Coverage of each story, by outlet",
        &[format!(
            "Bar length: articles; colour: outlet (the {} largest; grey: others); pale: republished wire copies.",
            outlets.len()
        )],
    )?;
    let e = |x| chart_err(path, x);
    for (i, s) in stories.iter().enumerate() {
        let y = top + i as i32 * bar_h;
        root.draw(&Text::new(
            format!("{} ({})", ellipsize(story_name(s), 48), s.article_ids.len()),
            (16, y + 6),
            font(14),
        ))
        .map_err(e)?;
        let mut segs = rows.get(s.story_id.as_str()).cloned().unwrap_or_default();
        segs.sort();
        let mut x = left;
        for (slot, own, copies) in segs {
            let base = if slot < 10 {
                palette(slot)
            } else {
                RGBColor(170, 170, 170)
            };
            for (n, pale) in [(own, false), (copies, true)] {
                if n == 0 {
                    continue;
                }
                let w = ((n as f64 / widest as f64) * plot_w as f64)
                    .round()
                    .max(2.0) as i32;
                let c = if pale { base.mix(0.35) } else { base.mix(1.0) };
                root.draw(&Rectangle::new(
                    [(x, y + 3), (x + w - 1, y + bar_h - 4)],
                    c.filled(),
                ))
                .map_err(e)?;
                x += w;
            }
        }
    }
    // Legend.
    let lx = width as i32 - right + 30;
    for (k, (o, n)) in outlets.iter().enumerate() {
        let y = top + k as i32 * 26;
        root.draw(&Rectangle::new(
            [(lx, y + 2), (lx + 18, y + 18)],
            palette(k).filled(),
        ))
        .map_err(e)?;
        root.draw(&Text::new(
            format!("{} ({n})", ellipsize(o, 24)),
            (lx + 26, y + 2),
            font(14),
        ))
        .map_err(e)?;
    }
    root.present().map_err(e)?;
    Ok(())
}

/// Articles per day of each outlet, as lines.
pub(super) fn draw_attention(input: &ReportInput, path: &Path) -> Result<()> {
    let outlets = outlets_by_volume(input, 10);
    let (width, height) = (1700u32, 760u32);
    let root = BitMapBackend::new(path, (width, height)).into_drawing_area();
    let e = |x| chart_err(path, x);
    root.fill(&WHITE).map_err(e)?;
    let days: Vec<NaiveDate> = input
        .articles
        .iter()
        .map(|a| a.published_local_date())
        .collect();
    let (Some(start), Some(end)) = (days.iter().min().copied(), days.iter().max().copied()) else {
        root.draw(&Text::new("No articles", (20, 20), bold(26)))
            .map_err(e)?;
        root.present().map_err(e)?;
        return Ok(());
    };
    let n_days = (end - start).num_days() + 1;
    // Long spans are drawn per week so the lines stay readable.
    let bucket = if n_days > 120 { 7 } else { 1 };
    let mut counts: BTreeMap<&str, BTreeMap<i64, usize>> = BTreeMap::new();
    for a in input.articles {
        let k = (a.published_local_date() - start).num_days() / bucket;
        *counts
            .entry(a.outlet.as_str())
            .or_default()
            .entry(k)
            .or_default() += 1;
    }
    let buckets = (n_days + bucket - 1) / bucket;
    let max = counts
        .values()
        .flat_map(|m| m.values())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let (left, right, top, bottom) = (90, 330, 110, 90);
    let axis = DayAxis {
        start,
        days: n_days,
        x0: left,
        x1: width as i32 - right,
    };
    let y_axis = height as i32 - bottom;
    let plot_h = (y_axis - top) as f64;
    let y_of = |n: usize| y_axis - (n as f64 / (max as f64 * 1.1) * plot_h) as i32;
    root.draw(&Text::new("Outlet attention over time", (20, 14), bold(26)))
        .map_err(e)?;
    root.draw(&Text::new(
        format!(
            "Articles per {} of each outlet (the {} largest).",
            if bucket == 1 { "day" } else { "week" },
            outlets.len()
        ),
        (20, 50),
        font(15),
    ))
    .map_err(e)?;
    axis.draw(&root, top, y_axis).map_err(e)?;
    y_ticks(&root, (left, axis.x1), max, max + max / 10, &y_of).map_err(e)?;
    for (k, (o, n)) in outlets.iter().enumerate() {
        let series = counts.get(o).cloned().unwrap_or_default();
        let points: Vec<(i32, i32)> = (0..buckets)
            .map(|b| {
                let day = start + chrono::Duration::days(b * bucket);
                let frac = if bucket == 1 { 0.5 } else { 3.5 };
                (
                    axis.x_frac(day, frac),
                    y_of(series.get(&b).copied().unwrap_or(0)),
                )
            })
            .collect();
        root.draw(&PathElement::new(points, palette(k).stroke_width(3)))
            .map_err(e)?;
        let ly = top + k as i32 * 26;
        let lx = width as i32 - right + 30;
        root.draw(&Rectangle::new(
            [(lx, ly + 8), (lx + 22, ly + 12)],
            palette(k).filled(),
        ))
        .map_err(e)?;
        root.draw(&Text::new(
            format!("{} ({n})", ellipsize(o, 24)),
            (lx + 30, ly + 2),
            font(14),
        ))
        .map_err(e)?;
    }
    root.present().map_err(e)?;
    Ok(())
}

/// The story the emphasis chart shows: the one asked for, else the one with most outlets in
/// the emphasis table (then most articles).
fn emphasis_story<'a>(input: &'a ReportInput) -> Option<&'a Story> {
    if let Some(id) = input.emphasis_story {
        return input.stories.iter().find(|s| s.story_id == id);
    }
    let mut outlets: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
    for r in &input.comparison.emphasis {
        if let Some(s) = &r.story_id {
            outlets
                .entry(s.as_str())
                .or_default()
                .insert(r.outlet.as_str());
        }
    }
    input
        .stories
        .iter()
        .filter(|s| outlets.contains_key(s.story_id.as_str()))
        .max_by(|a, b| {
            let na = outlets[a.story_id.as_str()].len();
            let nb = outlets[b.story_id.as_str()].len();
            na.cmp(&nb)
                .then(a.article_ids.len().cmp(&b.article_ids.len()))
                .then(b.story_id.cmp(&a.story_id))
        })
}

/// One panel per outlet: the terms and entities it stresses in one story, with z-scores.
pub(super) fn draw_emphasis(input: &ReportInput, path: &Path) -> Result<()> {
    let story = emphasis_story(input);
    let mut panels: BTreeMap<&str, Vec<&EmphasisRow>> = BTreeMap::new();
    if let Some(s) = story {
        for r in &input.comparison.emphasis {
            if r.story_id.as_deref() == Some(s.story_id.as_str()) {
                panels.entry(r.outlet.as_str()).or_default().push(r);
            }
        }
    }
    let outlets: Vec<(&str, Vec<&EmphasisRow>)> = panels
        .into_iter()
        .map(|(o, mut rows)| {
            rows.sort_by(|a, b| b.z.total_cmp(&a.z).then(a.feature.cmp(&b.feature)));
            rows.truncate(10);
            (o, rows)
        })
        .take(10)
        .collect();
    let cols = outlets.len().clamp(1, 5) as i32;
    let rows_n = (outlets.len() as i32 + cols - 1) / cols;
    let (pw, ph, top) = (330, 330, 120);
    let width = (cols * pw + 40).max(1000) as u32;
    let height = (top + rows_n.max(1) * ph + 20) as u32;
    let root = BitMapBackend::new(path, (width, height)).into_drawing_area();
    let e = |x| chart_err(path, x);
    root.fill(&WHITE).map_err(e)?;
    let title = match story {
        Some(s) => format!("Emphasis: {}", ellipsize(story_name(s), 70)),
        None => "Emphasis: no story was reported by two outlets".to_string(),
    };
    root.draw(&Text::new(title, (20, 14), bold(26)))
        .map_err(e)?;
    root.draw(&Text::new(
        "Terms and entities (bold) each outlet uses more than the other outlets in this story: weighted log-odds",
        (20, 50),
        font(15),
    ))
    .map_err(e)?;
    root.draw(&Text::new(
        "with an informative Dirichlet prior (Monroe et al. 2008); bar: z-score. Republished wire copies left out.",
        (20, 72),
        font(15),
    ))
    .map_err(e)?;
    let zmax = outlets
        .iter()
        .flat_map(|(_, r)| r.iter().map(|x| x.z))
        .fold(1.0, f64::max);
    for (k, (o, rows)) in outlets.iter().enumerate() {
        let (cx, cy) = (20 + (k as i32 % cols) * pw, top + (k as i32 / cols) * ph);
        root.draw(&Text::new(
            ellipsize(o, 28),
            (cx, cy),
            bold(17).color(&palette(k)),
        ))
        .map_err(e)?;
        for (i, r) in rows.iter().enumerate() {
            let y = cy + 30 + i as i32 * 28;
            let w = ((r.z / zmax) * 120.0).round().max(2.0) as i32;
            root.draw(&Rectangle::new(
                [(cx, y + 3), (cx + w, y + 19)],
                palette(k).mix(0.45).filled(),
            ))
            .map_err(e)?;
            let label = format!("{}  z {:.1}", ellipsize(&r.feature, 18), r.z);
            let style = if r.kind == "entity" {
                bold(14)
            } else {
                font(14)
            };
            root.draw(&Text::new(label, (cx + 128, y + 3), style))
                .map_err(e)?;
        }
    }
    root.present().map_err(e)?;
    Ok(())
}
