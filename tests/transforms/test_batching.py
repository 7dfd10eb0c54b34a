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
