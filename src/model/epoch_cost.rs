//! Epoch AI's three training-cost methods, from per-run inputs: cloud rental, hardware
//! acquisition, and amortized hardware capex + energy.
//!
//! Facts and formulas are from Cottier et al., "The rising costs of training frontier AI models"
//! (arXiv 2405.21015), and from the public code that produced Epoch's published table
//! (`cost_analysis_standalone.py` in github.com/epoch-research/training-cost-trends at commit
//! 263c40a). Where the paper and that code differ, or the paper is silent, this module follows
//! the code and says so on the item concerned. Pure arithmetic: the numbers, and the dollar year
//! they are adjusted to (December 2024 for Epoch's table), come from `presets/epoch_costs.ron`.

/// A calendar day, as days since 1970-01-01 (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub i64);

impl Day {
    /// Parses `YYYY-MM-DD`; `None` for anything else or an impossible date.
    pub fn parse(text: &str) -> Option<Day> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Day(days_from_civil(y, m, d)))
    }

    /// The calendar year and month.
    pub fn year_month(self) -> (i64, u32) {
        let (y, m, _) = civil_from_days(self.0);
        (y, m)
    }

    /// `YYYY-MM-DD`.
    pub fn text(self) -> String {
        let (y, m, d) = civil_from_days(self.0);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// Midnight of this day, in seconds since 1970.
    fn start(self) -> i64 {
        self.0 * DAY_SECONDS
    }
}

const DAY_SECONDS: i64 = 86_400;

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A moment, in seconds since 1970 (Epoch's dates carry hours once a training time is
/// subtracted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment(pub i64);

impl Moment {
    /// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
    pub fn text(self) -> String {
        let day = Day(self.0.div_euclid(DAY_SECONDS));
        let rest = self.0.rem_euclid(DAY_SECONDS);
        if rest == 0 {
            day.text()
        } else {
            format!("{} {:02}:{:02}", day.text(), rest / 3600, rest % 3600 / 60)
        }
    }
}

/// The method's constants, each a preset value with its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Constants {
    /// Cluster-level interconnect as a fraction of the whole cluster's cost (0.19).
    pub interconnect_fraction: f64,
    /// Utilization assumed where a run's is unknown (0.375, the median of known values).
    pub median_utilization: f64,
    /// ML GPU price-performance trend, orders of magnitude per year (0.14).
    pub price_performance_ooms_per_year: f64,
    /// Hours in a year (24 × 365.25).
    pub hours_per_year: f64,
    /// Days in a year for date spans (365.25).
    pub days_per_year: f64,
    /// Training time assumed where none is known (the median of the frontier runs, hours).
    pub median_training_hours: f64,
    /// Days between the end of training and publication.
    pub publication_lag_days: i64,
    /// Days between a GPU's release and its first acquisition by a buyer, at least.
    pub release_to_acquisition_days: i64,
    /// Power usage effectiveness of hyperscaler data centres, and of everyone else's.
    pub pue_hyperscaler: f64,
    pub pue_other: f64,
    /// Average server power during training as a fraction of its TDP: GPUs, TPUs.
    pub tdp_fraction_gpu: f64,
    pub tdp_fraction_tpu: f64,
}

#[cfg(test)]
impl Constants {
    /// Epoch's rates (interconnect share, price-performance trend, hours per year, PUEs and
    /// power draw, as the catalog carries them with sources), with the date and time constants
    /// placeholders: for tests of the amortized rate without the catalog.
    pub(crate) fn published() -> Constants {
        Constants {
            interconnect_fraction: 0.19,
            median_utilization: 0.375,
            price_performance_ooms_per_year: 0.14,
            hours_per_year: 8766.0,
            days_per_year: 365.25,
            median_training_hours: 2000.0,
            publication_lag_days: 0,
            release_to_acquisition_days: 0,
            pue_hyperscaler: 1.1,
            pue_other: 1.25,
            tdp_fraction_gpu: 0.75,
            tdp_fraction_tpu: 0.43,
        }
    }
}

/// Which kind of chip: it decides the acquisition date, the TDP fraction and whether training
/// may start before public availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChipKind {
    Gpu,
    Tpu,
}

