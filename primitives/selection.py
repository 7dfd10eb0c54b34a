"""Selection: gathering along an axis by (possibly traced) integer indices, and the
non-differentiable functions of values (argmax, argsort, searchsorted, isnan, ...).

`take_along_axis(x, indices, axis=k)` is a primitive rather than a getitem because its
indices are an *operand*: they may be the traced output of argsort or argmax under
vmap, where each example has its own. x and indices have the same rank and agree off
`axis` (the funcgrad.numpy wrappers broadcast them). Its adjoint is
`scatter_along_axis`, an add into zeros.

The non-differentiable primitives (`nondiff = True`) return plain integer or boolean
results; each has a vmap rule, so they give the right per-example answer on batched
values instead of running on the stacked batch.
"""
from funcgrad.backend import scatter_add_into
from funcgrad.primitive import primitive

from ._batching import batch_size, shift_axes, with_batch

__all__ = ["take_along_axis", "scatter_along_axis", "argmax", "argmin", "argsort",
           "isnan", "isinf", "isfinite", "isclose", "count_nonzero", "reduce_all",
           "reduce_any", "searchsorted", "unique", "nonzero"]


def _full_index(xp, indices, axis):
    """The advanced index that reads x[..., indices[...], ...] along `axis` (same rank)."""
    nd = indices.ndim
    return tuple(indices if i == axis else
                 xp.arange(n).reshape((1,) * i + (n,) + (1,) * (nd - i - 1))
                 for i, n in enumerate(indices.shape))


def _both_batched(xs, batched):
    size = batch_size(xs, batched)
    return [with_batch(x, b, size) for x, b in zip(xs, batched)]


@primitive
class TakeAlongAxis:
    """ans[..., i, ...] = x[..., indices[..., i, ...], ...] along `axis`;
    linear in x: t_ans = take_along_axis(t, indices),  g_x = scatter_along_axis(g, indices)
    (entries read k times receive the sum of their k cotangents).  indices are constant."""
    def impl(xp, x, indices, *, axis): return xp.take_along_axis(x, indices, axis=axis)
    def jvp_x(t, ans, x, indices, *, axis): return take_along_axis(t, indices, axis=axis)
    def jvp_indices(t, ans, x, indices, *, axis): return None
    def vjp_x(g, ans, x, indices, *, axis):
        return scatter_along_axis(g, indices, axis=axis, size=x.shape[axis])
    def vjp_indices(g, ans, x, indices, *, axis): return None
    def batch(xs, batched, *, axis):
        x, indices = _both_batched(xs, batched)
        return take_along_axis(x, indices, axis=axis + 1)


@primitive
class ScatterAlongAxis:
    """ans = zeros with `size` entries along `axis` (g's shape elsewhere), and
    ans[..., indices[..., i, ...], ...] += g[..., i, ...];  the adjoint of take_along_axis:
    linear in g, t_ans = scatter_along_axis(t, indices),  g_g = take_along_axis(ct, indices)."""
    def impl(xp, g, indices, *, axis, size):
        shape = tuple(g.shape[:axis]) + (size,) + tuple(g.shape[axis + 1:])
        out = xp.zeros(shape, dtype=g.dtype)
        scatter_add_into(out, _full_index(xp, indices, axis), g)
        return out
    def jvp_g(t, ans, g, indices, *, axis, size):
        return scatter_along_axis(t, indices, axis=axis, size=size)
    def jvp_indices(t, ans, g, indices, *, axis, size): return None
    def vjp_g(ct, ans, g, indices, *, axis, size): return take_along_axis(ct, indices, axis=axis)
    def vjp_indices(ct, ans, g, indices, *, axis, size): return None
    def batch(xs, batched, *, axis, size):
        g, indices = _both_batched(xs, batched)
        return scatter_along_axis(g, indices, axis=axis + 1, size=size)


# ---- non-differentiable: positions of values -----------------------------------

def _arg_batch(prim, x, axis, keepdims):
    """An arg-reduction of a batched x: axis None flattens each example first."""
    from .shape import reshape
    if axis is not None:
        return prim(x, axis=axis + 1, keepdims=keepdims)
    flat = reshape(x, shape=(x.shape[0], -1))
    out = prim(flat, axis=1, keepdims=False)
    return reshape(out, shape=(x.shape[0],) + (1,) * (x.ndim - 1)) if keepdims else out


@primitive
class Argmax:
    """ans = the index of the first maximum along `axis` (None: of the flattened x); nondiff."""
    nondiff = True
    def impl(xp, x, *, axis=None, keepdims=False): return xp.argmax(x, axis=axis, keepdims=keepdims)
    def batch(xs, batched, *, axis=None, keepdims=False): return _arg_batch(argmax, xs[0], axis, keepdims)


@primitive
class Argmin:
    """ans = the index of the first minimum along `axis` (None: of the flattened x); nondiff."""
    nondiff = True
    def impl(xp, x, *, axis=None, keepdims=False): return xp.argmin(x, axis=axis, keepdims=keepdims)
    def batch(xs, batched, *, axis=None, keepdims=False): return _arg_batch(argmin, xs[0], axis, keepdims)


