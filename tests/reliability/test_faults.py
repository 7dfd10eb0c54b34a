"""Faults: an exception anywhere leaves no trace behind, no half-accumulated .grad, and the
next call works.

Functional: an exception in the user's function, in a custom_vjp / custom_jvp rule, in a
checkpointed function's recomputation, in any transform (nested or not) propagates
unchanged; afterwards no trace is active, the debug flag is as it was, and the same call
with a good function gives the right answer. A vjp_fn whose backward failed can be called
again (the recorded tape is not consumed by a failure; vjp_fn may be called any number of
times).

Tensor facade: an exception in a hook (tensor, node, leaf), in a custom Function's
backward, a version-counter error or a KeyboardInterrupt in the middle of backward leaves
every leaf's .grad (and every retained .grad) exactly as before, restores grad mode and
numpy's error state, and keeps the graph: the same backward succeeds once the cause is
removed. Gradients are accumulated only after the whole walk succeeded.
"""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.autograd.grad_mode import is_grad_enabled
from funcgrad.tracing import active_traces


class Boom(Exception):
    pass


class Stop(BaseException):     # like KeyboardInterrupt: not an Exception
    pass


X = np.array([0.5, -1.0, 2.0])


def _raise(exc=Boom):
    raise exc("injected")


def _failing(x):
    y = fnp.sin(x) * 2             # some ops are recorded before the failure
    if True:
        _raise()
    return y


def _good(x):
    return fnp.sin(x) * 2


TRANSFORMS = {
    "grad": lambda f: fg.grad(lambda x: fnp.sum(f(x)))(X),
    "value_and_grad": lambda f: fg.value_and_grad(lambda x: fnp.sum(f(x)))(X)[1],
    "vjp": lambda f: fg.vjp(f, X)[1](np.ones(3))[0],
    "jvp": lambda f: fg.jvp(f, (X,), (np.ones(3),))[1],
    "linearize": lambda f: fg.linearize(f, X)[1](np.ones(3)),
    "jacrev": lambda f: fg.jacrev(f)(X),
    "jacfwd": lambda f: fg.jacfwd(f)(X),
    "hessian": lambda f: fg.hessian(lambda x: fnp.sum(f(x)))(X),
    "vmap(grad)": lambda f: fg.vmap(fg.grad(lambda x: fnp.sum(f(x))))(X[None]),
    "grad(grad)": lambda f: fg.grad(lambda x: fg.grad(lambda y: fnp.sum(f(y) * x))(x)[0])(X),
    "checkpoint": lambda f: fg.grad(lambda x: fnp.sum(fg.checkpoint(f)(x)))(X),
    "make_tape": lambda f: len(fg.make_tape(f)(X)),
}


@pytest.mark.parametrize("transform", sorted(TRANSFORMS))
@pytest.mark.parametrize("exc", [Boom, Stop], ids=["Exception", "BaseException"])
def test_exception_in_user_function_leaves_no_trace_and_next_call_works(transform, exc):
    run = TRANSFORMS[transform]
    expected = run(_good)

    def failing(x):
        fnp.sin(x) * 2
        _raise(exc)
    with pytest.raises(exc, match="injected"):
        run(failing)
    assert active_traces() == []
    np.testing.assert_allclose(run(_good), expected)


def test_exception_in_custom_vjp_backward_then_vjp_fn_works_again():
    calls = []

    @fg.custom_vjp
    def f(x):
        return fnp.sin(x)

    def bwd(x, g):
        calls.append(1)
        if len(calls) == 1:
            _raise()
        return (g * fnp.cos(x),)
    f.defvjp(lambda x: (fnp.sin(x), x), bwd)
    _, pullback = fg.vjp(lambda x: f(x) * 3, X)
    with pytest.raises(Boom):
        pullback(np.ones(3))
    assert active_traces() == []
    np.testing.assert_allclose(pullback(np.ones(3))[0], 3 * np.cos(X))
    np.testing.assert_allclose(pullback(np.ones(3))[0], 3 * np.cos(X))   # any number of times


