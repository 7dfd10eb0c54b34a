"""Algebraic simplification of symbolic ones and zeros, and of no-op shape changes.

Rewrites (each only when the result has exactly the kept operand's shape, dtype and kind,
so nothing is broadcast or cast away):
    x * 1, 1 * x, x / 1, x ** 1, x + 0, 0 + x, x - 0    -> x
    0 - x                                               -> -x
    -(-x)                                               -> x
    reshape / broadcast_to / astype / squeeze / expand_dims to x's own type, and the
    identity transpose                                  -> x
    reshape(reshape(x))                                 -> reshape(x)
An elementwise equation's constant array operand whose entries are all equal becomes a
numpy scalar of the same dtype when another operand already has the result's shape
(folded gradient seeds such as `ones * 0.9`), saving a full-size read.
A constant counts as one (or zero) when every entry is; after `fold_constants` that
includes the ones_like seeds of gradients and their broadcasts. (x + 0 -> x turns a
-0.0 into itself rather than +0.0, the only value this changes, and only in sign.)
"""
import numpy as np

from funcgrad.primitive import registry

from ..ir import Aval, Substitution, replace_eqn

__all__ = ["simplify"]

_NO_OP_IF_SAME_TYPE = frozenset({"reshape", "broadcast_to", "astype", "squeeze",
                                 "expand_dims", "positive"})
_LIMIT = 1 << 22   # constants larger than this are not scanned


def _all_equal(value, target):
    if isinstance(value, Aval) or value is None or isinstance(value, (str, bytes)):
        return False
    try:
        arr = np.asarray(value)
        if arr.dtype.kind not in "biufc" or arr.size > _LIMIT:
            return False
        return bool(np.all(arr == target))
    except Exception:
        return False


def _is_one(i, v):
    return i is None and _all_equal(v, 1)


def _is_zero(i, v):
    return i is None and _all_equal(v, 0)


def _kept_operand(e):
    """The operand position that e just passes through, or None."""
    name, ins, vals = e.prim.name, e.ins, e.invals
    if name == "multiply":
        if _is_one(ins[1], vals[1]):
            return 0
        if _is_one(ins[0], vals[0]):
            return 1
    elif name in ("true_divide", "power") and _is_one(ins[1], vals[1]):
        return 0
    elif name == "add":
        if _is_zero(ins[1], vals[1]):
            return 0
        if _is_zero(ins[0], vals[0]):
            return 1
    elif name == "subtract" and _is_zero(ins[1], vals[1]):
        return 0
    elif name in _NO_OP_IF_SAME_TYPE and len(ins) == 1:
        return 0
    elif name == "transpose" and len(ins) == 1 and e.params.get("axes") is not None \
            and tuple(e.params["axes"]) == tuple(range(len(e.params["axes"]))):
        return 0
    return None


def _uniform_scalar(value):
    """The single value of a uniform constant array, as a numpy scalar; else None."""
    if not isinstance(value, np.ndarray) or value.ndim == 0 or value.size > _LIMIT \
            or value.dtype.kind not in "biufc" or value.size == 0:
        return None
    first = value.flat[0]
    if first != first or not np.all(value == first):   # nan, or not uniform
        return None
    return value.dtype.type(first)


def _scalarize_constants(e):
    """e with uniform constant arrays replaced by scalars where that keeps the result's shape."""
    if not e.prim.elementwise or e.prim.multiple_results or not isinstance(e.outvals, Aval):
        return e
    if not any(i is not None and v.shape == e.outvals.shape for i, v in zip(e.ins, e.invals)):
        return e
    vals, changed = list(e.invals), False
    for k, (i, v) in enumerate(zip(e.ins, e.invals)):
        if i is None:
            scalar = _uniform_scalar(v)
            if scalar is not None:
                vals[k], changed = scalar, True
    return replace_eqn(e, invals=vals) if changed else e


def simplify(tape):
    """The tape with multiplications by one, additions of zero and no-op reshapes removed."""
    sub, eqns, negated, reshaped = Substitution(), [], {}, {}
    negative = registry.get("negative")
    for e in tape.eqns:
        e = _scalarize_constants(sub.eqn(e))
        if e.prim.multiple_results:
            eqns.append(e)
            continue
        k = _kept_operand(e)
        if k is not None and e.ins[k] is not None and e.invals[k] == e.outvals:
            sub.var(e.outs, e.ins[k])
            continue
        if e.prim.name == "subtract" and _is_zero(e.ins[0], e.invals[0]) and e.ins[1] is not None \
                and e.invals[1] == e.outvals and negative is not None:
            e = replace_eqn(e, ins=e.ins[1:], invals=e.invals[1:])
            e.prim = negative
        if e.prim is negative and e.ins[0] in negated and e.invals[0] == e.outvals:
            sub.var(e.outs, negated[e.ins[0]])
            continue
        if e.prim is negative and e.ins[0] is not None:
            negated[e.outs] = e.ins[0]
        if e.prim.name == "reshape" and e.ins[0] is not None:
            if e.ins[0] in reshaped:   # compose: read the first reshape's operand
                src, src_val = reshaped[e.ins[0]]
                e = replace_eqn(e, ins=[src], invals=[src_val])
                if src_val == e.outvals:
                    sub.var(e.outs, src)
                    continue
            reshaped[e.outs] = (e.ins[0], e.invals[0])
        eqns.append(e)
    return sub.apply(tape, eqns)
