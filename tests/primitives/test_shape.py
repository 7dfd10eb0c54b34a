"""Shape and layout: reshape, transpose, broadcast_to, concatenate, split, flip, tile,
repeat (and its adjoint segment_sum), astype, and the numpy composites built on them."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp

from .refspec import check_values, ref_spec
from .spec import Spec, run_spec

RS, TR, BC, CC, SP = ("reshape",), ("transpose",), ("broadcast_to",), ("concatenate",), ("split",)


def _spec(name, f, shapes, prims, **kw):
    return ref_spec(name, f, shapes, prims, **kw)


SPECS = [
    _spec("reshape_minus1", lambda m, x: m.reshape(x, (6, -1)), [(2, 3, 4)], RS),
    _spec("reshape_minus1_first", lambda m, x: m.reshape(x, (-1, 2, 3)), [(2, 3, 4)], RS),
    _spec("reshape_flat", lambda m, x: m.reshape(x, -1), [(2, 3)], RS),
    _spec("reshape_method", lambda m, x: x.reshape(3, 2), [(2, 3)], RS),
    _spec("reshape_scalar", lambda m, x: m.reshape(x, (1, 1)), [()], RS),
    _spec("ravel", lambda m, x: m.ravel(x), [(2, 3, 2)], RS),
    _spec("transpose_default", lambda m, x: m.transpose(x), [(2, 3, 4)], TR),
    _spec("transpose_axes", lambda m, x: m.transpose(x, (1, 2, 0)), [(2, 3, 4)], TR),
    _spec("transpose_negative_axes", lambda m, x: m.transpose(x, (-1, 0, 1)), [(2, 3, 4)], TR),
    _spec("transpose_T", lambda m, x: x.T, [(2, 3)], TR),
    _spec("transpose_method", lambda m, x: x.transpose(2, 0, 1), [(2, 3, 4)], TR),
    _spec("swapaxes", lambda m, x: m.swapaxes(x, 0, 2), [(2, 3, 4)], TR),
    _spec("swapaxes_negative", lambda m, x: m.swapaxes(x, -1, 1), [(2, 3, 4)], TR),
    _spec("moveaxis", lambda m, x: m.moveaxis(x, 0, -1), [(2, 3, 4)], TR),
    _spec("moveaxis_many", lambda m, x: m.moveaxis(x, [0, 1], [-1, 0]), [(2, 3, 4)], TR),
    _spec("moveaxis_numpy_ints", lambda m, x: m.moveaxis(x, np.int64(2), np.int64(0)), [(2, 3, 4)], TR),
    _spec("squeeze_all", lambda m, x: m.squeeze(x), [(1, 3, 1)], RS),
    _spec("squeeze_axis", lambda m, x: m.squeeze(x, axis=-1), [(1, 3, 1)], RS),
    _spec("expand_dims", lambda m, x: m.expand_dims(x, 1), [(2, 3)], RS),
    _spec("expand_dims_many", lambda m, x: m.expand_dims(x, (0, -1)), [(2, 3)], RS),
    _spec("broadcast_to_lead", lambda m, x: m.broadcast_to(x, (2, 3)), [(3,)], BC),
    _spec("broadcast_to_inner", lambda m, x: m.broadcast_to(x, (2, 3, 4)), [(3, 1)], BC),
    _spec("broadcast_to_scalar", lambda m, x: m.broadcast_to(x, (2, 2)), [()], BC),
    _spec("concatenate_0", lambda m, a, b: m.concatenate([a, b]), [(2, 3), (1, 3)], CC),
    _spec("concatenate_1", lambda m, a, b, c: m.concatenate((a, b, c), axis=1),
          [(2, 1), (2, 3), (2, 2)], CC),
    _spec("concatenate_neg", lambda m, a, b: m.concatenate([a, b], axis=-1), [(2, 2), (2, 1)], CC),
    _spec("concatenate_none", lambda m, a, b: m.concatenate([a, b], axis=None), [(2, 2), (3,)], CC),
    _spec("stack_0", lambda m, a, b: m.stack([a, b]), [(2, 3), (2, 3)], CC),
    _spec("stack_last", lambda m, a, b: m.stack([a, b], axis=-1), [(2, 3), (2, 3)], CC),
    _spec("hstack", lambda m, a, b: m.hstack([a, b]), [(2, 1), (2, 3)], CC),
    _spec("hstack_1d", lambda m, a, b: m.hstack([a, b]), [(2,), (3,)], CC),
    _spec("vstack", lambda m, a, b: m.vstack([a, b]), [(3,), (2, 3)], CC),
    _spec("split_sections", lambda m, x: m.split(x, 2), [(4, 3)], SP),
    _spec("split_indices_axis1", lambda m, x: m.split(x, [1, 3], axis=1), [(2, 5)], SP),
    _spec("split_negative_axis", lambda m, x: m.split(x, 3, axis=-1), [(2, 3)], SP),
    _spec("split_use_one_piece", lambda m, x: m.split(x, [1, 2])[1] * 2.0, [(4, 2)], SP),
    _spec("array_split_uneven", lambda m, x: m.array_split(x, 3), [(5, 2)], SP),
    _spec("array_split_axis1", lambda m, x: m.array_split(x, 2, axis=1), [(2, 3)], SP),
    _spec("flip_all", lambda m, x: m.flip(x), [(2, 3)], ("flip",)),
    _spec("flip_axis", lambda m, x: m.flip(x, 1), [(2, 3, 2)], ("flip",)),
    _spec("flip_axes", lambda m, x: m.flip(x, (0, -1)), [(2, 3, 2)], ("flip",)),
    _spec("fliplr", lambda m, x: m.fliplr(x), [(2, 3)], ("flip",)),
    _spec("flipud", lambda m, x: m.flipud(x), [(2, 3)], ("flip",)),
    _spec("tile_numpy_int", lambda m, x: m.tile(x, np.int64(2)), [(2, 1)], ("tile",)),
    _spec("tile_int", lambda m, x: m.tile(x, 3), [(2,)], ("tile",)),
    _spec("tile_same_ndim", lambda m, x: m.tile(x, (2, 3)), [(2, 2)], ("tile",)),
    _spec("tile_reps_shorter", lambda m, x: m.tile(x, (2,)), [(2, 3)], ("tile",)),
    _spec("tile_reps_longer", lambda m, x: m.tile(x, (2, 1, 2)), [(3,)], ("tile",)),
    _spec("repeat_int_flat", lambda m, x: m.repeat(x, 2), [(2, 3)], ("repeat", "segment_sum")),
    _spec("repeat_int_axis", lambda m, x: m.repeat(x, 3, axis=1), [(2, 2)], ("repeat",)),
    _spec("repeat_int_neg_axis", lambda m, x: m.repeat(x, 2, axis=-2), [(2, 3)], ("repeat",)),
    _spec("repeat_array_axis", lambda m, x: m.repeat(x, np.array([1, 0, 3]), axis=0),
          [(3, 2)], ("repeat", "segment_sum")),
    _spec("repeat_list_flat", lambda m, x: m.repeat(x, [2, 0, 1, 1]), [(2, 2)], ("repeat",)),
    _spec("repeat_list_axis1", lambda m, x: m.repeat(x, [0, 2, 3], axis=1), [(2, 3)], ("repeat",)),
    _spec("repeat_one_element_list", lambda m, x: m.repeat(x, [2], axis=0), [(3,)], ("repeat",)),
    _spec("repeat_method", lambda m, x: x.repeat(2, axis=0), [(2, 2)], ("repeat",)),
    _spec("repeat_scalar", lambda m, x: m.repeat(x, 3), [()], ("repeat",)),
    _spec("astype_up", lambda m, x: m.sin(m.astype(x, np.float64)), [(3,)], ("astype",),
          dtypes=("float32",)),
    _spec("astype_method_up", lambda m, x: x.astype(np.float64) * x, [(3,)], ("astype",),
          dtypes=("float32",)),
    _spec("astype_same", lambda m, x: m.astype(x, x.dtype) * 2.0, [(3,)], ("astype",)),
    _spec("astype_round_trip", lambda m, x: m.astype(m.astype(x, np.float64) ** 2, np.float32),
          [(3,)], ("astype",), dtypes=("float32",)),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_grads(spec, dtype):
    if dtype not in spec.dtypes:
        pytest.skip(f"{spec.name} is defined for {spec.dtypes}")
    run_spec(spec, dtype)


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_values_match_numpy(spec):
    check_values(spec, spec.dtypes[0])


# ---- astype: cotangents and tangents take the input's dtype -----------------------

@pytest.mark.parametrize("src, dst", [(np.float64, np.float32), (np.float32, np.float64)])
def test_astype_derivatives_follow_input_dtype(src, dst):
    x = np.array([1.5, -2.0, 0.25], dtype=src)

    def f(x):
        return fnp.sum(fnp.astype(x, dst) * 3.0)
    g = fg.grad(f)(x)
    assert g.dtype == src
    np.testing.assert_allclose(g, 3.0)
    _, t = fg.jvp(lambda x: fnp.astype(x, dst), (x,), (np.ones_like(x),))
    assert t.dtype == dst
    np.testing.assert_allclose(t, 1.0)
    h = fg.hessian(lambda x: fnp.sum(fnp.astype(x, dst) ** 3))(x)
    assert h.dtype == src
    np.testing.assert_allclose(h, np.diag(6 * x), rtol=1e-6)


def test_segment_sum_values():
    from funcgrad.primitives.indexing import segment_sum
    g = np.arange(12.0).reshape(2, 6)
    np.testing.assert_array_equal(segment_sum(g, repeats=3, axis=1, size=2), [[3, 12], [21, 30]])
    got = segment_sum(g, repeats=(2, 0, 3, 1), axis=1, size=4)
    np.testing.assert_array_equal(got, [[1, 0, 9, 5], [13, 0, 27, 11]])


AXIS_ERRORS = {
    "moveaxis_out_of_bounds": lambda m: m.moveaxis(np.ones((2, 3)), 2, 0),
    "moveaxis_repeated": lambda m: m.moveaxis(np.ones((2, 3, 4)), [0, 0], [1, 2]),
    "moveaxis_lengths": lambda m: m.moveaxis(np.ones((2, 3, 4)), [0, 1], [1]),
    "swapaxes_out_of_bounds": lambda m: m.swapaxes(np.ones((2, 3)), 0, -3),
    "squeeze_not_one": lambda m: m.squeeze(np.ones((2, 1)), axis=0),
    "reshape_bad_size": lambda m: m.reshape(np.ones(6), (4, -1)),
    "split_unequal": lambda m: m.split(np.ones(5), 2),
    "repeat_negative": lambda m: m.repeat(np.ones(2), -1),
}


@pytest.mark.parametrize("name", sorted(AXIS_ERRORS))
def test_errors_match_numpy(name):
    call = AXIS_ERRORS[name]
    with pytest.raises(Exception) as want:
        call(np)
    with pytest.raises(want.type):
        call(fnp)


def test_repeat_mismatched_repeats_raises():
    with pytest.raises(ValueError):
        fnp.repeat(np.ones(3), [1, 2])


# ---- hypothesis: random shapes, reshapes and permutations -------------------------

@st.composite
def shape_and_permutation(draw):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=0, max_size=4)))
    perm = tuple(draw(st.permutations(range(len(shape)))))
    target = list(draw(st.permutations(shape)))
    if target and draw(st.booleans()):
        target[draw(st.integers(0, len(target) - 1))] = -1
    return shape, perm, tuple(target)


@settings(max_examples=15, deadline=None)
@given(shape_and_permutation(), st.sampled_from(["float64", "float32"]))
def test_reshape_transpose_random(case, dtype):
    shape, perm, target = case

    def f(m, x):
        return m.reshape(m.transpose(x, perm), target) * m.transpose(x, perm).sum()
    spec = ref_spec("reshape_transpose", f, [shape], RS + TR)
    run_spec(spec, dtype)
    check_values(spec, dtype)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.data())
def test_moveaxis_swapaxes_random(shape, data):
    nd = len(shape)
    src = data.draw(st.integers(-nd, nd - 1))
    dst = data.draw(st.integers(-nd, nd - 1))

    def f(m, x):
        return m.swapaxes(m.moveaxis(x, src, dst), src, dst)
    spec = ref_spec("moveaxis_swapaxes", f, [tuple(shape)], TR)
    run_spec(spec, "float64")
    check_values(spec, "float64")


def test_spec_ids_are_unique():
    names = [s.name for s in SPECS]
    assert len(names) == len(set(names))
    assert all(isinstance(s, Spec) for s in SPECS)
