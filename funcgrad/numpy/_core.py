"""The wrappers behind funcgrad.numpy: argument normalization, composites, fallbacks."""
import builtins
import functools

import numpy as _np

from funcgrad import backend as _backend
from funcgrad.primitive import Boxed, array_module_of, concrete
from funcgrad.tracing import Tracer as _Tracer
from funcgrad.primitives import arithmetic as _ar
from funcgrad.primitives import creation as _cr
from funcgrad.primitives import elementwise as _el
from funcgrad.primitives import indexing as _ix
from funcgrad.primitives import products as _pr
from funcgrad.primitives import reductions as _rd
from funcgrad.primitives import shape as _sh

# elementwise primitives are exposed as they are: calling one binds it
from funcgrad.primitives.arithmetic import (  # noqa: F401
    add, subtract, multiply, true_divide, negative, power, square, reciprocal,
    floor_divide, remainder, absolute, sign, maximum, minimum, equal, not_equal, less,
    less_equal, greater, greater_equal, logical_and, logical_or, logical_xor, logical_not)
from funcgrad.primitives.elementwise import (  # noqa: F401
    exp, log, log1p, expm1, sqrt, sin, cos, tan, arcsin, arccos, arctan, arctan2, sinh,
    cosh, tanh, sigmoid, softplus, floor, ceil, rint, trunc)

divide = true_divide
mod = remainder
abs = absolute
fabs = absolute
expit = sigmoid
fix = trunc
pow = power

# more elementwise functions (issue 4); numpy 2's short names are aliases
from funcgrad.primitives.elementwise import (  # noqa: F401,E402
    exp2, log2, log10, logaddexp, logaddexp2, hypot, cbrt, deg2rad, rad2deg, sinc, arcsinh,
    arccosh, arctanh, fmod, copysign, fmax, fmin, heaviside, nextafter, signbit, positive,
    ldexp)
from funcgrad.primitives.special import i0  # noqa: F401,E402

radians, degrees = deg2rad, rad2deg
asin, acos, atan, atan2, asinh, acosh, atanh = arcsin, arccos, arctan, arctan2, arcsinh, arccosh, arctanh
_ELEMENTWISE_MORE = [
    "exp2", "log2", "log10", "logaddexp", "logaddexp2", "hypot", "cbrt", "deg2rad", "rad2deg",
    "radians", "degrees", "sinc", "arcsinh", "arccosh", "arctanh", "asin", "acos", "atan",
    "atan2", "asinh", "acosh", "atanh", "fmod", "copysign", "fmax", "fmin", "heaviside",
    "nextafter", "signbit", "positive", "ldexp", "frexp", "modf", "divmod", "nan_to_num", "i0",
    "spacing",
]

__all__ = [
    "add", "subtract", "multiply", "true_divide", "divide", "negative", "power", "pow",
    "square", "reciprocal", "floor_divide", "remainder", "mod", "absolute", "abs", "fabs",
    "sign", "maximum", "minimum", "equal", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not", "exp",
    "log", "log1p", "expm1", "sqrt", "sin", "cos", "tan", "arcsin", "arccos", "arctan",
    "arctan2", "sinh", "cosh", "tanh", "sigmoid", "expit", "softplus", "floor", "ceil",
    "rint", "trunc", "fix", "round", "around", "where", "clip", "sum", "mean", "prod", "max",
    "min", "amax", "amin", "var", "std", "logsumexp", "softmax", "log_softmax", "dot",
    "matmul", "tensordot", "einsum", "outer", "inner", "reshape", "ravel", "transpose",
    "swapaxes", "moveaxis", "squeeze", "expand_dims", "broadcast_to", "concatenate",
    "stack", "hstack", "vstack", "split", "array_split", "flip", "fliplr", "flipud",
    "tile", "repeat", "getitem", "astype", "zeros_like", "ones_like", "full_like",
    "array", "asarray", "shape", "ndim", "size", "argmax", "argmin", "argsort", "isnan",
    "isinf", "isfinite", "zeros", "ones", "full", "empty", "eye", "arange", "linspace",
    "cumsum", "diagonal", "trace", "real", "imag", "conj", "conjugate", "angle", "stop_gradient",
    "numpy_equivalent", "fallback", "allclose", "isclose", "array_equal", "all", "any",
    "count_nonzero", "nonzero", "sort", "take_along_axis", "atleast_1d", "atleast_2d", "float_power",
]
__all__ += _ELEMENTWISE_MORE


