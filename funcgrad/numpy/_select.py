"""funcgrad.numpy's selection functions: sorting, reading entries by index, and numpy's
in-place writers.

Differentiable selections read entries by index (sort, take, take_along_axis, choose,
select, compress, extract, put_along_axis with inplace=False): the derivative follows
the entries to where they land; argsort and argpartition give plain integer results.
The functions of positions and properties of values (argmax, unique, isnan, all...)
live in `_values`.
"""
import builtins
import functools

import numpy as _np

from funcgrad import backend as _backend
from funcgrad.primitive import Boxed, concrete
from funcgrad.primitives import arithmetic as _ar
from funcgrad.primitives import indexing as _ix
from funcgrad.primitives import selection as _sel

from ._core import (_on_device, on_device_of, plain_function, _as_operand, _lower_tree, astype, broadcast_to, getitem,
                    ndim, normalize_axis, ravel, reshape, shape, stack, where)

__all__ = [
    "sort", "argsort", "partition", "argpartition", "take_along_axis", "take",
    "put_along_axis", "choose", "select", "compress", "extract", "put", "place", "putmask",
    "fill_diagonal",
]


def static_value(x, what):
    """The plain value of an argument that must be a constant (an index, a mask, q).

    A value batched by vmap differs per example, which a constant cannot express: refuse it.
    """
    v = x
    while isinstance(v, Boxed):
        if type(v).__name__ == "BatchTracer":
            raise NotImplementedError(f"funcgrad.numpy: {what} must be the same for every "
                                      f"example under vmap")
        v = v.value if hasattr(v, "value") else v._data      # a Tensor's array, where it lives
    return _backend.to_host(v) if _on_device(v) else v


def checkable_value(x):
    """x's plain value for an argument check, or an empty array when vmap batches x
    (the check cannot be made per example; numpy's error is then not raised)."""
    v = x
    while isinstance(v, Boxed):
        if type(v).__name__ == "BatchTracer":
            return _np.zeros(0)
        v = v.value if hasattr(v, "value") else v._data      # a Tensor's array, where it lives
    return _backend.to_host(v)      # an explicit copy of a device array, for the check


def dtype_of(x):
    """x's dtype (numpy's for Python scalars and lists)."""
    return x.dtype if hasattr(x, "dtype") else _np.asarray(x).dtype


def _plain(np_func):
    """numpy's `np_func` on plain values: for functions whose results carry no derivative
    and have no primitive (their shapes depend on the values). Not under vmap."""
    @functools.wraps(np_func)
    def run(*args, **kwargs):
        for a in list(args) + list(kwargs.values()):
            _check_static(a, np_func.__name__)
        return np_func(*_lower_tree(args), **_lower_tree(kwargs))
    return run


def _check_static(a, what):
    if isinstance(a, (list, tuple)):
        for x in a:
            _check_static(x, what)
    else:
        static_value(a, what)


def _int_axis(axis, nd):
    return normalize_axis(axis, nd)[0]


# ---- sorting ----------------------------------------------------------------------

def _stable(kind, stable):
    return bool(stable) or kind in ("stable", "mergesort")


def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """Indices that sort along `axis`, as numpy.argsort; not differentiable.

    NaN sorts last, as in numpy.

    See Also
    --------
    numpy.argsort
    """
    if order is not None:
        raise NotImplementedError("argsort: order= (structured arrays) is not supported")
    a = _as_operand(a)
    if axis is None:
        a, axis = ravel(a), 0
    if ndim(a) == 0:
        return _np.argsort(static_value(a, "argsort of a 0-d value"))
    return _sel.argsort(a, axis=_int_axis(axis, ndim(a)), stable=_stable(kind, stable))


def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """Sorted copy along `axis`, as numpy.sort; differentiable.

    The derivative follows the entries to their sorted places.

    See Also
    --------
    numpy.sort
    """
    a = _as_operand(a)
    if not isinstance(a, Boxed):
        return plain_function("sort", a)(a, axis=axis, kind=kind, order=order, stable=stable)
    if axis is None:
        a, axis = ravel(a), -1
    return take_along_axis(a, argsort(a, axis=axis, kind=kind, stable=stable), axis)


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """Partitioned copy around kth, as numpy.partition; differentiable.

    The sorted array, which is one valid partition for every kth
    (numpy leaves the order inside each part unspecified).

    See Also
    --------
    numpy.partition
    """
    return sort(a, axis=axis)


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    """Indices that partition around kth, as numpy.argpartition; not differentiable.

    The sorting permutation (a valid answer for every kth).

    See Also
    --------
    numpy.argpartition
    """
    return argsort(a, axis=axis)


