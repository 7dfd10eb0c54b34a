"""Special functions (scipy.special) and their derivatives.

scipy is an optional dependency: `_special(xp, name)` finds the function through the
backend (funcgrad.backend.routine) on first use, so funcgrad imports without scipy. For
cupy arrays it is cupyx.scipy.special's, scipy.special's GPU counterpart with the same
names; a function the installed cupyx lacks raises NotImplementedError naming it.
Output dtypes follow numpy's promotion of the arguments (orders excepted): float32 data
stays float32 next to Python numbers, where scipy itself would answer float64.
Each d_ rule is ∂ans/∂arg written with funcgrad ops, so every order follows. Arguments
with no derivative rule (polygamma's integer n, iv's order v, the shape parameters of the
incomplete gamma and beta functions) are constants: asking for a derivative with respect
to them raises. Numerical choices are stated in each docstring.
"""
import math

from funcgrad.backend import routine
from funcgrad.primitive import primitive
from .arithmetic import equal, logical_and, sign, where
from .elementwise import exp, log, log1p

__all__ = ["gammaln", "digamma", "polygamma", "gamma", "beta", "betaln", "erf", "erfc",
           "erfinv", "erfcinv", "ndtr", "log_ndtr", "ndtri", "logit", "xlogy", "xlog1py",
           "entr", "i0", "i1", "i0e", "i1e", "iv", "ive", "gammainc", "gammaincc", "betainc"]

SQRT_PI = math.sqrt(math.pi)
SQRT_2PI = math.sqrt(2 * math.pi)


def _special(xp, name):
    """scipy.special.<name> for numpy arrays, its counterpart for another backend
    (cupyx.scipy.special for cupy); a NotImplementedError naming the function if the
    backend's library lacks it."""
    return routine(xp, "scipy.special." + name, "funcgrad.scipy.special." + name)


def _as_float_of(out, xp, *args):
    """out in the floating dtype numpy's promotion gives args (a Python number does not widen
    float32): scipy answers float64 for some float32 inputs and for Python-number arguments."""
    dtype = xp.result_type(*args, 0.5)
    return out if out.dtype == dtype else out.astype(dtype)   # a scalar stays a scalar


def _no_derivative(name, arg, what="the order"):
    raise TypeError(f"{name}: no derivative with respect to {what} {arg} "
                    f"(a constant to every transform); pass it as a plain number")


# ---- the gamma family ------------------------------------------------------------

@primitive
class Gammaln:
    """ans = ln|Γ(x)|;  ∂/∂x = ψ(x) (digamma), on both sides of the poles.

    See Also
    --------
    scipy.special.gammaln
    """
    def impl(xp, x): return _special(xp, "gammaln")(x)
    def d_x(ans, x): return digamma(x)


@primitive
class Digamma:
    """ans = ψ(x) = Γ'(x)/Γ(x) (scipy's digamma and psi);  ∂/∂x = ψ⁽¹⁾(x) = polygamma(1, x).

    See Also
    --------
    scipy.special.digamma
    """
    def impl(xp, x): return _special(xp, "digamma")(x)
    def d_x(ans, x): return polygamma(1, x)


@primitive
class Polygamma:
    """ans = ψ⁽ⁿ⁾(x), the n-th derivative of digamma (n ≥ 0 integers, broadcasting with x);
    ∂/∂x = ψ⁽ⁿ⁺¹⁾(x);  n is a constant. The value is cast to x's float dtype.

    See Also
    --------
    scipy.special.polygamma
    """
    def impl(xp, n, x): return _as_float_of(_special(xp, "polygamma")(n, x), xp, x)
    def d_n(ans, n, x): _no_derivative("polygamma", "n")
    def d_x(ans, n, x): return polygamma(n + 1, x)


@primitive
class Gamma:
    """ans = Γ(x);  ∂/∂x = Γ(x)·ψ(x) = ans·digamma(x).

    See Also
    --------
    scipy.special.gamma
    """
    def impl(xp, x): return _special(xp, "gamma")(x)
    def d_x(ans, x): return ans * digamma(x)


