"""Spec tables and tests for primitives/reductions.py and the reduction composites
of funcgrad.numpy (mean, var, std, softmax, log_softmax)."""
import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp
from tests.primitives.test_arithmetic import check_float32
from tests.primitives.spec import Spec, run_spec

DTYPES = ("float64", "float32")
STRICT = dict(over="raise", invalid="raise", divide="raise")   # underflow to 0 is fine

# (axis, keepdims) variants every reduction is checked with, on a (2, 3, 4) array
AXES = [(None, False), (None, True), (1, False), (-1, True), ((0, 2), False), ((-1, 0), True),
        ((), False)]


def _reduction(name, fn, prims, axes=AXES, shape=(2, 3, 4), **kw):
    specs = []
    for axis, keepdims in axes:
        def f(x, axis=axis, keepdims=keepdims):
            return fn(x, axis=axis, keepdims=keepdims)
        f.__name__ = f"{name}(axis={axis}, keepdims={keepdims})"
        specs.append(Spec(f.__name__, f, (shape,), prims, **kw))
    return specs


def _var(x, axis, keepdims): return fnp.var(x, axis=axis, keepdims=keepdims, ddof=1)
def _std(x, axis, keepdims): return fnp.std(x, axis=axis, keepdims=keepdims)
def _std_ddof(x, axis, keepdims): return fnp.std(x, axis=axis, keepdims=keepdims, ddof=1)
def _prod_method(x, axis, keepdims): return x.prod(axis=axis, keepdims=keepdims)
def _max_method(x, axis, keepdims): return x.max(axis=axis, keepdims=keepdims)


def sum_scalar(x): return fnp.sum(x * 3.0)
def prod_with_zero(x): return fnp.prod(fnp.where(_ONE_ZERO, 0.0, x), axis=1)
def prod_two_zeros(x): return fnp.prod(fnp.where(_TWO_ZEROS, 0.0, x), axis=0)
def prod_zero_all_axes(x): return fnp.prod(fnp.where(_TWO_ZEROS, 0.0, x))
def cumsum_axis0(x): return fnp.cumsum(x, axis=0)
def cumsum_axis_neg(x): return fnp.cumsum(x * x, axis=-1)
def cumsum_flat(x): return fnp.cumsum(x)
def softmax(x): return fnp.softmax(x)
def softmax_axis0(x): return fnp.softmax(x, axis=0)
def log_softmax(x): return fnp.log_softmax(x, axis=-1)
def log_softmax_axis0(x): return fnp.log_softmax(x, axis=0)
def lse_scaled(x): return fnp.logsumexp(50.0 * x, axis=1)


_ONE_ZERO = np.array([[True, False, False, False], [False, False, False, False],
                      [False, True, False, True]])
_TWO_ZEROS = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0], [1, 0, 0]], dtype=bool)

# float32 finite differences of a product of 24 numbers in [0.5, 2]: loosen a little
_PROD_TOL = {"float32": 5e-2}

SPECS = [
    *_reduction("sum", fnp.sum, ("sum",)),
    *_reduction("mean", fnp.mean, ("sum",)),
    *_reduction("max", fnp.max, ("max",)),
    *_reduction("min", fnp.min, ("min",)),
    *_reduction("amax-method", _max_method, ("max",), axes=AXES[2:4]),
    *_reduction("prod", fnp.prod, ("prod",), domain=(0.5, 1.5), tol=_PROD_TOL),
    *_reduction("prod-method", _prod_method, ("prod",), axes=AXES[4:5], domain=(-1.5, 1.5)),
    *_reduction("logsumexp", fnp.logsumexp, ("logsumexp",)),
    *_reduction("var", fnp.var, ("sum",), axes=AXES[:-1]),
    *_reduction("var-ddof", _var, ("sum",), axes=AXES[:-1]),
    *_reduction("std", _std, ("sum", "sqrt"), axes=AXES[:-1]),
    *_reduction("std-ddof", _std_ddof, ("sum", "sqrt"), axes=AXES[2:4]),
    Spec("sum-scalar", sum_scalar, ((),), ("sum",)),
    Spec("max-scalar", fnp.max, ((),), ("max",)),
    Spec("prod-one-zero", prod_with_zero, ((3, 4),), ("prod",)),
    Spec("prod-two-zeros", prod_two_zeros, ((4, 3),), ("prod",)),
    Spec("prod-zeros-all-axes", prod_zero_all_axes, ((4, 3),), ("prod",), domain=(0.5, 1.5)),
    Spec("cumsum-axis0", cumsum_axis0, ((3, 4),), ("cumsum",)),
    Spec("cumsum-axis-neg", cumsum_axis_neg, ((2, 3, 4),), ("cumsum",)),
    Spec("cumsum-flat", cumsum_flat, ((2, 3),), ("cumsum",)),
    Spec("cumsum-1d", cumsum_flat, ((5,),), ("cumsum",)),
    Spec("softmax", softmax, ((3, 4),), ("logsumexp", "exp")),
    Spec("softmax-axis0", softmax_axis0, ((3, 4),), ("logsumexp",)),
    Spec("log-softmax", log_softmax, ((3, 4),), ("logsumexp",)),
    Spec("log-softmax-axis0", log_softmax_axis0, ((3, 4),), ("logsumexp",)),
    Spec("logsumexp-scaled", lse_scaled, ((3, 4),), ("logsumexp",), dtypes=("float64",)),
]


