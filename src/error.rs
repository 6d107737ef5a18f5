//! Library error type: every failure names what it was working on.

use std::path::PathBuf;

/// Errors raised by the pipeline stages.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record that cannot be read; `file:line: reason`, as an editor expects.
    #[error("{}:{line}: {reason}", file.display())]
    BadRecord {
        file: PathBuf,
        line: usize,
        reason: String,
    },

    /// The I/O error is part of the message, not a separate cause, so it is printed once.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },

    #[error("{}: {reason}", path.display())]
    BadInput { path: PathBuf, reason: String },

    #[error("parquet {}: {reason}", path.display())]
    Parquet { path: PathBuf, reason: String },

    #[error("chart {}: {reason}", path.display())]
    Chart { path: PathBuf, reason: String },

    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error: source,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
