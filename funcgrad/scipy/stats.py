"""funcgrad.scipy.stats: log-densities (and cheap pdf/cdf) of common distributions.

Each is a composite of funcgrad.numpy and funcgrad.scipy.special, so it is differentiable
to any order in every argument (x and the parameters), with scipy's argument names:
`norm.logpdf(x, loc=0, scale=1)`, `t.logpdf(x, df, loc, scale)`, `gamma.logpdf(x, a, loc,
scale)`, `beta.logpdf(x, a, b, loc, scale)`, `poisson.logpmf(k, mu, loc)`,
`multivariate_normal.logpdf(x, mean, cov)`, `dirichlet.logpdf(x, alpha)`, and expon,
laplace, logistic, cauchy, uniform, chi2, lognorm, bernoulli, binom, geom and nbinom. Calling a
distribution freezes its parameters, as in scipy: `norm(0, 2).logpdf(x)`.

CDFs are given where scipy.special has them with a derivative in x (norm, gamma, chi2, beta,
poisson, expon, logistic, cauchy); those built on the incomplete gamma and beta functions
are not differentiable in the shape parameters (asking raises).

Outside a distribution's support the log-density is -∞ and its gradient 0 (the formula is
evaluated at a safe point there, so no nan leaks into gradients). Parameters are not
validated (scipy answers nan for an invalid scale; here the formula's value is returned).
Python-number parameters are folded as Python floats, so float32 data stays float32.
"""
import math

import numpy as _np

import funcgrad.numpy as _fnp
from funcgrad.numpy._core import _lower, on_device_of
from . import special as _sp

__all__ = ["norm", "t", "gamma", "beta", "poisson", "multivariate_normal", "dirichlet", "expon",
           "laplace", "logistic", "cauchy", "uniform", "chi2", "lognorm", "bernoulli", "binom",
           "geom", "nbinom"]

LOG_2PI = math.log(2 * math.pi)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _log(v):
    """ln v, as a Python float for a positive Python number (keeps float32 data float32)."""
    return math.log(v) if _is_number(v) and v > 0 else _fnp.log(v)


def _gammaln(v):
    return math.lgamma(v) if _is_number(v) and v > 0 else _sp.gammaln(v)


def _betaln(a, b):
    if _is_number(a) and _is_number(b) and a > 0 and b > 0:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return _sp.betaln(a, b)


def _inside(valid, value, safe_point, formula):
    """formula(x) where `valid`, -∞ elsewhere; formula sees `safe_point` outside, so its
    gradient there is 0, never nan."""
    return _fnp.where(valid, formula(_fnp.where(valid, value, safe_point)), -_np.inf)


def _piecewise(z, lo, hi, formula, safe_point, below, above=1.0):
    """formula(z) for lo ≤ z ≤ hi (hi None: no upper end), `below` under lo and `above` over
    hi (a CDF's 0 and 1); formula sees `safe_point` outside, so its gradient there is 0."""
    inside = _fnp.greater_equal(z, lo)
    if hi is not None:
        inside = _fnp.logical_and(inside, _fnp.less_equal(z, hi))
    out = _fnp.where(inside, formula(_fnp.where(inside, z, safe_point)), below)
    return out if hi is None else _fnp.where(_fnp.greater(z, hi), above, out)


class _Distribution:
    """A namespace of methods taking the distribution's parameters; calling it freezes them."""

    def __call__(self, *args, **kwds):
        return _Frozen(self, args, kwds)


class _Frozen:
    """A distribution with its parameters fixed: frozen.logpdf(x) = dist.logpdf(x, *args)."""

    def __init__(self, dist, args, kwds):
        self.dist, self.args, self.kwds = dist, args, kwds

    def __getattr__(self, method):
        bound = getattr(self.dist, method)

        def call(x):
            return bound(x, *self.args, **self.kwds)
        call.__name__ = method
        return call


# ---- univariate continuous ---------------------------------------------------------

