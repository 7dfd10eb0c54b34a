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
from funcgrad.tensors._devices import check_same, sparse_indices, xp_of
from funcgrad.tensors._dispatch import rule_op
from funcgrad.tensors._math import addmm, as_tensor_arg
from funcgrad.tensors._shape import unsafe_view as _unsafe_view
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
    """Rectified linear unit ``max(input, 0)``.

    Parameters
    ----------
    input : Tensor
        The input.
    inplace : bool, default False
        Modify `input` in place (``input.relu_()``).

    Returns
    -------
    Tensor
        The result (`input` itself when inplace).

    Notes
    -----
    Records ``ReluBackward0``; the gradient is 0 at the kink x = 0, as in PyTorch.

    Examples
    --------
    >>> import funcgrad as fg
    >>> import funcgrad.nn.functional as F
    >>> F.relu(fg.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """
    return input.relu_() if inplace else input.relu()


def relu_(input):
    """In-place `relu`: ``input.relu_()``.

    Parameters
    ----------
    input : Tensor
        The tensor to modify (bumps its version counter).

    Returns
    -------
    Tensor
        `input`.
    """
    return input.relu_()


def sigmoid(input):
    """Logistic sigmoid, ``input.sigmoid()`` (``SigmoidBackward0``).

    Parameters
    ----------
    input : Tensor
        The input.

    Returns
    -------
    Tensor
    """
    return input.sigmoid()


def tanh(input):
    """Hyperbolic tangent, ``input.tanh()`` (``TanhBackward0``).

    Parameters
    ----------
    input : Tensor
        The input.

    Returns
    -------
    Tensor
    """
    return input.tanh()


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Softmax along `dim` (``SoftmaxBackward0``); see `funcgrad.Tensor.softmax`.

    Parameters
    ----------
    input : Tensor
        The input.
    dim : int, optional
        The dimension to normalize. When None, PyTorch's legacy choice: 0 for 0-, 1-
        and 3-dimensional inputs, else 1 (PyTorch also warns; this does not).
    _stacklevel : int, default 3
        PyTorch's warning stack level; unused.
    dtype : funcgrad.dtype, optional
        Cast the input to this dtype first.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import funcgrad as fg
    >>> import funcgrad.nn.functional as F
    >>> F.softmax(fg.tensor([0.0, 0.0]), dim=0)
    tensor([0.5000, 0.5000])
    """
    return _softmax(input, _default_dim(input, dim), dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Log-softmax along `dim` (``LogSoftmaxBackward0``); see `funcgrad.Tensor.log_softmax`.

    Parameters
    ----------
    input : Tensor
        The input.
    dim : int, optional
        The dimension to normalize; when None, 0 for 0-, 1- and 3-dimensional inputs,
        else 1.
    _stacklevel : int, default 3
        PyTorch's warning stack level; unused.
    dtype : funcgrad.dtype, optional
        Cast the input to this dtype first.

    Returns
    -------
    Tensor
    """
    return _log_softmax(input, _default_dim(input, dim), dtype)


def _default_dim(input, dim):
    if dim is not None:
        return dim
    return 0 if input.dim() in (0, 1, 3) else 1


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """``input`` where positive, ``negative_slope * input`` elsewhere.

    Parameters
    ----------
    input : Tensor
        The input (integer inputs are computed in float32).
    negative_slope : float, default 0.01
        The slope for negative inputs.
    inplace : bool, default False
        Accepted; the result is always a new tensor here.

    Returns
    -------
    Tensor

    Notes
    -----
    Records ``LeakyReluBackward0``; the derivative at 0 is `negative_slope`, as in
    PyTorch.

    Examples
    --------
    >>> import funcgrad as fg
    >>> import funcgrad.nn.functional as F
    >>> F.leaky_relu(fg.tensor([-2.0, 3.0]), 0.5)
    tensor([-1.,  3.])
    """
    x = _float(input)
    xp = xp_of(x)
    out = xp.where(x > 0, x, x * xp.asarray(negative_slope, x.dtype))

    def rule(g, y, x):
        return (fnp.where(x > 0, g, g * negative_slope),)
    return rule_op(R("LeakyReluBackward0"), out, [input], rule, saved=[input])


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def _erf_array(x):
    if xp_of(x) is not np:        # a device array: the array module's own erf
        from funcgrad.primitive import bind
        from funcgrad.primitives.special import erf
        return bind(erf, x)
    return np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype)


