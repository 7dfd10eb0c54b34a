"""Resources: flat memory over long training, residuals and graphs released, no recursion.

* A 10,000-step training loop in each style: the peak of traced memory (tracemalloc) over
  steps 9000-10000 matches the peak over steps 1000-2000, memory does not grow within
  either window, and the interpreter's count of allocated blocks does not grow over the
  7,000 untraced steps between them (a leak of one object per step would add 7,000).
* No reference cycles: each transform and each Tensor workload leaves nothing for the
  cyclic garbage collector — everything is freed by reference counting as soon as it is
  unreachable (checked with the collector disabled and DEBUG_SAVEALL).
* Residuals: reverse mode drops each equation's saved values once its rule has run (weakrefs
  to intermediates are dead when the first op's rule runs); the facade frees saved values
  at the end of backward() without retain_graph even while the output is still held, and
  the whole graph once the output is dropped; with retain_graph=True they live until then.
* Depth: a 100,000-op chain differentiates (both styles, both modes) and a graph that deep
  can be dropped without backward; a 1,000-level nesting of Python calls differentiates
  with only a constant number of extra frames (no recursion in funcgrad).
"""
import gc
import sys
import tracemalloc
import weakref

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp

# ---- flat memory over 10,000 steps ------------------------------------------------

STEPS = 10_000
WINDOWS = ((1000, 2000), (9000, 10_000))
NOISE = 32 * 1024   # bytes: a cache refill after tracing starts measures up to ~8 kB here


def _functional_trainer():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((16, 4)), rng.standard_normal((16, 2))
    params = [rng.standard_normal((4, 2)) * 0.3, np.zeros(2)]

    def loss(w, b):
        return fnp.mean((fnp.tanh(x @ w + b) - y) ** 2)
    grad = fg.value_and_grad(loss, argnums=(0, 1))

    def step():
        value, grads = grad(*params)
        params[:] = [p - 0.05 * g for p, g in zip(params, grads)]
        return float(value)
    return step


def _tensor_trainer():
    rng = np.random.default_rng(0)
    x, y = fg.tensor(rng.standard_normal((16, 4))), fg.tensor(rng.standard_normal((16, 2)))
    w = fg.tensor(rng.standard_normal((4, 2)) * 0.3, requires_grad=True)
    b = fg.tensor(np.zeros(2), requires_grad=True)

    def step():
        h = x @ w
        h += b                                  # an in-place update of a non-leaf
        loss = ((h.tanh() - y) ** 2).mean()
        loss.backward()
        with fg.no_grad():
            for p in (w, b):
                p.sub_(0.05 * p.grad)
                p.grad = None
        return loss.item()
    return step


def _window(step, start, stop):
    """(peak traced bytes, growth of traced bytes) over steps [start, stop).

    Growth is measured over the second half of the window: the first steps after tracing
    starts refill numpy's and the interpreter's caches of freed blocks (bounded, and
    counted as allocated by tracemalloc); gc.collect() empties the free lists first."""
    middle = (start + stop) // 2
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for _ in range(start, middle):
            step()
        gc.collect()
        settled = tracemalloc.get_traced_memory()[0]
        for _ in range(middle, stop):
            step()
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base, current - settled


@pytest.mark.slow
@pytest.mark.parametrize("trainer", [_functional_trainer, _tensor_trainer],
                         ids=["functional", "tensor"])
def test_training_loop_memory_is_flat(trainer):
    step = trainer()
    first_loss = step()
    windows, blocks = [], []
    done = 1
    for start, stop in WINDOWS:
        while done < start:
            step()
            done += 1
        gc.collect()
        blocks.append(sys.getallocatedblocks())
        windows.append(_window(step, start, stop))
        done = stop
    gc.collect()
    blocks.append(sys.getallocatedblocks())
    (peak1, growth1), (peak2, growth2) = windows
    assert growth1 < NOISE and growth2 < NOISE, f"memory grows within a window: {windows}"
    assert peak2 <= peak1 + NOISE, f"peak grew from {peak1} to {peak2} bytes"
    # steps 2000-9000 run untraced: the interpreter's count of allocated blocks must not grow
    assert blocks[1] - blocks[0] < 500, f"allocated blocks grew: {blocks}"
    assert step() < first_loss                         # it did train


# ---- no reference cycles -------------------------------------------------------------

def _garbage_of(fn, repeat=3):
    """Objects only the cyclic collector would free, made by `repeat` calls of fn."""
    fn()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(repeat):
            fn()
        gc.collect()
        found = sorted({type(o).__name__ for o in gc.garbage})
    finally:
        gc.garbage.clear()
        gc.set_debug(0)
        if enabled:
            gc.enable()
    return found


X = np.random.default_rng(1).standard_normal(6)


@fg.custom_vjp
def _cvjp(x):
    return fnp.sin(x)


_cvjp.defvjp(lambda x: (fnp.sin(x), x), lambda x, g: (g * fnp.cos(x),))


@fg.custom_jvp
def _cjvp(x):
    return fnp.sin(x)


