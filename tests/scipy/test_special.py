"""funcgrad.scipy.special as a namespace: scipy's names and values, the composites'
derivatives, and the fallback for functions without a rule. The primitives' own spec
tables are in tests/primitives/test_special.py."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads

scipy_special = pytest.importorskip("scipy.special")
import funcgrad.scipy.special as sp  # noqa: E402


def test_every_name_is_scipys():
    for name in sp.__all__:
        assert hasattr(scipy_special, name), name
        assert callable(getattr(sp, name))


# ---- composites: values ------------------------------------------------------------

def test_composite_values_match_scipy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4)) * 3
    np.testing.assert_allclose(sp.expit(x), scipy_special.expit(x), rtol=1e-14)
    np.testing.assert_allclose(sp.log_expit(x), scipy_special.log_expit(x), rtol=1e-14)
    for axis in (None, 0, 1, (0, 1)):
        np.testing.assert_allclose(sp.softmax(x, axis=axis), scipy_special.softmax(x, axis=axis), rtol=1e-14)
        np.testing.assert_allclose(sp.log_softmax(x, axis=axis), scipy_special.log_softmax(x, axis=axis),
                                   rtol=1e-14)
        np.testing.assert_allclose(sp.logsumexp(x, axis=axis), scipy_special.logsumexp(x, axis=axis),
                                   rtol=1e-14)
    a = np.array([3.0, 4.5, 10.0])
    for d in (1, 2, 3):
        np.testing.assert_allclose(sp.multigammaln(a, d), scipy_special.multigammaln(a, d), rtol=1e-14)
    assert sp.multigammaln(3.0, 2) == pytest.approx(scipy_special.multigammaln(3.0, 2), rel=1e-14)
    with pytest.raises(ValueError):
        sp.multigammaln(0.4, 3)
    u, v = np.array([0.0, 0.0, 1.0, 2.0, -1.0, 1.0]), np.array([0.0, 1.0, 0.0, 0.5, 1.0, -1.0])
    np.testing.assert_array_equal(sp.rel_entr(u, v), scipy_special.rel_entr(u, v))


def test_logsumexp_with_weights_and_sign():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(3, 4)) * 50
    b = rng.uniform(0.0, 2.0, (4,))
    for axis in (None, 0, 1):
        for keepdims in (False, True):
            np.testing.assert_allclose(sp.logsumexp(a, axis=axis, b=b, keepdims=keepdims),
                                       scipy_special.logsumexp(a, axis=axis, b=b, keepdims=keepdims),
                                       rtol=1e-13)
    signed = np.array([1.0, -2.0, 0.5, -0.1])
    out, sgn = sp.logsumexp(a, axis=1, b=signed, return_sign=True)
    ref, ref_sgn = scipy_special.logsumexp(a, axis=1, b=signed, return_sign=True)
    np.testing.assert_allclose(out, ref, rtol=1e-13)
    np.testing.assert_array_equal(sgn, ref_sgn)
    out, sgn = sp.logsumexp([1.0, 2.0], return_sign=True)
    assert np.ndim(out) == 0 and sgn == 1.0


def test_extreme_arguments_stay_finite():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_allclose(sp.log_expit(x), [-1000.0, -50.0, -np.log(2), 0.0, 0.0], atol=1e-21)
        g = fg.grad(lambda x: fnp.sum(sp.log_expit(x)))(x)
        np.testing.assert_allclose(g, scipy_special.expit(-x), rtol=1e-14)
        g = fg.grad(lambda x: sp.logsumexp(x, b=np.array([1.0, 2.0, 0.0, 1.0, 1.0])))(x)
    np.testing.assert_allclose(g, [0.0, 0.0, 0.0, 0.0, 1.0])


# ---- composites: derivatives, both modes, second order --------------------------------

def softmax_all(x): return sp.softmax(x)
def log_softmax_rows(x): return sp.log_softmax(x, axis=1)
def logsumexp_weighted(x, b): return sp.logsumexp(x, axis=0, b=b * b + 0.1)
def logsumexp_signed(x): return sp.logsumexp(x, b=np.array([1.0, -0.3, 2.0]), return_sign=True)[0]
def multigammaln3(a): return sp.multigammaln(a + 3.0, 3)
def log_expit(x): return sp.log_expit(3.0 * x)
def rel_entr(x, y): return sp.rel_entr(x, y)

COMPOSITES = [
    (softmax_all, ((2, 3),), (-2, 2)),
    (log_softmax_rows, ((2, 3),), (-2, 2)),
    (logsumexp_weighted, ((3, 2), (3, 1)), (-2, 2)),
    (logsumexp_signed, ((3,),), (-0.5, 0.5)),
    (multigammaln3, ((4,),), (-0.5, 2)),
    (log_expit, ((5,),), (-2, 2)),
    (rel_entr, ((4,), (4,)), (0.2, 2)),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("f, shapes, domain", COMPOSITES, ids=lambda v: getattr(v, "__name__", ""))
def test_composite_grads(f, shapes, domain, dtype):
    rng = np.random.default_rng(2)
    args = [rng.uniform(*domain, s).astype(dtype) for s in shapes]
    check_grads(f, args, order=2)


def test_multigammaln_gradient_is_a_digamma_sum():
    a = np.array([2.0, 5.5])
    g = fg.grad(lambda a: fnp.sum(sp.multigammaln(a, 3)))(a)
    np.testing.assert_allclose(g, sum(scipy_special.digamma(a - j / 2) for j in range(3)), rtol=1e-14)


# ---- names without a rule -------------------------------------------------------------

def test_fallback_runs_on_plain_values_and_refuses_traced_ones():
    x = np.array([0.5, 1.5])
    np.testing.assert_array_equal(sp.zeta(x + 1, 1), scipy_special.zeta(x + 1, 1))
    with pytest.raises(NotImplementedError, match="funcgrad.scipy.special.zeta has no derivative"):
        fg.grad(lambda x: fnp.sum(sp.zeta(x + 1, 1)))(x)
    with pytest.raises(AttributeError):
        sp.no_such_function
