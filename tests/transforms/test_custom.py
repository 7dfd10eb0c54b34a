"""custom_vjp, custom_jvp and checkpoint: rules are used, compose with nesting, and errors are clear."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads
from funcgrad.tracing import active_traces


@fg.custom_vjp
def clip_gradient(x):
    return x


def _clip_fwd(x):
    return x, None


def _clip_bwd(res, g):
    return (fnp.clip(g, -1.0, 1.0),)


clip_gradient.defvjp(_clip_fwd, _clip_bwd)


def test_custom_vjp_rule_is_used_in_reverse_mode():
    g = fg.grad(lambda x: fnp.sum(clip_gradient(x) * 5.0))(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(g, [1.0, 1.0])


def test_custom_vjp_outside_transforms_and_in_forward_mode():
    np.testing.assert_array_equal(clip_gradient(np.array([3.0])), [3.0])
    _, t = fg.jvp(lambda x: clip_gradient(x) * 5.0, (np.array([1.0]),), (np.array([1.0]),))
    np.testing.assert_array_equal(t, [5.0])


@fg.custom_vjp
def f_sin(x):
    return fnp.sin(x)


f_sin.defvjp(lambda x: (fnp.sin(x), fnp.cos(x)), lambda cos_x, g: (g * cos_x,))


def test_custom_vjp_second_order_through_residuals():
    # d²/dx² sin(x) = -sin(x): the residual cos(x) is recorded on the outer trace
    np.testing.assert_allclose(fg.grad(fg.grad(f_sin))(0.4), -np.sin(0.4))


@fg.custom_jvp
def log1pexp(x):
    return fnp.log(1.0 + fnp.exp(x))


@log1pexp.defjvp
def _log1pexp_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return log1pexp(x), t * (1.0 - 1.0 / (1.0 + fnp.exp(x)))


@pytest.mark.filterwarnings("ignore:overflow encountered")
def test_custom_jvp_rule_in_both_modes():
    # the naive derivative exp(x)/(1+exp(x)) is nan at x=1000; the rule is not
    _, t = fg.jvp(log1pexp, (np.array(1000.0),), (np.array(1.0),))
    assert t == 1.0
    assert fg.grad(log1pexp)(1000.0) == 1.0
    np.testing.assert_allclose(fg.grad(log1pexp)(0.3), 1 / (1 + np.exp(-0.3)))


def test_custom_jvp_second_order():
    s = 1 / (1 + np.exp(-0.3))
    np.testing.assert_allclose(fg.grad(fg.grad(log1pexp))(0.3), s * (1 - s))


def test_checkpoint_gives_same_gradients_at_every_order():
    def block(x):
        return fnp.tanh(fnp.sin(x) * 3.0)
    x = np.linspace(-1, 1, 5)
    plain = lambda x: fnp.sum(block(block(x)))  # noqa: E731
    ckpt = lambda x: fnp.sum(fg.checkpoint(block)(fg.checkpoint(block)(x)))  # noqa: E731
    np.testing.assert_allclose(fg.grad(ckpt)(x), fg.grad(plain)(x))
    np.testing.assert_allclose(fg.hessian(ckpt)(x), fg.hessian(plain)(x))
    check_grads(ckpt, (x,), order=2)


def test_checkpoint_stores_only_inputs():
    def block(x):
        for _ in range(20):
            x = fnp.sin(x)
        return x
    tape = fg.make_tape(lambda x: fnp.sum(fg.checkpoint(block)(x)))(np.ones(3))
    assert len(tape) == 2  # the checkpointed call and the sum


def test_missing_rule_and_wrong_bwd_arity():
    @fg.custom_vjp
    def f(x):
        return x
    with pytest.raises(TypeError, match="defvjp"):
        f(1.0)
    f.defvjp(lambda x: (x, None), lambda res, g: (g, g))
    with pytest.raises(TypeError, match="one cotangent per argument"):
        fg.grad(f)(1.0)


@fg.custom_jvp
def _sin_by_rule(x):
    return fnp.sin(x)


@_sin_by_rule.defjvp
def _sin_by_rule_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return _sin_by_rule(x), 2.0 * fnp.cos(x) * t      # deliberately 2x: proves the rule runs


@pytest.mark.parametrize("transform", ["jacfwd", "jacrev", "linearize"])
def test_custom_jvp_rule_is_used_by_every_first_order_transform(transform):
    x = np.array([0.3, 0.5])
    want = np.diag(2.0 * np.cos(x))
    if transform == "linearize":
        got = np.stack([fg.linearize(_sin_by_rule, x)[1](e) for e in np.eye(2)], axis=1)
    else:
        got = getattr(fg, transform)(_sin_by_rule)(x)
    np.testing.assert_allclose(got, want)


def test_custom_jvp_second_order_by_every_nesting():
    x = np.array([0.3, 0.5])
    f = lambda x: fnp.sum(_sin_by_rule(x))  # noqa: E731
    want = np.diag(-2.0 * np.sin(x))        # the derivative of the rule's 2·cos(x)
    np.testing.assert_allclose(fg.hessian(f)(x), want)
    np.testing.assert_allclose(fg.jacfwd(fg.jacfwd(f))(x), want)
    np.testing.assert_allclose(fg.jacrev(fg.grad(f))(x), want)


def test_custom_vjp_nondiff_argnums_as_jax():
    import functools

    @functools.partial(fg.custom_vjp, nondiff_argnums=(0,))
    def apply(fn, x):
        return fn(x)
    apply.defvjp(lambda fn, x: (fn(x), x), lambda fn, x, g: (3.0 * g,))
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(apply(fnp.sin, x)))(np.ones(2)),
                               [3.0, 3.0])

    @functools.partial(fg.custom_vjp, nondiff_argnums=(1,))
    def scale(x, k, y):
        return x * k + y
    scale.defvjp(lambda x, k, y: (x * k + y, None), lambda k, res, g: (g * k, -g))
    gx, gy = fg.grad(lambda x, y: fnp.sum(scale(x, 3.0, y)), argnums=(0, 1))(np.ones(2),
                                                                               np.ones(2))
    np.testing.assert_allclose(gx, [3.0, 3.0])
    np.testing.assert_allclose(gy, [-1.0, -1.0])
    with pytest.raises(TypeError, match="argument 1 is in nondiff_argnums but holds a traced"):
        fg.grad(lambda x: fnp.sum(scale(x, x, x)))(np.ones(2))
    assert active_traces() == []
