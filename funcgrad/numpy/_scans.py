"""funcgrad.numpy's scans, differences and statistics beyond the plain reductions.

cumprod is a primitive (exact with zeros at every order); the rest are composites of
primitives: diff and trapezoid read shifted slices, average and the nan-ignoring
reductions mask with `where` (so the derivative at a nan position is zero), and
median/quantile/percentile sort and read the selected entries, interpolating with
constant weights: the derivative flows to the one or two order statistics used.
"""
import builtins

import numpy as _np

from funcgrad.primitives import arithmetic as _ar
from funcgrad.primitives import reductions as _rd

from ._core import (_as_operand, _axis_list, _inexact, astype, broadcast_to, ceil,
                    constant_operand, on_device_of,
                    concatenate, cumsum, floor, getitem, max, mean, min, minimum, ndim,
                    normalize_axis, prod, ravel, reshape, rint, shape, size, sqrt, sum,
                    transpose)
from ._select import checkable_value, dtype_of, sort, static_value, take_along_axis
from ._values import all as _all
from ._values import count_nonzero, isnan

__all__ = [
    "cumprod", "cumulative_sum", "cumulative_prod", "nancumsum", "nancumprod", "diff",
    "ediff1d", "trapezoid", "average", "ptp", "nansum", "nanprod", "nanmean", "nanvar",
    "nanstd", "nanmax", "nanmin", "median", "quantile", "percentile", "nanmedian",
    "nanquantile", "nanpercentile", "gradient", "unwrap",
]

_NO_VALUE = object()


def _scan_operand(a, axis, dtype):
    a = _as_operand(a)
    if dtype is not None:
        a = astype(a, dtype)
    if axis is None:
        return ravel(a), 0
    return a, normalize_axis(axis, ndim(a))[0]


def cumprod(a, axis=None, dtype=None, out=None):
    """Cumulative product along `axis`, as numpy.cumprod; differentiable.

    Over the flattened array when axis is None; exact with zeros.

    See Also
    --------
    numpy.cumprod
    """
    if out is not None:
        raise NotImplementedError("cumprod: out= is not supported; use the returned array")
    a, axis = _scan_operand(a, axis, dtype)
    return _rd.cumprod(a, axis=axis)


def _cumulative(scan, identity, x, axis, dtype, include_initial, name):
    x = _as_operand(x)
    if axis is None:
        if ndim(x) > 1:
            raise ValueError(f"{name}: axis must be specified for an array of more than 1 dimension")
        axis = 0
    out = scan(x, axis=axis, dtype=dtype)
    if not include_initial:
        return out
    axis = normalize_axis(axis, ndim(x))[0]
    s = list(shape(out))
    s[axis] = 1
    first = on_device_of(_np.full(tuple(s), identity, dtype=getattr(out, "dtype", None)), out)
    return concatenate([first, out], axis=axis)


