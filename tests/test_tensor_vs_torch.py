"""Differential tests: the same autograd program under PyTorch and under funcgrad.

Each program takes the library as `torch` and numpy input data, and returns a dict
of results (values, gradients, shapes, node names). Both runs must agree: numbers
to float32 tolerance, everything else exactly. Skipped when torch is not installed.
"""
import numpy as np
import pytest

import funcgrad

torch = pytest.importorskip("torch")

rng = np.random.default_rng(0)
X = rng.standard_normal((4, 3)).astype(np.float32)
W1 = rng.standard_normal((3, 5)).astype(np.float32)
W2 = rng.standard_normal((5, 2)).astype(np.float32)
V = rng.standard_normal(6).astype(np.float32)
M = rng.standard_normal((3, 3)).astype(np.float32)
B = rng.standard_normal((2, 3, 4)).astype(np.float32)
POS = (np.abs(V) + 0.5).astype(np.float32)
LABELS = np.array([0, 1, 1, 0])

PROGRAMS = {}


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


def leaf(t, data, dtype=None):
    return t.tensor(data, dtype=dtype, requires_grad=True)


def grad_of(x):
    return None if x.grad is None else x.grad.detach().numpy().copy()


def value(y):
    return y.detach().numpy().copy()


@program
def mlp_training(t):
    w1, w2 = leaf(t, W1), leaf(t, W2)
    x, target = t.tensor(X), t.tensor(X[:, :2] * 2)
    losses = []
    for _ in range(5):
        out = (x @ w1).relu() @ w2
        loss = ((out - target) ** 2).mean()
        loss.backward()
        with t.no_grad():
            w1 -= 0.1 * w1.grad
            w2 -= 0.1 * w2.grad
            w1.grad.zero_()
            w2.grad.zero_()
        losses.append(loss.item())
    return {"losses": np.array(losses), "w1": value(w1), "w2": value(w2)}


@program
def cross_entropy_step(t):
    w = leaf(t, W1)
    logits = t.tensor(X) @ w
    loss = t.nn.functional.cross_entropy(logits[:, :3], t.tensor(LABELS))
    loss.backward()
    return {"loss": value(loss), "grad": grad_of(w), "fn": type(loss.grad_fn).__name__}


@program
def log_softmax_logsumexp(t):
    x = leaf(t, X)
    y = x.log_softmax(1).sum() + t.logsumexp(x, 0).sum() + x.softmax(0)[1].sum()
    y.backward()
    return {"y": value(y), "grad": grad_of(x)}


@program
def broadcasting_chain(t):
    a, b, c = leaf(t, X), leaf(t, V[:3]), leaf(t, np.float32(1.5))
    y = ((a * b + c) / (1 + a * a)).sum(0)
    y.backward(t.tensor([1., 2., 3.]))
    return {"y": value(y), "a": grad_of(a), "b": grad_of(b), "c": grad_of(c)}


@program
def indexing_and_setitem(t):
    x = leaf(t, V)
    y = x * 1
    y[1:4] = y[1:4] * 2
    y[[0, 5]] = t.tensor([7., 8.])
    z = y[y > 0].sum() + y[::2].prod() + x[[1, 1, 2]].sum()
    z.backward()
    return {"z": value(z), "grad": grad_of(x), "fn": type(y.grad_fn).__name__}


@program
def views_inplace(t):
    x = leaf(t, M)
    y = x * 1
    y[0].mul_(3)
    col = y[:, 1]
    col += y[:, 2]
    y.t()[2].sub_(1)
    (y * y).sum().backward()
    return {"y": value(y), "grad": grad_of(x)}


@program
def hessian_vector_product(t):
    x = leaf(t, V)
    y = (x.sin() * x ** 2).sum()
    g, = t.autograd.grad(y, x, create_graph=True)
    hv, = t.autograd.grad(g, x, grad_outputs=t.ones(6))
    return {"g": value(g), "hv": value(hv)}


@program
def reductions_with_dims(t):
    x = leaf(t, B)
    y = (x.norm() + x.var(1).sum() + x.std(2, keepdim=True).sum() + x.mean((0, 2)).sum()
         + x.sum(-1).max() + x.amax(1).sum() + x.min(2).values.sum())
    y.backward()
    return {"y": value(y), "grad": grad_of(x)}


@program
def joining_and_splitting(t):
    a, b = leaf(t, X), leaf(t, X[::-1].copy())
    c = t.cat([a, b], 1)
    s = t.stack([a, b], 2)
    parts = c.split([2, 4], 1)
    chunks = s.chunk(2, 2)
    y = (parts[0] * 2).sum() + parts[1].exp().sum() + (chunks[1] ** 2).sum() \
        + sum(a.unbind(0)).sum()
    y.backward()
    return {"y": value(y), "a": grad_of(a), "b": grad_of(b)}


