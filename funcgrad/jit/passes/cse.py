"""Common-subexpression elimination: an equation with the same primitive, parameters and
operands as an earlier one reuses the earlier result.

Operands compare as variables (after earlier merges) or as constants by value (Python
numbers by type and bits, small arrays by contents, large ones by identity). Parameters
are frozen into hashable keys (index arrays by contents, slices by their fields); an
equation whose parameters cannot be frozen is left alone.
"""
import numpy as np

from ..ir import Substitution, out_ids

__all__ = ["cse", "value_key"]

_SMALL = 64   # arrays up to this many elements compare by contents


class _Unfreezable(Exception):
    pass


def value_key(value):
    """A hashable key equal for interchangeable constants."""
    if isinstance(value, bool) or value is None:
        return ("py", type(value), value)
    if isinstance(value, float):
        return ("py", float, value.hex())
    if isinstance(value, (int, str)):
        return ("py", type(value), value)
    if isinstance(value, complex):
        return ("py", complex, value.real.hex(), value.imag.hex())
    if isinstance(value, (np.ndarray, np.generic)):
        if value.size <= _SMALL and value.dtype.kind in "biufc":
            return ("np", type(value), value.dtype.str, value.shape, np.ascontiguousarray(value).tobytes())
        return ("id", id(value))
    if isinstance(value, slice):
        return ("slice", value_key(value.start), value_key(value.stop), value_key(value.step))
    if isinstance(value, (tuple, list)):
        return (type(value).__name__,) + tuple(value_key(v) for v in value)
    if isinstance(value, dict):
        return ("dict",) + tuple((k, value_key(v)) for k, v in sorted(value.items()))
    if value is Ellipsis:
        return ("...",)
    try:
        hash(value)
    except TypeError:
        raise _Unfreezable from None
    return ("obj", type(value), value)


def _eqn_key(e):
    operands = tuple(("v", i) if i is not None else ("c", value_key(v))
                     for i, v in zip(e.ins, e.invals))
    return (id(e.prim), value_key(e.params), operands)


def cse(tape):
    """The tape with repeated computations merged into their first occurrence."""
    sub, seen, eqns = Substitution(), {}, []
    for e in tape.eqns:
        e = sub.eqn(e)
        try:
            key = _eqn_key(e)
        except _Unfreezable:
            eqns.append(e)
            continue
        first = seen.get(key)
        if first is None:
            seen[key] = e
            eqns.append(e)
            continue
        for old, new in zip(out_ids(e), out_ids(first)):
            sub.var(old, new)
    return sub.apply(tape, eqns)
