"""How a Tensor op runs: promote operands, compute on the arrays, record a graph node.

Every Tensor op ends here. The array work is one primitive's `impl` (or `bind`, when
the data is a tracer of a functional transform); when grad mode is on, an input
requires grad and the result is floating or complex, the result gets a graph node:

* `unary` / `binary` / `rbinary` / `prim_op`: one primitive -> `PrimNode`
* `rule_op`: a composite with a hand-written backward -> `RuleNode`
* `composite`: any function of funcgrad ops, recorded as a tape -> `TapeNode`
* `view_op`: a primitive whose result shares memory (reshape, basic indexing...)
* `tensor_apply`: the hook `bind` calls when a primitive meets a Tensor (rules run
  under create_graph, `np.sin(t)`, fnp functions on Tensors)

In-place ops (`check_inplace`, `commit_inplace`) write into the array, bump the
version counter and rebase the history (a view's base gets a CopySlices node).
"""
import builtins

import numpy as np

from funcgrad import _dtypes
from funcgrad import tracing
from funcgrad._dtypes import _combine, from_numpy_dtype, promote_types
from funcgrad.autograd import graph
from funcgrad.autograd.grad_mode import state
from funcgrad.autograd.graph import (NO_EDGE, Meta, make_copy_slices, make_prim_node,
                                     make_rule_node, make_tape_node, node_class, PrimNode,
                                     RuleNode, TapeNode, reads_of, watch_result)
from funcgrad.backend import DeviceMismatchError, is_array
from funcgrad.primitive import Boxed, bind
from funcgrad.primitives.shape import astype as _astype_prim

from ._core import Tensor, make
from ._devices import check_same, find_mismatch, xp_of

_ndarray = np.ndarray
_generic = np.generic
_PY_SCALARS = (builtins.int, builtins.float, builtins.bool, builtins.complex)
_EMPTY = {}

# ---- results ------------------------------------------------------------------


def fix(out):
    """Ops on 0-d arrays give numpy scalars: make them 0-d arrays again."""
    if isinstance(out, _generic):
        return np.asarray(out)
    return out


def as_array(value):
    """`value` as an array: numpy, device (cupy) arrays and tracers as they are."""
    if isinstance(value, (_ndarray, Boxed)):
        return value
    if not isinstance(value, _generic) and is_array(value):
        return value
    return np.asarray(value)


def module_of(*datas):
    """The array module for op inputs `datas`: numpy unless a device array is among them
    (then PyTorch's error if they are on two devices)."""
    for d in datas:
        if type(d) is not _ndarray and not isinstance(d, Boxed) and is_array(d) \
                and not isinstance(d, _generic):
            error = find_mismatch(datas)
            if error is not None:
                raise error
            return xp_of(d)
    return np


def plain(out):
    """A result that records nothing (inference tensors are marked as such)."""
    t = make(out, False, None)
    if state.inference:
        t._extra = {"inference": True}
    return t


def _wrap_tensor(value, requires_grad, grad_fn, output_nr):
    return make(as_array(value), requires_grad, grad_fn, output_nr)


graph.wrap_tensor = _wrap_tensor
graph.Tensor = Tensor


def rg(t):
    """t.requires_grad, refreshing a view whose base changed in place."""
    return t._requires_grad or (t._base is not None and t.requires_grad)


def recording(*tensors):
    """Whether an op on `tensors` is recorded: grad mode on and one of them requires grad."""
    if not state.grad_enabled:
        return False
    for t in tensors:
        if t is not None and (t._requires_grad or (t._base is not None and t.requires_grad)):
            return True
    return False


def _saved_result(node, t):
    if node._ans_saved:
        watch_result(node, t._counter())


def prim_result(cls, prim, params, args, datas, out, argmap=None):
    """Wrap `out` = prim(*datas) as a recorded result of `args` (Tensors or values)."""
    if argmap is None:
        argmap = tuple(range(len(args)))
    edges = tuple(args[i]._edge() if isinstance(args[i], Tensor) else NO_EDGE for i in argmap)
    node = make_prim_node(cls, prim, params, args, datas, out, edges, argmap)
    if prim.multiple_results:
        outs = tuple(make(o, True, node, k) for k, o in enumerate(out))
        if node._ans_saved:
            watch_result(node, [0])
        return outs
    t = make(out, True, node)
    _saved_result(node, t)
    return t


# ---- dtype promotion -------------------------------------------------------------