class _Norm(_Distribution):
    """The normal distribution N(loc, scale²); z = (x - loc)/scale.

    See Also
    --------
    scipy.stats.norm
    """

    def logpdf(self, x, loc=0, scale=1):
        """-z²/2 - ln scale - ln(2π)/2."""
        z = (x - loc) / scale
        return -0.5 * z * z - _log(scale) - 0.5 * LOG_2PI

    def pdf(self, x, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, loc, scale))

    def cdf(self, x, loc=0, scale=1):
        """Φ(z) (ndtr)."""
        return _sp.ndtr((x - loc) / scale)

    def logcdf(self, x, loc=0, scale=1):
        """ln Φ(z) (log_ndtr: accurate, and with a finite gradient, far into the lower tail)."""
        return _sp.log_ndtr((x - loc) / scale)

    def sf(self, x, loc=0, scale=1):
        """1 - Φ(z) = Φ(-z)."""
        return _sp.ndtr((loc - x) / scale)

    def logsf(self, x, loc=0, scale=1):
        """ln(1 - Φ(z)) = ln Φ(-z) (log_ndtr: accurate far into the upper tail)."""
        return _sp.log_ndtr((loc - x) / scale)

    def ppf(self, q, loc=0, scale=1):
        """loc + scale·Φ⁻¹(q) (ndtri)."""
        return loc + scale * _sp.ndtri(q)


class _T(_Distribution):
    """Student's t with df degrees of freedom; z = (x - loc)/scale.

    See Also
    --------
    scipy.stats.t
    """

    def logpdf(self, x, df, loc=0, scale=1):
        """lnΓ((df+1)/2) - lnΓ(df/2) - ln(df·π)/2 - ln scale - (df+1)/2·ln(1 + z²/df)."""
        z = (x - loc) / scale
        norm = _gammaln((df + 1) / 2) - _gammaln(df / 2) - 0.5 * _log(df * math.pi)
        return norm - _log(scale) - (df + 1) / 2 * _fnp.log1p(z * z / df)

    def pdf(self, x, df, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, df, loc, scale))


class _Gamma(_Distribution):
    """The gamma distribution with shape a; z = (x - loc)/scale ≥ 0.

    See Also
    --------
    scipy.stats.gamma
    """

    def logpdf(self, x, a, loc=0, scale=1):
        """(a-1)·ln z - z - lnΓ(a) - ln scale (xlogy: the z = 0 limit is scipy's), -∞ for z < 0."""
        z = (x - loc) / scale

        def density(z):
            return _sp.xlogy(a - 1, z) - z - _gammaln(a) - _log(scale)
        return _inside(_fnp.greater_equal(z, 0), z, 1.0, density)

    def pdf(self, x, a, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, a, loc, scale))

    def cdf(self, x, a, loc=0, scale=1):
        """P(a, z) (gammainc; differentiable in x, loc and scale, not in a), 0 for z < 0."""
        def lower(z):
            return _sp.gammainc(a, z)
        return _piecewise((x - loc) / scale, 0, None, lower, 1.0, 0.0)

    def sf(self, x, a, loc=0, scale=1):
        """Q(a, z) = 1 - P(a, z) (gammaincc: accurate in the upper tail), 1 for z < 0."""
        def upper(z):
            return _sp.gammaincc(a, z)
        return _piecewise((x - loc) / scale, 0, None, upper, 1.0, 1.0)


class _Beta(_Distribution):
    """The beta distribution with shapes a, b; z = (x - loc)/scale in [0, 1].

    See Also
    --------
    scipy.stats.beta
    """

    def logpdf(self, x, a, b, loc=0, scale=1):
        """(a-1)·ln z + (b-1)·ln(1-z) - ln B(a, b) - ln scale, -∞ outside [0, 1]."""
        z = (x - loc) / scale

        def density(z):
            return _sp.xlogy(a - 1, z) + _sp.xlog1py(b - 1, -z) - _betaln(a, b) - _log(scale)
        valid = _fnp.logical_and(_fnp.greater_equal(z, 0), _fnp.less_equal(z, 1))
        return _inside(valid, z, 0.5, density)

    def pdf(self, x, a, b, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, a, b, loc, scale))

    def cdf(self, x, a, b, loc=0, scale=1):
        """I_z(a, b) (betainc; differentiable in x, loc and scale, not in a, b), 0 below 0, 1 above 1."""
        def regularized(z):
            return _sp.betainc(a, b, z)
        return _piecewise((x - loc) / scale, 0, 1, regularized, 0.5, 0.0)