@primitive
class Beta:
    """ans = B(a, b) = Γ(a)Γ(b)/Γ(a+b);
    ∂/∂a = ans·(ψ(a) - ψ(a+b)),  ∂/∂b = ans·(ψ(b) - ψ(a+b)).

    See Also
    --------
    scipy.special.beta
    """
    def impl(xp, a, b): return _as_float_of(_special(xp, "beta")(a, b), xp, a, b)
    def d_a(ans, a, b): return ans * (digamma(a) - digamma(a + b))
    def d_b(ans, a, b): return ans * (digamma(b) - digamma(a + b))


@primitive
class Betaln:
    """ans = ln|B(a, b)| (scipy's, accurate for large a, b where the gammaln sum cancels);
    ∂/∂a = ψ(a) - ψ(a+b),  ∂/∂b = ψ(b) - ψ(a+b).

    See Also
    --------
    scipy.special.betaln
    """
    def impl(xp, a, b): return _as_float_of(_special(xp, "betaln")(a, b), xp, a, b)
    def d_a(ans, a, b): return digamma(a) - digamma(a + b)
    def d_b(ans, a, b): return digamma(b) - digamma(a + b)


@primitive
class Gammainc:
    """ans = P(a, x) = γ(a, x)/Γ(a), the regularized lower incomplete gamma function;
    ∂/∂x = x^(a-1)·e^(-x)/Γ(a), computed in logs;  ∂/∂a (no closed form) raises.

    See Also
    --------
    scipy.special.gammainc
    """
    def impl(xp, a, x): return _as_float_of(_special(xp, "gammainc")(a, x), xp, a, x)
    def d_a(ans, a, x): _no_derivative("gammainc", "a", "the shape")
    def d_x(ans, a, x): return exp(xlogy(a - 1, x) - x - gammaln(a))


@primitive
class Gammaincc:
    """ans = Q(a, x) = 1 - P(a, x) (accurate where P ≈ 1);
    ∂/∂x = -x^(a-1)·e^(-x)/Γ(a);  ∂/∂a (no closed form) raises.

    See Also
    --------
    scipy.special.gammaincc
    """
    def impl(xp, a, x): return _as_float_of(_special(xp, "gammaincc")(a, x), xp, a, x)
    def d_a(ans, a, x): _no_derivative("gammaincc", "a", "the shape")
    def d_x(ans, a, x): return -exp(xlogy(a - 1, x) - x - gammaln(a))


@primitive
class Betainc:
    """ans = I_x(a, b), the regularized incomplete beta function, 0 ≤ x ≤ 1;
    ∂/∂x = x^(a-1)·(1-x)^(b-1)/B(a, b), computed in logs;  ∂/∂a, ∂/∂b (no closed form) raise.

    See Also
    --------
    scipy.special.betainc
    """
    def impl(xp, a, b, x): return _as_float_of(_special(xp, "betainc")(a, b, x), xp, a, b, x)
    def d_a(ans, a, b, x): _no_derivative("betainc", "a", "the shape")
    def d_b(ans, a, b, x): _no_derivative("betainc", "b", "the shape")
    def d_x(ans, a, b, x): return exp(xlogy(a - 1, x) + xlog1py(b - 1, -x) - betaln(a, b))


# ---- error functions and the normal distribution function --------------------------

@primitive
class Erf:
    """ans = erf x = (2/√π)∫₀ˣ e^(-t²) dt;  ∂/∂x = (2/√π)·e^(-x²).

    See Also
    --------
    scipy.special.erf
    """
    def impl(xp, x): return _special(xp, "erf")(x)
    def d_x(ans, x): return (2 / SQRT_PI) * exp(-x * x)


@primitive
class Erfc:
    """ans = erfc x = 1 - erf x (accurate where erf x ≈ 1);  ∂/∂x = -(2/√π)·e^(-x²).

    See Also
    --------
    scipy.special.erfc
    """
    def impl(xp, x): return _special(xp, "erfc")(x)
    def d_x(ans, x): return (-2 / SQRT_PI) * exp(-x * x)