def test_exception_in_custom_vjp_forward_and_custom_jvp_rule():
    @fg.custom_vjp
    def f(x):
        return fnp.sin(x)
    f.defvjp(lambda x: _raise(), lambda x, g: (g,))
    with pytest.raises(Boom):
        fg.grad(lambda x: fnp.sum(f(x)))(X)
    assert active_traces() == []

    fail = [True]

    @fg.custom_jvp
    def h(x):
        return fnp.sin(x)

    @h.defjvp
    def h_rule(primals, tangents):
        if fail[0]:
            _raise()
        return fnp.sin(primals[0]), fnp.cos(primals[0]) * tangents[0]
    for transform in (lambda: fg.jvp(h, (X,), (np.ones(3),))[1],
                      lambda: fg.grad(lambda x: fnp.sum(h(x)))(X)):
        fail[0] = True
        with pytest.raises(Boom):
            transform()
        assert active_traces() == []
        fail[0] = False
        np.testing.assert_allclose(transform(), np.cos(X))


def test_checkpoint_recomputation_failing_in_backward():
    calls = []

    def body(x):
        calls.append(1)
        if len(calls) == 2:          # the forward run passes, the backward recomputation fails
            _raise()
        return fnp.sin(x)
    with pytest.raises(Boom):
        fg.grad(lambda x: fnp.sum(fg.checkpoint(body)(x)))(X)
    assert active_traces() == []
    np.testing.assert_allclose(fg.grad(lambda x: fnp.sum(fg.checkpoint(body)(x)))(X), np.cos(X))


def test_a_tracer_leaked_from_a_failed_transform_is_refused_later():
    leaked = []

    def f(x):
        leaked.append(x)
        _raise()
    with pytest.raises(Boom):
        fg.grad(f)(X)
    with pytest.raises(RuntimeError, match="escaped the transform that made it"):
        fg.grad(lambda y: fnp.sum(y * leaked[0]))(X)
    assert active_traces() == []


def test_debug_nans_and_grad_mode_survive_exceptions():
    with pytest.raises(Boom):
        with fg.debug_nans():
            fg.grad(_failing)(X)
    assert not fg.debug.is_debug_nans()
    with pytest.raises(Boom):
        with fg.no_grad():
            _raise()
    assert is_grad_enabled()


# ---- the Tensor facade ----------------------------------------------------------------

def _leaves():
    a = fg.tensor([1.0, 2.0], requires_grad=True)
    b = fg.tensor([3.0], requires_grad=True)
    (a.sum() + 10 * b.sum()).backward()          # some gradient already accumulated
    return a, b


def _grads(*ts):
    return [None if t.grad is None else t.grad.numpy().copy() for t in ts]


def _same(before, after):
    assert len(before) == len(after)
    for x, y in zip(before, after):
        assert (x is None and y is None) or np.array_equal(x, y), (before, after)


def _program(a, b):
    """Leaves reached before and after the hook's node: a failure in the middle."""
    y = a * 2
    mid = y.exp()
    mid.retain_grad()
    z = (mid.sum() * b).sum() + (a * a).sum() + b.sum()
    return y, mid, z


def _expected(a, b):
    return {"a": 2 * np.exp(2 * a.detach().numpy()) * b.item() + 2 * a.detach().numpy(),
            "b": np.exp(2 * a.detach().numpy()).sum() + 1}


def _fault_hook(y, mid, a, b, kind):
    if kind == "tensor hook":
        return y.register_hook(lambda g: _raise())
    if kind == "leaf hook":
        return b.register_hook(lambda g: _raise())
    if kind == "node prehook":
        return mid.grad_fn.register_prehook(lambda go: _raise())
    if kind == "node hook":
        return mid.grad_fn.register_hook(lambda gi, go: _raise())
    if kind == "KeyboardInterrupt":
        return y.register_hook(lambda g: _raise(Stop))
    raise KeyError(kind)


@pytest.mark.parametrize("kind", ["tensor hook", "leaf hook", "node prehook", "node hook",
                                  "KeyboardInterrupt"])