@program
def matmul_variants(t):
    v, m, b = leaf(t, V[:3]), leaf(t, M), leaf(t, B)
    y = (v @ v) + (m @ v).sum() + (v @ m).sum() + (m @ m).sum() + (b.transpose(1, 2) @ m).sum() \
        + t.bmm(b, b.transpose(1, 2)).sum() + t.outer(v, v).sum() + t.mm(m, m.t()).trace()
    y.backward()
    return {"y": value(y), "v": grad_of(v), "m": grad_of(m), "b": grad_of(b)}


@program
def elementwise_selection(t):
    x, y = leaf(t, V), leaf(t, V[::-1].copy())
    z = t.where(x > y, x, y * 2) + x.clamp(-0.5, 0.5) + t.maximum(x, y) + t.minimum(x, -y) \
        + x.clamp(min=0) + x.abs() + x.masked_fill(x < 0, 1.)
    z.sum().backward()
    return {"z": value(z), "x": grad_of(x), "y": grad_of(y)}


@program
def powers(t):
    x, e = leaf(t, POS), leaf(t, V / 4)
    y = x ** 2 + x ** 0.5 + x ** e + 2 ** e + x.pow(3) / 3 + x.square() + x.rsqrt() + 1 / x
    y.sum().backward()
    return {"y": value(y), "x": grad_of(x), "e": grad_of(e)}


@program
def cumsum_prod_sort(t):
    x = leaf(t, V)
    y = x.cumsum(0).sum() + x.prod() + x.sort(descending=True).values[:3].sum() \
        + x.topk(2).values.sum() \
        + x.flip(0)[0] + x.roll(2)[1]
    y.backward()
    return {"y": value(y), "grad": grad_of(x)}


@program
def hooks_and_retain_grad(t):
    x = leaf(t, V)
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 3)
    x.register_hook(lambda g: g + 1)
    z = (y.exp() * y).sum()
    z.backward()
    return {"y_grad": grad_of(y), "x_grad": grad_of(x)}


@program
def float64_path(t):
    x = leaf(t, M.astype(np.float64), dtype=t.float64)
    y = (x @ x.t()).tanh().log1p().sum()
    y.backward()
    return {"y": value(y), "grad": grad_of(x), "dtype": str(x.grad.dtype).split(".")[-1]}


@program
def layout_ops(t):
    x = leaf(t, B)
    y = x.permute(2, 0, 1).reshape(4, 6).t().unsqueeze(0).expand(2, 6, 4).repeat(1, 1, 2)
    z = (y * t.arange(8.)).sum() + x.view(6, 4)[1:4, ::2].sum() + x.flatten(1).squeeze().sum()
    z.backward()
    return {"z": value(z), "grad": grad_of(x), "shape": tuple(y.shape)}


@program
def trigonometry(t):
    x = leaf(t, np.clip(V / 3, -0.9, 0.9))
    y = x.sin() + x.cos() + x.tan() + x.asin() + x.acos() + x.atan() + x.sinh() + x.cosh() \
        + x.tanh() \
        + t.atan2(x, x + 2) + x.sigmoid() + x.exp2() + x.erf()
    y.sum().backward()
    return {"y": value(y), "grad": grad_of(x)}


@program
def losses(t):
    F = t.nn.functional
    x, y = leaf(t, V), t.tensor((V > 0).astype(np.float32))
    p = x.sigmoid()
    total = F.binary_cross_entropy(p, y) + F.binary_cross_entropy_with_logits(x, y) \
        + F.l1_loss(x, y) + F.mse_loss(x, y, reduction="sum") \
        + F.nll_loss(x.view(2, 3).log_softmax(1), t.tensor([2, 0]))
    total.backward()
    return {"loss": value(total), "grad": grad_of(x)}


@program
def activations(t):
    F = t.nn.functional
    x = leaf(t, V * 2)
    y = F.gelu(x) + F.elu(x) + F.leaky_relu(x, 0.2) + F.softplus(x) + F.relu(x) \
        + F.gelu(x, approximate="tanh")
    y.sum().backward()
    return {"y": value(y), "grad": grad_of(x)}


@program
def matrix_masks(t):
    x = leaf(t, M)
    y = x.tril().sum() + (x.triu(1) ** 2).sum() + x.trace() + x.diag().sum() + t.diag(x[0]).sum()
    y.backward()
    return {"y": value(y), "grad": grad_of(x)}


