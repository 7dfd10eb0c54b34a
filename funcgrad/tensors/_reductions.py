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
from ._devices import sparse_indices, xp_of
from ._dispatch import composite, fix, plain, rule_op, unary
from ._math import N, R, T, _float_data, maximum, minimum, norm_dims, where

__all__ = ["METHODS"]


_SUM0, _SUM1 = N("SumBackward0"), N("SumBackward1")


_SUM_ALL = {"axis": None, "keepdims": False}


def _accumulated(t, dtype):
    """`t` cast to `dtype`, or, without one, bool and integer tensors as int64 (PyTorch
    sums, cumsums and multiplies them in int64; numpy would give uint64 for uint8)."""
    if dtype is not None:
        return t.to(dtype)
    if t._data.dtype.kind in "biu" and t._data.dtype != np.int64:
        return t.to(_dtypes.int64)
    return t


def _as_asked(out, dtype):
    """`out` in the `dtype` asked for (numpy sums small integers as int64; no node)."""
    if dtype is not None and out._data.dtype != _dtypes.as_dtype(dtype).np:
        return out.to(dtype)
    return out


def sum(self, dim=None, keepdim=False, dtype=None):
    """Sum of the elements, over all of them or along `dim`.

    Parameters
    ----------
    dim : int or sequence of int, optional
        The dimensions to reduce; all of them when None.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    dtype : funcgrad.dtype, optional
        Cast the input to this dtype first. Without it, bool and integer inputs
        (uint8 included) are summed as int64, as PyTorch does.

    Returns
    -------
    Tensor
        The sum; a 0-dim tensor when every dimension is reduced.

    Notes
    -----
    Records ``SumBackward0`` (no `dim`) or ``SumBackward1``; the backward
    broadcasts the incoming gradient back to the input's shape.

    See Also
    --------
    funcgrad.numpy.sum : the functional equivalent.
    """
    if dim is None and dtype is None and self._data.dtype.kind in "fc":   # the common case
        return unary(rd.reduce_sum, _SUM0, self, _SUM_ALL)
    t = _accumulated(self, dtype)
    axes = norm_dims(dim, t._data.ndim)
    if axes == () and dim is not None and t._data.ndim == 0:
        axes = None
    cls = _SUM0 if dim is None else _SUM1
    return _as_asked(unary(rd.reduce_sum, cls, t, {"axis": axes, "keepdims": bool(keepdim)}),
                     dtype)


def _reduced_count(shape, axes):
    if axes is None:
        return int(np.prod(shape))
    return int(np.prod([shape[a] for a in axes]))


def mean(self, dim=None, keepdim=False, dtype=None):
    """Arithmetic mean of the elements, over all of them or along `dim`.

    Parameters
    ----------
    dim : int or sequence of int, optional
        The dimensions to reduce; all of them when None.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    dtype : funcgrad.dtype, optional
        Cast the input to this dtype first.

    Returns
    -------
    Tensor
        The mean, of the input's floating point or complex dtype.

    Raises
    ------
    RuntimeError
        If the input (after `dtype`) is not floating point or complex: pass
        ``dtype=funcgrad.float32`` or convert with ``.float()`` first.

    Notes
    -----
    Records ``MeanBackward0`` (no `dim`) or ``MeanBackward1``; the backward spreads
    ``grad / n`` evenly over the n reduced elements.

    See Also
    --------
    funcgrad.numpy.mean : the functional equivalent.
    """
    t = self if dtype is None else self.to(dtype)
    if t._data.dtype.kind not in "fc":
        raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be either "
                           f"a floating point or complex dtype. Got: "
                           f"{t.dtype.legacy.replace('Tensor', '')}")
    x = t._data
    axes = norm_dims(dim, x.ndim)
    out = fix(xp_of(x).mean(x, axis=axes, keepdims=bool(keepdim)))
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
    """Variance of the elements, over all of them or along `dim`.

    Parameters
    ----------
    dim : int or sequence of int, optional
        The dimensions to reduce; all of them when None. A bool here is read as
        `unbiased` (the old ``var(unbiased)`` call).
    unbiased : bool, optional
        Bessel's correction (divide by n - 1) when True or None; divide by n when
        False. Ignored if `correction` is given.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    correction : int, optional
        Divide by ``n - correction`` (default 1).

    Returns
    -------
    Tensor
        The variance.

    Notes
    -----
    Records ``VarBackward0``; backward ``grad * 2 * (x - mean) / (n - correction)``,
    written with funcgrad ops so it can be differentiated again.

    See Also
    --------
    funcgrad.numpy.var : the functional equivalent.
    """
    x, axes, n, c = _moment_args(self, dim, unbiased, correction)
    out = fix(xp_of(x).var(x, axis=axes, ddof=c, keepdims=bool(keepdim)))

    def rule(g, y, x):
        centered = x - fnp.mean(x, axis=axes, keepdims=True)
        return (expand_reduced(g, x, axes, bool(keepdim)) * centered * (2.0 / (n - c)),)
    return rule_op(R("VarBackward0"), out, [self], rule, saved=[self])


