"""Elementwise fusion: a tree of elementwise ufunc equations becomes one kernel equation.

An elementwise equation is inlined into its consumer when its result is read exactly once
(by that consumer), is not a tape output, and has the consumer's shape (so fusing never
computes a value at a broadcast, larger shape). Each resulting tree of two or more
equations is replaced, at its root's position, by one `FusedElementwise` equation whose
operands are the tree's leaves. Backends:

* numexpr, when installed and every value is float64: the tree becomes one numexpr
  expression evaluated in a single blocked pass over memory. Measured on one thread:
  - large arrays (>= LARGE_SIZE elements, memory-bound): a kernel beats the numpy calls it
    replaces, but only the operations numexpr runs about as fast as numpy are fused
    (`NUMEXPR_FAST`: arithmetic, sin, cos, sqrt, abs; numpy's SIMD exp/tanh/log are
    several times faster than numexpr's scalar ones without Intel's VML);
  - small arrays (< SMALL_SIZE, call-bound): one kernel call costs about one numpy call,
    so trees of at least MIN_SMALL_OPS operations, of any supported function, are fused;
  - in between the arrays sit in cache and numpy's SIMD loops win: nothing is fused.
* numpy otherwise: the tree's numpy calls inline, each writing into a dying temporary of
  the tree through `out=` when the arrays are large enough to make that pay.
"""
import numpy as np

from ..codegen import ufunc_of as _ufunc_of
from ..ir import uses
from ..kernels import NUMEXPR_OPS, FusedElementwise, numexpr

__all__ = ["fuse", "FusedElementwise", "NUMEXPR_OPS", "NUMEXPR_FAST", "SMALL_SIZE", "LARGE_SIZE",
           "set_backend"]

NUMEXPR_FAST = frozenset({"add", "subtract", "multiply", "divide", "negative", "positive",
                          "square", "absolute", "sqrt", "sin", "cos"})
SMALL_SIZE = 1024        # below this many elements: call-bound
LARGE_SIZE = 1 << 16     # from this many elements: memory-bound
MIN_SMALL_OPS = 3
MAX_LEAVES, MAX_OPS = 24, 96
_state = {"backend": "numexpr" if numexpr is not None else "numpy"}


def set_backend(name):
    """'numexpr' or 'numpy' for kernels fused from now on; returns the previous one."""
    if name not in ("numexpr", "numpy") or (name == "numexpr" and numexpr is None):
        raise ValueError(f"fusion backend {name!r} is not available")
    previous, _state["backend"] = _state["backend"], name
    return previous


def _fusable(e, backend):
    """The ufunc name if e may join a fused kernel, else None."""
    fn = _ufunc_of(e)
    out = e.outvals
    if fn is None or fn.signature is not None or not e.prim.elementwise:   # not matmul
        return None
    if out.scalar or out.ndim == 0 or out.size == 0:
        return None
    name = fn.__name__
    if backend == "numexpr":
        if name not in NUMEXPR_OPS or out.dtype != np.float64:
            return None
        if SMALL_SIZE <= out.size < LARGE_SIZE:
            return None
        if out.size >= LARGE_SIZE and name not in NUMEXPR_FAST:
            return None
        if any(i is not None and v.dtype != np.float64 for i, v in zip(e.ins, e.invals)):
            return None
    return name


def _is_literal_scalar(v):
    if type(v) in (int, float):
        return np.isfinite(v)
    return isinstance(v, np.generic) and v.dtype.kind in "iuf" and np.isfinite(v)