@pytest.mark.parametrize("spec, dtype", [(s, d) for s in SPECS for d in DTYPES if d in s.dtypes],
                         ids=str)
def test_spec(spec, dtype):
    run_spec(spec, dtype)


@pytest.mark.parametrize("spec", [s for s in SPECS if "float32" in s.dtypes], ids=str)
def test_float32_stays_float32(spec):
    check_float32(spec)


# ---- hypothesis: reductions over random axes ---------------------------------

@st.composite
def shape_and_axis(draw, max_dims=3):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=max_dims)))
    nd = len(shape)
    axes = draw(st.one_of(st.none(), st.integers(-nd, nd - 1),
                          st.lists(st.integers(0, nd - 1), unique=True).map(
                              lambda a: tuple(i - nd if i % 2 else i for i in a))))
    return shape, axes, draw(st.booleans())


RANDOM_AXES = {
    "sum": (fnp.sum, np.sum, (-2.0, 2.0)),
    "max": (fnp.max, np.max, (-2.0, 2.0)),
    "min": (fnp.min, np.min, (-2.0, 2.0)),
    "prod": (fnp.prod, np.prod, (0.5, 1.5)),
    "logsumexp": (fnp.logsumexp, scipy.special.logsumexp, (-2.0, 2.0)),
    "mean": (fnp.mean, np.mean, (-2.0, 2.0)),
    "var": (fnp.var, np.var, (-2.0, 2.0)),
}


@pytest.mark.parametrize("name", sorted(RANDOM_AXES))
@settings(max_examples=15, deadline=None)
@given(case=shape_and_axis(), seed=st.integers(0, 2 ** 16))
def test_reduction_random_axes(name, case, seed):
    shape, axis, keepdims = case
    ours, theirs, domain = RANDOM_AXES[name]

    def f(x):
        return ours(x, axis=axis, keepdims=keepdims)
    x = np.random.default_rng(seed).uniform(*domain, shape)
    np.testing.assert_allclose(f(x), theirs(x, axis=axis, keepdims=keepdims), rtol=1e-12)
    spec = Spec(name, f, (shape,), (), domain=domain)
    run_spec(spec, "float64", seed=seed)


# ---- values against numpy; eager results are plain numpy --------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["sum", "mean", "prod", "max", "min", "var", "std", "amax",
                                  "amin"])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2), (2, -3)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_eager_matches_numpy(name, axis, keepdims, dtype):
    x = np.random.default_rng(0).uniform(-2, 2, (2, 3, 4)).astype(dtype)
    out = getattr(fnp, name)(x, axis=axis, keepdims=keepdims)
    ref = getattr(np, name)(x, axis=axis, keepdims=keepdims)
    assert type(out) is type(ref) and out.dtype == ref.dtype and np.shape(out) == np.shape(ref)
    np.testing.assert_allclose(out, ref, rtol=1e-5 if dtype == "float32" else 1e-12)


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("axis", [None, 1, -1, (0, 1), (-1, 0), (0, 1, 2)])
@pytest.mark.parametrize("ddof", [0, 1, 2])
@pytest.mark.parametrize("keepdims", [False, True])
def test_var_std_match_numpy(name, axis, ddof, keepdims):
    x = np.random.default_rng(1).normal(size=(3, 4, 5))
    out = getattr(fnp, name)(x, axis=axis, ddof=ddof, keepdims=keepdims)
    ref = getattr(np, name)(x, axis=axis, ddof=ddof, keepdims=keepdims)
    assert np.shape(out) == np.shape(ref)
    np.testing.assert_allclose(out, ref, rtol=1e-12)
    # through a trace as well, with the gradient of the sum checked by check_grads
    traced = fg.jvp(lambda x: getattr(fnp, name)(x, axis=axis, ddof=ddof, keepdims=keepdims),
                    (x,), (np.zeros_like(x),))[0]
    np.testing.assert_allclose(traced, ref, rtol=1e-12)


