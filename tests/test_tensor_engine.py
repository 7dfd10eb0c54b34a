"""The Tensor facade's engine: depth, memory, atomic failures, threads, interop.

* a 100,000-op chain backpropagates (the engine and graph release are loops);
* a training loop's graph of step k is gone at step k+1 (weak references die),
  and memory stays flat over 1,000 steps;
* a backward that fails leaves every leaf's .grad as it was;
* grad mode is per thread;
* Tensors work with numpy (`np.sin(t)` is recorded) and with the functional
  transforms (`fg.grad(f)(t)`).
"""
import gc
import re
import threading
import tracemalloc
import weakref

import numpy as np
import pytest

import funcgrad as fg
from funcgrad.autograd import engine


@pytest.fixture(autouse=True)
def fresh_state():
    fg.set_grad_enabled(True)
    engine._warned[0] = False
    yield
    fg.set_grad_enabled(True)


# ---- depth -------------------------------------------------------------------------

def test_hundred_thousand_op_chain_backpropagates():
    x = fg.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + 1.0
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_deep_chain_of_multiplications_and_second_order():
    x = fg.tensor(1.0, dtype=fg.float64, requires_grad=True)
    y = x
    for _ in range(20_000):
        y = y * 1.0001
    g, = fg.autograd.grad(y, x, create_graph=True)
    assert g.item() == pytest.approx(1.0001 ** 20_000)
    del y, g
    gc.collect()


def test_deep_graph_is_freed_without_recursion_error():
    x = fg.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    del y   # dropping the last reference frees the chain node by node
    gc.collect()


# ---- memory ---------------------------------------------------------------------------

def _training_step(w, x, target):
    loss = ((x @ w).tanh() - target).pow(2).mean()
    loss.backward()
    with fg.no_grad():
        w -= 0.01 * w.grad
        w.grad.zero_()
    return loss


def test_graph_of_previous_step_is_gone():
    rng = np.random.default_rng(0)
    w = fg.tensor(rng.standard_normal((8, 4)).astype(np.float32), requires_grad=True)
    x = fg.tensor(rng.standard_normal((16, 8)).astype(np.float32))
    target = fg.zeros(16, 4)
    previous = None
    for _ in range(1_000):
        loss = _training_step(w, x, target)
        if previous is not None:
            assert previous() is None, "the graph of the previous step is still alive"
        previous = weakref.ref(loss.grad_fn)
        del loss


def test_training_loop_memory_is_flat():
    rng = np.random.default_rng(1)
    w = fg.tensor(rng.standard_normal((8, 4)).astype(np.float32), requires_grad=True)
    x = fg.tensor(rng.standard_normal((16, 8)).astype(np.float32))
    target = fg.zeros(16, 4)
    for _ in range(50):
        _training_step(w, x, target)
    gc.collect()
    tracemalloc.start()
    for _ in range(200):
        _training_step(w, x, target)
    gc.collect()
    early, _ = tracemalloc.get_traced_memory()
    for _ in range(800):
        _training_step(w, x, target)
    gc.collect()
    late, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert late - early < 200_000, f"memory grew by {late - early} bytes over 800 steps"


def test_saved_values_are_released_after_backward():
    x = fg.ones(1000, requires_grad=True)
    y = x.exp()
    node = y.grad_fn
    y.sum().backward()
    assert node._freed
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        node._saved_result


# ---- failed backward is atomic --------------------------------------------------------

def test_failed_backward_leaves_grads_unchanged():
    a = fg.tensor([1.0, 2.0], requires_grad=True)
    b = fg.tensor([3.0, 4.0], requires_grad=True)
    (a * b).sum().backward()
    before = (a.grad.tolist(), b.grad.tolist())
    h = b.exp()
    loss = (a * 2).sum() + h.sum()
    h.add_(1)   # modifies a saved tensor: the backward through ExpBackward0 fails
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()
    assert (a.grad.tolist(), b.grad.tolist()) == before


def test_failed_hook_leaves_grads_unchanged():
    a = fg.tensor([1.0, 2.0], requires_grad=True)
    b = fg.tensor([3.0, 4.0], requires_grad=True)

    def bad_hook(g):
        return fg.ones(3)
    b.register_hook(bad_hook)
    message = "hook 'bad_hook' has changed the size of value"
    with pytest.raises(RuntimeError, match=re.escape(message)):
        (a * b).sum().backward()
    assert a.grad is None and b.grad is None


def test_freed_graph_error_leaves_grads_unchanged():
    x = fg.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum() + x.sum()
    y.backward()
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()
    assert x.grad.tolist() == [3.0, 5.0]


# ---- threads -----------------------------------------------------------------------------

def test_grad_mode_is_thread_local():
    seen = {}
    started, release = threading.Event(), threading.Event()

    def worker():
        with fg.no_grad():
            started.set()
            release.wait(5)
            seen["worker"] = fg.is_grad_enabled()

    t = threading.Thread(target=worker)
    t.start()
    started.wait(5)
    seen["main"] = fg.is_grad_enabled()
    x = fg.ones(2, requires_grad=True)
    seen["records"] = (x * 2).requires_grad
    release.set()
    t.join()
    assert seen == {"worker": False, "main": True, "records": True}


def test_backward_in_threads():
    results = []

    def worker(k):
        x = fg.tensor([float(k)], requires_grad=True)
        (x ** 2).sum().backward()
        results.append((k, x.grad.item()))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [(k, 2.0 * k) for k in range(8)]


