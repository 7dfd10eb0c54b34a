"""Numerics at the edges: documented gradients at kinks and ties, no overflow at ±1000, and
float32 accuracy over a million values. Both styles; PyTorch's numbers where it is installed.

At points where a function is not differentiable funcgrad returns a fixed, documented
value (the table below; docs/guarantees.md lists it): the same as PyTorch's in every row
except those marked. Stable primitives (softplus, sigmoid, logsumexp, softmax) give exact,
finite values and gradients at ±1000. Sums, means, variances, dot products and broadcasts
of 10^6 float32 values stay within 10^-6 (relative) of float64 in value and gradient,
and float32 stays float32.
"""
import warnings

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp

INF, NAN = np.inf, np.nan


# (name, functional f, Tensor f (module m, tensor t), x, expected gradient)
EDGES = [
    ("abs at 0", lambda x: fnp.sum(fnp.abs(x)), lambda m, t: t.abs(), [0.0, 1.0, -1.0], [0, 1, -1]),
    ("sqrt at 0", lambda x: fnp.sum(fnp.sqrt(x)), lambda m, t: t.sqrt(), [0.0, 4.0], [INF, 0.25]),
    ("norm at 0 (defined as 0)", lambda x: fnp.linalg.norm(x), lambda m, t: t.norm(), [0.0, 0.0], [0, 0]),
    ("sqrt(sum(x²)) at 0 is 0·inf", lambda x: fnp.sqrt(fnp.sum(x * x)),
     lambda m, t: (t * t).sum().sqrt(), [0.0, 0.0], [NAN, NAN]),
    ("relu as maximum(x, 0): a tie splits", lambda x: fnp.sum(fnp.maximum(x, 0.0)),
     lambda m, t: m.maximum(t, m.zeros_like(t)), [0.0, 1.0, -1.0], [0.5, 1, 0]),
    ("relu(): 0 at 0", None, lambda m, t: t.relu(), [0.0, 1.0, -1.0], [0, 1, 0]),
    ("maximum(x, flip(x)): ties split", lambda x: fnp.sum(fnp.maximum(x, x[::-1])),
     lambda m, t: m.maximum(t, t.flip(0)), [1.0, 2.0, 1.0], [1, 1, 1]),
    ("max with a tie: split evenly", lambda x: fnp.max(x), lambda m, t: t.max(), [3.0, 1.0, 3.0],
     [0.5, 0, 0.5]),
    ("amax with a tie", lambda x: fnp.max(x, axis=0), lambda m, t: t.amax(0), [3.0, 1.0, 3.0],
     [0.5, 0, 0.5]),
    ("min with a tie", lambda x: fnp.min(x), lambda m, t: t.min(), [1.0, 1.0, 3.0], [0.5, 0.5, 0]),
    ("clip at its bounds: 1", lambda x: fnp.sum(fnp.clip(x, 0.0, 1.0)),
     lambda m, t: t.clamp(0.0, 1.0), [0.0, 1.0, 0.5], [1, 1, 1]),
    ("sign: 0 everywhere", lambda x: fnp.sum(fnp.sign(x) * 3), lambda m, t: t.sign() * 3,
     [0.0, 2.0], [0, 0]),
    ("x**0 at 0", lambda x: fnp.sum(fnp.power(x, 0.0)), lambda m, t: t.pow(0.0), [0.0, 2.0], [0, 0]),
    ("x**0.5 at 0", lambda x: fnp.sum(fnp.power(x, 0.5)), lambda m, t: t.pow(0.5), [0.0, 4.0],
     [INF, 0.25]),
    ("log at 0", lambda x: fnp.sum(fnp.log(x)), lambda m, t: t.log(), [0.0, 1.0], [INF, 1]),
    ("x / 0.0", lambda x: fnp.sum(x / 0.0), lambda m, t: t / 0.0, [1.0, 0.0], [INF, INF]),
    ("prod with one zero", lambda x: fnp.prod(x), lambda m, t: t.prod(), [2.0, 0.0, 3.0], [0, 6, 0]),
    ("prod with two zeros", lambda x: fnp.prod(x), lambda m, t: t.prod(), [0.0, 0.0, 3.0], [0, 0, 0]),
    ("where leaks the untaken branch's nan (as everywhere)",
     lambda x: fnp.sum(fnp.where(x > 0, fnp.sqrt(x), 0.0)),
     lambda m, t: m.where(t > 0, t.sqrt(), 0.0), [-1.0, 4.0], [NAN, 0.25]),
    ("softplus at ±1000", lambda x: fnp.sum(fnp.softplus(x)),
     lambda m, t: m.nn.functional.softplus(t), [-1000.0, 0.0, 1000.0], [0, 0.5, 1]),
    ("sigmoid at ±1000", lambda x: fnp.sum(fnp.sigmoid(x)), lambda m, t: t.sigmoid(),
     [-1000.0, 0.0, 1000.0], [0, 0.25, 0]),
    ("tanh at ±1000", lambda x: fnp.sum(fnp.tanh(x)), lambda m, t: t.tanh(), [1000.0, -1000.0], [0, 0]),
    ("logsumexp at ±1000", lambda x: fnp.logsumexp(x), lambda m, t: t.logsumexp(0),
     [-1000.0, 1000.0, 999.0], [0, 1 / (1 + np.exp(-1)), 1 / (1 + np.e)]),
    ("softmax at ±1000", lambda x: fnp.softmax(x)[0], lambda m, t: t.softmax(0)[0],
     [1000.0, 0.0, -1000.0], [0, 0, 0]),
    ("log_softmax at ±1000", lambda x: fnp.log_softmax(x)[2], lambda m, t: t.log_softmax(0)[2],
     [1000.0, 0.0, -1000.0], [-1, 0, 1]),
]

