"""funcgrad.numpy's reductions: sum, prod, max, min, mean, var, std, logsumexp, softmax,
log_softmax and cumsum, as numpy's (axis, dtype, keepdims, where, initial), each binding
one reduction primitive or composing a few; `_inexact` and `_count` serve the statistics
in `_scans`.
"""
import builtins

import numpy as _np

from funcgrad.primitives import arithmetic as _ar
from funcgrad.primitives import reductions as _rd

from ._core import (_as_operand, _lower, exp, maximum, minimum, ndim, normalize_axis, shape,
                    size, sqrt, stop_gradient)
from ._reshape import astype, ravel, squeeze

__all__ = ["sum", "prod", "max", "min", "mean", "var", "std", "logsumexp", "softmax",
           "log_softmax", "cumsum", "amax", "amin"]

def _supported(name, out=None, where=True, initial=None, needs_initial=False):
    """Refuse numpy arguments that would otherwise be silently ignored."""
    if out is not None:
        raise NotImplementedError(f"funcgrad.numpy.{name}: out= is not supported; use the returned array")
    if where is not True and needs_initial and initial is None:
        raise ValueError(f"funcgrad.numpy.{name}: a where= mask needs an initial= value "
                         f"(the reduction has no identity)")


def _reduce(prim, a, axis, dtype, keepdims, where, fill):
    a = _as_operand(a)
    if dtype is not None:
        a = astype(a, dtype)
    if where is not True:
        a = _ar.where(_lower(where), a, fill)
    return prim(a, axis=normalize_axis(axis, ndim(a)), keepdims=keepdims)


def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """Sum of array elements over `axis`, as numpy.sum; differentiable.

    axis may be an int, a tuple or None; dtype casts first; where= masks entries out (a
    constant mask); initial is added to the result. out= raises NotImplementedError.

    See Also
    --------
    numpy.sum
    """
    _supported("sum", out)
    total = _reduce(_rd.reduce_sum, a, axis, dtype, keepdims, where, 0)
    return total if initial is None else total + initial


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """Product of array elements over `axis`, as numpy.prod; differentiable.

    The derivative ∂/∂a_i = Π_{j≠i} a_j is exact where entries are zero, at every order.
    dtype, keepdims, initial and where= are supported; out= raises NotImplementedError.

    See Also
    --------
    numpy.prod
    """
    _supported("prod", out)
    total = _reduce(_rd.reduce_prod, a, axis, dtype, keepdims, where, 1)
    return total if initial is None else total * initial


def max(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    """Maximum over `axis`, as numpy.max (amax is the same function); differentiable.

    Tied maxima share the gradient equally. initial joins the comparison (and receives
    the gradient where it wins); where= needs initial, as in numpy. out= raises
    NotImplementedError.

    See Also
    --------
    numpy.max
    """
    _supported("max", out, where, initial, needs_initial=True)
    top = _reduce(_rd.reduce_max, a, axis, None, keepdims, where, initial)
    return top if initial is None else maximum(top, initial)


def min(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    """Minimum over `axis`, as numpy.min (amin is the same function); differentiable.

    Tied minima share the gradient equally. initial joins the comparison; where= needs
    initial, as in numpy. out= raises NotImplementedError.

    See Also
    --------
    numpy.min
    """
    _supported("min", out, where, initial, needs_initial=True)
    low = _reduce(_rd.reduce_min, a, axis, None, keepdims, where, initial)
    return low if initial is None else minimum(low, initial)


def _count(a, axis, where=True):
    if where is not True:
        mask = _np.broadcast_to(_lower(where), shape(a))
        return _np.sum(mask, axis=normalize_axis(axis, ndim(a)), keepdims=True)
    axes = normalize_axis(axis, ndim(a))
    s = shape(a)
    return int(_np.prod([s[i] for i in axes])) if axes is not None else size(a)


def _inexact(a, dtype):
    """a cast to `dtype`, or to float64 if it is not already a float (numpy's mean and var)."""
    a = _as_operand(a)
    if dtype is not None:
        return astype(a, dtype)
    kind = getattr(a, "dtype", _np.dtype(float)).kind
    return a if kind in "fc" else astype(a, _np.float64)


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Arithmetic mean over `axis`, as numpy.mean; differentiable.

    Integer and boolean inputs are averaged in float64, as in numpy; where= averages
    the unmasked entries only. out= raises NotImplementedError.

    See Also
    --------
    numpy.mean
    """
    _supported("mean", out)
    a = _inexact(a, dtype)
    count = _count(a, axis, where)
    if not keepdims and where is not True:
        count = squeeze(count, axis=normalize_axis(axis, ndim(a)))
    return sum(a, axis=axis, keepdims=keepdims, where=where) / count


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        correction=None):
    """Variance over `axis`, as numpy.var; differentiable (where= is not supported).

    Σ (a - mean)² / (N - ddof) over `axis` (an int, a tuple or None).

    See Also
    --------
    numpy.var
    """
    _supported("var", out)
    if where is not True:
        raise NotImplementedError("funcgrad.numpy.var: where= is not supported yet")
    ddof = ddof if correction is None else correction
    a = _inexact(a, dtype)
    centered = a - mean(a, axis=axis, keepdims=True)
    dof = builtins.max(_count(a, axis) - ddof, 0)
    return sum(centered * centered, axis=axis, keepdims=keepdims) / dof


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True,
        correction=None):
    """Standard deviation over `axis`, as numpy.std; differentiable (√var).

    See Also
    --------
    numpy.std
    """
    return sqrt(var(a, axis, dtype, out, ddof, keepdims, where=where, correction=correction))


amax, amin = max, min


def logsumexp(a, axis=None, keepdims=False):
    """log Σ exp(a) over `axis`, computed stably; differentiable (the gradient is softmax(a)).

    Mirrors scipy.special.logsumexp's main form (no b= weights, no return_sign).

    See Also
    --------
    scipy.special.logsumexp
    """
    a = _as_operand(a)
    return _rd.logsumexp(a, axis=normalize_axis(axis, ndim(a)), keepdims=keepdims)


def _shifted(x, axis):
    """x - m along `axis`, m its finite max held constant (softmax is shift-invariant)."""
    m = max(stop_gradient(x), axis=axis, keepdims=True)
    return x - _ar.where(_ar.less(_ar.absolute(m), _np.inf), m, 0)


def softmax(x, axis=-1):
    """exp(x - m) / Σ exp(x - m) along `axis`, m the max: never overflows.

    See Also
    --------
    scipy.special.softmax
    """
    return exp(log_softmax(x, axis=axis))


def log_softmax(x, axis=-1):
    """(x - m) - log Σ exp(x - m) along `axis`, m the max: exact even where |x| is huge.

    See Also
    --------
    scipy.special.log_softmax
    """
    x = _shifted(_as_operand(x), axis)
    return x - logsumexp(x, axis=axis, keepdims=True)


def cumsum(a, axis=None, dtype=None):
    """Cumulative sum along `axis`, as numpy.cumsum; linear.

    Over the flattened array when axis is None.

    See Also
    --------
    numpy.cumsum
    """
    a = _as_operand(a)
    if dtype is not None:
        a = astype(a, dtype)
    if axis is None:
        a, axis = ravel(a), 0
    return _rd.cumsum(a, axis=normalize_axis(axis, ndim(a))[0])
