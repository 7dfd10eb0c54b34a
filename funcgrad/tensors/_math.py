"""Tensor math: operators, elementwise functions, reductions, linear algebra, comparisons.

Each op is one primitive (`unary`/`binary`, backward = the primitive's vjp rule) or a
small composite with a backward written with funcgrad ops (`rule_op`); either way
the result's grad_fn carries PyTorch's node name. The functions are installed as
Tensor methods by `install()` and exported as `funcgrad.<name>` by the package.
"""
import builtins
import math

import numpy as np

from funcgrad import _dtypes
from funcgrad import numpy as fnp
from funcgrad.autograd.graph import PrimNode, RuleNode, TapeNode, node_class
from funcgrad.primitives import arithmetic as ar
from funcgrad.primitives import elementwise as el
from funcgrad.primitives import products as pr
from funcgrad.primitives import reductions as rd
from funcgrad.primitives.reductions import expand_reduced

from . import _return_types
from ._core import Tensor, make
from ._dispatch import (binary, cast, composite, fix, operands, plain, prim_op, rbinary,
                        rule_op, to_scalar, unary)

_SAVED = {"self": 0, "other": 1, "result": "ans"}
_POW_SAVED = {"self": 0, "exponent": 1, "result": "ans"}


def N(name, saved=_SAVED):
    """The PrimNode class named `name`."""
    return node_class(name, PrimNode, saved)


def R(name):
    """The RuleNode class named `name`."""
    return node_class(name, RuleNode)


def T(name):
    """The TapeNode class named `name` (a recorded composite)."""
    return node_class(name, TapeNode)


def as_tensor_arg(x):
    if isinstance(x, Tensor):
        return x
    from ._factories import tensor
    return tensor(x)


def norm_dims(dim, ndim):
    """None, an int or a sequence -> None or a sorted tuple of non-negative axes."""
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, (builtins.int, np.integer)) else tuple(dim)
    out = []
    for d in dims:
        d = int(d)
        if not -builtins.max(ndim, 1) <= d < builtins.max(ndim, 1):
            raise IndexError(f"Dimension out of range (expected to be in range of "
                             f"[{-builtins.max(ndim, 1)}, {builtins.max(ndim, 1) - 1}], but got {d})")
        out.append(d % builtins.max(ndim, 1))
    if ndim == 0:
        return ()
    return tuple(sorted(out))


# ---- arithmetic -------------------------------------------------------------------

MUL, ADD, SUB, DIV = N("MulBackward0"), N("AddBackward0"), N("SubBackward0"), N("DivBackward0")


def add(self, other, alpha=1):
    if alpha != 1:
        other = other * alpha
    return binary(ar.add, ADD, self, other)


def sub(self, other, alpha=1):
    if alpha != 1:
        other = other * alpha
    return binary(ar.subtract, SUB, self, other)


def rsub(self, other, alpha=1):
    if isinstance(other, Tensor):
        return sub(other, self, alpha)
    return rbinary(ar.subtract, N("RsubBackward1"), other, self * alpha if alpha != 1 else self)


def mul(self, other):
    return binary(ar.multiply, MUL, self, other)


def div(self, other, rounding_mode=None):
    if rounding_mode is None:
        with _quiet():
            return binary(ar.true_divide, DIV, self, other, floating=True)
    ops = operands(self, other)
    if ops is None:
        return NotImplemented
    a, b, bt = ops
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.true_divide(a, b)
        q = np.floor(q) if rounding_mode == "floor" else np.trunc(q)
    if a.dtype.kind in "iub":
        q = q.astype(a.dtype)
    inputs = [self] + ([bt] if bt is not None else [])
    return rule_op(R("DivBackward1"), fix(q), inputs,
                   lambda g, y: (fnp.zeros_like(g),) * len(inputs))


def rtruediv(self, other):
    return mul(reciprocal(self), other)


def _quiet_pow(fn):
    def method(*args):
        with _quiet():
            return fn(*args)
    method.__name__ = fn.__name__
    return method


def floordiv(self, other):
    return binary(ar.floor_divide, N("FloorDivideBackward0"), self, other)


def rfloordiv(self, other):
    return binary(ar.floor_divide, N("FloorDivideBackward0"), as_tensor_arg(other), self)


def remainder(self, other):
    return binary(ar.remainder, N("RemainderBackward0"), self, other)


def rremainder(self, other):
    return binary(ar.remainder, N("RemainderBackward0"), as_tensor_arg(other), self)


