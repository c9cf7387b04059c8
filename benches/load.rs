//! Start-up with a huge user preset directory (divan): `cargo bench --bench load`.
//!
//! Writes 100,000 milestones (and 10,000 fleets and accelerators) across files of 1,000 entries
//! each, then times `Catalog::load` on that directory. Loading must grow linearly with the
//! number of entries: each entry is placed through an index by lower-case id, not by scanning
//! what was loaded before it.

use agi_compute::presets::Catalog;
use divan::{Bencher, black_box};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    divan::Divan::default()
        .sample_count(5)
        .sample_size(1)
        .main();
}

/// Entries per generated file: about 150 KB, well under the 1 MiB limit.
const PER_FILE: usize = 1_000;

/// One file of generated milestones `from..to`.
fn milestones(from: usize, to: usize) -> String {
    let mut s = String::from("[\n");
    for i in from..to {
        let _ = writeln!(
            s,
            "    (id: \"gen-run-{i:06}\", name: \"Generated run {i}\", org: \"Bench\", \
             date: \"2020-01-01\", flop: (value: 1e24, status: Estimate, source: \"generated\")),"
        );
    }
    s.push_str("]\n");
    s
}

fn fleets(from: usize, to: usize) -> String {
    let mut s = String::from("[\n");
    for i in from..to {
        let _ = writeln!(
            s,
            "    (id: \"gen-fleet-{i:06}\", name: \"Fleet {i}\", org: \"Bench\", date: \"2024\", \
             accelerator: \"h100-sxm\", count: (value: 1000.0, status: Estimate, source: \"generated\")),"
        );
    }
    s.push_str("]\n");
    s
}

fn accelerators(from: usize, to: usize) -> String {
    let mut s = String::from("[\n");
    for i in from..to {
        let _ = writeln!(
            s,
            "    (id: \"gen-card-{i:06}\", name: \"Card {i}\", vendor: \"Bench\", \
             bf16_tflops: (value: 500.0, status: Vendor, source: \"generated\"), \
             memory_gb: (value: 80.0, status: Vendor, source: \"generated\")),"
        );
    }
    s.push_str("]\n");
    s
}

/// A preset directory with `n` milestones and `n / 10` fleets and accelerators.
fn generate(n: usize) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("agi-compute-bench-load-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create bench dir");
    let write = |name: String, text: String| {
        std::fs::write(dir.join(name), text).expect("write bench file");
    };
    for (k, from) in (0..n).step_by(PER_FILE).enumerate() {
        write(
            format!("milestones-{k:04}.ron"),
            milestones(from, (from + PER_FILE).min(n)),
        );
    }
    for (k, from) in (0..n / 10).step_by(PER_FILE).enumerate() {
        let to = (from + PER_FILE).min(n / 10);
        write(format!("fleets-{k:04}.ron"), fleets(from, to));
        write(format!("accelerators-{k:04}.ron"), accelerators(from, to));
    }
    dir
}

fn load(bencher: Bencher, n: usize) {
    let dir = generate(n);
    let dirs = [dir.clone()];
    bencher.bench(|| {
        let catalog = Catalog::load(black_box(&dirs));
        assert!(
            catalog.problems.is_empty(),
            "{:?}",
            catalog.problems.first()
        );
        assert!(catalog.milestones.len() >= n);
        catalog
    });
    remove(&dir);
}

fn remove(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

/// 10 k, 40 k and 100 k milestones: the time per entry stays flat when loading is linear.
#[divan::bench(args = [10_000, 40_000, 100_000])]
fn milestones_across_files(bencher: Bencher, n: usize) {
    load(bencher, n);
}
