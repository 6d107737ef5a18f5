//! The Parquet layer every table shares: column builders, the one writer setting, atomic
//! and row-group-at-a-time writing, reading files and Spark's part folders back, and the
//! typed column readers the table readers use. Timestamps are UTC microseconds, dates are Date.

use super::Table;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use polars::prelude::*;
use std::path::{Path, PathBuf};

pub(super) fn perr(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Parquet {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

pub(super) fn ts_col(name: &str, v: Vec<Option<i64>>) -> PolarsResult<Column> {
    let s = Int64Chunked::from_iter_options(name.into(), v.into_iter())
        .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
        .into_series();
    Ok(s.into_column())
}

pub(super) fn micros(t: &DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

pub(super) fn date_col(name: &str, v: Vec<Option<NaiveDate>>) -> PolarsResult<Column> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    let days: Vec<Option<i32>> = v
        .into_iter()
        .map(|d| d.map(|d| (d - epoch).num_days() as i32))
        .collect();
    Ok(
        Int32Chunked::from_iter_options(name.into(), days.into_iter())
            .into_date()
            .into_series()
            .into_column(),
    )
}

pub(super) fn str_col<S: AsRef<str>>(name: &str, v: Vec<Option<S>>) -> Column {
    let v: Vec<Option<&str>> = v.iter().map(|s| s.as_ref().map(|x| x.as_ref())).collect();
    Series::new(name.into(), v).into_column()
}

/// A list-of-strings column, built in one buffer (a Series per row costs about 5 KB each).
pub(super) fn list_col(name: &str, v: Vec<Vec<String>>) -> Column {
    let values = v.iter().map(Vec::len).sum();
    let mut b = ListStringChunkedBuilder::new(name.into(), v.len(), values);
    for l in &v {
        b.append_values_iter(l.iter().map(String::as_str));
    }
    b.finish().into_series().into_column()
}

pub(super) fn u32_col(name: &str, v: impl Iterator<Item = usize>) -> Column {
    Series::new(name.into(), v.map(|x| x as u32).collect::<Vec<u32>>()).into_column()
}

pub(super) fn f64_col(name: &str, v: impl Iterator<Item = f64>) -> Column {
    Series::new(name.into(), v.collect::<Vec<f64>>()).into_column()
}

/// The key-value metadata every file carries, so a table found later says what wrote it.
pub const VERSION_KEY: &str = "storyline.version";
/// Bumped when a table's columns change meaning or type.
pub const SCHEMA_VERSION_KEY: &str = "storyline.schema_version";
pub const TABLE_KEY: &str = "storyline.table";
pub const SCHEMA_VERSION: &str = "1";

/// The one Parquet writer setting of every table: zstd, with column statistics, and the tool
/// version, schema version and table name (when the frame is one of [`Table`]'s) in the
/// file's key-value metadata.
fn parquet_writer<W: std::io::Write>(f: W, table: Option<Table>) -> ParquetWriter<W> {
    let mut kv = vec![
        (VERSION_KEY.to_string(), crate::VERSION.to_string()),
        (SCHEMA_VERSION_KEY.to_string(), SCHEMA_VERSION.to_string()),
    ];
    if let Some(t) = table {
        kv.push((TABLE_KEY.to_string(), t.name().to_string()));
    }
    ParquetWriter::new(f)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::default())
        .with_key_value_metadata(Some(KeyValueMetadata::from_static(kv)))
}

/// Writes a DataFrame as zstd Parquet, atomically.
fn write_parquet(df: &mut DataFrame, table: Table, path: &Path) -> Result<()> {
    crate::util::write_atomic(path, |f| {
        parquet_writer(f, Some(table))
            .finish(df)
            .map(|_| ())
            .map_err(std::io::Error::other)
    })
}

/// Rows per Parquet row group: Polars' own default. Groups are cut as Polars cuts them, so
/// a table is written byte for byte as [`write_parquet`] writes it.
pub const ROW_GROUP: usize = 512 * 512;

/// Writes a table of `len` rows as zstd Parquet, atomically, building its frame one row group
/// at a time (`build` gets the row range), so a large table is never held twice in memory.
pub fn write_table_chunked(
    dir: &Path,
    table: Table,
    len: usize,
    build: impl Fn(std::ops::Range<usize>) -> PolarsResult<DataFrame>,
) -> Result<PathBuf> {
    let path = table.path(dir);
    crate::util::write_atomic(&path, |f| {
        let io = std::io::Error::other;
        let mut groups = row_groups(len).into_iter();
        let first = build(groups.next().unwrap_or(0..0)).map_err(io)?;
        let mut writer = parquet_writer(f, Some(table))
            .batched(first.schema())
            .map_err(io)?;
        writer.write_batch(&first).map_err(io)?;
        drop(first);
        for rows in groups {
            let df = build(rows).map_err(io)?;
            writer.write_batch(&df).map_err(io)?;
        }
        writer.finish().map(|_| ()).map_err(io)
    })?;
    Ok(path)
}

/// The row groups Polars makes of a one-chunk frame of `len` rows: `len / ROW_GROUP` equal
/// parts (at least one), the last taking the remainder.
fn row_groups(len: usize) -> Vec<std::ops::Range<usize>> {
    let n = (len / ROW_GROUP).max(1);
    let size = len / n;
    (0..n)
        .map(|i| i * size..if i + 1 == n { len } else { (i + 1) * size })
        .collect()
}

/// A frame as the bytes of a Parquet file, for engines that move frames between processes
/// (Spark); `table` names it when the bytes are one of the run folder's tables.
pub fn parquet_bytes(df: &mut DataFrame, table: Option<Table>) -> PolarsResult<Vec<u8>> {
    let mut buf = Vec::new();
    parquet_writer(&mut buf, table).finish(df)?;
    Ok(buf)
}

/// What a table's key-value metadata says about it (`None` where a key is missing: a file
/// written before the keys, or by another tool).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableInfo {
    pub version: Option<String>,
    pub schema_version: Option<String>,
    pub table: Option<String>,
}

