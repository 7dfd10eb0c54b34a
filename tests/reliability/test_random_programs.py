"""Randomized programs (hypothesis): every derivative funcgrad computes agrees with every other.

`programs.py` draws random DAGs of primitives — elementwise unary and binary ops with
broadcasting, reductions over random axes, indexing (ints, slices, strides, repeated
gathers), reshapes and transposes, matmul, stack/concatenate, row assignment, reuse of
intermediate values — and, on the Tensor side, in-place updates of non-leaves. For each:

* reverse mode (grad) = forward mode (jacfwd) = central finite differences;
* grad of grad (jacrev∘grad) = the Hessian by jacfwd∘jacrev = finite differences of grad;
* the Tensor facade's .grad = the functional gradient, and its create_graph second order
  = the functional Hessian-vector product;
* jacrev = jacfwd on the last (non-scalar) value; linearize = jvp; checkpoint and
  vmap(grad) leave gradients unchanged;
* float32 agrees with float64, and float32 inputs get float32 gradients;
* the facade agrees with PyTorch (when installed) on programs that update computed values
  in place: same refusals (saved value modified), same gradients otherwise.

Each property runs EXAMPLES programs (default 40; FUNCGRAD_RELIABILITY_EXAMPLES=2000 for
a deep run). A failure prints the program, which replays with `run_functional`/`run_tensor`.
"""
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import funcgrad as fg

from .programs import admissible, functional, programs, run_functional, run_tensor