class _Expon(_Distribution):
    """The exponential distribution; z = (x - loc)/scale ≥ 0.

    See Also
    --------
    scipy.stats.expon
    """

    def logpdf(self, x, loc=0, scale=1):
        """-z - ln scale, -∞ for z < 0."""
        z = (x - loc) / scale

        def density(z):
            return -z - _log(scale)
        return _inside(_fnp.greater_equal(z, 0), z, 1.0, density)

    def pdf(self, x, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, loc, scale))

    def cdf(self, x, loc=0, scale=1):
        """1 - e^-z = -expm1(-z) (exact for small z), 0 for z < 0."""
        z = _fnp.maximum((x - loc) / scale, 0.0)
        return -_fnp.expm1(-z)


class _Laplace(_Distribution):
    """The Laplace (double exponential) distribution; z = (x - loc)/scale.

    See Also
    --------
    scipy.stats.laplace
    """

    def logpdf(self, x, loc=0, scale=1):
        """-|z| - ln(2·scale) (the kink at z = 0 takes the zero subgradient)."""
        return -_fnp.abs((x - loc) / scale) - _log(scale) - math.log(2)

    def pdf(self, x, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, loc, scale))


class _Logistic(_Distribution):
    """The logistic distribution; z = (x - loc)/scale.

    See Also
    --------
    scipy.stats.logistic
    """

    def logpdf(self, x, loc=0, scale=1):
        """-|z| - 2·ln(1 + e^-|z|) - ln scale (symmetric, so no overflow in either tail)."""
        a = _fnp.abs((x - loc) / scale)
        return -a - 2 * _fnp.log1p(_fnp.exp(-a)) - _log(scale)

    def pdf(self, x, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, loc, scale))

    def cdf(self, x, loc=0, scale=1):
        """expit(z)."""
        return _sp.expit((x - loc) / scale)


class _Cauchy(_Distribution):
    """The Cauchy distribution; z = (x - loc)/scale.

    See Also
    --------
    scipy.stats.cauchy
    """

    def logpdf(self, x, loc=0, scale=1):
        """-ln(π·scale) - ln(1 + z²)."""
        z = (x - loc) / scale
        return -_fnp.log1p(z * z) - _log(scale) - math.log(math.pi)

    def pdf(self, x, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, loc, scale))

    def cdf(self, x, loc=0, scale=1):
        """½ + arctan(z)/π."""
        return 0.5 + _fnp.arctan((x - loc) / scale) / math.pi


class _Uniform(_Distribution):
    """The uniform distribution on [loc, loc + scale].

    See Also
    --------
    scipy.stats.uniform
    """

    def logpdf(self, x, loc=0, scale=1):
        """-ln scale inside [loc, loc + scale], -∞ outside."""
        z = (x - loc) / scale
        valid = _fnp.logical_and(_fnp.greater_equal(z, 0), _fnp.less_equal(z, 1))
        return _fnp.where(valid, _fnp.zeros_like(z) - _log(scale), -_np.inf)

    def pdf(self, x, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, loc, scale))


