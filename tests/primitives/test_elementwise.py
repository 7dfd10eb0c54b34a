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


def _unary(name, domain=(-2.0, 2.0), prim=None, **kw):
    return Spec(name, getattr(fnp, name), SHAPES, (prim or name,), domain=domain, **kw)


def _binary(name, fn, prims, **kw):
    return [Spec(f"{name}-{b}", fn, shapes, prims, **kw) for b, shapes in BROADCASTS.items()]


BROADCASTS = {"same": ((3,), (3,)), "scalar": ((), (3, 4)), "outer": ((3, 1), (1, 4))}


def logaddexp(x, y): return fnp.logaddexp(x, y)
def logaddexp2(x, y): return fnp.logaddexp2(x, y)
def logaddexp_wide(x, y): return fnp.logaddexp(30.0 * x, 30.0 * y)
def hypot(x, y): return fnp.hypot(x, y)
def fmod(x, y): return fnp.fmod(x + 5.0, y + 2.0)          # x/y in (2.1, 2.6): quotient 2
def fmod_negative(x, y): return fnp.fmod(-5.0 - x, y + 2.0)  # quotient -2
def copysign(x, y): return fnp.copysign(x, y)
def fmax(x, y): return fnp.fmax(x, y)
def fmin(x, y): return fnp.fmin(x, y)
def heaviside(x, h0): return fnp.heaviside(x, h0) * x
def float_power(x, y): return fnp.float_power(x, y)
def ldexp(x): return fnp.ldexp(x, np.array([1, -2, 3]))
def positive(x): return fnp.positive(x) * x
def nan_to_num(x): return fnp.nan_to_num(x * x)
def sinc_near_zero(x): return fnp.sinc(x)
def modf(x): return fnp.modf(x)[0] * x
def frexp(x): return fnp.frexp(x)[0]


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
    # issue 4: the rest of numpy's differentiable ufuncs
    _unary("exp2"),
    _unary("log2", domain=(0.2, 3.0)),
    _unary("log10", domain=(0.2, 3.0)),
    _unary("cbrt", away_from=(0.0,)),
    _unary("deg2rad"),
    _unary("rad2deg"),
    _unary("radians", prim="deg2rad"),
    _unary("degrees", prim="rad2deg"),
    _unary("sinc", domain=(-2.5, 2.5)),
    Spec("sinc-near-zero", sinc_near_zero, ((7,),), ("sinc",), domain=(-0.3, 0.3)),
    _unary("arcsinh", domain=(-3.0, 3.0)),
    _unary("arccosh", domain=(1.2, 3.0)),
    _unary("arctanh", domain=(-0.8, 0.8)),
    _unary("asinh", prim="arcsinh"),
    *_binary("logaddexp", logaddexp, ("logaddexp",)),
    *_binary("logaddexp2", logaddexp2, ("logaddexp2",)),
    Spec("logaddexp-wide", logaddexp_wide, ((5,), (5,)), ("logaddexp",)),
    *_binary("hypot", hypot, ("hypot",), away_from=(0.0,)),
    *_binary("fmod", fmod, ("fmod",), domain=(0.1, 0.4)),
    Spec("fmod-negative", fmod_negative, ((3,), (3,)), ("fmod",), domain=(0.1, 0.4)),
    *_binary("copysign", copysign, ("copysign",), away_from=(0.0,)),
    *_binary("fmax", fmax, ("fmax",)),
    *_binary("fmin", fmin, ("fmin",)),
    *_binary("float-power", float_power, ("power",), domain=(0.3, 2.0), dtypes=("float64",)),
    Spec("heaviside", heaviside, ((2, 3), (3,)), ("heaviside",), away_from=(0.0,)),
    Spec("ldexp", ldexp, ((2, 3),), ("ldexp",)),
    Spec("positive", positive, ((2, 3),), ("positive",)),
    Spec("nan-to-num", nan_to_num, ((2, 3),), ("nan_to_num",)),
    Spec("modf", modf, ((2, 3),), ("copysign", "trunc"), away_from=(-1.0, 0.0, 1.0)),
    Spec("frexp", frexp, ((2, 3),), ("ldexp",), domain=(0.55, 0.95)),   # exponent 0 throughout
]

