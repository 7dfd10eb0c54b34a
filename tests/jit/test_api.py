"""fg.jit: caching, static arguments, pytrees, composition with the transforms, errors."""

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.jit import ConcretizationError, JitRetraceWarning, jit

RNG = np.random.default_rng(0)


def loss(w, x):
    return fnp.sum(fnp.tanh(x @ w) ** 2)


W, X = RNG.standard_normal((4, 3)), RNG.standard_normal((5, 4))


def test_first_call_and_replay_match_eager():
    f = jit(loss)
    assert np.allclose(f(W, X), loss(W, X))
    assert np.allclose(f(W + 1, X), loss(W + 1, X))
    info = f.cache_info()
    assert (info.traces, info.hits, info.misses) == (1, 1, 1)


def test_new_shape_retraces_and_clear_cache():
    f = jit(loss)
    f(W, X)
    f(W, X[:2])
    assert f.cache_info().traces == 2 and f.cache_info().currsize == 2
    f.clear_cache()
    assert f.cache_info().currsize == 0
    f(W, X)
    assert f.cache_info().traces == 3


def test_cache_size_limit_evicts_least_recently_used():
    f = jit(lambda x: x * 2, cache_size=2)
    for n in (1, 2, 3):
        f(np.ones(n))
    info = f.cache_info()
    assert info.currsize == 2 and info.evictions == 1 and info.maxsize == 2


def test_retrace_warning_hints_static():
    f = jit(lambda x, n: x * n)
    with pytest.warns(JitRetraceWarning, match="static"):
        for n in range(10):
            f(np.ones(2), n)


def test_static_argnums_and_argnames():
    def power(x, n, *, scale):
        for _ in range(n):
            x = x * scale
        return x
    f = jit(power, static_argnums=(1,), static_argnames=("scale",))
    assert np.allclose(f(np.ones(3), 3, scale=2.0), 8.0)
    assert np.allclose(f(np.ones(3), 2, scale=2.0), 4.0)
    assert f.cache_info().traces == 2


def test_python_ints_are_static_floats_traced():
    f = jit(lambda x, k, a: x[:k] * a)
    assert np.allclose(f(np.arange(4.0), 2, 3.0), [0.0, 3.0])
    assert np.allclose(f(np.arange(4.0), 2, 5.0), [0.0, 5.0])
    assert f.cache_info().traces == 1


def test_pytrees_in_and_out():
    def f(params, x):
        return {"y": params["w"] * x, "pair": (x + 1, None)}
    jf = jit(f)
    out = jf({"w": np.ones(2)}, np.arange(2.0))
    out = jf({"w": np.ones(2)}, np.arange(2.0))
    assert np.allclose(out["y"], [0, 1]) and np.allclose(out["pair"][0], [1, 2])
    assert out["pair"][1] is None


def test_constant_outputs_are_not_shared_between_calls():
    f = jit(lambda x: fnp.zeros_like(x))
    a = f(np.ones(3))
    a[0] = 5.0
    assert np.allclose(f(np.ones(3)), 0.0)


def test_decorator_form():
    @jit(static_argnums=1)
    def f(x, n):
        return x * n
    assert np.allclose(f(np.ones(2), 3), 3.0)


# ---- composition ---------------------------------------------------------------------

def test_jit_of_grad():
    g = jit(fg.grad(loss))
    for _ in range(2):
        assert np.allclose(g(W, X), fg.grad(loss)(W, X))


def test_grad_of_jit():
    g = fg.grad(jit(loss))
    assert np.allclose(g(W, X), fg.grad(loss)(W, X))


def test_jit_of_grad_of_jit():
    g = jit(fg.grad(jit(loss)))
    for _ in range(2):
        assert np.allclose(g(W, X), fg.grad(loss)(W, X))


def test_jit_of_hessian():
    h = jit(fg.hessian(lambda x: fnp.sum(fnp.sin(x) * x ** 3)))
    x = np.array([0.1, 0.5, -0.7])
    want = fg.hessian(lambda x: fnp.sum(fnp.sin(x) * x ** 3))(x)
    assert np.allclose(h(x), want) and np.allclose(h(x + 0), want)


def test_jit_of_jacrev_and_jvp():
    f = lambda x: fnp.tanh(W.T @ x) * fnp.sum(x)  # noqa: E731
    x = RNG.standard_normal(4)
    jac = jit(fg.jacrev(f))
    assert np.allclose(jac(x), fg.jacrev(f)(x)) and np.allclose(jac(x), fg.jacfwd(f)(x))
    hvp = jit(lambda x, v: fg.jvp(fg.grad(lambda y: fnp.sum(f(y))), (x,), (v,))[1])
    v = np.ones(4)
    want = fg.jvp(fg.grad(lambda y: fnp.sum(f(y))), (x,), (v,))[1]
    assert np.allclose(hvp(x, v), want) and np.allclose(hvp(x, v), want)