def test_var_std_gradients_closed_form():
    x = np.random.default_rng(2).normal(size=(4, 5))
    n = x.shape[1]
    centered = x - x.mean(axis=1, keepdims=True)
    g = fg.grad(lambda x: fnp.sum(fnp.var(x, axis=1, ddof=1)))(x)
    np.testing.assert_allclose(g, 2 * centered / (n - 1))
    g = fg.grad(lambda x: fnp.sum(fnp.std(x, axis=-1)))(x)
    np.testing.assert_allclose(g, centered / (n * x.std(axis=1, keepdims=True)))


def test_mean_of_integers_and_dtype():
    x = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(fnp.mean(x, axis=0), np.mean(x, axis=0))
    assert fnp.mean(x).dtype == np.float64
    x32 = x.astype(np.float32)
    assert fnp.mean(x32, axis=1).dtype == np.float32
    assert fg.grad(lambda x: fnp.mean(x, axis=(0, 1)))(x32).dtype == np.float32
    np.testing.assert_allclose(fg.grad(lambda x: fnp.mean(x))(x32), np.full((2, 3), 1 / 6))


def test_numpy_keyword_arguments():
    x = np.arange(12.0).reshape(3, 4) - 5.0
    mask = x > -3
    for name in ("sum", "prod", "mean"):
        for axis in (None, 1, (0, 1)):
            with np.errstate(invalid="ignore", divide="ignore"):
                np.testing.assert_allclose(getattr(fnp, name)(x, axis=axis, where=mask),
                                           getattr(np, name)(x, axis=axis, where=mask))
    np.testing.assert_allclose(fnp.max(x, axis=0, where=mask, initial=-10.0),
                               np.max(x, axis=0, where=mask, initial=-10.0))
    np.testing.assert_allclose(fnp.min(x, axis=1, initial=-5.5), np.min(x, axis=1, initial=-5.5))
    np.testing.assert_allclose(fnp.sum(x, initial=3.0), np.sum(x, initial=3.0))
    np.testing.assert_allclose(fnp.var(x, axis=0, correction=1), np.var(x, axis=0, correction=1))
    assert fnp.sum(x.astype(np.float32), dtype=np.float64).dtype == np.float64
    assert fnp.prod(x, dtype=np.float32).dtype == np.float32
    assert fnp.var(x, dtype=np.float32).dtype == np.float32
    with pytest.raises(NotImplementedError, match="out="):
        fnp.sum(x, out=np.empty(4), axis=0)
    with pytest.raises(ValueError, match="initial"):
        fnp.max(x, where=mask)
    g = fg.grad(lambda x: fnp.sum(x * x, where=mask))(x)
    np.testing.assert_array_equal(g, np.where(mask, 2 * x, 0.0))
    g = fg.grad(lambda x: fnp.mean(x, axis=1, where=mask)[2])(x)
    np.testing.assert_array_equal(g, np.where(mask, 1.0, 0.0) * [[0], [0], [0.25]])


def test_tracer_methods():
    x = np.random.default_rng(9).normal(size=(3, 4))
    g = fg.grad(lambda x: x.var(axis=0, ddof=1).sum() + x.std() + x.mean(axis=-1).max()
                + x.prod(axis=(0, 1)) + x.min() + x.cumsum(axis=1)[1, 2])(x)
    n = 12
    ref = (2 * (x - x.mean(0)) / 2 + (x - x.mean()) / (n * x.std()))
    ref[np.argmax(x.mean(-1))] += 0.25
    ref += np.prod(x) / x
    ref[np.unravel_index(np.argmin(x), x.shape)] += 1.0
    ref[1, :3] += 1.0
    np.testing.assert_allclose(g, ref, rtol=1e-10)


