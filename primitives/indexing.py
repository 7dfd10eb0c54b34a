"""Indexing: reading with basic, advanced and boolean indices, and scattering back.

`index` parameters are normalized by funcgrad.numpy: a tuple whose entries are
ints, slices, None, Ellipsis, or integer/boolean arrays (constants).
getitem's adjoint adds g into zeros at the indexed places (scatter-add), which
also handles repeated advanced indices.
"""
from funcgrad.backend import scatter_add_into
from funcgrad.primitive import primitive

__all__ = ["getitem", "scatter_add"]


@primitive
class Getitem:
    """ans = x[index]."""
    linear = True
    def impl(xp, x, *, index): return x[index]
    def vjp_x(g, ans, x, *, index): return scatter_add(g, shape=x.shape, index=index)


@primitive
class ScatterAdd:
    """ans = zeros(shape) with g added at x[index] (repeated indices accumulate)."""
    linear = True
    def impl(xp, g, *, shape, index):
        out = xp.zeros(shape, dtype=g.dtype)
        scatter_add_into(out, index, g)
        return out
    def vjp_g(ct, ans, g, *, shape, index): return getitem(ct, index=index)


getitem, scatter_add = Getitem, ScatterAdd
