//! Ingest: JSONL, CSV, news-please JSON and raw scraped pages into clean, typed articles.
//!
//! Bad records stop the run with `file:line: reason` unless `skip_invalid` is set, in which
//! case each is kept as a [`Reject`] with its reason; every file's read/accepted/rejected
//! counts are reported.

pub mod dedup;
pub mod rawpage;
pub mod timestamp;

use crate::error::{Error, Result};
use crate::model::{Article, Corpus, FileReport, Reject, SourceRef, Warning};
use crate::text::normalize;
use crate::util::{content_id, sha256_hex, to_hex};
use chrono::{NaiveDate, TimeZone, Utc};
use rayon::prelude::*;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use timestamp::{parse_timestamp, Stamp};

/// Settings for reading input.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// Continue past bad records, collecting them as rejects.
    pub skip_invalid: bool,
    /// Outlet for records that name none and have no URL.
    pub outlet: Option<String>,
    pub limits: Limits,
}

/// Sizes past which input is refused with a clear message rather than read: one runaway
/// record must not exhaust memory or stall a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest article text (bytes), any format.
    pub max_article_bytes: usize,
    /// Longest JSONL line or CSV record (bytes).
    pub max_record_bytes: usize,
    /// Most input files one run reads.
    pub max_files: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: 10 << 20,
            max_record_bytes: 32 << 20,
            max_files: 200_000,
        }
    }
}

fn megabytes(n: usize) -> String {
    format!("{:.1} MB", n as f64 / (1u64 << 20) as f64)
}

/// One input file's bytes and name (a path on disk, or a name inside the embedded demo).
#[derive(Clone, Debug)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Input formats storyline reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Json,
    Csv,
    RawPage,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit('.').next().unwrap_or("");
        match ext {
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "txt" | "text" => Some(Format::RawPage),
            _ => None,
        }
    }
    fn as_str(&self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Json => "news-please json",
            Format::Csv => "csv",
            Format::RawPage => "raw page",
        }
    }
}

/// Expands paths (files and directories, recursively, sorted) into the files to read, with a
/// warning for each file in a folder that is not a format storyline reads. Nothing is read yet:
/// files are read one at a time, so a run never holds more than one file's input.
pub fn collect_input_paths(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Warning>)> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found).map_err(|e| Error::io(p, e))?;
            found.sort();
            for f in found {
                if Format::from_name(&f.to_string_lossy()).is_none() {
                    warnings.push(Warning {
                        file: f.to_string_lossy().into_owned(),
                        line: 0,
                        message:
                            "skipped: not a format storyline reads (.jsonl, .json, .csv, .txt)"
                                .into(),
                    });
                    continue;
                }
                files.push(f);
            }
        } else {
            if Format::from_name(&p.to_string_lossy()).is_none() {
                return Err(Error::BadInput {
                    path: p.clone(),
                    reason: "unknown format: expected .jsonl, .ndjson, .json, .csv or .txt".into(),
                });
            }
            files.push(p.clone());
        }
    }
    Ok((files, warnings))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads the given paths, one file at a time (JSONL in blocks of lines).
pub fn ingest_paths(paths: &[PathBuf], opts: &IngestOptions) -> Result<Corpus> {
    let (files, warnings) = collect_input_paths(paths)?;
    if files.len() > opts.limits.max_files {
        return Err(Error::Invalid(format!(
            "{} input files, over the limit of {} per run: split the input into several runs",
            files.len(),
            opts.limits.max_files
        )));
    }
    let mut corpus = Corpus::default();
    let mut drafts = Drafts::default();
    for path in &files {
        let name = path.to_string_lossy().into_owned();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
        ingest_file(&name, &mut reader, opts, &mut corpus, &mut drafts)?;
    }
    let mut corpus = finish(corpus, drafts, opts)?;
    corpus.warnings.extend(warnings);
    order_reports(&mut corpus);
    Ok(corpus)
}

/// A record read but not yet dated: undated pages wait for the corpus to fix their year.
struct Draft {
    article: Article,
    month_day: Option<(u32, u32)>,
}

/// Drafts kept as two columns, so that the articles become the corpus in place (a second
/// vector of a million articles would be a transient of hundreds of megabytes).
#[derive(Default)]
struct Drafts {
    articles: Vec<Article>,
    month_day: Vec<Option<(u32, u32)>>,
}

impl Drafts {
    fn push(&mut self, d: Draft) {
        self.articles.push(d.article);
        self.month_day.push(d.month_day);
    }
}