class _Chi2(_Distribution):
    """The χ² distribution with df degrees of freedom (a gamma with shape df/2 and scale 2).

    See Also
    --------
    scipy.stats.chi2
    """

    def logpdf(self, x, df, loc=0, scale=1):
        """(df/2 - 1)·ln z - z/2 - lnΓ(df/2) - (df/2)·ln 2 - ln scale, -∞ for z < 0."""
        z = (x - loc) / scale

        def density(z):
            half = df / 2
            return (_sp.xlogy(half - 1, z) - z / 2 - _gammaln(half) - half * math.log(2)
                    - _log(scale))
        return _inside(_fnp.greater_equal(z, 0), z, 1.0, density)

    def pdf(self, x, df, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, df, loc, scale))

    def cdf(self, x, df, loc=0, scale=1):
        """P(df/2, z/2) (differentiable in x, loc and scale, not in df), 0 for z < 0."""
        return _gamma.cdf(x, df / 2, loc, 2 * scale)

    def sf(self, x, df, loc=0, scale=1):
        """1 - cdf, as the gamma distribution's sf with shape df/2 and scale 2·scale."""
        return _gamma.sf(x, df / 2, loc, 2 * scale)


class _Lognorm(_Distribution):
    """The log-normal distribution with shape s (ln z ~ N(0, s²)); z = (x - loc)/scale > 0.

    See Also
    --------
    scipy.stats.lognorm
    """

    def logpdf(self, x, s, loc=0, scale=1):
        """-(ln z)²/(2s²) - ln z - ln s - ln(2π)/2 - ln scale, -∞ for z ≤ 0."""
        z = (x - loc) / scale

        def density(z):
            lz = _fnp.log(z)
            return -lz * lz / (2 * s * s) - lz - _log(s) - 0.5 * LOG_2PI - _log(scale)
        return _inside(_fnp.greater(z, 0), z, 1.0, density)

    def pdf(self, x, s, loc=0, scale=1):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, s, loc, scale))


# ---- discrete --------------------------------------------------------------------------

def _integers(k, low, high=None):
    """[k is an integer in [low, high]] (high None: unbounded)."""
    valid = _fnp.logical_and(_fnp.greater_equal(k, low), _fnp.equal(_fnp.floor(k), k))
    return valid if high is None else _fnp.logical_and(valid, _fnp.less_equal(k, high))

class _Poisson(_Distribution):
    """The Poisson distribution with mean mu, on the integers k ≥ loc.

    See Also
    --------
    scipy.stats.poisson
    """

    def logpmf(self, k, mu, loc=0):
        """k·ln mu - lnΓ(k+1) - mu for integer k ≥ 0 (after the shift), -∞ elsewhere;
        differentiable in mu (k is data: its derivative is that of the formula)."""
        k = k - loc

        def mass(k):
            return _sp.xlogy(k, mu) - _sp.gammaln(k + 1) - mu
        return _inside(_integers(k, 0), k, 0.0, mass)

    def pmf(self, k, mu, loc=0):
        """The probability mass, exp(logpmf), with logpmf\'s arguments and derivatives."""
        return _fnp.exp(self.logpmf(k, mu, loc))

    def cdf(self, k, mu, loc=0):
        """P(K ≤ k) = Q(⌊k⌋+1, mu) (gammaincc), 0 for k < 0;  ∂/∂mu = -pmf(⌊k⌋, mu)."""
        def upper(k):
            return _sp.gammaincc(_fnp.floor(k) + 1, mu)
        return _piecewise(k - loc, 0, None, upper, 0.0, 0.0)

    def sf(self, k, mu, loc=0):
        """P(K > k) = P(⌊k⌋+1, mu) (gammainc), 1 for k < 0."""
        def lower(k):
            return _sp.gammainc(_fnp.floor(k) + 1, mu)
        return _piecewise(k - loc, 0, None, lower, 0.0, 1.0)


class _Bernoulli(_Distribution):
    """The Bernoulli distribution: P(1) = p.

    See Also
    --------
    scipy.stats.bernoulli
    """

    def logpmf(self, k, p, loc=0):
        """k·ln p + (1-k)·ln(1-p) for k in {0, 1} (xlogy/xlog1py: p = 0 or 1 is exact), -∞ elsewhere."""
        k = k - loc

        def mass(k):
            return _sp.xlogy(k, p) + _sp.xlog1py(1 - k, -p)
        return _inside(_integers(k, 0, 1), k, 0.0, mass)

    def pmf(self, k, p, loc=0):
        """The probability mass, exp(logpmf), with logpmf\'s arguments and derivatives."""
        return _fnp.exp(self.logpmf(k, p, loc))


