"""funcgrad.scipy.special: scipy.special's functions, differentiable to any order.

Use it as `import funcgrad.scipy.special as sp`. The elementwise functions are the
primitives of funcgrad/primitives/special.py (their docstrings state each derivative and
numerical choice); the rest are composites. scipy is imported when a value is first
computed. Any other scipy.special name is reachable too: it runs on plain arrays and
raises a clear error if a transform reaches it.
"""
import math

import numpy as _np

import funcgrad.numpy as _fnp
from funcgrad.backend import to_host
from funcgrad.numpy._core import _lower, xp_of
from funcgrad.primitives.elementwise import sigmoid as expit, softplus
from funcgrad.primitives.special import (  # noqa: F401
    gammaln, digamma, polygamma, gamma, beta, betaln, erf, erfc, erfinv, erfcinv, ndtr,
    log_ndtr, ndtri, logit, xlogy, xlog1py, entr, i0, i1, i0e, i1e, iv, ive, gammainc,
    gammaincc, betainc)

psi = digamma

__all__ = ["gammaln", "digamma", "psi", "polygamma", "multigammaln", "gamma", "beta",
           "betaln", "erf", "erfc", "erfinv", "erfcinv", "ndtr", "log_ndtr", "ndtri", "expit",
           "logit", "log_expit", "logsumexp", "softmax", "log_softmax", "xlogy", "xlog1py",
           "entr", "rel_entr", "i0", "i1", "i0e", "i1e", "iv", "ive", "gammainc", "gammaincc",
           "betainc"]


def log_expit(x):
    """ln expit(x) = -softplus(-x): exact in both tails;  d/dx = expit(-x).

    See Also
    --------
    scipy.special.log_expit
    """
    return -softplus(-x)


def multigammaln(a, d):
    """ln Γ_d(a) = d(d-1)/4·ln π + Σ_{j<d} gammaln(a - j/2), the multivariate log-gamma
    (a > (d-1)/2, as scipy requires);  ∂/∂a = Σ_{j<d} ψ(a - j/2).

    See Also
    --------
    scipy.special.multigammaln
    """
    d = int(d)
    plain = to_host(_lower(a))      # an argument check, on a host copy
    if _np.any(plain <= (d - 1) / 2):
        raise ValueError("condition a (%f) > 0.5 * (d-1) (%f) not met" % (_np.min(plain), 0.5 * (d - 1)))
    total = d * (d - 1) / 4 * math.log(math.pi)
    for j in range(d):
        total = total + gammaln(a - j / 2)
    return total


def _max_shift(a, axis):
    """The finite max of a along `axis` (kept), as a constant: the shift of a stable logsumexp."""
    m = _fnp.max(_fnp.stop_gradient(a), axis=axis, keepdims=True)
    return _fnp.where(_fnp.less(_fnp.abs(m), _np.inf), m, 0)


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """ln Σ b·eᵃ over `axis` (all axes for None), stable: shifted by the max of a.
    Without b it is funcgrad.numpy.logsumexp (the gradient is softmax(a)). With weights b
    (broadcast against a) it is m + ln|Σ b·e^(a-m)|; return_sign gives (ln|s|, sign s),
    and a negative sum without return_sign is nan, as in scipy.

    See Also
    --------
    scipy.special.logsumexp
    """
    a = _fnp.asarray(a)
    if b is None:
        out = _fnp.logsumexp(a, axis=axis, keepdims=keepdims)
        return (out, xp_of(out).ones_like(_lower(out))) if return_sign else out
    b = _fnp.asarray(b)
    shape = _np.broadcast_shapes(_fnp.shape(a), _fnp.shape(b))
    a = _fnp.broadcast_to(a, shape)
    m = _max_shift(a, axis)
    s = _fnp.sum(b * _fnp.exp(a - m), axis=axis, keepdims=True)
    sgn = _fnp.sign(s)
    out = _fnp.log(_fnp.abs(s) if return_sign else s) + m
    if not keepdims:
        out, sgn = _scalar(_fnp.squeeze(out, axis=axis)), _scalar(_fnp.squeeze(sgn, axis=axis))
    return (out, sgn) if return_sign else out


def _scalar(v):
    """A plain 0-d array as a numpy scalar, as scipy returns it."""
    return v[()] if isinstance(v, _np.ndarray) and v.ndim == 0 else v


def softmax(x, axis=None):
    """e^x / Σ e^x along `axis` (all axes for None, scipy's default), never overflowing.

    See Also
    --------
    scipy.special.softmax
    """
    return _fnp.softmax(_fnp.asarray(x), axis=axis)


def log_softmax(x, axis=None):
    """x - logsumexp(x) along `axis` (all axes for None), exact even where |x| is huge.

    See Also
    --------
    scipy.special.log_softmax
    """
    return _fnp.log_softmax(_fnp.asarray(x), axis=axis)


def rel_entr(x, y):
    """x·ln(x/y) for x, y > 0, 0 at x = 0 (y ≥ 0), +∞ otherwise (scipy's elementwise relative
    entropy), as xlogy(x, x) - xlogy(x, y);  ∂/∂x = ln(x/y) + 1,  ∂/∂y = -x/y.

    See Also
    --------
    scipy.special.rel_entr
    """
    valid = _fnp.logical_and(_fnp.greater_equal(x, 0), _fnp.greater_equal(y, 0))
    bad_zero = _fnp.logical_and(_fnp.greater(x, 0), _fnp.equal(y, 0))
    out = xlogy(x, x) - xlogy(x, y)
    return _fnp.where(_fnp.logical_and(valid, _fnp.logical_not(bad_zero)), out, _np.inf)


def __getattr__(name):
    """Other scipy.special names: plain values pass through, traced values get a clear error."""
    if name.startswith("__"):
        raise AttributeError(name)
    import scipy.special
    from funcgrad.numpy._core import undifferentiable
    return undifferentiable(scipy.special, "funcgrad.scipy.special", name)