def pow(self, exponent):
    if isinstance(exponent, Tensor):
        if exponent._data.ndim == 0 and not exponent.requires_grad:
            exponent = exponent.item()
        else:
            return binary(ar.power, N("PowBackward1", _POW_SAVED), self, exponent)
    return _pow_scalar(self, exponent)


def _pow_scalar(self, exponent):
    """self ** exponent for a number: PyTorch's rule g * e * self**(e - 1) (0 where e == 0)."""
    e = to_scalar(exponent)
    if e is None:
        return NotImplemented
    ops = operands(self, e)
    x = ops[0]
    out = fix(x ** ops[1]) if x.dtype.kind in "fc" or not isinstance(e, builtins.int) or e >= 0 \
        else _int_negative_power()

    def rule(g, y, x):
        if e == 0:
            return (g * 0,)
        return (g * e * x ** (e - 1),)
    return rule_op(R("PowBackward0"), out, [self], rule, saved=[self],
                   named={"self": self, "exponent": e})


def _int_negative_power():
    raise RuntimeError("Integers to negative integer powers are not allowed.")


def rpow(self, base):
    return rbinary(ar.power, N("PowBackward2", _POW_SAVED), base, self)


pow = _quiet_pow(pow)
rpow = _quiet_pow(rpow)


def neg(self):
    return unary(ar.negative, N("NegBackward0"), self)


def square(self):
    return pow(self, 2)


def matmul(self, other):
    other = as_tensor_arg(other)
    a, b = self._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{a.ndim}D and {b.ndim}D")
    if a.dtype != b.dtype:
        names = {"float32": "float", "float64": "double", "int64": "long int"}
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{names.get(self.dtype.name, self.dtype.name)} != "
                           f"{names.get(other.dtype.name, other.dtype.name)}")
    if a.ndim == 1 and b.ndim == 2:   # PyTorch: (x.unsqueeze(0) @ M).squeeze(0)
        from ._shape import _reshape_view
        row = mm(self.unsqueeze(0), other)
        return _reshape_view(row, row._data.shape[1:], "SqueezeBackward4")
    name = {(1, 1): "DotBackward0", (2, 1): "MvBackward0",
            (2, 2): "MmBackward0"}.get((a.ndim, b.ndim), "UnsafeViewBackward0")
    return binary(pr.matmul, N(name), self, other)


def rmatmul(self, other):
    return matmul(as_tensor_arg(other), self)


def _check_dims(t, want, fn):
    if t._data.ndim != want:
        raise RuntimeError(f"{fn}: Expected {want}-D argument self, but got {t._data.ndim}-D")


def mm(self, mat2):
    _check_dims(self, 2, "mm")
    return binary(pr.matmul, N("MmBackward0"), self, mat2)


def mv(self, vec):
    return binary(pr.matmul, N("MvBackward0"), self, vec)


def dot(self, other):
    if self._data.ndim != 1 or other._data.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {self._data.ndim}D and "
                           f"{other._data.ndim}D tensors")
    return binary(pr.matmul, N("DotBackward0"), self, other)


def bmm(self, mat2):
    _check_dims(self, 3, "bmm")
    return binary(pr.matmul, N("BmmBackward0"), self, mat2)


def outer(self, vec2):
    return mul(self.reshape(-1, 1), vec2)


def addmm(input, mat1, mat2, beta=1, alpha=1):
    def fn(i, a, b):
        return beta * i + alpha * fnp.matmul(a, b)
    return composite(T("AddmmBackward0"), fn, [as_tensor_arg(input), mat1, mat2])


def einsum(equation, *operands_):
    if len(operands_) == 1 and isinstance(operands_[0], (list, tuple)):
        operands_ = tuple(operands_[0])
    return composite(T("ViewBackward0"), lambda *xs: fnp.einsum(equation, *xs),
                     list(operands_))


# ---- elementwise functions ---------------------------------------------------------

def _unary_method(prim, name, floating=True, quiet=False):
    """A Tensor method applying one elementwise primitive. `quiet` silences numpy's
    floating-point warnings (log(0), sqrt(-1)...): PyTorch returns inf/nan silently."""
    cls = N(name)

    if quiet:
        def method(self):
            with _quiet():
                return unary(prim, cls, self, floating=floating)
    else:
        def method(self):
            return unary(prim, cls, self, floating=floating)
    method.__name__ = name
    return method


def _quiet():
    return np.errstate(all="ignore")


