"""Selection (primitives take_along_axis and its adjoint scatter_along_axis) and the
non-differentiable functions of values (argmax, argsort, searchsorted, unique, nonzero,
isnan, isclose, all/any, count_nonzero): values against numpy, plain results under
every transform, per-example answers under vmap."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp

from .famtools import check_traced_values, check_vmap, no_vmap_loops
from .refspec import ref_spec
from .spec import run_spec

TA = ("take_along_axis", "scatter_along_axis")
SORT = TA + ("argsort",)
IDX = np.array([[0, 2, 2], [1, 1, 0]])
LABELS = np.array([[2, 0, 1, 1], [0, 0, 2, 1], [1, 2, 0, 0]])


def _choices(m, x):
    return m.choose(LABELS, [x[0], x[1] * 2, m.sin(x[2])])


def _writer(name, *args, **kw):
    """numpy's in-place writer `name` as a function returning the written copy."""
    def f(m, x, v):
        if m is np:
            x = x.copy()
            getattr(np, name)(x, *_resolve(args, x), v, **kw)
            return x
        return getattr(m, name)(x, *_resolve(args, x), v, **kw, inplace=False)
    return f


def _resolve(args, x):
    return [a(x) if callable(a) else a for a in args]


SPECS = [
    ref_spec("take_along_axis", lambda m, x: m.take_along_axis(x, IDX, 1), [(2, 3)], TA),
    ref_spec("take_along_axis_axis0", lambda m, x: m.take_along_axis(x, np.array([[2, 0, 0, 1]]), 0),
             [(3, 4)], TA),
    ref_spec("take_along_axis_broadcast", lambda m, x: m.take_along_axis(x, np.array([[1], [0]]), -1),
             [(2, 3)], TA),
    ref_spec("take_along_axis_broadcast_arr",
             lambda m, x: m.take_along_axis(x, np.array([[1, 0], [0, 0]]), 1), [(1, 3)], TA),
    ref_spec("take_along_axis_none", lambda m, x: m.take_along_axis(x, np.array([5, 0, 5]), None),
             [(2, 3)], TA),
    ref_spec("take_along_argsort", lambda m, x: m.take_along_axis(x, m.argsort(x, axis=0), 0) * x,
             [(3, 4)], SORT),
    ref_spec("sort_last", lambda m, x: m.sort(x), [(3, 4)], SORT),
    ref_spec("sort_axis0", lambda m, x: m.sort(x, axis=0) * x, [(3, 4)], SORT),
    ref_spec("sort_none", lambda m, x: m.sort(x, axis=None), [(2, 3)], SORT),
    ref_spec("sort_stable", lambda m, x: m.sort(x, kind="stable") ** 2, [(5,)], SORT),
    ref_spec("partition_is_a_sort", lambda m, x: m.sort(x) if m is np else m.partition(x, 2),
             [(5,)], SORT),
    ref_spec("take_flat", lambda m, x: m.take(x, [5, 0, 5, 2]), [(2, 3)], ("getitem",)),
    ref_spec("take_axis", lambda m, x: m.take(x, np.array([[1, 0], [2, 2]]), axis=1), [(2, 3, 2)],
             ("getitem",)),
    ref_spec("take_scalar", lambda m, x: m.take(x, 1, axis=0), [(3, 2)], ("getitem",)),
    ref_spec("take_wrap", lambda m, x: m.take(x, [-4, 3, 7], mode="wrap"), [(3,)], ("getitem",)),
    ref_spec("take_clip", lambda m, x: m.take(x, [-4, 1, 7], axis=1, mode="clip"), [(2, 3)],
             ("getitem",)),
    ref_spec("take_argmax", lambda m, x: m.take(x, m.argmax(x, axis=1), axis=1), [(3, 4)],
             ("argmax", "getitem")),
    ref_spec("choose", _choices, [(3, 3, 4)], TA),
    ref_spec("choose_wrap", lambda m, x, y: m.choose(np.array([0, 3, -1]), [x, y], mode="wrap"),
             [(3,), ()], TA),
    ref_spec("choose_clip", lambda m, x, y: m.choose(np.array([0, 3, -1]), (x, y), mode="clip"),
             [(3,), (3,)], TA),
    ref_spec("select", lambda m, x: m.select([x > 0.5, x < -0.5], [x ** 2, m.sin(x)], default=0.3),
             [(3, 4)], ("where", "greater", "less"), away_from=(0.5, -0.5)),
    ref_spec("select_nan", lambda m, x: m.select([m.isnan(x), x > 0], [0.0 * x, x]), [(2, 3)],
             ("isnan",), away_from=(0.0,)),
    ref_spec("compress", lambda m, x: m.compress([True, False, True], x, axis=1), [(2, 3)],
             ("getitem",)),
    ref_spec("compress_flat_short", lambda m, x: m.compress([False, True], x), [(2, 2)], ("getitem",)),
    ref_spec("extract", lambda m, x: m.extract(LABELS > 0, x), [(3, 4)], ("getitem",)),
    ref_spec("where_isfinite", lambda m, x: m.where(m.isfinite(1 / x), x, 0.0), [(3,)],
             ("isfinite",), away_from=(0.0,)),
    ref_spec("where_isinf", lambda m, x: m.where(m.isinf(x), 0.0, x ** 2), [(3,)], ("isinf",)),
    ref_spec("where_isclose", lambda m, x, y: m.where(m.isclose(x, y, atol=0.5), x, y), [(5,), (5,)],
             ("isclose",)),
    ref_spec("where_count", lambda m, x: x * m.count_nonzero(x > 0, axis=0), [(3, 4)],
             ("count_nonzero",), away_from=(0.0,)),
    ref_spec("where_all_any", lambda m, x: m.where(m.all(x > -1.5, axis=1, keepdims=True)
                                                   & m.any(x > 1, axis=1, keepdims=True), x, -x),
             [(4, 3)], ("all", "any"), away_from=(-1.5, 1.0)),
    ref_spec("argmin_keepdims", lambda m, x: m.take_along_axis(x, m.argmin(x, axis=1, keepdims=True), 1),
             [(3, 4)], ("argmin",) + TA),
    ref_spec("searchsorted_scale", lambda m, x: x * m.searchsorted(np.array([-1.0, 0.0, 1.0]), x),
             [(5,)], ("searchsorted",), away_from=(-1.0, 0.0, 1.0)),
    ref_spec("nanargmax", lambda m, x: m.take(x, m.nanargmax(x)), [(6,)], ("argmax",)),
    ref_spec("bincount_weights", lambda m, x: m.bincount(np.array([0, 2, 2, 5]), x), [(4,)],
             ("scatter_add",)),
    ref_spec("put_along_axis", lambda m, x, v: _put(m, x, v), [(2, 3), (2, 2)], ("scatter_add",)),
    ref_spec("put", _writer("put", [0, 4, 4, -1]), [(2, 3), (3,)], ("scatter_add",)),
    ref_spec("put_clip", _writer("put", [7, -9], mode="clip"), [(2, 3), (2,)], ("scatter_add",)),
    ref_spec("place", _writer("place", lambda x: x > 0), [(3, 4), (3,)], ("scatter_add",),
             away_from=(0.0,)),
    ref_spec("putmask", _writer("putmask", lambda x: x > 0), [(3, 4), (5,)], ("scatter_add",),
             away_from=(0.0,)),
    ref_spec("fill_diagonal", _writer("fill_diagonal"), [(4, 3), (2,)], ("scatter_add",)),
    ref_spec("fill_diagonal_wrap", _writer("fill_diagonal", wrap=True), [(7, 3), ()],
             ("scatter_add",)),
    ref_spec("fill_diagonal_3d", _writer("fill_diagonal"), [(2, 2, 2), ()], ("scatter_add",)),
]


