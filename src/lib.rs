//! storyline: find the stories in a pile of news articles, date them, order them into
//! timelines, draw them, and export everything as Parquet.
//!
//! Each module is one pipeline stage with a plain function from typed input to typed output:
//! [`ingest`] → [`entities`] → [`features`] → [`cluster`] → [`timeline`] (with [`temporal`])
//! → [`compare`] → [`report`] / [`export`]; [`summary`] writes timeline summaries of a topic;
//! [`eval`] scores clusterings, dates and timelines; [`pipeline`] runs them in order.

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

/// Version recorded in manifests.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
