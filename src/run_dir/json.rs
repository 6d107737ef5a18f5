//! Tables as JSON Lines, for tools that do not read Parquet (`storyline export`).

use super::parquet::{date_of, read_parquet};
use super::Table;
use crate::error::{Error, Result};
use chrono::DateTime;
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// Every row of a table as a JSON object (dates as `YYYY-MM-DD`, timestamps as RFC 3339 UTC),
/// for tools that do not read Parquet.
pub fn json_rows(df: &DataFrame) -> Vec<serde_json::Value> {
    fn value(v: AnyValue) -> serde_json::Value {
        use serde_json::Value as J;
        match v {
            AnyValue::Null => J::Null,
            AnyValue::Boolean(b) => J::Bool(b),
            AnyValue::String(s) => J::String(s.to_string()),
            AnyValue::StringOwned(s) => J::String(s.to_string()),
            AnyValue::UInt8(x) => J::from(x),
            AnyValue::UInt16(x) => J::from(x),
            AnyValue::UInt32(x) => J::from(x),
            AnyValue::UInt64(x) => J::from(x),
            AnyValue::Int8(x) => J::from(x),
            AnyValue::Int16(x) => J::from(x),
            AnyValue::Int32(x) => J::from(x),
            AnyValue::Int64(x) => J::from(x),
            AnyValue::Float32(x) => J::from(x as f64),
            AnyValue::Float64(x) => serde_json::Number::from_f64(x).map_or(J::Null, J::Number),
            AnyValue::Date(days) => {
                date_of(Some(days as i64)).map_or(J::Null, |d| J::String(d.to_string()))
            }
            AnyValue::Datetime(us, _, _) | AnyValue::DatetimeOwned(us, _, _) => {
                DateTime::from_timestamp_micros(us).map_or(J::Null, |t| J::String(t.to_rfc3339()))
            }
            AnyValue::List(series) => J::Array(series.iter().map(value).collect()),
            other => J::String(other.to_string()),
        }
    }
    let columns = df.columns();
    (0..df.height())
        .map(|i| {
            let mut row = serde_json::Map::new();
            for c in columns {
                let v = c.get(i).map(value).unwrap_or(serde_json::Value::Null);
                row.insert(c.name().to_string(), v);
            }
            serde_json::Value::Object(row)
        })
        .collect()
}

/// Writes every table of the run folder `dir` as `NAME.jsonl` into `to`; returns each file
/// written with its row count.
pub fn export_jsonl(dir: &Path, to: &Path) -> Result<Vec<(PathBuf, usize)>> {
    let articles = Table::Articles.path(dir);
    if !articles.exists() {
        return Err(Error::BadInput {
            path: dir.to_path_buf(),
            reason: format!(
                "no {} (run `storyline ingest` or `run` first)",
                Table::Articles.file_name()
            ),
        });
    }
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    let mut written = Vec::new();
    for table in Table::RUN_DIR {
        let path = table.path(dir);
        if !path.exists() {
            continue;
        }
        let df = read_parquet(&path)?;
        let mut buf = Vec::new();
        for row in json_rows(&df) {
            buf.extend(serde_json::to_vec(&row).map_err(|e| Error::Invalid(e.to_string()))?);
            buf.push(b'\n');
        }
        let out = to.join(format!("{}.jsonl", table.name()));
        crate::util::write_bytes_atomic(&out, &buf)?;
        written.push((out, df.height()));
    }
    Ok(written)
}
