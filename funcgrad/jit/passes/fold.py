"""Constant folding: evaluate, once at compile time, equations whose value is known.

* An equation whose operands are all constants is run now; its outputs become constants.
* zeros_like, ones_like and full_like depend only on their operand's shape and dtype,
  which the tape knows: they fold too (so the ones that seed a gradient become a
  constant, which `simplify` then removes from multiplications), up to `SHAPE_ONLY_LIMIT`
  elements: a larger one is cheaper to make per call than to keep alive in the program.
"""
import numpy as np

from funcgrad.primitive import bind

from ..ir import Aval, Substitution, out_ids

__all__ = ["fold_constants", "SHAPE_ONLY"]

SHAPE_ONLY = frozenset({"zeros_like", "ones_like", "full_like"})
SHAPE_ONLY_LIMIT = 1 << 16


def _stand_in(aval):
    """A concrete value with the Aval's shape, dtype and kind (scalar or array)."""
    if isinstance(aval, Aval):
        value = np.zeros(aval.shape, aval.dtype)
        return value[()] if aval.scalar else value
    return aval


def _fold(e):
    args = [_stand_in(v) for v in e.invals]
    out = bind(e.prim, *args, **e.params)
    return tuple(out) if e.prim.multiple_results else (out,)


def fold_constants(tape):
    """The tape with constant-valued equations evaluated and removed."""
    sub, eqns = Substitution(), []
    for e in tape.eqns:
        e = sub.eqn(e)
        all_const = all(i is None for i in e.ins)
        small = isinstance(e.outvals, Aval) and e.outvals.size <= SHAPE_ONLY_LIMIT
        if all_const or (e.prim.name in SHAPE_ONLY and small):
            try:
                values = _fold(e)
            except Exception:   # leave it to run (and fail) at replay, as it would eagerly
                eqns.append(e)
                continue
            for o, v in zip(out_ids(e), values):
                sub.const(o, v)
            continue
        eqns.append(e)
    return sub.apply(tape, eqns)
