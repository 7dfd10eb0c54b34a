"""Reductions over axes: sum, max, min, prod, logsumexp; and the scans cumsum, cumprod.

Parameters: `axis` is None (all axes) or a sorted tuple of non-negative ints,
already normalized by the funcgrad.numpy wrappers (a scan's is one int);
`keepdims` is a bool.
"""
from funcgrad.primitive import Boxed, primitive

from .arithmetic import absolute, equal, less, stop_gradient, where
from .creation import full_like, ones_like
from .elementwise import exp
from .shape import broadcast_to, concatenate, flip, reshape, split, transpose

__all__ = ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "logsumexp", "cumsum",
           "cumprod", "expand_reduced", "linear_recurrence"]


def _axes(x, axis):
    return tuple(range(x.ndim)) if axis is None else axis


def expand_reduced(g, x, axis, keepdims):
    """Broadcast a reduction's output-shaped value `g` back to x's shape."""
    shape = getattr(x, "shape", ())
    if getattr(g, "ndim", 0) == 0:  # a full reduction: the scalar broadcasts as it is
        return broadcast_to(g, shape=shape)
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
    """ans = Σ x over `axis`;  linear: ∂ans/∂x_i = 1, so g_x = g broadcast back over `axis`."""
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
    """ans = max x over `axis`;  ∂ans/∂x_i = [x_i = ans] / #{j : x_j = ans} (tied maxima share)."""
    name = "max"
    def impl(xp, x, *, axis=None, keepdims=False): return xp.max(x, axis=axis, keepdims=keepdims)
    jvp_x = _ext_jvp
    vjp_x = _ext_vjp
    def batch(xs, batched, *, axis=None, keepdims=False):
        return reduce_max(xs[0], axis=_batched(xs[0], axis), keepdims=keepdims)


@primitive
class ReduceMin:
    """ans = min x over `axis`;  ∂ans/∂x_i = [x_i = ans] / #{j : x_j = ans} (tied minima share)."""
    name = "min"
    def impl(xp, x, *, axis=None, keepdims=False): return xp.min(x, axis=axis, keepdims=keepdims)
    jvp_x = _ext_jvp
    vjp_x = _ext_vjp
    def batch(xs, batched, *, axis=None, keepdims=False):
        return reduce_min(xs[0], axis=_batched(xs[0], axis), keepdims=keepdims)


def _concrete(x):
    """The plain array under any tracer layers (to choose a formula, never to compute one)."""
    while isinstance(x, Boxed):
        x = x.value if hasattr(x, "value") else x._data   # a Tensor's array, on its device
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


def _pad_to_power_of_two(rows):
    n = rows.shape[0]
    size = 1 << (n - 1).bit_length()
    if size == n:
        return rows
    pad = split(ones_like(rows), indices=(size - n,), axis=0)[0]
    return concatenate(rows, pad, axis=0)


def _pairs(level):
    """A (2k, m) level as its (k, 1, m) left and right halves of each pair."""
    k, m = level.shape[0] // 2, level.shape[1]
    return split(reshape(level, shape=(k, 2, m)), indices=(1,), axis=1)


def _products_of_others(rows):
    """P with P_i = Π_{j≠i} rows_j along axis 0 of a 2-D array, from multiplies only.

    A balanced product tree over padded rows: an upward pass multiplies pairs,
    a downward pass hands each child its parent's P times its sibling. Exact
    with any number of zeros and at every order, in O(log n) ops.
    """
    n, m = rows.shape
    levels = [_pad_to_power_of_two(rows)]
    while levels[-1].shape[0] > 1:
        a, b = _pairs(levels[-1])
        levels.append(reshape(a * b, shape=(a.shape[0], m)))
    others = ones_like(levels[-1])
    for level in reversed(levels[:-1]):
        a, b = _pairs(level)
        parent = reshape(others, shape=(a.shape[0], 1, m))
        others = reshape(concatenate(parent * b, parent * a, axis=1), shape=level.shape)
    return split(others, indices=(n,), axis=0)[0] if others.shape[0] != n else others


def _divides_exactly(ans):
    """Π_{j≠i} x_j = ans / x_i holds in floating point unless a product is 0 or not finite."""
    c = abs(_concrete(ans))
    return bool(((c > 0) & (c < float("inf"))).all())