/// Reads the storyline keys of a Parquet file's metadata without reading its rows.
pub fn read_table_info(path: &Path) -> Result<TableInfo> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = ParquetReader::new(f);
    let meta = reader.get_metadata().map_err(|e| perr(path, e))?;
    let get = |key: &str| {
        meta.key_value_metadata
            .iter()
            .flatten()
            .find(|kv| kv.key == key)
            .and_then(|kv| kv.value.clone())
    };
    Ok(TableInfo {
        version: get(VERSION_KEY),
        schema_version: get(SCHEMA_VERSION_KEY),
        table: get(TABLE_KEY),
    })
}

/// A table from the bytes of a Parquet file.
pub fn parquet_from_bytes(bytes: &[u8]) -> PolarsResult<DataFrame> {
    ParquetReader::new(std::io::Cursor::new(bytes)).finish()
}

/// Reads a Parquet file, or a folder of Parquet part files as Spark writes a table (the parts
/// in name order, which is the table's order when it was sorted before writing).
pub fn read_parquet(path: &Path) -> Result<DataFrame> {
    if path.is_dir() {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.ends_with(".parquet") && !name.starts_with(['.', '_'])
            })
            .collect();
        parts.sort();
        let mut frames = parts.iter().map(|p| read_parquet_file(p));
        let Some(first) = frames.next() else {
            return Err(perr(path, "a folder with no Parquet part files"));
        };
        let mut df = first?;
        for f in frames {
            df.vstack_mut(&f?).map_err(|e| perr(path, e))?;
        }
        return Ok(df);
    }
    read_parquet_file(path)
}

fn read_parquet_file(path: &Path) -> Result<DataFrame> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    ParquetReader::new(f).finish().map_err(|e| perr(path, e))
}

/// Writes `table` into the run folder `dir`, atomically; returns its path.
pub fn write_table(dir: &Path, table: Table, df: PolarsResult<DataFrame>) -> Result<PathBuf> {
    let path = table.path(dir);
    let mut df = df.map_err(|e| perr(&path, e))?;
    write_parquet(&mut df, table, &path)?;
    Ok(path)
}

pub(super) fn strings(df: &DataFrame, name: &str, path: &Path) -> Result<Vec<Option<String>>> {
    let c = df.column(name).map_err(|e| perr(path, e))?;
    let ca = c.str().map_err(|e| perr(path, e))?;
    Ok(ca.iter().map(|o| o.map(str::to_string)).collect())
}

pub(super) fn required(v: Vec<Option<String>>, name: &str, path: &Path) -> Result<Vec<String>> {
    v.into_iter()
        .enumerate()
        .map(|(i, s)| s.ok_or_else(|| perr(path, format!("row {i}: column {name} is null"))))
        .collect()
}

