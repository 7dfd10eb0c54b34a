"""Turning the workers' JSON reports into docs/benchmarks.md (Markdown) and a PNG plot.

`render_markdown` builds the whole document: machine info, the ratio table (with
funcgrad's targets), the median times, peak memory, other APIs of the same systems,
anything that was wrong, failed or skipped, the scaling sweeps and how it was measured.
`write_plot` draws the ratios and the scaling sweeps with matplotlib, when installed.
"""
import datetime
import os
import platform
import sys

import numpy as np

from .workloads import ISSUE_JAX_JIT_RATIOS, ISSUE_PEER_RATIOS, JIT_TARGETS, WORKLOADS

NOT_RUN = {"unsupported": "—", "skipped": "skipped (see below)", "wrong": "WRONG (see below)",
           "error": "error (see below)"}


# ---- machine info -------------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average():
    """The 1-minute load average (other processes competing for the cores), if known."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def machine_info(thread_env, load_at_start=None):
    return {
        "cpu": cpu_model(),
        "logical cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "threads": ", ".join(f"{k}={v}" for k, v in thread_env.items()),
        "load average (1 min) at start / end": f"{load_at_start} / {load_average()}",
    }


# ---- formatting ---------------------------------------------------------------------------

def format_seconds(seconds):
    if seconds is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_ratio(ratio):
    if ratio is None:
        return "—"
    if ratio < 10:
        return f"{ratio:.2f}"
    if ratio < 100:
        return f"{ratio:.1f}"
    return f"{ratio:.0f}"


def format_bytes(count):
    if count is None:
        return "—"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} B"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# ---- looking results up -------------------------------------------------------------------

def main_result(report, workload):
    for result in report["results"]:
        if result["workload"] == workload and result["variant"] is None:
            return result
    return None


def cell(report, workload, value_of):
    """A table cell: value_of(result) when it ran, else why it did not."""
    if not report["installed"]:
        return "not installed"
    result = main_result(report, workload)
    if result is None:
        return ""
    if result["status"] != "ok":
        return NOT_RUN[result["status"]]
    return value_of(result)


def with_mark(value, target, marked):
    """A ratio, followed by ✓ / ✗ against funcgrad's target when `marked`."""
    text = format_ratio(value)
    if marked and target is not None and value is not None:
        text += " ✓" if value <= target else " ✗"
    return text


def floor_time(reports, workload):
    """The floor's median, from the first process that measured it (funcgrad's, normally)."""
    for report in reports:
        result = main_result(report, workload) if report["installed"] else None
        if result and result["floor_time"]:
            return result["floor_time"]
    return None


def floor_peak(reports, workload):
    for report in reports:
        result = main_result(report, workload) if report["installed"] else None
        if result and result["floor_peak"] is not None:
            return result["floor_peak"]
    return None


def workload_order(reports):
    seen = {r["workload"] for report in reports for r in report["results"]}
    return [name for name in WORKLOADS if name in seen]


# ---- the tables ---------------------------------------------------------------------------

def ratio_table(reports):
    header = ["workload", "floor", *(r["label"] for r in reports), "funcgrad target"]
    rows = []
    for name in workload_order(reports):
        target = WORKLOADS[name].target
        cells = [cell(report, name, lambda r, marked=report["system"] == "funcgrad":
                      with_mark(r["ratio"], target, marked))
                 for report in reports]
        rows.append([name, format_seconds(floor_time(reports, name)), *cells,
                     f"≤ {target:g}" if target else ""])
    return table(header, rows)


def time_table(reports):
    header = ["workload", "floor", *(r["label"] for r in reports)]
    rows = [[name, format_seconds(floor_time(reports, name)),
             *(cell(report, name, lambda r: format_seconds(r["time"])) for report in reports)]
            for name in workload_order(reports)]
    return table(header, rows)


def memory_table(reports):
    header = ["workload", "floor peak", *(r["label"] for r in reports), "funcgrad target"]
    rows = []
    for name in workload_order(reports):
        target = WORKLOADS[name].memory_target
        cells = ["n/a" if report["installed"] and not report["memory_visible"] else
                 cell(report, name, lambda r, marked=report["system"] == "funcgrad":
                      with_mark(r["memory_ratio"], target, marked))
                 for report in reports]
        rows.append([name, format_bytes(floor_peak(reports, name)), *cells,
                     f"≤ {target:g}" if target else ""])
    return table(header, rows)


def _system(reports, name):
    return next((r for r in reports if r["system"] == name and r["installed"]), None)