# ---- helpers ---------------------------------------------------------------

def ndim(x):
    """Number of axes of x, as numpy.ndim; works on traced values (a plain int).

    See Also
    --------
    numpy.ndim
    """
    return x.ndim if hasattr(x, "ndim") else _np.ndim(x)


def shape(x):
    """Shape of x as a tuple, as numpy.shape; works on traced values (a plain tuple).

    See Also
    --------
    numpy.shape
    """
    return tuple(x.shape) if hasattr(x, "shape") else _np.shape(x)


def size(x):
    """Number of elements of x, as numpy.size (the whole array only: no axis argument).

    See Also
    --------
    numpy.size
    """
    return int(_np.prod(shape(x)))


def _as_operand(x):
    """Lists and tuples (possibly of traced scalars) become arrays."""
    if isinstance(x, (list, tuple)):
        return array(x)
    return x


def normalize_axis(axis, nd, name="axis"):
    """None, an int or a sequence of ints -> None or a sorted tuple of non-negative ints."""
    if axis is None:
        return None
    axes = (axis,) if isinstance(axis, (int, _np.integer)) else tuple(axis)
    out = []
    for a in axes:
        if not -nd <= a < builtins.max(nd, 1):
            raise _np.exceptions.AxisError(f"{name} {a} is out of bounds for array of dimension {nd}")
        out.append(int(a) % builtins.max(nd, 1))
    if len(set(out)) != len(out):
        raise ValueError(f"duplicate value in '{name}': {axis}")
    return tuple(sorted(out))


def _lower(value):
    """The plain array under any number of tracer layers."""
    while isinstance(value, Boxed):
        value = value.value if hasattr(value, "value") else value._data   # a Tensor's array
    return value


def _lower_tree(args):
    if isinstance(args, (list, tuple)):
        return type(args)(_lower_tree(a) for a in args)
    if isinstance(args, dict):
        return {k: _lower_tree(v) for k, v in args.items()}
    return _lower(args)


xp_of = array_module_of     # the array module of values, under any tracers


def on_device_of(host_value, reference):
    """A constant built on the host (a mask, an index ramp) copied explicitly onto the
    device holding `reference`, so it can meet reference's values in an op."""
    return _backend.like(host_value, concrete(reference))


def _backend_twin(np_func, values):
    """np_func itself for host values; the same-named function of the values' array
    module (cupy's, ...) when they live on a device."""
    xp = array_module_of(*values)
    return np_func if xp is _np else getattr(xp, np_func.__name__)


def plain_function(name, *values):
    """numpy.<name> for host values; for device values the device library's function of
    that name (a NotImplementedError naming funcgrad.numpy.<name> if it has none)."""
    xp = array_module_of(*values)
    if xp is _np:
        return getattr(_np, name)
    return _backend.routine(xp, name, "funcgrad.numpy." + name)


def _nondiff(np_func):
    """A numpy function whose result carries no derivative: run it on plain values
    (with the array module they belong to)."""
    @functools.wraps(np_func)
    def run(*args, **kwargs):
        args, kwargs = _lower_tree(args), _lower_tree(kwargs)
        fn = _backend_twin(np_func, list(args) + list(kwargs.values()))
        return fn(*args, **kwargs)
    return run


def stop_gradient(x):
    """Treat a value as a constant: its derivative is zero under every transform.

    Parameters
    ----------
    x : array, tracer or Tensor
        Any value.

    Returns
    -------
    array
        x's value with no derivative: a traced value still batches under vmap but
        carries no tangent or cotangent; a Tensor gives its plain array; anything
        else is returned as it is.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> fg.grad(lambda x: fnp.sum(x * fg.stop_gradient(x)))(np.array([1.0, 3.0]))
    array([1., 3.])
    """
    if isinstance(x, _Tracer):   # a primitive, so that vmap keeps the batch axis
        return _ar.stop_gradient(x)
    return _lower(x) if isinstance(x, Boxed) else x


# ---- elementwise composites -------------------------------------------------

def round(x, decimals=0):
    """Round to the given number of decimals, as numpy.round (half to even).

    Piecewise constant, so its derivative is zero.

    See Also
    --------
    numpy.round
    """
    return _el.round(x, decimals=int(decimals))


around = round


