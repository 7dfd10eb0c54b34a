"""Products: matmul, dot, tensordot, einsum, outer, inner (primitives matmul, einsum);
kron, vdot, vecdot, matvec, vecmat, cross, trace, diagonal, diag, diagflat, triu, tril,
convolve, correlate, cov, corrcoef, polyval, interp (composites)."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp

from .famtools import check_traced_values, check_vmap
from .refspec import check_values, ref_spec
from .spec import run_spec

MM, ES = ("matmul",), ("einsum",)


def _matmul(name, sa, sb):
    return ref_spec(f"matmul_{name}", lambda m, a, b: m.matmul(a, b), (sa, sb), MM)


def _einsum(name, subscripts, *shapes, prims=ES):
    return ref_spec(f"einsum_{name}", lambda m, *xs: m.einsum(subscripts, *xs), shapes, prims)


SPECS = [
    _matmul("1d_1d", (4,), (4,)),
    _matmul("2d_1d", (3, 4), (4,)),
    _matmul("1d_2d", (4,), (4, 5)),
    _matmul("2d_2d", (3, 4), (4, 5)),
    _matmul("3d_2d", (2, 3, 4), (4, 5)),
    _matmul("2d_3d", (3, 4), (2, 4, 5)),
    _matmul("1d_3d", (4,), (2, 4, 5)),
    _matmul("3d_1d", (2, 3, 4), (4,)),
    _matmul("batch_1_vs_2", (1, 3, 4), (2, 4, 5)),
    _matmul("batch_2_vs_1", (2, 3, 4), (1, 4, 5)),
    _matmul("batch_4d_3d", (2, 1, 3, 4), (3, 4, 2)),
    ref_spec("matmul_operator", lambda m, a, b: a @ b, ((3, 4), (4, 2)), MM),
    ref_spec("matmul_rmatmul_const", lambda m, a: np.ones((2, 3)) @ a, ((3, 4),), MM),
    ref_spec("dot_1d_1d", lambda m, a, b: m.dot(a, b), ((4,), (4,)), MM),
    ref_spec("dot_2d_2d", lambda m, a, b: m.dot(a, b), ((3, 4), (4, 2)), MM),
    ref_spec("dot_3d_1d", lambda m, a, b: m.dot(a, b), ((2, 3, 4), (4,)), MM),
    ref_spec("dot_nd", lambda m, a, b: m.dot(a, b), ((2, 3, 4), (2, 4, 3)), ES),
    ref_spec("dot_1d_nd", lambda m, a, b: m.dot(a, b), ((4,), (2, 4, 3)), ES),
    ref_spec("dot_scalar", lambda m, a, b: m.dot(a, b), ((), (3,)), ("multiply",)),
    ref_spec("tensordot_int1", lambda m, a, b: m.tensordot(a, b, 1), ((2, 3), (3, 4)), ES),
    ref_spec("tensordot_int2", lambda m, a, b: m.tensordot(a, b), ((2, 3, 4), (3, 4, 2)), ES),
    ref_spec("tensordot_int0", lambda m, a, b: m.tensordot(a, b, 0), ((2,), (3,)), ES),
    ref_spec("tensordot_pairs", lambda m, a, b: m.tensordot(a, b, axes=([1, 0], [0, 2])),
             ((3, 2, 4), (2, 5, 3)), ES),
    ref_spec("tensordot_int_pair", lambda m, a, b: m.tensordot(a, b, axes=(1, 0)),
             ((2, 3), (3, 4)), ES),
    ref_spec("tensordot_negative", lambda m, a, b: m.tensordot(a, b, axes=([-1], [-2])),
             ((2, 3), (4, 3, 2)), ES),
    _einsum("matmul", "ij,jk->ik", (3, 4), (4, 2)),
    _einsum("trace", "ii->", (3, 3), prims=ES + ("einsum_mask",)),
    _einsum("diagonal", "ii->i", (3, 3)),
    _einsum("triple_diagonal", "iii->i", (2, 2, 2)),
    _einsum("diag_with_free", "iij->ji", (3, 3, 2)),
    _einsum("diag_of_second", "ij,jj->i", (2, 3), (3, 3)),
    _einsum("sum_all", "ij->", (3, 4)),
    _einsum("transpose", "ij->ji", (3, 4)),
    _einsum("batch", "bij,bjk->bik", (2, 3, 4), (2, 4, 2)),
    _einsum("implicit", "ij,jk", (3, 4), (4, 2)),
    _einsum("implicit_trace", "ii", (3, 3)),
    _einsum("implicit_transpose", "ji", (3, 4)),
    _einsum("ellipsis", "...ij,...jk->...ik", (2, 3, 4), (4, 5)),
    _einsum("ellipsis_bcast", "...ij,...jk->...ik", (1, 3, 4), (2, 4, 5)),
    _einsum("ellipsis_implicit", "...ij,...jk", (2, 3, 4), (2, 4, 2)),
    _einsum("ellipsis_sum", "i...->...", (3, 2, 2)),
    _einsum("ellipsis_middle", "i...j,j->i...", (2, 3, 4), (4,)),
    _einsum("outer", "i,j->ij", (3,), (4,)),
    _einsum("spaces", "i j , j -> i", (3, 4), (4,)),
    _einsum("three_operands", "ij,jk,kl->il", (2, 3), (3, 4), (4, 2)),
    _einsum("broadcast_label_sum", "ij,ik->", (2, 3), (2, 4)),
    ref_spec("outer_1d", lambda m, a, b: m.outer(a, b), ((3,), (4,)), ("multiply", "reshape")),
    ref_spec("outer_2d_ravels", lambda m, a, b: m.outer(a, b), ((2, 2), (3,)), ("reshape",)),
    ref_spec("inner_1d", lambda m, a, b: m.inner(a, b), ((4,), (4,)), ES),
    ref_spec("inner_nd", lambda m, a, b: m.inner(a, b), ((2, 3), (4, 3)), ES),
    ref_spec("matmul_nonlinear", lambda m, a, b: m.sin(a @ b) @ b.T, ((2, 3), (3, 3)),
             MM + ("transpose",)),
]


GI = ("getitem", "scatter_add")


def _cross(name, sa, sb, **kw):
    def f(m, a, b):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return m.cross(a, b, **kw)
    return ref_spec(f"cross_{name}", f, (sa, sb), ("getitem", "concatenate"))


STRUCTURE = [
    ref_spec("kron_2d", lambda m, a, b: m.kron(a, b), ((2, 3), (3, 2)), ("multiply",)),
    ref_spec("kron_1d_2d", lambda m, a, b: m.kron(a, b), ((3,), (2, 2)), ("multiply",)),
    ref_spec("kron_scalar", lambda m, a, b: m.kron(a, b), ((), (2, 2)), ("multiply",)),
    ref_spec("vdot", lambda m, a, b: m.vdot(a, b), ((2, 3), (3, 2)), ES),
    ref_spec("vecdot", lambda m, a, b: m.vecdot(a, b), ((2, 3), (3,)), ("sum",)),
    ref_spec("vecdot_axis", lambda m, a, b: m.vecdot(a, b, axis=0), ((3, 2), (3, 2)), ("sum",)),
    ref_spec("matvec", lambda m, a, b: m.matvec(a, b), ((2, 3, 4), (4,)), ES),
    ref_spec("vecmat", lambda m, a, b: m.vecmat(a, b), ((3,), (2, 3, 4)), ES),
    ref_spec("matrix_transpose", lambda m, a: m.matrix_transpose(a), ((2, 3, 4),), ("transpose",)),
    _cross("3_3", (4, 3), (4, 3)),
    _cross("broadcast", (3,), (2, 3)),
    _cross("axes", (3, 2), (2, 3), axisa=0, axisb=1, axisc=0),
    _cross("axis", (3, 2), (3, 2), axis=0),
    _cross("2_2", (4, 2), (4, 2)),
    _cross("2_3", (2,), (3,)),
    _cross("3_2", (2, 3), (2,)),
    ref_spec("trace", lambda m, a: m.trace(a), ((3, 3),), GI),
    ref_spec("trace_offset_axes", lambda m, a: m.trace(a, 1, 2, 0), ((3, 2, 4),), GI),
    ref_spec("trace_method", lambda m, a: a.trace(-1), ((3, 4),), GI),
    ref_spec("diagonal", lambda m, a: m.diagonal(a), ((3, 4),), GI),
    ref_spec("diagonal_offset", lambda m, a: m.diagonal(a, -1, 1, 2), ((2, 3, 3),), GI),
    ref_spec("diagonal_method", lambda m, a: a.diagonal(2), ((3, 4),), GI),
    ref_spec("diagonal_empty", lambda m, a: m.diagonal(a, 5), ((3, 4),), GI),
    ref_spec("diag_vector", lambda m, v: m.diag(v), ((3,),), ("scatter_add",)),
    ref_spec("diag_vector_k", lambda m, v: m.diag(v, -2) + 1.0, ((3,),), ("scatter_add",)),
    ref_spec("diag_matrix", lambda m, a: m.diag(a, 1), ((3, 4),), GI),
    ref_spec("diagflat", lambda m, v: m.diagflat(v, 1), ((2, 2),), ("scatter_add",)),
    ref_spec("tril", lambda m, a: m.tril(a), ((3, 4),), ("where",)),
    ref_spec("tril_k_batch", lambda m, a: m.tril(a, -1), ((2, 3, 3),), ("where",)),
    ref_spec("triu", lambda m, a: m.triu(a, 1), ((4, 3),), ("where",)),
    ref_spec("triu_1d", lambda m, a: m.triu(a), ((3,),), ("where",)),
    ref_spec("convolve_full", lambda m, a, v: m.convolve(a, v), ((5,), (3,)), ES),
    ref_spec("convolve_same", lambda m, a, v: m.convolve(a, v, "same"), ((5,), (4,)), ES),
    ref_spec("convolve_valid_swapped", lambda m, a, v: m.convolve(a, v, "valid"), ((3,), (6,)), ES),
    ref_spec("convolve_one", lambda m, a, v: m.convolve(a, v, "same"), ((4,), (1,)), ES),
    ref_spec("correlate", lambda m, a, v: m.correlate(a, v), ((6,), (3,)), ES),
    ref_spec("correlate_full", lambda m, a, v: m.correlate(a, v, "full"), ((3,), (4,)), ES),
    ref_spec("cov", lambda m, x: m.cov(x), ((3, 5),), MM),
    ref_spec("cov_columns_bias", lambda m, x: m.cov(x, rowvar=False, bias=True), ((5, 2),), MM),
    ref_spec("cov_xy", lambda m, x, y: m.cov(x, y), ((6,), (6,)), MM),
    ref_spec("cov_weights", lambda m, x, w: m.cov(x, fweights=[1, 2, 1, 3],
                                                 aweights=m.exp(w)), ((2, 4), (4,)), MM),
    ref_spec("cov_1d", lambda m, x: m.cov(x), ((5,),), MM),
    ref_spec("corrcoef", lambda m, x: m.corrcoef(x), ((3, 6),), MM),
    ref_spec("corrcoef_xy", lambda m, x, y: m.corrcoef(x, y, rowvar=False), ((5,), (5,)), MM),
    ref_spec("polyval", lambda m, p, x: m.polyval(p, x), ((4,), (3, 2)), ("multiply",)),
    ref_spec("interp", lambda m, x, f: m.interp(x * 2, np.array([-1.5, -0.2, 0.4, 1.0]), f),
             ((7,), (4,)), ("searchsorted",), away_from=(-0.75, -0.1, 0.2, 0.5)),
    ref_spec("interp_xp_left_right", lambda m, x, xp: m.interp(x * 2, m.cumsum(m.exp(xp)) - 2,
                                                               m.sin(xp), left=-3.0, right=3.0),
             ((7,), (4,)), ("searchsorted",), domain=(-1.0, 1.0)),
]
SPECS += STRUCTURE


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", STRUCTURE, ids=str)
def test_traced_values_match_numpy(spec, dtype):
    if dtype not in spec.dtypes:
        pytest.skip(f"{spec.name} is checked in {spec.dtypes}")
    check_traced_values(spec, dtype)


@pytest.mark.parametrize("spec", [s for s in STRUCTURE if s.name in {
    "kron_2d", "vdot", "vecdot", "matvec", "vecmat", "cross_3_3", "cross_axes", "trace_offset_axes",
    "diagonal_offset", "diag_vector_k", "diag_matrix", "tril_k_batch", "triu", "convolve_same",
    "correlate_full", "cov", "cov_weights", "corrcoef", "polyval", "interp"}], ids=str)
def test_vmap_equals_loop(spec):
    check_vmap(spec)


def test_structure_errors_match_numpy():
    calls = [lambda m: m.diagonal(np.ones(3)), lambda m: m.diagonal(np.ones((2, 2)), 0, 1, 1),
             lambda m: m.diag(np.ones((2, 2, 2))), lambda m: m.cross(np.ones(4), np.ones(3)),
             lambda m: m.convolve(np.ones(3), np.ones(0)),
             lambda m: m.convolve(np.ones(3), np.ones(2), "bad"),
             lambda m: m.matrix_transpose(np.ones(3))]
    for call in calls:
        with pytest.raises(Exception) as want:
            call(np)
        with pytest.raises(want.type):
            call(fnp)


def test_trace_and_diag_gradients():
    a = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(fg.grad(lambda a: fnp.trace(a, 1))(a),
                                  np.eye(3, 4, 1))
    v = np.array([1.0, 2.0])
    np.testing.assert_array_equal(fg.jacrev(lambda v: fnp.diag(v, 1))(v),
                                  fg.jacfwd(lambda v: fnp.diag(v, 1))(v))


@settings(max_examples=10, deadline=None)
@given(n=st.integers(1, 6), m=st.integers(1, 6), mode=st.sampled_from(["full", "same", "valid"]))
def test_convolve_random_lengths(n, m, mode):
    spec = ref_spec("convolve", lambda mod, a, v: mod.convolve(a, v, mode), ((n,), (m,)), ES)
    check_traced_values(spec)
    run_spec(spec, "float64")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_grads(spec, dtype):
    run_spec(spec, dtype)


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_values_match_numpy(spec):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        check_values(spec, "float64")


def test_einsum_rejects_wrong_operand_count():
    with pytest.raises(ValueError):
        fnp.einsum("ij,jk->ik", np.ones((2, 2)))


def test_matmul_rejects_scalars():
    with pytest.raises(ValueError):
        fnp.matmul(np.ones(3), 2.0)
