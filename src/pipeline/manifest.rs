//! The run manifest (`manifest.json`): the inputs with their counts, the settings, the
//! warnings and the files written; and the rejects file beside it.

use super::Settings;
use crate::error::{Error, Result};
use crate::model::*;
use crate::run_dir::RunFile;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The run manifest: what went in, with which settings, and what came out. It holds no
/// wall-clock facts (the run prints its time), so the same inputs write the same manifest and
/// the committed demo run stays as a fresh run writes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub version: String,
    pub inputs: Vec<FileReport>,
    pub settings: Settings,
    pub counts: RunCounts,
    pub warnings: Vec<Warning>,
    pub outputs: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RunCounts {
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub warnings: usize,
    pub articles: usize,
    pub stories: usize,
    pub outlets: usize,
    pub duplicate_groups: usize,
    pub entities: usize,
    pub date_mentions: usize,
}

pub fn counts(corpus: &Corpus, stories: usize, entities: usize, mentions: usize) -> RunCounts {
    let mut outlets: Vec<&str> = corpus.articles.iter().map(|a| a.outlet.as_str()).collect();
    outlets.sort();
    outlets.dedup();
    let mut groups: Vec<&str> = corpus
        .articles
        .iter()
        .filter_map(|a| a.dup_group.as_deref())
        .collect();
    groups.sort();
    groups.dedup();
    RunCounts {
        read: corpus.files.iter().map(|f| f.read).sum(),
        accepted: corpus.files.iter().map(|f| f.accepted).sum(),
        rejected: corpus.files.iter().map(|f| f.rejected).sum(),
        warnings: corpus.warnings.len(),
        articles: corpus.articles.len(),
        stories,
        outlets: outlets.len(),
        duplicate_groups: groups.len(),
        entities,
        date_mentions: mentions,
    }
}

/// Writes `rejects.jsonl` (only when there are rejects; an old one is removed).
pub fn write_rejects(corpus: &Corpus, dir: &Path) -> Result<Option<PathBuf>> {
    let path = RunFile::Rejects.path(dir);
    if corpus.rejects.is_empty() {
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
        return Ok(None);
    }
    let mut buf = Vec::new();
    for r in &corpus.rejects {
        buf.extend(serde_json::to_vec(r).map_err(|e| Error::Invalid(e.to_string()))?);
        buf.push(b'\n');
    }
    crate::util::write_bytes_atomic(&path, &buf)?;
    Ok(Some(path))
}

/// Writes `manifest.json` into `dir`, atomically.
pub fn write_manifest(m: &Manifest, dir: &Path) -> Result<PathBuf> {
    let path = RunFile::Manifest.path(dir);
    let mut bytes = serde_json::to_vec_pretty(m).map_err(|e| Error::Invalid(e.to_string()))?;
    bytes.push(b'\n');
    crate::util::write_bytes_atomic(&path, &bytes)?;
    Ok(path)
}

/// Reads the manifest of the run folder `dir`, if it has one.
pub fn read_manifest(dir: &Path) -> Result<Option<Manifest>> {
    let path = RunFile::Manifest.path(dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
}