def test_vmap_both_ways():
    f = lambda x: fnp.sum(fnp.sin(x) ** 2)  # noqa: E731
    xs = RNG.standard_normal((3, 4))
    want = np.sum(np.sin(xs) ** 2, axis=1)
    assert np.allclose(fg.vmap(jit(f))(xs), want)
    vf = jit(fg.vmap(f))
    assert np.allclose(vf(xs), want) and np.allclose(vf(xs), want)


def test_jit_inside_grad_closing_over_a_tracer():
    def outer(x):
        return jit(lambda y: fnp.sum(x * y))(np.ones(3))
    assert np.allclose(fg.grad(outer)(np.arange(3.0)), 1.0)


def test_perturbation_confusion_under_jit():
    f = jit(fg.grad(lambda x: x * fg.grad(lambda y: x * y)(1.0)))
    assert np.allclose(f(2.0), 4.0) and np.allclose(f(3.0), 6.0)


def test_nondiff_outputs_stay_symbolic():
    f = jit(lambda x: fnp.where(x > 0, x, -x) + fnp.argmax(x))
    assert np.allclose(f(np.array([1.0, -2.0])), [1.0, 2.0])
    assert np.allclose(f(np.array([-3.0, 2.0])), [4.0, 3.0])


def test_custom_vjp_inside_jit_of_grad():
    @fg.custom_vjp
    def clip_grad(x):
        return x
    clip_grad.defvjp(lambda x: (x, None), lambda res, g: (fnp.clip(g, -1.0, 1.0),))
    g = jit(fg.grad(lambda x: fnp.sum(clip_grad(x) * 5.0)))
    assert np.allclose(g(np.ones(2)), 1.0) and np.allclose(g(np.ones(2)), 1.0)


# ---- errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("body, operation", [
    (lambda x: 1.0 if x.sum() > 0 else 0.0, "bool()"),
    (lambda x: float(x.sum()), "float()"),
    (lambda x: x.sum().item(), ".item()"),
    (lambda x: x[fnp.argmax(x)], "reading the value"),
    (lambda x: x[x > 0], "reading the value"),
    (lambda x: np.asarray(x), "numpy array"),
    (lambda x: fnp.zeros(int(x[0])), "int()"),
])
def test_concretization_errors_name_the_operation_and_line(body, operation):
    with pytest.raises(ConcretizationError) as info:
        jit(body)(np.ones(3))
    message = str(info.value)
    assert operation in message and "test_api.py" in message
    assert "fnp.where" in message and "static" in message


def test_prod_gradient_under_jit_refuses_value_dependent_rule():
    g = jit(fg.grad(lambda x: fnp.prod(x)))
    with pytest.raises(ConcretizationError):
        g(np.array([1.0, 2.0, 3.0]))


def test_tensor_facade_in_and_out():
    """A training step on Tensors: the gradient comes back as eager gives it (an array),
    the updated weights as a Tensor."""
    def step(w, x):
        g = fg.grad(lambda w: ((x @ w).tanh() ** 2).sum())(w)
        return w - 0.1 * g, g
    w = fg.tensor(W)
    eager_w, eager_g = step(w, fg.tensor(X))
    jitted = jit(step)
    for _ in range(2):
        new_w, g = jitted(w, fg.tensor(X))
        assert type(new_w) is type(eager_w) and type(g) is type(eager_g)
        assert np.allclose(new_w.detach().numpy(), eager_w.detach().numpy())
        assert np.allclose(g, fg.grad(loss)(W, X))


def test_backward_inside_jit_is_refused():
    def f(w):
        w = w.detach().requires_grad_()
        (w * w).sum().backward()
        return w.grad
    with pytest.raises(ConcretizationError, match=r"backward\(\) inside a jitted function"):
        jit(f)(fg.tensor(np.ones(2)))


def test_lower_shows_generated_source():
    text = jit(loss).lower(W, X).as_text()
    assert text.startswith("def loss(") and "tanh" in text and "return" in text


def test_debug_nans_runs_the_function_itself():
    f = jit(lambda x: fnp.log(x))
    with fg.debug_nans():
        with pytest.raises(FloatingPointError):
            fg.grad(lambda x: fnp.sum(f(x)))(np.array([-1.0]))
    assert f.cache_info().traces == 0


def test_other_array_libraries_run_unjitted():
    class FakeArray:
        shape, dtype = (2,), np.dtype(float)
    calls = []
    f = jit(lambda a: calls.append(a) or 1.0)
    assert f(FakeArray()) == 1.0 and f.cache_info().traces == 0 and len(calls) == 1
