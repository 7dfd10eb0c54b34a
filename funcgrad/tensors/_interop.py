"""numpy interop and the functional transforms' view of Tensors.

* `np.sin(t)`, `np.sum(t)`... run funcgrad.numpy's version on the Tensor, so the
  result is a Tensor and is recorded (`__array_ufunc__`, `__array_function__`).
* `fg.grad(f)(t)`: the transform sees `t`'s array (`boundary["to_primal"]`), and `f`
  receives a Tensor wrapping the transform's tracer (`boundary["wrap_input"]`), so
  Tensor code inside `f` is traced.
"""
import warnings

import numpy as np

from funcgrad import numpy as fnp
from funcgrad.transforms import api

from ._core import Tensor, make

__all__ = ["install"]


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    if method != "__call__" or kwargs.get("out") is not None:
        lowered = [i.numpy() if isinstance(i, Tensor) else i for i in inputs]
        return getattr(ufunc, method)(*lowered, **kwargs)
    fn = getattr(fnp, ufunc.__name__, None)
    if fn is None:
        lowered = [i.numpy() if isinstance(i, Tensor) else i for i in inputs]
        return make(np.asarray(ufunc(*lowered, **kwargs)))
    return fn(*inputs, **kwargs)


def _array_function(self, func, types, args, kwargs):
    fn = fnp.numpy_equivalent(func)
    if fn is None:
        return NotImplemented
    return fn(*args, **kwargs)


def _to_primal(x):
    return x._data if isinstance(x, Tensor) else x


def _wrap_input(tracer, original):
    if isinstance(original, Tensor):
        return make(tracer, False, None)
    return tracer


def _volatile(self):
    warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning,
                  stacklevel=2)
    return False


def install():
    Tensor.__array_ufunc__ = _array_ufunc
    Tensor.__array_function__ = _array_function
    Tensor.volatile = property(_volatile)
    api.boundary["to_primal"] = _to_primal
    api.boundary["wrap_input"] = _wrap_input