def gelu(input, approximate="none"):
    """Gaussian error linear unit ``x * Phi(x)``, exact or with the tanh approximation.

    Parameters
    ----------
    input : Tensor
        The input (integer inputs are computed in float32).
    approximate : {"none", "tanh"}, default "none"
        "tanh" uses ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``.

    Returns
    -------
    Tensor

    Notes
    -----
    Records ``GeluBackward0``, whose backward (``Phi(x) + x phi(x)``, or the tanh
    form's derivative) is written with funcgrad ops, so it can be differentiated
    again.
    """
    x = _float(input)
    if approximate == "tanh":
        inner = _SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)
        out = 0.5 * x * (1 + xp_of(x).tanh(inner))

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
    """Exponential linear unit: ``input`` where positive, ``alpha * (exp(input) - 1)`` elsewhere.

    Parameters
    ----------
    input : Tensor
        The input (integer inputs are computed in float32).
    alpha : float, default 1.0
        The scale of the negative part.
    inplace : bool, default False
        Accepted; the result is always a new tensor here.

    Returns
    -------
    Tensor

    Notes
    -----
    Records ``EluBackward0``; backward ``grad * (result + alpha)`` for x <= 0 (so
    `alpha` at 0), ``grad`` above.
    """
    x = _float(input)
    xp = xp_of(x)
    out = xp.where(x > 0, x, alpha * xp.expm1(xp.minimum(x, 0))).astype(x.dtype)

    def rule(g, y, x):
        return (fnp.where(x > 0, g, g * (y + alpha)),)
    return rule_op(R("EluBackward0"), out, [input], rule, saved=[input], save_result=True)


def softplus(input, beta=1.0, threshold=20.0):
    """``log(1 + exp(beta * x)) / beta``, linear above `threshold`.

    Parameters
    ----------
    input : Tensor
        The input (integer inputs are computed in float32).
    beta : float, default 1.0
        The sharpness.
    threshold : float, default 20.0
        Where ``beta * x > threshold`` the result is x (and its derivative 1), for
        numerical stability, as in PyTorch.

    Returns
    -------
    Tensor

    Notes
    -----
    Records ``SoftplusBackward0``; backward ``grad * sigmoid(beta * x)`` below the
    threshold.
    """
    x = _float(input)
    bx = beta * x
    xp = xp_of(x)
    out = xp.where(bx > threshold, x,
                   (xp.maximum(bx, 0) + xp.log1p(xp.exp(-xp.abs(bx)))) / beta).astype(x.dtype)

    def rule(g, y, x):
        z = beta * x
        return (fnp.where(z > threshold, g, g * fnp.sigmoid(z)),)
    return rule_op(R("SoftplusBackward0"), out, [input], rule, saved=[input])


def linear(input, weight, bias=None):
    """``input @ weight.T + bias``.

    Parameters
    ----------
    input : Tensor
        Shape (..., in_features).
    weight : Tensor
        Shape (out_features, in_features).
    bias : Tensor, optional
        Shape (out_features,).

    Returns
    -------
    Tensor
        Shape (..., out_features).

    Notes
    -----
    Records PyTorch's nodes: with a bias, ``AddmmBackward0`` (a 1-D or N-D input is
    flattened to 2-D by ``ViewBackward0`` and the result viewed back); without one,
    ``MmBackward0`` for a 2-D input, the 1-D matmul nodes for a 1-D one, and
    ``UnsafeViewBackward0`` over ``MmBackward0`` for an N-D one.

    Examples
    --------
    >>> import funcgrad as fg
    >>> import funcgrad.nn.functional as F
    >>> F.linear(fg.ones(1, 2), fg.ones(3, 2), fg.zeros(3))
    tensor([[2., 2., 2.]])
    """
    wt = weight.t()
    nd = input.dim()
    if nd == 2:
        return addmm(bias, input, wt) if bias is not None else input.mm(wt)
    if nd == 0 or (nd == 1 and bias is None):
        out = input.matmul(wt)
        return out + bias if bias is not None else out
    lead = tuple(input.shape[:-1])
    flat = input.reshape(-1, input.shape[-1])
    if bias is not None:
        out = addmm(bias, flat, wt)
        return out.view(*lead, out.shape[-1])
    out = flat.mm(wt)
    return _unsafe_view(out, lead + (out.shape[-1],))


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _reduced_value(values, reduction):
    xp = xp_of(values)
    if reduction == "mean":
        return xp.asarray(values.mean(), dtype=values.dtype)
    if reduction == "sum":
        return xp.asarray(values.sum(), dtype=values.dtype)
    return values