def float_power(x, y):
    """First array raised to the second, in float64, as numpy.float_power; differentiable.

    xʸ computed in float64 (complex128 if an operand is complex).

    See Also
    --------
    numpy.float_power
    """
    wide = _np.result_type(*(getattr(v, "dtype", v) for v in (_lower(x), _lower(y))),
                           _np.float64)
    return power(*(astype(v, wide) if hasattr(v, "dtype") else v for v in (x, y)))


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """Replace NaN and infinities by finite numbers, as numpy.nan_to_num.

    Always a new array (copy=False is ignored); the gradient passes where x is finite
    and is 0 where a value was replaced.

    See Also
    --------
    numpy.nan_to_num
    """
    return _el.nan_to_num(_as_operand(x), nan=_lower(nan), posinf=_lower(posinf),
                          neginf=_lower(neginf))


def frexp(x):
    """Split x into mantissa and exponent, as numpy.frexp.

    (m, e) with x = m·2ᵉ and ½ ≤ |m| < 1; the exponent e is a plain integer
    array and m = ldexp(x, -e) carries the derivative 2⁻ᵉ.

    See Also
    --------
    numpy.frexp
    """
    plain = _lower(x)
    e = xp_of(plain).frexp(plain)[1]
    return ldexp(x, -e), e


def modf(x):
    """Split x into fractional and integral parts, as numpy.modf.

    (fractional part, integral part), both with x's sign (±0 for ±∞);
    ∂frac/∂x = 1, the integral part is piecewise constant.

    See Also
    --------
    numpy.modf
    """
    whole = trunc(x)
    inf = equal(absolute(x), _np.inf)
    frac = _ar.where(inf, 0.0, x) - _ar.where(inf, 0.0, whole)
    return copysign(frac, x), whole


def divmod(x1, x2):
    """Floor quotient and remainder together, as numpy.divmod.

    (floor_divide(x1, x2), remainder(x1, x2)).

    See Also
    --------
    numpy.divmod
    """
    return floor_divide(x1, x2), remainder(x1, x2)


spacing = _nondiff(_np.spacing)
spacing.__doc__ = """Distance to the nearest adjacent float, as numpy.spacing, on plain values.

Traced arguments are read as constants: the result has no derivative.

See Also
--------
numpy.spacing
"""


def where(condition, x=None, y=None):
    """Choose elementwise from x where condition holds, else from y, as numpy.where.

    Differentiable in x and y (the gradient flows to the chosen entries); condition is
    a constant. With condition alone it is `nonzero(condition)` (integer indices, no
    derivative).

    See Also
    --------
    numpy.where
    """
    if x is None and y is None:
        return nonzero(condition)     # numpy: where(condition) is nonzero(condition)
    return _ar.where(condition, _as_operand(x), _as_operand(y))


def clip(a, a_min=None, a_max=None):
    """Limit values to [a_min, a_max], as numpy.clip.

    Differentiable in a and in the bounds: ∂/∂a = 1 where a_min ≤ a ≤ a_max (so 1 at
    the bounds themselves), the bound's entries receive the gradient where they clip.
    Either bound may be None, not both (ValueError); out= is not accepted.

    See Also
    --------
    numpy.clip
    """
    if a_min is None and a_max is None:
        raise ValueError("clip: give a_min, a_max or both")
    return _ar.clip(a, a_min, a_max)


# complex numbers: JAX's convention, see funcgrad/primitives/complex.py
from funcgrad.primitives import complex as _cx  # noqa: E402


def real(x):
    """Re x; real x is returned as it is (as numpy does).

    See Also
    --------
    numpy.real
    """
    if _cx.is_complex(x):
        return _cx.real(x)
    return x if isinstance(x, Boxed) else xp_of(x).real(x)


def imag(x):
    """Im x; zeros (a constant) for real x.

    See Also
    --------
    numpy.imag
    """
    if _cx.is_complex(x):
        return _cx.imag(x)
    return zeros_like(x) if isinstance(x, Boxed) else xp_of(x).imag(x)


def conj(x):
    """x̄ (the identity on real x).

    See Also
    --------
    numpy.conj
    """
    if _cx.is_complex(x):
        return _cx.conj(x)
    return x if isinstance(x, Boxed) else xp_of(x).conjugate(x)


conjugate = conj


