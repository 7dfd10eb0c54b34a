"""In-place Tensor ops: `add_`, `mul_`, `zero_`, `copy_`, setitem, `x += 1`...

Each writes into the tensor's array (views and detach() aliases see the change),
bumps the shared version counter, and, when recording, makes its node the
tensor's new history: on a view, the base gets a `CopySlices` node and the view
regenerates its grad_fn (AsStridedBackward0). PyTorch's refusals (leaves that
require grad, views of them, multi-output views, no_grad views, inference tensors)
are in `_dispatch.check_inplace`.
"""
import functools

import numpy as np

from funcgrad import numpy as fnp
from funcgrad.autograd.grad_mode import no_grad as _no_grad
from funcgrad.autograd.graph import (NO_EDGE, PrimNode, RuleNode, make_copy_node,
                                     make_prim_node, make_rule_node, node_class)
from funcgrad.primitives import arithmetic as ar
from funcgrad.primitives import elementwise as el
from funcgrad.primitives import shape as sh
from funcgrad.primitives.indexing import getitem as getitem_prim
from funcgrad.transforms.rules import unbroadcast

from . import _devices
from ._core import Tensor
from ._devices import xp_of
from ._dispatch import (check_castable, check_inplace, commit_inplace, inplace_prim,
                        inplace_rule, recording, rebase_history, rg, to_scalar)
from ._math import atan2_cotangents
from ._shape import _parse_index, basic_view, normalize_index

__all__ = ["METHODS", "install"]

_SAVED = {"self": 0, "other": 1, "result": "ans"}


@functools.lru_cache(maxsize=None)
def N(name):
    return node_class(name, PrimNode, _SAVED)


@functools.lru_cache(maxsize=None)
def R(name):
    return node_class(name, RuleNode)


def _tensor_arg(x):
    if isinstance(x, Tensor):
        return x
    s = to_scalar(x)
    if s is not None:
        return s
    from ._factories import tensor
    return tensor(x)


def _binary_(prim, name, floating=False):
    cls = N(name)
    sign = {"AddBackward0": 1, "SubBackward0": -1}.get(name)

    def method(self, other, *, alpha=1):
        other = _tensor_arg(other)
        if alpha != 1:
            if sign is not None and isinstance(other, Tensor):   # one node, as PyTorch
                from ._math import alpha_parts
                check_inplace(self)
                out, inputs, rule = alpha_parts(self, other, alpha, sign)
                if out.shape != self._data.shape:
                    raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't "
                                       f"match the broadcast shape {list(out.shape)}")
                return inplace_rule(self, out, R(name), inputs, rule)
            other = other * alpha
        return inplace_prim(self, prim, cls, (other,), floating=floating)
    method.__name__ = name
    return method


add_ = _binary_(ar.add, "AddBackward0")
sub_ = _binary_(ar.subtract, "SubBackward0")
mul_ = _binary_(ar.multiply, "MulBackward0")
div_ = _binary_(ar.true_divide, "DivBackward0", floating=True)


def atan2_(self, other):
    """In-place atan2 with Tensor.atan2's rule (gradient 0 at the origin, as PyTorch)."""
    other = _tensor_arg(other)
    with _no_grad():
        out = self.atan2(other)._data
    a = self._data.copy()               # the rule reads self's value before the update
    other_t = other if isinstance(other, Tensor) else None

    def rule(g, y, b):
        return atan2_cotangents(g, a, b, other_t is not None)
    inputs = [self] + ([other_t] if other_t is not None else [])
    return inplace_rule(self, out, R("Atan2Backward0"), inputs, rule, saved=[other])


def pow_(self, exponent):
    name = "PowBackward1" if isinstance(exponent, Tensor) else "PowBackward0"
    return inplace_prim(self, ar.power, node_class(name, PrimNode, {"self": 0, "exponent": 1}),
                        (_tensor_arg(exponent),))


def fmod_(self, other):
    """In-place fmod: FmodBackward1 for a tensor `other`, FmodBackward0 (one edge) for a number."""
    if isinstance(other, Tensor):
        return inplace_prim(self, el.fmod, N("FmodBackward1"), (other,))
    return inplace_prim(self, el.fmod, N("FmodBackward0"), (_tensor_arg(other),), argmap=(0,))


def remainder_(self, other):
    """In-place remainder (Python's %, the sign of other): RemainderBackward0."""
    return inplace_prim(self, ar.remainder, N("RemainderBackward0"), (_tensor_arg(other),))


def _unary_(prim, name):
    cls = N(name)

    def method(self):
        return inplace_prim(self, prim, cls, floating=True)
    method.__name__ = name
    return method