@primitive
class Argsort:
    """ans = the permutation sorting x along `axis` (an int); `stable` keeps ties in order.
    nondiff: a gradient flows through take_along_axis(x, ans) instead (see fnp.sort)."""
    nondiff = True
    def impl(xp, x, *, axis, stable): return xp.argsort(x, axis=axis, kind="stable" if stable else None)
    def batch(xs, batched, *, axis, stable): return argsort(xs[0], axis=axis + 1, stable=stable)


@primitive
class Searchsorted:
    """ans = the insertion points of v into the sorted 1-D a (side 'left' or 'right'): for
    side='left', ans = #{j : a_j < v}; for 'right', #{j : a_j ≤ v}.  nondiff."""
    nondiff = True
    def impl(xp, a, v, *, side): return xp.searchsorted(a, v, side=side)
    def batch(xs, batched, *, side):
        a, v = xs
        if not batched[0]:
            return searchsorted(a, v, side=side)
        from .arithmetic import less, less_equal
        from .shape import reshape
        v = with_batch(v, batched[1], a.shape[0])
        col = reshape(v, shape=tuple(v.shape) + (1,))
        row = reshape(a, shape=(a.shape[0],) + (1,) * (v.ndim - 1) + (a.shape[1],))
        below = less(row, col) if side == "left" else less_equal(row, col)
        return count_nonzero(below, axis=(v.ndim,), keepdims=False)


@primitive
class Unique:
    """ans = (values, index, inverse, counts) of numpy.unique(x, axis, equal_nan) with every
    return_* flag on (the wrapper picks what was asked for).  nondiff."""
    nondiff = True
    multiple_results = True
    def impl(xp, x, *, axis, equal_nan):
        return tuple(xp.unique(x, return_index=True, return_inverse=True, return_counts=True,
                               axis=axis, equal_nan=equal_nan))


@primitive
class Nonzero:
    """ans = the indices of x's nonzero entries, one array per axis (numpy.nonzero).  nondiff;
    the count differs per example, so vmap loops (and fails where the counts differ)."""
    nondiff = True
    multiple_results = True
    def impl(xp, x): return tuple(xp.nonzero(x))


# ---- non-differentiable: properties of values ------------------------------------

@primitive
class Isnan:
    """ans = [x is nan], elementwise;  nondiff."""
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.isnan(x)


@primitive
class Isinf:
    """ans = [x is ±inf], elementwise;  nondiff."""
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.isinf(x)


@primitive
class Isfinite:
    """ans = [x is neither inf nor nan], elementwise;  nondiff."""
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.isfinite(x)


@primitive
class Isclose:
    """ans = [|x - y| ≤ atol + rtol·|y|] (nan equal to nan if equal_nan), elementwise;  nondiff."""
    elementwise = True
    nondiff = True
    def impl(xp, x, y, *, rtol, atol, equal_nan):
        return xp.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan)


@primitive
class CountNonzero:
    """ans = #{nonzero x} over `axis` (None or a sorted tuple);  nondiff."""
    nondiff = True
    def impl(xp, x, *, axis=None, keepdims=False):
        return xp.count_nonzero(x, axis=axis, keepdims=keepdims)
    def batch(xs, batched, *, axis=None, keepdims=False):
        return count_nonzero(xs[0], axis=shift_axes(axis, xs[0].ndim - 1), keepdims=keepdims)


@primitive
class ReduceAll:
    """ans = ∀ x over `axis` (None or a sorted tuple), boolean;  nondiff."""
    name = "all"
    nondiff = True
    def impl(xp, x, *, axis=None, keepdims=False): return xp.all(x, axis=axis, keepdims=keepdims)
    def batch(xs, batched, *, axis=None, keepdims=False):
        return reduce_all(xs[0], axis=shift_axes(axis, xs[0].ndim - 1), keepdims=keepdims)


@primitive
class ReduceAny:
    """ans = ∃ x over `axis` (None or a sorted tuple), boolean;  nondiff."""
    name = "any"
    nondiff = True
    def impl(xp, x, *, axis=None, keepdims=False): return xp.any(x, axis=axis, keepdims=keepdims)
    def batch(xs, batched, *, axis=None, keepdims=False):
        return reduce_any(xs[0], axis=shift_axes(axis, xs[0].ndim - 1), keepdims=keepdims)


take_along_axis, scatter_along_axis = TakeAlongAxis, ScatterAlongAxis
argmax, argmin, argsort, searchsorted, unique, nonzero = (
    Argmax, Argmin, Argsort, Searchsorted, Unique, Nonzero)
isnan, isinf, isfinite, isclose, count_nonzero, reduce_all, reduce_any = (
    Isnan, Isinf, Isfinite, Isclose, CountNonzero, ReduceAll, ReduceAny)
