//! storyline: find the stories in a pile of news articles, date them, order them into
//! timelines, draw them, and export everything as Parquet.
//!
//! The pipeline, in the order data flows (each stage a plain function from typed input to
//! typed output, meeting in [`model`] types):
//!
//! [`ingest`] → [`entities`] (with [`ner`]) → [`features`] → [`cluster`] → [`timeline`] (with
//! [`temporal`]) beside [`compare`] → [`run_dir`] (Parquet tables, manifest) and [`report`]
//! (PNG charts).
//!
//! [`pipeline`] runs the stages in order, over a whole corpus or one step at a time over a run
//! folder ([`pipeline::steps`]), and cuts them into the pieces the Spark job runs apart
//! ([`pipeline::window`]). [`summary`] writes the timeline summary of one topic; [`eval`]
//! scores clusterings, tags, dates and timelines. [`text`], [`lexicon`] (word lists as data
//! files), [`util`] and [`error`] are shared ground; [`demo`] is the embedded demo corpus.

pub mod cluster;
pub mod compare;
pub mod demo;
pub mod entities;
pub mod error;
pub mod eval;
pub mod features;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod ner;
pub mod pipeline;
pub mod report;
pub mod run_dir;
pub mod summary;
pub mod temporal;
pub mod text;
pub mod timeline;
pub mod util;

pub use error::{Error, Result};
pub use pipeline::{analyze, Analysis, Settings};
pub use run_dir::{OutputDirs, Table};

/// Version recorded in manifests.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
