"""Buffer reuse: an elementwise ufunc writes its result into a dying operand's buffer.

`tape.out_buffer[k] = v` makes codegen emit `out = ufunc(..., out=v)` for equation k. The
operand v must
* be read for the last time by equation k (see `liveness`), and not be a tape input,
  a constant or an output;
* own its buffer: made by an equation whose result is always a fresh array (a ufunc or
  a fused kernel), and read only by equations that never return a view of it (so no
  live view can see the overwrite);
* have the result's exact shape and dtype, as an ndarray (not a numpy scalar), and be
  large enough (`MIN_BYTES`) for saving an allocation to pay for the `out=` keyword.
Only equations that codegen emits as a direct numpy ufunc call, and numexpr kernels
(which read and write block by block, so an operand may be the output), are rewritten.
"""
import numpy as np

from ..codegen import direct_call
from ..ir import avals, copy_tape, out_ids
from .liveness import last_uses

__all__ = ["reuse_buffers", "fresh_kind", "MIN_BYTES"]

MIN_BYTES = 1 << 15


def fresh_kind(e):
    """'ufunc' if e is one numpy ufunc call on its operands, 'kernel' for a fused kernel,
    else None. Both return fresh arrays and never views of their operands."""
    if getattr(e.prim, "fresh_output", False):
        return "kernel"
    if e.prim.multiple_results:
        return None
    direct = direct_call(e.prim, len(e.ins), e.params)
    if direct is None:
        return None
    fn, operands, kwargs = direct
    if isinstance(fn, np.ufunc) and not kwargs and len(operands) == fn.nin:
        return "ufunc"
    if getattr(fn, "__name__", "") == "reduce" and isinstance(getattr(fn, "__self__", None), np.ufunc):
        return "reduce"
    return None


def reuse_buffers(tape):
    """A copy of the tape annotated with `out_buffer` (and `free_after` from `liveness`)."""
    kinds = [fresh_kind(e) for e in tape.eqns]
    owner_kind, safe_reader = {}, {}
    for e, kind in zip(tape.eqns, kinds):
        for o in out_ids(e):
            owner_kind[o] = kind
        for i in e.ins:
            if i is not None:
                safe_reader[i] = safe_reader.get(i, True) and kind is not None
    last = last_uses(tape)
    table = avals(tape)
    outputs, inputs = set(tape.out_ids), set(tape.in_ids)
    taken, out_buffer = set(), {}
    for k, (e, kind) in enumerate(zip(tape.eqns, kinds)):
        if kind != "ufunc" and not getattr(e.prim, "accepts_out", False):
            continue
        result = e.outvals
        if result.scalar or result.size * result.dtype.itemsize < MIN_BYTES:
            continue
        for i in e.ins:
            if (i is None or i in taken or i in inputs or i in outputs or last.get(i) != k
                    or owner_kind.get(i) not in ("ufunc", "kernel") or not safe_reader.get(i)):
                continue
            if table[i] == result:
                out_buffer[k] = i
                taken.add(i)
                break
    new = copy_tape(tape, tape.eqns)
    new.free_after = getattr(tape, "free_after", {})
    new.out_buffer = out_buffer
    return new
