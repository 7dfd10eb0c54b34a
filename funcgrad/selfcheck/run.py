"""Run the selfcheck cases on a device and print one row per primitive.

Each gradient case is measured with `funcgrad.testing.grad_errors` (finite
differences and forward/reverse agreement, to second order); each values case is
run by funcgrad on the device and compared with numpy on the host. A primitive's
row combines every case that exercises it:

    primitive       fwd   rev   order-2  max error  checked
    sin             ok    ok    ok       2.1e-11    derivatives
    equal           —     —     —        0          values only

`main` is the command line (`python -m funcgrad selfcheck`); `selfcheck` is the
same run for Python callers, returning the exit status.
"""
import argparse
import difflib
import importlib.util
import sys
import time
from dataclasses import dataclass

import numpy as np

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad import backend, tree
from funcgrad.primitive import registry
from funcgrad.testing import grad_errors, tolerance

from .cases import cases_for, draw_args

__all__ = ["Outcome", "add_arguments", "format_table", "main", "primitive_row", "run_case",
           "run_parsed", "selfcheck"]

NOT_APPLICABLE = "—"


@dataclass
class Outcome:
    """What one case measured.

    Parameters
    ----------
    case : Case
    errors : dict
        (mode, order) -> largest relative error; ("value", 0) for a values case.
    tol : float
        The tolerance every error is held to.
    failure : str or None
        The exception a check raised, if one did.
    unavailable : str or None
        Why the device cannot run the case (its library lacks a routine the case
        needs), if so: neither a pass nor a failure.
    """
    case: object
    errors: dict
    tol: float
    failure: str = None
    unavailable: str = None

    def status(self, keys):
        """The verdict on some of the case's measurements.

        Parameters
        ----------
        keys : iterable of tuple
            (mode, order) keys of `errors`.

        Returns
        -------
        str or None
            "FAIL" if the case raised or one of those errors exceeds `tol`, "ok" if
            none does, None when the case measured none of `keys`.
        """
        errs = [self.errors[k] for k in keys if k in self.errors]
        if self.failure is not None:
            return "FAIL"
        if not errs:
            return None
        return "ok" if all(e <= self.tol for e in errs) else "FAIL"

    def max_error(self):
        """The largest error measured (NaN counts as largest); 0.0 when none was."""
        return _worst(self.errors.values())

    def passed(self):
        """True when the case raised nothing and every error is within `tol`."""
        return self.status(self.errors) != "FAIL"


def _worst(errors):
    return max(errors, default=0.0, key=lambda e: np.inf if e != e else e)


def _on_device(arrays, device):
    return {k: backend.to_device(v, device) for k, v in arrays.items()}


def run_case(case, precision="float64", device="cpu", seed=0):
    """Measure one case on a device.

    Parameters
    ----------
    case : Case
    precision : str
        "float64" or "float32" (see `Case.dtype`).
    device : str
        Where the arguments are copied before the check ("cpu", "cuda", "cuda:1").
    seed : int
        Seed of the argument values, directions and cotangents.

    Returns
    -------
    Outcome
        The errors measured, or the first line of the exception a check raised.
    """
    dtype = case.dtype(precision)
    host_args = draw_args(case, dtype, np.random.default_rng(seed))
    args = tuple(backend.to_device(a, device) for a in host_args)
    consts = _on_device(case.consts, device)
    tol = case.tolerance(dtype) or tolerance(host_args)
    try:
        if case.values:
            errors = {("value", 0): _value_error(case, host_args, args, consts)}
        else:
            def fn(*xs):
                return case.fn(*xs, **consts)
            errors = grad_errors(fn, args, order=case.order, seed=seed)
    except NotImplementedError as exc:
        if device == "cpu":         # numpy and scipy have every routine: a real failure
            return Outcome(case, {}, tol, _first_line(exc))
        return Outcome(case, {}, tol, unavailable=_first_line(exc))
    except Exception as exc:     # a broken rule may raise anything; the report names it
        return Outcome(case, {}, tol, _first_line(exc))
    return Outcome(case, errors, tol)