def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation of the elements, over all of them or along `dim`.

    Parameters
    ----------
    dim : int or sequence of int, optional
        The dimensions to reduce; all of them when None. A bool here is read as
        `unbiased`.
    unbiased : bool, optional
        Bessel's correction (divide by n - 1) when True or None; divide by n when
        False. Ignored if `correction` is given.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    correction : int, optional
        Divide by ``n - correction`` (default 1).

    Returns
    -------
    Tensor
        The standard deviation.

    Notes
    -----
    Records ``StdBackward0``; backward ``grad * (x - mean) / (std * (n - correction))``.
    Where the standard deviation is 0 the gradient is 0, as in PyTorch
    (`funcgrad.numpy.std`'s is nan there, as JAX's).

    See Also
    --------
    funcgrad.numpy.std : the functional equivalent.
    """
    x, axes, n, c = _moment_args(self, dim, unbiased, correction)
    out = fix(xp_of(x).std(x, axis=axes, ddof=c, keepdims=bool(keepdim)))

    def rule(g, y, x):      # 0 where the spread is 0, as PyTorch (the 0/0 there is nan)
        centered = x - fnp.mean(x, axis=axes, keepdims=True)
        flat = y == 0
        per_unit = fnp.where(flat, 0.0, g / fnp.where(flat, 1.0, y * (n - c)))
        return (expand_reduced(per_unit, x, axes, bool(keepdim)) * centered,)
    return rule_op(R("StdBackward0"), out, [self], rule, saved=[self], save_result=True)


def prod(self, dim=None, keepdim=False, dtype=None):
    """Product of the elements, over all of them or along `dim`.

    Parameters
    ----------
    dim : int, optional
        The dimension to reduce; all of them when None.
    keepdim : bool, default False
        Keep the reduced dimension with size 1.
    dtype : funcgrad.dtype, optional
        Cast the input to this dtype first. Without it, bool and integer inputs
        are multiplied as int64, as PyTorch does.

    Returns
    -------
    Tensor
        The product.

    Notes
    -----
    Records ``ProdBackward0`` (no `dim`) or ``ProdBackward1``. The gradient of each
    element is the product of the others, exact also at zeros (with one zero, only
    that element's gradient is nonzero; with two or more, all are 0).

    See Also
    --------
    funcgrad.numpy.prod : the functional equivalent.
    """
    t = _accumulated(self, dtype)
    axes = norm_dims(dim, t._data.ndim)
    return _as_asked(unary(rd.reduce_prod, N("ProdBackward0" if dim is None else
                                             "ProdBackward1"), t,
                           {"axis": axes, "keepdims": bool(keepdim)}), dtype)


def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector p-norm of the elements, over all of them or along `dim`.

    Parameters
    ----------
    p : {"fro", None, float, inf}, default "fro"
        The order; "fro" and None mean 2.
    dim : int or sequence of int, optional
        The dimensions to reduce; all of them when None.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    dtype : funcgrad.dtype, optional
        Accepted for PyTorch compatibility and ignored.

    Returns
    -------
    Tensor
        The norm, of a floating point dtype (integer inputs use the default float).

    Notes
    -----
    Records ``LinalgVectorNormBackward0``. For p = 2 the backward is
    ``grad * x / norm``, and 0 where the norm is 0 (PyTorch's subgradient). Other
    orders are recorded as a composite of abs, power and sum (max for p = inf), so
    their derivative at 0 follows abs (0).

    See Also
    --------
    funcgrad.numpy.linalg.norm : the functional equivalent.
    """
    if p in ("fro", None):
        p = 2
    x = _float_data(self)
    axes = norm_dims(dim, x.ndim)
    if p == 2:
        xp = xp_of(x)
        out = fix(xp.sqrt(xp.sum(x * xp.conj(x), axis=axes, keepdims=bool(keepdim))).real
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
    """``log(sum(exp(x)))`` along `dim`, computed stably.

    Parameters
    ----------
    dim : int or sequence of int
        The dimensions to reduce (required, as in PyTorch).
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.

    Returns
    -------
    Tensor
        The reduced values; integer inputs give the default float dtype.

    Notes
    -----
    Records ``LogsumexpBackward0``; backward ``grad * exp(x - result)`` (the softmax).

    See Also
    --------
    funcgrad.scipy.special.logsumexp : the functional equivalent.
    """
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
    xp = xp_of(x)
    arg = (xp.argmax if is_max else xp.argmin)(x, axis=d, keepdims=True) if x.ndim else \
        xp.zeros((), np.int64)
    values = xp.take_along_axis(x, arg, axis=d) if x.ndim else x.copy()
    if not keepdim and x.ndim:
        values, arg = xp.squeeze(values, d), xp.squeeze(arg, d)
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
    xp = xp_of(arg)
    if keepdim:
        arg = xp.squeeze(arg, d)
    grids = sparse_indices(xp, arg.shape)
    grids.insert(d, arg)
    return tuple(grids)


def _scatter(g, shape, index):
    from funcgrad.primitives.indexing import scatter_add
    if index == ():
        return g
    return scatter_add(g, shape=shape, index=index)


def max(self, dim=None, keepdim=False):
    """Largest element, or largest along `dim` with its index, or an elementwise maximum.

    Parameters
    ----------
    dim : int or Tensor, optional
        Without it, the maximum of all elements. With an int, reduce along that
        dimension. A Tensor here means ``maximum(self, dim)``.
    keepdim : bool, default False
        Keep the reduced dimension with size 1.

    Returns
    -------
    Tensor or (values, indices)
        A 0-dim tensor without `dim`; with an int `dim`, the named pair
        ``funcgrad.return_types.max(values, indices)`` (indices int64).

    Raises
    ------
    RuntimeError
        If the tensor is empty and no `dim` is given.

    Notes
    -----
    Without `dim` records ``MaxBackward1``: the gradient is split evenly among tied
    maxima. With `dim` records ``MaxBackward0``: the gradient goes to the element
    at `indices` only (the first maximum), as in PyTorch.

    See Also
    --------
    funcgrad.numpy.max : the functional equivalent.
    """
    return _extremum(self, dim, keepdim, None, "max")


def min(self, dim=None, keepdim=False):
    """Smallest element, or smallest along `dim` with its index, or an elementwise minimum.

    Parameters
    ----------
    dim : int or Tensor, optional
        Without it, the minimum of all elements. With an int, reduce along that
        dimension. A Tensor here means ``minimum(self, dim)``.
    keepdim : bool, default False
        Keep the reduced dimension with size 1.

    Returns
    -------
    Tensor or (values, indices)
        A 0-dim tensor without `dim`; with an int `dim`, the named pair
        ``funcgrad.return_types.min(values, indices)`` (indices int64).

    Raises
    ------
    RuntimeError
        If the tensor is empty and no `dim` is given.

    Notes
    -----
    Without `dim` records ``MinBackward1``: the gradient is split evenly among tied
    minima. With `dim` records ``MinBackward0``: the gradient goes to the element
    at `indices` only (the first minimum).

    See Also
    --------
    funcgrad.numpy.min : the functional equivalent.
    """
    return _extremum(self, dim, keepdim, None, "min")


def _all_dims(dim, ndim):
    return None if dim is None or dim == () or dim == [] else norm_dims(dim, ndim)


def amax(self, dim=(), keepdim=False):
    """Largest element over `dim` (all dimensions by default), values only.

    Parameters
    ----------
    dim : int or sequence of int, default ()
        The dimensions to reduce; () or None reduce all of them.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.

    Returns
    -------
    Tensor
        The maxima.

    Notes
    -----
    Records ``AmaxBackward0``; the gradient is split evenly among tied maxima.

    See Also
    --------
    funcgrad.numpy.amax : the functional equivalent.
    """
    return unary(rd.reduce_max, N("AmaxBackward0"), self,
                 {"axis": _all_dims(dim, self._data.ndim), "keepdims": bool(keepdim)})


def amin(self, dim=(), keepdim=False):
    """Smallest element over `dim` (all dimensions by default), values only.

    Parameters
    ----------
    dim : int or sequence of int, default ()
        The dimensions to reduce; () or None reduce all of them.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.

    Returns
    -------
    Tensor
        The minima.

    Notes
    -----
    Records ``AminBackward0``; the gradient is split evenly among tied minima.

    See Also
    --------
    funcgrad.numpy.amin : the functional equivalent.
    """
    return unary(rd.reduce_min, N("AminBackward0"), self,
                 {"axis": _all_dims(dim, self._data.ndim), "keepdims": bool(keepdim)})


def argmax(self, dim=None, keepdim=False):
    """Index of the largest element (of the flattened tensor, or along `dim`).

    Parameters
    ----------
    dim : int, optional
        The dimension to reduce; the flattened tensor when None.
    keepdim : bool, default False
        Keep the reduced dimension with size 1 (only with `dim`).

    Returns
    -------
    Tensor
        int64 indices (the first occurrence on ties); not differentiable, the
        result never requires grad.

    See Also
    --------
    funcgrad.numpy.argmax : the functional equivalent.
    """
    xp = xp_of(self._data)
    out = xp.argmax(self._data, axis=dim, keepdims=bool(keepdim) if dim is not None else False)
    return plain(fix(xp.asarray(out, dtype=np.int64)))


def argmin(self, dim=None, keepdim=False):
    """Index of the smallest element (of the flattened tensor, or along `dim`).

    Parameters
    ----------
    dim : int, optional
        The dimension to reduce; the flattened tensor when None.
    keepdim : bool, default False
        Keep the reduced dimension with size 1 (only with `dim`).

    Returns
    -------
    Tensor
        int64 indices (the first occurrence on ties); never requires grad.

    See Also
    --------
    funcgrad.numpy.argmin : the functional equivalent.
    """
    xp = xp_of(self._data)
    out = xp.argmin(self._data, axis=dim, keepdims=bool(keepdim) if dim is not None else False)
    return plain(fix(xp.asarray(out, dtype=np.int64)))


def softmax(self, dim, dtype=None):
    """Softmax along `dim`: ``exp(x) / sum(exp(x))``, computed stably.

    Parameters
    ----------
    dim : int
        The dimension the probabilities sum to 1 along.
    dtype : funcgrad.dtype, optional
        Cast the input to this dtype first.

    Returns
    -------
    Tensor
        The probabilities; integer inputs give the default float dtype.

    Notes
    -----
    Records ``SoftmaxBackward0``; backward ``y * (grad - sum(grad * y, dim))`` with
    y the result.

    See Also
    --------
    funcgrad.scipy.special.softmax : the functional equivalent.
    """
    t = self if dtype is None else self.to(dtype)
    x = _float_data(t)
    d = norm_dims(dim, x.ndim)
    y = fix(xp_of(x).exp(x - _lse(x, d)))

    def rule(g, y):
        return (y * (g - fnp.sum(g * y, axis=d, keepdims=True)),)
    return rule_op(R("SoftmaxBackward0"), y, [t], rule, save_result=True)


def log_softmax(self, dim, dtype=None):
    """Logarithm of the softmax along `dim`: ``x - logsumexp(x, dim)``.

    Parameters
    ----------
    dim : int
        The dimension to normalize along.
    dtype : funcgrad.dtype, optional
        Cast the input to this dtype first.

    Returns
    -------
    Tensor
        The log-probabilities; integer inputs give the default float dtype.

    Notes
    -----
    Records ``LogSoftmaxBackward0``; backward ``grad - exp(y) * sum(grad, dim)``.

    See Also
    --------
    funcgrad.scipy.special.log_softmax : the functional equivalent.
    """
    t = self if dtype is None else self.to(dtype)
    x = _float_data(t)
    d = norm_dims(dim, x.ndim)
    y = fix(x - _lse(x, d))

    def rule(g, y):
        return (g - fnp.exp(y) * fnp.sum(g, axis=d, keepdims=True),)
    return rule_op(R("LogSoftmaxBackward0"), y, [t], rule, save_result=True)


def _lse(x, axes):
    xp = xp_of(x)
    m = xp.max(x, axis=axes, keepdims=True) if x.size else xp.zeros((1,) * x.ndim, x.dtype)
    m = xp.where(xp.isfinite(m), m, 0)
    return xp.log(xp.sum(xp.exp(x - m), axis=axes, keepdims=True)) + m


def cumsum(self, dim, dtype=None):
    """Cumulative sum along `dim`.

    Parameters
    ----------
    dim : int
        The dimension to accumulate along.
    dtype : funcgrad.dtype, optional
        Cast the input to this dtype first. Without it, bool and integer inputs
        (uint8 included) accumulate as int64, as PyTorch does.

    Returns
    -------
    Tensor
        The running sums, of the input's shape.

    Notes
    -----
    Records ``CumsumBackward0``; backward: the reversed cumulative sum of the gradient.

    See Also
    --------
    funcgrad.numpy.cumsum : the functional equivalent.
    """
    t = _accumulated(self, dtype)
    x = t._data
    d = norm_dims(dim, x.ndim)[0] if x.ndim else None
    out = xp_of(x).cumsum(x, axis=d) if x.ndim else x.copy()
    if out.dtype != x.dtype:    # numpy accumulates small integers as int64
        out = out.astype(x.dtype)

    def rule(g, y):
        return (_reverse_cumsum(g, d),)
    return rule_op(R("CumsumBackward0"), fix(out), [t], rule)


def _reverse_cumsum(g, d):
    if d is None:
        return g
    if isinstance(g, Tensor):
        return cumsum(g.flip(d), d).flip(d)
    xp = xp_of(g)
    return xp.flip(xp.cumsum(xp.flip(g, d), axis=d), d)


def trace(self):
    """Sum of the main diagonal of a 2-D tensor.

    Returns
    -------
    Tensor
        A 0-dim tensor.

    Notes
    -----
    Records ``TraceBackward0``; backward puts the gradient on the diagonal, 0 elsewhere.

    See Also
    --------
    funcgrad.numpy.trace : the functional equivalent.
    """
    x = self._data
    out = fix(xp_of(x).trace(x))
    shape = x.shape

    def rule(g, y):
        eye = xp_of(x).eye(shape[0], shape[1], dtype=bool)
        return (fnp.where(eye, g, 0 * g) if not isinstance(g, Tensor) else
                where(make(eye), g, 0.0),)
    return rule_op(R("TraceBackward0"), out, [self], rule)


def _tri(name, fn):
    def method(self, diagonal=0):
        xp = xp_of(self._data)
        mask = getattr(xp, fn)(xp.ones(self._data.shape[-2:], dtype=bool), diagonal)
        out = xp.where(mask, self._data, xp.zeros((), self._data.dtype))
        return rule_op(R(name), out, [self], lambda g, y: (fnp.where(mask, g, 0 * g),))
    method.__name__ = name
    return method


tril = _tri("TrilBackward0", "tril")
triu = _tri("TriuBackward0", "triu")


def diag(self, diagonal=0):
    """Diagonal matrix from a 1-D tensor, or the diagonal of a 2-D tensor.

    Parameters
    ----------
    diagonal : int, default 0
        Which diagonal: 0 the main one, positive above it, negative below.

    Returns
    -------
    Tensor
        For a 1-D input, a square matrix with the input on that diagonal;
        for a 2-D input, a 1-D copy of that diagonal (not a view).

    Notes
    -----
    Records ``DiagEmbedBackward0`` (1-D input; backward reads the diagonal of the
    gradient) or ``DiagonalBackward0`` (2-D input; backward scatters the gradient
    onto the diagonal).

    See Also
    --------
    funcgrad.numpy.diag : the functional equivalent.
    """
    x = self._data
    if x.ndim == 1:
        n = x.shape[0] + builtins.abs(diagonal)
        xp = xp_of(x)
        index = (xp.arange(x.shape[0]) + builtins.max(-diagonal, 0),
                 xp.arange(x.shape[0]) + builtins.max(diagonal, 0))
        out = xp.zeros((n, n), x.dtype)
        out[index] = x
        from funcgrad.primitives.indexing import getitem
        return rule_op(R("DiagEmbedBackward0"), out, [self],
                       lambda g, y: (getitem(g, index=index),))
    xp = xp_of(x)
    out = xp.diagonal(x, diagonal).copy()
    index = (xp.arange(out.shape[0]) + builtins.max(-diagonal, 0),
             xp.arange(out.shape[0]) + builtins.max(diagonal, 0))
    return rule_op(R("DiagonalBackward0"), out, [self],
                   lambda g, y: (_scatter(g, x.shape, index),))


METHODS = {
    "sum": sum, "mean": mean, "var": var, "std": std, "prod": prod, "norm": norm,
    "logsumexp": logsumexp, "max": max, "min": min, "amax": amax, "amin": amin,
    "argmax": argmax, "argmin": argmin, "softmax": softmax, "log_softmax": log_softmax,
    "cumsum": cumsum, "trace": trace, "tril": tril, "triu": triu, "diag": diag,
}