def _reduction_grad(g, shape, reduction, n):
    if reduction == "none":
        return g
    g = fnp.broadcast_to(g, shape)
    return g / n if reduction == "mean" else g


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Mean squared error ``(input - target) ** 2``, reduced.

    Parameters
    ----------
    input : Tensor
        The predictions.
    target : Tensor or array_like
        The targets, of input's shape (it receives a gradient too when it requires
        grad).
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined; "none" keeps them.
    size_average, reduce : optional
        PyTorch's deprecated flags; accepted and ignored (use `reduction`).

    Returns
    -------
    Tensor
        A 0-dim tensor, or the per-element losses with reduction="none".

    Notes
    -----
    Records ``MseLossBackward0``.

    Examples
    --------
    >>> import funcgrad as fg
    >>> import funcgrad.nn.functional as F
    >>> F.mse_loss(fg.tensor([1.0, 3.0]), fg.tensor([0.0, 0.0]))
    tensor(5.)
    """
    target = as_tensor_arg(target)
    check_same((input._data, target._data))
    diff = input._data - target._data
    shape, n = diff.shape, max(diff.size, 1)
    out = _reduced_value(diff * diff, reduction)

    def rule(g, y, a, b):
        d = _reduction_grad(g, shape, reduction, n) * 2 * (a - b)
        return (d, -d)
    return rule_op(R("MseLossBackward0"), out, [input, target], rule, saved=[input, target])


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Mean absolute error ``|input - target|``, reduced.

    Parameters
    ----------
    input : Tensor
        The predictions.
    target : Tensor or array_like
        The targets.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined; "none" keeps them.
    size_average, reduce : optional
        PyTorch's deprecated flags; accepted and ignored (use `reduction`).

    Returns
    -------
    Tensor

    Notes
    -----
    Built from sub, abs and mean/sum nodes; the derivative of abs at 0 is 0.

    Raises
    ------
    ValueError
        For an unknown `reduction`.
    """
    return _reduce((input - as_tensor_arg(target)).abs(), reduction)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """Negative log-likelihood of class indices, given log-probabilities.

    Parameters
    ----------
    input : Tensor
        Log-probabilities, shape (N, C), (C,) or (N, C, d1, ...).
    target : Tensor
        Class indices (int64), shape (N,), () or (N, d1, ...).
    weight : Tensor, optional
        A weight per class, shape (C,).
    size_average : optional
        Deprecated; ignored.
    ignore_index : int, default -100
        Targets equal to it contribute nothing (not even to the mean's denominator).
    reduce : optional
        Deprecated; ignored.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides by the total weight of the counted targets, as PyTorch does.

    Returns
    -------
    Tensor

    Notes
    -----
    Records ``NllLossBackward0``; backward scatters ``-weight * grad`` to the picked
    entries.
    """
    x = input._data
    check_same((x, target._data) if weight is None else (x, target._data, weight._data))
    xp = xp_of(x)
    t = target._data.astype(np.int64)
    classes = x.shape[1] if x.ndim > 1 else x.shape[0]
    w = weight._data if weight is not None else xp.ones(classes, x.dtype)
    valid = t != ignore_index
    safe_t = xp.where(valid, t, 0)
    if x.ndim == 1:
        index = (safe_t,)
        picked = x[safe_t]
    else:
        grids = sparse_indices(xp, t.shape)
        index = (grids[0], safe_t) + tuple(grids[1:])
        picked = x[index]
    weights = xp.where(valid, w[safe_t], 0).astype(x.dtype)
    losses = -picked * weights
    total = weights.sum()
    if reduction == "mean":
        out = xp.asarray(losses.sum() / total, dtype=x.dtype)
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
    """Cross entropy of logits: ``nll_loss(log_softmax(input, 1), target)``.

    Parameters
    ----------
    input : Tensor
        Unnormalized scores, shape (N, C) or (C,) (also (N, C, d1, ...)).
    target : Tensor
        Class indices (int64), or class probabilities of input's shape (a floating
        point target).
    weight : Tensor, optional
        A weight per class (class-index targets only).
    size_average : optional
        Deprecated; ignored.
    ignore_index : int, default -100
        Targets equal to it contribute nothing.
    reduce : optional
        Deprecated; ignored.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-sample losses are combined.
    label_smoothing : float, default 0.0
        Accepted; label smoothing is not implemented and the value is ignored.

    Returns
    -------
    Tensor

    Notes
    -----
    Records ``NllLossBackward0`` over ``LogSoftmaxBackward0`` for class indices, as
    PyTorch does.

    Examples
    --------
    >>> import funcgrad as fg
    >>> import funcgrad.nn.functional as F
    >>> x = fg.tensor([[0.0, 0.0]], requires_grad=True)
    >>> loss = F.cross_entropy(x, fg.tensor([1]))
    >>> loss.backward()
    >>> x.grad
    tensor([[ 0.5000, -0.5000]])
    """
    if target.is_floating_point():
        logp = log_softmax(input, 1 if input.dim() > 1 else 0)
        return _reduce(-(logp * target).sum(1 if input.dim() > 1 else 0), reduction)
    return nll_loss(log_softmax(input, 1 if input.dim() > 1 else 0), target, weight,
                    ignore_index=ignore_index, reduction=reduction)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """Binary cross entropy of probabilities: ``-(t log x + (1 - t) log(1 - x))``.

    Parameters
    ----------
    input : Tensor
        Probabilities in [0, 1].
    target : Tensor or array_like
        Targets in [0, 1], of input's shape.
    weight : Tensor, optional
        A weight per element (broadcast).
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined; "none" keeps them.
    size_average, reduce : optional
        PyTorch's deprecated flags; accepted and ignored (use `reduction`).

    Returns
    -------
    Tensor

    Notes
    -----
    The logarithms are clamped at -100, as in PyTorch. Records
    ``BinaryCrossEntropyBackward0``; backward ``grad * (x - t) / max(x (1 - x), 1e-12)``.
    The target receives no gradient.
    """
    target = as_tensor_arg(target)
    x, t = input._data, target._data
    check_same((x, t) if weight is None else (x, t, weight._data))
    xp = xp_of(x)
    log_x = xp.maximum(xp.log(x), -100)
    log_1mx = xp.maximum(xp.log1p(-x), -100)
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
    """Binary cross entropy of logits, computed stably: ``max(x, 0) - x t + log(1 + exp(-|x|))``.

    Parameters
    ----------
    input : Tensor
        Logits.
    target : Tensor or array_like
        Targets in [0, 1], of input's shape (it receives the gradient ``-grad * x``).
    weight : Tensor, optional
        A weight per element (broadcast).
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-element losses are combined; "none" keeps them.
    size_average, reduce : optional
        PyTorch's deprecated flags; accepted and ignored (use `reduction`).
    pos_weight : Tensor, optional
        Accepted; not implemented, ignored.

    Returns
    -------
    Tensor

    Notes
    -----
    Records ``BinaryCrossEntropyWithLogitsBackward0``; backward
    ``grad * (sigmoid(x) - t)`` for the input.
    """
    target = as_tensor_arg(target)
    x, t = input._data, target._data
    check_same((x, t) if weight is None else (x, t, weight._data))
    xp = xp_of(x)
    losses = xp.maximum(x, 0) - x * t + xp.log1p(xp.exp(-xp.abs(x)))
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
    """Zero each element with probability `p` and scale the others by ``1 / (1 - p)``.

    Parameters
    ----------
    input : Tensor
        The input.
    p : float, default 0.5
        The probability of zeroing an element.
    training : bool, default True
        When False (or p == 0), `input` is returned unchanged.
    inplace : bool, default False
        Accepted; the result is always a new tensor here.

    Returns
    -------
    Tensor
        ``input * mask`` (a ``MulBackward0`` node), the mask drawn from the default
        generator (`funcgrad.manual_seed` makes it reproducible).
    """
    if not training or p == 0:
        return input
    from funcgrad.tensors._factories import default_generator
    keep = default_generator.rng.random(input.shape) >= p
    mask = keep.astype(input._data.dtype) / (1 - p)
    return input * Tensor._make(mask, False, None)
