"""funcgrad.numpy's rearrangements and array construction beyond the basic shape functions.

Rearrangements that only move entries (roll, pad's edge/reflect/symmetric/wrap modes,
insert, delete, resize, rollaxis) are computed once by numpy on an array of *labels*
(each entry's flat index): the labels it returns say where every output entry comes
from, and one gather reads them from the traced array. That reproduces numpy's
semantics exactly, and the derivative is that gather's (a scatter-add back).
pad's other modes are linear maps along one axis at a time (linear_ramp, mean, odd
reflections) or order statistics of a window (maximum, minimum, median).

Construction from traced values: meshgrid, linspace/logspace/geomspace with traced
end points, full with a traced fill value, the stacking functions.
"""
import operator
import warnings
from builtins import max as builtins_max

import numpy as _np

from funcgrad.primitive import Boxed
from funcgrad.primitives import arithmetic as _ar
from funcgrad.primitives import products as _pr

from ._core import (constant_operand, on_device_of, plain_function, xp_of, _as_operand, asarray, astype, broadcast_to, concatenate, exp,
                    expand_dims, flip, getitem, log, max, min, moveaxis, ndim,
                    normalize_axis, power, ravel, reshape, shape, size, split, stack,
                    transpose, vstack, where)
from ._select import checkable_value, dtype_of, static_value

__all__ = [
    "atleast_1d", "atleast_2d", "atleast_3d", "dstack", "column_stack", "row_stack",
    "pad", "roll", "rot90", "rollaxis", "insert", "delete", "append", "resize",
    "broadcast_arrays", "meshgrid", "linspace", "logspace", "geomspace", "arange", "full",
    "identity", "tri", "copy", "concat", "permute_dims", "unstack", "asanyarray",
    "ascontiguousarray", "asfortranarray", "asarray_chkfinite", "block", "hsplit", "vsplit",
    "dsplit", "apply_along_axis", "apply_over_axes", "trim_zeros",
]


def _relabel(x, rearrange):
    """x rearranged as `rearrange` rearranges a plain array: numpy moves the labels
    (flat indices) of x's entries, and one gather reads x at the moved labels."""
    labels = rearrange(_np.arange(size(x)).reshape(shape(x)))
    return getitem(ravel(x), (labels,))


# ---- dimensions and stacking ----------------------------------------------------------

def _one_or_tuple(arrays):
    return arrays[0] if len(arrays) == 1 else tuple(arrays)


def atleast_1d(*arys):
    """Inputs as arrays with at least one axis, as numpy.atleast_1d; linear.

    0-d becomes (1,).

    See Also
    --------
    numpy.atleast_1d
    """
    out = [_as_operand(a) for a in arys]
    return _one_or_tuple([reshape(a, (1,)) if ndim(a) == 0 else a for a in out])


def atleast_2d(*arys):
    """Inputs as arrays with at least two axes, as numpy.atleast_2d; linear.

    (n,) becomes (1, n); 0-d becomes (1, 1).

    See Also
    --------
    numpy.atleast_2d
    """
    out = [_as_operand(a) for a in arys]
    return _one_or_tuple([reshape(a, (1,) * (2 - ndim(a)) + shape(a)) if ndim(a) < 2 else a
                          for a in out])


def _three_d(a):
    if ndim(a) == 0:
        return reshape(a, (1, 1, 1))
    if ndim(a) == 1:
        return reshape(a, (1,) + shape(a) + (1,))
    if ndim(a) == 2:
        return reshape(a, shape(a) + (1,))
    return a


def atleast_3d(*arys):
    """Inputs as arrays with at least three axes, as numpy.atleast_3d; linear.

    (n,) becomes (1, n, 1), (m, n) becomes (m, n, 1).

    See Also
    --------
    numpy.atleast_3d
    """
    return _one_or_tuple([_three_d(_as_operand(a)) for a in arys])


def dstack(tup):
    """Stack arrays along the third axis, as numpy.dstack; linear.

    Stacked along the third axis (after atleast_3d).

    See Also
    --------
    numpy.dstack
    """
    return concatenate([_three_d(_as_operand(a)) for a in tup], axis=2)


def column_stack(tup):
    """Stack 1-D arrays as columns, as numpy.column_stack; linear.

    1-D arrays become columns; stacked along axis 1.

    See Also
    --------
    numpy.column_stack
    """
    arrays = []
    for a in tup:
        a = _as_operand(a)
        arrays.append(reshape(a, (-1, 1)) if ndim(a) < 2 else a)
    return concatenate(arrays, axis=1)


