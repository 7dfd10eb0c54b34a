"""funcgrad.nn.functional: activations and losses on Tensors, with PyTorch's node names.

Each function computes its value with numpy and records one node whose backward is
written with funcgrad ops (so double backward works); composites PyTorch itself
builds from other ops (l1_loss, cross_entropy) are built the same way here.
"""
import math

import numpy as np

from funcgrad import numpy as fnp
from funcgrad.autograd.graph import RuleNode, node_class
from funcgrad.tensors._core import Tensor
from funcgrad.tensors._dispatch import rule_op
from funcgrad.tensors._math import addmm, as_tensor_arg
from funcgrad.tensors._reductions import log_softmax as _log_softmax, softmax as _softmax

__all__ = ["relu", "relu_", "leaky_relu", "gelu", "elu", "softplus", "sigmoid", "tanh",
           "softmax", "log_softmax", "linear", "mse_loss", "l1_loss", "nll_loss",
           "cross_entropy", "binary_cross_entropy", "binary_cross_entropy_with_logits",
           "dropout"]


def R(name):
    return node_class(name, RuleNode)


def _float(x):
    d = x._data
    return d if d.dtype.kind in "fc" else d.astype(np.float32)


def relu(input, inplace=False):
    return input.relu_() if inplace else input.relu()


def relu_(input):
    return input.relu_()


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    return _softmax(input, _default_dim(input, dim), dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    return _log_softmax(input, _default_dim(input, dim), dtype)


def _default_dim(input, dim):
    if dim is not None:
        return dim
    return 0 if input.dim() in (0, 1, 3) else 1


def leaky_relu(input, negative_slope=0.01, inplace=False):
    x = _float(input)
    out = np.where(x > 0, x, x * np.asarray(negative_slope, x.dtype))

    def rule(g, y, x):
        return (fnp.where(x > 0, g, g * negative_slope),)
    return rule_op(R("LeakyReluBackward0"), out, [input], rule, saved=[input])


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _erf_array(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype)


def gelu(input, approximate="none"):
    x = _float(input)
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)
        out = 0.5 * x * (1 + np.tanh(inner))

        def rule(g, y, x):
            k = _SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)
            t = fnp.tanh(k)
            dk = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x)
            return (g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dk),)
    else:
        out = 0.5 * x * (1 + _erf_array(x / math.sqrt(2.0)))

        def rule(g, y, x):
            cdf = _cdf(x)
            pdf = fnp.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
            return (g * (cdf + x * pdf),)
    return rule_op(R("GeluBackward0"), out.astype(x.dtype), [input], rule, saved=[input])


def _cdf(x):
    if isinstance(x, Tensor):
        return 0.5 * (1 + (x / math.sqrt(2.0)).erf())
    return 0.5 * (1 + _erf_array(x / math.sqrt(2.0)))


def elu(input, alpha=1.0, inplace=False):
    x = _float(input)
    out = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype)

    def rule(g, y, x):
        return (fnp.where(x > 0, g, g * (y + alpha)),)
    return rule_op(R("EluBackward0"), out, [input], rule, saved=[input], save_result=True)


def softplus(input, beta=1.0, threshold=20.0):
    x = _float(input)
    bx = beta * x
    out = np.where(bx > threshold, x,
                   (np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))) / beta).astype(x.dtype)

    def rule(g, y, x):
        z = beta * x
        return (fnp.where(z > threshold, g, g * fnp.sigmoid(z)),)
    return rule_op(R("SoftplusBackward0"), out, [input], rule, saved=[input])


def linear(input, weight, bias=None):
    if bias is not None and input.dim() == 2:
        return addmm(bias, input, weight.t())
    out = input.matmul(weight.t())
    return out + bias if bias is not None else out


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _reduced_value(values, reduction):
    if reduction == "mean":
        return np.asarray(values.mean(), dtype=values.dtype)
    if reduction == "sum":
        return np.asarray(values.sum(), dtype=values.dtype)
    return values


