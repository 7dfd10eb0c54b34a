"""funcgrad.numpy.linalg: numpy.linalg's namespace; differentiable where defined here."""
import numpy as _np

from funcgrad.numpy import _core

__all__ = ["norm"]


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector 2-norm (default) or Frobenius norm, as a composite of sqrt and sum."""
    if ord not in (None, 2, "fro") or (ord == 2 and _core.ndim(x) > 1 and axis is None):
        raise NotImplementedError(f"linalg.norm: ord={ord!r} is not differentiable yet")
    return _core.sqrt(_core.sum(x * x, axis=axis, keepdims=keepdims))


def __getattr__(name):
    target = getattr(_np.linalg, name)
    return target
