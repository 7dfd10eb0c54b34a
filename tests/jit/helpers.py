"""Tapes for the pass tests: trace a function with JitTrace, abstractify it, run tapes."""
import numpy as np

from funcgrad.jit.api import jit
from funcgrad.jit.codegen import generate
from funcgrad.jit.passes import finalize


def traced(f, *args):
    """The abstract tape fg.jit records for f at args (before any optimization)."""
    return jit(f, optimize=False).lower(*args).traced_tape


def run(tape, *args):
    """Outputs of a tape, through generated code (no optimization beyond annotations)."""
    return generate(finalize(tape), "check", scalar=False).fn(*args)


def prims(tape):
    return [e.prim.name for e in tape.eqns]


def same(a, b):
    """Bitwise equal outputs (same dtypes, shapes and values; nan equal to nan)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        x, y = np.asarray(x), np.asarray(y)
        if x.dtype != y.dtype or x.shape != y.shape or not np.array_equal(x, y, equal_nan=True):
            return False
    return True
