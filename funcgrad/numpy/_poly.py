"""funcgrad.numpy's polynomial functions (numpy's poly1d-free API), as composites.

Coefficients are highest power first, as numpy's. Sums, products (convolve),
derivatives and integrals of coefficient vectors are linear or bilinear in them;
polydiv runs numpy's long division with functional updates; roots are the
eigenvalues of the companion matrix (differentiable where they are distinct);
polyfit is the scaled least-squares fit numpy performs.
"""
import numpy as _np

from ._core import (_as_operand, astype, concatenate, getitem, ndim, on_device_of, power,
                    reshape, shape,
                    sqrt, stack, sum)
from ._products import convolve
from ._select import checkable_value, dtype_of, static_value
from ._shape import atleast_1d

__all__ = ["polyadd", "polysub", "polymul", "polydiv", "polyder", "polyint", "poly", "roots",
           "vander", "polyfit"]


def _padded(a1, a2):
    a1, a2 = atleast_1d(_as_operand(a1)), atleast_1d(_as_operand(a2))
    diff = shape(a2)[0] - shape(a1)[0]
    if diff > 0:
        a1 = concatenate([on_device_of(_np.zeros(diff, dtype_of(a1)), a1), a1])
    elif diff < 0:
        a2 = concatenate([on_device_of(_np.zeros(-diff, dtype_of(a2)), a2), a2])
    return a1, a2


def polyadd(a1, a2):
    """Sum of two polynomials, as numpy.polyadd; linear.

    The shorter coefficient vector padded with leading zeros, then added.

    See Also
    --------
    numpy.polyadd
    """
    a1, a2 = _padded(a1, a2)
    return a1 + a2


def polysub(a1, a2):
    """Difference of two polynomials, as numpy.polysub; linear.

    a1 - a2 after padding.

    See Also
    --------
    numpy.polysub
    """
    a1, a2 = _padded(a1, a2)
    return a1 - a2


def polymul(a1, a2):
    """Product of two polynomials, as numpy.polymul; differentiable.

    The convolution of the coefficient vectors.

    See Also
    --------
    numpy.polymul
    """
    return convolve(atleast_1d(_as_operand(a1)), atleast_1d(_as_operand(a2)))


def polyder(p, m=1):
    """Derivative of a polynomial, as numpy.polyder; linear in p.

    The m-th derivative's coefficients, p_i·(n - i).

    See Also
    --------
    numpy.polyder
    """
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    p = atleast_1d(_as_operand(p))
    for _ in range(int(m)):
        n = shape(p)[0] - 1
        p = getitem(p, (slice(None, -1),)) * on_device_of(_np.arange(n, 0, -1), p)
    return p


def polyint(p, m=1, k=None):
    """Antiderivative of a polynomial, as numpy.polyint; linear in p and k.

    The m-th antiderivative, integration constants k (zeros by default).

    See Also
    --------
    numpy.polyint
    """
    m = int(m)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    k = [0] * m if k is None else list(_np.atleast_1d(static_value(k, "polyint: k")))
    if len(k) == 1 and m > 1:
        k = k * m
    if len(k) < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    p = atleast_1d(_as_operand(p))
    for i in range(m):
        p = concatenate([p / on_device_of(_np.arange(shape(p)[0], 0, -1), p),
                         on_device_of(_np.array([k[i]], dtype=float), p)])
    return p


def polydiv(u, v):
    """Quotient and remainder of polynomial division, as numpy.polydiv.

    (quotient, remainder) by long division; leading remainder terms that
    are zero to rounding are dropped, as numpy drops them.

    See Also
    --------
    numpy.polydiv
    """
    u, v = atleast_1d(_as_operand(u)) + 0.0, atleast_1d(_as_operand(v)) + 0.0
    m, n = shape(u)[0] - 1, shape(v)[0] - 1
    scale = 1.0 / getitem(v, (0,))
    r, q = u, []
    for k in range(0, m - n + 1):
        d = scale * getitem(r, (k,))
        q.append(d)
        r = concatenate([getitem(r, (slice(0, k),)), getitem(r, (slice(k, k + n + 1),)) - d * v,
                         getitem(r, (slice(k + n + 1, None),))])
    q = stack(q) if q else on_device_of(_np.zeros(1, dtype_of(u)), u)
    while shape(r)[0] > 1 and _np.allclose(checkable_value(getitem(r, (0,))), 0, rtol=1e-14):
        r = getitem(r, (slice(1, None),))
    return q, r