EXAMPLES = int(os.environ.get("FUNCGRAD_RELIABILITY_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


def _inputs(prog, dtype=np.float64):
    xs = prog.inputs(dtype)
    ok, _ = admissible(prog, prog.inputs())
    assume(ok)
    return xs


def _scale(a):
    a = np.asarray(a)
    return 1.0 + (float(np.max(np.abs(a))) if a.size else 0.0)


def _close(actual, expected, rtol, what):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * _scale(expected),
                               err_msg=what)


def finite_difference_grad(f, xs, eps=1e-6):
    """Central differences of scalar f, one input element at a time."""
    grads = []
    for i, x in enumerate(xs):
        g = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            plus, minus = [y.copy() for y in xs], [y.copy() for y in xs]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            g[idx] = (float(f(*plus)) - float(f(*minus))) / (2 * eps)
        grads.append(g)
    return grads


@SETTINGS
@given(programs())
def test_reverse_equals_forward_equals_finite_differences(prog):
    xs = _inputs(prog)
    f = functional(prog)
    argnums = tuple(range(len(xs)))
    value, rev = fg.value_and_grad(f, argnums=argnums)(*xs)
    fwd = fg.jacfwd(f, argnums=argnums)(*xs)
    fd = finite_difference_grad(f, xs)
    assert np.ndim(value) == 0
    for k, (r, j, d) in enumerate(zip(rev, fwd, fd)):
        assert r.dtype == xs[k].dtype, f"gradient {k} has dtype {r.dtype}, input {xs[k].dtype}"
        _close(r, j, 1e-9, f"reverse vs forward, input {k}")
        _close(r, d, 1e-5, f"reverse vs finite differences, input {k}")
    # a random direction through jvp and vjp: <vjp(u), v> = u * jvp(v)
    rng = np.random.default_rng(prog.seed)
    vs = tuple(rng.standard_normal(x.shape) for x in xs)
    _, tangent = fg.jvp(f, tuple(xs), vs)
    _, pullback = fg.vjp(f, *xs)
    cts = pullback(np.float64(1.0))
    lhs = sum(float(np.sum(c * v)) for c, v in zip(cts, vs))
    _close(lhs, float(tangent), 1e-9, "jvp vs vjp")


@SETTINGS
@given(programs(max_steps=6))
def test_grad_of_grad_equals_hessian(prog):
    xs = _inputs(prog)
    f = functional(prog)
    x, rest = xs[0], xs[1:]
    grad_of_grad = fg.jacrev(fg.grad(f))(x, *rest)
    hess = fg.hessian(f)(x, *rest)            # jacfwd(jacrev(f))
    _close(grad_of_grad, hess, 1e-8, "jacrev(grad) vs jacfwd(jacrev)")
    n = x.size
    flat = np.reshape(hess, (n, n))
    _close(flat, flat.T, 1e-8, "Hessian symmetry")
    gf, eps = fg.grad(f), 1e-5
    fd = np.zeros(x.shape + x.shape)
    for idx in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += eps
        minus[idx] -= eps
        fd[(Ellipsis,) + idx] = (gf(plus, *rest) - gf(minus, *rest)) / (2 * eps)
    _close(hess, fd, 1e-4, "Hessian vs finite differences of grad")


@SETTINGS
@given(programs())
def test_tensor_facade_matches_functional(prog):
    xs = _inputs(prog)
    f = functional(prog)
    ts = [fg.tensor(x, requires_grad=True) for x in xs]
    out = run_tensor(prog, ts, fg)
    _close(out.item(), float(f(*xs)), 1e-11, "forward value")
    out.backward()
    grads = fg.grad(f, argnums=tuple(range(len(xs))))(*xs)
    for k, (t, g) in enumerate(zip(ts, grads)):
        tg = np.zeros_like(g) if t.grad is None else t.grad.numpy()
        _close(tg, g, 1e-10, f".grad of input {k}")


@SETTINGS
@given(programs(max_steps=6))
def test_tensor_create_graph_matches_functional_hvp(prog):
    xs = _inputs(prog)
    f = functional(prog)
    rng = np.random.default_rng(prog.seed + 2)
    vs = [rng.standard_normal(x.shape) for x in xs]
    _, hvp = fg.hvp(f, tuple(xs), tuple(vs))
    ts = [fg.tensor(x, requires_grad=True) for x in xs]
    out = run_tensor(prog, ts, fg)
    gs = fg.autograd.grad(out, ts, create_graph=True, allow_unused=True)
    terms = [(g * fg.tensor(v)).sum() for g, v in zip(gs, vs) if g is not None and g.requires_grad]
    second = [None] * len(ts)
    if terms:
        second = fg.autograd.grad(sum(terms[1:], terms[0]), ts, allow_unused=True)
    for k, (s, h) in enumerate(zip(second, hvp)):
        _close(np.zeros_like(h) if s is None else s.numpy(), h, 1e-9, f"Hessian-vector, input {k}")


@SETTINGS
@given(programs())
def test_float32_agrees_with_float64(prog):
    xs64 = _inputs(prog)
    xs32 = [x.astype(np.float32) for x in xs64]
    f = functional(prog)
    argnums = tuple(range(len(xs64)))
    g64 = fg.grad(f, argnums=argnums)(*xs64)
    g32 = fg.grad(f, argnums=argnums)(*xs32)
    _close(float(f(*xs32)), float(f(*xs64)), 1e-4, "float32 value")
    assert np.asarray(run_functional(prog, xs32)).dtype == np.float32
    for k, (a, b) in enumerate(zip(g32, g64)):
        assert a.dtype == np.float32, f"float32 input {k} got a {a.dtype} gradient"
        _close(a, b, 2e-3, f"float32 gradient of input {k}")
    ts = [fg.tensor(x, requires_grad=True) for x in xs32]
    run_tensor(prog, ts, fg).backward()
    for k, (t, b) in enumerate(zip(ts, g64)):
        if t.grad is not None:
            assert t.grad.dtype == fg.float32
            _close(t.grad.numpy(), b, 2e-3, f"Tensor float32 .grad of input {k}")


def _torch_run(m, prog, xs):
    ts = [m.tensor(x, requires_grad=True) for x in xs]
    try:
        run_tensor(prog, ts, m).backward()
    except RuntimeError as e:
        return "error", str(e)
    return "ok", [None if t.grad is None else t.grad.detach().numpy().copy() for t in ts]


@SETTINGS
@given(programs(tensor_styles="direct"))
def test_tensor_facade_agrees_with_torch_on_in_place_programs(prog):
    torch = pytest.importorskip("torch")
    xs = _inputs(prog)
    assume(any(s.style == "direct" for s in prog.steps))
    expected, got = _torch_run(torch, prog, xs), _torch_run(fg, prog, xs)
    if expected[0] == "error":
        assert got[0] == "error", f"torch refuses ({expected[1][:100]}...); funcgrad returned"
        prefix = "one of the variables needed for gradient computation has been modified"
        assert expected[1].startswith(prefix) and got[1].startswith(prefix), got[1]
        return
    assert got[0] == "ok", f"torch accepts this program; funcgrad raised {got[1]}"
    for k, (a, b) in enumerate(zip(expected[1], got[1])):
        assert (a is None) == (b is None), f"input {k}: .grad None in one library only"
        if a is not None:
            _close(b, a, 1e-10, f".grad of input {k} vs torch")


def _last_value(prog):
    return lambda *xs: run_functional(prog, xs, all_values=True)[1][-1]


@SETTINGS
@given(programs(max_steps=6))
def test_jacobians_linearize_checkpoint_and_vmap_agree(prog):
    xs = _inputs(prog)
    f, last = functional(prog), _last_value(prog)
    argnums = tuple(range(len(xs)))
    # full Jacobians of the (non-scalar) last value: batched reverse = batched forward
    rev = fg.jacrev(last, argnums=argnums)(*xs)
    fwd = fg.jacfwd(last, argnums=argnums)(*xs)
    for k, (r, j) in enumerate(zip(rev, fwd)):
        _close(r, j, 1e-9, f"jacrev vs jacfwd, input {k}")
    # linearize replays the recorded tape: same tangent as jvp
    rng = np.random.default_rng(prog.seed + 3)
    vs = tuple(rng.standard_normal(x.shape) for x in xs)
    _, f_jvp = fg.linearize(last, *xs)
    _close(f_jvp(*vs), fg.jvp(last, tuple(xs), vs)[1], 1e-10, "linearize vs jvp")
    # checkpointing the whole program changes memory, never the gradient
    grads = fg.grad(f, argnums=argnums)(*xs)
    ckpt = fg.grad(lambda *a: fg.checkpoint(f)(*a), argnums=argnums)(*xs)
    for k, (g, c) in enumerate(zip(grads, ckpt)):
        _close(c, g, 1e-12, f"checkpoint, input {k}")
    # vmap of grad over a batch of first inputs = the per-example gradients
    batch = np.stack([xs[0], xs[0] * 0.9, -xs[0]])
    ok = all(admissible(prog, [b] + list(xs[1:]))[0] for b in batch)
    if ok:
        in_axes = (0,) + (None,) * (len(xs) - 1)
        batched = fg.vmap(fg.grad(f), in_axes=in_axes)(batch, *xs[1:])
        for i, b in enumerate(batch):
            _close(batched[i], fg.grad(f)(b, *xs[1:]), 1e-10, f"vmap(grad), example {i}")
