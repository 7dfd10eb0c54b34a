"""Which array library holds a value: numpy on the CPU, cupy on NVIDIA GPUs.

This is the only engine module that names numpy or cupy. Primitives receive the
array module as their `xp` argument and never import either library themselves.
cupy is never imported here: if the user has not imported it, no value can be a
cupy array, so the lookup costs one dictionary access.
"""
import sys

import numpy

__all__ = ["array_module", "numpy", "is_array", "default_float"]


def array_module(values):
    """The array module (numpy or cupy) for the arrays among `values`."""
    cupy = sys.modules.get("cupy")
    if cupy is not None:
        for v in values:
            if isinstance(v, cupy.ndarray):
                return cupy
    return numpy


def is_array(value):
    """True for an ndarray of either backend or a numpy scalar."""
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        return True
    cupy = sys.modules.get("cupy")
    return cupy is not None and isinstance(value, cupy.ndarray)


def default_float():
    """numpy's default float dtype, used for Python scalars."""
    return numpy.float64


def _has_array_index(index):
    return any(not isinstance(i, (int, slice, type(None), type(Ellipsis))) for i in index)


def scatter_add_into(out, index, values):
    """out[index] += values, accumulating where an advanced index repeats a place."""
    index = index if isinstance(index, tuple) else (index,)
    if not _has_array_index(index):
        out[index] += values
        return
    if isinstance(out, numpy.ndarray):
        numpy.add.at(out, index, values)
        return
    import cupyx
    cupyx.scatter_add(out, index, values)
