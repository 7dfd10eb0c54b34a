"""`funcgrad.autograd.backward` and `funcgrad.autograd.grad`: argument checking, seeds, results.

Both check every argument (shapes, dtypes, what requires grad) before running the
engine, with PyTorch's error texts, then call `engine.execute` once.
"""
import collections.abc
import warnings

from funcgrad._dtypes import MODULE
from funcgrad.autograd import engine
from funcgrad.autograd.graph import NO_EDGE

__all__ = ["backward", "grad"]


def _tensor_cls():
    from funcgrad.autograd import graph
    return graph.Tensor


def _as_tuple(x):
    """A Tensor or an iterable of them -> tuple ('float' object is not iterable otherwise)."""
    if isinstance(x, _tensor_cls()):
        return (x,)
    return tuple(x)


def _grads_tuple(grads, n):
    if grads is None:
        return (None,) * n
    if isinstance(grads, _tensor_cls()):
        return (grads,)
    return tuple(grads)


def _shape_text(shape):
    return f"{MODULE}.Size([{', '.join(str(n) for n in shape)}])"


def make_seeds(outputs, grads, batched=False):
    """Check (output, gradient) pairs; fill in ones for scalar outputs without one."""
    Tensor = _tensor_cls()
    seeds = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if isinstance(g, Tensor):
            g_shape = tuple(g.shape)[1:] if batched else tuple(g.shape)
            if g_shape != tuple(out.shape):
                shown = g.shape[1:] if batched else g.shape
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[{i}] has a shape of {_shape_text(shown)} "
                    f"and output[{i}] has a shape of {_shape_text(out.shape)}.")
            if out.is_complex() != g.is_complex():
                raise RuntimeError(
                    f"For complex Tensors, both grad_output and output are required to have the "
                    f"same dtype. Mismatch in dtype: grad_output[{i}] has a dtype of {g.dtype} "
                    f"and output[{i}] has a dtype of {out.dtype}.")
            seeds.append(g)
        elif g is None:
            if out.requires_grad:
                if out.numel() != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                if not out.is_floating_point():
                    raise RuntimeError(f"grad can be implicitly created only for real scalar "
                                       f"outputs but got {out.dtype}")
                xp = engine.module_of(out._data)
                seeds.append(Tensor._make(xp.ones(out._data.shape, out._data.dtype), False, None))
            else:
                seeds.append(None)
        else:
            raise TypeError(f"gradients can be either Tensors or None, but got "
                            f"{type(g).__name__}")
    return seeds


def _roots(outputs, seeds, create_graph):
    """Graph edges of the outputs and their seeds as engine values (arrays or Tensors)."""
    if len(seeds) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(seeds)} gradients")
    edges, values = [], []
    for i, (out, g) in enumerate(zip(outputs, seeds)):
        edge = out._edge()
        if edge is NO_EDGE or edge[0] is None:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have "
                               f"a grad_fn")
        if g is None:
            continue
        edges.append(edge)
        values.append(_seed_value(g, out, create_graph))
    return edges, values


def _seed_value(g, out, create_graph):
    """A user's gradient for `out` as an engine cotangent (cast to out's dtype)."""
    if create_graph:
        value = g if g._data.dtype == out._data.dtype else g.to(out.dtype)
    else:
        data = g._data
        value = data if data.dtype == out._data.dtype else data.astype(out._data.dtype)
    return engine.user_convention(value)


def _inputs_tuple(inputs, fn):
    if isinstance(inputs, dict):
        return tuple(inputs.values())
    if isinstance(inputs, collections.abc.Mapping):
        raise TypeError(f"`inputs` argument to `{fn}()` must be a dict, not "
                        f"{type(inputs).__name__}. Other Mapping types are not supported.")
    return _as_tuple(inputs)


