"""The Tensor facade against PyTorch's recorded behaviour, case by case.

Each case of tests/tensor/cases.py is a small PyTorch program covering one item of
the spec's checklist (creation and dtypes, leaf rules, grad_fn names, backward and
autograd.grad, grad modes, detach/.data, in-place and version counters, hooks,
zeroing, printing, broadcasting, Variable). It runs with `torch` bound to funcgrad
and must print exactly what torch 2.13 printed (tests/tensor/expected.py): values,
reprs, error types and texts, and warnings (as `WARN <Category>: <text>` lines).
"""
import pytest

import funcgrad
from funcgrad.autograd import engine
from tests.tensor.cases import CASES
from tests.tensor.difftools import reset, run
from tests.tensor.expected import EXPECTED


@pytest.fixture(autouse=True)
def fresh_state():
    reset(funcgrad)
    engine._warned[0] = False   # PyTorch's create_graph warning is once per process
    yield
    reset(funcgrad)


@pytest.mark.parametrize("name", list(CASES))
def test_case_prints_what_torch_prints(name):
    assert run(CASES[name], funcgrad) == EXPECTED[name]


def test_every_case_has_a_recorded_output():
    assert set(CASES) == set(EXPECTED)
