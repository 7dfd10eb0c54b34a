"""Runs one system's workloads in the current process and reports them as JSON.

benchmarks/run.py starts one worker subprocess per system (so that, e.g., importing JAX
cannot slow numpy-based libraries measured after it), with BLAS/OpenMP/XLA threads fixed
to 1 in its environment:

    python -m benchmarks.worker --system funcgrad [--workloads mlp,chain] [--quick] --json-out F

For every workload the worker times the numpy floor in this same process, so each ratio
compares two numbers measured side by side. A system's answer is checked against the
floor's before it is timed; a wrong answer is reported and not timed.
The smoke test calls `run_system` in-process, with `quick=True`.
"""
import argparse
import json
import sys
import traceback

from . import timing
from .systems import SYSTEMS, Unavailable, load
from .workloads import WORKLOADS, answers_match, max_abs_error


def run_system(system, workload_names=None, quick=False, configure=True, progress=None):
    """All requested workloads of one system: {"system", "label", "version", "results", ...}."""
    report = {"system": system, "label": system, "version": None, "installed": False,
              "memory_visible": False, "note": "", "results": []}
    try:
        module = load(system)
    except ImportError as error:
        report["note"] = f"not installed ({error})"
        return report
    report.update(label=module.LABEL, version=module.version(), installed=True,
                  memory_visible=module.MEMORY_VISIBLE)
    if configure:
        module.setup()
    floors = FloorCache(quick)
    for name in workload_names or list(WORKLOADS):
        for variant, builder in implementations_of(module, name):
            result = measure_implementation(module, WORKLOADS[name], variant, builder,
                                            floors, quick)
            report["results"].append(result)
            if progress:
                progress(describe(system, result))
    return report


def implementations_of(module, workload_name):
    """[(variant label or None, builder or None)]: the main implementation, then variants."""
    main = [(None, module.IMPLEMENTATIONS.get(workload_name))]
    return main + list(module.VARIANTS.get(workload_name, {}).items())


class FloorCache:
    """Inputs, answer and peak memory of each floor, computed once per process (its time is
    measured beside each implementation's, in interleaved batches)."""

    def __init__(self, quick):
        self.quick, self.entries = quick, {}

    def get(self, workload):
        key = workload.floor
        if key not in self.entries:
            inputs = workload.make_inputs()
            call = lambda: workload.floor(inputs)  # noqa: E731
            self.entries[key] = {"inputs": inputs, "answer": call(), "call": call,
                                 "peak": timing.peak_bytes(call)}
        return self.entries[key]


def time_against_floor(call, floor_call, quick):
    """(system Timing, floor Timing), measured in interleaved batches."""
    if quick:
        return timing.paired_times(call, floor_call, timing.QUICK_BUDGET, timing.QUICK_REPEATS)
    return timing.paired_times(call, floor_call, timing.FULL_BUDGET, timing.FULL_REPEATS)


def measure_implementation(module, workload, variant, builder, floors, quick):
    """Check one implementation against the floor; if right, time it and measure memory."""
    result = {"workload": workload.name, "variant": variant, "status": "unsupported",
              "note": "", "time": None, "floor_time": None, "ratio": None,
              "peak": None, "floor_peak": None, "memory_ratio": None}
    if builder is None:
        return result
    floor = floors.get(workload)
    try:
        call = builder(floor["inputs"])
        got = module.to_numpy(call())
    except Unavailable as reason:
        return dict(result, status="skipped", note=str(reason))
    except Exception as error:  # a crash is a result to report, not a reason to stop
        return dict(result, status="error", note=_one_line(error))
    if not answers_match(got, floor["answer"]):
        return dict(result, status="wrong",
                    note=f"max abs error {max_abs_error(got, floor['answer']):.3g} vs the floor")
    measured, floor_timing = time_against_floor(call, floor["call"], quick)
    first_call = getattr(module, "FIRST_CALL", {}).get(workload.name)
    if first_call is not None:   # a compiling system: its first call traced and compiled
        result["first_call"] = first_call
    result.update(status="ok", time=measured.median, floor_time=floor_timing.median,
                  ratio=measured.median / floor_timing.median,
                  floor_peak=floor["peak"], note=f"{measured.repeats}x{measured.number} calls")
    if module.MEMORY_VISIBLE:
        peak = timing.peak_bytes(call)
        result.update(peak=peak, memory_ratio=peak / max(floor["peak"], 1))
    return result


def _one_line(error):
    last = traceback.format_exception_only(type(error), error)[-1].strip()
    return last if len(last) <= 200 else last[:197] + "..."


def describe(system, result):
    """One progress line for stderr."""
    name = result["workload"] + (f" [{result['variant']}]" if result["variant"] else "")
    if result["status"] == "unsupported":
        return f"  {system:9s} {name:40s} -"
    if result["status"] != "ok":
        return f"  {system:9s} {name:40s} {result['status']}: {result['note']}"
    return (f"  {system:9s} {name:40s} {result['time'] * 1e3:10.3f} ms   "
            f"x{result['ratio']:.2f} floor")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--system", required=True, choices=list(SYSTEMS))
    parser.add_argument("--workloads", default="", help="comma-separated workload names")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json-out", required=True)
    args = parser.parse_args(argv)
    names = [n for n in args.workloads.split(",") if n] or None
    report = run_system(args.system, names, args.quick,
                        progress=lambda line: print(line, file=sys.stderr, flush=True))
    with open(args.json_out, "w") as out:
        json.dump(report, out)


if __name__ == "__main__":
    main()
