"""The jit's view of a tape: abstract values, variable bookkeeping, and small helpers
shared by the passes.

A jit tape is an ordinary `funcgrad.tape.Tape` whose recorded values have been replaced
by `Aval`s (shape, dtype, and whether numpy returned a scalar or an array), so a cached
tape holds no intermediate arrays of the first call. Constant inputs (`ins[k] is None`)
keep their real values in `invals[k]`. Every equation output is a variable.
"""
import numpy as np

from funcgrad.tape import Eqn, Tape

__all__ = ["Aval", "aval_of", "abstractify", "avals", "uses", "copy_tape", "replace_eqn",
           "out_ids", "is_const_output"]


class Aval:
    """The abstract value of a variable: what codegen and the passes may rely on."""
    __slots__ = ("shape", "dtype", "scalar")

    def __init__(self, shape, dtype, scalar=False):
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.scalar = scalar            # numpy returned a scalar (np.float64), not an ndarray

    ndim = property(lambda self: len(self.shape), doc="The number of axes.")
    size = property(lambda self: int(np.prod(self.shape, dtype=np.int64)),
                    doc="The number of elements.")

    def same_type(self, other):
        """True when other is an Aval of the same shape, dtype and scalar flag."""
        return (isinstance(other, Aval) and self.shape == other.shape
                and self.dtype == other.dtype and self.scalar == other.scalar)

    def __eq__(self, other):
        return self.same_type(other)

    def __hash__(self):
        return hash((self.shape, self.dtype, self.scalar))

    def __repr__(self):
        kind = "scalar" if self.scalar else "array"
        return f"Aval({self.shape}, {self.dtype}, {kind})"


def aval_of(value):
    """The Aval of a concrete value (an array, a numpy scalar or a Python number)."""
    if isinstance(value, Aval):
        return value
    if isinstance(value, np.ndarray):
        return Aval(value.shape, value.dtype, False)
    if isinstance(value, np.generic):
        return Aval((), value.dtype, True)
    arr = np.asarray(value)
    return Aval(arr.shape, arr.dtype, True)


def out_ids(eqn):
    """An equation's output variable ids, always as a tuple."""
    return eqn.outs if eqn.prim.multiple_results else (eqn.outs,)


def _abstract_eqn(e):
    invals = tuple(v if i is None else aval_of(v) for i, v in zip(e.ins, e.invals))
    if e.prim.multiple_results:
        outvals = tuple(aval_of(v) for v in e.outvals)
    else:
        outvals = aval_of(e.outvals)
    return Eqn(e.prim, e.params, e.ins, invals, e.outs, outvals)


def abstractify(tape):
    """A copy of `tape` whose traced values are Avals (drops the first call's arrays)."""
    new = copy_tape(tape, [_abstract_eqn(e) for e in tape.eqns])
    new.in_vals = tuple(aval_of(v) for v in tape.in_vals)
    new.out_vals = tuple(v if i is None else aval_of(v)
                         for i, v in zip(tape.out_ids, tape.out_vals))
    return new


def copy_tape(tape, eqns, out_ids=None, out_vals=None):
    """A new Tape with tape's inputs and the given equations (and outputs)."""
    new = Tape()
    new.eqns = list(eqns)
    new.n_vars = tape.n_vars
    new.in_ids, new.in_vals = tape.in_ids, tape.in_vals
    new.out_ids = tape.out_ids if out_ids is None else tuple(out_ids)
    new.out_vals = tape.out_vals if out_vals is None else tuple(out_vals)
    return new


def avals(tape):
    """{variable: Aval} for every variable of the tape."""
    table = dict(zip(tape.in_ids, tape.in_vals))
    for e in tape.eqns:
        if e.prim.multiple_results:
            table.update(zip(e.outs, e.outvals))
        else:
            table[e.outs] = e.outvals
    return table


def uses(tape):
    """{variable: number of reads} by equations and outputs."""
    count = {}
    for e in tape.eqns:
        for i in e.ins:
            if i is not None:
                count[i] = count.get(i, 0) + 1
    for i in tape.out_ids:
        if i is not None:
            count[i] = count.get(i, 0) + 1
    return count


def replace_eqn(e, ins=None, invals=None, params=None):
    """A copy of equation e with some fields replaced."""
    return Eqn(e.prim, e.params if params is None else params, e.ins if ins is None else tuple(ins),
               e.invals if invals is None else tuple(invals), e.outs, e.outvals)


def is_const_output(tape, k):
    """True when the tape's output k is a constant (no variable computes it)."""
    return tape.out_ids[k] is None


class Substitution:
    """Renames variables to other variables or to constants while a pass rewrites a tape."""

    def __init__(self):
        self.to_var = {}     # var -> var
        self.to_const = {}   # var -> concrete value

    def var(self, old, new):
        self.to_var[old] = self.to_var.get(new, new)

    def const(self, old, value):
        self.to_const[old] = value

    def read(self, i, v):
        """(id, value) of an operand after substitution."""
        if i is None:
            return None, v
        if i in self.to_const:
            return None, self.to_const[i]
        return self.to_var.get(i, i), v

    def eqn(self, e):
        pairs = [self.read(i, v) for i, v in zip(e.ins, e.invals)]
        if all(p[0] == i and p[1] is v for p, i, v in zip(pairs, e.ins, e.invals)):
            return e
        return replace_eqn(e, ins=[p[0] for p in pairs], invals=[p[1] for p in pairs])

    def outputs(self, tape):
        pairs = [self.read(i, v) for i, v in zip(tape.out_ids, tape.out_vals)]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    def apply(self, tape, eqns):
        """A tape with `eqns` (already substituted) and substituted outputs."""
        ids, vals = self.outputs(tape)
        return copy_tape(tape, eqns, ids, vals)
