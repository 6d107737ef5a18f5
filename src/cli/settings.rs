//! The one place where flags become library settings: input options, clustering and feature
//! settings, the outlet comparison's settings and the run folder of the stage subcommands.

use clap::Args;
use std::path::PathBuf;
use storyline::cluster::{self, ClusterOptions};
use storyline::ingest::IngestOptions;
use storyline::pipeline::Settings;

#[derive(Args, Debug, Clone)]
pub struct InputOpts {
    /// Keep going past bad records; each is written with its reason to rejects.jsonl.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Outlet for records that name none and have no URL (raw pages default to their folder's name).
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Largest article text to read, in MB; a larger record is refused with its size (or rejected with --skip-invalid).
    #[arg(long, value_name = "MB", default_value_t = 10)]
    pub max_article_mb: usize,
}

impl InputOpts {
    pub fn options(&self) -> IngestOptions {
        let mut limits = storyline::ingest::Limits {
            max_article_bytes: self.max_article_mb.max(1) << 20,
            ..Default::default()
        };
        limits.max_record_bytes = limits.max_record_bytes.max(limits.max_article_bytes * 2);
        IngestOptions {
            skip_invalid: self.skip_invalid,
            outlet: self.outlet.clone(),
            limits,
        }
    }
}

/// `--algorithm`: the library's [`cluster::Algorithm`], named for the command line.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum AlgorithmArg {
    /// Time-aware average-linkage agglomerative clustering; above --batch-limit articles it
    /// hands over to the online clusterer.
    TimeAware,
    /// Windowed single pass: each article, in time order, joins the most similar active story.
    Online,
    /// linfa DBSCAN on a random projection of the TF-IDF vectors (content only).
    Dbscan,
    /// linfa KMeans on the same projection (content only; needs k).
    Kmeans,
}

