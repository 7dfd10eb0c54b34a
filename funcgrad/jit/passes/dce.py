"""Dead-code elimination: drop equations none of whose outputs reach the tape's outputs.

All primitives are pure, so an equation whose results are never read can go. One
backward sweep from the outputs marks what is live (multiple-result equations are kept
whole when any of their outputs is live).
"""
from ..ir import copy_tape, out_ids

__all__ = ["dce"]


def dce(tape):
    """The tape without equations that do not contribute to its outputs."""
    live = {i for i in tape.out_ids if i is not None}
    kept = []
    for e in reversed(tape.eqns):
        if any(o in live for o in out_ids(e)):
            kept.append(e)
            live.update(i for i in e.ins if i is not None)
    kept.reverse()
    return copy_tape(tape, kept)