@program
def mixed_dtypes(t):
    a = leaf(t, V[:3])
    b = leaf(t, V[3:].astype(np.float64), dtype=t.float64)
    c = a * b + a * t.tensor(2., dtype=t.float64) + a * t.tensor([1, 2, 3])
    c.sum().backward()
    return {"c": value(c), "c_dtype": str(c.dtype), "a": grad_of(a), "b": grad_of(b)}


@program
def multiple_outputs_grad(t):
    x = leaf(t, V)
    y1, y2 = x.exp(), (x * x).sum()
    g = t.autograd.grad([y1, y2], [x], grad_outputs=[t.ones(6) * 0.5, None])
    return {"g": value(g[0])}


@program
def recurrent_loop(t):
    w = leaf(t, M * 0.5)
    h = t.zeros(3)
    for step in range(20):
        h = (w @ h + t.tensor(X[step % 4])).tanh()
    h.sum().backward()
    return {"h": value(h), "grad": grad_of(w)}


@program
def attention(t):
    q, k, v = leaf(t, X), leaf(t, X[::-1].copy()), leaf(t, X * 0.5)
    scores = (q @ k.t()) / 3 ** 0.5
    out = scores.softmax(-1) @ v
    out.pow(2).sum().backward()
    return {"out": value(out), "q": grad_of(q), "k": grad_of(k), "v": grad_of(v)}


@program
def extremes_with_dims(t):
    x = leaf(t, B)
    vals, idx = x.max(2)
    mins = x.min(0, keepdim=True).values
    y = vals.sum() + mins.sum() * 2 + x.amin((0, 1)).sum() + x.argmax(1).float().sum()
    y.backward()
    return {"y": value(y), "grad": grad_of(x), "idx": idx.numpy()}


@program
def detach_in_loss(t):
    x = leaf(t, V)
    baseline = x.mean().detach()
    y = ((x - baseline) ** 2).sum() + (x * x.detach()).sum()
    y.backward()
    return {"grad": grad_of(x)}


@program
def gradient_penalty(t):
    w = leaf(t, M)
    x = leaf(t, X[:, :3])
    out = (x @ w).tanh().sum()
    gx, = t.autograd.grad(out, x, create_graph=True)
    penalty = (gx.norm(dim=1) - 1).pow(2).mean()
    penalty.backward()
    return {"penalty": value(penalty), "w": grad_of(w), "x": grad_of(x)}


@program
def batched_jacobian_rows(t):
    x = leaf(t, V[:4])
    y = x.exp() * x.sum()
    jac, = t.autograd.grad(y, x, grad_outputs=t.eye(4), is_grads_batched=True)
    return {"jac": value(jac)}


@program
def second_backward_with_retain(t):
    x = leaf(t, V)
    y = (x.sigmoid() * x).sum()
    y.backward(retain_graph=True)
    first = grad_of(x)
    y.backward()
    return {"first": first, "second": grad_of(x)}


@program
def numpy_interop(t):
    x = leaf(t, V)
    y = (x * 2).detach()
    return {"asarray": np.asarray(y), "tolist": np.array(y.tolist()), "item": np.array(y[0].item()),
            "numpy": y.numpy().copy()}


def _compare(a, b, path):
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _compare(a[k], b[k], f"{path}.{k}")
    elif a is None or b is None:
        assert a is None and b is None, path
    elif isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        assert a.shape == b.shape, path
        np.testing.assert_allclose(b, a, rtol=2e-5, atol=2e-5, err_msg=path)
    else:
        assert str(a).replace("torch.", "") == str(b).replace("funcgrad.", ""), path


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_program_agrees_with_torch(name):
    expected = PROGRAMS[name](torch)
    got = PROGRAMS[name](funcgrad)
    _compare(expected, got, name)


# ---- random programs: chains of ops, and in-place edits of views with double backward ------

