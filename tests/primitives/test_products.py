"""Products: matmul, dot, tensordot, einsum, outer, inner (primitives matmul, einsum)."""
import numpy as np
import pytest

import funcgrad.numpy as fnp

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


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_grads(spec, dtype):
    run_spec(spec, dtype)


@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_values_match_numpy(spec):
    check_values(spec, "float64")


def test_einsum_rejects_wrong_operand_count():
    with pytest.raises(ValueError):
        fnp.einsum("ij,jk->ik", np.ones((2, 2)))


def test_matmul_rejects_scalars():
    with pytest.raises(ValueError):
        fnp.matmul(np.ones(3), 2.0)
