"""funcgrad.numpy's functions of positions and properties of values: argmax, argmin,
searchsorted, digitize, unique, nonzero, isnan and the other predicates, isclose,
allclose, all, any, count_nonzero, bincount; and piecewise, sort_complex, real_if_close.

They accept traced values and return plain integer or boolean results (no derivative);
they bind non-differentiable primitives, so under vmap each example gets its own answer.
piecewise, sort_complex and real_if_close are differentiable compositions.
"""
import builtins

import numpy as _np

from funcgrad.primitive import Boxed
from funcgrad.primitives import arithmetic as _ar
from funcgrad.primitives import creation as _cr
from funcgrad.primitives import indexing as _ix
from funcgrad.primitives import selection as _sel

from ._core import (_as_operand, _on_device, astype, broadcast_to, getitem, ndim,
                    normalize_axis, on_device_of, plain_function, ravel, reshape, shape, stack,
                    where)
from ._select import (_int_axis, _plain, checkable_value, dtype_of, sort, static_value,
                      take)

__all__ = [
    "argmax", "argmin", "nanargmax", "nanargmin", "searchsorted", "digitize", "unique",
    "unique_values", "unique_counts", "unique_inverse", "unique_all", "nonzero", "argwhere",
    "flatnonzero", "isnan", "isinf", "isfinite", "isposinf", "isneginf", "isreal",
    "iscomplex", "isclose", "allclose", "array_equal", "array_equiv", "all", "any",
    "count_nonzero", "bincount", "isin", "lexsort", "histogram", "histogram_bin_edges",
    "piecewise", "sort_complex", "real_if_close",
]

def _arg(prim, name, a, axis, out, keepdims):
    if out is not None:
        raise NotImplementedError(f"{name}: out= is not supported; use the returned array")
    a = _as_operand(a)
    axis = None if axis is None else _int_axis(axis, ndim(a))
    return prim(a, axis=axis, keepdims=bool(keepdims))


def argmax(a, axis=None, out=None, *, keepdims=False):
    """Index of the maximum along `axis`, as numpy.argmax; not differentiable.

    The first maximum's index.

    See Also
    --------
    numpy.argmax
    """
    return _arg(_sel.argmax, "argmax", a, axis, out, keepdims)


def argmin(a, axis=None, out=None, *, keepdims=False):
    """Index of the minimum along `axis`, as numpy.argmin; not differentiable.

    The first minimum's index.

    See Also
    --------
    numpy.argmin
    """
    return _arg(_sel.argmin, "argmin", a, axis, out, keepdims)


def _all_nan_check(a, axis):
    value = checkable_value(a)
    if value.size and _np.any(_np.all(_np.isnan(value), axis=axis)):
        raise ValueError("All-NaN slice encountered")


def nanargmax(a, axis=None, out=None, *, keepdims=False):
    """Index of the maximum ignoring NaNs, as numpy.nanargmax; not differentiable.

    argmax ignoring NaNs (an all-nan slice raises ValueError).

    See Also
    --------
    numpy.nanargmax
    """
    a = _as_operand(a)
    _all_nan_check(a, axis)
    return argmax(where(isnan(a), -_np.inf, a), axis, out, keepdims=keepdims)


def nanargmin(a, axis=None, out=None, *, keepdims=False):
    """Index of the minimum ignoring NaNs, as numpy.nanargmin; not differentiable.

    argmin ignoring NaNs (an all-nan slice raises ValueError).

    See Also
    --------
    numpy.nanargmin
    """
    a = _as_operand(a)
    _all_nan_check(a, axis)
    return argmin(where(isnan(a), _np.inf, a), axis, out, keepdims=keepdims)


def searchsorted(a, v, side="left", sorter=None):
    """Insertion indices keeping a sorted, as numpy.searchsorted; not differentiable.

    a is 1-D, sorted (or sorted by `sorter`).

    See Also
    --------
    numpy.searchsorted
    """
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right' (got {side!r})")
    a = _as_operand(a)
    if ndim(a) != 1:
        raise ValueError("object too deep for desired array")
    if sorter is not None:
        a = take(a, sorter)
    return _sel.searchsorted(a, _as_operand(v), side=side)


