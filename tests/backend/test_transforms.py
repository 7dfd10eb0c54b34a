"""Every transform on device arrays: results stay on the device and equal numpy's.

Each case runs one transform twice, on numpy inputs and on the same values copied to the
hostless "cuda" device (tests/backend/hostless.py), and checks that every array in the
device result is a device array holding numpy's numbers. Hostless arrays raise on any
implicit host conversion, so a pass also shows the transform moved nothing to the host.
"""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad import tree
from funcgrad.tracing import active_traces
from tests.backend import hostless

X = np.array([0.3, -0.7, 1.1])
W = np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6]])


def loss(w, x):
    return fnp.sum(fnp.tanh(w @ x) ** 2)


def vector_fn(x):
    return fnp.sin(x) * fnp.exp(x[::-1])


def tree_fn(params, x):
    return fnp.sum(fnp.tanh(params["w"] @ x + params["b"]) * params["scale"][0])


def with_aux(x):
    y = fnp.sum(fnp.cos(x) ** 2)
    return y, {"mean": fnp.mean(x), "first": x[0]}


@fg.custom_vjp
def clipped(x):
    return fnp.sin(x)


clipped.defvjp(lambda x: (fnp.sin(x), fnp.cos(x)),
               lambda cos_x, g: (fnp.clip(g * cos_x, -0.5, 0.5),))


@fg.custom_jvp
def softplus(x):
    return fnp.log(1.0 + fnp.exp(x))


@softplus.defjvp
def _softplus_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return softplus(x), t / (1.0 + fnp.exp(-x))


def _device(value):
    return tree.tree_map(
        lambda v: hostless.asarray(v) if isinstance(v, np.ndarray) else v, value)


PARAMS = {"w": W, "b": np.array([0.1, -0.2]), "scale": np.array([2.0])}

# name -> function of numpy-or-device inputs returning a pytree of results
CASES = {
    "grad": lambda w, x: fg.grad(loss)(w, x),
    "grad-argnums": lambda w, x: fg.grad(loss, argnums=(0, 1))(w, x),
    "grad-pytree": lambda w, x, p: fg.grad(tree_fn)(p, x),
    "grad-has_aux": lambda w, x: fg.grad(with_aux, has_aux=True)(x),
    "value_and_grad": lambda w, x: fg.value_and_grad(loss, argnums=1)(w, x),
    "vjp": lambda w, x: fg.vjp(vector_fn, x)[1](fnp.cos(x)),
    "vjp-value": lambda w, x: fg.vjp(vector_fn, x)[0],
    "jvp": lambda w, x: fg.jvp(vector_fn, (x,), (fnp.cos(x),)),
    "jvp-has_aux": lambda w, x: fg.jvp(with_aux, (x,), (x * 2.0,), has_aux=True),
    "linearize": lambda w, x: fg.linearize(vector_fn, x)[1](x * 0.5),
    "jacrev": lambda w, x: fg.jacrev(vector_fn)(x),
    "jacfwd": lambda w, x: fg.jacfwd(vector_fn)(x),
    "jacobian-argnums": lambda w, x: fg.jacobian(lambda w, x: fnp.tanh(w @ x), argnums=(0, 1))(w, x),
    "jacfwd-pytree": lambda w, x, p: fg.jacfwd(tree_fn)(p, x),
    "hessian": lambda w, x: fg.hessian(loss, argnums=1)(w, x),
    "hvp": lambda w, x: fg.hvp(lambda x: loss(w, x), (x,), (fnp.sin(x),)),
    "nested-grad": lambda w, x: fg.grad(lambda y: fnp.sum(y * fg.grad(lambda z: fnp.sum(y * z * z))(y)))(x),
    "vmap": lambda w, x: fg.vmap(lambda row: fnp.dot(row, x))(w),
    "vmap-in_axes": lambda w, x: fg.vmap(lambda col, v: col * v, in_axes=(1, None))(w, w[:, 0]),
    "vmap-out_axes": lambda w, x: fg.vmap(lambda row: row * 2.0, out_axes=1)(w),
    "vmap-grad": lambda w, x: fg.vmap(fg.grad(lambda row: fnp.sum(fnp.sin(row) * x)))(w),
    "jacrev-of-vmap": lambda w, x: fg.jacrev(fg.vmap(fnp.sin))(x),
    "custom_vjp": lambda w, x: fg.grad(lambda x: fnp.sum(clipped(x) * 3.0))(x),
    "custom_vjp-second-order": lambda w, x: fg.hessian(lambda x: fnp.sum(clipped(x)))(x),
    "custom_jvp": lambda w, x: fg.jvp(softplus, (x,), (fnp.cos(x),)),
    "custom_jvp-reverse": lambda w, x: fg.grad(lambda x: fnp.sum(softplus(x)))(x),
    "checkpoint": lambda w, x: fg.grad(lambda w: fnp.sum(fg.checkpoint(loss)(w, x)))(w),
    "checkpoint-hessian": lambda w, x: fg.hessian(lambda x: fg.checkpoint(loss)(w, x))(x),
}


