"""funcgrad's cost as a problem grows: does it stay linear?

Two sweeps, each timed beside the numpy floor in the same process:
  - chain: the `chain` workload with 10 -> 100,000 steps (one step, x = sin(x)*0.9 + 0.1*x,
    is "one op" here: four primitives), reported as time per op;
  - elementwise: the `elementwise` workload on 10 -> 10^7 elements, as time per element.
The log-log slope of time against size over the larger sizes is reported too: 1.0 is
linear growth, more than 1 means a per-op or per-element cost that grows with the size.

Run by benchmarks/run.py in its own subprocess:
    python -m benchmarks.scaling [--quick] --json-out F
"""
import argparse
import json
import sys

import numpy as np

from . import timing
from .systems import funcgrad_system
from .workloads import chain_floor, chain_inputs, elementwise_floor, elementwise_inputs

CHAIN_STEPS = [10, 100, 1_000, 10_000, 100_000]
ELEMENT_COUNTS = [10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]
QUICK_CHAIN_STEPS = [10, 100, 1_000]
QUICK_ELEMENT_COUNTS = [10, 1_000, 100_000]
SWEEP_BUDGET = 0.3       # seconds per measurement (slow calls still run 3 times)
SWEEP_REPEATS = 5
SLOPE_FROM = {"chain": 1_000, "elementwise": 100_000}


def measure_point(builder, floor, inputs, quick):
    """Seconds per call for funcgrad and for the floor at one size (or the error)."""
    budget, repeats = ((timing.QUICK_BUDGET, timing.QUICK_REPEATS) if quick
                       else (SWEEP_BUDGET, SWEEP_REPEATS))
    floor_call = lambda: floor(inputs)  # noqa: E731
    try:
        call = builder(inputs)
        call()
        system_timing, floor_timing = timing.paired_times(call, floor_call, budget, repeats)
    except Exception as error:  # e.g. a RecursionError on a deep chain is a result
        return {"time": None, "floor_time": None, "error": f"{type(error).__name__}: {error}"[:200]}
    return {"time": system_timing.median, "floor_time": floor_timing.median, "error": None}


def sweep(name, sizes, make_inputs, builder, floor, quick, progress):
    points = []
    for size in sizes:
        point = dict(size=size, **measure_point(builder, floor, make_inputs(size), quick))
        points.append(point)
        if progress:
            progress(_describe(name, point))
    return {"name": name, "points": points, "slope": loglog_slope(points, SLOPE_FROM[name])}


def loglog_slope(points, from_size):
    """Least-squares slope of log(time) vs log(size) over sizes >= from_size (None if < 2)."""
    usable = [p for p in points if p["size"] >= from_size and p["time"]]
    if len(usable) < 2:
        return None
    sizes = np.log([p["size"] for p in usable])
    times = np.log([p["time"] for p in usable])
    return float(np.polyfit(sizes, times, 1)[0])


def _describe(name, point):
    if point["error"]:
        return f"  scaling {name:12s} {point['size']:>10,d}: {point['error']}"
    per_unit = point["time"] / point["size"]
    return (f"  scaling {name:12s} {point['size']:>10,d}: {per_unit * 1e9:12.1f} ns per unit,"
            f" x{point['time'] / point['floor_time']:.2f} floor")


def run_scaling(quick=False, progress=None):
    chain_steps = QUICK_CHAIN_STEPS if quick else CHAIN_STEPS
    element_counts = QUICK_ELEMENT_COUNTS if quick else ELEMENT_COUNTS
    return {
        "chain": sweep("chain", chain_steps, lambda n: chain_inputs(steps=n),
                       funcgrad_system.chain, chain_floor, quick, progress),
        "elementwise": sweep("elementwise", element_counts, elementwise_inputs,
                             funcgrad_system.elementwise, elementwise_floor, quick, progress),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json-out", required=True)
    args = parser.parse_args(argv)
    result = run_scaling(args.quick, lambda line: print(line, file=sys.stderr, flush=True))
    with open(args.json_out, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
