"""funcgrad.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp on Tensor functions.

Same contract as torch.autograd.functional: `inputs` is a Tensor or a tuple of
Tensors; the results mirror the tuple-ness of inputs and outputs; inputs are
detached and made to require grad internally; `create_graph=True` keeps the
results differentiable; `strict=True` refuses outputs independent of an input.
Everything is built on `funcgrad.autograd.grad` (jvp and hvp use the double
backward trick), so it works for any function of Tensor ops.
"""
from funcgrad.autograd import _api
from funcgrad.autograd.grad_mode import enable_grad

__all__ = ["jacobian", "hessian", "vjp", "jvp", "hvp", "vhp"]


def _tensor_cls():
    from funcgrad.tensors._core import Tensor
    return Tensor


def _as_tuple(value, what, fn):
    """(was a tuple, the tuple), or PyTorch's TypeError for anything else."""
    Tensor = _tensor_cls()
    if isinstance(value, Tensor):
        return False, (value,)
    if isinstance(value, tuple) and all(isinstance(v, Tensor) for v in value):
        return True, value
    if what == "inputs":
        raise TypeError(f"The inputs given to {fn} must be either a Tensor or a tuple of Tensors "
                        f"but the given inputs has type {type(value)}.")
    raise TypeError(f"The outputs of the user-provided function given to {fn} must be either a "
                    f"Tensor or a tuple of Tensors but the given outputs of the user-provided "
                    f"function has type {type(value)}.")


def _prepare(inputs, create_graph):
    """Fresh leaves requiring grad (their graph kept under create_graph)."""
    out = []
    for t in inputs:
        if create_graph and t.requires_grad:
            out.append(t.view_as(t))
        else:
            out.append(t.detach().requires_grad_(True))
    return tuple(out)


def _untuple(value, is_tuple):
    return value if is_tuple else value[0]


def _finish(t, create_graph):
    return t if (create_graph or t is None) else t.detach()


def _grad(outputs, inputs, grad_outputs, create_graph, retain_graph=True):
    Tensor = _tensor_cls()
    outs, gos = [], []
    for o, g in zip(outputs, grad_outputs):
        if isinstance(o, Tensor) and o.requires_grad:
            outs.append(o)
            gos.append(g)
    if not outs:
        return (None,) * len(inputs)
    return _api.grad(outs, inputs, gos, retain_graph=retain_graph, create_graph=create_graph,
                     allow_unused=True)


def _check_outputs_require_grad(outputs, strict):
    if not strict:
        return
    for i, o in enumerate(outputs):
        if not o.requires_grad:
            raise RuntimeError(f"Output {i} of the user-provided function does not require "
                               f"gradients. The outputs must be computed in a differentiable "
                               f"manner from the input when running in strict mode.")


def _zeros_for_none(grads, inputs, strict, message):
    from funcgrad.tensors._factories import zeros_like
    out = []
    for i, (g, x) in enumerate(zip(grads, inputs)):
        if g is None:
            if strict:
                raise RuntimeError(message.format(i=i))
            g = zeros_like(x)
        out.append(g)
    return tuple(out)


def _check_v(v, like, fn, none_message):
    Tensor = _tensor_cls()
    if v is None:
        if len(like) != 1 or like[0].numel() != 1:
            raise RuntimeError(none_message)
        from funcgrad.tensors._factories import ones_like
        return (ones_like(like[0]),)
    _, v = _as_tuple(v, "inputs", fn)
    if len(v) != len(like):
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(like)} but got "
                           f"{len(v)}.")
    for a, b in zip(v, like):
        if not isinstance(a, Tensor) or tuple(a.shape) != tuple(b.shape):
            raise RuntimeError(f"v has invalid size: should be {b.shape} but got {a.shape}.")
    return v


_V_OUTPUT = ("The vector v can only be None if the user-provided function returns a single "
             "Tensor with a single element.")