def _target_edge(t):
    if not t.requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    return t._edge()


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Accumulate the gradients of `tensors` w.r.t. the graph leaves into their .grad.

    The sum over `tensors` of their vector-Jacobian products with `grad_tensors` is
    added to the .grad of every leaf that requires grad (or only of `inputs`), as
    ``sum(t.backward(g))`` would, in one pass over the graph.

    Parameters
    ----------
    tensors : Tensor or sequence of Tensor
        The outputs to differentiate.
    grad_tensors : Tensor, None or sequence of them, optional
        The gradient w.r.t. each output (None for a one-element output: 1).
    retain_graph : bool, optional
        Keep the saved values for another backward; defaults to `create_graph`.
    create_graph : bool, default False
        Record the backward computation (for higher-order derivatives).
    grad_variables : optional
        Deprecated name of `grad_tensors` (FutureWarning).
    inputs : Tensor, sequence or dict of Tensor, optional
        Accumulate only into these tensors (leaves or not).

    Raises
    ------
    RuntimeError
        If an output does not require grad, a gradient is missing for an output with
        more than one element or has a mismatched shape, `inputs` is empty, a saved
        value was modified in place, or the graph was already freed.
    TypeError
        If a gradient is neither a Tensor nor None.

    Examples
    --------
    >>> import funcgrad as fg
    >>> x = fg.tensor([1.0, 2.0], requires_grad=True)
    >>> fg.autograd.backward([x.sum(), (x * x).sum()])
    >>> x.grad
    tensor([3., 5.])
    """
    if grad_variables is not None:
        warnings.warn("`grad_variables` is deprecated. Use `grad_tensors` instead.",
                      FutureWarning, stacklevel=2)
        if grad_tensors is not None:
            raise RuntimeError("`grad_tensors` and `grad_variables` (deprecated) arguments both "
                               "passed to `backward()`. Please only use `grad_tensors`.")
        grad_tensors = grad_variables
    if inputs is not None:
        inputs = _inputs_tuple(inputs, "backward")
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    outputs = _as_tuple(tensors)
    grads = _grads_tuple(grad_tensors, len(outputs))
    seeds = make_seeds(outputs, grads)
    if retain_graph is None:
        retain_graph = create_graph
    roots, values = _roots(outputs, seeds, create_graph)
    if inputs is None:
        engine.execute(roots, values, retain_graph, create_graph, warn_cycle=True)
        return
    targets = [_target_edge(t) for t in inputs]
    captured = engine.execute(roots, values, retain_graph, create_graph, targets=targets,
                              warn_cycle=True)
    pending = []
    for t, g in zip(inputs, captured):
        if g is None:
            continue
        if not t.is_leaf:
            t._extras()["retains_grad"] = True
        pending.append((t, g, t.is_leaf))
    engine.finish(pending, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of `outputs` w.r.t. `inputs`, returned instead of accumulated in .grad.

    Parameters
    ----------
    outputs : Tensor or sequence of Tensor
        The outputs to differentiate.
    inputs : Tensor, sequence or dict of Tensor
        The tensors to differentiate with respect to (leaves or not).
    grad_outputs : Tensor, None or sequence of them, optional
        The gradient w.r.t. each output (None for a one-element output: 1).
    retain_graph : bool, optional
        Keep the saved values for another backward; defaults to `create_graph`.
    create_graph : bool, default False
        Record the backward computation, so the results can be differentiated again.
    only_inputs : bool, default True
        Deprecated and ignored (FutureWarning when False).
    allow_unused : bool, optional
        Return None for an input the outputs do not depend on, instead of raising;
        defaults to `materialize_grads`.
    is_grads_batched : bool, default False
        Treat the first dimension of each grad_output as a batch: one backward per
        index, results stacked.
    materialize_grads : bool, default False
        Return zeros instead of None for unused inputs.

    Returns
    -------
    tuple of Tensor or dict
        One gradient per input (None for unused ones when allowed); a dict keyed
        like `inputs` when it is a dict.

    Raises
    ------
    RuntimeError
        If an input does not require grad, an input is unused and not allowed, an
        output does not require grad, a gradient is missing or mis-shaped, or the
        graph was freed.
    ValueError
        If materialize_grads is set with allow_unused=False.

    Examples
    --------
    >>> import funcgrad as fg
    >>> x = fg.tensor([1.0, 2.0], requires_grad=True)
    >>> (g,) = fg.autograd.grad((x ** 3).sum(), x, create_graph=True)
    >>> g
    tensor([ 3., 12.], grad_fn=<MulBackward0>)
    >>> fg.autograd.grad(g.sum(), x)
    (tensor([ 6., 12.]),)
    """
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when "
                         "materialize_grads=True, but got: allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    if not only_inputs:
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). "
                      "To accumulate gradient for other parts of the graph, please use "
                      "torch.autograd.backward.", FutureWarning, stacklevel=2)
    names = list(inputs.keys()) if isinstance(inputs, dict) else None
    t_outputs = _as_tuple(outputs)
    t_inputs = _inputs_tuple(inputs, "grad")
    if not t_inputs:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    grads = _grads_tuple(grad_outputs, len(t_outputs))
    seeds = make_seeds(t_outputs, grads, batched=is_grads_batched)
    if retain_graph is None:
        retain_graph = create_graph
    if len(seeds) != len(t_outputs):
        raise RuntimeError(f"got {len(t_outputs)} tensors and {len(seeds)} gradients")
    for t in t_inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    targets = [t._edge() for t in t_inputs]
    if is_grads_batched:
        result = _batched(t_outputs, seeds, t_inputs, targets, retain_graph, create_graph)
    else:
        roots, values = _roots(t_outputs, seeds, create_graph)
        captured = engine.execute(roots, values, retain_graph, create_graph, targets=targets)
        result = [_result(c, t, create_graph) for c, t in zip(captured, t_inputs)]
    result = _finish_unused(result, t_inputs, allow_unused, materialize_grads)
    return dict(zip(names, result)) if names is not None else tuple(result)


