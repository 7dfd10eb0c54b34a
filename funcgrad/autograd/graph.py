"""Nodes of the dynamic graph that Tensor ops record (`tensor.grad_fn`).

A node is one recorded op. `next_functions` holds one edge `(node, output_nr)` per
differentiable input of the op (`(None, 0)` for inputs that need no gradient), and
`apply(grads, create_graph)` maps the gradients of the node's outputs to gradients
of its inputs, one per edge (None is a zero). Kinds of nodes:

* `PrimNode`: one primitive; backward is the primitive's own vjp rule
  (`funcgrad.transforms.rules.apply_vjp`). It keeps only the inputs and output the
  rule reads (`READS`), so a node that saves nothing survives a freed graph.
* `RuleNode`: a Tensor-level composite (mean, softmax...) with a backward written
  with funcgrad ops over a few saved values.
* `TapeNode`: any composite, recorded as a tape of primitives and pulled back by
  the vjp interpreter.
* `CopySlices`, `ViewNode` (AsStridedBackward0), `CopyBackwards`, `AccumulateGrad`:
  the bookkeeping nodes of in-place ops on views and of leaves.

Every backward rule is written with funcgrad ops, so running it on Tensors (with
`create_graph=True`) records the backward computation as new nodes.
Node classes are named as PyTorch names them (`MulBackward0`); `node_class(name)`
makes one on first use.
"""
import itertools
import weakref

import numpy as np

from funcgrad._dtypes import MODULE
from funcgrad.primitive import bind
from funcgrad.transforms.rules import apply_vjp

__all__ = ["Node", "PrimNode", "RuleNode", "TapeNode", "CopySlices", "ViewNode",
           "CopyBackwards", "AccumulateGrad", "node_class", "RemovableHandle", "Meta",
           "FREED_MESSAGE", "NO_EDGE"]

NO_EDGE = (None, 0)
_sequence = itertools.count()
from funcgrad.autograd.anomaly_mode import _state as _anomaly  # noqa: E402


def record_forward_trace(node):
    """Anomaly mode: remember where the op was run (user frames only) for error reports."""
    import os
    import traceback
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frames = [f for f in traceback.extract_stack()[:-1]
              if not os.path.abspath(f.filename).startswith(package)]
    node._extras()["trace"] = "".join(traceback.format_list(frames))

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")

# Set by funcgrad.tensors: the Tensor class, and a function wrapping a value as a Tensor
# (value, requires_grad, grad_fn, output_nr).
Tensor = None
wrap_tensor = None


class Meta:
    """Shape and dtype of a value the backward does not read (enough to unbroadcast).

    Parameters
    ----------
    value : array
        The value whose shape and dtype to keep.
    """
    __slots__ = ("shape", "dtype", "ndim")

    def __init__(self, value):
        self.shape = tuple(value.shape)
        self.dtype = value.dtype
        self.ndim = len(self.shape)


_ndarray = np.ndarray


def meta(value):
    if type(value) is _ndarray or hasattr(value, "shape"):
        m = Meta.__new__(Meta)
        shape = value.shape
        m.shape = shape if type(shape) is tuple else tuple(shape)
        m.dtype = value.dtype
        m.ndim = len(m.shape)
        return m
    return value


