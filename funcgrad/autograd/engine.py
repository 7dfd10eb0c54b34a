"""The backward engine: pull gradients from outputs back through the recorded graph.

`execute` walks the nodes reachable from the roots with a loop (no recursion, so a
graph of any depth works) in reverse topological order: a node runs once the
gradients from all its consumers have been summed; among ready nodes the most
recently created runs first, as in PyTorch. Gradients are plain arrays, or Tensors
when `create_graph=True` (then every rule runs as recorded Tensor ops).

Nothing user-visible changes until the walk has succeeded: leaf `.grad`
accumulation, retained grads and post-accumulate hooks are applied at the end,
and saved values are released only then (without retain_graph).
"""
import heapq
import warnings

import numpy as np

from funcgrad import backend as fb
from funcgrad.autograd.anomaly_mode import _state as _anomaly
from funcgrad.autograd.grad_mode import state
from funcgrad.autograd.graph import AccumulateGrad, make_copy_node
from funcgrad.transforms.rules import add_any

__all__ = ["execute", "finish", "accumulate_grad"]

_NO_GRADS = {}
_CYCLE_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak.")


def _tensor_type():
    from funcgrad.autograd import graph
    return graph.Tensor


def as_array(value):
    """`value` as an array: numpy and device (cupy) arrays as they are, else via numpy."""
    if type(value) is np.ndarray or (fb.is_array(value) and not isinstance(value, np.generic)):
        return value
    return np.asarray(value)


def module_of(array):
    """The array module (numpy, cupy...) of an array."""
    return np if type(array) is np.ndarray else fb.array_module((array,))


def _plan(roots, target_nodes):
    """Dependency counts of the reachable nodes, and which nodes must run.

    Without targets every reachable node runs. With targets (autograd.grad, or
    backward(inputs=...)) a node runs only if a target is reachable from it.
    """
    deps = {}
    if target_nodes is None:
        seen = set()
        stack = []
        for node in roots:
            if node not in seen:
                seen.add(node)
                stack.append(node)
        while stack:
            for child, _ in stack.pop()._edges:
                if child is None:
                    continue
                if child in deps:
                    deps[child] += 1
                else:
                    deps[child] = 1
                    if child not in seen:
                        seen.add(child)
                        stack.append(child)
        return deps, None
    reaches = {}   # node -> a target is reachable from it (itself included)
    runs = set()   # nodes whose own backward must run
    for root in roots:
        if root in reaches:
            continue
        reaches[root] = None
        stack = [(root, 0)]
        while stack:
            node, i = stack[-1]
            edges = node._edges
            if i < len(edges):
                stack[-1] = (node, i + 1)
                child = edges[i][0]
                if child is None:
                    continue
                deps[child] = deps.get(child, 0) + 1
                if child not in reaches:
                    reaches[child] = None
                    stack.append((child, 0))
                continue
            stack.pop()
            below = any(reaches[c] for c, _ in edges if c is not None)
            if below:
                runs.add(node)
            reaches[node] = below or node in target_nodes
    return deps, runs


def _wrap(value, create_graph):
    Tensor = _tensor_type()
    if isinstance(value, Tensor):
        return value
    return Tensor._make(as_array(value), False, None)


def _check_hook_result(hook, old, new):
    Tensor = _tensor_type()
    if not isinstance(new, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(new).__name__}'")
    name = getattr(hook, "__name__", type(hook).__name__)
    if tuple(new.shape) != tuple(old.shape):
        raise RuntimeError(f"hook '{name}' has changed the size of value")
    if new.dtype != old.dtype:
        raise RuntimeError(f"hook '{name}' has changed the type of value (was "
                           f"{old.type()} got {new.type()})")


def user_convention(g):
    """Engine cotangent <-> the gradient users see (an involution).

    The engine follows funcgrad's complex convention (JAX's: grad of |z|² is 2·z̄);
    PyTorch shows the conjugate (2·z). Real values pass unchanged.
    """
    if g is None:
        return g
    data = getattr(g, "_data", g)
    if getattr(data, "dtype", None) is None or data.dtype.kind != "c":
        return g
    from funcgrad.primitives.complex import conj
    return conj(g)


def run_tensor_hooks(hooks, grad, create_graph):
    """Apply tensor hooks in order; each may return a replacement gradient."""
    if grad is None or not hooks:
        return grad
    Tensor = _tensor_type()
    g = _wrap(user_convention(grad), create_graph)
    for hook in list(hooks):
        new = hook(g)
        if new is not None:
            _check_hook_result(hook, g, new)
            g = new if create_graph else Tensor._make(new._data, False, None)
    return user_convention(g if create_graph else g._data)


def _as_value(g, create_graph):
    Tensor = _tensor_type()
    if create_graph:
        return g if g is None or isinstance(g, Tensor) else Tensor._make(as_array(g), False,
                                                                         None)
    return g._data if isinstance(g, Tensor) else g