/// Reads input files into a corpus: articles sorted by (published, id), near-duplicates grouped.
pub fn ingest_files(files: &[InputFile], opts: &IngestOptions) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut drafts = Drafts::default();
    for file in files {
        ingest_file(
            &file.name,
            &mut &file.bytes[..],
            opts,
            &mut corpus,
            &mut drafts,
        )?;
    }
    finish(corpus, drafts, opts)
}

/// A file with nothing but white space is reported, not an error.
fn warn_empty(corpus: &mut Corpus, name: &str) {
    corpus.warnings.push(Warning {
        file: name.to_string(),
        line: 0,
        message: "empty file".into(),
    });
}

/// JSONL is parsed a block of about this many bytes at a time, every core on one block.
const JSONL_BLOCK_BYTES: usize = 16 << 20;

/// Reads one file: its records become drafts, its rejects and warnings go to `corpus`, and
/// its report (counts, SHA-256 of every byte read) is appended to `corpus.files`.
fn ingest_file(
    name: &str,
    reader: &mut dyn std::io::BufRead,
    opts: &IngestOptions,
    corpus: &mut Corpus,
    drafts: &mut Drafts,
) -> Result<()> {
    let format = Format::from_name(name).ok_or_else(|| Error::BadInput {
        path: name.into(),
        reason: "unknown format".into(),
    })?;
    let mut report = FileReport {
        path: name.to_string(),
        format: format.as_str().into(),
        ..Default::default()
    };
    let rejects = &mut corpus.rejects;
    let mut outcome = |line: usize,
                       raw: String,
                       result: std::result::Result<Draft, String>,
                       report: &mut FileReport|
     -> Result<()> {
        report.read += 1;
        match result {
            Ok(d) => {
                report.accepted += 1;
                drafts.push(d);
                Ok(())
            }
            Err(reason) => {
                if !opts.skip_invalid {
                    return Err(Error::BadRecord {
                        file: name.into(),
                        line,
                        reason,
                    });
                }
                report.rejected += 1;
                rejects.push(Reject {
                    file: name.to_string(),
                    line,
                    reason,
                    record: truncate(&raw, 2000),
                });
                Ok(())
            }
        }
    };
    if format == Format::Jsonl {
        let mut hasher = Sha256::new();
        let mut emit = |line, raw, result| outcome(line, raw, result, &mut report);
        let blocks = JSONL_BLOCK_BYTES;
        let any = read_jsonl(name, reader, opts, blocks, &mut hasher, &mut emit)?;
        report.sha256 = to_hex(&hasher.finalize());
        if !any {
            warn_empty(corpus, name);
        }
        corpus.files.push(report);
        return Ok(());
    }
    let mut all = Vec::new();
    reader
        .read_to_end(&mut all)
        .map_err(|e| Error::io(name, e))?;
    report.sha256 = sha256_hex(&all);
    let bytes = all.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&all);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        warn_empty(corpus, name);
        corpus.files.push(report);
        return Ok(());
    }
    match format {
        Format::Jsonl => unreachable!("JSONL is read in blocks above"),
        Format::Json => {
            let text = String::from_utf8_lossy(bytes);
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Array(items)) => {
                    for (i, item) in items.into_iter().enumerate() {
                        let raw = item.to_string();
                        let result = match item {
                            Value::Object(m) => record_to_draft(m, name, i + 1, opts),
                            _ => Err("array element is not a JSON object".into()),
                        };
                        outcome(i + 1, raw, result, &mut report)?;
                    }
                }
                Ok(Value::Object(m)) => {
                    let raw = truncate(&text, 2000);
                    outcome(1, raw, record_to_draft(m, name, 1, opts), &mut report)?;
                }
                Ok(_) => outcome(
                    1,
                    truncate(&text, 2000),
                    Err("expected a JSON object or an array of objects".into()),
                    &mut report,
                )?,
                Err(e) => outcome(
                    e.line(),
                    truncate(&text, 2000),
                    Err(format!("malformed JSON: {e}")),
                    &mut report,
                )?,
            }
        }
        Format::Csv => read_csv(bytes, name, opts, &mut |line, raw, result| {
            outcome(line, raw, result, &mut report)
        })?,
        Format::RawPage => {
            let (text, repaired) = match std::str::from_utf8(bytes) {
                Ok(s) => (s.to_string(), false),
                Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
            };
            if repaired {
                corpus.warnings.push(Warning {
                    file: name.to_string(),
                    line: 1,
                    message: "invalid UTF-8 replaced".into(),
                });
            }
            if bytes.contains(&0) {
                outcome(
                    1,
                    String::new(),
                    Err("binary file, not a text page".into()),
                    &mut report,
                )?;
            } else {
                let result = if text.len() > opts.limits.max_article_bytes {
                    Err(format!(
                        "page is {}, over the {} limit (--max-article-mb)",
                        megabytes(text.len()),
                        megabytes(opts.limits.max_article_bytes)
                    ))
                } else {
                    page_to_draft(&text, name, opts)
                };
                outcome(1, truncate(&text, 2000), result, &mut report)?;
            }
        }
    }
    corpus.files.push(report);
    Ok(())
}