def jit_table(reports):
    """fg.jit against its targets (issue 9) and jax.jit, with first-call (compile) times."""
    jitted, jax_jit, eager = (_system(reports, n) for n in ("funcgrad_jit", "jax_jit", "funcgrad"))
    if jitted is None:
        return ""

    def ratio(report, name, target=None):
        return cell(report, name, lambda r: with_mark(r["ratio"], target, target is not None)) \
            if report else "—"

    def first(report, name):
        return cell(report, name, lambda r: format_seconds(r.get("first_call"))) if report else "—"

    rows = [[name, format_seconds(floor_time(reports, name)), ratio(eager, name),
             ratio(jitted, name, JIT_TARGETS[name]), f"≤ {JIT_TARGETS[name]:g}",
             ratio(jax_jit, name), format_ratio(ISSUE_JAX_JIT_RATIOS.get(name)),
             first(jitted, name), first(jax_jit, name)]
            for name in workload_order(reports) if name in JIT_TARGETS]
    header = ["workload", "floor", "funcgrad (eager)", "funcgrad (jit)", "jit target",
              "JAX (jit)", "JAX (jit), issue 9", "first call, fg.jit", "first call, jax.jit"]
    return table(header, rows)


def variant_table(reports):
    rows = [[report["label"], r["workload"], r["variant"],
             format_seconds(r["time"]) if r["status"] == "ok" else NOT_RUN[r["status"]],
             format_ratio(r["ratio"])]
            for report in reports for r in report["results"] if r["variant"]]
    if not rows:
        return ""
    return table(["system", "workload", "API", "median time", "ratio to floor"], rows)


def problem_list(reports):
    lines = []
    for report in reports:
        if not report["installed"]:
            lines.append(f"- **{report['label']}**: {report['note']}")
            continue
        for r in report["results"]:
            if r["status"] in ("wrong", "error", "skipped"):
                name = r["workload"] + (f" [{r['variant']}]" if r["variant"] else "")
                lines.append(f"- **{report['label']}** {name}: {r['status']} — {r['note']}")
    return "\n".join(lines)


def issue_reference_table(reports):
    labels = {r["system"]: r["label"] for r in reports}
    peers = [s for s in ("autograd", "torch", "jax", "mygrad") if s in labels]
    rows = [[name, *(format_ratio(ISSUE_PEER_RATIOS[name].get(p)) for p in peers)]
            for name in ISSUE_PEER_RATIOS]
    return table(["workload", *(labels[p] for p in peers)], rows)


UNIT_NOTES = {"chain": " (one op = one step x = sin(x)*0.9 + 0.1*x, four primitives)",
              "elementwise": ""}


def scaling_tables(scaling):
    parts = []
    for name, unit in (("chain", "op"), ("elementwise", "element")):
        sweep = scaling.get(name) if scaling else None
        if not sweep:
            continue
        rows = []
        for p in sweep["points"]:
            if p["error"]:
                rows.append([f"{p['size']:,}", p["error"], "", ""])
                continue
            rows.append([f"{p['size']:,}", format_seconds(p["time"] / p["size"]),
                         format_seconds(p["floor_time"] / p["size"]),
                         format_ratio(p["time"] / p["floor_time"])])
        slope = "—" if sweep["slope"] is None else f"{sweep['slope']:.2f}"
        heading = (f"**{name}**: funcgrad's time per {unit}{UNIT_NOTES[name]} "
                   f"(log-log slope of time vs size over the larger sizes: {slope}; 1.00 = linear)")
        parts.append(heading + "\n\n" + table(
            [f"{unit}s", f"funcgrad per {unit}", f"floor per {unit}", "ratio to floor"], rows))
    return "\n\n".join(parts)


# ---- the document -------------------------------------------------------------------------

METHOD = """\
- **Floor**: the same derivative written by hand in numpy (benchmarks/workloads.py): the
  kernels any system has to run. Ratios are median(system) / median(floor), both measured
  in the same subprocess in interleaved batches; lower is better, below 1 means faster
  than numpy's own kernels.
- **One subprocess per system** (funcgrad's functional and Tensor-facade rows share one),
  with OMP/OpenBLAS/MKL threads = 1, `torch.set_num_threads(1)` and single-threaded XLA.
  All systems compute in float64; JAX runs eagerly (no `jax.jit`), with x64 enabled.
- **Correctness first**: each system's answer is compared with the floor's (relative
  tolerance 1e-6) before it is timed; a wrong answer is marked WRONG and not timed.
- **Timing**: adaptive repetition, about 0.5 s per system and 0.5 s per floor per
  measurement (0.02 s in `--quick`), at least 3 batches; the median of the batches'
  time per call. Grad functions and tensors are built once, outside the timed call.
- **Memory**: peak bytes tracemalloc sees during one call, above the start, as a ratio to
  the floor's peak. numpy reports its buffers to tracemalloc; torch and JAX allocate
  outside it, so their memory is n/a.
- The `tensor_*` rows drive a Tensor facade: leaves made once with `requires_grad=True`,
  and each call clears `.grad`, runs the forward pass and `backward()`. MyGrad's
  mlp/chain/elementwise rows use its backward() too (it has no functional API); it has no
  higher-order derivatives (—). PyTorch's functional rows use `torch.autograd.grad`,
  hvp uses `torch.func.jvp(torch.func.grad(f))`, jacobian
  `torch.autograd.functional.jacobian`, nested4 `torch.autograd.grad(create_graph=True)`;
  the other APIs are listed under "Other APIs".
- ✓ / ✗: funcgrad meets / misses issue 6's target on this machine.
- Noise: on a 2-core machine shared with other work (see the load average above),
  absolute times move by tens of percent between runs; the ratios move less, since the
  system and its floor are timed in alternating batches."""


