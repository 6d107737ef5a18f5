//! Outlet against outlet: the lead–lag matrix (`lead_lag.png`) and the emphasis of one story
//! (`emphasis.png`). Each stays legible with 10 outlets.

use super::{
    bold, canvas, chart_err, ellipsize, font, outlets_by_volume, palette, story_name, ReportInput,
};
use crate::error::Result;
use crate::model::{EmphasisRow, Story};
use plotters::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