def cumulative_sum(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """Cumulative sum, as numpy.cumulative_sum (include_initial starts with 0); linear.

    See Also
    --------
    numpy.cumulative_sum
    """
    return _cumulative(cumsum, 0, x, axis, dtype, include_initial, "cumulative_sum")


def cumulative_prod(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """Cumulative product, as numpy.cumulative_prod (include_initial starts with 1); differentiable.

    See Also
    --------
    numpy.cumulative_prod
    """
    return _cumulative(cumprod, 1, x, axis, dtype, include_initial, "cumulative_prod")


def _nan_to(a, value):
    """a with its nans replaced by the constant `value` (zero derivative there)."""
    a = _as_operand(a)
    if dtype_of(a).kind not in "fc":
        return a
    return _ar.where(isnan(a), value, a)


def nancumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum treating NaNs as 0, as numpy.nancumsum; linear.

    See Also
    --------
    numpy.nancumsum
    """
    return cumsum(_nan_to(a, 0), axis=axis, dtype=dtype)


def nancumprod(a, axis=None, dtype=None, out=None):
    """Cumulative product treating NaNs as 1, as numpy.nancumprod; differentiable.

    See Also
    --------
    numpy.nancumprod
    """
    return cumprod(_nan_to(a, 1), axis=axis, dtype=dtype)


# ---- differences and integrals -----------------------------------------------------

def _edge(value, a, axis):
    """prepend/append as numpy takes them: a scalar becomes one slab along `axis` (on a's
    device)."""
    value = _as_operand(value)
    if ndim(value) == 0:
        value = on_device_of(value, a) if not hasattr(value, "shape") else value
        s = list(shape(a))
        s[axis] = 1
        return broadcast_to(value, tuple(s))
    return value


def diff(a, n=1, axis=-1, prepend=_NO_VALUE, append=_NO_VALUE):
    """n-th discrete difference along `axis`, as numpy.diff; linear.

    out_i = a_{i+1} - a_i along `axis`, n times (booleans: a_{i+1} != a_i).

    See Also
    --------
    numpy.diff
    """
    if n == 0:
        return a
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n!r}")
    a = _as_operand(a)
    if ndim(a) == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = normalize_axis(axis, ndim(a))[0]
    parts = [a]
    if prepend is not _NO_VALUE:
        parts.insert(0, _edge(prepend, a, axis))
    if append is not _NO_VALUE:
        parts.append(_edge(append, a, axis))
    if len(parts) > 1:
        a = concatenate(parts, axis=axis)
    lead = (slice(None),) * axis
    boolean = getattr(a, "dtype", None) == _np.bool_
    for _ in range(n):
        later, earlier = getitem(a, lead + (slice(1, None),)), getitem(a, lead + (slice(None, -1),))
        a = _ar.not_equal(later, earlier) if boolean else later - earlier
    return a


def ediff1d(ary, to_end=None, to_begin=None):
    """Differences of consecutive entries of the flattened array, as numpy.ediff1d; linear.

    The differences of the flattened array, with optional ends.

    See Also
    --------
    numpy.ediff1d
    """
    d = diff(ravel(_as_operand(ary)))
    parts = [d]
    if to_begin is not None:
        parts.insert(0, astype(ravel(constant_operand(to_begin, d)), dtype_of(d)))
    if to_end is not None:
        parts.append(astype(ravel(constant_operand(to_end, d)), dtype_of(d)))
    return concatenate(parts) if len(parts) > 1 else d


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integrate by the trapezoidal rule along `axis`, as numpy.trapezoid.

    Σ_i (x_{i+1} - x_i)·(y_{i+1} + y_i)/2 along `axis`;
    differentiable in y, in the sample points x and in dx.

    See Also
    --------
    numpy.trapezoid
    """
    y = _as_operand(y)
    nd = ndim(y)
    axis = normalize_axis(axis, nd)[0]
    if x is None:
        d = dx
    else:
        x = _as_operand(x)
        if ndim(x) == 1:
            d = diff(x)
            s = [1] * nd
            s[axis] = shape(d)[0]
            d = reshape(d, tuple(s))
        else:
            d = diff(x, axis=axis)
    lead = (slice(None),) * axis
    upper, lower = getitem(y, lead + (slice(1, None),)), getitem(y, lead + (slice(None, -1),))
    return sum(d * (upper + lower) / 2.0, axis=axis)


def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    """Weighted average over `axis`, as numpy.average.

    Σ a·w / Σ w over `axis`; differentiable in a and in the weights.

    See Also
    --------
    numpy.average
    """
    a = _as_operand(a)
    if weights is None:
        avg = mean(a, axis=axis, keepdims=keepdims)
        scl = _np.asarray(size(a) / builtins.max(size(avg), 1), dtype=getattr(avg, "dtype", float))[()]
        scl = on_device_of(scl, avg)
    else:
        w = _as_operand(weights)
        kind = dtype_of(a)
        wkind = dtype_of(w)
        dtype = _np.result_type(kind, wkind, "f8") if kind.kind in "biu" else _np.result_type(kind, wkind)
        if shape(a) != shape(w):
            if axis is None:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            axes = _axis_list(axis, ndim(a))
            if shape(w) != tuple(shape(a)[ax] for ax in axes):
                raise ValueError("Shape of weights must be consistent with shape of a along "
                                 "specified axis.")
            w = transpose(w, tuple(_np.argsort(axes)))
            w = reshape(w, tuple(s if ax in axes else 1 for ax, s in enumerate(shape(a))))
        scl = sum(w, axis=axis, dtype=dtype, keepdims=keepdims)
        if _np.any(checkable_value(scl) == 0.0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = sum(astype(a, dtype) * astype(w, dtype), axis=axis, keepdims=keepdims) / scl
    if returned:
        if shape(scl) != shape(avg):
            scl = broadcast_to(scl, shape(avg))
        return avg, scl
    return avg


def ptp(a, axis=None, out=None, keepdims=False):
    """Range (max - min) over `axis`, as numpy.ptp; differentiable.

    max - min over `axis` (tied extrema share the derivative).

    See Also
    --------
    numpy.ptp
    """
    return max(a, axis=axis, out=out, keepdims=keepdims) - min(a, axis=axis, keepdims=keepdims)


# ---- nan-ignoring reductions ----------------------------------------------------------

def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """Sum treating NaNs as 0, as numpy.nansum; differentiable.

    NaNs count as 0 (and get a zero derivative).

    See Also
    --------
    numpy.nansum
    """
    return sum(_nan_to(a, 0), axis=axis, dtype=dtype, out=out, keepdims=keepdims,
               initial=initial, where=where)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """Product treating NaNs as 1, as numpy.nanprod; differentiable.

    NaNs count as 1 (and get a zero derivative).

    See Also
    --------
    numpy.nanprod
    """
    return prod(_nan_to(a, 1), axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                initial=initial, where=where)


def _count_valid(a, axis, keepdims):
    return count_nonzero(_ar.logical_not(isnan(a)), axis=axis, keepdims=keepdims)


def _all_nan(a, axis, keepdims):
    return _all(isnan(a), axis=axis, keepdims=keepdims)


def _nan_extreme(reduce, fill, a, axis, out, keepdims, initial, where):
    a = _as_operand(a)
    if dtype_of(a).kind not in "fc":
        return reduce(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)
    top = reduce(_nan_to(a, fill), axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)
    return _ar.where(_all_nan(a, axis, keepdims), _np.nan, top)


def nanmax(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    """Maximum ignoring NaNs, as numpy.nanmax; differentiable.

    The max ignoring nans (nan for an all-nan slice).

    See Also
    --------
    numpy.nanmax
    """
    return _nan_extreme(max, -_np.inf, a, axis, out, keepdims, initial, where)


def nanmin(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    """Minimum ignoring NaNs, as numpy.nanmin; differentiable.

    The min ignoring nans (nan for an all-nan slice).

    See Also
    --------
    numpy.nanmin
    """
    return _nan_extreme(min, _np.inf, a, axis, out, keepdims, initial, where)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Mean ignoring NaNs, as numpy.nanmean; differentiable.

    Σ non-nan a / #non-nan (nan for an all-nan slice).

    See Also
    --------
    numpy.nanmean
    """
    if where is not True:
        raise NotImplementedError("nanmean: where= is not supported yet")
    a = _inexact(a, dtype)
    with _np.errstate(invalid="ignore", divide="ignore"):
        return nansum(a, axis=axis, keepdims=keepdims) / _count_valid(a, axis, keepdims)


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
           mean=None, correction=None):
    """Variance ignoring NaNs, as numpy.nanvar; differentiable.

    Σ (a - nanmean)² over non-nan entries / (#non-nan - ddof).

    See Also
    --------
    numpy.nanvar
    """
    if where is not True or mean is not None:
        raise NotImplementedError("nanvar: where= and mean= are not supported yet")
    ddof = ddof if correction is None else correction
    a = _inexact(a, dtype)
    centered = _nan_to(a - nanmean(a, axis=axis, keepdims=True), 0)
    dof = _ar.maximum(_count_valid(a, axis, keepdims) - ddof, 0)
    with _np.errstate(invalid="ignore", divide="ignore"):
        return sum(centered * centered, axis=axis, keepdims=keepdims) / dof


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
           mean=None, correction=None):
    """Standard deviation ignoring NaNs, as numpy.nanstd; differentiable (√nanvar).

    See Also
    --------
    numpy.nanstd
    """
    return sqrt(nanvar(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                       correction=correction))


# ---- order statistics ---------------------------------------------------------------

def _virtual_index(method, q, count):
    """(lo, hi, gamma): the quantile is s[lo] + (s[hi] - s[lo])·gamma, numpy's methods."""
    vi = q * (count - 1)
    if method == "linear":
        lo = floor(vi)
        return lo, minimum(lo + 1, count - 1), vi - lo
    if method == "lower":
        lo = floor(vi)
    elif method == "higher":
        lo = ceil(vi)
    elif method == "nearest":
        lo = rint(vi)
    elif method == "midpoint":
        lo, hi = floor(vi), ceil(vi)
        return lo, hi, _np.float64(0.5)
    else:
        raise NotImplementedError(f"quantile: method {method!r} is not supported (use linear, "
                                  f"lower, higher, nearest or midpoint)")
    return lo, lo, _np.float64(0.0)


def _as_index(v):
    v = _ar.maximum(v, 0)
    return astype(v, _np.intp)


def _gather_last(s, index, q_ndim):
    """s[..., index] along the last axis, index shaped q.shape + s.shape[:-1]."""
    s = reshape(s, (1,) * q_ndim + shape(s))
    return getitem(take_along_axis(s, reshape(index, shape(index) + (1,)), -1), (Ellipsis, 0))


def _lerp(a, b, t):
    """numpy's lerp: a + (b - a)·t, or b - (b - a)·(1 - t) from t = 1/2 on (exact at t = 1)."""
    d = b - a
    return _ar.where(_ar.greater_equal(t, 0.5), b - d * (1 - t), a + d * t)


def _quantile(a, q, axis, method, keepdims, ignore_nan, name):
    a = _inexact(a, None)
    q_value = static_value(q, f"{name}: q")
    qa = _np.asarray(q_value, dtype=_np.float64)
    if not _np.all((qa >= 0) & (qa <= 1)):
        raise ValueError("Quantiles must be in the range [0, 1]")
    if method in ("lower", "higher", "nearest"):
        dtype = a.dtype                 # entries of a, as numpy returns them
    else:
        dtype = _np.result_type(a.dtype, q_value if not isinstance(q_value, (list, tuple)) else qa)
    a = astype(a, dtype)
    nd = ndim(a)
    axes = normalize_axis(axis, nd) or ()
    axes = tuple(range(nd)) if axis is None else axes
    kept = tuple(i for i in range(nd) if i not in axes)
    rows = transpose(a, kept + axes)
    n = int(_np.prod([shape(a)[i] for i in axes]))
    rows = reshape(rows, tuple(shape(a)[i] for i in kept) + (n,))
    s = sort(rows, axis=-1)
    qb = on_device_of(qa.reshape(qa.shape + (1,) * len(kept)), a)
    count = _count_valid(rows, (ndim(rows) - 1,), False) if ignore_nan else n
    lo, hi, gamma = _virtual_index(method, qb, count)
    first = _gather_last(s, _as_index(lo), qa.ndim)
    out = first if hi is lo else _lerp(first, _gather_last(s, _as_index(hi), qa.ndim),
                                       astype(gamma, dtype))
    if ignore_nan:
        out = _ar.where(_ar.equal(count, 0), _np.nan, out)
    else:
        out = _ar.where(isnan(getitem(s, (Ellipsis, -1))), _np.nan, out)
    if keepdims:
        out = reshape(out, qa.shape + tuple(1 if i in axes else n_ for i, n_ in enumerate(shape(a))))
    return out[()] if isinstance(out, _np.ndarray) and out.ndim == 0 else out


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None):
    """q-th quantile over `axis`, as numpy.quantile; differentiable in a.

    Methods linear, lower, higher, nearest and midpoint; the derivative flows to the
    order statistics it interpolates, with weights 1 - γ and γ.

    See Also
    --------
    numpy.quantile
    """
    if out is not None or weights is not None:
        raise NotImplementedError("quantile: out= and weights= are not supported")
    return _quantile(_as_operand(a), q, axis, method, keepdims, False, "quantile")


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None):
    """q-th percentile over `axis`, as numpy.percentile; differentiable in a.

    Quantile at q/100.

    See Also
    --------
    numpy.percentile
    """
    return quantile(a, _np.true_divide(static_value(q, "percentile: q"), 100), axis, out,
                    overwrite_input, method, keepdims, weights=weights)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Median over `axis`, as numpy.median; differentiable.

    The middle order statistic, or the mean of the middle two.

    See Also
    --------
    numpy.median
    """
    return quantile(a, 0.5, axis, out, overwrite_input, "midpoint", keepdims)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=False, *, weights=None):
    """q-th quantile ignoring NaNs, as numpy.nanquantile; differentiable in a.

    Quantile of the non-nan entries (nan for an all-nan slice).

    See Also
    --------
    numpy.nanquantile
    """
    if out is not None or weights is not None:
        raise NotImplementedError("nanquantile: out= and weights= are not supported")
    return _quantile(_as_operand(a), q, axis, method, keepdims, True, "nanquantile")


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=False, *, weights=None):
    """q-th percentile ignoring NaNs, as numpy.nanpercentile; differentiable in a.

    nanquantile at q/100.

    See Also
    --------
    numpy.nanpercentile
    """
    return nanquantile(a, _np.true_divide(static_value(q, "nanpercentile: q"), 100), axis, out,
                       overwrite_input, method, keepdims, weights=weights)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Median ignoring NaNs, as numpy.nanmedian; differentiable.

    The median of the non-nan entries.

    See Also
    --------
    numpy.nanmedian
    """
    return nanquantile(a, 0.5, axis, out, overwrite_input, "midpoint", keepdims)


# ---- numerical derivatives and phase unwrapping ------------------------------------------

def _slab(f, axis, start, stop):
    return getitem(f, (slice(None),) * axis + (slice(start, stop),))


def _edge_slab(f, axis, coefs, at_end):
    """Σ c_k f_k over the first (or last) three entries along axis, as a one-entry slab."""
    n = shape(f)[axis]
    total = 0.0
    for k, c in enumerate(coefs):
        i = n - 1 - k if at_end else k
        total = total + c * _slab(f, axis, i, i + 1)
    return total


def _gradient_axis(f, axis, h, edge_order):
    n = shape(f)[axis]
    if n < edge_order + 1:
        raise ValueError("Shape of array too small to calculate a numerical gradient, at least "
                         "(edge_order + 1) elements are required.")
    if ndim(h) == 0:      # uniform spacing
        interior = (_slab(f, axis, 2, None) - _slab(f, axis, 0, -2)) / (2.0 * h)
        if edge_order == 1:
            first = (_slab(f, axis, 1, 2) - _slab(f, axis, 0, 1)) / h
            last = (_slab(f, axis, n - 1, n) - _slab(f, axis, n - 2, n - 1)) / h
        else:
            first = _edge_slab(f, axis, (-1.5 / h, 2.0 / h, -0.5 / h), False)
            last = _edge_slab(f, axis, (1.5 / h, -2.0 / h, 0.5 / h), True)
    else:                     # the spacings between coordinates, numpy's second-order formulas
        dx1, dx2 = h[:-1], h[1:]
        shape_ = [1] * ndim(f)
        shape_[axis] = -1
        a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape_)
        b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape_)
        c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape_)
        interior = a * _slab(f, axis, 0, -2) + b * _slab(f, axis, 1, -1) + c * _slab(f, axis, 2, None)
        if edge_order == 1:
            first = (_slab(f, axis, 1, 2) - _slab(f, axis, 0, 1)) / h[0]
            last = (_slab(f, axis, n - 1, n) - _slab(f, axis, n - 2, n - 1)) / h[-1]
        else:
            d1, d2 = h[0], h[1]
            first = _edge_slab(f, axis, (-(2.0 * d1 + d2) / (d1 * (d1 + d2)), (d1 + d2) / (d1 * d2),
                                         -d1 / (d2 * (d1 + d2))), False)
            d1, d2 = h[-2], h[-1]
            last = _edge_slab(f, axis, ((2.0 * d2 + d1) / (d2 * (d1 + d2)), -(d2 + d1) / (d1 * d2),
                                        d2 / (d1 * (d1 + d2))), True)
    return concatenate([first, interior, last], axis=axis)


def gradient(f, *varargs, axis=None, edge_order=1):
    """Numerical gradient by finite differences, as numpy.gradient.

    Central differences inside, one-sided (edge_order 1 or 2) at the ends;
    linear in f.  Spacings are constants: scalars or coordinate arrays per axis.

    See Also
    --------
    numpy.gradient
    """
    f = _inexact(f, None)
    nd = ndim(f)
    axes = tuple(range(nd)) if axis is None else _axis_list(axis, nd)
    if edge_order not in (1, 2):
        raise ValueError("'edge_order' greater than 2 not supported")
    spacing = [static_value(v, "gradient: spacing") for v in varargs]
    if not spacing:
        spacing = [1.0] * len(axes)
    elif len(spacing) == 1 and _np.ndim(spacing[0]) == 0:
        spacing = spacing * len(axes)
    elif len(spacing) != len(axes):
        raise TypeError("invalid number of arguments")
    out = []
    for ax, h in zip(axes, spacing):
        if _np.ndim(h) != 0:
            d = _np.diff(_np.asarray(h, dtype=_np.float64))
            h = d[0] if d.size and (d == d[0]).all() else on_device_of(d, f)
        out.append(astype(_gradient_axis(f, ax, h, edge_order), dtype_of(f)))
    return out[0] if len(out) == 1 else tuple(out)


def unwrap(p, discont=None, axis=-1, *, period=2 * _np.pi):
    """Unwrap a phase by removing jumps larger than `discont`, as numpy.unwrap.

    p plus multiples of `period` that remove jumps larger than `discont`.
    The added multiples are piecewise constant: the derivative is the identity.

    See Also
    --------
    numpy.unwrap
    """
    from ._core import stop_gradient
    p = _inexact(p, None)
    axis = normalize_axis(axis, ndim(p))[0]
    dd = diff(stop_gradient(p), axis=axis)
    discont = period / 2 if discont is None else discont
    low = -period / 2
    ddmod = _ar.remainder(dd - low, period) + low
    ddmod = _ar.where(_ar.logical_and(_ar.equal(ddmod, low), _ar.greater(dd, 0)), period / 2, ddmod)
    correction = _ar.where(_ar.less(_ar.absolute(dd), discont), 0.0, ddmod - dd)
    lead = _slab(p, axis, 0, 1) * 0.0
    return p + concatenate([lead, cumsum(correction, axis=axis)], axis=axis)