def _put(m, x, v):
    idx = np.array([[0, 0], [2, 1]])         # a repeated index: the last write wins
    if m is np:
        x = x.copy()
        np.put_along_axis(x, idx, v, 1)
        return x
    return m.put_along_axis(x, idx, v, 1, inplace=False)


# ---- non-differentiable primitives need a spec entry; these use them differentiably ----
COVERED_ELSEWHERE = ("unique", "nonzero")      # value tests below (their shapes vary)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_grads(spec, dtype):
    run_spec(spec, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_values_match_numpy(spec, dtype):
    if dtype not in spec.dtypes:
        pytest.skip(f"{spec.name} is checked in {spec.dtypes}")
    check_traced_values(spec, dtype)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.name not in
                                  {"take_along_axis_none", "take_flat", "compress_flat_short",
                                   "extract", "bincount_weights", "place"}], ids=str)
def test_vmap_equals_loop(spec):
    check_vmap(spec)


def test_sort_gradient_follows_order():
    x = np.array([3.0, -1.0, 2.0])
    g = fg.grad(lambda x: fnp.sum(fnp.sort(x) * np.array([1.0, 10.0, 100.0])))(x)
    np.testing.assert_array_equal(g, [100.0, 1.0, 10.0])
    xs = np.array([[3.0, -1.0, 2.0], [0.0, 5.0, 1.0]])
    np.testing.assert_array_equal(fg.vmap(fnp.sort)(xs), np.sort(xs))      # per example


