//! The settings that change results, recorded in the manifest so each later stage of a run
//! folder works with the settings its earlier stages used.

use crate::cluster::ClusterOptions;
use crate::compare::CompareOptions;
use crate::features::FeatureOptions;
use serde::{Deserialize, Serialize};

/// All settings that change results; recorded in the manifest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub features: FeatureOptions,
    pub cluster: ClusterOptions,
    #[serde(default)]
    pub compare: CompareOptions,
}