def _collect(k, eqns, plan, leaves, leaf_index, count):
    """The tree of equation k, inlining producers marked for it; leaves are appended."""
    e = eqns[k]
    inlined_into, remat = plan
    children = []
    for i, v in zip(e.ins, e.invals):
        producer = inlined_into.get(i)
        if producer is not None and producer[1] == k:
            children.append(_collect(producer[0], eqns, plan, leaves, leaf_index, count))
            continue
        if i in remat:
            children.append(_collect(remat[i], eqns, plan, leaves, leaf_index, count))
            continue
        if i is None and _is_literal_scalar(v):
            children.append(("const", v))
            continue
        key = ("v", i) if i is not None else ("c", id(v))
        if key not in leaf_index:
            leaf_index[key] = len(leaves)
            leaves.append((i, v))
        children.append(("leaf", leaf_index[key]))
    count[0] += 1
    return (_ufunc_of(e),) + tuple(children)


def _members(k, eqns, inlined_into):
    """The equations of the tree rooted at k, in tape order (to keep them unfused)."""
    found, stack = [], [k]
    while stack:
        j = stack.pop()
        found.append(j)
        stack.extend(p for p, c in inlined_into.values() if c == j)
    return [eqns[j] for j in sorted(found)]


def _cheap(e):
    """A one-variable negate/scale/shift: recomputed inside each kernel reading it."""
    return (e.prim.name in ("negative", "multiply", "add", "subtract")
            and sum(i is not None for i in e.ins) == 1)


def _plan(tape, backend):
    """({var: (producer, consumer)} for every inlinable edge, {var: producer} for cheap
    values recomputed in each of their (numexpr) consumers)."""
    eqns, n_uses = tape.eqns, uses(tape)
    outputs = set(tape.out_ids)
    names = [_fusable(e, backend) for e in eqns]
    producer = {e.outs: k for k, e in enumerate(eqns) if names[k] is not None}
    readers = {}
    for k, e in enumerate(eqns):
        for i in e.ins:
            readers.setdefault(i, []).append(k)
    inlined_into, remat = {}, {}
    for k, e in enumerate(eqns):
        if names[k] is None:
            continue
        for i in e.ins:
            p = producer.get(i)
            if p is None or i in outputs or eqns[p].outvals.shape != e.outvals.shape:
                continue
            if n_uses.get(i) == 1:
                inlined_into[i] = (p, k)
            elif (backend == "numexpr" and _cheap(eqns[p])
                  and all(names[r] is not None and eqns[r].outvals.shape == e.outvals.shape
                          for r in readers[i])):
                remat[i] = p
    for i in remat:   # a recomputed value's own operands stay kernel inputs
        for j in eqns[remat[i]].ins:
            inlined_into.pop(j, None)
    return names, inlined_into, remat


def fuse(tape, backend=None):
    """The tape with each tree of two or more fusable elementwise equations as one kernel."""
    from ..ir import copy_tape
    from funcgrad.tape import Eqn
    backend = backend or _state["backend"]
    names, inlined_into, remat = _plan(tape, backend)
    absorbed = {p for p, _ in inlined_into.values()} | set(remat.values())
    consumers = {c for _, c in inlined_into.values()}
    consumers |= {k for k, e in enumerate(tape.eqns) if any(i in remat for i in e.ins)}
    new = []
    for k, e in enumerate(tape.eqns):
        if k in absorbed:
            continue
        if k not in consumers:
            new.append(e)
            continue
        leaves, count = [], [0]
        tree = _collect(k, tape.eqns, (inlined_into, remat), leaves, {}, count)
        if len(leaves) > MAX_LEAVES or count[0] > MAX_OPS:
            return tape if backend == "numpy" else fuse(tape, "numpy")
        if backend == "numexpr" and e.outvals.size < SMALL_SIZE and count[0] < MIN_SMALL_OPS \
                and not remat:
            new.extend(_members(k, tape.eqns, inlined_into))   # too small to pay for a call
            continue
        if backend == "numexpr":   # numexpr kernels take float64 operands only
            leaves = [(i, v if i is not None else np.asarray(v, np.float64)) for i, v in leaves]
        prim = FusedElementwise(tree, len(leaves), backend)
        new.append(Eqn(prim, {"expr": prim.expression()}, tuple(i for i, _ in leaves),
                       tuple(v for _, v in leaves), e.outs, e.outvals))
    return copy_tape(tape, new)
