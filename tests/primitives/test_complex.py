"""Spec tables and tests for primitives/complex.py and for complex values through the engine.

The documented convention is JAX's: vjp is the plain transpose of the jvp under the
pairing ⟨u, v⟩ = Re Σ u·v, so grad of a real-valued L(z) is ∂L/∂x − i·∂L/∂y (the
conjugate of PyTorch's; HIPS autograd agrees with JAX). check_grads draws complex
directions and cotangents for complex arrays, so every spec here exercises the
imaginary directions too.
"""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads
from tests.primitives.spec import Spec, draw_args

COMPLEX = ("complex128", "complex64")
ALL = ("float64", "float32", "complex128", "complex64")
LOOSE = {"complex64": 5e-2, "float32": 5e-2}


# ---- drawing complex arguments (shared with test_linalg and test_fft) -------------

def draw_any(spec, dtype, rng, shapes=None):
    """Arguments for spec in `dtype`; complex values get independent real and imaginary
    parts from spec.domain (each kept away from spec.away_from)."""
    if np.dtype(dtype).kind != "c":
        return draw_args(spec, dtype, rng, shapes)
    re = draw_args(spec, "float64", rng, shapes)
    im = draw_args(spec, "float64", rng, shapes)
    return tuple((r + 1j * i).astype(dtype) for r, i in zip(re, im))


def run_any(spec, dtype, seed=0, shapes=None):
    """run_spec for real and complex dtypes alike."""
    args = draw_any(spec, dtype, np.random.default_rng(seed), shapes)
    check_grads(spec.fn, args, modes=spec.modes, order=spec.order,
                tol=spec.tol.get(dtype), seed=seed)


def cases(specs):
    return [pytest.param(s, d, id=f"{s.name}-{d}") for s in specs for d in s.dtypes]


# ---- spec table --------------------------------------------------------------------

def real_of_square(z): return fnp.real(z * z)
def imag_of_exp(z): return fnp.imag(fnp.exp(z))
def conj_times(z): return fnp.conj(z) * z[::-1]
def modulus(z): return fnp.abs(z)
def modulus_squared(z): return fnp.abs(z) ** 2
def angle(z): return fnp.angle(z)
def mixed_product(x, z): return x * z                    # real x: cotangent's real part
def from_parts(x, y): return fnp.abs(x + 1j * y) + fnp.real(fnp.exp(1j * x) * y)
def holomorphic_chain(z): return fnp.sin(z) * fnp.exp(z) / (z * z + 3.0) - fnp.tanh(z)
def complex_reductions(z): return fnp.sum(z * z, axis=0) + fnp.prod(z, axis=1)[0] + fnp.mean(z)
def complex_matmul(a, b): return fnp.matmul(a, b) + fnp.einsum("ij,jk->ik", a, b)


def _unary(name, domain=(-1.5, 1.5)):
    return Spec(f"{name}-complex", getattr(fnp, name), ((2, 3),), (name,), domain=domain,
                dtypes=COMPLEX, tol=LOOSE)


SPECS = [
    Spec("real", fnp.real, ((2, 3),), ("real",), dtypes=COMPLEX),
    Spec("real-of-square", real_of_square, ((4,),), ("real",), dtypes=COMPLEX),
    Spec("imag", fnp.imag, ((2, 3),), ("imag",), dtypes=COMPLEX),
    Spec("imag-of-exp", imag_of_exp, ((4,),), ("imag",), dtypes=COMPLEX),
    Spec("conj", fnp.conj, ((2, 3),), ("conj",), dtypes=COMPLEX),
    Spec("conj-times", conj_times, ((4,),), ("conj",), dtypes=COMPLEX),
    Spec("abs", modulus, ((2, 3),), ("complex_abs",), away_from=(0.0,), dtypes=COMPLEX, tol=LOOSE),
    Spec("abs-squared", modulus_squared, ((5,),), ("complex_abs",), dtypes=COMPLEX, tol=LOOSE),
    Spec("angle", angle, ((5,),), ("arctan2", "real", "imag"), away_from=(0.0,),
         dtypes=COMPLEX, tol=LOOSE),
    Spec("mixed-product", mixed_product, ((3,), (2, 3)), ("multiply",), dtypes=COMPLEX),
    Spec("from-real-parts", from_parts, ((4,), (4,)), ("complex_abs", "real"), away_from=(0.0,),
         tol=LOOSE),
    Spec("holomorphic-chain", holomorphic_chain, ((2, 3),), ("sin", "exp", "tanh"),
         dtypes=COMPLEX, tol=LOOSE),
    Spec("reductions", complex_reductions, ((3, 2),), ("sum", "prod"), dtypes=COMPLEX),
    Spec("matmul", complex_matmul, ((2, 3), (3, 2)), ("matmul", "einsum"), dtypes=COMPLEX),
    _unary("exp"), _unary("sin"), _unary("cos"), _unary("tan", (-0.6, 0.6)),
    _unary("sinh"), _unary("cosh"), _unary("tanh", (-0.6, 0.6)), _unary("expm1"),
    _unary("log", (0.3, 2.0)), _unary("log1p", (0.0, 2.0)), _unary("sqrt", (0.3, 2.0)),
    _unary("reciprocal", (0.3, 2.0)), _unary("square"),
]


@pytest.mark.parametrize("spec, dtype", cases(SPECS))
def test_spec(spec, dtype):
    run_any(spec, dtype)


# ---- the convention, stated as values ------------------------------------------------

