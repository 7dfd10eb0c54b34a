"""funcgrad.scipy.stats: values against scipy.stats, derivatives in every argument (both
modes, second order, float64 and float32), support edges, frozen distributions, and
differential tests of log-likelihood gradients against JAX and HIPS autograd."""
from types import SimpleNamespace

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads

scipy_stats = pytest.importorskip("scipy.stats")
import funcgrad.scipy.special as fsp  # noqa: E402
import funcgrad.scipy.stats as st  # noqa: E402

RNG = np.random.default_rng(0)
C2 = np.array([[2.0, 0.3], [0.3, 1.0]])


# ---- values against scipy --------------------------------------------------------

X = np.linspace(-3.0, 3.0, 13)
VALUES = [
    ("norm", "logpdf", (X, 0.5, 1.5)), ("norm", "pdf", (X, 0.5, 1.5)),
    ("norm", "cdf", (X, 0.5, 1.5)), ("norm", "logcdf", (X * 10, 0.5, 1.5)),
    ("norm", "sf", (X, 0.5, 1.5)), ("norm", "logsf", (X * 10, 0.5, 1.5)),
    ("norm", "ppf", (np.linspace(0.01, 0.99, 7), 0.5, 1.5)), ("norm", "logpdf", (X,)),
    ("t", "logpdf", (X, 3.5, 0.5, 2.0)), ("t", "pdf", (X, 1.0)), ("t", "logpdf", (X, 300.0)),
    ("gamma", "logpdf", (X, 2.5, -1.0, 2.0)), ("gamma", "logpdf", (X, 1.0)),
    ("gamma", "logpdf", (X, 0.5)), ("gamma", "pdf", (X, 3.0)),
    ("beta", "logpdf", (X / 2.5 + 0.5, 2.5, 1.5)), ("beta", "logpdf", (X, 2.0, 3.0, -3.0, 6.0)),
    ("beta", "logpdf", (np.array([0.0, 1.0, 0.5]), 1.0, 1.0)), ("beta", "pdf", (X / 4 + 0.5, 0.5, 0.7)),
    ("poisson", "logpmf", (np.array([0.0, 1.0, 1.5, -1.0, 3.0, 40.0]), 2.5)),
    ("poisson", "logpmf", (np.array([2.0, 3.0, 4.0]), 2.5, 2)), ("poisson", "pmf", (np.arange(6.0), 1.5)),
    ("multivariate_normal", "logpdf", (RNG.normal(size=(4, 2)), [0.1, 0.2], C2)),
    ("multivariate_normal", "logpdf", (RNG.normal(size=(2, 3, 2)), [0.1, 0.2], C2)),
    ("multivariate_normal", "logpdf", (np.array([0.3, -0.4]), [0.1, 0.2], C2)),
    ("multivariate_normal", "logpdf", (RNG.normal(size=(4, 2)), [0.0, 1.0], [1.0, 2.0])),
    ("multivariate_normal", "logpdf", (RNG.normal(size=(4, 3)), np.zeros(3), 2.0)),
    ("multivariate_normal", "logpdf", (X, 0.0, 2.0)), ("multivariate_normal", "logpdf", (0.5, 0.0, 2.0)),
    ("multivariate_normal", "pdf", (RNG.normal(size=(4, 2)), [0.1, 0.2], C2)),
    ("dirichlet", "logpdf", (np.array([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]]).T, [1.5, 2.0, 3.0])),
    ("dirichlet", "logpdf", (np.array([0.2, 0.3, 0.5]), [0.5, 2.0, 1.0])),
    ("dirichlet", "pdf", (np.array([0.2, 0.3, 0.5]), [1.5, 2.0, 3.0])),
]


@pytest.mark.parametrize("dist, method, args", VALUES, ids=lambda v: v if isinstance(v, str) else "")
def test_values_match_scipy(dist, method, args):
    with np.errstate(divide="ignore", invalid="ignore"):
        got = getattr(getattr(st, dist), method)(*args)
        want = getattr(getattr(scipy_stats, dist), method)(*args)
    assert np.shape(got) == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


def test_frozen_distributions():
    x = np.linspace(-1, 1, 5)
    np.testing.assert_allclose(st.norm(1.0, 2.0).logpdf(x), scipy_stats.norm(1.0, 2.0).logpdf(x))
    np.testing.assert_allclose(st.t(4.0, scale=2.0).logpdf(x),
                               scipy_stats.t(4.0, scale=2.0).logpdf(x))
    mvn = st.multivariate_normal(mean=[0.0, 1.0], cov=C2)
    np.testing.assert_allclose(mvn.logpdf(np.ones((3, 2))),
                               scipy_stats.multivariate_normal([0.0, 1.0], C2).logpdf(np.ones((3, 2))))
    g = fg.grad(lambda m: st.norm(m, 2.0).logpdf(0.5))(0.0)
    assert g == pytest.approx(0.5 / 4)


