"""funcgrad.numpy's products and matrix-structure functions beyond matmul and einsum.

All are composites of primitives: kron and cross multiply reshaped or sliced operands,
vdot/vecdot/matvec/vecmat are einsums, diagonal reads a diagonal with an advanced index
(its adjoint scatters g back onto it), diag builds a matrix by scatter-add, triu/tril
mask with `where`, convolve/correlate gather sliding windows of the padded signal, and
cov/corrcoef/polyval/interp are the formulas numpy uses.
"""
import warnings

import numpy as _np

from funcgrad.primitive import Boxed
from funcgrad.primitives import arithmetic as _ar
from funcgrad.primitives import indexing as _ix
from funcgrad.primitives import products as _pr

from ._core import (on_device_of, plain_function, xp_of, _as_operand, astype, clip, concatenate, conj, getitem, moveaxis,
                    multiply, ndim, normalize_axis, ravel, real, reshape, shape, sqrt, stack,
                    sum, swapaxes, transpose, where)
from ._select import dtype_of, static_value, take
from ._values import searchsorted

__all__ = [
    "kron", "vdot", "vecdot", "matvec", "vecmat", "matrix_transpose", "cross", "trace",
    "diagonal", "diag", "diagflat", "triu", "tril", "convolve", "correlate", "cov",
    "corrcoef", "polyval", "interp",
]


def kron(a, b):
    """Kronecker product, as numpy.kron; differentiable in both operands.

    The Kronecker product, (a ⊗ b)[i·nb + j] = a[i]·b[j] along every axis.

    See Also
    --------
    numpy.kron
    """
    a, b = _as_operand(a), _as_operand(b)
    na, nb = ndim(a), ndim(b)
    if na == 0 or nb == 0:
        return multiply(a, b)
    nd = max(na, nb)
    sa = (1,) * (nd - na) + shape(a)
    sb = (1,) * (nd - nb) + shape(b)
    a = reshape(a, sum_pairs(sa, (1,) * nd))
    b = reshape(b, sum_pairs((1,) * nd, sb))
    return reshape(a * b, tuple(x * y for x, y in zip(sa, sb)))


def sum_pairs(first, second):
    """(f0, s0, f1, s1, ...): axes interleaved."""
    return tuple(v for pair in zip(first, second) for v in pair)


def vdot(a, b):
    """Dot product of the flattened arrays, conjugating the first, as numpy.vdot; differentiable.

    Σ conj(a)·b over the flattened arrays.

    See Also
    --------
    numpy.vdot
    """
    a, b = ravel(_as_operand(a)), ravel(_as_operand(b))
    if shape(a) != shape(b):
        raise ValueError("cannot reshape array: vdot needs arrays of the same size")
    return _pr.einsum(conj(a), b, subscripts="i,i->")


def vecdot(x1, x2, /, *, axis=-1):
    """Vector dot product along `axis`, as numpy.vecdot; differentiable.

    Σ conj(x1)·x2 along `axis`, broadcasting the other axes.

    See Also
    --------
    numpy.vecdot
    """
    x1, x2 = _as_operand(x1), _as_operand(x2)
    return sum(multiply(conj(x1), x2), axis=axis)


def matvec(x1, x2, /):
    """Matrix-vector product, as numpy.matvec; differentiable.

    (..., m, n) @ (..., n) -> (..., m).

    See Also
    --------
    numpy.matvec
    """
    return _einsum("...ij,...j->...i", x1, x2)


def vecmat(x1, x2, /):
    """Vector-matrix product, as numpy.vecmat; differentiable.

    conj(x1) (..., n) @ (..., n, m) -> (..., m).

    See Also
    --------
    numpy.vecmat
    """
    return _einsum("...i,...ij->...j", conj(_as_operand(x1)), x2)


def _einsum(subscripts, *operands):
    from ._core import einsum
    return einsum(subscripts, *operands)