class RemovableHandle:
    """Returned by the register_*hook methods: ``remove()`` unregisters the hook.

    Also a context manager that removes the hook on exit.

    Parameters
    ----------
    hooks : list
        The list the hook was appended to.
    hook : callable
        The registered hook.
    """
    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks, hook):
        self._hooks = hooks
        self._hook = hook

    def remove(self):
        """Unregister the hook; removing it a second time does nothing."""
        for i, h in enumerate(self._hooks):
            if h is self._hook:
                del self._hooks[i]
                return

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class Node:
    """Base of all graph nodes: what ``tensor.grad_fn`` is.

    Its class is named as PyTorch names the node (``MulBackward0``); `next_functions`
    holds one edge ``(node, output_nr)`` per differentiable input, ``(None, 0)`` for
    inputs that need no gradient. Calling a node on gradients runs its backward.
    """
    __slots__ = ("_edges", "_seq", "_freed", "_extra", "__weakref__")
    __module__ = "builtins"   # PyTorch's nodes are builtins: repr <MulBackward0 object at 0x...>
    has_saved = False

    def _init(self, edges):
        self._edges = edges
        self._seq = next(_sequence)
        self._freed = False
        self._extra = None
        if _anomaly["enabled"]:
            record_forward_trace(self)

    def name(self):
        """The node's name (a str), e.g. ``'MulBackward0'``."""
        return type(self).__name__

    def n_outputs(self):
        """The number of outputs (an int) of the op the node records."""
        return 1

    @property
    def next_functions(self):
        """The edges to the nodes of the inputs: a tuple of ``(node, output_nr)``."""
        return self._edges

    @property
    def metadata(self):
        """A dict for the user's own data about the node (empty at first)."""
        return self._extras().setdefault("metadata", {})

    def _extras(self):
        if self._extra is None:
            self._extra = {}
        return self._extra

    def _hook_list(self, kind):
        return self._extras().setdefault(kind, [])

    def register_hook(self, fn):
        """Register ``fn(grad_inputs, grad_outputs)``, run after the node's backward.

        Parameters
        ----------
        fn : callable
            Called with the gradients the node computed for its inputs and the gradients
            it received, both tuples; it may return a tuple replacing grad_inputs.

        Returns
        -------
        RemovableHandle
            ``handle.remove()`` unregisters the hook.

        Examples
        --------
        >>> import funcgrad as fg
        >>> x = fg.tensor([1.0, 2.0], requires_grad=True)
        >>> y = x * 2
        >>> handle = y.grad_fn.register_hook(lambda gin, gout: (gin[0] * 0, None))
        >>> y.sum().backward()
        >>> x.grad
        tensor([0., 0.])
        """
        hooks = self._hook_list("post")
        hooks.append(fn)
        return RemovableHandle(hooks, fn)

    def register_prehook(self, fn):
        """Register ``fn(grad_outputs)``, run before the node's backward.

        Parameters
        ----------
        fn : callable
            Called with the tuple of gradients the node received; it may return a tuple
            replacing them.

        Returns
        -------
        RemovableHandle
            ``handle.remove()`` unregisters the hook.
        """
        hooks = self._hook_list("pre")
        hooks.append(fn)
        return RemovableHandle(hooks, fn)

    def label(self):
        """The node's name in the version-counter error: ``'ExpBackward0'`` gives ``'Exp'``."""
        name = self.name()
        for suffix in ("Backward0", "Backward"):
            if suffix in name:
                return name.replace(suffix, "", 1)
        return name

    def apply(self, grads, create_graph):
        """The gradients of the node's inputs, one per edge, from those of its outputs.

        Parameters
        ----------
        grads : list
            One gradient per output (arrays, or Tensors under create_graph).
        create_graph : bool
            Whether the backward computation is being recorded.

        Returns
        -------
        list
            One gradient per edge; None stands for zero.
        """
        raise NotImplementedError

    def release(self):
        """Drop the saved values after a backward without retain_graph."""
        self._freed = True

    def check_alive(self):
        """Raise PyTorch's "backward a second time" RuntimeError if needed values were freed."""
        if self._freed and self.has_saved:
            raise RuntimeError(FREED_MESSAGE)

    def __call__(self, *grads):
        """Call the node on gradients directly: a tuple with one entry per edge."""
        from funcgrad.autograd.engine import user_convention
        datas = [user_convention(g._data if isinstance(g, Tensor) else g) for g in grads]
        self.check_alive()
        out = self.apply(datas, False)
        return tuple(None if g is None else wrap_tensor(user_convention(g), False, None, 0)
                     for g in out)


