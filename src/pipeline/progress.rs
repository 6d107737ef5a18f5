//! Stage progress: the library says when a stage starts and ends; the caller shows it.

use crate::error::Result;
use std::time::Instant;

/// Reports stage progress (a spinner on a terminal, plain lines otherwise).
pub trait Progress: Sync {
    fn stage(&self, name: &str);
    fn done(&self, name: &str, detail: &str, seconds: f64);
}

/// Progress that says nothing (library use, tests).
pub struct Quiet;
impl Progress for Quiet {
    fn stage(&self, _: &str) {}
    fn done(&self, _: &str, _: &str, _: f64) {}
}

/// Runs one stage between its start and end reports; `detail` says what it made.
pub(crate) fn timed<T>(
    p: &dyn Progress,
    name: &str,
    f: impl FnOnce() -> Result<T>,
    detail: impl Fn(&T) -> String,
) -> Result<T> {
    p.stage(name);
    let t = Instant::now();
    let v = f()?;
    p.done(name, &detail(&v), t.elapsed().as_secs_f64());
    Ok(v)
}