def digitize(x, bins, right=False):
    """Bin index of each value, as numpy.digitize; not differentiable.

    The bin of each x for monotonic `bins`.

    See Also
    --------
    numpy.digitize
    """
    b = _np.asarray(static_value(bins, "digitize: bins"))
    if b.ndim != 1:
        raise ValueError("bins must be one-dimensional")
    side = "left" if right else "right"
    step = _np.diff(b)
    if _np.all(step >= 0):
        return searchsorted(b, x, side=side)
    if _np.all(step <= 0):
        return len(b) - searchsorted(b[::-1], x, side=side)
    raise ValueError("bins must be monotonically increasing or decreasing")


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None,
           *, equal_nan=True, sorted=True):
    """Sorted unique entries (and optional indices and counts), as numpy.unique; not differentiable.

    See Also
    --------
    numpy.unique
    """
    ar = _as_operand(ar)
    if not isinstance(ar, Boxed):
        return plain_function("unique", ar)(ar, return_index, return_inverse, return_counts, axis,
                          equal_nan=equal_nan)
    values, index, inverse, counts = _sel.unique(
        ar, axis=None if axis is None else _int_axis(axis, ndim(ar)), equal_nan=equal_nan)
    extra = [x for x, on in ((index, return_index), (inverse, return_inverse),
                             (counts, return_counts)) if on]
    return (values, *extra) if extra else values


unique_values, unique_counts, unique_inverse, unique_all = map(
    _plain, (_np.unique_values, _np.unique_counts, _np.unique_inverse, _np.unique_all))
lexsort, histogram, histogram_bin_edges, isin = map(
    _plain, (_np.lexsort, _np.histogram, _np.histogram_bin_edges, _np.isin))

# what each plain wrapper computes; all share: traced arguments are read as constants,
# the results have no derivative, and vmap refuses them (their shapes depend on values)
_PLAIN_DOCS = {
    unique_values: ("The sorted unique values", "numpy.unique_values"),
    unique_counts: ("The unique values and how often each occurs", "numpy.unique_counts"),
    unique_inverse: ("The unique values and the indices rebuilding the input from them",
                     "numpy.unique_inverse"),
    unique_all: ("The unique values, first indices, inverse indices and counts",
                 "numpy.unique_all"),
    lexsort: ("The indirect stable sort by several keys, last key primary", "numpy.lexsort"),
    histogram: ("The histogram counts (or densities) and the bin edges", "numpy.histogram"),
    histogram_bin_edges: ("The bin edges numpy.histogram would use",
                          "numpy.histogram_bin_edges"),
    isin: ("Whether each element is in test_elements, elementwise", "numpy.isin"),
}
for _fn, (_what, _np_name) in _PLAIN_DOCS.items():
    _fn.__doc__ = (f"{_what}, as {_np_name}, on plain values.\n\nTraced arguments are read as "
                   f"constants and the result has no derivative; under vmap a batched argument "
                   f"raises NotImplementedError.\n\nSee Also\n--------\n{_np_name}\n")
del _fn, _what, _np_name


def nonzero(a):
    """Indices of the nonzero entries, as numpy.nonzero; not differentiable.

    One index array per axis.

    See Also
    --------
    numpy.nonzero
    """
    a = _as_operand(a)
    if ndim(a) == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use "
                         "np.atleast_1d(scalar).nonzero() instead.")
    return tuple(_sel.nonzero(a))


def argwhere(a):
    """Indices of the nonzero entries, one row each, as numpy.argwhere; not differentiable.

    See Also
    --------
    numpy.argwhere
    """
    a = _as_operand(a)
    if not isinstance(a, Boxed):
        return plain_function("argwhere", a)(a)
    if ndim(a) == 0:
        a = reshape(a, (1,))
        return stack(nonzero(a), axis=-1)[:, :0]
    return stack(nonzero(a), axis=-1)


def flatnonzero(a):
    """Indices of the nonzero entries of the flattened array, as numpy.flatnonzero.

    Not differentiable.

    See Also
    --------
    numpy.flatnonzero
    """
    return nonzero(ravel(_as_operand(a)))[0]


# ---- properties of values (non-differentiable) ----------------------------------------