def _version_of(t):
    vc = t._vc
    return vc[0] if vc is not None else 0


def version_error(t_value, legacy, label_nr, version, expected):
    from funcgrad.autograd.anomaly_mode import is_anomaly_enabled
    shape = ", ".join(str(n) for n in t_value.shape)
    where = f", which is output {label_nr[1]} of {label_nr[0]}," if label_nr else ""
    if is_anomaly_enabled():
        hint = ("Hint: the backtrace further above shows the operation that failed to compute "
                "its gradient. The variable in question was changed in there or anywhere later. "
                "Good luck!")
    else:
        hint = ("Hint: enable anomaly detection to find the operation that failed to compute its "
                f"gradient, with {MODULE}.autograd.set_detect_anomaly(True, check_nan=False).")
    return RuntimeError(
        f"one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: [{MODULE}.{legacy} [{shape}]]{where} is at version {version}; "
        f"expected version {expected} instead. {hint}")


def check_saved_tensor(t, expected, owner=None, owner_nr=0):
    """Raise the version-counter error if tensor `t` changed in place since it was saved."""
    version = _version_of(t)
    if version != expected:
        fn = owner if owner is not None else t._grad_fn
        label = (fn.label(), owner_nr if owner is not None else t._output_nr) if fn else None
        raise version_error(t._data, t.dtype.legacy, label, version, expected)


# Which values each primitive's vjp reads, per input: xs indices, and "ans" for the output.
# A node keeps exactly these (and a Meta for the rest); unlisted primitives keep everything.
_A = "ans"
READS = {
    "add": ((), ()), "subtract": ((), ()), "negative": ((),),
    "multiply": ((1,), (0,)), "true_divide": ((1,), (0, 1)), "matmul": ((1,), (0,)),
    "power": ((0, 1), (0, _A)), "square": ((0,),), "reciprocal": ((_A,),),
    "absolute": ((0,),), "maximum": ((0, 1), (0, 1)), "minimum": ((0, 1), (0, 1)),
    "where": ((), (0,), (0,)), "clip": ((0, 1, 2), (0, 1), (0, 2)),
    "remainder": ((), (0, 1)),
    "exp": ((_A,),), "expm1": ((_A,),), "tanh": ((_A,),), "sigmoid": ((0, _A),),
    "sqrt": ((_A,),), "tan": ((_A,),),
    "log": ((0,),), "log1p": ((0,),), "sin": ((0,),), "cos": ((0,),),
    "arcsin": ((0,),), "arccos": ((0,),), "arctan": ((0,),), "sinh": ((0,),),
    "cosh": ((0,),), "softplus": ((0,),), "arctan2": ((0, 1), (0, 1)),
    "sum": ((),), "reshape": ((),), "transpose": ((),), "broadcast_to": ((),),
    "astype": ((),), "getitem": ((),), "scatter_add": ((),), "flip": ((),),
    "tile": ((),), "repeat": ((),), "split": ((),),
    "max": ((0, _A),), "min": ((0, _A),), "prod": ((0, _A),), "logsumexp": ((0, _A),),
}


def reads_of(prim, needed, n_inputs):
    """(set of xs indices, reads ans) that the vjp of `prim` reads for inputs `needed`."""
    table = READS.get(prim.name)
    if table is None or prim.variadic:
        if prim.name in ("concatenate",):
            return set(), False
        return set(range(n_inputs)), True
    idx, ans = set(), False
    for i in needed:
        for r in table[i] if i < len(table) else ():
            if r == _A:
                ans = True
            else:
                idx.add(r)
    return idx, ans