def row_stack(tup, *, dtype=None, casting="same_kind"):
    """Stack arrays row-wise, as numpy.row_stack (deprecated by numpy: vstack); linear.

    See Also
    --------
    numpy.row_stack
    """
    warnings.warn("`row_stack` alias is deprecated. Use `np.vstack` directly.",
                  DeprecationWarning, stacklevel=2)
    return vstack(tup)


concat = concatenate


def permute_dims(a, /, axes=None):
    """Permute the axes, as numpy.permute_dims (the array-API transpose); linear.

    See Also
    --------
    numpy.permute_dims
    """
    return transpose(a, axes)


def unstack(x, /, *, axis=0):
    """Split into the slices along `axis`, as numpy.unstack; linear.

    The slices along `axis`, as a tuple.

    See Also
    --------
    numpy.unstack
    """
    x = moveaxis(_as_operand(x), axis, 0)
    return tuple(getitem(x, (i,)) for i in range(shape(x)[0]))


def broadcast_arrays(*args, subok=False):
    """Broadcast arrays against each other, as numpy.broadcast_arrays; linear.

    Every argument broadcast to the common shape (a tuple).

    See Also
    --------
    numpy.broadcast_arrays
    """
    args = [_as_operand(a) for a in args]
    common = _np.broadcast_shapes(*(shape(a) for a in args))
    return tuple(broadcast_to(a, common) for a in args)


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """Coordinate matrices from coordinate vectors, as numpy.meshgrid; linear.

    Coordinate arrays from coordinate vectors (indexing 'xy' or 'ij').

    See Also
    --------
    numpy.meshgrid
    """
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    n = len(xi)
    ones = (1,) * n
    out = [reshape(_as_operand(x), ones[:i] + (-1,) + ones[i + 1:]) for i, x in enumerate(xi)]
    if indexing == "xy" and n > 1:
        out[0] = reshape(out[0], (1, -1) + ones[2:])
        out[1] = reshape(out[1], (-1, 1) + ones[2:])
    return tuple(out) if sparse else broadcast_arrays(*out)


def copy(a, order="K", subok=False):
    """Array copy of the input, as numpy.copy; the identity for derivatives.

    A traced value is immutable, so it is its own copy.

    See Also
    --------
    numpy.copy
    """
    a = _as_operand(a)
    if isinstance(a, Boxed):
        return a
    if xp_of(a) is not _np:
        return xp_of(a).copy(a, order=order)
    return _np.copy(a, order=order, subok=subok)


def asanyarray(a, dtype=None, order=None, **kwargs):
    """Convert to an array, as numpy.asanyarray (funcgrad has no array subclasses).

    See Also
    --------
    numpy.asanyarray
    """
    return asarray(a, dtype=dtype)


ascontiguousarray = asfortranarray = asanyarray


def asarray_chkfinite(a, dtype=None, order=None):
    """Convert to an array, refusing infs and NaNs, as numpy.asarray_chkfinite.

    See Also
    --------
    numpy.asarray_chkfinite
    """
    a = asarray(a, dtype=dtype)
    if not _np.isfinite(checkable_value(a)).all():
        raise ValueError("array must not contain infs or NaNs")
    return a


def _block_depth(x):
    if isinstance(x, list):
        if not x:
            raise ValueError("Lists cannot be empty")
        depths = {_block_depth(p)[0] for p in x}
        if len(depths) != 1:
            raise ValueError("List depths are mismatched")
        return depths.pop() + 1, builtins_max(_block_depth(p)[1] for p in x)
    if isinstance(x, tuple):
        raise TypeError("numpy.block does not accept tuples; use lists")
    return 0, ndim(_as_operand(x))


def _first_leaf(arrays):
    """The first leaf of nested lists that is not a Python number (None if all are)."""
    if isinstance(arrays, list):
        return next((leaf for leaf in map(_first_leaf, arrays) if leaf is not None), None)
    return None if isinstance(arrays, (int, float, complex)) else arrays