class _Binom(_Distribution):
    """The binomial distribution: k successes in n trials of probability p.

    See Also
    --------
    scipy.stats.binom
    """

    def logpmf(self, k, n, p, loc=0):
        """ln C(n, k) + k·ln p + (n-k)·ln(1-p) for integer 0 ≤ k ≤ n, -∞ elsewhere; the
        binomial coefficient through gammaln, so n may be a (differentiable) real."""
        k = k - loc

        def mass(k):
            choose = _gammaln(n + 1) - _sp.gammaln(k + 1) - _sp.gammaln(n - k + 1)
            return choose + _sp.xlogy(k, p) + _sp.xlog1py(n - k, -p)
        return _inside(_integers(k, 0, n), k, 0.0, mass)

    def pmf(self, k, n, p, loc=0):
        """The probability mass, exp(logpmf), with logpmf\'s arguments and derivatives."""
        return _fnp.exp(self.logpmf(k, n, p, loc))


class _Geom(_Distribution):
    """The geometric distribution: the trial of the first success, k ≥ 1.

    See Also
    --------
    scipy.stats.geom
    """

    def logpmf(self, k, p, loc=0):
        """(k-1)·ln(1-p) + ln p for integer k ≥ 1, -∞ elsewhere."""
        k = k - loc

        def mass(k):
            return _sp.xlog1py(k - 1, -p) + _fnp.log(p)
        return _inside(_integers(k, 1), k, 1.0, mass)

    def pmf(self, k, p, loc=0):
        """The probability mass, exp(logpmf), with logpmf\'s arguments and derivatives."""
        return _fnp.exp(self.logpmf(k, p, loc))


class _Nbinom(_Distribution):
    """The negative binomial distribution: k failures before the n-th success.

    See Also
    --------
    scipy.stats.nbinom
    """

    def logpmf(self, k, n, p, loc=0):
        """lnΓ(n+k) - lnΓ(k+1) - lnΓ(n) + n·ln p + k·ln(1-p) for integer k ≥ 0, -∞ elsewhere
        (n may be a real > 0)."""
        k = k - loc

        def mass(k):
            coeff = _sp.gammaln(n + k) - _sp.gammaln(k + 1) - _gammaln(n)
            return coeff + _sp.xlogy(n, p) + _sp.xlog1py(k, -p)
        return _inside(_integers(k, 0), k, 0.0, mass)

    def pmf(self, k, n, p, loc=0):
        """The probability mass, exp(logpmf), with logpmf\'s arguments and derivatives."""
        return _fnp.exp(self.logpmf(k, n, p, loc))


# ---- multivariate -----------------------------------------------------------------------

def _mvn_dim(mean, cov):
    """The dimension, read as scipy reads it: from mean, else from cov, else 1."""
    if mean is not None and _fnp.ndim(mean) > 0:
        return _fnp.shape(mean)[0]
    if _fnp.ndim(cov) > 0:
        return _fnp.shape(cov)[0]
    return 1


def _mvn_samples(x, dim):
    """x as samples along the last axis, as scipy reads it (a 1-D x is one sample, or many
    scalar samples when dim = 1)."""
    x = _fnp.asarray(x)
    if _fnp.ndim(x) == 0:
        return _fnp.reshape(x, (1,))
    if _fnp.ndim(x) == 1 and dim == 1:
        return _fnp.reshape(x, (-1, 1))
    return x