exp = _unary_method(el.exp, "ExpBackward0", quiet=True)
log = _unary_method(el.log, "LogBackward0", quiet=True)
log1p = _unary_method(el.log1p, "Log1PBackward0", quiet=True)
expm1 = _unary_method(el.expm1, "Expm1Backward0", quiet=True)
sqrt = _unary_method(el.sqrt, "SqrtBackward0", quiet=True)
sin = _unary_method(el.sin, "SinBackward0")
cos = _unary_method(el.cos, "CosBackward0")
tan = _unary_method(el.tan, "TanBackward0", quiet=True)
asin = _unary_method(el.arcsin, "AsinBackward0", quiet=True)
acos = _unary_method(el.arccos, "AcosBackward0", quiet=True)
atan = _unary_method(el.arctan, "AtanBackward0")
sinh = _unary_method(el.sinh, "SinhBackward0", quiet=True)
cosh = _unary_method(el.cosh, "CoshBackward0", quiet=True)
tanh = _unary_method(el.tanh, "TanhBackward0")
sigmoid = _unary_method(el.sigmoid, "SigmoidBackward0")
abs = _unary_method(ar.absolute, "AbsBackward0", floating=False)
reciprocal = _unary_method(ar.reciprocal, "ReciprocalBackward0", quiet=True)
arcsin, arccos, arctan, absolute = asin, acos, atan, abs


def atan2(self, other):
    return binary(el.arctan2, N("Atan2Backward0"), self, other, floating=True)


arctan2 = atan2


def _float_data(t):
    d = t._data
    return d if d.dtype.kind in "fc" else d.astype(_dtypes.default_float().np)


def rsqrt(self):
    x = _float_data(self)
    return rule_op(R("RsqrtBackward0"), _quietly(lambda v: 1 / np.sqrt(v), x), [self],
                   lambda g, y: (g * (-0.5) * y * y * y,), save_result=True)


def exp2(self):
    return rule_op(R("Exp2Backward0"), np.exp2(_float_data(self)), [self],
                   lambda g, y: (g * y * math.log(2.0),), save_result=True)


def _log_base(name, fn, base):
    def method(self):
        return rule_op(R(name), fn(_float_data(self)), [self],
                       lambda g, y, x: (g / (x * math.log(base)),), saved=[self])
    return method


log2 = _log_base("Log2Backward0", lambda x: _quietly(np.log2, x), 2.0)
log10 = _log_base("Log10Backward0", lambda x: _quietly(np.log10, x), 10.0)


def _quietly(fn, *args):
    with _quiet():
        return fn(*args)

_erf = np.vectorize(math.erf, otypes=[np.float64])


def erf(self):
    x = _float_data(self)
    out = _erf(x).astype(x.dtype)
    return rule_op(R("ErfBackward0"), out, [self],
                   lambda g, y, x: (g * (2 / math.sqrt(math.pi)) * fnp.exp(-(x * x)),),
                   saved=[self])


def _zero_grad_rule(g, y):
    return (fnp.zeros_like(g),)


def _piecewise(prim, name):
    def method(self):
        return rule_op(R(name), fix(prim.impl(np, self._data)), [self], _zero_grad_rule)
    method.__name__ = name
    return method


floor = _piecewise(el.floor, "FloorBackward0")
ceil = _piecewise(el.ceil, "CeilBackward0")
trunc = _piecewise(el.trunc, "TruncBackward0")
sign = _piecewise(ar.sign, "SignBackward0")
fix_ = trunc


def round(self, decimals=0):
    return rule_op(R("RoundBackward0" if not decimals else "RoundBackward1"),
                   fix(np.round(self._data, decimals)), [self], _zero_grad_rule)


def relu(self):
    out = np.maximum(self._data, 0) if self._data.dtype.kind != "b" else self._data.copy()
    return rule_op(R("ReluBackward0"), fix(out), [self],
                   lambda g, y: (fnp.where(y > 0, g, 0 * g),), save_result=True)