class PrimNode(Node):
    """One primitive: backward = its vjp rule on the saved inputs/output.

    _xs / _ans are the arrays the primitive saw and produced; _inputs the arguments as
    given (Tensors or values), used instead of _xs under create_graph so the rule's ops
    are recorded. _versions lists the (tensor, version) pairs that count as saved.
    """
    __slots__ = ("_prim", "_params", "_xs", "_ans", "_inputs", "_versions", "_needed",
                 "_argmap", "_ans_check", "_ans_saved", "_saved_idx")
    _names = {}   # per class: _saved_<name> -> xs index or "ans"

    @property
    def has_saved(self):
        """Whether the node keeps values for its backward (so freeing them matters)."""
        return self._versions is not None   # a tuple (maybe empty) when anything is saved

    def check_versions(self):
        """Raise if a saved tensor was modified in place since it was saved."""
        if self._versions:
            for t, v in self._versions:
                check_saved_tensor(t, v)
        check = self._ans_check
        if check is not None and check[0][0] != check[1]:
            raise version_error(self._ans, _legacy(self._ans), (self.label(), 0),
                                check[0][0], check[1])

    def apply(self, grads, create_graph):
        """The primitive's vjp rule applied to the saved values (see Node.apply)."""
        if self._freed and self._versions is not None:
            raise RuntimeError(FREED_MESSAGE)
        if self._versions or self._ans_check is not None:
            self.check_versions()
        prim = self._prim
        if create_graph:
            xs = tuple(t if isinstance(t, Tensor) else x for x, t in zip(self._xs, self._inputs))
            ans = self._ans_tensor()
        else:
            xs, ans = self._xs, self._ans
        g = tuple(grads) if prim.multiple_results else grads[0]
        cts = apply_vjp(prim, self._params, xs, ans, g, self._needed)
        argmap = self._argmap
        if len(argmap) == 1:
            return [cts[argmap[0]]]
        return [cts[i] for i in argmap]

    def n_outputs(self):
        """The number of outputs of the primitive (see Node.n_outputs)."""
        if not self._prim.multiple_results:
            return 1
        return len(self._ans) if self._ans is not None else len(self._argmap)

    def _ans_tensor(self):
        if isinstance(self._ans, Meta):
            return self._ans
        if self._prim.multiple_results:
            return tuple(wrap_tensor(a, True, self, k) for k, a in enumerate(self._ans))
        return wrap_tensor(self._ans, True, self, 0)

    def release(self):
        """Drop the saved values, keeping shapes where the node can still run."""
        if self._freed:
            return
        self._freed = True
        self._inputs = None
        if self._versions is not None:   # it can never run again: drop everything
            self._versions = ()
            self._xs = self._ans = None
            return
        self._xs = tuple([meta(x) for x in self._xs])   # it still runs: shapes suffice
        self._ans = (tuple(meta(a) for a in self._ans) if self._prim.multiple_results
                     else meta(self._ans))

    def __getattr__(self, attr):
        if attr.startswith("_saved_"):
            return self._saved_value(attr[7:])
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{attr}'")

    def _saved_value(self, name):
        names = type(self)._names
        if name.endswith("_sym_sizes") and names.get(name[:-10]) not in (None, "ans"):
            if self._xs is None:
                raise RuntimeError(FREED_MESSAGE)
            return tuple(self._xs[names[name[:-10]]].shape)
        where = names.get(name)
        saved = where == "ans" and self._ans_saved or where in self._saved_idx
        if where is None or not saved:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '_saved_{name}'")
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        if where == "ans":
            return wrap_tensor(self._ans, True, self, 0)
        t = self._inputs[where]
        if isinstance(t, Tensor):
            return t
        if name == "exponent" and isinstance(t, (int, float, complex)):
            return t
        return wrap_tensor(t if t is not None else self._xs[where], False, None, 0)


def watch_result(node, vc):
    """Version-check the node's saved output against counter `vc` (from now on)."""
    node._ans_check = (vc, vc[0])


def _legacy(value):
    from funcgrad._dtypes import from_numpy_dtype
    return from_numpy_dtype(value.dtype).legacy


_reads_cache = {}