def test_axis_errors():
    x = np.ones((2, 3))
    with pytest.raises(np.exceptions.AxisError):
        fnp.sum(x, axis=2)
    with pytest.raises(np.exceptions.AxisError):
        fnp.max(x, axis=-3)
    with pytest.raises(ValueError):
        fnp.sum(x, axis=(0, -2))


# ---- ties in max/min -------------------------------------------------------------

def test_max_min_ties_share_gradient():
    x = np.array([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 5.0, 5.0]])
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(fnp.max(x, axis=1)))(x),
                                  [[0, 0.5, 0.5, 0], [0.25, 0.25, 0.25, 0.25]])
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.min(x))(-x),
                                  [[0, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]])
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.max(x))(x),
                                  [[0, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]])
    t = fg.jvp(lambda x: fnp.max(x, axis=1), (x,), (np.ones_like(x),))[1]
    np.testing.assert_array_equal(t, [1.0, 1.0])
    np.testing.assert_array_equal(fg.hessian(lambda x: fnp.max(x))(x[0]), np.zeros((4, 4)))


# ---- prod with zeros ---------------------------------------------------------------

def _prod_hessian_reference(x):
    n = len(x)
    h = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                h[i, j] = np.prod(np.delete(x, [i, j]))
    return h


@pytest.mark.parametrize("x", [[2.0, 0.0, 3.0, 4.0], [2.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 5.0],
                               [1.5, -2.0, 3.0, 0.5]])