pub(super) fn physical_i64(df: &DataFrame, name: &str, path: &Path) -> Result<Vec<Option<i64>>> {
    let c = df.column(name).map_err(|e| perr(path, e))?;
    let c = c.to_physical_repr();
    let c = c.cast(&DataType::Int64).map_err(|e| perr(path, e))?;
    Ok(c.i64().map_err(|e| perr(path, e))?.iter().collect())
}

pub(super) fn time_of(us: Option<i64>, path: &Path) -> Result<DateTime<Utc>> {
    us.and_then(DateTime::from_timestamp_micros)
        .ok_or_else(|| perr(path, "null or out-of-range timestamp"))
}

pub(super) fn date_of(days: Option<i64>) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    days.map(|d| epoch + chrono::Duration::days(d))
}

pub(super) fn lists(df: &DataFrame, name: &str, path: &Path) -> Result<Vec<Vec<String>>> {
    let c = df.column(name).map_err(|e| perr(path, e))?;
    let ca = c.list().map_err(|e| perr(path, e))?;
    let mut out = Vec::with_capacity(ca.len());
    for s in ca.series_iter() {
        match s {
            None => out.push(Vec::new()),
            Some(s) => out.push(
                s.str()
                    .map_err(|e| perr(path, e))?
                    .iter()
                    .map(|x| x.unwrap_or_default().to_string())
                    .collect(),
            ),
        }
    }
    Ok(out)
}

pub(super) fn f64s(df: &DataFrame, name: &str, path: &Path) -> Result<Vec<Option<f64>>> {
    let c = df.column(name).map_err(|e| perr(path, e))?;
    Ok(c.f64().map_err(|e| perr(path, e))?.iter().collect())
}

/// A count column read back (written as `u32`).
pub(super) fn counts(df: &DataFrame, name: &str, path: &Path) -> Result<Vec<usize>> {
    Ok(physical_i64(df, name, path)?
        .into_iter()
        .map(|x| x.unwrap_or(0) as usize)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(rows: std::ops::Range<usize>) -> PolarsResult<DataFrame> {
        let n: Vec<i64> = rows.clone().map(|i| i as i64).collect();
        let s: Vec<Option<String>> = rows
            .map(|i| (i % 7 != 0).then(|| format!("row {i}")))
            .collect();
        DataFrame::new(
            n.len(),
            vec![Series::new("n".into(), n).into_column(), str_col("s", s)],
        )
    }

    /// Writing a long table a row group at a time gives the bytes of writing it whole.
    #[test]
    fn chunked_tables_are_written_byte_for_byte_as_whole_ones() {
        let dir = std::env::temp_dir().join(format!("storyline-chunked-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (whole_dir, chunked_dir) = (dir.join("whole"), dir.join("chunked"));
        std::fs::create_dir_all(&whole_dir).unwrap();
        std::fs::create_dir_all(&chunked_dir).unwrap();
        for len in [0, 100, ROW_GROUP, 2 * ROW_GROUP + 12_345] {
            let whole = write_table(&whole_dir, Table::Mentions, frame(0..len)).unwrap();
            let chunked = write_table_chunked(&chunked_dir, Table::Mentions, len, frame).unwrap();
            assert_eq!(
                std::fs::read(&whole).unwrap(),
                std::fs::read(&chunked).unwrap(),
                "{len} rows"
            );
        }
        assert_eq!(row_groups(2 * ROW_GROUP + 1).len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Every file says which tool version and schema wrote it and which table it is; bytes
    /// for Spark carry the same keys.
    #[test]
    fn tables_carry_version_schema_and_name_in_their_metadata() {
        let dir = std::env::temp_dir().join(format!("storyline-kv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = write_table(&dir, Table::Stories, frame(0..10)).unwrap();
        let info = read_table_info(&path).unwrap();
        assert_eq!(
            info,
            TableInfo {
                version: Some(crate::VERSION.to_string()),
                schema_version: Some(SCHEMA_VERSION.to_string()),
                table: Some("stories".to_string()),
            }
        );
        let bytes = parquet_bytes(&mut frame(0..10).unwrap(), Some(Table::Coverage)).unwrap();
        std::fs::write(dir.join("from-bytes.parquet"), bytes).unwrap();
        let info = read_table_info(&dir.join("from-bytes.parquet")).unwrap();
        assert_eq!(info.table.as_deref(), Some("coverage"));
        assert_eq!(info.version.as_deref(), Some(crate::VERSION));
        assert_eq!(read_parquet(&path).unwrap(), frame(0..10).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
