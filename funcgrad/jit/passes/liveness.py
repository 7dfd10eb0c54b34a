"""Forward-backward residual pruning: hold each value only as long as something reads it.

A jitted gradient is one flat program, forward pass then backward pass. After `dce` it
computes only the forward values the backward reads (the residuals); this pass makes it
also *keep* only those, and only until their last reader: `tape.free_after[k]` lists the
variables whose last use is equation k, and the generated code deletes them there. Peak
memory is then what the backward still needs, as in a hand-written gradient, rather
than every intermediate of the forward pass at once.
"""
from ..ir import copy_tape, out_ids

__all__ = ["prune_residuals", "last_uses"]


def last_uses(tape):
    """{variable: index of the last equation reading it} (outputs count as read at the end)."""
    last = {}
    for k, e in enumerate(tape.eqns):
        for i in e.ins:
            if i is not None:
                last[i] = k
        for o in out_ids(e):
            last.setdefault(o, k)   # never read: dead right after it is made
    end = len(tape.eqns)
    for i in tape.out_ids:
        if i is not None:
            last[i] = end
    return last


def prune_residuals(tape):
    """A copy of the tape annotated with `free_after` (inputs are the caller's to free)."""
    inputs = set(tape.in_ids)
    free_after = {}
    for var, k in last_uses(tape).items():
        if k < len(tape.eqns) and var not in inputs:
            free_after.setdefault(k, []).append(var)
    new = copy_tape(tape, tape.eqns)
    new.free_after = {k: sorted(v) for k, v in free_after.items()}
    return new