def _run_node_prehooks(node, grads, create_graph):
    """Tensor hooks and retain_grad of the node's output tensors, then node prehooks."""
    extra = node._extra
    pending = []
    tensor_hooks = extra.get("tensor")
    if tensor_hooks:
        for nr, hooks in tensor_hooks.items():
            if nr < len(grads):
                grads[nr] = run_tensor_hooks(hooks, grads[nr], create_graph)
    retained = extra.get("retain")
    if retained:
        for nr, ref in list(retained.items()):
            t = ref()
            if t is not None and nr < len(grads) and grads[nr] is not None:
                pending.append((t, grads[nr]))
    pre = extra.get("pre")
    if pre:
        for hook in list(pre):
            wrapped = tuple(None if g is None else _wrap(user_convention(g), create_graph)
                            for g in grads)
            new = hook(wrapped)
            if new is not None:
                grads = [user_convention(_as_value(g, create_graph)) for g in new]
    return grads, pending


def _run_node_posthooks(node, grads, outs, create_graph):
    post = node._extra.get("post") if node._extra else None
    if not post:
        return outs
    for hook in list(post):
        ins = tuple(None if g is None else _wrap(user_convention(g), create_graph) for g in outs)
        gos = tuple(None if g is None else _wrap(user_convention(g), create_graph)
                    for g in grads)
        new = hook(ins, gos)
        if new is not None:
            outs = [user_convention(_as_value(g, create_graph)) for g in new]
    return outs


def warn_cycle_once():
    """Warn (once per process) that create_graph=True makes a .grad reference cycle."""
    if not _warned[0]:
        _warned[0] = True
        warnings.warn(_CYCLE_WARNING, UserWarning, stacklevel=4)


def execute(roots, root_grads, keep_graph, create_graph, targets=None, warn_cycle=False):
    """Run backward from `roots` (edges) seeded with `root_grads` (arrays or Tensors).

    With `targets` None, gradients accumulate into every reachable leaf's .grad
    (and retained gradients); otherwise the total gradients reaching the `targets`
    edges are returned, in order, and no .grad is touched.

    Parameters
    ----------
    roots : list of (Node, int)
        The edges of the outputs backward starts from.
    root_grads : list
        One seed per root (engine convention, see `user_convention`).
    keep_graph : bool
        Keep the saved values (retain_graph); otherwise each node is released
        after it runs.
    create_graph : bool
        Run the backward rules on Tensors, recording them.
    targets : list of (Node, int), optional
        The edges whose gradients to return.
    warn_cycle : bool, default False
        Warn once per process about the reference cycle create_graph makes with
        .grad.

    Returns
    -------
    list or None
        With `targets`, one gradient (or None) per target; else None.
    """
    if warn_cycle and create_graph:
        warn_cycle_once()
    target_nodes = None
    if targets is not None:
        target_nodes = {}
        for k, (node, nr) in enumerate(targets):
            if node is not None:
                target_nodes.setdefault(node, []).append((k, nr))
    root_nodes = [e[0] for e in roots]
    deps, runs = _plan(root_nodes, target_nodes)
    buffers = {}
    for (node, nr), g in zip(roots, root_grads):
        buf = buffers.setdefault(node, {})
        buf[nr] = add_any(buf.get(nr), g)
    ready = []
    queued = set()
    for node in root_nodes:
        if node not in queued and not deps.get(node):
            queued.add(node)
            heapq.heappush(ready, (-node._seq, id(node), node))
    captured = [None] * (len(targets) if targets is not None else 0)
    pending = []      # (tensor, grad, is_leaf) accumulated after the walk succeeds
    executed = []
    previous_mode = state.grad_enabled
    state.grad_enabled = create_graph
    errstate = np.errstate(all="ignore")   # 1/0 is inf and 0*inf nan, silently, as in PyTorch
    errstate.__enter__()
    pop, push = heapq.heappop, heapq.heappush
    try:
        while ready:
            node = pop(ready)[2]
            buf = buffers.pop(node, _NO_GRADS)
            n_out = node.n_outputs()
            grads = [buf.get(0)] if n_out == 1 else [buf.get(k) for k in range(n_out)]
            if node._extra:
                grads, retained = _run_node_prehooks(node, grads, create_graph) \
                    if not _anomaly["enabled"] else _prehooks_checked(node, grads, create_graph)
                if target_nodes is None:
                    pending.extend((t, g, False) for t, g in retained)
            if type(node) is AccumulateGrad:
                _leaf(node, grads[0], target_nodes, captured, pending, create_graph)
                executed.append(node)
                continue
            if target_nodes is not None:
                for k, nr in target_nodes.get(node, ()):
                    captured[k] = grads[nr]
                if node not in runs:
                    continue
            if grads[0] is None if n_out == 1 else all(g is None for g in grads):
                outs = [None] * len(node._edges)
            else:
                outs = node.apply(grads, create_graph) if not _anomaly["enabled"] else \
                    _apply_checked(node, grads, create_graph)
                if node._extra:
                    outs = _run_node_posthooks(node, grads, outs, create_graph)
            executed.append(node)
            for (child, nr), g in zip(node._edges, outs):
                if child is None or (runs is not None and child not in runs
                                     and child not in target_nodes):
                    continue
                if g is not None:
                    cbuf = buffers.get(child)
                    if cbuf is None:
                        buffers[child] = {nr: g}
                    else:
                        cbuf[nr] = add_any(cbuf.get(nr), g)
                left = deps[child] - 1
                deps[child] = left
                if left == 0:
                    push(ready, (-child._seq, id(child), child))
    finally:
        errstate.__exit__(None, None, None)
        state.grad_enabled = previous_mode
    finish(pending, create_graph, warn_cycle)
    if not keep_graph:
        for node in executed:
            node.release()
    return captured


