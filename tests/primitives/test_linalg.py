"""Spec tables and tests for primitives/linalg.py through funcgrad.numpy.linalg.

Inputs that must be special are made so inside the function: well-conditioned
(a + 3I), symmetric (a + aᵀ), symmetric positive definite (a·aᵀ + 3I). Outputs
defined only up to sign (eigenvectors, singular vectors) are made sign-invariant.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads
from tests.primitives.spec import Spec
from tests.primitives.test_complex import cases, run_any

la = fnp.linalg
REAL = ("float64", "float32")
COMPLEX = ("complex128", "complex64")
F32 = {"float32": 5e-2, "complex64": 5e-2}


def _eye(a):
    return np.eye(a.shape[-1])


def _swap(a):
    return fnp.swapaxes(a, -1, -2)


def well(a): return a + 3 * _eye(a)
def sym(a): return a + _swap(a)
def spd(a): return a @ _swap(a) + 3 * _eye(a)


def inv(a): return la.inv(well(a))
def solve(a, b): return la.solve(well(a), b)
def det(a): return la.det(well(a))
def det_raw(a): return la.det(a)
def slogdet(a): return tuple(la.slogdet(well(a)))
def cholesky(a): return la.cholesky(spd(a))
def cholesky_upper(a): return la.cholesky(spd(a), upper=True)
def eigvalsh(a): return la.eigvalsh(sym(a))
def eig(a): return tuple(la.eig(a))
def eigvals(a): return la.eigvals(a)
def svdvals(a): return la.svd(a, compute_uv=False)
def qr(a): return tuple(la.qr(a))
def qr_r(a): return la.qr(a, mode="r")
def pinv(a): return la.pinv(a)
def matrix_power(a): return la.matrix_power(a, 3) + la.matrix_power(well(a), -2)
def multi_dot(a, b, v): return la.multi_dot([v, a, b, a])
def tensorinv(a): return la.tensorinv(fnp.reshape(a, (2, 2, 4)) + np.eye(4).reshape(2, 2, 4) * 3, ind=2)
def cond(a): return la.cond(well(a))


def eigh(a):
    w, v = la.eigh(sym(a))
    return w, v * v[..., :1, :]              # each column times its first entry: sign-free


def eigh_upper(a):
    w, v = la.eigh(sym(a), UPLO="U")
    return w, v * v[..., :1, :]


def svd(a):
    u, s, vh = la.svd(a, full_matrices=False)
    sign = fnp.sign(u[..., :1, :])           # a constant: fix each pair's sign
    return u * sign, s, vh * _swap(sign)


def svd_square_full(a):
    u, s, vh = la.svd(a)                     # full_matrices=True is fine for square a
    return fnp.abs(u), s


def gp_like(a, y):
    """A Gaussian-likelihood-shaped composite: log det and a quadratic form through cholesky."""
    low = la.cholesky(spd(a))
    alpha = la.solve(low, y)
    return fnp.sum(alpha * alpha) + 2 * fnp.sum(fnp.log(fnp.abs(fnp.einsum("...ii->...i", low))))


def lstsq(a, b):
    x, residuals, rank, s = la.lstsq(a, b)
    return x, residuals, s


def lstsq_vector(a, b):
    return la.lstsq(a, b)[0]


def _norm(ord=None, axis=None, keepdims=False):
    def f(x): return la.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    return f


def _norm_spec(label, shape, ord=None, axis=None, keepdims=False, prims=("vector_norm",), **kw):
    kw.setdefault("away_from", (0.0,))
    return Spec(f"norm-{label}", _norm(ord, axis, keepdims), (shape,), prims, tol=F32, **kw)


SPECS = [
    Spec("inv", inv, ((3, 3),), ("inv",)),
    Spec("inv-batched", inv, ((2, 3, 3),), ("inv",)),
    Spec("inv-complex", inv, ((2, 3, 3),), ("inv",), dtypes=COMPLEX, tol=F32),
    Spec("solve", solve, ((3, 3), (3, 2)), ("solve",)),
    Spec("solve-vector", solve, ((3, 3), (3,)), ("solve",)),
    Spec("solve-broadcast", solve, ((2, 1, 3, 3), (4, 3, 2)), ("solve",)),
    Spec("solve-complex", solve, ((2, 3, 3), (3, 1)), ("solve",), dtypes=COMPLEX, tol=F32),
    Spec("det", det, ((3, 3),), ("det", "adjugate")),
    Spec("det-batched", det, ((2, 3, 3),), ("det", "adjugate"), tol=F32),
    Spec("det-raw-1x1", det_raw, ((4, 1, 1),), ("det", "adjugate")),
    Spec("det-complex", det, ((2, 3, 3),), ("det", "adjugate"), dtypes=COMPLEX, tol=F32),
    Spec("slogdet", slogdet, ((2, 3, 3),), ("slogdet",)),
    Spec("slogdet-complex", slogdet, ((3, 3),), ("slogdet",), dtypes=COMPLEX, tol=F32),
    Spec("cholesky", cholesky, ((3, 3),), ("cholesky", "linalg_mask"), tol=F32),
    Spec("cholesky-batched", cholesky_upper, ((2, 4, 4),), ("cholesky",), tol=F32),
    Spec("gp-like", gp_like, ((3, 3), (3,)), ("cholesky", "solve"), tol=F32),
    Spec("eigh", eigh, ((3, 3),), ("eigh",), tol=F32),
    Spec("eigh-batched", eigh_upper, ((2, 3, 3),), ("eigh",), tol=F32),
    Spec("eigvalsh", eigvalsh, ((2, 4, 4),), ("eigh",), tol=F32),
    Spec("eig", eig, ((3, 3),), ("eig",), dtypes=REAL + COMPLEX, tol=F32),
    Spec("eigvals-batched", eigvals, ((2, 3, 3),), ("eig",), dtypes=REAL + COMPLEX, tol=F32),
    Spec("svd-tall", svd, ((4, 3),), ("svd",), tol=F32),
    Spec("svd-wide", svd, ((3, 4),), ("svd",), tol=F32),
    Spec("svd-batched", svd, ((2, 3, 3),), ("svd",), tol=F32),
    Spec("svd-square-full", svd_square_full, ((3, 3),), ("svd",), tol=F32),
    Spec("svdvals", svdvals, ((2, 3, 5),), ("svd",), tol=F32),
    Spec("qr-tall", qr, ((4, 3),), ("qr",), tol=F32),
    Spec("qr-square-batched", qr, ((2, 3, 3),), ("qr",), tol=F32),
    Spec("qr-wide", qr, ((3, 5),), ("qr",), tol=F32),
    Spec("qr-r", qr_r, ((4, 2),), ("qr",), tol=F32),
    Spec("pinv-tall", pinv, ((4, 3),), ("pinv",), tol=F32),
    Spec("pinv-wide-batched", pinv, ((2, 3, 4),), ("pinv",), tol=F32),
    Spec("lstsq", lstsq, ((5, 3), (5, 2)), ("pinv", "svd"), tol=F32),
    Spec("lstsq-vector", lstsq_vector, ((5, 3), (5,)), ("pinv",), tol=F32),
    Spec("matrix-power", matrix_power, ((2, 3, 3),), ("matmul", "inv"), tol=F32),
    Spec("matrix-power-complex", matrix_power, ((3, 3),), ("matmul", "inv"), dtypes=COMPLEX, tol=F32),
    Spec("multi-dot", multi_dot, ((3, 3), (3, 3), (3,)), ("matmul",)),
    Spec("tensorinv", tensorinv, ((4, 4),), ("inv",), tol=F32),
    Spec("cond", cond, ((3, 3),), ("svd",), tol=F32),
    _norm_spec("default", (5,)),
    _norm_spec("default-nd", (2, 3, 2), keepdims=True),
    _norm_spec("fro", (3, 4), "fro"),
    _norm_spec("2-axis", (3, 4), 2, axis=1, keepdims=True),
    _norm_spec("1", (5,), 1, prims=("complex_abs",)),
    _norm_spec("3", (5,), 3),
    _norm_spec("0.5", (4,), 0.5),
    _norm_spec("-1", (4,), -1),
    _norm_spec("inf", (5,), np.inf, prims=("max",)),
    _norm_spec("-inf", (5,), -np.inf, prims=("min",)),
    _norm_spec("mat-1", (3, 4), 1),
    _norm_spec("mat--1", (3, 4), -1),
    _norm_spec("mat-inf", (3, 4), np.inf),
    _norm_spec("mat--inf", (2, 3, 4), -np.inf, axis=(2, 1)),
    _norm_spec("mat-2", (3, 4), 2, prims=("svd",)),
    _norm_spec("mat--2", (4, 3), -2, prims=("svd",)),
    _norm_spec("nuc", (2, 3, 4), "nuc", axis=(0, 2), keepdims=True, prims=("svd",)),
    _norm_spec("fro-axes", (2, 3, 4), "fro", axis=(2, 0)),
    _norm_spec("complex-2", (2, 3), 2, axis=0, dtypes=COMPLEX),
    _norm_spec("complex-fro", (2, 3), "fro", dtypes=COMPLEX),
    _norm_spec("complex-3", (4,), 3, dtypes=COMPLEX),
    _norm_spec("complex-inf", (4,), np.inf, dtypes=COMPLEX),
]

COVERED_ELSEWHERE = {"linalg_mask"}


@pytest.mark.parametrize("spec, dtype", cases(SPECS))
def test_spec(spec, dtype):
    run_any(spec, dtype)


# ---- values match numpy (eager) -----------------------------------------------------

def _values(name, fn, *shapes, dtype="float64"):
    return pytest.param(fn, shapes, dtype, id=f"{name}-{dtype}")


VALUE_CASES = [
    _values("inv", lambda m, a: m.linalg.inv(well(a)), (2, 3, 3)),
    _values("solve", lambda m, a, b: m.linalg.solve(well(a), b), (2, 1, 3, 3), (4, 3, 2)),
    _values("solve-vec", lambda m, a, b: m.linalg.solve(well(a), b), (2, 3, 3), (3,)),
    _values("det", lambda m, a: m.linalg.det(a), (2, 3, 3)),
    _values("det-c", lambda m, a: m.linalg.det(a), (3, 3), dtype="complex128"),
    _values("slogdet", lambda m, a: tuple(m.linalg.slogdet(a)), (2, 3, 3)),
    _values("cholesky", lambda m, a: m.linalg.cholesky(a @ _swap_np(a) + 3 * _eye(a), upper=True), (2, 3, 3)),
    _values("eigvalsh", lambda m, a: m.linalg.eigvalsh(a), (2, 3, 3)),
    _values("svdvals", lambda m, a: m.linalg.svd(a, compute_uv=False), (2, 3, 4)),
    _values("qr-r", lambda m, a: m.linalg.qr(a, mode="r"), (3, 5)),
    _values("qr", lambda m, a: tuple(m.linalg.qr(a)), (5, 3)),
    _values("pinv", lambda m, a: m.linalg.pinv(a), (2, 3, 4)),
    _values("matrix_power", lambda m, a: m.linalg.matrix_power(well(a), -3), (2, 3, 3)),
    _values("matrix_power0", lambda m, a: m.linalg.matrix_power(a, 0), (3, 3)),
    _values("multi_dot", lambda m, a, v: m.linalg.multi_dot([v, a, a, v]), (3, 3), (3,)),
    _values("lstsq", lambda m, a, b: m.linalg.lstsq(a, b)[0], (5, 3), (5,)),
    _values("lstsq-res", lambda m, a, b: m.linalg.lstsq(a, b)[1], (5, 3), (5, 2)),
    _values("tensorinv", lambda m, a: m.linalg.tensorinv(well(a).reshape(2, 2, 4), ind=2), (4, 4)),
    _values("cond-1", lambda m, a: m.linalg.cond(a, 1), (3, 3)),
    _values("vector_norm", lambda m, a: m.linalg.vector_norm(a, ord=3, axis=1), (3, 4)),
    _values("matrix_norm", lambda m, a: m.linalg.matrix_norm(a, ord="nuc"), (2, 3, 4)),
    _values("matmul-fallback", lambda m, a: m.linalg.matmul(a, a), (3, 3)),
]


def _swap_np(a):
    return np.swapaxes(a, -1, -2) if isinstance(a, np.ndarray) else _swap(a)


NORM_ORDS = [None, "fro", "nuc", np.inf, -np.inf, 1, -1, 2, -2]


@pytest.mark.parametrize("fn, shapes, dtype", VALUE_CASES)
def test_values_match_numpy(fn, shapes, dtype):
    rng = np.random.default_rng(1)
    args = [rng.uniform(-2, 2, s).astype(dtype) for s in shapes]
    if np.dtype(dtype).kind == "c":
        args = [a + 1j * rng.uniform(-2, 2, a.shape) for a in args]
    got, want = fn(fnp, *args), fn(np, *args)
    for g, w in zip(fg.tree.leaves(got), fg.tree.leaves(want)):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("ord", NORM_ORDS + [0, 3, 0.5, -1.5])
def test_norm_values_match_numpy(ord):
    rng = np.random.default_rng(2)
    v, m, t = rng.standard_normal(5), rng.standard_normal((3, 4)), rng.standard_normal((2, 3, 4))
    if ord not in ("fro", "nuc"):
        np.testing.assert_allclose(la.norm(v, ord), np.linalg.norm(v, ord))
        np.testing.assert_allclose(la.norm(t, ord, axis=1, keepdims=True),
                                   np.linalg.norm(t, ord, axis=1, keepdims=True))
    if ord in NORM_ORDS:
        np.testing.assert_allclose(la.norm(m, ord), np.linalg.norm(m, ord))
        np.testing.assert_allclose(la.norm(t, ord, axis=(2, 0), keepdims=True),
                                   np.linalg.norm(t, ord, axis=(2, 0), keepdims=True))
    np.testing.assert_allclose(la.norm(t), np.linalg.norm(t))


def test_eig_is_always_complex_and_matches_numpy():
    a = np.diag([1.0, 2.0, 3.0]) + np.triu(np.ones((3, 3)), 1)
    w, v = la.eig(a)
    assert w.dtype == np.complex128 and v.dtype == np.complex128
    w_np, v_np = np.linalg.eig(a)
    np.testing.assert_allclose(w, w_np)
    np.testing.assert_allclose(v, v_np)
    assert la.eig(a.astype(np.float32))[0].dtype == np.complex64


# ---- numerics: singular, repeated, zero --------------------------------------------------

def test_det_gradient_at_singular_matrix_is_the_cofactor_matrix():
    a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])   # rank 2
    cof = np.array([[-3.0, 6.0, -3.0], [6.0, -12.0, 6.0], [-3.0, 6.0, -3.0]])
    np.testing.assert_allclose(fg.grad(la.det)(a), cof, atol=1e-12)
    rank1 = np.outer([1.0, 2.0], [3.0, 4.0])
    np.testing.assert_allclose(fg.grad(la.det)(rank1), [[8.0, -6.0], [-4.0, 3.0]], atol=1e-12)
    check_grads(la.det, (a,), order=1)


def test_eigh_with_repeated_eigenvalues():
    a = np.diag([1.0, 1.0, 2.0])
    # symmetric functions of the eigenvalues: exact to first order
    np.testing.assert_allclose(fg.grad(lambda a: fnp.sum(la.eigvalsh(a) ** 2))(a), 2 * a)
    check_grads(lambda a: fnp.sum(fnp.exp(la.eigvalsh(sym(a)))), (a,), order=1)

    def projector(a):                        # onto the repeated eigenspace: exact
        v = la.eigh(sym(a) / 2)[1][:, :2]
        return v @ _swap(v)
    check_grads(projector, (a,), order=1)

    def matrix_exp(a):                       # loses the within-eigenspace term, stays finite
        w, v = la.eigh(sym(a) / 2)
        return (v * fnp.exp(w)) @ _swap(v)
    assert np.all(np.isfinite(fg.jacobian(matrix_exp)(a)))
    check_grads(matrix_exp, (a + 1e-3 * np.diag([0.0, 1.0, 0.0]),), order=1)


def test_svd_of_identity_and_pinv_are_finite():
    eye = np.eye(3)
    assert np.all(np.isfinite(fg.grad(lambda a: la.norm(a, "nuc"))(eye)))
    np.testing.assert_allclose(fg.jacobian(la.pinv)(eye).reshape(9, 9), -np.eye(9), atol=1e-12)


@pytest.mark.parametrize("ord", [None, 2, 1, 3, np.inf, 0.5])
def test_vector_norm_at_zero_has_zero_subgradient(ord):
    g = fg.grad(lambda x: la.norm(x, ord))(np.zeros(3))
    np.testing.assert_array_equal(g, np.zeros(3))
    _, t = fg.jvp(lambda x: la.norm(x, ord), (np.zeros(3),), (np.ones(3),))
    assert np.isfinite(t)


def test_matrix_norm_at_zero_is_finite():
    for ord in ("fro", 1, np.inf, 2, "nuc"):
        assert np.all(np.isfinite(fg.grad(lambda x: la.norm(x, ord))(np.zeros((2, 3)))))


def test_norm_zero_order_is_a_constant():
    x = np.array([0.0, 1.5, -2.0])
    assert la.norm(x, 0) == 2.0
    np.testing.assert_array_equal(fg.grad(lambda x: la.norm(x, 0))(x), np.zeros(3))


# ---- vmap (jacobians batch through it) ------------------------------------------------------

VMAP_CASES = {
    "inv": la.inv, "det": la.det, "slogdet": lambda a: tuple(la.slogdet(a)),
    "solve": lambda a: la.solve(a, np.ones((3, 2))), "eigh": lambda a: la.eigvalsh(sym(a)),
    "eig": eigvals, "svd": svdvals, "qr": lambda a: la.qr(a, mode="r"), "pinv": la.pinv,
    "cholesky": cholesky, "norm": lambda a: la.norm(a, 3, axis=0), "fro": lambda a: la.norm(a),
}


@pytest.mark.parametrize("name", VMAP_CASES)
def test_vmap_matches_a_loop_and_jacobians_agree(name):
    f = VMAP_CASES[name]
    a = np.random.default_rng(4).uniform(-2, 2, (3, 3, 3)) + 3 * np.eye(3)
    got = fg.tree.leaves(fg.vmap(f)(a))
    for k, leaf in enumerate(got):
        np.testing.assert_allclose(leaf, np.stack([fg.tree.leaves(f(x))[k] for x in a]), rtol=1e-10)
    def g(a):                                # jacrev needs a real output
        out = fg.tree.leaves(f(a))[-1]
        return fnp.real(out) + fnp.imag(out)
    np.testing.assert_allclose(fg.jacrev(g)(a[0]), fg.jacfwd(g)(a[0]), rtol=1e-8, atol=1e-10)


# ---- errors and the fallback --------------------------------------------------------------

def test_unsupported_cases_raise_clearly():
    with pytest.raises(NotImplementedError, match="full_matrices"):
        fg.grad(lambda a: fnp.sum(la.svd(a)[0]))(np.ones((3, 2)))
    with pytest.raises(NotImplementedError, match="complex"):
        fg.grad(lambda a: fnp.abs(la.cholesky(a)[0, 0]))(np.eye(2) + 0j)
    with pytest.raises(NotImplementedError, match="tensorsolve"):
        fg.grad(lambda a: fnp.sum(la.tensorsolve(a, np.ones(2))))(np.eye(2))
    np.testing.assert_allclose(la.tensorsolve(np.eye(2), np.ones(2)), np.ones(2))
    with pytest.raises(la.LinAlgError):
        la.inv(np.ones((2, 3)))
    with pytest.raises(ValueError):
        la.norm(np.ones(3), "fro")
    assert la.matrix_rank(np.eye(3)) == 3


# ---- hypothesis: batch shapes broadcast as numpy's -------------------------------------------

@settings(max_examples=10, deadline=None)
@given(batch_a=st.lists(st.integers(1, 3), max_size=2), batch_b=st.lists(st.integers(1, 3), max_size=2),
       n=st.integers(1, 3), k=st.integers(1, 2), seed=st.integers(0, 2 ** 16))
def test_solve_broadcasting(batch_a, batch_b, n, k, seed):
    try:
        np.broadcast_shapes(tuple(batch_a), tuple(batch_b))
    except ValueError:
        return
    spec = Spec("solve", solve, ((*batch_a, n, n), (*batch_b, n, k)), ("solve",), order=1)
    run_any(spec, "float64", seed=seed)


@settings(max_examples=10, deadline=None)
@given(batch=st.lists(st.integers(1, 3), max_size=2), m=st.integers(1, 4), n=st.integers(1, 4),
       seed=st.integers(0, 2 ** 16))
def test_svdvals_and_pinv_shapes(batch, m, n, seed):
    spec = Spec("pinv+svdvals", lambda a: (la.pinv(a), svdvals(a)), ((*batch, m, n),),
                ("pinv", "svd"), order=1)
    run_any(spec, "float64", seed=seed)


# ---- differential tests against PyTorch and HIPS autograd --------------------------------------

_RNG = np.random.default_rng(7)
_X = _RNG.uniform(-2, 2, (8, 2))
_Y = np.sin(_X[:, 0]) + 0.1 * _RNG.standard_normal(8)
_P = np.array([0.1, 0.3, -2.0])


def gp_nll(log_params, x, y):
    """Negative log marginal likelihood of a GP with an RBF kernel, through cholesky."""
    lengthscale, variance, noise = fnp.exp(log_params[0]), fnp.exp(log_params[1]), fnp.exp(log_params[2])
    d2 = fnp.sum((x[:, None, :] - x[None, :, :]) ** 2, axis=-1)
    k = variance * fnp.exp(-0.5 * d2 / lengthscale ** 2) + (noise + 1e-6) * np.eye(len(y))
    low = la.cholesky(k)
    alpha = la.solve(low, y)
    log_diag = fnp.log(fnp.einsum("ii->i", low))
    return 0.5 * fnp.sum(alpha ** 2) + fnp.sum(log_diag) + 0.5 * len(y) * np.log(2 * np.pi)


def torch_gp_nll(torch, log_params, x, y):
    lengthscale, variance, noise = torch.exp(log_params)
    d2 = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)
    k = variance * torch.exp(-0.5 * d2 / lengthscale ** 2) + (noise + 1e-6) * torch.eye(len(y), dtype=x.dtype)
    low = torch.linalg.cholesky(k)
    alpha = torch.linalg.solve(low, y)
    return 0.5 * (alpha ** 2).sum() + torch.log(torch.diagonal(low)).sum() + 0.5 * len(y) * np.log(2 * np.pi)


def test_gp_marginal_likelihood_against_pytorch():
    torch = pytest.importorskip("torch")
    p, x = torch.tensor(_P, requires_grad=True), torch.tensor(_X, requires_grad=True)
    torch_gp_nll(torch, p, x, torch.tensor(_Y)).backward()
    gp, gx = fg.grad(gp_nll, argnums=(0, 1))(_P, _X, _Y)
    np.testing.assert_allclose(gp, p.grad.numpy(), rtol=1e-9)
    np.testing.assert_allclose(gx, x.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_gp_marginal_likelihood_against_autograd():
    pytest.importorskip("autograd")
    import autograd
    import autograd.numpy as anp

    def nll(log_params):
        lengthscale, variance, noise = anp.exp(log_params)
        d2 = anp.sum((_X[:, None, :] - _X[None, :, :]) ** 2, axis=-1)
        k = variance * anp.exp(-0.5 * d2 / lengthscale ** 2) + (noise + 1e-6) * np.eye(len(_Y))
        low = anp.linalg.cholesky(k)
        alpha = anp.linalg.solve(low, _Y)
        return 0.5 * anp.sum(alpha ** 2) + anp.sum(anp.log(anp.diag(low))) + 0.5 * len(_Y) * np.log(2 * np.pi)
    np.testing.assert_allclose(fg.grad(gp_nll)(_P, _X, _Y), autograd.grad(nll)(_P), rtol=1e-9)


def spectral_linalg_loss(a, sq):
    """Sign-invariant functions of several factorizations at once."""
    sym_ = sq + _swap(sq)
    return (fnp.sum(la.svd(a, compute_uv=False) ** 3) + fnp.sum(la.eigvalsh(sym_) * la.det(sq)[..., None])
            + fnp.sum(la.inv(sq) ** 2) + fnp.sum(la.pinv(a) ** 2) + fnp.sum(la.slogdet(sq)[1])
            + fnp.sum(la.norm(a, "nuc", axis=(-2, -1))) + fnp.sum(la.norm(a, 2, axis=(-2, -1)))
            + fnp.sum(la.cholesky(sq @ _swap(sq)) ** 2))


def torch_spectral_linalg_loss(torch, a, sq):
    L = torch.linalg
    sym_ = sq + sq.transpose(-1, -2)
    return ((L.svdvals(a) ** 3).sum() + (L.eigvalsh(sym_) * L.det(sq)[..., None]).sum()
            + (L.inv(sq) ** 2).sum() + (L.pinv(a) ** 2).sum() + L.slogdet(sq)[1].sum()
            + L.matrix_norm(a, "nuc").sum() + L.matrix_norm(a, 2).sum()
            + (L.cholesky(sq @ sq.transpose(-1, -2)) ** 2).sum())


def test_linalg_losses_against_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    a, sq = rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    ta, tsq = torch.tensor(a, requires_grad=True), torch.tensor(sq, requires_grad=True)
    torch_spectral_linalg_loss(torch, ta, tsq).backward()
    ga, gsq = fg.grad(spectral_linalg_loss, argnums=(0, 1))(a, sq)
    np.testing.assert_allclose(ga, ta.grad.numpy(), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(gsq, tsq.grad.numpy(), rtol=1e-8, atol=1e-10)


def test_complex_linalg_against_autograd():
    pytest.importorskip("autograd")
    import autograd
    import autograd.numpy as anp
    rng = np.random.default_rng(5)
    a = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3)) + 3 * np.eye(3)

    def loss(m, a):
        return m.sum(m.abs(m.linalg.inv(a)) ** 2) + m.abs(m.linalg.det(a)) + m.real(m.sum(a @ a))

    expected = autograd.grad(lambda a: loss(anp, a))(a)
    np.testing.assert_allclose(fg.grad(lambda a: loss(fnp, a))(a), expected, rtol=1e-9)
