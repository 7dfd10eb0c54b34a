"""Spec tables and tests for primitives/elementwise.py."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp
from tests.primitives.test_arithmetic import check_float32
from tests.primitives.spec import Spec, broadcast_shapes, run_spec

DTYPES = ("float64", "float32")
SHAPES = ((2, 3),)
STRICT = dict(over="raise", invalid="raise", divide="raise")   # underflow to 0 is fine


def arctan2(y, x): return fnp.arctan2(y, x)
def sigmoid_wide(x): return fnp.sigmoid(4.0 * x)
def softplus_wide(x): return fnp.softplus(4.0 * x)
def exp_log(x): return fnp.log(fnp.exp(x) + 1.0)
def sqrt_chain(x): return fnp.sqrt(x * x + 1.0)


def _unary(name, domain=(-2.0, 2.0), **kw):
    return Spec(name, getattr(fnp, name), SHAPES, (name,), domain=domain, **kw)


SPECS = [
    _unary("exp"),
    _unary("log", domain=(0.2, 3.0)),
    _unary("log1p", domain=(-0.8, 2.0)),
    _unary("expm1"),
    _unary("sqrt", domain=(0.2, 3.0)),
    _unary("sin"),
    _unary("cos"),
    _unary("tan", domain=(-1.2, 1.2)),
    _unary("arcsin", domain=(-0.9, 0.9)),
    _unary("arccos", domain=(-0.9, 0.9)),
    _unary("arctan"),
    _unary("sinh"),
    _unary("cosh"),
    _unary("tanh"),
    _unary("sigmoid"),
    _unary("softplus"),
    Spec("arctan2", arctan2, ((3, 1), (1, 4)), ("arctan2",), away_from=(0.0,)),
    Spec("arctan2-scalar", arctan2, ((), (3,)), ("arctan2",), away_from=(0.0,)),
    Spec("sigmoid-wide", sigmoid_wide, ((5,),), ("sigmoid",)),
    Spec("softplus-wide", softplus_wide, ((5,),), ("softplus",)),
    Spec("exp-log", exp_log, ((4,),), ("exp", "log")),
    Spec("sqrt-chain", sqrt_chain, ((4,),), ("sqrt",)),
]

# piecewise constant: checked by value below
COVERED_ELSEWHERE = {"floor", "ceil", "rint", "trunc", "round"}


@pytest.mark.parametrize("spec, dtype", [(s, d) for s in SPECS for d in DTYPES if d in s.dtypes],
                         ids=str)
def test_spec(spec, dtype):
    run_spec(spec, dtype)


@pytest.mark.parametrize("spec", [s for s in SPECS if "float32" in s.dtypes], ids=str)
def test_float32_stays_float32(spec):
    check_float32(spec)


@settings(max_examples=15, deadline=None)
@given(shapes=broadcast_shapes(n=2), seed=st.integers(0, 2 ** 16))
def test_arctan2_broadcasting(shapes, seed):
    spec = Spec("arctan2", arctan2, (), ("arctan2",), away_from=(0.0,))
    run_spec(spec, "float64", seed=seed, shapes=shapes)


# ---- eager values --------------------------------------------------------------

UNARY = [
    ("exp", (-3, 3)), ("log", (0.1, 3)), ("log1p", (-0.9, 3)), ("expm1", (-3, 3)),
    ("sqrt", (0, 3)), ("sin", (-3, 3)), ("cos", (-3, 3)), ("tan", (-1.5, 1.5)),
    ("arcsin", (-1, 1)), ("arccos", (-1, 1)), ("arctan", (-3, 3)), ("sinh", (-3, 3)),
    ("cosh", (-3, 3)), ("tanh", (-3, 3)), ("floor", (-3, 3)), ("ceil", (-3, 3)),
    ("rint", (-3, 3)), ("trunc", (-3, 3)),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, domain", UNARY)
def test_eager_matches_numpy(name, domain, dtype):
    x = np.linspace(*domain, 13).astype(dtype).reshape(13, 1)
    out, ref = getattr(fnp, name)(x), getattr(np, name)(x)
    assert type(out) is np.ndarray and out.dtype == ref.dtype
    np.testing.assert_array_equal(out, ref)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_softplus_values(dtype):
    x = np.linspace(-30, 30, 61).astype(dtype)
    x64 = x.astype(np.float64)
    s, sp = fnp.sigmoid(x), fnp.softplus(x)
    assert s.dtype == sp.dtype == np.dtype(dtype)
    rtol = 1e-6 if dtype == "float32" else 1e-13
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-x64)), rtol=rtol)
    np.testing.assert_allclose(sp, np.logaddexp(0, x64), rtol=rtol)
    assert fnp.expit is fnp.sigmoid


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_softplus_stable_at_extremes(dtype):
    x = np.array([-1000.0, -100.0, 0.0, 100.0, 1000.0], dtype=dtype)
    with np.errstate(**STRICT):
        s = fnp.sigmoid(x)
        gs = fg.grad(lambda x: fnp.sum(fnp.sigmoid(x)))(x)
        hs = fg.hessian(lambda x: fnp.sum(fnp.sigmoid(x)))(x)
        sp = fnp.softplus(x)
        gsp = fg.grad(lambda x: fnp.sum(fnp.softplus(x)))(x)
        hsp = fg.hessian(lambda x: fnp.sum(fnp.softplus(x)))(x)
    tiny = np.exp(-100.0)               # a float32 denormal: few significant bits
    close = dict(rtol=1e-6, atol=1e-44 if dtype == "float32" else 0.0)
    np.testing.assert_allclose(s, [0.0, tiny, 0.5, 1.0, 1.0], **close)
    np.testing.assert_allclose(gs, [0.0, tiny, 0.25, tiny, 0.0], **close)
    np.testing.assert_allclose(np.diag(hs), [0.0, tiny, 0.0, -tiny, 0.0], **close)
    np.testing.assert_allclose(sp, [0.0, tiny, np.log(2), 100.0, 1000.0], **close)
    np.testing.assert_allclose(gsp, s, **close)
    np.testing.assert_allclose(np.diag(hsp), gs, **close)
    for a in (s, gs, hs, sp, gsp, hsp):
        assert np.all(np.isfinite(a)) and a.dtype == np.dtype(dtype)


def test_sigmoid_python_scalars():
    assert fnp.sigmoid(0.0) == 0.5
    assert type(fnp.sigmoid(0.0)) is np.float64 and type(fnp.softplus(0.0)) is np.float64
    assert type(fnp.sigmoid(np.float32(1.0))) is np.float32
    with np.errstate(**STRICT):
        assert fnp.sigmoid(-1000.0) == 0.0 and fnp.sigmoid(1000.0) == 1.0
        assert fg.grad(fnp.sigmoid)(1000.0) == 0.0
        assert fg.grad(fnp.softplus)(-1000.0) == 0.0


def test_derivative_values():
    x = np.array([0.3, 0.7])
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(fnp.arcsin(x)))(x), 1 / np.sqrt(1 - x ** 2))
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(fnp.arccos(x)))(x), -1 / np.sqrt(1 - x ** 2))
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(fnp.tan(x)))(x), 1 / np.cos(x) ** 2)
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(fnp.log1p(x)))(x), 1 / (1 + x))
    y = np.array([1.0, -2.0])
    gy, gx = fg.grad(lambda y, x: fnp.sum(fnp.arctan2(y, x)), argnums=(0, 1))(y, x)
    np.testing.assert_allclose(gy, x / (x ** 2 + y ** 2))
    np.testing.assert_allclose(gx, -y / (x ** 2 + y ** 2))


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "sin", "tanh", "sigmoid", "softplus"])
def test_float32_in_float32_out(name):
    f = getattr(fnp, name)
    x = np.array([0.5, 1.5], dtype=np.float32)
    assert f(x).dtype == np.float32
    assert fg.grad(lambda x: fnp.sum(f(x)))(x).dtype == np.float32
    assert fg.hessian(lambda x: fnp.sum(f(x)))(x).dtype == np.float32
    assert fg.jvp(f, (x,), (np.ones_like(x),))[1].dtype == np.float32


# ---- piecewise-constant primitives: values and zero gradients -----------------

@pytest.mark.parametrize("name", ["floor", "ceil", "rint", "trunc", "round"])
def test_piecewise_constant_zero_gradient(name):
    f = getattr(fnp, name)
    x = np.array([-2.5, -1.2, 0.4, 1.5, 2.7])
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(f(x) * x))(x), f(x))
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(f(x)) + fnp.sum(x))(x), np.ones(5))
    t = fg.jvp(lambda x: f(x) + x, (x,), (np.ones(5),))[1]
    np.testing.assert_array_equal(t, np.ones(5))


def test_round_values():
    x = np.array([-2.5, -1.25, 0.5, 1.5, 2.675, 123.456])
    np.testing.assert_array_equal(fnp.round(x), np.round(x))
    np.testing.assert_array_equal(fnp.round(x, 2), np.round(x, 2))
    np.testing.assert_array_equal(fnp.around(x, decimals=-1), np.around(x, decimals=-1))
    np.testing.assert_array_equal(fnp.rint(x), np.rint(x))
    g = fg.grad(lambda x: fnp.sum(fnp.round(x, 1) * x))(x)
    np.testing.assert_array_equal(g, np.round(x, 1))