def block(arrays):
    """Assemble an array from nested lists of blocks, as numpy.block; linear.

    Nested lists joined innermost along the last axis, outward along earlier ones.

    See Also
    --------
    numpy.block
    """
    depth, deepest = _block_depth(arrays)
    nd = builtins_max(depth, deepest)
    anchor = _first_leaf(arrays)

    def join(x, level):
        if isinstance(x, list):
            return concatenate([join(p, level + 1) for p in x], axis=-(depth - level))
        x = constant_operand(x, anchor) if anchor is not None else _as_operand(x)
        return reshape(x, (1,) * (nd - ndim(x)) + shape(x))
    return join(arrays, 0)


def hsplit(ary, indices_or_sections):
    """Split horizontally (column-wise), as numpy.hsplit; linear.

    Split along axis 1 (axis 0 for 1-D arrays).

    See Also
    --------
    numpy.hsplit
    """
    if ndim(ary) == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if ndim(ary) > 1 else 0)


def vsplit(ary, indices_or_sections):
    """Split vertically (row-wise), as numpy.vsplit; linear.

    Split along axis 0 (at least 2-D).

    See Also
    --------
    numpy.vsplit
    """
    if ndim(ary) < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    """Split along the third axis, as numpy.dsplit; linear.

    Split along axis 2 (at least 3-D).

    See Also
    --------
    numpy.dsplit
    """
    if ndim(ary) < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(ary, indices_or_sections, 2)


def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """Apply a function to 1-D slices along `axis`, as numpy.apply_along_axis.

    func1d on every 1-D slice along `axis` (a Python loop, so
    func1d may be any differentiable function); its result's axes replace `axis`.

    See Also
    --------
    numpy.apply_along_axis
    """
    arr = _as_operand(arr)
    nd = ndim(arr)
    axis = normalize_axis(axis, nd)[0]
    moved = moveaxis(arr, axis, -1)
    rest = shape(moved)[:-1]
    outs = [_as_operand(func1d(getitem(moved, idx), *args, **kwargs)) for idx in _np.ndindex(*rest)]
    res_shape = shape(outs[0])
    out = reshape(stack(outs), rest + res_shape)
    k = len(res_shape)
    order = list(range(axis)) + list(range(len(rest), len(rest) + k)) + list(range(axis, len(rest)))
    return transpose(out, order)


def apply_over_axes(func, a, axes):
    """Apply a function repeatedly over several axes, as numpy.apply_over_axes.

    val = func(val, axis) for each axis, keeping the rank.

    See Also
    --------
    numpy.apply_over_axes
    """
    val = _as_operand(a)
    nd = ndim(val)
    for axis in _np.atleast_1d(axes):
        axis = int(axis) + nd if axis < 0 else int(axis)
        res = func(val, axis)
        if ndim(res) != ndim(val):
            res = expand_dims(res, axis)
            if ndim(res) != ndim(val):
                raise ValueError("function is not returning an array of the correct shape")
        val = res
    return val


def trim_zeros(filt, trim="fb", axis=None):
    """Trim leading and/or trailing zeros of a 1-D array, as numpy.trim_zeros.

    Leading ('f') and trailing ('b') zeros removed (a slice chosen from
    the values, so the entries kept carry their derivatives).

    See Also
    --------
    numpy.trim_zeros
    """
    filt = _as_operand(filt)
    if not _traced(filt):
        return plain_function("trim_zeros", filt)(filt, trim) if axis is None else _np.trim_zeros(filt, trim, axis)
    if ndim(filt) != 1 or axis not in (None, 0, -1):
        raise NotImplementedError("trim_zeros of traced values: 1-D only")
    nz = _np.nonzero(static_value(filt, "trim_zeros: filt"))[0]
    if nz.size == 0:
        return getitem(filt, (slice(0, 0),))
    start = int(nz[0]) if "f" in trim.lower() else 0
    stop = int(nz[-1]) + 1 if "b" in trim.lower() else shape(filt)[0]
    return getitem(filt, (slice(start, stop),))


# ---- rearrangements by labels ---------------------------------------------------------

def _traced(*xs):
    return any(isinstance(x, Boxed) for x in xs)


def roll(a, shift, axis=None):
    """Roll entries cyclically along `axis`, as numpy.roll; linear.

    Entries shifted cyclically along `axis` (the flattened array if None).

    See Also
    --------
    numpy.roll
    """
    a = _as_operand(a)
    shift = static_value(shift, "roll: shift")
    if not _traced(a):
        return plain_function("roll", a)(a, shift, axis)
    return _relabel(a, lambda labels: _np.roll(labels, shift, axis))


