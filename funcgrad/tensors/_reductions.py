"""Tensor reductions (sum, mean, var, max...), softmax / log_softmax, cumsum and matrix
masks (trace, tril, triu, diag), each recording PyTorch's node.

Single-primitive reductions use the primitive's own vjp (SumBackward0, MaxBackward1,
ProdBackward0, LogsumexpBackward0); the others have a backward written with funcgrad ops
(`rule_op`), so they can be differentiated again.
"""
import builtins

import numpy as np

from funcgrad import _dtypes
from funcgrad import numpy as fnp
from funcgrad.primitives import reductions as rd
from funcgrad.primitives.reductions import expand_reduced

from . import _return_types
from ._core import Tensor, make
from ._dispatch import composite, fix, plain, rule_op, unary
from ._math import N, R, T, _float_data, maximum, minimum, norm_dims, where

__all__ = ["METHODS"]


_SUM0, _SUM1 = N("SumBackward0"), N("SumBackward1")


_SUM_ALL = {"axis": None, "keepdims": False}


def sum(self, dim=None, keepdim=False, dtype=None):
    if dim is None and dtype is None and self._data.dtype.kind in "fc":   # the common case
        return unary(rd.reduce_sum, _SUM0, self, _SUM_ALL)
    t = self if dtype is None else self.to(dtype)
    if t._data.dtype.kind in "bi" and t._data.dtype != np.int64 and dtype is None:
        t = t.to(_dtypes.int64)
    axes = norm_dims(dim, t._data.ndim)
    if axes == () and dim is not None and t._data.ndim == 0:
        axes = None
    cls = _SUM0 if dim is None else _SUM1
    return unary(rd.reduce_sum, cls, t, {"axis": axes, "keepdims": bool(keepdim)})


def _reduced_count(shape, axes):
    if axes is None:
        return int(np.prod(shape))
    return int(np.prod([shape[a] for a in axes]))


def mean(self, dim=None, keepdim=False, dtype=None):
    t = self if dtype is None else self.to(dtype)
    if t._data.dtype.kind not in "fc":
        raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be either "
                           f"a floating point or complex dtype. Got: "
                           f"{t.dtype.legacy.replace('Tensor', '')}")
    x = t._data
    axes = norm_dims(dim, x.ndim)
    out = fix(np.mean(x, axis=axes, keepdims=bool(keepdim)))
    n = _reduced_count(x.shape, axes)
    shape_meta = _ShapeOf(x)

    def rule(g, y):
        return (expand_reduced(g, shape_meta, axes, bool(keepdim)) / n,)
    return rule_op(R("MeanBackward0" if dim is None else "MeanBackward1"), out, [t], rule)


class _ShapeOf:
    __slots__ = ("shape", "ndim")

    def __init__(self, x):
        self.shape = tuple(x.shape)
        self.ndim = len(self.shape)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _moment_args(self, dim, unbiased, correction):
    """(data, reduced axes, count, correction) for var and std; a bool `dim` is `unbiased`."""
    if isinstance(dim, builtins.bool):
        unbiased, dim = dim, None
    x = self._data
    axes = norm_dims(dim, x.ndim)
    return x, axes, _reduced_count(x.shape, axes), _correction(unbiased, correction)


def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
    x, axes, n, c = _moment_args(self, dim, unbiased, correction)
    out = fix(np.var(x, axis=axes, ddof=c, keepdims=bool(keepdim)))

    def rule(g, y, x):
        centered = x - fnp.mean(x, axis=axes, keepdims=True)
        return (expand_reduced(g, x, axes, bool(keepdim)) * centered * (2.0 / (n - c)),)
    return rule_op(R("VarBackward0"), out, [self], rule, saved=[self])


def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
    x, axes, n, c = _moment_args(self, dim, unbiased, correction)
    out = fix(np.std(x, axis=axes, ddof=c, keepdims=bool(keepdim)))

    def rule(g, y, x):
        centered = x - fnp.mean(x, axis=axes, keepdims=True)
        scale = expand_reduced(g / (y * (n - c)), x, axes, bool(keepdim))
        return (scale * centered,)
    return rule_op(R("StdBackward0"), out, [self], rule, saved=[self], save_result=True)


def prod(self, dim=None, keepdim=False, dtype=None):
    t = self if dtype is None else self.to(dtype)
    axes = norm_dims(dim, t._data.ndim)
    return unary(rd.reduce_prod, N("ProdBackward0" if dim is None else "ProdBackward1"), t,
                 {"axis": axes, "keepdims": bool(keepdim)})


