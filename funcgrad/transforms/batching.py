"""vmap: run a function over a leading batch axis as if it were written for one example.

A `BatchTrace` wraps each batched value as a `BatchTracer` whose array carries the
batch axis first; user code sees the per-example shape. Each op is batched by
    1. the primitive's own `batch(xs, batched, **params)` rule (xs with batch axis 0
       where `batched[i]`, returning the output with batch axis 0, or NotImplemented
       to ask for the loop), or
    2. for elementwise primitives (those with d_ rules or `elementwise = True`):
       padding batched arguments' ranks so numpy broadcasting lines the batch axis up, or
    3. a loop over the batch (always correct, slower) for anything else.
Jacobians use vmap to push all basis vectors through one backward (or forward)
pass instead of one pass each.
"""
import math

from funcgrad import tree
from funcgrad.backend import shape_of
from funcgrad.primitive import bind
from funcgrad.tracing import Trace, Tracer, new_trace

__all__ = ["vmap", "BatchTracer", "BatchTrace"]


class BatchTracer(Tracer):
    """A batched value: `value` holds every example, stacked along axis 0."""
    __slots__ = ()

    shape = property(lambda self: self.value.shape[1:],
                     doc="The per-example shape (batch axis left out).")
    ndim = property(lambda self: self.value.ndim - 1, doc="The per-example number of axes.")
    size = property(lambda self: math.prod(self.value.shape[1:]),
                    doc="The number of elements of one example.")

    def __len__(self):
        return self.value.shape[1]

    def __bool__(self):
        raise TypeError("vmap: the truth value of a batched value differs per example; "
                        "use funcgrad.numpy.where instead of Python control flow on it")

    __float__ = __int__ = __index__ = __bool__

    def __repr__(self):
        return f"BatchTracer(batch={self.value.shape[0]}, shape={self.shape})"


def _pad_rank(value, ndim):
    """Insert unit axes after the batch axis so value has per-example rank `ndim`."""
    from funcgrad.primitives.shape import reshape
    missing = ndim - (value.ndim - 1)
    if missing <= 0:
        return value
    return reshape(value, shape=(value.shape[0],) + (1,) * missing + tuple(value.shape[1:]))


def _rank(value, batched):
    return getattr(value, "ndim", 0) - (1 if batched else 0)


def _batch_elementwise(prim, vals, batched, params):
    rank = max(_rank(v, b) for v, b in zip(vals, batched))
    aligned = [_pad_rank(v, rank) if b else v for v, b in zip(vals, batched)]
    return bind(prim, *aligned, **params)


def _stack_examples(outs):
    from funcgrad.primitives.shape import concatenate, reshape
    return concatenate(*[reshape(o, shape=(1,) + tuple(getattr(o, "shape", ()))) for o in outs], axis=0)


def _batch_by_loop(prim, vals, batched, params, size):
    from funcgrad.primitives.indexing import getitem
    per_example = []
    for b in range(size):
        args = [getitem(v, index=(b,)) if bt else v for v, bt in zip(vals, batched)]
        per_example.append(bind(prim, *args, **params))
    if prim.multiple_results:
        return tuple(_stack_examples(list(outs)) for outs in zip(*per_example))
    return _stack_examples(per_example)


class BatchTrace(Trace):
    """Batches every op on its tracers along a leading axis of length `size`."""
    __slots__ = ("size",)

    def process(self, prim, args, params):
        """Apply prim to every example at once; return BatchTracers (a tuple for several)."""
        self.check_active(prim)
        vals, batched = [], []
        for a in args:
            own = isinstance(a, BatchTracer) and a._trace is self
            vals.append(a.value if own else a)
            batched.append(own)
        out = NotImplemented
        if prim.batch is not None:
            out = prim.batch(vals, tuple(batched), **params)
        elif prim.elementwise:
            out = _batch_elementwise(prim, vals, batched, params)
        if out is NotImplemented:
            out = _batch_by_loop(prim, vals, batched, params, self.size)
        if prim.multiple_results:
            return tuple(BatchTracer(self, o, None) for o in out)
        return BatchTracer(self, out, None)


def _move_axis_to_front(x, axis):
    from funcgrad import numpy as fnp
    return x if axis == 0 else fnp.moveaxis(x, axis, 0)


