"""Each tape pass on its own: the rewritten tape, and identical results before and after."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.jit.passes import (cse, dce, fold_constants, fuse, prune_residuals,
                                 propagate_diagonals, reuse_buffers, simplify)
from funcgrad.jit.passes import buffers, fusion

from .helpers import prims, run, same, traced

X = np.linspace(-1.0, 1.0, 7)


def test_dce_removes_unused_forward_values():
    def f(x):
        unused = fnp.exp(x) * 3.0   # noqa: F841
        return fnp.sin(x)
    tape = traced(f, X)
    assert prims(tape) == ["exp", "multiply", "sin"]
    out = dce(tape)
    assert prims(out) == ["sin"]
    assert same(run(tape, X), run(out, X))


def test_dce_keeps_what_a_gradient_needs_and_drops_the_loss():
    tape = traced(fg.grad(lambda x: fnp.sum(fnp.sin(x) ** 2)), X)
    assert "sum" in prims(dce(tape))          # the gradient seed ones_like(loss) reads it
    out = dce(fold_constants(tape))           # folded: the loss is dead
    assert "sum" not in prims(out) and "sin" in prims(out) and "cos" in prims(out)
    assert same(run(tape, X), run(out, X))


def test_cse_merges_same_prim_params_and_operands():
    def f(x):
        return fnp.sin(x) * 2.0 + fnp.sin(x) * 2.0 + fnp.sum(x, axis=0) + fnp.sum(x, axis=0)
    tape = traced(f, X)
    out = cse(tape)
    assert prims(out).count("sin") == 1 and prims(out).count("sum") == 1
    assert prims(out).count("multiply") == 1
    assert same(run(tape, X), run(out, X))


def test_cse_keeps_different_constants_and_params_apart():
    def f(x):
        return fnp.sum(x * 2.0, axis=0) + fnp.sum(x * 3.0, axis=0) + fnp.sum(x * 2, keepdims=True)
    out = cse(traced(f, X))
    assert prims(out).count("multiply") == 3 and prims(out).count("sum") == 3


def test_fold_constants_evaluates_constant_equations_and_shape_only_ones():
    def f(x):
        return x * fnp.exp(fnp.zeros_like(x) + 2.0) + fnp.ones_like(x)
    tape = traced(f, X)
    assert "exp" in prims(tape) and "ones_like" in prims(tape)
    out = fold_constants(tape)
    assert prims(out) == ["multiply", "add"]
    assert same(run(tape, X), run(out, X))


def test_simplify_removes_ones_zeros_and_noop_reshapes():
    def f(x):
        y = x * 1.0 + 0.0
        y = fnp.reshape(y, (7,)) / 1.0
        return -(-y) * fnp.ones_like(x)
    tape = fold_constants(traced(f, X))
    out = dce(simplify(tape))
    assert prims(out) == []
    assert same(run(tape, X), run(out, X))


def test_simplify_keeps_broadcasting_and_casting_multiplies():
    def f(x):
        return x * np.ones((2, 7)) + fnp.astype(x, np.float32) * np.ones(7)
    out = simplify(fold_constants(traced(f, X)))
    assert prims(out).count("multiply") == 2


def test_simplify_keeps_a_square_transpose():
    m = np.arange(9.0).reshape(3, 3)
    tape = traced(lambda a: fnp.transpose(a) * 2.0 + fnp.transpose(a, (0, 1)), m)
    out = simplify(tape)
    assert prims(out) == ["transpose", "multiply", "add"]
    assert same(run(tape, m), run(out, m))


def test_simplify_scalarizes_uniform_constant_arrays():
    tape = fold_constants(traced(fg.grad(lambda x: fnp.sum(fnp.sin(x) * 0.9)), X))
    out = simplify(tape)
    mult = [e for e in out.eqns if e.prim.name == "multiply"]
    assert all(np.ndim(v) == 0 for e in mult for i, v in zip(e.ins, e.invals) if i is None)
    assert same(run(tape, X), run(out, X))


def test_gradient_seed_disappears_after_fold_and_simplify():
    tape = traced(fg.grad(lambda x: fnp.sum(fnp.sin(x))), X)
    out = dce(simplify(fold_constants(tape)))
    assert prims(out) == ["cos"]
    assert same(run(tape, X), run(out, X))


def test_prune_residuals_frees_each_value_after_its_last_reader():
    tape = dce(traced(fg.grad(lambda x: fnp.sum(fnp.tanh(x) * fnp.exp(x))), X))
    out = prune_residuals(tape)
    freed = [v for vs in out.free_after.values() for v in vs]
    assert len(freed) == len(set(freed))
    assert not set(freed) & set(out.in_ids) and not set(freed) & set(out.out_ids)
    last = {}
    for k, e in enumerate(out.eqns):
        for i in e.ins:
            last[i] = k
    for k, vs in out.free_after.items():
        assert all(last.get(v, k) == k for v in vs)
    assert same(run(tape, X), run(out, X))


def test_reuse_buffers_writes_into_a_dying_fresh_operand():
    x = np.linspace(-1, 1, 10000)
    tape = traced(lambda x: fnp.exp(fnp.sin(x)) * 2.0, x)
    out = reuse_buffers(prune_residuals(tape))
    names = {k: out.eqns[k].prim.name for k in out.out_buffer}
    assert sorted(names.values()) == ["exp", "multiply"]
    assert tape.in_ids[0] not in out.out_buffer.values()
    assert same(run(tape, x), run(out, x))


def test_reuse_buffers_refuses_small_arrays_views_and_inputs():
    small = traced(lambda x: fnp.exp(fnp.sin(x)), X)
    assert reuse_buffers(prune_residuals(small)).out_buffer == {}
    x = np.linspace(-1, 1, 10000)
    viewed = traced(lambda x: fnp.exp(fnp.sin(x)) + fnp.reshape(fnp.sin(x), (10000,)), x)
    out = reuse_buffers(prune_residuals(cse(viewed)))
    sin_var = out.eqns[0].outs
    assert sin_var not in out.out_buffer.values()   # read by a reshape (a view): kept
    assert same(run(viewed, x), run(out, x))
    assert buffers.MIN_BYTES > 7 * 8


@pytest.mark.parametrize("backend", ["numpy", "numexpr"])
def test_fuse_turns_an_elementwise_tree_into_one_kernel(backend):
    if backend == "numexpr" and fusion.numexpr is None:
        pytest.skip("numexpr is not installed")
    tape = traced(lambda x: fnp.sin(x) * 0.5 + x * x - 1.0, X)
    out = fuse(tape, backend)
    assert prims(out) == [f"fused_{backend}"]
    assert out.eqns[0].ins == tape.in_ids
    a, b = run(tape, X), run(out, X)
    assert same(a, b) if backend == "numpy" else np.allclose(a[0], b[0], rtol=1e-15, atol=0)


def test_fuse_keeps_shared_values_and_outputs_as_kernel_boundaries():
    def f(x):
        s = fnp.sin(x) * 2.0          # read twice: a boundary
        return s * s + 1.0, s
    tape = traced(f, X)
    out = fuse(tape, "numpy")
    assert prims(out) == ["fused_numpy", "fused_numpy"]
    assert same(run(tape, X), run(out, X))


def test_fuse_never_computes_at_a_broadcast_shape():
    tape = traced(lambda x: fnp.sin(x) + np.ones((3, 7)), X)   # sin at (7,), not (3, 7)
    assert prims(fuse(tape, "numpy")) == ["sin", "add"]


def test_fuse_leaves_expensive_numexpr_functions_to_numpy_on_large_arrays():
    if fusion.numexpr is None:
        pytest.skip("numexpr is not installed")
    x = np.linspace(-1, 1, fusion.LARGE_SIZE)
    out = fuse(traced(lambda x: fnp.exp(x * 2.0) * 3.0 + 1.0, x), "numexpr")
    assert prims(out) == ["multiply", "exp", "fused_numexpr"]


def test_propagate_diagonals_on_a_jacobian():
    W = np.random.default_rng(0).standard_normal((6, 6))
    x = np.linspace(-1, 1, 6)
    tape = simplify(fold_constants(traced(fg.jacrev(lambda x: fnp.tanh(W @ x) * x), x)))
    out = dce(propagate_diagonals(tape))
    assert "add_diagonal" in prims(out)
    assert not any(e.prim.name == "matmul" and len(e.outvals.shape) == 3 for e in out.eqns)
    assert np.allclose(run(out, x)[0], run(tape, x)[0], rtol=1e-15, atol=1e-15)
    assert np.allclose(run(out, x)[0], fg.jacfwd(lambda x: fnp.tanh(W @ x) * x)(x))


def test_propagate_diagonals_materializes_for_other_readers():
    x = np.linspace(-1, 1, 5)
    tape = simplify(fold_constants(traced(fg.jacrev(lambda x: fnp.sin(x) * 2.0), x)))
    out = propagate_diagonals(tape)
    assert prims(out)[-1] == "diag_matrix"
    assert np.array_equal(run(out, x)[0], np.diag(2.0 * np.cos(x)))