def _run(name, device):
    convert = _device if device else (lambda v: v)
    fn = CASES[name]
    args = (convert(W), convert(X))
    if fn.__code__.co_argcount == 3:
        args += (convert(PARAMS),)
    return fn(*args)


@pytest.mark.parametrize("name", sorted(CASES))
def test_transform_on_device(name, hostless_cuda):
    expected = _run(name, device=False)
    got = _run(name, device=True)
    exp_leaves, got_leaves = tree.leaves(expected), tree.leaves(got)
    assert len(exp_leaves) == len(got_leaves) > 0
    for e, g in zip(exp_leaves, got_leaves):
        assert isinstance(g, hostless.HostlessArray), f"{name}: a {type(g).__name__} result"
        assert (g.shape, g.dtype) == (np.shape(e), np.asarray(e).dtype)
        np.testing.assert_allclose(hostless.asnumpy(g), e, rtol=1e-12, atol=1e-12)
    assert active_traces() == []


def test_tape_of_a_device_function_replays_on_the_device(hostless_cuda):
    x = hostless.asarray(X)
    tape = fg.make_tape(vector_fn)(x)
    assert all(isinstance(v, hostless.HostlessArray) for v in tape.in_vals + tape.out_vals)
    assert "sin" in str(tape)


@pytest.mark.filterwarnings("ignore:divide by zero")
def test_debug_nans_checks_device_values_on_the_device(hostless_cuda):
    x = hostless.asarray(np.array([1.0, 0.0]))
    with fg.debug_nans():
        with pytest.raises(FloatingPointError, match="true_divide"):
            fg.grad(lambda x: fnp.sum(1.0 / x))(x)
        g = fg.grad(lambda x: fnp.sum(fnp.sin(x)))(x)
    assert isinstance(g, hostless.HostlessArray)


def test_float_inputs_and_device_arrays_mix_as_constants(hostless_cuda):
    x = hostless.asarray(X)
    g = fg.grad(lambda s, x: fnp.sum(s * x * x), argnums=(0, 1))(2.0, x)
    assert isinstance(g[1], hostless.HostlessArray)
    np.testing.assert_allclose(float(g[0]), float(np.sum(X * X)))
    np.testing.assert_allclose(hostless.asnumpy(g[1]), 4.0 * X)


def test_large_values_slimmed_between_passes_stay_on_the_device(hostless_cuda):
    big = np.random.default_rng(0).standard_normal((80, 80))     # above SLIM_MIN_SIZE

    def f(x):
        return fnp.sum(fnp.tanh(x @ x) * fnp.exp(x[::2].T @ x[::2])) + fnp.sum(fnp.sin(x) ** 2)
    g = fg.grad(f)(hostless.asarray(big))
    assert isinstance(g, hostless.HostlessArray)
    np.testing.assert_allclose(hostless.asnumpy(g), fg.grad(f)(big), rtol=1e-10)