Z = np.array([1.0 + 2.0j, -0.5 + 0.3j, 0.2 - 1.1j])
W = np.array([0.3 - 0.7j, 1.5 + 0.1j, -2.0 + 0.4j])


def test_grad_of_modulus_squared_is_twice_the_conjugate():
    g = fg.grad(lambda z: fnp.sum(fnp.abs(z) ** 2))(Z)
    np.testing.assert_allclose(g, 2 * np.conj(Z))
    g = fg.grad(lambda z: fnp.sum(fnp.real(z * fnp.conj(z))))(Z)
    np.testing.assert_allclose(g, 2 * np.conj(Z))


def test_grad_of_real_part_of_holomorphic_is_its_derivative():
    # L = Re(z·w): ∂L/∂x − i·∂L/∂y = w
    np.testing.assert_allclose(fg.grad(lambda z: fnp.sum(fnp.real(z * W)))(Z), W)
    # L = Im(z·w): Im(zw) = x·Im w + y·Re w, so the gradient is Im w − i·Re w = −i·w
    np.testing.assert_allclose(fg.grad(lambda z: fnp.sum(fnp.imag(z * W)))(Z), -1j * W)


def test_vjp_of_holomorphic_is_unconjugated():
    out, pullback = fg.vjp(fnp.exp, Z)
    (ct,) = pullback(W)
    np.testing.assert_allclose(ct, W * np.exp(Z))            # ct·f'(z), no conjugation
    _, tangent = fg.jvp(fnp.exp, (Z,), (W,))
    np.testing.assert_allclose(tangent, np.exp(Z) * W)


def test_vjp_of_conj_and_modulus():
    (ct,) = fg.vjp(fnp.conj, Z)[1](W)
    np.testing.assert_allclose(ct, np.conj(W))
    g = fg.grad(lambda z: fnp.sum(fnp.abs(z)))(Z)
    np.testing.assert_allclose(g, np.conj(Z) / np.abs(Z))


def test_modulus_at_zero_has_zero_subgradient():
    z = np.array([0j, 1 + 1j])
    g = fg.grad(lambda z: fnp.sum(fnp.abs(z)))(z)
    np.testing.assert_allclose(g, [0, (1 - 1j) / np.sqrt(2)])
    _, t = fg.jvp(fnp.abs, (z,), (np.array([1 + 2j, 0j]),))
    np.testing.assert_allclose(t, [0, 0])


def test_real_input_gets_a_real_cotangent():
    x = np.array([0.3, -1.2, 2.0])
    g = fg.grad(lambda x: fnp.sum(fnp.real(fnp.exp(1j * x))))(x)
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, -np.sin(x))
    g32 = fg.grad(lambda x: fnp.sum(fnp.abs(x * (1 + 1j))))(x.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, np.sqrt(2) * np.sign(x), rtol=1e-6)


def test_complex_hessian_of_real_loss():
    # L = Σ |z|⁴/4: grad = |z|²·z̄; its jvp along v is 2 Re(z̄ v)·z̄ + |z|²·v̄
    def grad_l(z):
        return fg.grad(lambda z: fnp.sum(fnp.abs(z) ** 4) / 4)(z)
    v = W
    _, t = fg.jvp(grad_l, (Z,), (v,))
    expected = 2 * np.real(np.conj(Z) * v) * np.conj(Z) + np.abs(Z) ** 2 * np.conj(v)
    np.testing.assert_allclose(t, expected)


def test_real_imag_conj_on_real_inputs_follow_numpy():
    x = np.array([1.0, -2.0])
    assert fnp.real(x) is x or np.array_equal(fnp.real(x), x)
    np.testing.assert_array_equal(fnp.imag(x), np.zeros(2))
    np.testing.assert_array_equal(fnp.conj(x), x)
    np.testing.assert_allclose(fnp.angle(np.array([1.0, -1.0])), [0, np.pi])
    np.testing.assert_allclose(fnp.angle(Z, deg=True), np.angle(Z, deg=True))
    g = fg.grad(lambda x: fnp.sum(fnp.imag(x) + fnp.angle(x) + fnp.real(x)))(x)
    np.testing.assert_allclose(g, [1.0, 1.0])


def test_eager_values_match_numpy():
    for name in ("real", "imag", "conj", "conjugate", "abs", "absolute", "angle"):
        np.testing.assert_allclose(getattr(fnp, name)(Z), getattr(np, name)(Z))


def test_tracer_attributes():
    def f(z):
        return fnp.sum(z.real * z.imag + fnp.abs(z.conj()))
    check_grads(f, (Z,), order=2)


# ---- differential tests against HIPS autograd and PyTorch ----------------------------

def _loss(m, z):
    return m.sum(m.abs(m.exp(z) * z - 1.0) ** 2) + m.sum(m.real(m.sin(z) * m.conj(z)))


def test_against_hips_autograd():
    autograd = pytest.importorskip("autograd")
    import autograd.numpy as anp
    expected = autograd.grad(lambda z: _loss(anp, z))(Z)
    np.testing.assert_allclose(fg.grad(lambda z: _loss(fnp, z))(Z), expected, rtol=1e-10)


def test_against_pytorch_is_conjugate():
    torch = pytest.importorskip("torch")
    t = torch.tensor(Z, requires_grad=True)
    loss = (torch.abs(torch.exp(t) * t - 1.0) ** 2).sum() + torch.real(torch.sin(t) * torch.conj(t)).sum()
    loss.backward()
    ours = fg.grad(lambda z: _loss(fnp, z))(Z)
    np.testing.assert_allclose(ours, np.conj(t.grad.numpy()), rtol=1e-10)
