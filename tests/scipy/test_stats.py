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
K = np.array([-1.0, 0.0, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0])
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
    ("expon", "logpdf", (X, -1.0, 2.0)), ("expon", "cdf", (X, -1.0, 2.0)), ("expon", "pdf", (X,)),
    ("laplace", "logpdf", (X, 0.5, 2.0)), ("laplace", "pdf", (X,)),
    ("logistic", "logpdf", (X * 300, 0.5, 2.0)), ("logistic", "cdf", (X, 0.5, 2.0)),
    ("cauchy", "logpdf", (X, 0.5, 2.0)), ("cauchy", "cdf", (X, 0.5, 2.0)), ("cauchy", "pdf", (X,)),
    ("uniform", "logpdf", (X, -1.0, 2.0)), ("uniform", "pdf", (X, -1.0, 2.0)),
    ("chi2", "logpdf", (X, 3.0, -1.0, 2.0)), ("chi2", "logpdf", (X, 2.0)), ("chi2", "pdf", (X + 3, 5.0)),
    ("lognorm", "logpdf", (X, 0.7, -1.0, 2.0)), ("lognorm", "pdf", (X, 1.5)),
    ("bernoulli", "logpmf", (K, 0.3)), ("bernoulli", "logpmf", (K, 1.0)), ("bernoulli", "pmf", (K, 0.3)),
    ("binom", "logpmf", (K, 5, 0.3)), ("binom", "logpmf", (K, 7.0, 0.0)), ("binom", "pmf", (K, 5, 0.3, 1)),
    ("geom", "logpmf", (K, 0.3)), ("geom", "pmf", (K, 0.3)),
    ("nbinom", "logpmf", (K, 2.5, 0.3)), ("nbinom", "pmf", (K, 3, 0.6)),
    ("gamma", "cdf", (X, 2.5, -1.0, 2.0)), ("gamma", "sf", (X, 0.5)), ("chi2", "cdf", (X, 3.0, -1.0, 2.0)),
    ("chi2", "sf", (X, 3.0)), ("beta", "cdf", (X, 2.0, 3.0, -2.0, 4.0)), ("poisson", "cdf", (K, 2.5)),
    ("poisson", "sf", (K, 2.5, 1)),
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
def expon_logpdf(x, scale): return st.expon.logpdf(_pos(x), -0.5, _pos(scale)) + st.expon.cdf(x, -1.0)
def laplace_logpdf(x, loc, scale): return st.laplace.logpdf(x, loc, _pos(scale))
def logistic_logpdf(x, loc, scale): return st.logistic.logpdf(3 * x, loc, _pos(scale)) + st.logistic.cdf(x)
def cauchy_logpdf(x, loc, scale): return st.cauchy.logpdf(x, loc, _pos(scale)) + st.cauchy.cdf(x)
def uniform_logpdf(x, scale): return st.uniform.logpdf(x, -1.0, 2.0 + _pos(scale))
def chi2_logpdf(x, df, scale): return st.chi2.logpdf(_pos(x), _pos(df) + 1.0, -0.5, _pos(scale))
def lognorm_logpdf(x, s, scale): return st.lognorm.logpdf(_pos(x), _pos(s), -0.5, _pos(scale))
def bernoulli_logpmf(p): return st.bernoulli.logpmf(np.array([0.0, 1.0, 1.0]), 0.5 + 0.4 * p)
def binom_logpmf(n, p): return st.binom.logpmf(np.array([0.0, 2.0, 4.0]), 5.0 + n, 0.5 + 0.4 * p)
def geom_logpmf(p): return st.geom.logpmf(np.array([1.0, 2.0, 6.0]), 0.5 + 0.4 * p)
def nbinom_logpmf(n, p): return st.nbinom.logpmf(np.array([0.0, 2.0, 6.0]), _pos(n), 0.5 + 0.4 * p)
def gamma_cdf(x, scale): return st.gamma.cdf(_pos(x), 2.5, -0.5, _pos(scale)) + st.gamma.sf(x, 0.7)
def chi2_cdf(x): return st.chi2.cdf(_pos(x), 3.0) + st.chi2.sf(_pos(x), 1.5, -0.2)
def beta_cdf(x): return st.beta.cdf(0.5 + 0.4 * x, 2.0, 0.7)
def poisson_cdf(mu): return st.poisson.cdf(np.array([0.0, 2.0, 3.5]), _pos(mu)) + st.poisson.sf(2.0, _pos(mu))


