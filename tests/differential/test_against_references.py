"""funcgrad's gradients and Hessians of real-world programs against JAX and HIPS autograd.

Each program in programs.py is run by funcgrad and by every reference library that is
installed (the tests skip, not fail, without them); values, gradients with respect to
every parameter and, for a few, Hessians must agree to rounding.
"""
import numpy as np
import pytest

from .backends import BACKENDS, backend
from .programs import HESSIANS, PROGRAMS

CASES = [(name, oracle) for name, (_, _, oracles) in PROGRAMS.items() for oracle in oracles]


def _close(got, want, what):
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64),
                               rtol=1e-8, atol=1e-10, err_msg=what)


@pytest.mark.parametrize("name, oracle", CASES, ids=[f"{n}-{o}" for n, o in CASES])
def test_gradients_agree(name, oracle):
    ref = backend(oracle)
    ours = backend("funcgrad")
    f, make_params, _ = PROGRAMS[name]
    params = make_params(np.random.default_rng(7))
    n = len(params)
    value, got = ours.value_and_grad(lambda *p: f(ours, *p), n)(*params)
    ref_value, want = ref.value_and_grad(lambda *p: f(ref, *p), n)(*params)
    _close(value, ref_value, f"{name}: value")
    _close(value, f(ours, *params), f"{name}: value, eager")
    for i, (g, w) in enumerate(zip(got, want)):
        assert np.shape(g) == np.shape(w), f"{name}: gradient {i} shape"
        _close(g, w, f"{name}: gradient {i} vs {oracle}")


@pytest.mark.parametrize("name", sorted(HESSIANS))
@pytest.mark.parametrize("oracle", sorted(BACKENDS))
def test_hessians_agree(name, oracle):
    f, size, oracles = HESSIANS[name]
    if oracle not in oracles:
        pytest.skip(f"{name}'s Hessian is compared with {oracles} only")
    ref = backend(oracle)
    ours = backend("funcgrad")
    theta = np.random.default_rng(8).normal(size=size)
    got = ours.hessian(lambda t: f(ours, t))(theta)
    want = ref.hessian(lambda t: f(ref, t))(theta)
    _close(got, want, f"{name}: Hessian vs {oracle}")
    _close(got, np.asarray(got).T, f"{name}: Hessian symmetric")


def test_there_are_a_few_dozen_programs():
    assert len(PROGRAMS) >= 30 and len(HESSIANS) >= 5
