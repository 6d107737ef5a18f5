//! The story timeline (`timeline.png`): one lane per story in event-date order, a bar from its
//! first to its last article, a dot per article and a diamond on the event date.

use super::{
    bold, canvas, chart_err, day_range, ellipsize, font, lanes, palette, story_name, DayAxis,
    ReportInput, MAX_LANES,
};
use crate::error::Result;
use crate::model::Article;
use chrono::Timelike;
use plotters::prelude::*;
use std::collections::HashMap;
use std::path::Path;

pub(super) fn draw_timeline(input: &ReportInput, path: &Path) -> Result<()> {
    let lanes = lanes(input, MAX_LANES);
    let lane_h = 34;
    let (top, left, right) = (110, 520, 170);
    let width = 1700u32;
    let height = (top + lanes.len() as i32 * lane_h + 90).max(420) as u32;
    let hidden = input.timeline.len().saturating_sub(lanes.len());
    let sub = format!(
        "{} stories from {} articles, ordered by event date{}. Bar: first to last article; dots: articles; diamond: event date.",
        input.stories.len(),
        input.articles.len(),
        if hidden > 0 { format!(" ({} largest shown, {hidden} smaller not drawn)", lanes.len()) } else { String::new() }
    );
    let root = canvas(path, (width, height), "Story timeline", &[sub])?;
    let e = |x| chart_err(path, x);
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
        let name = story_name(s);
        let label = format!(
            "#{} {} {}",
            i + 1,
            t.event_date.format(date_format),
            ellipsize(
                name,
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