/// One chip as the method sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Chip {
    pub kind: ChipKind,
    /// Dense 16-bit peak, FLOP/s (Epoch's order: tensor FP16/BF16, TF32, …).
    pub peak_flops: f64,
    pub tdp_watts: f64,
    pub release: Day,
    /// Server cost per chip ÷ chip cost, for the chip's family (1.54–1.69).
    pub server_cost_overhead: f64,
    /// Server power ÷ chip TDP, for the chip's family.
    pub server_power_multiplier: f64,
    /// Purchase price per chip in USD of the price's date.
    pub purchase_price: f64,
    /// True when the price is a whole server's (a DGX divided by its chips), so no server
    /// overhead is added; false for single-unit prices and TPU equivalents.
    pub price_includes_server: bool,
    /// Date of the purchase price (GPUs; TPUs are taken at their release).
    pub price_date: Option<Day>,
}

/// The cloud price row used for a run, with the vendor's commitment discounts.
#[derive(Clone, Debug, PartialEq)]
pub struct CloudPrice {
    pub usd_per_chip_hour: f64,
    /// Discount of the row's price type off on-demand (0 for on-demand).
    pub row_discount: f64,
    /// Discount of the price type the method asks for (3-year commitment) off on-demand.
    pub wanted_discount: f64,
}

impl CloudPrice {
    /// The price converted to the wanted commitment: `p × (1 − wanted) / (1 − row)`.
    pub fn adjusted(&self) -> f64 {
        self.usd_per_chip_hour * (1.0 - self.wanted_discount) / (1.0 - self.row_discount)
    }
}

/// One training run's inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub publication: Day,
    pub flop: f64,
    pub chip_count: Option<f64>,
    pub training_hours: Option<f64>,
    /// Chip-hours where Epoch's data has them directly.
    pub chip_hours: Option<f64>,
    pub utilization: Option<f64>,
    /// Organisation type for PUE: a hyperscaler or not.
    pub hyperscaler: bool,
    /// Training start where Epoch fixes it by hand.
    pub training_start: Option<Day>,
    /// Training end where Epoch fixes it by hand (start = end − training time).
    pub training_end: Option<Day>,
    pub cloud: Option<CloudPrice>,
    /// Industrial electricity price of the publication year, USD/kWh.
    pub usd_per_kwh: f64,
    /// Producer price index at the publication month and at the target month.
    pub price_index_publication: f64,
    pub price_index_target: f64,
}

/// Where the chip-hours of the amortized method came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChipHoursFrom {
    /// Epoch's data gives chip-hours.
    Reported,
    /// Training time × chip count.
    TimeTimesCount,
    /// FLOP ÷ (peak × utilization), utilization the run's own.
    Flop,
    /// FLOP ÷ (peak × median utilization).
    FlopMedianUtilization,
}

impl ChipHoursFrom {
    pub fn label(self) -> &'static str {
        match self {
            ChipHoursFrom::Reported => "chip-hours in Epoch's data",
            ChipHoursFrom::TimeTimesCount => "training time × chips",
            ChipHoursFrom::Flop => "FLOP ÷ (peak × utilization)",
            ChipHoursFrom::FlopMedianUtilization => "FLOP ÷ (peak × median utilization)",
        }
    }
}

/// Cost components, in USD of the target month.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Components {
    pub chips: f64,
    pub other_server: f64,
    pub interconnect: f64,
    pub energy: f64,
}

impl Components {
    pub fn total(&self) -> f64 {
        self.chips + self.other_server + self.interconnect + self.energy
    }

    fn scaled(self, k: f64) -> Components {
        Components {
            chips: self.chips * k,
            other_server: self.other_server * k,
            interconnect: self.interconnect * k,
            energy: self.energy * k,
        }
    }
}

/// Cloud rental: chip-hours × price per chip-hour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cloud {
    pub chip_hours: f64,
    /// After the commitment conversion, USD of the price's date.
    pub usd_per_chip_hour: f64,
    /// Target-month USD.
    pub total: f64,
}

/// Amortized hardware capex + energy, with what went into it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amortized {
    pub chip_hours: f64,
    pub chip_hours_from: ChipHoursFrom,
    /// Server value per chip at the start of training, after depreciation (nominal USD).
    pub value_per_chip: f64,
    pub components: Components,
}