def _prod_partial(ans, x, axis, keepdims):
    """∂(Π x)/∂x_i = Π_{j≠i} x_j: ans / x_i when that is exact, else a product tree."""
    if x.size == 0 or _divides_exactly(ans):
        return expand_reduced(ans, x, axis, keepdims) / x
    rows, xt_shape, perm = _to_rows(x, _axes(x, axis))
    return _from_rows(_products_of_others(rows), xt_shape, perm)


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
        out = out if keepdims else xp.squeeze(out, axis=axis)
        return out[()] if out.ndim == 0 else out    # a scalar for a full reduction, as numpy
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


def _shift(x, k, fill, axis):
    """x moved k places forward along `axis`: the first k entries become `fill`."""
    from .indexing import getitem
    n = x.shape[axis]
    k = min(k, n)
    lead = (slice(None),) * axis
    head = full_like(getitem(x, index=lead + (slice(0, k),)), fill_value=fill)
    return concatenate(head, getitem(x, index=lead + (slice(0, n - k),)), axis=axis)


def linear_recurrence(a, b, axis):
    """s with s_i = a_i·s_{i-1} + b_i along `axis` (s_{-1} = 0), from multiplies and adds only.

    Recursive doubling: after the step of span d, (A_i, B_i) give s_i = A_i·s_{i-d'} + B_i
    with d' = 2d; composing (A_i, B_i) ∘ (A_{i-d}, B_{i-d}) = (A_i A_{i-d}, A_i B_{i-d} + B_i).
    Exact with zeros in a, differentiable to any order, ⌈log₂ n⌉ steps.
    """
    n, d = a.shape[axis], 1
    while d < n:
        b = b + a * _shift(b, d, 0, axis)
        if 2 * d < n:
            a = a * _shift(a, d, 1, axis)
        d *= 2
    return b


def _cumprod_divides(ans):
    """Π_{k≤i, k≠j} x_k = ans_i / x_j holds in floating point when no ans_i is 0 or infinite."""
    return _divides_exactly(ans)


def _rev_cumsum(v, axis):
    return flip(cumsum(flip(v, axis=(axis,)), axis=axis), axis=(axis,))


@primitive
class Cumprod:
    """ans_i = Π_{j≤i} x_j along `axis` (an int);  ∂ans_i/∂x_j = Π_{k≤i, k≠j} x_k (j ≤ i),
    exact with zeros in x.

    ∂ans_i/∂x_j = Π_{k≤i, k≠j} x_k (j ≤ i).  When no ans_i is 0 or infinite:
    t_ans = ans·cumsum(t/x) and g_x = revcumsum(g·ans)/x.  Otherwise (zeros in x) the
    product rule ans_i = ans_{i-1}·x_i gives recurrences that never divide:
    t_ans_i = x_i·t_ans_{i-1} + ans_{i-1}·t_i, and g_x_j = ans_{j-1}·r_j with
    r_j = g_j + x_{j+1}·r_{j+1} (ans_{-1} = 1), solved by `linear_recurrence`:
    exact with any number of zeros, at every order.
    """
    def impl(xp, x, *, axis): return xp.cumprod(x, axis=axis)

    def jvp_x(t, ans, x, *, axis):
        if _cumprod_divides(ans):
            return ans * cumsum(t / x, axis=axis)
        return linear_recurrence(x, _shift(ans, 1, 1, axis) * t, axis)

    def vjp_x(g, ans, x, *, axis):
        if _cumprod_divides(ans):
            return _rev_cumsum(g * ans, axis) / x
        rev = (axis,)
        r = flip(linear_recurrence(_shift(flip(x, axis=rev), 1, 0, axis), flip(g, axis=rev), axis), axis=rev)
        return _shift(ans, 1, 1, axis) * r

    def batch(xs, batched, *, axis): return cumprod(xs[0], axis=axis + 1)


reduce_sum, reduce_max, reduce_min, reduce_prod, logsumexp, cumsum, cumprod = (
    ReduceSum, ReduceMax, ReduceMin, ReduceProd, Logsumexp, Cumsum, Cumprod)
