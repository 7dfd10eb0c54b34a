"""Indexing: reading with basic, advanced and boolean indices, and scattering back.

`index` parameters are normalized by funcgrad.numpy: a tuple whose entries are
ints, slices, None, Ellipsis or integer arrays (constants; boolean masks arrive
expanded to their nonzero() integer arrays).
getitem's adjoint adds g into zeros at the indexed places (scatter-add), which
also handles repeated advanced indices.
"""
from funcgrad.backend import scatter_add_into
from funcgrad.primitive import primitive

__all__ = ["getitem", "scatter_add", "segment_sum"]


def _front_slice_keeps_layout(index):
    """True if x[(slice(None),) + index] keeps the leading axis first (vmap's batch axis).

    numpy moves the axes of advanced indices to the front when those indices are
    not adjacent; with no array index, or adjacent ones, a leading slice stays put.
    """
    is_array = [hasattr(i, "ndim") for i in index]
    if not any(is_array):
        return True
    advanced = [k for k, i in enumerate(index)
                if is_array[k] or isinstance(i, int) and not isinstance(i, bool)]
    return advanced == list(range(advanced[0], advanced[-1] + 1))


@primitive
class Getitem:
    """ans = x[index] (numpy basic and advanced indexing);  g_x = scatter_add(g) into x's shape."""
    linear = True
    def impl(xp, x, *, index): return x[index]
    def vjp_x(g, ans, x, *, index): return scatter_add(g, shape=x.shape, index=index)
    def batch(xs, batched, *, index):
        if not _front_slice_keeps_layout(index):
            return NotImplemented
        return getitem(xs[0], index=(slice(None),) + index)


@primitive
class ScatterAdd:
    """ans = zeros(shape) with g added at [index]: ans[index] += g, a place named k times by an
    advanced index receiving the sum of its k entries;  g_g = ct[index] (getitem)."""
    linear = True
    def impl(xp, g, *, shape, index):
        out = xp.zeros(shape, dtype=g.dtype)
        scatter_add_into(out, index, g)
        return out
    def vjp_g(ct, ans, g, *, shape, index): return getitem(ct, index=index)
    def batch(xs, batched, *, shape, index):
        if not _front_slice_keeps_layout(index):
            return NotImplemented
        g = xs[0]
        return scatter_add(g, shape=(g.shape[0],) + tuple(shape), index=(slice(None),) + index)


def _segment_owner(xp, repeats, size):
    """For each entry of a repeated axis, the index of the entry it repeats."""
    return xp.repeat(xp.arange(size), xp.asarray(repeats, dtype=xp.intp))


@primitive
class SegmentSum:
    """ans_i = Σ_{j in run i} g_j along `axis`: run i holds the next `repeats` entries (an int)
    or repeats[i] entries (a tuple of counts); ans has `size` entries there.

    The adjoint of repeat: g_g = repeat(ct, repeats) along `axis`.
    """
    linear = True

    def impl(xp, g, *, repeats, axis, size):
        shape = tuple(g.shape[:axis]) + (size,) + tuple(g.shape[axis + 1:])
        if isinstance(repeats, int) and repeats > 0:
            runs = shape[:axis + 1] + (repeats,) + shape[axis + 1:]
            return xp.sum(xp.reshape(g, runs), axis=axis + 1)
        out = xp.zeros(shape, dtype=g.dtype)
        if not isinstance(repeats, int):
            owner = _segment_owner(xp, repeats, size)
            scatter_add_into(out, (slice(None),) * axis + (owner,), g)
        return out

    def vjp_g(ct, ans, g, *, repeats, axis, size):
        from .shape import repeat
        return repeat(ct, repeats=repeats, axis=axis)

    def batch(xs, batched, *, repeats, axis, size):
        return segment_sum(xs[0], repeats=repeats, axis=axis + 1, size=size)


getitem, scatter_add, segment_sum = Getitem, ScatterAdd, SegmentSum