/// Reads JSONL a block of lines at a time: the lines of a block are parsed on every core, then
/// accounted for in line order so the first bad line is the one reported. Every byte read goes
/// into `hasher`. Returns whether any non-blank line was seen.
fn read_jsonl(
    name: &str,
    reader: &mut dyn std::io::BufRead,
    opts: &IngestOptions,
    block_bytes: usize,
    hasher: &mut Sha256,
    emit: &mut dyn FnMut(usize, String, std::result::Result<Draft, String>) -> Result<()>,
) -> Result<bool> {
    let mut block: Vec<u8> = Vec::new();
    // (line number, start, end) of each non-blank line in `block`.
    let mut lines: Vec<(usize, usize, usize)> = Vec::new();
    let mut lineno = 0usize;
    let mut any = false;
    let mut parse_block = |block: &[u8], lines: &[(usize, usize, usize)]| -> Result<()> {
        let parsed: Vec<std::result::Result<Draft, String>> = lines
            .par_iter()
            .map(|&(lineno, start, end)| {
                let line = &block[start..end];
                match std::str::from_utf8(line) {
                    Err(e) => Err(format!("invalid UTF-8 at byte {}", e.valid_up_to())),
                    Ok(s) => jsonl_draft(s, name, lineno, opts),
                }
            })
            .collect();
        for (result, &(lineno, start, end)) in parsed.into_iter().zip(lines) {
            // The raw record is only kept for rejects.
            let raw = if result.is_err() {
                String::from_utf8_lossy(&block[start..end]).into_owned()
            } else {
                String::new()
            };
            emit(lineno, raw, result)?;
        }
        Ok(())
    };
    loop {
        let start = block.len();
        let n = reader
            .read_until(b'\n', &mut block)
            .map_err(|e| Error::io(name, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&block[start..]);
        lineno += 1;
        let mut from = start;
        if lineno == 1 && block[start..].starts_with(b"\xEF\xBB\xBF") {
            from += 3;
        }
        let mut to = block.len();
        if block[to - 1] == b'\n' {
            to -= 1;
        }
        if block[from..to].iter().all(|b| b.is_ascii_whitespace()) {
            block.truncate(start);
            continue;
        }
        any = true;
        lines.push((lineno, from, to));
        if block.len() >= block_bytes {
            parse_block(&block, &lines)?;
            block.clear();
            lines.clear();
        }
    }
    parse_block(&block, &lines)?;
    Ok(any)
}

/// One JSONL record: its size checked, then parsed.
fn jsonl_draft(
    line: &str,
    file: &str,
    lineno: usize,
    opts: &IngestOptions,
) -> std::result::Result<Draft, String> {
    if line.len() > opts.limits.max_record_bytes {
        return Err(format!(
            "line is {}, over the {} limit for one record",
            megabytes(line.len()),
            megabytes(opts.limits.max_record_bytes)
        ));
    }
    parse_json_record(line).and_then(|m| record_to_draft(m, file, lineno, opts))
}

/// One JSON record read apart from its file, by the same rules as a JSONL line: an engine
/// that reads the files itself (Spark) hands the records over. Gives the article, with the
/// month and day of a page that named no year ([`place_undated`] dates it once the pile's
/// median date is known), or the reason the record is refused.
pub fn parse_record(
    line: &str,
    file: &str,
    lineno: usize,
    opts: &IngestOptions,
) -> std::result::Result<(Article, Option<(u32, u32)>), String> {
    jsonl_draft(line, file, lineno, opts).map(|d| (d.article, d.month_day))
}

/// The median publication date of the dated articles, which a page without a year is placed
/// near (`None` for no dated article).
pub fn median_date(mut dated: Vec<NaiveDate>) -> Option<NaiveDate> {
    dated.sort();
    dated.get(dated.len() / 2).copied()
}

/// Dates an article whose page gave only a month and day: the nearest such day to `around`
/// (the pile's median date), a day later when the page says "yesterday" of it.
pub fn place_undated(a: &mut Article, (month, day): (u32, u32), around: NaiveDate) {
    let says_yesterday = a.published_evidence.contains("yesterday");
    if let Some(date) = crate::temporal::date_near(month, day, around) {
        a.published = noon_utc(date + chrono::Duration::days(if says_yesterday { 1 } else { 0 }));
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn parse_json_record(s: &str) -> std::result::Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(s) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("line is not a JSON object".into()),
        Err(e) => Err(format!("malformed JSON at column {}: {e}", e.column())),
    }
}

fn read_csv(
    bytes: &[u8],
    name: &str,
    opts: &IngestOptions,
    emit: &mut dyn FnMut(usize, String, std::result::Result<Draft, String>) -> Result<()>,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_ascii_lowercase())
            .collect(),
        Err(e) => return emit(1, String::new(), Err(format!("unreadable CSV header: {e}"))),
    };
    if !headers
        .iter()
        .any(|h| h == "text" || h == "maintext" || h == "body")
    {
        // The whole file is unusable: one reject for its header (or the stop, by default).
        return emit(
            1,
            headers.join(","),
            Err(format!(
                "CSV header has no text column (found: {})",
                headers.join(", ")
            )),
        );
    }
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() as usize + 1;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map(|p| p.line() as usize).unwrap_or(line);
                let raw = record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect::<Vec<_>>()
                    .join(",");
                let size: usize = record.iter().map(|f| f.len()).sum();
                let result = if size > opts.limits.max_record_bytes {
                    Err(format!(
                        "record is {}, over the {} limit for one record",
                        megabytes(size),
                        megabytes(opts.limits.max_record_bytes)
                    ))
                } else if record.len() != headers.len() {
                    Err(format!(
                        "expected {} fields (as in the header), found {}",
                        headers.len(),
                        record.len()
                    ))
                } else {
                    let mut m = Map::new();
                    let mut bad = None;
                    for (h, f) in headers.iter().zip(record.iter()) {
                        match std::str::from_utf8(f) {
                            Ok(s) => {
                                m.insert(h.clone(), Value::String(s.to_string()));
                            }
                            Err(e) => {
                                bad = Some(format!(
                                    "invalid UTF-8 in field {h:?} at byte {}",
                                    e.valid_up_to()
                                ))
                            }
                        }
                    }
                    match bad {
                        Some(b) => Err(b),
                        None => record_to_draft(m, name, line, opts),
                    }
                };
                emit(line, raw, result)?;
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(line);
                emit(line, String::new(), Err(format!("malformed CSV: {e}")))?;
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                ) {
                    break;
                }
            }
        }
    }
    Ok(())
}