def make_prim_node(cls, prim, params, args, datas, ans, edges, argmap, original_self=None,
                   inplace=False):
    """A PrimNode of class `cls` for ans = prim(*datas); args are the Tensors/values given.

    `edges[k]` is the edge of xs index `argmap[k]`. The node keeps every input and the
    output (so any rule can run, and run on Tensors under create_graph); `READS` says
    which of them count as saved: those are version-checked, and their release makes
    a second backward fail. For an in-place op (`inplace`), input 0 is about to be
    overwritten: `original_self` (a copy made by the caller when the rule reads it)
    replaces it, or it is dropped.
    """
    node = cls.__new__(cls)
    node._edges = edges
    node._seq = next(_sequence)
    node._freed = False
    node._extra = None
    if len(edges) == 1:
        needed = (argmap[0],) if edges[0][0] is not None else ()
    else:
        needed = tuple([argmap[k] for k, e in enumerate(edges) if e[0] is not None])
    key = (prim, needed, len(datas))
    reads = _reads_cache.get(key)
    if reads is None:
        reads = _reads_cache[key] = reads_of(prim, needed, len(datas))
    idx, reads_ans = reads
    if inplace:
        first = original_self if original_self is not None else None
        datas = ((original_self._data if first is not None else meta(datas[0])),) + tuple(datas[1:])
        args = (first,) + tuple(args[1:])
    versions = []
    for i in idx:
        a = args[i]
        if isinstance(a, Tensor) and a is not original_self:
            extra = a._extra
            if extra is not None and extra.get("inference"):
                raise RuntimeError(_INFERENCE_SAVE)
            vc = a._vc
            versions.append((a, vc[0] if vc is not None else 0))
    node._prim = prim
    node._params = params
    node._xs = datas
    node._inputs = args
    node._needed = needed
    node._argmap = argmap
    node._ans = ans
    node._ans_saved = reads_ans
    node._ans_check = None
    node._saved_idx = idx
    node._versions = tuple(versions) if (idx or reads_ans) else None
    if _anomaly["enabled"]:
        record_forward_trace(node)
    return node


_INFERENCE_SAVE = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make "
    "a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` "
    "instead of `torch.inference_mode()`.")


class RuleNode(Node):
    """A composite op with a hand-written backward: rule(g, *saved) -> one cotangent per edge.

    The rule is written with funcgrad ops, so it runs on arrays (plain backward) or on
    Tensors (create_graph). `saved` entries are Tensors (version-checked), or other values.
    """
    __slots__ = ("_rule", "_saved", "_versions", "_ans", "_ans_check", "_named")

    has_saved = property(lambda self: bool(self._saved) or self._ans is not None,
                         doc="Whether the node keeps values for its backward.")

    def apply(self, grads, create_graph):
        """The hand-written rule applied to the saved values (see Node.apply)."""
        self.check_alive()
        self.check_versions()
        saved = [(s if create_graph else s._data) if isinstance(s, Tensor) else s
                 for s in self._saved]
        ans = self._ans
        if ans is not None:
            ans = wrap_tensor(ans, True, self, 0) if create_graph else ans
        return list(self._rule(grads[0], ans, *saved))

    def check_versions(self):
        """Raise if a saved tensor was modified in place since it was saved."""
        for s, v in self._versions:
            check_saved_tensor(s, v)
        check = self._ans_check
        if check is not None and check[0][0] != check[1]:
            raise version_error(self._ans, _legacy(self._ans), (self.label(), 0),
                                check[0][0], check[1])

    def release(self):
        """Drop the saved values."""
        self._freed = True
        if self.has_saved:
            self._saved = (None,) * len(self._saved)
            self._versions = ()

    def __getattr__(self, attr):
        if attr == "_saved_result" and self._ans is not None:
            if self._freed:
                raise RuntimeError(FREED_MESSAGE)
            return wrap_tensor(self._ans, True, self, 0)
        named = self._named if attr != "_named" else None
        if named and attr.startswith("_saved_") and attr[7:] in named:
            value = named[attr[7:]]
            if isinstance(value, Tensor):
                if self._freed:
                    raise RuntimeError(FREED_MESSAGE)
            return value
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{attr}'")


