"""The benchmark command: every workload for funcgrad and each installed peer, one table.

    python -m benchmarks.run                      # everything; writes docs/benchmarks.{md,png,json}
    python -m benchmarks.run --quick              # a rough pass in about a minute, prints only
    python -m benchmarks.run --only funcgrad,chain,mlp   # systems and/or workloads, prints only
    python -m benchmarks.run --scaling            # only funcgrad's scaling sweeps
    python -m benchmarks.run --out FILE.md        # also write FILE.md (+ .png, .json) for any run

Each system runs in its own subprocess (benchmarks/worker.py), one after the other, with
BLAS/OpenMP/XLA threads fixed to 1; the scaling sweeps run in one more (benchmarks/scaling.py).
The full run writes the Markdown report, a JSON file with every raw number (for comparing
runs) and, when matplotlib is installed, a PNG plot.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import report
from .systems import SYSTEMS
from .workloads import WORKLOADS

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "benchmarks.md"
SYSTEM_TIMEOUT = 400     # seconds for one system's subprocess
SCALING_TIMEOUT = 300

# One thread everywhere, for comparability. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, if set,
# are passed through unchanged.
THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
}


def subprocess_env():
    env = dict(os.environ, **THREAD_ENV)
    env["JAX_PLATFORMS"] = "cpu"
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def run_json_subprocess(module, arguments, timeout):
    """Run `python -m module ... --json-out F` and return F's JSON (or raise with why not)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        command = [sys.executable, "-m", module, *arguments, "--json-out", str(out)]
        completed = subprocess.run(command, env=subprocess_env(), cwd=REPO_ROOT,
                                   timeout=timeout)   # progress goes straight to stderr
        if completed.returncode != 0 or not out.exists():
            raise RuntimeError(f"{module} exited with code {completed.returncode}")
        return json.loads(out.read_text())


def run_system(system, workloads, quick):
    arguments = ["--system", system, "--workloads", ",".join(workloads)]
    if quick:
        arguments.append("--quick")
    try:
        return run_json_subprocess("benchmarks.worker", arguments, SYSTEM_TIMEOUT)
    except (RuntimeError, subprocess.TimeoutExpired) as failure:
        return {"system": system, "label": system, "version": None, "installed": False,
                "memory_visible": False, "note": f"worker failed: {failure}", "results": []}


def run_scaling(quick):
    try:
        return run_json_subprocess("benchmarks.scaling", ["--quick"] if quick else [],
                                   SCALING_TIMEOUT)
    except (RuntimeError, subprocess.TimeoutExpired) as failure:
        print(f"scaling run failed: {failure}", file=sys.stderr)
        return None


def parse_selection(only):
    """--only's names -> (systems, workloads); an empty side means all of them."""
    names = [n.strip() for n in (only or "").split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEMS and n not in WORKLOADS]
    if unknown:
        raise SystemExit(f"--only: unknown name(s) {unknown}; systems: {list(SYSTEMS)}, "
                         f"workloads: {list(WORKLOADS)}")
    systems = [n for n in SYSTEMS if n in names] or list(SYSTEMS)
    workloads = [n for n in WORKLOADS if n in names] or list(WORKLOADS)
    return systems, workloads


def output_path(args):
    """Where to write: --out, or docs/benchmarks.md for a full default run, else nowhere."""
    if args.out:
        return Path(args.out)
    if not (args.quick or args.only or args.scaling or args.no_scaling):
        return DEFAULT_OUT
    return None


def write_outputs(path, markdown, reports, scaling, info):
    """The Markdown report and the raw numbers beside it (path.json)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown)
    raw = {"machine": info, "systems": reports, "scaling": scaling}
    path.with_suffix(".json").write_text(json.dumps(raw, indent=1) + "\n")
    print(f"wrote {path}, {path.with_suffix('.json')}", file=sys.stderr)


def write_plot(path, reports, scaling):
    """path.png when matplotlib is installed; its file name for the report, else None."""
    plot = path.with_suffix(".png")
    plot.parent.mkdir(parents=True, exist_ok=True)
    if report.write_plot(reports, scaling, plot):
        print(f"wrote {plot}", file=sys.stderr)
        return plot.name
    print("matplotlib is not installed: no plot", file=sys.stderr)
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions (rough numbers)")
    parser.add_argument("--only", help="comma-separated systems and/or workloads: "
                        f"{', '.join(SYSTEMS)}; {', '.join(WORKLOADS)}")
    parser.add_argument("--scaling", action="store_true", help="run only the scaling sweeps")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling sweeps")
    parser.add_argument("--out", help="write the Markdown report here (and .png, .json beside)")
    args = parser.parse_args(argv)

    started, load_at_start = time.perf_counter(), report.load_average()
    systems, workloads = parse_selection(args.only)
    reports = []
    if not args.scaling:
        for system in systems:
            print(f"== {system}", file=sys.stderr, flush=True)
            reports.append(run_system(system, workloads, args.quick))
    scaling = None
    if args.scaling or not (args.only or args.no_scaling):
        print("== scaling (funcgrad)", file=sys.stderr, flush=True)
        scaling = run_scaling(args.quick)
    elapsed = time.perf_counter() - started

    info = report.machine_info(THREAD_ENV, load_at_start)
    given = sys.argv[1:] if argv is None else list(argv)
    command = " ".join(["python -m benchmarks.run", *given])
    path = output_path(args)
    plot = write_plot(path, reports, scaling) if path else None
    markdown = report.render_markdown(reports, scaling, info, elapsed, args.quick, command, plot)
    print(markdown)
    if path:
        write_outputs(path, markdown, reports, scaling, info)
    print(f"whole run: {elapsed:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
