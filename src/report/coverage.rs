//! Who covered which story: the outlet × story heatmap (`coverage.png`) and one bar per story
//! split by outlet (`story_coverage.png`).

use super::{
    bold, canvas, chart_err, ellipsize, font, lanes, outlets_by_volume, palette, story_name,
    ReportInput, MAX_LANES,
};
use crate::error::Result;
use crate::model::Story;
use plotters::prelude::*;
use std::collections::HashMap;
use std::path::Path;

pub(super) fn draw_coverage(input: &ReportInput, path: &Path) -> Result<()> {
    let lanes = lanes(input, MAX_LANES);
    let mut outlets = outlets_by_volume(input, usize::MAX);
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
        let name = story_name(s);
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
