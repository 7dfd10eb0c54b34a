"""Shape and layout: reshape, transpose, broadcast_to, concatenate, split, flip, tile,
repeat (and its adjoint segment_sum), astype, and the numpy composites built on them."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp

from .famtools import check_traced_values, check_vmap
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


GI = ("getitem", "scatter_add")


def _pad(name, shape, width, mode="constant", **kw):
    return _spec(f"pad_{name}", lambda m, x: m.pad(x, width, mode, **kw), [shape], GI)


def _linspace(m, a, b):
    return m.linspace(a, b, 5)


def _from_scalars(m, x):
    return m.array([[x[0], 2.0], [np.float32(3.0), x[1] * x[0]]])


ARRANGE = [
    _spec("atleast_1d", lambda m, x: m.atleast_1d(x), [()], RS),
    _spec("atleast_2d_many", lambda m, x, y: m.atleast_2d(x, y), [(3,), (2, 2)], RS),
    _spec("atleast_3d_0d", lambda m, x: m.atleast_3d(x), [()], RS),
    _spec("atleast_3d_1d", lambda m, x: m.atleast_3d(x), [(3,)], RS),
    _spec("atleast_3d_2d_many", lambda m, x, y: m.atleast_3d(x, y), [(2, 3), (1, 2, 3, 1)], RS),
    _spec("dstack", lambda m, x, y: m.dstack([x, y]), [(2, 3), (2, 3, 2)], CC),
    _spec("dstack_1d", lambda m, x, y: m.dstack((x, y)), [(3,), (3,)], CC),
    _spec("column_stack", lambda m, x, y: m.column_stack([x, y]), [(3,), (3, 2)], CC),
    _spec("concat", lambda m, x, y: m.concat([x, y], axis=1), [(2, 1), (2, 2)], CC),
    _spec("permute_dims", lambda m, x: m.permute_dims(x, (2, 0, 1)), [(2, 3, 4)], TR),
    _spec("unstack", lambda m, x: m.unstack(x, axis=1), [(2, 3)], GI),
    _spec("copy", lambda m, x: m.copy(x) * 2.0, [(2, 3)], ()),
    _spec("broadcast_arrays", lambda m, x, y: m.broadcast_arrays(x, y), [(3, 1), (4,)], BC),
    _spec("meshgrid_xy", lambda m, x, y: m.meshgrid(x, y), [(3,), (4,)], BC),
    _spec("meshgrid_ij_3", lambda m, x, y, z: m.meshgrid(x, y, z, indexing="ij"),
          [(2,), (3,), (2,)], BC),
    _spec("meshgrid_sparse", lambda m, x, y: m.meshgrid(x, y, sparse=True), [(3,), (2,)], RS),
    _spec("roll", lambda m, x: m.roll(x, 2), [(2, 3)], GI),
    _spec("roll_axis", lambda m, x: m.roll(x, -1, axis=1), [(2, 3)], GI),
    _spec("roll_many", lambda m, x: m.roll(x, (1, 2, 1), axis=(0, 1, 0)), [(3, 4)], GI),
    _spec("rot90", lambda m, x: m.rot90(x), [(2, 3)], ("flip",) + TR),
    _spec("rot90_k2", lambda m, x: m.rot90(x, 2, axes=(1, 2)), [(2, 3, 4)], ("flip",)),
    _spec("rot90_k3", lambda m, x: m.rot90(x, -1, axes=(2, 0)), [(2, 3, 4)], ("flip",) + TR),
    _spec("rollaxis", lambda m, x: m.rollaxis(x, 2, 0), [(2, 3, 4)], TR),
    _spec("rollaxis_end", lambda m, x: m.rollaxis(x, 0, 3), [(2, 3, 4)], TR),
    _spec("insert_scalar", lambda m, x, v: m.insert(x, 1, v), [(2, 3), ()], GI),
    _spec("insert_axis", lambda m, x, v: m.insert(x, [0, 2, 2], v, axis=1), [(2, 3), (2, 1)], GI),
    _spec("insert_block", lambda m, x, v: m.insert(x, 1, v, axis=0), [(2, 3), (3,)], GI),
    _spec("delete", lambda m, x: m.delete(x, [0, 2]), [(2, 3)], GI),
    _spec("delete_axis", lambda m, x: m.delete(x, slice(0, 3, 2), axis=1), [(2, 4)], GI),
    _spec("append", lambda m, x, v: m.append(x, v), [(2, 2), (3,)], CC),
    _spec("append_axis", lambda m, x, v: m.append(x, v, axis=0), [(2, 2), (1, 2)], CC),
    _spec("resize", lambda m, x: m.resize(x, (3, 4)), [(2, 3)], GI),
    _pad("constant", (2, 3), 1),
    _pad("constant_values", (2, 3), ((1, 0), (2, 1)), constant_values=((0.5, 1.5), (-1.0, 2.0))),
    _pad("edge", (2, 3), (1, 2), "edge"),
    _pad("reflect", (3, 4), ((2, 3), (1, 0)), "reflect"),
    _pad("reflect_wide", (3,), 7, "reflect"),
    _pad("reflect_odd", (3, 2), ((2, 3), (1, 1)), "reflect", reflect_type="odd"),
    _pad("symmetric", (3, 2), 4, "symmetric"),
    _pad("symmetric_odd", (3,), (2, 5), "symmetric", reflect_type="odd"),
    _pad("wrap", (2, 3), ((1, 3), (4, 0)), "wrap"),
    _pad("linear_ramp", (2, 3), ((2, 1), (1, 2)), "linear_ramp", end_values=((1.0, -1.0), (0.5, 0.0))),
    _pad("mean", (3, 4), (1, 2), "mean"),
    _pad("mean_stat_length", (3, 4), (2, 1), "mean", stat_length=2),
    _pad("maximum", (3, 4), ((1, 1), (2, 0)), "maximum"),
    _pad("minimum_stat_length", (3, 4), 2, "minimum", stat_length=((1, 2), (3, 1))),
    _pad("median", (3, 4), 1, "median"),
    _pad("3d", (2, 2, 2), ((0, 1), (1, 0), (1, 1)), "reflect"),
    _spec("linspace", _linspace, [(), ()], ("multiply", "concatenate")),
    _spec("linspace_no_endpoint", lambda m, a, b: m.linspace(a, b, 4, endpoint=False), [(), ()], ()),
    _spec("linspace_retstep", lambda m, a, b: m.linspace(a, b, 3, retstep=True), [(), ()], ()),
    _spec("linspace_arrays_axis", lambda m, a, b: m.linspace(a, b, 4, axis=-1), [(2,), (3, 1)], ()),
    _spec("linspace_one", lambda m, a, b: m.linspace(a, b, 1), [(), ()], ()),
    _spec("linspace_const_stop", lambda m, a: m.linspace(a, 3.0, 6), [()], ()),
    _spec("logspace", lambda m, a, b: m.logspace(a, b, 4, base=2.0), [(), ()], ("power",)),
    _spec("geomspace", lambda m, a, b: m.geomspace(a, b, 5), [(), ()], ("exp",), domain=(0.5, 2.0)),
    _spec("geomspace_negative", lambda m, a, b: m.geomspace(-a, -b, 3, endpoint=False), [(), ()],
          ("exp",), domain=(0.5, 2.0)),
    _spec("full", lambda m, a: m.full((2, 3), a), [()], BC),
    _spec("full_dtype", lambda m, a: m.full(3, a, dtype=np.float64) if m is np else
          m.full(3, a, dtype=np.float64), [()], BC),
    _spec("array_of_traced_scalars", _from_scalars, [(2,)], CC),
    _spec("asarray_mixed", lambda m, x: m.asarray([x[0], 1.0, x[1]]) * 2.0, [(2,)], CC),
]
SPECS += ARRANGE


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", ARRANGE, ids=str)
def test_traced_values_match_numpy(spec, dtype):
    if dtype not in spec.dtypes:
        pytest.skip(f"{spec.name} is checked in {spec.dtypes}")
    if spec.name in ("array_of_traced_scalars",):
        pytest.skip("numpy cannot run this function itself on mixed float32 scalars")
    check_traced_values(spec, dtype)


@pytest.mark.parametrize("spec", [s for s in ARRANGE if s.name in {
    "atleast_3d_1d", "dstack", "column_stack", "unstack", "meshgrid_xy", "roll_many", "rot90_k3",
    "insert_axis", "delete_axis", "resize", "pad_constant_values", "pad_reflect", "pad_reflect_odd",
    "pad_linear_ramp", "pad_mean_stat_length", "pad_minimum_stat_length", "pad_median",
    "linspace", "linspace_arrays_axis", "logspace", "geomspace", "full", "array_of_traced_scalars",
    "rollaxis"}], ids=str)
def test_vmap_equals_loop(spec):
    check_vmap(spec)


def test_array_of_traced_scalars_gradient():
    g = fg.grad(lambda x: fnp.sum(fnp.array([[x[0], 2.0], [3.0, x[1] * x[0]]]) ** 2))(np.array([1.5, 2.0]))
    np.testing.assert_allclose(g, [2 * 1.5 + 2 * (2.0 * 1.5) * 2.0, 2 * (2.0 * 1.5) * 1.5])
    assert fnp.array([fnp.float32(1), 2.0]).dtype == np.array([np.float32(1), 2.0]).dtype


def test_linspace_gradient_and_constructors():
    g = fg.jacrev(lambda ab: fnp.linspace(ab[0], ab[1], 5))(np.array([0.0, 1.0]))
    t = np.linspace(0, 1, 5)
    np.testing.assert_allclose(g, np.stack([1 - t, t], axis=1))
    assert fnp.arange(5).dtype == np.arange(5).dtype
    np.testing.assert_array_equal(fg.vmap(lambda x: x * fnp.arange(3))(np.ones((2, 3))),
                                  np.tile(np.arange(3.0), (2, 1)))
    for name in ("zeros", "ones", "eye", "identity", "tri", "empty"):
        assert getattr(fnp, name)(3).shape == getattr(np, name)(3).shape
    with pytest.warns(DeprecationWarning):
        fnp.row_stack([np.ones(2), np.ones(2)])


def test_pad_plain_values_use_numpy_and_errors():
    x = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(fnp.pad(x, 1, "reflect"), np.pad(x, 1, "reflect"))
    np.testing.assert_array_equal(fnp.pad(x, 1, lambda v, w, i, k: None), np.pad(x, 1, lambda v, w, i, k: None))
    trace = fg.jvp
    with pytest.raises(ValueError):
        trace(lambda x: fnp.pad(x, -1), (x * 1.0,), (x * 1.0,))
    with pytest.raises(ValueError):
        trace(lambda x: fnp.pad(x, 1, "edge", constant_values=2), (x * 1.0,), (x * 1.0,))
    with pytest.raises(ValueError):
        trace(lambda x: fnp.pad(x, 1, "maximum", stat_length=0), (x * 1.0,), (x * 1.0,))


@settings(max_examples=15, deadline=None)
@given(shape=st.lists(st.integers(1, 3), min_size=1, max_size=3), data=st.data(),
       mode=st.sampled_from(["constant", "edge", "reflect", "symmetric", "wrap", "mean",
                             "maximum", "linear_ramp"]))
def test_pad_random(shape, data, mode):
    width = tuple(tuple(data.draw(st.integers(0, 3)) for _ in range(2)) for _ in shape)
    spec = ref_spec("pad", lambda m, x: m.pad(x, width, mode), [tuple(shape)], GI)
    check_traced_values(spec)
    run_spec(spec, "float64")


@settings(max_examples=15, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), data=st.data())
def test_roll_insert_delete_random(shape, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    n = shape[axis]
    shift = data.draw(st.integers(-5, 5))
    drop = data.draw(st.lists(st.integers(-n, n - 1), max_size=2))
    at = data.draw(st.integers(-n, n))

    def f(m, x):
        return m.roll(x, shift, axis=axis), m.delete(x, drop, axis=axis), m.insert(x, at, 0.5, axis=axis)
    spec = ref_spec("roll_insert_delete", f, [tuple(shape)], GI)
    check_traced_values(spec)
    run_spec(spec, "float64", )


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