fn string_field(m: &Map<String, Value>, names: &[&str]) -> Option<String> {
    for n in names {
        match m.get(*n) {
            Some(Value::String(s)) if !s.trim().is_empty() => return Some(s.clone()),
            Some(Value::Number(x)) => return Some(x.to_string()),
            _ => {}
        }
    }
    None
}

const ID_FIELDS: &[&str] = &["id", "article_id", "uuid"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const TEXT_FIELDS: &[&str] = &["text", "maintext", "body", "content"];
const DATE_FIELDS: &[&str] = &[
    "published",
    "date_publish",
    "published_at",
    "date",
    "pubdate",
    "publish_date",
];
const OUTLET_FIELDS: &[&str] = &["outlet", "source_domain", "source", "publisher", "domain"];
const URL_FIELDS: &[&str] = &["url", "link"];

/// Domain of a URL without `www.`.
pub fn url_domain(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .split('@')
        .next_back()?
        .split(':')
        .next()?;
    let host = host
        .strip_prefix("www.")
        .unwrap_or(host)
        .to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

fn record_to_draft(
    m: Map<String, Value>,
    file: &str,
    line: usize,
    opts: &IngestOptions,
) -> std::result::Result<Draft, String> {
    let raw_text = string_field(&m, TEXT_FIELDS)
        .ok_or("empty text: no non-empty `text` (or `maintext`) field")?;
    if raw_text.len() > opts.limits.max_article_bytes {
        return Err(format!(
            "article text is {}, over the {} limit (--max-article-mb)",
            megabytes(raw_text.len()),
            megabytes(opts.limits.max_article_bytes)
        ));
    }
    let (text, _dropped) = rawpage::clean_body(&normalize(&raw_text));
    if text.trim().is_empty() {
        return Err("empty text after cleaning".into());
    }
    let title = string_field(&m, TITLE_FIELDS)
        .map(|t| normalize(&t).trim().to_string())
        .unwrap_or_default();
    let url = string_field(&m, URL_FIELDS);
    let outlet = string_field(&m, OUTLET_FIELDS)
        .or_else(|| url.as_deref().and_then(url_domain))
        .or_else(|| opts.outlet.clone())
        .ok_or("no outlet: give an `outlet` field, a `url`, or --outlet")?;
    let stamp = match string_field(&m, DATE_FIELDS) {
        Some(d) => Some(parse_timestamp(&d).map_err(|e| format!("bad publication date: {e}"))?),
        None => None,
    };
    let gold_story = string_field(&m, &["gold_story"]);
    let known: Vec<&str> = [
        ID_FIELDS,
        TITLE_FIELDS,
        TEXT_FIELDS,
        DATE_FIELDS,
        OUTLET_FIELDS,
        URL_FIELDS,
        &["gold_story"],
    ]
    .concat();
    let extra: BTreeMap<String, String> = m
        .iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect();
    let id =
        string_field(&m, ID_FIELDS).unwrap_or_else(|| content_id("a-", &[&outlet, &title, &text]));
    let article = Article {
        id,
        outlet: outlet.trim().to_string(),
        url,
        published: Utc.timestamp_opt(0, 0).single().unwrap_or_default(),
        utc_offset_seconds: 0,
        published_inferred: false,
        published_evidence: String::new(),
        title,
        standfirst: None,
        caption: None,
        dateline: None,
        text,
        source: SourceRef {
            file: file.to_string(),
            line,
        },
        gold_story,
        extra,
        dup_group: None,
    };
    date_draft(article, stamp)
}

fn page_to_draft(
    text: &str,
    file: &str,
    opts: &IngestOptions,
) -> std::result::Result<Draft, String> {
    let page = rawpage::parse_page(&normalize(text));
    if page.body.trim().is_empty() {
        return Err(
            "raw page has no body text (only a headline, captions or page furniture)".into(),
        );
    }
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir_outlet = Path::new(file)
        .parent()
        .and_then(|p| p.file_name())
        .map(|s| s.to_string_lossy().into_owned());
    let outlet = opts
        .outlet
        .clone()
        .or(dir_outlet)
        .ok_or("no outlet: give --outlet or put pages in a folder named after the outlet")?;
    let id = if stem.is_empty() {
        content_id("a-", &[&outlet, &page.headline, &page.body])
    } else {
        stem
    };
    let article = Article {
        id,
        outlet,
        url: None,
        published: Utc.timestamp_opt(0, 0).single().unwrap_or_default(),
        utc_offset_seconds: 0,
        published_inferred: false,
        published_evidence: String::new(),
        title: page.headline,
        standfirst: page.standfirst,
        caption: page.caption,
        dateline: page.dateline,
        text: page.body,
        source: SourceRef {
            file: file.to_string(),
            line: 1,
        },
        gold_story: None,
        extra: BTreeMap::new(),
        dup_group: None,
    };
    date_draft(article, None)
}

/// Sets the publication date when given; otherwise reads it off the page (caption, dateline,
/// body: the latest full date written there, a day later when the page says "yesterday").
fn date_draft(mut article: Article, stamp: Option<Stamp>) -> std::result::Result<Draft, String> {
    if let Some(s) = stamp {
        article.published = s.utc;
        article.utc_offset_seconds = s.offset_seconds;
        return Ok(Draft {
            article,
            month_day: None,
        });
    }
    article.published_inferred = true;
    let parts = [
        ("caption", article.caption.clone().unwrap_or_default()),
        ("title", article.title.clone()),
        ("standfirst", article.standfirst.clone().unwrap_or_default()),
        ("body", article.text.clone()),
    ];
    let says_yesterday = parts
        .iter()
        .any(|(_, t)| t.to_ascii_lowercase().contains("yesterday"));
    let shift = if says_yesterday { 1 } else { 0 };
    let mut best: Option<(NaiveDate, &str)> = None;
    for (where_, t) in &parts {
        for d in crate::temporal::explicit_full_dates(t) {
            if best.is_none_or(|(b, _)| d > b) {
                best = Some((d, where_));
            }
        }
    }
    if let Some((d, where_)) = best {
        let mut day = d + chrono::Duration::days(shift);
        let mut note = yesterday_note(shift).to_string();
        // Past-tense weekdays in the body are days up to publication: "on Wednesday" under a
        // Tuesday photo means the page appeared on Wednesday at the earliest.
        if let Some(later) = latest_weekday_after(&article.text, day) {
            note = format!("; body names {}: {later}", later.format("%A"));
            day = later;
        }
        article.published = noon_utc(day);
        article.published_evidence = format!("latest full date in {where_}: {d}{note}");
        return Ok(Draft {
            article,
            month_day: None,
        });
    }
    for (where_, t) in &parts {
        if let Some(&(m, d)) = crate::temporal::explicit_month_days(t).iter().max() {
            article.published_evidence = format!(
                "month and day in {where_}: {m:02}-{d:02}, year from the corpus{}",
                yesterday_note(shift)
            );
            return Ok(Draft {
                article,
                month_day: Some((m, d)),
            });
        }
    }
    Err("no publication date given and none found on the page (caption, dateline or body)".into())
}

/// The latest day in `from ..= from + 2` whose weekday the text names as a past day (a page
/// rarely appears more than two days after the photo or dateline it carries).
fn latest_weekday_after(text: &str, from: NaiveDate) -> Option<NaiveDate> {
    let until = from + chrono::Duration::days(2);
    crate::temporal::find_mentions(text, until)
        .iter()
        .filter(|m| {
            m.kind == "DATE"
                && crate::temporal::grammar::weekday_of(&m.text.to_ascii_lowercase()).is_some()
        })
        .filter_map(|m| m.day())
        .filter(|d| (from..=until).contains(d))
        .max()
}

fn yesterday_note(shift: i64) -> &'static str {
    if shift > 0 {
        "; page says \"yesterday\": +1 day"
    } else {
        ""
    }
}

fn noon_utc(d: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).expect("noon"))
}