/// The three estimates for one run. A method that cannot be computed says why.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub training_start: Moment,
    pub hardware_acquired: Day,
    /// Target index ÷ publication-month index.
    pub inflation: f64,
    pub cloud: Result<Cloud, &'static str>,
    pub acquisition: Result<Components, &'static str>,
    pub amortized: Result<Amortized, &'static str>,
}

/// Start of training. Epoch's code truncates a reported training time to whole hours, but not
/// the median it falls back on (a 793.5-hour `Timedelta`).
pub fn training_start(run: &Run, c: &Constants) -> Moment {
    if let Some(d) = run.training_start {
        return Moment(d.start());
    }
    let hours_seconds = match run.training_hours {
        Some(h) => h.trunc() as i64 * 3600,
        None => (c.median_training_hours * 3600.0).round() as i64,
    };
    match run.training_end {
        Some(end) => Moment(end.start() - hours_seconds),
        None => {
            Moment(run.publication.start() - c.publication_lag_days * DAY_SECONDS - hours_seconds)
        }
    }
}

/// When the hardware was bought: a TPU at its release; a GPU at the date of its price, but no
/// sooner than the release plus the acquisition lag.
pub fn hardware_acquired(chip: &Chip, c: &Constants) -> Day {
    let earliest = Day(chip.release.0 + c.release_to_acquisition_days);
    match chip.kind {
        ChipKind::Tpu => chip.release,
        ChipKind::Gpu => chip.price_date.map_or(earliest, |p| p.max(earliest)),
    }
}

/// Server price per chip at purchase: the chip price times the family's server overhead,
/// unless the price is already a server's.
pub fn server_price(chip: &Chip) -> f64 {
    if chip.price_includes_server {
        chip.purchase_price
    } else {
        chip.purchase_price * chip.server_cost_overhead
    }
}

/// Value after `years` of the price-performance trend: `v × 10^(−k·years)`.
pub fn depreciate(value: f64, years: f64, ooms_per_year: f64) -> f64 {
    10f64.powf(value.log10() - ooms_per_year * years)
}

/// Optimal hardware replacement rate per year for a price-performance trend of `k` OOM/yr:
/// `k × ln 10` (Epoch's "longest training run" framework).
pub fn replacement_rate(ooms_per_year: f64) -> f64 {
    ooms_per_year * std::f64::consts::LN_10
}

/// Epoch's amortized method applied to a hypothetical run: the cluster value per chip (`price ×
/// server overhead ÷ (1 − interconnect fraction)`, the scenario's cluster basis per GPU) paid at
/// the optimal replacement rate for the run's chip-hours, plus the run's energy at Epoch's
/// average draw (`tdp_fraction_gpu` of rated power). A scenario has no purchase or start date,
/// so there is no depreciation before the run and no price-index adjustment: its dollars are
/// the user's.
pub fn scenario_amortized(
    chip_hours: f64,
    cluster_value: f64,
    energy_cost_at_rated_power: f64,
    c: &Constants,
) -> f64 {
    let per_hour = replacement_rate(c.price_performance_ooms_per_year) / c.hours_per_year;
    cluster_value * per_hour * chip_hours + energy_cost_at_rated_power * c.tdp_fraction_gpu
}

/// Chip-hours for the amortized method: Epoch's data, else time × chips, else from FLOP.
pub fn chip_hours(run: &Run, chip: &Chip, c: &Constants) -> (f64, ChipHoursFrom) {
    if let Some(h) = run.chip_hours {
        return (h, ChipHoursFrom::Reported);
    }
    if let (Some(t), Some(n)) = (run.training_hours, run.chip_count) {
        return (t * n, ChipHoursFrom::TimeTimesCount);
    }
    let (u, from) = match run.utilization {
        Some(u) => (u, ChipHoursFrom::Flop),
        None => (c.median_utilization, ChipHoursFrom::FlopMedianUtilization),
    };
    (run.flop / (chip.peak_flops * u) / 3600.0, from)
}

