//! Sweep throughput (divan): 1,000,000 rows × every output to CSV, written into a sink.
//!
//! `cargo bench --bench sweep`; `scripts/sweep-vs-numpy.sh` times the same grid end to end
//! against the NumPy peer in `benches/peer/sweep.py`. BENCHMARKS.md has the results.

use agi_compute::model::Output;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO};
use agi_compute::sweep::{Axis, SweepFormat, write};
use divan::{Bencher, black_box, counter::ItemsCount};

fn main() {
    // A million rows take a good part of a second: ten samples are plenty.
    divan::Divan::default()
        .sample_count(10)
        .config_with_args()
        .main();
}

/// The grid of BENCHMARKS.md: 1000 GPU counts (log) × 1000 MFUs (linear).
fn grid() -> [Axis; 2] {
    [
        Axis::parse("gpus=10k..1M:log:1000").expect("gpus axis"),
        Axis::parse("mfu=30%..50%:1000").expect("mfu axis"),
    ]
}

#[divan::bench]
fn million_rows_csv(bencher: Bencher) {
    let base = Catalog::embedded()
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario
        .inputs();
    let axes = grid();
    bencher
        .counter(ItemsCount::new(1_000_000u64))
        .bench_local(|| {
            let n = write(
                &base,
                &axes,
                &Output::ALL,
                SweepFormat::Csv,
                std::io::sink(),
                &mut |_| {},
            )
            .expect("sink");
            black_box(n)
        });
}