def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
    if p in ("fro", None):
        p = 2
    x = _float_data(self)
    axes = norm_dims(dim, x.ndim)
    if p == 2:
        out = fix(np.sqrt(np.sum(x * np.conj(x), axis=axes, keepdims=bool(keepdim))).real
                  .astype(x.dtype))

        def rule(g, y, x):
            yy = expand_reduced(y, x, axes, bool(keepdim))
            safe = fnp.where(yy == 0, 1.0, yy)
            return (expand_reduced(g, x, axes, bool(keepdim)) * fnp.where(yy == 0, 0.0, x / safe),)
        return rule_op(R("LinalgVectorNormBackward0"), out, [self], rule, saved=[self],
                       save_result=True)

    def fn(v):
        if p == builtins.float("inf"):
            return fnp.max(fnp.abs(v), axis=axes, keepdims=bool(keepdim))
        return fnp.sum(fnp.abs(v) ** p, axis=axes, keepdims=bool(keepdim)) ** (1.0 / p)
    return composite(T("LinalgVectorNormBackward0"), fn, [self])


def logsumexp(self, dim, keepdim=False):
    axes = norm_dims(dim, self._data.ndim)
    return unary(rd.logsumexp, N("LogsumexpBackward0"), self,
                 {"axis": axes, "keepdims": bool(keepdim)}, floating=True)




def _extremum(self, dim, keepdim, other, which):
    is_max = which == "max"
    if isinstance(dim, Tensor):
        return (maximum if is_max else minimum)(self, dim)
    if dim is None:
        prim = rd.reduce_max if is_max else rd.reduce_min
        if self._data.size == 0:
            raise RuntimeError(f"{which}(): Expected reduction dim to be specified for "
                               f"input.numel() == 0. Specify the reduction dim with the 'dim' "
                               f"argument.")
        return unary(prim, N(which.capitalize() + "Backward1"), self, {"axis": None,
                                                                       "keepdims": False})
    x = self._data
    d = norm_dims(dim, x.ndim)[0] if x.ndim else 0
    arg = (np.argmax if is_max else np.argmin)(x, axis=d, keepdims=True) if x.ndim else \
        np.zeros((), np.int64)
    values = np.take_along_axis(x, arg, axis=d) if x.ndim else x.copy()
    if not keepdim and x.ndim:
        values, arg = np.squeeze(values, d), np.squeeze(arg, d)
    index = _full_index(arg, x.shape, d, keepdim) if x.ndim else ()
    shape = x.shape
    squeezed = np.broadcast_shapes(*(i.shape for i in index)) if index else ()

    def rule(g, y):
        if keepdim and index:
            g = fnp.reshape(g, squeezed)
        return (_scatter(g, shape, index),)
    out = rule_op(R(which.capitalize() + "Backward0"), fix(values), [self], rule)
    return getattr(_return_types, which)(out, plain(fix(arg.astype(np.int64))))


def _full_index(arg, shape, d, keepdim):
    """Index arrays placing a reduced (along d) array of positions `arg` back in `shape`."""
    if keepdim:
        arg = np.squeeze(arg, d)
    grids = list(np.indices(arg.shape, sparse=True))
    grids.insert(d, arg)
    return tuple(grids)


def _scatter(g, shape, index):
    from funcgrad.primitives.indexing import scatter_add
    if index == ():
        return g
    return scatter_add(g, shape=shape, index=index)


def max(self, dim=None, keepdim=False):
    return _extremum(self, dim, keepdim, None, "max")


def min(self, dim=None, keepdim=False):
    return _extremum(self, dim, keepdim, None, "min")


def _all_dims(dim, ndim):
    return None if dim is None or dim == () or dim == [] else norm_dims(dim, ndim)


def amax(self, dim=(), keepdim=False):
    return unary(rd.reduce_max, N("AmaxBackward0"), self,
                 {"axis": _all_dims(dim, self._data.ndim), "keepdims": bool(keepdim)})


def amin(self, dim=(), keepdim=False):
    return unary(rd.reduce_min, N("AminBackward0"), self,
                 {"axis": _all_dims(dim, self._data.ndim), "keepdims": bool(keepdim)})


def argmax(self, dim=None, keepdim=False):
    out = np.argmax(self._data, axis=dim, keepdims=bool(keepdim) if dim is not None else False)
    return plain(fix(np.asarray(out, dtype=np.int64)))