/// Why a page with a month and day but no year is refused when nothing else is dated.
pub const UNPLACEABLE: &str = "no publication date given, and the page's month and day cannot be placed in a year (no dated article in the corpus)";

/// Fixes the year of undated pages from the corpus, resolves duplicate ids, sorts, groups copies.
fn finish(mut corpus: Corpus, drafts: Drafts, opts: &IngestOptions) -> Result<Corpus> {
    let Drafts {
        mut articles,
        month_day,
    } = drafts;
    let median = median_date(
        articles
            .iter()
            .zip(&month_day)
            .filter(|(_, md)| md.is_none())
            .map(|(a, _)| a.published.date_naive())
            .collect(),
    );
    let mut keep = vec![true; articles.len()];
    for ((a, md), keep) in articles.iter_mut().zip(&month_day).zip(keep.iter_mut()) {
        if let Some(md) = *md {
            let Some(around) = median else {
                reject_article(&mut corpus, a, UNPLACEABLE.to_string(), opts)?;
                *keep = false;
                continue;
            };
            place_undated(a, md, around);
        }
        if a.published_inferred {
            corpus.warnings.push(Warning {
                file: a.source.file.clone(),
                line: a.source.line,
                message: format!("publication date inferred ({})", a.published_evidence),
            });
        }
    }
    let mut keep = keep.into_iter();
    articles.retain(|_| keep.next().unwrap_or(true));
    // Duplicate ids: keep one deterministically (the smallest content), reject the others.
    articles.sort_by(|a, b| {
        a.id.cmp(&b.id).then_with(|| {
            (&a.text, &a.title, &a.outlet, a.published).cmp(&(
                &b.text,
                &b.title,
                &b.outlet,
                b.published,
            ))
        })
    });
    let mut first_error: Option<Error> = None;
    articles.dedup_by(|a, prev| {
        if prev.id != a.id || first_error.is_some() {
            return prev.id == a.id;
        }
        let same = prev.text == a.text && prev.title == a.title;
        let reason = if same {
            format!(
                "duplicate id {:?}: same article already read at {}:{}",
                a.id, prev.source.file, prev.source.line
            )
        } else {
            format!(
                "duplicate id {:?} with different content (kept the one at {}:{})",
                a.id, prev.source.file, prev.source.line
            )
        };
        if let Err(e) = reject_article(&mut corpus, a, reason, opts) {
            first_error = Some(e);
        }
        true
    });
    if let Some(e) = first_error {
        return Err(e);
    }
    let mut kept = articles;
    order_and_group(&mut kept);
    corpus.articles = kept;
    order_reports(&mut corpus);
    Ok(corpus)
}