def cast(data, np_dtype):
    """`data` as numpy dtype `np_dtype` (itself when it has it), on its own device."""
    if data.dtype == np_dtype:
        return data
    if type(data) is _ndarray:
        return data.astype(np_dtype)
    return bind(_astype_prim, data, dtype=np.dtype(np_dtype))


def tensors_dtype(tensors):
    """PyTorch's result dtype of several tensors (0-dim ones promote only across categories)."""
    dims, zeros = [], []
    for t in tensors:
        (dims if t._data.ndim else zeros).append(from_numpy_dtype(t._data.dtype))
    return _dtypes.result_type(dims, zeros, ())


def _pair_dtype(ad, bd):
    da, db = from_numpy_dtype(ad.dtype), from_numpy_dtype(bd.dtype)
    if (ad.ndim > 0) == (bd.ndim > 0):
        return promote_types(da, db)
    return _combine(da, db) if ad.ndim else _combine(db, da)


def to_scalar(b):
    """A Python scalar from a Python or numpy scalar; None if `b` is neither."""
    if type(b) in _PY_SCALARS:
        return b
    if isinstance(b, _generic):
        return b.item()
    if isinstance(b, (builtins.int, builtins.float, builtins.complex)):
        return b
    return None


def _scalar_ok(kind, b):
    """Whether numpy's result of (array of `kind`) op Python scalar b has PyTorch's dtype."""
    tb = type(b)
    if tb is builtins.bool:
        return True
    if tb is builtins.int:
        return kind != "b"
    if tb is builtins.float:
        return kind in "fc"
    return kind in "fc"   # complex scalar


def _scalar_target(kind, b):
    if type(b) is builtins.int:
        return np.dtype(np.int64)
    if type(b) is builtins.float:
        return _dtypes.default_float().np
    return _dtypes.default_complex().np


def operands(a, b):
    """(a_data, b_data, b_tensor) ready for numpy, with PyTorch's result dtype.

    b may be a Tensor, a Python/numpy scalar or an array; b_tensor is None for scalars.
    Returns None when b is of a type Tensor ops don't take.
    """
    ad = a._data
    if isinstance(b, Tensor):
        bd = b._data
        if ad.dtype is bd.dtype or ad.dtype == bd.dtype:
            return ad, bd, b
        target = _pair_dtype(ad, bd).np
        return cast(ad, target), cast(bd, target), b
    s = to_scalar(b)
    if s is not None:
        kind = ad.dtype.kind
        if not _scalar_ok(kind, s):
            ad = cast(ad, _scalar_target(kind, s))
        return ad, s, None
    if isinstance(b, (_ndarray, list, tuple)):
        from ._factories import tensor
        return operands(a, tensor(b) if not isinstance(b, _ndarray) else make(b))
    return None


def broadcast_error(shape_a, shape_b):
    """PyTorch's error for shapes that do not broadcast (the first clash from the right)."""
    for i in range(1, max(len(shape_a), len(shape_b)) + 1):
        a = shape_a[-i] if i <= len(shape_a) else 1
        b = shape_b[-i] if i <= len(shape_b) else 1
        if a != b and a != 1 and b != 1:
            dim = max(len(shape_a), len(shape_b)) - i
            return RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b ({b}) "
                                f"at non-singleton dimension {dim}")
    return None


def _call(prim, datas, params):
    """bind, turning numpy's broadcasting ValueError into PyTorch's RuntimeError."""
    try:
        return bind(prim, *datas, **params)
    except DeviceMismatchError:
        error = find_mismatch(datas)    # PyTorch's message, naming the two devices
        if error is None:
            raise
        raise error from None
    except ValueError:
        shapes = [getattr(d, "shape", ()) for d in datas]
        for k in range(1, len(shapes)):
            error = broadcast_error(tuple(shapes[0]), tuple(shapes[k]))
            if error is not None:
                raise error from None
        raise


# ---- single-primitive ops ----------------------------------------------------------


def unary(prim, cls, a, params=_EMPTY, floating=False):
    """prim(a) elementwise or reducing; `floating` casts integer input to the default float."""
    ad = a._data
    if floating and ad.dtype.kind not in "fc":
        ad = cast(ad, _dtypes.default_float().np)
    if type(ad) is _ndarray:
        out = prim.impl(np, ad, **params)
        if type(out) is not _ndarray:
            out = fix(out)
    else:
        out = bind(prim, ad, **params)
    if state.grad_enabled and (a._requires_grad or (a._base is not None and a.requires_grad)) \
            and out.dtype.kind in "fc":
        node = make_prim_node(cls, prim, params, (a,), (ad,), out, (a._edge(),), (0,))
        t = make(out, True, node)
        if node._ans_saved:
            t._vc = [0]
            watch_result(node, t._vc)
        return t
    return plain(out)