def argmin(self, dim=None, keepdim=False):
    out = np.argmin(self._data, axis=dim, keepdims=bool(keepdim) if dim is not None else False)
    return plain(fix(np.asarray(out, dtype=np.int64)))


def softmax(self, dim, dtype=None):
    t = self if dtype is None else self.to(dtype)
    x = _float_data(t)
    d = norm_dims(dim, x.ndim)
    y = fix(np.exp(x - _lse(x, d)))

    def rule(g, y):
        return (y * (g - fnp.sum(g * y, axis=d, keepdims=True)),)
    return rule_op(R("SoftmaxBackward0"), y, [t], rule, save_result=True)


def log_softmax(self, dim, dtype=None):
    t = self if dtype is None else self.to(dtype)
    x = _float_data(t)
    d = norm_dims(dim, x.ndim)
    y = fix(x - _lse(x, d))

    def rule(g, y):
        return (g - fnp.exp(y) * fnp.sum(g, axis=d, keepdims=True),)
    return rule_op(R("LogSoftmaxBackward0"), y, [t], rule, save_result=True)


def _lse(x, axes):
    m = np.max(x, axis=axes, keepdims=True) if x.size else np.zeros((1,) * x.ndim, x.dtype)
    m = np.where(np.isfinite(m), m, 0)
    return np.log(np.sum(np.exp(x - m), axis=axes, keepdims=True)) + m


def cumsum(self, dim, dtype=None):
    t = self if dtype is None else self.to(dtype)
    x = t._data
    d = norm_dims(dim, x.ndim)[0] if x.ndim else None
    out = np.cumsum(x, axis=d) if x.ndim else x.copy()
    if out.dtype.kind in "bi" and out.dtype != np.int64:
        out = out.astype(np.int64)

    def rule(g, y):
        return (_reverse_cumsum(g, d),)
    return rule_op(R("CumsumBackward0"), fix(out), [t], rule)


def _reverse_cumsum(g, d):
    if d is None:
        return g
    if isinstance(g, Tensor):
        return cumsum(g.flip(d), d).flip(d)
    return np.flip(np.cumsum(np.flip(g, d), axis=d), d)


def trace(self):
    x = self._data
    out = fix(np.trace(x))
    shape = x.shape

    def rule(g, y):
        eye = np.eye(shape[0], shape[1], dtype=bool)
        return (fnp.where(eye, g, 0 * g) if not isinstance(g, Tensor) else
                where(make(eye), g, 0.0),)
    return rule_op(R("TraceBackward0"), out, [self], rule)


def _tri(name, fn):
    def method(self, diagonal=0):
        mask = fn(np.ones(self._data.shape[-2:], dtype=bool), diagonal)
        out = np.where(mask, self._data, np.zeros((), self._data.dtype))
        return rule_op(R(name), out, [self], lambda g, y: (fnp.where(mask, g, 0 * g),))
    method.__name__ = name
    return method


tril = _tri("TrilBackward0", np.tril)
triu = _tri("TriuBackward0", np.triu)


def diag(self, diagonal=0):
    x = self._data
    if x.ndim == 1:
        n = x.shape[0] + builtins.abs(diagonal)
        index = (np.arange(x.shape[0]) + builtins.max(-diagonal, 0),
                 np.arange(x.shape[0]) + builtins.max(diagonal, 0))
        out = np.zeros((n, n), x.dtype)
        out[index] = x
        from funcgrad.primitives.indexing import getitem
        return rule_op(R("DiagEmbedBackward0"), out, [self],
                       lambda g, y: (getitem(g, index=index),))
    out = np.diagonal(x, diagonal).copy()
    index = (np.arange(out.shape[0]) + builtins.max(-diagonal, 0),
             np.arange(out.shape[0]) + builtins.max(diagonal, 0))
    return rule_op(R("DiagonalBackward0"), out, [self],
                   lambda g, y: (_scatter(g, x.shape, index),))


METHODS = {
    "sum": sum, "mean": mean, "var": var, "std": std, "prod": prod, "norm": norm,
    "logsumexp": logsumexp, "max": max, "min": min, "amax": amax, "amin": amin,
    "argmax": argmax, "argmin": argmin, "softmax": softmax, "log_softmax": log_softmax,
    "cumsum": cumsum, "trace": trace, "tril": tril, "triu": triu, "diag": diag,
}