# ---- derivatives in every argument ----------------------------------------------------

def _pos(v):
    return 1.5 + v        # maps the draws in (-1, 1) to positive parameters (0.5, 2.5)


def norm_logpdf(x, loc, scale): return st.norm.logpdf(x, loc, _pos(scale))
def norm_logcdf(x, loc, scale): return st.norm.logcdf(2 * x, loc, _pos(scale))
def norm_sf_ppf(x, loc): return st.norm.sf(x, loc) + st.norm.ppf(0.5 + 0.3 * x, loc)
def t_logpdf(x, df, loc, scale): return st.t.logpdf(2 * x, _pos(df), loc, _pos(scale))
def gamma_logpdf(x, a, scale): return st.gamma.logpdf(_pos(x), _pos(a) + 1.0, -0.5, _pos(scale))
def beta_logpdf(x, a, b): return st.beta.logpdf(0.5 + 0.4 * x, _pos(a), _pos(b))
def poisson_logpmf(mu): return st.poisson.logpmf(np.array([0.0, 1.0, 4.0]), _pos(mu))
def mvn_logpdf(x, mean, a): return st.multivariate_normal.logpdf(x, mean, a @ a.T + np.eye(2))
def mvn_diag(x, var): return st.multivariate_normal.logpdf(x, None, _pos(var))
def dirichlet_logpdf(alpha): return st.dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), _pos(alpha))


