//! Sweep throughput (divan): 1,000,000 rows × every output to CSV, written into a sink.
//!
//! `cargo bench --bench sweep`; `scripts/sweep-vs-numpy.sh` times the same grid end to end
//! against the NumPy peer in `benches/peer/sweep.py`. BENCHMARKS.md has the results.

use agi_compute::analysis::sweep::{Axis, Base, SweepFormat, write};
use agi_compute::model::Output;
use agi_compute::presets::{Catalog, DEFAULT_SCENARIO};
use divan::{Bencher, black_box, counter::ItemsCount};

fn main() {
    // A million rows take a good part of a second: ten samples are plenty.
    divan::Divan::default()
        .sample_count(10)
        .config_with_args()
        .main();
}

const GPUS: &str = "gpus=10k..1M:log:1000";
const MFU: &str = "mfu=30%..50%:1000";

/// The grid of BENCHMARKS.md and of the NumPy peer: 1000 GPU counts (log) × 1000 MFUs
/// (linear), the MFU varying fastest. Outputs that do not depend on the MFU (costs, power,
/// energy) repeat along each run of rows and are copied rather than formatted again.
#[divan::bench]
fn million_rows_csv(bencher: Bencher) {
    bench(bencher, [GPUS, MFU]);
}

/// The same grid with the GPU count varying fastest: every output changes on every row, so
/// every number is formatted (the sweep's worst case).
#[divan::bench]
fn million_rows_csv_gpus_fastest(bencher: Bencher) {
    bench(bencher, [MFU, GPUS]);
}

fn bench(bencher: Bencher, grid: [&str; 2]) {
    let catalog = Catalog::embedded();
    let scenario = &catalog
        .scenario(DEFAULT_SCENARIO)
        .expect("default scenario")
        .scenario;
    let base = Base::of(scenario, &catalog);
    let axes = grid.map(|g| Axis::parse(g).expect("axis"));
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
