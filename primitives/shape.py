"""Shape and layout: reshape, transpose, broadcast, concatenate, split, flip, tile, repeat, astype.

All are linear in their array arguments, so forward mode applies the op to the
tangents; each vjp is the transpose (adjoint) of the op.
"""
from funcgrad.primitive import primitive

__all__ = ["reshape", "broadcast_to", "astype", "transpose", "concatenate", "split",
           "flip", "tile", "repeat"]


@primitive
class Reshape:
    """ans = x's entries in C order laid out as `shape`;  g_x = reshape(g, x.shape)."""
    linear = True
    def impl(xp, x, *, shape): return xp.reshape(x, shape)
    def vjp_x(g, ans, x, *, shape): return reshape(g, shape=x.shape)
    def batch(xs, batched, *, shape): return reshape(xs[0], shape=(xs[0].shape[0],) + tuple(shape))


@primitive
class BroadcastTo:
    """ans = x broadcast to `shape`;  g_x = g summed over the broadcast axes (by the driver)."""
    linear = True
    def impl(xp, x, *, shape): return xp.broadcast_to(x, shape)
    def vjp_x(g, ans, x, *, shape): return g
    def batch(xs, batched, *, shape):
        x = pad_rank(xs[0], len(shape))
        return broadcast_to(x, shape=(x.shape[0],) + tuple(shape))


@primitive
class Astype:
    """ans = x cast to `dtype`;  t_ans = cast(t, dtype),  g_x = cast(g, x.dtype) (by the driver)."""
    elementwise = True
    linear = True
    def impl(xp, x, *, dtype): return x.astype(dtype) if hasattr(x, "astype") else xp.asarray(x, dtype=dtype)
    def vjp_x(g, ans, x, *, dtype): return g


def _inverse_permutation(axes):
    inverse = [0] * len(axes)
    for i, a in enumerate(axes):
        inverse[a] = i
    return tuple(inverse)


@primitive
class Transpose:
    """ans = x with its axes permuted, ans.shape[i] = x.shape[axes[i]];  g_x = transpose(g, axes⁻¹)."""
    linear = True
    def impl(xp, x, *, axes): return xp.transpose(x, axes)
    def vjp_x(g, ans, x, *, axes): return transpose(g, axes=_inverse_permutation(axes))
    def batch(xs, batched, *, axes): return transpose(xs[0], axes=(0,) + tuple(a + 1 for a in axes))


@primitive
class Concatenate:
    """ans = [x_1 | … | x_n] joined along `axis`;  g_k = the slab of g where x_k sits (split)."""
    linear = True
    def impl(xp, *xs, axis): return xp.concatenate(xs, axis=axis)
    def vjp(g, ans, *xs, axis):
        bounds, total = [], 0
        for x in xs[:-1]:
            total += x.shape[axis]
            bounds.append(total)
        return split(g, indices=tuple(bounds), axis=axis)
    def batch(xs, batched, *, axis):
        size = batch_size(xs, batched)
        return concatenate(*(with_batch(x, b, size) for x, b in zip(xs, batched)), axis=axis + 1)


@primitive
class Split:
    """ans_k = x[indices[k-1]:indices[k]] along `axis`;  g_x = concatenate(g_1, …, g_n) along `axis`."""
    linear = True
    multiple_results = True
    def impl(xp, x, *, indices, axis): return tuple(xp.split(x, indices, axis=axis))
    def vjp_x(g, ans, x, *, indices, axis): return concatenate(*g, axis=axis)
    def batch(xs, batched, *, indices, axis): return split(xs[0], indices=indices, axis=axis + 1)


@primitive
class Flip:
    """ans = x reversed along `axis` (a tuple, or None for all);  g_x = flip(g, axis) (self-adjoint)."""
    linear = True
    def impl(xp, x, *, axis): return xp.flip(x, axis)
    def vjp_x(g, ans, x, *, axis): return flip(g, axis=axis)
    def batch(xs, batched, *, axis): return flip(xs[0], axis=shift_axes(axis, xs[0].ndim - 1))


@primitive
class Tile:
    """ans = x tiled `reps` times (reps has x.ndim or more entries, as numpy.tile);
    g_x = Σ over the copies: g viewed as (r_0, n_0, r_1, n_1, …), summed over the r axes."""
    linear = True
    def impl(xp, x, *, reps): return xp.tile(x, reps)
    def vjp_x(g, ans, x, *, reps):
        from .reductions import reduce_sum
        shape = (1,) * (len(reps) - x.ndim) + tuple(x.shape)
        split_shape = sum(((r, n) for r, n in zip(reps, shape)), ())
        summed = reduce_sum(reshape(g, shape=split_shape), axis=tuple(range(0, 2 * len(reps), 2)))
        return reshape(summed, shape=x.shape)
    def batch(xs, batched, *, reps):
        x = pad_rank(xs[0], len(reps))
        return tile(x, reps=(1,) + tuple(reps))


@primitive
class Repeat:
    """ans = each entry of x along `axis` repeated `repeats` times (an int, or a tuple with
    one count per entry), as numpy.repeat;  g_x = the sum of each run of g (segment_sum)."""
    linear = True
    def impl(xp, x, *, repeats, axis): return xp.repeat(x, repeats, axis=axis)
    def vjp_x(g, ans, x, *, repeats, axis):
        from .indexing import segment_sum
        return segment_sum(g, repeats=repeats, axis=axis, size=x.shape[axis])
    def batch(xs, batched, *, repeats, axis): return repeat(xs[0], repeats=repeats, axis=axis + 1)


reshape, broadcast_to, astype, transpose = Reshape, BroadcastTo, Astype, Transpose

from ._batching import batch_size, pad_rank, shift_axes, with_batch  # noqa: E402
concatenate, split, flip, tile, repeat = Concatenate, Split, Flip, Tile, Repeat