def angle(z, deg=False):
    """arg z = atan2(Im z, Re z) (0 or π for real z, with zero derivative).

    See Also
    --------
    numpy.angle
    """
    plain = _lower(z)
    out = arctan2(imag(z), real(z)) if _cx.is_complex(z) else xp_of(plain).angle(plain)
    return out * (180 / _np.pi) if deg else out


def absolute(x):
    """|x|; complex x uses complex_abs: d|z| = Re(z̄·dz)/|z|, zero subgradient at 0.

    See Also
    --------
    numpy.absolute
    """
    return _cx.complex_abs(x) if _cx.is_complex(x) else _ar.absolute(x)


abs = absolute


# ---- products ---------------------------------------------------------------

def matmul(a, b):
    """Matrix product, as numpy.matmul (the @ operator); differentiable in both operands.

    1-D operands are promoted and the promoted axis dropped; leading axes broadcast. A 0-d
    operand raises ValueError (use * for scalars). No out=, dtype= or axes=.

    See Also
    --------
    numpy.matmul
    """
    a, b = _as_operand(a), _as_operand(b)
    if ndim(a) == 0 or ndim(b) == 0:
        raise ValueError("matmul: Input operand does not have enough dimensions (use * for scalars)")
    return _pr.matmul(a, b)


def dot(a, b):
    """Dot product, as numpy.dot; differentiable in both operands.

    Scalars multiply; up to 2-D b it is matmul; otherwise a sum over a's last and b's
    second-to-last axis. No out=.

    See Also
    --------
    numpy.dot
    """
    a, b = _as_operand(a), _as_operand(b)
    if ndim(a) == 0 or ndim(b) == 0:
        return multiply(a, b)
    if ndim(b) <= 2:
        return _pr.matmul(a, b)
    return tensordot(a, b, axes=([ndim(a) - 1], [ndim(b) - 2]))


def _letters(n, start=0):
    return "".join(chr(ord("a") + start + i) for i in range(n))


def tensordot(a, b, axes=2):
    """Sum of products over the given axes, as numpy.tensordot; differentiable.

    axes is an int (the last axes of a with the first of b) or a pair of axis lists;
    computed as one einsum.

    See Also
    --------
    numpy.tensordot
    """
    a, b = _as_operand(a), _as_operand(b)
    if isinstance(axes, (int, _np.integer)):
        axes_a = list(range(ndim(a) - axes, ndim(a)))
        axes_b = list(range(axes))
    else:
        axes_a, axes_b = ([int(x)] if isinstance(x, (int, _np.integer)) else list(x) for x in axes)
    if len(axes_a) != len(axes_b):
        raise ValueError("tensordot: shape-mismatch for sum (axes of different lengths)")
    axes_a = [x % ndim(a) for x in axes_a]
    axes_b = [x % ndim(b) for x in axes_b]
    sa = list(_letters(ndim(a)))
    sb = list(_letters(ndim(b), start=ndim(a)))
    for i, j in zip(axes_a, axes_b):
        sb[j] = sa[i]
    out = [c for i, c in enumerate(sa) if i not in axes_a] + [c for j, c in enumerate(sb) if j not in axes_b]
    return _pr.einsum(a, b, subscripts=f"{''.join(sa)},{''.join(sb)}->{''.join(out)}")


def outer(a, b):
    """Outer product of the flattened operands, as numpy.outer; differentiable.

    See Also
    --------
    numpy.outer
    """
    a, b = ravel(_as_operand(a)), ravel(_as_operand(b))
    return multiply(reshape(a, (-1, 1)), reshape(b, (1, -1)))


def inner(a, b):
    """Inner product over the last axes, as numpy.inner; differentiable.

    Scalars multiply.

    See Also
    --------
    numpy.inner
    """
    a, b = _as_operand(a), _as_operand(b)
    if ndim(a) == 0 or ndim(b) == 0:
        return multiply(a, b)
    return tensordot(a, b, axes=([-1], [-1]))


def einsum(subscripts, *operands, **unused):
    """Evaluate Einstein summation, as numpy.einsum; differentiable in every operand.

    Explicit, implicit and '...' subscripts, given as one string (the interleaved
    operand/sublist form raises NotImplementedError); optimize= and other keywords are
    accepted and ignored.

    See Also
    --------
    numpy.einsum
    """
    if not isinstance(subscripts, str):
        raise NotImplementedError("einsum: pass the subscripts as a string")
    operands = [_as_operand(o) for o in operands]
    subscripts = _pr.explicit_subscripts(subscripts, [ndim(o) for o in operands])
    return _pr.einsum(*operands, subscripts=subscripts)