def _first_line(exc):
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _value_error(case, host_args, args, consts):
    """Largest relative difference between funcgrad's traced values and numpy's."""
    zeros = tuple(backend.array_module((a,)).zeros_like(a) for a in args)
    got = fg.jvp(lambda *xs: case.fn(fnp, *xs, **consts), args, zeros)[0]
    want = case.fn(np, *host_args, **case.consts)
    got, want = tree.leaves(got), tree.leaves(want)
    if len(got) != len(want):
        raise AssertionError(f"{len(got)} outputs, numpy gives {len(want)}")
    return max((_difference(g, w) for g, w in zip(got, want)), default=0.0)


def _difference(got, want):
    got = np.asarray(backend.to_device(got, "cpu"))
    want = np.asarray(want)
    if got.shape != want.shape or got.dtype.kind != want.dtype.kind:
        raise AssertionError(f"got {got.dtype}{list(got.shape)}, "
                             f"numpy gives {want.dtype}{list(want.shape)}")
    got, want = got.astype(np.float64), want.astype(np.float64)
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    diff = np.where(same, 0.0, np.abs(got - want))
    finite = want[np.isfinite(want)]
    return float(np.max(diff, initial=0.0)) / max(1.0, float(np.max(np.abs(finite), initial=0.0)))


# ---- the table ---------------------------------------------------------------------

COLUMNS = (("fwd", (("fwd", 1),)), ("rev", (("rev", 1),)),
           ("order-2", (("fwd", 2), ("rev", 2))))


def _combine(statuses):
    statuses = [s for s in statuses if s is not None]
    if not statuses:
        return NOT_APPLICABLE
    return "FAIL" if "FAIL" in statuses else "ok"


def primitive_row(name, outcomes):
    """One primitive's table row.

    Parameters
    ----------
    name : str
        The primitive.
    outcomes : list of Outcome
        Outcomes of cases; those exercising `name` are combined.

    Returns
    -------
    (list of str, str)
        The row's cells (primitive, fwd, rev, order-2, max error, checked) and the
        verdict: "failed" if a check failed, else "unavailable" if the device lacks a
        routine one of the primitive's cases needs, else "passed".
    """
    mine = [o for o in outcomes if name in o.case.prims]
    passed = all(o.passed() for o in mine)
    if passed and any(o.unavailable for o in mine):
        na = [NOT_APPLICABLE] * (len(COLUMNS) + 1)
        return [name, *na, "not available on this device"], "unavailable"
    if all(o.case.values for o in mine):
        cells = [NOT_APPLICABLE] * len(COLUMNS)
        checked = "values only" if passed else "values only: FAIL"
    else:
        cells = [_combine(o.status(keys) for o in mine) for _, keys in COLUMNS]
        checked = "derivatives"
    worst = "error" if any(o.failure for o in mine) else _format_error(
        _worst(o.max_error() for o in mine))
    return [name, *cells, worst, checked], "passed" if passed else "failed"


def _format_error(err):
    return "0" if err == 0 else f"{err:.1e}"


def format_table(rows):
    """Rows of cells as aligned columns under the header.

    Parameters
    ----------
    rows : list of list of str
        Rows as `primitive_row` makes them.

    Returns
    -------
    str
        The table, one line per row after the header.
    """
    header = ["primitive", *(title for title, _ in COLUMNS), "max error", "checked"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
             for row in [header, *rows]]
    return "\n".join(lines)


# ---- running -----------------------------------------------------------------------