def poly(seq_of_zeros):
    """Polynomial coefficients from its roots, as numpy.poly; differentiable.

    Of 1-D roots: Π (x - z_k), built by convolutions; a square matrix's characteristic
    polynomial uses its eigenvalues.

    See Also
    --------
    numpy.poly
    """
    seq = _as_operand(seq_of_zeros)
    if ndim(seq) == 2 and shape(seq)[0] == shape(seq)[1] and shape(seq)[0] != 0:
        from . import linalg
        seq = linalg.eigvals(seq)
    elif ndim(seq) != 1:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    a = on_device_of(_np.ones(1, dtype_of(seq)), seq)
    for k in range(shape(seq)[0]):
        a = convolve(a, stack([on_device_of(_np.ones((), dtype_of(seq)), seq),
                                    -getitem(seq, (k,))]))
    if dtype_of(seq).kind == "c":
        roots_ = _np.asarray(checkable_value(seq))
        if roots_.size and _np.array_equal(_np.sort(roots_), _np.sort(roots_.conjugate())):
            from ._core import real
            a = real(a)
    return a


def roots(p):
    """Roots of a polynomial, as numpy.roots; differentiable.

    Eigenvalues of the companion matrix (leading and trailing zeros removed).

    See Also
    --------
    numpy.roots
    """
    p = atleast_1d(_as_operand(p))
    if ndim(p) != 1:
        raise ValueError("Input must be a rank-1 array.")
    nz = _np.nonzero(_np.ravel(static_value(p, "roots: p")))[0]
    if len(nz) == 0:
        return on_device_of(_np.array([]), p)
    trailing = shape(p)[0] - nz[-1] - 1
    p = getitem(p, (slice(int(nz[0]), int(nz[-1]) + 1),))
    n = shape(p)[0]
    if n < 2:
        found = on_device_of(_np.zeros(0), p)
    else:
        from . import linalg
        top = reshape(-getitem(p, (slice(1, None),)) / getitem(p, (0,)), (1, n - 1))
        companion = concatenate([top, on_device_of(_np.eye(n - 2, n - 1, dtype=dtype_of(top)), top)],
                                axis=0)
        found = linalg.eigvals(companion)
        values = checkable_value(found)
        if values.size and dtype_of(found).kind == "c" and not _np.imag(values).any():
            from ._core import real
            found = real(found)     # all roots real: a real array, as numpy gives
    if not trailing:
        return found
    return concatenate([found, on_device_of(_np.zeros(trailing, dtype=dtype_of(found)), found)])


def vander(x, N=None, increasing=False):
    """Vandermonde matrix, as numpy.vander; differentiable in x.

    Columns x^(N-1), …, x, 1 (increasing=True reverses them).

    See Also
    --------
    numpy.vander
    """
    x = _as_operand(x)
    if ndim(x) != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    n = shape(x)[0] if N is None else int(N)
    powers = _np.arange(n) if increasing else _np.arange(n - 1, -1, -1)
    powers = on_device_of(powers, x)
    dtype = _np.promote_types(dtype_of(x), int)
    return power(astype(reshape(x, (-1, 1)), dtype), powers.astype(dtype) if dtype.kind in "fc"
                 else powers)


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """Least-squares polynomial fit, as numpy.polyfit; differentiable in x and y.

    Columns of the Vandermonde matrix scaled to unit norm, solved by lstsq, unscaled.
    full=, w= and cov= raise NotImplementedError.

    See Also
    --------
    numpy.polyfit
    """
    if full or cov or w is not None:
        raise NotImplementedError("polyfit: full=, w= and cov= are not supported")
    from . import linalg
    x, y = astype(_as_operand(x), _np.float64) + 0.0, astype(_as_operand(y), _np.float64) + 0.0
    order = int(deg) + 1
    lhs = vander(x, order)
    scale = sqrt(sum(lhs * lhs, axis=0))
    rcond = shape(x)[0] * _np.finfo(float).eps if rcond is None else rcond
    coef = linalg.lstsq(lhs / scale, y, rcond=rcond)[0]
    return coef / (scale if ndim(coef) == 1 else reshape(scale, (-1, 1)))