# ---- reading by index ---------------------------------------------------------------

def _indices(indices):
    """Integer indices: a traced value (it may differ per example) or a plain array."""
    if isinstance(indices, Boxed):
        return indices
    indices = indices if _on_device(indices) else _np.asarray(indices)
    if indices.dtype.kind not in "iu":
        raise IndexError("`indices` must be an integer array")
    return indices


def take_along_axis(arr, indices, axis=-1):
    """Gather values by matching 1-D index slices, as numpy.take_along_axis; differentiable in arr.

    arr and indices broadcast off `axis`, indices may be traced.

    See Also
    --------
    numpy.take_along_axis
    """
    arr, indices = _as_operand(arr), _indices(indices)
    if not isinstance(indices, Boxed) and _on_device(concrete(arr)):
        indices = on_device_of(indices, arr)   # index arrays may be given on the host
    if axis is None:
        if ndim(indices) != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        arr, axis = ravel(arr), 0
    nd = ndim(arr)
    if ndim(indices) != nd:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    axis = _int_axis(axis, nd)
    sa, si = list(shape(arr)), list(shape(indices))
    sa[axis] = si[axis] = 1
    common = list(_np.broadcast_shapes(tuple(sa), tuple(si)))
    arr = broadcast_to(arr, tuple(common[:axis] + [shape(arr)[axis]] + common[axis + 1:]))
    indices = broadcast_to(indices, tuple(common[:axis] + [shape(indices)[axis]] + common[axis + 1:]))
    return _sel.take_along_axis(arr, indices, axis=axis)


def _wrap_mode(indices, n, mode, err=IndexError):
    if mode == "wrap":
        return indices % n
    if mode == "clip":
        if isinstance(indices, Boxed):
            return _ar.clip(indices, 0, n - 1)
        return plain_function("clip", indices)(indices, 0, n - 1)
    if mode != "raise":
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    if not isinstance(indices, Boxed) and indices.size and (indices.min() < -n or indices.max() >= n):
        raise err(f"index {int(indices.max() if indices.max() >= n else indices.min())} is out "
                  f"of bounds for axis with size {n}")
    return indices


def take(a, indices, axis=None, out=None, mode="raise"):
    """Take entries along `axis` by index, as numpy.take; differentiable in a.

    Traced indices read through take_along_axis.

    See Also
    --------
    numpy.take
    """
    if out is not None:
        raise NotImplementedError("take: out= is not supported; use the returned array")
    a, indices = _as_operand(a), _indices(indices)
    if axis is None:
        a, axis = ravel(a), 0
    axis = _int_axis(axis, ndim(a))
    n = shape(a)[axis]
    indices = _wrap_mode(indices, n, mode)
    if not isinstance(indices, Boxed):
        return getitem(a, (slice(None),) * axis + (indices,))
    pre, post, k = shape(a)[:axis], shape(a)[axis + 1:], ndim(indices)
    a_r = reshape(a, pre + (n,) + (1,) * builtins.max(k - 1, 0) + post)
    i_r = reshape(indices, (1,) * len(pre) + (shape(indices) or (1,)) + (1,) * len(post))
    got = take_along_axis(a_r, i_r, axis)
    return got if k else reshape(got, pre + post)


def _along_axis_index(arr_shape, indices, axis):
    nd = len(arr_shape)
    return tuple(indices if i == axis else
                 _np.arange(n).reshape((1,) * i + (n,) + (1,) * (nd - i - 1))
                 for i, n in enumerate(arr_shape))


def _last_writes(flat_ids):
    """A mask of the entries of `flat_ids` that are the last to name their place."""
    ids = flat_ids.ravel()
    _, first_from_end = _np.unique(ids[::-1], return_index=True)
    keep = _np.zeros(ids.size, dtype=bool)
    keep[ids.size - 1 - first_from_end] = True
    return keep.reshape(flat_ids.shape)


