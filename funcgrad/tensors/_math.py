"""Tensor math: operators, elementwise functions, reductions, linear algebra, comparisons.

Each op is one primitive (`unary`/`binary`, backward = the primitive's vjp rule) or a
small composite with a backward written with funcgrad ops (`rule_op`); either way
the result's grad_fn carries PyTorch's node name. The functions are installed as
Tensor methods by `install()` and exported as `funcgrad.<name>` by the package.
"""
import builtins
import functools
import math

import numpy as np

from funcgrad import _dtypes
from funcgrad import numpy as fnp
from funcgrad.autograd.grad_mode import no_grad as _no_grad
from funcgrad.autograd.graph import PrimNode, RuleNode, TapeNode, node_class
from funcgrad.primitive import bind
from funcgrad.primitives import arithmetic as ar
from funcgrad.primitives import elementwise as el
from funcgrad.primitives import products as pr
from funcgrad.transforms.rules import unbroadcast

from ._core import Tensor
from ._devices import xp_of
from ._dispatch import (binary, composite, fix, module_of, operands, plain, prim_op, rbinary,
                        rule_op, to_scalar, unary)

_SAVED = {"self": 0, "other": 1, "result": "ans"}
_POW_SAVED = {"self": 0, "exponent": 1, "result": "ans"}


def N(name, saved=_SAVED):
    """The PrimNode class named `name` (node_class caches it)."""
    return node_class(name, PrimNode, saved)


@functools.lru_cache(maxsize=None)
def R(name):
    """The RuleNode class named `name`."""
    return node_class(name, RuleNode)


def T(name):
    """The TapeNode class named `name` (a recorded composite)."""
    return node_class(name, TapeNode)


def as_tensor_arg(x):
    """`x` itself when it is a Tensor, else ``funcgrad.tensor(x)``."""
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
            n = builtins.max(ndim, 1)
            raise IndexError(f"Dimension out of range (expected to be in range of "
                             f"[{-n}, {n - 1}], but got {d})")
        out.append(d % builtins.max(ndim, 1))
    if ndim == 0:
        return ()
    return tuple(sorted(out))


# ---- arithmetic -------------------------------------------------------------------

MUL, ADD, SUB, DIV = N("MulBackward0"), N("AddBackward0"), N("SubBackward0"), N("DivBackward0")


def check_alpha(self, other, alpha):
    """PyTorch's refusal of a float alpha when both operands are integral (or bool)."""
    if isinstance(alpha, float) and self._data.dtype.kind in "biu":
        kind = other._data.dtype.kind if isinstance(other, Tensor) else (
            "f" if isinstance(other, (float, complex)) else "i")
        if kind in "biu":
            raise RuntimeError("For integral input tensors, argument alpha must not be a "
                               "floating point number.")


def alpha_parts(self, other, alpha, sign):
    """self + sign * alpha * other for a Tensor `other`, as one node (PyTorch's
    AddBackward0 / SubBackward0 with alpha): (result array, inputs, rule)."""
    check_alpha(self, other, alpha)
    with _no_grad():
        out = binary(ar.add if sign > 0 else ar.subtract, ADD, self, other * alpha)._data
    scale = sign * alpha
    # shape and dtype of each input, without keeping its memory (add saves nothing)
    a, b = (np.broadcast_to(np.zeros((), t._data.dtype), t._data.shape) for t in (self, other))

    def rule(g, y):
        return unbroadcast(g, a), unbroadcast(g * scale, b)
    return out, [self, other], rule


def add(self, other, alpha=1):
    if alpha != 1:
        if isinstance(other, Tensor):
            out, inputs, rule = alpha_parts(self, other, alpha, 1)
            return rule_op(R("AddBackward0"), out, inputs, rule)
        other = other * alpha
    return binary(ar.add, ADD, self, other)