def rollaxis(a, axis, start=0):
    """Roll an axis backwards to a position, as numpy.rollaxis; linear.

    Axis `axis` moved to position `start`.

    See Also
    --------
    numpy.rollaxis
    """
    a = _as_operand(a)
    if not _traced(a):
        return plain_function("rollaxis", a)(a, axis, start)
    sizes = _np.broadcast_to(0, tuple(range(1, ndim(a) + 1)))   # axis i has size i + 1
    order = _np.rollaxis(sizes, axis, start).shape
    return transpose(a, tuple(n - 1 for n in order))


def delete(arr, obj, axis=None):
    """Remove entries or slices, as numpy.delete; linear.

    The entries (or slices along `axis`) at obj removed.

    See Also
    --------
    numpy.delete
    """
    arr = _as_operand(arr)
    obj = static_value(obj, "delete: obj")
    if not _traced(arr):
        return plain_function("delete", arr)(arr, obj, axis)
    return _relabel(arr, lambda labels: _np.delete(labels, obj, axis))


def insert(arr, obj, values, axis=None):
    """Insert values before the given indices, as numpy.insert.

    Values inserted before the given indices; differentiable in both
    (the labels of values follow numpy's broadcasting of values).

    See Also
    --------
    numpy.insert
    """
    arr, values = _as_operand(arr), _as_operand(values)
    obj = static_value(obj, "insert: obj")
    if not _traced(arr, values):
        return plain_function("insert", arr, values)(arr, obj, values, axis)
    dtype = dtype_of(arr)
    n_arr = size(arr)
    arr_labels = _np.arange(n_arr).reshape(shape(arr))
    value_labels = n_arr + _np.arange(size(values)).reshape(shape(values))
    labels = _np.insert(arr_labels, obj, value_labels, axis)
    pool = concatenate([ravel(arr), ravel(astype(values, dtype))])
    return getitem(pool, (labels,))


def append(arr, values, axis=None):
    """Append values to the end of an array, as numpy.append; linear.

    Concatenate (flattened when axis is None).

    See Also
    --------
    numpy.append
    """
    arr, values = _as_operand(arr), _as_operand(values)
    if axis is None:
        return concatenate([ravel(arr), ravel(values)])
    return concatenate([arr, values], axis=axis)


def resize(a, new_shape):
    """A new array of a shape, repeating the entries cyclically, as numpy.resize; linear.

    The flattened entries repeated cyclically to fill `new_shape`.

    See Also
    --------
    numpy.resize
    """
    a = _as_operand(a)
    if not _traced(a):
        return plain_function("resize", a)(a, new_shape)
    return _relabel(a, lambda labels: _np.resize(labels, new_shape))


def rot90(m, k=1, axes=(0, 1)):
    """Rotate by 90 degrees in the plane of `axes`, as numpy.rot90; linear.

    Rotation by 90° k times in the plane of `axes` (flips and a transpose).

    See Also
    --------
    numpy.rot90
    """
    m = _as_operand(m)
    axes = tuple(axes)
    nd = ndim(m)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == nd:
        raise ValueError("Axes must be different.")
    if not all(-nd <= ax < nd for ax in axes):
        raise ValueError(f"Axes={axes} out of range for array of ndim={nd}.")
    k %= 4
    if k == 0:
        return m
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    order = list(range(nd))
    order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
    if k == 1:
        return transpose(flip(m, axes[1]), order)
    return flip(transpose(m, order), axes[1])


# ---- pad --------------------------------------------------------------------------------

_PAD_KEYWORDS = {"constant": {"constant_values"}, "edge": set(), "wrap": set(),
                 "reflect": {"reflect_type"}, "symmetric": {"reflect_type"},
                 "linear_ramp": {"end_values"}, "maximum": {"stat_length"},
                 "mean": {"stat_length"}, "median": {"stat_length"},
                 "minimum": {"stat_length"}, "empty": set()}


def _pairs(value, nd, as_index=False):
    pairs = _np.asarray(value)
    if as_index:
        pairs = _np.round(pairs).astype(_np.intp)
        if (pairs < 0).any():
            raise ValueError("index can't contain negative values")
    return _np.broadcast_to(pairs, (nd, 2))