def binary(prim, cls, a, b, params=_EMPTY, floating=False, scalar_edge=True):
    """prim(a, b) with PyTorch promotion; b is a Tensor or a scalar (then its edge is None,
    or absent with scalar_edge=False: PowBackward0 has one edge, MulBackward0 two)."""
    ad = a._data
    kind = type(b)
    if kind is Tensor:   # the common cases first: same-dtype tensors, float scalars
        bt, bd = b, b._data
        if ad.dtype is not bd.dtype and ad.dtype != bd.dtype:
            target = _pair_dtype(ad, bd).np
            ad, bd = cast(ad, target), cast(bd, target)
    elif kind is float:
        bt, bd = None, b
        if ad.dtype.kind not in "fc":
            ad = cast(ad, _dtypes.default_float().np)
    else:
        ops = operands(a, b)
        if ops is None:
            return NotImplemented
        ad, bd, bt = ops
    if floating and ad.dtype.kind not in "fc":
        target = _dtypes.default_float().np
        ad = cast(ad, target)
        bd = cast(bd, target) if bt is not None else bd
    if type(ad) is _ndarray and (bt is None or type(bd) is _ndarray):
        try:
            out = prim.impl(np, ad, bd, **params)
        except ValueError:
            out = _call(prim, (ad, bd), params)
        if type(out) is not _ndarray:
            out = fix(out)
    else:
        out = _call(prim, (ad, bd), params)
    if state.grad_enabled and out.dtype.kind in "fc" and (
            a._requires_grad or (bt is not None and bt._requires_grad)
            or (a._base is not None and a.requires_grad)
            or (bt is not None and bt._base is not None and bt.requires_grad)):
        b_arg = b if bt is not None else bd
        # a Python scalar becomes a numpy scalar of the result dtype for the rules: 1/0 is
        # inf and x*0 still has a (zero) gradient, as in PyTorch
        b_data = bt._data if bt is not None else out.dtype.type(bd)
        if bt is None and not scalar_edge:
            edges, argmap = (a._edge(),), (0,)
        else:
            edges, argmap = (a._edge(), bt._edge() if bt is not None else NO_EDGE), (0, 1)
        node = make_prim_node(cls, prim, params, (a, b_arg), (a._data, b_data), out, edges,
                              argmap)
        t = make(out, True, node)
        if node._ans_saved:
            t._vc = [0]
            watch_result(node, t._vc)
        return t
    return plain(out)


def rbinary(prim, cls, s, a, params=_EMPTY):
    """prim(s, a) for a scalar s on the left: only a has an edge (RsubBackward1, PowBackward2)."""
    s2 = to_scalar(s)
    if s2 is None:   # an array on the left: a plain binary op with two tensors
        if isinstance(s, (_ndarray, list, tuple)):
            from ._factories import tensor
            other = tensor(s) if not isinstance(s, _ndarray) else make(s)
            name = {"subtract": "SubBackward0", "power": "PowBackward1"}.get(prim.name,
                                                                            cls.__name__)
            return binary(prim, node_class(name, PrimNode), other, a, params)
        return NotImplemented
    ad = a._data
    if not _scalar_ok(ad.dtype.kind, s2):
        ad = cast(ad, _scalar_target(ad.dtype.kind, s2))
    out = fix(bind(prim, s2, ad, **params))
    if recording(a) and out.dtype.kind in "fc":
        return prim_result(cls, prim, params, (s2, a), (out.dtype.type(s2), a._data), out,
                           argmap=(1,))
    return plain(out)


def prim_op(prim, cls, args, params=_EMPTY, argmap=None, dtype=None):
    """prim(*args) for Tensors and values (edges for the Tensors at `argmap` positions)."""
    tensors = [a for a in args if isinstance(a, Tensor)]
    target = dtype.np if dtype is not None else None
    datas = []
    for a in args:
        d = a._data if isinstance(a, Tensor) else a
        if target is not None and isinstance(a, Tensor):
            d = cast(d, target)
        datas.append(d)
    out = _call(prim, datas, params)
    out = tuple(fix(o) for o in out) if prim.multiple_results else fix(out)
    first = out[0] if prim.multiple_results else out
    if recording(*tensors) and first.dtype.kind in "fc":
        return prim_result(cls, prim, params, tuple(args), tuple(datas), out, argmap)
    if prim.multiple_results:
        return tuple(plain(o) for o in out)
    return plain(out)