GRADS = [
    (norm_logpdf, ((5,), (), ())), (norm_logcdf, ((5,), (5,), ())), (norm_sf_ppf, ((5,), ())),
    (t_logpdf, ((5,), (), (1,), ())), (gamma_logpdf, ((5,), (), ())), (beta_logpdf, ((5,), (), (5,))),
    (poisson_logpmf, ((3,),)), (mvn_logpdf, ((4, 2), (2,), (2, 2))), (mvn_diag, ((4, 2), (2,))),
    (dirichlet_logpdf, ((3,),)),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("f, shapes", GRADS, ids=lambda v: getattr(v, "__name__", ""))
def test_grads(f, shapes, dtype):
    rng = np.random.default_rng(3)
    args = [rng.uniform(-0.9, 0.9, s).astype(dtype) for s in shapes]
    tol = {"float32": 5e-2}.get(dtype)
    check_grads(f, args, order=2, tol=tol)


@pytest.mark.parametrize("f, shapes", GRADS[:6], ids=lambda v: getattr(v, "__name__", ""))
def test_float32_stays_float32(f, shapes):
    args = [np.full(s, 0.3, dtype=np.float32) for s in shapes]
    out = f(*args)
    assert out.dtype == np.float32
    grads = fg.grad(lambda *a: fnp.sum(f(*a)), argnums=tuple(range(len(args))))(*args)
    assert all(g.dtype == np.float32 for g in grads)


def test_outside_the_support_the_gradient_is_zero():
    x = np.array([-1.0, 0.5, 1.5])
    with np.errstate(invalid="raise", divide="raise"):
        for f in (lambda x: st.gamma.logpdf(x, 2.0), lambda x: st.beta.logpdf(x / 2, 2.0, 2.0)):
            out, pullback = fg.vjp(f, x)
            (g,) = pullback(np.ones(3))
            assert np.isneginf(out[0]) and np.all(np.isfinite(out[1:]))
            assert g[0] == 0.0 and np.all(np.isfinite(g[1:]))
        mu = fg.grad(lambda mu: fnp.sum(fnp.where(np.array([True, False, True]),
                                                   st.poisson.logpmf(np.array([1.0, 1.5, -2.0]), mu), 0.0)))(2.0)
    assert mu == pytest.approx(1 / 2 - 1)


def test_log_densities_vmap_over_parameters():
    locs = np.linspace(-1, 1, 4)
    x = np.array([0.3, -0.2, 1.5])
    out = fg.vmap(lambda m: fnp.sum(st.norm.logpdf(x, m, 2.0)))(locs)
    np.testing.assert_allclose(out, [np.sum(scipy_stats.norm.logpdf(x, m, 2.0)) for m in locs])
    g = fg.vmap(fg.grad(lambda a: fnp.sum(st.gamma.logpdf(x + 2, a))))(locs + 2)
    np.testing.assert_allclose(g, [fg.grad(lambda a: fnp.sum(st.gamma.logpdf(x + 2, a)))(a) for a in locs + 2])


# ---- differential tests: log-likelihood gradients against JAX and HIPS autograd ----------

DATA = RNG.normal(1.0, 2.0, 20)
POSITIVE = RNG.gamma(2.0, 1.5, 20)
UNIT = RNG.beta(2.0, 3.0, 20)
FEATURES = RNG.normal(size=(30, 3))
COUNTS = RNG.poisson(np.exp(FEATURES @ np.array([0.3, -0.2, 0.5])))
LABELS = (FEATURES @ np.array([1.0, -0.5, 0.2]) + RNG.normal(size=30) > 0).astype(float)
POINTS = RNG.normal(size=(10, 2))
SIMPLEX = np.array([0.2, 0.5, 0.3])


def normal_loglik(m, th):
    return m.np.sum(m.stats.norm.logpdf(DATA, th[0], m.np.exp(th[1])))


def t_loglik(m, th):
    return m.np.sum(m.stats.t.logpdf(DATA, m.np.exp(th[0]), th[1], m.np.exp(th[2])))


def gamma_loglik(m, th):
    scale = m.np.exp(th[1])
    return m.np.sum(m.stats.gamma.logpdf(POSITIVE / scale, m.np.exp(th[0])) - m.np.log(scale))


def poisson_regression(m, th):
    return m.np.sum(m.stats.poisson.logpmf(COUNTS, m.np.exp(m.np.dot(FEATURES, th))))


def probit_regression(m, th):
    z = m.np.dot(FEATURES, th)
    return m.np.sum(LABELS * m.stats.norm.logcdf(z) + (1 - LABELS) * m.stats.norm.logcdf(-z))


def beta_loglik(m, th):
    return m.np.sum(m.stats.beta.logpdf(UNIT, m.np.exp(th[0]), m.np.exp(th[1])))


def mvn_loglik(m, th):
    a = m.np.reshape(th[2:], (2, 2))
    cov = m.np.dot(a, a.T) + m.np.eye(2)
    return m.np.sum(m.stats.multivariate_normal.logpdf(POINTS, th[:2], cov))


def dirichlet_loglik(m, th):
    return m.stats.dirichlet.logpdf(SIMPLEX, m.np.exp(th))


def special_mix(m, th):
    x = m.np.exp(th)
    sp = m.special
    return (m.np.sum(sp.gammaln(x) + sp.digamma(x) * sp.erf(x / 3) + sp.polygamma(1, x)
                     + sp.logit(sp.expit(th) / 2) + sp.erfinv(sp.expit(th) - 0.5))
            + sp.logsumexp(2 * th) + sp.multigammaln(m.np.sum(x) + 2, 2))


LIKELIHOODS = [
    (normal_loglik, [0.5, 0.3]), (t_loglik, [1.0, 0.5, 0.2]), (gamma_loglik, [0.4, 0.2]),
    (poisson_regression, [0.1, 0.2, 0.3]), (probit_regression, [0.4, -0.2, 0.1]),
    (beta_loglik, [0.5, 0.9]), (mvn_loglik, [0.1, -0.2, 1.0, 0.3, -0.2, 0.8]),
    (dirichlet_loglik, [0.3, 0.6, 0.1]), (special_mix, [0.2, -0.4, 0.7]),
]
OURS = SimpleNamespace(np=fnp, stats=st, special=fsp)


def _jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import jax.scipy.special
    import jax.scipy.stats
    return jax, SimpleNamespace(np=jnp, stats=jax.scipy.stats, special=jax.scipy.special)


def _autograd():
    autograd = pytest.importorskip("autograd")
    import autograd.numpy as anp
    import autograd.scipy.special
    import autograd.scipy.stats
    return autograd, SimpleNamespace(np=anp, stats=autograd.scipy.stats, special=autograd.scipy.special)


@pytest.mark.parametrize("f, theta", LIKELIHOODS, ids=lambda v: getattr(v, "__name__", ""))
def test_gradients_against_jax(f, theta):
    jax, jm = _jax()
    theta = np.array(theta)
    ours = fg.grad(lambda th: f(OURS, th))(theta)   # jit: JAX's op-by-op mode is slow here
    np.testing.assert_allclose(ours, np.asarray(jax.jit(jax.grad(lambda th: f(jm, th)))(theta)), rtol=1e-9)
    np.testing.assert_allclose(fg.jacfwd(lambda th: f(OURS, th))(theta), ours, rtol=1e-12)


@pytest.mark.parametrize("f, theta", [LIKELIHOODS[0], LIKELIHOODS[3]], ids=lambda v: getattr(v, "__name__", ""))
def test_hessians_against_jax(f, theta):
    jax, jm = _jax()
    theta = np.array(theta)
    np.testing.assert_allclose(fg.hessian(lambda th: f(OURS, th))(theta),
                               np.asarray(jax.jit(jax.hessian(lambda th: f(jm, th)))(theta)),
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("f, theta", [c for c in LIKELIHOODS if c[0] is not probit_regression],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_gradients_against_hips_autograd(f, theta):
    autograd, am = _autograd()
    theta = np.array(theta)
    np.testing.assert_allclose(fg.grad(lambda th: f(OURS, th))(theta),
                               autograd.grad(lambda th: f(am, th))(theta), rtol=1e-9)