/// Articles of an earlier run and new ones as one corpus, as ingest would have made it from all
/// the inputs at once: in (published, id) order, near-duplicate groups found again.
pub fn combine(earlier: Vec<Article>, fresh: Vec<Article>) -> Vec<Article> {
    let mut all: Vec<Article> = earlier.into_iter().chain(fresh).collect();
    order_and_group(&mut all);
    all
}

/// The corpus order, (published, id), and its near-duplicate groups.
fn order_and_group(articles: &mut [Article]) {
    articles.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    dedup::group_duplicates(articles);
}

/// Files, rejects and warnings in path order, so the manifest and rejects.jsonl do not depend
/// on the order the inputs were given in.
fn order_reports(corpus: &mut Corpus) {
    corpus.files.sort_by(|a, b| a.path.cmp(&b.path));
    corpus
        .rejects
        .sort_by(|a, b| (&a.file, a.line, &a.reason).cmp(&(&b.file, b.line, &b.reason)));
    corpus
        .warnings
        .sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
}

/// An article refused after reading: an error naming its file and line, or (skipping invalid
/// input) a reject with its reason and its file's count bumped.
fn reject_article(
    corpus: &mut Corpus,
    a: &Article,
    reason: String,
    opts: &IngestOptions,
) -> Result<()> {
    if !opts.skip_invalid {
        return Err(Error::BadRecord {
            file: a.source.file.clone().into(),
            line: a.source.line,
            reason,
        });
    }
    corpus.rejects.push(Reject {
        file: a.source.file.clone(),
        line: a.source.line,
        reason,
        record: truncate(&a.text, 2000),
    });
    bump_rejected(&mut corpus.files, &a.source.file);
    Ok(())
}