def _mahalanobis_logdet(dev, cov, dim):
    """(devᵀ cov⁻¹ dev per sample, ln det cov): a scalar or 1-D cov is (a multiple of) the
    identity or a diagonal; a matrix is factored once by Cholesky, L·Lᵀ = cov, and
    devᵀcov⁻¹dev = |L⁻¹dev|², ln det = 2 Σ ln Lᵢᵢ."""
    if _fnp.ndim(cov) < 2:
        var = _fnp.broadcast_to(cov, (dim,)) if _fnp.ndim(cov) == 1 else cov
        logdet = _fnp.sum(_fnp.log(var)) if _fnp.ndim(cov) == 1 else dim * _log(cov)
        return _fnp.sum(dev * dev / var, axis=-1), logdet
    chol = _fnp.linalg.cholesky(cov)
    lead = _fnp.shape(dev)[:-1]
    rows = _fnp.reshape(dev, (-1, dim))
    z = _fnp.linalg.solve(chol, _fnp.transpose(rows))
    maha = _fnp.reshape(_fnp.sum(z * z, axis=0), lead)
    diag = _fnp.sum(chol * on_device_of(_np.eye(dim, dtype=chol.dtype), chol), axis=-1)
    return maha, 2 * _fnp.sum(_fnp.log(diag))


def _squeezed(out):
    """scipy's _squeeze_output: drop unit axes; a single value is a scalar."""
    out = _fnp.squeeze(out)
    return out[()] if isinstance(out, _np.ndarray) and out.ndim == 0 else out


class _MultivariateNormal(_Distribution):
    """The multivariate normal N(mean, cov); samples along the last axis of x.

    See Also
    --------
    scipy.stats.multivariate_normal
    """

    def logpdf(self, x, mean=None, cov=1, allow_singular=False):
        """-(k·ln 2π + ln det cov + (x-mean)ᵀcov⁻¹(x-mean))/2 (cov: a matrix, a diagonal
        as 1-D, or a scalar multiple of the identity). cov must be positive definite
        (allow_singular is not supported)."""
        if allow_singular:
            raise NotImplementedError("multivariate_normal.logpdf: allow_singular=True is not supported")
        dim = _mvn_dim(mean, cov)
        x = _mvn_samples(x, dim)
        dev = x if mean is None else x - mean
        maha, logdet = _mahalanobis_logdet(dev, cov, dim)
        return _squeezed(-0.5 * (dim * LOG_2PI + logdet + maha))

    def pdf(self, x, mean=None, cov=1, allow_singular=False):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, mean, cov, allow_singular))


class _Dirichlet(_Distribution):
    """The Dirichlet distribution with concentrations alpha (K,); as in scipy, the components
    of x run along its first axis: x is (K,) or (K, N...).

    See Also
    --------
    scipy.stats.dirichlet
    """

    def logpdf(self, x, alpha):
        """Σᵢ (αᵢ-1)·ln xᵢ - (Σᵢ lnΓ(αᵢ) - lnΓ(Σᵢ αᵢ));  the simplex constraint on x is not
        checked."""
        x = _fnp.asarray(x)
        a = _fnp.reshape(_fnp.asarray(alpha), (-1,) + (1,) * (_fnp.ndim(x) - 1))
        log_norm = _fnp.sum(_sp.gammaln(alpha)) - _sp.gammaln(_fnp.sum(alpha))
        return _fnp.sum(_sp.xlogy(a - 1, x), axis=0) - log_norm

    def pdf(self, x, alpha):
        """The density, exp(logpdf), with logpdf\'s arguments and derivatives."""
        return _fnp.exp(self.logpdf(x, alpha))


norm, t, gamma, beta, poisson = _Norm(), _T(), _Gamma(), _Beta(), _Poisson()
_gamma = gamma
multivariate_normal, dirichlet = _MultivariateNormal(), _Dirichlet()
expon, laplace, logistic, cauchy, uniform = _Expon(), _Laplace(), _Logistic(), _Cauchy(), _Uniform()
chi2, lognorm = _Chi2(), _Lognorm()
bernoulli, binom, geom, nbinom = _Bernoulli(), _Binom(), _Geom(), _Nbinom()