def test_put_along_axis_in_place_and_functional():
    x = np.zeros((2, 3))
    assert fnp.put_along_axis(x, np.array([[1], [2]]), 5.0, 1) is None
    np.testing.assert_array_equal(x, [[0, 5, 0], [0, 0, 5]])
    with pytest.raises(TypeError, match="inplace=False"):
        fg.grad(lambda x: fnp.sum(fnp.put_along_axis(x, np.array([[0]]), 1.0, 1)))(np.ones((1, 2)))
    g = fg.grad(lambda v: fnp.sum(fnp.put_along_axis(np.zeros(4), np.array([1, 1, 3]), v, 0,
                                                     inplace=False) * np.arange(4.0)))(np.ones(3))
    np.testing.assert_array_equal(g, [0.0, 1.0, 3.0])          # the first write to 1 is lost


# ---- non-differentiable functions: values as numpy's, plain results --------------------

X = np.array([[0.5, np.nan, -np.inf, 2.0], [1.0, 1.0, 3.0, -2.0], [np.inf, 0.0, 1e-9, 0.5]])
NONDIFF = {
    "argmax": lambda m, x: m.argmax(x), "argmax_axis": lambda m, x: m.argmax(x, axis=0),
    "argmin_axis_kd": lambda m, x: m.argmin(x, axis=-1, keepdims=True),
    "argsort": lambda m, x: m.argsort(x), "argsort_none": lambda m, x: m.argsort(x, axis=None),
    "argsort_stable": lambda m, x: m.argsort(x, axis=0, kind="stable"),
    "isnan": lambda m, x: m.isnan(x), "isinf": lambda m, x: m.isinf(x),
    "isfinite": lambda m, x: m.isfinite(x), "isposinf": lambda m, x: m.isposinf(x),
    "isneginf": lambda m, x: m.isneginf(x), "isreal": lambda m, x: m.isreal(x),
    "iscomplex": lambda m, x: m.iscomplex(x),
    "isclose": lambda m, x: m.isclose(x, 1.0, equal_nan=True),
    "allclose": lambda m, x: m.allclose(x[1], x[1] + 1e-9),
    "array_equal": lambda m, x: m.array_equal(x, x, equal_nan=True),
    "array_equal_shapes": lambda m, x: m.array_equal(x, x[0]),
    "array_equiv": lambda m, x: m.array_equiv(x[1:2], x[1]),
    "all": lambda m, x: m.all(x > -3, axis=1), "any": lambda m, x: m.any(x > 2.5),
    "any_where": lambda m, x: m.any(x > 0.7, axis=0, where=np.array([True, False, True, True])),
    "count_nonzero": lambda m, x: m.count_nonzero(x), "count_nonzero_axis":
        lambda m, x: m.count_nonzero(x, axis=(0, 1), keepdims=True),
    "searchsorted": lambda m, x: m.searchsorted(np.array([0.0, 1.0, 2.0]), x),
    "searchsorted_right": lambda m, x: m.searchsorted(np.array([0.0, 1.0, 2.0]), x[1], "right"),
    "searchsorted_sorter": lambda m, x: m.searchsorted(np.array([2.0, 0.0, 1.0]), 0.7,
                                                       sorter=np.array([1, 2, 0])),
    "digitize": lambda m, x: m.digitize(x[1], np.array([0.0, 1.0, 2.5])),
    "digitize_decreasing": lambda m, x: m.digitize(x[1], np.array([2.5, 1.0, 0.0]), right=True),
    "unique": lambda m, x: m.unique(x[1]),
    "unique_all": lambda m, x: m.unique(x[1], return_index=True, return_inverse=True,
                                        return_counts=True),
    "unique_axis": lambda m, x: m.unique(m.stack([x[1], x[1] * 0 + 1]), axis=1),
    "nonzero": lambda m, x: m.nonzero(x > 0.7), "argwhere": lambda m, x: m.argwhere(x > 0.7),
    "flatnonzero": lambda m, x: m.flatnonzero(x > 0.7),
    "nanargmax": lambda m, x: m.nanargmax(m.where(m.isinf(x), 0.0, x), axis=1),
    "nanargmin": lambda m, x: m.nanargmin(m.where(m.isinf(x), 0.0, x)),
    "bincount": lambda m, x: m.bincount(np.array([1, 1, 4])),
    "histogram": lambda m, x: m.histogram(x[1], bins=3),
}


