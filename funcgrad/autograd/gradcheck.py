"""gradcheck / gradgradcheck: compare backward with central finite differences.

`gradcheck(func, inputs)` builds, for every input that requires grad and every
output, the numerical Jacobian ((f(x+eps) - f(x-eps)) / 2eps, one input element at
a time) and the analytical one (one backward per output element with a one-hot
gradient), both laid out (input elements, output elements), and requires
allclose(analytical, numerical, rtol, atol); it also requires backward to give the
same values twice (within nondet_tol). On failure it raises `GradcheckError`, or
returns False with raise_exception=False. `gradgradcheck` applies the same check to
the function's gradient (built with create_graph=True).
"""
import warnings

import numpy as np

from funcgrad.autograd import _api
from funcgrad.autograd.grad_mode import enable_grad

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck and gradgradcheck when a check fails."""


def _tensor_cls():
    from funcgrad.tensors._core import Tensor
    return Tensor


def _as_tuple(x):
    return (x,) if isinstance(x, _tensor_cls()) else tuple(x)


def _differentiable_outputs(outputs):
    Tensor = _tensor_cls()
    outputs = _as_tuple(outputs)
    return tuple(o for o in outputs if isinstance(o, Tensor) and o.requires_grad)


def _check_inputs(inputs):
    Tensor = _tensor_cls()
    wanted = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    if not wanted:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but "
                         "none of them have requires_grad=True.")
    for i in wanted:
        if inputs[i].dtype.name not in ("float64", "complex128"):
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating "
                          f"point or complex. This check will likely fail if all the inputs are "
                          f"not of double precision floating point or complex. ", UserWarning,
                          stacklevel=3)
    return wanted


def _numerical(func, inputs, i, n_outputs, eps):
    """Finite-difference Jacobians of every output w.r.t. input i: (in_numel, out_numel)."""
    x = inputs[i]
    data = x._data
    flat = data.reshape(-1)
    columns = [[] for _ in range(n_outputs)]
    for k in range(flat.size):
        original = flat[k].copy()
        flat[k] = original + eps
        plus = _evaluate(func, inputs)
        flat[k] = original - eps
        minus = _evaluate(func, inputs)
        flat[k] = original
        for j in range(n_outputs):
            columns[j].append((plus[j] - minus[j]) / (2 * eps))
    return [np.array(rows).reshape(flat.size, -1) for rows in columns]


def _evaluate(func, inputs):
    """func's float outputs at the current input values, flattened float64 arrays."""
    with enable_grad():   # gradgradcheck's function differentiates inside
        outs = _outputs_of(func, inputs)
    return [np.array(o.detach().numpy(force=True), dtype=np.float64, copy=True).reshape(-1)
            for o in outs]


def _outputs_of(func, inputs):
    Tensor = _tensor_cls()
    outs = _as_tuple(func(*inputs))
    return [o for o in outs if isinstance(o, Tensor) and o.dtype.kind in "fc"]


def _analytical(outputs, inputs, wanted):
    """Analytical Jacobians J[j][i]: (in_numel, out_numel), one backward per output element."""
    from funcgrad.tensors._factories import zeros_like
    result = []
    for out in outputs:
        per_input = {i: np.zeros((inputs[i].numel(), out.numel())) for i in wanted}
        for m in range(out.numel()):
            onehot = zeros_like(out)
            onehot._data.reshape(-1)[m] = 1
            grads = _api.grad([out], [inputs[i] for i in wanted], [onehot], retain_graph=True,
                              allow_unused=True)
            for i, g in zip(wanted, grads):
                if g is not None:
                    column = np.asarray(g.numpy(force=True), dtype=np.float64)  # host copy
                    per_input[i][:, m] = column.reshape(-1)
        result.append(per_input)
    return result


def _fail(message, raise_exception):
    if raise_exception:
        raise GradcheckError(message)
    return False


