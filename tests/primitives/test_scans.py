"""Scans, differences and statistics: cumprod (a primitive, exact with zeros), diff,
ediff1d, trapezoid, average, ptp, the nan-ignoring reductions, median/quantile/percentile."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.primitives.reductions import linear_recurrence

from .famtools import check_traced_values, check_vmap
from .refspec import ref_spec
from .spec import run_spec

CP, SUM, SEL = ("cumprod",), ("sum",), ("take_along_axis", "scatter_along_axis", "argsort")
NAN = np.array([[np.nan, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, np.nan, np.nan, 0.0]])
ALL_NAN_ROW = np.array([[0.0, 0.0, 0.0], [np.nan, np.nan, np.nan]])
ZEROS = np.array([[1, 0, 1, 1], [1, 1, 1, 1], [0, 1, 1, 0]], dtype=bool)


def _with_zeros(m, x):
    return m.where(ZEROS, 0.0, x)


def _nan(m, x):
    return x + NAN                     # nan where NAN is, x elsewhere


SPECS = [
    ref_spec("cumprod_flat", lambda m, x: m.cumprod(x), [(2, 3)], CP),
    ref_spec("cumprod_axis0", lambda m, x: m.cumprod(x, axis=0), [(3, 4)], CP),
    ref_spec("cumprod_axis_neg", lambda m, x: m.cumprod(x, axis=-1), [(2, 3, 4)], CP),
    ref_spec("cumprod_zeros", lambda m, x: m.cumprod(_with_zeros(m, x), axis=1), [(3, 4)], CP),
    ref_spec("cumprod_zeros_axis0", lambda m, x: m.cumprod(_with_zeros(m, x), axis=0), [(3, 4)], CP),
    ref_spec("cumprod_method", lambda m, x: x.cumprod(axis=1) if m is np else m.cumprod(x, 1),
             [(2, 5)], CP),
    ref_spec("cumulative_prod_initial",
             lambda m, x: m.cumulative_prod(x, axis=1, include_initial=True), [(2, 3)], CP),
    ref_spec("cumulative_sum", lambda m, x: m.cumulative_sum(x), [(4,)], ("cumsum",)),
    ref_spec("nancumsum", lambda m, x: m.nancumsum(_nan(m, x), axis=1), [(3, 4)], ("cumsum", "isnan")),
    ref_spec("nancumprod", lambda m, x: m.nancumprod(_nan(m, x)), [(3, 4)], CP),
    ref_spec("diff", lambda m, x: m.diff(x), [(3, 4)], ("getitem",)),
    ref_spec("diff_n2_axis0", lambda m, x: m.diff(x, n=2, axis=0), [(4, 3)], ("getitem",)),
    ref_spec("diff_prepend_append", lambda m, x: m.diff(x, prepend=0.5, append=x[:, :1]),
             [(2, 3)], ("concatenate",)),
    ref_spec("ediff1d", lambda m, x: m.ediff1d(x, to_begin=[1.0], to_end=x[0]), [(2, 3)],
             ("concatenate",)),
    ref_spec("trapezoid", lambda m, x: m.trapezoid(x), [(3, 5)], SUM),
    ref_spec("trapezoid_x", lambda m, y, x: m.trapezoid(y, m.cumsum(m.exp(x)), axis=0),
             [(4, 2), (4,)], SUM),
    ref_spec("trapezoid_x_nd", lambda m, y, x: m.trapezoid(y, x, axis=1), [(2, 4), (2, 4)], SUM),
    ref_spec("trapezoid_dx", lambda m, y: m.trapezoid(y, dx=0.3), [(5,)], SUM),
    ref_spec("average", lambda m, x: m.average(x, axis=1), [(3, 4)], SUM),
    ref_spec("average_weights", lambda m, x, w: m.average(x, axis=0, weights=m.exp(w)),
             [(3, 4), (3, 4)], SUM),
    ref_spec("average_weights_1d_axis", lambda m, x, w: m.average(x, axis=1, weights=m.exp(w)),
             [(3, 4), (4,)], SUM),
    ref_spec("average_returned", lambda m, x, w: m.average(x, axis=(0, 2), weights=m.exp(w),
                                                           returned=True, keepdims=True),
             [(2, 3, 2), (2, 3, 2)], SUM),
    ref_spec("average_returned_plain", lambda m, x: m.average(x, returned=True), [(2, 3)], SUM),
    ref_spec("ptp", lambda m, x: m.ptp(x, axis=1), [(3, 4)], ("max", "min")),
    ref_spec("nansum", lambda m, x: m.nansum(_nan(m, x), axis=0), [(3, 4)], ("isnan", "where")),
    ref_spec("nanprod", lambda m, x: m.nanprod(_nan(m, x), axis=1), [(3, 4)], ("prod",)),
    ref_spec("nanmean", lambda m, x: m.nanmean(_nan(m, x), axis=1), [(3, 4)], ("count_nonzero",)),
    ref_spec("nanmean_all", lambda m, x: m.nanmean(_nan(m, x)), [(3, 4)], ("count_nonzero",)),
    ref_spec("nanvar", lambda m, x: m.nanvar(_nan(m, x), axis=1, ddof=1), [(3, 4)], SUM),
    ref_spec("nanstd", lambda m, x: m.nanstd(_nan(m, x), axis=0, keepdims=True), [(3, 4)], SUM),
    ref_spec("nanmax", lambda m, x: m.nanmax(_nan(m, x), axis=1), [(3, 4)], ("max", "all")),
    ref_spec("nanmin", lambda m, x: m.nanmin(_nan(m, x)), [(3, 4)], ("min",)),
    ref_spec("median", lambda m, x: m.median(x), [(3, 4)], SEL),
    ref_spec("median_axis", lambda m, x: m.median(x, axis=1), [(3, 5)], SEL),
    ref_spec("median_even_axes", lambda m, x: m.median(x, axis=(0, 2), keepdims=True),
             [(2, 3, 2)], SEL),
    ref_spec("quantile", lambda m, x: m.quantile(x, 0.3, axis=0), [(5, 3)], SEL),
    ref_spec("quantile_array_q", lambda m, x: m.quantile(x, [0.0, 0.25, 0.9, 1.0], axis=-1),
             [(2, 6)], SEL),
    ref_spec("quantile_lower", lambda m, x: m.quantile(x, 0.3, method="lower"), [(7,)], SEL),
    ref_spec("quantile_higher", lambda m, x: m.quantile(x, 0.3, method="higher"), [(7,)], SEL),
    ref_spec("quantile_nearest", lambda m, x: m.quantile(x, [0.25, 0.5], method="nearest"),
             [(7,)], SEL),
    ref_spec("quantile_midpoint", lambda m, x: m.quantile(x, 0.4, axis=1, method="midpoint"),
             [(2, 6)], SEL),
    ref_spec("percentile", lambda m, x: m.percentile(x, [10, 50, 90], axis=1, keepdims=True),
             [(3, 5)], SEL),
    ref_spec("nanmedian", lambda m, x: m.nanmedian(_nan(m, x), axis=1), [(3, 4)], SEL),
    ref_spec("nanquantile", lambda m, x: m.nanquantile(_nan(m, x), [0.2, 0.7], axis=1),
             [(3, 4)], SEL),
    ref_spec("nanpercentile", lambda m, x: m.nanpercentile(_nan(m, x), 40), [(3, 4)], SEL),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_grads(spec, dtype):
    run_spec(spec, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_values_match_numpy(spec, dtype):
    if dtype not in spec.dtypes:
        pytest.skip(f"{spec.name} is checked in {spec.dtypes}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check_traced_values(spec, dtype)


VMAPPED = [s for s in SPECS if s.name in {
    "cumprod_axis0", "cumprod_zeros", "diff_prepend_append", "trapezoid_x", "average_weights",
    "ptp", "nanmean", "nanvar", "nanmax", "median_axis", "quantile_array_q", "percentile",
    "nanquantile", "ediff1d", "cumulative_prod_initial"}]


@pytest.mark.parametrize("spec", VMAPPED, ids=str)
def test_vmap_equals_loop(spec):
    check_vmap(spec)


# ---- cumprod: exact with zeros, at every order --------------------------------------

def _cumprod_jacobian(x):
    n = len(x)
    return np.array([[np.prod(np.delete(x[:i + 1], j)) if j <= i else 0.0 for j in range(n)]
                     for i in range(n)])


@pytest.mark.parametrize("x", [[2.0, 0.0, 3.0, 0.5], [0.0, 0.0, 2.0, 3.0], [1.5, -2.0, 3.0, 0.0],
                               [0.0], [3.0, 2.0, 0.0, 4.0, 0.0, 5.0, 0.5]])
def test_cumprod_derivatives_with_zeros(x):
    x = np.array(x)
    jac = _cumprod_jacobian(x)
    np.testing.assert_array_equal(fg.jacrev(fnp.cumprod)(x), jac)
    np.testing.assert_array_equal(fg.jacfwd(fnp.cumprod)(x), jac)
    w = np.arange(1.0, len(x) + 1)
    n = len(x)
    hess = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            for k in range(n):
                if j != k and max(j, k) <= i:
                    hess[j, k] += w[i] * np.prod(np.delete(x[:i + 1], [j, k]))
    got = fg.hessian(lambda x: fnp.sum(fnp.cumprod(x) * w))(x)
    np.testing.assert_allclose(got, hess, atol=1e-14)


def test_cumprod_long_axis_with_a_zero_is_exact():
    x = np.random.default_rng(3).uniform(0.9, 1.1, 3000)
    x[1000] = 0.0
    g = fg.grad(lambda x: fnp.sum(fnp.cumprod(x)))(x)
    head = np.cumprod(x[:1000])
    # d/dx_1000 Σ_i cumprod_i = Π_{k<1000} x_k · (1 + x_1001 + x_1001 x_1002 + …)
    tail = np.concatenate([[1.0], np.cumprod(x[1001:])]).sum()
    np.testing.assert_allclose(g[1000], head[-1] * tail, rtol=1e-10)
    np.testing.assert_array_equal(g[1001:], 0.0)


def test_linear_recurrence_matches_loop():
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(3, 11)), rng.normal(size=(3, 11))
    a[:, 4] = 0.0
    s = np.zeros_like(b)
    for i in range(11):
        s[:, i] = b[:, i] + (a[:, i] * s[:, i - 1] if i else 0.0)
    np.testing.assert_allclose(linear_recurrence(a, b, 1), s, rtol=1e-12)


# ---- nan handling: zero derivative at nans, nan for all-nan slices -----------------------

def test_nan_reductions_give_zero_gradient_at_nans():
    x = np.array([[1.0, np.nan, 3.0], [np.nan, 2.0, 2.5]])
    for f in (fnp.nansum, fnp.nanmean, fnp.nanmax, fnp.nanmin, fnp.nanstd, fnp.nanmedian):
        g = fg.grad(lambda x, f=f: fnp.sum(f(x, axis=1)))(x)
        assert np.all(g[np.isnan(x)] == 0) and not np.any(np.isnan(g)), f.__name__
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.nanmax(x))(x), [[0, 0, 1], [0, 0, 0]])


def test_all_nan_slices_match_numpy():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for name in ("nanmax", "nanmin", "nanmean", "nanvar", "nanmedian"):
            got = getattr(fnp, name)(ALL_NAN_ROW, axis=1)
            np.testing.assert_array_equal(got, getattr(np, name)(ALL_NAN_ROW, axis=1))
            g = fg.grad(lambda x: fnp.nansum(getattr(fnp, name)(x, axis=1)))(ALL_NAN_ROW)
            assert not np.any(np.isnan(g)), name
        np.testing.assert_array_equal(fnp.nanquantile(ALL_NAN_ROW, 0.3, axis=1),
                                      np.nanquantile(ALL_NAN_ROW, 0.3, axis=1))


def test_quantile_with_nan_is_nan():
    x = np.array([[1.0, np.nan, 0.0], [1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(fnp.median(x, axis=1), np.median(x, axis=1))
    np.testing.assert_array_equal(fnp.quantile(x, 0.9, axis=1), np.quantile(x, 0.9, axis=1))


def test_median_gradient_splits_between_the_middle_two():
    x = np.array([4.0, 1.0, 3.0, 2.0])
    np.testing.assert_array_equal(fg.grad(fnp.median)(x), [0, 0, 0.5, 0.5])
    np.testing.assert_array_equal(fg.grad(fnp.median)(x[:3]), [0, 0, 1])
    g = fg.grad(lambda x: fnp.quantile(x, 0.25))(x)      # index 0.75 between 1 and 2
    np.testing.assert_allclose(g, [0, 0.25, 0, 0.75])


def test_quantile_errors():
    with pytest.raises(ValueError):
        fnp.quantile(np.ones(3), 1.5)
    with pytest.raises(NotImplementedError):
        fnp.quantile(np.ones(3), 0.5, method="hazen")
    with pytest.raises(ZeroDivisionError):
        fnp.average(np.ones(3), weights=np.zeros(3))
    with pytest.raises(TypeError):
        fnp.average(np.ones((2, 3)), weights=np.ones(3))


@pytest.mark.parametrize("method", ["linear", "lower", "higher", "nearest", "midpoint"])
@settings(max_examples=10, deadline=None)
@given(n=st.integers(1, 9), q=st.lists(st.floats(0, 1), min_size=1, max_size=3),
       seed=st.integers(0, 1000))
def test_quantile_methods_random(method, n, q, seed):
    x = np.random.default_rng(seed).normal(size=(2, n))
    for fn in (lambda m, x: m.quantile(x, q, axis=1, method=method),
               lambda m, x: m.nanquantile(x, q[0], axis=1, method=method)):
        np.testing.assert_allclose(fg.jvp(lambda x: fn(fnp, x), (x,), (x,))[0], fn(np, x),
                                   rtol=1e-12)


@settings(max_examples=10, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), data=st.data())
def test_diff_trapezoid_random_axes(shape, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    n = data.draw(st.integers(0, 2))
    spec = ref_spec("diff_trap", lambda m, x: (m.diff(x, n=n, axis=axis),
                                               m.trapezoid(x * x, axis=axis)), [tuple(shape)], ())
    check_traced_values(spec)
    run_spec(spec, "float64")
