"""funcgrad.numpy: numpy's namespace, made of traceable ops.

Use it as `import funcgrad.numpy as np`. Differentiable functions bind
primitives (from funcgrad.primitives) or are composites of them; arguments are
normalized here (axes, shapes, indices) so primitives see one canonical form.
Non-differentiable functions (argmax, isnan, comparisons...) accept traced values
and return plain results. Any other numpy name is reachable too: it runs on
plain arrays and raises a clear error if a transform reaches it.
"""
import numpy as _np

from ._core import *  # noqa: F401,F403
from ._core import __all__ as _core_all
from ._select import *  # noqa: F401,F403
from ._values import *  # noqa: F401,F403
from ._scans import *  # noqa: F401,F403
from ._products import *  # noqa: F401,F403
from ._shape import *  # noqa: F401,F403
from ._poly import *  # noqa: F401,F403
from . import _poly, _products, _reduce, _reshape, _scans, _select, _shape, _values
from . import _core
from . import fft  # noqa: F401
from . import linalg  # noqa: F401
from . import random  # noqa: F401

from funcgrad import tracing as _tracing

_tracing.fnp = _core

# constants and dtypes, as numpy spells them
from numpy import (pi, e, inf, nan, newaxis, euler_gamma,  # noqa: F401,E402
                   float16, float32, float64, complex64, complex128, int8, int16,
                   int32, int64, uint8, bool_, dtype, ndarray, finfo, iinfo, result_type,
                   promote_types, can_cast, issubdtype, floating, integer, number,
                   complexfloating, inexact, signedinteger, unsignedinteger, generic)


_CONSTANTS = ["pi", "e", "inf", "nan", "newaxis", "euler_gamma", "float16", "float32",
              "float64", "complex64", "complex128", "int8", "int16", "int32", "int64", "uint8",
              "bool_", "dtype", "ndarray", "finfo", "iinfo", "result_type", "promote_types",
              "can_cast", "issubdtype", "floating", "integer", "number", "complexfloating",
              "inexact", "signedinteger", "unsignedinteger", "generic"]
_FAMILIES = (_reshape, _reduce, _select, _values, _scans, _products, _shape, _poly)
# what `from funcgrad.numpy import *` gives: funcgrad's own functions, the submodules, and
# numpy's constants and dtypes (other numpy names stay reachable as attributes)
__all__ = sorted(set(_core_all).union(*(m.__all__ for m in _FAMILIES))
                 | set(_CONSTANTS) | {"fft", "linalg", "random"})


def __getattr__(name):
    return _core.fallback(name)


def __dir__():
    return sorted(set(__all__) | set(dir(_np)))