def matrix_transpose(x, /):
    """Transpose of the last two axes, as numpy.matrix_transpose; linear.

    See Also
    --------
    numpy.matrix_transpose
    """
    if ndim(x) < 2:
        raise ValueError(f"Input array must be at least 2-dimensional, but it is {ndim(x)}")
    return swapaxes(x, -1, -2)


def _cross_parts(a, b):
    return [getitem(a, (Ellipsis, i)) for i in range(shape(a)[-1])], \
           [getitem(b, (Ellipsis, i)) for i in range(shape(b)[-1])]


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of vectors along the given axes, as numpy.cross; differentiable.

    For 3-vectors, and numpy's deprecated 2-vector forms.

    See Also
    --------
    numpy.cross
    """
    if axis is not None:
        axisa = axisb = axisc = axis
    a = moveaxis(_as_operand(a), axisa, -1)
    b = moveaxis(_as_operand(b), axisb, -1)
    na, nb = shape(a)[-1], shape(b)[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)")
    if na == 2 or nb == 2:
        warnings.warn("Arrays of 2-dimensional vectors are deprecated. Use arrays of "
                      "3-dimensional vectors instead. (deprecated in NumPy 2.0)",
                      DeprecationWarning, stacklevel=2)
    (a0, a1, *a2), (b0, b1, *b2) = _cross_parts(a, b)
    z = a0 * b1 - a1 * b0
    if na == 2 and nb == 2:
        return z
    if na == 2:
        parts = [a1 * b2[0], -(a0 * b2[0]), z]
    elif nb == 2:
        parts = [-(a2[0] * b1), a2[0] * b0, z]
    else:
        parts = [a1 * b2[0] - a2[0] * b1, a2[0] * b0 - a0 * b2[0], z]
    common = _np.broadcast_shapes(*(shape(p) for p in parts))
    from ._core import broadcast_to
    cp = stack([broadcast_to(p, common) for p in parts], axis=-1)
    return moveaxis(cp, -1, normalize_axis(axisc, len(common) + 1)[0])


# ---- diagonals and triangles ------------------------------------------------------------

def _diagonal_index(n1, n2, offset):
    if offset >= 0:
        length = max(0, min(n1, n2 - offset))
        return _np.arange(length), _np.arange(length) + offset
    length = max(0, min(n1 + offset, n2))
    return _np.arange(length) - offset, _np.arange(length)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """Specified diagonals, as numpy.diagonal; linear.

    a[..., i, i + offset] over axes (axis1, axis2), as the last axis;
    its adjoint puts the cotangent back on that diagonal (scatter-add).

    See Also
    --------
    numpy.diagonal
    """
    a = _as_operand(a)
    nd = ndim(a)
    if nd < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    (i1,), (i2,) = normalize_axis(axis1, nd, "axis1"), normalize_axis(axis2, nd, "axis2")
    if i1 == i2:
        raise ValueError("axis1 and axis2 cannot be the same")
    if not isinstance(a, Boxed):
        return plain_function("diagonal", a)(a, offset, axis1, axis2)
    moved = moveaxis(a, (i1, i2), (-2, -1))
    rows, cols = _diagonal_index(shape(moved)[-2], shape(moved)[-1], int(offset))
    return getitem(moved, (Ellipsis, rows, cols))


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """Sum along a diagonal, as numpy.trace; linear.

    Σ of the diagonal (axis1, axis2, offset).

    See Also
    --------
    numpy.trace
    """
    if out is not None:
        raise NotImplementedError("trace: out= is not supported; use the returned array")
    return sum(diagonal(a, offset, axis1, axis2), axis=-1, dtype=dtype)


def diag(v, k=0):
    """Extract a diagonal or build a diagonal matrix, as numpy.diag; linear.

    A 1-D v placed on diagonal k of a square matrix (scatter-add), or the
    k-th diagonal of a 2-D v.

    See Also
    --------
    numpy.diag
    """
    v = _as_operand(v)
    if ndim(v) == 2:
        return diagonal(v, k)
    if ndim(v) != 1:
        raise ValueError("Input must be 1- or 2-d.")
    n = shape(v)[0] + abs(int(k))
    rows, cols = _diagonal_index(n, n, int(k))
    if not isinstance(v, Boxed):
        return plain_function("diag", v)(v, k)
    return _ix.scatter_add(v, shape=(n, n), index=(rows, cols))


def diagflat(v, k=0):
    """Diagonal matrix from the flattened input, as numpy.diagflat; linear.

    See Also
    --------
    numpy.diagflat
    """
    return diag(ravel(_as_operand(v)), k)


def tril(m, k=0):
    """Lower triangle of the last two axes, as numpy.tril; linear.

    Entries on and below diagonal k of the last two axes; zeros above.

    See Also
    --------
    numpy.tril
    """
    m = _as_operand(m)
    mask = on_device_of(_np.tri(*shape(m)[-2:], k=k, dtype=bool), m)
    return where(mask, m, on_device_of(_np.zeros(1, getattr(m, "dtype", None)), m))


def triu(m, k=0):
    """Upper triangle of the last two axes, as numpy.triu; linear.

    Entries on and above diagonal k of the last two axes; zeros below.

    See Also
    --------
    numpy.triu
    """
    m = _as_operand(m)
    mask = on_device_of(_np.tri(*shape(m)[-2:], k=k - 1, dtype=bool), m)
    return where(mask, on_device_of(_np.zeros(1, getattr(m, "dtype", None)), m), m)


# ---- sliding products -----------------------------------------------------------------

def _full_convolution(a, v):
    """out_k = Σ_j a_j·v_{k-j}, k = 0 … n+m-2: windows of the zero-padded a against v reversed."""
    n, m = shape(a)[0], shape(v)[0]
    dtype = _np.result_type(getattr(a, "dtype", float), getattr(v, "dtype", float))
    pad = on_device_of(_np.zeros(m - 1, dtype=dtype), a)
    padded = concatenate([pad, astype(a, dtype), pad]) if m > 1 else a
    windows = _np.arange(n + m - 1)[:, None] + _np.arange(m)[None, :]
    return _pr.einsum(getitem(padded, (windows,)), getitem(v, (slice(None, None, -1),)),
                      subscripts="ki,i->k")


def convolve(a, v, mode="full"):
    """Discrete linear convolution of 1-D signals (modes full, same, valid), as numpy.convolve;
    differentiable in both.

    See Also
    --------
    numpy.convolve
    """
    a, v = ravel(_as_operand(a)), ravel(_as_operand(v))
    n, m = shape(a)[0], shape(v)[0]
    if n == 0 or m == 0:
        raise ValueError("v cannot be empty" if m == 0 else "a cannot be empty")
    if m > n:
        a, v, n, m = v, a, m, n
    full = _full_convolution(a, v)
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return getitem(full, (slice(start, start + n),))
    if mode == "valid":
        return getitem(full, (slice(m - 1, n),))
    raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")


def correlate(a, v, mode="valid"):
    """Cross-correlation of 1-D signals, as numpy.correlate; differentiable in both.

    c_k = Σ_n a_{n+k}·conj(v_n) = convolve(a, conj(v) reversed).

    See Also
    --------
    numpy.correlate
    """
    v = _as_operand(v)
    return convolve(a, getitem(conj(ravel(v)), (slice(None, None, -1),)), mode)


# ---- statistics and polynomials ---------------------------------------------------------

def _rows_2d(x, rowvar, dtype):
    x = _as_operand(x)
    x = astype(x, dtype)
    if ndim(x) < 2:
        x = reshape(x, (1,) * (2 - ndim(x)) + shape(x))
    if ndim(x) > 2:
        raise ValueError("m has more than 2 dimensions")
    return transpose(x) if not rowvar and shape(x)[0] != 1 else x


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
        dtype=None):
    """Covariance matrix, as numpy.cov; differentiable in m, y and aweights (not fweights).

    (X - x̄)(X - x̄)ᵀ / (N - ddof), optionally frequency/analytic weighted.

    See Also
    --------
    numpy.cov
    """
    m = _as_operand(m)
    if dtype is None:
        dtype = _np.result_type(dtype_of(m), *(() if y is None else (dtype_of(_as_operand(y)),)),
                                _np.float64)
    x = _rows_2d(m, rowvar, dtype)
    if y is not None:
        x = concatenate([x, _rows_2d(y, rowvar, dtype)], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    w = None
    if fweights is not None:
        w = on_device_of(_np.asarray(static_value(fweights, "cov: fweights"), dtype=float), x)
    if aweights is not None:
        aw = _as_operand(aweights)
        w = aw if w is None else w * aw
    from ._scans import average
    avg, w_sum = average(x, axis=1, weights=w, returned=True)
    w_sum = getitem(w_sum, (0,))
    if w is None:
        fact = shape(x)[1] - ddof
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = w_sum - ddof
    else:
        fact = w_sum - ddof * sum(w * _as_operand(aweights)) / w_sum
    centered = x - reshape(avg, (-1, 1))
    weighted = centered if w is None else centered * w
    c = _pr.matmul(centered, transpose(conj(weighted)))
    out = c * (1.0 / fact) if not isinstance(fact, int) or fact > 0 else c * _np.inf
    return reshape(out, tuple(n for n in shape(out) if n != 1))


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """Pearson correlation coefficients, as numpy.corrcoef; differentiable.

    cov / (σ_i σ_j), clipped to [-1, 1] (real inputs).

    See Also
    --------
    numpy.corrcoef
    """
    c = cov(x, y, rowvar, dtype=dtype)
    if ndim(c) == 0:
        return c / c
    d = sqrt(real(diag(c)))
    c = c / reshape(d, (-1, 1)) / reshape(d, (1, -1))
    if getattr(c, "dtype", _np.dtype(float)).kind == "c":
        return c
    return clip(c, -1, 1)


def polyval(p, x):
    """Evaluate a polynomial at x, as numpy.polyval; differentiable in p and x.

    By Horner's rule: ((p_0·x + p_1)·x + …) + p_n.

    See Also
    --------
    numpy.polyval
    """
    p, x = _as_operand(p), _as_operand(x)
    y = x * 0 if isinstance(x, Boxed) else xp_of(x).zeros_like(x)
    for i in range(shape(p)[0]):
        y = y * x + getitem(p, (i,))
    return y


def interp(x, xp, fp, left=None, right=None, period=None):
    """One-dimensional linear interpolation, as numpy.interp.

    Piecewise-linear interpolation of (xp, fp) at x (xp increasing);
    differentiable in x (the segment's slope), fp and xp.

    See Also
    --------
    numpy.interp
    """
    if period is not None:
        raise NotImplementedError("interp: period= is not supported")
    x, xp = (astype(_as_operand(v), _np.float64) for v in (x, xp))
    fp = _as_operand(fp)
    fp = astype(fp, _np.complex128 if dtype_of(fp).kind == "c" else _np.float64)
    n = shape(xp)[0]
    if n == 0:
        raise ValueError("array of sample points is empty")
    if n == 1:
        y = x * 0 + getitem(fp, (0,))
    else:
        j = _ar.clip(searchsorted(xp, x, side="right") - 1, 0, n - 2)
        x0, x1, f0, f1 = take(xp, j), take(xp, j + 1), take(fp, j), take(fp, j + 1)
        y = f0 + (x - x0) * ((f1 - f0) / (x1 - x0))
    lo = getitem(fp, (0,)) if left is None else left
    hi = getitem(fp, (-1,)) if right is None else right
    y = where(_ar.less(x, getitem(xp, (0,))), lo, y)
    return where(_ar.greater(x, getitem(xp, (-1,))), hi, y)