def pad(array, pad_width, mode="constant", **kwargs):
    """Pad an array, as numpy.pad.

    Every built-in mode; linear in the array (and in constant values given as
    constants), with zero derivative for entries a mode does not read.

    See Also
    --------
    numpy.pad
    """
    array = _as_operand(array)
    if callable(mode) or not _traced(array):
        return plain_function("pad", array)(array, pad_width, mode, **kwargs)
    if mode not in _PAD_KEYWORDS:
        raise ValueError(f"mode '{mode}' is not supported")
    unsupported = set(kwargs) - _PAD_KEYWORDS[mode]
    if unsupported:
        raise ValueError(f"unsupported keyword arguments for mode '{mode}': {unsupported}")
    kwargs = {k: static_value(v, f"pad: {k}") for k, v in kwargs.items()}
    nd = ndim(array)
    widths = _pairs(pad_width, nd, as_index=True)
    if mode in ("constant", "empty"):
        return _pad_constant(array, widths, kwargs.get("constant_values", 0))
    if mode in ("edge", "wrap") or kwargs.get("reflect_type", "even") == "even" and \
            mode in ("reflect", "symmetric"):
        return _relabel(array, lambda labels: _np.pad(labels, widths, mode, **kwargs))
    for axis in range(nd):
        if widths[axis].any():
            array = _pad_axis(array, axis, tuple(widths[axis]), mode, kwargs, nd)
    return array


def _pad_constant(array, widths, values):
    """Entries read by label inside, constants (numpy's corner order) outside."""
    dtype = array.dtype
    labels = _np.pad(_np.arange(size(array)).reshape(shape(array)), widths, "constant",
                     constant_values=-1)
    fill = _np.pad(_np.zeros(shape(array), dtype=dtype), widths, "constant",
                   constant_values=values)
    inside = labels >= 0
    gathered = getitem(ravel(array), (_np.where(inside, labels, 0),))
    return where(on_device_of(inside, array), gathered, on_device_of(fill, array))


def _pad_axis(x, axis, width, mode, kwargs, nd):
    if mode in ("maximum", "minimum", "median"):
        return _pad_stat(x, axis, width, mode, kwargs.get("stat_length"), nd)
    n = shape(x)[axis]
    kw = dict(kwargs)
    if mode == "linear_ramp":
        kw["end_values"] = 0
    elif kwargs.get("stat_length") is not None:
        kw["stat_length"] = tuple(_pairs(kwargs["stat_length"], nd, True)[axis])
    coef = on_device_of(_np.pad(_np.eye(n), [tuple(width), (0, 0)], mode, **kw).astype(x.dtype), x)
    letters = "abcdefghijklmnopqrstuvwxy"[:ndim(x)]
    out = letters.replace(letters[axis], "z")
    y = _pr.einsum(coef, x, subscripts=f"z{letters[axis]},{letters}->{out}")
    if mode == "linear_ramp":
        ends = _pairs(kwargs.get("end_values", 0), nd)[axis]
        ramp = _np.pad(_np.zeros(n, dtype=x.dtype), [tuple(width)], mode, end_values=tuple(ends))
        y = y + on_device_of(ramp.reshape((1,) * axis + (-1,) + (1,) * (ndim(x) - axis - 1)), x)
    return y


def _pad_stat(x, axis, width, mode, stat_length, nd):
    """numpy's stat modes: each side filled with the statistic of its first or last
    `stat_length` entries along `axis` (all of them if None)."""
    from ._scans import median
    reduce = {"maximum": max, "minimum": min, "median": median}[mode]
    n = shape(x)[axis]
    lengths = (None, None) if stat_length is None else tuple(_pairs(stat_length, nd, True)[axis])
    left, right = (n if ln is None or ln > n else int(ln) for ln in lengths)
    if (left == 0 or right == 0) and mode in ("maximum", "minimum"):
        raise ValueError("stat_length of 0 yields no value for padding")
    lead = (slice(None),) * axis
    stat_l = reduce(getitem(x, lead + (slice(0, left),)), axis=axis, keepdims=True)
    stat_r = reduce(getitem(x, lead + (slice(n - right, n),)), axis=axis, keepdims=True)
    parts = [x]
    for stat, w, at in ((stat_l, width[0], 0), (stat_r, width[1], 1)):
        if w:
            s = list(shape(x))
            s[axis] = w
            parts.insert(0 if at == 0 else len(parts), broadcast_to(stat, tuple(s)))
    return concatenate(parts, axis=axis)


# ---- construction -------------------------------------------------------------------

