"""funcgrad.numpy's shape functions: reshape, transpose and axis moves, squeeze and
expand_dims, broadcasting, joins (concatenate, stack, hstack, vstack) and splits, flips,
tile, repeat and astype, each binding shape primitives. Host constants joined with device
arrays are copied to the device explicitly (`constant_operand`).
"""
import builtins

import numpy as _np

from funcgrad import backend as _backend
from funcgrad.primitive import Boxed, concrete
from funcgrad.primitives import shape as _sh

from ._core import (_as_operand, _lower, _on_device, ndim, normalize_axis, on_device_of, shape,
                    size)

__all__ = ["reshape", "ravel", "transpose", "swapaxes", "moveaxis", "squeeze", "expand_dims",
           "broadcast_to", "concatenate", "stack", "hstack", "vstack", "split", "array_split",
           "flip", "fliplr", "flipud", "tile", "repeat", "astype"]

def _resolve_shape(newshape, total):
    newshape = (newshape,) if isinstance(newshape, (int, _np.integer)) else tuple(int(n) for n in newshape)
    if -1 in newshape:
        known = int(_np.prod([n for n in newshape if n != -1]))
        fill = total // known if known else 0
        newshape = tuple(fill if n == -1 else n for n in newshape)
    if int(_np.prod(newshape)) != total:
        raise ValueError(f"cannot reshape array of size {total} into shape {newshape}")
    return newshape


def reshape(a, newshape=None, order="C", shape=None):
    """Give the array a new shape, as numpy.reshape (newshape or numpy 2's shape=); linear.

    One entry may be -1. Only order='C' is supported (NotImplementedError otherwise).

    See Also
    --------
    numpy.reshape
    """
    target = newshape if newshape is not None else shape
    if order != "C":
        raise NotImplementedError("reshape: only order='C' is supported")
    a = _as_operand(a)
    target = _resolve_shape(target, size(a))
    if target == shape_of(a):
        return a
    return _sh.reshape(a, shape=target)


shape_of = shape


def ravel(a, order="C"):
    """Flatten to 1-D in C order, as numpy.ravel; linear (order='C' only).

    See Also
    --------
    numpy.ravel
    """
    return reshape(a, (-1,), order=order)


def transpose(a, axes=None):
    """Permute the axes (reverse them by default), as numpy.transpose; linear.

    See Also
    --------
    numpy.transpose
    """
    a = _as_operand(a)
    nd = ndim(a)
    axes = tuple(reversed(range(nd))) if axes is None else tuple(int(x) % builtins.max(nd, 1) for x in axes)
    if axes == tuple(range(nd)):
        return a
    return _sh.transpose(a, axes=axes)


def _axis_list(axis, nd, name="axis"):
    """An int or a sequence of ints -> a list of non-negative ints, in the order given."""
    axes = [axis] if isinstance(axis, (int, _np.integer)) else list(axis)
    for ax in axes:
        if not -nd <= ax < nd:
            raise _np.exceptions.AxisError(f"{name} {ax} is out of bounds for array of dimension {nd}")
    out = [int(ax) % nd for ax in axes]
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in `{name}` argument")
    return out


def swapaxes(a, axis1, axis2):
    """Interchange two axes, as numpy.swapaxes; linear.

    See Also
    --------
    numpy.swapaxes
    """
    nd = ndim(a)
    (i,), (j,) = _axis_list(axis1, nd, "axis1"), _axis_list(axis2, nd, "axis2")
    axes = list(range(nd))
    axes[i], axes[j] = j, i
    return transpose(a, axes)


def moveaxis(a, source, destination):
    """Move axes to new positions, as numpy.moveaxis; linear.

    See Also
    --------
    numpy.moveaxis
    """
    nd = ndim(a)
    src, dst = _axis_list(source, nd, "source"), _axis_list(destination, nd, "destination")
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of elements")
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(a, order)