fn bump_rejected(files: &mut [FileReport], name: &str) {
    if let Some(f) = files.iter_mut().find(|f| f.path == name) {
        f.accepted = f.accepted.saturating_sub(1);
        f.rejected += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipping() -> IngestOptions {
        IngestOptions {
            skip_invalid: true,
            ..Default::default()
        }
    }

    fn file(name: &str, s: &str) -> InputFile {
        InputFile {
            name: name.into(),
            bytes: s.as_bytes().to_vec(),
        }
    }

    #[test]
    fn jsonl_csv_and_newsplease() {
        let j = file("a.jsonl", "{\"id\":\"1\",\"title\":\"T\",\"text\":\"Body one here.\",\"published\":\"2017-04-07T03:40:00+03:00\",\"outlet\":\"X\",\"topic\":\"t\"}\n");
        let c = file("b.csv", "id,title,text,published,url\n2,T2,\"Body, with \"\"quotes\"\"\nand a newline.\",2017-04-08,https://www.example.org/x\n");
        let n = file("c.json", "{\"title\":\"T3\",\"maintext\":\"Body three.\",\"date_publish\":\"2017-04-09 10:00:00\",\"source_domain\":\"np.example\"}");
        let corpus = ingest_files(&[j, c, n], &IngestOptions::default()).unwrap();
        assert_eq!(corpus.articles.len(), 3);
        let a = &corpus.articles[0];
        assert_eq!(
            (a.id.as_str(), a.outlet.as_str(), a.utc_offset_seconds),
            ("1", "X", 10800)
        );
        assert_eq!(a.extra.get("topic").map(String::as_str), Some("\"t\""));
        assert_eq!(corpus.articles[1].outlet, "example.org");
        assert!(corpus.articles[1].text.contains("\"quotes\""));
        assert_eq!(corpus.articles[2].outlet, "np.example");
        assert!(corpus.articles[2].id.starts_with("a-"));
    }

    #[test]
    fn jsonl_blocks_give_the_same_records_lines_and_hash() {
        let good = |i: usize| {
            format!(
                r#"{{"id":"a{i}","outlet":"X","published":"2017-04-0{}T10:00:00Z","title":"T","text":"Body {i}."}}"#,
                i % 9 + 1
            )
        };
        let text = format!(
            "\u{feff}{}\n\n{}\n  \nnot json\n{}",
            good(1),
            good(2),
            good(3)
        );
        let opts = skipping();
        let read = |block: usize| {
            let mut hasher = Sha256::new();
            let mut seen = Vec::new();
            let mut emit = |line: usize, _raw: String, r: std::result::Result<Draft, String>| {
                seen.push((line, r.map(|d| d.article.id).is_ok()));
                Ok(())
            };
            let any = read_jsonl(
                "a.jsonl",
                &mut text.as_bytes(),
                &opts,
                block,
                &mut hasher,
                &mut emit,
            )
            .unwrap();
            (any, seen, to_hex(&hasher.finalize()))
        };
        let whole = read(usize::MAX);
        assert_eq!(whole.1, vec![(1, true), (3, true), (5, false), (6, true)]);
        assert_eq!(whole.2, sha256_hex(text.as_bytes()));
        assert_eq!(read(1), whole);
        assert_eq!(read(200), whole);
    }

    #[test]
    fn bad_record_stops_with_file_line_reason() {
        let j = file(
            "a.jsonl",
            "{\"id\":\"1\",\"text\":\"ok\",\"published\":\"2017-04-07\",\"outlet\":\"X\"}\n{oops\n",
        );
        let err = ingest_files(std::slice::from_ref(&j), &IngestOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.jsonl:2: malformed JSON"), "{err}");
        let c = ingest_files(&[j], &skipping()).unwrap();
        assert_eq!(
            (c.files[0].read, c.files[0].accepted, c.files[0].rejected),
            (2, 1, 1)
        );
        assert_eq!(c.rejects[0].line, 2);
    }

    #[test]
    fn impossible_date_and_empty_text_rejected() {
        let j = file("a.jsonl", "{\"id\":\"1\",\"text\":\"ok\",\"published\":\"2017-02-30\",\"outlet\":\"X\"}\n{\"id\":\"2\",\"text\":\"  \",\"published\":\"2017-02-03\",\"outlet\":\"X\"}\n");
        let c = ingest_files(&[j], &skipping()).unwrap();
        assert!(c.rejects[0].reason.contains("impossible date"));
        assert!(c.rejects[1].reason.contains("empty text"));
    }

    #[test]
    fn undated_page_is_dated_from_caption() {
        let page = "Rescuers search the rubble\nA town counts its dead.\n\nRescue workers in Khan Sheikhun, April 4, 2017. PHOTO: MERIDIAN/J. Okafor\n\nIDLIB: Rescue workers said on Tuesday that the toll had risen.\n\nRead more\n";
        let c = ingest_files(
            &[file("pages/levantmonitor/p1.txt", page)],
            &IngestOptions::default(),
        )
        .unwrap();
        let a = &c.articles[0];
        assert!(a.published_inferred);
        assert_eq!(a.published.date_naive().to_string(), "2017-04-04");
        assert_eq!(a.outlet, "levantmonitor");
        assert_eq!(a.id, "p1");
        assert_eq!(a.dateline.as_deref(), Some("IDLIB"));
        assert_eq!(c.warnings.len(), 1);
    }

    #[test]
    fn undated_page_is_dated_by_caption_and_body_weekday() {
        // The caption's date is a Wednesday and the body reports "on Wednesday": that day.
        let page = "Tillerson meets Putin\nTalks in Moscow.\n\nRex Tillerson and Sergei Lavrov in Moscow, April 12, 2017. PHOTO: EURASIA\n\nMOSCOW: Tillerson met Vladimir Putin on Wednesday after talks with Lavrov.\n";
        let c = ingest_files(&[file("pages/eh/p2.txt", page)], &IngestOptions::default()).unwrap();
        let a = &c.articles[0];
        assert!(a.published_inferred);
        assert_eq!(a.published.date_naive().to_string(), "2017-04-12");
        assert!(
            a.published_evidence.contains("caption"),
            "{}",
            a.published_evidence
        );
        // A Tuesday photo over a body that reports Wednesday's talks: published Wednesday.
        let later = page.replace("April 12, 2017", "April 11, 2017");
        let c = ingest_files(
            &[file("pages/eh/p3.txt", &later)],
            &IngestOptions::default(),
        )
        .unwrap();
        let a = &c.articles[0];
        assert_eq!(a.published.date_naive().to_string(), "2017-04-12");
        assert!(
            a.published_evidence.contains("Wednesday"),
            "{}",
            a.published_evidence
        );
    }

    #[test]
    fn duplicate_ids_are_resolved_the_same_way_in_any_order() {
        let a =
            "{\"id\":\"1\",\"text\":\"alpha text\",\"published\":\"2017-04-07\",\"outlet\":\"X\"}";
        let b =
            "{\"id\":\"1\",\"text\":\"beta text\",\"published\":\"2017-04-07\",\"outlet\":\"X\"}";
        let opts = skipping();
        let c1 = ingest_files(&[file("a.jsonl", &format!("{a}\n{b}\n"))], &opts).unwrap();
        let c2 = ingest_files(&[file("a.jsonl", &format!("{b}\n{a}\n"))], &opts).unwrap();
        assert_eq!(c1.articles[0].text, "alpha text");
        assert_eq!(c2.articles[0].text, "alpha text");
        assert_eq!(c1.files[0].rejected, 1);
    }
}
