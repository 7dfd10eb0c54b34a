"""Reductions over axes: sum, max, min, prod, logsumexp; and the cumulative sum.

Parameters: `axis` is None (all axes) or a sorted tuple of non-negative ints,
already normalized by the funcgrad.numpy wrappers (cumsum's is one int);
`keepdims` is a bool.
"""
from funcgrad.primitive import Boxed, primitive

from .arithmetic import absolute, equal, less, stop_gradient, where
from .creation import ones_like
from .elementwise import exp
from .shape import broadcast_to, concatenate, flip, reshape, split, transpose

__all__ = ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "logsumexp", "cumsum",
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


def _batched(x, axis):
    """`axis` of one example, as axes of x carrying a leading batch axis (for vmap)."""
    return tuple(range(1, x.ndim)) if axis is None else tuple(a + 1 for a in axis)


@primitive
class ReduceSum:
    """ans = Σ x over `axis`."""
    name = "sum"
    linear = True
    def impl(xp, x, *, axis=None, keepdims=False): return xp.sum(x, axis=axis, keepdims=keepdims)
    def vjp_x(g, ans, x, *, axis=None, keepdims=False): return expand_reduced(g, x, axis, keepdims)
    def batch(xs, batched, *, axis=None, keepdims=False):
        return reduce_sum(xs[0], axis=_batched(xs[0], axis), keepdims=keepdims)


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
    def batch(xs, batched, *, axis=None, keepdims=False):
        return reduce_max(xs[0], axis=_batched(xs[0], axis), keepdims=keepdims)


@primitive
class ReduceMin:
    """ans = min x over `axis`; the gradient is shared equally among tied minima."""
    name = "min"
    def impl(xp, x, *, axis=None, keepdims=False): return xp.min(x, axis=axis, keepdims=keepdims)
    jvp_x = _ext_jvp
    vjp_x = _ext_vjp
    def batch(xs, batched, *, axis=None, keepdims=False):
        return reduce_min(xs[0], axis=_batched(xs[0], axis), keepdims=keepdims)


def _concrete(x):
    """The plain array under any tracer layers (to choose a formula, never to compute one)."""
    while isinstance(x, Boxed):
        x = x.value if hasattr(x, "value") else x.detach().numpy()
    return x


def _to_rows(x, axes):
    """x with the reduced `axes` moved first and flattened: shape (n, rest)."""
    rest = tuple(i for i in range(x.ndim) if i not in axes)
    perm = tuple(axes) + rest
    xt = transpose(x, axes=perm) if perm != tuple(range(x.ndim)) else x
    n = 1
    for i in axes:
        n *= x.shape[i]
    return reshape(xt, shape=(n, x.size // n)), xt.shape, perm


def _from_rows(rows, xt_shape, perm):
    out = reshape(rows, shape=xt_shape)
    if perm == tuple(range(len(perm))):
        return out
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return transpose(out, axes=tuple(inverse))


def _product_tree(x):
    """(p, P) for a 2-D x: p = Π_i x_i (kept as one row), P_i = Π_{j≠i} x_j.

    Built from multiplies only (a balanced tree: P of a half times p of the
    other half), so it is exact for zeros and at every order of differentiation.
    """
    n = x.shape[0]
    if n == 1:
        return x, ones_like(x)
    a, b = split(x, indices=(n // 2,), axis=0)
    pa, others_a = _product_tree(a)
    pb, others_b = _product_tree(b)
    return pa * pb, concatenate(others_a * pb, others_b * pa, axis=0)


def _prod_partial(ans, x, axis, keepdims):
    """∂(Π x)/∂x_i = Π_{j≠i} x_j: ans / x_i when x has no zero, else a product tree."""
    if x.size == 0 or not (_concrete(x) == 0).any():
        return expand_reduced(ans, x, axis, keepdims) / x
    rows, xt_shape, perm = _to_rows(x, _axes(x, axis))
    return _from_rows(_product_tree(rows)[1], xt_shape, perm)


@primitive
class ReduceProd:
    """ans = Π x over `axis`;  ∂ans/∂x_i = Π_{j≠i} x_j (exact with zeros, at every order)."""
    name = "prod"
    def impl(xp, x, *, axis=None, keepdims=False): return xp.prod(x, axis=axis, keepdims=keepdims)
    def jvp_x(t, ans, x, *, axis=None, keepdims=False):
        return reduce_sum(t * _prod_partial(ans, x, axis, keepdims), axis=axis, keepdims=keepdims)
    def vjp_x(g, ans, x, *, axis=None, keepdims=False):
        return expand_reduced(g, x, axis, keepdims) * _prod_partial(ans, x, axis, keepdims)
    def batch(xs, batched, *, axis=None, keepdims=False):
        return reduce_prod(xs[0], axis=_batched(xs[0], axis), keepdims=keepdims)


def _softmax(x, axis):
    """exp(x - m) / Σ exp(x - m) over `axis`, m a constant shift (the finite max):
    no overflow, and all -inf slices give 0 rather than nan."""
    m = reduce_max(stop_gradient(x), axis=axis, keepdims=True)
    m = where(less(absolute(m), float("inf")), m, 0)
    e = exp(x - m)
    s = reduce_sum(e, axis=axis, keepdims=True)
    return e / where(equal(s, 0), 1, s)


@primitive
class Logsumexp:
    """ans = log Σ exp x over `axis` = m + log Σ exp(x - m), m = max x (finite), no overflow;
    ∂ans/∂x = softmax(x) = exp(x - m) / Σ exp(x - m).  All -inf slices give ans = -inf."""
    def impl(xp, x, *, axis=None, keepdims=False):
        m = xp.max(x, axis=axis, keepdims=True)
        m = xp.where(xp.isfinite(m), m, 0)
        s = xp.sum(xp.exp(x - m), axis=axis, keepdims=True)
        empty = s == 0
        out = xp.where(empty, -xp.inf, xp.log(xp.where(empty, 1, s)) + m)
        return out if keepdims else xp.squeeze(out, axis=axis)
    def jvp_x(t, ans, x, *, axis=None, keepdims=False):
        return reduce_sum(t * _softmax(x, axis), axis=axis, keepdims=keepdims)
    def vjp_x(g, ans, x, *, axis=None, keepdims=False):
        return expand_reduced(g, x, axis, keepdims) * _softmax(x, axis)
    def batch(xs, batched, *, axis=None, keepdims=False):
        return logsumexp(xs[0], axis=_batched(xs[0], axis), keepdims=keepdims)


@primitive
class Cumsum:
    """ans_i = Σ_{j≤i} x_j along `axis` (an int).  Linear; its transpose is the
    reversed cumulative sum: g_x,j = Σ_{i≥j} g_i."""
    linear = True
    def impl(xp, x, *, axis): return xp.cumsum(x, axis=axis)
    def vjp_x(g, ans, x, *, axis):
        return flip(cumsum(flip(g, axis=(axis,)), axis=axis), axis=(axis,))
    def batch(xs, batched, *, axis): return cumsum(xs[0], axis=axis + 1)


reduce_sum, reduce_max, reduce_min, reduce_prod, logsumexp, cumsum = (
    ReduceSum, ReduceMax, ReduceMin, ReduceProd, Logsumexp, Cumsum)