_UNARY = {
    "exp": lambda t, x: x.exp(), "tanh": lambda t, x: x.tanh(), "sigmoid": lambda t, x: x.sigmoid(),
    "sin": lambda t, x: x.sin(), "abs": lambda t, x: x.abs(), "relu": lambda t, x: x.relu(),
    "neg": lambda t, x: -x, "square": lambda t, x: x.square(),
    "sqrt": lambda t, x: (x.abs() + 0.1).sqrt(), "log": lambda t, x: (x.abs() + 1).log(),
    "sum0": lambda t, x: x.sum(0) if x.dim() else x.sum(),
    "mean_last": lambda t, x: x.mean(-1) if x.dim() else x.mean(),
    "transpose": lambda t, x: x.t() if x.dim() <= 2 else x.transpose(0, 1),
    "flatten": lambda t, x: x.flatten(), "unsqueeze": lambda t, x: x.unsqueeze(0),
    "softmax": lambda t, x: x.softmax(-1) if x.dim() else x,
    "cumsum": lambda t, x: x.cumsum(0) if x.dim() else x, "clamp": lambda t, x: x.clamp(-0.5, 0.7),
    "max_last": lambda t, x: x.max(-1).values if x.dim() else x.max(),
    "expand": lambda t, x: x.unsqueeze(0).expand(2, *x.shape),
    "first": lambda t, x: x[0] if x.dim() else x,
    "strided": lambda t, x: x[..., ::2] if x.dim() else x,
    "flip": lambda t, x: x.flip(0) if x.dim() else x,
    "logsumexp": lambda t, x: t.logsumexp(x, -1) if x.dim() else x,
    "norm": lambda t, x: x.norm(dim=-1) if x.dim() else x.abs(),
    "var": lambda t, x: x.var(-1) if x.dim() and x.shape[-1] > 1 else x,
    "cube": lambda t, x: x ** 3, "roundtrip": lambda t, x: x.double().float(),
    "rsub": lambda t, x: 1 - x, "rdiv": lambda t, x: 1 / (x.abs() + 0.5),
}
_BINARY = {
    "add": lambda t, x, y: x + y, "sub": lambda t, x, y: x - y, "mul": lambda t, x, y: x * y,
    "div": lambda t, x, y: x / (y.abs() + 0.5), "maximum": lambda t, x, y: t.maximum(x, y),
    "minimum": lambda t, x, y: t.minimum(x, y),
    "where": lambda t, x, y: t.where(x > y, x, y) if x.shape == y.shape else x + 0,
    "atan2": lambda t, x, y: t.atan2(x, y.abs() + 1),
}


def _random_chain(t, seed):
    rng = np.random.default_rng(seed)
    shape = [(3,), (2, 3), (3, 3), ()][rng.integers(4)]
    x = leaf(t, rng.standard_normal(shape).astype(np.float32))
    y = leaf(t, rng.standard_normal(shape).astype(np.float32))
    values, names = [x, y], []
    for _ in range(6):
        if rng.random() < 0.6:
            name = list(_UNARY)[rng.integers(len(_UNARY))]
            values.append(_UNARY[name](t, values[rng.integers(len(values))]))
        else:
            name = list(_BINARY)[rng.integers(len(_BINARY))]
            i, j = rng.integers(len(values), size=2)
            try:
                values.append(_BINARY[name](t, values[i], values[j]))
            except RuntimeError as exc:   # shapes that do not broadcast: same text in both
                names.append(str(exc).replace("funcgrad.", "torch."))
                continue
        names.append(name)
    out = x.sum()
    for k, v in enumerate(values[2:]):
        out = out + v.sum() * (k + 1)
    out.backward()
    return {"ops": " ".join(names), "out": value(out), "x": grad_of(x), "y": grad_of(y),
            "last": type(values[-1].grad_fn).__name__}


def _random_inplace(t, seed):
    rng = np.random.default_rng(seed)
    x = leaf(t, rng.standard_normal((3, 4)).astype(np.float32))
    y = x * 1
    names = []
    for _ in range(4):
        k = rng.integers(8)
        names.append(str(k))
        if k == 0:
            y[rng.integers(3)] = y[rng.integers(3)] * 2
        elif k == 1:
            y[:, 1:3] += 1
        elif k == 2:
            y.t()[rng.integers(4)].mul_(0.5)
        elif k == 3:
            y = t.cat([y[:1], y.tanh()[1:]], 0)
        elif k == 4:
            y = t.stack([y, y.sin()]).sum(0)
        elif k == 5:
            y[y > 0.5] = 0.25
        elif k == 6:
            y.clamp_(-1, 1)
        else:
            y[[0, 2], 1] = t.tensor([3., 4.])
    loss = (y * y).sum()
    g, = t.autograd.grad(loss, x, create_graph=True)
    h, = t.autograd.grad((g * g).sum(), x)
    return {"ops": " ".join(names), "loss": value(loss), "g": value(g), "h": value(h),
            "last": type(y.grad_fn).__name__}


@pytest.mark.parametrize("seed", range(0, 200, 2))
def test_random_op_chain_agrees_with_torch(seed):
    _compare(_random_chain(torch, seed), _random_chain(funcgrad, seed), f"chain{seed}")


@pytest.mark.parametrize("seed", range(0, 100, 2))
def test_random_inplace_program_agrees_with_torch(seed):
    expected, got = _random_inplace(torch, seed), _random_inplace(funcgrad, seed)
    if not np.isfinite(expected["h"]).all():
        pytest.skip("overflows in float32")
    _compare(expected, got, f"inplace{seed}")
