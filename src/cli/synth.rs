//! `storyline synth`: a deterministic synthetic pile with gold story labels.

use clap::Args;
use std::path::PathBuf;
use storyline::synth::{generate, SynthOptions};

#[derive(Args, Debug)]
#[command(
    after_help = "Stories that burst and decay over months, outlets of different volume and speed, entity pools per story, a Zipfian vocabulary, wire copies, scraping noise and relative date phrases; `gold_story` labels for `storyline eval stories`. The same --articles and --seed give the same bytes."
)]
pub struct SynthArgs {
    /// How many articles.
    #[arg(long, default_value_t = 10_000)]
    pub articles: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// JSONL file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn synth(a: SynthArgs) -> anyhow::Result<i32> {
    let text = generate(&SynthOptions {
        articles: a.articles,
        seed: a.seed,
        ..Default::default()
    });
    storyline::util::write_bytes_atomic(&a.out, text.as_bytes())?;
    eprintln!("wrote {} articles -> {}", a.articles, a.out.display());
    Ok(0)
}