# ---- numpy interop and the functional transforms -------------------------------------------

def test_numpy_ufuncs_and_functions_are_recorded():
    t = fg.tensor([0.0, 1.0], requires_grad=True)
    y = np.sin(t)
    assert type(y.grad_fn).__name__ == "SinBackward0"
    (np.sum(y) + np.mean(t * t)).backward()
    np.testing.assert_allclose(t.grad.numpy(), np.cos([0.0, 1.0]) + np.array([0.0, 1.0]),
                               rtol=1e-6)


def test_numpy_conversion_rules():
    t = fg.tensor([1.0, 2.0])
    assert np.asarray(t).tolist() == [1.0, 2.0]
    assert np.asarray(t).dtype == np.float32
    r = fg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=re.escape(
            "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
            "instead.")):
        np.asarray(r)
    assert np.asarray(r.detach()).tolist() == [1.0, 2.0]
    with fg.no_grad():                      # PyTorch allows it when grad mode is off
        assert r.numpy().tolist() == [1.0, 2.0]
    shared = fg.from_numpy(np.zeros(2))
    shared.add_(1)
    assert shared.numpy().tolist() == [1.0, 1.0]


def test_functional_grad_of_tensor_function():
    def f(x):
        return (x.sin() * x).sum() + (x ** 2).mean()
    x = fg.tensor([0.5, 1.5])
    g = fg.grad(f)(x)
    t = fg.tensor([0.5, 1.5], requires_grad=True)
    f(t).backward()
    np.testing.assert_allclose(np.asarray(g), t.grad.numpy(), rtol=1e-6)


def test_functional_hessian_and_jvp_of_tensor_function():
    h = fg.hessian(lambda x: (x ** 3).sum())(fg.tensor([1.0, 2.0], dtype=fg.float64))
    np.testing.assert_allclose(np.asarray(h), [[6.0, 0.0], [0.0, 12.0]])
    out, tangent = fg.jvp(lambda x: x.exp(), (fg.tensor([0.0, 1.0], dtype=fg.float64),),
                          (np.ones(2),))
    np.testing.assert_allclose(np.asarray(tangent), np.exp([0.0, 1.0]))


def test_tensor_ops_inside_fg_grad_do_not_leak_graph_nodes():
    x = fg.tensor([1.0, 2.0])
    fg.grad(lambda v: (v * v).sum())(x)
    assert x.grad is None and x.grad_fn is None and not x.requires_grad


# ---- the saved-value table agrees with the primitives' rules ----------------------------------

def _reads_samples():
    from funcgrad.primitives import arithmetic as ar, elementwise as el, products as pr
    from funcgrad.primitives import reductions as rd, shape as sh
    from funcgrad.primitives.indexing import getitem
    x = np.array([0.5, 1.5, 2.0])
    m = np.array([[1.0, 2.0], [3.0, 4.0]])
    binary = [(p, (x, x[::-1].copy()), {}) for p in (ar.add, ar.subtract, ar.multiply,
                                                     ar.true_divide, ar.power, ar.maximum,
                                                     ar.minimum, el.arctan2)]
    unary = [(p, (x,), {}) for p in (ar.negative, ar.square, ar.reciprocal, ar.absolute, el.exp,
                                     el.expm1, el.tanh, el.sigmoid, el.sqrt, el.tan, el.log,
                                     el.log1p, el.sin, el.cos, el.sinh, el.cosh, el.softplus,
                                     el.arctan)]
    small = [(p, (x / 4,), {}) for p in (el.arcsin, el.arccos)]
    other = [(ar.where, (x > 1, x, x * 2), {}), (ar.clip, (x, 0.6, 1.8), {}),
             (pr.matmul, (m, m), {}), (rd.reduce_sum, (m,), {"axis": (0,), "keepdims": False}),
             (rd.reduce_max, (m,), {"axis": None, "keepdims": False}),
             (rd.reduce_prod, (m,), {"axis": None, "keepdims": False}),
             (rd.logsumexp, (m,), {"axis": (1,), "keepdims": False}),
             (sh.reshape, (m,), {"shape": (4,)}), (sh.transpose, (m,), {"axes": (1, 0)}),
             (sh.broadcast_to, (x,), {"shape": (2, 3)}), (sh.astype, (x,), {"dtype": np.float32}),
             (getitem, (m,), {"index": (0, Ellipsis)})]
    return binary + unary + small + other


@pytest.mark.parametrize("prim, args, params", _reads_samples(),
                         ids=lambda v: getattr(v, "name", None) or "")
def test_saved_value_table_covers_what_each_rule_reads(prim, args, params):
    """Every rule runs when the inputs and output it is not listed as reading are only
    shapes: the table that decides what is version-checked and freed is not stale."""
    from funcgrad.autograd.graph import meta, reads_of
    from funcgrad.transforms.rules import apply_vjp
    ans = prim.impl(np, *args, **params)
    g = np.ones_like(ans)
    diff = [i for i, a in enumerate(args) if getattr(a, "dtype", np.dtype(bool)).kind == "f"]
    for i in diff:
        idx, reads_ans = reads_of(prim, [i], len(args))
        xs = tuple(a if (k in idx or k not in diff) else meta(a) for k, a in enumerate(args))
        out = apply_vjp(prim, params, xs, ans if reads_ans else meta(ans), g, [i])
        assert out[i] is not None