def tensor_apply(prim, args, params):
    """`bind` reached a Tensor: run the primitive on the data and record it (generic names)."""
    datas = []
    tensors = []
    for a in args:
        if isinstance(a, Tensor):
            datas.append(a._data)
            tensors.append(a)
        else:
            datas.append(a)
    params = {k: (v.np if type(v) is _dtypes.dtype else v) for k, v in params.items()}
    out = _call(prim, datas, params)
    if prim.multiple_results:
        out = tuple(fix(o) for o in out)
        first = out[0]
    else:
        out = first = fix(out)
    if prim.nondiff or not recording(*tensors) or getattr(first, "dtype", None) is None \
            or first.dtype.kind not in "fc":
        return tuple(plain(o) for o in out) if prim.multiple_results else plain(out)
    cls = node_class(generic_name(prim, args, params), PrimNode, _SAVED_NAMES)
    return prim_result(cls, prim, params, tuple(args), tuple(datas), out)


tracing.tensor_apply = tensor_apply

_SAVED_NAMES = {"self": 0, "other": 1, "result": "ans"}

_GENERIC = {
    "add": "AddBackward0", "subtract": "SubBackward0", "multiply": "MulBackward0",
    "true_divide": "DivBackward0", "negative": "NegBackward0", "square": "PowBackward0",
    "reciprocal": "ReciprocalBackward0", "absolute": "AbsBackward0",
    "maximum": "MaximumBackward0", "minimum": "MinimumBackward0", "where": "WhereBackward0",
    "clip": "ClampBackward1", "log1p": "Log1PBackward0", "arcsin": "AsinBackward0",
    "arccos": "AcosBackward0", "arctan": "AtanBackward0", "arctan2": "Atan2Backward0",
    "prod": "ProdBackward0", "logsumexp": "LogsumexpBackward0", "reshape": "ViewBackward0",
    "transpose": "PermuteBackward0", "broadcast_to": "ExpandBackward0",
    "astype": "ToCopyBackward0", "getitem": "IndexBackward0", "scatter_add": "IndexAddBackward0",
    "concatenate": "CatBackward0", "split": "SplitWithSizesBackward0", "flip": "FlipBackward0",
    "tile": "RepeatBackward0", "repeat": "RepeatInterleaveBackward0",
    "remainder": "RemainderBackward0", "einsum": "EinsumBackward0",
}


def generic_name(prim, args, params):
    name = prim.name
    if name == "sum":
        return "SumBackward0" if params.get("axis") is None else "SumBackward1"
    if name in ("max", "min"):
        return name.capitalize() + ("Backward1" if params.get("axis") is None else "Backward0")
    if name == "power":
        a, b = (isinstance(x, Tensor) for x in args)
        return "PowBackward1" if a and b else ("PowBackward0" if a else "PowBackward2")
    if name == "matmul":
        nd = tuple(np.ndim(x._data if isinstance(x, Tensor) else x) for x in args)
        return {(1, 1): "DotBackward0", (2, 1): "MvBackward0", (1, 2): "SqueezeBackward4",
                (2, 2): "MmBackward0"}.get(nd, "UnsafeViewBackward0")
    found = _GENERIC.get(name)
    if found:
        return found
    return "".join(part.capitalize() for part in name.split("_")) + "Backward0"


# ---- composites -------------------------------------------------------------------------


def rule_op(cls, out, inputs, rule, saved=(), save_result=False, named=None):
    """Wrap `out` (computed by the caller) with a RuleNode if any input records.

    rule(g, result, *saved) -> one cotangent per input (None for zero), written with
    funcgrad ops; `saved` holds Tensors (version-checked) or constants.
    """
    if type(out) is not _ndarray:
        out = fix(out)
    if not (recording(*inputs) and out.dtype.kind in "fc"):
        return plain(out)
    edges = tuple(t._edge() if isinstance(t, Tensor) else NO_EDGE for t in inputs)
    for s in saved:
        if isinstance(s, Tensor) and s._is_inference():
            raise RuntimeError(graph._INFERENCE_SAVE)
    node = make_rule_node(cls, rule, edges, saved, out if save_result else None, named)
    t = make(out, True, node)
    if save_result:
        t._vc = [0]
        watch_result(node, t._vc)
    return t


