//! `storyline timex`: tag TimeML files with the temporal tagger, for the TempEval-3 scorer.

use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use storyline::temporal::timeml;
use storyline::util::write_bytes_atomic;

#[derive(Args, Debug)]
#[command(
    after_help = "Reads every .tml file under --tml-in (DCT from <DCT>, text from <TEXT>, existing tags ignored) and writes the same tree under --tml-out with the tagger's <TIMEX3 tid type value> tags as the only tags inside <TEXT>."
)]
pub struct TimexArgs {
    /// Folder of TimeML (.tml) files, searched recursively.
    #[arg(long = "tml-in", value_name = "DIR")]
    pub tml_in: PathBuf,
    /// Folder to write the tagged files to (same relative paths).
    #[arg(long = "tml-out", value_name = "DIR")]
    pub tml_out: PathBuf,
}

pub fn timex(a: TimexArgs) -> anyhow::Result<i32> {
    let files = timeml::find_files(&a.tml_in)
        .with_context(|| format!("{}: cannot list .tml files", a.tml_in.display()))?;
    if files.is_empty() {
        anyhow::bail!("{}: no .tml files found", a.tml_in.display());
    }
    let mut tagged = 0usize;
    for rel in &files {
        let src = a.tml_in.join(rel);
        let xml = std::fs::read_to_string(&src)
            .with_context(|| format!("{}: cannot read", src.display()))?;
        let doc = timeml::parse(&xml).map_err(|e| anyhow::anyhow!("{}: {e}", src.display()))?;
        let found = timeml::tag(&doc);
        tagged += found.len();
        write_bytes_atomic(&a.tml_out.join(rel), timeml::write(&doc, &found).as_bytes())?;
    }
    eprintln!(
        "tagged {} files, {tagged} temporal expressions -> {}",
        files.len(),
        a.tml_out.display()
    );
    Ok(0)
}
