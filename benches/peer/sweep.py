#!/usr/bin/env python3
"""The NumPy + csv peer of `agi-compute sweep`: the same grid, the same columns.

    agi-compute eval --format json > base.json
    python3 benches/peer/sweep.py base.json out.csv

Grid: 1000 GPU counts from 10k to 1M (log, whole GPUs, ends exact) x 1000 MFUs from 30 % to
50 % (linear), every output of `eval`, one row per point, the MFU varying fastest, written with
the standard csv module. The formulas are the model's (src/model/compute.rs and Epoch's
amortized method in src/model/epoch_cost.rs, its constants read from presets/epoch_costs.ron),
vectorised.
Prints the seconds spent on computing and on writing to stderr.
"""

import csv
import itertools
import json
import math
import pathlib
import re
import sys
import time

import numpy as np

SECONDS_PER_DAY = 86_400.0
HOURS_PER_DAY = 24.0
DAYS_PER_YEAR = 365.25
TERA = 1e12


def epoch_constants(family="H100"):
    """Epoch AI's amortized-method constants from the built-in preset (the default scenario's
    card is in the H100 family)."""
    ron = (pathlib.Path(__file__).parents[2] / "presets" / "epoch_costs.ron").read_text()
    value = lambda key: float(re.search(key + r": \(value: ([0-9.e+-]+)", ron).group(1))
    overhead = re.search(
        r'name: "' + family + r'",\s*server_cost_overhead: \(value: ([0-9.e+-]+)', ron
    ).group(1)
    return {
        "interconnect_fraction": value("interconnect_fraction"),
        "ooms_per_year": value("price_performance_ooms_per_year"),
        "hours_per_year": value("hours_per_year"),
        "tdp_fraction_gpu": value("tdp_fraction_gpu"),
        "server_cost_overhead": float(overhead),
    }


def grid(lo, hi, steps, log):
    t = np.arange(steps) / (steps - 1)
    v = np.exp(np.log(lo) + (np.log(hi) - np.log(lo)) * t) if log else lo + (hi - lo) * t
    v[0], v[-1] = lo, hi
    return v


def main():
    base = json.load(open(sys.argv[1]))
    s = base["scenario"]
    t0 = time.perf_counter()
    g_axis = np.round(grid(10e3, 1e6, 1000, log=True))
    m_axis = grid(0.3, 0.5, 1000, log=False)
    gpus = np.repeat(g_axis, len(m_axis))
    mfu = np.tile(m_axis, len(g_axis))
    share, peak, days = s["run_share"], s["peak_tflops"], s["days"]
    watts, pue, kwh, co2 = s["watts_per_gpu"], s["pue"], s["usd_per_kwh"], s["kg_co2_per_kwh"]
    rent, years = s["rent_usd_per_gpu_hour"], s["amortization_years"]
    run_gpus = gpus * share
    sustained = run_gpus * peak * TERA * mfu
    total = sustained * (days * SECONDS_PER_DAY)
    gpu_hours = run_gpus * days * HOURS_PER_DAY
    power = run_gpus * watts * pue / 1e6
    fleet_power = gpus * watts * pue / 1e6
    fleet_year = gpus * peak * TERA * mfu * DAYS_PER_YEAR * SECONDS_PER_DAY
    energy = power * days * HOURS_PER_DAY
    energy_cost = energy * 1000.0 * kwh
    fleet_cost = gpus * s["price_usd"]
    cluster = fleet_cost * base["cluster_overhead"]
    params = np.sqrt(total / 120.0)
    e = epoch_constants()
    server_value = s["price_usd"] * e["server_cost_overhead"] / (1.0 - e["interconnect_fraction"])
    per_hour = e["ooms_per_year"] * math.log(10) / e["hours_per_year"]
    epoch_amortized = server_value * per_hour * gpu_hours + energy_cost * e["tdp_fraction_gpu"]
    columns = {
        "gpus": gpus,
        "mfu": mfu,
        "fleet_cost_usd": fleet_cost,
        "cluster_cost_usd": cluster,
        "rental_cost_usd": None if rent is None else gpu_hours * rent,
        "amortized_cost_usd": None
        if years is None
        else cluster * share * days / (DAYS_PER_YEAR * years) + energy_cost,
        "epoch_amortized_cost_usd": epoch_amortized,
        "sustained_flop_per_s": sustained,
        "total_flop": total,
        "fleet_flop_per_year": fleet_year,
        "gpu_hours": gpu_hours,
        "power_mw": power,
        "fleet_power_mw": fleet_power,
        "energy_mwh": energy,
        "energy_cost_usd": energy_cost,
        "co2_tonnes": energy * co2,
        "chinchilla_params": params,
        "chinchilla_tokens": 20.0 * params,
    }
    t1 = time.perf_counter()
    with open(sys.argv[2], "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        cols = [c.tolist() if c is not None else itertools.repeat("") for c in columns.values()]
        w.writerows(zip(*cols))
    t2 = time.perf_counter()
    print(f"numpy: compute {t1 - t0:.3f} s, write {t2 - t1:.3f} s", file=sys.stderr)


main()
