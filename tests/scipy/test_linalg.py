"""funcgrad.scipy.linalg: values against scipy.linalg, derivatives (both modes, second
order) of solve_triangular, expm and sqrtm, and the fallback for other names."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads

scipy_linalg = pytest.importorskip("scipy.linalg")
import funcgrad.scipy.linalg as sla  # noqa: E402


def _tri(rng, n=3):
    return rng.normal(size=(n, n)) + 4 * np.eye(n)


def test_every_name_is_scipys():
    for name in sla.__all__:
        assert hasattr(scipy_linalg, name), name


@pytest.mark.parametrize("trans", [0, 1, 2, "N", "T", "C"])
@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("unit_diagonal", [False, True])
@pytest.mark.parametrize("bshape", [(3,), (3, 2)])
def test_solve_triangular_values(trans, lower, unit_diagonal, bshape):
    rng = np.random.default_rng(0)
    a, b = _tri(rng), rng.normal(size=bshape)
    kw = dict(trans=trans, lower=lower, unit_diagonal=unit_diagonal)
    np.testing.assert_allclose(sla.solve_triangular(a, b, **kw),
                               scipy_linalg.solve_triangular(a, b, **kw), rtol=1e-12)


def test_solve_triangular_complex_conjugate_transpose():
    rng = np.random.default_rng(1)
    a = _tri(rng) + 1j * rng.normal(size=(3, 3))
    b = rng.normal(size=(3, 2)) + 1j * rng.normal(size=(3, 2))
    for trans in (1, 2):
        np.testing.assert_allclose(sla.solve_triangular(a, b, trans=trans, lower=True),
                                   scipy_linalg.solve_triangular(a, b, trans=trans, lower=True),
                                   rtol=1e-12)


@pytest.mark.parametrize("trans", [0, 1])
@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("unit_diagonal", [False, True])
@pytest.mark.parametrize("bshape", [(3,), (3, 2)])
def test_solve_triangular_grads(trans, lower, unit_diagonal, bshape):
    rng = np.random.default_rng(2)
    a, b = _tri(rng), rng.normal(size=bshape)
    check_grads(lambda a, b: sla.solve_triangular(a, b, trans=trans, lower=lower,
                                                  unit_diagonal=unit_diagonal),
                (a, b), modes=("fwd", "rev"), order=2)


@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("unit_diagonal", [False, True])
def test_solve_triangular_gradient_only_in_the_read_triangle(lower, unit_diagonal):
    rng = np.random.default_rng(3)
    a, b = _tri(rng), rng.normal(size=(3,))
    g = fg.grad(lambda a: fnp.sum(sla.solve_triangular(a, b, lower=lower,
                                                       unit_diagonal=unit_diagonal)))(a)
    read = np.tril(np.ones((3, 3)), -1 if unit_diagonal else 0)
    if not lower:
        read = read.T
    assert np.all(g[read == 0] == 0)
    assert np.all(g[read == 1] != 0)


@pytest.mark.parametrize("scale", [0.01, 0.3, 3.0, 20.0])
def test_expm_values(scale):
    rng = np.random.default_rng(4)
    A = scale * rng.normal(size=(3, 3))
    np.testing.assert_allclose(sla.expm(A), scipy_linalg.expm(A), rtol=1e-10,
                               atol=1e-12 * np.abs(scipy_linalg.expm(A)).max())


def test_expm_special_cases():
    np.testing.assert_allclose(sla.expm(np.zeros((3, 3))), np.eye(3))
    d = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(sla.expm(np.diag(d)), np.diag(np.exp(d)), rtol=1e-13)
    rng = np.random.default_rng(5)
    A = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    np.testing.assert_allclose(sla.expm(A), scipy_linalg.expm(A), rtol=1e-10)


@pytest.mark.parametrize("scale", [0.3, 3.0])
def test_expm_grads(scale):
    rng = np.random.default_rng(6)
    A = scale * rng.normal(size=(3, 3))
    check_grads(sla.expm, (A,), modes=("fwd", "rev"), order=2)


def test_expm_derivative_matches_block_formula():
    # d/dt expm(A + tE) at 0 is the top-right block of expm([[A, E], [0, A]])
    rng = np.random.default_rng(7)
    A, E = 0.3 * rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    big = scipy_linalg.expm(np.block([[A, E], [np.zeros((3, 3)), A]]))
    _, t = fg.jvp(sla.expm, (A,), (E,))
    np.testing.assert_allclose(t, big[:3, 3:], rtol=1e-10)


def _spd(rng):
    m = rng.normal(size=(3, 3))
    return m @ m.T + 3 * np.eye(3)


def test_sqrtm_values():
    rng = np.random.default_rng(8)
    for A in (_spd(rng), rng.normal(size=(3, 3)) + 4 * np.eye(3)):
        S = sla.sqrtm(A)
        assert S.dtype == np.float64
        np.testing.assert_allclose(S, scipy_linalg.sqrtm(A), rtol=1e-10)
        np.testing.assert_allclose(S @ S, A, rtol=1e-10)


def test_sqrtm_grads():
    rng = np.random.default_rng(9)
    check_grads(sla.sqrtm, (_spd(rng),), modes=("fwd", "rev"), order=2)
    check_grads(sla.sqrtm, (rng.normal(size=(3, 3)) + 4 * np.eye(3),), modes=("fwd", "rev"), order=2)


def test_fallback():
    rng = np.random.default_rng(10)
    A = _spd(rng)
    np.testing.assert_allclose(sla.logm(A), scipy_linalg.logm(A))
    with pytest.raises(NotImplementedError, match="funcgrad.scipy.linalg.logm"):
        fg.grad(lambda x: fnp.sum(sla.logm(x)))(A)
    with pytest.raises(AttributeError):
        sla.no_such_function