exp_ = _unary_(el.exp, "ExpBackward0")
log_ = _unary_(el.log, "LogBackward0")
sqrt_ = _unary_(el.sqrt, "SqrtBackward0")
sin_ = _unary_(el.sin, "SinBackward0")
cos_ = _unary_(el.cos, "CosBackward0")
tanh_ = _unary_(el.tanh, "TanhBackward0")
sigmoid_ = _unary_(el.sigmoid, "SigmoidBackward0")
reciprocal_ = _unary_(ar.reciprocal, "ReciprocalBackward0")
neg_ = _unary_(ar.negative, "NegBackward0")
abs_ = _unary_(ar.absolute, "AbsBackward0")
log1p_ = _unary_(el.log1p, "Log1PBackward0")
expm1_ = _unary_(el.expm1, "Expm1Backward0")


def square_(self):
    return pow_(self, 2)


def clamp_(self, min=None, max=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    name = "ClampBackward1" if min is not None and max is not None else (
        "ClampMinBackward0" if max is None else "ClampMaxBackward0")
    return inplace_prim(self, ar.clip, N(name), (min, max), argmap=(0,))


def clamp_min_(self, min):
    return clamp_(self, min, None)


def clamp_max_(self, max):
    return clamp_(self, None, max)


def relu_(self):
    mask = self._data > 0
    xp = xp_of(self._data)
    out = xp.where(mask, self._data, xp.zeros((), self._data.dtype))
    return inplace_rule(self, out, R("ReluBackward0"), [self],
                        lambda g, y: (fnp.where(mask, g, 0 * g),))


def _zero_rule(g, y):
    """The input's values are overwritten: it gets a zero gradient (PyTorch's zeros, not
    nothing: the earlier graph still runs and leaves get 0)."""
    return (fnp.zeros_like(g),)


def zero_(self):
    check_inplace(self)
    return inplace_rule(self, xp_of(self._data).zeros_like(self._data), R("ZeroBackward0"),
                        [self], _zero_rule)


def fill_(self, value):
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value._data.ndim} dimensions.")
        out = xp_of(self._data).full_like(self._data, value.item())
        return inplace_rule(self, out, R("FillBackward3"), [self, value],
                            lambda g, y: (fnp.zeros_like(g), fnp.sum(g)))
    out = xp_of(self._data).full_like(self._data, value)
    return inplace_rule(self, out, R("FillBackward2"), [self], _zero_rule)


def copy_(self, src, non_blocking=False):
    """self[...] = src (broadcast, cast to self's dtype): CopyBackwards."""
    check_inplace(self)
    src_t = src if isinstance(src, Tensor) else Tensor._from_value(src)
    data = _devices.move(src_t._data, _devices.device_name(self._data))  # copies across devices
    try:
        out = xp_of(data).broadcast_to(data, self._data.shape).astype(self._data.dtype,
                                                                      copy=False)
    except ValueError:
        shape = list(np.broadcast_shapes(data.shape, self._data.shape))
        raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the "
                           f"broadcast shape {shape}") from None
    node = None
    if recording(self, src_t):
        node = make_copy_node(self._edge(), src_t._edge(), data)
    return commit_inplace(self, out, node)


def _random_(draw, name):
    cls = R(name)

    def method(self, *args, generator=None, **kwargs):
        from ._factories import default_generator
        check_inplace(self)
        rng = (generator or default_generator).rng
        out = np.asarray(draw(rng, self._data.shape, *args, **kwargs)).astype(self._data.dtype)
        out = _devices.move(out, _devices.device_name(self._data))
        return inplace_rule(self, out, cls, [self], _zero_rule)
    return method


uniform_ = _random_(lambda rng, shape, a=0.0, b=1.0: rng.uniform(a, b, shape),
                    "UniformBackward0")
normal_ = _random_(lambda rng, shape, mean=0.0, std=1.0: rng.normal(mean, std, shape),
                   "NormalBackward0")


def masked_fill_(self, mask, value):
    from ._math import masked_fill_parts
    out, cls, inputs, rule = masked_fill_parts(self, mask, value)
    return inplace_rule(self, out, cls, inputs, rule)


def _metadata_(self, new_data, cls, prim, params):
    """An in-place change of shape (t_, unsqueeze_): same memory, new layout."""
    check_inplace(self)
    node = None
    if recording(self):
        node = make_prim_node(cls, prim, params, (self,), (self._data,), new_data,
                              (self._edge(),), (0,))
    self._data = new_data
    self._bump()
    if node is not None:
        rebase_history(self, node)
    return self


def t_(self):
    axes = tuple(reversed(range(self._data.ndim)))
    return _metadata_(self, self._data.transpose(axes), N("TBackward1"), sh.transpose,
                      {"axes": axes})


def unsqueeze_(self, dim):
    shape = list(self._data.shape)
    shape.insert(dim % (len(shape) + 1), 1)
    return _metadata_(self, self._data.reshape(shape), N("UnsqueezeBackward1"), sh.reshape,
                      {"shape": tuple(shape)})


def squeeze_(self, dim=None):
    shape = self._data.shape
    if dim is None:
        new = tuple(n for n in shape if n != 1)
    else:
        d = dim % max(len(shape), 1)
        new = tuple(n for i, n in enumerate(shape) if not (i == d and n == 1))
    return _metadata_(self, self._data.reshape(new), N("SqueezeBackward2"), sh.reshape,
                      {"shape": new})