def test_prod_gradients_with_zeros(x):
    x = np.array(x)
    others = [np.prod(np.delete(x, i)) for i in range(len(x))]
    np.testing.assert_array_equal(fg.grad(fnp.prod)(x), others)
    np.testing.assert_allclose(fg.hessian(fnp.prod)(x), _prod_hessian_reference(x))
    np.testing.assert_allclose(fg.jacfwd(fg.grad(fnp.prod))(x), _prod_hessian_reference(x))


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 9])
def test_prod_zeros_every_length(n):
    x = np.random.default_rng(n).uniform(0.5, 1.5, n)
    x[n // 2] = 0.0
    if n > 3:
        x[-1] = 0.0
    np.testing.assert_allclose(fg.grad(fnp.prod)(x), [np.prod(np.delete(x, i)) for i in range(n)])
    np.testing.assert_allclose(fg.hessian(fnp.prod)(x), _prod_hessian_reference(x), atol=1e-15)


def test_prod_gradient_when_the_product_underflows_or_overflows():
    x = np.array([1e-200, 1e-200, 1e200, 3.0])       # Π x underflows to 0: no zero in x
    np.testing.assert_allclose(fg.grad(fnp.prod)(x), [3.0, 3.0, 0.0, 0.0])
    x = np.array([1e200, 1e200, 1e-200, 3.0])        # Π x overflows
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(fg.grad(fnp.prod)(x), [3.0, 3.0, np.inf, np.inf])


def test_prod_long_axis_with_a_zero_is_fast_and_exact():
    x = np.random.default_rng(8).uniform(0.99, 1.01, 20000)
    x[123] = 0.0
    g = fg.grad(fnp.prod)(x)
    np.testing.assert_allclose(g[123], np.prod(np.delete(x, 123)), rtol=1e-10)
    assert np.count_nonzero(g) == 1


def test_prod_zeros_along_axis():
    x = np.array([[0.0, 2.0, 3.0], [1.0, 2.0, 3.0], [0.0, 0.0, 4.0]])
    g = fg.grad(lambda x: fnp.sum(fnp.prod(x, axis=1)))(x)
    np.testing.assert_array_equal(g, [[6.0, 0.0, 0.0], [6.0, 3.0, 2.0], [0.0, 0.0, 0.0]])
    g = fg.grad(lambda x: fnp.sum(fnp.prod(x, axis=0, keepdims=True)))(x)
    np.testing.assert_array_equal(g, [[0.0, 0.0, 12.0], [0.0, 0.0, 12.0], [0.0, 4.0, 9.0]])


# ---- logsumexp, softmax, log_softmax: stability and values ----------------------

def test_logsumexp_values():
    x = np.random.default_rng(3).normal(size=(3, 4, 5)) * 10
    assert type(fnp.logsumexp(x)) is type(scipy.special.logsumexp(x)) is np.float64
    for axis in (None, 0, -1, (0, 2)):
        for keepdims in (False, True):
            np.testing.assert_allclose(fnp.logsumexp(x, axis=axis, keepdims=keepdims),
                                       scipy.special.logsumexp(x, axis=axis, keepdims=keepdims))


@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_stable(dtype):
    big = np.finfo(dtype).max / 2
    x = np.array([[-np.inf, 0.0, 1.0], [big, big, -np.inf], [-np.inf, -np.inf, -np.inf],
                  [-1000.0, -1001.0, -np.inf]], dtype=dtype)
    with np.errstate(**STRICT):
        out = fnp.logsumexp(x, axis=1)
        g = fg.grad(lambda x: fnp.sum(fnp.logsumexp(x, axis=1)))(x)
        h = fg.hessian(lambda x: fnp.logsumexp(x[3]))(x)
    ref = scipy.special.logsumexp(x.astype(np.float64), axis=1)
    np.testing.assert_allclose(out, ref.astype(dtype), rtol=1e-6)
    assert out.dtype == g.dtype == np.dtype(dtype)
    assert not np.any(np.isnan(g)) and not np.any(np.isnan(h))
    e = np.exp([0.0, 1.0]) / np.exp([0.0, 1.0]).sum()
    np.testing.assert_allclose(g, [[0, *e], [0.5, 0.5, 0], [0, 0, 0], [1 / (1 + np.exp(-1)),
                                   np.exp(-1) / (1 + np.exp(-1)), 0]], rtol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_log_softmax_stable(dtype):
    x = np.array([[1000.0, 1000.0, -1000.0], [-np.inf, 0.0, 1.0], [1.0, 2.0, 3.0]], dtype=dtype)
    with np.errstate(**STRICT):
        s, ls = fnp.softmax(x), fnp.log_softmax(x)
        gs = fg.grad(lambda x: fnp.sum(fnp.softmax(x) * np.arange(3.0)))(x)
        gls = fg.grad(lambda x: fnp.sum(fnp.log_softmax(x)[:, 1]))(x)
    x64 = x.astype(np.float64)
    ref = scipy.special.softmax(x64, axis=-1)
    np.testing.assert_allclose(s, ref, rtol=1e-6, atol=1e-30)
    np.testing.assert_allclose(ls[np.isfinite(x)], scipy.special.log_softmax(x64, axis=-1)[np.isfinite(x)],
                               rtol=1e-6)
    assert s.dtype == ls.dtype == gs.dtype == gls.dtype == np.dtype(dtype)
    ref_gs = ref * (np.arange(3.0) - (ref * np.arange(3.0)).sum(-1, keepdims=True))
    np.testing.assert_allclose(gs, ref_gs, rtol=1e-5, atol=1e-12)
    np.testing.assert_allclose(gls, np.eye(3)[1] - ref, rtol=1e-5, atol=1e-12)


def test_softmax_matches_scipy_on_axes():
    x = np.random.default_rng(4).normal(size=(2, 3, 4))
    for axis in (0, 1, -1):
        np.testing.assert_allclose(fnp.softmax(x, axis=axis), scipy.special.softmax(x, axis=axis))
        np.testing.assert_allclose(fnp.log_softmax(x, axis=axis),
                                   scipy.special.log_softmax(x, axis=axis))


# ---- cumsum --------------------------------------------------------------------

@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_cumsum_values_and_vjp(axis):
    x = np.random.default_rng(5).normal(size=(3, 4))
    out = fnp.cumsum(x, axis=axis)
    assert type(out) is np.ndarray
    np.testing.assert_array_equal(out, np.cumsum(x, axis=axis))
    g = np.random.default_rng(6).normal(size=out.shape)
    _, pullback = fg.vjp(lambda x: fnp.cumsum(x, axis=axis), x)
    flat_axis = 0 if axis is None else axis
    rev = np.flip(np.cumsum(np.flip(g, flat_axis), axis=flat_axis), flat_axis)
    np.testing.assert_allclose(pullback(g)[0], rev.reshape(x.shape))


def test_cumsum_dtypes_and_method():
    x = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(fnp.cumsum(x, axis=1), np.cumsum(x, axis=1))
    np.testing.assert_array_equal(fnp.cumsum(x, dtype=np.float32), np.cumsum(x, dtype=np.float32))
    x32 = x.astype(np.float32)
    g = fg.grad(lambda x: fnp.sum(x.cumsum(axis=0) ** 2))(x32)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, [[2 * (0 + 3), 2 * (1 + 5), 2 * (2 + 7)],
                                   [2 * 3, 2 * 5, 2 * 7]])


# ---- vmap: batch rules agree with a loop over examples -----------------------

VMAPPED = [
    ("sum", lambda r: fnp.sum(r, axis=0)), ("sum-all", lambda r: fnp.sum(r, keepdims=True)),
    ("max", lambda r: fnp.max(r, axis=(0, 1))), ("min", lambda r: fnp.min(r, axis=-1)),
    ("prod", lambda r: fnp.prod(r, axis=1, keepdims=True)), ("prod-all", fnp.prod),
    ("logsumexp", lambda r: fnp.logsumexp(r, axis=0)), ("logsumexp-all", fnp.logsumexp),
    ("cumsum", lambda r: fnp.cumsum(r, axis=0)), ("cumsum-flat", fnp.cumsum),
    ("softmax", lambda r: fnp.softmax(r, axis=0)), ("log-softmax", fnp.log_softmax),
    ("var", lambda r: fnp.var(r, axis=0, ddof=1)), ("std", fnp.std), ("mean", fnp.mean),
]


@pytest.mark.parametrize("name, f", VMAPPED, ids=[n for n, _ in VMAPPED])
def test_vmap_equals_loop(name, f):
    xs = np.random.default_rng(7).normal(size=(4, 3, 2))
    xs[1, 0, 0] = 0.0                      # a zero for prod's derivative
    loop = np.stack([f(x) for x in xs])
    np.testing.assert_allclose(fg.vmap(f)(xs), loop, rtol=1e-12, atol=1e-12)

    def loss(x):
        return fnp.sum(f(x) ** 2)
    grads = np.stack([fg.grad(loss)(x) for x in xs])
    np.testing.assert_allclose(fg.vmap(fg.grad(loss))(xs), grads, rtol=1e-10, atol=1e-12)


# ---- PyTorch as an oracle (skipped when it is not installed) -------------------

ORACLE = [
    ("logsumexp", lambda m, x: m.logsumexp(x, 1) if m is not fnp else fnp.logsumexp(x, axis=1)),
    ("softmax", lambda m, x: (m.softmax(x, -1) if m is not fnp else fnp.softmax(x)) ** 2),
    ("log_softmax", lambda m, x: (m.log_softmax(x, 0) if m is not fnp else fnp.log_softmax(x, axis=0)) ** 2),
    ("var", lambda m, x: m.var(x, 1) if m is not fnp else fnp.var(x, axis=1, ddof=1)),
    ("std", lambda m, x: m.std(x) if m is not fnp else fnp.std(x, ddof=1)),
    ("prod", lambda m, x: m.prod(x, 0) if m is not fnp else fnp.prod(x, axis=0)),
    ("amax", lambda m, x: m.amax(x, 1) if m is not fnp else fnp.max(x, axis=1)),
    ("cumsum", lambda m, x: m.cumsum(x, 1) ** 2 if m is not fnp else fnp.cumsum(x, axis=1) ** 2),
    ("sigmoid", lambda m, x: m.sigmoid(x * 3) if m is not fnp else fnp.sigmoid(x * 3)),
]


@pytest.mark.parametrize("name, f", ORACLE, ids=[n for n, _ in ORACLE])
def test_against_pytorch(name, f):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(10).normal(size=(3, 4)).round(1)
    x[1, 2] = x[1, 0] = 0.0                 # two zeros in a row and one in a column
    x[2, :2] = x[2, 3] = 1.5                # ties for the max
    ref = f(torch, torch.tensor(x)).numpy()
    w = np.random.default_rng(11).normal(size=ref.shape)
    t = torch.tensor(x, requires_grad=True)
    (f(torch, t) * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(f(fnp, x), ref, rtol=1e-12, atol=1e-15)
    ours = fg.grad(lambda x: fnp.sum(f(fnp, x) * w))(x)
    np.testing.assert_allclose(ours, t.grad.numpy(), rtol=1e-10, atol=1e-15)