impl From<AlgorithmArg> for cluster::Algorithm {
    fn from(a: AlgorithmArg) -> Self {
        match a {
            AlgorithmArg::TimeAware => cluster::Algorithm::TimeAware,
            AlgorithmArg::Online => cluster::Algorithm::Online,
            AlgorithmArg::Dbscan => cluster::Algorithm::Dbscan,
            AlgorithmArg::Kmeans => cluster::Algorithm::Kmeans,
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct ClusterOpts {
    /// Clustering algorithm.
    #[arg(long, value_enum, default_value = "time-aware")]
    pub algorithm: AlgorithmArg,
    /// Merge threshold of the time-aware clusterer (average time-discounted cosine).
    #[arg(long, value_name = "SIM")]
    pub threshold: Option<f64>,
    /// Days apart within which articles are not discounted.
    #[arg(long, value_name = "DAYS")]
    pub time_grace_days: Option<f64>,
    /// Time constant of the similarity discount beyond the grace period.
    #[arg(long, value_name = "DAYS")]
    pub time_scale_days: Option<f64>,
    /// Lowest value of the time discount.
    #[arg(long, value_name = "FACTOR")]
    pub time_floor: Option<f64>,
    /// KMeans k (default: one cluster per 5 articles).
    #[arg(long)]
    pub k: Option<usize>,
    /// DBSCAN radius in cosine distance.
    #[arg(long)]
    pub eps: Option<f64>,
    /// Weight of the title against body terms.
    #[arg(long, hide = true)]
    pub title_weight: Option<f64>,
    /// Weight of entity features.
    #[arg(long, hide = true)]
    pub entity_weight: Option<f64>,
    /// Weight of the lead.
    #[arg(long, hide = true)]
    pub lead_weight: Option<f64>,
    #[arg(long, hide = true)]
    pub min_df: Option<usize>,
    /// Fewest articles nearest in time over which idf is counted (0: whole corpus).
    #[arg(long, value_name = "N")]
    pub idf_window: Option<usize>,
    /// Idf also counts every article published this many days or fewer before or after.
    #[arg(long, value_name = "DAYS")]
    pub idf_days: Option<f64>,
    #[arg(long, hide = true)]
    pub neighbours: Option<usize>,
    /// First-pass cohesion ratio: stories much tighter inside than to each other stay apart (0 disables).
    #[arg(long, value_name = "RATIO")]
    pub cohesion: Option<f64>,
    /// Second-pass merge threshold on story centroids (0 disables).
    #[arg(long, value_name = "SIM")]
    pub merge_threshold: Option<f64>,
    #[arg(long, hide = true)]
    pub merge_time_floor: Option<f64>,
    /// Longest span (days) two full stories may reach by merging in the second pass.
    #[arg(long, value_name = "DAYS")]
    pub max_story_span_days: Option<f64>,
    /// Third-pass threshold for attaching stories of one or two articles (0 disables).
    #[arg(long, value_name = "SIM")]
    pub attach_threshold: Option<f64>,
    /// Online clusterer: minimum time-discounted cosine to a story's centroid to join it.
    #[arg(long, value_name = "SIM")]
    pub online_threshold: Option<f64>,
    /// Online clusterer: a story idle this many days closes.
    #[arg(long, value_name = "DAYS")]
    pub window_days: Option<f64>,
    /// Above this many articles the time-aware clusterer hands over to the online one.
    #[arg(long, value_name = "N")]
    pub batch_limit: Option<usize>,
}

impl ClusterOpts {
    pub fn settings(&self) -> Settings {
        let mut s = Settings::default();
        let c: &mut ClusterOptions = &mut s.cluster;
        c.algorithm = self.algorithm.into();
        if let Some(x) = self.threshold {
            c.threshold = x;
        }
        if let Some(x) = self.time_grace_days {
            c.time_grace_days = x;
        }
        if let Some(x) = self.time_scale_days {
            c.time_scale_days = x;
        }
        if let Some(x) = self.time_floor {
            c.time_floor = x;
        }
        if let Some(x) = self.k {
            c.kmeans_k = x;
        }
        if let Some(x) = self.eps {
            c.dbscan_eps = x;
        }
        if let Some(x) = self.merge_threshold {
            c.merge_threshold = x;
        }
        if let Some(x) = self.merge_time_floor {
            c.merge_time_floor = x;
        }
        if let Some(x) = self.attach_threshold {
            c.attach_threshold = x;
        }
        if let Some(x) = self.cohesion {
            c.cohesion_ratio = x;
        }
        if let Some(x) = self.max_story_span_days {
            c.max_story_span_days = x;
        }
        if let Some(x) = self.neighbours {
            c.neighbours = x;
        }
        if let Some(x) = self.online_threshold {
            c.online_threshold = x;
        }
        if let Some(x) = self.window_days {
            c.window_days = x;
        }
        if let Some(x) = self.batch_limit {
            c.batch_limit = x;
        }
        if let Some(x) = self.title_weight {
            s.features.title_weight = x;
        }
        if let Some(x) = self.entity_weight {
            s.features.entity_weight = x;
        }
        if let Some(x) = self.lead_weight {
            s.features.lead_weight = x;
        }
        if let Some(x) = self.min_df {
            s.features.min_df = x;
        }
        if let Some(x) = self.idf_window {
            s.features.idf_window = x;
        }
        if let Some(x) = self.idf_days {
            s.features.idf_days = x;
        }
        s
    }
}

#[derive(Args, Debug, Clone)]
pub struct StateDir {
    /// Folder holding the tables of earlier stages.
    #[arg(long, value_name = "DIR", default_value = storyline::run_dir::DEFAULT_DATA_DIR)]
    pub state: PathBuf,
}

/// The outlet comparison's settings (`compare`).
#[derive(Args, Debug, Clone)]
pub struct CompareOpts {
    /// A story is a blind spot of an outlet that skipped it when at least this share of outlets covered it.
    #[arg(long, value_name = "SHARE", default_value_t = 0.5)]
    pub blind_spot_share: f64,
    /// Distinctive terms and entities kept per story, outlet and kind.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub emphasis_top: usize,
}

impl CompareOpts {
    /// `settings` with these comparison settings.
    pub fn apply(&self, mut settings: Settings) -> anyhow::Result<Settings> {
        anyhow::ensure!(
            (0.0..=1.0).contains(&self.blind_spot_share),
            "--blind-spot-share must lie between 0 and 1 (got {})",
            self.blind_spot_share
        );
        settings.compare.blind_spot_share = self.blind_spot_share;
        settings.compare.emphasis.top = self.emphasis_top;
        Ok(settings)
    }
}
