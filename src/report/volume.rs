//! Article counts over time: volume per day by story (`volume.png`) and each outlet's
//! articles per day or week (`attention.png`).

use super::{
    bold, canvas, chart_err, day_range, ellipsize, font, outlets_by_volume, palette, story_name,
    y_ticks, DayAxis, ReportInput,
};
use crate::error::Result;
use crate::model::Story;
use chrono::NaiveDate;
use plotters::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub(super) fn draw_volume(input: &ReportInput, path: &Path) -> Result<()> {
    let (width, height) = (1700u32, 820u32);
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
    let root = canvas(
        path,
        (width, height),
        "Article volume per day, by story",
        &[format!(
            "{} articles; the {} largest stories coloured, the rest grey",
            input.articles.len(),
            shown.len()
        )],
    )?;
    let e = |x| chart_err(path, x);
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
        root.draw(&Text::new(
            ellipsize(&format!("{} ({})", story_name(s), s.article_ids.len()), 50),
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