def squeeze(a, axis=None):
    """Remove length-one axes, as numpy.squeeze; linear.

    Naming an axis whose length is not one raises ValueError.

    See Also
    --------
    numpy.squeeze
    """
    s = shape(a)
    if axis is None:
        axes = tuple(i for i, n in enumerate(s) if n == 1)
    else:
        axes = normalize_axis(axis, len(s))
        for i in axes:
            if s[i] != 1:
                raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return reshape(a, tuple(n for i, n in enumerate(s) if i not in axes))


def expand_dims(a, axis):
    """Insert length-one axes at `axis` (an int or a tuple), as numpy.expand_dims; linear.

    See Also
    --------
    numpy.expand_dims
    """
    s = list(shape(a))
    axes = normalize_axis(axis, len(s) + (1 if isinstance(axis, (int, _np.integer)) else len(axis)))
    for ax in axes:
        s.insert(ax, 1)
    return reshape(a, tuple(s))


def broadcast_to(array, shape):
    """Broadcast an array to a shape, as numpy.broadcast_to; linear.

    Its cotangent is summed back to the input's shape.

    See Also
    --------
    numpy.broadcast_to
    """
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if shape_of(array) == shape:
        return array
    return _sh.broadcast_to(array, shape=shape)


def _promote_parts(arrays):
    """Parts of a join that are constants (Python numbers, 0-d numpy values, lists of
    numbers) join the device of the parts that live on one, as the mixing rule promotes
    constants in any op; host arrays of higher rank are left for the op to refuse."""
    if not _backend._active[0]:
        return arrays
    anchor = next((a for a in arrays if _on_device(concrete(a))), None)
    if anchor is None:
        return arrays
    return [on_device_of(a, anchor) if _is_host_constant(a) else a for a in arrays]


def constant_operand(value, like):
    """value as an operand next to `like`: Python numbers and (nested) lists of them are
    constants, made on like's device; anything else is `_as_operand(value)`."""
    if _on_device(concrete(like)) and (_is_number_list(value) or _is_host_constant(value)):
        return on_device_of(_np.asarray(value), like)
    return _as_operand(value)


def _is_number_list(value):
    if isinstance(value, (list, tuple)):
        return builtins.all(_is_number_list(v) or isinstance(v, (int, float, complex))
                            for v in value)
    return False


def _is_host_constant(a):
    if isinstance(a, Boxed):
        return False
    if isinstance(a, (int, float, complex, _np.generic)):
        return True
    return isinstance(a, _np.ndarray) and a.ndim == 0


def concatenate(arrays, axis=0, **unused):
    """Join arrays along an existing axis, as numpy.concatenate (concat is the same); linear.

    axis=None flattens first. Python numbers and 0-d values among the parts join the
    device of the others. out=, dtype= and casting= are accepted and ignored.

    See Also
    --------
    numpy.concatenate
    """
    arrays = _promote_parts([_as_operand(a) for a in arrays])
    if axis is None:
        arrays, axis = [ravel(a) for a in arrays], 0
    return _sh.concatenate(*arrays, axis=int(axis) % ndim(arrays[0]))


def stack(arrays, axis=0, **unused):
    """Join arrays along a new axis, as numpy.stack; linear.

    out=, dtype= and casting= are accepted and ignored.

    See Also
    --------
    numpy.stack
    """
    arrays = _promote_parts([_as_operand(a) for a in arrays])
    return concatenate([expand_dims(a, axis) for a in arrays], axis=axis)


def hstack(tup):
    """Stack arrays in sequence horizontally (column-wise), as numpy.hstack; linear.

    See Also
    --------
    numpy.hstack
    """
    from ._shape import atleast_1d
    arrays = [atleast_1d(a) for a in tup]
    return concatenate(arrays, axis=0 if ndim(arrays[0]) == 1 else 1)


