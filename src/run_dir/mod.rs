//! The run folder: every file a run writes, named in one place ([`Table`], [`RunFile`]), with
//! each table's writer and reader side by side in one file per table family. Stages hand typed
//! rows in and get typed rows back; nothing outside this module spells a file name.
//!
//! | file | written by | module |
//! |---|---|---|
//! | `articles.parquet`, `entities.parquet` | ingest, cluster | [`articles`] |
//! | `stories.parquet`, `timeline.parquet` | cluster, timeline | [`stories`] |
//! | `mentions.parquet`, `article_dates.parquet` | timeline | [`dates`] |
//! | `outlets`, `coverage`, `lead_lag`, `emphasis`, `blind_spots` `.parquet` | timeline, compare | [`comparison`] |
//! | `lineage.parquet` | update | [`lineage`] |
//! | `timeline_summary.parquet` | `timeline --input` | [`summary`] |
//! | `manifest.json`, `rejects.jsonl` | every stage | `pipeline` |

mod articles;
mod comparison;
mod dates;
mod json;
mod lineage;
mod parquet;
mod stories;
mod summary;

pub use articles::{articles_frame, entities_frame, read_articles};
pub use comparison::{
    blind_spots_frame, coverage_frame, emphasis_frame, lead_lag_frame, outlets_frame,
    read_blind_spots, read_comparison, read_coverage, read_emphasis, read_lead_lag, read_outlets,
};
pub use dates::{article_dates_frame, mentions_frame};
pub use json::{export_jsonl, json_rows};
pub use lineage::{lineage_frame, read_lineage};
pub use parquet::{
    parquet_bytes, parquet_from_bytes, read_parquet, read_table_info, write_table,
    write_table_chunked, TableInfo, ROW_GROUP, SCHEMA_VERSION, SCHEMA_VERSION_KEY, TABLE_KEY,
    VERSION_KEY,
};
pub use stories::{read_stories, read_timeline, stories_frame, timeline_frame};
pub use summary::{summary_frame, write_summary_json};

use std::path::{Path, PathBuf};

/// Every Parquet table storyline writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Articles,
    Entities,
    Stories,
    Timeline,
    Mentions,
    ArticleDates,
    Outlets,
    Coverage,
    LeadLag,
    Emphasis,
    BlindSpots,
    /// Only after `update`.
    Lineage,
    /// Only from `timeline --input`, in its own folder.
    TimelineSummary,
}

impl Table {
    /// The tables of a run folder after `run`, in the order they are listed.
    pub const RUN: [Table; 11] = [
        Table::Articles,
        Table::Entities,
        Table::Stories,
        Table::Timeline,
        Table::Mentions,
        Table::ArticleDates,
        Table::Outlets,
        Table::Coverage,
        Table::LeadLag,
        Table::Emphasis,
        Table::BlindSpots,
    ];

    /// The tables a run folder can hold: [`Table::RUN`] and the lineage of updates.
    pub const RUN_DIR: [Table; 12] = [
        Table::Articles,
        Table::Entities,
        Table::Stories,
        Table::Timeline,
        Table::Mentions,
        Table::ArticleDates,
        Table::Outlets,
        Table::Coverage,
        Table::LeadLag,
        Table::Emphasis,
        Table::BlindSpots,
        Table::Lineage,
    ];

    /// The outlet comparison's tables, as `compare` writes them.
    pub const COMPARISON: [Table; 5] = [
        Table::Outlets,
        Table::Coverage,
        Table::LeadLag,
        Table::Emphasis,
        Table::BlindSpots,
    ];

    /// The table's name: the file stem, and the name `export` gives its JSON Lines file.
    pub fn name(self) -> &'static str {
        match self {
            Table::Articles => "articles",
            Table::Entities => "entities",
            Table::Stories => "stories",
            Table::Timeline => "timeline",
            Table::Mentions => "mentions",
            Table::ArticleDates => "article_dates",
            Table::Outlets => "outlets",
            Table::Coverage => "coverage",
            Table::LeadLag => "lead_lag",
            Table::Emphasis => "emphasis",
            Table::BlindSpots => "blind_spots",
            Table::Lineage => "lineage",
            Table::TimelineSummary => "timeline_summary",
        }
    }

    /// `articles.parquet`, …
    pub fn file_name(self) -> String {
        format!("{}.parquet", self.name())
    }

    /// The table's file in `dir`.
    pub fn path(self, dir: &Path) -> PathBuf {
        dir.join(self.file_name())
    }

    /// The table named `name` (a file stem), if storyline writes one.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::RUN_DIR
            .into_iter()
            .chain([Table::TimelineSummary])
            .find(|t| t.name() == name)
    }
}

/// The run folder's other files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunFile {
    /// What went in, with which settings, and what came out.
    Manifest,
    /// Records refused with `--skip-invalid`, each with its reason.
    Rejects,
    /// `timeline --input`: the summary as JSON.
    TimelineJson,
}

impl RunFile {
    pub fn file_name(self) -> &'static str {
        match self {
            RunFile::Manifest => "manifest.json",
            RunFile::Rejects => "rejects.jsonl",
            RunFile::TimelineJson => "timeline.json",
        }
    }

    pub fn path(self, dir: &Path) -> PathBuf {
        dir.join(self.file_name())
    }
}

/// Where a run's outputs go: tables and manifest in `data`, PNG reports in `reports`.
#[derive(Clone, Debug)]
pub struct OutputDirs {
    pub data: PathBuf,
    pub reports: PathBuf,
}

impl OutputDirs {
    /// `--out DIR`: tables in DIR, reports in DIR/reports; none: notebooks-data/ and reports/.
    pub fn new(out: Option<&Path>) -> OutputDirs {
        match out {
            Some(d) => OutputDirs {
                data: d.to_path_buf(),
                reports: d.join("reports"),
            },
            None => OutputDirs {
                data: PathBuf::from(DEFAULT_DATA_DIR),
                reports: PathBuf::from(DEFAULT_REPORTS_DIR),
            },
        }
    }

    /// The outputs of a run folder given as `--state DIR`: the default folders for the default
    /// state, DIR and DIR/reports otherwise (as `run --out DIR` wrote them).
    pub fn for_state(state: &Path) -> OutputDirs {
        OutputDirs::new((state != Path::new(DEFAULT_DATA_DIR)).then_some(state))
    }
}

/// Where `run` without `--out` writes its tables, and the stage commands' default `--state`.
pub const DEFAULT_DATA_DIR: &str = "notebooks-data";
/// Where `run` without `--out` writes its PNG reports.
pub const DEFAULT_REPORTS_DIR: &str = "reports";