@pytest.mark.parametrize("name", sorted(NONDIFF))
def test_nondiff_values_plain_under_transforms(name):
    f = NONDIFF[name]
    want = f(np, X)
    seen = []

    def g(x):
        out = f(fnp, x)
        seen.append(out)
        return fnp.sum(x)
    with np.errstate(invalid="ignore"):
        fg.grad(g)(X)
        fg.jvp(g, (X,), (np.ones_like(X),))
        eager = f(fnp, X)
    for got in (eager, seen[0], seen[1]):
        assert type(got) is type(want) or isinstance(want, np.ndarray) and isinstance(got, np.ndarray), \
            (type(got), type(want))
        for a, b in zip(_leaves(got), _leaves(want)):
            assert np.asarray(a).dtype == np.asarray(b).dtype
            np.testing.assert_array_equal(a, b)


def _leaves(x):
    if isinstance(x, tuple):
        return [leaf for item in x for leaf in _leaves(item)]
    return [x]


VMAP_NONDIFF = ["argmax", "argmax_axis", "argmin_axis_kd", "argsort_stable", "isnan", "isclose",
                "all", "any_where", "count_nonzero_axis", "searchsorted", "isposinf",
                "digitize", "nanargmax"]


@pytest.mark.parametrize("name", VMAP_NONDIFF)
def test_nondiff_under_vmap_are_per_example(name):
    f = NONDIFF[name]
    xs = np.stack([X, X[::-1], -X])
    with np.errstate(invalid="ignore"), no_vmap_loops():
        got = fg.vmap(lambda x: f(fnp, x))(xs)
    np.testing.assert_array_equal(got, np.stack([f(np, x) for x in xs]))


def test_searchsorted_with_batched_sorted_array():
    a = np.sort(np.random.default_rng(0).normal(size=(4, 6)), axis=1)
    v = np.random.default_rng(1).normal(size=(4, 3))
    for side in ("left", "right"):
        with no_vmap_loops():
            got = fg.vmap(lambda a, v: fnp.searchsorted(a, v, side=side))(a, v)
        np.testing.assert_array_equal(got, [np.searchsorted(ai, vi, side) for ai, vi in zip(a, v)])
    got = fg.vmap(lambda a: fnp.searchsorted(a, 0.1))(a)
    np.testing.assert_array_equal(got, [np.searchsorted(ai, 0.1) for ai in a])


def test_nonzero_and_unique_under_vmap_loop_when_counts_agree():
    xs = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 4.0]])
    got = fg.vmap(lambda x: fnp.nonzero(x)[0])(xs)
    np.testing.assert_array_equal(got, [[0, 2], [1, 2]])
    got = fg.vmap(lambda x: fnp.unique(x, return_counts=True))(xs)
    np.testing.assert_array_equal(got[0], [[0, 1, 2], [0, 3, 4]])
    np.testing.assert_array_equal(got[1], np.ones((2, 3)))


