//! The timeline-summary chart: dates down a vertical axis, each with its sentences beside it.

use super::{bold, chart_err, font};
use crate::error::Result;
use crate::model::SummaryDay;
use plotters::prelude::*;
use std::path::Path;

const WIDTH: u32 = 1600;
const LINE_H: i32 = 21;
/// Characters per wrapped line at 15 px DejaVu Sans in the text column.
const WRAP: usize = 190;
/// The tallest image drawn; later dates are counted in a footnote instead.
const MAX_HEIGHT: i32 = 16_000;

/// Greedy word wrap to at most `width` characters per line.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws `days` (ascending) with `title` at the top.
pub fn draw_summary(days: &[SummaryDay], title: &str, path: &Path) -> Result<()> {
    let (top, axis_x, text_x) = (100, 190, 230);
    // Lay out first: each date's block of wrapped sentences.
    let blocks: Vec<(String, Vec<Vec<String>>)> = days
        .iter()
        .map(|d| {
            (
                d.date.format("%a %-d %b %Y").to_string(),
                d.sentences.iter().map(|s| wrap(&s.text, WRAP)).collect(),
            )
        })
        .collect();
    let block_h = |b: &(String, Vec<Vec<String>>)| -> i32 {
        b.1.iter().map(|s| s.len() as i32).sum::<i32>() * LINE_H + 14 * b.1.len() as i32 + 14
    };
    let mut shown = 0;
    let mut height = top;
    for b in &blocks {
        if height + block_h(b) > MAX_HEIGHT {
            break;
        }
        height += block_h(b);
        shown += 1;
    }
    let height = (height + 60).max(300) as u32;
    let root = BitMapBackend::new(path, (WIDTH, height)).into_drawing_area();
    let e = |x| chart_err(path, x);
    root.fill(&WHITE).map_err(e)?;
    root.draw(&Text::new(title.to_string(), (20, 14), bold(26)))
        .map_err(e)?;
    let sentences: usize = days.iter().map(|d| d.sentences.len()).sum();
    let sub = format!(
        "{} dates, {} sentences: the dates most articles point to, each with the sentences closest to what was reported about it.",
        days.len(),
        sentences
    );
    root.draw(&Text::new(sub, (20, 52), font(15))).map_err(e)?;
    let line_end = height as i32 - 50;
    root.draw(&PathElement::new(
        vec![(axis_x, top - 10), (axis_x, line_end)],
        RGBColor(150, 150, 150).stroke_width(2),
    ))
    .map_err(e)?;
    let mut y = top;
    for (i, (label, sents)) in blocks.iter().take(shown).enumerate() {
        let accent = super::palette(i % 10);
        root.draw(&Circle::new((axis_x, y + 8), 6, accent.filled()))
            .map_err(e)?;
        root.draw(&Text::new(label.clone(), (20, y), bold(15)))
            .map_err(e)?;
        for lines in sents {
            root.draw(&Text::new("•", (text_x - 14, y), font(15)))
                .map_err(e)?;
            for l in lines {
                root.draw(&Text::new(l.clone(), (text_x, y), font(15)))
                    .map_err(e)?;
                y += LINE_H;
            }
            y += 14;
        }
        y += 14;
    }
    if shown < blocks.len() {
        let note = format!(
            "… {} later dates not drawn (the full timeline is in timeline.json).",
            blocks.len() - shown
        );
        root.draw(&Text::new(note, (text_x, y), font(15)))
            .map_err(e)?;
    }
    root.present().map_err(e)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_keeps_words_whole_and_lines_short() {
        let w = wrap(
            "the rig exploded in the gulf of mexico on tuesday night",
            20,
        );
        assert!(w.iter().all(|l| l.chars().count() <= 20), "{w:?}");
        assert_eq!(
            w.join(" "),
            "the rig exploded in the gulf of mexico on tuesday night"
        );
    }
}
