//! linfa's DBSCAN and KMeans on a random projection of the TF-IDF vectors: content-only
//! clusterers kept beside the time-aware one for comparison.

use super::ClusterOptions;
use crate::error::{Error, Result};
use crate::features::Features;

fn projection(features: &Features, o: &ClusterOptions) -> Result<ndarray::Array2<f64>> {
    let dims = o.projection_dims.max(2);
    let flat = features.project(dims, 0x5707_11e5);
    ndarray::Array2::from_shape_vec((features.docs.len(), dims), flat)
        .map_err(|e| Error::Invalid(format!("projection shape: {e}")))
}

pub(super) fn dbscan(features: &Features, o: &ClusterOptions) -> Result<Vec<usize>> {
    use linfa::traits::Transformer;
    use linfa::ParamGuard;
    let x = projection(features, o)?;
    // Unit vectors: Euclidean distance sqrt(2 - 2 cos).
    let eps = (2.0 * o.dbscan_eps).sqrt();
    let params = linfa_clustering::Dbscan::params(o.dbscan_min_points)
        .tolerance(eps)
        .check()
        .map_err(|e| Error::Invalid(format!("dbscan: {e}")))?;
    let labels = params.transform(&x);
    let n = features.docs.len();
    // Noise points become singleton stories.
    Ok(labels
        .iter()
        .enumerate()
        .map(|(i, l)| l.map(|c| c).unwrap_or(n + i))
        .collect())
}

pub(super) fn kmeans(features: &Features, o: &ClusterOptions) -> Result<Vec<usize>> {
    use linfa::traits::{Fit, Predict};
    let n = features.docs.len();
    let k = if o.kmeans_k == 0 {
        (n / 5).max(1)
    } else {
        o.kmeans_k.min(n)
    };
    let x = projection(features, o)?;
    let ds = linfa::DatasetBase::from(x.clone());
    let model = linfa_clustering::KMeans::params(k)
        .n_runs(3)
        .fit(&ds)
        .map_err(|e| Error::Invalid(format!("kmeans: {e}")))?;
    let pred = model.predict(&x);
    Ok(pred.to_vec())
}