def put_along_axis(arr, indices, values, axis, inplace=True):
    """Write values at matching 1-D index slices, as numpy.put_along_axis.

    With inplace=False (as in JAX) it returns a new array instead
    and is differentiable in arr and values: out = arr with values written at the indices,
    the last write winning where indices repeat (as numpy).

    See Also
    --------
    numpy.put_along_axis
    """
    if inplace:
        if isinstance(arr, Boxed) or isinstance(values, Boxed):
            raise TypeError("put_along_axis: a traced array cannot be modified in place; use "
                            "out = funcgrad.numpy.put_along_axis(arr, indices, values, axis, "
                            "inplace=False)")
        return plain_function("put_along_axis", arr)(arr, indices, values, axis)
    arr = _as_operand(arr)
    indices = _np.asarray(static_value(indices, "put_along_axis: indices"))
    if axis is None:
        return reshape(put_along_axis(ravel(arr), indices, values, 0, inplace=False), shape(arr))
    axis = _int_axis(axis, ndim(arr))
    index = list(_np.broadcast_arrays(*_along_axis_index(shape(arr), indices, axis)))
    n = shape(arr)[axis]
    index[axis] = index[axis] % n
    ids = _np.ravel_multi_index(tuple(index), shape(arr))
    written = _np.zeros(shape(arr), dtype=bool)
    written.flat[ids.ravel()] = True
    values = broadcast_to(_as_operand(values), ids.shape)
    values = where(on_device_of(_last_writes(ids), arr), values, 0)
    if getattr(values, "dtype", None) != getattr(arr, "dtype", None):
        values = astype(values, arr.dtype)
    placed = _ix.scatter_add(values, shape=shape(arr), index=tuple(index))
    return where(on_device_of(written, arr), placed, arr)


def choose(a, choices, out=None, mode="raise"):
    """Build an array from an index array and a list of choices, as numpy.choose.

    out = choices[a] entrywise (all broadcast); differentiable in the choices.

    See Also
    --------
    numpy.choose
    """
    if out is not None:
        raise NotImplementedError("choose: out= is not supported; use the returned array")
    choices = [_as_operand(c) for c in (choices if isinstance(choices, (list, tuple)) else
                                       [getitem(choices, i) for i in range(len(choices))])]
    a = a if isinstance(a, Boxed) or _on_device(a) else _np.asarray(a)
    common = _np.broadcast_shapes(shape(a), *(shape(c) for c in choices))
    a = _wrap_mode(a, len(choices), mode, err=ValueError)
    stacked = stack([broadcast_to(c, common) for c in choices])
    index = reshape(broadcast_to(a, common), (1,) + tuple(common))
    return reshape(take_along_axis(stacked, index, 0), common)


def select(condlist, choicelist, default=0):
    """Pick from choicelist by the first true condition, as numpy.select.

    The first true condition picks its choice; differentiable in the choices.

    See Also
    --------
    numpy.select
    """
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if not condlist:
        raise ValueError("select with an empty condition list is not possible")
    for cond in condlist:
        if dtype_of(cond) != bool:
            raise TypeError("invalid entry in condlist: should be boolean ndarray")
    out = _as_operand(default)
    for cond, choice in zip(reversed(condlist), reversed(choicelist)):
        out = where(cond, _as_operand(choice), out)
    common = _np.broadcast_shapes(*(shape(x) for x in list(condlist) + list(choicelist)),
                                  shape(default))
    return broadcast_to(out, common)


def compress(condition, a, axis=None, out=None):
    """Slices of a along `axis` where condition holds, as numpy.compress; differentiable in a.

    The slices of a along `axis` where condition (a constant) is true.

    See Also
    --------
    numpy.compress
    """
    cond = _np.asarray(static_value(condition, "compress: condition"))
    if cond.ndim != 1:
        raise ValueError("condition must be a 1-d array")
    a = _as_operand(a)
    if axis is None:
        a, axis = ravel(a), 0
    axis = _int_axis(axis, ndim(a))
    keep = _np.nonzero(cond)[0]
    if keep.size and keep[-1] >= shape(a)[axis]:
        raise IndexError(f"index {keep[-1]} is out of bounds for axis {axis} with size {shape(a)[axis]}")
    return getitem(a, (slice(None),) * axis + (keep,))


def extract(condition, arr):
    """Entries of arr where condition holds, flattened, as numpy.extract; differentiable in arr.

    ravel(arr)[ravel(condition) != 0] (condition a constant).

    See Also
    --------
    numpy.extract
    """
    cond = _np.ravel(static_value(condition, "extract: condition"))
    return getitem(ravel(_as_operand(arr)), (_np.nonzero(cond)[0],))


