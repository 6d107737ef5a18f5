//! Stage progress on stderr.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use storyline::pipeline::Progress;

/// Stage progress on stderr: a spinner per running stage on a terminal (stages can run side by
/// side), plain lines in logs.
pub struct StderrProgress {
    multi: MultiProgress,
    bars: Mutex<Vec<(String, ProgressBar)>>,
    tty: bool,
}

impl StderrProgress {
    pub fn new() -> Self {
        StderrProgress {
            multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            bars: Mutex::new(Vec::new()),
            tty: std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for StderrProgress {
    fn stage(&self, name: &str) {
        if !self.tty {
            return;
        }
        let pb = self.multi.add(ProgressBar::new_spinner());
        pb.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.set_message(name.to_string());
        pb.enable_steady_tick(std::time::Duration::from_millis(100));
        if let Ok(mut bars) = self.bars.lock() {
            bars.push((name.to_string(), pb));
        }
    }
    fn done(&self, name: &str, detail: &str, seconds: f64) {
        if let Ok(mut bars) = self.bars.lock() {
            if let Some(k) = bars.iter().position(|(n, _)| n == name) {
                let (_, pb) = bars.remove(k);
                pb.finish_and_clear();
                self.multi.remove(&pb);
            }
        }
        let line = match storyline::util::resident_mib() {
            Some((now, peak)) => {
                format!("  {name:<9} {detail} ({seconds:.2} s, {now} MiB resident, peak {peak})")
            }
            None => format!("  {name:<9} {detail} ({seconds:.2} s)"),
        };
        self.multi.suspend(|| eprintln!("{line}"));
    }
}