def sub(self, other, alpha=1):
    if alpha != 1:
        if isinstance(other, Tensor):
            out, inputs, rule = alpha_parts(self, other, alpha, -1)
            return rule_op(R("SubBackward0"), out, inputs, rule)
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
    xp = module_of(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = xp.true_divide(a, b)
        q = xp.floor(q) if rounding_mode == "floor" else xp.trunc(q)
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


def _no_derivative(g, y):
    raise RuntimeError("derivative for aten::floor_divide is not implemented")


def _floordiv(a, b, inputs):
    """a // b recorded as PyTorch records it: a ``NotImplemented`` node whose backward
    raises."""
    with _no_grad():
        out = binary(ar.floor_divide, N("FloorDivideBackward0"), a, b)
    if out is NotImplemented:
        return out
    return rule_op(R("NotImplemented"), out._data, [t for t in inputs if isinstance(t, Tensor)],
                   _no_derivative)


def floordiv(self, other):
    return _floordiv(self, other, [self, other])


def rfloordiv(self, other):
    return _floordiv(as_tensor_arg(other), self, [self])


def remainder(self, other):
    return binary(ar.remainder, N("RemainderBackward0"), self, other)


def rremainder(self, other):
    return binary(ar.remainder, N("RemainderBackward0"), as_tensor_arg(other), self)


def fmod(self, other):
    """C's fmod (the sign of self): FmodBackward0 (one edge) for a number, FmodBackward1."""
    if isinstance(other, Tensor):
        return binary(el.fmod, N("FmodBackward1"), self, other)
    return binary(el.fmod, N("FmodBackward0"), self, other, scalar_edge=False)


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
    k_a, k_b = a.shape[-1], b.shape[0 if b.ndim == 1 else -2]
    if k_a != k_b or (a.shape[:-2] != b.shape[:-2] and max(a.ndim, b.ndim) > 2):
        _check_matmul_shapes(a.shape, b.shape)
    if a.ndim == 1 and b.ndim == 2:   # PyTorch: (x.unsqueeze(0) @ M).squeeze(0)
        from ._shape import _reshape_view
        row = mm(self.unsqueeze(0), other)
        return _reshape_view(row, row._data.shape[1:], "SqueezeBackward4")
    name = {(1, 1): "DotBackward0", (2, 1): "MvBackward0",
            (2, 2): "MmBackward0"}.get((a.ndim, b.ndim), "UnsafeViewBackward0")
    return binary(pr.matmul, N(name), self, other)


def _check_matmul_shapes(sa, sb):
    """Raise PyTorch's message for matmul shapes that do not fit (it names the kernel
    matmul dispatches to: dot, mv, mm, or bmm over the broadcast batch)."""
    n = max(len(sa), len(sb)) - 2
    batch_a = (1,) * (n - len(sa[:-2])) + tuple(sa[:-2])
    batch_b = (1,) * (n - len(sb[:-2])) + tuple(sb[:-2])
    for i, (da, db) in enumerate(zip(batch_a, batch_b)):
        if da != db and 1 not in (da, db):
            raise RuntimeError(f"The size of tensor a ({da}) must match the size of tensor b "
                               f"({db}) at non-singleton dimension {i}")
    batch = [max(da, db) for da, db in zip(batch_a, batch_b)]
    k_a, k_b = sa[-1], sb[0 if len(sb) == 1 else -2]
    if k_a == k_b:
        return
    rows = int(np.prod(sa[:-1], dtype=np.int64))
    if len(sa) == 1 and len(sb) == 1:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{k_a}] and src [{k_b}] "
                           f"to have the same number of elements, but got {k_a} and {k_b} "
                           f"elements respectively")
    if len(sb) == 1:
        raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{k_a}), vec ({k_b})")
    if len(sb) == 2:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k_a} and "
                           f"{sb[0]}x{sb[1]})")
    n = int(np.prod(batch, dtype=np.int64))
    raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                       f"[{n}, {k_a}] but got: [{n}, {k_b}].")


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


def sigmoid(self):
    # PyTorch's rule reads only the result, g·y·(1 - y), so x may be updated in place
    y = bind(el.sigmoid, _float_data(self))
    return rule_op(R("SigmoidBackward0"), y, [self], lambda g, y: (g * y * (1 - y),),
                   save_result=True)


_real_abs = _unary_method(ar.absolute, "AbsBackward0", floating=False)


def abs(self):
    if self._data.dtype.kind == "c":
        from funcgrad.primitives.complex import complex_abs
        return unary(complex_abs, N("AbsBackward0"), self)
    return _real_abs(self)


def conj(self):
    if self._data.dtype.kind != "c":
        return self
    from funcgrad.primitives.complex import conj as conj_prim
    return unary(conj_prim, N("ConjBackward0"), self)
reciprocal = _unary_method(ar.reciprocal, "ReciprocalBackward0", quiet=True)
arcsin, arccos, arctan, absolute = asin, acos, atan, abs