def vmap(f, in_axes=0, out_axes=0):
    """Map f over an axis of its arguments, as if it were written for one example.

    Each op is batched once (by the primitive's batch rule, by broadcasting for
    elementwise ops, or else by a loop over the examples), not called once per example.
    Python control flow on a batched value raises TypeError: use funcgrad.numpy.where.
    vmap composes with the other transforms (a vmapped grad is per-example gradients).

    Parameters
    ----------
    f : callable
        The per-example function; it takes positional arguments only.
    in_axes : int, None, or tuple of them, optional
        The mapped axis of each positional argument (None: shared by every example, not
        mapped). One int or None applies to every argument; a tuple has one entry per
        argument, applied to every leaf of that argument's pytree.
    out_axes : int, optional
        Where the batch axis goes in every output leaf. Outputs that do not depend on a
        mapped argument are broadcast along it.

    Returns
    -------
    callable
        ``vmapped(*args)`` returning f's outputs (same pytree structure) with the batch
        axis at `out_axes`.

    Raises
    ------
    TypeError
        If f is not callable, or f tests the truth value of a batched value.
    ValueError
        When called: if in_axes has the wrong number of entries, an axis is out of range
        (a scalar argument needs None), the mapped axes have different sizes, or no
        argument is mapped.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> fg.vmap(fnp.dot, in_axes=(0, None))(np.eye(2), np.array([3.0, 4.0]))
    array([3., 4.])
    >>> per_example = fg.vmap(fg.grad(lambda w, x: fnp.sum(w * x)), in_axes=(None, 0))
    >>> per_example(np.ones(2), np.array([[1.0, 2.0], [3.0, 4.0]]))
    array([[1., 2.],
           [3., 4.]])
    """
    if not callable(f):
        raise TypeError(f"vmap: the function to map must be callable, got {type(f).__name__}; "
                        f"pass the function itself, e.g. fg.vmap(f)(xs)")

    def vmapped(*args):
        axes = in_axes if isinstance(in_axes, (tuple, list)) else (in_axes,) * len(args)
        if len(axes) != len(args):
            raise ValueError(f"vmap: in_axes has {len(axes)} entries for {len(args)} arguments; "
                             f"give one entry (an int, or None for an unmapped argument) per argument")
        flat_pairs, per_arg = [], {}
        for k, (a, ax) in enumerate(zip(args, axes)):
            for leaf in tree.leaves(a):
                shape = shape_of(leaf)
                if ax is not None and not -len(shape) <= ax < len(shape):
                    raise ValueError(
                        f"vmap: in_axes={ax} for argument {k} of shape {tuple(shape)} is out of "
                        f"range; " + ("a scalar has no axis to map: pass None for it in in_axes"
                                      if not shape else f"use an axis in [-{len(shape)}, {len(shape)})"))
                flat_pairs.append((leaf, ax))
                if ax is not None:
                    per_arg.setdefault(k, (ax, shape[ax]))
        sizes = {shape_of(leaf)[ax] for leaf, ax in flat_pairs if ax is not None}
        if len(sizes) > 1:
            which = ", ".join(f"argument {k} has {n} along axis {ax}" for k, (ax, n) in per_arg.items())
            raise ValueError(f"vmap: mapped axes must have one common size, got {sorted(sizes)} "
                             f"({which}); map arguments of equal length, or pass None in in_axes "
                             f"for arguments shared by every example")
        if not sizes:
            raise ValueError("vmap: at least one argument must be mapped; in_axes is None for "
                             "every argument (give the mapped axis, e.g. in_axes=0)")
        size = sizes.pop()
        with new_trace(BatchTrace) as trace:
            trace.size = size
            wrapped = []
            for a, ax in zip(args, axes):
                wrapped.append(a if ax is None else tree.tree_map(
                    lambda leaf, ax=ax: BatchTracer(trace, _move_axis_to_front(leaf, ax), None), a))
            out = f(*wrapped)
        return tree.tree_map(lambda o: _unbatch(o, trace, size, out_axes), out)
    vmapped.__name__ = f"vmap({getattr(f, '__name__', 'f')})"
    return vmapped


def _unbatch(o, trace, size, out_axis):
    from funcgrad import numpy as fnp
    if isinstance(o, BatchTracer) and o._trace is trace:
        value = o.value
    else:  # the same for every example: broadcast it along the batch axis
        value = fnp.broadcast_to(o, (size,) + shape_of(o))
    return value if out_axis == 0 else fnp.moveaxis(value, 0, out_axis)