def vstack(tup):
    """Stack arrays in sequence vertically (row-wise), as numpy.vstack; linear.

    See Also
    --------
    numpy.vstack
    """
    from ._shape import atleast_2d
    return concatenate([atleast_2d(a) for a in tup], axis=0)


def split(ary, indices_or_sections, axis=0):
    """Split an array into a list of sub-arrays, as numpy.split; linear.

    An int that does not divide the axis raises ValueError (use array_split).

    See Also
    --------
    numpy.split
    """
    n = shape(ary)[axis]
    if isinstance(indices_or_sections, (int, _np.integer)):
        if n % indices_or_sections:
            raise ValueError("array split does not result in an equal division")
        step = n // indices_or_sections
        indices = tuple(range(step, n, step))
    else:
        indices = tuple(int(i) for i in indices_or_sections)
    return list(_sh.split(ary, indices=indices, axis=axis % ndim(ary)))


def array_split(ary, indices_or_sections, axis=0):
    """Split an array into nearly equal parts, as numpy.array_split; linear.

    See Also
    --------
    numpy.array_split
    """
    n = shape(ary)[axis]
    if isinstance(indices_or_sections, (int, _np.integer)):
        k = int(indices_or_sections)
        sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)
        indices = tuple(_np.cumsum(sizes)[:-1].tolist())
        return split(ary, indices, axis)
    return split(ary, indices_or_sections, axis)


def flip(m, axis=None):
    """Reverse the order of entries along `axis` (all axes by default), as numpy.flip; linear.

    See Also
    --------
    numpy.flip
    """
    return _sh.flip(m, axis=normalize_axis(axis, ndim(m)))


def fliplr(m):
    """Reverse the order of columns (axis 1), as numpy.fliplr; linear.

    See Also
    --------
    numpy.fliplr
    """
    return flip(m, 1)


def flipud(m):
    """Reverse the order of rows (axis 0), as numpy.flipud; linear.

    See Also
    --------
    numpy.flipud
    """
    return flip(m, 0)


def tile(A, reps):
    """Repeat an array reps times along each axis, as numpy.tile; linear.

    See Also
    --------
    numpy.tile
    """
    reps = (int(reps),) if isinstance(reps, (int, _np.integer)) else tuple(int(r) for r in reps)
    A = _as_operand(A)
    reps = (1,) * (ndim(A) - len(reps)) + reps
    return _sh.tile(A, reps=reps)


def repeat(a, repeats, axis=None):
    """Repeat each entry `repeats` times along `axis`, as numpy.repeat; linear.

    repeats (an int or one count per entry) is a constant; a negative count or a
    mismatched length raises ValueError.

    See Also
    --------
    numpy.repeat
    """
    a = _as_operand(a)
    if axis is None:
        a, axis = ravel(a), 0
    axis = int(axis) % builtins.max(ndim(a), 1)
    counts = _backend.to_host(_lower(repeats)).astype(_np.intp, casting="same_kind")
    if counts.ndim == 1 and counts.size == 1:
        counts = counts.reshape(())
    if (counts < 0).any():
        raise ValueError("repeat: negative dimensions are not allowed")
    if counts.ndim == 0:
        return _sh.repeat(a, repeats=int(counts), axis=axis)
    if counts.shape != (shape(a)[axis],):
        raise ValueError(f"repeat: operands could not be broadcast together with shape "
                         f"{(shape(a)[axis],)} and repeats of shape {counts.shape}")
    return _sh.repeat(a, repeats=tuple(counts.tolist()), axis=axis)


def astype(x, dtype, copy=True):
    """Cast to a dtype, as ndarray.astype / numpy.astype.

    Differentiable between float and complex dtypes (cotangents are cast back to x's
    dtype); a cast to an integer or bool dtype gives a constant. The same dtype returns x
    itself; copy is accepted and ignored.

    See Also
    --------
    numpy.astype
    """
    dtype = _np.dtype(dtype)
    if getattr(x, "dtype", None) == dtype:
        return x
    return _sh.astype(x, dtype=dtype)
