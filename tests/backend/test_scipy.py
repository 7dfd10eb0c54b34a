"""funcgrad.scipy on device arrays: stats, special composites and linalg stay on the device.

The value tables and gradient cases of tests/scipy are reused: their arguments are copied
to the hostless "cuda" device (lists of numbers too, as cupy code would pass cupy arrays),
and the results must be device arrays equal to scipy-on-numpy's, with `check_grads`
passing on the device.
"""
import numpy as np
import pytest

from funcgrad import tree
from funcgrad.testing import check_grads
from tests.backend import hostless
from tests.backend.port import to_device_code

pytest.importorskip("scipy")
import funcgrad.scipy.linalg as fsla  # noqa: E402
import funcgrad.scipy.stats as st  # noqa: E402
from tests.scipy.test_special import COMPOSITES  # noqa: E402
from tests.scipy.test_stats import GRADS, VALUES  # noqa: E402


def _to_device(value):
    if isinstance(value, np.ndarray):
        return hostless.asarray(value)
    if isinstance(value, list):
        return hostless.asarray(np.asarray(value, dtype=float))
    return value


def _has_array(args):
    return any(isinstance(a, (np.ndarray, list)) for a in args)


def _assert_on_device_and_equal(got, expected, rtol=1e-12):
    for g, e in zip(tree.leaves(got), tree.leaves(expected)):
        assert isinstance(g, hostless.HostlessArray), f"a {type(g).__name__} result"
        np.testing.assert_allclose(hostless.asnumpy(g), e, rtol=rtol, atol=1e-300)


STATS_CASES = [pytest.param(d, m, a, id=f"{d}.{m}-{k}")
               for k, (d, m, a) in enumerate(VALUES) if _has_array(a)]


@pytest.mark.parametrize("dist, method, args", STATS_CASES)
def test_stats_values_on_device(dist, method, args, hostless_cuda):
    f = getattr(getattr(st, dist), method)
    _assert_on_device_and_equal(f(*map(_to_device, args)), f(*args))


@pytest.mark.parametrize("f, shapes", GRADS, ids=lambda v: getattr(v, "__name__", ""))
def test_stats_gradients_on_device(f, shapes, hostless_cuda):
    rng = np.random.default_rng(3)
    args = [hostless.asarray(rng.uniform(-0.9, 0.9, s)) for s in shapes]
    port = to_device_code(f, hostless.module, hostless.asarray)
    _assert_on_device_and_equal(port(*args), f(*map(hostless.asnumpy, args)))
    check_grads(port, args, order=2)


@pytest.mark.parametrize("f, shapes, domain", COMPOSITES, ids=lambda v: getattr(v, "__name__", ""))
def test_special_composites_on_device(f, shapes, domain, hostless_cuda):
    rng = np.random.default_rng(2)
    args = [hostless.asarray(rng.uniform(*domain, s)) for s in shapes]
    port = to_device_code(f, hostless.module, hostless.asarray)
    _assert_on_device_and_equal(port(*args), f(*map(hostless.asnumpy, args)))
    check_grads(port, args, order=2)


A = np.array([[1.5, 0.2, -0.3], [0.1, 2.0, 0.4], [-0.2, 0.3, 1.2]])
B = np.array([[1.0, 0.5], [-0.5, 2.0], [0.3, -1.0]])
LINALG = {
    "solve_triangular": lambda a, b: fsla.solve_triangular(a, b, lower=True),
    "solve_triangular-unit-T": lambda a, b: fsla.solve_triangular(a, b, trans="T",
                                                                  unit_diagonal=True),
    "expm": lambda a, b: fsla.expm(a),
    "expm-scaled": lambda a, b: fsla.expm(a * 4.0),
    "sqrtm": lambda a, b: fsla.sqrtm(a),
}


@pytest.mark.parametrize("name", sorted(LINALG))
def test_scipy_linalg_on_device(name, hostless_cuda):
    f = LINALG[name]
    a, b = hostless.asarray(A), hostless.asarray(B)
    _assert_on_device_and_equal(f(a, b), f(A, B), rtol=1e-10)
    check_grads(lambda a: f(a, b), (a,), order=2)
