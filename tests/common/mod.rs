//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("storyline-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create temp dir");
    d
}

/// Runs the built `storyline` binary; panics with its stderr when it fails.
pub fn storyline(args: &[&str], cwd: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run storyline");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "storyline {args:?} failed: {stderr}");
    stderr
}

/// The checkout the tests run in. Cargo says so at run time; the path compiled in is that of
/// whichever checkout built the binary, and a build cache shared between clones (as CI's is)
/// can hand a test binary over from a clone that has since gone, where `../shared` is absent
/// and every test that needs it would quietly skip.
pub fn repo_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// `../shared` beside the repository, when present.
pub fn shared_dir() -> Option<PathBuf> {
    let d = repo_dir().join("../shared/data");
    d.is_dir().then_some(d)
}

/// Asserts that every file directly in `a` but the manifest (whose clock fields differ) has the
/// same bytes in `b`; `why` names what must not change them. Returns how many were compared.
pub fn assert_same_files(a: &Path, b: &Path, why: &str) -> usize {
    let mut compared = 0;
    for entry in std::fs::read_dir(a).expect("read output dir").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() || name == "manifest.json" {
            continue;
        }
        let x = std::fs::read(entry.path()).unwrap();
        let y = std::fs::read(b.join(&name)).unwrap();
        assert!(x == y, "{name} differs: {why}");
        compared += 1;
    }
    compared
}

/// A run's manifest without its wall-clock fields (`created_at`, `seconds`) and output paths.
pub fn manifest_without_clock(dir: &Path) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let m = v.as_object_mut().unwrap();
    for k in ["created_at", "seconds", "outputs"] {
        m.remove(k);
    }
    v
}