def atan2(self, other):
    with _no_grad():        # the value, promoted and broadcast as every binary op
        out = binary(el.arctan2, N("Atan2Backward0"), self, other, floating=True)
    if out is NotImplemented:
        return out
    other_t = other if isinstance(other, Tensor) else None
    inputs = [self] + ([other_t] if other_t is not None else [])

    def rule(g, y, a, b):
        return atan2_cotangents(g, a, b, other_t is not None)
    return rule_op(R("Atan2Backward0"), out._data, inputs, rule, saved=[self, other])


def atan2_cotangents(g, a, b, b_records):
    """PyTorch's atan2 rule: ∂/∂a = b/(a²+b²), ∂/∂b = -a/(a²+b²), with 1/(a²+b²) := 0 at
    the origin (the primitive's rule, as JAX's, gives nan there)."""
    r = a * a + b * b
    recip = fnp.where(r == 0, 0.0, 1.0 / fnp.where(r == 0, 1.0, r))
    ga = unbroadcast(g * b * recip, a)
    return (ga, unbroadcast(-g * a * recip, b)) if b_records else (ga,)


arctan2 = atan2


def _float_data(t):
    d = t._data
    return d if d.dtype.kind in "fc" else d.astype(_dtypes.default_float().np)


def rsqrt(self):
    x = _float_data(self)
    return rule_op(R("RsqrtBackward0"), _quietly(lambda v: 1 / xp_of(v).sqrt(v), x), [self],
                   lambda g, y: (g * (-0.5) * y * y * y,), save_result=True)


def exp2(self):
    x = _float_data(self)
    return rule_op(R("Exp2Backward0"), xp_of(x).exp2(x), [self],
                   lambda g, y: (g * y * math.log(2.0),), save_result=True)


def _log_base(name, fn, base):
    def method(self):
        return rule_op(R(name), fn(_float_data(self)), [self],
                       lambda g, y, x: (g / (x * math.log(base)),), saved=[self])
    return method


log2 = _log_base("Log2Backward0", lambda x: _quietly(xp_of(x).log2, x), 2.0)
log10 = _log_base("Log10Backward0", lambda x: _quietly(xp_of(x).log10, x), 10.0)


def _quietly(fn, *args):
    with _quiet():
        return fn(*args)

_erf = np.vectorize(math.erf, otypes=[np.float64])


def erf(self):
    x = _float_data(self)
    if xp_of(x) is not np:       # device arrays: the array module's own erf
        from funcgrad.primitives.special import erf as erf_prim
        out = bind(erf_prim, x)
    else:
        out = _erf(x).astype(x.dtype)
    return rule_op(R("ErfBackward0"), out, [self],
                   lambda g, y, x: (g * (2 / math.sqrt(math.pi)) * fnp.exp(-(x * x)),),
                   saved=[self])


def _zero_grad_rule(g, y):
    return (fnp.zeros_like(g),)


def _piecewise(prim, name):
    def method(self):
        out = prim.impl(module_of(self._data), self._data)
        return rule_op(R(name), fix(out), [self], _zero_grad_rule)
    method.__name__ = name
    return method


floor = _piecewise(el.floor, "FloorBackward0")
ceil = _piecewise(el.ceil, "CeilBackward0")
trunc = _piecewise(el.trunc, "TruncBackward0")
sign = _piecewise(ar.sign, "SignBackward0")
fix_ = trunc


def round(self, decimals=0):
    return rule_op(R("RoundBackward0" if not decimals else "RoundBackward1"),
                   fix(xp_of(self._data).round(self._data, decimals)), [self], _zero_grad_rule)


def relu(self):
    out = xp_of(self._data).maximum(self._data, 0) if self._data.dtype.kind != "b" \
        else self._data.copy()
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
        return tuple(plain(i) for i in xp_of(condition._data).nonzero(condition._data))
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


def masked_fill_parts(self, mask, value):
    """What masked_fill and masked_fill_ record: (result array, node class, inputs, rule).
    A tensor `value` (0-dim) is an input too (MaskedFillBackward1): it receives the sum of
    the cotangent where the mask is True."""
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    xp = xp_of(self._data)
    if not isinstance(value, Tensor):
        out = xp.where(m, xp.asarray(value, dtype=self._data.dtype), self._data)
        return out, R("MaskedFillBackward0"), [self], lambda g, y: (fnp.where(m, 0 * g, g),)
    if value._data.ndim != 0:
        raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got "
                           f"tensor with {value._data.ndim} dimension(s).")
    v = value._data
    out = xp.where(m, xp.asarray(v).astype(self._data.dtype), self._data)
    v_dtype = v.dtype

    def rule(g, y):
        gv = fnp.sum(fnp.where(m, g, fnp.zeros_like(g)))
        if gv.dtype != v_dtype:
            gv = fnp.astype(gv, v_dtype)
        return fnp.where(m, 0 * g, g), gv
    return out, R("MaskedFillBackward1"), [self, value], rule