# piecewise constant: checked by value below
COVERED_ELSEWHERE = {"floor", "ceil", "rint", "trunc", "round", "signbit", "nextafter"}


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


# ---- issue 4: the rest of numpy's differentiable ufuncs --------------------------

MORE_UNARY = [
    ("exp2", (-3, 3)), ("log2", (0.1, 3)), ("log10", (0.1, 3)), ("cbrt", (-3, 3)),
    ("deg2rad", (-360, 360)), ("rad2deg", (-3, 3)), ("radians", (-360, 360)),
    ("degrees", (-3, 3)), ("sinc", (-3, 3)), ("arcsinh", (-3, 3)), ("arccosh", (1, 4)),
    ("arctanh", (-0.9, 0.9)), ("positive", (-3, 3)), ("signbit", (-3, 3)),
    ("asin", (-1, 1)), ("acos", (-1, 1)), ("atan", (-3, 3)), ("asinh", (-3, 3)),
    ("acosh", (1, 4)), ("atanh", (-0.9, 0.9)), ("nan_to_num", (-3, 3)), ("i0", (-3, 3)),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, domain", MORE_UNARY)
def test_more_eager_matches_numpy(name, domain, dtype):
    x = np.linspace(*domain, 13).astype(dtype).reshape(13, 1)
    out, ref = getattr(fnp, name)(x), getattr(np, name)(x)
    assert type(out) is np.ndarray and out.dtype == ref.dtype and out.shape == ref.shape
    np.testing.assert_allclose(out, ref, rtol=1e-6 if dtype == "float32" else 1e-14)


MORE_BINARY = ["logaddexp", "logaddexp2", "hypot", "fmod", "copysign", "fmax", "fmin",
               "heaviside", "nextafter", "float_power", "atan2"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", MORE_BINARY)
def test_more_binary_eager_matches_numpy(name, dtype):
    rng = np.random.default_rng(1)
    x = rng.uniform(-3.0, 3.0, (3, 1)).astype(dtype)
    y = rng.uniform(-3.0, 3.0, (4,)).astype(dtype)
    if name == "float_power":
        x, y = np.abs(x), np.abs(y)
    for a, b in ((x, y), (x, 2.0), (2.5, y)):
        out, ref = getattr(fnp, name)(a, b), getattr(np, name)(a, b)
        assert type(out) is type(ref) and out.dtype == ref.dtype
        np.testing.assert_allclose(out, ref, rtol=1e-6 if dtype == "float32" else 1e-14)


def test_split_and_integer_functions_match_numpy():
    x = np.array([-np.inf, -2.0, -1.5, -0.0, 0.3, 7.25, np.nan, np.inf])
    for ours, theirs in zip(fnp.modf(x), np.modf(x)):
        np.testing.assert_array_equal(ours, theirs)
        np.testing.assert_array_equal(np.signbit(ours), np.signbit(theirs))
    for ours, theirs in zip(fnp.frexp(x), np.frexp(x)):
        np.testing.assert_array_equal(ours, theirs)
    for ours, theirs in zip(fnp.divmod(x[1:6], 0.7), np.divmod(x[1:6], 0.7)):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(fnp.ldexp(x, 3), np.ldexp(x, 3))
    np.testing.assert_array_equal(fnp.spacing(x), np.spacing(x))


def nth_derivative(f, n):
    for _ in range(n):
        f = fg.grad(f)
    return f


def test_sinc_exact_at_zero():
    # sinc = 1 - (πx)²/6 + (πx)⁴/120 - ...: odd derivatives vanish at 0
    expected = [1.0, 0.0, -np.pi ** 2 / 3, 0.0, np.pi ** 4 / 5]
    for n, want in enumerate(expected):
        got = nth_derivative(fnp.sinc, n)(0.0)
        assert np.isfinite(got) and got == pytest.approx(want, abs=1e-12), n
    # forward mode agrees
    t = fg.jvp(lambda x: fg.jvp(fnp.sinc, (x,), (1.0,))[1], (0.0,), (1.0,))[1]
    assert t == pytest.approx(-np.pi ** 2 / 3, rel=1e-14)


def test_sinc_derivative_has_no_cancellation_near_zero():
    x = np.array([1e-9, 1e-5, 1e-3, 0.2, 0.3, 1.0])
    g = fg.grad(lambda x: fnp.sum(fnp.sinc(x)))(x)
    px = np.pi * x
    exact = (px * np.cos(px) - np.sin(px)) / (px * x)      # accurate away from 0 only
    series = -np.pi ** 2 * x / 3 + np.pi ** 4 * x ** 3 / 30   # accurate near 0 only
    np.testing.assert_allclose(g[:3], series[:3], rtol=1e-9)
    np.testing.assert_allclose(g[3:], exact[3:], rtol=1e-12)
    h = np.diag(fg.hessian(lambda x: fnp.sum(fnp.sinc(x)))(x))
    np.testing.assert_allclose(h[:2], -np.pi ** 2 / 3, rtol=1e-8)


@pytest.mark.parametrize("dtype", DTYPES)
def test_logaddexp_stable_at_extremes(dtype):
    x = np.array([-1000.0, 1000.0, 0.0, -np.inf, np.inf, 5.0], dtype=dtype)
    y = np.array([-1000.0, -1000.0, 800.0, -np.inf, np.inf, -np.inf], dtype=dtype)
    ones = np.ones(6, dtype=dtype)
    with np.errstate(**STRICT):
        out, pullback = fg.vjp(fnp.logaddexp, x, y)
        gx, gy = pullback(ones)
        _, g2 = fg.vjp(fnp.logaddexp2, x, y)
        g2 = g2(ones)[0]

        def dx(x):   # ∂logaddexp/∂x, elementwise, differentiated once more
            return fg.vjp(lambda x: fnp.logaddexp(x, y), x)[1](ones)[0]
        hx = fg.jvp(dx, (x,), (ones,))[1]
    np.testing.assert_array_equal(out, np.logaddexp(x, y))
    np.testing.assert_allclose(gx, [0.5, 1.0, 0.0, 0.5, 0.5, 1.0])
    np.testing.assert_allclose(gx + gy, np.ones(6))
    np.testing.assert_allclose(hx, [0.25, 0.0, 0.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(g2, [0.5, 1.0, 2.0 ** -800, 0.5, 0.5, 1.0], atol=1e-40)
    for a in (gx, gy, hx, g2):
        assert np.all(np.isfinite(a)) and a.dtype == np.dtype(dtype)


def test_logaddexp_ties_keep_second_derivative():
    # x = y finite: the curvature is σ'(0) = ¼ per argument, not cut by the ∞ guard
    h = fg.hessian(lambda v: fnp.logaddexp(v[0], v[1]))(np.array([0.5, 0.5]))
    np.testing.assert_allclose(h, [[0.25, -0.25], [-0.25, 0.25]])


def test_hypot_zero_subgradient_at_origin():
    x, y = np.array([0.0, 3.0]), np.array([0.0, 4.0])
    with np.errstate(**STRICT):
        gx, gy = fg.grad(lambda x, y: fnp.sum(fnp.hypot(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_allclose(gx, [0.0, 0.6])
    np.testing.assert_allclose(gy, [0.0, 0.8])


def test_cbrt_vertical_tangent_at_zero():
    with np.errstate(divide="ignore"):
        assert fg.grad(fnp.cbrt)(0.0) == np.inf
    assert fg.grad(fnp.cbrt)(-8.0) == pytest.approx(1 / 12)


def test_copysign_heaviside_fmax_gradients():
    x = np.array([-2.0, 3.0, -1.0, 0.5])
    y = np.array([1.0, -1.0, -5.0, -0.0])
    g = fg.grad(lambda x: fnp.sum(fnp.copysign(x, y)))(x)
    np.testing.assert_array_equal(g, [-1.0, -1.0, 1.0, -1.0])
    assert fg.grad(lambda y: fnp.sum(fnp.copysign(x, y)))(y).tolist() == [0.0] * 4
    z = np.array([-1.0, 0.0, 2.0])
    gh = fg.grad(lambda h: fnp.sum(fnp.heaviside(z, h)))(np.full(3, 0.5))
    np.testing.assert_array_equal(gh, [0.0, 1.0, 0.0])
    a, b = np.array([1.0, np.nan, 2.0, np.nan]), np.array([np.nan, 3.0, 2.0, 1.0])
    ga, gb = fg.grad(lambda a, b: fnp.sum(fnp.fmax(a, b)), argnums=(0, 1))(a, b)
    np.testing.assert_array_equal(ga, [1.0, 0.0, 0.5, 0.0])
    np.testing.assert_array_equal(gb, [0.0, 1.0, 0.5, 1.0])
    ga = fg.grad(lambda a: fnp.sum(fnp.fmin(a, b)))(a)
    np.testing.assert_array_equal(ga, [1.0, 0.0, 0.5, 0.0])


def test_nan_to_num_gradient_passes_where_finite():
    x = np.array([1.5, np.nan, np.inf, -np.inf, -2.0])
    kw = dict(nan=-1.0, posinf=9.0, neginf=-9.0)
    np.testing.assert_array_equal(fnp.nan_to_num(x, **kw), np.nan_to_num(x, **kw))
    with np.errstate(invalid="raise"):
        g = fg.grad(lambda x: fnp.sum(fnp.nan_to_num(x, **kw) * 2.0))(x)
        t = fg.jvp(lambda x: fnp.nan_to_num(x), (x,), (np.ones(5),))[1]
    np.testing.assert_array_equal(g, [2.0, 0.0, 0.0, 0.0, 2.0])
    np.testing.assert_array_equal(t, [1.0, 0.0, 0.0, 0.0, 1.0])


def test_nondiff_float_functions_on_traced_values():
    x = np.array([-1.5, -0.0, 0.0, 2.0])

    def f(x):
        np.testing.assert_array_equal(fnp.signbit(x), np.signbit(fg.stop_gradient(x)))
        np.testing.assert_array_equal(fnp.spacing(x), np.spacing(fg.stop_gradient(x)))
        step = fnp.nextafter(x, 10.0)
        return fnp.sum(step * x)
    g = fg.grad(f)(x)
    np.testing.assert_array_equal(g, np.nextafter(x, 10.0))
    t = fg.jvp(lambda x: fnp.nextafter(x, 1.0) + x, (x,), (np.ones(4),))[1]
    np.testing.assert_array_equal(t, np.ones(4))


HYPO_MORE = {
    "logaddexp": Spec("logaddexp", logaddexp, (), ("logaddexp",)),
    "logaddexp2": Spec("logaddexp2", logaddexp2, (), ("logaddexp2",)),
    "hypot": Spec("hypot", hypot, (), ("hypot",), away_from=(0.0,)),
    "copysign": Spec("copysign", copysign, (), ("copysign",), away_from=(0.0,)),
    "fmod": Spec("fmod", fmod, (), ("fmod",), domain=(0.1, 0.4)),
}


@pytest.mark.parametrize("name", sorted(HYPO_MORE))
@settings(max_examples=10, deadline=None)
@given(shapes=broadcast_shapes(n=2), seed=st.integers(0, 2 ** 16))
def test_more_binary_broadcasting(name, shapes, seed):
    run_spec(HYPO_MORE[name], "float64", seed=seed, shapes=shapes)


@pytest.mark.parametrize("name", ["sinc", "arcsinh", "cbrt", "nan_to_num", "exp2"])
def test_vmap_unary(name):
    fn = getattr(fnp, name)
    xs = np.random.default_rng(2).uniform(0.5, 2.0, (4, 3))
    out = fg.vmap(lambda r: fn(r) * r)(xs)
    np.testing.assert_allclose(out, np.stack([fn(r) * r for r in xs]))
    grads = fg.vmap(fg.grad(lambda r: fnp.sum(fn(r))))(xs)
    np.testing.assert_allclose(grads, np.stack([fg.grad(lambda r: fnp.sum(fn(r)))(r) for r in xs]))


def test_vmap_binary_broadcasts_the_batch():
    xs = np.random.default_rng(3).uniform(-2, 2, (5, 3))
    y = np.array([0.5, -1.0, 2.0])
    for fn in (fnp.logaddexp, fnp.hypot, fnp.copysign, fnp.fmax):
        out = fg.vmap(lambda r: fn(r, y))(xs)
        np.testing.assert_allclose(out, fn(xs, y))
        out = fg.vmap(lambda r: fn(y, r))(xs)
        np.testing.assert_allclose(out, fn(y, xs))