def render_markdown(reports, scaling, info, elapsed_seconds, quick, command, plot=None):
    """The whole report; `plot` is the PNG's file name (beside the report) to show, if any."""
    sections = [
        "# Benchmarks",
        "Generated by `" + command + "` — do not edit by hand. "
        + ("**Quick mode: few repetitions, numbers are rough.** " if quick else "")
        + "Ratios are median time per call over the median time of a hand-written numpy "
        "gradient (the floor), measured in the same process; lower is better.",
        "## Machine\n\n" + "\n".join(f"- {k}: {v}" for k, v in info.items())
        + "\n- versions: " + ", ".join(f"{r['label']} {r['version']}" for r in reports
                                      if r["installed"])
        + f"\n- whole run: {elapsed_seconds:.0f} s",
    ]
    if plot:
        sections.append(f"![Ratios to the floor, and funcgrad's scaling]({plot})")
    if any(r["results"] for r in reports):
        sections += [
            "## Ratio to the numpy floor\n\n" + ratio_table(reports),
            *(["## Compiled: fg.jit (issue 9) and jax.jit\n\nRatios to the floor (✓ / ✗ "
               "against issue 9's targets); the first call traces, optimizes and compiles "
               "(fg.jit: trace, tape passes, generated Python; jax.jit: trace and XLA "
               "compile) and runs once.\n\n" + jit_table(reports)] if jit_table(reports) else []),
            "## Median time per call\n\n" + time_table(reports),
            "## Peak memory during one call, ratio to the floor's\n\n" + memory_table(reports),
        ]
        variants = variant_table(reports)
        if variants:
            sections.append("## Other APIs of the same systems\n\n" + variants)
        problems = problem_list(reports)
        if problems:
            sections.append("## Not timed\n\n" + problems)
    if scaling:
        sections.append("## Scaling (funcgrad)\n\n" + scaling_tables(scaling))
    if any(r["results"] and r["system"] != "funcgrad" for r in reports):
        sections.append("## Peer ratios quoted in issue 6 (for comparison)\n\n"
                        + issue_reference_table(reports))
    sections.append("## How it is measured\n\n" + METHOD)
    return "\n\n".join(sections) + "\n"


# ---- the plot -----------------------------------------------------------------------------

def write_plot(reports, scaling, path):
    """Ratios per workload and system (log scale) above, the two scaling sweeps below.
    Returns False (and writes nothing) without matplotlib or without anything to draw."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    has_ratios = any(r["results"] for r in reports)
    if not (has_ratios or scaling):
        return False
    rows = int(has_ratios) + int(bool(scaling))
    figure = plt.figure(figsize=(11, 4.5 * rows))
    if has_ratios:
        _plot_ratios(figure.add_subplot(rows, 1, 1), reports)
    if scaling:
        for column, (name, unit) in enumerate((("chain", "op"), ("elementwise", "element"))):
            _plot_sweep(figure.add_subplot(rows, 2, 2 * rows - 1 + column), scaling, name, unit)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def _plot_ratios(axis, reports):
    names = workload_order(reports)
    installed = [r for r in reports if r["installed"]]
    width = 0.8 / max(1, len(installed))
    for index, report in enumerate(installed):
        values = []
        for name in names:
            result = main_result(report, name)
            values.append(result["ratio"] if result and result["status"] == "ok" else np.nan)
        positions = np.arange(len(names)) + (index - (len(installed) - 1) / 2) * width
        axis.bar(positions, values, width, label=report["label"])
    for position, name in enumerate(names):
        target = WORKLOADS[name].target
        if target:
            axis.hlines(target, position - 0.4, position + 0.4, colors="black",
                        linestyles="dashed", label="funcgrad target" if position == 0 else None)
    axis.axhline(1.0, color="grey", linewidth=0.8)
    axis.set_yscale("log")
    axis.set_xticks(np.arange(len(names)), names, rotation=20)
    axis.set_ylabel("time / numpy floor (log)")
    axis.set_title("Ratio to the hand-written numpy gradient (lower is better)")
    axis.legend(fontsize=8, ncol=3)


def _plot_sweep(axis, scaling, name, unit):
    points = [p for p in (scaling.get(name) or {}).get("points", []) if p["time"]]
    sizes = [p["size"] for p in points]
    axis.plot(sizes, [p["time"] / p["size"] for p in points], "o-", label="funcgrad")
    axis.plot(sizes, [p["floor_time"] / p["size"] for p in points], "x--", label="numpy floor")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel(f"{unit}s")
    axis.set_ylabel(f"seconds per {unit}")
    axis.set_title(f"Scaling, {name}: time per {unit} (flat = linear)")
    axis.legend(fontsize=8)
