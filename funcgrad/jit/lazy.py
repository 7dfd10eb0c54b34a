"""Deferred values while tracing: large elementwise results are not computed at trace time.

A jitted function is traced on the first call's real inputs, but the trace never lets the
user read a traced value, so computing a large elementwise result during tracing only
costs time: the first call's outputs can come from the compiled program instead. While
tracing, an equation whose output has at least `LAZY_SIZE` elements and is
* a numpy ufunc applied elementwise (shape: broadcast; dtype: the ufunc on 1-element
  stand-ins), or a reduction (np.sum/max/min/prod), or
* a shape operation (reshape, broadcast_to, transpose, expand_dims, squeeze) of a
  deferred value (run on the placeholder: a view, no arithmetic),
gets a *placeholder* as its value (so do those equations when an operand is deferred,
whatever their size; zeros_like/ones_like/full_like run on placeholders for real): a zero-strided array of the right shape and dtype
whose contents mean nothing. Any other primitive reading a deferred value first `force`s
it: the deferred equations it depends on are evaluated for real, in tape order.
"""
import numpy as np

from funcgrad.primitive import bind

from .codegen import _REDUCERS, direct_call

__all__ = ["Deferred", "LAZY_SIZE"]

LAZY_SIZE = 1 << 16
_SHAPE_OPS = frozenset({"reshape", "broadcast_to", "transpose", "expand_dims", "squeeze"})
_SHAPE_ONLY = frozenset({"zeros_like", "ones_like", "full_like"})


def placeholder(shape, dtype):
    return np.broadcast_to(np.zeros((), dtype), shape)


def _stand_in(v):
    if isinstance(v, np.ndarray):
        return np.zeros((1,) * v.ndim, v.dtype)
    if isinstance(v, np.generic):
        return v.dtype.type(0)
    return v


def _abstract(prim, vals, params):
    """A placeholder for prim(*vals) computed from shapes and dtypes only, or None."""
    if prim.multiple_results:
        return None
    direct = direct_call(prim, len(vals), params)
    if direct is None:
        return None
    fn, operands, kwargs = direct
    if operands != list(range(len(vals))):
        return None
    with np.errstate(all="ignore"):
        if isinstance(fn, np.ufunc) and fn.signature is None and prim.elementwise and not kwargs:
            shape = np.broadcast_shapes(*(np.shape(v) for v in vals))
            dtype = np.asarray(fn(*(_stand_in(v) for v in vals))).dtype
            return placeholder(shape, dtype)
        if fn in _REDUCERS.values() and len(vals) == 1 and isinstance(vals[0], np.ndarray):
            x = vals[0]
            axis, keepdims = kwargs.get("axis"), kwargs.get("keepdims", False)
            probe = fn(np.zeros((1,) * x.ndim, x.dtype), **kwargs)
            axes = range(x.ndim) if axis is None else [a % x.ndim for a in np.atleast_1d(axis)]
            shape = tuple(1 if k in axes else n for k, n in enumerate(x.shape) if keepdims or k not in axes)
            dtype = np.asarray(probe).dtype
            return placeholder(shape, dtype) if shape or keepdims else dtype.type(0)
    return None


class Deferred:
    """The deferred equations of one trace, and the values forced so far."""

    def __init__(self):
        self.eqns = {}     # var -> the Eqn that makes it (its inputs may be deferred)
        self.order = {}    # var -> position, to force in tape order
        self.forced = {}   # var -> real value

    def __bool__(self):
        return bool(self.eqns)

    def try_defer(self, prim, ins, vals, params):
        """A placeholder output if prim may be deferred here, else None."""
        lazy_input = any(i in self.eqns for i in ins if i is not None)
        if lazy_input and prim.name in _SHAPE_OPS and not prim.multiple_results:
            return bind(prim, *vals, **params)     # a view of the placeholder
        out = _abstract(prim, vals, params)
        if out is not None and (lazy_input or np.size(out) >= LAZY_SIZE):
            return out
        return None

    @staticmethod
    def shape_only(prim):
        """Primitives whose output depends on the operands' shapes and dtypes only: they
        run on placeholders for real (no forcing)."""
        return prim.name in _SHAPE_ONLY

    def record(self, var, eqn):
        """Note that variable var is computed by the deferred equation eqn."""
        self.order[var] = len(self.order)
        self.eqns[var] = eqn

    def force(self, ins, vals):
        """vals with every deferred input replaced by its real value."""
        needed, stack = set(), [i for i in ins if i in self.eqns]
        while stack:
            var = stack.pop()
            if var in needed or var in self.forced:
                continue
            needed.add(var)
            stack.extend(i for i in self.eqns[var].ins if i in self.eqns)
        for var in sorted(needed, key=self.order.__getitem__):
            e = self.eqns[var]
            args = [self.forced[i] if i in self.eqns else v for i, v in zip(e.ins, e.invals)]
            self.forced[var] = bind(e.prim, *args, **e.params)
        return [self.forced[i] if i in self.eqns else v for i, v in zip(ins, vals)]