def isnan(x):
    """Test elementwise for NaN, as numpy.isnan; not differentiable (booleans).

    See Also
    --------
    numpy.isnan
    """
    return _sel.isnan(_as_operand(x))


def isinf(x):
    """Test elementwise for ±inf, as numpy.isinf; not differentiable (booleans).

    See Also
    --------
    numpy.isinf
    """
    return _sel.isinf(_as_operand(x))


def isfinite(x):
    """Test elementwise for finiteness, as numpy.isfinite; not differentiable (booleans).

    See Also
    --------
    numpy.isfinite
    """
    return _sel.isfinite(_as_operand(x))


def isposinf(x):
    """Test elementwise for +inf, as numpy.isposinf; not differentiable.

    See Also
    --------
    numpy.isposinf
    """
    x = _as_operand(x)
    return _ar.logical_and(isinf(x), _ar.greater(x, 0))


def isneginf(x):
    """Test elementwise for -inf, as numpy.isneginf; not differentiable.

    See Also
    --------
    numpy.isneginf
    """
    x = _as_operand(x)
    return _ar.logical_and(isinf(x), _ar.less(x, 0))


def isreal(x):
    """Test elementwise for a zero imaginary part, as numpy.isreal; not differentiable.

    See Also
    --------
    numpy.isreal
    """
    from ._core import imag
    x = _as_operand(x)
    if not isinstance(x, Boxed):
        return plain_function("isreal", x)(x)
    if x.dtype.kind != "c":
        return _cr.full_like(x, fill_value=True, dtype=bool)
    return _ar.equal(imag(x), 0)


def iscomplex(x):
    """Test elementwise for a nonzero imaginary part, as numpy.iscomplex; not differentiable.

    See Also
    --------
    numpy.iscomplex
    """
    from ._core import imag
    x = _as_operand(x)
    if not isinstance(x, Boxed):
        return plain_function("iscomplex", x)(x)
    if x.dtype.kind != "c":
        return _cr.full_like(x, fill_value=False, dtype=bool)
    return _ar.not_equal(imag(x), 0)


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise equality within a tolerance, as numpy.isclose; not differentiable.

    See Also
    --------
    numpy.isclose
    """
    return _sel.isclose(_as_operand(a), _as_operand(b), rtol=rtol, atol=atol, equal_nan=equal_nan)


def _truth(x):
    """A Python bool for a plain result; a batched one stays batched (vmap)."""
    return x if isinstance(x, Boxed) else builtins.bool(x)


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether all entries are equal within a tolerance, as numpy.allclose; not differentiable.

    See Also
    --------
    numpy.allclose
    """
    return _truth(all(isclose(a, b, rtol, atol, equal_nan)))


def array_equal(a1, a2, equal_nan=False):
    """Whether two arrays have the same shape and entries, as numpy.array_equal; not differentiable.

    See Also
    --------
    numpy.array_equal
    """
    a1, a2 = _as_operand(a1), _as_operand(a2)
    if shape(a1) != shape(a2):
        return False
    same = _ar.equal(a1, a2)
    if equal_nan:
        same = _ar.logical_or(same, _ar.logical_and(isnan(a1), isnan(a2)))
    return _truth(all(same))


def array_equiv(a1, a2):
    """Whether two arrays are equal after broadcasting, as numpy.array_equiv; not differentiable.

    See Also
    --------
    numpy.array_equiv
    """
    a1, a2 = _as_operand(a1), _as_operand(a2)
    try:
        _np.broadcast_shapes(shape(a1), shape(a2))
    except ValueError:
        return False
    return _truth(all(_ar.equal(a1, a2)))


def _logical_reduce(prim, fill, a, axis, out, keepdims, where):
    if out is not None:
        raise NotImplementedError("out= is not supported; use the returned array")
    a = _as_operand(a)
    if where is not True:
        a = _ar.where(where, a, fill)
    return prim(a, axis=normalize_axis(axis, ndim(a)), keepdims=bool(keepdims))


def all(a, axis=None, out=None, keepdims=False, *, where=True):
    """Whether all entries along `axis` are true, as numpy.all; not differentiable.

    See Also
    --------
    numpy.all
    """
    return _logical_reduce(_sel.reduce_all, True, a, axis, out, keepdims, where)


