"""`python -m funcgrad selfcheck`: check every primitive's derivatives on this machine.

`cases.CASES` holds small check cases covering every registered primitive (the facts
— domains, kinks, tolerances — follow the spec tables of tests/primitives/);
`run.selfcheck` measures each case on a device with `funcgrad.testing.grad_errors`
and prints one row per primitive.
"""
from .cases import CASES, Case, cases_for
from .run import main, selfcheck

__all__ = ["CASES", "Case", "cases_for", "main", "selfcheck"]