def composite(cls, fn, inputs, *consts):
    """fn(*datas, *consts) written with funcgrad ops, recorded as a tape when it records."""
    datas = [t._data for t in inputs]
    if any(type(d) is not _ndarray for d in datas):
        check_same(datas)
    if not recording(*inputs):
        out = fn(*datas, *consts)
        return plain(fix(out))
    from funcgrad.tracing import RecordTrace, Tracer, new_trace
    with new_trace(RecordTrace) as trace:
        tracers = [trace.new_input(d) for d in datas]
        out = fn(*tracers, *consts)
    tape = trace.tape
    tape.in_ids = tuple(tr.aux for tr in tracers)
    tape.in_vals = tuple(datas)
    own = type(out) is Tracer and out._trace is trace
    value = fix(out.value if own else out)
    tape.out_ids = (out.aux if own else None,)
    tape.out_vals = (value,)
    if not own or value.dtype.kind not in "fc":
        return plain(value)
    node = make_tape_node(cls, tape, inputs, tuple(t._edge() for t in inputs))
    return make(value, True, node)


# ---- views -------------------------------------------------------------------------


def view_op(prim, cls, a, params, out=None, multi=None):
    """prim(a) sharing a's memory: the result is a view of a's base (PyTorch's _base)."""
    ad = a._data
    if out is None:
        out = prim.impl(np, ad, **params) if type(ad) is _ndarray else bind(prim, ad, **params)
    if type(ad) is not _ndarray and isinstance(ad, Boxed):    # traced: no memory to share
        return prim_op(prim, cls, (a,), params)
    return make_view(a, out, prim, params, cls, multi)


def make_view(a, out, prim, params, cls, multi=None):
    """Wrap `out`, a numpy view of a's data, as a view Tensor of a's base.

    extra["view"] = [chain of (prim, params, input meta) from the base, the base's version
    when the grad_fn was made, made in no_grad from a tensor requiring grad, multi-output]
    """
    t = make(out, False, None)
    base = a._base
    if base is None:
        base, parent = a, ()
    else:
        parent = a._extra["view"][0]
    vc = base._vc
    if vc is None:
        vc = base._vc = [0]
    t._vc = vc
    t._base = base
    chain = parent + ((prim, params, Meta(a._data)),)
    requires = a._requires_grad or (a._base is not None and a.requires_grad)
    enabled = state.grad_enabled
    t._extra = {"view": [chain, vc[0], requires and not enabled, multi]}
    if requires:
        t._requires_grad = True
        if enabled:
            t._grad_fn = make_prim_node(cls, prim, params, (a,), (a._data,), out,
                                        (a._edge(),), (0,))
    if a._extra is not None and a._extra.get("inference"):
        t._extra["inference"] = True
    return t


# ---- in-place ------------------------------------------------------------------


_NO_GRAD_VIEW = (
    "A view was created in no_grad mode and is being modified inplace with grad mode "
    "enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You "
    "can clarify your code by moving both the view and the inplace either both inside the "
    "no_grad block (if you don't want the inplace to be tracked) or both outside (if you "
    "want the inplace to be tracked).")


def check_inplace(t):
    """PyTorch's refusals of an in-place op on t (leaves, views, inference tensors)."""
    extra = t._extra
    if extra is not None:
        if extra.get("inference") and not state.inference:
            raise RuntimeError(
                "Inplace update to inference tensor outside InferenceMode is not allowed.You "
                "can make a clone to get a normal tensor before doing inplace update.See "
                "https://github.com/pytorch/rfcs/pull/17 for more details.")
        info = extra.get("view")
        if info is not None and state.grad_enabled:
            if info[3] is not None and rg(t):
                name, k = info[3]
                raise RuntimeError(
                    f"Output {k} of {name} is a view and is being modified inplace. This view "
                    f"is the output of a function that returns multiple views. Such functions "
                    f"do not allow the output views to be modified inplace. You should replace "
                    f"the inplace operation by an out-of-place one.")
            if info[2]:
                raise RuntimeError(_NO_GRAD_VIEW)
    if not state.grad_enabled or not t._requires_grad:
        return
    if t._base is None:
        if t._grad_fn is None:
            raise RuntimeError("a leaf Variable that requires grad is being used in an "
                               "in-place operation.")
    elif t._base._grad_fn is None and t._base._requires_grad:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")