def clamp(self, min=None, max=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        out = self
        if min is not None:
            out = maximum(out, min)
        if max is not None:
            out = minimum(out, max)
        return out
    return prim_op(ar.clip, N("ClampBackward1", {"self": 0, "min": 1, "max": 2}),
                   (self, min, max), argmap=(0,), dtype=_clamp_dtype(self, min, max))


def _clamp_dtype(t, lo, hi):
    d = t.dtype
    for v in (lo, hi):
        if isinstance(v, builtins.float) and d.kind not in "fc":
            return _dtypes.default_float()
    return d


def clamp_min(self, min):
    return prim_op(ar.clip, N("ClampMinBackward0", {"self": 0, "min": 1}), (self, min, None),
                   argmap=(0,), dtype=_clamp_dtype(self, min, None))


def clamp_max(self, max):
    return prim_op(ar.clip, N("ClampMaxBackward0", {"self": 0, "max": 2}), (self, None, max),
                   argmap=(0,), dtype=_clamp_dtype(self, None, max))


clip = clamp


def maximum(self, other):
    return binary(ar.maximum, N("MaximumBackward0"), self, as_tensor_arg(other))


def minimum(self, other):
    return binary(ar.minimum, N("MinimumBackward0"), self, as_tensor_arg(other))


def where(condition, input=None, other=None):
    if input is None and other is None:
        return tuple(plain(i) for i in np.nonzero(condition._data))
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    x = input if isinstance(input, Tensor) else None
    y = other if isinstance(other, Tensor) else None
    tensors = [t for t in (x, y) if t is not None]
    scalars = [_dtypes.scalar_dtype(v) for v in (input, other) if not isinstance(v, Tensor)]
    target = _dtypes.result_type([t.dtype for t in tensors if t._data.ndim],
                                 [t.dtype for t in tensors if not t._data.ndim], scalars)
    return prim_op(ar.where, N("WhereBackward0", {"condition": 0, "self": 1, "other": 2}),
                   (cond, input, other), argmap=(1, 2), dtype=target)


def lerp(self, end, weight):
    def fn(a, b, w):
        return a + w * (b - a)
    if isinstance(weight, Tensor):
        return composite(T("LerpBackward1"), fn, [self, as_tensor_arg(end), weight])
    return composite(T("LerpBackward0"), lambda a, b: fn(a, b, weight), [self, as_tensor_arg(end)])


def masked_fill(self, mask, value):
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    v = value.item() if isinstance(value, Tensor) else value
    out = np.where(m, np.asarray(v, dtype=self._data.dtype), self._data)
    return rule_op(R("MaskedFillBackward0"), out, [self],
                   lambda g, y: (fnp.where(m, 0 * g, g),))


# ---- reductions --------------------------------------------------------------------

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


def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, builtins.bool):
        unbiased, dim = dim, None
    c = _correction(unbiased, correction)
    x = self._data
    axes = norm_dims(dim, x.ndim)
    n = _reduced_count(x.shape, axes)
    out = fix(np.var(x, axis=axes, ddof=c, keepdims=bool(keepdim)))

    def rule(g, y, x):
        centered = x - fnp.mean(x, axis=axes, keepdims=True)
        return (expand_reduced(g, x, axes, bool(keepdim)) * centered * (2.0 / (n - c)),)
    return rule_op(R("VarBackward0"), out, [self], rule, saved=[self])


def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, builtins.bool):
        unbiased, dim = dim, None
    c = _correction(unbiased, correction)
    x = self._data
    axes = norm_dims(dim, x.ndim)
    n = _reduced_count(x.shape, axes)
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


# ---- comparisons and logical ops ---------------------------------------------------

def _compare(prim):
    def method(self, other):
        ops = operands(self, other)
        if ops is None:
            return NotImplemented
        return plain(fix(prim.impl(np, ops[0], ops[1])))
    return method


eq = _compare(ar.equal)
ne = _compare(ar.not_equal)
lt = _compare(ar.less)
le = _compare(ar.less_equal)
gt = _compare(ar.greater)
ge = _compare(ar.greater_equal)
logical_and = _compare(ar.logical_and)
logical_or = _compare(ar.logical_or)
logical_xor = _compare(ar.logical_xor)
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def logical_not(self):
    return plain(fix(np.logical_not(self._data)))


def bitwise_not(self):
    return plain(fix(np.invert(self._data)))


def _bitwise(fn):
    def method(self, other):
        ops = operands(self, other)
        if ops is None:
            return NotImplemented
        return plain(fix(fn(ops[0], ops[1])))
    return method


bitwise_and = _bitwise(np.bitwise_and)
bitwise_or = _bitwise(np.bitwise_or)
bitwise_xor = _bitwise(np.bitwise_xor)


def equal(self, other):
    return tuple(self.shape) == tuple(other.shape) and bool(np.array_equal(self._data, other._data))


def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(np.allclose(self._data, as_tensor_arg(other)._data, rtol, atol, equal_nan))


def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return plain(fix(np.isclose(self._data, as_tensor_arg(other)._data, rtol, atol, equal_nan)))


def isnan(self):
    return plain(fix(np.isnan(self._data)))


def isinf(self):
    return plain(fix(np.isinf(self._data)))


def isfinite(self):
    return plain(fix(np.isfinite(self._data)))


