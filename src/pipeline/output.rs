//! Writing a finished analysis: every table into the run folder and every chart beside it,
//! in three groups side by side.

use super::{timed, write_rejects, Analysis, Progress};
use crate::compare;
use crate::error::{Error, Result};
use crate::model::*;
use crate::report;
use crate::run_dir::{self, OutputDirs, Table};
use polars::prelude::{DataFrame, PolarsResult};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Writes every table and report of an analysis.
pub fn write_outputs(a: &Analysis, dirs: &OutputDirs, p: &dyn Progress) -> Result<Vec<PathBuf>> {
    timed(
        p,
        "write",
        || {
            let d = &dirs.data;
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
            let dates: HashMap<String, StoryDate> = a
                .dated
                .dates
                .iter()
                .map(|x| (x.story_id.clone(), x.clone()))
                .collect();
            // Three independent groups of files, written side by side; paths listed in one
            // fixed order.
            let story_tables = || -> Result<Vec<PathBuf>> {
                let mut out = Vec::new();
                let story_of = a.story_of();
                let articles = &a.corpus.articles;
                write_rows(d, Table::Articles, articles.len(), &mut out, |r| {
                    run_dir::articles_frame(&articles[r], &story_of)
                })?;
                let entities = &a.clustered.entities;
                write_rows(d, Table::Entities, entities.len(), &mut out, |r| {
                    run_dir::entities_frame(&entities[r])
                })?;
                let mut put = |table: Table, df| write_table(d, table, df, &mut out);
                put(
                    Table::Stories,
                    run_dir::stories_frame(&a.clustered.stories, &dates),
                )?;
                put(Table::Timeline, run_dir::timeline_frame(&a.dated.timeline))?;
                Ok(out)
            };
            let date_tables = || -> Result<Vec<PathBuf>> {
                let mut out = Vec::new();
                let mentions = &a.dated.mentions;
                write_rows(d, Table::Mentions, mentions.len(), &mut out, |r| {
                    run_dir::mentions_frame(&mentions[r])
                })?;
                let article_dates = &a.dated.article_dates;
                write_rows(d, Table::ArticleDates, article_dates.len(), &mut out, |r| {
                    run_dir::article_dates_frame(&article_dates[r])
                })?;
                out.extend(write_comparison(&a.compared, d)?);
                out.extend(write_rejects(&a.corpus, d)?);
                Ok(out)
            };
            let reports = || report::write_reports(&a.report_input(None), &dirs.reports);
            let (tables, reports) = rayon::join(|| rayon::join(story_tables, date_tables), reports);
            let (story_tables, date_tables) = tables;
            let mut out = story_tables?;
            out.extend(date_tables?);
            out.extend(reports?);
            Ok(out)
        },
        |o: &Vec<PathBuf>| format!("{} files", o.len()),
    )
}

/// Writes the comparison tables into `dir`: outlets, coverage, lead_lag, emphasis, blind_spots.
pub fn write_comparison(c: &compare::Comparison, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    write_table(
        dir,
        Table::Outlets,
        run_dir::outlets_frame(&c.outlets),
        &mut out,
    )?;
    write_table(
        dir,
        Table::Coverage,
        run_dir::coverage_frame(&c.coverage),
        &mut out,
    )?;
    write_table(
        dir,
        Table::LeadLag,
        run_dir::lead_lag_frame(&c.lead_lag),
        &mut out,
    )?;
    write_rows(dir, Table::Emphasis, c.emphasis.len(), &mut out, |r| {
        run_dir::emphasis_frame(&c.emphasis[r])
    })?;
    write_table(
        dir,
        Table::BlindSpots,
        run_dir::blind_spots_frame(&c.blind_spots),
        &mut out,
    )?;
    Ok(out)
}

/// Writes a long table into `dir` (atomically) one row group at a time and records its path.
fn write_rows(
    dir: &Path,
    table: Table,
    len: usize,
    out: &mut Vec<PathBuf>,
    build: impl Fn(std::ops::Range<usize>) -> PolarsResult<DataFrame>,
) -> Result<()> {
    out.push(run_dir::write_table_chunked(dir, table, len, build)?);
    Ok(())
}

/// Writes one table into `dir` (atomically) and records its path.
fn write_table(
    dir: &Path,
    table: Table,
    df: PolarsResult<DataFrame>,
    out: &mut Vec<PathBuf>,
) -> Result<()> {
    out.push(run_dir::write_table(dir, table, df)?);
    Ok(())
}
