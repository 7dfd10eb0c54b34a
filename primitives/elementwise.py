"""Elementwise transcendental functions and their derivatives.

Each d_x rule is the derivative ∂ans/∂x written with funcgrad ops, so it can be
differentiated again. Piecewise-constant functions (floor, ceil, rint, round, trunc) are
constants to every transform.
"""
from funcgrad.primitive import primitive

__all__ = ["exp", "log", "log1p", "expm1", "sqrt", "sin", "cos", "tan", "arcsin",
           "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "sigmoid", "softplus",
           "floor", "ceil", "rint", "round", "trunc"]


@primitive
class Exp:
    """ans = eˣ;  ∂/∂x = ans."""
    def impl(xp, x): return xp.exp(x)
    def d_x(ans, x): return ans


@primitive
class Log:
    """ans = ln x;  ∂/∂x = 1/x."""
    def impl(xp, x): return xp.log(x)
    def d_x(ans, x): return 1 / x


@primitive
class Log1p:
    """ans = ln(1 + x);  ∂/∂x = 1/(1 + x)."""
    def impl(xp, x): return xp.log1p(x)
    def d_x(ans, x): return 1 / (1 + x)


@primitive
class Expm1:
    """ans = eˣ - 1;  ∂/∂x = ans + 1."""
    def impl(xp, x): return xp.expm1(x)
    def d_x(ans, x): return ans + 1


@primitive
class Sqrt:
    """ans = √x;  ∂/∂x = 1/(2·ans)."""
    def impl(xp, x): return xp.sqrt(x)
    def d_x(ans, x): return 0.5 / ans


@primitive
class Sin:
    """ans = sin x;  ∂/∂x = cos x."""
    def impl(xp, x): return xp.sin(x)
    def d_x(ans, x): return cos(x)


@primitive
class Cos:
    """ans = cos x;  ∂/∂x = -sin x."""
    def impl(xp, x): return xp.cos(x)
    def d_x(ans, x): return -sin(x)


@primitive
class Tan:
    """ans = tan x;  ∂/∂x = 1 + ans²."""
    def impl(xp, x): return xp.tan(x)
    def d_x(ans, x): return 1 + ans * ans


@primitive
class Arcsin:
    """ans = arcsin x;  ∂/∂x = 1/√(1 - x²)."""
    def impl(xp, x): return xp.arcsin(x)
    def d_x(ans, x): return 1 / sqrt(1 - x * x)


@primitive
class Arccos:
    """ans = arccos x;  ∂/∂x = -1/√(1 - x²)."""
    def impl(xp, x): return xp.arccos(x)
    def d_x(ans, x): return -1 / sqrt(1 - x * x)


@primitive
class Arctan:
    """ans = arctan x;  ∂/∂x = 1/(1 + x²)."""
    def impl(xp, x): return xp.arctan(x)
    def d_x(ans, x): return 1 / (1 + x * x)


@primitive
class Arctan2:
    """ans = atan2(y, x);  ∂/∂y = x/(x² + y²),  ∂/∂x = -y/(x² + y²)."""
    def impl(xp, y, x): return xp.arctan2(y, x)
    def d_y(ans, y, x): return x / (x * x + y * y)
    def d_x(ans, y, x): return -y / (x * x + y * y)


@primitive
class Sinh:
    """ans = sinh x;  ∂/∂x = cosh x."""
    def impl(xp, x): return xp.sinh(x)
    def d_x(ans, x): return cosh(x)


@primitive
class Cosh:
    """ans = cosh x;  ∂/∂x = sinh x."""
    def impl(xp, x): return xp.cosh(x)
    def d_x(ans, x): return sinh(x)


@primitive
class Tanh:
    """ans = tanh x;  ∂/∂x = 1 - ans²."""
    def impl(xp, x): return xp.tanh(x)
    def d_x(ans, x): return 1 - ans * ans


@primitive
class Sigmoid:
    """ans = 1/(1 + e⁻ˣ) (scipy's expit), computed without overflow;
    ∂/∂x = ans·(1 - ans) = sigmoid(x)·sigmoid(-x), the second form exact in the tails."""
    def impl(xp, x):
        e = xp.exp(-xp.abs(x))
        out = xp.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(xp.result_type(x, 0.5), copy=False)
        return out[()] if out.ndim == 0 else out    # a scalar for a scalar, as ufuncs do
    def d_x(ans, x): return ans * sigmoid(-x)


@primitive
class Softplus:
    """ans = ln(1 + eˣ) = max(x, 0) + ln(1 + e^-|x|), stable for large |x|;  ∂/∂x = sigmoid(x)."""
    def impl(xp, x): return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))
    def d_x(ans, x): return sigmoid(x)


@primitive
class Floor:
    """ans = ⌊x⌋;  piecewise constant: ∂/∂x = 0 (nondiff)."""
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.floor(x)


@primitive
class Ceil:
    """ans = ⌈x⌉;  piecewise constant: ∂/∂x = 0 (nondiff)."""
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.ceil(x)


@primitive
class Rint:
    """ans = x rounded to the nearest integer (half to even);  ∂/∂x = 0 (nondiff)."""
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.rint(x)


@primitive
class Round:
    """ans = x rounded to `decimals` decimal places (half to even);  ∂/∂x = 0 (nondiff)."""
    elementwise = True
    nondiff = True
    def impl(xp, x, *, decimals=0): return xp.round(x, decimals)


@primitive
class Trunc:
    """ans = x rounded toward zero;  ∂/∂x = 0 (nondiff)."""
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.trunc(x)


exp, log, log1p, expm1, sqrt = Exp, Log, Log1p, Expm1, Sqrt
sin, cos, tan, arcsin, arccos, arctan, arctan2 = Sin, Cos, Tan, Arcsin, Arccos, Arctan, Arctan2
sinh, cosh, tanh, sigmoid, softplus = Sinh, Cosh, Tanh, Sigmoid, Softplus
floor, ceil, rint, round, trunc = Floor, Ceil, Rint, Round, Trunc
