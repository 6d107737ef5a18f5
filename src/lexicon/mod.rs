//! Word lists the stages read, kept as data files beside this module (`include_str!`), so a
//! list can be read and edited as data, and no stage reaches into another stage for its words.
//!
//! File format: one or more whitespace-separated entries a line; a line starting with `#` is
//! a comment. A list whose entries hold spaces (phrases) is read with [`lines`] instead.

/// The whitespace-separated entries of a word list, comments skipped.
#[allow(dead_code)]
pub(crate) fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
}

/// The entries of a list of phrases, one a line (trimmed), comments and blank lines skipped.
#[allow(dead_code)]
pub(crate) fn lines(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

// Lists of the entity, tagger, text and evaluation stages.

// Lists of the temporal grammar.