/// Energy cost in nominal USD: chip TDP × server multiplier × TDP fraction × PUE × chip-hours ×
/// electricity price. Epoch's code prices the energy at the publication year, not the
/// training year.
pub fn energy_cost(run: &Run, chip: &Chip, chip_hours: f64, c: &Constants) -> f64 {
    let fraction = match chip.kind {
        ChipKind::Gpu => c.tdp_fraction_gpu,
        ChipKind::Tpu => c.tdp_fraction_tpu,
    };
    let pue = if run.hyperscaler {
        c.pue_hyperscaler
    } else {
        c.pue_other
    };
    let kw = chip.tdp_watts / 1000.0 * chip.server_power_multiplier * fraction * pue;
    kw * chip_hours * run.usd_per_kwh
}

/// All three estimates, in USD of the target month.
///
/// Details of Epoch's code at 263c40a that the paper does not spell out, followed here because
/// the published table comes from that code:
/// - cloud chip-hours are training time × chip count only (Epoch's code reads the column it
///   computed so, which is empty where either is unknown), while the amortized method prefers
///   the chip-hours in Epoch's data and falls back on FLOP;
/// - depreciation counts whole days from acquisition to training start (pandas `.days`), and a
///   GPU's training cannot start before its acquisition, a TPU's can (value then rises);
/// - components split the amortized server cost by the family's overhead even where the price
///   was already a server's.
pub fn estimate(run: &Run, chip: &Chip, c: &Constants) -> Estimate {
    let start = training_start(run, c);
    let acquired = hardware_acquired(chip, c);
    let inflation = run.price_index_target / run.price_index_publication;
    let server = server_price(chip);
    let interconnect_share = c.interconnect_fraction / (1.0 - c.interconnect_fraction);

    let cloud = match (&run.cloud, run.training_hours, run.chip_count) {
        (None, ..) => Err("no cloud price for this chip in Epoch's data"),
        (Some(_), None, _) | (Some(_), _, None) => {
            Err("training time or chip count not in Epoch's data")
        }
        (Some(p), Some(t), Some(n)) => {
            let price = p.adjusted();
            Ok(Cloud {
                chip_hours: t * n,
                usd_per_chip_hour: price,
                total: price * t * n * inflation,
            })
        }
    };

    let acquisition = match run.chip_count {
        None => Err("chip count not in Epoch's data"),
        Some(n) => {
            let servers = n * server;
            let chips = servers / chip.server_cost_overhead;
            Ok(Components {
                chips,
                other_server: servers - chips,
                interconnect: servers * interconnect_share,
                energy: 0.0,
            }
            .scaled(inflation))
        }
    };

    let used_from = match chip.kind {
        ChipKind::Gpu => start.max(Moment(acquired.start())),
        ChipKind::Tpu => start,
    };
    let whole_days = (used_from.0 - acquired.start()).div_euclid(DAY_SECONDS);
    let years = whole_days as f64 / c.days_per_year;
    let value = depreciate(server, years, c.price_performance_ooms_per_year);
    let (hours, from) = chip_hours(run, chip, c);
    let hardware =
        value * replacement_rate(c.price_performance_ooms_per_year) / c.hours_per_year * hours;
    let chips = hardware / chip.server_cost_overhead;
    let amortized = Ok(Amortized {
        chip_hours: hours,
        chip_hours_from: from,
        value_per_chip: value,
        components: Components {
            chips,
            other_server: hardware - chips,
            interconnect: hardware * interconnect_share,
            energy: energy_cost(run, chip, hours, c),
        }
        .scaled(inflation),
    });

    Estimate {
        training_start: start,
        hardware_acquired: acquired,
        inflation,
        cloud,
        acquisition,
        amortized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_on_the_amortized_method_by_hand() {
        // $30,000 chips, 1.64 server overhead, 19 % interconnect: $60,740.74 of cluster per
        // chip, paid at 0.14 × ln 10 = 32.24 % a year over 8,766 hours: 1e6 chip-hours cost
        // $2.2337 M; energy $1 M at rated power, 75 % drawn: $0.75 M.
        let c = Constants::published();
        let got = scenario_amortized(
            1e6,
            30_000.0 * 1.64 / (1.0 - c.interconnect_fraction),
            1e6,
            &c,
        );
        let capex = 30_000.0 * 1.64 / 0.81 * (0.14 * std::f64::consts::LN_10 / 8766.0) * 1e6;
        assert!((got - (capex + 0.75e6)).abs() < 1e-6, "{got}");
        assert!((capex - 2.2337e6).abs() < 1e2, "{capex}");
    }

    /// The published rates with round date constants, so the hand computations stay readable.
    fn constants() -> Constants {
        Constants {
            median_training_hours: 793.5,
            publication_lag_days: 60,
            release_to_acquisition_days: 90,
            ..Constants::published()
        }
    }

    fn day(s: &str) -> Day {
        Day::parse(s).expect("test date")
    }

    /// A round-number GPU so the hand computations stay readable.
    fn gpu() -> Chip {
        Chip {
            kind: ChipKind::Gpu,
            peak_flops: 1e15,
            tdp_watts: 1000.0,
            release: day("2020-01-01"),
            server_cost_overhead: 1.5,
            server_power_multiplier: 2.0,
            purchase_price: 10_000.0,
            price_includes_server: false,
            price_date: Some(day("2020-01-15")),
        }
    }

    fn run() -> Run {
        Run {
            publication: day("2021-06-30"),
            flop: 3.6e24,
            chip_count: Some(1000.0),
            training_hours: Some(1000.5),
            chip_hours: None,
            utilization: None,
            hyperscaler: false,
            training_start: None,
            training_end: None,
            cloud: Some(CloudPrice {
                usd_per_chip_hour: 2.0,
                row_discount: 0.0,
                wanted_discount: 0.5,
            }),
            usd_per_kwh: 0.1,
            price_index_publication: 100.0,
            price_index_target: 110.0,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn dates_round_trip_and_refuse_nonsense() {
        assert_eq!(day("1970-01-01"), Day(0));
        assert_eq!(day("2000-03-01").0 - day("2000-02-28").0, 2);
        assert_eq!(day("2024-07-23").text(), "2024-07-23");
        assert_eq!(day("2024-02-29").year_month(), (2024, 2));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024-01-01-01",
            "",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Moment(day("2024-01-02").0 * 86_400 - 5400).text(),
            "2024-01-01 22:30"
        );
    }

    #[test]
    fn training_start_truncates_reported_hours_not_the_median() {
        let c = constants();
        let r = run();
        // 2021-06-30 − 60 d − 1000 h (1000.5 truncated) = 2021-05-01 − 41 d 16 h.
        assert_eq!(training_start(&r, &c).text(), "2021-03-20 08:00");
        let median = Run {
            training_hours: None,
            ..run()
        };
        // − 793.5 h = 33 d 1 h 30 min.
        assert_eq!(training_start(&median, &c).text(), "2021-03-28 22:30");
        let end = Run {
            training_end: Some(day("2021-03-01")),
            ..run()
        };
        assert_eq!(training_start(&end, &c).text(), "2021-01-18 08:00");
        let fixed = Run {
            training_start: Some(day("2021-02-02")),
            ..run()
        };
        assert_eq!(training_start(&fixed, &c).text(), "2021-02-02");
    }

    #[test]
    fn gpus_are_bought_after_release_plus_lag_tpus_at_release() {
        let c = constants();
        // Price dated 2020-01-15, but release + 90 d = 2020-03-31 is later.
        assert_eq!(hardware_acquired(&gpu(), &c).text(), "2020-03-31");
        let late = Chip {
            price_date: Some(day("2020-06-01")),
            ..gpu()
        };
        assert_eq!(hardware_acquired(&late, &c).text(), "2020-06-01");
        let tpu = Chip {
            kind: ChipKind::Tpu,
            ..gpu()
        };
        assert_eq!(hardware_acquired(&tpu, &c).text(), "2020-01-01");
    }

    #[test]
    fn replacement_rate_is_k_ln10() {
        assert!(close(replacement_rate(0.14), 0.322_361_913_2));
        assert!(close(
            depreciate(1000.0, 1.0, 0.14),
            1000.0 / 10f64.powf(0.14)
        ));
    }

    #[test]
    fn three_methods_by_hand() {
        let c = constants();
        let r = run();
        let e = estimate(&r, &gpu(), &c);
        let k = 1.1; // 110 / 100

        // Cloud: 1000.5 h × 1000 chips × $2 × (1 − 0.5) / (1 − 0) = $1,000,500.
        let cloud = e.cloud.expect("cloud");
        assert!(close(cloud.chip_hours, 1_000_500.0));
        assert!(close(cloud.total, 1_000_500.0 * k));

        // Acquisition: 1000 × $10,000 × 1.5 = $15M of servers, of which $10M chips;
        // interconnect 15M × 0.19 / 0.81.
        let a = e.acquisition.expect("acquisition");
        assert!(close(a.chips, 10e6 * k));
        assert!(close(a.other_server, 5e6 * k));
        assert!(close(a.interconnect, 15e6 * 0.19 / 0.81 * k));
        assert_eq!(a.energy, 0.0);

        // Amortized: acquired 2020-03-31, training from 2021-03-20 08:00: 354 whole days.
        let m = e.amortized.expect("amortized");
        let value = 15_000.0 * 10f64.powf(-0.14 * 354.0 / 365.25);
        assert!(close(m.value_per_chip, value));
        assert_eq!(m.chip_hours_from, ChipHoursFrom::TimeTimesCount);
        let hardware = value * 0.14 * std::f64::consts::LN_10 / 8766.0 * 1_000_500.0;
        assert!(close(m.components.chips, hardware / 1.5 * k));
        assert!(close(m.components.other_server, hardware / 3.0 * k));
        assert!(close(m.components.interconnect, hardware * 0.19 / 0.81 * k));
        // 1 kW × 2 × 0.75 × 1.25 PUE × 1,000,500 h × $0.1.
        assert!(close(m.components.energy, 1.875 * 1_000_500.0 * 0.1 * k));
    }

    #[test]
    fn chip_hours_fall_back_on_flop_and_median_utilization() {
        let c = constants();
        let no_time = Run {
            training_hours: None,
            ..run()
        };
        // 3.6e24 / (1e15 × 0.375) / 3600 = 2,666,666.7 h.
        let (h, from) = chip_hours(&no_time, &gpu(), &c);
        assert_eq!(from, ChipHoursFrom::FlopMedianUtilization);
        assert!(close(h, 3.6e24 / 1e15 / 0.375 / 3600.0));
        let with_mfu = Run {
            utilization: Some(0.5),
            ..no_time.clone()
        };
        assert_eq!(
            chip_hours(&with_mfu, &gpu(), &c),
            (2e6, ChipHoursFrom::Flop)
        );
        let reported = Run {
            chip_hours: Some(7.0),
            ..run()
        };
        assert_eq!(
            chip_hours(&reported, &gpu(), &c),
            (7.0, ChipHoursFrom::Reported)
        );
        // Cloud needs time × count even where chip-hours are reported.
        let e = estimate(&no_time, &gpu(), &c);
        assert!(e.cloud.is_err());
        assert!(e.acquisition.is_ok());
    }

    #[test]
    fn server_prices_and_tpu_depreciation() {
        let c = constants();
        let dgx = Chip {
            price_includes_server: true,
            ..gpu()
        };
        assert_eq!(server_price(&dgx), 10_000.0);
        assert_eq!(server_price(&gpu()), 15_000.0);
        // A TPU used before its public release gains value (negative years), a GPU does not.
        let early = Run {
            training_start: Some(day("2019-12-02")),
            ..run()
        };
        let tpu = Chip {
            kind: ChipKind::Tpu,
            ..gpu()
        };
        let v = estimate(&early, &tpu, &c)
            .amortized
            .expect("tpu")
            .value_per_chip;
        assert!(close(v, 15_000.0 * 10f64.powf(0.14 * 30.0 / 365.25)));
        let g = estimate(&early, &gpu(), &c)
            .amortized
            .expect("gpu")
            .value_per_chip;
        assert!(close(g, 15_000.0));
    }

    #[test]
    fn hyperscalers_and_tpus_draw_less() {
        let c = constants();
        let r = Run {
            hyperscaler: true,
            ..run()
        };
        let tpu = Chip {
            kind: ChipKind::Tpu,
            ..gpu()
        };
        assert!(close(
            energy_cost(&r, &tpu, 1.0, &c),
            1.0 * 2.0 * 0.43 * 1.1 * 0.1
        ));
    }
}