def make_rule_node(cls, rule, edges, saved=(), ans=None, named=None):
    """A RuleNode; `named` maps names to values shown as `node._saved_<name>`."""
    node = cls.__new__(cls)
    node._init(edges)
    node._named = named
    node._rule = rule
    node._saved = tuple(saved)
    node._versions = tuple((s, _version_of(s)) for s in saved if isinstance(s, Tensor))
    node._ans = ans
    node._ans_check = None
    return node


class TapeNode(Node):
    """A composite recorded as a tape of primitives; backward runs the vjp interpreter."""
    __slots__ = ("_tape", "_inputs", "_versions")
    has_saved = True

    def apply(self, grads, create_graph):
        """The vjp interpreter run over the recorded tape (see Node.apply)."""
        from funcgrad.transforms.interpreters import backward_pass
        self.check_alive()
        for t, v in self._versions:
            check_saved_tensor(t, v)
        tape = _tensor_replay(self._tape, self._inputs) if create_graph else self._tape
        return backward_pass(tape, list(grads))

    def release(self):
        """Drop the tape and its saved inputs."""
        self._freed = True
        self._tape = None
        self._inputs = ()
        self._versions = ()


def make_tape_node(cls, tape, inputs, edges):
    node = cls.__new__(cls)
    node._init(edges)
    node._tape = tape
    node._inputs = tuple(inputs)
    node._versions = tuple((t, _version_of(t)) for t in inputs)
    return node


def _tensor_replay(tape, inputs):
    """The tape re-run on Tensor inputs: its values become Tensors carrying graph nodes."""
    from funcgrad.tape import Eqn, Tape
    env = dict(zip(tape.in_ids, inputs))
    new = Tape()
    new.n_vars, new.in_ids, new.in_vals = tape.n_vars, tape.in_ids, tuple(inputs)
    for e in tape.eqns:
        vals = tuple(v if i is None else env[i] for i, v in zip(e.ins, e.invals))
        out = bind(e.prim, *vals, **e.params)
        if e.prim.multiple_results:
            env.update((o, r) for o, r in zip(e.outs, out) if o is not None)
        else:
            env[e.outs] = out
        new.eqns.append(Eqn(e.prim, e.params, e.ins, vals, e.outs, out))
    new.out_ids = tape.out_ids
    new.out_vals = tuple(env.get(i, v) if i is not None else v
                         for i, v in zip(tape.out_ids, tape.out_vals))
    return new


# ---- views and in-place bookkeeping -----------------------------------------

def chain_forward(value, chain):
    """Apply a view chain [(prim, params, in_meta), ...] to a base-shaped value."""
    for prim, params, _ in chain:
        value = bind(prim, value, **params)
    return value


def chain_adjoint(ct, chain):
    """The adjoint of a view chain: a view-shaped cotangent placed into base shape."""
    for prim, params, in_meta in reversed(chain):
        ct = apply_vjp(prim, params, (in_meta,), None, ct, [0])[0]
    return ct


class ViewNode(Node):
    """AsStridedBackward0: a view regenerated after its base changed in place."""
    __slots__ = ("_chain",)

    def apply(self, grads, create_graph):
        """The gradient placed back into the base's shape through the view chain."""
        return [chain_adjoint(grads[0], self._chain)]


class CopySlices(Node):
    """In-place op `fn` on a view of a base: the base's new history."""
    __slots__ = ("_chain", "_fn")

    def name(self):
        """The node's name, ``'torch::autograd::CopySlices'``."""
        return "torch::autograd::CopySlices"

    label = name

    @property
    def has_saved(self):
        """Whether the wrapped in-place op's node keeps values for its backward."""
        return self._fn.has_saved

    def check_alive(self):
        """Raise if the wrapped in-place op's saved values were freed."""
        self._fn.check_alive()

    def apply(self, grads, create_graph):
        """The base's gradient with the view's region replaced by the in-place op's backward."""
        g = grads[0]
        region = chain_forward(g, self._chain)
        res = self._fn.apply([region], create_graph)
        delta = -region if res[0] is None else res[0] - region
        return [g + chain_adjoint(delta, self._chain)] + list(res[1:])

    def release(self):
        """Release the wrapped in-place op's node."""
        self._freed = True
        self._fn.release()


