"""Spec tables and tests for primitives/arithmetic.py and primitives/creation.py."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp
from tests.primitives.spec import Spec, broadcast_shapes, draw_args, run_spec

DTYPES = ("float64", "float32")

# shapes every binary op is checked on: same shape, scalar with array,
# (3,1) with (1,4), and a trailing-axis broadcast
BROADCASTS = {"same": ((3,), (3,)), "scalar": ((), (3, 4)), "outer": ((3, 1), (1, 4)),
              "rows": ((2, 3), (3,))}


def _binary(name, fn, prims, **kw):
    return [Spec(f"{name}-{b}", fn, shapes, prims, **kw) for b, shapes in BROADCASTS.items()]


def add(x, y): return fnp.add(x, y)
def subtract(x, y): return x - y
def multiply(x, y): return x * y
def divide(x, y): return x / y
def negative(x): return -x
def power(x, y): return fnp.power(x, y)
def power_int(x): return x ** 3
def power_neg_int(x): return x ** -2
def power_float(x): return x ** 2.5
def power_two(x): return x ** 2.0
def scalar_base(x): return 2.0 ** x
def square(x): return fnp.square(x)
def reciprocal(x): return fnp.reciprocal(x)
def scalar_mul(x): return x * 2.0 + 1.5 - x / 4.0
def scalar_left(x): return 2.0 * x - 3.0 / x
def absolute(x): return fnp.abs(x)
def maximum(x, y): return fnp.maximum(x, y)
def minimum(x, y): return fnp.minimum(x, y)
def relu(x): return fnp.maximum(x, 0.0)
def where(x, y): return fnp.where(x > 0, x * y, y)
def where_scalar(x): return fnp.where(x > 0, x, 0.0)
def clip(x): return fnp.clip(x, -1.0, 1.0)
def clip_lo(x): return fnp.clip(x, -1.0, None)
def clip_hi(x): return fnp.clip(x, None, 1.0)
def clip_traced(x, lo, hi): return fnp.clip(x, lo - 1.0, hi + 1.0)
def remainder(x, y): return fnp.remainder(x + 5.0, y + 2.0)   # x/y in (2.1, 2.6): floor 2
def mod_operator(x, y): return (x + 5.0) % (y + 2.0)


SPECS = [
    *_binary("add", add, ("add",)),
    *_binary("subtract", subtract, ("subtract",)),
    *_binary("multiply", multiply, ("multiply",)),
    *_binary("divide", divide, ("true_divide",), away_from=(0.0,)),
    *_binary("power", power, ("power",), domain=(0.3, 2.0)),
    *_binary("maximum", maximum, ("maximum",)),
    *_binary("minimum", minimum, ("minimum",)),
    *_binary("where", where, ("where",), away_from=(0.0,)),
    *_binary("remainder", remainder, ("remainder",), domain=(0.1, 0.4)),
    Spec("negative", negative, ((2, 3),), ("negative",)),
    Spec("power-int", power_int, ((2, 3),), ("power",)),
    Spec("power-neg-int", power_neg_int, ((2, 3),), ("power",), away_from=(0.0,)),
    Spec("power-float", power_float, ((2, 3),), ("power",), domain=(0.3, 2.0)),
    Spec("power-two", power_two, ((2, 3),), ("power",)),
    Spec("scalar-base", scalar_base, ((2, 3),), ("power",)),
    Spec("square", square, ((2, 3),), ("square",)),
    Spec("reciprocal", reciprocal, ((2, 3),), ("reciprocal",), away_from=(0.0,)),
    Spec("scalar-mul", scalar_mul, ((4,),), ("multiply", "add", "subtract", "true_divide")),
    Spec("scalar-left", scalar_left, ((4,),), ("multiply", "subtract", "true_divide"),
         away_from=(0.0,)),
    Spec("absolute", absolute, ((2, 3),), ("absolute",), away_from=(0.0,)),
    Spec("relu", relu, ((2, 3),), ("maximum",), away_from=(0.0,)),
    Spec("where-python-scalar", where_scalar, ((2, 3),), ("where",), away_from=(0.0,)),
    Spec("clip", clip, ((3, 4),), ("clip",), away_from=(-1.0, 1.0)),
    Spec("clip-lo", clip_lo, ((3, 4),), ("clip",), away_from=(-1.0,)),
    Spec("clip-hi", clip_hi, ((3, 4),), ("clip",), away_from=(1.0,)),
    Spec("clip-traced", clip_traced, ((3, 4), (3, 1), (4,)), ("clip",), domain=(-0.9, 0.9)),
    Spec("mod-operator", mod_operator, ((3,), (3,)), ("remainder",), domain=(0.1, 0.4)),
]

# piecewise-constant or boolean primitives: checked by value below
COVERED_ELSEWHERE = {
    "floor_divide", "sign", "equal", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not",
    "zeros_like", "ones_like", "full_like", "stop_gradient",
}


@pytest.mark.parametrize("spec, dtype", [(s, d) for s in SPECS for d in DTYPES if d in s.dtypes],
                         ids=str)
def test_spec(spec, dtype):
    run_spec(spec, dtype)


def check_float32(spec):
    """float32 in: float32 out, and float32 tangents and cotangents."""
    args = draw_args(spec, "float32", np.random.default_rng(0))
    out, pullback = fg.vjp(spec.fn, *args)
    assert out.dtype == np.float32, "output"
    cts = pullback(np.ones_like(out))
    assert all(c.dtype == np.float32 for c in cts), [c.dtype for c in cts]
    _, t = fg.jvp(spec.fn, args, tuple(np.ones_like(a) for a in args))
    assert t.dtype == np.float32, "tangent"


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_float32_stays_float32(spec):
    check_float32(spec)


# ---- hypothesis: random broadcasting -----------------------------------------

HYPO_BINARY = {
    "add": Spec("add", add, (), ("add",)),
    "subtract": Spec("subtract", subtract, (), ("subtract",)),
    "multiply": Spec("multiply", multiply, (), ("multiply",)),
    "divide": Spec("divide", divide, (), ("true_divide",), away_from=(0.0,)),
    "power": Spec("power", power, (), ("power",), domain=(0.3, 2.0)),
    "maximum": Spec("maximum", maximum, (), ("maximum",)),
    "minimum": Spec("minimum", minimum, (), ("minimum",)),
}


@pytest.mark.parametrize("name", sorted(HYPO_BINARY))
@settings(max_examples=15, deadline=None)
@given(shapes=broadcast_shapes(n=2), seed=st.integers(0, 2 ** 16))
def test_binary_broadcasting(name, shapes, seed):
    spec = HYPO_BINARY[name]
    run_spec(spec, "float64", seed=seed, shapes=shapes)


@settings(max_examples=10, deadline=None)
@given(shapes=broadcast_shapes(n=2), seed=st.integers(0, 2 ** 16))
def test_binary_broadcasting_float32_grads_keep_dtype(shapes, seed):
    rng = np.random.default_rng(seed)
    x, y = (rng.uniform(0.5, 2.0, s).astype(np.float32) for s in shapes)
    gx, gy = fg.grad(lambda x, y: fnp.sum(x * y / (x + y) ** 1.5), argnums=(0, 1))(x, y)
    assert gx.dtype == np.float32 and gy.dtype == np.float32
    assert gx.shape == x.shape and gy.shape == y.shape


# ---- eager calls: plain numpy in, plain numpy out ------------------------------

EAGER = [
    (fnp.add, np.add), (fnp.subtract, np.subtract), (fnp.multiply, np.multiply),
    (fnp.true_divide, np.true_divide), (fnp.power, np.power), (fnp.maximum, np.maximum),
    (fnp.minimum, np.minimum), (fnp.remainder, np.remainder),
    (fnp.floor_divide, np.floor_divide), (fnp.equal, np.equal), (fnp.less, np.less),
    (fnp.greater_equal, np.greater_equal), (fnp.logical_and, np.logical_and),
    (fnp.logical_or, np.logical_or), (fnp.logical_xor, np.logical_xor),
    (fnp.not_equal, np.not_equal), (fnp.less_equal, np.less_equal),
    (fnp.greater, np.greater),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("ours, theirs", EAGER, ids=lambda f: getattr(f, "__name__", str(f)))
def test_eager_binary_matches_numpy(ours, theirs, dtype):
    rng = np.random.default_rng(1)
    x = rng.uniform(0.5, 3.0, (3, 1)).astype(dtype)
    y = rng.uniform(0.5, 3.0, (4,)).astype(dtype)
    for a, b in ((x, y), (x, 2.0), (2.0, y)):
        out, ref = ours(a, b), theirs(a, b)
        assert type(out) is type(ref)
        assert out.dtype == ref.dtype
        np.testing.assert_array_equal(out, ref)


UNARY = [
    (fnp.negative, np.negative), (fnp.square, np.square), (fnp.reciprocal, np.reciprocal),
    (fnp.absolute, np.absolute), (fnp.sign, np.sign), (fnp.logical_not, np.logical_not),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("ours, theirs", UNARY, ids=lambda f: getattr(f, "__name__", str(f)))
def test_eager_unary_matches_numpy(ours, theirs, dtype):
    x = np.array([[-1.5, 0.0, 2.0], [0.5, -3.0, 4.0]], dtype=dtype)
    with np.errstate(divide="ignore"):
        out, ref = ours(x), theirs(x)
    assert type(out) is np.ndarray and out.dtype == ref.dtype
    np.testing.assert_array_equal(out, ref)


def test_eager_where_and_clip_match_numpy():
    x = np.linspace(-2, 2, 7)
    np.testing.assert_array_equal(fnp.where(x > 0, x, -x), np.where(x > 0, x, -x))
    np.testing.assert_array_equal(fnp.clip(x, -1, 1), np.clip(x, -1, 1))
    np.testing.assert_array_equal(fnp.clip(x, None, 1), np.clip(x, None, 1))
    assert type(fnp.where(x > 0, x, 0.0)) is np.ndarray


# ---- Python scalars and dtypes -----------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_python_scalars_keep_dtype(dtype):
    x = np.array([0.5, 1.0, 2.0], dtype=dtype)
    fns = [lambda x: x * 2.0, lambda x: 2.0 * x, lambda x: 2.0 ** x, lambda x: x ** 2.0,
           lambda x: x ** 3, lambda x: 1.0 / x, lambda x: x - 1, lambda x: 3 - x,
           lambda x: fnp.maximum(x, 1.0), lambda x: x % 0.75, lambda x: fnp.where(x > 1, x, 0.0)]
    for f in fns:
        assert f(x).dtype == np.dtype(dtype)
        g = fg.grad(lambda x: fnp.sum(f(x)))(x)
        assert g.dtype == np.dtype(dtype), f
        t = fg.jvp(f, (x,), (np.ones_like(x),))[1]
        assert t.dtype == np.dtype(dtype), f


def test_python_scalar_gradients():
    x = np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(2.0 ** x))(x), np.log(2) * 2 ** x)
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(x ** 2.0))(x), 2 * x)
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(x ** 0))(x), 0 * x)
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(x ** 1))(x), np.ones(3))
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(3.0 / x))(x), -3 / x ** 2)
    np.testing.assert_allclose(fg.grad(lambda x: 2.0 * x)(1.5), 2.0)


def test_scalar_inputs():
    assert fg.grad(lambda x: x * x * x)(2.0) == pytest.approx(12.0)
    assert fg.grad(fnp.reciprocal)(2.0) == pytest.approx(-0.25)
    assert fg.grad(lambda x: fnp.power(x, 0.5))(4.0) == pytest.approx(0.25)


# ---- special points -------------------------------------------------------------

def test_power_at_zero_base():
    x = np.array([0.0, 1.0, 2.0])
    with np.errstate(divide="raise", invalid="raise"):
        np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(x ** 0))(x), np.zeros(3))
        np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(x ** 1.0))(x), np.ones(3))
        np.testing.assert_array_equal(fg.hessian(lambda x: fnp.sum(x ** 2))(x), 2 * np.eye(3))
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(x ** 2))(x), 2 * x)
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(x ** 3))(x), 3 * x ** 2)
    # ∂(x^y)/∂y = log(x)·x^y is taken as 0 where x = 0
    y = np.array([2.0, 2.0, 2.0])
    gy = fg.grad(lambda y: fnp.sum(fnp.power(x, y)))(y)
    np.testing.assert_allclose(gy, [0.0, 0.0, np.log(2) * 4])
    assert np.all(np.isfinite(fg.hessian(lambda y: fnp.sum(fnp.power(x, y)))(y)))


def test_power_integer_exponent_negative_base():
    x = np.array([-2.0, -0.5, 1.5])
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(x ** 3))(x), 3 * x ** 2)
    np.testing.assert_allclose(fg.hessian(lambda x: fnp.sum(x ** 3))(x), np.diag(6 * x))


def test_maximum_minimum_ties_share_gradient():
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([1.0, 0.0, 3.0])
    gx, gy = fg.grad(lambda x, y: fnp.sum(fnp.maximum(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(gx, [0.5, 1.0, 0.5])
    np.testing.assert_array_equal(gy, [0.5, 0.0, 0.5])
    gx, gy = fg.grad(lambda x, y: fnp.sum(fnp.minimum(x, y)), argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(gx, [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(gy, [0.5, 1.0, 0.5])
    # the same value on both sides: the two halves add up to the identity
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(fnp.maximum(x, x)))(x), np.ones(3))
    t = fg.jvp(lambda x: fnp.maximum(x, y), (x,), (np.ones(3),))[1]
    np.testing.assert_array_equal(t, [0.5, 1.0, 0.5])


def test_clip_gradient_masks():
    x = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(fnp.clip(x, -1, 1)))(x), [0, 1, 1, 0])
    lo = np.array(-1.0)
    np.testing.assert_array_equal(fg.grad(lambda lo: fnp.sum(fnp.clip(x, lo, 1.0)))(lo), 1.0)


def test_where_broadcast_condition():
    x = np.arange(6.0).reshape(2, 3)
    cond = np.array([True, False, True])
    g = fg.grad(lambda x: fnp.sum(fnp.where(cond, x, 0.0) * x))(x)
    np.testing.assert_array_equal(g, np.where(cond, 2 * x, 0.0))


def test_abs_gradient_at_zero_is_zero():
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(fnp.abs(x)))(x), [-1.0, 0.0, 1.0])


# ---- nondiff primitives: values, and zero gradients --------------------------

def test_floor_divide_and_sign_values_and_zero_gradient():
    x = np.array([-2.5, -0.5, 0.0, 0.5, 3.5])
    np.testing.assert_array_equal(fnp.floor_divide(x, 2.0), np.floor_divide(x, 2.0))
    np.testing.assert_array_equal(fnp.sign(x), np.sign(x))
    g = fg.grad(lambda x: fnp.sum(fnp.sign(x) * x))(x)
    np.testing.assert_array_equal(g, np.sign(x))
    g = fg.grad(lambda x: fnp.sum((x // 2.0) * x))(x)
    np.testing.assert_array_equal(g, x // 2.0)
    g = fg.grad(lambda x: fnp.sum(fnp.floor_divide(x, 2.0)) + fnp.sum(x))(x)
    np.testing.assert_array_equal(g, np.ones_like(x))


def test_comparisons_on_traced_values():
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([2.0, 2.0, 2.0])

    def f(x):
        for ours, theirs in ((fnp.equal, np.equal), (fnp.not_equal, np.not_equal),
                             (fnp.less, np.less), (fnp.less_equal, np.less_equal),
                             (fnp.greater, np.greater), (fnp.greater_equal, np.greater_equal)):
            out = ours(x, y)
            assert out.dtype == bool
            np.testing.assert_array_equal(out, theirs(fg.stop_gradient(x), y))
        b = x > 1.5
        np.testing.assert_array_equal(fnp.logical_and(b, x < 2.5), [False, True, False])
        np.testing.assert_array_equal(fnp.logical_or(b, x < 1.5), [True, True, True])
        np.testing.assert_array_equal(fnp.logical_xor(b, x < 2.5), [True, False, True])
        np.testing.assert_array_equal(fnp.logical_not(b), [True, False, False])
        return fnp.sum(fnp.where(x >= 2, x * x, x))
    np.testing.assert_array_equal(fg.grad(f)(x), [1.0, 4.0, 6.0])


def test_creation_primitives():
    x = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    for ours, theirs in ((fnp.zeros_like, np.zeros_like), (fnp.ones_like, np.ones_like)):
        np.testing.assert_array_equal(ours(x), theirs(x))
        assert ours(x).dtype == np.float32
        assert ours(x, dtype=np.int32).dtype == np.int32
    np.testing.assert_array_equal(fnp.full_like(x, 7.0), np.full_like(x, 7.0))
    assert fnp.zeros_like(x, shape=(4,)).shape == (4,) and fnp.ones_like(x, shape=3).dtype == np.float32
    np.testing.assert_array_equal(fnp.full_like(x, 2, dtype=int, shape=(2,)), [2, 2])
    xs = np.ones((5, 2, 3))
    out = fg.vmap(lambda r: fnp.full_like(r, 3.0) + fnp.zeros_like(r) * fnp.ones_like(r))(xs)
    np.testing.assert_array_equal(out, np.full((5, 2, 3), 3.0))
    g = fg.grad(lambda x: fnp.sum(x * fnp.ones_like(x) + fnp.zeros_like(x) + fnp.full_like(x, 2.0)))(x)
    np.testing.assert_array_equal(g, np.ones_like(x))
    assert g.dtype == np.float32


def test_stop_gradient():
    x = np.array([1.0, 2.0, 3.0])
    f = lambda x: fnp.sum(fg.stop_gradient(x) * x)  # noqa: E731
    np.testing.assert_array_equal(fg.grad(f)(x), x)
    np.testing.assert_array_equal(fg.jvp(f, (x,), (np.ones(3),))[1], 6.0)
    np.testing.assert_array_equal(fg.hessian(f)(x), np.zeros((3, 3)))  # grad is sg(x): constant
    # nested: stopped for every transform, outer values still flow through the rest
    g = fg.grad(lambda y: fg.grad(lambda x: fnp.sum(fg.stop_gradient(x * y) * x))(x)[0])(2.0)
    assert g == 0.0
    g = fg.grad(lambda y: fg.grad(lambda x: fnp.sum(fg.stop_gradient(x) * x * y))(x)[0])(2.0)
    assert g == 1.0
    # vmap keeps the batch axis
    xs = np.arange(6.0).reshape(2, 3)
    out = fg.vmap(lambda r: fg.stop_gradient(r) * r)(xs)
    np.testing.assert_array_equal(out, xs * xs)