def _apply_checked(node, grads, create_graph):
    """Anomaly mode: report the forward trace of a failing node; refuse NaN gradients."""
    try:
        outs = node.apply(grads, create_graph)
        if _anomaly["check_nan"]:
            for i, g in enumerate(outs):
                data = getattr(g, "_data", g)
                if data is not None and bool(module_of(as_array(data)).isnan(data).any()):
                    raise RuntimeError(f"Function '{node.name()}' returned nan values in its "
                                       f"{i}th output.")
    except Exception:
        _warn_error_in(node)
        raise
    return outs


def _prehooks_checked(node, grads, create_graph):
    """Anomaly mode: a failing tensor hook or pre-hook is reported with its node, as
    PyTorch runs them inside the node's call."""
    try:
        return _run_node_prehooks(node, grads, create_graph)
    except Exception:
        _warn_error_in(node)
        raise


def _warn_error_in(node):
    trace = (node._extra or {}).get("trace", "")
    warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused "
                  f"the error:\n{trace}", UserWarning, stacklevel=6)


def _n_outputs(node):
    return node.n_outputs()


def _leaf(node, grad, target_nodes, captured, pending, create_graph):
    var = node.variable
    if var is None:   # the leaf is gone: nothing to fill
        return
    extra = var._extra
    if extra and extra.get("hooks"):
        grad = run_tensor_hooks(extra["hooks"], grad, create_graph)
    if target_nodes is not None:
        for k, _ in target_nodes.get(node, ()):
            captured[k] = grad
        return
    if grad is not None:
        pending.append((var, grad, True))


def finish(pending, create_graph, warn_cycle=False):
    """Accumulate the gathered leaf and retained gradients, then run post-accumulate hooks.

    Parameters
    ----------
    pending : list of (Tensor, gradient, bool)
        The tensors, their gradients and whether each is a leaf.
    create_graph : bool
        Whether the accumulation is recorded.
    warn_cycle : bool, default False
        Accepted for symmetry with `execute`; unused.

    Raises
    ------
    TypeError
        If a post-accumulate hook returns something other than None or a Tensor.
    """
    posts = []
    for t, g, is_leaf in pending:
        accumulate_grad(t, g, create_graph)
        extra = t._extra
        if is_leaf and extra and extra.get("post_accumulate"):
            posts.append(t)
    from funcgrad.autograd.grad_mode import no_grad
    for t in posts:
        for hook in list(t._extra["post_accumulate"]):
            if create_graph:
                result = hook(t)
            else:
                with no_grad():
                    result = hook(t)
            if result is not None and not isinstance(result, _tensor_type()):
                raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")


_warned = [False]   # PyTorch warns about create_graph reference cycles once per process


def accumulate_grad(t, g, create_graph, warn=False):
    """``t.grad += g``: in place without create_graph, out of place (recorded) with it.

    Parameters
    ----------
    t : Tensor
        The tensor whose .grad to add to.
    g : array or Tensor
        The gradient, in the engine's convention.
    create_graph : bool
        Record the accumulation (the new .grad has a grad_fn when g has).
    warn : bool, default False
        Accepted for compatibility; unused.
    """
    Tensor = _tensor_type()
    g = user_convention(g)
    np_dtype = t._data.dtype
    if create_graph:
        g = g if isinstance(g, Tensor) else Tensor._make(as_array(g), False, None)
        if g._data.dtype != np_dtype:
            g = g.to(t.dtype)
        old = t._grad
        if old is None:
            if g._requires_grad:
                node = make_copy_node((None, 0), g._edge(), g._data)
                t._grad = Tensor._make(g._data.copy(), True, node)
            else:
                t._grad = Tensor._make(module_of(g._data).array(g._data, copy=True), False,
                                       None)
        else:
            t._grad = old + g if (old._requires_grad or g._requires_grad) else \
                Tensor._make(old._data + g._data, False, None)
        return
    data = g._data if isinstance(g, Tensor) else g
    old = t._grad
    xp = module_of(t._data)
    if old is None:   # a fresh, contiguous copy: later accumulations happen in place
        t._grad = Tensor._make(xp.array(data, dtype=np_dtype, copy=True, order="C"), False, None)
    else:
        target = old._data
        # a read-only .grad (a broadcast view the user assigned) is replaced, not written:
        # failing here would leave the leaves accumulated before it changed
        if target.shape == getattr(data, "shape", ()) and \
                getattr(target.flags, "writeable", True):
            xp.add(target, data, out=target, casting="unsafe")
        else:
            old._data = target + data
        old._bump()