@_cjvp.defjvp
def _cjvp_rule(primals, tangents):
    return fnp.sin(primals[0]), fnp.cos(primals[0]) * tangents[0]


def _f(x):
    return fnp.sum(fnp.tanh(x) * x)


class _Square(fg.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * a

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        return 2 * a * g


def _tensor(workload):
    def run():
        t = fg.tensor(X, requires_grad=True)
        workload(t)
    return run


def _inplace(update, retain=False):
    def workload(t):
        y = t * 1
        update(y)
        y.sum().backward(retain_graph=retain)
    return workload


WORKLOADS = {
    "grad": lambda: fg.grad(_f)(X),
    "vjp twice": lambda: [fg.vjp(fnp.sin, X)[1](X) for _ in range(2)],
    "jvp": lambda: fg.jvp(fnp.sin, (X,), (X,)),
    "linearize": lambda: fg.linearize(fnp.sin, X)[1](X),
    "jacrev": lambda: fg.jacrev(fnp.sin)(X),
    "jacfwd": lambda: fg.jacfwd(fnp.sin)(X),
    "hessian": lambda: fg.hessian(_f)(X),
    "vmap": lambda: fg.vmap(fg.grad(_f))(X[None]),
    "custom_vjp": lambda: fg.grad(lambda x: fnp.sum(_cvjp(x)))(X),
    "custom_jvp (reverse)": lambda: fg.grad(lambda x: fnp.sum(_cjvp(x)))(X),
    "checkpoint": lambda: fg.grad(lambda x: fnp.sum(fg.checkpoint(fnp.sin)(x)))(X),
    "debug_nans": lambda: fg.debug_nans()(lambda: fg.grad(_f)(X))(),
    "make_tape": lambda: str(fg.make_tape(_f)(X)),
    "tensor backward": _tensor(lambda t: (t.sin() * t).sum().backward()),
    "tensor retain_graph": _tensor(lambda t: (t.sin() * t).sum().backward(retain_graph=True)),
    "tensor no backward": _tensor(lambda t: (t.sin() * t).sum()),
    "tensor create_graph": _tensor(lambda t: fg.autograd.grad((t.sin() * t).sum(), t,
                                                              create_graph=True)[0].sum().backward()),
    "tensor hooks": _tensor(lambda t: (t.register_hook(lambda g: g * 2),
                                       (t * 2).sum().backward())),
    "tensor Function": _tensor(lambda t: _Square.apply(t).sum().backward()),
    "tensor setitem": _tensor(_inplace(lambda y: y.__setitem__(0, y[1]))),
    "tensor view mul_": _tensor(_inplace(lambda y: y[1:].mul_(2))),
    "tensor index_put": _tensor(_inplace(lambda y: y.__setitem__(fg.tensor([0, 1]),
                                                                 y[fg.tensor([2, 3])]))),
    "tensor mask": _tensor(_inplace(lambda y: y.__setitem__(y > 0, 0.0))),
    "tensor self-update": _tensor(_inplace(lambda y: y.mul_(y.exp()))),
    "functional on Tensors": lambda: fg.grad(lambda v: (v.sin() * v).sum())(fg.tensor(X)),
}

CYCLE_XFAIL = pytest.mark.xfail(strict=True, reason=(
    "facade: a node keeps its input Tensors (PrimNode._inputs, for create_graph and _saved_*); "
    "an in-place update of a tensor with a value computed from it (y.mul_(y.exp()), "
    "y[0] = y[1]) makes that tensor's new grad_fn reach a node holding the tensor itself: a "
    "reference cycle while the graph is alive (no backward, or retain_graph=True), freed "
    "only by the cyclic gc. Needs PyTorch-style saved-variable snapshots"))

WORKLOADS_XFAIL = {
    "tensor self-update, no backward": _tensor(lambda t: (t * 1).__imul__((t * 1).exp()) and
                                               _self_update_no_backward(t)),
    "tensor self-update, retain_graph": _tensor(_inplace(lambda y: y.mul_(y.exp()), retain=True)),
}


def _self_update_no_backward(t):
    y = t * 1
    y.mul_(y.exp())


@pytest.mark.parametrize("name", sorted(WORKLOADS))
def test_no_reference_cycles(name):
    assert _garbage_of(WORKLOADS[name]) == []


@CYCLE_XFAIL
@pytest.mark.parametrize("name", sorted(WORKLOADS_XFAIL))
def test_no_reference_cycles_while_an_updated_graph_is_alive(name):
    assert _garbage_of(WORKLOADS_XFAIL[name]) == []


# ---- residuals -----------------------------------------------------------------------

def test_reverse_mode_drops_each_residual_once_its_rule_has_run():
    alive = {}
    refs = {}

    @fg.custom_vjp
    def first(x):
        return x * 1.0

    def first_bwd(_, g):       # the last rule to run: every later residual must be gone
        alive.update({k: r() is not None for k, r in refs.items()})
        return (g,)
    first.defvjp(lambda x: (x * 1.0, None), first_bwd)

    def f(x):
        a = first(x)
        b = fnp.sin(a)
        c = fnp.exp(b)
        d = fnp.tanh(c)
        refs.update(a=weakref.ref(a.value), b=weakref.ref(b.value), c=weakref.ref(c.value),
                    d=weakref.ref(d.value))
        return fnp.sum(d * d)
    x = np.random.default_rng(0).standard_normal(10_000)
    g = fg.grad(f)(x)
    expected = fg.grad(lambda v: fnp.sum(fnp.tanh(fnp.exp(fnp.sin(v))) ** 2))(x)
    # a is the running rule's own output (its `ans` argument); everything later is gone
    assert alive == {"a": True, "b": False, "c": False, "d": False}
    np.testing.assert_allclose(g, expected, rtol=1e-12)


def test_tensor_saved_values_are_freed_by_backward_and_the_graph_with_the_output():
    t = fg.tensor(X, requires_grad=True)
    y = t.exp()
    z = y.sin()                             # SinBackward0 saves y
    out = (z * z).sum()
    saved, node = weakref.ref(y._data), weakref.ref(z.grad_fn)
    del y, z
    out.backward()
    assert saved() is None                  # freed at the end of backward, out still held
    assert node() is not None
    del out
    assert node() is None                   # the graph goes with its output (no gc needed)


def test_retain_graph_keeps_saved_values_until_the_output_is_dropped():
    t = fg.tensor(X, requires_grad=True)
    y = t.exp()
    out = (y.sin() ** 2).sum()
    saved = weakref.ref(y._data)
    del y
    out.backward(retain_graph=True)
    assert saved() is not None
    out.backward()                          # second pass works, then frees
    assert saved() is None
    np.testing.assert_allclose(t.grad.numpy(), 2 * fg.grad(
        lambda v: fnp.sum(fnp.sin(fnp.exp(v)) ** 2))(X), rtol=1e-12)


def test_intermediate_tensors_die_with_their_last_reference():
    t = fg.tensor(X, requires_grad=True)
    refs = []
    out = t
    for _ in range(20):
        out = out.sin() * 1.5
        refs.append(weakref.ref(out))
    total = out.sum()
    del out
    total.backward()
    del total
    assert all(r() is None for r in refs)


# ---- depth ------------------------------------------------------------------------------

N_OPS = 100_000


@pytest.mark.slow
def test_100000_op_chain_functional_both_modes():
    def chain(x):
        for _ in range(N_OPS // 2):
            x = fnp.sin(x) * 1.0
        return fnp.sum(x)
    x = np.array([0.3, 0.7])
    g = fg.grad(chain)(x)
    _, t = fg.jvp(chain, (x,), (np.ones(2),))
    np.testing.assert_allclose(float(t), g.sum(), rtol=1e-10)
    assert np.all(np.isfinite(g))


@pytest.mark.slow
def test_100000_op_chain_tensor_backward_and_dropping_an_unused_graph():
    x = fg.tensor([1.0, 2.0], dtype=fg.float64, requires_grad=True)
    y = x
    for _ in range(N_OPS):
        y = y * 1.00001
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 1.00001 ** N_OPS, rtol=1e-9)
    y = x
    for k in range(N_OPS):                  # never differentiated: deallocating must not recurse
        y = y.sin() if k % 2 else y * 1.0
    del y
    z = (x * 2).sum()
    z.backward()


def _stack_depth():
    frame, n = sys._getframe(), 0
    while frame is not None:
        n += 1
        frame = frame.f_back
    return n


def _nested_functional(x, k):
    if k == 0:
        return fnp.sin(x)
    inner = _nested_functional(x, k - 1)
    return inner * 1.0001 + fnp.cos(x) * 1e-4 if k % 2 else fnp.tanh(inner)


def _nested_tensor(x, k):
    if k == 0:
        return x.sin()
    inner = _nested_tensor(x, k - 1)
    if k == 1000:
        inner.retain_grad()
    return inner * 1.0001 + x.cos() * 1e-4 if k % 2 else inner.tanh()


@pytest.fixture
def tight_recursion_limit():
    """Room for 1,000 nested user calls plus a constant 100 frames for funcgrad's own."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + 1000 + 100)
    yield
    sys.setrecursionlimit(old)


def test_1000_nested_python_calls_differentiate_without_recursion(tight_recursion_limit):
    x = np.array([0.2, 0.5])
    g = fg.grad(lambda v: fnp.sum(_nested_functional(v, 1000)))(x)
    j = fg.jacfwd(lambda v: _nested_functional(v, 1000))(x)
    np.testing.assert_allclose(g, j.sum(axis=0), rtol=1e-10)
    t = fg.tensor(x, requires_grad=True)
    _nested_tensor(t, 1000).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), g, rtol=1e-10)


def test_backward_called_1000_calls_deep(tight_recursion_limit):
    t = fg.tensor([0.2, 0.5], dtype=fg.float64, requires_grad=True)

    def descend(k):
        if k == 0:
            (t.sin() * t).sum().backward()
            return fg.grad(lambda v: fnp.sum(fnp.sin(v) * v))(np.array([0.2, 0.5]))
        return descend(k - 1)
    g = descend(1000)
    np.testing.assert_allclose(t.grad.numpy(), g, rtol=1e-12)