_V_INPUT = ("The vector v can only be None if the input to the user-provided function is a "
            "single Tensor with a single element.")
_INDEPENDENT = ("The output of the user-provided function is independent of input {i}. This is "
                "not allowed in strict mode.")


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """The function's value and the vector-Jacobian product ``v^T J``.

    Parameters
    ----------
    func : callable
        A function of Tensor ops taking the inputs as positional arguments and
        returning a Tensor or a tuple of Tensors.
    inputs : Tensor or tuple of Tensor
        The point to differentiate at. The function sees fresh copies that require
        grad (detached from the inputs' graph unless `create_graph`).
    v : Tensor or tuple of Tensor, optional
        The vector, shaped like the outputs; optional when the function returns a
        single one-element tensor.
    create_graph : bool, default False
        Record the computation, so the results can be differentiated again (and stay
        connected to the inputs' graph); otherwise they are detached.
    strict : bool, default False
        Raise RuntimeError when an output does not depend on an input, instead of
        returning zeros for that block.

    Returns
    -------
    (outputs, vjp)
        ``func(*inputs)`` and the product, shaped like the inputs (a tuple exactly
        when inputs is one).

    Raises
    ------
    TypeError
        If inputs or outputs are not a Tensor or a tuple of Tensors.
    RuntimeError
        If `v` is missing for a non-scalar output or has the wrong shape, or under
        `strict` (see above).

    Examples
    --------
    >>> import funcgrad as fg
    >>> from funcgrad.autograd.functional import vjp
    >>> out, g = vjp(lambda x: x ** 2, fg.tensor([1.0, 2.0]), fg.tensor([1.0, 1.0]))
    >>> g
    tensor([2., 4.])
    """
    with enable_grad():
        is_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _prepare(inputs, create_graph)
        out_tuple, outputs = _as_tuple(func(*inputs), "outputs", "vjp")
        _check_outputs_require_grad(outputs, strict)
        v = _check_v(v, outputs, "vjp", _V_OUTPUT)
        grads = _grad(outputs, inputs, v, create_graph)
        grads = _zeros_for_none(grads, inputs, strict, _INDEPENDENT)
    outputs = tuple(_finish(o, create_graph) for o in outputs)
    grads = tuple(_finish(g, create_graph) for g in grads)
    return _untuple(outputs, out_tuple), _untuple(grads, is_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """The function's value and the Jacobian-vector product ``J v``.

    Computed with two backward passes (the double-backward trick), as PyTorch does,
    so it works for any function whose backward is differentiable.

    Parameters
    ----------
    func : callable
        A function of Tensor ops taking the inputs as positional arguments and
        returning a Tensor or a tuple of Tensors.
    inputs : Tensor or tuple of Tensor
        The point to differentiate at. The function sees fresh copies that require
        grad (detached from the inputs' graph unless `create_graph`).
    v : Tensor or tuple of Tensor, optional
        The vector, shaped like the inputs; optional when the input is a single
        one-element tensor.
    create_graph : bool, default False
        Record the computation, so the results can be differentiated again (and stay
        connected to the inputs' graph); otherwise they are detached.
    strict : bool, default False
        Raise RuntimeError when an output does not depend on an input, instead of
        returning zeros for that block.

    Returns
    -------
    (outputs, jvp)
        ``func(*inputs)`` and the product, shaped like the outputs.

    Raises
    ------
    TypeError
        If inputs or outputs are not a Tensor or a tuple of Tensors.
    RuntimeError
        If `v` is missing or has the wrong shape, or under `strict`.

    Examples
    --------
    >>> import funcgrad as fg
    >>> from funcgrad.autograd.functional import jvp
    >>> out, t = jvp(lambda x: x ** 2, fg.tensor([1.0, 2.0]), fg.tensor([1.0, 0.0]))
    >>> t
    tensor([2., 0.])
    """
    from funcgrad.tensors._factories import zeros_like
    with enable_grad():
        is_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _prepare(inputs, create_graph)
        v = _check_v(v, inputs, "jvp", _V_INPUT)
        out_tuple, outputs = _as_tuple(func(*inputs), "outputs", "jvp")
        _check_outputs_require_grad(outputs, strict)
        dummies = tuple(zeros_like(o).requires_grad_(True) for o in outputs)
        grads = _grad(outputs, inputs, dummies, create_graph=True)
        if strict:
            _zeros_for_none(grads, inputs, strict, _INDEPENDENT)
        pairs = [(g, vi) for g, vi in zip(grads, v) if g is not None]
        if pairs:
            products = _api.grad([g for g, _ in pairs], dummies, [vi for _, vi in pairs],
                                 create_graph=create_graph, allow_unused=True)
        else:
            products = (None,) * len(outputs)
        products = _zeros_for_none(products, outputs, False, "")
    outputs = tuple(_finish(o, create_graph) for o in outputs)
    products = tuple(_finish(p, create_graph) for p in products)
    return _untuple(outputs, out_tuple), _untuple(products, out_tuple)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian of the function at the inputs.

    Parameters
    ----------
    func : callable
        A function of Tensor ops taking the inputs as positional arguments and
        returning a Tensor or a tuple of Tensors.
    inputs : Tensor or tuple of Tensor
        The point to differentiate at. The function sees fresh copies that require
        grad (detached from the inputs' graph unless `create_graph`).
    create_graph : bool, default False
        Record the computation, so the results can be differentiated again (and stay
        connected to the inputs' graph); otherwise they are detached.
    strict : bool, default False
        Raise RuntimeError when an output does not depend on an input, instead of
        returning zeros for that block.
    vectorize : bool, default False
        Accepted for PyTorch compatibility; the Jacobian is always computed with one
        backward pass per output element.
    strategy : {"reverse-mode", "forward-mode"}, default "reverse-mode"
        "forward-mode" is refused without `vectorize` (NotImplementedError), as in
        PyTorch; with it the computation is the same reverse-mode one.

    Returns
    -------
    Tensor or tuple
        For one input and one output, a tensor of shape
        ``output.shape + input.shape``; with tuples, ``J[i]`` per output or input, or
        ``J[i][j]`` (output i, input j) when both are tuples.

    Raises
    ------
    AssertionError
        For an unknown `strategy`.
    RuntimeError
        Under `strict`, when an output does not depend on an input.

    Examples
    --------
    >>> import funcgrad as fg
    >>> from funcgrad.autograd.functional import jacobian
    >>> jacobian(lambda x: x ** 2, fg.tensor([1.0, 2.0]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". '
                             'Hint: If your function has more outputs than inputs, "forward-mode" '
                             'tends to be more performant. Otherwise, prefer to use '
                             '"reverse-mode".')
    if strategy == "forward-mode" and not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse "
                                  "Hessian isonly implemented for `vectorize=True`.")
    with enable_grad():
        is_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _prepare(inputs, create_graph)
        out_tuple, outputs = _as_tuple(func(*inputs), "outputs", "jacobian")
        _check_outputs_require_grad(outputs, strict)
        blocks = _blocks(outputs, inputs, create_graph, strict)
    rows = [tuple(row) for row in blocks]
    if out_tuple and is_tuple:
        return tuple(rows)
    if out_tuple:
        return tuple(row[0] for row in rows)
    return rows[0] if is_tuple else rows[0][0]


def _blocks(outputs, inputs, create_graph, strict):
    """J[k][i] for every output k and input i, one backward per output element."""
    from funcgrad.tensors._factories import zeros
    from funcgrad.tensors._shape import stack
    blocks = [[None] * len(inputs) for _ in outputs]
    for k, out in enumerate(outputs):
        flat = out.reshape(-1)
        per_input = [[] for _ in inputs]
        for j in range(flat.numel()):
            grads = _grad([flat[j]], inputs, [None], create_graph)
            for i, (g, x) in enumerate(zip(grads, inputs)):
                if g is None:
                    if strict:
                        raise RuntimeError(f"Output {k} of the user-provided function is "
                                           f"independent of input {i}. This is not allowed in "
                                           f"strict mode.")
                    g = zeros(tuple(x.shape), dtype=x.dtype)
                per_input[i].append(g)
        for i, x in enumerate(inputs):
            shape = tuple(out.shape) + tuple(x.shape)
            if per_input[i]:
                block = stack(per_input[i]).view(shape)
            else:
                block = zeros(shape, dtype=x.dtype)
            blocks[k][i] = _finish(block, create_graph)
    return blocks


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a function returning a single-element tensor.

    Parameters
    ----------
    func : callable
        A function of Tensor ops taking the inputs as positional arguments and
        returning a Tensor or a tuple of Tensors.
    inputs : Tensor or tuple of Tensor
        The point to differentiate at. The function sees fresh copies that require
        grad (detached from the inputs' graph unless `create_graph`).
    create_graph : bool, default False
        Record the computation, so the results can be differentiated again (and stay
        connected to the inputs' graph); otherwise they are detached.
    strict : bool, default False
        Raise RuntimeError when an output does not depend on an input, instead of
        returning zeros for that block.
    vectorize : bool, default False
        Accepted for PyTorch compatibility.
    outer_jacobian_strategy : {"reverse-mode", "forward-mode"}, default "reverse-mode"
        "forward-mode" is refused without `vectorize` (NotImplementedError).

    Returns
    -------
    Tensor or tuple
        ``input.shape + input.shape`` for one input; ``H[i][j]`` for a tuple.

    Raises
    ------
    RuntimeError
        If the function's output has more than one element, or under `strict`
        (including a gradient independent of the input: a linear function).

    Examples
    --------
    >>> import funcgrad as fg
    >>> from funcgrad.autograd.functional import hessian
    >>> hessian(lambda x: (x ** 3).sum(), fg.tensor([1.0, 2.0]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    if outer_jacobian_strategy == "forward-mode" and not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse "
                                  "Hessian isonly implemented for `vectorize=True`.")
    is_tuple, t_inputs = _as_tuple(inputs, "inputs", "hessian")

    def scalar_output(*xs):
        out_tuple, out = _as_tuple(func(*xs), "outputs", "hessian")
        if len(out) != 1 or out[0].numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should "
                               "contain a single element")
        return out[0].reshape(())

    def gradient(*xs):
        out = scalar_output(*xs)
        if strict and not out.requires_grad:
            _check_outputs_require_grad((out,), True)
        grads = _grad([out], xs, [None], create_graph=True)
        result = []
        for i, (g, x) in enumerate(zip(grads, xs)):
            if g is None or not g.requires_grad:
                if strict:
                    raise RuntimeError(
                        f"While computing the hessian, found that the jacobian of the "
                        f"user-provided function with respect to input {i} is independent of "
                        f"the input. This is not allowed in strict mode. You should ensure that "
                        f"your function is twice differentiable and that the jacobian depends "
                        f"on the inputs (this would be violated by a linear function for "
                        f"example).")
                from funcgrad.tensors._factories import zeros_like
                g = zeros_like(x) if g is None else g
            result.append(g)
        return tuple(result)

    result = jacobian(gradient, t_inputs, create_graph=create_graph)   # J[output i][input j]
    return result if is_tuple else result[0][0]


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """The value of a scalar function and the vector-Hessian product ``v^T H``.

    Parameters
    ----------
    func : callable
        A function of Tensor ops taking the inputs as positional arguments and
        returning a Tensor or a tuple of Tensors.
    inputs : Tensor or tuple of Tensor
        The point to differentiate at. The function sees fresh copies that require
        grad (detached from the inputs' graph unless `create_graph`).
    v : Tensor or tuple of Tensor, optional
        The vector, shaped like the inputs; optional for a single one-element input.
    create_graph : bool, default False
        Record the computation, so the results can be differentiated again (and stay
        connected to the inputs' graph); otherwise they are detached.
    strict : bool, default False
        Raise RuntimeError when an output does not depend on an input, instead of
        returning zeros for that block.

    Returns
    -------
    (output, vhp)
        ``func(*inputs)`` and the product, shaped like the inputs.

    Raises
    ------
    RuntimeError
        If the function's output has more than one element, `v` has the wrong
        shape, or under `strict`.

    Examples
    --------
    >>> import funcgrad as fg
    >>> from funcgrad.autograd.functional import vhp
    >>> out, p = vhp(lambda x: (x ** 3).sum(), fg.tensor([1.0, 2.0]), fg.tensor([1.0, 1.0]))
    >>> p
    tensor([ 6., 12.])
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp", transpose=False)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """The value of a scalar function and the Hessian-vector product ``H v``.

    Computed by double backward, as PyTorch does; for the symmetric Hessians of
    twice continuously differentiable functions it equals `vhp`.

    Parameters
    ----------
    func : callable
        A function of Tensor ops taking the inputs as positional arguments and
        returning a Tensor or a tuple of Tensors.
    inputs : Tensor or tuple of Tensor
        The point to differentiate at. The function sees fresh copies that require
        grad (detached from the inputs' graph unless `create_graph`).
    v : Tensor or tuple of Tensor, optional
        The vector, shaped like the inputs; optional for a single one-element input.
    create_graph : bool, default False
        Record the computation, so the results can be differentiated again (and stay
        connected to the inputs' graph); otherwise they are detached.
    strict : bool, default False
        Raise RuntimeError when an output does not depend on an input, instead of
        returning zeros for that block.

    Returns
    -------
    (output, hvp)
        ``func(*inputs)`` and the product, shaped like the inputs.

    Raises
    ------
    RuntimeError
        If the function's output has more than one element, `v` has the wrong
        shape, or under `strict`.

    Examples
    --------
    >>> import funcgrad as fg
    >>> from funcgrad.autograd.functional import hvp
    >>> out, p = hvp(lambda x: (x ** 3).sum(), fg.tensor([1.0, 2.0]), fg.tensor([1.0, 0.0]))
    >>> p
    tensor([6., 0.])
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp", transpose=True)


def _hessian_product(func, inputs, v, create_graph, strict, fn, transpose):
    from funcgrad.tensors._factories import zeros_like
    with enable_grad():
        is_tuple, inputs = _as_tuple(inputs, "inputs", fn)
        inputs = _prepare(inputs, create_graph)
        v = _check_v(v, inputs, fn, _V_INPUT)
        out_tuple, outputs = _as_tuple(func(*inputs), "outputs", fn)
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError(f"The Tensor returned by the function given to {fn} should "
                               f"contain a single element")
        _check_outputs_require_grad(outputs, strict)
        jac = _grad(outputs, inputs, [None], create_graph=True)
        jac = _zeros_for_none(jac, inputs, strict, _INDEPENDENT)
        if transpose:
            dummies = tuple(zeros_like(x).requires_grad_(True) for x in inputs)
            back = _grad(jac, inputs, dummies, create_graph=True)
            back = [b for b in back if b is not None]
            product = _api.grad(back, dummies, list(v)[:len(back)], create_graph=create_graph,
                                allow_unused=True) if back else (None,) * len(inputs)
        else:
            product = _grad(jac, inputs, v, create_graph)
        product = _zeros_for_none(product, inputs, False, "")
    outputs = tuple(_finish(o, create_graph) for o in outputs)
    product = tuple(_finish(p, create_graph) for p in product)
    return _untuple(outputs, out_tuple), _untuple(product, is_tuple)