# ---- numpy's in-place writers: numpy's behaviour on plain arrays, inplace=False returns ----

def _in_place(name, inplace, *values):
    if inplace and builtins.any(isinstance(v, Boxed) for v in values):
        raise TypeError(f"{name}: a traced array cannot be modified in place; use "
                        f"out = funcgrad.numpy.{name}(..., inplace=False)")
    return inplace


def _write_flat(arr, positions, values):
    """arr with arr.flat[positions[i]] = values.flat[i mod len] (the last write to a place
    wins, as numpy's); differentiable in arr and values."""
    arr, values = _as_operand(arr), ravel(_as_operand(values))
    positions = _np.asarray(positions, dtype=_np.intp).ravel()
    if positions.size == 0:
        return arr
    if size_of(values) == 0:
        raise ValueError("cannot write an empty sequence of values")
    cycled = getitem(values, (_np.arange(positions.size) % size_of(values),))
    if dtype_of(cycled) != dtype_of(arr):
        cycled = astype(cycled, dtype_of(arr))
    flat = ravel(arr)
    written = _np.zeros(size_of(arr), dtype=bool)
    written[positions] = True
    placed = _ix.scatter_add(where(on_device_of(_last_writes(positions), arr), cycled, 0),
                             shape=(size_of(arr),), index=(positions,))
    return reshape(where(on_device_of(written, arr), placed, flat), shape(arr))


def size_of(x):
    return int(_np.prod(shape(x)))


def put(a, ind, v, mode="raise", *, inplace=True):
    """Write values at flat indices, as numpy.put.

    a.flat[ind] = v (v repeated as needed); inplace=False returns the result.

    See Also
    --------
    numpy.put
    """
    if _in_place("put", inplace, a, v):
        return plain_function("put", a)(a, ind, v, mode)
    ind = _wrap_mode(_np.asarray(static_value(ind, "put: ind")), size_of(a), mode)
    return _write_flat(a, _np.asarray(ind) % max(size_of(a), 1), v)


def place(arr, mask, vals, *, inplace=True):
    """Write values where a mask holds, in turn, as numpy.place.

    The entries where mask is true get vals in turn (repeated as needed).

    See Also
    --------
    numpy.place
    """
    if _in_place("place", inplace, arr, vals):
        return plain_function("place", arr)(arr, mask, vals)
    mask = _np.ravel(_np.asarray(static_value(mask, "place: mask"), dtype=bool))
    return _write_flat(arr, _np.nonzero(mask)[0], vals)


def putmask(a, mask, values, *, inplace=True):
    """Write values where a mask holds, by position, as numpy.putmask.

    a.flat[n] = values.flat[n mod len] wherever mask.flat[n].

    See Also
    --------
    numpy.putmask
    """
    if _in_place("putmask", inplace, a, values):
        return plain_function("putmask", a)(a, mask, values)
    a, values = _as_operand(a), ravel(_as_operand(values))
    if size_of(values) == 0:
        raise ValueError("cannot write an empty sequence of values")
    cycled = getitem(values, (_np.arange(size_of(a)) % size_of(values),))
    cycled = reshape(astype(cycled, dtype_of(a)) if dtype_of(cycled) != dtype_of(a) else cycled,
                     shape(a))
    return where(_as_operand(mask), cycled, a)       # the mask may differ per example (vmap)


def fill_diagonal(a, val, wrap=False, *, inplace=True):
    """Set the main diagonal, as numpy.fill_diagonal.

    The main diagonal set to val (repeated as needed).

    See Also
    --------
    numpy.fill_diagonal
    """
    if _in_place("fill_diagonal", inplace, a, val):
        return plain_function("fill_diagonal", a)(a, val, wrap)
    s = shape(a)
    if len(s) < 2:
        raise ValueError("array must be at least 2-d")
    end = None
    if len(s) == 2:
        step = s[1] + 1
        end = None if wrap else s[1] * s[1]
    else:
        if not _np.all(_np.diff(s) == 0):
            raise ValueError("All dimensions of input must be of equal length")
        step = 1 + int(_np.cumprod(s[:-1]).sum())
    return _write_flat(a, _np.arange(size_of(a))[:end:step], val)
