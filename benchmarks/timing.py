"""Measuring a zero-argument call against its floor: median times and peak memory.

Timing is adaptive: a short calibration estimates the cost of one call, then the call is
repeated in `repeats` batches of `number` calls each, sized so that the measurement takes
about `budget` seconds; the result is the median over batches of the time per call.
`paired_times` does this for a system's call and its floor's at once, alternating their
batches, so both medians come from the same stretch of time (load on a shared machine
affects both alike).
The garbage collector stays on (collecting reference cycles is part of a system's real
cost); a full collection runs once before each measurement, not between batches (with
torch or JAX imported, one full collection takes ~0.1 s).

Memory is the peak of tracemalloc's traced bytes during one call, above what was traced
before it. tracemalloc sees numpy's array buffers (numpy reports them to it), so the number
is meaningful for numpy-based systems and not for torch or JAX (own allocators).
"""
import gc
import statistics
import time
import tracemalloc
from dataclasses import dataclass

FULL_BUDGET = 0.5      # seconds per measurement (the issue asks for ~0.2-1 s)
QUICK_BUDGET = 0.02
FULL_REPEATS = 7
QUICK_REPEATS = 3


@dataclass
class Timing:
    median: float      # seconds per call
    repeats: int       # batches timed
    number: int        # calls per batch


def seconds_per_call(call, number):
    start = time.perf_counter()
    for _ in range(number):
        call()
    return (time.perf_counter() - start) / number


def calibrate(call, target):
    """(calls per batch so that one batch takes about `target` seconds, seconds per call)."""
    number, per_call = 1, seconds_per_call(call, 1)
    while per_call * number < target / 10 and number < 10**6:
        number *= 10
        per_call = seconds_per_call(call, number)
    return max(1, int(target / max(per_call, 1e-9))), per_call


def paired_times(call, floor_call, budget=FULL_BUDGET, repeats=FULL_REPEATS):
    """(Timing of call, Timing of floor_call), their batches interleaved.

    Slow calls (one call per batch) get fewer batches, at least 3, to fit the budget.
    """
    per_batch = budget / repeats
    gc.collect()
    number, per_call = calibrate(call, per_batch)
    floor_number, _ = calibrate(floor_call, per_batch)
    if number == 1:
        repeats = max(3, min(repeats, int(budget / max(per_call, 1e-9))))
    samples, floor_samples = [], []
    for _ in range(repeats):
        floor_samples.append(seconds_per_call(floor_call, floor_number))
        samples.append(seconds_per_call(call, number))
    return (Timing(statistics.median(samples), repeats, number),
            Timing(statistics.median(floor_samples), repeats, floor_number))


def peak_bytes(call):
    """Peak bytes allocated (as tracemalloc sees them) during one call, above the start."""
    gc.collect()
    already_tracing = tracemalloc.is_tracing()
    if not already_tracing:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not already_tracing:
            tracemalloc.stop()
    return max(0, peak - baseline)