def gradcheck(func, inputs, *, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False, check_forward_ad=False,
              check_backward_ad=True, fast_mode=False, masked=None):
    """Check backward against central finite differences, for every input requiring grad.

    For each such input and each output, the numerical Jacobian
    ``(f(x + eps) - f(x - eps)) / (2 eps)`` (one input element at a time) must be
    ``allclose`` to the analytical one (one backward per output element with a
    one-hot gradient); backward must also give the same values when run again
    (within `nondet_tol`).

    Parameters
    ----------
    func : callable
        A function of Tensor ops returning a Tensor or a tuple of Tensors.
    inputs : Tensor or sequence of Tensor
        The arguments; those requiring grad are checked (use float64: other dtypes
        warn and will likely fail).
    eps : float, default 1e-06
        The finite-difference step.
    atol : float, default 1e-05
        Absolute tolerance.
    rtol : float, default 0.001
        Relative tolerance.
    raise_exception : bool, default True
        Raise GradcheckError on a mismatch; otherwise return False.
    nondet_tol : float, default 0.0
        Allowed difference between two backward runs.
    check_undefined_grad, check_grad_dtypes, check_batched_grad : optional
        Accepted for PyTorch compatibility; ignored.
    check_batched_forward_grad, check_forward_ad, check_backward_ad : optional
        Accepted for PyTorch compatibility; ignored (forward-mode and batched checks
        are not implemented).
    fast_mode, masked : optional
        Accepted for PyTorch compatibility; ignored.

    Returns
    -------
    bool
        True when every check passes (also when no output requires grad).

    Raises
    ------
    GradcheckError
        On a mismatch, when `raise_exception` is True (the message shows both
        Jacobians).
    ValueError
        If no input requires grad.

    Examples
    --------
    >>> import funcgrad as fg
    >>> x = fg.tensor([0.5, 1.5], dtype=fg.float64, requires_grad=True)
    >>> fg.autograd.gradcheck(lambda t: (t.sin() * t).sum(), (x,))
    True
    """
    from funcgrad.tensors._factories import tensor
    inputs = _as_tuple(inputs)
    wanted = _check_inputs(inputs)
    with enable_grad():
        outputs = _differentiable_outputs(func(*inputs))
    if not outputs:
        return True
    analytical = _analytical(outputs, inputs, wanted)
    for i in wanted:
        numerical = _numerical(func, inputs, i, len(outputs), eps)
        for j in range(len(outputs)):
            a, n = analytical[j][i], numerical[j]
            if not np.allclose(a, n, rtol=rtol, atol=atol):
                dtype = inputs[i].dtype
                message = (f"Jacobian mismatch for output {j} with respect to input {i},\n"
                           f"numerical:{tensor(n, dtype=dtype)}\n"
                           f"analytical:{tensor(a, dtype=dtype)}\n")
                return _fail(message, raise_exception)
    again = _analytical(outputs, inputs, wanted)
    for j, per_input in enumerate(again):
        for i in wanted:
            if np.max(np.abs(per_input[i] - analytical[j][i]), initial=0.0) > nondet_tol:
                return _fail(
                    f"Backward is not reentrant, i.e., running backward with same input and "
                    f"grad_output multiple times gives different values, although analytical "
                    f"gradient matches numerical gradient.The tolerance for nondeterminism was "
                    f"{nondet_tol}.\n\nNOTE: if your op relies on non-deterministic operations, "
                    f"pass a positive nondet_tol to allow that much variation between runs.",
                    raise_exception)
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-06, atol=1e-05, rtol=0.001,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False,
                  masked=False):
    """Check the second derivatives: `gradcheck` applied to func's vector-Jacobian product.

    The function checked is ``(inputs, grad_outputs) -> grad(func(inputs), inputs,
    grad_outputs, create_graph=True)``, so the backward of every op func uses must
    itself be differentiable.

    Parameters
    ----------
    func : callable
        A function of Tensor ops returning a Tensor or a tuple of Tensors.
    inputs : Tensor or sequence of Tensor
        The arguments (float64 recommended).
    grad_outputs : Tensor or sequence of Tensor, optional
        The vectors of the product, one per output requiring grad; random normal
        tensors requiring grad when None.
    eps : float, default 1e-06
        The finite-difference step.
    atol : float, default 1e-05
        Absolute tolerance.
    rtol : float, default 0.001
        Relative tolerance.
    raise_exception : bool, default True
        Raise GradcheckError on a mismatch; otherwise return False.
    nondet_tol : float, default 0.0
        Allowed difference between two backward runs.
    gen_non_contig_grad_outputs, check_undefined_grad, check_grad_dtypes : optional
        Accepted for PyTorch compatibility; ignored.
    check_batched_grad, check_fwd_over_rev, check_rev_over_rev : optional
        Accepted for PyTorch compatibility; ignored.
    fast_mode, masked : optional
        Accepted for PyTorch compatibility; ignored.

    Returns
    -------
    bool
        True when every check passes.

    Raises
    ------
    GradcheckError
        On a mismatch, when `raise_exception` is True.
    ValueError
        If no input requires grad.

    Examples
    --------
    >>> import funcgrad as fg
    >>> x = fg.tensor([0.5, 1.5], dtype=fg.float64, requires_grad=True)
    >>> fg.autograd.gradgradcheck(lambda t: (t.sin() * t).sum(), (x,))
    True
    """
    from funcgrad.tensors._factories import randn
    inputs = _as_tuple(inputs)
    wanted = _check_inputs(inputs)
    if grad_outputs is None:
        with enable_grad():
            outputs = _differentiable_outputs(func(*inputs))
        grad_outputs = tuple(randn(tuple(o.shape), dtype=o.dtype, requires_grad=True)
                             for o in outputs)
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_inputs = len(inputs)

    def first_derivative(*args):
        xs, gos = args[:n_inputs], args[n_inputs:]
        outs = _differentiable_outputs(func(*xs))
        grads = _api.grad(outs, [xs[i] for i in wanted], list(gos), create_graph=True,
                          allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivative, inputs + tuple(grad_outputs), eps=eps, atol=atol,
                     rtol=rtol, raise_exception=raise_exception, nondet_tol=nondet_tol)
