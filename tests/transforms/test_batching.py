"""vmap: batched results equal a Python loop over examples, for every rule path and with nesting."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp

rng = np.random.default_rng(1)


def loop(f, xs):
    return np.stack([f(x) for x in xs])


@pytest.mark.parametrize("f", [
    lambda r: fnp.sin(r) * 2.0 + r,                     # elementwise rules
    lambda r: fnp.sum(r ** 2, axis=0),                 # reduction
    lambda r: fnp.reshape(r, (-1,)) @ np.ones(6),       # reshape, matmul with a 1-D constant
    lambda r: fnp.transpose(r) @ np.arange(3.0),       # transpose
    lambda r: r[1:, ::-1] * r[0],                       # indexing
    lambda r: fnp.where(r > 0, r, -2.0 * r),            # nondiff comparison stays batched
    lambda r: fnp.logsumexp(r, axis=1),
    lambda r: fnp.concatenate([r, r * 2.0], axis=1),
])
def test_vmap_equals_loop(f):
    xs = rng.standard_normal((4, 3, 2))
    np.testing.assert_allclose(fg.vmap(f)(xs), loop(f, xs), rtol=1e-12, atol=1e-12)


def test_in_axes_and_out_axes():
    xs, W = rng.standard_normal((3, 5)), rng.standard_normal((2, 3))
    out = fg.vmap(lambda w, x: w @ x, in_axes=(None, 1), out_axes=1)(W, xs)
    np.testing.assert_allclose(out, W @ xs)


def test_vmap_of_grad_and_grad_of_vmap():
    xs = rng.standard_normal((5, 3))
    per_example = fg.vmap(fg.grad(lambda x: fnp.sum(fnp.tanh(x) ** 2)))(xs)
    t = np.tanh(xs)
    np.testing.assert_allclose(per_example, 2 * t * (1 - t * t))
    g = fg.grad(lambda xs: fnp.sum(fg.vmap(lambda x: fnp.sum(x ** 3))(xs)))(xs)
    np.testing.assert_allclose(g, 3 * xs ** 2)


def test_python_control_flow_on_batched_value_is_refused():
    with pytest.raises(TypeError, match="use funcgrad.numpy.where"):
        fg.vmap(lambda x: x if x > 0 else -x)(np.array([1.0, -1.0]))


def test_mismatched_axis_sizes():
    with pytest.raises(ValueError, match="one common size"):
        fg.vmap(lambda a, b: a + b)(np.ones(3), np.ones(4))


@pytest.mark.parametrize("a_shape,b_shape", [
    ((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)),
    ((2, 3), (5, 3, 4)), ((1, 2, 3), (5, 3, 4))])
@pytest.mark.parametrize("which", ["a", "b", "both"])
def test_vmap_matmul_every_rank(a_shape, b_shape, which):
    B = 4
    a = rng.standard_normal(((B,) if which in ("a", "both") else ()) + a_shape)
    b = rng.standard_normal(((B,) if which in ("b", "both") else ()) + b_shape)
    axes = (0 if which in ("a", "both") else None, 0 if which in ("b", "both") else None)
    got = fg.vmap(lambda x, y: x @ y, in_axes=axes)(a, b)
    want = np.stack([(a[i] if axes[0] == 0 else a) @ (b[i] if axes[1] == 0 else b) for i in range(B)])
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("index", [
    (0,), (slice(1, None),), (np.array([0, 2, 2]),), (Ellipsis, 1), (None, slice(None), 0),
    (np.array([0, 1]), slice(None), np.array([1, 0])),        # non-adjacent: the loop rule
    (slice(None), np.array([[0, 1]])),
])
def test_vmap_indexing_and_its_gradient(index):
    xs = rng.standard_normal((4, 3, 2, 2))
    f = lambda x: x[index] * 2.0  # noqa: E731
    np.testing.assert_allclose(fg.vmap(f)(xs), loop(f, xs))
    g = fg.vmap(fg.grad(lambda x: fnp.sum(x[index] ** 2)))(xs)
    np.testing.assert_allclose(g, loop(fg.grad(lambda x: fnp.sum(x[index] ** 2)), xs))


def test_vmap_einsum_and_shape_ops():
    xs = rng.standard_normal((3, 2, 4))
    for f in (lambda x: fnp.einsum("ij,kj->ik", x, x), lambda x: fnp.einsum("ii->", x[:, :2]),
              lambda x: fnp.tile(x, (2, 1, 1)), lambda x: fnp.repeat(x, 2, axis=1),
              lambda x: fnp.flip(x), lambda x: fnp.split(x, 2, axis=1)[1],
              lambda x: fnp.broadcast_to(x[0], (3, 4)), lambda x: fnp.stack([x, np.ones((2, 4))])):
        np.testing.assert_allclose(fg.vmap(f)(xs), loop(f, xs))