# ---- setitem ---------------------------------------------------------------------

def _strip_leading_ones(value, ndim):
    """PyTorch drops a value's leading size-1 dims that the destination lacks."""
    if isinstance(value, Tensor):
        shape = value._data.shape
        lead = 0
        while len(shape) - lead > ndim and shape[lead] == 1:
            lead += 1
        if lead:
            return value.reshape(shape[lead:])
    return value


def _split_mixed(idx, ndim):
    """A mixed index as (basic part, advanced part for the view the basic part makes).

    PyTorch applies ints, slices and None first (a view) and then index_put on that
    view, so `y[[0, 2], 1] = v` rebases y's history through CopySlices."""
    n_real = sum(1 for i in idx if i is not None and i is not Ellipsis)
    basic, advanced, dim = [], [], 0
    for i in idx:
        if i is Ellipsis:
            skip = ndim - n_real
            basic.append(Ellipsis)
            advanced.extend([slice(None)] * skip)
            dim += skip
        elif i is None:
            basic.append(None)
            advanced.append(slice(None))
        elif isinstance(i, int):
            basic.append(i)
        elif isinstance(i, slice):
            basic.append(i)
            advanced.append(slice(None))
        else:
            basic.append(slice(None))
            advanced.append(i)
    return tuple(basic), tuple(advanced)


def setitem(self, index, value):
    idx, basic = _parse_index(index)
    if basic:
        view = basic_view(self, idx)
        copy_(view, _strip_leading_ones(value, view._data.ndim))
        return
    if any(isinstance(i, int) or (isinstance(i, slice) and i != slice(None)) or i is None
           for i in idx):
        basic_part, advanced_part = _split_mixed(idx, self._data.ndim)
        return _index_put(basic_view(self, basic_part), advanced_part, value)
    return _index_put(self, idx, value)


def _index_put(self, idx, value):
    """self[idx] = value for an advanced index: IndexPutBackward0."""
    check_inplace(self)
    nidx = normalize_index(idx, self._data)
    value_t = value if isinstance(value, Tensor) else None
    vdata = value._data if value_t is not None else np.asarray(to_scalar(value) if
                                                               to_scalar(value) is not None
                                                               else value)
    out = self._data.copy()
    out[nidx] = vdata
    check_castable(self, out)
    node = None
    if recording(self, value_t):
        mask = xp_of(self._data).zeros(self._data.shape, dtype=bool)
        mask[nidx] = True
        value_meta = vdata

        def rule(g, y):
            g_self = fnp.where(mask, 0 * g, g)
            g_value = None
            if value_t is not None and rg(value_t):
                g_value = unbroadcast(getitem_prim(g, index=nidx), value_meta)
            return (g_self, g_value)
        edges = (self._edge(), value_t._edge() if value_t is not None else NO_EDGE)
        node = make_rule_node(R("IndexPutBackward0"), rule, edges)
    commit_inplace(self, out, node)


def _inplace_operator(method):
    def operator(self, other):
        return method(self, other)
    return operator


METHODS = {
    "add_": add_, "sub_": sub_, "subtract_": sub_, "mul_": mul_, "multiply_": mul_,
    "div_": div_, "divide_": div_, "true_divide_": div_, "pow_": pow_, "atan2_": atan2_,
    "fmod_": fmod_, "remainder_": remainder_,
    "exp_": exp_, "log_": log_, "sqrt_": sqrt_, "sin_": sin_, "cos_": cos_, "tanh_": tanh_,
    "sigmoid_": sigmoid_, "reciprocal_": reciprocal_, "neg_": neg_, "negative_": neg_,
    "abs_": abs_, "log1p_": log1p_, "expm1_": expm1_, "square_": square_, "clamp_": clamp_,
    "clip_": clamp_, "clamp_min_": clamp_min_, "clamp_max_": clamp_max_, "relu_": relu_,
    "zero_": zero_, "fill_": fill_, "copy_": copy_, "uniform_": uniform_, "normal_": normal_,
    "masked_fill_": masked_fill_, "t_": t_, "unsqueeze_": unsqueeze_, "squeeze_": squeeze_,
    "__setitem__": setitem, "__iadd__": _inplace_operator(add_),
    "__isub__": _inplace_operator(sub_), "__imul__": _inplace_operator(mul_),
    "__itruediv__": _inplace_operator(div_), "__ipow__": _inplace_operator(pow_),
}

from . import _inplace_docs  # noqa: E402  (the docstrings of the methods above)

_inplace_docs.apply(METHODS)


def _from_value(value):
    from ._factories import tensor
    if isinstance(value, np.ndarray):
        from ._core import make
        return make(value)
    return tensor(value)


def install():
    """Set this module's methods on the Tensor class."""
    for name, fn in METHODS.items():
        setattr(Tensor, name, fn)
    Tensor._from_value = staticmethod(_from_value)