GRADS = [
    (norm_logpdf, ((5,), (), ())), (norm_logcdf, ((5,), (5,), ())), (norm_sf_ppf, ((5,), ())),
    (t_logpdf, ((5,), (), (1,), ())), (gamma_logpdf, ((5,), (), ())), (beta_logpdf, ((5,), (), (5,))),
    (poisson_logpmf, ((3,),)), (mvn_logpdf, ((4, 2), (2,), (2, 2))), (mvn_diag, ((4, 2), (2,))),
    (dirichlet_logpdf, ((3,),)), (expon_logpdf, ((5,), ())), (laplace_logpdf, ((5,), (), ())),
    (logistic_logpdf, ((5,), (), ())), (cauchy_logpdf, ((5,), (), ())), (uniform_logpdf, ((5,), ())),
    (chi2_logpdf, ((5,), (), ())), (lognorm_logpdf, ((5,), (), ())), (bernoulli_logpmf, ((3,),)),
    (binom_logpmf, ((), (3,))), (geom_logpmf, ((3,),)), (nbinom_logpmf, ((), (3,))),
    (gamma_cdf, ((5,), ())), (chi2_cdf, ((5,),)), (beta_cdf, ((5,),)), (poisson_cdf, ((3,),)),
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


def test_python_number_parameters_keep_float32():
    x, k = np.float32([0.2, 0.5, 0.7]), np.float32([0.0, 1.0, 3.0])
    outs = [st.norm.logpdf(x, 0.0, 2.0), st.t.logpdf(x, 3.0), st.gamma.logpdf(x, 2.5, scale=2.0),
            st.beta.logpdf(x, 2.0, 3.0), st.chi2.logpdf(x, 3.0), st.lognorm.logpdf(x, 0.5),
            st.gamma.cdf(x, 2.0), st.beta.cdf(x, 2.0, 3.0), st.logistic.logpdf(x),
            st.poisson.logpmf(k, np.float32(2.0)), st.binom.logpmf(k, 5, np.float32(0.3)),
            st.nbinom.logpmf(k, 2.5, np.float32(0.3)), st.geom.logpmf(k + 1, np.float32(0.3))]
    assert [o.dtype for o in outs] == [np.float32] * len(outs)


def test_outside_the_support_the_gradient_is_zero():
    x = np.array([-1.0, 0.5, 1.5])
    with np.errstate(invalid="raise", divide="raise"):
        for f in (lambda x: st.gamma.logpdf(x, 2.0), lambda x: st.beta.logpdf(x / 2, 2.0, 2.0)):
            out, pullback = fg.vjp(f, x)
            (g,) = pullback(np.ones(3))
            assert np.isneginf(out[0]) and np.all(np.isfinite(out[1:]))
            assert g[0] == 0.0 and np.all(np.isfinite(g[1:]))
        def finite_part(mu):
            logpmf = st.poisson.logpmf(np.array([1.0, 1.5, -2.0]), mu)
            return fnp.sum(fnp.where(np.array([True, False, True]), logpmf, 0.0))
        mu = fg.grad(finite_part)(2.0)
    assert mu == pytest.approx(1 / 2 - 1)


def test_poisson_cdf_gradient_is_minus_the_pmf():
    k, mu = np.array([0.0, 2.0, 3.5]), 1.7
    g = fg.grad(lambda mu: fnp.sum(st.poisson.cdf(k, mu)))(mu)
    assert g == pytest.approx(-np.sum(scipy_stats.poisson.pmf(np.floor(k), mu)), rel=1e-13)


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


def glm_mix(m, th):
    """Regressions with heavy-tailed, logistic and count likelihoods (JAX has them all)."""
    s = m.stats
    z = m.np.dot(FEATURES, th[:3])
    resid = DATA - z[:20]
    p = m.special.expit(z)
    return (m.np.sum(s.cauchy.logpdf(resid, 0.0, m.np.exp(th[3])))
            + m.np.sum(s.laplace.logpdf(resid, th[4], 2.0)) + m.np.sum(s.logistic.logpdf(resid, 0.0, 1.5))
            + m.np.sum(s.bernoulli.logpmf(LABELS, p)) + m.np.sum(s.binom.logpmf(COUNTS, 12, p * 0.5))
            + m.np.sum(s.nbinom.logpmf(COUNTS, m.np.exp(th[3]) + 1, p * 0.5 + 0.2))
            + m.np.sum(s.geom.logpmf(COUNTS + 1, p * 0.5 + 0.1))
            + m.np.sum(s.chi2.logpdf(POSITIVE, m.np.exp(th[4]) + 1))
            + m.np.sum(s.expon.logpdf(POSITIVE, 0.0, m.np.exp(th[4])))
            + m.np.sum(s.uniform.logpdf(UNIT, -m.np.exp(th[3]), 2.0 + m.np.exp(th[4]))))


LIKELIHOODS = [
    (normal_loglik, [0.5, 0.3]), (t_loglik, [1.0, 0.5, 0.2]), (gamma_loglik, [0.4, 0.2]),
    (poisson_regression, [0.1, 0.2, 0.3]), (probit_regression, [0.4, -0.2, 0.1]),
    (beta_loglik, [0.5, 0.9]), (mvn_loglik, [0.1, -0.2, 1.0, 0.3, -0.2, 0.8]),
    (dirichlet_loglik, [0.3, 0.6, 0.1]), (special_mix, [0.2, -0.4, 0.7]),
    (glm_mix, [0.2, -0.1, 0.3, 0.4, -0.2]),
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


@pytest.mark.parametrize("f, theta", [c for c in LIKELIHOODS if c[0] not in (probit_regression, glm_mix)],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_gradients_against_hips_autograd(f, theta):
    autograd, am = _autograd()
    theta = np.array(theta)
    np.testing.assert_allclose(fg.grad(lambda th: f(OURS, th))(theta),
                               autograd.grad(lambda th: f(am, th))(theta), rtol=1e-9)
