"""Spec tables and tests for primitives/special.py (scipy.special's functions)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp
from tests.primitives.spec import Spec, broadcast_shapes, run_spec
from tests.primitives.test_arithmetic import check_float32

scipy_special = pytest.importorskip("scipy.special")
import funcgrad.scipy.special as sp  # noqa: E402

DTYPES = ("float64", "float32")
SHAPES = ((2, 3),)
F32 = {"float32": 5e-2}     # float32 finite differences of steep functions


def _unary(name, domain, prim=None, **kw):
    return Spec(name, getattr(sp, name), SHAPES, (prim or name,), domain=domain, **kw)


def polygamma1(x): return sp.polygamma(1, x)
def polygamma2(x): return sp.polygamma(np.array([0, 1, 2]), x)
def beta(a, b): return sp.beta(a, b)
def betaln(a, b): return sp.betaln(a, b)
def xlogy(x, y): return sp.xlogy(x, y)
def xlog1py(x, y): return sp.xlog1py(x, y)
def iv_half(x): return sp.iv(1.5, x)
def iv_two(x): return sp.iv(2, x)
def ive_two(x): return sp.ive(2, x)
def ive_half(x): return sp.ive(0.5, x)
def log_ndtr_tail(x): return sp.log_ndtr(x)
def gammaln_negative(x): return sp.gammaln(x)   # between the poles -2 and -1
def xlogy_chain(x): return sp.xlogy(x, x) - x     # x ln x - x: both rules at once
def gammainc(x): return sp.gammainc(2.5, x)
def gammaincc(x): return sp.gammaincc(0.7, x) + sp.gammaincc(3.0, x)
def betainc(x): return sp.betainc(2.0, 0.6, x)


SPECS = [
    _unary("gammaln", (0.3, 4.0)),
    Spec("gammaln-negative", gammaln_negative, SHAPES, ("gammaln",), domain=(-1.8, -1.2)),
    _unary("digamma", (0.3, 4.0)),
    _unary("psi", (0.3, 4.0), prim="digamma"),
    Spec("polygamma-1", polygamma1, SHAPES, ("polygamma",), domain=(0.5, 4.0)),
    Spec("polygamma-n-broadcast", polygamma2, ((2, 3),), ("polygamma",), domain=(0.5, 4.0)),
    _unary("gamma", (0.3, 3.0)),
    Spec("beta", beta, ((3, 1), (1, 4)), ("beta",), domain=(0.5, 3.0)),
    Spec("betaln", betaln, ((3,), (3,)), ("betaln",), domain=(0.5, 3.0)),
    Spec("betaln-scalar", betaln, ((), (2, 3)), ("betaln",), domain=(0.5, 3.0)),
    _unary("erf", (-2.0, 2.0)),
    _unary("erfc", (-2.0, 2.0)),
    _unary("erfinv", (-0.8, 0.8)),
    _unary("erfcinv", (0.2, 1.8)),
    _unary("ndtr", (-3.0, 3.0)),
    _unary("log_ndtr", (-3.0, 3.0)),
    Spec("log_ndtr-tail", log_ndtr_tail, SHAPES, ("log_ndtr",), domain=(-30.0, -10.0),
         dtypes=("float64",)),
    _unary("ndtri", (0.1, 0.9)),
    _unary("logit", (0.1, 0.9)),
    Spec("xlogy", xlogy, ((3, 1), (1, 4)), ("xlogy",), domain=(0.2, 3.0)),
    Spec("xlogy-chain", xlogy_chain, ((5,),), ("xlogy",), domain=(0.2, 3.0)),
    Spec("xlog1py", xlog1py, ((3,), (3,)), ("xlog1py",), domain=(-0.5, 2.0)),
    _unary("entr", (0.2, 3.0)),
    _unary("i0", (-3.0, 3.0)),
    _unary("i1", (-3.0, 3.0)),
    _unary("i0e", (-3.0, 3.0), away_from=(0.0,)),
    _unary("i1e", (-3.0, 3.0), away_from=(0.0,)),
    Spec("iv-half", iv_half, SHAPES, ("iv",), domain=(0.2, 3.0)),
    Spec("iv-two", iv_two, SHAPES, ("iv",), domain=(-3.0, 3.0)),
    Spec("ive-two", ive_two, SHAPES, ("ive",), domain=(-3.0, 3.0), away_from=(0.0,)),
    Spec("ive-half", ive_half, SHAPES, ("ive",), domain=(0.2, 3.0)),
    Spec("gammainc", gammainc, SHAPES, ("gammainc",), domain=(0.2, 4.0)),
    Spec("gammaincc", gammaincc, SHAPES, ("gammaincc",), domain=(0.2, 4.0)),
    Spec("betainc", betainc, SHAPES, ("betainc",), domain=(0.1, 0.9)),
]


@pytest.mark.parametrize("spec, dtype", [(s, d) for s in SPECS for d in DTYPES if d in s.dtypes],
                         ids=str)
def test_spec(spec, dtype):
    run_spec(spec, dtype)


@pytest.mark.parametrize("spec", [s for s in SPECS if "float32" in s.dtypes], ids=str)
def test_float32_stays_float32(spec):
    check_float32(spec)


HYPO = {
    "beta": Spec("beta", beta, (), ("beta",), domain=(0.5, 3.0)),
    "betaln": Spec("betaln", betaln, (), ("betaln",), domain=(0.5, 3.0)),
    "xlogy": Spec("xlogy", xlogy, (), ("xlogy",), domain=(0.2, 3.0)),
    "xlog1py": Spec("xlog1py", xlog1py, (), ("xlog1py",), domain=(-0.5, 2.0)),
}


@pytest.mark.parametrize("name", sorted(HYPO))
@settings(max_examples=8, deadline=None)
@given(shapes=broadcast_shapes(n=2), seed=st.integers(0, 2 ** 16))
def test_binary_broadcasting(name, shapes, seed):
    run_spec(HYPO[name], "float64", seed=seed, shapes=shapes)


# ---- values against scipy ----------------------------------------------------------

UNARY = [
    ("gammaln", (-3.5, 5)), ("digamma", (0.1, 5)), ("gamma", (-2.5, 5)), ("erf", (-3, 3)),
    ("erfc", (-3, 3)), ("erfinv", (-1, 1)), ("erfcinv", (0, 2)), ("ndtr", (-5, 5)),
    ("log_ndtr", (-40, 5)), ("ndtri", (0, 1)), ("logit", (0, 1)), ("entr", (-1, 3)),
    ("i0", (-4, 4)), ("i1", (-4, 4)), ("i0e", (-4, 4)), ("i1e", (-4, 4)),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, domain", UNARY)
def test_values_match_scipy(name, domain, dtype):
    x = np.linspace(*domain, 17).astype(dtype)
    with np.errstate(divide="ignore", invalid="ignore"):
        out, ref = getattr(sp, name)(x), getattr(scipy_special, name)(x)
    assert out.dtype == ref.dtype == np.dtype(dtype)
    np.testing.assert_allclose(out, ref, rtol=1e-6 if dtype == "float32" else 1e-13)


def test_binary_values_match_scipy():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0.1, 4, (3, 1)), rng.uniform(0.1, 4, (4,))
    for name in ("beta", "betaln", "xlogy", "xlog1py"):
        np.testing.assert_allclose(getattr(sp, name)(a, b), getattr(scipy_special, name)(a, b),
                                   rtol=1e-14)
    x = rng.uniform(0.05, 0.95, (4,))
    for name in ("gammainc", "gammaincc"):
        np.testing.assert_allclose(getattr(sp, name)(a, b), getattr(scipy_special, name)(a, b), rtol=1e-14)
    np.testing.assert_allclose(sp.betainc(a, b, x), scipy_special.betainc(a, b, x), rtol=1e-14)
    for v in (0, 1, 2.5, -0.5):
        np.testing.assert_allclose(sp.iv(v, b), scipy_special.iv(v, b), rtol=1e-14)
        np.testing.assert_allclose(sp.ive(v, -b), scipy_special.ive(v, -b), rtol=1e-14)
    n = np.array([[0], [1], [3]])
    np.testing.assert_allclose(sp.polygamma(n, b), scipy_special.polygamma(n, b), rtol=1e-14)
    assert sp.polygamma(1, np.float32(2.0)).dtype == np.float32
    assert type(sp.gammaln(2.5)) is type(scipy_special.gammaln(2.5))


# ---- derivatives against their closed forms ---------------------------------------------

def _grad(f, x):
    return fg.grad(lambda x: fnp.sum(f(x)))(x)


def test_derivatives_are_the_documented_functions():
    x = np.array([0.3, 1.7, 4.0])
    s = scipy_special
    np.testing.assert_allclose(_grad(sp.gammaln, x), s.digamma(x), rtol=1e-14)
    np.testing.assert_allclose(_grad(sp.digamma, x), s.polygamma(1, x), rtol=1e-14)
    np.testing.assert_allclose(_grad(lambda x: sp.polygamma(2, x), x), s.polygamma(3, x), rtol=1e-14)
    np.testing.assert_allclose(_grad(sp.gamma, x), s.gamma(x) * s.digamma(x), rtol=1e-13)
    np.testing.assert_allclose(_grad(sp.i0, x), s.i1(x), rtol=1e-14)
    np.testing.assert_allclose(_grad(sp.i1, x), s.i0(x) - s.i1(x) / x, rtol=1e-13)
    np.testing.assert_allclose(_grad(sp.i1e, x), s.i0e(x) - s.i1e(x) / x - s.i1e(x), rtol=1e-13)
    np.testing.assert_allclose(_grad(sp.i0e, -x), s.i1e(-x) + s.i0e(x), rtol=1e-13)
    p = np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(_grad(sp.erfinv, p), np.sqrt(np.pi) / 2 * np.exp(s.erfinv(p) ** 2),
                               rtol=1e-14)
    np.testing.assert_allclose(_grad(sp.ndtri, p), 1 / (np.exp(-s.ndtri(p) ** 2 / 2) / np.sqrt(2 * np.pi)),
                               rtol=1e-13)
    # the derivative of I1 at 0 needs no division by 0: I1'(0) = 1/2, I1'''(0) = 3/8
    assert fg.grad(sp.i1)(0.0) == pytest.approx(0.5)
    assert fg.grad(fg.grad(fg.grad(sp.i1)))(0.0) == pytest.approx(3 / 8)


def test_log_ndtr_gradient_in_the_far_tail():
    x = np.array([-40.0, -200.0, -1e4])
    with np.errstate(over="raise", invalid="raise"):
        g = _grad(sp.log_ndtr, x)
    # the inverse Mills ratio φ/Φ ≈ -x - 1/x... for x → -∞
    np.testing.assert_allclose(g, -x - 1 / x + 2 / x ** 3, rtol=1e-6)
    assert np.all(np.isfinite(fg.hessian(lambda x: fnp.sum(sp.log_ndtr(x)))(x)))


def test_xlogy_conventions_at_zero():
    x, y = np.array([0.0, 0.0, 2.0]), np.array([0.0, 3.0, 0.0])
    np.testing.assert_array_equal(sp.xlogy(x, y), [0.0, 0.0, -np.inf])
    with np.errstate(divide="ignore"):
        gx, gy = fg.grad(lambda x, y: fnp.sum(sp.xlogy(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(gx, [-np.inf, np.log(3.0), -np.inf])
    np.testing.assert_array_equal(gy, [0.0, 0.0, np.inf])
    # the mixed derivative ∂²/∂x∂y = 1/y survives at x = 0
    mixed = fg.grad(lambda y: fg.grad(lambda x: sp.xlogy(x, y))(0.0))(3.0)
    assert mixed == pytest.approx(1 / 3)
    g = fg.grad(lambda y: sp.xlog1py(0.0, y))(-1.0)
    assert g == 0.0


def test_integer_orders_are_constants():
    with pytest.raises(TypeError, match="polygamma: no derivative with respect to the order n"):
        fg.grad(lambda n: sp.polygamma(n, 2.0))(1.0)
    with pytest.raises(TypeError, match="iv: no derivative"):
        fg.grad(lambda v: sp.iv(v, 2.0))(1.0)
    with pytest.raises(TypeError, match="gammainc: no derivative with respect to the shape a"):
        fg.jvp(lambda a: sp.gammainc(a, 2.0), (1.0,), (1.0,))
    with pytest.raises(TypeError, match="betainc: no derivative with respect to the shape b"):
        fg.grad(lambda b: sp.betainc(2.0, b, 0.5))(1.0)
    # the constant argument is fine: the derivative in x is the density
    g = fg.grad(lambda x: sp.gammainc(2.0, x))(1.5)
    assert g == pytest.approx(1.5 * np.exp(-1.5))


def test_vmap_batches_elementwise():
    xs = np.random.default_rng(1).uniform(0.5, 3.0, (4, 3))
    for f in (sp.gammaln, sp.erf, sp.i0e, sp.logit, lambda x: sp.polygamma(2, x)):
        g = fg.vmap(fg.grad(lambda r: fnp.sum(f(r / 4))))(xs)
        np.testing.assert_allclose(g, np.stack([fg.grad(lambda r: fnp.sum(f(r / 4)))(r) for r in xs]))
    out = fg.vmap(lambda r: sp.xlogy(r, 2.0 * r))(xs)
    np.testing.assert_allclose(out, scipy_special.xlogy(xs, 2 * xs))