def _reduction_grad(g, shape, reduction, n):
    if reduction == "none":
        return g
    g = fnp.broadcast_to(g, shape)
    return g / n if reduction == "mean" else g


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    target = as_tensor_arg(target)
    diff = input._data - target._data
    shape, n = diff.shape, max(diff.size, 1)
    out = _reduced_value(diff * diff, reduction)

    def rule(g, y, a, b):
        d = _reduction_grad(g, shape, reduction, n) * 2 * (a - b)
        return (d, -d)
    return rule_op(R("MseLossBackward0"), out, [input, target], rule, saved=[input, target])


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _reduce((input - as_tensor_arg(target)).abs(), reduction)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    x = input._data
    t = target._data.astype(np.int64)
    classes = x.shape[1] if x.ndim > 1 else x.shape[0]
    w = weight._data if weight is not None else np.ones(classes, x.dtype)
    valid = t != ignore_index
    safe_t = np.where(valid, t, 0)
    if x.ndim == 1:
        index = (safe_t,)
        picked = x[safe_t]
    else:
        grids = list(np.indices(t.shape, sparse=True))
        index = (grids[0], safe_t) + tuple(grids[1:])
        picked = x[index]
    weights = np.where(valid, w[safe_t], 0).astype(x.dtype)
    losses = -picked * weights
    total = weights.sum()
    if reduction == "mean":
        out = np.asarray(losses.sum() / total, dtype=x.dtype)
    else:
        out = _reduced_value(losses, reduction)
    shape = x.shape

    def rule(g, y):
        from funcgrad.primitives.indexing import scatter_add
        scale = -weights / total if reduction == "mean" else -weights
        per = (fnp.broadcast_to(g, weights.shape) if reduction != "none" else g) * scale
        return (scatter_add(per, shape=shape, index=index),)
    return rule_op(R("NllLossBackward0"), out, [input], rule)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    if target.is_floating_point():
        logp = log_softmax(input, 1 if input.dim() > 1 else 0)
        return _reduce(-(logp * target).sum(1 if input.dim() > 1 else 0), reduction)
    return nll_loss(log_softmax(input, 1 if input.dim() > 1 else 0), target, weight,
                    ignore_index=ignore_index, reduction=reduction)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    target = as_tensor_arg(target)
    x, t = input._data, target._data
    log_x = np.maximum(np.log(x), -100)
    log_1mx = np.maximum(np.log1p(-x), -100)
    losses = -(t * log_x + (1 - t) * log_1mx)
    if weight is not None:
        losses = losses * weight._data
    out = _reduced_value(losses.astype(x.dtype), reduction)
    shape, n = losses.shape, max(losses.size, 1)

    def rule(g, y, x, t):
        eps = 1e-12
        d = (x - t) / fnp.maximum(x * (1 - x), eps)
        if weight is not None:
            d = d * weight._data
        return (_reduction_grad(g, shape, reduction, n) * d, None)
    return rule_op(R("BinaryCrossEntropyBackward0"), out, [input, target], rule,
                   saved=[input, target])


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
                                     reduce=None, reduction="mean", pos_weight=None):
    target = as_tensor_arg(target)
    x, t = input._data, target._data
    losses = np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))
    if weight is not None:
        losses = losses * weight._data
    out = _reduced_value(losses.astype(x.dtype), reduction)
    shape, n = losses.shape, max(losses.size, 1)

    def rule(g, y, x, t):
        d = fnp.sigmoid(x) - t
        if weight is not None:
            d = d * weight._data
        gg = _reduction_grad(g, shape, reduction, n)
        return (gg * d, -gg * x)
    return rule_op(R("BinaryCrossEntropyWithLogitsBackward0"), out, [input, target], rule,
                   saved=[input, target])


def dropout(input, p=0.5, training=True, inplace=False):
    if not training or p == 0:
        return input
    from funcgrad.tensors._factories import default_generator
    keep = default_generator.rng.random(input.shape) >= p
    mask = keep.astype(input._data.dtype) / (1 - p)
    return input * Tensor._make(mask, False, None)
