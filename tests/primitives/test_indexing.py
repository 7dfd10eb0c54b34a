"""Indexing: getitem (basic, advanced, boolean, mixed) and its adjoint scatter_add;
take_along_axis and sort, which read through getitem."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp

from .refspec import check_values, ref_spec
from .spec import run_spec

GI = ("getitem", "scatter_add")
ROWS = np.array([0, 2, 0, 1])
MASK = np.array([[True, False, True, True], [False, False, True, False], [True, True, False, False]])


def _ix(name, index, shape=(3, 4), **kw):
    return ref_spec(f"getitem_{name}", lambda m, x: x[index], [shape], GI, **kw)


SPECS = [
    _ix("int", 1),
    _ix("negative_int", -1),
    _ix("two_ints", (2, -3)),
    _ix("scalar_then_use", (0, 1)),
    _ix("slice", slice(1, 3)),
    _ix("slice_step", (slice(None), slice(None, None, 2))),
    _ix("slice_reverse", slice(None, None, -1)),
    _ix("slice_negative_step", (slice(None), slice(3, 0, -2))),
    _ix("slice_negative_bounds", (slice(-2, None), slice(-3, -1))),
    _ix("slice_empty", slice(2, 1)),
    _ix("newaxis", (None, slice(None), None)),
    _ix("newaxis_middle", (slice(None), np.newaxis, 1)),
    _ix("ellipsis_last", (Ellipsis, 1), shape=(2, 3, 4)),
    _ix("ellipsis_first", (0, Ellipsis), shape=(2, 3, 4)),
    _ix("ellipsis_newaxis", (Ellipsis, None)),
    _ix("int_array_repeats", np.array([0, 0, 2, 0])),
    _ix("int_array_2d", np.array([[0, 1], [1, 1]])),
    _ix("int_array_negative", np.array([-1, 0, -1])),
    _ix("int_arrays_pair", (ROWS, np.array([1, 1, 3, 0]))),
    _ix("int_arrays_broadcast", (ROWS[:, None], np.array([[0, 0, 3]]))),
    _ix("bool_mask_full", MASK),
    _ix("bool_mask_rows", np.array([True, False, True])),
    _ix("bool_mask_cols", (slice(None), np.array([False, True, True, False]))),
    _ix("bool_mask_all_false", np.zeros(3, dtype=bool)),
    _ix("mixed_slice_array", (slice(None), np.array([0, 2, 2]))),
    _ix("mixed_array_slice", (np.array([1, 1]), slice(1, None))),
    _ix("mixed_int_array", (1, np.array([0, 0, 3]))),
    _ix("mixed_separated_arrays", (np.array([0, 1]), slice(None), np.array([1, 1])), shape=(2, 3, 2)),
    _ix("mixed_ellipsis_array", (Ellipsis, np.array([2, 2])), shape=(2, 3, 4)),
    _ix("mixed_newaxis_array", (None, np.array([2, 0, 2]), slice(None, None, -1))),
    _ix("list", [1, 2, 2]),
    _ix("list_in_tuple", (slice(None), [3, 0, 3])),
    _ix("bool_list", [True, False, True]),
    _ix("numpy_int", np.int64(2)),
    ref_spec("getitem_function", lambda m, x: fnp.getitem(x, [0, 2, 2]) if m is fnp else x[[0, 2, 2]],
             [(3, 2)], GI),
    ref_spec("getitem_mask_from_values", lambda m, x: x[x > 0] ** 2, [(3, 4)], GI, away_from=(0.0,)),
    ref_spec("getitem_nonlinear", lambda m, x: m.sin(x[ROWS]) * x[[1, 1, 1, 1]], [(3, 2)], GI),
    ref_spec("take_along_axis", lambda m, x: m.take_along_axis(x, np.array([[0, 2, 2], [1, 1, 0]]), 1),
             [(2, 3)], GI),
    ref_spec("take_along_axis_axis0", lambda m, x: m.take_along_axis(x, np.array([[2, 0, 0, 1]]), 0),
             [(3, 4)], GI),
    ref_spec("take_along_axis_broadcast_indices",
             lambda m, x: m.take_along_axis(x, np.array([[1], [0]]), -1), [(2, 3)], GI),
    ref_spec("take_along_axis_broadcast_arr",
             lambda m, x: m.take_along_axis(x, np.array([[1, 0], [0, 0]]), 1), [(1, 3)], GI),
    ref_spec("take_along_axis_none", lambda m, x: m.take_along_axis(x, np.array([5, 0, 5]), None),
             [(2, 3)], GI),
    ref_spec("sort_last", lambda m, x: m.sort(x), [(3, 4)], GI),
    ref_spec("sort_axis0", lambda m, x: m.sort(x, axis=0) * x, [(3, 4)], GI),
    ref_spec("sort_none", lambda m, x: m.sort(x, axis=None), [(2, 3)], GI),
    ref_spec("sort_1d", lambda m, x: m.sort(x) ** 2, [(5,)], GI),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_grads(spec, dtype):
    run_spec(spec, dtype)


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_values_match_numpy(spec):
    check_values(spec, "float64")


def test_repeated_indices_accumulate():
    x = np.arange(4.0)
    g = fg.grad(lambda x: fnp.sum(x[[0, 0, 3, 0]] * np.array([1.0, 2.0, 3.0, 4.0])))(x)
    np.testing.assert_array_equal(g, [7.0, 0.0, 0.0, 3.0])
    g = fg.grad(lambda x: fnp.sum(x[np.array([[1, 1], [1, 2]]), 0]))(np.ones((3, 2)))
    np.testing.assert_array_equal(g, [[0, 0], [3, 0], [1, 0]])


def test_jacobians_of_getitem_agree():
    x = np.random.default_rng(0).standard_normal((3, 4))

    def f(x):
        return x[[2, 0, 2], 1:] ** 2
    np.testing.assert_allclose(fg.jacfwd(f)(x), fg.jacrev(f)(x))


def test_sort_gradient_follows_order():
    x = np.array([3.0, -1.0, 2.0])
    g = fg.grad(lambda x: fnp.sum(fnp.sort(x) * np.array([1.0, 10.0, 100.0])))(x)
    np.testing.assert_array_equal(g, [100.0, 1.0, 10.0])


def test_take_along_axis_rejects_wrong_ndim():
    with pytest.raises(ValueError):
        fnp.take_along_axis(np.ones((2, 3)), np.array([0, 1]), 1)


def test_index_errors_match_numpy():
    with pytest.raises(IndexError):
        fnp.getitem(np.ones(3), 5)
    with pytest.raises(IndexError):
        fg.grad(lambda x: fnp.sum(x[np.array([0, 3])]))(np.ones(3))


# ---- hypothesis: random slices ------------------------------------------------------

def _slices(n):
    bound = st.one_of(st.none(), st.integers(-n - 1, n + 1))
    step = st.one_of(st.none(), st.integers(-3, 3).filter(bool))
    return st.builds(slice, bound, bound, step)


def _entry(n):
    return st.one_of(_slices(n), _slices(n), st.integers(-n, n - 1))


@st.composite
def shape_and_index(draw):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    index = [draw(_entry(n)) for n in shape[:draw(st.integers(1, len(shape)))]]
    if draw(st.booleans()):
        index.insert(draw(st.integers(0, len(index))), None)
    return shape, tuple(index)


@settings(max_examples=15, deadline=None)
@given(shape_and_index(), st.sampled_from(["float64", "float32"]))
def test_getitem_random_slices(case, dtype):
    shape, index = case
    spec = ref_spec("random_slices", lambda m, x: x[index] * 2.0, [shape], GI)
    check_values(spec, dtype)
    run_spec(spec, dtype)
