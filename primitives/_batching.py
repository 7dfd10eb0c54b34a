"""Helpers for vmap rules (`batch`): every batched value carries its batch axis first.

A rule receives the argument values and a tuple `batched` of flags; it returns the
output with the batch axis first. These helpers line batched and unbatched values up.
"""
from .shape import broadcast_to, reshape

__all__ = ["batch_size", "pad_rank", "with_batch", "shift_axes", "per_example_ndim"]


def batch_size(xs, batched):
    """The batch length: the leading axis of the first batched value."""
    return next(x.shape[0] for x, b in zip(xs, batched) if b)


def per_example_ndim(x, is_batched):
    """x's number of axes for one example (the batch axis left out when batched)."""
    return x.ndim - 1 if is_batched else getattr(x, "ndim", 0)


def pad_rank(x, ndim):
    """Unit axes after the batch axis, so batched x has per-example rank `ndim`."""
    missing = ndim - (x.ndim - 1)
    if missing <= 0:
        return x
    return reshape(x, shape=(x.shape[0],) + (1,) * missing + tuple(x.shape[1:]))


def with_batch(x, is_batched, size):
    """x with a batch axis first: batched values as they are, others broadcast along it."""
    if is_batched:
        return x
    shape = tuple(getattr(x, "shape", ()))
    return broadcast_to(reshape(x, shape=(1,) + shape), shape=(size,) + shape)


def shift_axes(axis, ndim):
    """A reduction's `axis` (None or a tuple) for a value with a batch axis in front."""
    if axis is None:
        return tuple(range(1, ndim + 1))
    if isinstance(axis, int):
        return axis + 1
    return tuple(a + 1 for a in axis)