@primitive
class Erfinv:
    """ans = erf⁻¹(x), |x| ≤ 1;  ∂/∂x = (√π/2)·e^(ans²) (+∞ at x = ±1).

    See Also
    --------
    scipy.special.erfinv
    """
    def impl(xp, x): return _special(xp, "erfinv")(x)
    def d_x(ans, x): return (SQRT_PI / 2) * exp(ans * ans)


@primitive
class Erfcinv:
    """ans = erfc⁻¹(x), 0 ≤ x ≤ 2;  ∂/∂x = -(√π/2)·e^(ans²).

    See Also
    --------
    scipy.special.erfcinv
    """
    def impl(xp, x): return _special(xp, "erfcinv")(x)
    def d_x(ans, x): return (-SQRT_PI / 2) * exp(ans * ans)


@primitive
class Ndtr:
    """ans = Φ(x), the standard normal CDF;  ∂/∂x = φ(x) = e^(-x²/2)/√(2π).

    See Also
    --------
    scipy.special.ndtr
    """
    def impl(xp, x): return _special(xp, "ndtr")(x)
    def d_x(ans, x): return exp(-0.5 * x * x) / SQRT_2PI


@primitive
class LogNdtr:
    """ans = ln Φ(x), accurate far into the lower tail;
    ∂/∂x = φ(x)/Φ(x) = e^(-x²/2 - ans)/√(2π): the exponent stays moderate for very negative
    x (≈ ln|x|), where φ and Φ themselves underflow.

    See Also
    --------
    scipy.special.log_ndtr
    """
    def impl(xp, x): return _special(xp, "log_ndtr")(x)
    def d_x(ans, x): return exp(-0.5 * x * x - ans) / SQRT_2PI


@primitive
class Ndtri:
    """ans = Φ⁻¹(p), the standard normal quantile;  ∂/∂p = 1/φ(ans) = √(2π)·e^(ans²/2).

    See Also
    --------
    scipy.special.ndtri
    """
    def impl(xp, p): return _special(xp, "ndtri")(p)
    def d_p(ans, p): return SQRT_2PI * exp(0.5 * ans * ans)


@primitive
class Logit:
    """ans = ln(p/(1-p)) (±∞ at 1 and 0);  ∂/∂p = 1/(p(1-p)).

    See Also
    --------
    scipy.special.logit
    """
    def impl(xp, p): return _special(xp, "logit")(p)
    def d_p(ans, p): return 1 / (p * (1 - p))


# ---- x·log y and entropy --------------------------------------------------------------

def _guarded(x, y, at):
    """y, with 1 substituted where x = 0 and y = at (so x/y there is 0/1 = 0)."""
    return where(logical_and(equal(x, 0), equal(y, at)), 1, y)


@primitive
class Xlogy:
    """ans = x·ln y, and 0 wherever x = 0 (even for y = 0).
    ∂/∂x = ln y (-∞ at y = 0),  ∂/∂y = x/y, taken as 0 at x = y = 0 (the value is 0 on the
    whole line x = 0, so there is no change along y); off that point x/y is exact, so the
    mixed derivative ∂²/∂x∂y = 1/y holds at x = 0 too.

    See Also
    --------
    scipy.special.xlogy
    """
    def impl(xp, x, y): return _as_float_of(_special(xp, "xlogy")(x, y), xp, x, y)
    def d_x(ans, x, y): return log(y)
    def d_y(ans, x, y): return x / _guarded(x, y, 0)


@primitive
class Xlog1py:
    """ans = x·ln(1 + y), and 0 wherever x = 0 (even for y = -1).
    ∂/∂x = ln(1 + y),  ∂/∂y = x/(1 + y), taken as 0 at x = 0, y = -1 (as xlogy).

    See Also
    --------
    scipy.special.xlog1py
    """
    def impl(xp, x, y): return _as_float_of(_special(xp, "xlog1py")(x, y), xp, x, y)
    def d_x(ans, x, y): return log1p(y)
    def d_y(ans, x, y): return x / (1 + _guarded(x, y, -1))