def test_failing_hook_in_backward_leaves_every_grad_unchanged_and_graph_reusable(kind):
    a, b = _leaves()
    y, mid, z = _program(a, b)
    before = _grads(a, b)
    errors = np.geterr()
    handle = _fault_hook(y, mid, a, b, kind)
    with pytest.raises(Stop if kind == "KeyboardInterrupt" else Boom):
        z.backward()
    _same(before, _grads(a, b))
    assert mid._grad is None                                      # retained grad untouched
    assert is_grad_enabled() and np.geterr() == errors
    handle.remove()
    z.backward()                                                  # the graph was kept
    exp = _expected(a, b)
    np.testing.assert_allclose(a.grad.numpy(), before[0] + exp["a"], rtol=1e-6)
    np.testing.assert_allclose(b.grad.numpy(), before[1] + exp["b"], rtol=1e-6)


def test_failing_custom_function_backward():
    class Twice(fg.autograd.Function):
        fail = True

        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            if Twice.fail:
                _raise()
            return g * 2
    a, b = _leaves()
    before = _grads(a, b)
    z = (Twice.apply(a).sum() * b).sum() + (a * b).sum()
    with pytest.raises(Boom):
        z.backward(retain_graph=True)
    _same(before, _grads(a, b))
    Twice.fail = False
    z.backward()
    np.testing.assert_allclose(a.grad.numpy(), before[0] + 2 * 3.0 + 3.0)


def test_version_error_mid_backward_leaves_grads_unchanged():
    a, b = _leaves()
    before = _grads(a, b)
    y = (a * 1).exp()
    z = (y * b).sum() + (a * b).sum()
    y.add_(1)                                      # ExpBackward0's saved result changed
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.backward()
    _same(before, _grads(a, b))


def test_failed_create_graph_backward_restores_grad_mode():
    a, b = _leaves()
    y = a * 3
    y.register_hook(lambda g: _raise())
    with pytest.raises(Boom):
        fg.autograd.grad((y * b).sum(), a, create_graph=True)
    assert is_grad_enabled()
    assert (a * 2).requires_grad


def test_second_backward_without_retain_graph_fails_cleanly():
    a, b = _leaves()
    z = (a * b).sum()
    z.backward()
    after_first = _grads(a, b)
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        z.backward()
    _same(after_first, _grads(a, b))


def test_read_only_grad_is_replaced_not_half_accumulated():
    # a .grad the user set to a broadcast (read-only) view: accumulating into it in place
    # used to fail after other leaves had been accumulated (fixed in engine.accumulate_grad)
    a = fg.tensor([1.0, 2.0], requires_grad=True)
    b = fg.tensor([3.0, 4.0], requires_grad=True)
    a.grad = fg.zeros(1).expand(2)
    b.grad = fg.zeros(2)
    (a * b).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [3.0, 4.0])
    np.testing.assert_array_equal(b.grad.numpy(), [1.0, 2.0])


def test_failing_post_accumulate_hook_runs_after_all_grads_are_accumulated():
    # documented: post-accumulate-grad hooks run once every .grad is final, so a failure
    # there leaves the (complete) new gradients in place, as PyTorch does
    a, b = _leaves()
    before = _grads(a, b)
    a.register_post_accumulate_grad_hook(lambda t: _raise())
    with pytest.raises(Boom):
        (a.sum() + b.sum()).backward()
    np.testing.assert_array_equal(a.grad.numpy(), before[0] + 1)
    np.testing.assert_array_equal(b.grad.numpy(), before[1] + 1)


def test_exception_in_tensor_forward_keeps_later_ops_recording():
    a = fg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(Boom):
        with fg.no_grad():
            a * 2
            _raise()
    y = (a * 2).sum()
    assert y.requires_grad and is_grad_enabled()
    y.backward()
    np.testing.assert_array_equal(a.grad.numpy(), [2.0, 2.0])


def test_functional_transform_of_tensors_after_a_failure():
    t = fg.tensor([0.5, 1.0])
    with pytest.raises(Boom):
        fg.grad(lambda x: _raise())(t)
    assert active_traces() == []
    g = fg.grad(lambda x: (x * x).sum())(t)
    np.testing.assert_allclose(np.asarray(getattr(g, "_data", g)), [1.0, 2.0])
