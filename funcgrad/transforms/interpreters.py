"""Interpreters over a recorded tape: replay, push tangents forward, pull cotangents back.

All three walk the tape with a loop (no recursion), so a tape of any length works.
    eval_tape(tape, xs)                 -> outputs of the recorded program at new inputs
    forward_pass(tape, in_tangents)     -> output tangents  J·t
    backward_pass(tape, out_cts)        -> input cotangents gᵀ·J
Variables with no tangent or cotangent are symbolic zeros (None) and cost nothing.
"""
from funcgrad import debug
from funcgrad.primitive import bind

from .rules import add_any, apply_jvp, apply_vjp

__all__ = ["eval_tape", "forward_pass", "backward_pass"]


def eval_tape(tape, xs):
    """Run a tape's equations on new input values (replaying the recorded control flow).

    Parameters
    ----------
    tape : Tape
        A recorded tape.
    xs : sequence
        One value per tape input, of the recorded shapes (may be traced: the replay is
        then recorded by the enclosing transform).

    Returns
    -------
    list
        The output values, in tape.out_ids order (constant outputs as recorded).
    """
    env = dict(zip(tape.in_ids, xs))

    def read(i, v):
        return v if i is None else env[i]

    for e in tape.eqns:
        out = bind(e.prim, *(read(i, v) for i, v in zip(e.ins, e.invals)), **e.params)
        if e.prim.multiple_results:
            env.update((o, r) for o, r in zip(e.outs, out) if o is not None)
        else:
            env[e.outs] = out
    return [read(i, v) for i, v in zip(tape.out_ids, tape.out_vals)]


def forward_pass(tape, in_tangents):
    """Push tangents of a tape's inputs through it (forward mode).

    Parameters
    ----------
    tape : Tape
        A recorded tape.
    in_tangents : sequence
        One tangent per input, or None for a zero tangent.

    Returns
    -------
    list
        One tangent per output, None where it is zero.
    """
    tangents = [None] * tape.n_vars
    for i, t in zip(tape.in_ids, in_tangents):
        tangents[i] = t
    for e in tape.eqns:
        ts = [None if i is None else tangents[i] for i in e.ins]
        if all(t is None for t in ts):
            continue
        out = apply_jvp(e.prim, e.params, e.invals, e.outvals, ts)
        if debug._threads_on[0] and debug.is_debug_nans():
            debug.check(out if e.prim.multiple_results else (out,), e.prim,
                        "tangent (forward mode)", e.site, inputs=ts)
        if e.prim.multiple_results:
            for o, t in zip(e.outs, out):
                if o is not None:
                    tangents[o] = t
        else:
            tangents[e.outs] = out
    return [None if i is None else tangents[i] for i in tape.out_ids]


def backward_pass(tape, out_cts, consume=False):
    """Pull cotangents of a tape's outputs back to its inputs (reverse mode).

    Parameters
    ----------
    tape : Tape
        A recorded tape.
    out_cts : sequence
        One cotangent per output, None for zero (or UNIT, the symbolic 1 of a scalar).
    consume : bool, optional
        Drop each equation's saved values once its rule has run, so memory falls as the
        pass proceeds; the tape cannot be pulled back through again.

    Returns
    -------
    list
        One cotangent per input, None where it is zero.
    """
    cts = [None] * tape.n_vars
    for i, c in zip(tape.out_ids, out_cts):
        if i is not None and c is not None:
            cts[i] = add_any(cts[i], c)
    for e in reversed(tape.eqns):
        if e.prim.multiple_results:
            g = tuple(None if o is None else cts[o] for o in e.outs)
            if all(x is None for x in g):
                continue
        else:
            g = cts[e.outs]
            if g is None:
                continue
            cts[e.outs] = None  # no longer needed: let it be freed
        needed = [k for k, i in enumerate(e.ins) if i is not None]
        in_cts = apply_vjp(e.prim, e.params, e.invals, e.outvals, g, needed)
        if debug._threads_on[0] and debug.is_debug_nans():
            debug.check(in_cts, e.prim, "cotangent (reverse mode)", e.site)
        if consume:
            e.invals = e.outvals = None
        for k in needed:
            if in_cts[k] is not None:
                i = e.ins[k]
                cts[i] = add_any(cts[i], in_cts[k])
    return [cts[i] for i in tape.in_ids]