def _result_type(*xs):
    """numpy's result type with Python scalars weak (NEP 50)."""
    return _np.result_type(*(x.dtype if hasattr(x, "dtype") else x for x in xs))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):
    """Evenly spaced numbers over an interval, as numpy.linspace.

    Differentiable in start and stop (num is static):
    y_i = start + i·(stop - start)/div, the last one exactly stop when endpoint.

    See Also
    --------
    numpy.linspace
    """
    start, stop = _as_operand(start), _as_operand(stop)
    if not _traced(start, stop):
        return plain_function("linspace", start, stop)(start, stop, num, endpoint, retstep, dtype, axis)
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    div = (num - 1) if endpoint else num
    dt = _result_type(start, stop)
    dt = dt if dt.kind in "fc" else _np.dtype(_np.float64)
    start, stop = astype(start, dt), astype(stop, dt)
    delta = stop - start
    extra = (1,) * ndim(delta)
    steps = on_device_of(_np.arange(num, dtype=dt).reshape((-1,) + extra), delta)
    step = delta / div if div > 0 else _np.nan
    y = steps * step if div > 0 else steps * delta
    y = y + start
    if endpoint and num > 1:
        last = reshape(broadcast_to(constant_operand(stop, y), shape(delta)), (1,) + shape(delta))
        y = concatenate([getitem(y, (slice(0, -1),)), broadcast_to(last, (1,) + shape(y)[1:])])
    if axis != 0:
        y = moveaxis(y, 0, axis)
    if dtype is not None:
        y = astype(y, dtype)
    return (y, step) if retstep else y


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """Numbers spaced evenly on a log scale, as numpy.logspace.

    base ** linspace(start, stop); differentiable in start, stop, base.

    See Also
    --------
    numpy.logspace
    """
    start, stop, base = _as_operand(start), _as_operand(stop), _as_operand(base)
    if not _traced(start, stop, base):
        return plain_function("logspace", start, stop, base)(start, stop, num, endpoint, base, dtype, axis)
    y = linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    base = expand_dims(base, axis) if ndim(base) else base
    y = power(base, y)
    return astype(y, dtype) if dtype is not None else y


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Numbers spaced evenly on a log scale from their end points, as numpy.geomspace.

    For real end points of one sign: exp(linspace(log|start|, log|stop|)), with the
    first and last entries exactly start and stop.

    See Also
    --------
    numpy.geomspace
    """
    start, stop = _as_operand(start), _as_operand(stop)
    if not _traced(start, stop):
        return plain_function("geomspace", start, stop)(start, stop, num, endpoint, dtype, axis)
    if dtype_of(start).kind == "c" or dtype_of(stop).kind == "c" or ndim(start) or ndim(stop):
        raise NotImplementedError("geomspace: traced end points must be real scalars")
    if any((checkable_value(v) == 0).any() for v in (start, stop)):
        raise ValueError("Geometric sequence cannot include zero")
    wide = _np.result_type(dtype_of(start), dtype_of(stop), _np.float64)
    start, stop = astype(start, wide), astype(stop, wide)
    sign = _ar.sign(start)
    y = exp(linspace(log(start * sign), log(stop * sign), num=num, endpoint=endpoint)) * sign
    parts = [reshape(start, (1,)), getitem(y, (slice(1, -1 if endpoint else None),))]
    if endpoint and num > 1:
        parts.append(reshape(stop, (1,)))
    y = concatenate(parts) if num > 1 else reshape(start, (1,))[:num]
    return astype(y, dtype) if dtype is not None else y


def arange(*args, **kwargs):
    """Evenly spaced values in an interval, as numpy.arange; not differentiable (static bounds).

    See Also
    --------
    numpy.arange
    """
    return _np.arange(*(static_value(a, "arange") for a in args),
                      **{k: static_value(v, "arange") for k, v in kwargs.items()})


def full(shape, fill_value, dtype=None, order="C", *, device=None, like=None):
    """Array of a shape filled with a value, as numpy.full.

    A traced fill value is broadcast, so the result is differentiable in it.

    See Also
    --------
    numpy.full
    """
    if not _traced(fill_value):
        return plain_function("full", fill_value)(shape, fill_value, dtype=dtype, order=order)
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    value = astype(fill_value, dtype) if dtype is not None else fill_value
    return broadcast_to(value, shape)


identity, tri = _np.identity, _np.tri