def any(a, axis=None, out=None, keepdims=False, *, where=True):
    """Whether any entry along `axis` is true, as numpy.any; not differentiable.

    See Also
    --------
    numpy.any
    """
    return _logical_reduce(_sel.reduce_any, False, a, axis, out, keepdims, where)


def count_nonzero(a, axis=None, *, keepdims=False):
    """Number of nonzero entries along `axis`, as numpy.count_nonzero; not differentiable.

    See Also
    --------
    numpy.count_nonzero
    """
    a = _as_operand(a)
    return _sel.count_nonzero(a, axis=normalize_axis(axis, ndim(a)), keepdims=bool(keepdims))


def bincount(x, weights=None, minlength=0):
    """Count occurrences of each non-negative integer, as numpy.bincount.

    Counts (non-differentiable), or the sums of `weights` per bin, which
    are differentiable in the weights (a scatter-add).

    See Also
    --------
    numpy.bincount
    """
    x = _np.asarray(static_value(x, "bincount: x"))
    if weights is None:
        return _np.bincount(x, minlength=minlength)
    weights = _as_operand(weights)
    if not isinstance(weights, Boxed):
        return plain_function("bincount", weights)(on_device_of(x, weights), weights, minlength)
    if x.ndim != 1 or shape(weights) != x.shape:
        raise ValueError("The weights and list don't have the same length.")
    if x.size and x.min() < 0:
        raise ValueError("'list' argument must have no negative elements")
    n = builtins.max(int(x.max()) + 1 if x.size else 0, int(minlength))
    return _ix.scatter_add(astype(weights, _np.float64), shape=(n,), index=(x,))


def piecewise(x, condlist, funclist, *args, **kw):
    """Evaluate a piecewise-defined function, as numpy.piecewise; differentiable through the pieces.

    Each function evaluated on the entries its condition selects (so
    no branch sees values it would not be given), results written in place of zeros.

    See Also
    --------
    numpy.piecewise
    """
    x = _as_operand(x)
    n2 = len(funclist)
    conds = condlist
    if _np.isscalar(conds) or (not isinstance(conds[0], (list, _np.ndarray, Boxed))
                               and not _on_device(conds[0]) and ndim(x) != 0):
        conds = [conds]
    conds = _np.asarray([static_value(c, "piecewise: condlist") for c in conds], dtype=bool)
    if len(conds) == n2 - 1:
        conds = _np.concatenate([conds, ~_np.any(conds, axis=0, keepdims=True)], axis=0)
    elif len(conds) != n2:
        raise ValueError(f"with {len(conds)} condition(s), either {len(conds)} or "
                         f"{len(conds) + 1} functions are expected")
    out = _cr.zeros_like(x) if isinstance(x, Boxed) else plain_function("zeros_like", x)(x)
    for cond, func in zip(conds, funclist):
        cond = _np.broadcast_to(cond, shape(x))
        idx = _np.nonzero(cond)
        cond = on_device_of(cond, x)
        if not callable(func):
            out = where(cond, func, out)
            continue
        if idx[0].size == 0 and ndim(x):
            continue
        vals = func(getitem(x, idx), *args, **kw)
        vals = broadcast_to(astype(_as_operand(vals), dtype_of(x)), idx[0].shape)
        out = where(cond, _ix.scatter_add(vals, shape=shape(x), index=idx), out)
    return out


def sort_complex(a):
    """Sort by real then imaginary part, as numpy.sort_complex (the result is complex).

    See Also
    --------
    numpy.sort_complex
    """
    a = sort(_as_operand(a))
    if dtype_of(a).kind == "c":
        return a
    return astype(a, _np.complex64 if dtype_of(a).char in "bhBH" else _np.complex128)


def real_if_close(a, tol=100):
    """Drop negligible imaginary parts, as numpy.real_if_close.

    The real part when every imaginary part is within tol·eps of 0.

    See Also
    --------
    numpy.real_if_close
    """
    from ._core import real
    a = _as_operand(a)
    if dtype_of(a).kind != "c":
        return a
    eps = _np.finfo(dtype_of(a)).eps * tol if tol > 1 else tol
    if _np.all(_np.absolute(_np.imag(static_value(a, "real_if_close"))) < eps):
        return real(a)
    return a