def all(self, dim=None, keepdim=False):
    return plain(fix(np.all(self._data, axis=dim, keepdims=bool(keepdim) if dim is not None else False)))


def any(self, dim=None, keepdim=False):
    return plain(fix(np.any(self._data, axis=dim, keepdims=bool(keepdim) if dim is not None else False)))


def count_nonzero(self, dim=None):
    return plain(fix(np.asarray(np.count_nonzero(self._data, axis=dim), dtype=np.int64)))


def nonzero(self, as_tuple=False):
    idx = np.nonzero(self._data)
    if as_tuple:
        return tuple(plain(i.astype(np.int64)) for i in idx)
    return plain(np.stack(idx, axis=-1).astype(np.int64) if idx else np.zeros((1, 0), np.int64))


METHODS = {
    "add": add, "sub": sub, "subtract": sub, "mul": mul, "multiply": mul, "div": div,
    "divide": div, "true_divide": div, "floor_divide": floordiv, "remainder": remainder,
    "fmod": remainder, "pow": pow, "neg": neg, "negative": neg, "square": square,
    "matmul": matmul, "mm": mm, "mv": mv, "dot": dot, "bmm": bmm, "outer": outer, "ger": outer,
    "exp": exp, "log": log, "log1p": log1p, "expm1": expm1, "sqrt": sqrt, "rsqrt": rsqrt,
    "sin": sin, "cos": cos, "tan": tan, "asin": asin, "acos": acos, "atan": atan,
    "arcsin": asin, "arccos": acos, "arctan": atan, "atan2": atan2, "arctan2": atan2,
    "sinh": sinh, "cosh": cosh, "tanh": tanh, "sigmoid": sigmoid, "abs": abs,
    "absolute": abs, "reciprocal": reciprocal, "exp2": exp2, "log2": log2, "log10": log10,
    "erf": erf, "floor": floor, "ceil": ceil, "trunc": trunc, "fix": trunc, "sign": sign,
    "round": round, "relu": relu, "clamp": clamp, "clip": clamp, "clamp_min": clamp_min,
    "clamp_max": clamp_max, "maximum": maximum, "minimum": minimum, "lerp": lerp,
    "masked_fill": masked_fill, "sum": sum, "mean": mean, "var": var, "std": std,
    "prod": prod, "norm": norm, "logsumexp": logsumexp, "max": max, "min": min,
    "amax": amax, "amin": amin, "argmax": argmax, "argmin": argmin, "softmax": softmax,
    "log_softmax": log_softmax, "cumsum": cumsum, "trace": trace, "tril": tril,
    "triu": triu, "diag": diag, "eq": eq, "ne": ne, "lt": lt, "le": le, "gt": gt, "ge": ge,
    "greater": gt, "greater_equal": ge, "less": lt, "less_equal": le, "not_equal": ne,
    "logical_and": logical_and, "logical_or": logical_or, "logical_xor": logical_xor,
    "logical_not": logical_not, "bitwise_not": bitwise_not, "bitwise_and": bitwise_and,
    "bitwise_or": bitwise_or, "bitwise_xor": bitwise_xor, "equal": equal,
    "allclose": allclose, "isclose": isclose, "isnan": isnan, "isinf": isinf,
    "isfinite": isfinite, "all": all, "any": any, "count_nonzero": count_nonzero,
    "nonzero": nonzero, "where": lambda self, condition, other: where(condition, self, other),
}

OPERATORS = {
    "__add__": add, "__radd__": add, "__sub__": sub, "__rsub__": rsub, "__mul__": mul,
    "__rmul__": mul, "__truediv__": div, "__rtruediv__": rtruediv, "__floordiv__": floordiv,
    "__rfloordiv__": rfloordiv, "__mod__": remainder, "__rmod__": rremainder,
    "__pow__": pow, "__rpow__": rpow, "__matmul__": matmul, "__rmatmul__": rmatmul,
    "__neg__": neg, "__abs__": abs, "__eq__": eq, "__ne__": ne, "__lt__": lt, "__le__": le,
    "__gt__": gt, "__ge__": ge, "__and__": bitwise_and, "__or__": bitwise_or,
    "__xor__": bitwise_xor, "__invert__": bitwise_not, "__pos__": lambda self: self,
    "__rand__": bitwise_and, "__ror__": bitwise_or,
}


def install():
    for name, fn in {**METHODS, **OPERATORS}.items():
        setattr(Tensor, name, fn)
    Tensor.__hash__ = object.__hash__   # __eq__ is elementwise; hashing stays by identity