def masked_fill(self, mask, value):
    out, cls, inputs, rule = masked_fill_parts(self, mask, value)
    return rule_op(cls, out, inputs, rule)


# ---- comparisons and logical ops ---------------------------------------------------

def _compare(prim):
    def method(self, other):
        ops = operands(self, other)
        if ops is None:
            return NotImplemented
        return plain(fix(prim.impl(module_of(ops[0], ops[1]), ops[0], ops[1])))
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
    return plain(fix(xp_of(self._data).logical_not(self._data)))


def bitwise_not(self):
    return plain(fix(xp_of(self._data).invert(self._data)))


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
    if tuple(self.shape) != tuple(other.shape):
        return False
    return bool(xp_of(self._data).array_equal(self._data, other._data))


def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(xp_of(self._data).allclose(self._data, as_tensor_arg(other)._data, rtol, atol,
                                           equal_nan))


def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return plain(fix(xp_of(self._data).isclose(self._data, as_tensor_arg(other)._data, rtol,
                                               atol, equal_nan)))


def isnan(self):
    return plain(fix(xp_of(self._data).isnan(self._data)))


def isinf(self):
    return plain(fix(xp_of(self._data).isinf(self._data)))


def isfinite(self):
    return plain(fix(xp_of(self._data).isfinite(self._data)))


def all(self, dim=None, keepdim=False):
    keep = bool(keepdim) if dim is not None else False
    return plain(fix(xp_of(self._data).all(self._data, axis=dim, keepdims=keep)))


def any(self, dim=None, keepdim=False):
    keep = bool(keepdim) if dim is not None else False
    return plain(fix(xp_of(self._data).any(self._data, axis=dim, keepdims=keep)))


def count_nonzero(self, dim=None):
    xp = xp_of(self._data)
    return plain(fix(xp.asarray(xp.count_nonzero(self._data, axis=dim), dtype=np.int64)))


def nonzero(self, as_tuple=False):
    xp = xp_of(self._data)
    idx = xp.nonzero(self._data)
    if as_tuple:
        return tuple(plain(i.astype(np.int64)) for i in idx)
    return plain(xp.stack(idx, axis=-1).astype(np.int64) if idx else xp.zeros((1, 0), np.int64))


METHODS = {
    "add": add, "sub": sub, "subtract": sub, "mul": mul, "multiply": mul, "div": div,
    "divide": div, "true_divide": div, "floor_divide": floordiv, "remainder": remainder,
    "fmod": fmod, "pow": pow, "neg": neg, "negative": neg, "square": square,
    "matmul": matmul, "mm": mm, "mv": mv, "dot": dot, "bmm": bmm, "outer": outer, "ger": outer,
    "exp": exp, "log": log, "log1p": log1p, "expm1": expm1, "sqrt": sqrt, "rsqrt": rsqrt,
    "sin": sin, "cos": cos, "tan": tan, "asin": asin, "acos": acos, "atan": atan,
    "arcsin": asin, "arccos": acos, "arctan": atan, "atan2": atan2, "arctan2": atan2,
    "sinh": sinh, "cosh": cosh, "tanh": tanh, "sigmoid": sigmoid, "abs": abs,
    "absolute": abs, "conj": conj, "reciprocal": reciprocal, "exp2": exp2, "log2": log2,
    "log10": log10,
    "erf": erf, "floor": floor, "ceil": ceil, "trunc": trunc, "fix": trunc, "sign": sign,
    "round": round, "relu": relu, "clamp": clamp, "clip": clamp, "clamp_min": clamp_min,
    "clamp_max": clamp_max, "maximum": maximum, "minimum": minimum, "lerp": lerp,
    "masked_fill": masked_fill, "eq": eq, "ne": ne, "lt": lt, "le": le, "gt": gt, "ge": ge,
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


from ._reductions import METHODS as _REDUCTIONS  # noqa: E402  (uses this module's helpers)

METHODS.update(_REDUCTIONS)

from . import _math_docs  # noqa: E402  (the docstrings of the methods above)

_math_docs.apply(METHODS, globals())


def install():
    """Set this module's methods on the Tensor class."""
    for name, fn in {**METHODS, **OPERATORS}.items():
        setattr(Tensor, name, fn)
    Tensor.__hash__ = object.__hash__   # __eq__ is elementwise; hashing stays by identity
