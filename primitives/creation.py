"""Primitives that make new arrays from an array's shape and dtype.

Their outputs do not depend on the input's values, so they are constants to
every transform (nondiff); vmap batches them like elementwise ops. `dtype` and
`fill_value` are keyword parameters.
"""
from funcgrad.primitive import primitive

__all__ = ["zeros_like", "ones_like", "full_like"]


@primitive
class ZerosLike:
    """ans = 0 with x's shape (and dtype unless given);  ∂/∂x = 0 (nondiff)."""
    elementwise = True
    nondiff = True
    def impl(xp, x, *, dtype=None): return xp.zeros_like(x, dtype=dtype)


@primitive
class OnesLike:
    """ans = 1 with x's shape (and dtype unless given);  ∂/∂x = 0 (nondiff)."""
    elementwise = True
    nondiff = True
    def impl(xp, x, *, dtype=None): return xp.ones_like(x, dtype=dtype)


@primitive
class FullLike:
    """ans = fill_value with x's shape (and dtype unless given);  ∂/∂x = 0 (nondiff)."""
    elementwise = True
    nondiff = True
    def impl(xp, x, *, fill_value, dtype=None): return xp.full_like(x, fill_value, dtype=dtype)


zeros_like, ones_like, full_like = ZerosLike, OnesLike, FullLike
