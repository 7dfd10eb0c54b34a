"""Concurrency: tracing state and grad mode are per thread; 8 threads get serial results.

Eight different workloads (functional: grad, nested hessian, jvp, vmap, custom_vjp,
checkpoint; Tensor facade: backward with accumulation, create_graph, in-place updates of
non-leaves, autograd.grad) run at once, each many times, with the interpreter switching
threads every microsecond; every result must equal the one computed serially. Grad mode
(no_grad, set_grad_enabled, inference_mode) held in one thread does not leak into another,
and no thread is left with an active trace.
"""
import os
import sys
import threading

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.tracing import active_traces

N_THREADS = 8
ROUNDS = int(os.environ.get("FUNCGRAD_RELIABILITY_ROUNDS", "15"))


@pytest.fixture
def fast_switching():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def _data(seed, shape=(4, 3)):
    return np.random.default_rng(seed).standard_normal(shape)


@fg.custom_vjp
def _clipped_sin(x):
    return fnp.sin(x)


_clipped_sin.defvjp(lambda x: (fnp.sin(x), x), lambda x, g: (fnp.clip(g * fnp.cos(x), -0.5, 0.5),))


def _mlp_loss(w1, w2, x):
    return fnp.mean(fnp.tanh(fnp.tanh(x @ w1) @ w2) ** 2)


def functional_grad(seed):
    w1, w2, x = _data(seed, (3, 5)), _data(seed + 1, (5, 2)), _data(seed + 2, (6, 3))
    return fg.grad(_mlp_loss, argnums=(0, 1))(w1, w2, x)


def functional_hessian(seed):
    return fg.hessian(lambda v: fnp.sum(fnp.sin(v) * fnp.exp(v[::-1])))(_data(seed, (4,)))


def functional_jvp_vmap(seed):
    x = _data(seed)
    f = lambda v: fnp.logsumexp(v * 2, axis=-1)       # noqa: E731
    return fg.jvp(f, (x,), (np.ones_like(x),))[1], fg.vmap(fg.grad(lambda r: fnp.sum(fnp.tanh(r))))(x)


def functional_custom(seed):
    x = _data(seed) * 3
    return (fg.grad(lambda v: fnp.sum(_clipped_sin(v) * v))(x),
            fg.grad(lambda v: fnp.sum(fg.checkpoint(lambda u: fnp.cos(u) ** 2)(v)))(x))


def tensor_backward(seed):
    w = fg.tensor(_data(seed, (3, 2)), requires_grad=True)
    x = fg.tensor(_data(seed + 1, (5, 3)))
    for _ in range(3):                                  # accumulation over three passes
        ((x @ w).sigmoid() ** 2).mean().backward()
    return w.grad.numpy().copy()


def tensor_inplace(seed):
    a = fg.tensor(_data(seed), requires_grad=True)
    y = a * 1
    y[0] = y[1] * 2
    y.mul_(a)
    y[:, 1:].add_(a[:, :2])                  # in place through a view: CopySlices
    y.tanh_()
    y.sum().backward()
    return a.grad.numpy().copy()


def tensor_create_graph(seed):
    a = fg.tensor(_data(seed, (4,)), requires_grad=True)
    (g,) = fg.autograd.grad((a.sin() * a.exp()).sum(), a, create_graph=True)
    (h,) = fg.autograd.grad((g * g).sum(), a)
    return g.detach().numpy().copy(), h.numpy().copy()


def tensor_no_grad_mix(seed):
    a = fg.tensor(_data(seed, (5,)), requires_grad=True)
    with fg.no_grad():
        scale = (a * 2).sum()
    assert not scale.requires_grad
    out = (a.exp() * scale).sum()
    assert out.requires_grad
    out.backward()
    return a.grad.numpy().copy()


WORKLOADS = [functional_grad, functional_hessian, functional_jvp_vmap, functional_custom,
             tensor_backward, tensor_inplace, tensor_create_graph, tensor_no_grad_mix]