def _unknown(names):
    for name in names:
        if name not in registry:
            close = difflib.get_close_matches(name, registry, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            return f"no primitive named {name!r}{hint}; the names are funcgrad.primitive.registry's"
    return None


def selfcheck(device="cpu", dtype="float64", only=None, out=None):
    """Check every primitive (or those named in `only`) on `device`; print the table.

    Parameters
    ----------
    device : str
        "cpu", "cuda" or "cuda:N".
    dtype : str
        "float64" or "float32": the precision of the arguments (complex cases use the
        complex type of that precision; a case supporting only one precision runs it).
    only : iterable of str, optional
        Primitive names; only the cases exercising them run, only their rows print.
    out : file, optional
        Where the table goes (default sys.stdout).

    Returns
    -------
    int
        0 when no check failed, 1 when one did. Primitives the device's library
        cannot run (a routine it lacks, e.g. cupy.linalg.eig before CuPy 14) are
        listed as not available and do not fail the run.

    Raises
    ------
    RuntimeError
        When `device` cannot be used (cupy missing, no device visible) or `only`
        names an unknown primitive.
    """
    out = out or sys.stdout
    _require(device)
    names = list(only) if only else list(registry)
    problem = _unknown(names)
    if problem:
        raise RuntimeError(problem)
    start = time.perf_counter()
    outcomes = [run_case(case, dtype, device) for case in cases_for(names)]
    rows, verdicts = zip(*(primitive_row(name, outcomes) for name in names))
    print(format_table(rows), file=out)
    for o in outcomes:
        if not o.passed():
            print(f"FAIL {o.case.name}: {o.failure or _describe(o)}", file=out)
        elif o.unavailable:
            print(f"N/A  {o.case.name}: {o.unavailable}", file=out)
    failed, unavailable = verdicts.count("failed"), verdicts.count("unavailable")
    na = f", {unavailable} not available on {device}" if unavailable else ""
    print(f"{verdicts.count('passed')} passed, {failed} failed{na} ({len(outcomes)} cases, "
          f"{device}, {dtype}) in {time.perf_counter() - start:.1f} s", file=out)
    return 1 if failed else 0


def _require(device):
    """Raise a RuntimeError saying why `device` cannot be used and how to fix it."""
    try:
        backend.for_device(device)
    except RuntimeError as exc:
        if importlib.util.find_spec("cupy") is None:
            why = ('cupy is not installed; install it with pip install "funcgrad[gpu]" '
                   "(cupy-cuda12x; for CUDA 11 pip install cupy-cuda11x instead)")
        else:
            why = ("cupy is installed but sees no CUDA device; check nvidia-smi and "
                   "CUDA_VISIBLE_DEVICES")
        raise RuntimeError(f"cannot check on device {device!r}: {why}; "
                           "or check the CPU with --device cpu") from exc
    try:                          # e.g. cuda:3 on a machine with one GPU
        backend.to_device(np.zeros(1), device)
    except Exception as exc:      # the device library's own error type
        raise RuntimeError(f"cannot put an array on device {device!r} "
                           f"({type(exc).__name__}: {exc}); pick another --device") from exc


def _describe(outcome):
    bad = [f"values differ by {err:.2e}" if mode == "value"
           else f"{mode} order {order} error {err:.2e}"
           for (mode, order), err in sorted(outcome.errors.items()) if not err <= outcome.tol]
    return "; ".join(bad) + f" > tolerance {outcome.tol:.0e}"


def _device(text):
    kind, _, index = text.partition(":")
    if kind not in ("cpu", "cuda") or (index and (kind == "cpu" or not index.isdigit())):
        raise argparse.ArgumentTypeError(f"expected cpu, cuda or cuda:N, got {text!r}")
    return text


def add_arguments(parser):
    """Add the selfcheck's options (--device, --dtype, --only) to a parser.

    Parameters
    ----------
    parser : argparse.ArgumentParser

    Returns
    -------
    argparse.ArgumentParser
        The same parser.
    """
    parser.add_argument("--device", type=_device, default="cpu",
                        help="cpu (default), cuda or cuda:N (needs cupy and a visible GPU)")
    parser.add_argument("--dtype", choices=("float64", "float32"), default="float64",
                        help="argument precision (default float64)")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="check only these primitives (funcgrad.primitive.registry's names)")
    return parser


def main(argv=None, prog="python -m funcgrad selfcheck"):
    """The selfcheck command.

    Parameters
    ----------
    argv : list of str, optional
        The options (default sys.argv[1:]).
    prog : str
        The program name usage messages show.

    Returns
    -------
    int
        The exit status: 0 all passed, 1 a check failed, 2 the check cannot run.
    """
    parser = add_arguments(argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0]))
    args = parser.parse_args(argv)
    return run_parsed(args)


def run_parsed(args):
    """Run the selfcheck for parsed options; print one line saying why when it cannot run.

    Parameters
    ----------
    args : argparse.Namespace
        With `device`, `dtype` and `only`, as `add_arguments` defines them.

    Returns
    -------
    int
        The exit status, as `main` returns it.
    """
    try:
        return selfcheck(args.device, args.dtype, args.only)
    except RuntimeError as exc:
        print(f"funcgrad selfcheck: {exc}", file=sys.stderr)
        return 2
