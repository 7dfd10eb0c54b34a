"""Scalar programs: a tape of float64 scalars runs on Python floats and the math module.

Fourth derivatives at a point, losses of a few parameters: when every value of a tape is
a float64 scalar (shape ()) and every equation is an elementwise ufunc with a Python
counterpart, the generated function converts its inputs with `float()` once and computes
with Python arithmetic and `math` functions (tens of nanoseconds per op instead of about
a microsecond for a numpy call on a 0-d value). Outputs are converted back to what numpy
returned (np.float64 or a 0-d array).

Python raises where numpy returns inf or nan (ZeroDivisionError, OverflowError, math
domain errors); the generated function then reruns the call with the numpy program, so
results match numpy's in those cases too (with numpy's warnings).
"""
import math

import numpy as np

from .codegen import Program
from .codegen import ufunc_of as _ufunc_of

__all__ = ["eligible", "generate_scalar", "SCALAR_OPS"]

SCALAR_OPS = {
    "add": "{0} + {1}", "subtract": "{0} - {1}", "multiply": "{0} * {1}",
    "divide": "{0} / {1}", "negative": "-{0}", "positive": "+{0}", "square": "{0} * {0}",
    "power": "_pow({0}, {1})", "absolute": "_fabs({0})", "sqrt": "_sqrt({0})",
    "exp": "_exp({0})", "expm1": "_expm1({0})", "log": "_log({0})", "log1p": "_log1p({0})",
    "sin": "_sin({0})", "cos": "_cos({0})", "tan": "_tan({0})", "tanh": "_tanh({0})",
    "sinh": "_sinh({0})", "cosh": "_cosh({0})", "arcsin": "_asin({0})", "arccos": "_acos({0})",
    "arctan": "_atan({0})", "arctan2": "_atan2({0}, {1})", "arcsinh": "_asinh({0})",
    "arccosh": "_acosh({0})", "arctanh": "_atanh({0})", "hypot": "_hypot({0}, {1})",
}
_MATH = {f"_{n}": getattr(math, n) for n in (
    "pow", "fabs", "sqrt", "exp", "expm1", "log", "log1p", "sin", "cos", "tan", "tanh", "sinh",
    "cosh", "asin", "acos", "atan", "atan2", "asinh", "acosh", "atanh", "hypot")}
_F64 = np.dtype(np.float64)


def _scalar_aval(v):
    return getattr(v, "shape", None) == () and getattr(v, "dtype", None) == _F64


def _scalar_const(v):
    if type(v) in (int, float):
        return True
    return isinstance(v, (np.floating, np.integer, np.ndarray)) and np.shape(v) == () \
        and v.dtype.kind in "iuf"


def eligible(tape):
    """True if the whole tape is float64-scalar elementwise arithmetic with math versions."""
    if not tape.eqns or not all(_scalar_aval(v) for v in tape.in_vals):
        return False
    for e in tape.eqns:
        fn = _ufunc_of(e)
        if fn is None or fn.__name__ not in SCALAR_OPS or not _scalar_aval(e.outvals):
            return False
        for i, v in zip(e.ins, e.invals):
            if not (_scalar_aval(v) if i is not None else _scalar_const(v)):
                return False
    return all(i is not None or _scalar_const(v) for i, v in zip(tape.out_ids, tape.out_vals))


def _literal(v, bound):
    x = float(v)
    if math.isfinite(x):
        return repr(x)
    name = f"_k{len(bound)}"
    bound[name] = x
    return name


def generate_scalar(tape, name, fallback):
    """A Program computing an `eligible` tape on Python floats, rerunning `fallback` (the
    numpy Program) when Python raises an arithmetic error."""
    bound = dict(_MATH, _fallback=fallback.fn, _np_float64=np.float64, _np_array=np.array)
    params = [f"a{k}" for k in range(len(tape.in_ids))]
    body = [f"s{i} = float({p})" for i, p in zip(tape.in_ids, params)]
    for e in tape.eqns:
        args = [f"s{i}" if i is not None else _literal(v, bound) for i, v in zip(e.ins, e.invals)]
        body.append(f"s{e.outs} = " + SCALAR_OPS[_ufunc_of(e).__name__].format(*args))
    outs = []
    for i, v in zip(tape.out_ids, tape.out_vals):
        scalar = v.scalar if i is not None else isinstance(v, np.generic)
        text = f"s{i}" if i is not None else _literal(v, bound)
        outs.append(f"_np_float64({text})" if scalar else f"_np_array({text})")
    lines = [f"def {name}({', '.join(params + ['*'] + [f'{n}={n}' for n in bound])}):", "    try:"]
    lines += [f"        {line}" for line in body]
    lines += ["    except (ArithmeticError, ValueError):",
              f"        return _fallback({', '.join(params)})",
              f"    return ({', '.join(outs)}{',' if len(outs) == 1 else ''})"]
    source = "\n".join(lines) + "\n"
    namespace = dict(bound)
    exec(compile(source, f"<fg.jit {name}>", "exec"), namespace)
    return Program(source, namespace[name], namespace, scalar=True)