def _flat(result):
    return [np.asarray(getattr(r, "_data", r)) for r in fg.tree_flatten(result)[0]]


def _run_threads(targets):
    barrier = threading.Barrier(len(targets))
    errors = []

    def wrap(fn):
        def run():
            try:
                barrier.wait()
                fn()
                assert active_traces() == [], "a trace is still active in this thread"
            except BaseException as e:       # noqa: BLE001  (reported below)
                errors.append(e)
        return run
    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    if errors:
        raise errors[0]


def test_eight_threads_compute_the_serial_gradients(fast_switching):
    serial = {(k, r): _flat(w(100 * k + r)) for k, w in enumerate(WORKLOADS) for r in range(ROUNDS)}
    results = {}

    def worker(k, w):
        def run():
            for r in range(ROUNDS):
                results[k, r] = _flat(w(100 * k + r))
        return run
    _run_threads([worker(k, w) for k, w in enumerate(WORKLOADS)])
    assert len(results) == len(serial)
    for key, expected in serial.items():
        for got, exp in zip(results[key], expected):
            np.testing.assert_allclose(got, exp, rtol=1e-13, atol=0,
                                       err_msg=f"{WORKLOADS[key[0]].__name__} round {key[1]}")
    assert active_traces() == []


def test_the_same_function_in_eight_threads(fast_switching):
    """All threads trace the same function (shared closures, caches, primitive objects)."""
    x = _data(7, (3, 5))
    w2, xs = _data(8, (5, 2)), _data(9, (6, 3))
    expected = _flat(fg.grad(_mlp_loss, argnums=(0, 1))(x, w2, xs))
    bad = []

    def run():
        for _ in range(ROUNDS * 2):
            got = _flat(fg.grad(_mlp_loss, argnums=(0, 1))(x, w2, xs))
            if not all(np.array_equal(g, e) for g, e in zip(got, expected)):
                bad.append(got)
    _run_threads([run] * N_THREADS)
    assert not bad


@pytest.mark.parametrize("mode", ["no_grad", "set_grad_enabled", "inference_mode"])
def test_grad_mode_is_per_thread(mode, fast_switching):
    entered, release = threading.Event(), threading.Event()
    seen = {}

    def holder():
        ctx = {"no_grad": fg.no_grad, "set_grad_enabled": lambda: fg.set_grad_enabled(False),
               "inference_mode": fg.inference_mode}[mode]()
        with ctx:
            a = fg.tensor([1.0], requires_grad=True)
            seen["holder_before"] = (a * 2).requires_grad
            entered.set()
            release.wait(30)
            seen["holder_after"] = (a * 2).requires_grad
            seen["holder_enabled"] = fg.is_grad_enabled()
        seen["holder_restored"] = fg.is_grad_enabled()

    def recorder():
        entered.wait(30)
        a = fg.tensor([1.0], requires_grad=True)
        seen["other_enabled"] = fg.is_grad_enabled()
        y = (a * 3).sum()
        seen["other_records"] = y.requires_grad
        y.backward()
        seen["other_grad"] = a.grad.item()
        release.set()

    _run_threads([holder, recorder])
    assert seen == {"holder_before": False, "holder_after": False, "holder_enabled": False,
                    "holder_restored": True, "other_enabled": True, "other_records": True,
                    "other_grad": 3.0}
    assert fg.is_grad_enabled()


def test_a_new_thread_starts_with_grad_enabled_and_no_trace():
    seen = {}

    def probe():
        seen["grad"] = fg.is_grad_enabled()
        seen["traces"] = list(active_traces())
        seen["nans"] = fg.debug.is_debug_nans()

    def inside(x):
        t = threading.Thread(target=probe)
        t.start()
        t.join()
        return fnp.sum(x * x)
    with fg.no_grad(), fg.debug_nans():
        fg.grad(inside)(np.ones(2))
    assert seen == {"grad": True, "traces": [], "nans": False}
