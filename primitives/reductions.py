"""Reductions over axes: sum, max, min, prod, logsumexp.

Parameters: `axis` is None (all axes) or a tuple of non-negative ints, already
normalized by the funcgrad.numpy wrappers; `keepdims` is a bool.
"""
from funcgrad.primitive import primitive

from .arithmetic import equal, where
from .shape import broadcast_to, reshape

__all__ = ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "logsumexp",
           "expand_reduced"]


def _axes(x, axis):
    return tuple(range(x.ndim)) if axis is None else axis


def expand_reduced(g, x, axis, keepdims):
    """Broadcast a reduction's output-shaped value `g` back to x's shape."""
    shape = getattr(x, "shape", ())
    if not keepdims:
        axes = _axes(x, axis)
        kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
        g = reshape(g, shape=kept)
    return broadcast_to(g, shape=shape)


@primitive
class ReduceSum:
    """ans = Σ x over `axis`."""
    name = "sum"
    linear = True
    def impl(xp, x, *, axis=None, keepdims=False): return xp.sum(x, axis=axis, keepdims=keepdims)
    def vjp_x(g, ans, x, *, axis=None, keepdims=False): return expand_reduced(g, x, axis, keepdims)


def _argext_mask(ans, x, axis, keepdims):
    """Where x attains its extremum `ans`, each location weighted 1/count (ties share)."""
    hit = where(equal(x, expand_reduced(ans, x, axis, keepdims)), 1.0, 0.0)
    count = reduce_sum(hit, axis=axis, keepdims=True)
    return hit / count


def _ext_jvp(t, ans, x, *, axis=None, keepdims=False):
    return reduce_sum(t * _argext_mask(ans, x, axis, keepdims), axis=axis, keepdims=keepdims)


def _ext_vjp(g, ans, x, *, axis=None, keepdims=False):
    return expand_reduced(g, x, axis, keepdims) * _argext_mask(ans, x, axis, keepdims)


@primitive
class ReduceMax:
    """ans = max x over `axis`; the gradient is shared equally among tied maxima."""
    name = "max"
    def impl(xp, x, *, axis=None, keepdims=False): return xp.max(x, axis=axis, keepdims=keepdims)
    jvp_x = _ext_jvp
    vjp_x = _ext_vjp


@primitive
class ReduceMin:
    """ans = min x over `axis`; the gradient is shared equally among tied minima."""
    name = "min"
    def impl(xp, x, *, axis=None, keepdims=False): return xp.min(x, axis=axis, keepdims=keepdims)
    jvp_x = _ext_jvp
    vjp_x = _ext_vjp


def _prod_partial(ans, x, axis, keepdims):
    # ∂(Π x)/∂x_i = Π_{j≠i} x_j; computed by division where x_i ≠ 0, and by the
    # product of the other entries where x_i = 0 (exact for any number of zeros).
    zero = equal(x, 0)
    safe = where(zero, 1.0, x)
    others = expand_reduced(reduce_prod(safe, axis=axis, keepdims=True), x, axis, True)
    nz = reduce_sum(where(zero, 1.0, 0.0), axis=axis, keepdims=True)
    only_zero = where(equal(expand_reduced(nz, x, axis, True), 1), 1.0, 0.0)
    total = expand_reduced(ans, x, axis, keepdims)
    return where(zero, others * only_zero, total / safe)


@primitive
class ReduceProd:
    """ans = Π x over `axis`;  ∂ans/∂x_i = Π_{j≠i} x_j (zeros handled exactly)."""
    name = "prod"
    def impl(xp, x, *, axis=None, keepdims=False): return xp.prod(x, axis=axis, keepdims=keepdims)
    def jvp_x(t, ans, x, *, axis=None, keepdims=False):
        return reduce_sum(t * _prod_partial(ans, x, axis, keepdims), axis=axis, keepdims=keepdims)
    def vjp_x(g, ans, x, *, axis=None, keepdims=False):
        return expand_reduced(g, x, axis, keepdims) * _prod_partial(ans, x, axis, keepdims)


@primitive
class Logsumexp:
    """ans = log Σ exp x over `axis`, shifted by the max for stability;  ∂ans/∂x = softmax(x)."""
    def impl(xp, x, *, axis=None, keepdims=False):
        m = xp.max(x, axis=axis, keepdims=True)
        m = xp.where(xp.isfinite(m), m, 0)
        out = xp.log(xp.sum(xp.exp(x - m), axis=axis, keepdims=True)) + m
        return out if keepdims else xp.squeeze(out, axis=axis)
    def jvp_x(t, ans, x, *, axis=None, keepdims=False):
        return reduce_sum(t * _softmax_from(ans, x, axis, keepdims), axis=axis, keepdims=keepdims)
    def vjp_x(g, ans, x, *, axis=None, keepdims=False):
        return expand_reduced(g, x, axis, keepdims) * _softmax_from(ans, x, axis, keepdims)


def _softmax_from(ans, x, axis, keepdims):
    from .elementwise import exp
    return exp(x - expand_reduced(ans, x, axis, keepdims))


reduce_sum, reduce_max, reduce_min, reduce_prod, logsumexp = (
    ReduceSum, ReduceMax, ReduceMin, ReduceProd, Logsumexp)