# rows where funcgrad (both styles) deliberately or currently differs from PyTorch
DIFFERS_FROM_TORCH = {
    "logsumexp of all -inf": ("documented: funcgrad's gradient is 0 (value -inf); PyTorch's is nan",
                              lambda x: fnp.logsumexp(x), lambda m, t: t.logsumexp(0),
                              [-INF, -INF], [0, 0]),
}

# Where the two styles follow their models: the functional core JAX's rule (nan), the
# facade PyTorch's special case (0).
STYLES_DIFFER = {
    "std of a constant": (lambda x: fnp.std(x), lambda m, t: t.std(unbiased=False),
                          [2.0, 2.0], [NAN, NAN], [0.0, 0.0]),
    "arctan2 at (0, 0)": (lambda x: fnp.arctan2(x[0], x[1]), lambda m, t: m.atan2(t[0], t[1]),
                          [0.0, 0.0], [NAN, NAN], [0.0, 0.0]),
}


def _functional(f, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fg.grad(f)(np.asarray(x, dtype=np.float64))


def _tensor(m, f, x):
    t = m.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f(m, t).sum().backward()
    return t.grad.detach().numpy() if m is not fg else t.grad.numpy()


def _same(got, expected):
    np.testing.assert_allclose(np.asarray(got, float), np.asarray(expected, float), rtol=1e-12,
                               atol=1e-300, equal_nan=True)


@pytest.mark.parametrize("name, f, tf, x, expected", EDGES, ids=[e[0] for e in EDGES])
def test_documented_gradient_at_the_edge(name, f, tf, x, expected):
    if f is not None:
        _same(_functional(f, x), expected)
    _same(_tensor(fg, tf, x), expected)


@pytest.mark.parametrize("name, f, tf, x, expected", EDGES, ids=[e[0] for e in EDGES])
def test_edge_gradients_are_pytorchs(name, f, tf, x, expected):
    torch = pytest.importorskip("torch")
    _same(_tensor(torch, tf, x), expected)


@pytest.mark.parametrize("name", sorted(DIFFERS_FROM_TORCH))
def test_documented_differences_from_pytorch(name):
    reason, f, tf, x, expected = DIFFERS_FROM_TORCH[name]
    _same(_functional(f, x), expected)
    _same(_tensor(fg, tf, x), expected)


@pytest.mark.parametrize("name", sorted(STYLES_DIFFER))
def test_functional_follows_jax_and_facade_follows_pytorch(name):
    f, tf, x, functional, facade = STYLES_DIFFER[name]
    _same(_functional(f, x), functional)
    _same(_tensor(fg, tf, x), facade)


@pytest.mark.parametrize("name", sorted(STYLES_DIFFER))
def test_facade_matches_pytorch_where_pytorch_special_cases(name):
    torch = pytest.importorskip("torch")
    _, tf, x, _, facade = STYLES_DIFFER[name]
    _same(_tensor(torch, tf, x), facade)


def test_no_overflow_in_values_at_1000():
    x = np.array([-1000.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # not even an overflow warning
        np.testing.assert_array_equal(fnp.softplus(x), [0.0, 1000.0])
        np.testing.assert_array_equal(fnp.sigmoid(x), [0.0, 1.0])
        assert float(fnp.logsumexp(x)) == 1000.0
        np.testing.assert_array_equal(fnp.softmax(x), [0.0, 1.0])
        np.testing.assert_array_equal(fnp.log_softmax(x), [-2000.0, 0.0])
        t = fg.tensor(x)
        np.testing.assert_array_equal(fg.nn.functional.softplus(t).numpy(), [0.0, 1000.0])
        np.testing.assert_array_equal(t.sigmoid().numpy(), [0.0, 1.0])
        assert t.logsumexp(0).item() == 1000.0
        np.testing.assert_array_equal(t.log_softmax(0).numpy(), [-2000.0, 0.0])


def test_second_derivatives_stay_finite_in_the_tails():
    for f in (fnp.softplus, fnp.sigmoid, fnp.tanh):
        h = fg.grad(fg.grad(lambda v: f(v)))
        for v in (-1000.0, 1000.0, -40.0, 40.0):
            assert np.isfinite(h(v)), (f, v)
    # the sigmoid's derivative keeps relative accuracy deep in the tail
    np.testing.assert_allclose(fg.grad(fnp.sigmoid)(-40.0), np.exp(-40.0), rtol=1e-12)
    np.testing.assert_allclose(fg.grad(fnp.sigmoid)(40.0), np.exp(-40.0), rtol=1e-12)


def test_the_double_where_trick_gives_a_clean_gradient():
    def safe_sqrt(x):
        positive = x > 0
        return fnp.where(positive, fnp.sqrt(fnp.where(positive, x, 1.0)), 0.0)
    np.testing.assert_array_equal(fg.grad(lambda x: fnp.sum(safe_sqrt(x)))(np.array([-1.0, 4.0])),
                                  [0.0, 0.25])


# ---- float32 over 10^6 values --------------------------------------------------------

N = 10 ** 6
_RNG = np.random.default_rng(0)
X64 = _RNG.uniform(0.0, 1.0, N)
W64 = _RNG.uniform(0.5, 1.5, N)
X32, W32 = X64.astype(np.float32), W64.astype(np.float32)

REDUCTIONS = [
    ("sum", lambda x, w: fnp.sum(x), 1e-6),
    ("mean", lambda x, w: fnp.mean(x), 1e-6),
    ("var", lambda x, w: fnp.var(x), 1e-6),
    ("std", lambda x, w: fnp.std(x), 1e-6),
    ("logsumexp", lambda x, w: fnp.logsumexp(x), 1e-6),
    ("weighted sum", lambda x, w: fnp.sum(x * w), 1e-6),
    ("dot", lambda x, w: fnp.dot(x, w), 2e-6),
]


def _rel(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


@pytest.mark.parametrize("name, f, tol", REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
def test_float32_reductions_of_a_million_values(name, f, tol):
    v32, g32 = fg.value_and_grad(f)(X32, W32)
    v64, g64 = fg.value_and_grad(f)(X64, W64)
    assert np.asarray(v32).dtype == np.float32 and g32.dtype == np.float32
    assert _rel(v32, v64) < tol, f"value: relative error {_rel(v32, v64):.2e}"
    assert _rel(g32, g64) < tol, f"gradient: relative error {_rel(g32, g64):.2e}"


def test_float32_gradient_summed_over_a_million_broadcast_uses():
    g32 = fg.grad(lambda s: fnp.sum(s * W32))(np.float32(0.7))
    assert g32.dtype == np.float32
    assert _rel(g32, W64.sum()) < 1e-6
    s = fg.tensor(np.float32(0.7), requires_grad=True)
    (s * fg.tensor(W32)).sum().backward()
    assert s.grad.dtype == fg.float32 and _rel(s.grad.item(), W64.sum()) < 1e-6


def test_float32_tensor_reductions_of_a_million_values():
    for reduce, ref_value, ref_grad in (
            (lambda t: t.sum(), X64.sum(), np.ones(N)),
            (lambda t: t.mean(), X64.mean(), np.full(N, 1.0 / N)),
            (lambda t: t.var(), X64.var(ddof=1), 2 * (X64 - X64.mean()) / (N - 1))):
        t = fg.tensor(X32, requires_grad=True)
        out = reduce(t)
        out.backward()
        assert out.dtype == fg.float32 and t.grad.dtype == fg.float32
        assert _rel(out.item(), ref_value) < 1e-6
        assert _rel(t.grad.numpy(), ref_grad) < 1e-6


def test_float32_cumsum_of_a_million_values_is_sequential_but_bounded():
    # numpy's cumsum accumulates sequentially (sum and mean are pairwise): the error of the
    # last partial sum grows with n but stays far below float32's n·eps bound
    _, tangent = fg.jvp(fnp.cumsum, (X32,), (np.ones(N, np.float32),))
    assert tangent.dtype == np.float32
    assert _rel(fnp.cumsum(X32)[-1], X64.sum()) < 1e-4
    assert _rel(tangent[-1], N) < 1e-6