def check_castable(t, out):
    """An in-place result must fit self's dtype (no float into an integer tensor)."""
    kind, target = out.dtype.kind, t._data.dtype.kind
    order = "biufc"
    rank = {k: i for i, k in enumerate(order)}
    if rank.get(kind, 3) > rank.get(target, 3):
        from ._core import _SCALAR_TYPE_NAMES
        got = _SCALAR_TYPE_NAMES.get(from_numpy_dtype(out.dtype).name, str(out.dtype))
        want = _SCALAR_TYPE_NAMES.get(t.dtype.name, str(t.dtype))
        raise RuntimeError(f"result type {got} can't be cast to the desired output type {want}")


def commit_inplace(t, out, node):
    """Write `out` into t's memory, bump its version, and make `node` its history."""
    data = t._data
    if type(data) is not _ndarray and (isinstance(data, Boxed) or not is_array(data)):
        raise RuntimeError("in-place operations are not supported on traced values inside "
                           "funcgrad transforms")
    if out is not data:
        module_of(data, out).copyto(data, out, casting="unsafe")
    t._bump()
    if node is not None:
        rebase_history(t, node)
        if getattr(node, "_ans_saved", False):
            node._ans = data
            watch_result(node, t._vc)
    return t


def rebase_history(t, node):
    """After an in-place op recorded as `node`: t (or its base, via CopySlices) takes it."""
    if t._base is None:
        t._grad_fn = node
        t._output_nr = 0
        t._requires_grad = True
        return
    base = t._base
    chain = t._extra["view"][0]
    base._grad_fn = make_copy_slices(base._edge(), chain, node)
    base._output_nr = 0
    base._requires_grad = True
    t._requires_grad = True
    t._extra["view"][1] = -1   # regenerate the view's grad_fn (AsStridedBackward0)


def inplace_prim(t, prim, cls, others=(), params=_EMPTY, argmap=None, floating=False):
    """t = prim(t, *others) in place (others: Tensors or scalars)."""
    check_inplace(t)
    args = (t,) + tuple(others)
    datas = [t._data]
    for o in others:
        if isinstance(o, Tensor):
            datas.append(o._data)
        else:
            s = to_scalar(o)
            datas.append(s if s is not None else o)
    out = fix(_call(prim, datas, params))
    if floating and out.dtype.kind not in "fc":
        out = out.astype(_dtypes.default_float().np)
    check_castable(t, out)
    if out.shape != t._data.shape:
        raise RuntimeError(f"output with shape {list(t._data.shape)} doesn't match the broadcast "
                           f"shape {list(out.shape)}")
    node = None
    tensors = [a for a in args if isinstance(a, Tensor)]
    if recording(*tensors):
        argmap = argmap if argmap is not None else tuple(range(len(args)))
        edges = tuple(args[i]._edge() if isinstance(args[i], Tensor) else NO_EDGE
                      for i in argmap)
        needed = [argmap[k] for k, e in enumerate(edges) if e[0] is not None]
        reads, _ = reads_of(prim, needed, len(args))
        original = None
        if 0 in reads:
            edge = edges[0] if argmap[0] == 0 else t._edge()
            original = make(t._data.copy(), edge[0] is not None or rg(t), edge[0], edge[1])
        node = make_prim_node(cls, prim, params, args, tuple(datas), out, edges, argmap,
                              original_self=original, inplace=True)
    return commit_inplace(t, out, node)


def inplace_rule(t, out, cls, inputs, rule, saved=()):
    """t = out in place, with a RuleNode over `inputs` (t first) when recording."""
    check_inplace(t)
    check_castable(t, out)
    node = None
    if recording(*[i for i in inputs if isinstance(i, Tensor)]):
        edges = tuple(i._edge() if isinstance(i, Tensor) else NO_EDGE for i in inputs)
        node = make_rule_node(cls, rule, edges, saved)
    return commit_inplace(t, out, node)


__all__ = ["unary", "binary", "rbinary", "prim_op", "tensor_apply", "rule_op", "composite",
           "view_op", "make_view", "check_inplace", "commit_inplace", "inplace_prim",
           "inplace_rule", "operands", "cast", "plain", "fix", "rg", "recording",
           "tensors_dtype", "RuleNode", "TapeNode"]