@primitive
class Entr:
    """ans = -x·ln x for x > 0, 0 at x = 0, -∞ for x < 0;
    ∂/∂x = -(ln x + 1), which is +∞ at x = 0 (the one-sided derivative) and nan for x < 0.

    See Also
    --------
    scipy.special.entr
    """
    def impl(xp, x): return _special(xp, "entr")(x)
    def d_x(ans, x): return -(log(x) + 1)


# ---- modified Bessel functions of the first kind ---------------------------------------
# Derivatives use I_v' = (I_{v-1} + I_{v+1})/2, which needs no division by x (so is exact
# at 0); the exponentially scaled forms add -sign(x)·ans from the factor e^-|x|, whose
# kink at 0 takes the zero subgradient.

@primitive
class I0:
    """ans = I₀(x) (numpy's i0 and scipy's);  ∂/∂x = I₁(x).

    See Also
    --------
    numpy.i0
    """
    def impl(xp, x): return xp.i0(x)
    def d_x(ans, x): return i1(x)


@primitive
class I1:
    """ans = I₁(x);  ∂/∂x = (I₀(x) + I₂(x))/2.

    See Also
    --------
    scipy.special.i1
    """
    def impl(xp, x): return _special(xp, "i1")(x)
    def d_x(ans, x): return 0.5 * (i0(x) + iv(2, x))


@primitive
class I0e:
    """ans = e^-|x|·I₀(x);  ∂/∂x = i1e(x) - sign(x)·ans.

    See Also
    --------
    scipy.special.i0e
    """
    def impl(xp, x): return _special(xp, "i0e")(x)
    def d_x(ans, x): return i1e(x) - sign(x) * ans


@primitive
class I1e:
    """ans = e^-|x|·I₁(x);  ∂/∂x = (i0e(x) + ive(2, x))/2 - sign(x)·ans.

    See Also
    --------
    scipy.special.i1e
    """
    def impl(xp, x): return _special(xp, "i1e")(x)
    def d_x(ans, x): return 0.5 * (i0e(x) + ive(2, x)) - sign(x) * ans


@primitive
class Iv:
    """ans = I_v(x), real order v (a constant);  ∂/∂x = (I_{v-1}(x) + I_{v+1}(x))/2.

    See Also
    --------
    scipy.special.iv
    """
    def impl(xp, v, x): return _as_float_of(_special(xp, "iv")(v, x), xp, x)
    def d_v(ans, v, x): _no_derivative("iv", "v")
    def d_x(ans, v, x): return 0.5 * (iv(v - 1, x) + iv(v + 1, x))


@primitive
class Ive:
    """ans = e^-|x|·I_v(x), real order v (a constant);
    ∂/∂x = (ive(v-1, x) + ive(v+1, x))/2 - sign(x)·ans.

    See Also
    --------
    scipy.special.ive
    """
    def impl(xp, v, x): return _as_float_of(_special(xp, "ive")(v, x), xp, x)
    def d_v(ans, v, x): _no_derivative("ive", "v")
    def d_x(ans, v, x): return 0.5 * (ive(v - 1, x) + ive(v + 1, x)) - sign(x) * ans


gammaln, digamma, polygamma, gamma, beta, betaln = Gammaln, Digamma, Polygamma, Gamma, Beta, Betaln
erf, erfc, erfinv, erfcinv, ndtr, log_ndtr, ndtri = Erf, Erfc, Erfinv, Erfcinv, Ndtr, LogNdtr, Ndtri
logit, xlogy, xlog1py, entr = Logit, Xlogy, Xlog1py, Entr
i0, i1, i0e, i1e, iv, ive = I0, I1, I0e, I1e, Iv, Ive
gammainc, gammaincc, betainc = Gammainc, Gammaincc, Betainc
