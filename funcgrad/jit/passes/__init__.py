"""The tape optimizations of fg.jit, each a small function Tape -> Tape.

    dce              dead-code elimination
    cse              common-subexpression elimination
    fold_constants   evaluate constant equations (and shape-only ones) at compile time
    simplify         x*1, x+0, -(-x), no-op reshapes/casts
    propagate_diagonals  identity-basis Jacobian blocks kept as diagonal vectors
    fuse             chains of elementwise equations -> one kernel (numexpr, numpy, floats)
    prune_residuals  free each value after its last reader (what the backward still needs)
    reuse_buffers    write an elementwise result into a dying operand's buffer (out=)

`optimize` runs them in that order (dce again after the rewrites); `finalize` runs only
the two annotations codegen needs.
"""
from .buffers import reuse_buffers
from .cse import cse
from .dce import dce
from .diagonal import propagate_diagonals
from .fold import fold_constants
from .fusion import fuse
from .liveness import prune_residuals
from .simplify import simplify

__all__ = ["dce", "cse", "fold_constants", "simplify", "propagate_diagonals", "fuse", "prune_residuals",
           "reuse_buffers", "optimize", "finalize", "PIPELINE"]

PIPELINE = (dce, fold_constants, simplify, cse, dce, propagate_diagonals, fold_constants,
            simplify, dce, fuse, dce)


def finalize(tape):
    """The annotations codegen reads: `free_after` and `out_buffer`."""
    return reuse_buffers(prune_residuals(tape))


def optimize(tape, pipeline=PIPELINE):
    """Every pass of `pipeline` in turn, then `finalize`."""
    for step in pipeline:
        tape = step(tape)
    return finalize(tape)