# ---- indexing ---------------------------------------------------------------

def normalize_index(index):
    """A tuple of ints, slices, None, Ellipsis and integer arrays (masks expanded)."""
    if not isinstance(index, tuple):
        index = (index,)
    out = []
    for i in index:
        i = _lower(i)
        if isinstance(i, list):
            i = _np.asarray(i)
        if isinstance(i, (_np.ndarray, _np.generic)) and i.dtype == bool:
            out.extend(i.nonzero() if i.ndim else (bool(i),))
        elif isinstance(i, _np.integer):
            out.append(int(i))
        else:
            out.append(i)
    return tuple(out)


def getitem(x, index):
    """Index an array as ``x[index]``, for every numpy index; differentiable in x.

    Ints, slices, None, Ellipsis, integer and boolean arrays (masks become integer index
    arrays); the cotangent is scatter-added back into x's shape, so repeated indices
    accumulate.

    See Also
    --------
    numpy.ndarray.__getitem__
    """
    return _ix.getitem(_as_operand(x), index=normalize_index(index))


# ---- construction -----------------------------------------------------------

def zeros_like(a, dtype=None, order="K", subok=True, shape=None):
    """An array of zeros with a's shape and dtype, as numpy.zeros_like; a constant (no derivative).

    With shape= it is numpy's result on plain values; order and subok only then.

    See Also
    --------
    numpy.zeros_like
    """
    if shape is not None:   # a new shape: a plain constant
        return xp_of(a).zeros_like(_lower(a), dtype=dtype, order=order, shape=shape)
    return _cr.zeros_like(_as_operand(a), dtype=dtype)


def ones_like(a, dtype=None, order="K", subok=True, shape=None):
    """An array of ones with a's shape and dtype, as numpy.ones_like; a constant (no derivative).

    With shape= it is numpy's result on plain values; order and subok only then.

    See Also
    --------
    numpy.ones_like
    """
    if shape is not None:
        return xp_of(a).ones_like(_lower(a), dtype=dtype, order=order, shape=shape)
    return _cr.ones_like(_as_operand(a), dtype=dtype)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None):
    """An array of a's shape filled with fill_value, as numpy.full_like.

    A constant: no derivative with respect to a or fill_value. With shape= it is numpy's
    result on plain values.

    See Also
    --------
    numpy.full_like
    """
    if shape is not None:
        return xp_of(a).full_like(_lower(a), _lower(fill_value), dtype=dtype, order=order,
                                  shape=shape)
    return _cr.full_like(_as_operand(a), fill_value=fill_value, dtype=dtype)


def _contains_boxed(obj):
    if isinstance(obj, Boxed):
        return True
    if isinstance(obj, (list, tuple)):
        return builtins.any(_contains_boxed(o) for o in obj)
    return False


def _on_device(obj):
    """True for an array of a backend other than numpy (a cupy array...)."""
    return _backend._active[0] and _backend.device_of(obj) != "cpu"


def _contains_device(obj):
    """True when a (nested) list holds traced values or device arrays: it is then
    stacked with funcgrad ops on their device, never converted through the host."""
    if isinstance(obj, Boxed) or _on_device(obj):
        return True
    if isinstance(obj, (list, tuple)):
        return builtins.any(_contains_device(o) for o in obj)
    return False


def array(obj, dtype=None, copy=True, **kwargs):
    """Like numpy.array; a (nested) list holding traced values is stacked, keeping derivatives.

    See Also
    --------
    numpy.array
    """
    if isinstance(obj, (list, tuple)) and _contains_device(obj):
        out = stack([array(o) for o in obj])
        return astype(out, dtype) if dtype is not None else out
    if isinstance(obj, Boxed):
        return astype(obj, dtype) if dtype is not None else obj
    if _on_device(obj):
        return xp_of(obj).array(obj, dtype=dtype, copy=copy, **kwargs)
    return _np.array(obj, dtype=dtype, copy=copy, **kwargs)