def _result(value, like, create_graph):
    Tensor = _tensor_cls()
    if value is None:
        return None
    value = engine.user_convention(value)
    if isinstance(value, Tensor):
        return value if value._data.dtype == like._data.dtype else value.to(like.dtype)
    data = engine.as_array(value)
    if data.dtype != like._data.dtype:
        data = data.astype(like._data.dtype)
    return Tensor._make(data, False, None)


def _finish_unused(result, inputs, allow_unused, materialize):
    from funcgrad.tensors._factories import zeros_like
    out = []
    for i, (g, t) in enumerate(zip(result, inputs)):
        if g is None:
            if materialize:
                g = zeros_like(t)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have "
                                   f"been used in the graph. Set allow_unused=True if this is "
                                   f"the desired behavior.")
        out.append(g)
    return out


def _batched(outputs, seeds, inputs, targets, retain_graph, create_graph):
    """One backward per leading index of the grad_outputs, results stacked."""
    from funcgrad.tensors._shape import stack
    batch = next(len(s) for s in seeds if s is not None)
    per_input = [[] for _ in inputs]
    for b in range(batch):
        slice_seeds = [None if s is None else s[b] for s in seeds]
        roots, values = _roots(outputs, slice_seeds, create_graph)
        keep = retain_graph or b < batch - 1
        captured = engine.execute(roots, values, keep, create_graph, targets=targets)
        for k, (c, t) in enumerate(zip(captured, inputs)):
            per_input[k].append(_result(c, t, create_graph))
    Tensor = _tensor_cls()
    out = []
    for pieces, t in zip(per_input, inputs):
        if all(p is None for p in pieces):
            out.append(None)
            continue
        xp = engine.module_of(t._data)
        pieces = [p if p is not None else Tensor._make(xp.zeros(t._data.shape, t._data.dtype),
                                                       False, None) for p in pieces]
        out.append(stack(pieces))
    return out