def make_copy_slices(base_edge, chain, fn):
    node = CopySlices.__new__(CopySlices)
    node._init((base_edge,) + tuple(fn._edges[1:]))
    node._chain = chain
    node._fn = fn
    # the view's own edge is never followed (the base edge replaces it); dropping it
    # breaks the cycle base -> CopySlices -> fn -> view node -> base
    fn._edges = (NO_EDGE,) + tuple(fn._edges[1:])
    return node


def make_view_node(base_edge, chain):
    cls = node_class("AsStridedBackward0", ViewNode)
    node = cls.__new__(cls)
    node._init((base_edge,))
    node._chain = chain
    return node


class CopyBackwards(Node):
    """self.copy_(src): no gradient to the old self; src gets g summed to its shape and dtype."""
    __slots__ = ("_src_meta",)

    def name(self):
        """The node's name, ``'torch::autograd::CopyBackwards'``."""
        return "torch::autograd::CopyBackwards"

    def apply(self, grads, create_graph):
        """No gradient for the old self; src gets the gradient summed to its shape."""
        from funcgrad.transforms.rules import unbroadcast
        src = None if self._edges[1][0] is None else unbroadcast(grads[0], self._src_meta)
        return [None, src]


def make_copy_node(self_edge, src_edge, src_value):
    node = CopyBackwards.__new__(CopyBackwards)
    node._init((self_edge, src_edge))
    node._src_meta = meta(src_value) if hasattr(src_value, "shape") else Meta(_Scalar())
    return node


class _Scalar:
    shape = ()
    dtype = None


class AccumulateGrad(Node):
    """The sink of a leaf that requires grad: backward adds into `variable.grad`.

    The leaf owns its accumulator and the accumulator refers to the leaf weakly, so the
    pair makes no reference cycle (a leaf nobody holds has no .grad to fill)."""
    __slots__ = ("_variable",)

    @property
    def variable(self):
        """The leaf tensor this node accumulates into (None once it is gone)."""
        return self._variable()

    def name(self):
        """The node's name, ``'torch::autograd::AccumulateGrad'``."""
        return "torch::autograd::AccumulateGrad"

    def apply(self, grads, create_graph):
        """Nothing flows further: the engine accumulates into the leaf's .grad."""
        return []


def make_accumulator(tensor):
    node = AccumulateGrad.__new__(AccumulateGrad)
    node._init(())
    node._variable = weakref.ref(tensor)
    return node


for _cls in (PrimNode, RuleNode, TapeNode, ViewNode, CopySlices, CopyBackwards, AccumulateGrad):
    _cls.__module__ = "builtins"   # reprs read <AccumulateGrad object at 0x...>, as PyTorch's

_classes = {}


def node_class(name, base=PrimNode, saved_names=None):
    """The node class called `name`, made on first use (``'MulBackward0'``).

    Parameters
    ----------
    name : str
        The class name, PyTorch's name for the node.
    base : type, default PrimNode
        The kind of node.
    saved_names : dict, optional
        For PrimNode classes: PyTorch's saved-attribute names (``_saved_self``) mapped
        to an input position or ``"ans"``.

    Returns
    -------
    type
        The class (the same object for the same name and base).
    """
    cls = _classes.get((name, base))
    if cls is None:
        cls = type(name, (base,), {"__slots__": (), "__module__": "builtins",
                                    "__qualname__": name})
        if saved_names is not None:
            cls._names = dict(saved_names)
        _classes[(name, base)] = cls
    return cls