def asarray(a, dtype=None, **kwargs):
    """Convert to an array, as numpy.asarray, keeping traced values traced.

    A traced value (or a list holding traced or device values) goes through `array`,
    which stacks it differentiably; device arrays stay on their device; anything else is
    numpy.asarray.

    See Also
    --------
    numpy.asarray
    """
    if isinstance(a, Boxed) or (isinstance(a, (list, tuple)) and _contains_device(a)):
        return array(a, dtype=dtype)
    if _on_device(a):
        return xp_of(a).asarray(a, dtype=dtype, **kwargs)
    return _np.asarray(a, dtype=dtype, **kwargs)


zeros, ones, empty, eye = _np.zeros, _np.ones, _np.empty, _np.eye


# ---- the families in their own modules (they import the helpers above) ---------
# shape functions and reductions first: the families below import them from here.
from ._reshape import *  # noqa: E402,F401,F403
from ._reshape import _axis_list, constant_operand  # noqa: E402,F401  (used by families)
from ._reduce import *  # noqa: E402,F401,F403
from ._reduce import _inexact  # noqa: E402,F401  (used by _scans)
# selection, the non-differentiable functions of values, scans and statistics, products,
# rearrangements and construction: their __all__ lists are funcgrad.numpy's too.
from ._select import *  # noqa: E402,F401,F403
from ._values import *  # noqa: E402,F401,F403
from ._scans import *  # noqa: E402,F401,F403
from ._products import *  # noqa: E402,F401,F403
from ._shape import *  # noqa: E402,F401,F403
from ._poly import *  # noqa: E402,F401,F403


# ---- numpy interop ------------------------------------------------------------

def numpy_equivalent(func):
    """Find funcgrad.numpy's version of a numpy function (used by ``__array_function__``).

    Parameters
    ----------
    func : callable
        A numpy function; numpy.linalg.* and numpy.fft.* map to funcgrad.numpy.linalg
        and funcgrad.numpy.fft.

    Returns
    -------
    callable or None
        The function of the same name, or None when funcgrad defines none.
    """
    import sys
    module = getattr(func, "__module__", "") or ""
    namespace = globals()
    for sub in ("linalg", "fft"):
        if module.startswith(f"numpy.{sub}") or module.startswith(f"numpy._core.{sub}"):
            namespace = vars(sys.modules[f"funcgrad.numpy.{sub}"])
    fn = namespace.get(func.__name__)
    return fn if callable(fn) else None


def undifferentiable(module, public_name, name):
    """`module.name` as a funcgrad name with no derivative rule: plain values pass through,
    traced values get a clear error naming `public_name.name` (non-callables are returned as they are)."""
    if name.startswith("__") and name.endswith("__"):  # module protocol names (__all__,
        raise AttributeError(                           # __path__...) are never numpy's
            f"module {public_name!r} has no attribute {name!r}")
    try:
        target = getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module {public_name!r} has no attribute {name!r}") from None
    if not callable(target) or isinstance(target, type):
        return target

    @functools.wraps(target)
    def run_on_plain_values(*args, **kwargs):
        values = list(args) + list(kwargs.values())
        if _contains_boxed(values):
            raise NotImplementedError(
                f"{public_name}.{name} has no derivative rule yet; call it on "
                f"funcgrad.stop_gradient(x) if its result should be a constant")
        if _backend._active[0] and builtins.any(_on_device(v) for v in values):
            return _device_twin(module, public_name, name, values)(*args, **kwargs)
        return target(*args, **kwargs)
    return run_on_plain_values


def _device_twin(module, public_name, name, values):
    """module.<name>'s counterpart in the device arrays' library (numpy.fft.x -> cupy.fft.x,
    scipy.special.x -> cupyx.scipy.special.x)."""
    xp = array_module_of(*values)
    path = module.__name__.split(".", 1)[1] + "." + name if "." in module.__name__ else name
    if module.__name__.startswith("scipy"):
        path = module.__name__ + "." + name
    return _backend.routine(xp, path, f"{public_name}.{name}")


def fallback(name):
    """Resolve any other numpy name (funcgrad.numpy's module ``__getattr__``).

    Parameters
    ----------
    name : str
        A numpy attribute funcgrad.numpy does not define.

    Returns
    -------
    object
        numpy's attribute; a callable is wrapped so that plain values pass through
        and traced values raise NotImplementedError naming the function (call it on
        ``funcgrad.stop_gradient(x)`` for a constant result).

    Raises
    ------
    AttributeError
        If numpy has no such name.
    """
    return undifferentiable(_np, "funcgrad.numpy", name)