def test_constants_refused_under_vmap():
    with pytest.raises(NotImplementedError, match="vmap"):
        fg.vmap(lambda x: fnp.compress(x > 0, x))(np.ones((2, 3)))
    with pytest.raises(NotImplementedError, match="vmap"):
        fg.vmap(lambda x: fnp.unique_values(x))(np.ones((2, 3)))


def test_errors_match_numpy():
    for call in (lambda m: m.take(np.arange(3.0), [3]), lambda m: m.choose([0, 2], [1.0, 2.0]),
                 lambda m: m.take(np.arange(3.0), [0], mode="bad"),
                 lambda m: m.select([np.ones(2)], [np.ones(2)]),
                 lambda m: m.nonzero(np.float64(1.0)),
                 lambda m: m.take_along_axis(np.ones((2, 3)), np.array([0, 1]), 1)):
        with pytest.raises(Exception) as want:
            call(np)
        with pytest.raises(want.type):
            call(fnp)


@settings(max_examples=15, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), data=st.data())
def test_sort_take_random(shape, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    n = shape[axis]
    idx = np.array(data.draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=4)))
    spec = ref_spec("sort_take", lambda m, x: (m.sort(x, axis=axis), m.take(x, idx, axis=axis)),
                    [tuple(shape)], ())
    check_traced_values(spec)
    run_spec(spec, "float64")


def test_boolean_operators_on_batched_masks():
    xs = np.array([[-1.0, 0.5, 2.0], [1.5, -0.2, 0.7]])

    def f(x):
        keep = (x > 0) & ~(x > 1) | (x < -0.5) ^ False
        return fnp.where(keep, x, 0.0)
    with no_vmap_loops():
        got = fg.vmap(f)(xs)
    keep = (xs > 0) & ~(xs > 1) | (xs < -0.5)
    np.testing.assert_array_equal(got, np.where(keep, xs, 0.0))
    with pytest.raises(TypeError, match="booleans only"):
        fg.vmap(lambda x: fnp.argmax(x) & 1)(xs)


@pytest.mark.parametrize("name", ["isinf", "isfinite", "isneginf", "array_equal"])
def test_more_nondiff_under_vmap(name):
    f = NONDIFF[name]
    xs = np.stack([X, -X])
    with np.errstate(invalid="ignore"), no_vmap_loops():
        got = fg.vmap(lambda x: f(fnp, x))(xs)
    np.testing.assert_array_equal(got, np.stack([f(np, x) for x in xs]))


def test_tracer_methods_and_where_of_a_condition():
    x = np.array([[3.0, 0.0, 2.0], [1.0, 5.0, 0.0]])
    with no_vmap_loops():
        np.testing.assert_array_equal(fg.vmap(lambda r: r.argsort())(x), np.argsort(x))
        np.testing.assert_array_equal(fg.vmap(lambda r: r.take(r.argsort()[-1:]))(x), [[3.0], [5.0]])
        np.testing.assert_array_equal(fg.vmap(lambda r: r.any(keepdims=True) & r.all())(x), [[False]] * 2)
    g = fg.grad(lambda x: fnp.sum(x.cumprod(axis=1)))(x)
    np.testing.assert_array_equal(g, [[1.0, 9.0, 0.0], [6.0, 1.0, 5.0]])
    got = fg.vmap(lambda r: fnp.where(r > 1)[0])(np.array([[2.0, 0.0, 3.0], [0.0, 2.0, 3.0]]))
    np.testing.assert_array_equal(got, [[0, 2], [1, 2]])
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(x[x.nonzero()] ** 2))(x), 2 * x)


def test_in_place_writers_keep_numpy_behaviour_on_plain_arrays():
    for name, args in (("put", ([0, 2], [5.0, 6.0])), ("place", (np.ones((2, 2), bool), [7.0])),
                       ("putmask", (np.eye(2, dtype=bool), [8.0])), ("fill_diagonal", (9.0,))):
        ours, theirs = np.zeros((2, 2)), np.zeros((2, 2))
        assert getattr(fnp, name)(ours, *args) is None
        getattr(np, name)(theirs, *args)
        np.testing.assert_array_equal(ours, theirs)
        with pytest.raises(TypeError, match="inplace=False"):
            fg.grad(lambda x: fnp.sum(getattr(fnp, name)(x, *args)))(np.zeros((2, 2)))
